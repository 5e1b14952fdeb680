"""Reading the CSV tables users bring (activity data, drivers, measures, indicators).

One reader for every capability, so every table gets the same handling: UTF-8 (with
or without the byte-order mark Excel writes), UTF-16 with its byte-order mark (Excel's
"Unicode text") or Thai Windows cp874; binary files and broken CSV refused with a
bilingual message that says which encodings are accepted; every cell kept as text;
the index set to the row number a spreadsheet shows (header = row 1, blank rows
counted) so that messages name the row the officer sees; and, when a row limit is
given (:class:`climateplan.uploads.UploadLimits`), no more than that many rows read.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.uploads import too_many_rows

ENCODINGS = ("utf-8-sig", "cp874")  # cp874: CSV saved by Excel on Thai Windows
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # Excel's "Unicode text"
ACCEPTED_EN = "UTF-8 (CSV UTF-8), UTF-16 with a byte-order mark, or Thai Windows (cp874)"
ACCEPTED_TH = "UTF-8 (CSV UTF-8), UTF-16 ที่มี byte-order mark หรือ Thai Windows (cp874)"


def decode_text(data: bytes) -> str | None:
    """The text of a CSV file in one of the accepted encodings, or None."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:4096]:
        return None  # binary, or UTF-16 without the mark that says which byte order
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_csv_table(
    path: Path, collector: ProblemCollector, *, max_rows: int | None = None
) -> pd.DataFrame | None:
    """Text cells of a CSV file indexed by spreadsheet row, or None with problems added.

    With ``max_rows``, at most that many data rows are parsed; a longer file is a
    problem (``collector`` gets it) and None is returned.
    """
    name = Path(path).name
    data = Path(path).read_bytes()
    text = decode_text(data)
    if text is None:
        binary = b"\x00" in data[:4096] and not data.startswith(UTF16_BOMS)
        collector.add(
            ("this is not a text CSV file (binary content)" if binary else "cannot read the text")
            + f": a CSV file must be saved as text in {ACCEPTED_EN}; in Excel use "
            "Save As > CSV UTF-8",
            ("ไฟล์นี้ไม่ใช่ไฟล์ CSV แบบข้อความ (มีข้อมูลไบนารี)" if binary else "อ่านข้อความในไฟล์ไม่ได้")
            + f": ไฟล์ CSV ต้องบันทึกเป็นข้อความแบบ {ACCEPTED_TH} ใน Excel ให้ใช้ "
            "บันทึกเป็น > CSV UTF-8",
            file=name,
        )
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            nrows=None if max_rows is None else max_rows + 1,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        collector.add(f"not a valid CSV table ({exc})", f"รูปแบบ CSV ไม่ถูกต้อง ({exc})", file=name)
        return None
    if max_rows is not None and len(frame) > max_rows:
        collector.extend([too_many_rows(max_rows, file=name, row=max_rows + 2)])
        return None
    frame.index = np.arange(2, len(frame) + 2)
    return frame
