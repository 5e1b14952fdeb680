"""What every monitoring page of a plan shows: the plan's header and tabs
(``plans/plan_base.html``), the monitoring sub-navigation and the viewer's rights.
Monitoring pages extend ``monitoring/base.html`` and start their context with
:func:`monitoring_context`."""

from __future__ import annotations

from django.http import Http404

from climateplan.monitoring.web.access import MonitoringAccess, monitoring_access_for
from climateplan.monitoring.web.services import monitoring_of
from climateplan.plans.web.context import plan_context, visible_plan
from climateplan.plans.web.models import Plan

# (sub-page key, url name, English, Thai)
MONITORING_TABS = (
    ("dashboard", "monitoring:dashboard", "Dashboard", "ภาพรวมการติดตามผล"),
    ("reports", "monitoring:periods", "Progress reports", "รายงานความก้าวหน้า"),
    ("group", "monitoring:group", "Working group", "คณะทำงาน"),
    (
        "integration",
        "monitoring:integration",
        "Development plan and budget",
        "แผนพัฒนาจังหวัดและงบประมาณ",
    ),
    ("meetings", "monitoring:meetings", "Meetings", "การประชุม"),
)


def monitored_plan(request, pk: int) -> tuple[Plan, MonitoringAccess]:
    """The plan, if this user may read its monitoring (404 otherwise, never 403)."""
    plan = visible_plan(request, pk)
    access = monitoring_access_for(request.user)
    if not access.can_view(plan):
        raise Http404
    return plan, access


def monitoring_context(request, plan: Plan, access: MonitoringAccess, current: str) -> dict:
    """The common context of a monitoring page (``current``: a key of MONITORING_TABS)."""
    context = plan_context(request, plan)
    monitoring = monitoring_of(plan)
    context.update(
        {
            "other_page": True,
            "monitoring_page": True,
            "monitoring": monitoring,
            "monitoring_access": access,
            "monitoring_tabs": [
                {"key": key, "url": url, "en": en, "th": th, "current": key == current}
                for key, url, en, th in MONITORING_TABS
            ],
            "can_manage": access.can_manage(plan),
            "is_monitored": access.is_monitored(plan),
            "is_agency_reporter": access.role.is_agency_reporter,
            "reporter_agency": access.agency() if access.role.is_agency_reporter else None,
        }
    )
    return context
