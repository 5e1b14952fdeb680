"""Progress reports on the web: periods, the report workflow (draft, submit, return,
resubmit, accept, locked), scoping by role and agency, and bad input refused with a
located bilingual message and nothing saved."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from climateplan.monitoring.web import services_reports
from climateplan.monitoring.web.access import monitoring_access_for
from climateplan.monitoring.web.models import (
    Evidence,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
)
from climateplan.monitoring.web.services import monitoring_of
from climateplan.plans.web.models import Action

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def revision(plan) -> int:
    return monitoring_of(plan).revision


def action(plan, code: str) -> Action:
    return Action.objects.get(section__plan=plan, code=code)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def open_period(users, monitored_plan):
    """The plan's periods by halves, due 30 days after; the first half of FY2568 open."""
    access = monitoring_access_for(users["editor"])
    services_reports.generate_periods(
        access, monitored_plan, expected_revision=revision(monitored_plan), months=6, due_days=30
    )
    period = ReportingPeriod.objects.get(plan=monitored_plan, starts=dt.date(2024, 10, 1))
    services_reports.set_period_state(
        access, monitored_plan, period.pk, "open", expected_revision=revision(monitored_plan)
    )
    period.refresh_from_db()
    return period


def report_url(plan, period, act) -> str:
    return reverse("monitoring:report", args=[plan.pk, period.pk, act.pk])


def form(**extra) -> dict:
    data = {"revision": "0", "status": "on_track", "percent": "40", "disbursed": "250000"}
    data.update(extra)
    return data


# --------------------------------------------------------------------------- periods


def test_secretariat_makes_opens_and_dates_the_periods(client, users, monitored_plan):
    plan = monitored_plan
    client.force_login(users["editor"])
    response = client.post(
        reverse("monitoring:periods_generate", args=[plan.pk]),
        {"revision": revision(plan), "period_months": "6", "due_days": "30"},
        follow=True,
    )
    # 2023-2027 by halves: 5 fiscal years x 2 = 10 periods
    assert "เพิ่มรอบการรายงาน 10 รอบแล้ว" in messages_of(response)
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("starts"))
    assert len(periods) == 10
    # FY2566 BE first half: 1 Oct 2022 - 31 Mar 2023, due 31 Mar + 30 days = 30 Apr 2023
    first = periods[0]
    assert (first.fiscal_year, first.number, first.starts, first.ends, first.due) == (
        2023,
        1,
        dt.date(2022, 10, 1),
        dt.date(2023, 3, 31),
        dt.date(2023, 4, 30),
    )
    assert monitoring_of(plan).period_months == 6
    page = client.get(reverse("monitoring:periods", args=[plan.pk])).content.decode()
    assert "ปีงบประมาณ 2568 ครึ่งปีแรก (ต.ค. 2567 - มี.ค. 2568)" in page
    # making them again adds nothing (every fiscal year has its periods)
    client.post(
        reverse("monitoring:periods_generate", args=[plan.pk]),
        {"revision": revision(plan), "period_months": "3", "due_days": "30"},
    )
    assert ReportingPeriod.objects.filter(plan=plan).count() == 10

    target = periods[4]  # FY2025 first half
    client.post(
        reverse("monitoring:period_state", args=[plan.pk, target.pk]),
        {"revision": revision(plan), "move": "open"},
    )
    target.refresh_from_db()
    assert target.state == "open" and target.opened_at is not None
    # a due date before the period ends is refused, named, and nothing changes
    response = client.post(
        reverse("monitoring:period_due", args=[plan.pk, target.pk]),
        {"revision": revision(plan), "due": "1/3/2568"},
        follow=True,
    )
    assert any("วันครบกำหนดส่ง" in m and "ปีงบประมาณ 2568" in m for m in messages_of(response))
    target.refresh_from_db()
    assert target.due == dt.date(2025, 4, 30)
    client.post(
        reverse("monitoring:period_due", args=[plan.pk, target.pk]),
        {"revision": revision(plan), "due": "15/5/2568"},
    )
    target.refresh_from_db()
    assert target.due == dt.date(2025, 5, 15)
    # a stale revision is a conflict: nothing changes
    stale = revision(plan) - 1
    response = client.post(
        reverse("monitoring:period_state", args=[plan.pk, target.pk]),
        {"revision": stale, "move": "close"},
        follow=True,
    )
    target.refresh_from_db()
    assert target.state == "open"
    assert any("มีผู้อื่นแก้ไข" in m for m in messages_of(response))


def test_bad_rhythm_is_refused_in_english_too(client, users, monitored_plan):
    english(client).force_login(users["editor"])
    response = client.post(
        reverse("monitoring:periods_generate", args=[monitored_plan.pk]),
        {"revision": revision(monitored_plan), "period_months": "5", "due_days": "x"},
        follow=True,
    )
    text = " ".join(messages_of(response))
    assert "12, 6 or 3" in text and "not a whole number" in text
    assert not ReportingPeriod.objects.filter(plan=monitored_plan).exists()


@pytest.mark.parametrize("who", ["viewer", "approver", "reporter", "reviewer"])
def test_only_the_secretariat_manages_periods(client, users, monitored_plan, who):
    client.force_login(users[who])
    response = client.post(
        reverse("monitoring:periods_generate", args=[monitored_plan.pk]),
        {"revision": revision(monitored_plan), "period_months": "6", "due_days": "30"},
    )
    assert response.status_code in (302, 403)
    assert not ReportingPeriod.objects.filter(plan=monitored_plan).exists()


def test_a_period_of_a_draft_plan_does_not_open(client, users, draft_plan):
    client.force_login(users["editor"])
    client.post(
        reverse("monitoring:periods_generate", args=[draft_plan.pk]),
        {"revision": revision(draft_plan), "period_months": "12", "due_days": "30"},
    )
    period = ReportingPeriod.objects.filter(plan=draft_plan).first()
    response = client.post(
        reverse("monitoring:period_state", args=[draft_plan.pk, period.pk]),
        {"revision": revision(draft_plan), "move": "open"},
        follow=True,
    )
    period.refresh_from_db()
    assert period.state == "planned"
    assert any("ได้รับอนุมัติ" in m for m in messages_of(response))


# --------------------------------------------------------------------------- workflow


def test_report_workflow_draft_submit_return_resubmit_accept_locked(
    client, users, monitored_plan, open_period, data_dir, monkeypatch
):
    plan, period, m02 = monitored_plan, open_period, action(monitored_plan, "M02")
    refreshed = []
    monkeypatch.setattr(
        "climateplan.monitoring.web.achieved.refresh_achieved", lambda p: refreshed.append(p.pk)
    )
    url = report_url(plan, period, m02)
    client.force_login(users["reporter_pea"])
    page = client.get(url)
    assert page.status_code == 200 and b'id="report-form"' in page.content
    # the KPI's unit is offered with the value field
    assert b'name="kpi_unit:kpi" class="unit" value="kWp"' in page.content

    # a draft, KPI typed in MWp: 0.12 MWp x 1000 = 120 kWp stored, the entry kept beside it
    response = client.post(
        url, form(**{"kpi:kpi": "0.12", "kpi_unit:kpi": "MWp", "comment": "30 หลังคา"})
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(action=m02, period=period)
    assert report.state == "draft" and report.revision == 2
    assert report.agency.code == "PEA"
    (kpi,) = report.kpi_values
    assert kpi["value"] == pytest.approx(120.0) and kpi["unit"] == "kWp"
    assert (kpi["entered_value"], kpi["entered_unit"]) == (0.12, "MWp")
    assert (report.percent, report.disbursed) == (40.0, 250_000.0)

    # submitted, with a photo as evidence
    photo = SimpleUploadedFile("roof.png", PNG, content_type="image/png")
    response = client.post(
        url,
        form(revision=report.revision, intent="submit", evidence=photo, **{"kpi:kpi": "120"}),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_by == users["reporter_pea"]
    (evidence,) = report.evidence.all()
    sha = hashlib.sha256(PNG).hexdigest()
    assert evidence.path == f"evidence/{plan.pk}/{report.pk}/{sha}.png"
    assert (data_dir / evidence.path).read_bytes() == PNG

    # a submitted report cannot be changed by its reporter
    response = client.post(url, form(revision=report.revision, percent="90"))
    assert response.status_code == 403
    assert "รอการพิจารณา" in response.content.decode()
    report.refresh_from_db()
    assert report.percent == 40.0

    # the secretariat returns it: a comment is required
    client.force_login(users["editor"])
    review = reverse("monitoring:report_review", args=[plan.pk, period.pk, m02.pk])
    response = client.post(review, {"revision": report.revision, "decision": "return"})
    assert response.status_code == 400
    assert "กรุณาระบุสิ่งที่ต้องแก้ไข" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "submitted"
    client.post(
        review,
        {"revision": report.revision, "decision": "return", "review_comment": "แนบใบเสร็จ"},
    )
    report.refresh_from_db()
    assert report.state == "returned" and report.review_comment == "แนบใบเสร็จ"
    assert refreshed == []

    # the reporter corrects and submits again
    client.force_login(users["reporter_pea"])
    assert "แนบใบเสร็จ" in client.get(url).content.decode()
    receipt = SimpleUploadedFile("receipt.pdf", PDF, content_type="application/pdf")
    client.post(
        url,
        form(
            revision=report.revision,
            intent="submit",
            percent="50",
            evidence=receipt,
            **{"kpi:kpi": "150"},
        ),
    )
    report.refresh_from_db()
    assert report.state == "submitted" and report.percent == 50 and report.evidence.count() == 2

    # accepted: locked, achieved reductions refreshed after the commit
    client.force_login(users["editor"])
    client.post(review, {"revision": report.revision, "decision": "accept"})
    report.refresh_from_db()
    assert report.state == "accepted" and report.reviewed_by == users["editor"]
    assert refreshed == [plan.pk]
    client.force_login(users["reporter_pea"])
    response = client.post(url, form(revision=report.revision, percent="99"))
    assert response.status_code == 403
    assert "ล็อก" in response.content.decode()
    report.refresh_from_db()
    assert report.percent == 50
    page = client.get(url).content.decode()
    assert 'id="locked"' in page and 'id="report-form"' not in page

    kinds = list(report.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [
        "save",
        "evidence",
        "submit",
        "return",
        "evidence",
        "submit",
        "accept",
    ]
    history = client.get(url).content.decode()
    assert 'id="history"' in history and "ส่งกลับแก้ไข" in history


def test_stale_revision_is_a_conflict_and_saves_nothing(client, users, monitored_plan, open_period):
    m01 = action(monitored_plan, "M01")
    url = report_url(monitored_plan, open_period, m01)
    client.force_login(users["reporter"])
    client.post(url, form())
    report = ProgressReport.objects.get(action=m01)
    response = client.post(url, form(revision=report.revision - 1, percent="70"))
    assert response.status_code == 409
    assert "มีผู้อื่นแก้ไข" in response.content.decode()
    report.refresh_from_db()
    assert report.percent == 40
    # a new-report form ("0") that arrives after someone made the report
    response = client.post(url, form(revision="0", percent="80"))
    assert response.status_code == 409


# --------------------------------------------------------------------------- bad input


def test_every_problem_at_once_nothing_saved(client, users, monitored_plan, open_period, data_dir):
    m02 = action(monitored_plan, "M02")
    url = report_url(monitored_plan, open_period, m02)
    english(client).force_login(users["reporter_pea"])
    page = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script>")
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a picture")
    response = client.post(
        url,
        form(
            status="delayed",
            reason="",
            percent="140",
            evidence=[page, fake],
            **{"kpi:kpi": "3", "kpi_unit:kpi": "t"},
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Problems found: nothing was saved" in text
    # each problem names its field (or file) and what was expected
    assert "Reason" in text and "needs the reason" in text
    assert "Percent complete" in text and "between 0 and 100" in text
    assert "Rooftop solar on homes (unit)" in text and "enter the value in kWp" in text
    assert "page.html" in text and "PDF, PNG, JPEG or WebP" in text
    assert "photo.png" in text and "not a PNG" in text
    assert not ProgressReport.objects.filter(action=m02).exists()
    assert not Evidence.objects.exists()
    assert not (data_dir / "evidence").exists()
    # the values typed are kept in the form
    assert 'value="140"' in text


def test_thai_messages_for_a_wrong_unit(client, users, monitored_plan, open_period):
    m02 = action(monitored_plan, "M02")
    client.force_login(users["reporter_pea"])
    response = client.post(
        report_url(monitored_plan, open_period, m02),
        form(**{"kpi:kpi": "3", "kpi_unit:kpi": "t"}),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "กำลังผลิตโซลาร์รูฟท็อปบนบ้านเรือน (หน่วย)" in text and "กรุณากรอกค่าเป็น kWp" in text


def test_evidence_too_large_is_refused(
    client, users, monitored_plan, open_period, data_dir, settings
):
    settings.EVIDENCE_MAX_BYTES = 1024  # 1 KB: a 2,000-byte PDF is over it
    m01 = action(monitored_plan, "M01")
    client.force_login(users["reporter"])
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * 2000, content_type="application/pdf")
    response = client.post(report_url(monitored_plan, open_period, m01), form(evidence=big))
    assert response.status_code == 400
    assert "scan.pdf" in response.content.decode() and "เกินขนาดสูงสุดของไฟล์หลักฐาน" in (
        response.content.decode()
    )
    assert not ProgressReport.objects.exists() and not (data_dir / "evidence").exists()


def test_closed_or_planned_period_refused_and_wrong_period_not_found(
    client, users, monitored_plan, open_period, base_inventory
):
    m01 = action(monitored_plan, "M01")
    planned = ReportingPeriod.objects.get(plan=monitored_plan, starts=dt.date(2025, 4, 1))
    client.force_login(users["reporter"])
    response = client.post(report_url(monitored_plan, planned, m01), form())
    assert response.status_code == 403
    assert "M01" in response.content.decode() and "ไม่ได้เปิดรับรายงาน" in response.content.decode()
    access = monitoring_access_for(users["editor"])
    services_reports.set_period_state(
        access, monitored_plan, open_period.pk, "close", expected_revision=revision(monitored_plan)
    )
    english(client)
    response = client.post(report_url(monitored_plan, open_period, m01), form())
    assert response.status_code == 403
    assert "M01, FY2025 first half (Oct 2024 - Mar 2025): the period is not open" in (
        response.content.decode()
    )
    assert not ProgressReport.objects.exists()
    # a period of another plan, or an action of another plan, is not found here
    from climateplan.plans.web import services as plan_services
    from climateplan.plans.web.access import plan_access_for

    draft_plan = plan_services.create_plan(
        plan_access_for(users["editor"]),
        users["editor"],
        province="TH-50",
        title_th="แผนฉบับถัดไป",
        title_en="The next plan",
        start_year=2028,
        end_year=2032,
        base_year=2022,
        base_inventory=base_inventory,
    )
    other_plan_period = ReportingPeriod.objects.create(
        plan=draft_plan,
        fiscal_year=2025,
        number=1,
        starts=dt.date(2024, 10, 1),
        ends=dt.date(2025, 3, 31),
        due=dt.date(2025, 4, 30),
    )
    url = reverse("monitoring:report", args=[monitored_plan.pk, other_plan_period.pk, m01.pk])
    assert client.post(url, form()).status_code == 404
    missing = Action(pk=Action.objects.order_by("-pk").first().pk + 1)
    assert client.post(report_url(monitored_plan, open_period, missing), form()).status_code == 404
    assert not ProgressReport.objects.exists()


# --------------------------------------------------------------------------- scoping


def test_another_agencys_action_is_not_found_and_nothing_saved(
    client, users, monitored_plan, open_period
):
    m03 = action(monitored_plan, "M03")  # PLTO's measure (co-operating: PAEO)
    url = report_url(monitored_plan, open_period, m03)
    client.force_login(users["reporter_pea"])
    assert client.get(url).status_code == 404
    assert client.post(url, form()).status_code == 404
    assert not ProgressReport.objects.exists()
    # their own period table lists only their actions (PEA owns M02, co-operates in M01)
    page = client.get(reverse("monitoring:period", args=[monitored_plan.pk, open_period.pk]))
    codes = {line["action"].code for line in page.context["lines"]}
    assert codes == {"M01", "M02"}


@pytest.mark.parametrize(
    ("who", "status", "form_shown"),
    [
        ("editor", 200, True),  # the secretariat may report for any agency
        ("reporter", 200, True),  # PEO owns M01
        ("reporter_pea", 200, True),  # PEA co-operates in M01
        ("reporter_pho", 404, False),  # PHO has nothing to do with M01
        ("viewer", 200, False),
        ("approver", 200, False),
        ("reviewer", 200, False),
        ("admin", 200, False),
        ("other_editor", 404, False),
        ("other_reporter", 404, False),
        ("other_viewer", 404, False),
        ("no_role", 404, False),
    ],
)
def test_report_page_by_role(client, users, monitored_plan, open_period, who, status, form_shown):
    m01 = action(monitored_plan, "M01")
    client.force_login(users[who])
    response = client.get(report_url(monitored_plan, open_period, m01))
    assert response.status_code == status
    if status == 200:
        assert (b'id="report-form"' in response.content) is form_shown
    posted = client.post(report_url(monitored_plan, open_period, m01), form())
    assert posted.status_code == (302 if form_shown else (404 if status == 404 else 403))
    assert ProgressReport.objects.filter(action=m01).exists() is form_shown


def test_the_public_sees_no_monitoring(client, monitored_plan, open_period):
    m01 = action(monitored_plan, "M01")
    assert client.get(reverse("monitoring:periods", args=[monitored_plan.pk])).status_code == 404
    assert client.get(report_url(monitored_plan, open_period, m01)).status_code == 404
    assert client.post(report_url(monitored_plan, open_period, m01), form()).status_code == 404
    assert not ProgressReport.objects.exists()


def test_only_the_secretariat_reviews(client, users, monitored_plan, open_period):
    m02 = action(monitored_plan, "M02")
    client.force_login(users["reporter_pea"])
    client.post(report_url(monitored_plan, open_period, m02), form(intent="submit"))
    report = ProgressReport.objects.get(action=m02)
    review = reverse("monitoring:report_review", args=[monitored_plan.pk, open_period.pk, m02.pk])
    for who in ("reporter_pea", "reviewer", "approver"):
        client.force_login(users[who])
        response = client.post(review, {"revision": report.revision, "decision": "accept"})
        assert response.status_code == 403, who
    report.refresh_from_db()
    assert report.state == "submitted"
    assert not report.events.filter(kind=ReportEvent.Kind.ACCEPT).exists()


def test_evidence_downloads_through_the_scoping_only(
    client, users, monitored_plan, open_period, data_dir
):
    m02 = action(monitored_plan, "M02")
    client.force_login(users["reporter_pea"])
    receipt = SimpleUploadedFile("ใบเสร็จ.pdf", PDF, content_type="application/pdf")
    client.post(report_url(monitored_plan, open_period, m02), form(evidence=receipt))
    evidence = Evidence.objects.get()
    url = reverse("monitoring:evidence", args=[monitored_plan.pk, evidence.pk])
    for who in ("reporter_pea", "editor", "viewer", "reviewer"):
        client.force_login(users[who])
        response = client.get(url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")
    for who in ("reporter_pho", "other_reporter", "other_editor", "no_role"):
        client.force_login(users[who])
        assert client.get(url).status_code == 404, who
    client.logout()
    assert client.get(url).status_code == 404
    # a stored path outside the evidence folder is never served
    Evidence.objects.filter(pk=evidence.pk).update(path="../../etc/passwd")
    client.force_login(users["editor"])
    assert client.get(url).status_code == 404


def test_evidence_removed_from_a_draft(
    client, users, monitored_plan, open_period, data_dir, django_capture_on_commit_callbacks
):
    m02 = action(monitored_plan, "M02")
    url = report_url(monitored_plan, open_period, m02)
    client.force_login(users["reporter_pea"])
    client.post(url, form(evidence=SimpleUploadedFile("a.pdf", PDF)))
    report = ProgressReport.objects.get()
    evidence = report.evidence.get()
    path = data_dir / evidence.path
    assert path.exists()
    with_removal = form(revision=report.revision, intent=f"remove:{evidence.pk}")
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        response = client.post(url, with_removal)
    assert response.status_code == 302
    assert not report.evidence.exists() and not path.exists()
    assert report.events.filter(kind="remove_evidence").count() == 1


def test_pages_in_english_show_common_era(client, users, monitored_plan, open_period):
    english(client).force_login(users["editor"])
    page = client.get(reverse("monitoring:periods", args=[monitored_plan.pk])).content.decode()
    assert "FY2025 first half (Oct 2024 - Mar 2025)" in page
    assert "30 Apr 2025" in page
    period = client.get(
        reverse("monitoring:period", args=[monitored_plan.pk, open_period.pk])
    ).content.decode()
    assert "Not reported" in period and "Overdue" in period
