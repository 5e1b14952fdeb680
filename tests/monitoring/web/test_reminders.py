"""Reminders to agency reporters (locmem mail backend) and the overdue list.

The plan's fiscal year 2568 BE first half (1 Oct 2024 - 31 Mar 2025) is open and due
30 days after it ends: 31 Mar 2025 + 30 days = 30 Apr 2025. Reporters are reminded
from remind_days (14) before: 30 Apr - 14 days = 16 Apr 2025.

Actions and agencies (conftest): M01 PEO (with PEA), M02 PEA (with PEO), M03 PLTO
(with PAEO), CM-A01 LDD (with DOAE), CM-A02 PHO (with TMD). Reporters with an e-mail
in Chiang Mai: PEO, PEA, PHO; Lampang's PAEO reporter is of another province.

``mailoutbox`` comes after the database fixtures: setting up the database starts a
fresh outbox.
"""

from __future__ import annotations

import datetime as dt

import pytest

from climateplan.monitoring.web import services_reports
from climateplan.monitoring.web.access import monitoring_access_for
from climateplan.monitoring.web.models import ProgressReport, Reminder, ReportingPeriod
from climateplan.monitoring.web.reminders import overdue, send_reminders
from climateplan.monitoring.web.services import monitoring_of
from climateplan.plans.web.models import Action

DUE = dt.date(2025, 4, 30)


@pytest.fixture
def period(users, monitored_plan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://climateplan.example"
    for name in ("reporter", "reporter_pea", "reporter_pho", "other_reporter"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    access = monitoring_access_for(users["editor"])
    services_reports.generate_periods(
        access,
        monitored_plan,
        expected_revision=monitoring_of(monitored_plan).revision,
        months=6,
        due_days=30,
    )
    row = ReportingPeriod.objects.get(plan=monitored_plan, starts=dt.date(2024, 10, 1))
    services_reports.set_period_state(
        access,
        monitored_plan,
        row.pk,
        "open",
        expected_revision=monitoring_of(monitored_plan).revision,
    )
    row.refresh_from_db()
    assert row.due == DUE
    return row


def submit(plan, period, code: str, state: str = "submitted") -> None:
    action = Action.objects.get(section__plan=plan, code=code)
    ProgressReport.objects.create(action=action, period=period, status="on_track", state=state)


def test_nothing_before_the_reminder_window(monitored_plan, period, mailoutbox):
    # 15 Apr 2025 is 15 days before the due date: outside the 14-day window
    assert send_reminders(dt.date(2025, 4, 15)) == 0
    assert mailoutbox == []


def test_due_soon_then_overdue_once_each(monitored_plan, period, mailoutbox):
    submit(monitored_plan, period, "M01")  # PEO's own measure is in
    # 16 Apr 2025 = 30 Apr - 14 days: due soon. Pending: M02 (PEA, PEO), M03, CM-A01,
    # CM-A02 (PHO). Reporters: PEO (M02), PEA (M02), PHO (CM-A02) -> 3 e-mails
    assert send_reminders(dt.date(2025, 4, 16)) == 3
    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {
        "reporter@example.org",
        "reporter_pea@example.org",
        "reporter_pho@example.org",
    }
    peo = by_to["reporter@example.org"]
    assert "ใกล้ครบกำหนดส่ง" in peo.subject and "due soon" in peo.subject
    assert "- M02 " in peo.body and "- M01 " not in peo.body
    assert "30 เม.ย. 2568" in peo.body and "30 Apr 2025" in peo.body
    assert "ปีงบประมาณ 2568 ครึ่งปีแรก" in peo.body and "FY2025 first half" in peo.body
    link = f"https://climateplan.example/plans/{monitored_plan.pk}/monitoring/reports/{period.pk}/"
    assert link in peo.body
    assert "- CM-A02 " in by_to["reporter_pho@example.org"].body
    # the same day again, or the next: once per kind
    assert send_reminders(dt.date(2025, 4, 16)) == 0
    assert send_reminders(dt.date(2025, 4, 20)) == 0
    # the day after the due date: overdue, once each
    assert send_reminders(dt.date(2025, 5, 1)) == 3
    assert all("Progress report overdue" in m.subject for m in mailoutbox[3:])
    assert send_reminders(dt.date(2025, 5, 2)) == 0
    assert Reminder.objects.filter(kind="overdue").count() == 3
    row = Reminder.objects.get(kind="due_soon", recipient="reporter@example.org")
    assert row.agency.code == "PEO" and row.actions == ["M02"]


def test_no_reminder_when_every_report_is_in_or_the_period_closed(
    users, monitored_plan, period, mailoutbox
):
    for code in ("M02", "CM-A02"):
        submit(monitored_plan, period, code, state="accepted" if code == "M02" else "submitted")
    submit(monitored_plan, period, "M01", state="draft")  # a draft is not in
    # pending: M01 (PEO, with PEA), M03 (PLTO), CM-A01 (LDD): PEO and PEA are reminded
    assert send_reminders(dt.date(2025, 5, 1)) == 2
    assert {m.to[0] for m in mailoutbox} == {"reporter@example.org", "reporter_pea@example.org"}
    ReportingPeriod.objects.filter(pk=period.pk).update(state="closed")
    Reminder.objects.all().delete()
    assert send_reminders(dt.date(2025, 5, 2)) == 0


def test_reporters_without_e_mail_or_inactive_get_nothing(
    users, monitored_plan, period, mailoutbox
):
    users["reporter"].email = ""
    users["reporter"].save()
    users["reporter_pea"].is_active = False
    users["reporter_pea"].save()
    assert send_reminders(dt.date(2025, 5, 1)) == 1
    assert mailoutbox[0].to == ["reporter_pho@example.org"]


def test_overdue_list_for_the_dashboard(monitored_plan, period):
    submit(monitored_plan, period, "M01")
    assert overdue(monitored_plan, DUE) == []  # on the due date itself, nothing is late
    late = overdue(monitored_plan, DUE + dt.timedelta(days=1))
    assert [(p.pk, a.code, ag.code if ag else None) for p, a, ag in late] == [
        (period.pk, "CM-A01", "LDD"),
        (period.pk, "CM-A02", "PHO"),
        (period.pk, "M02", "PEA"),
        (period.pk, "M03", "PLTO"),
    ]
