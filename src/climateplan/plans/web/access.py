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
from django.utils import timezone

from climateplan.plans.web.models import (
    PLAN_EDITABLE_STATES,
    PLAN_LOCKED_STATES,
    SECTION_EDITABLE_STATES,
    Consultation,
    Plan,
    PlanReview,
    PlanState,
    ReviewState,
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
        """Published plans, and drafts open for public consultation, are everyone's."""
        if self.role.is_national:
            return Q()
        published = Q(**{f"{prefix}state": PlanState.PUBLISHED}) | Q(
            **{f"{prefix}pk__in": consulted_plan_ids()}
        )
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
        return self.role.is_national or self.own(plan) or self.public_reads(plan)

    def public_reads(self, plan: Plan) -> bool:
        """The public reads a published plan, and a draft while it is open for comment."""
        return plan.state == PlanState.PUBLISHED or under_consultation(plan)

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

    # ---- reviews (mid-term and end-of-plan) and lessons learned
    def reviews(self, plan: Plan, queryset: QuerySet | None = None) -> QuerySet:
        base = PlanReview.objects.all() if queryset is None else queryset
        base = base.filter(plan=plan)
        if self.sees_internals(plan):
            return base
        return base.filter(state=ReviewState.PUBLISHED) if self.can_view(plan) else base.none()

    def can_start_review(self, plan: Plan) -> bool:
        """The province's editors review a plan once it is approved or published."""
        return self.role.is_editor and self.own(plan) and plan.state in PLAN_LOCKED_STATES

    def can_edit_review(self, review: PlanReview, plan: Plan | None = None) -> bool:
        plan = plan or review.plan
        return self.role.is_editor and self.own(plan) and review.is_editable

    def can_add_lesson(self, review: PlanReview, plan: Plan | None = None) -> bool:
        """The secretariat, and the agencies (their reporters) for their own actions."""
        plan = plan or review.plan
        if not review.is_editable or not self.own(plan):
            return False
        return self.role.is_editor or self.role.is_agency_reporter

    def can_transition_review(self, review: PlanReview, action: str) -> bool:
        """The plan's workflow, applied to a review (same roles, same states)."""
        if action not in REVIEW_TRANSITIONS:
            return False
        sources, _ = REVIEW_TRANSITIONS[action]
        if review.state not in sources:
            return False
        plan = review.plan
        if action in ("endorse", "withdraw"):
            return self.role.is_approver and self.own(plan)
        if action == "submit":
            return (self.role.is_editor or self.role.is_approver) and self.own(plan)
        return self.role.is_reviewer

    def review_transitions(self, review: PlanReview) -> list[str]:
        return [a for a in REVIEW_TRANSITIONS if self.can_transition_review(review, a)]

    # ---- public consultation
    def can_open_consultation(self, plan: Plan) -> bool:
        """A draft (or endorsed) latest plan, by the province's editors."""
        return (
            self.role.is_editor
            and self.own(plan)
            and plan.is_latest
            and plan.state in (PlanState.DRAFT, PlanState.ENDORSED)
        )

    def can_moderate(self, plan: Plan) -> bool:
        """The province's editors moderate and answer the public's comments."""
        return self.role.is_editor and self.own(plan)


# review action -> (states it starts from, state it leads to); "return" by the reviewer
REVIEW_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "endorse": (frozenset({ReviewState.DRAFT}), ReviewState.ENDORSED),
    "withdraw": (frozenset({ReviewState.ENDORSED}), ReviewState.DRAFT),
    "submit": (frozenset({ReviewState.ENDORSED, ReviewState.RETURNED}), ReviewState.SUBMITTED),
    "return": (frozenset({ReviewState.SUBMITTED}), ReviewState.RETURNED),
    "approve": (frozenset({ReviewState.SUBMITTED}), ReviewState.APPROVED),
    "publish": (frozenset({ReviewState.APPROVED}), ReviewState.PUBLISHED),
}


def _open_consultations():
    now = timezone.now()
    return Consultation.objects.filter(
        state=Consultation.State.OPEN, opens__lte=now, closes__gt=now
    )


def consulted_plan_ids():
    """A subquery of the plans open for public comment now."""
    return _open_consultations().values("plan_id")


def under_consultation(plan: Plan) -> bool:
    return _open_consultations().filter(plan=plan).exists()


def plan_access_for(user) -> PlanAccess:
    return PlanAccess(role_of(user))


__all__ = [
    "PLAN_EDITABLE_STATES",
    "PLAN_TRANSITIONS",
    "PLAN_TRANSITION_LABELS",
    "REVIEW_TRANSITIONS",
    "SECTION_TRANSITIONS",
    "SECTION_TRANSITION_LABELS",
    "PlanAccess",
    "consulted_plan_ids",
    "plan_access_for",
    "under_consultation",
]
