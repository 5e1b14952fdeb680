"""Shared helpers of the agriculture (AFOLU) methods: livestock, rice, soils, residue burning.

Why this module exists: :func:`climateplan.reference.factors.resolve` converts every
factor with :func:`climateplan.units.conversion_factor`, which rejects dimensionless
units ("1", "g/kg": a bare number to pint). Most AFOLU factors are dimensionless
(scaling factors, fractions, kg N2O-N per kg N, g gas per kg dry matter), so
:func:`ratio_factor` applies the same precedence (input > TH > IPCC > others, exact
keys before wildcard rows) to them. Dimensional factors still go through ``resolve``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference.factors import Resolved, factor_table
from climateplan.units import conversion_factor, ureg

# IPCC 2006 Vol 4 Eq 10.30 turns a daily N excretion rate into an annual one with 365 days
# (pint's year is 365.25 days, so the equation's own constant is kept here, named).
IPCC_DAYS_PER_YEAR = 365.0

KG_TO_T = conversion_factor("kg", "t")


@lru_cache(maxsize=64)
def dimensionless_factor(unit: str) -> float:
    """Multiplier taking a dimensionless unit ("1", "g/kg", "percent") to a plain fraction."""
    return float(ureg.Quantity(unit).to("dimensionless").magnitude)


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
    """Dimensionless factor per line, with precedence input > TH > IPCC > other origins.

    ``keys`` maps table key columns to a line column name or to an array of values
    aligned with ``lines``. An empty key cell in the table is a wildcard, used only
    when no row matches that key exactly. A value given in ``param`` is in
    ``param_unit`` ("1", "g/kg" ...) and is scaled to a plain fraction like the table's
    values. The lookup runs on the distinct key
    combinations (a handful), then is mapped back to every line.
    """
    n = len(lines)
    value = np.full(n, np.nan)
    origin = np.full(n, "", dtype=object)
    source = np.full(n, "", dtype=object)
    fid = np.full(n, "", dtype=object)
    key_frame = pd.DataFrame(
        {
            col: (lines[ref].to_numpy() if isinstance(ref, str) else np.asarray(ref))
            for col, ref in keys.items()
        },
        index=pd.RangeIndex(n),
    ).astype(object)
    key_frame["_all"] = 0  # lets keyless factors (one value for every line) merge too
    table = factor_table(family)
    table = table[table["parameter"] == parameter]
    if n and not table.empty:
        key_cols = list(keys)
        combos = key_frame.drop_duplicates().reset_index(drop=True)
        combos["_combo"] = np.arange(len(combos))
        candidates = combos.merge(table, how="cross", suffixes=("", "_row"))
        specificity = np.zeros(len(candidates), dtype=int)
        ok = np.ones(len(candidates), dtype=bool)
        for col in key_cols:
            row_value = candidates.get(f"{col}_row")
            if row_value is None:  # the table has no such key column: matches anything
                continue
            exact = row_value.notna().to_numpy()
            equal = (row_value.astype(object) == candidates[col]).to_numpy()
            ok &= ~exact | equal
            specificity += exact
        candidates = candidates.assign(_specificity=specificity)[ok]
        best = candidates.sort_values(
            ["_combo", "_specificity", "rank"], ascending=[True, False, True]
        ).drop_duplicates("_combo")
        scale = best["unit"].map(dimensionless_factor).to_numpy(float)
        best = best.assign(_value=best["value"].to_numpy(float) * scale)
        line_combo = key_frame.merge(combos, on=[*key_cols, "_all"], how="left")["_combo"]
        line_combo = line_combo.to_numpy()
        found = pd.Series(np.arange(len(best)), index=best["_combo"].to_numpy())
        pos = found.reindex(line_combo).to_numpy()
        has = ~np.isnan(pos)
        take = pos[has].astype(int)
        value[has] = best["_value"].to_numpy()[take]
        origin[has] = best["origin"].to_numpy(object)[take]
        source[has] = best["label"].to_numpy(object)[take]
        fid[has] = best["factor_id"].to_numpy(object)[take]
    if param and param in lines.columns:
        given = pd.to_numeric(lines[param], errors="coerce").to_numpy(float)
        use = ~np.isnan(given)
        if use.any():
            value[use] = given[use] * dimensionless_factor(param_unit)
            origin[use] = "input"
            fid[use] = "input"
            shown_unit = "" if param_unit == "1" else param_unit
            source[use] = input_source(lines.loc[use], param, given[use], shown_unit)
    if label:
        has_source = source != ""
        source[has_source] = label + ": " + source[has_source]
    return Resolved(value, origin, source, fid)


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
