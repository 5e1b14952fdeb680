"""Validation of the reduction section: every problem at once, located, in Thai and English.

The rows are read by the engine's readers (:mod:`climateplan.mitigation`), so a form row
and a spreadsheet row get the same checks and messages; the plan attributes the engine
ignores (owner agency, budget lines, KPI, library id) are checked here. The checks
against the inventory (measures that target no line, overlapping measures without an
order, target years) are the engine's too: :func:`run_plan` runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.mitigation._tables import parse_number, parse_year
from climateplan.mitigation.aggregate import BASIS_LABELS
from climateplan.mitigation.baseline import BaseInventory, from_json_dict
from climateplan.mitigation.drivers import DriverTable, read_drivers
from climateplan.mitigation.grid import GridPath, read_grid_path
from climateplan.mitigation.measures import Measure, measure_library, read_measures
from climateplan.mitigation.planning import PlanInputs, PlanResult, make_plan
from climateplan.mitigation.projection import project
from climateplan.mitigation.scenarios import Scenario, run_scenarios
from climateplan.mitigation.targets import Target, read_targets
from climateplan.plans.reduction.inputs import (
    BUDGET_SOURCES,
    KPI_FIELDS,
    TARGET_KINDS,
    ReductionInputs,
    cell,
    driver_engine_rows,
    grid_engine_rows,
    located,
    measure_engine_rows,
    normalise_target_kind,
    target_engine_rows,
)

PLAN_SCENARIO = "plan"
TARGET_BASES = tuple(b for b in BASIS_LABELS if not b.startswith("scope"))
# the order the engine's library follows: demand first, then switching, then supply
_KIND_RANK = {"activity": 1, "intensity": 1, "fuel_switch": 2, "emission_factor": 3, "tonnes": 4}


@dataclass
class EngineInputs:
    """The stored rows read by the engine, each located by its table."""

    drivers: DriverTable | None = None
    grid: GridPath | None = None
    measures: list[Measure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    national: set[str] = field(default_factory=set)  # names of the national target sets
    problems: list[Problem] = field(default_factory=list)


def _read(reader, frame, sheet: str, file: str | None):
    collector = ProblemCollector(file=file, sheet=sheet)
    result = reader(frame, collector=collector)
    return result, located(collector.problems, sheet, file)


def engine_inputs(inputs: ReductionInputs, *, file: str | None = None) -> EngineInputs:
    """Read every stored table with the engine's readers; problems of all of them."""
    out = EngineInputs()
    if inputs.drivers:
        table, bad = _read(read_drivers, driver_engine_rows(inputs.drivers), "drivers", file)
        out.problems += bad
        if table is not None and not bad:
            table.file, table.sheet = file, "drivers"
            out.drivers = table
    if inputs.grid:
        path, bad = _read(read_grid_path, grid_engine_rows(inputs.grid), "grid_ef", file)
        out.problems += bad
        if path is not None and not bad:
            path.file, path.sheet = file, "grid_ef"
            out.grid = path
    if inputs.measures:
        measures, bad = _read(read_measures, measure_engine_rows(inputs.measures), "measures", file)
        out.problems += bad
        rows = {p.row for p in bad}
        if measures is not None and not rows & {None, 1}:
            out.measures = [
                replace(m, file=file, sheet="measures") for m in measures if m.row not in rows
            ]
    if inputs.targets:
        targets, bad = _read(read_targets, target_engine_rows(inputs.targets), "targets", file)
        out.problems += bad
        out.targets = [replace(t, file=file, sheet="targets") for t in targets or []]
        out.national = {
            (row.get("name") or "target").lower() for row in inputs.targets if row.get("national")
        }
    out.problems += plan_attribute_problems(inputs, file=file)
    return out


def plan_attribute_problems(inputs: ReductionInputs, *, file: str | None = None) -> list[Problem]:
    """Problems of what the engine does not read: library ids, owners, budgets, KPIs,
    target kinds."""
    collector = ProblemCollector(file=file, sheet="measures")
    for i, row in enumerate(inputs.measures):
        _measure_attributes(row, i + 2, collector)
    targets = ProblemCollector(file=file, sheet="targets")
    for i, row in enumerate(inputs.targets):
        kind = normalise_target_kind(row.get("kind"))
        if kind not in TARGET_KINDS:
            targets.add(
                f"target kind {row.get('kind')!r} is not one of {', '.join(TARGET_KINDS)}",
                f"ชนิดเป้าหมาย {row.get('kind')!r} ไม่ใช่หนึ่งใน {', '.join(TARGET_KINDS)}",
                row=i + 2,
                column="kind",
                value=cell(row.get("kind")) or None,
            )
    return collector.problems + targets.problems + _settings_problems(inputs.settings, file)


def _settings_problems(settings: dict, file: str | None) -> list[Problem]:
    collector = ProblemCollector(file=file, sheet="settings")
    basis = cell(settings.get("basis"))
    if basis and basis not in TARGET_BASES:
        collector.add(
            f"basis {basis!r} is not one of {', '.join(TARGET_BASES)}",
            f"ยอดรวม (basis) {basis!r} ไม่ใช่หนึ่งใน {', '.join(TARGET_BASES)}",
            column="basis",
            value=basis,
        )
    to_year = cell(settings.get("to_year"))
    if to_year and parse_year(to_year) is None:
        collector.add(
            f"the projection end {to_year!r} is not a year (CE such as 2065, or BE such as 2608)",
            f"ปีสิ้นสุดการคาดการณ์ {to_year!r} ไม่ใช่ปี (ค.ศ. เช่น 2065 หรือ พ.ศ. เช่น 2608)",
            column="to_year",
            value=to_year,
        )
    return collector.problems


def _measure_attributes(row: dict, number: int | None, collector: ProblemCollector) -> None:
    mid = cell(row.get("id")) or cell(row.get("library_id")) or "?"
    lib = cell(row.get("library_id"))
    if lib and lib not in measure_library().by_id():
        collector.add(
            f"measure {mid!r}: {lib!r} is not a measure of the library (choose one from the list "
            "of library measures, or leave library_id blank for a measure of your own)",
            f"มาตรการ {mid!r}: ไม่มี {lib!r} ในคลังมาตรการ (เลือกจากรายการคลังมาตรการ หรือเว้นว่าง "
            "library_id สำหรับมาตรการที่กำหนดเอง)",
            row=number,
            column="library_id",
            value=lib,
        )
    co = row.get("co_agencies")
    if co not in (None, "") and not isinstance(co, (list, tuple, str)):
        collector.add(
            f"measure {mid!r}: co_agencies must be a list of agency names",
            f"มาตรการ {mid!r}: co_agencies ต้องเป็นรายชื่อหน่วยงาน",
            row=number,
            column="co_agencies",
        )
    budget = row.get("budget") or []
    if not isinstance(budget, list):
        collector.add(
            f"measure {mid!r}: budget must be a list of budget lines",
            f"มาตรการ {mid!r}: budget ต้องเป็นรายการงบประมาณ",
            row=number,
            column="budget",
        )
        budget = []
    for k, line in enumerate(budget, start=1):
        where = f"budget {k}"
        if not isinstance(line, dict):
            collector.add(
                f"measure {mid!r}, {where}: expected fiscal_year, amount_thb and source",
                f"มาตรการ {mid!r} งบประมาณรายการที่ {k}: ต้องมี fiscal_year, amount_thb และ source",
                row=number,
                column="budget",
            )
            continue
        year = parse_year(cell(line.get("fiscal_year")))
        if year is None:
            collector.add(
                f"measure {mid!r}, {where}: fiscal_year {cell(line.get('fiscal_year'))!r} is not "
                "a year (CE such as 2026, or BE such as 2569)",
                f"มาตรการ {mid!r} งบประมาณรายการที่ {k}: ปีงบประมาณ {cell(line.get('fiscal_year'))!r} "
                "ไม่ใช่ปี (ค.ศ. เช่น 2026 หรือ พ.ศ. เช่น 2569)",
                row=number,
                column=f"{where}: fiscal_year",
                value=cell(line.get("fiscal_year")) or None,
            )
        amount = parse_number(cell(line.get("amount_thb")))
        if amount is None:
            collector.add(
                f"measure {mid!r}, {where}: amount_thb {cell(line.get('amount_thb'))!r} is not a "
                "number of baht",
                f"มาตรการ {mid!r} งบประมาณรายการที่ {k}: จำนวนเงิน {cell(line.get('amount_thb'))!r} "
                "ไม่ใช่ตัวเลข (บาท)",
                row=number,
                column=f"{where}: amount_thb",
                value=cell(line.get("amount_thb")) or None,
            )
        elif amount < 0:
            collector.add(
                f"measure {mid!r}, {where}: the amount {amount:,.0f} THB is negative: a budget "
                "line is 0 or more baht",
                f"มาตรการ {mid!r} งบประมาณรายการที่ {k}: จำนวนเงิน {amount:,.0f} บาท ติดลบ: "
                "งบประมาณต้องเป็น 0 บาทขึ้นไป",
                row=number,
                column=f"{where}: amount_thb",
                value=cell(line.get("amount_thb")),
            )
        source = cell(line.get("source")).lower()
        if source not in BUDGET_SOURCES:
            collector.add(
                f"measure {mid!r}, {where}: budget source {cell(line.get('source'))!r} is not one "
                f"of {', '.join(BUDGET_SOURCES)}",
                f"มาตรการ {mid!r} งบประมาณรายการที่ {k}: แหล่งงบประมาณ {cell(line.get('source'))!r} "
                f"ไม่ใช่หนึ่งใน {', '.join(BUDGET_SOURCES)} "
                f"({', '.join(th for _, th in BUDGET_SOURCES.values())})",
                row=number,
                column=f"{where}: source",
                value=cell(line.get("source")) or None,
            )
    kpi = row.get("kpi") or {}
    if not isinstance(kpi, dict):
        collector.add(
            f"measure {mid!r}: kpi must give {', '.join(KPI_FIELDS)}",
            f"มาตรการ {mid!r}: ตัวชี้วัด (kpi) ต้องระบุ {', '.join(KPI_FIELDS)}",
            row=number,
            column="kpi",
        )
        return
    for key in ("baseline", "target"):
        text = cell(kpi.get(key))
        if text and parse_number(text) is None:
            collector.add(
                f"measure {mid!r}: the KPI {key} {text!r} is not a number",
                f"มาตรการ {mid!r}: ค่า{'ฐาน' if key == 'baseline' else 'เป้าหมาย'}ของตัวชี้วัด "
                f"{text!r} ไม่ใช่ตัวเลข",
                row=number,
                column=f"kpi_{key}",
                value=text,
            )
    if cell(kpi.get("target")) and not cell(kpi.get("unit")):
        collector.add(
            f"measure {mid!r}: the KPI has a target but no unit: say what is counted (e.g. "
            "rai, households, kWh, vehicles)",
            f"มาตรการ {mid!r}: ตัวชี้วัดมีค่าเป้าหมายแต่ไม่มีหน่วย: ให้ระบุหน่วยที่นับ (เช่น ไร่ ครัวเรือน kWh คัน)",
            row=number,
            column="kpi_unit",
        )
    for key in ("baseline_year", "target_year"):
        text = cell(kpi.get(key))
        if text and parse_year(text) is None:
            collector.add(
                f"measure {mid!r}: the KPI {key} {text!r} is not a year",
                f"มาตรการ {mid!r}: ปีของตัวชี้วัด ({key}) {text!r} ไม่ใช่ปี",
                row=number,
                column=f"kpi_{key}",
                value=text,
            )
    first = parse_year(cell(kpi.get("baseline_year")))
    last = parse_year(cell(kpi.get("target_year")))
    if first is not None and last is not None and last < first:
        collector.add(
            f"measure {mid!r}: the KPI target year {last} is before its baseline year {first}",
            f"มาตรการ {mid!r}: ปีเป้าหมายของตัวชี้วัด (พ.ศ. {last + 543}) อยู่ก่อนปีฐาน (พ.ศ. {first + 543})",
            row=number,
            column="kpi_target_year",
        )


_OVERLAP = re.compile(r"^measures '([^']+)'.*? and '([^']+)'.*act on the same lines")


def explain_overlaps(problems: list[Problem], measures: Sequence[Measure]) -> list[Problem]:
    """The engine's ordering rule, told with a concrete fix: two measures on the same
    lines and gases must both have an order, and different ones (the smaller order is
    applied first); the suggestion follows the library's rule of demand first, then
    fuel switching, then emission factors."""
    by_id = {m.id: m for m in measures}
    out = []
    for p in problems:
        match = _OVERLAP.match(p.message_en)
        if p.column != "order" or match is None or not {*match.groups()} <= set(by_id):
            out.append(p)
            continue
        a, b = by_id[match.group(1)], by_id[match.group(2)]
        first, second = sorted((a, b), key=lambda m: (_KIND_RANK.get(m.kind, 9), m.row or 0))
        o1 = first.order if first.order is not None else 10.0
        o2 = second.order if second.order is not None and second.order > o1 else o1 + 10
        missing = [m.id for m in (a, b) if m.order is None]
        if missing:
            what_en = f"no order is given for {' and '.join(repr(x) for x in missing)}"
            what_th = f"ยังไม่ได้ระบุลำดับ (order) ของ {' และ '.join(repr(x) for x in missing)}"
        else:
            what_en = f"both have order {a.order:g}"
            what_th = f"ทั้งสองมีลำดับ (order) เท่ากันคือ {a.order:g}"
        out.append(
            replace(
                p,
                message_en=(
                    f"measures {a.id!r} (row {a.row}) and {b.id!r} (row {b.row}) reduce the same "
                    f"inventory lines and gases, and {what_en}: the second one acts on what the "
                    "first leaves, so the plan must know which comes first. Give each a "
                    "different number in the 'order' column (the smaller is applied first), "
                    f"for example {o1:g} for {first.id!r} and {o2:g} for {second.id!r} "
                    "(less activity and efficiency first, then fuel switching, then cleaner "
                    "emission factors)"
                ),
                message_th=(
                    f"มาตรการ {a.id!r} (แถว {a.row}) และ {b.id!r} (แถว {b.row}) ลดก๊าซจากรายการ"
                    f"และก๊าซชนิดเดียวกันในบัญชี และ{what_th}: มาตรการที่สองคิดจากส่วนที่เหลือหลัง"
                    "มาตรการแรก จึงต้องกำหนดว่ามาตรการใดมาก่อน ให้ใส่ตัวเลขในคอลัมน์ 'order' "
                    "ที่ต่างกัน (ตัวเลขน้อยทำก่อน) "
                    f"เช่น {o1:g} สำหรับ {first.id!r} และ {o2:g} สำหรับ {second.id!r} "
                    "(ลดกิจกรรมและเพิ่มประสิทธิภาพก่อน แล้วจึงเปลี่ยนเชื้อเพลิง "
                    "แล้วจึงลดค่าการปล่อยต่อหน่วย)"
                ),
            )
        )
    return out


def load_base(base_document: dict, collector: ProblemCollector) -> BaseInventory | None:
    try:
        return from_json_dict(base_document, file="inventory")
    except InputError as error:
        collector.extend(error.problems)
        return None


def run_plan(
    base_document: dict,
    inputs: ReductionInputs,
    history_documents: Iterable[dict] = (),
    *,
    file: str | None = None,
) -> tuple[PlanResult | None, list[Problem], EngineInputs]:
    """Read the inputs and run the engine: (result or None, every problem, what was read)."""
    collector = ProblemCollector()
    base = load_base(base_document, collector)
    read = engine_inputs(inputs, file=file)
    history = []
    for k, doc in enumerate(history_documents, start=1):
        try:
            history.append(from_json_dict(doc, file=f"history {k}"))
        except InputError as error:
            collector.extend(error.problems)
    problems = [*collector.problems, *read.problems]
    if base is None or any(p.sheet == "settings" for p in problems):
        return None, problems, read
    end = inputs.to_year()
    if end is None:
        end = max(base.year + 1, 2030)
    targets = list(read.targets)
    left_out = [t for t in targets if t.name in read.national and t.year > end]
    targets = [t for t in targets if t not in left_out]
    plan_inputs = PlanInputs(
        base=base,
        drivers=read.drivers,
        grid=read.grid,
        measures=read.measures,
        targets=targets,
        history=history,
        problems=problems,
    )
    scenarios = [Scenario(PLAN_SCENARIO, tuple(m.id for m in read.measures))]
    try:
        result = make_plan(
            plan_inputs,
            to_year=end,
            scenarios=scenarios if read.measures else [],
            basis=inputs.basis,
        )
    except InputError as error:
        return None, explain_overlaps(error.problems, read.measures), read
    for t in left_out:
        result.warnings.append(
            Problem(
                f"national target {t.name!r} ({t.year}) is after the projection end {end}: "
                "left out",
                f"เป้าหมายระดับประเทศ {t.name!r} (พ.ศ. {t.year + 543}) อยู่หลังปีสิ้นสุดการคาดการณ์ "
                f"(พ.ศ. {end + 543}): ไม่นำมาใช้",
                sheet="targets",
            )
        )
    return result, [], read


def check_inputs(inputs: ReductionInputs, base_document: dict) -> list[Problem]:
    """Every problem of the section's inputs against its base inventory (empty: clean)."""
    _, problems, _ = run_plan(base_document, inputs)
    return problems


def check_measure(
    row: dict, others: Sequence[dict] = (), base_document: dict | None = None
) -> list[Problem]:
    """Problems of one measure form row: its cells (engine rules), its plan attributes,
    a duplicate id among ``others``, and, with the base inventory, the lines it targets
    and the ordering rule against ``others``. Problems name the column; no row."""
    collector = ProblemCollector(sheet="measures")
    mine = ReductionInputs(measures=[row])
    read = engine_inputs(mine)
    problems = list(read.problems)
    mid = cell(row.get("id")) or cell(row.get("library_id"))
    if mid and mid in {cell(o.get("id")) or cell(o.get("library_id")) for o in others}:
        collector.add(
            f"measure id {mid!r} is already used by another measure of this plan",
            f"รหัสมาตรการ {mid!r} ซ้ำกับมาตรการอื่นในแผนนี้",
            column="id",
            value=mid,
        )
    problems += collector.problems
    if base_document is not None and read.measures and not problems:
        every = ReductionInputs(measures=[*others, row])
        all_read = engine_inputs(every)
        if not any(p.row != len(others) + 2 for p in all_read.problems if p.row):
            base = load_base(base_document, ProblemCollector())
            if base is not None:
                projection = project(base, None, to_year=base.year + 1)
                run = ProblemCollector()
                ids = tuple(m.id for m in all_read.measures)
                run_scenarios(
                    projection, all_read.measures, [Scenario(PLAN_SCENARIO, ids)], collector=run
                )
                explained = explain_overlaps(run.problems, all_read.measures)
                problems += [p for p in explained if f"'{read.measures[0].id}'" in p.message_en]
    return [replace(p, row=None) for p in problems]
