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


@lru_cache(maxsize=64)
def factor_table(family: str) -> pd.DataFrame:
    """The whole table of one family, with ``factor_id`` (family:row) and ``rank``."""
    table = pd.read_csv(data_path(f"factors_{family}.csv"), dtype=str, keep_default_na=False)
    missing = [c for c in ("parameter", "value", "unit", "origin", "source") if c not in table]
    if missing:
        raise ValueError(f"factors_{family}.csv lacks columns {missing}")
    if (table["source"].str.strip() == "").any():
        rows = (table.index[table["source"].str.strip() == ""] + 2).tolist()
        raise ValueError(f"factors_{family}.csv rows {rows} have no source")
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
    table.insert(0, "factor_id", [f"{family}:{i + 2}" for i in range(len(table))])
    table.insert(1, "family", family)
    return table


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
    whose validity period does not include that year are skipped.
    Values are converted from the table unit to ``unit``.
    """
    table = factor_table(family)
    table = table[table["parameter"] == parameter]
    n = len(keys)
    out_value = np.full(n, np.nan)
    out_origin = np.full(n, "", dtype=object)
    out_source = np.full(n, "", dtype=object)
    out_id = np.full(n, "", dtype=object)
    if table.empty or n == 0:
        return Resolved(out_value, out_origin, out_source, out_id)
    key_cols = [c for c in keys.columns if c in table.columns]
    left = keys[key_cols].reset_index(drop=True).astype("object")
    left["_pos"] = np.arange(n)
    if year is not None:
        left["_year"] = np.broadcast_to(np.asarray(year, dtype=float), (n,))

    candidates = []
    # Try every pattern of (exact / wildcard) over the key columns that the table
    # actually uses as wildcards; specificity = number of exact columns matched.
    wildcard_cols = [c for c in key_cols if table[c].isna().any()]
    patterns = [()]
    for col in wildcard_cols:
        patterns = [(*p, col) for p in patterns] + patterns
    for wild in patterns:
        exact = [c for c in key_cols if c not in wild]
        sub = table
        for col in wild:
            sub = sub[sub[col].isna()]
        for col in exact:
            sub = sub[sub[col].notna()]
        if sub.empty:
            continue
        merged = (
            left.merge(
                sub.drop(columns=list(wild)).astype({c: "object" for c in exact}),
                on=exact,
                how="inner",
            )
            if exact
            else left.merge(sub.drop(columns=list(wild)), how="cross")
        )
        merged["_specificity"] = len(exact)
        candidates.append(merged)
    if not candidates:
        return Resolved(out_value, out_origin, out_source, out_id)
    cand = pd.concat(candidates, ignore_index=True)
    if year is not None:
        y = cand["_year"]
        ok = (cand["valid_from"].isna() | (cand["valid_from"].dt.year <= y)) & (
            cand["valid_to"].isna() | (cand["valid_to"].dt.year >= y)
        )
        cand = cand[ok]
    cand = cand.sort_values(["_pos", "_specificity", "rank"], ascending=[True, False, True])
    best = cand.drop_duplicates("_pos")
    unit_factor = {u: conversion_factor(u, unit) for u in best["unit"].unique()}
    factors = best["unit"].map(unit_factor).to_numpy(float)
    pos = best["_pos"].to_numpy()
    out_value[pos] = best["value"].to_numpy(float) * factors
    out_origin[pos] = best["origin"].to_numpy(object)
    out_id[pos] = best["factor_id"].to_numpy(object)
    out_source[pos] = best["label"].to_numpy(object)
    return Resolved(out_value, out_origin, out_source, out_id)


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
    key_frame = pd.DataFrame({tcol: lines[lcol].to_numpy() for tcol, lcol in keys.items()})
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
