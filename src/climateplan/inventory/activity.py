"""Reading and validating activity data: the input of an inventory.

An inventory's input is one table of activity lines (CSV, or the ``activity``
sheet of an XLSX workbook whose ``meta`` sheet gives province, year and GWP set).
Columns (docs/inventory/input-format.md):

- required: ``gpc_ref``, ``method``, ``activity``, ``amount``, ``unit``
  (``amount`` and ``unit`` may be blank when ``notation_key`` is given);
- optional: ``notation_key`` (NO, IE, NE, C), ``data_quality`` (H, M, L),
  ``activity_year``, ``uncertainty_pct``, ``source``, ``note``, ``province``
  (when present, must equal the inventory's province), and method parameters
  as ``param_<name>``.

Validation collects every problem with file, sheet, row and column, in Thai and
English, and raises :class:`~climateplan.errors.InputError` once. Nothing
downstream sees a half-valid table.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import InputError, Problem, ProblemCollector, sort_problems
from climateplan.inventory.methods import methods
from climateplan.reference import GWP_SETS, find_province, gpc_catalogue
from climateplan.tables import read_csv_table
from climateplan.units import UnitError, check_unit, conversion_factor
from climateplan.uploads import UploadLimits, check_archive, too_many_rows

REQUIRED_COLUMNS = ("gpc_ref", "method", "activity", "amount", "unit")
OPTIONAL_COLUMNS = (
    "notation_key",
    "data_quality",
    "activity_year",
    "uncertainty_pct",
    "source",
    "note",
    "province",
)
NOTATION_KEYS = {
    "NO": ("not occurring", "ไม่เกิดขึ้น"),
    "IE": ("included elsewhere", "รวมอยู่ในรายการอื่น"),
    "NE": ("not estimated", "ไม่ได้ประเมิน"),
    "C": ("confidential", "ข้อมูลปกปิด"),
}
DATA_QUALITY = {"H": ("high", "สูง"), "M": ("medium", "ปานกลาง"), "L": ("low", "ต่ำ")}
META_FIELDS = ("province", "year", "gwp")
ACTIVITY_SHEET = "activity"
META_SHEET = "meta"
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_META_ROWS = 100  # the meta sheet holds a handful of key/value rows
# Longest text each column takes: one definition for the upload, the line form, the API
# and the database columns (inventory/web/models.py uses the same numbers).
TEXT_LIMITS = {
    "gpc_ref": 16,
    "method": 64,
    "activity": 128,
    "unit": 32,
    "notation_key": 2,
    "data_quality": 1,
    "source": 500,
    "note": 1000,
}
FREE_TEXT_COLUMNS = ("source", "note")
PARAM_TEXT_LIMIT = 100  # a method parameter is a number or a short choice


@dataclass(frozen=True)
class InventoryMeta:
    """What an inventory is of: province (TH-xx), year (CE) and GWP set."""

    province: str
    year: int
    gwp: str = "AR5"
    name: str = ""

    @property
    def key(self) -> str:
        return f"{self.province}/{self.year}"


@dataclass
class ActivityData:
    """Validated activity lines of one inventory, ready for the engine.

    ``lines`` holds one row per input line with the engine's columns (see
    :mod:`climateplan.inventory.methods.base`) plus ``row`` (row number in the
    file), ``input_amount``, ``input_unit``, ``notation_key``, ``data_quality``,
    ``uncertainty_pct``, ``note``.
    """

    meta: InventoryMeta
    lines: pd.DataFrame
    file: str | None = None
    warnings: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def read_activity(
    path: str | Path,
    *,
    province: str | None = None,
    year: int | None = None,
    gwp: str | None = None,
    limits: UploadLimits | None = None,
) -> ActivityData:
    """Read and validate an activity file (CSV or XLSX). Flags override the meta sheet.

    With ``limits`` (:class:`climateplan.uploads.UploadLimits`, the web platform's
    uploads), a workbook's unpacked size is checked before it is opened and no more
    than ``limits.max_rows`` lines are read. Raises InputError listing every problem
    (file, sheet, row, column).
    """
    path = Path(path)
    name = path.name
    collector = ProblemCollector(file=name)
    if not path.exists():
        collector.add("file not found", "ไม่พบไฟล์")
        collector.raise_if_any()
    suffix = path.suffix.lower()
    meta_values: dict[str, object] = {}
    sheet: str | None = None
    max_rows = limits.max_rows if limits is not None else None
    if suffix in (".xlsx", ".xlsm"):
        if limits is not None:
            collector.extend(check_archive(path, limits))
            collector.raise_if_any()
        raw, meta_values, sheet = _read_workbook(path, collector, max_rows=max_rows)
    elif suffix in (".csv", ".txt"):
        raw = read_csv_table(path, collector, max_rows=max_rows)
    else:
        collector.add(
            f"unsupported file type {suffix or '(none)'!r}: expected a .csv or .xlsx file",
            f"ไม่รองรับไฟล์ชนิด {suffix or '(ไม่มีนามสกุล)'!r}: ต้องเป็นไฟล์ .csv หรือ .xlsx",
        )
        raw = None
    collector.raise_if_any()
    assert raw is not None
    overrides = {"province": province, "year": year, "gwp": gwp}
    meta = _resolve_meta(meta_values, overrides, collector, sheet=META_SHEET if sheet else None)
    try:
        return validate_activity(raw, meta, file=name, sheet=sheet, collector=collector)
    except InputError as error:
        if sheet is None:
            raise
        raise _explain_formulas(error, path, sheet, raw) from None


def _read_workbook(
    path: Path, collector: ProblemCollector, *, max_rows: int | None = None
) -> tuple[pd.DataFrame | None, dict[str, object], str | None]:
    """The activity sheet's text cells (index = spreadsheet row), meta values, sheet name.

    Rows are streamed (openpyxl read-only mode) and blank rows are not kept, so
    memory follows the lines of data, and reading stops after ``max_rows`` lines.
    """
    from openpyxl import load_workbook  # imported here: CSV users never pay for it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError on broken files
        collector.add(
            f"cannot open the workbook ({type(exc).__name__}): expected an .xlsx file "
            "saved by Excel or LibreOffice",
            f"เปิดเวิร์กบุ๊กไม่ได้ ({type(exc).__name__}): ต้องเป็นไฟล์ .xlsx ที่บันทึกจาก Excel หรือ LibreOffice",
        )
        return None, {}, None
    try:
        return _read_sheets(book, collector, max_rows)
    finally:
        book.close()


def _read_sheets(book, collector: ProblemCollector, max_rows: int | None):
    sheets = {s.strip().lower(): s for s in book.sheetnames}
    meta: dict[str, object] = {}
    if META_SHEET in sheets:
        rows = book[sheets[META_SHEET]].iter_rows(min_row=1, max_col=2, values_only=True)
        for row in islice(rows, MAX_META_ROWS):
            if row and row[0] is not None:
                meta[str(row[0]).strip().lower()] = row[1] if len(row) > 1 else None
    if ACTIVITY_SHEET not in sheets:
        collector.add(
            f"the workbook has no sheet named {ACTIVITY_SHEET!r} (sheets: "
            f"{', '.join(book.sheetnames)})",
            f"เวิร์กบุ๊กไม่มีชีตชื่อ {ACTIVITY_SHEET!r} (มีชีต: {', '.join(book.sheetnames)})",
        )
        return None, meta, None
    sheet_name = sheets[ACTIVITY_SHEET]
    rows = book[sheet_name].iter_rows(values_only=True)
    first = next(rows, None)
    if not first or all(c is None for c in first):
        collector.add(
            "the activity sheet is empty: its first row must hold the column names",
            "ชีต activity ว่างเปล่า: แถวแรกต้องเป็นชื่อคอลัมน์",
            sheet=sheet_name,
        )
        return None, meta, sheet_name
    header = ["" if c is None else str(c).strip() for c in first]
    keep = [i for i, h in enumerate(header) if h != ""]
    width = len(header)
    body, numbers = [], []
    for number, row in enumerate(rows, start=2):
        cells = [_cell_text(c) for c in (tuple(row) + (None,) * width)[:width]]
        if not any(cells):
            continue  # blank rows keep their number (messages name the row Excel shows)
        if max_rows is not None and len(body) == max_rows:
            collector.extend(
                [
                    too_many_rows(
                        max_rows, file=collector.location.get("file"), sheet=sheet_name, row=number
                    )
                ]
            )
            return None, meta, sheet_name
        body.append([cells[i] for i in keep])
        numbers.append(number)
    frame = pd.DataFrame(body, columns=[header[i] for i in keep], dtype=object)
    frame.index = np.asarray(numbers, dtype=np.int64)
    return frame, meta, sheet_name


def _explain_formulas(error: InputError, path: Path, sheet: str, raw: pd.DataFrame) -> InputError:
    """Blank cells that hold a formula without a stored value: say so, not "missing".

    A workbook written by a program (not saved by Excel or LibreOffice) keeps a
    formula's text but no computed value, so the reader sees an empty cell. Only
    looked for when validation failed: a second streaming pass over the sheet.
    """
    from openpyxl import load_workbook

    blanks = {(p.row, p.column) for p in error.problems if p.row is not None and p.column}
    if not blanks:
        return error
    cells = raw.rename(columns=lambda c: str(c).strip().lower())
    found: dict[tuple[int, str], str] = {}
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        rows = book[sheet].iter_rows(values_only=True)
        first = next(rows, None) or ()
        header = [("" if c is None else str(c).strip().lower()) for c in first]
        last = int(raw.index.max()) if len(raw) else 1
        for number, row in enumerate(rows, start=2):
            if number > last:
                break
            for column, value in zip(header, row, strict=False):
                if (
                    isinstance(value, str)
                    and value.startswith("=")
                    and (number, column) in blanks
                    and (number not in cells.index or cells.at[number, column] == "")
                ):
                    found[(number, column)] = value
    except (KeyError, ValueError):
        return error
    finally:
        book.close()
    if not found:
        return error
    kept = [p for p in error.problems if (p.row, p.column) not in found]
    for (number, column), formula in found.items():
        shown = formula if len(formula) <= 60 else formula[:57] + "..."
        kept.append(
            Problem(
                f"the cell holds the formula {shown} but no computed value (the file was "
                "not saved by a spreadsheet program): open it in Excel or LibreOffice and "
                "save it, or replace the formulas by their values (Paste Special > Values)",
                f"เซลล์นี้เป็นสูตร {shown} ที่ไม่มีค่าที่คำนวณไว้ (ไฟล์ไม่ได้บันทึกจากโปรแกรมตารางคำนวณ): "
                "กรุณาเปิดไฟล์ใน Excel หรือ LibreOffice แล้วบันทึก หรือวางแบบค่า "
                "(วางแบบพิเศษ > ค่า) แทนสูตร",
                file=path.name,
                sheet=sheet,
                row=number,
                column=column,
                value=shown,
            )
        )
    return InputError(sort_problems(kept))


def _cell_text(value: object) -> str:
    """Excel cells as the text a CSV would hold (12.0 -> "12", dates as ISO)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return "" if value is None else str(value).strip()


def _resolve_meta(
    values: dict[str, object],
    overrides: dict[str, object],
    collector: ProblemCollector,
    *,
    sheet: str | None,
) -> InventoryMeta | None:
    merged = {
        k: overrides.get(k) if overrides.get(k) not in (None, "") else values.get(k)
        for k in META_FIELDS
    }
    province = year = None
    gwp = str(merged["gwp"] or "AR5").strip().upper()
    if merged["province"] in (None, ""):
        collector.add(
            "no province: give it in the meta sheet (province) or with --province",
            "ไม่ได้ระบุจังหวัด: ใส่ในชีต meta (province) หรือใช้ตัวเลือก --province",
            sheet=sheet,
        )
    else:
        try:
            province = str(find_province(str(merged["province"]))["code"])
        except KeyError as exc:
            collector.add(
                str(exc.args[0]).split(" / ")[0],
                str(exc.args[0]).split(" / ")[-1],
                sheet=sheet,
                column="province",
                value=str(merged["province"]),
            )
    if merged["year"] in (None, ""):
        collector.add(
            "no inventory year: give it in the meta sheet (year) or with --year",
            "ไม่ได้ระบุปีของบัญชี: ใส่ในชีต meta (year) หรือใช้ตัวเลือก --year",
            sheet=sheet,
        )
    else:
        year = _parse_year(merged["year"])
        if year is None:
            collector.add(
                f"inventory year {merged['year']!r} is not a year between {MIN_YEAR} and "
                f"{MAX_YEAR} (Common Era; a Buddhist Era year such as 2566 is converted)",
                f"ปีของบัญชี {merged['year']!r} ไม่ใช่ปีระหว่าง ค.ศ. {MIN_YEAR}-{MAX_YEAR} "
                "(ปี พ.ศ. เช่น 2566 จะถูกแปลงให้อัตโนมัติ)",
                sheet=sheet,
                column="year",
            )
    if gwp not in GWP_SETS:
        collector.add(
            f"unknown GWP set {gwp!r}: expected one of {', '.join(GWP_SETS)}",
            f"ไม่รู้จักชุดค่า GWP {gwp!r}: ต้องเป็น {', '.join(GWP_SETS)}",
            sheet=sheet,
            column="gwp",
        )
    if province is None or year is None or gwp not in GWP_SETS:
        return None
    return InventoryMeta(province=province, year=year, gwp=gwp, name=str(values.get("name") or ""))


def _activity_key(text: object) -> str:
    """Activity codes compare without case, spaces, hyphens or underscores.

    "Diesel oil" = "diesel_oil", "HFC-134a" = "HFC134a": officers type codes as they
    read them in reports, and the method still receives its own spelling.
    """
    return re.sub(r"[\s\-_]+", "", str(text)).lower()


def _parse_year(value: object) -> int | None:
    """A CE year; Buddhist Era years (CE + 543) are converted."""
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if not number.is_integer():
        return None
    year = int(number)
    if MIN_YEAR + 543 <= year <= MAX_YEAR + 543:
        year -= 543
    return year if MIN_YEAR <= year <= MAX_YEAR else None


# --------------------------------------------------------------------------- validation


def _too_long(column: str, length: int, limit: int) -> tuple[str, str]:
    return (
        f"{column} is {length:,} characters long; at most {limit:,} are kept: shorten it",
        f"{column} ยาว {length:,} ตัวอักษร เกินกว่าที่รับได้ {limit:,} ตัวอักษร: กรุณาตัดให้สั้นลง",
    )


def text_limit(column: str) -> int | None:
    """The longest text ``column`` takes (None: not a text column of a line)."""
    if column.startswith("param_"):
        return PARAM_TEXT_LIMIT
    return TEXT_LIMITS.get(column)


def known_columns() -> set[str]:
    """Every column an activity line may have: fields and the methods' parameters."""
    params = {p.column for spec in methods().values() for p in spec.params}
    return set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | params


def check_line_cells(
    cells: Mapping[str, object], *, row: int | None = None, file: str | None = None
) -> list[Problem]:
    """The checks of one line that need no inventory: column names, parameters, lengths.

    The line form, the API serializer and the service that saves a line all call
    this, and :func:`validate_activity` applies the same rules to whole tables, so a
    line is held to one set of rules whichever door it came through.
    """
    problems = []
    known = known_columns()
    specs = methods()
    method = str(cells.get("method") or "").strip().lower()
    for column, value in cells.items():
        text = "" if value is None else str(value)
        if column not in known:
            if column.startswith("param_"):
                en = (
                    f"unknown parameter {column!r}: no method has it (each method's parameters: "
                    "`climateplan reference methods`, or the workbook's Methods sheet)"
                )
                th = (
                    f"ไม่รู้จักพารามิเตอร์ {column!r}: ไม่มีวิธีคำนวณใดใช้พารามิเตอร์นี้ "
                    "(ดูพารามิเตอร์ของแต่ละวิธีได้ที่ `climateplan reference methods` หรือชีต Methods)"
                )
            else:
                en = f"unknown field {column!r}: not a column of the activity table"
                th = f"ไม่รู้จักช่องข้อมูล {column!r}: ไม่ใช่คอลัมน์ของตารางข้อมูลกิจกรรม"
            problems.append(Problem(en, th, file=file, row=row, column=column, value=text[:100]))
            continue
        applies = method not in specs or any(p.column == column for p in specs[method].params)
        if column.startswith("param_") and text.strip() and not applies:
            problems.append(
                Problem(
                    f"parameter {column} does not apply to method {method!r}",
                    f"พารามิเตอร์ {column} ใช้กับวิธี {method!r} ไม่ได้",
                    file=file,
                    row=row,
                    column=column,
                    value=text[:100],
                )
            )
        limit = text_limit(column)
        if limit is not None and len(text.strip()) > limit:
            en, th = _too_long(column, len(text.strip()), limit)
            problems.append(Problem(en, th, file=file, row=row, column=column))
    return problems


def validate_activity(
    raw: pd.DataFrame,
    meta: InventoryMeta | None,
    *,
    file: str | None = None,
    sheet: str | None = None,
    collector: ProblemCollector | None = None,
) -> ActivityData:
    """Validate a raw table of text cells (index = spreadsheet row numbers).

    Returns the normalised lines; raises InputError with every problem found,
    including those already in ``collector`` (e.g. from the meta sheet).
    """
    collector = collector or ProblemCollector(file=file)
    loc = {"sheet": sheet} if sheet else {}

    def add(row, column, en, th, value=None):
        collector.add(
            en,
            th,
            row=None if row is None else int(row),
            column=column,
            value=None if value is None else str(value),
            **loc,
        )

    raw = raw.copy()
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    for col in missing:
        add(
            1,
            col,
            f"required column {col!r} is missing (expected columns: {', '.join(REQUIRED_COLUMNS)})",
            f"ไม่มีคอลัมน์ที่จำเป็น {col!r} (คอลัมน์ที่ต้องมี: {', '.join(REQUIRED_COLUMNS)})",
        )
    all_params = {p.column for spec in methods().values() for p in spec.params}
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | all_params
    for col in raw.columns:
        if col not in known:
            hint = (
                (
                    " (a method parameter column must be named param_<name>; see "
                    "`climateplan reference methods`)"
                )
                if col.startswith("param_")
                else ""
            )
            add(1, col, f"unknown column {col!r}{hint}", f"ไม่รู้จักคอลัมน์ {col!r}")
    if missing:
        collector.raise_if_any()
    for col in OPTIONAL_COLUMNS:
        if col not in raw.columns:
            raw[col] = ""
    raw = raw.astype(str).apply(lambda s: s.str.strip())
    blank_row = (raw == "").all(axis=1)
    raw = raw.loc[~blank_row]
    if raw.empty:
        add(None, None, "the activity table has no lines", "ตารางข้อมูลกิจกรรมไม่มีรายการ")
        collector.raise_if_any()

    # Free text has no other rule; codes too long are unknown codes, reported below.
    for col in FREE_TEXT_COLUMNS:
        lengths = raw[col].str.len()
        for r in raw.index[lengths > TEXT_LIMITS[col]]:
            add(r, col, *_too_long(col, int(lengths[r]), TEXT_LIMITS[col]))

    rows = raw.index.to_numpy()
    catalogue = gpc_catalogue()
    specs = methods()

    # --- province of each line (another province's data must not slip in)
    if meta is not None and (raw["province"] != "").any():
        codes = {}
        for text in raw["province"].unique():
            if text == "":
                continue
            try:
                codes[text] = str(find_province(text)["code"])
            except KeyError:
                codes[text] = None
        for r, text in raw.loc[raw["province"] != "", "province"].items():
            code = codes[text]
            if code is None:
                add(r, "province", f"unknown province {text!r}", f"ไม่รู้จักจังหวัด {text!r}", text)
            elif code != meta.province:
                add(
                    r,
                    "province",
                    f"this line belongs to {code}, not to this inventory's province "
                    f"{meta.province}: remove it or put it in that province's inventory",
                    f"รายการนี้เป็นของจังหวัด {code} ไม่ใช่จังหวัดของบัญชีนี้ ({meta.province}): "
                    "ลบออกหรือย้ายไปไว้ในบัญชีของจังหวัดนั้น",
                    text,
                )

    # --- gpc_ref
    gpc = raw["gpc_ref"].str.upper().str.replace(" ", "", regex=False)
    bad_gpc = ~gpc.isin(catalogue.index)
    for r, text in raw.loc[bad_gpc, "gpc_ref"].items():
        add(
            r,
            "gpc_ref",
            f"unknown GPC reference {text!r}: expected one such as I.1.1, II.1.1, III.1.1, "
            "IV.1, V.1 (see `climateplan reference gpc`)",
            f"ไม่รู้จักรหัส GPC {text!r}: ต้องเป็นรหัส เช่น I.1.1, II.1.1, III.1.1, IV.1, V.1",
            text,
        )
    scope = gpc.map(catalogue["scope"])

    # --- notation keys and amounts
    nk = raw["notation_key"].str.upper()
    bad_nk = (nk != "") & ~nk.isin(list(NOTATION_KEYS))
    for r, text in raw.loc[bad_nk, "notation_key"].items():
        add(
            r,
            "notation_key",
            f"unknown notation key {text!r}: expected NO, IE, NE or C",
            f"ไม่รู้จักสัญลักษณ์ {text!r}: ต้องเป็น NO, IE, NE หรือ C",
            text,
        )
    has_nk = nk != ""
    amount_text = raw["amount"].str.replace(",", "", regex=False)
    amount = pd.to_numeric(amount_text, errors="coerce")
    both = has_nk & (amount_text != "")
    for r in raw.index[both]:
        add(
            r,
            "amount",
            "an amount is given together with a notation key: give either an amount or a "
            "notation key (NO, IE, NE, C), not both",
            "ระบุทั้งปริมาณและสัญลักษณ์ (notation key): ให้ระบุอย่างใดอย่างหนึ่งเท่านั้น",
            raw.at[r, "amount"],
        )
    need_amount = ~has_nk
    blank_amount = need_amount & (amount_text == "")
    for r in raw.index[blank_amount]:
        add(
            r,
            "amount",
            "amount is missing (or give a notation key NO, IE, NE or C)",
            "ไม่ได้ระบุปริมาณ (หรือให้ใส่สัญลักษณ์ NO, IE, NE หรือ C)",
        )
    non_numeric = need_amount & (amount_text != "") & amount.isna()
    for r in raw.index[non_numeric]:
        add(
            r,
            "amount",
            f"amount {raw.at[r, 'amount']!r} is not a number",
            f"ปริมาณ {raw.at[r, 'amount']!r} ไม่ใช่ตัวเลข",
            raw.at[r, "amount"],
        )
    # The one signed amount: a CO2 removal by land, entered directly on GPC V.2
    removal = (
        (raw["method"].str.lower() == "direct")
        & (gpc == "V.2")
        & (raw["activity"].map(_activity_key) == "co2")
    )
    negative = need_amount & (amount < 0) & ~removal
    for r in raw.index[negative]:
        add(
            r,
            "amount",
            f"amount {raw.at[r, 'amount']} is negative: activity amounts must be zero or more "
            "(only a CO2 removal is negative: method direct, activity CO2, on GPC V.2)",
            f"ปริมาณ {raw.at[r, 'amount']} ติดลบ: ปริมาณกิจกรรมต้องเป็นศูนย์หรือมากกว่า "
            "(ค่าติดลบใช้ได้เฉพาะการดูดกลับ CO2: วิธี direct กิจกรรม CO2 รหัส GPC V.2)",
            raw.at[r, "amount"],
        )
    infinite = need_amount & np.isinf(amount.fillna(0))
    for r in raw.index[infinite]:
        add(r, "amount", "amount is not a finite number", "ปริมาณไม่ใช่ตัวเลขที่มีขอบเขต")

    # --- method, scope, activity, unit
    method = raw["method"].str.lower()
    unknown_method = ~method.isin(list(specs)) & ~(has_nk & (method == ""))
    for r, text in raw.loc[unknown_method, "method"].items():
        add(
            r,
            "method",
            f"unknown method {text!r}: expected one of {', '.join(sorted(specs))}",
            f"ไม่รู้จักวิธีคำนวณ {text!r}: ต้องเป็นหนึ่งใน {', '.join(sorted(specs))}",
            text,
        )
    activity = raw["activity"].map(_activity_key)
    # NumPy masks over the lines (labels in ``labels``): a method's checks touch only
    # its own lines, without a pandas operation per method
    labels = raw.index.to_numpy()
    method_np = method.to_numpy(dtype=object)
    activity_np = activity.to_numpy(dtype=object)
    unit_np = raw["unit"].to_numpy(dtype=object)
    gpc_np = gpc.to_numpy(dtype=object)
    scope_np = scope.to_numpy()
    usable = ~bad_gpc.to_numpy(dtype=bool)
    has_nk_np = has_nk.to_numpy(dtype=bool)
    need_amount_np = need_amount.to_numpy(dtype=bool)
    canonical_activity_np = activity_np.copy()
    amount_kind_np = np.full(len(raw), "", dtype=object)
    canonical_factor_np = np.full(len(raw), np.nan)
    canonical_unit_np = np.full(len(raw), "", dtype=object)
    unit_ok: dict[str, bool] = {}
    for unit_text in raw["unit"].unique():
        if unit_text == "":
            continue
        try:
            check_unit(unit_text)
            unit_ok[unit_text] = True
        except UnitError:
            unit_ok[unit_text] = False
    for name, spec in specs.items():
        sel = (method_np == name) & usable
        if not sel.any():
            continue
        # scope / sector compatibility
        allowed = np.array(
            [spec.allows(g, int(s)) for g, s in zip(gpc_np[sel], scope_np[sel], strict=True)]
        )
        for r in labels[sel][~allowed]:
            prefixes = ", ".join(p.rstrip(".") + "*" for p in spec.gpc_prefixes)
            scopes = ", ".join(str(s) for s in sorted(spec.scopes))
            add(
                r,
                "gpc_ref",
                f"method {name!r} cannot be used on {gpc[r]} (scope {scope[r]}): it applies to "
                f"{prefixes} in scope {scopes}",
                f"ใช้วิธี {name!r} กับรหัส {gpc[r]} (ขอบเขต {scope[r]}) ไม่ได้: ใช้ได้กับ {prefixes} "
                f"ขอบเขต {scopes}",
                raw.at[r, "gpc_ref"],
            )
        spelling = {_activity_key(a): str(a) for a in spec.activities()}
        valid_acts = set(spelling)
        positions = np.flatnonzero(sel)
        is_valid = np.array([a in valid_acts for a in activity_np[positions]], dtype=bool)
        # hand the method its own spelling of the code, whatever case the user typed
        known = positions[is_valid]
        canonical_activity_np[known] = [spelling[a] for a in activity_np[known]]
        unknown = positions[~is_valid]
        blank_nk = has_nk_np[unknown] & (activity_np[unknown] == "")
        for r in labels[unknown[~blank_nk]]:
            codes = sorted(spelling.values())
            close = difflib.get_close_matches(str(raw.at[r, "activity"]), codes, n=5, cutoff=0.5)
            if len(codes) <= 25:
                shown = ", ".join(codes)
            elif close:  # a long list helps nobody: show the nearest codes first
                shown = ", ".join(close) + f" ... ({len(codes)}: `climateplan reference methods`)"
            else:
                shown = ", ".join(codes[:25]) + " ..."
            add(
                r,
                "activity",
                f"unknown {spec.activity_label_en} {raw.at[r, 'activity']!r} for method {name!r}: "
                f"expected one of {shown}",
                f"ไม่รู้จัก{spec.activity_label_th} {raw.at[r, 'activity']!r} สำหรับวิธี {name!r}: "
                f"ต้องเป็นหนึ่งใน {shown}",
                raw.at[r, "activity"],
            )
        # units: convertible to one of the method's amount kinds (units in sorted order)
        calc = sel & need_amount_np
        for unit_text in sorted(set(unit_np[calc])):
            group = calc & (unit_np == unit_text)
            idx = labels[group]
            if unit_text == "":
                for r in idx:
                    add(
                        r,
                        "unit",
                        "unit is missing (e.g. t, L, m3, kWh, TJ, head, ha, rai, person)",
                        "ไม่ได้ระบุหน่วย (เช่น t, L, m3, kWh, TJ, ตัว, ha, ไร่, คน)",
                    )
                continue
            if not unit_ok[unit_text]:
                for r in idx:
                    add(
                        r,
                        "unit",
                        f"unknown unit {unit_text!r}",
                        f"ไม่รู้จักหน่วย {unit_text!r}",
                        unit_text,
                    )
                continue
            for kind, target in spec.amount_units.items():
                try:
                    canonical_factor_np[group] = conversion_factor(unit_text, target)
                except UnitError:
                    continue
                amount_kind_np[group] = kind
                canonical_unit_np[group] = target
                break
            else:
                expected = " or ".join(f"{k} ({u})" for k, u in spec.amount_units.items())
                expected_th = " หรือ ".join(f"{k} ({u})" for k, u in spec.amount_units.items())
                for r in idx:
                    add(
                        r,
                        "unit",
                        f"unit {unit_text!r} cannot be converted to what method {name!r} needs: "
                        f"{expected}",
                        f"หน่วย {unit_text!r} แปลงเป็นหน่วยที่วิธี {name!r} ต้องการไม่ได้: {expected_th}",
                        unit_text,
                    )
    canonical_factor = pd.Series(canonical_factor_np, index=raw.index)

    # --- data quality, years, uncertainty
    dq = raw["data_quality"].str.upper()
    bad_dq = (dq != "") & ~dq.isin(list(DATA_QUALITY))
    for r, text in raw.loc[bad_dq, "data_quality"].items():
        add(
            r,
            "data_quality",
            f"data quality {text!r} must be H, M or L",
            f"คุณภาพข้อมูล {text!r} ต้องเป็น H, M หรือ L",
            text,
        )
    activity_year = raw["activity_year"].map(lambda v: _parse_year(v) if v != "" else -1)
    bad_year = activity_year.isna()
    for r, text in raw.loc[bad_year, "activity_year"].items():
        add(
            r,
            "activity_year",
            f"activity year {text!r} is not a year ({MIN_YEAR}-{MAX_YEAR})",
            f"ปีของกิจกรรม {text!r} ไม่ใช่ปีที่ถูกต้อง (ค.ศ. {MIN_YEAR}-{MAX_YEAR})",
            text,
        )
    activity_year = activity_year.where(activity_year.notna() & (activity_year != -1))
    for name, spec in specs.items():
        if spec.needs_activity_year:
            need = (method == name) & need_amount & (raw["activity_year"] == "")
            for r in raw.index[need]:
                add(
                    r,
                    "activity_year",
                    f"method {name!r} needs the deposition year in activity_year",
                    f"วิธี {name!r} ต้องระบุปีที่นำขยะไปฝังกลบในคอลัมน์ activity_year",
                )
    unc = pd.to_numeric(raw["uncertainty_pct"].str.rstrip("%"), errors="coerce")
    bad_unc = (raw["uncertainty_pct"] != "") & (unc.isna() | (unc < 0))
    for r, text in raw.loc[bad_unc, "uncertainty_pct"].items():
        add(
            r,
            "uncertainty_pct",
            f"uncertainty {text!r} must be a percentage of 0 or more",
            f"ความไม่แน่นอน {text!r} ต้องเป็นร้อยละที่มีค่าตั้งแต่ 0 ขึ้นไป",
            text,
        )

    # --- method parameters
    param_values: dict[str, pd.Series] = {}
    for col in sorted(c for c in raw.columns if c.startswith("param_") and c in all_params):
        given = raw[col] != ""
        owners = {name for name, spec in specs.items() if any(p.column == col for p in spec.params)}
        stray = given & ~method.isin(owners)
        for r in raw.index[stray]:
            add(
                r,
                col,
                f"parameter {col} does not apply to method {raw.at[r, 'method']!r}",
                f"พารามิเตอร์ {col} ใช้กับวิธี {raw.at[r, 'method']!r} ไม่ได้",
                raw.at[r, col],
            )
        param_values[col] = raw[col]
    # each parameter column read once (text, given, number), checked per method by masks
    param_text: dict[str, np.ndarray] = {}
    param_number: dict[str, np.ndarray] = {}
    for name, spec in specs.items():
        sel = (method_np == name) & need_amount_np
        if not sel.any():
            continue
        for p in spec.params:
            col = p.column
            if col not in param_text:
                param_text[col] = (
                    raw[col].to_numpy(dtype=object)
                    if col in raw.columns
                    else np.full(len(raw), "", dtype=object)
                )
            values = param_text[col]
            given = values != ""
            if p.required:
                for r in labels[sel & ~given]:
                    add(
                        r,
                        col,
                        f"method {name!r} needs parameter {col} ({p.description_en})",
                        f"วิธี {name!r} ต้องระบุพารามิเตอร์ {col} ({p.description_th})",
                    )
            present = sel & given
            if not present.any():
                continue
            if p.is_text:
                if p.choices:
                    choices = {c.lower() for c in p.choices}
                    for r, text in zip(labels[present], values[present], strict=True):
                        if text.lower() not in choices:
                            add(
                                r,
                                col,
                                f"{col} {text!r} must be one of {', '.join(p.choices)}",
                                f"{col} {text!r} ต้องเป็นหนึ่งใน {', '.join(p.choices)}",
                                text,
                            )
                continue
            if col not in param_number:
                param_number[col] = pd.to_numeric(
                    raw[col].str.replace(",", "", regex=False), errors="coerce"
                ).to_numpy(dtype=float, na_value=np.nan)
            numbers = param_number[col]
            for r, text in zip(
                labels[present & np.isnan(numbers)],
                values[present & np.isnan(numbers)],
                strict=True,
            ):
                add(
                    r,
                    col,
                    f"{col} {text!r} is not a number (unit {p.unit})",
                    f"{col} {text!r} ไม่ใช่ตัวเลข (หน่วย {p.unit})",
                    text,
                )
            if p.minimum is not None:
                below = present & (numbers < p.minimum)
                for r, text in zip(labels[below], values[below], strict=True):
                    add(
                        r,
                        col,
                        f"{col} = {text} is below its minimum {p.minimum:g} {p.unit}",
                        f"{col} = {text} ต่ำกว่าค่าต่ำสุด {p.minimum:g} {p.unit}",
                        text,
                    )
            if p.maximum is not None:
                above = present & (numbers > p.maximum)
                for r, text in zip(labels[above], values[above], strict=True):
                    add(
                        r,
                        col,
                        f"{col} = {text} is above its maximum {p.maximum:g} {p.unit}",
                        f"{col} = {text} สูงกว่าค่าสูงสุด {p.maximum:g} {p.unit}",
                        text,
                    )

    if collector:
        collector.raise_if_any()
    assert meta is not None

    lines = pd.DataFrame(
        {
            "row": rows,
            "inventory": meta.key,
            "province": meta.province,
            "year": meta.year,
            "gwp": meta.gwp,
            "gpc_ref": gpc.to_numpy(),
            "scope": scope.astype(int).to_numpy(),
            "subsector": catalogue.loc[gpc, "subsector"].to_numpy(),
            "method": method.to_numpy(),
            "activity": canonical_activity_np,
            "input_amount": amount.to_numpy(float),
            "input_unit": raw["unit"].to_numpy(),
            "amount": (amount * canonical_factor).fillna(0.0).to_numpy(float),
            "amount_kind": amount_kind_np,
            "unit_canonical": canonical_unit_np,
            "activity_year": activity_year.astype(float).to_numpy(),
            "notation_key": nk.to_numpy(),
            "data_quality": dq.to_numpy(),
            "uncertainty_pct": unc.to_numpy(float),
            "source": raw["source"].to_numpy(),
            "note": raw["note"].to_numpy(),
        }
    )
    for col in sorted(param_values):
        spec_param = next(p for s in specs.values() for p in s.params if p.column == col)
        values = param_values[col].to_numpy()
        if spec_param.is_text:
            lines[col] = pd.Series(values, dtype=object).str.lower().to_numpy()
        else:
            lines[col] = pd.to_numeric(
                pd.Series(values).str.replace(",", "", regex=False), errors="coerce"
            ).to_numpy(float)

    data = ActivityData(meta=meta, lines=lines, file=file)
    problems = _method_validation(data, loc)
    if not problems:  # results that are not numbers are refused, implausible ones warned
        from climateplan.inventory.engine import check_computed

        problems = check_computed(data, sheet=loc.get("sheet"))
    if problems:
        raise InputError(sort_problems(collector.problems + problems))
    return data


def _method_validation(data: ActivityData, loc: dict) -> list[Problem]:
    """Run each method's own checks on its converted lines."""
    from climateplan.inventory.engine import method_frames

    problems: list[Problem] = []
    row_of_line = data.lines["row"].to_numpy()  # line_id = position in data.lines
    for spec, frame in method_frames(data.lines, validating=True):
        for line_id, column, en, th in spec.validate(frame):
            problems.append(
                Problem(en, th, file=data.file, row=int(row_of_line[line_id]), column=column, **loc)
            )
    return problems


def with_meta(data: ActivityData, **changes) -> ActivityData:
    """A copy of ``data`` with meta fields changed (province, year, gwp)."""
    meta = replace(data.meta, **changes)
    lines = data.lines.copy()
    lines["inventory"] = meta.key
    lines["province"] = meta.province
    lines["year"] = meta.year
    lines["gwp"] = meta.gwp
    return ActivityData(meta=meta, lines=lines, file=data.file)
