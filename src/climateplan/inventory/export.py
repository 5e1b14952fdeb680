"""Inventory results as JSON, CSV and XLSX (the engine's documented formats).

The JSON schema is documented in docs/inventory/results.md; the web platform and
the reduction-planning engine read the same structure.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from climateplan.inventory.activity import InventoryMeta
from climateplan.inventory.engine import TOTALS, InventoryResult
from climateplan.reference import find_province

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
    "biogenic_co2": ("Biogenic CO2 (outside totals)", "CO2 ชีวภาพ (ไม่รวมในยอดรวม)"),
}


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
        "totals": {k: _clean(result.totals[k]) for k in (*TOTALS, "biogenic_co2")},
        "by_sector": _records(result.by_sector),
        "by_subsector": _records(result.by_subsector),
        "by_scope": _records(result.by_scope),
        "by_gas": _records(result.by_gas),
        "by_gpc_ref": _records(result.by_gpc_ref),
        "gpc_table": _records(result.gpc_table),
        "lines": _records(result.lines, LINE_FIELDS),
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
    "gpc_table": "subsector",
}
_EXTRAS = ("key_categories", "uncertainty", "monte_carlo")


def from_dict(doc: dict) -> InventoryResult:
    """The inverse of :func:`to_dict`: an InventoryResult from a stored JSON document.

    Lets a stored (e.g. approved, locked) inventory be rendered again as XLSX or CSV
    exactly as it was computed, whatever factors have changed since.
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
    result = InventoryResult(
        meta=meta,
        lines=pd.DataFrame(doc.get("lines") or []),
        totals={k: float(v or 0.0) for k, v in doc["totals"].items()},
        **frames,
    )
    for key in _EXTRAS:
        if doc.get(key):
            result.extras[key] = pd.DataFrame(doc[key])
    return result


def write_json(result: InventoryResult, path: str | Path) -> None:
    text = json.dumps(to_dict(result), ensure_ascii=False, indent=1)
    _atomic_write(Path(path), text.encode("utf-8"))


def write_csv(result: InventoryResult, path: str | Path) -> None:
    """The line results as CSV (UTF-8 with BOM so Excel shows Thai correctly)."""
    frame = result.lines[[f for f in LINE_FIELDS if f in result.lines.columns]]
    _atomic_write(Path(path), frame.to_csv(index=False).encode("utf-8-sig"))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def summary_table(result: InventoryResult, lang: str = "en") -> list[tuple[str, float]]:
    """(label, tCO2e) rows of the totals, for printing."""
    idx = 1 if lang == "th" else 0
    return [(TOTAL_LABELS[k][idx], result.totals[k]) for k in (*TOTALS, "biogenic_co2")]
