"""Shared helpers of the agriculture (AFOLU) methods: livestock, rice, soils, residue burning.

Why this module exists:

- :func:`climateplan.reference.factors.resolve` converts every factor with
  :func:`climateplan.units.conversion_factor`, which rejects dimensionless units
  ("1", "g/kg": a bare number to pint). Most AFOLU factors are dimensionless
  (scaling factors, fractions, kg N2O-N per kg N, g gas per kg dry matter).
- ``resolve`` merges every line against the factor table; with tens of thousands of
  lines per call that alone takes a good part of the national-batch time budget.

:func:`line_factor` applies the same precedence (input > TH > IPCC > other origins,
exact keys before wildcard rows; dimensional factors through the shared
:func:`~climateplan.reference.factors.lookup`) once per distinct key combination,
then spreads the result to the lines.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference.factors import Resolved, factor_table, join_sources, lookup
from climateplan.units import conversion_factor, ureg

# IPCC 2006 Vol 4 Eq 10.30 turns a daily N excretion rate into an annual one with 365 days
# (pint's year is 365.25 days, so the equation's own constant is kept here, named).
IPCC_DAYS_PER_YEAR = 365.0

KG_TO_T = conversion_factor("kg", "t")


@lru_cache(maxsize=64)
def dimensionless_factor(unit: str) -> float:
    """Multiplier taking a dimensionless unit ("1", "g/kg", "percent") to a plain fraction."""
    return float(ureg.Quantity(unit).to("dimensionless").magnitude)


def _combos(columns: dict[str, np.ndarray]) -> tuple[pd.DataFrame, np.ndarray]:
    """Distinct rows of the given key columns and, per line, the index of its distinct row.

    Factorising each column (hash-based, in C) and combining the codes is much faster
    than merging tens of thousands of lines against the factor table. Columns stay
    NumPy object arrays: building a pandas frame first would convert every string to
    an Arrow string (pandas 3) and back.
    """
    arrays = {col: np.asarray(values, dtype=object) for col, values in columns.items()}
    n = len(next(iter(arrays.values())))
    code = np.zeros(n, dtype=np.int64)
    for values in arrays.values():
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        code = code * (len(uniques) + 1) + codes
    inverse, distinct = pd.factorize(code)  # hash-based: no sort of the lines
    first = np.empty(len(distinct), dtype=np.int64)
    first[inverse[::-1]] = np.arange(n - 1, -1, -1)  # the last write is each first position
    combos = pd.DataFrame(
        {col: pd.Series(values[first], dtype=object) for col, values in arrays.items()}
    )
    return combos, inverse


def _own_lookup(family: str, parameter: str, combos: pd.DataFrame) -> Resolved:
    """Best shipped row per distinct key row, for factors pint calls dimensionless."""
    m = len(combos)
    value = np.full(m, np.nan)
    origin = np.full(m, "", dtype=object)
    source = np.full(m, "", dtype=object)
    fid = np.full(m, "", dtype=object)
    table = factor_table(family)
    table = table[table["parameter"] == parameter]
    if m == 0 or table.empty:
        return Resolved(value, origin, source, fid)
    candidates = combos.assign(_combo=np.arange(m)).merge(table, how="cross", suffixes=("", "_row"))
    specificity = np.zeros(len(candidates), dtype=int)
    ok = np.ones(len(candidates), dtype=bool)
    for col in combos.columns:
        row_value = candidates.get(f"{col}_row")
        if row_value is None:  # the table has no such key column: matches anything
            continue
        exact = row_value.notna().to_numpy()
        equal = (row_value.astype(object) == candidates[col]).to_numpy()
        ok &= ~exact | equal
        specificity += exact
    best = (
        candidates.assign(_specificity=specificity)[ok]
        .sort_values(["_combo", "_specificity", "rank"], ascending=[True, False, True])
        .drop_duplicates("_combo")
    )
    pos = best["_combo"].to_numpy()
    scale = best["unit"].map(dimensionless_factor).to_numpy(float)
    value[pos] = best["value"].to_numpy(float) * scale
    origin[pos] = best["origin"].to_numpy(object)
    source[pos] = best["label"].to_numpy(object)
    fid[pos] = best["factor_id"].to_numpy(object)
    return Resolved(value, origin, source, fid)


def is_dimensionless(unit: str) -> bool:
    return bool(ureg.Quantity(unit).dimensionless)


def line_factor(
    lines: pd.DataFrame,
    *,
    family: str,
    parameter: str,
    keys: dict[str, str | np.ndarray | pd.Series],
    unit: str = "1",
    param: str | None = None,
    param_unit: str | None = None,
    label: str | None = None,
) -> Resolved:
    """Factor per line with precedence input > TH > IPCC > other origins.

    The same rule as :func:`climateplan.reference.factors.resolve` (exact keys before
    wildcard rows; a factor given in ``param`` wins), computed once per distinct key
    combination and spread to the lines: a method gets tens of thousands of lines
    but only a handful of distinct keys. Dimensional factors are looked up with
    :func:`climateplan.reference.factors.lookup` and converted to ``unit``;
    dimensionless ones ("1", "g/kg", "percent") become plain fractions.

    ``keys`` maps table key columns to a line column name or to an array aligned with
    ``lines``. A value given in ``param`` is in ``param_unit`` (default ``unit``).
    """
    n = len(lines)
    columns = {
        col: (lines[ref].to_numpy(dtype=object) if isinstance(ref, str) else np.asarray(ref))
        for col, ref in keys.items()
    }
    if not columns:
        columns["_all"] = np.full(n, "", dtype=object)  # keyless: one value for every line
    combos, inverse = _combos(columns)
    dimensionless = is_dimensionless(unit)
    if dimensionless:
        shipped = _own_lookup(family, parameter, combos.drop(columns=["_all"], errors="ignore"))
        to_unit = dimensionless_factor(unit)
        shipped.value = shipped.value / to_unit
    else:
        shipped = lookup(family, parameter, combos, unit=unit)
    value = shipped.value[inverse] if n else np.full(0, np.nan)
    origin = shipped.origin[inverse] if n else np.full(0, "", dtype=object)
    source = shipped.source[inverse] if n else np.full(0, "", dtype=object)
    fid = shipped.factor_id[inverse] if n else np.full(0, "", dtype=object)
    if param and param in lines.columns:
        given = pd.to_numeric(lines[param], errors="coerce").to_numpy(float)
        use = ~np.isnan(given)
        if use.any():
            given_unit = param_unit or unit
            scale = (
                dimensionless_factor(given_unit) / dimensionless_factor(unit)
                if dimensionless
                else conversion_factor(given_unit, unit)
            )
            value = value.copy()
            value[use] = given[use] * scale
            origin[use] = "input"
            fid[use] = "input"
            shown_unit = "" if given_unit == "1" else given_unit
            source[use] = input_source(lines.loc[use], param, given[use], shown_unit)
    if label:
        source = np.where(source != "", label + ": " + source, source).astype(object)
    return Resolved(value, origin, source, fid)


def join_unique(*parts: np.ndarray) -> np.ndarray:
    """:func:`climateplan.reference.factors.join_sources`, joined once per distinct row.

    Source strings repeat across lines (one per factor row used), so joining the
    distinct combinations and spreading them back avoids millions of string joins.
    """
    if not parts or len(parts[0]) == 0:
        return np.array([], dtype=object)
    combos, inverse = _combos({str(i): p for i, p in enumerate(parts)})
    joined = join_sources(*(combos[c].to_numpy(object) for c in combos.columns))
    return joined[inverse]


def input_source(lines: pd.DataFrame, param: str, given: np.ndarray, unit: str) -> np.ndarray:
    """Source strings for factors given in the input, with the line's own source if any."""
    numbers = pd.Series(given).map("{:g}".format).to_numpy(object)
    text = f"input {param} = " + numbers + (f" {unit}" if unit else "")
    line_source = (
        lines["source"].fillna("").astype(str).to_numpy(object)
        if "source" in lines
        else np.full(len(lines), "", dtype=object)
    )
    return np.where(line_source != "", text + " (" + line_source + ")", text)


def text_param(lines: pd.DataFrame, name: str, default: str | None = None) -> np.ndarray:
    """A text parameter column as lower-case strings ('' or ``default`` when blank)."""
    column = f"param_{name}"
    if column not in lines:
        values = np.full(len(lines), "", dtype=object)
    else:
        values = lines[column].fillna("").astype(str).str.strip().str.lower().to_numpy(object)
    if default is not None:
        values = np.where(values == "", default, values)
    return values


def numeric_param(lines: pd.DataFrame, name: str) -> np.ndarray:
    """A numeric parameter column as floats (NaN when blank or absent)."""
    column = f"param_{name}"
    if column not in lines:
        return np.full(len(lines), np.nan)
    return pd.to_numeric(lines[column], errors="coerce").to_numpy(float)


def activity_codes(family: str, parameter: str, key: str) -> tuple[str, ...]:
    """The key values that have a shipped ``parameter`` row: the valid activity codes."""
    table = factor_table(family)
    values = table.loc[table["parameter"] == parameter, key].dropna().unique()
    return tuple(sorted(str(v) for v in values))


def missing_problems(
    lines: pd.DataFrame, missing: np.ndarray, column: str, message_en: str, message_th: str
) -> list[tuple[int, str, str, str]]:
    """Validator tuples (line_id, column, en, th) for the lines flagged in ``missing``."""
    ids = lines["line_id"].to_numpy()[np.asarray(missing, dtype=bool)]
    return [(int(i), column, message_en, message_th) for i in ids]


def ratio_factor(
    lines: pd.DataFrame,
    *,
    family: str,
    parameter: str,
    keys: dict[str, str | np.ndarray | pd.Series],
    param: str | None = None,
    param_unit: str = "1",
    label: str | None = None,
) -> Resolved:
    """Dimensionless factor per line (a plain fraction): :func:`line_factor` with unit "1".

    Kept with this signature because the waste methods use it too.
    """
    return line_factor(
        lines,
        family=family,
        parameter=parameter,
        keys=keys,
        unit="1",
        param=param,
        param_unit=param_unit,
        label=label,
    )


def text_column(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A string result column built from its few distinct values.

    pandas 3 stores strings as Arrow strings; converting tens of thousands of long
    source strings one by one is slow, so each distinct string is converted once and
    the column is taken from them by position.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    return pd.array(np.asarray(uniques, dtype=object), dtype="str").take(codes)


def format_numbers(values: np.ndarray) -> np.ndarray:
    """'{:g}' of each value, formatting each distinct value once (columns repeat a lot)."""
    unique, inverse = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    return np.array([f"{u:g}" for u in unique], dtype=object)[inverse.ravel()]


def distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a 2-D array and, per row, the index of its distinct row."""
    combos, inverse = _combos({str(j): matrix[:, j] for j in range(matrix.shape[1])})
    return combos.to_numpy(dtype=float), inverse
