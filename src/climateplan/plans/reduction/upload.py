"""Uploading the section's tables (CSV or the workbook) and the blank workbook to fill.

:func:`read_upload` first runs the shared upload guard (:mod:`climateplan.uploads`:
type, size, unpacked size and ratio of a workbook, row limit), then reads each table
with the engine's reader, so the same rules and messages apply as on the form; every
problem is raised at once (file, sheet, row, column) and nothing is returned half-read.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.mitigation._tables import drop_blank_rows, read_table
from climateplan.mitigation.aggregate import BASIS_LABELS
from climateplan.mitigation.measures import KIND_LABELS, STATUS_LABELS
from climateplan.plans.reduction.checks import engine_inputs
from climateplan.plans.reduction.defaults import (
    default_drivers,
    library_measures,
    national_targets,
)
from climateplan.plans.reduction.inputs import BUDGET_SOURCES, ReductionInputs, cell
from climateplan.plans.reduction.tables import (
    SHEETS,
    YEAR_COLUMNS,
    input_tables,
    measure_rows_from_table,
    plain_rows_from_table,
    target_rows_from_table,
    typed,
)
from climateplan.reports.cells import workbook_bytes
from climateplan.uploads import (
    DEFAULT_LIMITS,
    UploadLimits,
    check_archive,
    check_upload,
    too_many_rows,
)

CSV_TABLES = ("drivers", "grid_ef", "measures", "targets")
WORKBOOK_SHEETS = ("drivers", "grid_ef", "measures", "budget", "targets")


def read_upload(
    data: bytes,
    filename: str,
    *,
    table: str | None = None,
    limits: UploadLimits = DEFAULT_LIMITS,
) -> ReductionInputs:
    """The tables of an upload as stored inputs (only the tables the file holds).

    CSV: one table, named by ``table`` (``drivers``, ``grid_ef``, ``measures`` or
    ``targets``). XLSX: the sheets ``drivers``, ``grid_ef``, ``measures``, ``budget``,
    ``targets`` (each optional, at least one). Raises InputError with every problem.
    """
    name = Path(filename or "upload").name
    problems = check_upload(name, len(data), data[:4096], limits)
    suffix = Path(name).suffix.lower()
    if suffix == ".csv" and table not in CSV_TABLES:
        problems.append(
            Problem(
                f"say which table the CSV file holds: one of {', '.join(CSV_TABLES)} "
                "(a workbook holds them all, and the budget lines)",
                f"ให้ระบุว่าไฟล์ CSV เป็นตารางใด: {', '.join(CSV_TABLES)} "
                "(เวิร์กบุ๊กเก็บได้ทุกตาราง รวมทั้งงบประมาณ)",
                file=name,
            )
        )
    if problems:
        raise InputError(problems)
    with tempfile.TemporaryDirectory(prefix="reduction-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        if suffix == ".xlsx":
            problems = check_archive(path, limits)
            if problems:
                raise InputError(problems)
        return _read(path, name, table if suffix == ".csv" else None, limits)


def _raw(path: Path, sheet: str, collector: ProblemCollector, required: bool):
    table = read_table(path, sheet=sheet, collector=collector, required=required)
    if table is None:
        return None
    frame = drop_blank_rows(table.frame)
    return table, frame


def _read(path: Path, name: str, table: str | None, limits: UploadLimits) -> ReductionInputs:
    collector = ProblemCollector(file=name)
    sheets = [table] if table else list(WORKBOOK_SHEETS)
    raw = {}
    for sheet in sheets:
        got = _raw(path, sheet, collector, required=table is not None)
        if got is None:
            continue
        source, frame = got
        label = None if table else source.sheet
        if len(frame) > limits.max_rows:
            collector.extend([too_many_rows(limits.max_rows, file=name, sheet=label)])
            continue
        raw[sheet] = (frame, label)
    if not raw and not collector:
        collector.add(
            f"the workbook has none of the sheets {', '.join(WORKBOOK_SHEETS)}",
            f"เวิร์กบุ๊กไม่มีชีตใดเลยจาก {', '.join(WORKBOOK_SHEETS)}",
        )
    collector.raise_if_any()
    inputs = ReductionInputs()
    rows_of: dict[str, list[int]] = {}
    labels: dict[str, str | None] = {}
    for sheet, (frame, label) in raw.items():
        records = frame.to_dict("records")
        rows_of[sheet] = [int(i) for i in frame.index]
        labels[sheet] = label
        unknown = [c for c in frame.columns if c not in (*SHEETS[sheet][0], *SHEETS[sheet][1])]
        for column in unknown:
            known = sorted({*SHEETS[sheet][0], *SHEETS[sheet][1]})
            collector.add(
                f"unknown column {column!r} in the {sheet} table "
                f"(known columns: {', '.join(known)})",
                f"ไม่รู้จักคอลัมน์ {column!r} ในตาราง {sheet} (คอลัมน์ที่ใช้ได้: {', '.join(known)})",
                sheet=label,
                row=1,
                column=column,
            )
        records = [{k: v for k, v in r.items() if k not in unknown} for r in records]
        if sheet == "drivers":
            inputs.drivers = plain_rows_from_table(records)
        elif sheet == "grid_ef":
            inputs.grid = plain_rows_from_table(records)
        elif sheet == "measures":
            inputs.measures = measure_rows_from_table(records)
        elif sheet == "targets":
            inputs.targets = target_rows_from_table(records)
    budget_rows: dict[tuple[int, int], int] = {}
    if "budget" in raw:
        budget_rows = _attach_budget(inputs, raw["budget"][0], labels["budget"], collector)
    read = engine_inputs(inputs, file=name)
    for p in read.problems:
        collector.extend([_relocate(p, rows_of, labels, budget_rows)])
    collector.raise_if_any()
    return inputs


_BUDGET_COLUMN = re.compile(r"^budget (\d+): (.+)$")


def _relocate(p: Problem, rows_of: dict, labels: dict, budget_rows: dict) -> Problem:
    """A problem of the stored rows, located in the uploaded sheet: its row there (blank
    rows skipped on reading), and a budget line's problem on the budget sheet's row."""
    sheet = p.sheet if p.sheet in rows_of else None
    if sheet is None or p.row is None or not 2 <= p.row < len(rows_of[sheet]) + 2:
        return p
    index = p.row - 2
    budget = _BUDGET_COLUMN.match(p.column or "")
    if sheet == "measures" and budget and (index, int(budget[1])) in budget_rows:
        return replace(
            p,
            sheet=labels.get("budget"),
            row=budget_rows[(index, int(budget[1]))],
            column=budget[2],
        )
    return replace(p, sheet=labels.get(sheet), row=rows_of[sheet][index])


def _attach_budget(
    inputs, frame: pd.DataFrame, label, collector: ProblemCollector
) -> dict[tuple[int, int], int]:
    """Budget sheet rows onto their measures; (measure index, line number) -> sheet row."""
    by_id = {cell(m.get("id")) or cell(m.get("library_id")): m for m in inputs.measures}
    index = {id(m): i for i, m in enumerate(inputs.measures)}
    where: dict[tuple[int, int], int] = {}
    for row, rec in zip(frame.index, frame.to_dict("records"), strict=True):
        mid = cell(rec.get("measure_id"))
        if mid not in by_id:
            collector.add(
                f"budget line for measure {mid!r}, which is not in the measures sheet",
                f"งบประมาณของมาตรการ {mid!r} ซึ่งไม่มีในชีต measures",
                sheet=label,
                row=int(row),
                column="measure_id",
                value=mid or None,
            )
            continue
        measure = by_id[mid]
        where[(index[id(measure)], len(measure["budget"]) + 1)] = int(row)
        measure["budget"].append(
            {
                "fiscal_year": typed("fiscal_year", rec.get("fiscal_year")),
                "amount_thb": typed("amount_thb", rec.get("amount_thb")),
                "source": cell(rec.get("source")).lower(),
                **({"note": cell(rec.get("note"))} if cell(rec.get("note")) else {}),
            }
        )
    return where


# --- the blank workbook --------------------------------------------------------------

_HELP = {
    "th": [
        ("แบบฟอร์มแผนลดก๊าซเรือนกระจก", ""),
        ("วิธีใช้", "กรอกข้อมูลในแต่ละชีต แล้วอัปโหลดเวิร์กบุ๊กนี้ในหน้าส่วนแผนลดก๊าซเรือนกระจก"),
        ("ปี", "ใส่ปี พ.ศ. (เช่น 2573) หรือ ค.ศ. (เช่น 2030) ก็ได้ ระบบแปลงให้"),
        ("ค่าตั้งต้น", "แถวที่ is_default = yes เป็นค่าตั้งต้นพร้อมแหล่งที่มา ควรแทนด้วยข้อมูลของจังหวัด"),
        ("drivers", "ตัวขับเคลื่อนการคาดการณ์กรณีปกติ (ประชากร ผลิตภัณฑ์มวลรวมจังหวัด ฯลฯ)"),
        ("grid_ef", "ค่าการปล่อยก๊าซของไฟฟ้ารายปี (ไม่บังคับ): kgCO2e/kWh"),
        ("measures", "มาตรการลดก๊าซ: ชนิด รายการที่มุ่งลด ผล สัดส่วน ปีเริ่ม ต้นทุน หน่วยงานรับผิดชอบ ตัวชี้วัด"),
        ("budget", "งบประมาณของแต่ละมาตรการ: ปีงบประมาณ จำนวนเงิน (บาท) แหล่งงบประมาณ"),
        ("targets", "เป้าหมาย: ลดจากกรณีปกติ ลดจากปีฐาน ปริมาณสูงสุด หรือสุทธิเป็นศูนย์"),
        ("order", "มาตรการที่ลดรายการเดียวกันต้องมีลำดับ (order) ต่างกัน ตัวเลขน้อยทำก่อน"),
        ("แหล่งงบประมาณ", ", ".join(f"{k} = {th}" for k, (_, th) in BUDGET_SOURCES.items())),
    ],
    "en": [
        ("GHG reduction plan workbook", ""),
        ("How to use", "Fill in each sheet, then upload this workbook on the reduction plan page"),
        ("Years", "Buddhist Era (2573) or Common Era (2030): both are read"),
        (
            "Defaults",
            "Rows with is_default = yes are defaults with their source: replace them "
            "with the province's own data",
        ),
        ("drivers", "drivers of the business-as-usual projection (population, GPP, ...)"),
        ("grid_ef", "grid emission factor by year (optional): kgCO2e/kWh"),
        (
            "measures",
            "reduction measures: kind, lines targeted, effect, uptake, start year, "
            "costs, owner agency, KPI",
        ),
        ("budget", "budget lines of each measure: fiscal year, amount (THB), source"),
        ("targets", "targets: below BAU, below the base year, absolute, or net zero"),
        ("order", "measures on the same lines need different orders: the smaller comes first"),
        ("Budget sources", ", ".join(f"{k} = {en}" for k, (en, _) in BUDGET_SOURCES.items())),
    ],
}


# (sheet, column, Thai, English): what an officer types in each column
COLUMN_GUIDE = (
    (
        "drivers",
        "driver",
        "ชื่อตัวขับเคลื่อน เช่น population, gpp, vehicle_stock, rice_area",
        "driver name, e.g. population, gpp, vehicle_stock, rice_area",
    ),
    ("drivers", "year", "ปีของแถว", "year of the row"),
    ("drivers", "value", "ระดับในปีนั้น (หน่วยใดก็ได้)", "level in that year (any unit)"),
    (
        "drivers",
        "growth_pct",
        "อัตราเพิ่มร้อยละต่อปีจากปีนั้นถึงแถวถัดไป",
        "% growth per year from that year to the next row",
    ),
    ("drivers", "source", "แหล่งที่มาของข้อมูล", "where the figure comes from"),
    ("grid_ef", "ef", "ค่าการปล่อยก๊าซของไฟฟ้า kgCO2e/kWh", "grid emission factor, kgCO2e/kWh"),
    ("measures", "id", "รหัสมาตรการ (อักษรอังกฤษ ตัวเลข _)", "measure code (letters, digits, _)"),
    (
        "measures",
        "from_library",
        "รหัสมาตรการในคลัง (ชีต library) ช่องที่เว้นว่างใช้ค่าจากคลัง",
        "library measure id (sheet library): blank cells take the library's values",
    ),
    ("measures", "name_th / name_en", "ชื่อมาตรการภาษาไทย / อังกฤษ", "name in Thai / English"),
    (
        "measures",
        "kind",
        "activity ลดกิจกรรม, intensity ลดการใช้พลังงานต่อหน่วย, emission_factor "
        "ลดการปล่อยต่อหน่วย, fuel_switch เปลี่ยนเชื้อเพลิง, tonnes ปริมาณที่ลดได้ (ตัน)",
        "activity, intensity, emission_factor, fuel_switch, tonnes",
    ),
    (
        "measures",
        "gpc_ref / subsector / sector / method / activity",
        "รายการในบัญชีที่มาตรการลด เช่น subsector V.3 และ method rice_cultivation",
        "the inventory lines it reduces, e.g. subsector V.3 and method rice_cultivation",
    ),
    ("measures", "effect_pct", "ผลการลดเมื่อดำเนินการเต็มที่ (ร้อยละ)", "reduction at full uptake (%)"),
    ("measures", "uptake_pct", "สัดส่วนที่ดำเนินการได้ (ร้อยละ)", "share reached at full uptake (%)"),
    (
        "measures",
        "start_year / ramp_years / end_year",
        "ปีเริ่ม จำนวนปีจนเต็มที่ ปีสิ้นสุด",
        "first year, years to full uptake, last year",
    ),
    (
        "measures",
        "order",
        "ลำดับ: มาตรการที่ลดรายการเดียวกันต้องมีลำดับต่างกัน (น้อยทำก่อน)",
        "order: measures on the same lines need different orders (smaller first)",
    ),
    (
        "measures",
        "investment / om_per_year / savings_per_year",
        "เงินลงทุน ค่าดำเนินการต่อปี และเงินที่ประหยัดได้ต่อปี (บาท ต่อตัน CO2e ที่ลดได้ต่อปี เมื่อ cost_basis = per_t)",
        "investment, O&M and savings per year (THB per t CO2e a year when cost_basis = per_t)",
    ),
    ("measures", "owner_agency", "หน่วยงานรับผิดชอบหลัก", "agency responsible"),
    ("measures", "co_agencies", "หน่วยงานร่วม (คั่นด้วย ;)", "agencies taking part (separate with ;)"),
    (
        "measures",
        "kpi_name_th ... kpi_target_year",
        "ตัวชี้วัด: ชื่อ หน่วย ค่าฐาน ปีฐาน ค่าเป้าหมาย ปีเป้าหมาย",
        "KPI: name, unit, baseline, baseline year, target, target year",
    ),
    ("budget", "measure_id", "รหัสมาตรการ (id ในชีต measures)", "the measure's id in sheet measures"),
    ("budget", "fiscal_year", "ปีงบประมาณ", "fiscal year"),
    ("budget", "amount_thb", "จำนวนเงิน (บาท)", "amount (THB)"),
    ("budget", "source", "แหล่งงบประมาณ (เลือกจากรายการ)", "budget source (choose from the list)"),
    (
        "targets",
        "kind",
        "bau_relative ลดจากกรณีปกติ, base_year_relative ลดจากปีฐาน, absolute "
        "ปริมาณสูงสุด, below_bau_tonnes ต่ำกว่ากรณีปกติเป็นตัน, net_zero สุทธิเป็นศูนย์",
        "bau_relative, base_year_relative, absolute, below_bau_tonnes, net_zero",
    ),
    ("targets", "reduction_pct / value", "ร้อยละที่ลด หรือจำนวนตัน CO2e", "% reduction, or t CO2e"),
    ("targets", "basis", "ยอดรวมที่ใช้ เว้นว่าง = BASIC+", "the total it is set on (blank: BASIC+)"),
)


def template_workbook(
    province: str, base_year: int, lang: str = "th", to_year: int = 2065
) -> bytes:
    """The workbook to fill: instructions (Thai and English), the default drivers and the
    national targets pre-filled and marked ``is_default = yes``, drop-down lists for
    kinds, statuses, budget sources, bases and target kinds; sanitised for export."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    inputs = ReductionInputs(
        drivers=default_drivers(province, base_year, to_year),
        targets=national_targets(base_year),
    )
    tables = input_tables(inputs)
    book = Workbook()
    info = book.active
    info.title = "อ่านก่อน" if lang == "th" else "read_me"
    first, second = ("th", "en") if lang == "th" else ("en", "th")
    for key in (first, second):
        for a, b in _HELP[key]:
            info.append([a, b])
        info.append([])
    info.append(["province", province])
    info.append(["base_year", base_year + 543 if lang == "th" else base_year])
    info.append([])
    info.append(
        ["ชีต / sheet", "คอลัมน์ / column", "ความหมาย", "meaning"]
        if lang == "th"
        else ["sheet", "column", "meaning", "ความหมาย"]
    )
    for sheet_name, column, th, en in COLUMN_GUIDE:
        info.append([sheet_name, column, th, en] if lang == "th" else [sheet_name, column, en, th])
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60
    info.column_dimensions["C"].width = 70
    info.column_dimensions["D"].width = 60
    bold = Font(bold=True)
    default_fill = PatternFill("solid", fgColor="FFF2CC")
    for sheet_name in WORKBOOK_SHEETS:
        frame = tables[sheet_name]
        columns = list(SHEETS[sheet_name][0]) + list(SHEETS[sheet_name][1])
        sheet = book.create_sheet(sheet_name)
        sheet.append(columns)
        for c in sheet[1]:
            c.font = bold
        for rec in frame.to_dict("records"):
            values = [_excel(rec.get(c), c, lang) for c in columns]
            sheet.append(values)
            if cell(rec.get("is_default")) == "yes":
                for c in sheet[sheet.max_row]:
                    c.fill = default_fill
        for i, column in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(10, len(column) + 2)
        lists = {
            "measures": {
                "kind": list(KIND_LABELS),
                "status": list(STATUS_LABELS),
                "sector": ["I", "II", "III", "IV", "V", "VI"],
            },
            "budget": {"source": list(BUDGET_SOURCES)},
            "targets": {
                "kind": [
                    "bau_relative",
                    "base_year_relative",
                    "absolute",
                    "below_bau_tonnes",
                    "net_zero",
                ],
                "basis": [b for b in BASIS_LABELS if not b.startswith("scope")],
                "national": ["yes", ""],
            },
        }.get(sheet_name, {})
        for column, choices in lists.items():
            letter = sheet.cell(1, columns.index(column) + 1).column_letter
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(c for c in choices if c) + '"',
                allow_blank=True,
            )
            rule.error = "เลือกจากรายการ / choose from the list"
            rule.prompt = ", ".join(c for c in choices if c)
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}1000")
    library = book.create_sheet("library")
    columns = (
        "id",
        "name_th",
        "name_en",
        "kind",
        "sector_of",
        "effect_pct",
        "uptake_pct",
        "order",
        "source",
        "source_effect",
        "source_uptake",
        "source_cost",
    )
    library.append(list(columns))
    for c in library[1]:
        c.font = bold
    for rec in library_measures():
        library.append([rec.get(c) or None for c in columns])
    return workbook_bytes(book)


def _excel(value, column: str = "", lang: str = "en"):
    """A stored value as a workbook cell (years in the Buddhist Era on a Thai workbook)."""
    if column in YEAR_COLUMNS and lang == "th" and isinstance(value, int):
        return value + 543
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value
