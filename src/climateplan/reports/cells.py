"""The one export sanitiser: every CSV and XLSX the product writes goes through here.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
in some programs, one that starts with a tab or a carriage return) as a formula.
Free text typed by a user (a source, a note, a comment, an action's title) can
therefore carry ``=HYPERLINK(...)`` or ``=WEBSERVICE(...)`` to whoever opens a
download, including anonymous readers of a published plan. Following the OWASP
guidance on CSV injection, text cells starting with one of those characters are
written with a leading apostrophe, which spreadsheet programs show as text; numbers
stay numbers (a negative number is a number, not text, and is never touched).

Use :func:`csv_bytes` / :func:`write_csv` for CSV, and :func:`save_workbook` (or
:func:`sanitise_workbook` before saving) for XLSX: the workbook pass also forces
every text cell to be stored as a string, so openpyxl never writes a formula.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

# OWASP "CSV Injection": =, +, -, @, tab (0x09), carriage return (0x0D). The full-width
# forms are included because some spreadsheet programs normalise them to ASCII.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_text(value: Any) -> Any:
    """A text value made inert for spreadsheets; anything that is not text is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_text(v) for v in values]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are inert."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype):
            out[name] = column.map(safe_text, na_action="ignore")
    out.columns = [safe_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, *, index: bool = False, **kwargs: Any) -> bytes:
    """CSV as UTF-8 with a byte-order mark (Excel on Thai Windows reads Thai correctly)."""
    return safe_frame(frame).to_csv(index=index, **kwargs).encode("utf-8-sig")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a reader never
    sees half a file, and a failed export leaves the previous file in place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(frame: pd.DataFrame, path: Path, *, index: bool = False, **kwargs: Any) -> None:
    atomic_write(Path(path), csv_bytes(frame, index=index, **kwargs))


def sanitise_workbook(book) -> None:
    """Make every text cell of an openpyxl workbook inert and stored as a string."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    cell.value = safe_text(value)
                    cell.data_type = "s"


def workbook_bytes(book) -> bytes:
    sanitise_workbook(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def save_workbook(book, path: Path) -> None:
    atomic_write(Path(path), workbook_bytes(book))
