# ruff: noqa: F811 - the monitoring fixtures (users, plans) are imported, then named as arguments
"""The plan review pages: starting a review, its figures, narrative, lessons and workflow,
scoping per role (agency reporters write lessons of their own agency's actions only),
other provinces and the public, stale revisions.

The plan is the monitoring tests' Chiang Mai plan (tests/monitoring/web/conftest.py):
measures M01 (PEO), M02 (PEA), M03 (PLTO), adaptation actions CM-A01 (LDD), CM-A02 (PHO).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.monitoring.web.conftest import (  # noqa: F401 - fixtures of the monitoring tests
    draft_plan,
    monitored_plan,
    users,
)

pytestmark = pytest.mark.django_db

AS_OF = "30/9/2568"  # BE: 30 September 2025, the end of fiscal year 2025


def client_of(user=None, lang="th") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    if lang == "en":
        client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    return client


def add_period(plan, fiscal_year: int, number: int):
    from climateplan.monitoring.web.models import ReportingPeriod

    if number == 1:
        starts, ends = dt.date(fiscal_year - 1, 10, 1), dt.date(fiscal_year, 3, 31)
    else:
        starts, ends = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year, 9, 30)
    return ReportingPeriod.objects.create(
        plan=plan,
        fiscal_year=fiscal_year,
        number=number,
        starts=starts,
        ends=ends,
        due=ends + dt.timedelta(days=30),
        state="closed",
    )


def add_report(plan, code, period, **fields):
    from climateplan.monitoring.web.models import ProgressReport
    from climateplan.plans.web.models import Action

    action = Action.objects.get(section__plan=plan, code=code)
    fields.setdefault("state", "accepted")
    fields.setdefault("status", "on_track")
    return ProgressReport.objects.create(action=action, period=period, **fields)


def start(users, plan, kind="end"):
    answer = client_of(users["editor"]).post(
        reverse("plans:review_start", args=[plan.pk]), {"kind": kind, "as_of": AS_OF}
    )
    from climateplan.plans.web.models import PlanReview

    return answer, PlanReview.objects.filter(plan=plan).order_by("-pk").first()


def review_url(review, name="review", *extra):
    return reverse(f"plans:{name}", args=[review.plan_id, review.pk, *extra])


@pytest.fixture
def reported(monitored_plan):
    """Two periods of FY2025 with accepted reports (and one submitted, not counted)."""
    plan = monitored_plan
    first, second = add_period(plan, 2025, 1), add_period(plan, 2025, 2)
    add_report(plan, "M01", first, achieved_t=100.0, disbursed=200_000)
    add_report(plan, "M01", second, achieved_t=250.0, disbursed=150_000)
    add_report(plan, "M02", first, status="delayed", achieved_t=40.0, reason="รอผลการจัดซื้อจัดจ้าง")
    add_report(plan, "M03", second, state="submitted", achieved_t=999.0)
    return plan


@pytest.fixture
def review(users, reported):
    answer, found = start(users, reported)
    assert answer.status_code == 302
    return found


def test_editor_starts_an_end_review_with_its_figures(users, review, reported):
    from climateplan.plans.web.models import PlanChange

    assert review.kind == "end"
    assert review.as_of == dt.date(2025, 9, 30)
    assert review.state == "draft"
    assert review.title_th.startswith("การทบทวนผลการดำเนินงานระยะสิ้นสุดแผน")
    red = review.figures["reductions"]
    measures = {m["code"]: m for m in red["measures"]}
    # M01: the latest accepted estimate (second period, 250 t); M02: 40 t; M03's report
    # is only submitted: 250 + 40 = 290 t achieved in FY2025
    assert red["year"] == 2025
    assert measures["M01"]["achieved"] == 250.0
    assert measures["M03"]["achieved"] is None
    assert red["total"]["achieved"] == 290.0
    # disbursed 200 000 + 150 000 (accepted, M01)
    assert review.figures["budget"]["total"]["disbursed"] == 350_000
    change = PlanChange.objects.get(plan=reported, item=f"review:{review.pk}")
    assert change.action == "add"
    assert change.new["as_of"] == "2025-09-30"


def test_a_review_starts_only_on_an_approved_or_published_plan(users, draft_plan):
    from climateplan.plans.web.models import PlanReview

    answer = client_of(users["editor"]).post(
        reverse("plans:review_start", args=[draft_plan.pk]), {"kind": "end", "as_of": AS_OF}
    )
    assert answer.status_code == 302
    assert not PlanReview.objects.exists()
    # other roles are refused outright
    for name in ("viewer", "approver", "reviewer", "reporter"):
        answer = client_of(users[name]).post(
            reverse("plans:review_start", args=[draft_plan.pk]), {"kind": "end", "as_of": AS_OF}
        )
        assert answer.status_code == 403, name


def test_start_lists_every_problem_at_once(users, monitored_plan):
    from climateplan.plans.web.models import PlanReview

    answer = client_of(users["editor"], "en").post(
        reverse("plans:review_start", args=[monitored_plan.pk]),
        {"kind": "half", "as_of": "31/2/2568"},
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "choose the kind of review" in text
    assert "write the date as day/month/year" in text
    assert not PlanReview.objects.exists()
    # a date before the plan's first fiscal year (1 Oct 2022) or in the future
    answer = client_of(users["editor"]).post(
        reverse("plans:review_start", args=[monitored_plan.pk]),
        {"kind": "mid", "as_of": "1/1/2565"},
    )
    assert answer.status_code == 400
    assert "วันที่ต้องอยู่ในช่วงของแผน" in answer.content.decode()


def test_review_page_thai_years_in_be_english_in_ce(users, review):
    thai = client_of(users["viewer"]).get(review_url(review))
    assert thai.status_code == 200
    body = thai.content.decode()
    assert "2568" in body  # FY2025 in BE
    assert "รอผลการจัดซื้อจัดจ้าง" in body  # the reason M02 gave
    assert 'id="chart-reductions"' in body
    assert "ปริมาณก๊าซเรือนกระจกที่ลดได้เทียบกับแผน" in body
    english = client_of(users["viewer"], "en").get(review_url(review)).content.decode()
    assert "Reductions achieved against the plan" in english
    assert "2568" not in english.split('id="figures-reductions"')[1].split("</div>")[0]


def test_narrative_saved_in_both_languages_and_stale_revision_refused(users, review):
    from climateplan.plans.web.models import PlanChange, PlanReview

    client = client_of(users["editor"])
    answer = client.post(
        review_url(review, "review_narrative"),
        {"revision": review.revision, "summary_th": "สรุปผล", "summary_en": "Summary"},
    )
    assert answer.status_code == 302
    row = PlanReview.objects.get(pk=review.pk)
    assert row.narrative["summary"] == {"th": "สรุปผล", "en": "Summary"}
    assert row.revision == review.revision + 1
    assert PlanChange.objects.filter(item=f"review:{review.pk}", action="edit").count() == 1
    history = client.get(reverse("plans:history", args=[review.plan_id]))
    assert history.status_code == 200
    assert f"review:{review.pk}" in history.content.decode()
    # the same page again (the old revision): a conflict, nothing written
    answer = client.post(
        review_url(review, "review_narrative"),
        {"revision": review.revision, "summary_th": "ทับ", "summary_en": "Over"},
        follow=True,
    )
    assert "มีผู้อื่นแก้ไขข้อมูลนี้" in answer.content.decode()
    row.refresh_from_db()
    assert row.narrative["summary"]["th"] == "สรุปผล"
    # a viewer may not write
    answer = client_of(users["viewer"]).post(
        review_url(review, "review_narrative"), {"revision": row.revision, "summary_th": "x"}
    )
    assert answer.status_code == 403


def test_lessons_by_editor_and_by_agency_reporters_for_their_actions_only(users, review):
    from climateplan.plans.web.models import Action, Lesson

    plan = review.plan
    m01 = Action.objects.get(section__plan=plan, code="M01")  # PEO owns it
    m03 = Action.objects.get(section__plan=plan, code="M03")  # PLTO's, with PAEO
    answer = client_of(users["editor"]).post(
        review_url(review, "review_lesson_add"),
        {"revision": review.revision, "scope": "plan", "what_worked": "คณะทำงานประชุมสม่ำเสมอ"},
    )
    assert answer.status_code == 302
    review.refresh_from_db()
    reporter = client_of(users["reporter"])  # PEO
    answer = reporter.post(
        review_url(review, "review_lesson_add"),
        {
            "revision": review.revision,
            "scope": "action",
            "action": m01.pk,
            "barriers": "ราคาเครื่องปรับอากาศสูง",
            "recommendations": "ให้สินเชื่อดอกเบี้ยต่ำ",
        },
    )
    assert answer.status_code == 302
    lesson = Lesson.objects.get(review=review, action=m01)
    assert lesson.agency == "PEO"
    review.refresh_from_db()
    # another agency's action: refused with the reason, nothing saved
    answer = reporter.post(
        review_url(review, "review_lesson_add"),
        {"revision": review.revision, "scope": "action", "action": m03.pk, "barriers": "x"},
    )
    assert answer.status_code == 400
    assert "ที่หน่วยงานของคุณรับผิดชอบหรือร่วมดำเนินการ" in answer.content.decode()
    # a reporter does not write lessons of the whole plan
    answer = reporter.post(
        review_url(review, "review_lesson_add"),
        {"revision": review.revision, "scope": "plan", "barriers": "x"},
    )
    assert answer.status_code == 400
    assert Lesson.objects.filter(review=review).count() == 2
    # empty lesson: every problem at once
    answer = client_of(users["editor"], "en").post(
        review_url(review, "review_lesson_add"),
        {"revision": review.revision, "scope": "sector", "sector": "nowhere"},
    )
    body = answer.content.decode()
    assert answer.status_code == 400
    assert "choose one of the plan&#x27;s sectors" in body
    assert "write at least one of" in body
    # the reporter removes their own lesson, not the editor's
    plan_lesson = Lesson.objects.get(review=review, scope="plan")
    answer = reporter.post(
        review_url(review, "review_lesson_delete", plan_lesson.pk), {"revision": review.revision}
    )
    assert answer.status_code == 302
    assert Lesson.objects.filter(pk=plan_lesson.pk).exists()
    answer = reporter.post(
        review_url(review, "review_lesson_delete", lesson.pk), {"revision": review.revision}
    )
    assert not Lesson.objects.filter(pk=lesson.pk).exists()


def test_reporter_of_another_province_and_other_editors_do_not_see_a_draft_review(users, review):
    for name in ("other_editor", "other_reporter", "other_viewer"):
        client = client_of(users[name])
        assert client.get(review_url(review)).status_code == 404, name
        answer = client.post(
            review_url(review, "review_narrative"), {"revision": 1, "summary_th": "x"}
        )
        assert answer.status_code == 404, name
    assert client_of().get(review_url(review)).status_code == 404


def endorse(users, review, **data):
    values = {
        "revision": review.revision,
        "body": "คณะอนุกรรมการด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่",
        "meeting": "1/2569",
        "date": "15/1/2569",
        "authority": "ผู้ว่าราชการจังหวัดเชียงใหม่ ประธานอนุกรรมการ",
    }
    values.update(data)
    return client_of(users["approver"]).post(review_url(review, "review_endorse"), values)


def test_workflow_endorse_submit_return_approve_publish(users, review, reported):
    from climateplan.plans.web.models import PlanChange, PlanReview

    # incomplete endorsement: all problems listed, nothing saved
    answer = endorse(users, review, body="", meeting="ครั้งแรก", authority="", date="")
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "กรุณาระบุคณะทำงานหรือคณะกรรมการที่ให้ความเห็นชอบ" in body
    assert "ครั้งที่/ปี" in body
    assert "กรุณาระบุผู้มีอำนาจให้ความเห็นชอบ" in body
    assert "ต้องระบุวันที่ประชุม" in body
    assert PlanReview.objects.get(pk=review.pk).state == "draft"
    # an editor cannot endorse
    answer = client_of(users["editor"]).post(
        review_url(review, "review_endorse"), {"revision": review.revision}
    )
    assert answer.status_code == 403
    assert endorse(users, review).status_code == 302
    row = PlanReview.objects.get(pk=review.pk)
    assert row.state == "endorsed"
    assert row.endorsement_meeting == "1/2569"
    assert row.endorsement_date == dt.date(2026, 1, 15)
    frozen = row.figures
    # a report accepted after the endorsement does not move the endorsed figures
    period = add_period(reported, 2024, 2)
    add_report(reported, "M03", period, achieved_t=55.0)
    page = client_of(users["viewer"], "en").get(review_url(row)).content.decode()
    assert "kept as they were when the province endorsed" in page
    assert PlanReview.objects.get(pk=review.pk).figures == frozen
    # the locked review cannot be written
    answer = client_of(users["editor"]).post(
        review_url(row, "review_narrative"), {"revision": row.revision, "summary_th": "x"}
    )
    assert answer.status_code == 302
    assert PlanReview.objects.get(pk=review.pk).narrative == {}

    def move(user, action, comment=""):
        current = PlanReview.objects.get(pk=review.pk)
        return client_of(users[user]).post(
            review_url(current, "review_transition"),
            {"action": action, "revision": current.revision, "comment": comment},
        )

    assert move("editor", "submit").status_code == 302
    assert PlanReview.objects.get(pk=review.pk).state == "submitted"
    assert move("editor", "approve").status_code == 403  # reviewers only
    answer = move("reviewer", "return")  # no comment
    assert answer.status_code == 400
    assert "การส่งกลับต้องมีความเห็นประกอบ" in answer.content.decode()
    assert move("reviewer", "return", "เพิ่มคำอธิบายมาตรการ M03").status_code == 302
    row = PlanReview.objects.get(pk=review.pk)
    assert row.state == "returned"
    assert row.review_comment == "เพิ่มคำอธิบายมาตรการ M03"
    # returned: editable again, the figures brought up to date on the next save
    answer = client_of(users["editor"]).post(
        review_url(row, "review_narrative"),
        {"revision": row.revision, "reductions_th": "M03 ยกเลิกเพราะไม่ได้รับงบประมาณ"},
    )
    assert answer.status_code == 302
    row = PlanReview.objects.get(pk=review.pk)
    measures = {m["code"]: m for m in row.figures["reductions"]["measures"]}
    assert measures["M03"]["achieved"] == 55.0
    assert move("editor", "submit").status_code == 302
    assert move("reviewer", "approve").status_code == 302
    assert move("reviewer", "publish").status_code == 302
    row = PlanReview.objects.get(pk=review.pk)
    assert row.state == "published"
    assert row.published_at is not None
    actions = list(
        PlanChange.objects.filter(item=f"review:{review.pk}").values_list("action", "new__state")
    )
    states = [s for _, s in actions if s]
    assert states[:6] == ["published", "approved", "submitted", "returned", "submitted", "endorsed"]


def test_the_public_sees_published_reviews_only(users, review):
    from climateplan.plans.web.models import PlanReview

    anonymous = client_of()
    listing = reverse("plans:reviews", args=[review.plan_id])
    block = anonymous.get(listing, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="review-{review.pk}"' not in block
    assert anonymous.get(review_url(review)).status_code == 404
    PlanReview.objects.filter(pk=review.pk).update(state="published")
    block = anonymous.get(listing, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="review-{review.pk}"' in block
    page = anonymous.get(review_url(review))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="workflow"' not in body  # no internals
    assert "review_narrative" not in body and "narrative-edit" not in body
    # a published review of an unpublished plan stays out of the public's reach
    from climateplan.plans.web.models import Plan

    Plan.objects.filter(pk=review.plan_id).update(state="approved")
    assert anonymous.get(review_url(review)).status_code == 404


def test_plan_overview_links_the_reviews(users, review):
    page = client_of(users["viewer"]).get(reverse("plans:detail", args=[review.plan_id]))
    body = page.content.decode()
    assert 'id="reviews-block"' in body
    assert reverse("plans:reviews", args=[review.plan_id]) in body


def test_script_in_the_narrative_is_escaped(users, review):
    client_of(users["editor"]).post(
        review_url(review, "review_narrative"),
        {"revision": review.revision, "summary_th": "<script>alert(1)</script>"},
    )
    body = client_of(users["viewer"]).get(review_url(review)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_risks_after_come_from_the_successor_when_reassessed(users, monitored_plan):
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for
    from climateplan.plans.web.models import Plan, Section, set_section_result
    from climateplan.plans.web.services_review import later_risk

    def set_risk(of, register, digest):
        section = Section.objects.get(plan=of, kind="risk")
        set_section_result(section, {"register": register, "inputs_digest": digest})

    plan = monitored_plan
    before = [{"hazard": "flood", "risk_score": 6.0, "risk_level": 12}]
    set_risk(plan, before, "first")
    assert later_risk(plan) == (None, None)  # nothing later: "not re-assessed"
    successor = services.create_plan(
        plan_access_for(users["editor"]),
        users["editor"],
        province="TH-50",
        title_th="แผนฉบับถัดไป",
        start_year=2028,
        end_year=2032,
        base_year=2022,
        base_inventory=plan.base_inventory,
    )
    Plan.objects.filter(pk=successor.pk).update(predecessor=plan)
    # the same inputs copied over are not a new assessment
    set_risk(successor, before, "first")
    assert later_risk(plan) == (None, None)
    after = [{"hazard": "flood", "risk_score": 4.0, "risk_level": 6}]
    set_risk(successor, after, "second")
    register, source = later_risk(plan)
    assert register == after
    assert source["plan"] == successor.pk
    assert "2571-2575" in source["th"]  # 2028-2032 in BE
