"""The frame the engine hands to a method (methods/base.py), built for the method tests.
Not a conftest: imported by name (``from _lines import method_lines``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods import get_method
from climateplan.reference import gpc_entry

LINE_KEYS = {"activity", "amount", "gpc_ref", "amount_kind", "year", "activity_year", "source"}


def method_lines(
    method: str,
    rows: list[dict],
    *,
    year: int = 2023,
    province: str = "TH-50",
    first_line_id: int = 0,
) -> pd.DataFrame:
    """One line per dict: activity, amount (already in the canonical unit), and optional
    gpc_ref (default: the spec's example), amount_kind (default: the spec's first),
    year, activity_year, source and ``param_<name>`` values; blank params as the engine
    blanks them ("" for text, NaN for numbers)."""
    spec = get_method(method)
    params = {p.column: p for p in spec.params}
    records = []
    for i, row in enumerate(rows):
        unknown = set(row) - LINE_KEYS - set(params)
        assert not unknown, f"{method} has no input column {sorted(unknown)}"
        gpc_ref = row.get("gpc_ref", spec.example["gpc_ref"])
        entry = gpc_entry(gpc_ref)
        line_year = int(row.get("year", year))
        record = {
            "line_id": first_line_id + i,
            "inventory": f"{province}/{line_year}",
            "province": province,
            "year": line_year,
            "gpc_ref": gpc_ref,
            "scope": int(entry["scope"]),
            "subsector": entry["subsector"],
            "activity": row["activity"],
            "amount": float(row["amount"]),
            "amount_kind": row.get("amount_kind", next(iter(spec.amount_units))),
            "activity_year": float(row.get("activity_year", np.nan)),
            "source": row.get("source", ""),
        }
        for column, p in params.items():
            value = row.get(column)
            blank = value is None or (isinstance(value, float) and np.isnan(value))
            if p.is_text:
                record[column] = "" if blank else str(value)
            else:
                record[column] = np.nan if blank else float(value)
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=None if records else _columns(spec))
    frame.index = frame["line_id"].to_numpy()
    return frame


def _columns(spec) -> list[str]:
    base = ["line_id", "inventory", "province", "year", "gpc_ref", "scope", "subsector"]
    rest = ["activity", "amount", "amount_kind", "activity_year", "source"]
    return [*base, *rest, *(p.column for p in spec.params)]


def run(method: str, rows: list[dict], **kwargs) -> pd.DataFrame:
    """Validate (no problem expected) and compute the lines of one method."""
    spec = get_method(method)
    lines = method_lines(method, rows, **kwargs)
    if spec.validate is not None:
        assert spec.validate(lines) == []
    return spec.compute(lines)
