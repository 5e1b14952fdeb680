"""Reminders to agency reporters, and the list of overdue reports.

:func:`send_reminders` runs once a day (``climateplan`` command line, or a scheduler):
for every open period of a monitored plan whose due date is near (within the plan's
``Monitoring.remind_days``: "due soon") or past ("overdue"), each agency with actions
still lacking a submitted or accepted report gets one e-mail per reporter and kind,
in Thai and English, listing those actions and the link to report. A :class:`Reminder`
row records each e-mail, so a reporter is reminded once per period and kind.

E-mail goes through Django's e-mail framework (``CLIMATEPLAN_EMAIL_*`` settings; the
console backend by default); links start with ``settings.SITE_URL``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse

from climateplan.monitoring.periods import period_label
from climateplan.monitoring.web.access import action_agencies, agency_index, monitored_actions
from climateplan.monitoring.web.models import (
    Agency,
    Monitoring,
    ProgressReport,
    Reminder,
    ReportingPeriod,
    ReportState,
)
from climateplan.plans.period import ENGLISH_MONTHS, THAI_MONTHS
from climateplan.plans.web.models import PLAN_LOCKED_STATES, Plan

DONE_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
DEFAULT_REMIND_DAYS = 14


def is_overdue(period: ReportingPeriod, state: str, today: dt.date) -> bool:
    """Whether an action's report of the period is late: the period has opened, its due
    date has passed and the report is neither submitted nor accepted."""
    return (
        period.state != ReportingPeriod.State.PLANNED
        and period.due < today
        and state not in DONE_STATES
    )


def _pending(plan: Plan, period: ReportingPeriod):
    """The plan's monitored actions without a submitted or accepted report in the period."""
    done = ProgressReport.objects.filter(period=period, state__in=DONE_STATES).values("action_id")
    return (
        monitored_actions(plan)
        .exclude(pk__in=done)
        .select_related("section")
        .order_by("section__kind", "position", "pk")
    )


def overdue(plan: Plan, today: dt.date) -> list[tuple[ReportingPeriod, object, Agency | None]]:
    """(period, action, owner agency) of every report past due in the plan's open periods."""
    index = agency_index()
    agencies = {a.code: a for a in Agency.objects.all()}
    out = []
    late = ReportingPeriod.objects.filter(
        plan=plan, state=ReportingPeriod.State.OPEN, due__lt=today
    ).order_by("starts")
    for period in late:
        for action in _pending(plan, period):
            owner, _ = action_agencies(action, index)
            out.append((period, action, agencies.get(owner)))
    return out


def _date(day: dt.date, lang: str) -> str:
    if lang == "th":
        return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + 543}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def _message(period: ReportingPeriod, plan: Plan, agency: Agency, kind: str, actions, link: str):
    th_period = period_label(period.fiscal_year, period.number, period.starts, period.ends, "th")
    en_period = period_label(period.fiscal_year, period.number, period.starts, period.ends, "en")
    due_th, due_en = _date(period.due, "th"), _date(period.due, "en")
    if kind == Reminder.Kind.OVERDUE:
        subject = f"เลยกำหนดส่งรายงานความก้าวหน้า {th_period} / Progress report overdue: {en_period}"
        head_th = f"รายงานความก้าวหน้า{th_period} เลยกำหนดส่งแล้ว (กำหนดส่ง {due_th})"
        head_en = f"The progress reports of {en_period} are overdue (due {due_en})."
    else:
        subject = (
            f"ใกล้ครบกำหนดส่งรายงานความก้าวหน้า {th_period} / Progress report due soon: {en_period}"
        )
        head_th = f"รายงานความก้าวหน้า{th_period} ครบกำหนดส่งวันที่ {due_th}"
        head_en = f"The progress reports of {en_period} are due on {due_en}."
    lines_th = "\n".join(f"- {a.code} {a.name_th}" for a in actions)
    lines_en = "\n".join(f"- {a.code} {a.name_en or a.name_th}" for a in actions)
    body = (
        f"เรียน ผู้รายงานผลของ{agency.name_th}\n\n"
        f"{head_th}\n"
        f"แผน: {plan.title_th}\n"
        f"มาตรการที่ยังไม่ได้ส่งรายงาน:\n{lines_th}\n\n"
        f"รายงานได้ที่: {link}\n\n"
        "----\n\n"
        f"To the reporters of {agency.name_en or agency.name_th}\n\n"
        f"{head_en}\n"
        f"Plan: {plan.title_en or plan.title_th}\n"
        f"Actions still to report:\n{lines_en}\n\n"
        f"Report at: {link}\n"
    )
    return subject, body


def _reporters(province: str, agency: str) -> list:
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__role="agency_reporter",
            profile__province=province,
            profile__agency=agency,
        )
        .exclude(email="")
    )
    return list(users.order_by("pk"))


def send_reminders(today: dt.date) -> int:
    """Send the reminders due on ``today``; returns the number of e-mails sent."""
    sent = 0
    index = agency_index()
    agencies = {a.code: a for a in Agency.objects.filter(active=True)}
    periods = (
        ReportingPeriod.objects.filter(
            state=ReportingPeriod.State.OPEN, plan__state__in=PLAN_LOCKED_STATES
        )
        .select_related("plan")
        .order_by("plan_id", "starts")
    )
    remind_days = dict(Monitoring.objects.values_list("plan_id", "remind_days"))
    for period in periods:
        plan = period.plan
        if not plan.is_latest:
            continue
        if period.due < today:
            kind = Reminder.Kind.OVERDUE
        elif period.due - dt.timedelta(days=remind_days.get(plan.pk, DEFAULT_REMIND_DAYS)) <= today:
            kind = Reminder.Kind.DUE_SOON
        else:
            continue
        by_agency: dict[str, list] = defaultdict(list)
        for action in _pending(plan, period):
            owner, co = action_agencies(action, index)
            for code in dict.fromkeys([owner, *co]):
                if code:
                    by_agency[code].append(action)
        link = settings.SITE_URL + reverse("monitoring:period", args=[plan.pk, period.pk])
        for code, actions in by_agency.items():
            agency = agencies.get(code)
            if agency is None or (agency.province and agency.province != plan.province):
                continue
            for user in _reporters(plan.province, code):
                if Reminder.objects.filter(
                    period=period, agency=agency, kind=kind, recipient=user.email
                ).exists():
                    continue
                subject, body = _message(period, plan, agency, kind, actions, link)
                EmailMessage(subject, body, to=[user.email]).send()
                Reminder.objects.create(
                    period=period,
                    agency=agency,
                    kind=kind,
                    recipient=user.email,
                    actions=[a.code for a in actions],
                )
                sent += 1
    return sent


__all__ = ["is_overdue", "overdue", "send_reminders"]
