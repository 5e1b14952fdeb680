"""Working-group meetings: who reads and records them, the number and date checks, the
link, decisions linked to actions, and the meeting's progress report (page, printable
page, XLSX opened with openpyxl and checked cell by cell)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from climateplan.monitoring.web.models import (
    Agency,
    Meeting,
    ProgressReport,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.monitoring.web.services import monitoring_of
from climateplan.monitoring.web.services_meetings import parse_date, parse_number
from climateplan.plans.web.models import Action

pytestmark = pytest.mark.django_db


def english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    return client


def url(plan, name="meetings", *args):
    return reverse(f"monitoring:{name}", args=[plan.pk, *args])


def revision(plan) -> int:
    return monitoring_of(plan).revision


@pytest.fixture
def period(monitored_plan):
    """The first half of fiscal year 2568 BE (1 Oct 2024 - 31 Mar 2025), open."""
    return ReportingPeriod.objects.create(
        plan=monitored_plan,
        fiscal_year=2025,
        number=1,
        starts=dt.date(2024, 10, 1),
        ends=dt.date(2025, 3, 31),
        due=dt.date(2025, 4, 30),
        state="open",
    )


def action(plan, code) -> Action:
    return Action.objects.get(section__plan=plan, code=code)


@pytest.fixture
def reported(monitored_plan, period):
    """M01 (PEO) on track 40 % 150 000 THB accepted; M02 (PEA) delayed 10 % submitted;
    CM-A02 (PHO) a draft not sent; M03 and CM-A01 without a report."""

    def report(code, agency, state, status, percent, disbursed, reason=""):
        return ProgressReport.objects.create(
            action=action(monitored_plan, code),
            period=period,
            agency=Agency.objects.get(code=agency),
            state=state,
            status=status,
            percent=percent,
            disbursed=disbursed,
            reason=reason,
        )

    report("M01", "PEO", "accepted", "on_track", 40, 150_000)
    report("M02", "PEA", "submitted", "delayed", 10, 20_000, reason="รอการจัดซื้อ")
    report("CM-A02", "PHO", "draft", "on_track", 5, 1_000)
    return period


@pytest.fixture
def group(monitored_plan):
    made = []
    for position, (code, role) in enumerate(
        (("PROV", "chair"), ("PNREO", "secretary"), ("PEO", "member"), ("PEA", "member"))
    ):
        made.append(
            WorkingGroupMember.objects.create(
                plan=monitored_plan,
                agency=Agency.objects.get(code=code),
                role=role,
                position=position,
            )
        )
    return made


def form(plan, **kw) -> dict:
    data = {
        "revision": revision(plan),
        "number": "1/2568",
        "date": "15/5/2568",
        "mode": "hybrid",
        "location": "ห้องประชุมศาลากลางจังหวัดเชียงใหม่ ชั้น 2",
        "link": "https://meet.example.go.th/cm-climate",
        "period": "",
        "agenda": "1. เรื่องแจ้งเพื่อทราบ\n2. ความก้าวหน้ารอบครึ่งปีแรก",
        "minutes": "ที่ประชุมรับทราบความก้าวหน้า",
        "other_attendees": "ผู้แทนมหาวิทยาลัยเชียงใหม่",
        "decision_rows": "2",
        "decision_text_0": "ให้ กฟภ. เร่งรัดการจัดซื้อ",
        "decision_due_0": "30/6/2568",
        "decision_text_1": "",
    }
    data.update(kw)
    return data


# ---- the number and date


@pytest.mark.parametrize(
    "text, day, stored, ok",
    [
        ("1/2568", dt.date(2025, 5, 15), "1/2568", True),
        ("ครั้งที่ 2 / 2568", dt.date(2025, 5, 15), "2/2568", True),
        # 15 Nov 2024 is in fiscal year 2568 BE (Oct 2024 - Sep 2025) and calendar 2567 BE
        ("1/2568", dt.date(2024, 11, 15), "1/2568", True),
        ("1/2567", dt.date(2024, 11, 15), "1/2567", True),
        ("1/2025", dt.date(2025, 5, 15), "1/2025", False),  # a CE year
        ("1/2566", dt.date(2025, 5, 15), "1/2566", False),
        ("0/2568", dt.date(2025, 5, 15), "0/2568", False),
        ("first", dt.date(2025, 5, 15), "", False),
    ],
)
def test_meeting_number_is_number_slash_buddhist_era_year(text, day, stored, ok):
    got, problems = parse_number(text, day)
    assert got == stored
    assert (not problems) is ok


def test_dates_in_buddhist_or_common_era():
    assert parse_date("15/5/2568") == dt.date(2025, 5, 15)  # 2568 - 543 = 2025
    assert parse_date("2025-05-15") == dt.date(2025, 5, 15)
    assert parse_date("15/5/2025") == dt.date(2025, 5, 15)
    assert parse_date("31/2/2568") is None
    assert parse_date("tomorrow") is None


# ---- scoping


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 200),
        ("viewer", 200),
        ("approver", 200),
        ("reporter", 200),
        ("reviewer", 200),
        ("other_editor", 404),
        ("other_reporter", 404),
        ("no_role", 404),
    ],
)
def test_who_reads_meetings_and_their_report(client, users, monitored_plan, reported, who, status):
    meeting = Meeting.objects.create(
        plan=monitored_plan, number="1/2568", date=dt.date(2025, 5, 15), period=reported
    )
    client.force_login(users[who])
    for name, args in (
        ("meetings", ()),
        ("meeting", (meeting.pk,)),
        ("meeting_report", (meeting.pk,)),
        ("meeting_xlsx", (meeting.pk,)),
    ):
        assert client.get(url(monitored_plan, name, *args)).status_code == status, name


@pytest.mark.parametrize("who", ["viewer", "approver", "reporter", "reviewer", "admin"])
def test_only_the_provinces_editor_records_meetings(client, users, monitored_plan, who):
    client.force_login(users[who])
    assert client.get(url(monitored_plan, "meeting_new")).status_code == 403
    assert client.post(url(monitored_plan, "meeting_new"), form(monitored_plan)).status_code == 403
    assert not Meeting.objects.exists()


def test_other_province_cannot_record(client, users, monitored_plan):
    client.force_login(users["other_editor"])
    response = client.post(url(monitored_plan, "meeting_new"), form(monitored_plan))
    assert response.status_code == 404
    assert not Meeting.objects.exists()


# ---- recording


def test_editor_records_a_meeting_with_attendees_and_decisions(
    client, users, monitored_plan, group, reported
):
    client.force_login(users["editor"])
    page = client.get(url(monitored_plan, "meeting_new")).content.decode()
    assert 'id="meeting-form"' in page
    m02 = action(monitored_plan, "M02")
    data = form(
        monitored_plan,
        period=str(reported.pk),
        attendees=[str(group[0].pk), str(group[3].pk)],
        decision_actions_0=[str(m02.pk)],
    )
    response = client.post(url(monitored_plan, "meeting_new"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(plan=monitored_plan)
    assert (meeting.number, meeting.date, meeting.mode) == (
        "1/2568",
        dt.date(2025, 5, 15),
        "hybrid",
    )
    assert meeting.period == reported
    assert sorted(meeting.attendees.values_list("agency__code", flat=True)) == ["PEA", "PROV"]
    decisions = list(meeting.decisions.all())
    assert len(decisions) == 1  # the empty row is skipped
    assert decisions[0].due == dt.date(2025, 6, 30)
    assert list(decisions[0].actions.values_list("code", flat=True)) == ["M02"]
    page = client.get(response["Location"]).content.decode()
    assert "ครั้งที่ 1/2568" in page
    assert "15 พ.ค. 2568" in page  # the date in the Buddhist Era
    assert "30 มิ.ย. 2568" in page
    assert "ให้ กฟภ. เร่งรัดการจัดซื้อ" in page
    # edit: another number, the same meeting
    edit = client.get(url(monitored_plan, "meeting_edit", meeting.pk)).content.decode()
    assert 'value="15/5/2568"' in edit and "ให้ กฟภ. เร่งรัดการจัดซื้อ" in edit
    response = client.post(
        url(monitored_plan, "meeting_edit", meeting.pk),
        form(monitored_plan, number="2/2568", period=str(reported.pk)),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.number == "2/2568"
    assert Meeting.objects.count() == 1


def test_every_problem_of_the_meeting_named_at_once(client, users, monitored_plan):
    client.force_login(users["editor"])
    before = revision(monitored_plan)
    response = client.post(
        url(monitored_plan, "meeting_new"),
        form(
            monitored_plan,
            number="1/2025",
            link="javascript:alert(1)",
            location="",
            decision_text_1="",
            decision_due_1="1/1/2568",  # a due date without a decision, before the meeting
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไม่ตรงกับปี พ.ศ. ของวันประชุม (2568)" in page
    assert "ลิงก์การประชุมต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย https://" in page
    assert "การประชุม ณ ห้องประชุมต้องระบุสถานที่" in page
    assert "มติที่ 2: กรุณาระบุข้อความมติ" in page
    assert "มติที่ 2: วันที่กำหนดเสร็จอยู่ก่อนวันประชุม" in page
    assert page.count('class="problem"') == 5
    assert not Meeting.objects.exists()
    assert revision(monitored_plan) == before
    # the form keeps what was typed
    assert "ผู้แทนมหาวิทยาลัยเชียงใหม่" in page


@pytest.mark.parametrize(
    "link", ["ftp://files.example.org/x", "http//broken", "file:///etc/passwd"]
)
def test_meeting_link_is_http_or_https_only(client, users, monitored_plan, link):
    client.force_login(users["editor"])
    response = client.post(url(monitored_plan, "meeting_new"), form(monitored_plan, link=link))
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_a_number_is_used_once_per_plan(client, users, monitored_plan):
    client.force_login(users["editor"])
    client.post(url(monitored_plan, "meeting_new"), form(monitored_plan))
    english(client)
    response = client.post(url(monitored_plan, "meeting_new"), form(monitored_plan))
    assert response.status_code == 400
    assert "the plan has a meeting 1/2568 already" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_a_stale_revision_saves_nothing(client, users, monitored_plan):
    client.force_login(users["editor"])
    stale = revision(monitored_plan)
    client.post(url(monitored_plan, "meeting_new"), form(monitored_plan))
    response = client.post(
        url(monitored_plan, "meeting_new"),
        form(monitored_plan, number="2/2568", revision=stale),
        follow=True,
    )
    assert "มีผู้อื่นแก้ไขข้อมูลนี้" in response.content.decode()
    assert list(Meeting.objects.values_list("number", flat=True)) == ["1/2568"]


def test_editor_deletes_a_meeting(client, users, monitored_plan):
    client.force_login(users["editor"])
    client.post(url(monitored_plan, "meeting_new"), form(monitored_plan))
    meeting = Meeting.objects.get()
    client.post(
        url(monitored_plan, "meeting_delete", meeting.pk), {"revision": revision(monitored_plan)}
    )
    assert not Meeting.objects.exists()


# ---- the progress report


@pytest.fixture
def meeting(monitored_plan, reported):
    return Meeting.objects.create(
        plan=monitored_plan, number="1/2568", date=dt.date(2025, 5, 15), period=reported
    )


def test_progress_report_page_groups_by_agency_and_sector(client, users, monitored_plan, meeting):
    client.force_login(users["viewer"])
    page = client.get(url(monitored_plan, "meeting", meeting.pk)).content.decode()
    # 5 actions: on track M01; delayed M02; not reported M03, CM-A01 and CM-A02 (a draft)
    totals = page.split('id="progress-totals"', 1)[1].split("</div>", 1)[0]
    assert "<strong>5</strong> มาตรการ" in totals
    assert '<span class="status-chip status-not_reported"><strong>3</strong>' in totals
    assert '<span class="status-chip status-delayed"><strong>1</strong>' in totals
    assert "รายงานแล้ว <strong>40%</strong>" in totals  # 2 of 5
    assert "<strong>170,000</strong>" in totals  # 150 000 + 20 000
    assert "สำนักงานพลังงานจังหวัด" in page and "รอการจัดซื้อ" in page
    sectors = page.split('id="by-sector"', 1)[1]
    assert "การขนส่ง" in sectors and "สาธารณสุข" in sectors


def test_printable_report_has_province_plan_period_and_no_navigation(
    client, users, monitored_plan, meeting
):
    client.force_login(users["viewer"])
    page = client.get(url(monitored_plan, "meeting_report", meeting.pk)).content.decode()
    assert "meeting_print.css" in page
    assert 'class="top"' not in page  # no site header
    assert "เชียงใหม่" in page
    assert "(พ.ศ. 2566-2570)" in page  # the plan 2023-2027 in BE
    assert "ครั้งที่ 1/2568 · 15 พ.ค. 2568" in page
    assert "ปีงบประมาณ 2568" in page
    english(client)
    page = client.get(url(monitored_plan, "meeting_report", meeting.pk)).content.decode()
    assert "Chiang Mai" in page and "(2023-2027)" in page and "FY2025" in page
    assert "15 May 2025" in page


def test_agency_reporter_sees_only_their_agencys_actions(client, users, monitored_plan, meeting):
    client.force_login(users["reporter_pea"])
    page = client.get(url(monitored_plan, "meeting", meeting.pk)).content.decode()
    assert 'id="own-actions-only"' in page
    # PEA owns M02 and co-operates in M01; nothing of PHO's or PLTO's
    assert "M02" in page and "M01" in page
    assert "M03" not in page and "CM-A02" not in page
    data = client.get(url(monitored_plan, "meeting_xlsx", meeting.pk)).content
    codes = [r[0].value for r in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=8)]
    assert [c for c in codes if c in {"M01", "M02", "M03", "CM-A01", "CM-A02"}] == ["M01", "M02"]


def test_meeting_workbook_cell_by_cell(client, users, monitored_plan, meeting):
    client.force_login(users["editor"])
    response = client.get(url(monitored_plan, "meeting_xlsx", meeting.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="progress-meeting-1-2568-th.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    ws = book["รายงานความก้าวหน้า"]
    assert ws["B2"].value == "เชียงใหม่"
    assert ws["B3"].value == "แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่ (พ.ศ. 2566-2570)"
    assert ws["B4"].value == "ครั้งที่ 1/2568 วันที่ 15/5/2568"
    assert ws["B5"].value.startswith("ปีงบประมาณ 2568")
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=8, max_row=12)}
    # reduction measures first, then adaptation actions, in the plan's order
    assert list(rows) == ["M01", "M02", "M03", "CM-A01", "CM-A02"]
    assert rows["M01"][3] == "สำนักงานพลังงานจังหวัด"
    assert rows["M01"][5] == "พลังงานที่ใช้ในอาคารและสถานประกอบการ (แหล่งกำเนิดอยู่กับที่)"
    assert rows["M01"][6:10] == ["เป็นไปตามแผน", 40, 150_000, "รับรายงานแล้ว"]
    assert rows["M02"][6:11] == ["ล่าช้า", 10, 20_000, "ส่งแล้ว", "รอการจัดซื้อ"]
    assert rows["CM-A02"][6:10] == ["ยังไม่รายงาน", None, None, "ร่าง ยังไม่ส่ง"]
    # the action's NAP sectors in its own order (agriculture, water)
    assert rows["CM-A01"][5] == "การเกษตรและความมั่นคงทางอาหาร; การจัดการน้ำ"
    total = [c.value for c in book["ตามหน่วยงาน"][book["ตามหน่วยงาน"].max_row]]
    # 5 actions: 0 completed, 1 on track, 1 delayed, 0, 0, 3 not reported; 2/5 = 40 %;
    # mean (40 + 10) / 2 = 25 %; 150 000 + 20 000 = 170 000 THB
    assert total == ["ทุกมาตรการ", 5, 0, 1, 1, 0, 0, 3, 40, 25, 170_000]
    english(client)
    book = load_workbook(
        io.BytesIO(client.get(url(monitored_plan, "meeting_xlsx", meeting.pk)).content)
    )
    ws = book["Progress report"]
    assert ws["B3"].value == "Chiang Mai climate change plan (2023-2027)"
    assert ws["B4"].value == "No. 1/2568 on 2025-05-15"
    assert ws["B5"].value.startswith("FY2025")


def test_the_progress_tables_name_statuses_as_the_reports_do():
    from climateplan.monitoring import progress_table as pt
    from climateplan.monitoring.web.models import ActionStatus, ReportState

    assert [(k, f"{en} / {th}") for k, en, th in pt.STATUSES] == sorted(
        ActionStatus.choices, key=lambda c: [s[0] for s in pt.STATUSES].index(c[0])
    )
    assert set(pt.REPORT_STATES) == set(ReportState.values)
