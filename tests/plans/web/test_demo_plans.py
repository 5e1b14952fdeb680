"""The demo plans: built through the services, complete, loaded once, every stage shown.

The demo inventories are computed first (as ``climateplan serve --demo`` does), then
the plans; one load serves every check (the handlers compute for about 20 s).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from climateplan.plans.checklist import missing
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import (
    Action,
    BudgetLine,
    Plan,
    PlanComment,
    PlanState,
    SectionKind,
)
from climateplan.reference.agencies import bma_departments, find_agency


@pytest.fixture
def loaded(db):
    from climateplan.inventory.web.demo import create_accounts, load_demo
    from climateplan.plans.web import demo

    create_accounts()
    load_demo()
    accounts = demo.load_plans_demo()
    return {p.province: p for p in Plan.objects.all()}, accounts


def _counts():
    return (
        Plan.objects.count(),
        Action.objects.count(),
        BudgetLine.objects.count(),
        PlanComment.objects.count(),
        get_user_model().objects.count(),
    )


def test_the_demo_plans(loaded, client):
    from climateplan.plans.web import demo

    plans, accounts = loaded
    assert set(plans) == {"TH-62", "TH-10", "TH-50"}
    assert {a.username for a in accounts} >= {"demo-approver", "bma-editor", "bma-approver"}

    _loads_twice_without_duplicates(demo)
    for plan in plans.values():
        _every_section_has_its_result(plan)
        assert plan.title_th.endswith("(ข้อมูลสาธิต)") and "demo" in plan.title_en
    _kamphaeng_phet_is_complete_and_published(plans["TH-62"])
    _bangkok_is_owned_by_bma_departments(plans["TH-10"])
    _chiang_mai_is_returned_with_a_comment(plans["TH-50"])
    _chiang_mai_waits_in_the_review_queue(plans["TH-50"])
    _the_published_plan_is_what_the_public_sees(plans, client)


def _loads_twice_without_duplicates(demo):
    before = _counts()
    assert demo.load_plans() == []
    assert _counts() == before
    assert Plan.objects.filter(is_latest=True).count() == 3


def _every_section_has_its_result(plan):
    sections = {s.kind: s for s in plan.sections.all()}
    assert set(sections) == set(SectionKind.values)
    # the inventory section links an approved base inventory (no calculation of its own)
    assert plan.base_inventory.state in ("approved", "published")
    assert missing(services.checklist(sections[SectionKind.INVENTORY], plan)) == []
    for kind in (SectionKind.REDUCTION, SectionKind.RISK, SectionKind.ADAPTATION):
        section = sections[kind]
        assert section.result is not None, f"{plan.province} {kind} has no result"
        assert section.problems == [], f"{plan.province} {kind}: {section.problems}"
        assert section.summary, f"{plan.province} {kind} has no summary"
        assert not services.is_stale(section, plan), f"{plan.province} {kind} is out of date"


def _kamphaeng_phet_is_complete_and_published(plan):
    assert plan.state == PlanState.PUBLISHED
    assert (plan.start_year, plan.end_year) == (2023, 2027)  # BE 2566-2570
    # the base year is the province's latest published demo inventory (2020-2022)
    assert plan.base_year == 2022 and plan.base_inventory.year == 2022
    assert plan.endorsement_meeting == "1/2567"
    assert plan.endorsed_by.username == "demo-approver"
    assert plan.published_at is not None
    reduction = plan.sections.get(kind=SectionKind.REDUCTION)
    targets = reduction.inputs["targets"]
    assert {t["name"] for t in targets if t.get("national")} >= {
        "ndc_unconditional",
        "ndc_conditional",
    }
    assert [t["name"] for t in targets if not t.get("national")] == ["kpp_2027"]
    measures = list(reduction.actions.prefetch_related("budget_lines"))
    assert len(measures) == 5
    for measure in measures:
        assert measure.library_id and measure.kpi.get("name_th") and measure.owner_agency
        assert find_agency(measure.owner_agency, "TH-62")["level"] == "provincial"
        assert {b.source for b in measure.budget_lines.all()}
    # budget lines by hand: AWD 4 x 1.5 M + green cane 4 x 0.8 M + rice straw 4 x 0.6 M
    # + rooftop solar 2 x 6 M + composting 4 x 1.2 M = 6 + 3.2 + 2.4 + 12 + 4.8 = 28.4 M THB
    assert reduction.summary["budget_total_thb"] == pytest.approx(28_400_000)
    risk = plan.sections.get(kind=SectionKind.RISK)
    assert risk.result["synthetic"] is True  # the shipped example indicators
    assert risk.inputs["synthetic"] == {"gridded": True, "indicators": True}
    adaptation = plan.sections.get(kind=SectionKind.ADAPTATION)
    hazards = {h for a in adaptation.actions.all() for h in a.data["hazards"]}
    register = {entry["hazard"] for entry in risk.result["register"]}
    assert hazards and hazards <= register  # the actions answer the plan's own register


def _bangkok_is_owned_by_bma_departments(plan):
    assert plan.kind == Plan.Kind.MASTER
    assert (plan.start_year, plan.end_year) == (2021, 2030)  # BE 2564-2573
    # approved and published: the plan its monitoring demo follows into action
    assert plan.state == PlanState.PUBLISHED
    assert plan.approved_at is not None and plan.published_at is not None
    departments = set(bma_departments()["code"])
    actions = Action.objects.filter(section__plan=plan)
    assert actions.filter(section__kind=SectionKind.REDUCTION).count() == 5
    assert actions.filter(section__kind=SectionKind.ADAPTATION).count() == 7
    for action in actions:
        assert find_agency(action.owner_agency, "TH-10")["code"] in departments, action.code
    reviewer = get_user_model().objects.get(username="demo-reviewer")
    assert plan_access_for(reviewer).transitions(plan) == []  # nothing left to decide


def _chiang_mai_is_returned_with_a_comment(plan):
    assert plan.state == PlanState.RETURNED
    risk = plan.sections.get(kind=SectionKind.RISK)
    assert risk.state == "returned"
    comment = PlanComment.objects.get(plan=plan)
    assert comment.section_kind == SectionKind.RISK
    assert comment.author.username == "demo-reviewer"
    assert "ข้อมูลของจังหวัด" in comment.text and "province's own" in comment.text


def _chiang_mai_waits_in_the_review_queue(plan):
    from climateplan.site.national_data import review_queue

    reviewer = get_user_model().objects.get(username="demo-reviewer")
    queued = [i.pk for i in review_queue(plan_access_for(reviewer), reviewer) if i.kind == "plan"]
    assert queued == [plan.pk]


def _the_published_plan_is_what_the_public_sees(plans, client):
    public = plan_access_for(AnonymousUser())
    assert sorted(public.plans().values_list("province", flat=True)) == ["TH-10", "TH-62"]
    for province in ("TH-10", "TH-62"):
        assert client.get(reverse("plans:detail", args=[plans[province].pk])).status_code == 200
    # Chiang Mai's returned plan stays with the province and its reviewers
    assert client.get(reverse("plans:detail", args=[plans["TH-50"].pk])).status_code == 404
