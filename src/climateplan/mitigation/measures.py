"""Reduction measures: what they change, on which lines, when, how much, at what cost.

Table format (CSV, or sheet ``measures`` of a workbook), one measure per row.
Only ``id`` is required by the table; what else is required depends on ``kind``.

=====================  ==================================================================
column                 meaning
=====================  ==================================================================
id                     unique code of the measure (letters, digits, _)
from_library           id of a library measure to start from; filled cells of this
                       row override the library's (``*`` clears a library cell)
name_en, name_th       names shown in tables and charts
kind                   ``activity`` (less activity: fewer vehicle-km, less burning),
                       ``intensity`` (less energy per unit: kWh per household),
                       ``emission_factor`` (less gas per unit: biogas capture, AWD),
                       ``fuel_switch`` (part of the activity moves to another
                       energy carrier, e.g. diesel buses to electric buses),
                       ``tonnes`` (a reduction stated in t CO2e per year, e.g. a
                       project's verified reduction, taken from the targeted lines in
                       proportion to their emissions of the gases named)
status                 ``existing``, ``planned`` (default) or ``proposed``
scenarios              extra scenario names this measure belongs to (``;``-separated)
order                  position in the order of application (needed when two measures
                       of one scenario act on the same lines and gases)
gpc_ref ... activity   the selector of the lines it targets (see selectors.py)
gases                  components it changes: co2; ch4; n2o; other; biogenic
                       (blank = all); not used by fuel_switch
effect_pct             reduction of the targeted quantity at full uptake, 0-100 %
                       (activity, intensity, emission_factor)
reduction_t            tonnes: t CO2e reduced per year at full uptake (never more than
                       the targeted lines emit: the excess is reported as a warning)
uptake_pct             share of the targeted lines reached at full uptake, 0-100 %
                       (tonnes: share of reduction_t, default 100)
start_year             first year with an effect
ramp_years             years to reach full uptake (1 = full in the start year)
end_year               last year with an effect (blank = to the horizon)
switch_to              fuel_switch: the new carrier (``electricity`` follows the grid
                       emission factor path)
switch_gpc_ref         fuel_switch: where the new carrier's emissions are reported
                       (e.g. II.1.2 for electric vehicles, scope 2)
switch_ratio           fuel_switch: emissions of the new carrier per unit of service,
                       relative to the old one, at the base-year grid factor
old_mj_per_km,         fuel_switch to electricity of vehicles, instead of switch_ratio:
new_kwh_per_km         energy use of the vehicles replaced (MJ/km) and of the electric
                       ones (kWh/km); the electricity follows the km the fuel drove
                       (energy of the whole blend), times the grid factor in force
                       (see energy.py): right for any blend (E10, E20, E85, B7)
cost_basis             ``per_t`` (default): costs below are per t CO2e abated per year at
                       full uptake; ``total``: costs of the whole programme
investment             up-front investment (THB)
om_per_year            operation and maintenance per year (THB)
savings_per_year       energy and other savings per year (THB)
savings_per_kwh        savings per kWh of grid electricity avoided (THB/kWh): turned into
                       savings per t CO2e with the grid factor the inventory uses
lifetime_years         economic lifetime of the investment (years)
discount_rate_pct      discount rate (% per year)
currency               default THB
source, source_effect, source_uptake, source_cost, note   where the numbers come from
=====================  ==================================================================

Uptake in year t (base year b)::

    u(t) = uptake x min(1, (t - start_year + 1) / ramp_years)
           for max(start_year, b + 1) <= t <= end_year, else 0

A measure never changes the base year, which is observed data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.mitigation._tables import (
    CellReader,
    RawTable,
    check_columns,
    drop_blank_rows,
    normalise_key,
    read_table,
    split_list,
)
from climateplan.mitigation.baseline import COMPONENTS
from climateplan.mitigation.selectors import SELECTOR_COLUMNS, Selector, parse_selector
from climateplan.reference import gpc_catalogue
from climateplan.reference._data import data_path

KINDS = {
    "activity": "activity",
    "intensity": "intensity",
    "emissionfactor": "emission_factor",
    "ef": "emission_factor",
    "fuelswitch": "fuel_switch",
    "fuelmix": "fuel_switch",
    "tonnes": "tonnes",
    "tonne": "tonnes",
}
KIND_LABELS = {
    "activity": ("activity", "ลดกิจกรรม"),
    "intensity": ("intensity", "ลดความเข้มการใช้พลังงาน"),
    "emission_factor": ("emission factor", "ลดค่าการปล่อยต่อหน่วย"),
    "fuel_switch": ("fuel switch", "เปลี่ยนเชื้อเพลิง/พลังงาน"),
    "tonnes": ("tonnes reduced", "ปริมาณที่ลดได้ (ตัน)"),
}
STATUSES = {"existing": "existing", "planned": "planned", "proposed": "proposed"}
STATUS_LABELS = {
    "existing": ("existing", "ดำเนินการอยู่แล้ว"),
    "planned": ("planned", "อยู่ในแผน"),
    "proposed": ("proposed", "ข้อเสนอ"),
}
COST_BASES = {"pert": "per_t", "pertonne": "per_t", "total": "total"}
COST_COLUMNS = ("investment", "om_per_year", "savings_per_year", "savings_per_kwh")
COLUMNS = (
    "id",
    "from_library",
    "name_en",
    "name_th",
    "kind",
    "status",
    "scenarios",
    "order",
    *SELECTOR_COLUMNS,
    "gases",
    "effect_pct",
    "reduction_t",
    "uptake_pct",
    "start_year",
    "ramp_years",
    "end_year",
    "switch_to",
    "switch_gpc_ref",
    "switch_ratio",
    "old_mj_per_km",
    "new_kwh_per_km",
    "cost_basis",
    *COST_COLUMNS,
    "lifetime_years",
    "discount_rate_pct",
    "currency",
    "source",
    "source_effect",
    "source_uptake",
    "source_cost",
    "note",
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-.]*$")


@dataclass(frozen=True)
class Measure:
    """One reduction measure, validated."""

    id: str
    name_en: str
    name_th: str
    kind: str
    status: str
    scenarios: tuple[str, ...]
    order: float | None
    selector: Selector
    gases: tuple[str, ...]  # component names it changes
    effect: float  # fraction 0-1 (not used by fuel_switch and tonnes)
    uptake: float  # fraction 0-1
    start_year: int
    ramp_years: int
    end_year: int | None
    reduction_t: float = 0.0  # tonnes: t CO2e per year at full uptake
    switch_to: str = ""
    switch_gpc_ref: str = ""
    switch_ratio: float = 0.0
    old_mj_per_km: float | None = None  # energy service route (electric vehicles)
    new_kwh_per_km: float | None = None
    cost_basis: str = "per_t"
    investment: float = 0.0
    om_per_year: float = 0.0
    savings_per_year: float = 0.0
    savings_per_kwh: float = 0.0  # THB per kWh avoided (divided by the grid factor in force)
    lifetime_years: float | None = None
    discount_rate: float | None = None
    currency: str = "THB"
    source: str = ""
    note: str = ""
    from_library: str = ""
    row: int | None = None
    file: str | None = None
    sheet: str | None = None

    @property
    def has_costs(self) -> bool:
        return self.lifetime_years is not None and self.discount_rate is not None

    @property
    def by_service(self) -> bool:
        """A fuel switch to electricity sized by the km the fuel drove (energy.py)."""
        return self.old_mj_per_km is not None and self.new_kwh_per_km is not None

    @property
    def component_mask(self) -> np.ndarray:
        return np.array([c in self.gases for c in COMPONENTS])

    def location(self, column: str | None = None) -> dict:
        loc: dict = {"file": self.file, "row": self.row, "column": column}
        if self.sheet:
            loc["sheet"] = self.sheet
        return loc

    def uptake_profile(self, years: np.ndarray, base_year: int) -> np.ndarray:
        """u(t) for each year (see module docstring)."""
        years = np.asarray(years, int)
        ramp = np.clip((years - self.start_year + 1) / self.ramp_years, 0.0, 1.0)
        active = (years >= self.start_year) & (years > base_year)
        if self.end_year is not None:
            active &= years <= self.end_year
        return np.where(active, self.uptake * ramp, 0.0)

    def label(self, lang: str = "en") -> str:
        return (
            (self.name_th or self.name_en or self.id) if lang == "th" else (self.name_en or self.id)
        )


@dataclass
class MeasureSet:
    """Measures of one file (or the library), in file order."""

    measures: list[Measure]
    file: str | None = None
    sheet: str | None = None

    def __iter__(self):
        return iter(self.measures)

    def __len__(self) -> int:
        return len(self.measures)

    def by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}


def read_measures(
    source: str | Path | pd.DataFrame,
    *,
    collector: ProblemCollector | None = None,
    library: bool = True,
) -> MeasureSet | None:
    """Read and validate a measures table; problems to ``collector`` or raised at once."""
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    table = read_table(source, sheet="measures", collector=collector)
    result = None
    if table is not None and check_columns(
        table,
        required=("id",),
        optional=COLUMNS[1:],
        collector=collector,
        what_en="measures",
        what_th="มาตรการ (measures)",
    ):
        result = _parse(table, collector, library_rows=_library_raw() if library else None)
    if own:
        collector.raise_if_any()
    return result


@lru_cache(maxsize=1)
def _library_raw() -> pd.DataFrame:
    frame = pd.read_csv(data_path("mitigation_measures.csv"), dtype=str, keep_default_na=False)
    frame.columns = [c.strip().lower() for c in frame.columns]
    frame = frame.map(lambda v: str(v).strip())
    return frame.set_index("id", drop=False)


@lru_cache(maxsize=1)
def measure_library() -> MeasureSet:
    """The shipped library of measures common in Thai provinces, with sources."""
    frame = _library_raw().reset_index(drop=True)
    frame.index = np.arange(2, len(frame) + 2)
    collector = ProblemCollector(file="mitigation_measures.csv")
    result = _parse(RawTable(frame, "mitigation_measures.csv", None), collector, library_rows=None)
    collector.raise_if_any()  # a broken library is a bug, caught by the tests
    assert result is not None
    return result


def library_table() -> pd.DataFrame:
    """The library as shipped (all columns, text), for listings and docs."""
    return _library_raw().reset_index(drop=True)


def _merge_library(table: RawTable, library_rows: pd.DataFrame, cells: CellReader) -> RawTable:
    """Rows naming ``from_library`` start from the library row; filled cells override."""
    frame = table.frame.copy()
    lib_keys = {normalise_key(i): i for i in library_rows.index}
    for row in frame.index:
        ref = frame.at[row, "from_library"]
        if ref == "":
            continue
        key = lib_keys.get(normalise_key(ref))
        if key is None:
            cells.add(
                row,
                "from_library",
                f"unknown library measure {ref!r} (see `climateplan plan measures list`)",
                f"ไม่มีมาตรการ {ref!r} ในคลังมาตรการ (ดูรายการด้วย `climateplan plan measures list`)",
                ref,
            )
            continue
        lib = library_rows.loc[key]
        for col in COLUMNS:
            if col in ("from_library",) or col not in lib.index:
                continue
            mine = frame.at[row, col] if col in frame.columns else ""
            if mine == "*":
                frame.at[row, col] = ""
            elif mine == "":
                frame.at[row, col] = lib[col]
        if frame.at[row, "id"] == "":
            frame.at[row, "id"] = key
    return RawTable(frame, table.file, table.sheet)


def _parse(
    table: RawTable, collector: ProblemCollector, library_rows: pd.DataFrame | None
) -> MeasureSet | None:
    for col in COLUMNS:
        if col not in table.frame.columns:
            table.frame[col] = ""
    cells = CellReader(table, collector)
    table = RawTable(drop_blank_rows(table.frame), table.file, table.sheet)
    if library_rows is not None:
        table = _merge_library(table, library_rows, cells)
    cells = CellReader(table, collector)
    frame = table.frame
    catalogue = gpc_catalogue()
    measures = []
    seen: dict[str, int] = {}
    for row in frame.index:
        text = frame.loc[row]
        mid = text["id"]
        if mid == "":
            cells.add(row, "id", "measure id is missing", "ไม่ได้ระบุรหัสมาตรการ (id)")
        elif not _ID.match(mid):
            cells.add(
                row,
                "id",
                f"measure id {mid!r} may use only letters, digits, '_', '-' and '.'",
                f"รหัสมาตรการ {mid!r} ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ ตัวเลข '_' '-' และ '.'",
                mid,
            )
        elif mid in seen:
            cells.add(
                row,
                "id",
                f"measure id {mid!r} is used twice (also row {seen[mid]})",
                f"รหัสมาตรการ {mid!r} ซ้ำกัน (ซ้ำกับแถว {seen[mid]})",
                mid,
            )
        else:
            seen[mid] = int(row)
        kind = cells.choice(row, "kind", KINDS)
        status = cells.choice(row, "status", STATUSES, default="planned")
        scenarios = tuple(s.lower() for s in split_list(text["scenarios"]))
        for name in scenarios:
            if not re.match(r"^[a-z][a-z0-9_\-]*$", name) or name == "bau":
                cells.add(
                    row,
                    "scenarios",
                    f"scenario name {name!r} must start with a letter, use letters, digits, _ "
                    "or -, and cannot be 'bau'",
                    f"ชื่อฉากทัศน์ {name!r} ต้องขึ้นต้นด้วยตัวอักษรภาษาอังกฤษ ใช้ตัวอักษร ตัวเลข _ หรือ - "
                    "และห้ามใช้ชื่อ 'bau'",
                    name,
                )
        order = cells.number(row, "order")
        selector = parse_selector(cells, row)
        if selector.specificity == 0:
            cells.add(
                row,
                "gpc_ref",
                "the measure does not say which lines it targets: fill at least one of "
                f"{', '.join(SELECTOR_COLUMNS)}",
                f"มาตรการไม่ได้ระบุรายการที่มุ่งลด: ให้ระบุอย่างน้อยหนึ่งคอลัมน์จาก {', '.join(SELECTOR_COLUMNS)}",
            )
        gases = tuple(g.lower() for g in split_list(text["gases"]))
        for gas in gases:
            if gas not in COMPONENTS:
                cells.add(
                    row,
                    "gases",
                    f"unknown gas {gas!r}: expected {', '.join(COMPONENTS)} (separate with ';')",
                    f"ไม่รู้จักก๊าซ {gas!r}: ต้องเป็น {', '.join(COMPONENTS)} (คั่นด้วย ';')",
                    gas,
                )
        gases = tuple(g for g in gases if g in COMPONENTS) or COMPONENTS
        effect = None
        if kind == "fuel_switch":
            for col in ("effect_pct", "gases"):
                if text[col] != "":
                    cells.add(
                        row,
                        col,
                        f"{col} is not used by a fuel_switch measure (its effect comes from "
                        "switch_ratio): leave it blank",
                        f"มาตรการแบบเปลี่ยนเชื้อเพลิง (fuel_switch) ไม่ใช้ {col} (ผลมาจาก switch_ratio): "
                        "ให้เว้นว่าง",
                    )
            gases = COMPONENTS
        elif kind == "tonnes":
            if text["effect_pct"] != "":
                cells.add(
                    row,
                    "effect_pct",
                    "effect_pct is not used by a tonnes measure (its effect is reduction_t): "
                    "leave it blank",
                    "มาตรการแบบระบุตัน (tonnes) ไม่ใช้ effect_pct (ผลคือ reduction_t): ให้เว้นว่าง",
                )
        elif kind is not None:
            effect = cells.number(row, "effect_pct", required=True, minimum=0.0, maximum=100.0)
        reduction_t = None
        if kind == "tonnes":
            reduction_t = cells.number(
                row, "reduction_t", required=True, minimum=0.0, unit=" t CO2e per year"
            )
        elif text["reduction_t"] != "" and kind is not None:
            cells.add(
                row,
                "reduction_t",
                f"reduction_t is only used by tonnes measures (this one is {kind})",
                f"reduction_t ใช้เฉพาะมาตรการแบบระบุตัน (tonnes) (มาตรการนี้เป็น {kind})",
            )
        uptake = cells.number(
            row, "uptake_pct", required=kind != "tonnes", minimum=0.0, maximum=100.0
        )
        if kind == "tonnes" and uptake is None and text["uptake_pct"] == "":
            uptake = 100.0
        start = cells.year(row, "start_year")
        ramp = cells.number(row, "ramp_years", minimum=1.0)
        if ramp is not None and not float(ramp).is_integer():
            cells.add(
                row,
                "ramp_years",
                f"ramp_years {text['ramp_years']!r} must be a whole number of years",
                f"ramp_years {text['ramp_years']!r} ต้องเป็นจำนวนปีเต็ม",
            )
            ramp = None
        end = cells.year(row, "end_year", required=False)
        if start is not None and end is not None and end < start:
            cells.add(
                row,
                "end_year",
                f"end_year {end} is before start_year {start}",
                f"ปีสิ้นสุด (end_year) {end} อยู่ก่อนปีเริ่มต้น (start_year) {start}",
            )
        switch_to = normalise_key(text["switch_to"])
        switch_ref = text["switch_gpc_ref"].strip().upper().replace(" ", "")
        switch_ratio = old_mj = new_kwh = None
        if kind == "fuel_switch":
            if switch_to == "":
                cells.add(
                    row,
                    "switch_to",
                    "a fuel_switch measure needs switch_to (e.g. electricity, biomass, lpg)",
                    "มาตรการเปลี่ยนเชื้อเพลิงต้องระบุ switch_to (เช่น electricity, biomass, lpg)",
                )
            if switch_ref == "":
                cells.add(
                    row,
                    "switch_gpc_ref",
                    "a fuel_switch measure needs switch_gpc_ref: where the new carrier's "
                    "emissions are reported (e.g. II.1.2 for electric vehicles)",
                    "มาตรการเปลี่ยนเชื้อเพลิงต้องระบุ switch_gpc_ref: รหัส GPC ที่รายงานการปล่อยจากพลังงานใหม่ "
                    "(เช่น II.1.2 สำหรับรถไฟฟ้า)",
                )
            elif switch_ref not in catalogue.index:
                cells.add(
                    row,
                    "switch_gpc_ref",
                    f"unknown GPC reference {text['switch_gpc_ref']!r}",
                    f"ไม่รู้จักรหัส GPC {text['switch_gpc_ref']!r}",
                    text["switch_gpc_ref"],
                )
            service = {
                col: cells.number(row, col, minimum=0.0)
                for col in ("old_mj_per_km", "new_kwh_per_km")
            }
            by_service = any(text[col] != "" for col in service)
            if by_service:
                for col, value in service.items():
                    if text[col] == "":
                        cells.add(
                            row,
                            col,
                            f"{col} is missing: an electric-vehicle switch needs both "
                            "old_mj_per_km (MJ per km of the vehicles replaced) and "
                            "new_kwh_per_km (kWh per km of the electric ones)",
                            f"ไม่ได้ระบุ {col}: การเปลี่ยนเป็นรถไฟฟ้าต้องระบุทั้ง old_mj_per_km "
                            "(MJ ต่อ กม. ของรถเดิม) และ new_kwh_per_km (kWh ต่อ กม. ของรถไฟฟ้า)",
                        )
                    elif value == 0 and col == "old_mj_per_km":
                        cells.add(
                            row,
                            col,
                            "old_mj_per_km must be above 0",
                            "old_mj_per_km ต้องมากกว่า 0",
                        )
                if switch_to != "" and switch_to != "electricity":
                    cells.add(
                        row,
                        "switch_to",
                        "old_mj_per_km and new_kwh_per_km are for a switch to electricity",
                        "old_mj_per_km และ new_kwh_per_km ใช้กับการเปลี่ยนเป็นไฟฟ้าเท่านั้น",
                    )
                if text["switch_ratio"] != "":
                    cells.add(
                        row,
                        "switch_ratio",
                        "give either switch_ratio or old_mj_per_km with new_kwh_per_km, not both",
                        "ระบุ switch_ratio หรือ old_mj_per_km กับ new_kwh_per_km อย่างใดอย่างหนึ่ง",
                    )
                old_mj, new_kwh = service["old_mj_per_km"], service["new_kwh_per_km"]
            else:
                switch_ratio = cells.number(row, "switch_ratio", required=True, minimum=0.0)
        else:
            for col in (
                "switch_to",
                "switch_gpc_ref",
                "switch_ratio",
                "old_mj_per_km",
                "new_kwh_per_km",
            ):
                if text[col] != "" and kind is not None:
                    cells.add(
                        row,
                        col,
                        f"{col} is only used by fuel_switch measures (this one is {kind})",
                        f"{col} ใช้เฉพาะมาตรการแบบเปลี่ยนเชื้อเพลิง (fuel_switch) (มาตรการนี้เป็น {kind})",
                    )
        cost_basis = cells.choice(row, "cost_basis", COST_BASES, default="per_t")
        costs = {c: cells.number(row, c, minimum=0.0) for c in COST_COLUMNS}
        lifetime = cells.number(row, "lifetime_years", minimum=1.0)
        rate = cells.number(row, "discount_rate_pct", minimum=0.0, maximum=100.0, unit=" %")
        if any(v is not None for v in costs.values()):
            for col, value in (("lifetime_years", lifetime), ("discount_rate_pct", rate)):
                if value is None and text[col] == "":
                    cells.add(
                        row,
                        col,
                        f"costs are given but {col} is missing (needed for the cost per tonne)",
                        f"ระบุค่าใช้จ่ายแล้วแต่ไม่ได้ระบุ {col} (จำเป็นสำหรับต้นทุนต่อตัน)",
                    )
        measures.append(
            Measure(
                id=mid,
                name_en=text["name_en"],
                name_th=text["name_th"],
                kind=kind or "activity",
                status=status or "planned",
                scenarios=scenarios,
                order=order,
                selector=selector,
                gases=gases,
                effect=(effect or 0.0) / 100.0,
                uptake=(uptake or 0.0) / 100.0,
                reduction_t=reduction_t or 0.0,
                start_year=start or 0,
                ramp_years=int(ramp or 1),
                end_year=end,
                switch_to=switch_to,
                switch_gpc_ref=switch_ref,
                switch_ratio=switch_ratio or 0.0,
                old_mj_per_km=old_mj or None,
                new_kwh_per_km=new_kwh,
                cost_basis=cost_basis or "per_t",
                investment=costs["investment"] or 0.0,
                om_per_year=costs["om_per_year"] or 0.0,
                savings_per_year=costs["savings_per_year"] or 0.0,
                savings_per_kwh=costs["savings_per_kwh"] or 0.0,
                lifetime_years=lifetime if any(v is not None for v in costs.values()) else None,
                discount_rate=(rate / 100.0)
                if rate is not None and any(v is not None for v in costs.values())
                else None,
                currency=text["currency"] or "THB",
                source="; ".join(
                    s
                    for s in (
                        text["source"],
                        text["source_effect"],
                        text["source_uptake"],
                        text["source_cost"],
                    )
                    if s
                ),
                note=text["note"],
                from_library=text["from_library"],
                row=int(row),
                file=table.file,
                sheet=table.sheet,
            )
        )
    return MeasureSet(measures, table.file, table.sheet)


def measure(**fields) -> Measure:
    """A measure built in code (tests, notebooks): selector given as a dict.

    Example: ``measure(id="awd", kind="emission_factor", selector={"method":
    "rice_cultivation"}, gases=("ch4",), effect=0.48, uptake=0.2, start_year=2025)``.
    """
    from climateplan.mitigation.selectors import selector_from_dict

    defaults = dict(
        name_en="",
        name_th="",
        status="planned",
        scenarios=(),
        order=None,
        gases=COMPONENTS,
        effect=0.0,
        ramp_years=1,
        end_year=None,
    )
    defaults.update(fields)
    sel = defaults.get("selector", {})
    defaults["selector"] = sel if isinstance(sel, Selector) else selector_from_dict(sel)
    return Measure(**defaults)


def with_changes(item: Measure, **changes) -> Measure:
    return replace(item, **changes)
