"""The climate indices this package computes and the published parameters behind them.

Both tables ship as CSV under ``data/`` with a ``source`` column (document, table, page):
``indices.csv`` (one row per index family: unit, variables, Thai and English labels,
definition, the matching xclim function) and ``parameters.csv`` (thresholds, percentile
definition, SPI settings, heat-index coefficients, ensemble spread settings). Code reads
every such number from here, so a reviewer checks one table instead of the code.

Index names are lower snake case. Threshold indices carry their threshold in the name
(``tx_days_above_35``, ``tn_days_above_25``, ``heat_index_days_above_41``); a decimal
threshold is written with ``p`` (``tx_days_above_36p5`` is TX > 36.5 degC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from climateplan.errors import ProblemCollector

_THRESHOLD_PARAMETER = {
    "tx_days_above": "hot_day_threshold",
    "tn_days_above": "tropical_night_threshold",
    "heat_index_days_above": "heat_index_threshold",
}


def _data_file(name: str):
    return resources.files("climateplan.risk.climate").joinpath("data", name)


@lru_cache(maxsize=1)
def index_catalogue() -> pd.DataFrame:
    """One row per index family (``key``): unit, variables, labels, definition, xclim, source."""
    with _data_file("indices.csv").open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str)
    return table.set_index("key", drop=False)


@lru_cache(maxsize=1)
def parameters_table() -> pd.DataFrame:
    """Every published number the indices use: name, value, unit, source, note."""
    with _data_file("parameters.csv").open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype={"name": str, "unit": str, "source": str})
    return table.set_index("name", drop=False)


def parameter(name: str) -> float:
    """The value of one parameter from ``parameters.csv``."""
    return float(parameters_table().loc[name, "value"])


def format_threshold(value: float) -> str:
    """``35.0`` -> ``"35"``, ``36.5`` -> ``"36p5"``, ``-1`` -> ``"m1"`` (for index names)."""
    text = f"{value:g}".replace(".", "p")
    return text.replace("-", "m")


def _parse_threshold(text: str) -> float:
    return float(text.replace("m", "-").replace("p", "."))


@dataclass(frozen=True)
class IndexSpec:
    """One index to compute: its output name, family key, unit, variables and threshold."""

    name: str
    key: str
    unit: str
    variables: tuple[str, ...]
    threshold: float | None = None

    @property
    def label_en(self) -> str:
        return self._label("label_en")

    @property
    def label_th(self) -> str:
        return self._label("label_th")

    def _label(self, column: str) -> str:
        template = index_catalogue().loc[self.key, column]
        if self.threshold is None:
            return template
        return template.replace("{threshold}", f"{self.threshold:g}")


def _spec(key: str, threshold: float | None = None) -> IndexSpec:
    row = index_catalogue().loc[key]
    name = row["name_template"]
    if "{threshold}" in name:
        if threshold is None:
            threshold = parameter(_THRESHOLD_PARAMETER[key])
        name = name.replace("{threshold}", format_threshold(threshold))
    return IndexSpec(
        name=name,
        key=key,
        unit=row["unit"],
        variables=tuple(row["variables"].split()),
        threshold=threshold,
    )


def default_indices(
    hot_day_threshold: float | None = None,
    tropical_night_threshold: float | None = None,
    heat_index_threshold: float | None = None,
    include_heat_index: bool = True,
) -> list[IndexSpec]:
    """Every index of the catalogue, with the default (or given) thresholds."""
    thresholds = {
        "tx_days_above": hot_day_threshold,
        "tn_days_above": tropical_night_threshold,
        "heat_index_days_above": heat_index_threshold,
    }
    specs = []
    for key in index_catalogue().index:
        if key == "heat_index_days_above" and not include_heat_index:
            continue
        specs.append(_spec(key, thresholds.get(key)))
    return specs


_NAMED = re.compile(
    r"^(?P<key>tx_days_above|tn_days_above|heat_index_days_above)_(?P<t>m?\d+([p.]\d+)?)$"
)


def resolve_indices(names: list[str] | str | None, **thresholds: float | None) -> list[IndexSpec]:
    """Index specs for names such as ``["txx", "tx_days_above_36", "cdd"]``.

    ``None`` means every index (heat-stress days included; the caller drops it when the
    data have no humidity). Threshold names may carry their own threshold
    (``tx_days_above_36``); a bare family name (``tx_days_above``) takes the default or
    the keyword given (``hot_day_threshold=...``). Unknown names raise
    :class:`~climateplan.errors.InputError` listing all of them, in Thai and English.
    """
    if names is None:
        return default_indices(**thresholds)
    if isinstance(names, str):
        names = [part.strip() for part in names.split(",") if part.strip()]
    catalogue = index_catalogue()
    by_name = {spec.name: spec for spec in default_indices(**thresholds)}
    problems = ProblemCollector()
    specs: list[IndexSpec] = []
    for raw in names:
        name = raw.strip().lower()
        match = _NAMED.match(name)
        if name in by_name:
            spec = by_name[name]
        elif name in catalogue.index:
            spec = _spec(name, thresholds.get(_THRESHOLD_PARAMETER.get(name, "")))
        elif match:
            spec = _spec(match["key"], _parse_threshold(match["t"]))
        else:
            known = ", ".join(by_name)
            problems.add(
                f"unknown climate index {raw!r}; known indices: {known}",
                f"ไม่รู้จักดัชนีภูมิอากาศ {raw!r} ดัชนีที่ใช้ได้: {known}",
                column="indices",
                value=raw,
            )
            continue
        if spec.name not in {s.name for s in specs}:
            specs.append(spec)
    problems.raise_if_any()
    return specs
