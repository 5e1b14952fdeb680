"""The base-year inventory the plan starts from, kept at the level of its lines.

A plan can start from an activity file (CSV/XLSX, computed here with the
inventory engine), from an inventory result JSON written by
``climateplan inventory compute --format json`` (schema ``climateplan.inventory/1``),
or from an :class:`~climateplan.inventory.engine.InventoryResult` in code.
Whatever the door, the plan sees the same :class:`BaseInventory`: one row per
emitting line with its GPC attributes and its emissions split in five components

- ``co2``, ``ch4``, ``n2o``, ``other``: tonnes CO2e of each gas (inventory GWP set);
- ``biogenic``: biogenic CO2 in tonnes, reported beside the totals, never in them.

A line whose CO2e is negative is a removal (GPC sector V: land); ``removal`` flags
it. Removals count only in the net totals, never in BASIC, BASIC+ or territorial.
``amount`` and ``unit`` keep the line's activity (canonical unit of the inventory
engine, e.g. m**3 of fuel, km, kWh) where the inventory gives it.

Derived rows (electricity's scope-3 T&D losses) keep the ``line_key`` of the line
they derive from, so a measure on a consumption line also acts on its losses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.reference import GWP_SETS, gpc_catalogue, gwp_table
from climateplan.reference.gwp import ch4_gwp

INVENTORY_SCHEMA = "climateplan.inventory/1"
COMPONENTS = ("co2", "ch4", "n2o", "other", "biogenic")
CO2E_COMPONENTS = (0, 1, 2, 3)  # indices of the components counted in CO2e totals
BIOGENIC = 4
ATTRIBUTE_COLUMNS = (
    "line_key",
    "row",
    "province",
    "gpc_ref",
    "sector",
    "subsector",
    "scope",
    "ipcc_category",
    "method",
    "activity",
    "derived",
    "in_basic",
    "in_basic_plus",
    "in_territorial",
    "removal",
    "amount",
    "unit",
)


@dataclass
class BaseInventory:
    """Base-year lines of one province: attributes and emissions per component."""

    province: str
    year: int
    gwp: str
    lines: pd.DataFrame  # ATTRIBUTE_COLUMNS + COMPONENTS
    file: str | None = None

    @property
    def emissions(self) -> np.ndarray:
        """(lines, components) array of base-year emissions."""
        return self.lines[list(COMPONENTS)].to_numpy(float)

    def total(self, basis: str = "basic") -> float:
        """Base-year total of one GPC basis (tCO2e)."""
        from climateplan.mitigation.aggregate import basis_masks, basis_values

        mask = basis_masks(self.lines)[basis]
        return float(basis_values(self.emissions[mask], basis).sum())


def from_lines(
    lines: pd.DataFrame, *, province: str, year: int, gwp: str, file: str | None = None
) -> BaseInventory:
    """Normalise the inventory engine's line results (``InventoryResult.lines``)."""
    frame = lines.reset_index(drop=True)
    if "notation_key" in frame.columns:
        frame = frame.loc[frame["notation_key"].fillna("").astype(str) == ""]
    frame = frame.reset_index(drop=True)
    n = len(frame)

    def column(name: str, default) -> np.ndarray:
        if name in frame.columns:
            return frame[name].to_numpy()
        return np.full(n, default, dtype=object if isinstance(default, str) else type(default))

    if "line_id" in frame.columns:
        key = frame["line_id"].to_numpy(int)
    elif "row" in frame.columns:
        key = pd.to_numeric(frame["row"], errors="coerce").fillna(-1).to_numpy(int)
    else:
        key = np.arange(n)
    table = gwp_table(gwp)
    co2 = pd.to_numeric(pd.Series(column("co2", 0.0)), errors="coerce").fillna(0.0).to_numpy()
    ch4 = pd.to_numeric(pd.Series(column("ch4", 0.0)), errors="coerce").fillna(0.0).to_numpy()
    n2o = pd.to_numeric(pd.Series(column("n2o", 0.0)), errors="coerce").fillna(0.0).to_numpy()
    biogenic = (
        pd.to_numeric(pd.Series(column("co2_biogenic", 0.0)), errors="coerce")
        .fillna(0.0)
        .to_numpy()
    )
    catalogue = gpc_catalogue()
    gpc = pd.Series(column("gpc_ref", "")).astype(str)
    cat_rows = catalogue.reindex(gpc)
    category = cat_rows["ipcc_category"].fillna("").to_numpy(object)
    if "ipcc_category" in frame.columns:
        own = frame["ipcc_category"].fillna("").astype(str).to_numpy(object)
        category = np.where(own != "", own, category)
    # CO2e of methane with the GWP the inventory applied to each line (AR6: fossil 29.8 /
    # non-fossil 27.0 by IPCC category, reference/gwp.py ch4_gwp), not one table value
    co2e_ch4 = (
        frame["co2e_ch4"].to_numpy(float)
        if "co2e_ch4" in frame.columns
        else ch4 * ch4_gwp(gwp, category, co2, biogenic)
    )
    co2e_n2o = (
        frame["co2e_n2o"].to_numpy(float) if "co2e_n2o" in frame.columns else n2o * table["N2O"]
    )
    if "co2e_other" in frame.columns:
        co2e_other = frame["co2e_other"].to_numpy(float)
    elif "co2e" in frame.columns:
        total = pd.to_numeric(frame["co2e"], errors="coerce").fillna(0.0).to_numpy()
        # the JSON keeps total CO2e; the other gases are what the three named gases leave
        co2e_other = np.clip(total - co2 - co2e_ch4 - co2e_n2o, 0.0, None)
        co2e_other[np.isclose(co2e_other, 0.0, atol=1e-9 * np.maximum(1.0, np.abs(total)))] = 0.0
    else:
        co2e_other = np.zeros(n)
    removal = (co2 + co2e_ch4 + co2e_n2o + co2e_other) < 0
    amount = pd.to_numeric(pd.Series(column("amount", np.nan)), errors="coerce").to_numpy(float)
    unit = pd.Series(column("unit", "")).fillna("").astype(str).to_numpy(object)
    out = pd.DataFrame(
        {
            "line_key": key,
            "row": pd.to_numeric(pd.Series(column("row", -1)), errors="coerce")
            .fillna(-1)
            .to_numpy(int),
            "province": province,
            "gpc_ref": gpc.to_numpy(),
            "sector": cat_rows["sector"].fillna("").to_numpy(),
            "subsector": cat_rows["subsector"].fillna("").to_numpy(),
            "scope": cat_rows["scope"].fillna(0).to_numpy(int),
            "ipcc_category": cat_rows["ipcc_category"].fillna("").to_numpy(),
            "method": pd.Series(column("method", "")).fillna("").astype(str).to_numpy(),
            "activity": pd.Series(column("activity", "")).fillna("").astype(str).to_numpy(),
            "derived": pd.Series(column("derived", False)).fillna(False).astype(bool).to_numpy(),
            "in_basic": cat_rows["in_basic"].fillna(False).astype(bool).to_numpy(),
            "in_basic_plus": cat_rows["in_basic_plus"].fillna(False).astype(bool).to_numpy(),
            "in_territorial": cat_rows["in_territorial"].fillna(False).astype(bool).to_numpy(),
            "removal": removal,
            "amount": amount,
            "unit": unit,
            "co2": co2,
            "ch4": co2e_ch4,
            "n2o": co2e_n2o,
            "other": co2e_other,
            "biogenic": biogenic,
        }
    )
    return BaseInventory(province=province, year=int(year), gwp=gwp, lines=out, file=file)


def from_result(result, *, file: str | None = None) -> BaseInventory:
    """From an :class:`~climateplan.inventory.engine.InventoryResult`."""
    meta = result.meta
    return from_lines(result.lines, province=meta.province, year=meta.year, gwp=meta.gwp, file=file)


def from_json_dict(doc: dict, *, file: str | None = None) -> BaseInventory:
    """From an inventory result document (schema ``climateplan.inventory/1``)."""
    collector = ProblemCollector(file=file)
    if not isinstance(doc, dict) or doc.get("schema") != INVENTORY_SCHEMA:
        found = doc.get("schema") if isinstance(doc, dict) else type(doc).__name__
        collector.add(
            f"not an inventory result: expected schema {INVENTORY_SCHEMA!r}, found {found!r} "
            "(write one with `climateplan inventory compute --format json`)",
            f"ไม่ใช่ผลบัญชีก๊าซเรือนกระจก: ต้องมี schema {INVENTORY_SCHEMA!r} แต่พบ {found!r} "
            "(สร้างด้วยคำสั่ง `climateplan inventory compute --format json`)",
        )
        collector.raise_if_any()
    for key in ("province", "year", "gwp", "lines"):
        if key not in doc:
            collector.add(
                f"the inventory document lacks {key!r}", f"เอกสารบัญชีไม่มีข้อมูล {key!r}", column=key
            )
    if collector:
        collector.raise_if_any()
    gwp = str(doc["gwp"]).upper()
    if gwp not in GWP_SETS:
        collector.add(
            f"unknown GWP set {gwp!r}: expected one of {', '.join(GWP_SETS)}",
            f"ไม่รู้จักชุดค่า GWP {gwp!r}: ต้องเป็น {', '.join(GWP_SETS)}",
            column="gwp",
        )
    lines = pd.DataFrame(doc["lines"])
    needed = ("gpc_ref", "method", "co2", "ch4", "n2o", "co2e")
    for key in needed:
        if len(lines) and key not in lines.columns:
            collector.add(
                f"inventory lines lack the field {key!r}",
                f"รายการในบัญชีไม่มีข้อมูล {key!r}",
                column=key,
            )
    if len(lines):
        unknown = sorted(set(lines["gpc_ref"].astype(str)) - set(gpc_catalogue().index))
        for ref in unknown:
            collector.add(
                f"unknown GPC reference {ref!r} in the inventory lines",
                f"ไม่รู้จักรหัส GPC {ref!r} ในรายการของบัญชี",
                column="gpc_ref",
                value=ref,
            )
    collector.raise_if_any()
    return from_lines(
        lines, province=str(doc["province"]), year=int(doc["year"]), gwp=gwp, file=file
    )


def load_inventory(
    path: str | Path,
    *,
    province: str | None = None,
    year: int | None = None,
    gwp: str | None = None,
) -> BaseInventory:
    """Read a base-year inventory: activity file (.csv/.xlsx) or result JSON (.json).

    Raises :class:`~climateplan.errors.InputError` with every problem found.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        collector = ProblemCollector(file=path.name)
        if not path.exists():
            collector.add("file not found", "ไม่พบไฟล์")
            collector.raise_if_any()
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            collector.add(f"not valid JSON ({exc})", f"รูปแบบ JSON ไม่ถูกต้อง ({exc})")
            collector.raise_if_any()
        return from_json_dict(doc, file=path.name)
    from climateplan.inventory import compute_inventory, read_activity

    data = read_activity(path, province=province, year=year, gwp=gwp)
    return from_result(compute_inventory(data), file=path.name)


def check_not_empty(base: BaseInventory) -> None:
    if base.lines.empty:
        problem = Problem(
            "the inventory has no emitting line to project",
            "บัญชีไม่มีรายการที่มีการปล่อยก๊าซให้คาดการณ์",
            file=base.file,
        )
        raise InputError([problem])
