"""The shipped reference data speak of their sources and of what was or was not checked
against them, never of how the package was written (no work notes, no ticket numbers)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "climateplan" / "reference" / "data"
FILES = sorted(DATA.glob("*.csv"))
# phrases of a work log, not of a source
WORK_NOTES = re.compile(
    r"from memory|this session|issue\s*#?\d|\bTODO\b|\bFIXME\b|\bticket\b", re.IGNORECASE
)


def test_the_reference_tables_are_found():
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_work_notes_in_a_reference_table(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    found = [
        f"{path.name} row {number} column {column + 1}: {cell[:80]}"
        for number, row in enumerate(rows, start=1)
        for column, cell in enumerate(row)
        if WORK_NOTES.search(cell)
    ]
    assert found == []


def test_the_pattern_catches_a_work_note():
    assert WORK_NOTES.search("transcribed from memory of the published table")
    assert WORK_NOTES.search("fixed in issue #2")
    assert not WORK_NOTES.search("IPCC 2006 Vol 5 Ch 2 Table 2.3, p 2.14")
