"""Who may see and do what with plans: the one scoping helper of plans and their sections.

Every page, API endpoint and query of plans goes through :func:`plan_access_for`.
Rules (the inventory's, with the provincial endorsement added):

- anonymous public: published plans only (their published sections, no internals);
- provincial viewer: every plan of their province, published ones elsewhere;
- provincial editor: as a viewer, and creates plans of their province, edits the
  sections in draft or returned, submits the endorsed plan and resubmits a returned
  one, opens a new version of an approved plan;
- provincial approver: as a viewer, and records (or withdraws) the province's
  endorsement (working group or committee meeting) of a draft plan, and may submit it;
- national reviewer: reads every plan, comments, returns or approves sections,
  approves and publishes plans;
- national administrator: reads every plan.

A plan outside a user's view does not exist for them (404, never 403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from climateplan.plans.web.models import (
    PLAN_EDITABLE_STATES,
    PLAN_LOCKED_STATES,
    SECTION_EDITABLE_STATES,
    Plan,
    PlanState,
    Section,
    SectionState,
)
from climateplan.site.roles import UserRole, role_of

# plan action -> (states it starts from, state it leads to); "revise" makes a new version
PLAN_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "endorse": (frozenset({PlanState.DRAFT}), PlanState.ENDORSED),
    "withdraw": (frozenset({PlanState.ENDORSED}), PlanState.DRAFT),
    "submit": (frozenset({PlanState.ENDORSED, PlanState.RETURNED}), PlanState.SUBMITTED),
    "approve": (frozenset({PlanState.SUBMITTED}), PlanState.APPROVED),
    "publish": (frozenset({PlanState.APPROVED}), PlanState.PUBLISHED),
    "revise": (PLAN_LOCKED_STATES, PlanState.DRAFT),
}
PLAN_TRANSITION_LABELS = {
    "endorse": ("Record the provincial endorsement", "บันทึกการให้ความเห็นชอบของจังหวัด"),
    "withdraw": ("Withdraw the endorsement", "ถอนการให้ความเห็นชอบ"),
    "submit": ("Submit for national review", "ส่งตรวจระดับประเทศ"),
    "approve": ("Approve the plan", "อนุมัติแผน"),
    "publish": ("Publish", "เผยแพร่"),
    "revise": ("Open a new version", "เปิดแก้ไขเป็นฉบับใหม่"),
}
# section action -> (section states it starts from, state it leads to); reviewer only,
# while the plan is under review (submitted, or returned with other sections pending)
SECTION_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "return": (frozenset({SectionState.SUBMITTED}), SectionState.RETURNED),
    "approve": (frozenset({SectionState.SUBMITTED}), SectionState.APPROVED),
}
SECTION_TRANSITION_LABELS = {
    "return": ("Return this section for changes", "ส่งส่วนนี้กลับให้แก้ไข"),
    "approve": ("Approve this section", "อนุมัติส่วนนี้"),
}
UNDER_REVIEW = frozenset({PlanState.SUBMITTED, PlanState.RETURNED})


@dataclass(frozen=True)
class PlanAccess:
    role: UserRole

    # ---- reading
    def plan_filter(self, prefix: str = "") -> Q:
        published = Q(**{f"{prefix}state": PlanState.PUBLISHED})
        if self.role.is_national:
            return Q()
        if self.role.is_provincial:
            return Q(**{f"{prefix}province": self.role.province}) | published
        return published

    def plans(self, queryset: QuerySet | None = None) -> QuerySet:
        """The plans this user may read (every list and lookup starts here)."""
        base = Plan.objects.all() if queryset is None else queryset
        return base.filter(self.plan_filter())

    def sections(self, queryset: QuerySet | None = None) -> QuerySet:
        base = Section.objects.all() if queryset is None else queryset
        return base.filter(self.plan_filter("plan__"))

    def scope_key(self) -> str:
        if self.role.is_national:
            return "national"
        if self.role.is_provincial:
            return f"province-{self.role.province}"
        return "public"

    def own(self, plan: Plan) -> bool:
        return self.role.is_provincial and plan.province == self.role.province

    def can_view(self, plan: Plan) -> bool:
        return self.role.is_national or self.own(plan) or plan.state == PlanState.PUBLISHED

    def sees_internals(self, plan: Plan) -> bool:
        """History, review comments, problems: national users and the province's own people."""
        return self.role.is_national or self.own(plan)

    # ---- writing
    def can_create(self, province: str) -> bool:
        return self.role.is_editor and province == self.role.province

    def can_edit_plan(self, plan: Plan) -> bool:
        """Title, period, base inventory: while the plan is a draft or returned."""
        return (
            self.role.is_editor
            and self.own(plan)
            and plan.is_latest
            and plan.state in PLAN_EDITABLE_STATES
        )

    def can_edit(self, section: Section, plan: Plan | None = None) -> bool:
        plan = plan or section.plan
        return self.can_edit_plan(plan) and section.state in SECTION_EDITABLE_STATES

    def can_comment(self, plan: Plan) -> bool:
        """Reviewers comment while the plan is under review; the province replies."""
        if plan.state not in UNDER_REVIEW or not plan.is_latest:
            return False
        return self.role.is_reviewer or (self.own(plan) and self.role.is_editor)

    def can_transition(self, plan: Plan, action: str) -> bool:
        if action not in PLAN_TRANSITIONS or not plan.is_latest:
            return False
        sources, _ = PLAN_TRANSITIONS[action]
        if plan.state not in sources:
            return False
        if action in ("endorse", "withdraw"):
            return self.role.is_approver and self.own(plan)
        if action == "submit":
            return (self.role.is_editor or self.role.is_approver) and self.own(plan)
        if action == "revise":
            return self.role.is_editor and self.own(plan)
        return self.role.is_reviewer

    def transitions(self, plan: Plan) -> list[str]:
        return [a for a in PLAN_TRANSITIONS if self.can_transition(plan, a)]

    def can_review_section(self, section: Section, action: str, plan: Plan | None = None) -> bool:
        plan = plan or section.plan
        if action not in SECTION_TRANSITIONS or not plan.is_latest:
            return False
        if plan.state not in UNDER_REVIEW:
            return False
        return self.role.is_reviewer and section.state in SECTION_TRANSITIONS[action][0]

    def section_transitions(self, section: Section, plan: Plan | None = None) -> list[str]:
        return [a for a in SECTION_TRANSITIONS if self.can_review_section(section, a, plan)]


def plan_access_for(user) -> PlanAccess:
    return PlanAccess(role_of(user))


__all__ = [
    "PLAN_EDITABLE_STATES",
    "PLAN_TRANSITIONS",
    "PLAN_TRANSITION_LABELS",
    "SECTION_TRANSITIONS",
    "SECTION_TRANSITION_LABELS",
    "PlanAccess",
    "plan_access_for",
]
