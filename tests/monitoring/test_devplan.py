"""The development plan's XLSX layout: read, checked (every problem at once, located),
the template and the items' workbook read back."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from climateplan.errors import InputError
from climateplan.monitoring import devplan as core
from climateplan.uploads import UploadLimits

HEADER = [name for name, *_ in core.COLUMNS]


def workbook(rows, *, sheet=core.SHEET, header=HEADER) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("issue", "2", "", "เศรษฐกิจสีเขียว", "Green economy", "", None, None),
    ("กลยุทธ์", "2.1", "2", "พลังงานสะอาด", "", "", None, None),
    ("แผนงาน", "2.1.1", "2.1", "แผนงานพลังงานทดแทน", "", "", None, None),
    ("โครงการ", "2.1.1.01", "2.1.1", "โซลาร์บนหลังคาโรงพยาบาล", "", "สสจ.", "1,250,000", 2568),
    ("project", "2.1.1.02", "2.1.1", "ไฟถนนพลังงานแสงอาทิตย์", "", "อบจ.", 800000, 2026),
]


def problems_of(data: bytes, name: str = "dp.xlsx", **kwargs) -> list:
    with pytest.raises(InputError) as caught:
        core.read_development_plan(data, name, **kwargs)
    return caught.value.problems


def test_good_workbook_thai_level_words_and_both_eras():
    records = core.read_development_plan(workbook(GOOD), "dp.xlsx")
    assert [r.level for r in records] == ["issue", "strategy", "programme", "project", "project"]
    first, second = records[3], records[4]
    # "1,250,000" read as baht; fiscal year 2568 BE = 2568 - 543 = 2025 CE.
    assert first.budget == 1_250_000.0
    assert first.fiscal_year == 2025
    assert first.row == 5  # header is row 1, the issue row 2
    # 2026 is not above 2400, so it is already CE.
    assert second.fiscal_year == 2026
    assert second.budget == 800_000.0


def test_every_problem_at_once_located():
    rows = [
        ("issue", "1", "", "ประเด็น", "", "", None, None),  # row 2: fine
        ("issue", "1", "", "ซ้ำ", "", "", None, None),  # row 3: duplicate code
        ("strategy", "1.1", "", "ไม่มีแม่", "", "", None, None),  # row 4: no parent_code
        ("programme", "1.1.1", "9", "แม่ไม่มีจริง", "", "", None, None),  # row 5: parent missing
        ("project", "P1", "1", "อยู่ใต้ประเด็น", "", "", None, None),  # row 6: parent of wrong level
        ("project", "P2", "1.1.1", "งบติดลบ", "", "", -5, None),  # row 7: negative budget
        ("project", "P3", "1.1.1", "ปีผิด", "", "", 10, 1990),  # row 8: year out of range
        ("level9", "X", "", "", "", "", "abc", None),  # row 9: level, name, budget
        ("issue", "I2", "1", "ประเด็นมีแม่", "", "", None, None),  # row 10: issue with parent
    ]
    found = {(p.row, p.column) for p in problems_of(workbook(rows))}
    assert found == {
        (3, "code"),
        (4, "parent_code"),
        (5, "parent_code"),
        (6, "parent_code"),
        (7, "budget_thb"),
        (8, "fiscal_year"),
        (9, "level"),
        (9, "name_th"),
        (9, "budget_thb"),
        (10, "parent_code"),
    }


def test_problems_name_file_sheet_and_both_languages():
    rows = [("project", "P1", "", "ไม่มีแม่", "", "", None, None)]
    (problem,) = problems_of(workbook(rows), "cm.xlsx")
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "cm.xlsx",
        core.SHEET,
        2,
        "parent_code",
    )
    assert "programme" in problem.message_en
    assert "แผนงาน" in problem.message_th


def test_wrong_level_parent_says_what_it_is():
    rows = [
        ("issue", "1", "", "ประเด็น", "", "", None, None),
        ("strategy", "1.1", "1", "กลยุทธ์", "", "", None, None),
        ("project", "P", "1.1", "โครงการใต้กลยุทธ์", "", "", None, None),
    ]
    (problem,) = problems_of(workbook(rows))
    assert problem.row == 4
    assert "'1.1' is a strategy" in problem.message_en
    assert "programme" in problem.message_en


def test_missing_sheet_and_missing_columns():
    (problem,) = problems_of(workbook(GOOD, sheet="Sheet1"))
    assert "development_plan" in problem.message_en and "Sheet1" in problem.message_en
    header = ["level", "code", "parent_code"]  # no name_th
    (problem,) = problems_of(workbook([("issue", "1", "")], header=header))
    assert problem.row == 1 and "name_th" in problem.message_en


def test_upload_guard_refuses_other_files_before_parsing():
    (problem,) = problems_of(b"level,code\n", "dp.csv")
    assert ".csv" in problem.message_en
    (problem,) = problems_of(b"not a zip at all", "dp.xlsx")
    assert "not an Excel workbook" in problem.message_en


def test_row_limit_stops_the_stream():
    rows = GOOD * 2  # 10 data rows; the limit below is 3
    problems = problems_of(workbook(rows), limits=UploadLimits(max_rows=3))
    assert len(problems) == 1
    assert "3" in problems[0].message_en and problems[0].row == 5  # the 4th data row


def test_fiscal_year_reading():
    assert core.fiscal_year_ce(2568) == 2025  # 2568 - 543
    assert core.fiscal_year_ce("2025") == 2025
    for bad in ("1990", "2568.5", "abc", "3000"):
        with pytest.raises(ValueError):
            core.fiscal_year_ce(bad)


def test_template_reads_back_and_has_notes():
    data = core.template_workbook()
    records = core.read_development_plan(data, "template.xlsx")
    assert len(records) == len(core.EXAMPLE)
    solar = next(r for r in records if r.code == "1.1.1.01")
    assert solar.budget == 2_500_000.0 and solar.fiscal_year == 2026  # 2569 - 543
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [core.SHEET, core.NOTES_SHEET]
    notes = [c.value for c in book[core.NOTES_SHEET]["A"] if c.value]
    assert any(str(n).startswith("parent_code") for n in notes)


def test_items_workbook_round_trip_in_tree_order():
    records = core.read_development_plan(workbook(GOOD), "dp.xlsx")
    shuffled = [records[4], records[0], records[3], records[2], records[1]]
    again = core.read_development_plan(core.records_workbook(shuffled), "back.xlsx")
    assert [r.code for r in again] == ["2", "2.1", "2.1.1", "2.1.1.02", "2.1.1.01"]
    # Years are written in BE and read back to the same CE year.
    assert {r.code: r.fiscal_year for r in again}["2.1.1.01"] == 2025


def test_formula_text_is_kept_inert_in_the_items_workbook():
    record = core.DevelopmentRecord(level="issue", code="1", name_th='=HYPERLINK("x")')
    sheet = load_workbook(io.BytesIO(core.records_workbook([record]))).active
    assert sheet["D2"].value == '\'=HYPERLINK("x")'
