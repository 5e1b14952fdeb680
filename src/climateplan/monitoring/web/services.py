"""The write path of monitoring shared by its pages, API and demo.

Every write of a plan's monitoring records (working group, development-plan links,
funding, periods, meetings) takes the plan's :class:`Monitoring` row lock and
revision (:func:`monitoring_write`); a progress report takes its own
(:func:`report_write`). Permission and state are checked on the locked row, at commit
time (:mod:`climateplan.site.workflow`). The capability modules
(``services_group``, ``services_reports``, ``services_meetings``) build on these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import transaction

from climateplan.monitoring.web.access import MonitoringAccess
from climateplan.monitoring.web.models import (
    ActionLink,
    Agency,
    Funding,
    Monitoring,
    ProgressReport,
    ReportEvent,
    WorkingGroupMember,
)
from climateplan.plans.web.models import Plan
from climateplan.site.workflow import WorkflowError, locked_write


def denied(en: str, th: str) -> PermissionDenied:
    return PermissionDenied(f"{en} / {th}")


def monitoring_of(plan: Plan) -> Monitoring:
    """The plan's monitoring row (made on first use)."""
    row, _ = Monitoring.objects.get_or_create(plan=plan)
    return row


def may_manage(access: MonitoringAccess) -> Callable[[Monitoring], None]:
    def check(row: Monitoring) -> None:
        plan = Plan.objects.get(pk=row.plan_id)
        if not access.can_manage(plan):
            raise WorkflowError(
                "only the province's editors of the latest plan version manage its monitoring",
                "ผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่จัดการการติดตามผลของแผนฉบับล่าสุดได้",
            )

    return check


@contextmanager
def monitoring_write(
    access: MonitoringAccess,
    plan: Plan,
    *,
    expected_revision,
    check: Callable[[Monitoring], None] | None = None,
) -> Iterator[Monitoring]:
    """A write of the plan's monitoring records: lock, permission, revision, then the block."""
    if not access.can_manage(plan):
        raise denied("you cannot manage this plan's monitoring", "คุณจัดการการติดตามผลของแผนนี้ไม่ได้")
    row = monitoring_of(plan)
    manage = may_manage(access)

    def checks(locked: Monitoring) -> None:
        manage(locked)
        if check is not None:
            check(locked)

    with locked_write(
        Monitoring, row.pk, expected_revision=expected_revision, check=checks
    ) as locked:
        yield locked


REPORT_FIELDS = (
    "state",
    "status",
    "reason",
    "percent",
    "disbursed",
    "kpi_values",
    "comment",
    "achieved_t",
    "review_comment",
)


def report_snapshot(report: ProgressReport) -> dict:
    return {name: getattr(report, name) for name in REPORT_FIELDS}


def record_event(report: ProgressReport, kind: str, user, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        kind=kind,
        user=user if getattr(user, "is_authenticated", False) else None,
        revision=report.revision,
        snapshot=report_snapshot(report),
        comment=comment,
    )


@contextmanager
def report_write(
    report: ProgressReport,
    *,
    expected_revision,
    check: Callable[[ProgressReport], None],
) -> Iterator[ProgressReport]:
    """A write of one progress report under its row lock and revision."""
    with locked_write(
        ProgressReport, report.pk, expected_revision=expected_revision, check=check
    ) as row:
        yield row


def carry_over(old: Plan, new: Plan) -> None:
    """Copy a plan version's monitoring set-up to its next version (a new version keeps
    its working group, development-plan links and funding; actions matched by section
    and code). Reports, periods and meetings stay with the version they were made on."""
    with transaction.atomic():
        source = Monitoring.objects.filter(plan=old).first()
        if source is not None:
            Monitoring.objects.update_or_create(
                plan=new,
                defaults={
                    "period_months": source.period_months,
                    "due_days": source.due_days,
                    "remind_days": source.remind_days,
                    "development_plan": source.development_plan,
                },
            )
        WorkingGroupMember.objects.bulk_create(
            WorkingGroupMember(
                plan=new,
                agency_id=m.agency_id,
                role=m.role,
                position=m.position,
                contact_name=m.contact_name,
                contact_title=m.contact_title,
                contact_email=m.contact_email,
                contact_phone=m.contact_phone,
            )
            for m in old.working_group.all()
        )
        from climateplan.plans.web.models import Action

        new_actions = {
            (a.section.kind, a.code): a
            for a in Action.objects.filter(section__plan=new).select_related("section")
        }
        old_actions = Action.objects.filter(section__plan=old).select_related("section", "link")
        for action in old_actions:
            target = new_actions.get((action.section.kind, action.code))
            if target is None:
                continue
            link = getattr(action, "link", None)
            if link is not None:
                ActionLink.objects.update_or_create(
                    action=target,
                    defaults={
                        f: getattr(link, f)
                        for f in (
                            "strategy",
                            "project",
                            "rationale",
                            "objectives",
                            "targets",
                            "activities",
                            "location",
                        )
                    },
                )
            Funding.objects.bulk_create(
                Funding(
                    action=target,
                    fiscal_year=f.fiscal_year,
                    amount=f.amount,
                    source=f.source,
                    project=f.project,
                    reference=f.reference,
                    note=f.note,
                )
                for f in action.fundings.all()
            )


def sync_agencies() -> int:
    """Add the shipped agencies (``reference/agencies``) that the table lacks; edits made
    by administrators are kept. Returns the number added."""
    from climateplan.reference.agencies import agencies

    have = set(Agency.objects.values_list("code", flat=True))
    levels = {choice.value for choice in Agency.Level}
    rows = [
        Agency(
            code=r["code"],
            name_th=r["th"],
            name_en=r["en"],
            level=r["level"] if r["level"] in levels else Agency.Level.OTHER,
            province=r["province"] or "",
            source=str(r["source"] or "")[:500],
        )
        for r in agencies().to_dict("records")
        if r["code"] not in have
    ]
    Agency.objects.bulk_create(rows)
    return len(rows)
