"""Test helper of the agriculture (AFOLU) methods: the frame the engine hands to a
method (methods/base.py). A Thai factor added for a test comes from the
``extra_factor`` fixture (conftest.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods import get_method
from climateplan.reference import gpc_entry


def afolu_lines(method: str, rows: list[dict], *, year: int = 2023) -> pd.DataFrame:
    """One line per dict with keys activity, amount (canonical unit), optional gpc_ref,
    amount_kind, source and ``param_<name>`` values; blank params as the engine blanks them."""
    spec = get_method(method)
    default_ref = spec.example["gpc_ref"]
    columns: dict[str, list] = {}
    for i, row in enumerate(rows):
        entry = gpc_entry(row.get("gpc_ref", default_ref))
        record = {
            "line_id": i,
            "inventory": f"TH-30/{year}",
            "province": "TH-30",
            "year": year,
            "gpc_ref": row.get("gpc_ref", default_ref),
            "scope": int(entry["scope"]),
            "subsector": entry["subsector"],
            "activity": row["activity"],
            "amount": float(row["amount"]),
            "amount_kind": row.get("amount_kind", next(iter(spec.amount_units))),
            "activity_year": np.nan,
            "source": row.get("source", ""),
        }
        for p in spec.params:
            record[p.column] = row.get(p.column, "" if p.is_text else np.nan)
        for key, value in record.items():
            columns.setdefault(key, []).append(value)
    frame = pd.DataFrame(columns)
    for p in spec.params:
        if p.is_text:
            frame[p.column] = frame[p.column].astype(str).astype(object)
        else:
            frame[p.column] = pd.to_numeric(frame[p.column]).astype(float)
    frame.index = frame["line_id"].to_numpy()
    return frame
