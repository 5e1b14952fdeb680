"""Reading the planning engine's input tables (CSV or one sheet of an XLSX workbook).

Every input of the planning engine (drivers, grid emission factor path, driver
mapping, measures, targets) is one table a provincial officer can keep in Excel.
This module reads such a table as text cells indexed by spreadsheet row number
(header = row 1), so validators can name file, sheet, row and column in their
bilingual messages, and offers the small parsers they share.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.tables import read_csv_table

MIN_YEAR, MAX_YEAR = 1990, 2100
BE_OFFSET = 543  # Buddhist Era year = Common Era year + 543


@dataclass
class RawTable:
    """A table of stripped text cells; ``frame.index`` holds spreadsheet row numbers."""

    frame: pd.DataFrame
    file: str | None
    sheet: str | None

    def location(self) -> dict:
        loc: dict = {"file": self.file}
        if self.sheet:
            loc["sheet"] = self.sheet
        return loc


def read_table(
    source: str | Path | pd.DataFrame,
    *,
    sheet: str,
    collector: ProblemCollector,
    required: bool = True,
) -> RawTable | None:
    """Read a CSV file, the ``sheet`` of an XLSX workbook, or a DataFrame given in code.

    Problems (missing file, unreadable content, missing sheet) go to ``collector``;
    returns None when nothing could be read. With ``required=False`` a workbook
    without that sheet is not a problem (returns None).
    """
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        frame = frame.astype(object).where(frame.notna(), "")
        frame = frame.map(_cell_text)
        frame.index = np.arange(2, len(frame) + 2)
        return RawTable(frame, None, None)
    path = Path(source)
    name = path.name
    if not path.exists():
        collector.add("file not found", "ไม่พบไฟล์", file=name)
        return None
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_sheet(path, sheet, collector, required)
    if suffix in (".csv", ".txt"):
        frame = _read_csv(path, collector)
        return None if frame is None else RawTable(frame, name, None)
    collector.add(
        f"unsupported file type {suffix or '(none)'!r}: expected a .csv or .xlsx file",
        f"ไม่รองรับไฟล์ชนิด {suffix or '(ไม่มีนามสกุล)'!r}: ต้องเป็นไฟล์ .csv หรือ .xlsx",
        file=name,
    )
    return None


def _read_csv(path: Path, collector: ProblemCollector) -> pd.DataFrame | None:
    frame = read_csv_table(path, collector)
    if frame is None:
        return None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame.map(lambda v: str(v).strip())


def _read_sheet(
    path: Path, sheet: str, collector: ProblemCollector, required: bool
) -> RawTable | None:
    from openpyxl import load_workbook  # CSV users never pay for it

    name = path.name
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError on broken files
        collector.add(
            f"cannot open the workbook ({type(exc).__name__}): expected an .xlsx file",
            f"เปิดเวิร์กบุ๊กไม่ได้ ({type(exc).__name__}): ต้องเป็นไฟล์ .xlsx",
            file=name,
        )
        return None
    sheets = {s.strip().lower(): s for s in book.sheetnames}
    if sheet not in sheets:
        if required:
            collector.add(
                f"the workbook has no sheet named {sheet!r} (sheets: {', '.join(book.sheetnames)})",
                f"เวิร์กบุ๊กไม่มีชีตชื่อ {sheet!r} (มีชีต: {', '.join(book.sheetnames)})",
                file=name,
            )
        book.close()
        return None
    sheet_name = sheets[sheet]
    rows = list(book[sheet_name].iter_rows(values_only=True))
    book.close()
    if not rows:
        return RawTable(pd.DataFrame(), name, sheet_name)
    header = ["" if c is None else str(c).strip().lower() for c in rows[0]]
    width = len(header)
    body = [[c for c in (list(r) + [None] * width)[:width]] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame = frame.loc[:, [h != "" for h in header]]
    frame = frame.map(_cell_text)
    frame.index = np.arange(2, len(frame) + 2)
    return RawTable(frame, name, sheet_name)


def _cell_text(value: object) -> str:
    """Cells as the text a CSV would hold (12.0 -> "12")."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame.loc[~(frame == "").all(axis=1)]


def check_columns(
    table: RawTable,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    collector: ProblemCollector,
    what_en: str,
    what_th: str,
) -> bool:
    """Missing required and unknown columns; returns False when required ones are missing."""
    loc = table.location()
    columns = list(table.frame.columns)
    ok = True
    for col in required:
        if col not in columns:
            ok = False
            collector.add(
                f"the {what_en} table lacks the required column {col!r} "
                f"(required: {', '.join(required)})",
                f"ตาราง{what_th}ไม่มีคอลัมน์ที่จำเป็น {col!r} (คอลัมน์ที่ต้องมี: {', '.join(required)})",
                row=1,
                column=col,
                **loc,
            )
    known = set(required) | set(optional)
    for col in columns:
        if col not in known:
            collector.add(
                f"unknown column {col!r} in the {what_en} table (known columns: "
                f"{', '.join(sorted(known))})",
                f"ไม่รู้จักคอลัมน์ {col!r} ในตาราง{what_th} (คอลัมน์ที่ใช้ได้: {', '.join(sorted(known))})",
                row=1,
                column=col,
                **loc,
            )
    for col in optional:
        if col not in table.frame.columns:
            table.frame[col] = ""
    return ok


def parse_year(text: str) -> int | None:
    """A Common Era year from CE or Buddhist Era text ("2030", "2573"); None if not a year."""
    try:
        number = float(str(text).strip().replace(",", ""))
    except ValueError:
        return None
    if not number.is_integer():
        return None
    year = int(number)
    if MIN_YEAR + BE_OFFSET <= year <= MAX_YEAR + BE_OFFSET:
        year -= BE_OFFSET
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def parse_number(text: str) -> float | None:
    """A finite number from a cell ("1,234.5", "30%"); None if blank or not a number."""
    cleaned = str(text).strip().replace(",", "").rstrip("%").strip()
    if cleaned == "":
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class CellReader:
    """Parse typed cells of one table, reporting each bad cell with its location."""

    def __init__(self, table: RawTable, collector: ProblemCollector) -> None:
        self.table = table
        self.collector = collector
        self.loc = table.location()

    def add(self, row: int | None, column: str | None, en: str, th: str, value=None) -> None:
        self.collector.add(
            en,
            th,
            row=None if row is None else int(row),
            column=column,
            value=None if value in (None, "") else str(value),
            **self.loc,
        )

    def year(self, row: int, column: str, *, required: bool = True) -> int | None:
        text = self.table.frame.at[row, column]
        if text == "":
            if required:
                self.add(
                    row,
                    column,
                    f"{column} is missing: give a year (CE such as 2030, or BE such as 2573)",
                    f"ไม่ได้ระบุ {column}: ใส่ปี (ค.ศ. เช่น 2030 หรือ พ.ศ. เช่น 2573)",
                )
            return None
        year = parse_year(text)
        if year is None:
            self.add(
                row,
                column,
                f"{column} {text!r} is not a year between {MIN_YEAR} and {MAX_YEAR} "
                "(Common Era, or Buddhist Era which is converted)",
                f"{column} {text!r} ไม่ใช่ปีระหว่าง ค.ศ. {MIN_YEAR}-{MAX_YEAR} (หรือปี พ.ศ. ซึ่งจะแปลงให้)",
                text,
            )
        return year

    def number(
        self,
        row: int,
        column: str,
        *,
        required: bool = False,
        minimum: float | None = None,
        maximum: float | None = None,
        unit: str = "",
    ) -> float | None:
        text = self.table.frame.at[row, column]
        if text == "":
            if required:
                self.add(
                    row,
                    column,
                    f"{column} is missing: a number is expected{f' ({unit})' if unit else ''}",
                    f"ไม่ได้ระบุ {column}: ต้องเป็นตัวเลข{f' ({unit})' if unit else ''}",
                )
            return None
        value = parse_number(text)
        if value is None:
            self.add(
                row,
                column,
                f"{column} {text!r} is not a number",
                f"{column} {text!r} ไม่ใช่ตัวเลข",
                text,
            )
            return None
        if minimum is not None and value < minimum:
            self.add(
                row,
                column,
                f"{column} = {text} is below the smallest allowed value {minimum:g}{unit}",
                f"{column} = {text} ต่ำกว่าค่าต่ำสุดที่ยอมรับ {minimum:g}{unit}",
                text,
            )
            return None
        if maximum is not None and value > maximum:
            self.add(
                row,
                column,
                f"{column} = {text} is above the largest allowed value {maximum:g}{unit}",
                f"{column} = {text} สูงกว่าค่าสูงสุดที่ยอมรับ {maximum:g}{unit}",
                text,
            )
            return None
        return value

    def choice(
        self, row: int, column: str, choices: Mapping[str, str], *, default: str | None = None
    ) -> str | None:
        """One of ``choices`` (keys: accepted spellings, lower case; values: canonical)."""
        text = self.table.frame.at[row, column]
        expected = ", ".join(sorted(set(choices.values())))
        if text == "":
            if default is None:
                self.add(
                    row,
                    column,
                    f"{column} is missing: expected one of {expected}",
                    f"ไม่ได้ระบุ {column}: ต้องเป็นหนึ่งใน {expected}",
                )
            return default
        key = normalise_key(text)
        if key not in choices:
            self.add(
                row,
                column,
                f"{column} {text!r} is not one of {expected}",
                f"{column} {text!r} ไม่ใช่หนึ่งใน {expected}",
                text,
            )
            return None
        return choices[key]


def normalise_key(text: object) -> str:
    """Codes compare without case, spaces, hyphens or underscores ("Diesel oil" = "diesel_oil")."""
    return re.sub(r"[\s\-_]+", "", str(text)).lower()


def split_list(text: str) -> list[str]:
    """Cell lists are separated by ';' (commas are kept for numbers typed by Excel)."""
    return [part.strip() for part in str(text).split(";") if part.strip()]


def write_files_atomically(directory: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file into ``directory`` or none of them.

    Files are first written into a temporary folder beside ``directory``, then moved
    in one by one with ``os.replace`` (atomic per file on one file system), so a
    failure while preparing the output leaves nothing half-written.
    """
    directory = Path(directory)
    parent = directory.parent if directory.parent != Path("") else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=parent))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name in files:
            final = directory / name
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final)
            written.append(final)
        return written
    finally:
        for leftover in sorted(staging.rglob("*"), reverse=True):
            if leftover.is_dir():
                leftover.rmdir()
            else:
                leftover.unlink()
        staging.rmdir()
