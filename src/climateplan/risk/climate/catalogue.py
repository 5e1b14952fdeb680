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
from dataclasses import dataclass, replace
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


# Index families that may be computed over season years (a year starting on the first
# of another month, like xclim's "YS-AUG"): the spell and drought-month counts, whose
# value depends on where the year is cut. Named ``<index>_from_<mon>`` (cdd_from_aug).
SEASON_FAMILIES = ("cdd", "cwd", "spi3_months_below", "spi6_months_below")
SEASON_DEFAULTS = ("cdd", "spi3_months_below", "spi6_months_below")  # in the default list
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS_TH = (
    *("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย."),
    *("ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."),
)


@dataclass(frozen=True)
class IndexSpec:
    """One index to compute: its output name, family key, unit, variables, threshold and
    the month its years start (1: calendar years)."""

    name: str
    key: str
    unit: str
    variables: tuple[str, ...]
    threshold: float | None = None
    year_start: int = 1

    @property
    def label_en(self) -> str:
        return self._label("label_en")

    @property
    def label_th(self) -> str:
        return self._label("label_th")

    def _label(self, column: str) -> str:
        template = index_catalogue().loc[self.key, column]
        if self.threshold is not None:
            template = template.replace("{threshold}", f"{self.threshold:g}")
        if self.year_start != 1:
            month = self.year_start - 1
            template += (
                f", ปีเริ่ม 1 {MONTHS_TH[month]}"
                if column.endswith("_th")
                else f", years from 1 {MONTHS[month].capitalize()}"
            )
        return template


def season_spec(spec: IndexSpec, month: int) -> IndexSpec:
    """The same index over season years starting on the first of ``month`` (1-12)."""
    if month == 1:
        return spec
    return replace(spec, name=f"{spec.name}_from_{MONTHS[month - 1]}", year_start=month)


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
    season_month = int(parameter("season_year_start_month"))
    specs += [season_spec(s, season_month) for s in specs if s.key in SEASON_DEFAULTS]
    return specs


_SEASON = re.compile(r"^(?P<base>.+)_from_(?P<mon>" + "|".join(MONTHS) + r")$")
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
        season = _SEASON.match(name)
        month = 1
        if season and name not in by_name:
            name, month = season["base"], MONTHS.index(season["mon"]) + 1
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
        if month != 1:
            if spec.key not in SEASON_FAMILIES:
                problems.add(
                    f"{raw!r}: only {', '.join(SEASON_FAMILIES)} can be computed over season "
                    "years (_from_<month>)",
                    f"{raw!r}: คำนวณตามปีฤดูกาล (_from_<เดือน>) ได้เฉพาะ {', '.join(SEASON_FAMILIES)}",
                    column="indices",
                    value=raw,
                )
                continue
            spec = season_spec(replace(spec, year_start=1), month)
        if spec.name not in {s.name for s in specs}:
            specs.append(spec)
    problems.raise_if_any()
    return specs
