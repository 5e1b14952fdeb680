"""The provincial development plan's structure (แผนพัฒนาจังหวัด), read from its XLSX layout.

A development plan is a tree of four levels: development issues (ประเด็นการพัฒนา),
strategies (กลยุทธ์), programmes (แผนงาน) and projects (โครงการ). The layout
(docs/monitoring/development-plan.md) is one sheet, ``development_plan``, one row per
item, with the columns of :data:`COLUMNS`. :func:`read_development_plan` streams it
(openpyxl read-only mode) after the shared upload guard (:mod:`climateplan.uploads`)
and :func:`check_records` checks the rows, whether they came from a file or were typed
on a page: every problem at once, located (file, sheet, row, column), in Thai and
English; on any problem nothing is returned.

Rules: a code is given and unique; a name in Thai is given; an issue has no parent and
every other item's parent is an item of the level directly above (a strategy under an
issue, a programme under a strategy, a project under a programme); a budget is a number
of baht, not negative; a fiscal year is a Thai fiscal year, in the Buddhist Era (a year
above 2400) or the Common Era, stored in the Common Era.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.plans.period import BE_OFFSET, FIRST_YEAR, LAST_YEAR
from climateplan.uploads import (
    DEFAULT_LIMITS,
    UploadLimits,
    check_archive,
    check_upload,
    too_many_rows,
)

SHEET = "development_plan"
NOTES_SHEET = "notes"
LEVELS = ("issue", "strategy", "programme", "project")
# The words a sheet may use for each level (compared without case and spaces).
LEVEL_WORDS = {
    "issue": ("issue", "development issue", "ประเด็นการพัฒนา", "ประเด็น"),
    "strategy": ("strategy", "กลยุทธ์"),
    "programme": ("programme", "program", "แผนงาน"),
    "project": ("project", "โครงการ"),
}
LEVEL_LABELS = {
    "issue": ("Development issue", "ประเด็นการพัฒนา"),
    "strategy": ("Strategy", "กลยุทธ์"),
    "programme": ("Programme", "แผนงาน"),
    "project": ("Project", "โครงการ"),
}
# (column, required, English meaning, Thai meaning)
COLUMNS = (
    (
        "level",
        True,
        "issue, strategy, programme or project",
        "ประเด็นการพัฒนา กลยุทธ์ แผนงาน หรือโครงการ",
    ),
    ("code", True, "the item's code, unique in the plan", "รหัสของรายการ ไม่ซ้ำกันในแผน"),
    (
        "parent_code",
        False,
        "the code of the item above (empty for an issue)",
        "รหัสของรายการระดับเหนือขึ้นไป (เว้นว่างสำหรับประเด็นการพัฒนา)",
    ),
    ("name_th", True, "name in Thai", "ชื่อภาษาไทย"),
    ("name_en", False, "name in English", "ชื่อภาษาอังกฤษ"),
    ("agency", False, "the agency that carries a project", "หน่วยงานที่ดำเนินโครงการ"),
    ("budget_thb", False, "the project's budget in baht", "งบประมาณของโครงการ (บาท)"),
    (
        "fiscal_year",
        False,
        "the Thai fiscal year (Oct-Sep), BE (2569) or CE (2026)",
        "ปีงบประมาณ (ต.ค.-ก.ย.) เป็น พ.ศ. (2569) หรือ ค.ศ. (2026)",
    ),
)
REQUIRED = tuple(name for name, required, _, _ in COLUMNS if required)
# Header words accepted beside the documented English names.
HEADER_ALIASES = {
    "ระดับ": "level",
    "รหัส": "code",
    "รหัสรายการหลัก": "parent_code",
    "parent": "parent_code",
    "ชื่อ": "name_th",
    "ชื่อภาษาไทย": "name_th",
    "ชื่อภาษาอังกฤษ": "name_en",
    "หน่วยงาน": "agency",
    "งบประมาณ": "budget_thb",
    "budget": "budget_thb",
    "ปีงบประมาณ": "fiscal_year",
}
MAX_CODE = 40
MAX_NAME = 500
MAX_AGENCY = 300


@dataclass(frozen=True)
class DevelopmentRecord:
    """One item of a development plan, as checked (years in the Common Era)."""

    level: str
    code: str
    name_th: str
    parent_code: str = ""
    name_en: str = ""
    agency: str = ""
    budget: float | None = None
    fiscal_year: int | None = None
    row: int | None = None  # the sheet's row (None when typed on a page)


def _norm(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


_LEVEL_OF = {_norm(word): level for level, words in LEVEL_WORDS.items() for word in words}


def level_of(text: object) -> str | None:
    """``issue`` / ``strategy`` / ``programme`` / ``project`` for a word of either language."""
    return _LEVEL_OF.get(_norm(text))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


def fiscal_year_ce(value: object) -> int:
    """A fiscal year as a Common Era year: a year above 2400 is read as Buddhist Era.

    Raises ValueError when it is not a whole year between FIRST_YEAR and LAST_YEAR (CE).
    """
    number = float(str(value).replace(",", "").strip())
    if not number.is_integer():
        raise ValueError(value)
    year = int(number)
    if year > 2400:
        year -= BE_OFFSET
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(value)
    return year


def parse_amount(value: object) -> float:
    """Baht from a cell or a form: ``1,200,000`` and ``1200000.50`` alike (ValueError else)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        number = float(str(value).replace(",", "").replace("฿", "").strip())
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def record_from_cells(cells: dict[str, object], problems: ProblemCollector, row=None):
    """A record from one row's cells (text or numbers); None when its level or code is
    unreadable.

    Problems of single cells are added to ``problems`` (a record is still returned when
    only other cells are wrong, so the rules between rows can be checked too); the rules
    between rows are :func:`check_records`'.
    """
    text = {name: _cell_text(cells.get(name)) for name, *_ in COLUMNS}

    def add(column: str, en: str, th: str) -> None:
        problems.add(en, th, row=row, column=column, value=text[column] or None)

    level = level_of(text["level"])
    if not text["level"]:
        add("level", "the level is missing", "ไม่ได้ระบุระดับ")
    elif level is None:
        add(
            "level",
            "the level must be issue, strategy, programme or project",
            "ระดับต้องเป็น ประเด็นการพัฒนา กลยุทธ์ แผนงาน หรือโครงการ",
        )
    if not text["code"]:
        add("code", "the code is missing", "ไม่ได้ระบุรหัส")
    elif len(text["code"]) > MAX_CODE:
        add("code", f"a code has at most {MAX_CODE} characters", f"รหัสยาวได้ไม่เกิน {MAX_CODE} ตัวอักษร")
    if not text["name_th"]:
        add("name_th", "the Thai name is missing", "ไม่ได้ระบุชื่อภาษาไทย")
    for column in ("name_th", "name_en"):
        if len(text[column]) > MAX_NAME:
            add(
                column,
                f"a name has at most {MAX_NAME} characters",
                f"ชื่อยาวได้ไม่เกิน {MAX_NAME} ตัวอักษร",
            )
    if len(text["agency"]) > MAX_AGENCY:
        add(
            "agency",
            f"an agency name has at most {MAX_AGENCY} characters",
            f"ชื่อหน่วยงานยาวได้ไม่เกิน {MAX_AGENCY} ตัวอักษร",
        )
    budget = None
    if text["budget_thb"]:
        try:
            budget = parse_amount(cells.get("budget_thb"))
        except ValueError:
            add(
                "budget_thb",
                "the budget must be a number of baht (e.g. 2500000)",
                "งบประมาณต้องเป็นจำนวนเงินบาท (เช่น 2500000)",
            )
        else:
            if budget < 0:
                add("budget_thb", "the budget cannot be negative", "งบประมาณติดลบไม่ได้")
                budget = None
    fiscal_year = None
    if text["fiscal_year"]:
        try:
            fiscal_year = fiscal_year_ce(text["fiscal_year"])
        except ValueError:
            add(
                "fiscal_year",
                f"the fiscal year must be a year, BE ({FIRST_YEAR + BE_OFFSET}-"
                f"{LAST_YEAR + BE_OFFSET}) or CE ({FIRST_YEAR}-{LAST_YEAR})",
                f"ปีงบประมาณต้องเป็นปี พ.ศ. ({FIRST_YEAR + BE_OFFSET}-{LAST_YEAR + BE_OFFSET}) "
                f"หรือ ค.ศ. ({FIRST_YEAR}-{LAST_YEAR})",
            )
    if level is None or not text["code"] or len(text["code"]) > MAX_CODE:
        return None
    # A row with a bad cell still takes part in the rules between rows (its parent, its
    # code), so one reading reports every problem; the caller saves nothing.
    return DevelopmentRecord(
        level=level,
        code=text["code"],
        parent_code=text["parent_code"],
        name_th=text["name_th"],
        name_en=text["name_en"],
        agency=text["agency"],
        budget=budget,
        fiscal_year=fiscal_year,
        row=row,
    )


def check_records(records: list[DevelopmentRecord], problems: ProblemCollector) -> None:
    """The rules between rows: unique codes, parents that exist and are one level up."""
    first_row: dict[str, int | None] = {}
    by_code: dict[str, DevelopmentRecord] = {}
    for record in records:
        if record.code in by_code:
            where = first_row[record.code]
            problems.add(
                f"code {record.code!r} is used twice"
                + (f" (first in row {where})" if where else "")
                + ": every item needs its own code",
                f"รหัส {record.code!r} ซ้ำกัน"
                + (f" (ใช้ครั้งแรกในแถว {where})" if where else "")
                + ": แต่ละรายการต้องมีรหัสของตนเอง",
                row=record.row,
                column="code",
                value=record.code,
            )
            continue
        by_code[record.code] = record
        first_row[record.code] = record.row
    for record in records:
        depth = LEVELS.index(record.level)
        if depth == 0:
            if record.parent_code:
                problems.add(
                    "a development issue is the top level: leave parent_code empty",
                    "ประเด็นการพัฒนาเป็นระดับบนสุด: กรุณาเว้นว่างรหัสรายการหลัก (parent_code)",
                    row=record.row,
                    column="parent_code",
                    value=record.parent_code,
                )
            continue
        above = LEVELS[depth - 1]
        above_en, above_th = LEVEL_LABELS[above]
        level_en, level_th = LEVEL_LABELS[record.level]
        if not record.parent_code:
            problems.add(
                f"a {level_en.lower()} needs the code of its {above_en.lower()} in parent_code",
                f"{level_th}ต้องระบุรหัสของ{above_th}ที่สังกัดในช่องรหัสรายการหลัก (parent_code)",
                row=record.row,
                column="parent_code",
            )
            continue
        parent = by_code.get(record.parent_code)
        if parent is None:
            problems.add(
                f"no item has code {record.parent_code!r}: a {level_en.lower()}'s parent must be "
                f"a {above_en.lower()} of this plan",
                f"ไม่มีรายการรหัส {record.parent_code!r}: รายการหลักของ{level_th}ต้องเป็น"
                f"{above_th}ในแผนนี้",
                row=record.row,
                column="parent_code",
                value=record.parent_code,
            )
        elif parent.level != above:
            parent_en, parent_th = LEVEL_LABELS[parent.level]
            problems.add(
                f"{record.parent_code!r} is a {parent_en.lower()}: a {level_en.lower()}'s parent "
                f"must be a {above_en.lower()}",
                f"{record.parent_code!r} เป็น{parent_th}: รายการหลักของ{level_th}ต้องเป็น{above_th}",
                row=record.row,
                column="parent_code",
                value=record.parent_code,
            )


def check_development_plan(
    records: list[DevelopmentRecord], **location: str | None
) -> list[DevelopmentRecord]:
    """``records`` once every rule holds (raises InputError listing every problem)."""
    problems = ProblemCollector(**location)
    check_records(records, problems)
    problems.raise_if_any()
    return records


def ordered(records: list[DevelopmentRecord]) -> list[DevelopmentRecord]:
    """Records in tree order (each item followed by its children, in their given order)."""
    children: dict[str, list[DevelopmentRecord]] = {}
    codes = {r.code for r in records}
    roots = []
    for record in records:
        if record.parent_code and record.parent_code in codes:
            children.setdefault(record.parent_code, []).append(record)
        else:
            roots.append(record)
    out: list[DevelopmentRecord] = []
    seen: set[str] = set()

    def walk(record: DevelopmentRecord) -> None:
        if record.code in seen:
            return
        seen.add(record.code)
        out.append(record)
        for child in children.get(record.code, []):
            walk(child)

    for record in roots:
        walk(record)
    out.extend(r for r in records if r.code not in seen)
    return out


# ------------------------------------------------------------------------------ reading


def _header_name(text: str) -> str:
    key = _norm(text)
    names = {name for name, *_ in COLUMNS}
    if key in names:
        return key
    return HEADER_ALIASES.get(key, key)


def _read_rows(path: Path, filename: str, limits: UploadLimits, problems: ProblemCollector):
    """(header, rows as (sheet row number, cells)) of the ``development_plan`` sheet."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError on broken files
        problems.add(
            f"cannot open the workbook ({type(exc).__name__}): expected an .xlsx file",
            f"เปิดเวิร์กบุ๊กไม่ได้ ({type(exc).__name__}): ต้องเป็นไฟล์ .xlsx",
        )
        return None, []
    try:
        names = {s.strip().casefold(): s for s in book.sheetnames}
        if SHEET not in names:
            found = ", ".join(book.sheetnames)
            problems.add(
                f"the workbook has no sheet {SHEET!r} (it has: {found}): use the template's layout",
                f"เวิร์กบุ๊กไม่มีชีต {SHEET!r} (มีเฉพาะ: {found}): กรุณาใช้รูปแบบตามแม่แบบ",
            )
            return None, []
        header = None
        rows = []
        for number, row in enumerate(book[names[SHEET]].iter_rows(values_only=True), start=1):
            if number > limits.max_rows + 1:
                problems.extend(
                    [too_many_rows(limits.max_rows, file=filename, sheet=SHEET, row=number)]
                )
                return None, []
            if header is None:
                header = [_header_name(_cell_text(c)) for c in row]
                continue
            if all(_cell_text(c) == "" for c in row):
                continue
            rows.append((number, row))
    finally:
        book.close()
    return header, rows


def read_development_plan(
    data: bytes, filename: str, limits: UploadLimits = DEFAULT_LIMITS
) -> list[DevelopmentRecord]:
    """The checked records of an uploaded development-plan workbook, in the sheet's order.

    Raises InputError with every problem (file, sheet, row, column) and returns nothing
    on any problem.
    """
    guard = check_upload(filename, len(data), data[:4096], limits, suffixes=(".xlsx",))
    if guard:
        raise InputError(guard)
    problems = ProblemCollector(file=filename, sheet=SHEET)
    with tempfile.TemporaryDirectory(prefix="climateplan-devplan-") as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(data)
        archive = check_archive(path, limits)
        if archive:
            raise InputError([dataclasses.replace(p, file=filename) for p in archive])
        header, rows = _read_rows(path, filename, limits, problems)
    if header is None:
        problems.raise_if_any()
        raise InputError([Problem("the sheet is empty", "ชีตไม่มีข้อมูล", file=filename, sheet=SHEET)])
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.add(
            f"the header (row 1) lacks the columns {', '.join(missing)}: the columns are "
            + ", ".join(name for name, *_ in COLUMNS),
            f"แถวหัวตาราง (แถว 1) ไม่มีคอลัมน์ {', '.join(missing)}: คอลัมน์ที่ต้องมีคือ "
            + ", ".join(name for name, *_ in COLUMNS),
            row=1,
        )
        problems.raise_if_any()
    if not rows:
        problems.add(
            "the sheet has no item below its header",
            "ชีตไม่มีรายการใต้แถวหัวตาราง",
            row=2,
        )
        problems.raise_if_any()
    records = []
    for number, row in rows:
        cells = {name: value for name, value in zip(header, row, strict=False) if name}
        record = record_from_cells(cells, problems, row=number)
        if record is not None:
            records.append(record)
    check_records(records, problems)
    problems.raise_if_any()
    return records


# ------------------------------------------------------------------------------ template


EXAMPLE = (
    (
        "issue",
        "1",
        "",
        "การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อมอย่างยั่งยืน",
        "Sustainable management of natural resources and the environment",
        "",
        None,
        None,
    ),
    (
        "strategy",
        "1.1",
        "1",
        "ลดการปล่อยก๊าซเรือนกระจกและปรับตัวต่อการเปลี่ยนแปลงสภาพภูมิอากาศ",
        "Cut greenhouse gas emissions and adapt to climate change",
        "",
        None,
        None,
    ),
    (
        "programme",
        "1.1.1",
        "1.1",
        "แผนงานพลังงานสะอาดและการใช้พลังงานอย่างมีประสิทธิภาพ",
        "Clean and efficient energy",
        "",
        None,
        None,
    ),
    (
        "project",
        "1.1.1.01",
        "1.1.1",
        "โครงการติดตั้งระบบผลิตไฟฟ้าจากพลังงานแสงอาทิตย์บนหลังคาอาคารราชการ",
        "Rooftop solar on government buildings",
        "สำนักงานพลังงานจังหวัด",
        2_500_000,
        2569,
    ),
    (
        "programme",
        "1.1.2",
        "1.1",
        "แผนงานบริหารจัดการน้ำเพื่อรับมือภัยแล้ง",
        "Water management against drought",
        "",
        None,
        None,
    ),
    (
        "project",
        "1.1.2.01",
        "1.1.2",
        "โครงการขุดบ่อน้ำในไร่นานอกเขตชลประทาน",
        "Farm ponds outside irrigated areas",
        "สถานีพัฒนาที่ดินจังหวัด",
        4_000_000,
        2570,
    ),
)

NOTES = (
    ("ClimatePlan TH: provincial development plan (แผนพัฒนาจังหวัด)", ""),
    ("", ""),
    (
        "Fill the sheet 'development_plan': one row per item, the header in row 1 as given.",
        "กรอกชีต 'development_plan' หนึ่งแถวต่อหนึ่งรายการ โดยคงแถวหัวตาราง (แถว 1) ไว้ตามเดิม",
    ),
    (
        "The example rows show the layout only: replace them with the province's plan.",
        "แถวตัวอย่างแสดงรูปแบบเท่านั้น กรุณาแทนที่ด้วยรายการของแผนพัฒนาจังหวัด",
    ),
    (
        "Levels: issue > strategy > programme > project. Each item's parent_code is the code "
        "of an item of the level directly above; an issue has none.",
        "ระดับ: ประเด็นการพัฒนา > กลยุทธ์ > แผนงาน > โครงการ รหัสรายการหลัก (parent_code) "
        "ของแต่ละรายการคือรหัสของรายการในระดับเหนือขึ้นไปหนึ่งระดับ ประเด็นการพัฒนาไม่มีรายการหลัก",
    ),
    (
        "The level may be written in English or in Thai (ประเด็นการพัฒนา, กลยุทธ์, แผนงาน, โครงการ).",
        "ระดับเขียนเป็นภาษาอังกฤษหรือภาษาไทยก็ได้",
    ),
    (
        "Fiscal year: the Thai fiscal year (1 October - 30 September) named by the year it ends; "
        "a year above 2400 is read as BE (2569), otherwise as CE (2026).",
        "ปีงบประมาณ: ปีงบประมาณของไทย (1 ต.ค. - 30 ก.ย.) เรียกตามปีที่สิ้นสุด "
        "ปีที่มากกว่า 2400 อ่านเป็น พ.ศ. (2569) นอกนั้นอ่านเป็น ค.ศ. (2026)",
    ),
    ("", ""),
    ("Column", "คอลัมน์"),
)


def template_workbook() -> bytes:
    """The layout as a workbook: the sheet with a filled example and a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from climateplan.reports.cells import workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([name for name, *_ in COLUMNS])
    for row in EXAMPLE:
        sheet.append(list(row))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF3F5")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
    for column, width in zip("ABCDEFGH", (12, 12, 12, 60, 45, 28, 14, 12), strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet["G"][1:]:
        cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(NOTES_SHEET)
    for en, th in NOTES:
        notes.append([en, th])
    for name, required, en, th in COLUMNS:
        need_en = "required" if required else "optional"
        need_th = "ต้องกรอก" if required else "ไม่บังคับ"
        notes.append([f"{name} ({need_en}): {en}", f"{name} ({need_th}): {th}"])
    notes["A1"].font = Font(bold=True, size=12)
    notes.column_dimensions["A"].width = 90
    notes.column_dimensions["B"].width = 90
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(book)


def records_workbook(records: list[DevelopmentRecord]) -> bytes:
    """A development plan's items in the layout (to edit and upload again)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from climateplan.reports.cells import workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([name for name, *_ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in ordered(records):
        sheet.append(
            [
                r.level,
                r.code,
                r.parent_code,
                r.name_th,
                r.name_en,
                r.agency,
                r.budget,
                r.fiscal_year + BE_OFFSET if r.fiscal_year else None,
            ]
        )
    return workbook_bytes(book)


__all__ = [
    "COLUMNS",
    "LEVELS",
    "LEVEL_LABELS",
    "SHEET",
    "DevelopmentRecord",
    "check_development_plan",
    "check_records",
    "fiscal_year_ce",
    "level_of",
    "ordered",
    "parse_amount",
    "read_development_plan",
    "record_from_cells",
    "records_workbook",
    "template_workbook",
]
