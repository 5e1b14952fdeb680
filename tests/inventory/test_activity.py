"""Reading and validating activity data: every bad input named by file, sheet, row, column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from climateplan.errors import InputError
from climateplan.inventory import InventoryMeta, read_activity, validate_activity
from tests.inventory.conftest import table

META = InventoryMeta("TH-62", 2023, "AR5")
GOOD = {
    "gpc_ref": "I.1.1",
    "method": "fuel_combustion",
    "activity": "lpg",
    "amount": "12",
    "unit": "t",
}


def problems(rows, meta=META):
    with pytest.raises(InputError) as info:
        validate_activity(table(rows), meta, file="a.csv")
    return [(p.row, p.column, p.message_en, p.message_th) for p in info.value.problems]


def test_every_problem_reported_at_once_with_row_and_column():
    rows = [
        GOOD,
        {**GOOD, "method": "fuel_burning"},  # row 3: unknown method
        {**GOOD, "activity": "unobtainium"},  # row 4: unknown fuel
        {**GOOD, "unit": "furlong"},  # row 5: unknown unit
        {**GOOD, "unit": "kWh"},  # row 6: energy? kWh IS energy -> valid for fuel (TJ)
        {**GOOD, "unit": "head"},  # row 7: wrong kind of unit
        {**GOOD, "amount": "-3"},  # row 8: negative
        {**GOOD, "amount": "twelve"},  # row 9: not a number
        {**GOOD, "notation_key": "NO"},  # row 10: amount and notation key
        {**GOOD, "gpc_ref": "I.9.1"},  # row 11: unknown gpc_ref
        {**GOOD, "gpc_ref": "I.1.2"},  # row 12: fuel combustion on a scope 2 reference
        {**GOOD, "data_quality": "X"},  # row 13
        {**GOOD, "amount": ""},  # row 14: missing amount
    ]
    found = problems(rows)
    where = {(r, c) for r, c, _, _ in found}
    assert where == {
        (3, "method"),
        (4, "activity"),
        (5, "unit"),
        (7, "unit"),
        (8, "amount"),
        (9, "amount"),
        (10, "amount"),
        (11, "gpc_ref"),
        (12, "gpc_ref"),
        (13, "data_quality"),
        (14, "amount"),
    }
    # every message exists in both languages
    assert all(en and th and en != th for _, _, en, th in found)
    messages = {(r, c): en for r, c, en, _ in found}
    assert "expected one of" in messages[(3, "method")]
    assert "cannot be converted" in messages[(7, "unit")]
    assert "negative" in messages[(8, "amount")]
    assert "scope 2" in messages[(12, "gpc_ref")]


def test_missing_required_parameter_and_out_of_range():
    rows = [
        {
            "gpc_ref": "III.3.1",
            "method": "incineration",
            "activity": "msw",
            "amount": "10",
            "unit": "t",
        },  # needs param_technology
        {
            "gpc_ref": "I.1.1",
            "method": "fuel_combustion",
            "activity": "diesel",
            "amount": "1",
            "unit": "m3",
            "param_density": "-0.8",
        },
        {
            "gpc_ref": "I.1.1",
            "method": "fuel_combustion",
            "activity": "diesel",
            "amount": "1",
            "unit": "m3",
            "param_site_type": "managed_anaerobic",
        },  # not a fuel parameter
    ]
    found = problems(rows)
    where = {(r, c) for r, c, _, _ in found}
    assert (2, "param_technology") in where
    assert (3, "param_density") in where
    assert (4, "param_site_type") in where


def test_another_provinces_line_is_refused():
    found = problems([GOOD, {**GOOD, "province": "TH-50"}, {**GOOD, "province": "TH-62"}])
    assert [(r, c) for r, c, _, _ in found] == [(3, "province")]
    assert "TH-50" in found[0][2]


def test_required_columns_missing():
    with pytest.raises(InputError) as info:
        validate_activity(table([{"gpc_ref": "I.1.1", "method": "direct"}]), META, file="a.csv")
    cols = {p.column for p in info.value.problems}
    assert {"activity", "amount", "unit"} <= cols


def test_thai_units_and_amount_with_separators(tmp_path):
    rows = [
        {**GOOD, "activity": "diesel", "amount": "1,000", "unit": "ลิตร"},
        {
            "gpc_ref": "V.3",
            "method": "rice_cultivation",
            "activity": "rainfed_regular",
            "amount": "1000",
            "unit": "ไร่",
        },
    ]
    data = validate_activity(table(rows), META)
    # 1,000 L = 1 m3 (canonical volume unit); 1,000 rai x 0.16 ha/rai = 160 ha
    assert list(data.lines["amount"]) == pytest.approx([1.0, 160.0])
    assert list(data.lines["amount_kind"]) == ["volume", "area"]


def test_csv_needs_province_and_year(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("gpc_ref,method,activity,amount,unit\nI.1.1,fuel_combustion,lpg,1,t\n")
    with pytest.raises(InputError) as info:
        read_activity(path)
    text = str(info.value)
    assert "no province" in text and "no inventory year" in text
    data = read_activity(path, province="Kamphaeng Phet", year="2566")  # BE year converted
    assert (data.meta.province, data.meta.year) == ("TH-62", 2023)


def _workbook(path: Path, meta: dict | None, rows: list[list], sheet: str = "activity") -> Path:
    book = Workbook()
    book.remove(book.active)
    if meta is not None:
        ws = book.create_sheet("meta")
        for key, value in meta.items():
            ws.append([key, value])
    ws = book.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_xlsx_meta_and_flags_override(tmp_path):
    path = _workbook(
        tmp_path / "a.xlsx",
        {"province": "TH-62", "year": 2022, "gwp": "AR6"},
        [
            ["gpc_ref", "method", "activity", "amount", "unit"],
            ["I.1.1", "fuel_combustion", "lpg", 12, "t"],
            [None, None, None, None, None],  # blank rows are skipped
            ["I.1.1", "fuel_combustion", "lpg", 3.5, "t"],
        ],
    )
    data = read_activity(path)
    assert (data.meta.province, data.meta.year, data.meta.gwp) == ("TH-62", 2022, "AR6")
    assert list(data.lines["row"]) == [2, 4]
    assert read_activity(path, year=2021, gwp="AR5").meta.year == 2021


def test_xlsx_errors_name_the_sheet(tmp_path):
    path = _workbook(
        tmp_path / "a.xlsx",
        {"province": "TH-62", "year": 2023},
        [
            ["gpc_ref", "method", "activity", "amount", "unit"],
            ["I.1.1", "fuel_combustion", "lpg", -1, "t"],
        ],
    )
    with pytest.raises(InputError) as info:
        read_activity(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "a.xlsx",
        "activity",
        2,
        "amount",
    )


def test_workbook_without_activity_sheet(tmp_path):
    path = _workbook(
        tmp_path / "a.xlsx", {"province": "TH-62", "year": 2023}, [["x"]], sheet="data"
    )
    with pytest.raises(InputError, match="no sheet named 'activity'"):
        read_activity(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "cannot open the workbook"),
        ("data.pdf", b"%PDF-1.4", "expected a .csv or .xlsx"),
        ("bin.csv", b"\x00\x01\x02gpc_ref", "not a text CSV"),
    ],
)
def test_files_that_are_not_csv_or_xlsx(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_activity(path, province="TH-62", year=2023)


def test_thai_windows_csv_encoding(tmp_path):
    path = tmp_path / "cp874.csv"
    text = "gpc_ref,method,activity,amount,unit,source\nI.1.1,fuel_combustion,lpg,1,t,ปตท.\n"
    path.write_bytes(text.encode("cp874"))
    data = read_activity(path, province="TH-62", year=2023)
    assert data.lines["source"].iloc[0] == "ปตท."


def test_empty_csv_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="not a valid CSV"):
        read_activity(path, province="TH-62", year=2023)


def test_row_numbers_count_blank_rows(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("gpc_ref,method,activity,amount,unit\n\nI.1.1,fuel_combustion,lpg,-1,t\n")
    with pytest.raises(InputError) as info:
        read_activity(path, province="TH-62", year=2023)
    assert [p.row for p in info.value.problems] == [3]  # row 2 is blank, as Excel shows it
