"""Build the frame the engine hands to a method (methods/base.py), for the energy,
transport, IPPU and direct-entry tests. Not a conftest: other method families keep
their own helpers in this folder."""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods import get_method
from climateplan.reference import gpc_entry


def energy_lines(method: str, rows: list[dict], *, year: int = 2023) -> pd.DataFrame:
    """One row per dict: gpc_ref, activity, amount (already in the canonical unit),
    amount_kind, optional year, source and params as param_<name> keys."""
    spec = get_method(method)
    records = []
    for i, row in enumerate(rows):
        entry = gpc_entry(row["gpc_ref"])
        record = {
            "line_id": i,
            "inventory": f"TH-50/{row.get('year', year)}",
            "province": "TH-50",
            "year": int(row.get("year", year)),
            "gpc_ref": row["gpc_ref"],
            "scope": int(entry["scope"]),
            "subsector": entry["subsector"],
            "activity": row["activity"],
            "amount": float(row["amount"]),
            "amount_kind": row.get("amount_kind", next(iter(spec.amount_units))),
            "activity_year": np.nan,
            "source": row.get("source", ""),
        }
        for p in spec.params:
            value = row.get(p.column, "" if p.is_text else np.nan)
            record[p.column] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    for p in spec.params:
        if p.is_text:
            frame[p.column] = frame[p.column].fillna("").astype(str).astype(object)
        else:
            frame[p.column] = pd.to_numeric(frame[p.column]).astype(float)
    frame.index = frame["line_id"].to_numpy()
    return frame
