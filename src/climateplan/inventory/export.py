"""Inventory results as JSON, CSV and XLSX (the engine's documented formats).

The JSON schema is documented in docs/inventory/results.md; the web platform and
the reduction-planning engine read the same structure.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from climateplan.errors import Problem
from climateplan.inventory.activity import InventoryMeta
from climateplan.inventory.engine import (
    NET_TOTALS,
    TOTALS,
    InventoryResult,
    gpc_reporting_table,
)
from climateplan.reference import find_province
from climateplan.reports import cells

SCHEMA = "climateplan.inventory/1"
LINE_FIELDS = (
    "row",
    "gpc_ref",
    "sector",
    "subsector",
    "scope",
    "ipcc_category",
    "method",
    "activity",
    "input_amount",
    "input_unit",
    "amount",
    "unit",
    "activity_year",
    "co2",
    "co2_biogenic",
    "ch4",
    "n2o",
    "other_gas",
    "other_t",
    "co2e",
    "removal",
    "notation_key",
    "data_quality",
    "uncertainty_pct",
    "factor_source",
    "factor_origin",
    "derived",
    "source",
    "note",
    "in_basic",
    "in_basic_plus",
    "in_territorial",
)
TOTAL_LABELS = {
    "basic": ("BASIC", "BASIC"),
    "basic_plus": ("BASIC+", "BASIC+"),
    "territorial": ("Territorial (scope 1)", "ตามขอบเขตพื้นที่ (ขอบเขตที่ 1)"),
    "scope1": ("Scope 1", "ขอบเขตที่ 1"),
    "scope2": ("Scope 2", "ขอบเขตที่ 2"),
    "scope3": ("Scope 3 (in BASIC/BASIC+)", "ขอบเขตที่ 3 (ใน BASIC/BASIC+)"),
    "removals": ("CO2 removals (land, GPC V.2)", "การดูดกลับ CO2 (ที่ดิน GPC V.2)"),
    "net_basic_plus": ("Net BASIC+ (BASIC+ + removals)", "BASIC+ สุทธิ (BASIC+ รวมการดูดกลับ)"),
    "net_territorial": (
        "Net territorial (territorial + removals)",
        "ตามขอบเขตพื้นที่สุทธิ (รวมการดูดกลับ)",
    ),
    "biogenic_co2": ("Biogenic CO2 (outside totals)", "CO2 ชีวภาพ (ไม่รวมในยอดรวม)"),
}
# the totals in the order every output lists them: gross, removals and net, biogenic
ALL_TOTALS = (*TOTALS, *NET_TOTALS, "biogenic_co2")


def _clean(value):
    """JSON-safe scalars: NaN -> None, numpy -> Python."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _records(frame: pd.DataFrame, fields=None) -> list[dict]:
    if frame.index.name is not None or isinstance(frame.index, pd.MultiIndex):
        frame = frame.reset_index()  # a meaningful index (gpc_ref, sector ...) becomes a field
    if fields:
        frame = frame[[f for f in fields if f in frame.columns]]
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def to_dict(result: InventoryResult) -> dict:
    """The inventory as a JSON-ready dict (schema climateplan.inventory/1)."""
    meta = result.meta
    province = find_province(meta.province)
    doc = {
        "schema": SCHEMA,
        "province": meta.province,
        "province_name_th": province["name_th"],
        "province_name_en": province["name_en"],
        "year": meta.year,
        "year_be": meta.year + 543,
        "name": meta.name,
        "gwp": meta.gwp,
        "gwp_source": result.gwp_source,
        "units": {"gases": "t", "co2e": "t CO2e"},
        "totals": {k: _clean(result.totals[k]) for k in ALL_TOTALS},
        "by_sector": _records(result.by_sector),
        "by_subsector": _records(result.by_subsector),
        "by_scope": _records(result.by_scope),
        "by_gas": _records(result.by_gas),
        "by_gpc_ref": _records(result.by_gpc_ref),
        "gpc_table": _records(result.gpc_table),
        "lines": _records(result.lines, LINE_FIELDS),
        "warnings": [p.to_dict() for p in result.warnings],
    }
    for key, value in result.extras.items():
        doc[key] = _records(value) if isinstance(value, pd.DataFrame) else value
    return doc


_INDEX_OF = {
    "by_sector": "sector",
    "by_subsector": "subsector",
    "by_scope": "scope",
    "by_gas": "gas",
    "by_gpc_ref": "gpc_ref",
    "gpc_table": "gpc_ref",
}
_EXTRAS = ("key_categories", "uncertainty", "trend_uncertainty", "monte_carlo")


def from_dict(doc: dict) -> InventoryResult:
    """The inverse of :func:`to_dict`: an InventoryResult from a stored JSON document.

    Lets a stored (e.g. approved, locked) inventory be rendered again as XLSX or CSV
    exactly as it was computed, whatever factors have changed since. A document
    stored before removals and the per-reference GPC table existed still loads:
    missing totals are taken as no removals (net = gross), and its GPC table (one
    row per sub-sector) is rebuilt per reference from its stored ``by_gpc_ref``.
    """
    meta = InventoryMeta(
        province=doc["province"],
        year=int(doc["year"]),
        gwp=doc["gwp"],
        name=doc.get("name", "") or "",
    )
    frames = {}
    for key, index in _INDEX_OF.items():
        frame = pd.DataFrame(doc.get(key) or [])
        frames[key] = frame.set_index(index) if index in frame.columns else frame
    totals = {k: float(v or 0.0) for k, v in doc["totals"].items()}
    totals.setdefault("removals", 0.0)
    totals.setdefault("net_basic_plus", totals.get("basic_plus", 0.0) + totals["removals"])
    totals.setdefault("net_territorial", totals.get("territorial", 0.0) + totals["removals"])
    by_ref = frames["by_gpc_ref"]
    if "gpc_ref" not in pd.DataFrame(doc.get("gpc_table") or []).columns:
        frames["gpc_table"] = _rebuilt_gpc_table(by_ref)
    result = InventoryResult(
        meta=meta,
        lines=pd.DataFrame(doc.get("lines") or []),
        totals=totals,
        warnings=[Problem(**w) for w in doc.get("warnings") or []],
        **frames,
    )
    for key in _EXTRAS:
        if doc.get(key):
            result.extras[key] = pd.DataFrame(doc[key])
    return result


def _rebuilt_gpc_table(by_ref: pd.DataFrame) -> pd.DataFrame:
    """The per-reference GPC table of a stored document that predates it."""
    needed = {"co2e", "lines", "notation_key"}
    if by_ref.empty or not needed <= set(by_ref.columns):
        by_ref = pd.DataFrame(
            {"co2e": [], "lines": [], "notation_key": []}, index=pd.Index([], name="gpc_ref")
        )
    by_ref = by_ref.copy()
    by_ref["lines"] = pd.to_numeric(by_ref["lines"], errors="coerce").fillna(0).astype(int)
    by_ref["co2e"] = pd.to_numeric(by_ref["co2e"], errors="coerce").fillna(0.0)
    by_ref["notation_key"] = by_ref["notation_key"].fillna("")
    return gpc_reporting_table(by_ref)


def write_json(result: InventoryResult, path: str | Path) -> None:
    text = json.dumps(to_dict(result), ensure_ascii=False, indent=1)
    cells.atomic_write(Path(path), text.encode("utf-8"))


def lines_frame(result: InventoryResult) -> pd.DataFrame:
    """The line results with the documented columns (LINE_FIELDS), as the CSV holds them."""
    return result.lines[[f for f in LINE_FIELDS if f in result.lines.columns]]


def csv_bytes(result: InventoryResult) -> bytes:
    """The line results as sanitised CSV (UTF-8 with BOM so Excel shows Thai correctly)."""
    return cells.csv_bytes(lines_frame(result))


def write_csv(result: InventoryResult, path: str | Path) -> None:
    """The line results as CSV, and beside it (``OUT.totals.csv``) the totals: gross,
    removals, net and biogenic CO2; both through the export sanitiser, atomically."""
    path = Path(path)
    cells.atomic_write(path, csv_bytes(result))
    cells.write_csv(totals_frame(result), totals_csv_path(path))


def totals_csv_path(path: Path) -> Path:
    """Where :func:`write_csv` writes the totals of ``path``'s lines (OUT.totals.csv)."""
    return path.with_name(f"{path.stem}.totals.csv")


def totals_frame(result: InventoryResult) -> pd.DataFrame:
    """One row per total (gross, removals, net, biogenic) with its labels and tCO2e."""
    en, th = summary_table(result, "en"), summary_table(result, "th")
    return pd.DataFrame(
        {
            "total": list(ALL_TOTALS),
            "label_en": [label for label, _ in en],
            "label_th": [label for label, _ in th],
            "t_co2e": [value for _, value in en],
        }
    )


def summary_table(result: InventoryResult, lang: str = "en") -> list[tuple[str, float]]:
    """(label, tCO2e) rows of the totals (gross, removals, net, biogenic), for printing.

    A stored result without removals shows them as 0 and net = gross."""
    idx = 1 if lang == "th" else 0
    totals = result.totals
    fallback = {
        "removals": 0.0,
        "net_basic_plus": totals.get("basic_plus", 0.0) + totals.get("removals", 0.0),
        "net_territorial": totals.get("territorial", 0.0) + totals.get("removals", 0.0),
    }
    return [(TOTAL_LABELS[k][idx], totals.get(k, fallback.get(k, 0.0))) for k in ALL_TOTALS]
