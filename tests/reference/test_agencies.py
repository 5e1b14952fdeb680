"""The agencies reference: every row sourced, the adaptation table reused, the BMA
departments of the Bangkok Master Plan working group offered for Bangkok only."""

from __future__ import annotations

import csv

import pytest

from climateplan.adaptation.reference import agencies as adaptation_agencies
from climateplan.reference._data import data_path
from climateplan.reference.agencies import (
    LEVELS,
    agencies,
    agency_name,
    bma_departments,
    extra_agencies,
    find_agency,
)

# The eleven BMA departments of the Bangkok Master Plan on Climate Change 2021-2030
# working group (Thai names as the BMA writes them), the Department of Environment chairs.
WORKING_GROUP_TH = {
    "สำนักการโยธา",
    "สำนักการจราจรและขนส่ง",
    "สำนักการระบายน้ำ",
    "สำนักการแพทย์",
    "สำนักการวางผังและพัฒนาเมือง",
    "สำนักอนามัย",
    "สำนักพัฒนาสังคม",
    "สำนักวัฒนธรรม กีฬา และการท่องเที่ยว",
    "สำนักยุทธศาสตร์และประเมินผล",
    "สำนักป้องกันและบรรเทาสาธารณภัย",
    "สำนักสิ่งแวดล้อม",
}


def test_every_row_has_a_source_and_both_names():
    table = agencies()
    assert len(table) > 0
    for row in table.itertuples():
        assert row.source.strip(), f"{row.code} has no source"
        assert row.en.strip() and row.th.strip(), f"{row.code} lacks a name"
        assert row.level in LEVELS, f"{row.code}: level {row.level!r}"
    assert table["code"].is_unique


def test_adaptation_rows_are_read_not_copied():
    shipped = adaptation_agencies()
    union = agencies()
    # every adaptation agency is in the union, with the adaptation table's own names
    merged = shipped.merge(union, on="code", suffixes=("_a", "_u"))
    assert len(merged) == len(shipped)
    assert (merged["th_a"] == merged["th_u"]).all()
    # and none of them is repeated in the platform's own file
    with data_path("agencies.csv").open(encoding="utf-8") as handle:
        own_codes = {row["code"] for row in csv.DictReader(handle)}
    assert own_codes.isdisjoint(set(shipped["code"]))
    # the union is exactly both files: adaptation rows + the platform's rows
    assert len(union) == len(shipped) + len(own_codes)


def test_the_eleven_working_group_departments_with_the_environment_chairing():
    departments = bma_departments()
    assert set(departments["th"]) == WORKING_GROUP_TH
    assert len(departments) == 11
    chair = departments.iloc[0]
    assert chair["th"] == "สำนักสิ่งแวดล้อม"
    assert chair["working_group"] == "chair"
    assert (departments["working_group"].iloc[1:] == "member").all()
    for source in departments["source"]:
        assert "Bangkok Metropolitan Administration" in source
        assert "bangkok.go.th" in source


def test_bma_departments_only_for_bangkok():
    bangkok = agencies("TH-10")
    kamphaeng_phet = agencies("TH-62")
    assert set(bangkok["th"]) >= WORKING_GROUP_TH
    assert WORKING_GROUP_TH.isdisjoint(set(kamphaeng_phet["th"]))
    assert "BMA" not in set(kamphaeng_phet["code"])
    # national and provincial agencies are offered everywhere
    for code in ("PNREO", "DCCE", "TGO", "PEO"):
        assert code in set(kamphaeng_phet["code"])
        assert code in set(bangkok["code"])
    # the lower-case code is the same province
    assert set(agencies("th-10")["code"]) == set(bangkok["code"])


def test_extra_agencies_leave_out_what_the_adaptation_engine_ships():
    shipped = set(adaptation_agencies()["code"])
    extra = extra_agencies("TH-10")
    assert shipped.isdisjoint(set(extra["code"]))
    assert set(extra["th"]) >= WORKING_GROUP_TH
    assert "BMA_DDS" not in set(extra_agencies("TH-50")["code"])


def test_find_by_code_or_name():
    assert find_agency("bma_dds", "TH-10")["th"] == "สำนักการระบายน้ำ"
    assert find_agency(" สำนักการระบายน้ำ ", "TH-10")["code"] == "BMA_DDS"
    assert agency_name("BMA_ENV", "en") == "Department of Environment, BMA"
    assert agency_name("PNREO") == "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด (ทสจ.)"
    assert agency_name("a name nobody ships") == "a name nobody ships"
    with pytest.raises(KeyError) as error:
        find_agency("สำนักการระบายน้ำ", "TH-62")
    assert "ไม่รู้จักหน่วยงาน" in str(error.value) and "unknown agency" in str(error.value)
