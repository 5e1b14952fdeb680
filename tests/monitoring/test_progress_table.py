"""The meeting's progress table and its workbook, from hand-built records.

Five actions of a made-up plan, reported for one period:

    id code kind        owner  sectors                 report (state, status, %, THB)
    1  M01  reduction   PEO    gpc:I                    submitted, on_track, 40, 100 000
    2  M02  reduction   PEA    gpc:I                    accepted,  completed, 100, 250 000
    3  M03  reduction   PLTO   gpc:II                   draft (not sent), delayed, 10, 5 000
    4  A01  adaptation  LDD    nap:water, nap:agric.    returned,  delayed, 20, 30 000
                                                        and an older accepted report (on_track)
    5  A02  adaptation  PEO    nap:public_health        none
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from openpyxl import load_workbook

from climateplan.monitoring import exports_meeting as xm
from climateplan.monitoring import progress_table as pt

LABELS = {
    "gpc:I": ("Stationary energy", "พลังงานอยู่กับที่"),
    "gpc:II": ("Transportation", "การขนส่ง"),
    "nap:water": ("Water management", "การจัดการน้ำ"),
    "nap:agriculture": ("Agriculture and food security", "การเกษตรและความมั่นคงทางอาหาร"),
    "nap:public_health": ("Public health", "สาธารณสุข"),
}


def action(i, code, kind, agency, sectors, th, en):
    return {
        "id": i,
        "code": code,
        "kind": kind,
        "name_th": f"มาตรการ {code}",
        "name_en": f"Action {code}",
        "agency": agency,
        "agency_th": th,
        "agency_en": en,
        "co_agencies": [],
        "sectors": sectors,
    }


ACTIONS = [
    action(
        1, "M01", "reduction", "PEO", ["gpc:I"], "สำนักงานพลังงานจังหวัด", "Provincial Energy Office"
    ),
    action(2, "M02", "reduction", "PEA", ["gpc:I"], "กฟภ.", "PEA"),
    action(3, "M03", "reduction", "PLTO", ["gpc:II"], "ขนส่งจังหวัด", "Land Transport Office"),
    action(4, "A01", "adaptation", "LDD", ["nap:water", "nap:agriculture"], "กรมพัฒนาที่ดิน", "LDD"),
    action(
        5,
        "A02",
        "adaptation",
        "PEO",
        ["nap:public_health"],
        "สำนักงานพลังงานจังหวัด",
        "Provincial Energy Office",
    ),
]


def report(a, state, status, percent, disbursed, updated, **kw):
    return {
        "action": a,
        "state": state,
        "status": status,
        "percent": percent,
        "disbursed": disbursed,
        "updated": updated,
        "revision": 1,
        **kw,
    }


REPORTS = [
    report(1, "submitted", "on_track", 40, 100_000, dt.datetime(2025, 4, 20)),
    report(2, "accepted", "completed", 100, 250_000, dt.datetime(2025, 4, 10)),
    report(3, "draft", "delayed", 10, 5_000, dt.datetime(2025, 4, 22)),
    report(4, "accepted", "on_track", 15, 10_000, dt.datetime(2025, 4, 1)),
    report(4, "returned", "delayed", 20, 30_000, dt.datetime(2025, 4, 25), reason="น้ำท่วม =x"),
]


@pytest.fixture
def table():
    return pt.action_table(ACTIONS, REPORTS)


def test_each_action_has_its_latest_sent_report_or_not_reported(table):
    by_code = table.set_index("code")
    assert list(table["code"]) == ["M01", "M02", "M03", "A01", "A02"]  # the order given
    assert by_code.loc["M01", "status"] == "on_track"
    assert by_code.loc["M02", "status"] == "completed"
    # M03's report is a draft: the agency has not sent it, so not reported, state shown
    assert by_code.loc["M03", "status"] == "not_reported"
    assert by_code.loc["M03", "state"] == "draft"
    assert math.isnan(by_code.loc["M03", "percent"])
    # A01: the returned report of 25 April is later than the accepted one of 1 April
    assert by_code.loc["A01", "status"] == "delayed"
    assert by_code.loc["A01", "percent"] == 20
    assert by_code.loc["A01", "disbursed"] == 30_000
    assert by_code.loc["A02", "status"] == "not_reported"
    assert by_code.loc["A02", "state"] == ""


def test_counts_by_agency_in_order_of_first_appearance(table):
    s = pt.by_agency(table).set_index("key")
    assert list(s.index) == ["PEO", "PEA", "PLTO", "LDD"]
    # PEO owns M01 (on track, 40 %, 100 000 THB) and A02 (not reported):
    # 2 actions, 1 reported = 50 %, mean percent 40, disbursed 100 000
    peo = s.loc["PEO"]
    assert (peo["actions"], peo["on_track"], peo["not_reported"], peo["reported"]) == (2, 1, 1, 1)
    assert peo["reported_pct"] == pytest.approx(50.0)
    assert peo["mean_percent"] == pytest.approx(40.0)
    assert peo["disbursed"] == pytest.approx(100_000)
    # PLTO: its only report is a draft -> nothing reported, mean percent empty
    plto = s.loc["PLTO"]
    assert (plto["actions"], plto["not_reported"], plto["reported"]) == (1, 1, 0)
    assert math.isnan(plto["mean_percent"])
    assert plto["disbursed"] == 0


def test_totals_of_the_plan(table):
    t = pt.totals(table)
    # reported: M01 40 %, M02 100 %, A01 20 % -> 3 of 5 = 60 %; mean (40+100+20)/3 = 53.33;
    # disbursed 100 000 + 250 000 + 30 000 = 380 000
    assert t["actions"] == 5
    assert (t["completed"], t["on_track"], t["delayed"], t["not_reported"]) == (1, 1, 1, 2)
    assert t["reported_pct"] == pytest.approx(60.0)
    assert t["mean_percent"] == pytest.approx(160 / 3)
    assert t["disbursed"] == pytest.approx(380_000)


def test_counts_by_sector_count_an_action_in_each_of_its_sectors(table):
    s = pt.by_sector(table, LABELS).set_index("key")
    # order of the labels; A01 (delayed, 30 000) under water AND agriculture
    assert list(s.index) == [
        "gpc:I",
        "gpc:II",
        "nap:water",
        "nap:agriculture",
        "nap:public_health",
    ]
    # Stationary energy: M01 (on track, 100 000) + M02 (completed, 250 000)
    assert (s.loc["gpc:I", "actions"], s.loc["gpc:I", "disbursed"]) == (2, 350_000)
    assert s.loc["gpc:I", "mean_percent"] == pytest.approx(70.0)  # (40 + 100) / 2
    assert (s.loc["nap:water", "delayed"], s.loc["nap:agriculture", "delayed"]) == (1, 1)
    assert s["actions"].sum() == 6  # 5 actions, A01 counted twice


def test_an_action_without_sector_or_agency_is_grouped_apart():
    actions = [
        {"id": 1, "code": "X1", "kind": "adaptation", "name_th": "x", "sectors": [], "agency": ""}
    ]
    table = pt.action_table(actions, [])
    assert list(pt.by_sector(table, LABELS)["label_en"]) == ["No sector given"]
    assert list(pt.by_agency(table)["label_th"]) == ["ไม่ระบุหน่วยงาน"]


def test_sectors_of_an_action_from_its_engine_fields():
    assert pt.action_sectors("reduction", {"subsector": "II.1"}) == ["gpc:II"]
    assert pt.action_sectors("adaptation", {"sectors": ["water", "tourism"]}) == [
        "nap:water",
        "nap:tourism",
    ]
    assert pt.action_sectors("reduction", {}) == []
    labels = pt.sector_labels()
    # GPC v1.1 sector II and the NAP's public-health sector, from the shipped references
    assert labels["gpc:II"][0] == "Transportation"
    assert labels["nap:public_health"] == ("Public health", "สาธารณสุข")


HEADER = xm.MeetingHeader(
    province_th="เชียงใหม่",
    province_en="Chiang Mai",
    plan_title_th="แผนเชียงใหม่",
    plan_title_en="Chiang Mai plan",
    plan_start=2023,
    plan_end=2027,
    meeting_number="1/2568",
    meeting_date=dt.date(2025, 5, 15),
    period_th="ปีงบประมาณ 2568 ครึ่งปีแรก",
    period_en="FY2025 first half",
)


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_thai_workbook_cell_by_cell(table):
    book = _open(xm.workbook(HEADER, table, "th", LABELS))
    assert book.sheetnames == ["รายงานความก้าวหน้า", "ตามหน่วยงาน", "ตามสาขา"]
    ws = book["รายงานความก้าวหน้า"]
    assert ws["A2"].value == "จังหวัด" and ws["B2"].value == "เชียงใหม่"
    # plan period 2023-2027 CE = 2566-2570 BE (CE + 543)
    assert ws["B3"].value == "แผนเชียงใหม่ (พ.ศ. 2566-2570)"
    # meeting on 15 May 2025 = 15/5/2568 BE
    assert ws["B4"].value == "ครั้งที่ 1/2568 วันที่ 15/5/2568"
    assert ws["B5"].value == "ปีงบประมาณ 2568 ครึ่งปีแรก"
    assert ws["A7"].value == "รหัส" and ws["G7"].value == "สถานะ"
    first = [c.value for c in ws[8]]
    assert first[:9] == [
        "M01",
        "มาตรการลดก๊าซเรือนกระจก",
        "มาตรการ M01",
        "สำนักงานพลังงานจังหวัด",
        None,
        "พลังงานอยู่กับที่",
        "เป็นไปตามแผน",
        40,
        100_000,
    ]
    a01 = [c.value for c in ws[11]]
    assert a01[0] == "A01"
    assert a01[5] == "การจัดการน้ำ; การเกษตรและความมั่นคงทางอาหาร"
    assert a01[9] == "ส่งกลับแก้ไข"
    assert a01[10] == "น้ำท่วม =x"  # starts with a letter: kept as typed
    m03 = [c.value for c in ws[10]]
    assert (m03[6], m03[7], m03[9]) == ("ยังไม่รายงาน", None, "ร่าง ยังไม่ส่ง")
    by_agency = book["ตามหน่วยงาน"]
    assert by_agency["A1"].value == "หน่วยงาน"
    assert [c.value for c in by_agency[2]][:9] == [
        "สำนักงานพลังงานจังหวัด",
        2,  # actions
        0,  # completed
        1,  # on track
        0,  # delayed
        0,  # not started
        0,  # cancelled
        1,  # not reported
        50,  # reported %: 1 of 2
    ]
    total = [c.value for c in by_agency[6]]  # 4 agencies then the total
    assert total[0] == "ทุกมาตรการ" and total[1] == 5 and total[-1] == 380_000


def test_english_workbook_years_in_common_era_and_formulas_made_inert(table):
    actions = [dict(ACTIONS[0], name_en='=HYPERLINK("http://x")')]
    book = _open(xm.workbook(HEADER, pt.action_table(actions, REPORTS), "en", LABELS))
    ws = book["Progress report"]
    assert ws["B3"].value == "Chiang Mai plan (2023-2027)"
    assert ws["B4"].value == "No. 1/2568 on 2025-05-15"
    assert ws["C8"].value == '\'=HYPERLINK("http://x")'
    assert ws["C8"].data_type == "s"
    sector = book["By sector"]
    assert [c.value for c in sector[2]][:2] == ["Stationary energy", 1]


def test_file_name_is_ascii():
    assert xm.file_name(HEADER, "th") == "progress-meeting-1-2568-th.xlsx"
