"""Emission factors and method parameters, with their sources and precedence.

Each family of factors is one CSV file ``data/factors_<family>.csv`` in long
form, one value per row::

    parameter, <key columns...>, value, unit, origin, valid_from, valid_to, source, note

- ``parameter`` names the quantity (``ncv``, ``co2_ef``, ``ch4_ef``, ``doc`` ...).
- key columns (``fuel``, ``sector``, ``waste_type`` ...) say what it applies to;
  an empty key cell is a wildcard that matches any value, used after exact rows.
- ``unit`` is a pint unit string; values are converted to the unit the method asks for.
- ``origin`` ranks the factor: ``TH`` (Thai national: TGO, DEDE, ...) is preferred
  to ``IPCC`` (2006 IPCC Guidelines defaults); any other origin ranks after both.
- ``source`` names document, table and page. Every row must have one.

Precedence (issue #2): a factor given in the input line (a ``param_<name>``
column) > a Thai national factor > the IPCC default. :func:`resolve` applies it
vectorised over all lines of a method and returns, per line, the value, its
origin and a human-readable source string for the result line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference._data import DATA_DIR, data_path
from climateplan.units import conversion_factor

ORIGIN_RANK = {"input": 0, "TH": 1, "IPCC": 2}
OTHER_ORIGIN_RANK = 3
BASE_COLUMNS = ("parameter", "value", "unit", "origin", "valid_from", "valid_to", "source", "note")


def families() -> list[str]:
    """Names of the shipped factor families (``fuels``, ``waste`` ...)."""
    return sorted(p.stem.removeprefix("factors_") for p in DATA_DIR.glob("factors_*.csv"))


# Factors added at run time (a national administrator's new Thai factor, a test's
# extra row): kept beside the shipped tables, never written into the package.
_ADDED: dict[str, pd.DataFrame] = {}


@lru_cache(maxsize=64)
def factor_table(family: str) -> pd.DataFrame:
    """The whole table of one family (shipped rows, then added ones), with
    ``factor_id`` ("family:row" for shipped rows), ``rank`` and ``label``."""
    table = pd.read_csv(data_path(f"factors_{family}.csv"), dtype=str, keep_default_na=False)
    table.insert(0, "factor_id", [f"{family}:{i + 2}" for i in range(len(table))])
    if family in _ADDED:
        table = pd.concat([table, _ADDED[family]], ignore_index=True).fillna("")
    missing = [c for c in ("parameter", "value", "unit", "origin", "source") if c not in table]
    if missing:
        raise ValueError(f"factors_{family}.csv lacks columns {missing}")
    if (table["source"].str.strip() == "").any():
        rows = table.loc[table["source"].str.strip() == "", "factor_id"].tolist()
        raise ValueError(f"factors_{family}: rows {rows} have no source")
    table = table.replace({"": np.nan})
    table["value"] = pd.to_numeric(table["value"])
    for col in ("valid_from", "valid_to"):
        if col not in table:
            table[col] = np.nan
        table[col] = pd.to_datetime(table[col])
    if "note" not in table:
        table["note"] = np.nan
    table["rank"] = table["origin"].map(ORIGIN_RANK).fillna(OTHER_ORIGIN_RANK).astype(int)
    table["label"] = (
        table["source"] + " [" + table["value"].map("{:g}".format) + " " + table["unit"] + "]"
    )
    table.insert(1, "family", family)
    return table


def add_factors(family: str, rows: list[dict] | pd.DataFrame) -> None:
    """Add factor rows to a family at run time (same columns as the CSV; ``source`` required).

    An added Thai factor (origin "TH") is preferred to the IPCC default from then on.
    Rows get ids "family:added-N". Undo with :func:`clear_added_factors`.
    """
    frame = pd.DataFrame(rows).astype(str).replace({"nan": "", "None": ""})
    previous = _ADDED.get(family)
    start = 0 if previous is None else len(previous)
    frame.insert(0, "factor_id", [f"{family}:added-{start + i + 1}" for i in range(len(frame))])
    _ADDED[family] = frame if previous is None else pd.concat([previous, frame], ignore_index=True)
    _clear_caches()


def clear_added_factors() -> None:
    """Forget every factor added with :func:`add_factors`."""
    _ADDED.clear()
    _clear_caches()


def _clear_caches() -> None:
    factor_table.cache_clear()
    _rows.cache_clear()
    _best.cache_clear()


def key_columns(family: str) -> list[str]:
    table = factor_table(family)
    skip = {"factor_id", "family", "rank", "label", *BASE_COLUMNS}
    return [c for c in table.columns if c not in skip]


def all_factors() -> pd.DataFrame:
    """Every shipped factor of every family in one long table (for listings)."""
    frames = []
    for fam in families():
        table = factor_table(fam).copy()
        keys = key_columns(fam)
        table["applies_to"] = (
            table[keys]
            .astype("object")
            .apply(lambda r: ", ".join(f"{k}={v}" for k, v in r.items() if pd.notna(v)), axis=1)
            if keys
            else ""
        )
        frames.append(table[["factor_id", "family", "parameter", "applies_to", *BASE_COLUMNS]])
    return pd.concat(frames, ignore_index=True)


@dataclass
class Resolved:
    """Per-line result of :func:`resolve`, aligned with the lines passed in."""

    value: np.ndarray  # float, in the unit asked for; NaN where nothing was found
    origin: np.ndarray  # "input", "TH", "IPCC", ... or "" where nothing was found
    source: np.ndarray  # human-readable source per line
    factor_id: np.ndarray  # "family:row" of the table row used, "input" or ""

    @property
    def missing(self) -> np.ndarray:
        return np.isnan(self.value)


@dataclass(frozen=True)
class _Row:
    keys: dict  # key column -> value; a blank cell (wildcard) is absent
    value: float
    unit: str
    origin: str
    rank: int
    year_from: float
    year_to: float
    label: str
    factor_id: str


@lru_cache(maxsize=512)
def _rows(family: str, parameter: str) -> tuple[_Row, ...]:
    """The rows of one parameter as plain records, in file order (cached)."""
    table = factor_table(family)
    table = table[table["parameter"] == parameter]
    keys = key_columns(family)
    rows = []
    for rec in table.to_dict("records"):
        rows.append(
            _Row(
                keys={k: str(rec[k]) for k in keys if pd.notna(rec[k])},
                value=float(rec["value"]),
                unit=str(rec["unit"]),
                origin=str(rec["origin"]),
                rank=int(rec["rank"]),
                year_from=rec["valid_from"].year if pd.notna(rec["valid_from"]) else -np.inf,
                year_to=rec["valid_to"].year if pd.notna(rec["valid_to"]) else np.inf,
                label=str(rec["label"]),
                factor_id=str(rec["factor_id"]),
            )
        )
    return tuple(rows)


@lru_cache(maxsize=65536)
def _best(
    family: str, parameter: str, key_items: tuple, year: float | None, unit: str
) -> tuple[float, str, str, str]:
    """Best row for one combination of key values: (value in ``unit``, origin, label, id).

    A row matches when each of its non-blank key cells equals the given value;
    the most specific match wins (more exact keys), then the better origin
    (TH before IPCC), then file order. Key columns not given are not compared;
    with ``year`` None, validity periods are not checked.
    """
    given = dict(key_items)
    best: _Row | None = None
    best_order = None
    for position, row in enumerate(_rows(family, parameter)):
        if year is not None and not row.year_from <= year <= row.year_to:
            continue
        specificity = 0
        for col, value in row.keys.items():
            if col not in given:
                continue
            if given[col] != value:
                break
            specificity += 1
        else:
            order = (-specificity, row.rank, position)
            if best_order is None or order < best_order:
                best, best_order = row, order
    if best is None:
        return (np.nan, "", "", "")
    return (
        best.value * conversion_factor(best.unit, unit),
        best.origin,
        best.label,
        best.factor_id,
    )


def _key_text(values: np.ndarray) -> np.ndarray:
    """Key values as text, a missing value as None (matches only blank table cells)."""
    out = np.asarray(values, dtype=object).copy()
    missing = pd.isna(out)
    out[missing] = None
    out[~missing] = out[~missing].astype(str)
    return out


def lookup(
    family: str,
    parameter: str,
    keys: pd.DataFrame,
    *,
    unit: str,
    year: int | np.ndarray | pd.Series | None = None,
) -> Resolved:
    """Best shipped factor per row of ``keys`` (columns named like the table's key columns).

    Exact key matches win over wildcard rows (empty key cells); among equally
    specific rows the better origin wins (TH before IPCC). With ``year``, rows
    whose validity period does not include that year are skipped. Values are
    converted from the table unit to ``unit`` (dimensionless units such as "1",
    "percent" or "g/kg" included).

    Vectorised by distinct key combination: lines are factorised into the few
    distinct combinations they hold, each combination is resolved once (and
    cached across calls), and the answers are spread back to the lines.
    """
    n = len(keys)
    table_keys = set(key_columns(family))
    cols = [c for c in keys.columns if c in table_keys]
    columns = [_key_text(keys[c].to_numpy(dtype=object)) for c in cols]
    if year is not None:
        columns.append(np.broadcast_to(np.asarray(year, dtype=float), (n,)).astype(object))
    if n == 0:
        empty = np.full(0, "", dtype=object)
        return Resolved(np.full(0, np.nan), empty, empty.copy(), empty.copy())
    if columns:
        code = np.zeros(n, dtype=np.int64)
        for values in columns:
            codes, uniques = pd.factorize(values, use_na_sentinel=False)
            code = code * (len(uniques) + 1) + codes
        inverse, distinct = pd.factorize(code)
        first = np.empty(len(distinct), dtype=np.int64)
        first[inverse[::-1]] = np.arange(n - 1, -1, -1)
    else:
        inverse, first = np.zeros(n, dtype=np.int64), np.zeros(1, dtype=np.int64)
    answers = []
    for i in first:
        items = tuple((c, columns[j][i]) for j, c in enumerate(cols) if columns[j][i] is not None)
        row_year = None if year is None else float(columns[-1][i])
        answers.append(_best(family, parameter, items, row_year, unit))
    value = np.array([a[0] for a in answers], dtype=float)[inverse]
    origin = np.array([a[1] for a in answers], dtype=object)[inverse]
    source = np.array([a[2] for a in answers], dtype=object)[inverse]
    fid = np.array([a[3] for a in answers], dtype=object)[inverse]
    return Resolved(value, origin, source, fid)


def resolve(
    lines: pd.DataFrame,
    *,
    param: str,
    family: str,
    parameter: str,
    keys: dict[str, str],
    unit: str,
    year: int | np.ndarray | pd.Series | None = None,
    label: str | None = None,
) -> Resolved:
    """Factor per line with precedence input > Thai national > IPCC default.

    ``param`` is the line column holding a factor given in the input
    (``param_<name>``, already in ``unit``); ``keys`` maps table key columns to
    line columns (``{"fuel": "activity"}``). ``label`` prefixes each source
    string ("CO2 EF") so a line's factor_source reads as a list.
    """
    key_frame = pd.DataFrame(
        {tcol: lines[lcol].to_numpy() for tcol, lcol in keys.items()},
        index=pd.RangeIndex(len(lines)),  # one row per line even when the factor has no keys
    )
    shipped = lookup(family, parameter, key_frame, unit=unit, year=year)
    value = shipped.value.copy()
    origin = shipped.origin.copy()
    source = shipped.source.copy()
    fid = shipped.factor_id.copy()
    if param in lines.columns:
        given = pd.to_numeric(lines[param], errors="coerce").to_numpy(float)
        use = ~np.isnan(given)
        value[use] = given[use]
        origin[use] = "input"
        fid[use] = "input"
        line_source = (
            lines["source"].fillna("").astype(str).to_numpy(object)
            if "source" in lines
            else np.full(len(lines), "", dtype=object)
        )
        source[use] = np.array(
            [
                f"input {param} = {v:g} {unit}" + (f" ({s})" if s else "")
                for v, s in zip(given[use], line_source[use], strict=True)
            ],
            dtype=object,
        )
    if label:
        has = source != ""
        source[has] = label + ": " + source[has]
    return Resolved(value, origin, source, fid)


def join_sources(*parts: np.ndarray) -> np.ndarray:
    """Join per-line source strings of several factors with '; ', skipping blanks.

    Element-wise on object arrays (no per-row Python loop over a DataFrame).
    """
    if not parts:
        return np.array([], dtype=object)
    out = np.asarray(parts[0], dtype=object).copy()
    for part in parts[1:]:
        part = np.asarray(part, dtype=object)
        both = (out != "") & (part != "")
        out = np.where(both, out + "; " + part, out + part)
    return out
