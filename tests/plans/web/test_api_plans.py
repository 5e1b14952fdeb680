"""The plans API: lists scoped to the reader, create and edit with located problems and
revisions, sections read with or without their internals, inputs and measures written
through the services (the core computes), uploads through the section readers, the
endorsement and the workflow, comments and history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from climateplan.plans.web.models import (
    BudgetLine,
    Plan,
    PlanChange,
    PlanComment,
    PlanState,
    Section,
    SectionState,
)
from tests.plans.web.test_reduction_handler import DRIVERS, SETTINGS, TARGETS, one_line_plan

pytestmark = pytest.mark.django_db


def api_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def revision(plan) -> int:
    return Plan.objects.get(pk=plan.pk).revision


def lampang_plan(users) -> Plan:
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    editor = users["other_editor"]
    return services.create_plan(
        plan_access_for(editor),
        editor,
        province="TH-52",
        title_th="แผนจังหวัดลำปาง",
        start_year=2024,
        end_year=2028,
        base_year=2022,
    )


def publish(plan):
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    Section.objects.filter(plan=plan).update(state=SectionState.PUBLISHED)


# --------------------------------------------------------------------------- lists and reading


def test_the_list_shows_only_what_the_reader_may_see_and_filters(plan, users):
    lampang = lampang_plan(users)
    ids = lambda answer: {row["id"] for row in answer.json()["results"]}  # noqa: E731
    assert ids(api_for(users["viewer"]).get("/api/plans/")) == {plan.pk}
    assert ids(api_for(users["other_viewer"]).get("/api/plans/")) == {lampang.pk}
    assert ids(api_for().get("/api/plans/")) == set()
    assert ids(api_for(users["reviewer"]).get("/api/plans/")) == {plan.pk, lampang.pk}
    reviewer = api_for(users["reviewer"])
    assert ids(reviewer.get("/api/plans/?province=TH-52")) == {lampang.pk}
    assert ids(reviewer.get("/api/plans/?period=2023-2027")) == {plan.pk}
    assert ids(reviewer.get("/api/plans/?state=published")) == set()
    publish(lampang)
    assert ids(api_for().get("/api/plans/")) == {lampang.pk}
    assert ids(api_for(users["viewer"]).get("/api/plans/")) == {plan.pk, lampang.pk}
    bad = reviewer.get("/api/plans/?period=2566&state=nothing")
    assert bad.status_code == 400
    columns = {p["column"] for p in bad.json()["problems"]}
    assert columns == {"period", "state"}
    assert all(p["message_th"] for p in bad.json()["problems"])


def test_the_plan_answers_its_fields_and_sections(plan, users):
    answer = api_for(users["viewer"]).get(f"/api/plans/{plan.pk}/")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["province"], body["start_year"], body["end_year"]) == ("TH-50", 2023, 2027)
    assert [s["kind"] for s in body["sections"]] == ["inventory", "reduction", "risk", "adaptation"]
    assert body["revision"] == revision(plan)
    # another province's draft does not exist for Lampang's viewer, nor for the public
    assert api_for(users["other_viewer"]).get(f"/api/plans/{plan.pk}/").status_code == 404
    assert api_for().get(f"/api/plans/{plan.pk}/").status_code == 404
    assert api_for().get("/api/plans/12x/").status_code == 404


def test_internals_only_for_the_province_and_national_readers(plan, users):
    url = f"/api/plans/{plan.pk}/sections/reduction/"
    own = api_for(users["viewer"]).get(url).json()
    assert own["inputs"] is not None and own["checklist"] is not None
    assert own["editable"] is False
    assert api_for(users["editor"]).get(url).json()["editable"] is True
    publish(plan)
    public = api_for().get(url)
    assert public.status_code == 200
    body = public.json()
    assert body["inputs"] is None and body["problems"] is None and body["checklist"] is None
    assert body["state"] == "published"
    assert api_for().get(f"/api/plans/{plan.pk}/history/").status_code == 404
    assert api_for(users["other_viewer"]).get(f"/api/plans/{plan.pk}/comments/").status_code == 404
    assert api_for(users["viewer"]).get(f"/api/plans/{plan.pk}/history/").status_code == 200
    assert api_for().get(f"/api/plans/{plan.pk}/sections/nothing/").status_code == 404


# --------------------------------------------------------------------------- create and edit


def test_editors_create_plans_of_their_province_only(users, base_inventory):
    body = {
        "province": "TH-50",
        "title_th": "แผนเชียงใหม่",
        "start_year": 2023,
        "end_year": 2027,
        "base_year": 2022,
        "base_inventory": base_inventory.pk,
    }
    assert (
        api_for(users["other_editor"]).post("/api/plans/", body, format="json").status_code == 403
    )
    assert api_for(users["viewer"]).post("/api/plans/", body, format="json").status_code == 403
    assert api_for().post("/api/plans/", body, format="json").status_code in (401, 403)
    assert not Plan.objects.exists()
    not_an_object = api_for(users["editor"]).post("/api/plans/", [None, None], format="json")
    assert not_an_object.status_code == 400
    answer = api_for(users["editor"]).post("/api/plans/", body, format="json")
    assert answer.status_code == 201, answer.content
    created = Plan.objects.get()
    assert answer.json()["id"] == created.pk and created.sections.count() == 4
    assert created.base_inventory == base_inventory


def test_bad_plan_fields_are_located_and_nothing_is_created(users, base_inventory):
    body = {
        "province": "TH-50",
        "title_th": "แผนเชียงใหม่",
        "start_year": 2030,
        "end_year": 2025,  # ends before it starts
        "base_year": 2022,
        "base_inventory": 999999,  # no such inventory
    }
    answer = api_for(users["editor"]).post("/api/plans/", body, format="json")
    assert answer.status_code == 400
    problems = answer.json()["problems"]
    assert {"base_inventory"} <= {p["column"] for p in problems}
    assert all(p["message_en"] and p["message_th"] for p in problems)
    assert not Plan.objects.exists()


def test_patch_names_the_revision_and_a_stale_one_is_refused(plan, users):
    editor = api_for(users["editor"])
    before = revision(plan)
    answer = editor.patch(
        f"/api/plans/{plan.pk}/",
        {"revision": before, "title_en": "Chiang Mai plan, revised"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["title_en"] == "Chiang Mai plan, revised"
    assert revision(plan) == before + 1
    stale = editor.patch(
        f"/api/plans/{plan.pk}/", {"revision": before, "title_en": "late"}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == before + 1
    assert stale.json()["detail_th"]
    assert Plan.objects.get(pk=plan.pk).title_en == "Chiang Mai plan, revised"
    viewer = api_for(users["viewer"]).patch(
        f"/api/plans/{plan.pk}/", {"revision": before + 1, "title_en": "x"}, format="json"
    )
    assert viewer.status_code == 403
    missing = editor.patch(f"/api/plans/{plan.pk}/", {"title_en": "x"}, format="json")
    assert missing.status_code == 400
    assert [p["column"] for p in missing.json()["problems"]] == ["revision"]


# --------------------------------------------------------------------------- sections


def test_inputs_are_written_through_the_core_and_bad_ones_refused(users):
    small = one_line_plan(users)
    editor = api_for(users["editor"])
    url = f"/api/plans/{small.pk}/sections/reduction/"
    answer = editor.put(
        url,
        {
            "revision": revision(small),
            "inputs": {"drivers": DRIVERS, "targets": TARGETS, "settings": SETTINGS},
        },
        format="json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["has_result"] and body["stale"] is False
    assert body["plan_revision"] == revision(small)
    before = revision(small)
    refused = editor.put(
        url,
        {"revision": before, "inputs": {"settings": {"basis": "nothing"}}},
        format="json",
    )
    assert refused.status_code == 400, refused.content
    assert refused.json()["problems"]
    assert revision(small) == before
    section = Section.objects.get(plan=small, kind="reduction")
    assert section.inputs["drivers"] == DRIVERS


def test_a_drivers_csv_uploads_and_the_core_projects_it(users):
    small = one_line_plan(users)
    csv = "driver,year,value,growth_pct,source\npopulation,2565,1000000,2,สำนักงานสถิติจังหวัด\n"
    upload = SimpleUploadedFile("drivers.csv", csv.encode(), content_type="text/csv")
    answer = api_for(users["editor"]).post(
        f"/api/plans/{small.pk}/sections/reduction/upload/",
        {"revision": revision(small), "table": "drivers", "file": upload},
        format="multipart",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["tables"] == ["drivers"] and answer.json()["rows"] == 1
    result = Section.objects.get(plan=small, kind="reduction").result
    # the one line of 1,000 t grows with population at 2 %/yr from 2022:
    # 1,000 t x 1.02^8 = 1,171.66 t in 2030
    i = result["years"].index(2030)
    assert result["totals"][result["basis"]]["bau"][i] == pytest.approx(1000 * 1.02**8)
    change = PlanChange.objects.filter(plan=small, action=PlanChange.Action.UPLOAD).get()
    assert change.new["file"] == "drivers.csv"


def test_a_bad_upload_lists_located_problems_and_saves_nothing(users):
    small = one_line_plan(users)
    before = revision(small)
    csv = "driver,year,value,growth_pct\npopulation,2022,1000000,1\ngpp,20x2,,abc\n"
    upload = SimpleUploadedFile("drivers.csv", csv.encode(), content_type="text/csv")
    answer = api_for(users["editor"]).post(
        f"/api/plans/{small.pk}/sections/reduction/upload/",
        {"revision": before, "table": "drivers", "file": upload},
        format="multipart",
    )
    assert answer.status_code == 400
    located = {(p["file"], p["row"]) for p in answer.json()["problems"]}
    assert ("drivers.csv", 3) in located
    assert revision(small) == before


def test_measures_with_budget_lines_are_added_changed_and_deleted(users):
    small = one_line_plan(users)
    editor = api_for(users["editor"])
    editor.put(
        f"/api/plans/{small.pk}/sections/reduction/",
        {"revision": revision(small), "inputs": {"drivers": DRIVERS, "settings": SETTINGS}},
        format="json",
    )
    url = f"/api/plans/{small.pk}/sections/reduction/actions/"
    measure = {
        "code": "EE-01",
        "name_th": "ส่งเสริมหลอดแอลอีดีในอาคารราชการ",
        "name_en": "LED lighting in government buildings",
        "owner_agency": "สำนักงานพลังงานจังหวัดเชียงใหม่",
        "start_year": 2024,
        "end_year": 2027,
        "data": {  # the engine's fields of an emission-factor measure (plans.reduction)
            "kind": "emission_factor",
            "gpc_ref": "I.1.1",
            "gases": "co2",
            "effect_pct": 10,
            "uptake_pct": 50,
            "ramp_years": 1,
        },
        "budget": [
            {"fiscal_year": 2026, "amount": 2_500_000, "source": "provincial"},
            {"fiscal_year": 2025, "amount": 1_500_000, "source": "environment_fund"},
        ],
    }
    answer = editor.post(url, {**measure, "revision": revision(small)}, format="json")
    assert answer.status_code == 201, answer.content
    listed = editor.get(url).json()
    assert [m["code"] for m in listed] == ["EE-01"]
    # budget lines stored in fiscal-year order: 1.5 M (FY2025) + 2.5 M (FY2026) = 4.0 M baht
    lines = BudgetLine.objects.filter(action__section__plan=small).order_by("fiscal_year")
    assert [b.fiscal_year for b in lines] == [2025, 2026]
    assert sum(b.amount for b in lines) == 4_000_000
    duplicate = editor.post(url, {**measure, "revision": revision(small)}, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json()["problems"][0]["column"] == "code"
    changed = editor.put(
        f"{url}EE-01/",
        {**measure, "name_en": "LED lighting", "budget": [], "revision": revision(small)},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert not BudgetLine.objects.filter(action__section__plan=small).exists()
    stale = editor.delete(f"{url}EE-01/?revision={revision(small) - 1}")
    assert stale.status_code == 409
    gone = editor.delete(f"{url}EE-01/?revision={revision(small)}")
    assert gone.status_code == 200
    assert editor.get(url).json() == []
    assert editor.get(f"{url}EE-01/").status_code == 404


# --------------------------------------------------------------------------- workflow


@pytest.fixture
def complete(monkeypatch):
    """Section handlers whose checklists are complete (the workflow alone is tested)."""
    from climateplan.plans.web import handler_adaptation, handler_reduction, handler_risk
    from tests.plans.web.test_services_workflow import StubHandler

    StubHandler.missing = set()
    for module in (handler_reduction, handler_risk, handler_adaptation):
        monkeypatch.setattr(module, "HANDLER", StubHandler(module.HANDLER.kind))


def test_endorse_submit_review_and_comments_through_the_api(plan, users, complete):
    from climateplan.plans.web import services

    services.recompute_all(plan, users["editor"])  # results of the complete stub handlers
    approver = api_for(users["approver"])
    endorsement = {
        "body": "คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่",
        "meeting": "1/2567",
        "date": "2024-03-15",
        "authority": "ผู้ว่าราชการจังหวัดเชียงใหม่",
    }
    refused = api_for(users["editor"]).post(
        f"/api/plans/{plan.pk}/endorse/", {**endorsement, "revision": revision(plan)}, format="json"
    )
    assert refused.status_code == 403
    bad = approver.post(
        f"/api/plans/{plan.pk}/endorse/",
        {**endorsement, "meeting": "first", "revision": revision(plan)},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["problems"][0]["column"] == "meeting"
    answer = approver.post(
        f"/api/plans/{plan.pk}/endorse/", {**endorsement, "revision": revision(plan)}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "endorsed"
    assert Plan.objects.get(pk=plan.pk).endorsement_date == dt.date(2024, 3, 15)
    editor = api_for(users["editor"])
    submitted = editor.post(
        f"/api/plans/{plan.pk}/transition/",
        {"action": "submit", "revision": revision(plan)},
        format="json",
    )
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    reviewer = api_for(users["reviewer"])
    # a reviewer cannot publish a plan that is not approved: 409, state unchanged
    early = reviewer.post(
        f"/api/plans/{plan.pk}/transition/",
        {"action": "publish", "revision": revision(plan)},
        format="json",
    )
    assert early.status_code == 403
    no_comment = reviewer.post(
        f"/api/plans/{plan.pk}/sections/risk/review/",
        {"action": "return", "revision": revision(plan)},
        format="json",
    )
    assert no_comment.status_code == 400
    returned = reviewer.post(
        f"/api/plans/{plan.pk}/sections/risk/review/",
        {
            "action": "return",
            "revision": revision(plan),
            "comment": "เพิ่มแหล่งที่มาของข้อมูลน้ำท่วม",
            "item": "indicator:flood_exposure",
        },
        format="json",
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["state"] == "returned"
    assert Plan.objects.get(pk=plan.pk).state == PlanState.RETURNED
    comments = editor.get(f"/api/plans/{plan.pk}/comments/").json()
    assert comments[0]["item"] == "indicator:flood_exposure"
    reply = editor.post(
        f"/api/plans/{plan.pk}/comments/",
        {"text": "เพิ่มแล้ว", "parent": comments[0]["id"]},
        format="json",
    )
    assert reply.status_code == 201
    assert PlanComment.objects.get(pk=reply.json()["id"]).parent_id == comments[0]["id"]
    viewer = api_for(users["viewer"]).post(
        f"/api/plans/{plan.pk}/comments/", {"text": "x"}, format="json"
    )
    assert viewer.status_code == 403
    history = editor.get(f"/api/plans/{plan.pk}/history/").json()
    assert {"endorse", "transition", "section", "comment"} <= {h["action"] for h in history}


def test_the_stored_result_document_is_answered(plan, users, complete):
    from climateplan.plans.web import services

    services.recompute_all(plan, users["editor"])
    answer = api_for(users["viewer"]).get(f"/api/plans/{plan.pk}/sections/risk/result/")
    assert answer.status_code == 200
    assert answer.json() == {"kind": "risk"}  # the stub handler's document, as stored
    lampang = lampang_plan(users)  # made without a base inventory: nothing computed yet
    empty = api_for(users["reviewer"]).get(f"/api/plans/{lampang.pk}/sections/risk/result/")
    assert empty.status_code == 200 and empty.json() is None


HOSTILE_INPUTS = [
    {"drivers": "population"},
    {"drivers": [1, 2, 3]},
    {"drivers": [{"driver": None, "year": "twenty", "value": []}]},
    {"settings": ["basis"]},
    {"targets": {"kind": "ndc"}},
    {"framework": 5},
    {"indicators": [{"indicator": None}]},
    {"gridded": "x"},
    {"weights": "heavy"},
    {"reasons": [[]]},
]


@pytest.mark.parametrize("inputs", HOSTILE_INPUTS)
def test_hostile_inputs_are_refused_with_problems_never_a_server_error(plan, users, inputs):
    """Inputs not in a section's stored form: 400 with located problems (or accepted when
    the core reads them), never a 500; a refused write saves nothing."""
    editor = api_for(users["editor"])
    for kind in ("reduction", "risk", "adaptation"):
        before = revision(plan)
        stored = Section.objects.get(plan=plan, kind=kind).inputs
        answer = editor.put(
            f"/api/plans/{plan.pk}/sections/{kind}/",
            {"revision": before, "inputs": inputs},
            format="json",
        )
        assert answer.status_code in (200, 400), (kind, inputs, answer.status_code)
        if answer.status_code == 400:
            assert answer.json()["problems"][0]["message_th"]
            assert revision(plan) == before
            assert Section.objects.get(plan=plan, kind=kind).inputs == stored
