"""The monitoring API: a plan's periods, reports, working group, actions and the
agencies; a reporter's draft, submission and the secretariat's review, through the
reports' services (revision in the request, located bilingual problems, 404 outside
one's view, nothing saved when refused)."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from climateplan.monitoring.web.models import (
    ActionLink,
    Agency,
    DevelopmentItem,
    DevelopmentPlan,
    Evidence,
    Funding,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.plans.web.models import Action, Plan

pytestmark = pytest.mark.django_db


def api(users, name=None) -> APIClient:
    client = APIClient()
    if name is not None:
        client.force_login(users[name])
    return client


def make_period(plan, number=1, state="open", starts=datetime.date(2024, 10, 1)):
    """FY2025 CE (FY2568 BE) first half: 1 Oct 2024 - 31 Mar 2025, due 30 days later."""
    ends = datetime.date(2025, 3, 31) if number == 1 else starts + datetime.timedelta(days=181)
    return ReportingPeriod.objects.create(
        plan=plan,
        fiscal_year=2025,
        number=number,
        starts=starts,
        ends=ends,
        due=ends + datetime.timedelta(days=30),
        state=state,
    )


@pytest.fixture
def world(users, monitored_plan):
    period = make_period(monitored_plan)
    closed = make_period(monitored_plan, 2, "closed", datetime.date(2025, 4, 1))
    WorkingGroupMember.objects.create(
        plan=monitored_plan,
        agency=Agency.objects.get(code="PEO"),
        role="member",
        contact_name="สมชาย ใจดี",
        contact_email="somchai@example.go.th",
    )
    return {"plan": monitored_plan, "period": period, "closed": closed}


def base(plan) -> str:
    return f"/api/plans/{plan.pk}/monitoring"


def draft_body(period, action="M02", **extra):
    body = {
        "period": period.pk,
        "action": action,
        "status": "on_track",
        "percent": 40,
        "disbursed": 250000,
        "kpis": [],
        "comment": "ติดตั้งแล้ว 120 กิโลวัตต์",
    }
    body.update(extra)
    return body


# --------------------------------------------------------------------------- reading


def test_schema_documents_the_monitoring_endpoints(client):
    schema = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/plans/{plan_pk}/monitoring/periods/",
        "/api/plans/{plan_pk}/monitoring/working-group/",
        "/api/plans/{plan_pk}/monitoring/actions/",
        "/api/plans/{plan_pk}/monitoring/reports/",
        "/api/plans/{plan_pk}/monitoring/reports/{id}/",
        "/api/plans/{plan_pk}/monitoring/reports/{id}/submit/",
        "/api/plans/{plan_pk}/monitoring/reports/{id}/review/",
        "/api/plans/{plan_pk}/monitoring/reports/{id}/evidence/",
        "/api/plans/{plan_pk}/monitoring/reports/{id}/evidence/{evidence_pk}/",
        "/api/monitoring/agencies/",
    ):
        assert path in paths, path
    # the plans' own endpoints are still reached (the monitoring routes come first)
    assert "/api/plans/{id}/" in paths


def test_periods_group_and_actions(users, world):
    plan = world["plan"]
    client = api(users, "reporter")
    periods = client.get(f"{base(plan)}/periods/")
    assert periods.status_code == 200
    assert [(p["fiscal_year"], p["number"], p["state"]) for p in periods.json()] == [
        (2025, 1, "open"),
        (2025, 2, "closed"),
    ]
    assert periods.json()[0]["starts"] == "2024-10-01"
    group = client.get(f"{base(plan)}/working-group/").json()
    assert [(m["agency"]["code"], m["contact_name"]) for m in group] == [("PEO", "สมชาย ใจดี")]

    devplan = DevelopmentPlan.objects.create(
        province="TH-50", start_year=2023, end_year=2027, title_th="แผนพัฒนาจังหวัดเชียงใหม่"
    )
    strategy = DevelopmentItem.objects.create(
        development_plan=devplan, level="strategy", code="S2", name_th="พลังงานสะอาด"
    )
    m01 = Action.objects.get(section__plan=plan, code="M01")
    ActionLink.objects.create(action=m01, strategy=strategy, location="อำเภอเมืองเชียงใหม่")
    Funding.objects.create(action=m01, fiscal_year=2026, amount=300_000, source="local")
    Funding.objects.create(action=m01, fiscal_year=2025, amount=500_000, source="provincial")
    actions = {a["code"]: a for a in client.get(f"{base(plan)}/actions/").json()}
    link = actions["M01"]["link"]
    assert link["strategy"] == {"code": "S2", "name_th": "พลังงานสะอาด", "name_en": ""}
    assert (link["project"], link["location"]) == (None, "อำเภอเมืองเชียงใหม่")
    assert [(f["fiscal_year"], f["amount"], f["source"]) for f in actions["M01"]["funding"]] == [
        (2025, 500_000, "provincial"),
        (2026, 300_000, "local"),
    ]
    assert set(actions) == {"M01", "M02", "M03", "CM-A01", "CM-A02"}
    assert (actions["M02"]["owner_code"], actions["M02"]["co_codes"]) == ("PEA", ["PEO"])
    assert actions["M02"]["owner_agency"] == "การไฟฟ้าส่วนภูมิภาค (กฟภ.)"
    assert actions["M02"]["kpis"][0]["key"] == "kpi"
    assert actions["M02"]["kpis"][0]["unit"] == "kWp"
    assert actions["M02"]["kpis"][0]["target"] == 5000
    assert actions["M02"]["link"] is None
    # the PEO reporter reports on M01 and M02 (owner of one, co-operating in the other)
    assert {c for c, a in actions.items() if a["reportable"]} == {"M01", "M02"}
    everything = api(users, "editor").get(f"{base(plan)}/actions/").json()
    assert all(a["reportable"] for a in everything)
    viewer = api(users, "viewer").get(f"{base(plan)}/actions/").json()
    assert not any(a["reportable"] for a in viewer)


def test_agencies_listed_with_their_source(users, world):
    rows = api(users).get("/api/monitoring/agencies/").json()
    by_code = {r["code"]: r for r in rows}
    assert by_code["PEO"]["name_th"] == "สำนักงานพลังงานจังหวัด"
    assert by_code["PEO"]["source"]
    bangkok = [r for r in rows if r["province"] == "TH-10"]
    assert bangkok, "the BMA departments are shipped"
    # asking for Chiang Mai leaves out Bangkok's departments
    chiang_mai = api(users).get("/api/monitoring/agencies/?province=TH-50").json()
    assert not [r for r in chiang_mai if r["province"] == "TH-10"]
    assert len(chiang_mai) == len(rows) - len(bangkok)
    bad = api(users).get("/api/monitoring/agencies/?province=Bangkok")
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["column"] == "province"


@pytest.mark.parametrize(
    "name", ["anonymous", "no_role", "other_editor", "other_viewer", "other_reporter"]
)
def test_a_plan_outside_ones_view_is_404(users, world, name):
    plan = world["plan"]
    report = ProgressReport.objects.create(
        action=Action.objects.get(section__plan=plan, code="M01"),
        period=world["period"],
        status="on_track",
    )
    client = api(users, None if name == "anonymous" else name)
    for path in ("periods/", "working-group/", "actions/", "reports/", f"reports/{report.pk}/"):
        assert client.get(f"{base(plan)}/{path}").status_code == 404, path
    writes = [
        ("post", "reports/", draft_body(world["period"])),
        ("put", f"reports/{report.pk}/", {**draft_body(world["period"]), "revision": 1}),
        ("post", f"reports/{report.pk}/submit/", {"revision": 1}),
        ("post", f"reports/{report.pk}/review/", {"action": "accept", "revision": 1}),
    ]
    for method, path, body in writes:
        answer = getattr(client, method)(f"{base(plan)}/{path}", body, format="json")
        assert answer.status_code == 404, (method, path, answer.status_code)
    report.refresh_from_db()
    assert (report.state, report.revision) == ("draft", 1)


def test_reports_are_scoped_to_the_reporters_actions(users, world):
    plan = world["plan"]
    for code in ("M01", "M02", "M03", "CM-A01", "CM-A02"):
        ProgressReport.objects.create(
            action=Action.objects.get(section__plan=plan, code=code),
            period=world["period"],
            status="on_track",
        )
    seen = {}
    for name in ("editor", "viewer", "reviewer", "reporter", "reporter_pho"):
        answer = api(users, name).get(f"{base(plan)}/reports/")
        assert answer.status_code == 200, name
        seen[name] = {r["action"]["code"] for r in answer.json()["results"]}
    assert (
        seen["editor"]
        == seen["viewer"]
        == seen["reviewer"]
        == {
            "M01",
            "M02",
            "M03",
            "CM-A01",
            "CM-A02",
        }
    )
    assert seen["reporter"] == {"M01", "M02"}
    assert seen["reporter_pho"] == {"CM-A02"}
    # another agency's report is not there for the PHO reporter: 404, as if it did not exist
    m01 = ProgressReport.objects.get(action__code="M01", period=world["period"])
    assert api(users, "reporter_pho").get(f"{base(plan)}/reports/{m01.pk}/").status_code == 404
    # filters
    filtered = api(users, "editor").get(f"{base(plan)}/reports/?action=M03&state=draft").json()
    assert [r["action"]["code"] for r in filtered["results"]] == ["M03"]
    none = api(users, "editor").get(f"{base(plan)}/reports/?period={world['closed'].pk}").json()
    assert none["results"] == []
    bad = api(users, "editor").get(f"{base(plan)}/reports/?state=finished")
    assert bad.status_code == 400 and bad.json()["problems"][0]["column"] == "state"


# --------------------------------------------------------------------------- writing


def test_reporter_drafts_submits_and_secretariat_returns_then_accepts(users, world):
    plan, period = world["plan"], world["period"]
    reporter = api(users, "reporter")
    # M02's KPI is in kWp; 0.12 MWp typed = 0.12 x 1000 kW/MW = 120 kWp stored
    body = draft_body(period, kpis=[{"key": "kpi", "value": "0.12", "unit": "MWp"}])
    made = reporter.post(f"{base(plan)}/reports/", body, format="json")
    assert made.status_code == 201, made.content
    report = made.json()
    assert report["state"] == "draft"
    assert report["agency"] == "PEO"  # the reporter's agency (co-operating in M02)
    assert report["action"]["code"] == "M02" and report["period"] == period.pk
    assert report["kpi_values"][0]["value"] == pytest.approx(120.0)
    assert report["kpi_values"][0]["unit"] == "kWp"
    assert (report["kpi_values"][0]["entered_value"], report["kpi_values"][0]["entered_unit"]) == (
        0.12,
        "MWp",
    )
    assert report["editable"] is True and report["reviewable"] is False
    assert [e["kind"] for e in report["history"]] == ["save"]
    assert report["evidence"] == []
    url = f"{base(plan)}/reports/{report['id']}/"

    # the same action and period again is a conflict: the report exists
    again = reporter.post(f"{base(plan)}/reports/", body, format="json")
    assert again.status_code == 409

    # change it, then submit
    changed = reporter.put(
        url, {**body, "percent": 55, "revision": report["revision"]}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["percent"] == 55
    revision = changed.json()["revision"]
    assert revision == report["revision"] + 1
    submitted = reporter.post(f"{url}submit/", {"revision": revision}, format="json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    assert submitted.json()["percent"] == 55  # submitted as saved
    assert submitted.json()["editable"] is False
    revision = submitted.json()["revision"]

    # a submitted report is not changed any more (409, nothing saved)
    late = reporter.put(url, {**body, "percent": 90, "revision": revision}, format="json")
    assert late.status_code == 409
    assert "submitted" in late.json()["detail"] and late.json()["detail_th"]
    assert ProgressReport.objects.get(pk=report["id"]).percent == 55

    # the reporter cannot review; the secretariat returns it, a comment required
    assert (
        reporter.post(
            f"{url}review/", {"action": "accept", "revision": revision}, format="json"
        ).status_code
        == 403
    )
    editor = api(users, "editor")
    assert editor.get(url).json()["reviewable"] is True
    bare = editor.post(f"{url}review/", {"action": "return", "revision": revision}, format="json")
    assert bare.status_code == 400
    assert bare.json()["problems"][0]["column"] == "review_comment"
    assert bare.json()["problems"][0]["message_th"]
    returned = editor.post(
        f"{url}review/",
        {"action": "return", "revision": revision, "comment": "แนบรูปถ่ายการติดตั้ง"},
        format="json",
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["state"] == "returned"
    assert returned.json()["review_comment"] == "แนบรูปถ่ายการติดตั้ง"
    assert returned.json()["reviewed_by"] == "editor"

    # corrected and submitted again, then accepted: locked
    revision = returned.json()["revision"]
    fixed = reporter.put(url, {**body, "percent": 60, "revision": revision}, format="json")
    assert fixed.status_code == 200, fixed.content
    resubmitted = reporter.post(
        f"{url}submit/", {"revision": fixed.json()["revision"]}, format="json"
    )
    assert resubmitted.json()["state"] == "submitted"
    accepted = editor.post(
        f"{url}review/",
        {"action": "accept", "revision": resubmitted.json()["revision"], "comment": ""},
        format="json",
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted"
    locked = reporter.put(
        url, {**body, "revision": accepted.json()["revision"]}, format="json"
    ).json()
    assert "locked" in locked["detail"]
    history = [e["kind"] for e in editor.get(url).json()["history"]]
    # newest first: accept, submit, save, return, submit, save, save
    assert history == ["accept", "submit", "save", "return", "submit", "save", "save"]


def test_stale_revision_is_a_conflict_and_saves_nothing(users, world):
    plan, period = world["plan"], world["period"]
    reporter = api(users, "reporter")
    made = reporter.post(f"{base(plan)}/reports/", draft_body(period), format="json").json()
    url = f"{base(plan)}/reports/{made['id']}/"
    first = reporter.put(
        url, {**draft_body(period), "percent": 70, "revision": made["revision"]}, format="json"
    )
    assert first.status_code == 200
    stale = api(users, "editor").put(
        url, {**draft_body(period), "percent": 10, "revision": made["revision"]}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == made["revision"] + 1
    row = ProgressReport.objects.get(pk=made["id"])
    assert (row.percent, row.revision) == (70, made["revision"] + 1)
    assert ReportEvent.objects.filter(report=row).count() == 2
    missing = reporter.post(f"{url}submit/", {}, format="json")
    assert missing.status_code == 400 and missing.json()["problems"][0]["column"] == "revision"


def test_every_problem_at_once_located_and_nothing_saved(users, world):
    plan, period = world["plan"], world["period"]
    body = draft_body(
        period,
        status="delayed",  # needs a reason
        reason="",
        percent=150,  # at most 100
        disbursed=-5,  # not below zero
        kpis=[{"key": "kpi", "value": "3", "unit": "t"}],  # tonnes are no kWp
    )
    answer = api(users, "reporter").post(f"{base(plan)}/reports/", body, format="json")
    assert answer.status_code == 400, answer.content
    columns = {p["column"] for p in answer.json()["problems"]}
    assert columns == {"reason", "percent", "disbursed", "kpi_unit:kpi"}
    for problem in answer.json()["problems"]:
        assert problem["message_en"] and problem["message_th"]
    assert not ProgressReport.objects.exists()

    unknown = api(users, "editor").post(
        f"{base(plan)}/reports/",
        {**draft_body(period, action="X99"), "period": world["closed"].pk + 1000},
        format="json",
    )
    assert unknown.status_code == 400
    assert {p["column"] for p in unknown.json()["problems"]} == {"action", "period"}
    assert not ProgressReport.objects.exists()


def test_who_may_not_report_is_refused(users, world):
    plan, period = world["plan"], world["period"]
    # another agency's action: the PHO reporter and M02 (PEA, with PEO)
    other = api(users, "reporter_pho").post(
        f"{base(plan)}/reports/", draft_body(period), format="json"
    )
    assert other.status_code == 403
    assert "agency" in other.json()["detail"]
    for name in ("viewer", "approver", "reviewer", "admin"):
        refused = api(users, name).post(f"{base(plan)}/reports/", draft_body(period), format="json")
        assert refused.status_code == 403, name
    # a closed period: refused by the workflow, named
    closed = api(users, "reporter").post(
        f"{base(plan)}/reports/", draft_body(world["closed"]), format="json"
    )
    assert closed.status_code == 409
    assert "not open" in closed.json()["detail"]
    assert not ProgressReport.objects.exists()
    # a draft plan (a new version being written) is not reported on
    Plan.objects.filter(pk=plan.pk).update(state="draft")
    draft = api(users, "editor").post(f"{base(plan)}/reports/", draft_body(period), format="json")
    assert draft.status_code == 409
    assert not ProgressReport.objects.exists()


def test_fields_outside_the_report_values_are_ignored(users, world):
    plan, period = world["plan"], world["period"]
    body = draft_body(
        period,
        state="accepted",
        agency="PHO",
        achieved_t=99999,
        review_comment="ok",
        reviewed_by=1,
        revision=77,
        id=424242,
    )
    made = api(users, "reporter").post(f"{base(plan)}/reports/", body, format="json")
    assert made.status_code == 201, made.content
    row = ProgressReport.objects.get()
    assert row.pk != 424242
    assert (row.state, row.agency.code, row.achieved_t, row.review_comment) == (
        "draft",
        "PEO",
        None,
        "",
    )
    assert row.reviewed_by is None


def test_report_detail_lists_evidence_and_history(users, world):
    plan, period = world["plan"], world["period"]
    made = (
        api(users, "reporter")
        .post(f"{base(plan)}/reports/", draft_body(period), format="json")
        .json()
    )
    Evidence.objects.create(
        report_id=made["id"],
        path=f"evidence/{plan.pk}/{made['id']}/{'a' * 64}.pdf",
        name="ภาพถ่ายการติดตั้ง.pdf",
        content_type="application/pdf",
        size=2048,
        sha256="a" * 64,
        uploaded_by=users["reporter"],
    )
    detail = api(users, "viewer").get(f"{base(plan)}/reports/{made['id']}/").json()
    assert [(e["name"], e["size"], e["uploaded_by"]) for e in detail["evidence"]] == [
        ("ภาพถ่ายการติดตั้ง.pdf", 2048, "reporter")
    ]
    assert "path" not in detail["evidence"][0]  # where the file lies is never shown
    assert detail["history"][0]["kind"] == "save"
    assert detail["history"][0]["user"] == "reporter"
    assert detail["editable"] is False  # a viewer reads only


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_uploaded_listed_and_downloaded(users, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = tmp_path
    plan, period = world["plan"], world["period"]
    reporter = api(users, "reporter")
    made = reporter.post(f"{base(plan)}/reports/", draft_body(period), format="json").json()
    url = f"{base(plan)}/reports/{made['id']}/"
    upload = SimpleUploadedFile("ใบเสร็จ.pdf", PDF, "application/pdf")
    answer = reporter.post(
        f"{url}evidence/", {"revision": made["revision"], "file": [upload]}, format="multipart"
    )
    assert answer.status_code == 201, answer.content
    detail = answer.json()
    assert [(e["name"], e["size"], e["content_type"]) for e in detail["evidence"]] == [
        ("ใบเสร็จ.pdf", len(PDF), "application/pdf")
    ]
    assert detail["percent"] == 40  # the values stay as saved
    assert [e["kind"] for e in detail["history"]][:2] == ["save", "evidence"]
    evidence_id = detail["evidence"][0]["id"]
    download = api(users, "viewer").get(f"{url}evidence/{evidence_id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    # another agency's reporter neither reads nor adds
    pho = api(users, "reporter_pho")
    assert pho.get(f"{url}evidence/{evidence_id}/").status_code == 404
    again = SimpleUploadedFile("b.pdf", PDF, "application/pdf")
    refused = pho.post(
        f"{url}evidence/", {"revision": detail["revision"], "file": [again]}, format="multipart"
    )
    assert refused.status_code == 404
    # a file that is not what its name says: located by its name, nothing stored
    fake = SimpleUploadedFile("scan.pdf", b"<html>hi</html>", "application/pdf")
    bad = reporter.post(
        f"{url}evidence/", {"revision": detail["revision"], "file": [fake]}, format="multipart"
    )
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["file"] == "scan.pdf"
    assert Evidence.objects.count() == 1
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
    missing = reporter.post(f"{url}evidence/", {"revision": detail["revision"]}, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["problems"][0]["column"] == "file"
