"""Who may see and do what in a plan's monitoring: the one scoping helper of monitoring.

Every monitoring page, API endpoint and query goes through :func:`monitoring_access_for`.
Rules (on top of :mod:`climateplan.plans.web.access`):

- national reviewers and administrators read every plan's monitoring;
- the province's people (viewer, approver, editor, agency reporter) read their own
  province's plans' monitoring; nobody else does (a plan outside one's view is a 404);
- the provincial editor (the working group's secretariat, usually the provincial
  natural resources and environment office) manages the working group, the links to
  the development plan, funding, reporting periods and meetings, reviews progress
  reports (accept or return), and may report for any agency;
- an agency reporter reports on the actions their agency owns or co-operates in, and
  reads the reports of those actions only (evidence included);
- reports are made on approved or published plans (the latest version), in an open
  period; an accepted report is locked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from climateplan.monitoring.web.models import Agency, ProgressReport, ReportingPeriod, ReportState
from climateplan.plans.web.access import PlanAccess
from climateplan.plans.web.models import PLAN_LOCKED_STATES, Action, Plan, SectionKind
from climateplan.site.roles import UserRole, role_of

# The sections whose actions are monitored.
MONITORED_SECTIONS = (SectionKind.REDUCTION, SectionKind.ADAPTATION)
REPORT_EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})


def _norm(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def agency_index() -> dict[str, str]:
    """Every way an action may name an agency (its code, Thai or English name) -> code."""
    index: dict[str, str] = {}
    for code, th, en in Agency.objects.values_list("code", "name_th", "name_en"):
        for key in (code, th, en):
            if key:
                index.setdefault(_norm(key), code)
    return index


def agency_code_of(text: str, index: dict[str, str] | None = None) -> str:
    """The code of the agency an action names (``""`` when it names no known agency)."""
    index = agency_index() if index is None else index
    return index.get(_norm(text), "")


def action_agencies(action: Action, index: dict[str, str]) -> tuple[str, list[str]]:
    """(owner code, co-operating codes) of an action; unknown names are left out."""
    owner = agency_code_of(action.owner_agency, index)
    co = [c for c in (agency_code_of(t, index) for t in action.co_agencies or []) if c]
    return owner, co


def monitored_actions(plan: Plan) -> QuerySet:
    """The plan's reduction measures and adaptation actions."""
    return Action.objects.filter(section__plan=plan, section__kind__in=MONITORED_SECTIONS)


@dataclass(frozen=True)
class MonitoringAccess:
    role: UserRole
    _index: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def plan_access(self) -> PlanAccess:
        return PlanAccess(self.role)

    def _agency_index(self) -> dict[str, str]:
        if not self._index:
            self._index.update(agency_index())
        return self._index

    # ---- reading
    def own(self, plan: Plan) -> bool:
        return self.role.is_provincial and plan.province == self.role.province

    def plans(self, queryset: QuerySet | None = None) -> QuerySet:
        """The plans whose monitoring this user may read."""
        base = Plan.objects.all() if queryset is None else queryset
        if self.role.is_national:
            return base
        if self.role.is_provincial:
            return base.filter(province=self.role.province)
        return base.none()

    def can_view(self, plan: Plan) -> bool:
        return self.role.is_national or self.own(plan)

    # ---- managing (the secretariat)
    def can_manage(self, plan: Plan) -> bool:
        """Working group, development-plan links, funding, periods, meetings, reviews."""
        return self.role.is_editor and self.own(plan) and plan.is_latest

    def is_monitored(self, plan: Plan) -> bool:
        """Progress is reported on the latest version of an approved or published plan."""
        return plan.is_latest and plan.state in PLAN_LOCKED_STATES

    def can_review(self, report: ProgressReport, plan: Plan) -> bool:
        return (
            self.can_manage(plan)
            and self.is_monitored(plan)
            and report.state == ReportState.SUBMITTED
        )

    # ---- reporting
    def agency(self) -> Agency | None:
        if not self.role.is_agency_reporter or not self.role.agency:
            return None
        agency = Agency.objects.filter(code=self.role.agency, active=True).first()
        if agency is None or (agency.province and agency.province != self.role.province):
            return None  # an agency of another province reports nothing here
        return agency

    def action_ids_of_agency(self, plan: Plan, code: str) -> list[int]:
        index = self._agency_index()
        ids = []
        for action in monitored_actions(plan).only("pk", "owner_agency", "co_agencies"):
            owner, co = action_agencies(action, index)
            if code == owner or code in co:
                ids.append(action.pk)
        return ids

    def reportable_actions(self, plan: Plan) -> QuerySet:
        """The actions this user may report on (nothing outside their view)."""
        if not self.can_view(plan):
            return Action.objects.none()
        if self.role.is_editor and self.own(plan):
            return monitored_actions(plan)
        agency = self.agency() if self.own(plan) else None
        if agency is None:
            return Action.objects.none()
        return monitored_actions(plan).filter(pk__in=self.action_ids_of_agency(plan, agency.code))

    def can_report(self, action: Action, period: ReportingPeriod, plan: Plan) -> bool:
        return (
            self.is_monitored(plan)
            and period.plan_id == plan.pk
            and period.state == ReportingPeriod.State.OPEN
            and self.reportable_actions(plan).filter(pk=action.pk).exists()
        )

    def can_edit_report(self, report: ProgressReport, plan: Plan) -> bool:
        return report.state in REPORT_EDITABLE_STATES and self.can_report(
            report.action, report.period, plan
        )

    def reports(self, plan: Plan, queryset: QuerySet | None = None) -> QuerySet:
        """The plan's progress reports this user may read (an agency reporter: their actions')."""
        base = ProgressReport.objects.all() if queryset is None else queryset
        base = base.filter(period__plan=plan)
        if not self.can_view(plan):
            return base.none()
        if self.role.is_agency_reporter:
            return base.filter(action__in=self.reportable_actions(plan))
        return base

    def report_filter(self, plan: Plan) -> Q:
        if self.role.is_agency_reporter:
            return Q(action__in=self.reportable_actions(plan))
        return Q()


def monitoring_access_for(user) -> MonitoringAccess:
    return MonitoringAccess(role_of(user))


__all__ = [
    "MONITORED_SECTIONS",
    "REPORT_EDITABLE_STATES",
    "MonitoringAccess",
    "action_agencies",
    "agency_code_of",
    "agency_index",
    "monitored_actions",
    "monitoring_access_for",
]
