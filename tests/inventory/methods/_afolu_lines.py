"""Test helpers of the agriculture (AFOLU) methods: the frame the engine hands to a
method (methods/base.py), and a factor table with an extra row, to test that a Thai
factor wins over the IPCC default. Not a conftest: each method family keeps its own."""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods import _afolu, get_method
from climateplan.reference import factors, gpc_entry


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


def with_extra_factor(monkeypatch, family: str, row: dict) -> None:
    """Make ``family``'s table return one more row (e.g. a Thai factor) during a test."""
    original = factors.factor_table

    def patched(name: str) -> pd.DataFrame:
        table = original(name)
        if name != family:
            return table
        extra = {col: np.nan for col in table.columns}
        extra.update(row)
        extra["rank"] = factors.ORIGIN_RANK.get(row["origin"], factors.OTHER_ORIGIN_RANK)
        extra["label"] = f"{row['source']} [{row['value']:g} {row['unit']}]"
        extra["factor_id"] = f"{family}:test"
        extra["family"] = family
        return pd.concat([table, pd.DataFrame([extra])], ignore_index=True)

    monkeypatch.setattr(factors, "factor_table", patched)
    monkeypatch.setattr(_afolu, "factor_table", patched)
