"""Uploads: the shared guard first, then the engine's readers; every problem located."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from climateplan.errors import InputError
from climateplan.plans.reduction import (
    default_drivers,
    national_targets,
    read_upload,
    template_workbook,
)
from climateplan.uploads import UploadLimits


def test_template_round_trip_thai():
    data = template_workbook("TH-50", 2022, "th")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "อ่านก่อน",
        "drivers",
        "grid_ef",
        "measures",
        "budget",
        "targets",
        "library",
    ]
    assert book["library"].max_row == 21  # header + the 20 library measures
    drivers = book["drivers"]
    header = [c.value for c in drivers[1]]
    # Thai workbook: years in the Buddhist Era (2022 + 543 = 2565), defaults marked
    first = dict(zip(header, [c.value for c in drivers[2]], strict=True))
    assert first["year"] == 2565 and first["is_default"] == "yes"
    kinds = [dv for dv in book["measures"].data_validations.dataValidation]
    assert any("fuel_switch" in dv.formula1 for dv in kinds)
    assert any(
        "environment_fund" in dv.formula1 for dv in book["budget"].data_validations.dataValidation
    )
    inputs = read_upload(data, "แผน.xlsx")
    expected = default_drivers("TH-50", 2022, 2065)
    assert [(r["driver"], r["year"], r["growth_pct"]) for r in inputs.drivers] == [
        (r["driver"], r["year"], r["growth_pct"]) for r in expected
    ]
    assert all(r["is_default"] for r in inputs.drivers)
    assert [(t["name"], t["kind"], t["year"], t["value"]) for t in inputs.targets] == [
        (t["name"], t["kind"], t["year"], t["value"]) for t in national_targets(2022)
    ]
    assert all(t["national"] for t in inputs.targets)


def test_template_english_keeps_common_era():
    book = load_workbook(io.BytesIO(template_workbook("TH-50", 2022, "en")))
    assert book.sheetnames[0] == "read_me"
    assert book["drivers"].cell(2, 2).value == 2022


def _workbook(measures: list[list], budget: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "measures"
    for row in measures:
        book["measures"].append(row)
    sheet = book.create_sheet("budget")
    for row in budget:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbook_with_plan_columns_and_budget_sheet():
    data = _workbook(
        [
            [
                "id",
                "from_library",
                "owner_agency",
                "co_agencies",
                "kpi_name_th",
                "kpi_unit",
                "kpi_target",
            ],
            ["awd", "awd_rice", "เกษตรจังหวัด", "ชลประทาน; พลังงานจังหวัด", "พื้นที่", "ไร่", "2000"],
        ],
        [
            ["measure_id", "fiscal_year", "amount_thb", "source"],
            ["awd", "2569", "100000", "provincial"],
        ],
    )
    inputs = read_upload(data, "plan.xlsx")
    (m,) = inputs.measures
    assert m["owner_agency"] == "เกษตรจังหวัด"
    assert m["co_agencies"] == ["ชลประทาน", "พลังงานจังหวัด"]
    assert m["kpi"] == {"name_th": "พื้นที่", "unit": "ไร่", "target": 2000}
    # fiscal year 2569 BE is stored as 2026 CE
    assert m["budget"] == [{"fiscal_year": 2026, "amount_thb": 100000, "source": "provincial"}]


def test_workbook_problems_all_at_once_with_file_sheet_row_column():
    data = _workbook(
        [
            ["id", "kind", "method", "effect_pct", "uptake_pct", "start_year", "colour"],
            ["a", "activity", "rice_cultivation", "10", "20", "2025", ""],
            [None, None, None, None, None, None, None],  # a blank row keeps the numbering
            ["b", "activity", "rice_cultivation", "120", "20", "2025", ""],
        ],
        [
            ["measure_id", "fiscal_year", "amount_thb", "source"],
            ["zzz", "2026", "5", "provincial"],
            ["a", "2026", "-5", "provincial"],
            ["a", "2027", "5", "lottery"],
        ],
    )
    with pytest.raises(InputError) as caught:
        read_upload(data, "plan.xlsx")
    where = {(p.file, p.sheet, p.row, p.column) for p in caught.value.problems}
    # budget lines are told on the budget sheet's own rows
    assert ("plan.xlsx", "budget", 3, "amount_thb") in where
    assert ("plan.xlsx", "budget", 4, "source") in where
    assert ("plan.xlsx", "measures", 1, "colour") in where  # unknown column
    assert ("plan.xlsx", "measures", 4, "effect_pct") in where  # row 4 in the sheet
    assert ("plan.xlsx", "budget", 2, "measure_id") in where  # unknown measure


def test_csv_needs_its_table_and_is_read_by_the_engine():
    csv = b"driver,year,value,growth_pct\npopulation,2565,1000000,1\ngpp,2022,,abc\n"
    with pytest.raises(InputError) as caught:
        read_upload(csv, "drivers.csv")
    assert "say which table" in caught.value.problems[0].message_en
    with pytest.raises(InputError) as caught:
        read_upload(csv, "drivers.csv", table="drivers")
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("drivers.csv", 3, "growth_pct")
    good = read_upload(csv.replace(b"abc", b"3"), "drivers.csv", table="drivers")
    assert good.drivers[0]["year"] == 2022  # BE read as CE
    assert good.measures == [] and good.targets == []


def test_upload_guard_runs_before_parsing():
    with pytest.raises(InputError) as caught:
        read_upload(b"not a workbook", "plan.xlsx")
    assert "not an Excel workbook" in caught.value.problems[0].message_en
    with pytest.raises(InputError) as caught:
        read_upload(b"x" * 2000, "plan.csv", table="drivers", limits=UploadLimits(max_bytes=1000))
    assert "limit" in caught.value.problems[0].message_en
    with pytest.raises(InputError):
        read_upload(b"a,b\n", "plan.exe", table="drivers")
    rows = "driver,year,growth_pct\n" + "".join(f"d{i},2022,1\n" for i in range(30))
    with pytest.raises(InputError) as caught:
        read_upload(rows.encode(), "d.csv", table="drivers", limits=UploadLimits(max_rows=10))
    assert "more than 10" in caught.value.problems[0].message_en
