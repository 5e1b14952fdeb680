"""Reading the CSV tables users bring (activity data, drivers, measures, indicators).

One reader for every capability, so every table gets the same handling: UTF-8 (with
or without the byte-order mark Excel writes) or Thai Windows cp874, binary files and
broken CSV refused with a bilingual message, every cell kept as text, and the index
set to the row number a spreadsheet shows (header = row 1, blank rows counted) so
that messages name the row the officer sees.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector

ENCODINGS = ("utf-8-sig", "cp874")  # cp874: CSV saved by Excel on Thai Windows


def read_csv_table(path: Path, collector: ProblemCollector) -> pd.DataFrame | None:
    """Text cells of a CSV file indexed by spreadsheet row, or None with problems added."""
    name = Path(path).name
    data = Path(path).read_bytes()
    if b"\x00" in data[:4096]:
        collector.add(
            "this is not a text CSV file (binary content)",
            "ไฟล์นี้ไม่ใช่ไฟล์ CSV แบบข้อความ (มีข้อมูลไบนารี)",
            file=name,
        )
        return None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        collector.add(
            "cannot read the text encoding: save the file as CSV UTF-8",
            "อ่านการเข้ารหัสตัวอักษรไม่ได้: กรุณาบันทึกเป็น CSV UTF-8",
            file=name,
        )
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        collector.add(f"not a valid CSV table ({exc})", f"รูปแบบ CSV ไม่ถูกต้อง ({exc})", file=name)
        return None
    frame.index = np.arange(2, len(frame) + 2)
    return frame
