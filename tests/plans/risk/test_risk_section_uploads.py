"""Uploads of the risk section: every problem at once, located (file, sheet, row,
column), in Thai and English, nothing returned on error; the template comes back."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from climateplan.errors import InputError
from climateplan.plans.risk import (
    indicator_template,
    indicator_template_csv,
    read_gridded_upload,
    read_indicator_upload,
)
from climateplan.uploads import UploadLimits


def problems_of(call, *args, **kwargs):
    with pytest.raises(InputError) as error:
        call(*args, **kwargs)
    return error.value.problems


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_rows_of_another_province_are_refused_with_their_place():
    data = csv(
        "province,indicator,value,year,source\n"
        "TH-50,poverty_rate,12.5,2021,NESDC\n"
        "\n"
        "Bangkok,elderly_share,20,2022,DOPA\n"
        "TH-50,gpp_per_capita,x12,2021,NESDC\n"
        "TH-50,no_such_indicator,3,2021,\n"
    )
    problems = problems_of(read_indicator_upload, data, "ind.csv", "TH-50")
    located = {(p.row, p.column) for p in problems}
    # the blank line 3 still counts: Bangkok is on spreadsheet row 4
    assert (4, "province") in located
    assert (5, "value") in located
    assert (6, "indicator") in located
    other = next(p for p in problems if p.row == 4)
    assert "TH-10" in other.message_en and "TH-50" in other.message_en
    assert "ไม่ใช่จังหวัดของแผนนี้" in other.message_th
    assert all(p.file == "ind.csv" for p in problems)


def test_wrong_unit_is_refused():
    data = csv(
        "province,indicator,value,unit\nTH-50,poverty_rate,12.5,%\nTH-50,elderly_share,0.2,ratio\n"
    )
    problems = problems_of(read_indicator_upload, data, "ind.csv", "TH-50")
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "unit", "ratio")]


def test_filled_template_comes_back_as_rows():
    book = load_workbook(io.BytesIO(indicator_template("TH-50", lang="en")))
    sheet = book["indicators"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["province", "indicator", "value", "year", "source", "unit"]
    rows = {sheet.cell(r, 2).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(rows["poverty_rate"], 1).value == "TH-50"
    assert "NESDC" in sheet.cell(rows["poverty_rate"], header.index("suggested_source") + 1).value
    sheet.cell(rows["poverty_rate"], 3).value = 12.5
    sheet.cell(rows["poverty_rate"], 4).value = 2564  # Buddhist Era -> 2021
    sheet.cell(rows["poverty_rate"], 5).value = "NESDC poverty report 2564"
    buffer = io.BytesIO()
    book.save(buffer)
    stored = read_indicator_upload(buffer.getvalue(), "template.xlsx", "TH-50")
    assert stored == [
        {
            "province": "TH-50",
            "indicator": "poverty_rate",
            "value": 12.5,
            "year": "2021",
            "source": "NESDC poverty report 2564",
            "synthetic": False,
        }
    ]
    assert "instructions" in book.sheetnames
    thai = load_workbook(io.BytesIO(indicator_template("TH-50", lang="th")))
    assert "คำแนะนำ" in thai.sheetnames
    first = [c.value for c in thai["indicators"][2]]
    # r95ptot_current, baseline 1985-2014 CE = BE 2528-2557 on the Thai template
    assert first[1] == "r95ptot_current" and first[-1] == "2528-2557"
    assert "พ.ศ. 2528-2557" in first[header.index("value_from")]
    csv_text = indicator_template_csv("TH-50", lang="en").decode("utf-8-sig")
    assert csv_text.startswith("province,indicator")
    # Chiang Mai is inland: the coastal indicators are there, marked as not applying
    coastal = next(line for line in csv_text.splitlines() if ",coastal_erosion_length," in line)
    assert "does not apply in this province" in coastal
    assert "does not apply" not in next(
        line for line in csv_text.splitlines() if ",poverty_rate," in line
    )


def test_upload_guard_runs_first():
    problems = problems_of(
        read_indicator_upload, b"x" * 2000, "ind.csv", "TH-50", UploadLimits(max_bytes=1000)
    )
    assert "limit" in problems[0].message_en and problems[0].file == "ind.csv"
    problems = problems_of(read_indicator_upload, b"PK", "ind.docx", "TH-50")
    assert "not accepted" in problems[0].message_en
    many = "province,indicator,value\n" + "TH-50,poverty_rate,1\n" * 6
    problems = problems_of(
        read_indicator_upload, csv(many), "ind.csv", "TH-50", UploadLimits(max_rows=5)
    )
    assert "more than 5" in problems[0].message_en


GRIDDED_HEADER = "province,district,index,unit,period,scenario,value,baseline,change\n"


def test_gridded_upload_with_districts():
    data = csv(
        GRIDDED_HEADER
        + "TH-50,,rx5day,mm,1985-2014,historical,210,210,0\n"
        + "TH-50,TH-5001,rx5day,mm,1985-2014,historical,190,190,0\n"
        + "TH-50,5002,rx5day,mm,1985-2014,historical,230,230,0\n"
        + "TH-50,TH-5002,rx5day,mm,2021-2050,SSP2-4.5,250,230,20\n"
    )
    rows = read_gridded_upload(data, "grid.csv", "TH-50")
    assert [(r["district"], r["scenario"], r["value"]) for r in rows] == [
        ("", "historical", 210.0),
        ("TH-5001", "historical", 190.0),
        ("TH-5002", "historical", 230.0),
        ("TH-5002", "ssp245", 250.0),
    ]


def test_gridded_upload_problems_all_at_once():
    data = csv(
        GRIDDED_HEADER
        + "TH-50,,rx5day,mm,1985-2014,historical,210,210,0\n"
        + "TH-10,,rx5day,mm,1985-2014,historical,100,100,0\n"
        + "TH-50,TH-1001,rx5day,mm,1985-2014,historical,190,190,0\n"
        + "TH-50,TH-5001,rx5day,mm,1985-2014,historical,abc,190,0\n"
        + "TH-50,TH-5001,rx5day,mm,1985-2014,historical,1,1,0\n"
        + "TH-50,,rx5day,mm,1985,historical,1,1,0\n"
    )
    problems = problems_of(read_gridded_upload, data, "grid.csv", "TH-50")
    located = {(p.row, p.column) for p in problems}
    assert (3, "province") in located  # Bangkok's row
    assert (4, "district") in located  # a district of Bangkok
    assert (5, "value") in located  # not a number
    assert any(p.row == 6 and "duplicate" in p.message_en for p in problems)
    assert (7, "period") in located


EVENTS = "event_id,hazard,province,intensity,annual_frequency\n"
EXPOSURE = "province,asset_type,value\nTH-50,residential,1000\n"
FUNCTIONS = (
    "hazard,asset_type,intensity,damage_ratio\nflood,residential,0,0\nflood,residential,2,0.5\n"
)


def test_expected_annual_impact_tables(mini_inputs):
    from climateplan.plans.risk import compute, read_eai_uploads

    events = EVENTS + "E1,flood,TH-50,1.0,0.1\n"
    stored = read_eai_uploads(
        {
            "events": (csv(events), "events.csv"),
            "exposure": (csv(EXPOSURE), "exposure.csv"),
            "impact_functions": (csv(FUNCTIONS), "functions.csv"),
        },
        "TH-50",
    )
    mini_inputs.events = stored["events"]
    mini_inputs.exposure = stored["exposure"]
    mini_inputs.impact_functions = stored["impact_functions"]
    eai = compute(mini_inputs, "TH-50")["expected_annual_impact"]
    # damage ratio at 1.0 m on the line (0, 0)-(2, 0.5): 0.25; EAI = 0.1 / yr x 0.25 x 1000
    assert eai[0]["eai"] == pytest.approx(0.1 * 0.25 * 1000)


def test_expected_annual_impact_problems_are_located():
    from climateplan.plans.risk import read_eai_uploads

    events = EVENTS + "E1,flood,TH-50,1.0,0.1\nE2,flood,Bangkok,1.0,-1\nE3,storm,TH-50,1,0.1\n"
    problems = problems_of(
        read_eai_uploads,
        {
            "events": (csv(events), "events.csv"),
            "exposure": (csv(EXPOSURE + "TH-10,residential,x\n"), "exposure.csv"),
            "impact_functions": (csv(FUNCTIONS), "functions.csv"),
        },
        "TH-50",
    )
    located = {(p.file, p.row, p.column) for p in problems}
    assert ("events.csv", 3, "province") in located  # Bangkok's event
    assert ("events.csv", 3, "annual_frequency") in located  # negative
    assert ("exposure.csv", 3, "province") in located
    assert ("exposure.csv", 3, "value") in located
    problems = problems_of(
        read_eai_uploads,
        {
            "events": (csv(EVENTS + "E3,storm,TH-50,1,0.1\n"), "events.csv"),
            "exposure": (csv(EXPOSURE), "exposure.csv"),
            "impact_functions": (csv(FUNCTIONS), "functions.csv"),
        },
        "TH-50",
    )
    # no impact function for storms: named on the event's row
    assert [(p.file, p.row, p.column) for p in problems] == [("events.csv", 2, "hazard")]


def test_framework_upload_is_validated_by_the_engine(mini_yaml):
    from climateplan.plans.risk import RiskInputs, read_framework_upload

    text = read_framework_upload(mini_yaml.encode("utf-8"), "mine.yaml")
    assert RiskInputs(framework_yaml=text).framework().id == "mini"
    broken = mini_yaml.replace("      - {ref: f_pop, weight: 1}", "      - {ref: f_pop, weigth: 1}")
    problems = problems_of(read_framework_upload, broken.encode("utf-8"), "mine.yaml")
    typo = next(p for p in problems if "weigth" in p.message_en)
    line = mini_yaml.splitlines().index("      - {ref: f_pop, weight: 1}") + 1
    assert (typo.file, typo.row) == ("mine.yaml", line)
    problems = problems_of(read_framework_upload, b"x: 1", "mine.txt")
    assert "not accepted" in problems[0].message_en
