"""Indicator and gridded tables: accepted forms, and every bad cell reported with file,
row and column in Thai and English, all at once."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from climateplan.errors import InputError
from climateplan.risk.index.values import (
    assemble_values,
    load_values,
    normalise_scenario,
    read_gridded_table,
    read_indicator_table,
)


def write_csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_provinces_as_code_dopa_code_thai_or_english_name(tmp_path, mini):
    path = write_csv(
        tmp_path,
        "ind.csv",
        "province,indicator,value,year,source\n"
        "TH-50,poverty,10,2021,NESDC\n"
        "10,poverty,5,,\n"
        "ขอนแก่น,poverty,20,,\n"
        'Phuket,poverty,"1,234",,\n',
    )
    table = read_indicator_table(path, mini)
    assert table["province"].tolist() == ["TH-50", "TH-10", "TH-40", "TH-83"]
    assert table["value"].tolist() == [10.0, 5.0, 20.0, 1234.0]  # thousands separator read


def test_bad_indicator_table_reports_every_problem(tmp_path, mini):
    path = write_csv(
        tmp_path,
        "bad.csv",
        "province,indicator,value\n"
        "TH-99,poverty,3\n"  # row 2: unknown province
        "Chiang Mai,povrety,3\n"  # row 3: unknown indicator
        "Chiang Mai,beds,lots\n"  # row 4: not a number
        "Chiang Mai,poverty,3\n"  # row 5
        "TH-50,poverty,4\n",  # row 6: duplicate of row 5 (same province, other spelling)
    )
    with pytest.raises(InputError) as info:
        read_indicator_table(path, mini)
    problems = info.value.problems
    located = {(p.row, p.column) for p in problems}
    assert located == {(2, "province"), (3, "indicator"), (4, "value"), (6, None)}
    assert all(p.file == str(path) for p in problems)
    by_row = {p.row: p for p in problems}
    assert "unknown province 'TH-99'" in by_row[2].message_en
    assert "ไม่รู้จักจังหวัด" in by_row[2].message_th
    assert "'lots' is not a number" in by_row[4].message_en
    assert "ไม่ใช่ตัวเลข" in by_row[4].message_th
    assert "row 5 already gives it" in by_row[6].message_en
    assert "แถว 5" in by_row[6].message_th


def test_missing_columns(tmp_path, mini):
    path = write_csv(tmp_path, "cols.csv", "province,value\nTH-50,3\n")
    with pytest.raises(InputError) as info:
        read_indicator_table(path, mini)
    assert "missing column(s) indicator" in info.value.problems[0].message_en


def test_xlsx_with_sheet(tmp_path, mini):
    path = tmp_path / "ind.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="notes", index=False)
        pd.DataFrame(
            {"Province": ["เชียงใหม่", "TH-10"], "Indicator": ["beds", "beds"], "Value": [2.5, "x"]}
        ).to_excel(writer, sheet_name="indicators", index=False)
    with pytest.raises(InputError) as info:
        read_indicator_table(path, mini, sheet="indicators")
    (problem,) = info.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("indicators", 3, "value")


def test_blank_value_is_missing_not_zero(tmp_path, mini):
    path = write_csv(tmp_path, "blank.csv", "province,indicator,value\nTH-50,poverty,\n")
    table = read_indicator_table(path, mini)
    assert math.isnan(table["value"].iloc[0])


def test_bad_gridded_table(tmp_path):
    path = write_csv(
        tmp_path,
        "grid.csv",
        "province,index,unit,period,scenario,value,change\n"
        "TH-50,RX5DAY,mm,2021-2050,SSP2-4.5,33,3\n"
        "TH-98,rx5day,mm,2021-2050,ssp245,33,3\n"  # row 3: unknown province
        "TH-50,rx5day,mm,2021 to 2050,ssp245,33,3\n"  # row 4: not a period
        "TH-50,rx5day,mm,2021-2050,ssp245,33,x\n",  # row 5: duplicate of 2; change not numeric
    )
    with pytest.raises(InputError) as info:
        read_gridded_table(path)
    located = sorted((p.row, p.column or "") for p in info.value.problems)
    assert located == [(3, "province"), (4, "period"), (5, ""), (5, "change")]


def test_scenario_spellings():
    assert normalise_scenario("SSP2-4.5") == "ssp245"
    assert normalise_scenario(" ssp5_85 ") == "ssp585"
    assert normalise_scenario("Historical") == "historical"


def test_gridded_and_table_values_assembled(mini, mini_tables):
    table, gridded = mini_tables
    values = load_values(mini, table, gridded)
    v = values.values
    assert v.loc["TH-50", "f_rain"] == 30.0  # rx5day, 1985-2014, historical, statistic value
    assert v.loc["TH-10", "f_rain"] == 54.0
    assert v.loc["TH-50", "beds"] == 3.6
    assert math.isnan(v.loc["TH-10", "f_pop"])  # not given: missing
    prov = values.provenance.set_index(["province", "indicator"])
    assert prov.loc[("TH-50", "f_rain"), "value_from"] == "gridded"
    assert prov.loc[("TH-50", "f_pop"), "value_from"] == "table"


def test_gridded_rows_absent_give_a_note_and_missing_values(mini, gridded_rows):
    gridded = gridded_rows(
        [
            {
                "province": "TH-50",
                "index": "rx5day",
                "period": "2021-2050",
                "scenario": "ssp245",
                "value": 1.0,
            }
        ]
    )
    values = assemble_values(mini, None, read_gridded_table(gridded))
    assert math.isnan(values.values.loc["TH-50", "f_rain"])
    (note,) = values.notes
    assert "no rows for index rx5day, period 1985-2014, scenario historical" in note.message_en
    assert "2021-2050 ssp245" in note.message_en


def test_same_value_from_table_and_gridded_is_a_conflict(mini, mini_tables):
    table, gridded = mini_tables
    table = pd.concat(
        [table, pd.DataFrame([{"province": "TH-50", "indicator": "f_rain", "value": 1.0}])]
    )
    with pytest.raises(InputError) as info:
        load_values(mini, table, gridded)
    assert "given both here and in the gridded table" in info.value.problems[0].message_en


def test_no_input_at_all(mini):
    with pytest.raises(InputError):
        assemble_values(mini, None, None)
