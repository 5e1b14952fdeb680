"""The section's inputs as spreadsheet tables and back (the workbook format).

Sheets: ``drivers``, ``grid_ef``, ``measures``, ``targets`` in the engine's formats
(docs/mitigation.md), plus the plan columns the engine ignores (docs/plans/reduction.md):

- ``drivers``: ``is_default`` (``yes`` on a default row);
- ``measures``: ``library_id``, ``owner_agency``, ``co_agencies`` (``;``-separated),
  ``kpi_name_th``, ``kpi_name_en``, ``kpi_unit``, ``kpi_baseline``,
  ``kpi_baseline_year``, ``kpi_target``, ``kpi_target_year``;
- ``targets``: ``national`` (``yes`` for a national target), ``is_default``;
- ``budget``: ``measure_id``, ``fiscal_year``, ``amount_thb``, ``source``, ``note``
  (one row per budget line of a measure).
"""

from __future__ import annotations

import pandas as pd

from climateplan.mitigation._tables import parse_number, parse_year
from climateplan.mitigation.measures import COLUMNS as MEASURE_COLUMNS
from climateplan.plans.reduction.inputs import (
    DRIVER_COLUMNS,
    GRID_COLUMNS,
    KPI_FIELDS,
    ReductionInputs,
    cell,
    normalise_target_kind,
)

FLAG_COLUMNS = ("is_default",)
MEASURE_PLAN_COLUMNS = (
    "library_id",
    "owner_agency",
    "co_agencies",
    *(f"kpi_{k}" for k in KPI_FIELDS),
)
TARGET_COLUMNS = (
    "name",
    "kind",
    "year",
    "reduction_pct",
    "value",
    "reference_year",
    "basis",
    "valid_from",
    "valid_to",
    "source",
    "note",
)
TARGET_PLAN_COLUMNS = ("national", "is_default")
BUDGET_COLUMNS = ("measure_id", "fiscal_year", "amount_thb", "source", "note")
SHEETS = {
    "drivers": (DRIVER_COLUMNS, FLAG_COLUMNS),
    "grid_ef": (GRID_COLUMNS, ()),
    "measures": (MEASURE_COLUMNS, MEASURE_PLAN_COLUMNS),
    "targets": (TARGET_COLUMNS, TARGET_PLAN_COLUMNS),
    "budget": (BUDGET_COLUMNS, ()),
}
YEAR_COLUMNS = {
    "year",
    "start_year",
    "end_year",
    "reference_year",
    "fiscal_year",
    "kpi_baseline_year",
    "kpi_target_year",
}
NUMBER_COLUMNS = {
    "value",
    "growth_pct",
    "elasticity",
    "ef",
    "order",
    "effect_pct",
    "reduction_t",
    "uptake_pct",
    "ramp_years",
    "switch_ratio",
    "old_mj_per_km",
    "new_kwh_per_km",
    "investment",
    "om_per_year",
    "savings_per_year",
    "savings_per_kwh",
    "lifetime_years",
    "discount_rate_pct",
    "reduction_pct",
    "amount_thb",
    "kpi_baseline",
    "kpi_target",
}
YES = {"yes", "y", "true", "1", "ใช่", "x"}


def typed(column: str, text: str):
    """A cell as stored: years in CE, numbers as numbers, the rest as text."""
    text = cell(text)
    if text == "":
        return None
    if column in YEAR_COLUMNS:
        year = parse_year(text)
        return year if year is not None else text
    if column in NUMBER_COLUMNS:
        number = parse_number(text)
        if number is None:
            return text
        return int(number) if float(number).is_integer() and "." not in text else number
    return text


def _yes(value) -> bool:
    return value is True or cell(value).lower() in YES


def measure_rows_from_table(records: list[dict]) -> list[dict]:
    """Sheet rows (text cells) -> stored measure rows."""
    out = []
    for rec in records:
        row = {}
        kpi = {}
        for key, value in rec.items():
            if key.startswith("kpi_"):
                v = typed(key, value)
                if v is not None:
                    kpi[key[4:]] = v
            elif key == "co_agencies":
                row[key] = [p.strip() for p in cell(value).split(";") if p.strip()]
            else:
                v = typed(key, value)
                if v is not None:
                    row[key] = v
        row["kpi"] = kpi
        row.setdefault("co_agencies", [])
        row["budget"] = []
        out.append(row)
    return out


def target_rows_from_table(records: list[dict]) -> list[dict]:
    out = []
    for rec in records:
        kind = normalise_target_kind(rec.get("kind"))
        value = rec.get("value")
        if kind in ("bau_relative", "base_year_relative"):
            value = rec.get("reduction_pct")
        row = {
            k: typed(k, v)
            for k, v in rec.items()
            if k not in ("reduction_pct", "value", "kind") and typed(k, v) is not None
        }
        row["kind"] = kind
        row["value"] = typed("value", value)
        row["national"] = _yes(rec.get("national"))
        row["is_default"] = _yes(rec.get("is_default"))
        out.append(row)
    return out


def plain_rows_from_table(records: list[dict]) -> list[dict]:
    out = []
    for rec in records:
        row = {k: typed(k, v) for k, v in rec.items() if k != "is_default"}
        row = {k: v for k, v in row.items() if v is not None}
        if "is_default" in rec:
            row["is_default"] = _yes(rec.get("is_default"))
        out.append(row)
    return out


# --- inputs -> tables (files, template) ------------------------------------------------


def drivers_table(inputs: ReductionInputs) -> pd.DataFrame:
    rows = [
        {
            **{c: r.get(c) for c in DRIVER_COLUMNS},
            "is_default": "yes" if r.get("is_default") else "",
        }
        for r in inputs.drivers
    ]
    return pd.DataFrame(rows, columns=[*DRIVER_COLUMNS, "is_default"])


def grid_table(inputs: ReductionInputs) -> pd.DataFrame:
    return pd.DataFrame(
        [{c: r.get(c) for c in GRID_COLUMNS} for r in inputs.grid], columns=GRID_COLUMNS
    )


def measures_table(inputs: ReductionInputs) -> pd.DataFrame:
    columns = [*MEASURE_COLUMNS, *MEASURE_PLAN_COLUMNS]
    rows = []
    for r in inputs.measures:
        row = {c: r.get(c) for c in MEASURE_COLUMNS}
        row["library_id"] = r.get("library_id")
        row["owner_agency"] = r.get("owner_agency")
        row["co_agencies"] = cell(r.get("co_agencies") or [])
        kpi = r.get("kpi") or {}
        for k in KPI_FIELDS:
            row[f"kpi_{k}"] = kpi.get(k)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    return frame


def budget_table(inputs: ReductionInputs) -> pd.DataFrame:
    rows = []
    for r in inputs.measures:
        mid = cell(r.get("id")) or cell(r.get("library_id"))
        for line in r.get("budget") or []:
            rows.append(
                {
                    "measure_id": mid,
                    "fiscal_year": line.get("fiscal_year"),
                    "amount_thb": line.get("amount_thb"),
                    "source": line.get("source"),
                    "note": line.get("note"),
                }
            )
    return pd.DataFrame(rows, columns=BUDGET_COLUMNS)


def targets_table(inputs: ReductionInputs) -> pd.DataFrame:
    rows = []
    for r in inputs.targets:
        kind = normalise_target_kind(r.get("kind"))
        relative = kind in ("bau_relative", "base_year_relative")
        row = {c: r.get(c) for c in TARGET_COLUMNS}
        row["kind"] = kind
        row["reduction_pct"] = r.get("value") if relative else None
        row["value"] = None if relative else r.get("value")
        row["national"] = "yes" if r.get("national") else ""
        row["is_default"] = "yes" if r.get("is_default") else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=[*TARGET_COLUMNS, *TARGET_PLAN_COLUMNS])


def input_tables(inputs: ReductionInputs) -> dict[str, pd.DataFrame]:
    return {
        "drivers": drivers_table(inputs),
        "grid_ef": grid_table(inputs),
        "measures": measures_table(inputs),
        "budget": budget_table(inputs),
        "targets": targets_table(inputs),
    }
