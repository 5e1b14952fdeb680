"""The plan workflow services: who may do each transition, the endorsement and its
checks, section review (return with a comment, approve), resubmission, publication,
new versions (actions and budget lines copied, the old version read-only),
optimistic locking and stale results.

The reduction, risk and adaptation handlers are replaced by a stub whose checklist
the test controls, so these tests check the workflow alone (each section's own
checklist and computation are tested with its section).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from climateplan.errors import InputError
from climateplan.plans.checklist import CheckItem
from climateplan.plans.web import handler_adaptation, handler_reduction, handler_risk, services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import (
    Action,
    BudgetLine,
    Plan,
    PlanChange,
    PlanComment,
    PlanState,
    SectionState,
)
from climateplan.plans.web.sections import ActionData, Computed
from climateplan.site.workflow import Conflict, WorkflowError
from tests.plans.web.conftest import make_plan

MEETING = {
    "body": "คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่",
    "meeting": "1/2567",
    "date": dt.date(2024, 3, 15),
    "authority": "ผู้ว่าราชการจังหวัดเชียงใหม่ ประธานคณะทำงาน",
}


class StubHandler:
    """A section handler whose checklist is complete unless ``missing`` names the kind."""

    missing: ClassVar[set[str]] = set()

    def __init__(self, kind: str):
        self.kind = kind

    def compute(self, candidate) -> Computed:
        return Computed(document={"kind": self.kind}, summary={"measures": len(candidate.actions)})

    def checklist(self, section, plan) -> list[CheckItem]:
        return [
            CheckItem(
                "filled",
                self.kind not in StubHandler.missing,
                "กรอกข้อมูลครบ",
                "Inputs complete",
            )
        ]


@pytest.fixture(autouse=True)
def stub_handlers(monkeypatch):
    StubHandler.missing = set()
    for module in (handler_reduction, handler_risk, handler_adaptation):
        monkeypatch.setattr(module, "HANDLER", StubHandler(module.HANDLER.kind))
    yield
    StubHandler.missing = set()


def access(user):
    return plan_access_for(user)


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def endorse(plan, users, who="approver", **changes):
    fields = {**MEETING, **changes}
    return services.endorse(
        access(users[who]),
        users[who],
        fresh(plan),
        expected_revision=fresh(plan).revision,
        **fields,
    )


def move(plan, users, who, action, comment=""):
    plan = fresh(plan)
    return services.transition(
        access(users[who]),
        users[who],
        plan,
        action,
        expected_revision=plan.revision,
        comment=comment,
    )


def review(plan, users, kind, action, comment="", who="reviewer"):
    plan = fresh(plan)
    section = plan.sections.get(kind=kind)
    return services.review_section(
        access(users[who]),
        users[who],
        section,
        action,
        expected_revision=plan.revision,
        comment=comment,
    )


def submitted(plan, users):
    endorse(plan, users)
    move(plan, users, "editor", "submit")
    return fresh(plan)


# --------------------------------------------------------------------------- endorsement


def test_the_approver_records_the_endorsement(plan, users):
    before = fresh(plan).revision
    endorsed = endorse(plan, users)
    assert endorsed.state == PlanState.ENDORSED
    assert endorsed.endorsement_meeting == "1/2567"
    assert endorsed.endorsement_date == dt.date(2024, 3, 15)
    assert endorsed.endorsed_by == users["approver"]
    assert endorsed.revision == before + 1
    change = PlanChange.objects.filter(plan=plan, action=PlanChange.Action.ENDORSE).get()
    assert change.new["meeting"] == "1/2567" and change.new["date"] == "2024-03-15"


@pytest.mark.parametrize(
    "who", ["editor", "viewer", "reviewer", "admin", "other_approver", "no_role"]
)
def test_only_the_provinces_approver_endorses(plan, users, who):
    with pytest.raises(PermissionDenied):
        endorse(plan, users, who=who)
    assert fresh(plan).state == PlanState.DRAFT


def test_endorsement_needs_a_complete_checklist(plan, users):
    StubHandler.missing = {"risk"}
    revision = fresh(plan).revision
    with pytest.raises(WorkflowError) as caught:
        endorse(plan, users)
    assert "Inputs complete" in caught.value.message_en
    assert "กรอกข้อมูลครบ" in caught.value.message_th
    assert fresh(plan).state == PlanState.DRAFT
    assert fresh(plan).revision == revision


def test_endorsement_needs_valid_meeting_fields_all_reported_at_once(plan, users):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(InputError) as caught:
        endorse(plan, users, body=" ", meeting="first meeting", date=tomorrow, authority="")
    columns = sorted(p.column for p in caught.value.problems)
    assert columns == ["authority", "body", "date", "meeting"]
    assert all(p.message_th and p.message_en for p in caught.value.problems)
    assert fresh(plan).state == PlanState.DRAFT
    assert not PlanChange.objects.filter(plan=plan, action=PlanChange.Action.ENDORSE).exists()


@pytest.mark.parametrize("meeting", ["1/2567", "12 / 2567", "3/2024"])
def test_meeting_numbers_in_the_usual_form_are_accepted(plan, users, meeting):
    assert endorse(plan, users, meeting=meeting).state == PlanState.ENDORSED


def test_a_stale_result_blocks_the_endorsement(plan, users):
    section = fresh(plan).sections.get(kind="reduction")
    section.inputs = {"changed": True}  # inputs changed after the last compute
    section.save(update_fields=["inputs"])
    assert services.is_stale(section)
    with pytest.raises(WorkflowError) as caught:
        endorse(plan, users)
    assert "recompute" in caught.value.message_en
    services.recompute(access(users["editor"]), users["editor"], section)
    assert not services.is_stale(fresh(plan).sections.get(kind="reduction"))
    assert endorse(plan, users).state == PlanState.ENDORSED


@pytest.mark.parametrize("who", ["editor", "viewer", "reviewer", "other_approver"])
def test_the_approver_withdraws_the_endorsement_others_cannot(plan, users, who):
    endorse(plan, users)
    with pytest.raises(PermissionDenied):
        move(plan, users, who, "withdraw")
    withdrawn = move(plan, users, "approver", "withdraw")
    assert withdrawn.state == PlanState.DRAFT
    assert withdrawn.endorsed_at is None


# --------------------------------------------------------------------------- submit


def test_a_draft_cannot_be_submitted_before_the_endorsement(plan, users):
    with pytest.raises(PermissionDenied):
        move(plan, users, "editor", "submit")


@pytest.mark.parametrize("who", ["editor", "approver"])
def test_the_province_submits_the_endorsed_plan(plan, users, who):
    endorse(plan, users)
    done = move(plan, users, who, "submit")
    assert done.state == PlanState.SUBMITTED
    assert set(done.sections.values_list("state", flat=True)) == {SectionState.SUBMITTED}


@pytest.mark.parametrize("who", ["viewer", "reviewer", "other_editor", "admin"])
def test_others_cannot_submit(plan, users, who):
    endorse(plan, users)
    with pytest.raises(PermissionDenied):
        move(plan, users, who, "submit")


# --------------------------------------------------------------------------- review


def test_returning_a_section_needs_a_comment(plan, users):
    submitted(plan, users)
    with pytest.raises(InputError) as caught:
        review(plan, users, "risk", "return", comment="  ")
    assert [p.column for p in caught.value.problems] == ["comment"]
    assert fresh(plan).sections.get(kind="risk").state == SectionState.SUBMITTED


@pytest.mark.parametrize("who", ["editor", "approver", "admin", "viewer"])
def test_only_a_reviewer_reviews_sections(plan, users, who):
    submitted(plan, users)
    with pytest.raises(PermissionDenied):
        review(plan, users, "risk", "approve", who=who)


def test_a_returned_section_is_editable_the_others_stay_locked(plan, users):
    submitted(plan, users)
    review(plan, users, "risk", "return", comment="add the drought indicator")
    plan = fresh(plan)
    assert plan.state == PlanState.RETURNED
    editor = access(users["editor"])
    editable = {s.kind: editor.can_edit(s, plan) for s in plan.sections.all()}
    assert editable == {
        "inventory": False,
        "reduction": False,
        "risk": True,
        "adaptation": False,
    }
    comment = PlanComment.objects.get(plan=plan)
    assert (comment.section_kind, comment.text) == ("risk", "add the drought indicator")
    locked = plan.sections.get(kind="reduction")
    with pytest.raises(PermissionDenied):
        services.write_section(
            editor, users["editor"], locked, expected_revision=plan.revision, inputs={"x": 1}
        )
    written = services.write_section(
        editor,
        users["editor"],
        plan.sections.get(kind="risk"),
        expected_revision=plan.revision,
        inputs={"indicator": "drought"},
    )
    assert written.inputs == {"indicator": "drought"}


def test_resubmission_sends_the_returned_section_back_and_keeps_approved_ones(plan, users):
    submitted(plan, users)
    review(plan, users, "reduction", "approve")
    review(plan, users, "risk", "return", comment="add the drought indicator")
    resubmitted = move(plan, users, "editor", "submit")
    states = dict(resubmitted.sections.values_list("kind", "state"))
    assert resubmitted.state == PlanState.SUBMITTED
    assert states["risk"] == SectionState.SUBMITTED
    assert states["reduction"] == SectionState.APPROVED


def test_the_plan_cannot_be_approved_while_a_section_is_returned(plan, users):
    submitted(plan, users)
    review(plan, users, "risk", "return", comment="add the drought indicator")
    with pytest.raises((PermissionDenied, WorkflowError)):
        move(plan, users, "reviewer", "approve")
    assert fresh(plan).state == PlanState.RETURNED


@pytest.mark.parametrize("who", ["editor", "approver", "admin"])
def test_only_a_reviewer_approves_and_publishes(plan, users, who):
    submitted(plan, users)
    with pytest.raises(PermissionDenied):
        move(plan, users, who, "approve")
    move(plan, users, "reviewer", "approve")
    with pytest.raises(PermissionDenied):
        move(plan, users, who, "publish")


def test_publishing_publishes_every_section(plan, users):
    submitted(plan, users)
    approved = move(plan, users, "reviewer", "approve")
    assert set(approved.sections.values_list("state", flat=True)) == {SectionState.APPROVED}
    published = move(plan, users, "reviewer", "publish")
    assert published.state == PlanState.PUBLISHED
    assert set(published.sections.values_list("state", flat=True)) == {SectionState.PUBLISHED}
    assert published.published_at is not None


# --------------------------------------------------------------------------- revise


def test_a_new_version_copies_actions_and_budget_lines_and_keeps_the_old_one(plan, users):
    editor = access(users["editor"])
    section = fresh(plan).sections.get(kind="reduction")
    measure = ActionData(
        code="EE-01",
        name_th="ติดตั้งโซลาร์รูฟในอาคารราชการ",
        owner_agency="สำนักงานพลังงานจังหวัด",
        budget=[
            {"fiscal_year": 2025, "amount": 1_500_000.0, "kind": "capital", "source": "provincial"},
            {"fiscal_year": 2026, "amount": 200_000.0, "kind": "operating", "source": "local"},
        ],
    )
    services.write_section(
        editor,
        users["editor"],
        section,
        expected_revision=fresh(plan).revision,
        actions=[measure],
    )
    submitted(plan, users)
    move(plan, users, "reviewer", "approve")
    old = fresh(plan)
    new = move(plan, users, "editor", "revise")
    old.refresh_from_db()
    assert (new.version, new.state, new.previous_id) == (2, PlanState.DRAFT, old.pk)
    assert not old.is_latest and old.state == PlanState.APPROVED
    copied = Action.objects.get(section__plan=new, code="EE-01")
    assert copied.owner_agency == "สำนักงานพลังงานจังหวัด"
    lines = sorted(
        BudgetLine.objects.filter(action=copied).values_list("fiscal_year", "amount", "source")
    )
    assert lines == [(2025, 1_500_000.0, "provincial"), (2026, 200_000.0, "local")]
    # the old version keeps its own rows, and nobody may change it
    assert Action.objects.filter(section__plan=old, code="EE-01").count() == 1
    for who in ("editor", "approver", "reviewer"):
        assert access(users[who]).transitions(old) == []
        assert not access(users[who]).can_edit_plan(old)
    assert set(new.sections.values_list("state", flat=True)) == {SectionState.DRAFT}


@pytest.mark.parametrize("who", ["approver", "reviewer", "viewer"])
def test_only_the_editor_opens_a_new_version(plan, users, who):
    submitted(plan, users)
    move(plan, users, "reviewer", "approve")
    with pytest.raises(PermissionDenied):
        move(plan, users, who, "revise")


# --------------------------------------------------------------------------- locking


def test_a_stale_revision_is_refused_and_nothing_changes(plan, users):
    plan = fresh(plan)
    stale = plan.revision
    services.edit_plan(
        access(users["editor"]),
        users["editor"],
        plan,
        expected_revision=stale,
        title_th="แผนฉบับปรับปรุง",
        title_en="",
        start_year=2023,
        end_year=2027,
        base_year=2022,
        base_inventory=plan.base_inventory,
    )
    with pytest.raises(Conflict):
        services.edit_plan(
            access(users["editor"]),
            users["editor"],
            fresh(plan),
            expected_revision=stale,
            title_th="การแก้ไขที่มาช้า",
            title_en="",
            start_year=2023,
            end_year=2027,
            base_year=2022,
            base_inventory=plan.base_inventory,
        )
    assert fresh(plan).title_th == "แผนฉบับปรับปรุง"


def test_a_transition_on_an_old_revision_is_a_conflict(plan, users):
    endorse(plan, users)
    plan = fresh(plan)
    with pytest.raises(Conflict):
        services.transition(
            access(users["editor"]),
            users["editor"],
            plan,
            "submit",
            expected_revision=plan.revision - 1,
        )
    assert fresh(plan).state == PlanState.ENDORSED


def test_two_reviewers_on_one_revision_only_the_first_lands(plan, users):
    plan = submitted(plan, users)
    revision = plan.revision
    section = plan.sections.get(kind="risk")
    services.review_section(
        access(users["reviewer"]), users["reviewer"], section, "approve", expected_revision=revision
    )
    with pytest.raises(WorkflowError):  # Conflict, or the section has moved on
        services.review_section(
            access(users["reviewer"]),
            users["reviewer"],
            section,
            "return",
            expected_revision=revision,
            comment="late",
        )
    assert fresh(plan).sections.get(kind="risk").state == SectionState.APPROVED


def test_a_missing_revision_is_refused(plan, users):
    endorse(plan, users)
    with pytest.raises(WorkflowError):
        services.transition(
            access(users["editor"]), users["editor"], fresh(plan), "submit", expected_revision=None
        )


def test_another_provinces_plan_is_not_theirs_to_create(users, base_inventory):
    with pytest.raises(PermissionDenied):
        services.create_plan(
            access(users["other_editor"]),
            users["other_editor"],
            province="TH-50",
            title_th="แผน",
            start_year=2023,
            end_year=2027,
            base_year=2022,
        )


def test_create_reports_every_problem_and_saves_nothing(users, base_inventory):
    make_plan(users, base_inventory)
    with pytest.raises(InputError) as caught:
        services.create_plan(
            access(users["editor"]),
            users["editor"],
            province="TH-50",
            title_th=" ",
            start_year=2023,
            end_year=2027,
            base_year=2021,  # not the inventory's year (2022)
            base_inventory=base_inventory,
        )
    columns = sorted(p.column for p in caught.value.problems)
    # the title, the inventory of another year, and the period already planned
    assert columns == ["base_inventory", "start_year", "title_th"]
    assert Plan.objects.count() == 1
