"""The monitoring demo: Bangkok's master plan followed into action, built through the
services, every text marked fictional, loaded once.

The demo inventories are computed first and Bangkok's demo plan built (as
``climateplan serve --demo`` does); one load serves every check.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from climateplan.monitoring.web.models import (
    ActionLink,
    Agency,
    DevelopmentItem,
    DevelopmentPlan,
    Funding,
    Meeting,
    MeetingDecision,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.plans.web.models import Action, PlanState
from climateplan.reference.agencies import bma_departments

DEMO_TH = "(ข้อมูลสาธิต)"


@pytest.fixture
def loaded(db):
    from climateplan.inventory.web.demo import create_accounts, load_demo
    from climateplan.monitoring.web import demo as monitoring_demo
    from climateplan.plans.web import demo as plan_demo

    create_accounts()
    load_demo()
    plan = plan_demo.build_plan(plan_demo.BANGKOK)
    accounts = monitoring_demo.load_monitoring_demo()
    plan.refresh_from_db()
    return plan, accounts


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            WorkingGroupMember,
            DevelopmentPlan,
            DevelopmentItem,
            ActionLink,
            Funding,
            ReportingPeriod,
            ProgressReport,
            ReportEvent,
            Meeting,
            MeetingDecision,
            get_user_model(),
        )
    )


def test_the_monitoring_demo(loaded, client):
    from climateplan.monitoring.web import demo

    plan, accounts = loaded
    assert plan.state == PlanState.PUBLISHED and plan.province == "TH-10"
    _reporter_accounts_with_passwords(accounts)
    _the_working_group_of_eleven_departments(plan)
    _development_plan_links_and_funding(plan)
    _two_reported_periods_and_one_open(plan)
    _the_meeting(plan)
    _every_text_marked_fictional(plan)
    before = _counts()
    assert demo.build_monitoring() is None  # loading twice changes nothing
    assert _counts() == before
    _pages_show_it(plan, client)


def _reporter_accounts_with_passwords(accounts):
    assert [a.username for a in accounts] == list(
        ("bma-env-reporter", "bma-dds-reporter", "bma-hd-reporter", "bma-msd-reporter")
    )
    for account in accounts:
        user = get_user_model().objects.get(username=account.username)
        assert user.check_password(account.password)
        assert user.profile.role == "agency_reporter" and user.profile.province == "TH-10"
        assert user.email.endswith("@example.org")  # never delivered


def _the_working_group_of_eleven_departments(plan):
    members = list(plan.working_group.select_related("agency").order_by("position"))
    assert [m.agency.code for m in members] == list(bma_departments()["code"])
    assert len(members) == 11
    roles = {m.agency.code: m.role for m in members}
    assert roles["BMA_ENV"] == "chair"
    assert roles["BMA_SED"] == "secretary"
    assert sum(r == "member" for r in roles.values()) == 9
    assert all(m.contact_email and DEMO_TH in m.contact_name for m in members)


def _development_plan_links_and_funding(plan):
    devplan = plan.monitoring.development_plan
    assert devplan is not None and devplan.province == "TH-10"
    assert DEMO_TH in devplan.title_th and "fictional" in devplan.title_en
    levels = list(devplan.items.values_list("level", flat=True))
    assert levels.count("issue") == 2
    assert levels.count("strategy") == 5
    assert levels.count("programme") == 6
    assert levels.count("project") == 10
    actions = Action.objects.filter(section__plan=plan)
    links = ActionLink.objects.filter(action__in=actions).select_related("strategy", "project")
    assert links.count() == actions.count() == 12
    for link in links:
        assert link.strategy.level == "strategy"
        assert link.project is None or link.project.parent.parent == link.strategy
    # unlinked to a project: the hospital and tourism actions (no project of their own)
    assert sorted(links.filter(project=None).values_list("action__code", flat=True)) == [
        "BKK-A05",
        "BKK-A07",
    ]
    # funding by hand: M02 15 M + 15 M, M03 8 M, M04 12 M, M05 10 M + 10 M, A01 30 M,
    # A02 45 M + 40 M, A03 25 M, A04 0.6 M, A05 18 M, A06 3 M + 1.5 M = 233.1 M THB
    funded = sum(Funding.objects.filter(action__in=actions).values_list("amount", flat=True))
    assert funded == pytest.approx(233_100_000)
    unfunded = actions.exclude(fundings__isnull=False).values_list("code", flat=True)
    assert sorted(unfunded) == ["BKK-A07", "M01"]


def _two_reported_periods_and_one_open(plan):
    periods = {(p.fiscal_year, p.number): p for p in plan.reporting_periods.all()}
    # the plan's fiscal years 2021-2030 in halves
    assert len(periods) == 20
    fy2568 = [periods[(2025, 1)], periods[(2025, 2)]]
    open_period = periods[(2026, 1)]
    assert [p.state for p in fy2568] == ["closed", "closed"]
    assert open_period.state == "open"
    assert periods[(2026, 2)].state == "planned"
    for period in fy2568:
        reports = ProgressReport.objects.filter(period=period)
        assert reports.count() == 12
        assert set(reports.values_list("state", flat=True)) == {"accepted"}
        # sent a week before the due date, so on time
        assert all(r.submitted_at.date() < period.due for r in reports)
    delayed = ProgressReport.objects.get(period=fy2568[1], status="delayed")
    assert delayed.action.code == "BKK-A05" and "ประกวดราคา" in delayed.reason
    assert delayed.submitted_by.username == "bma-msd-reporter"
    assert delayed.agency.code == "BMA_MSD"
    # reduction measures got their estimated achieved reduction when accepted
    accepted_measure = ProgressReport.objects.get(period=fy2568[1], action__code="M02")
    assert accepted_measure.achieved_t is not None and accepted_measure.achieved_t > 0
    states = dict(
        ProgressReport.objects.filter(period=open_period).values_list("action__code", "state")
    )
    assert states == {
        "M02": "submitted",
        "M05": "submitted",
        "BKK-A02": "submitted",
        "BKK-A04": "submitted",
        "BKK-A06": "submitted",
        "BKK-A05": "returned",
        "BKK-A01": "draft",
    }
    returned = ProgressReport.objects.get(period=open_period, action__code="BKK-A05")
    assert "procurement plan" in returned.review_comment
    assert returned.events.filter(kind="return").exists()
    # missing (the overdue list names them): M01, M03, M04, BKK-A03, BKK-A07
    missing = (
        Action.objects.filter(section__plan=plan)
        .exclude(progress_reports__period=open_period)
        .values_list("code", flat=True)
    )
    assert sorted(missing) == ["BKK-A03", "BKK-A07", "M01", "M03", "M04"]


def _the_meeting(plan):
    meeting = Meeting.objects.get(plan=plan)
    assert meeting.number == "1/2568" and meeting.mode == "hybrid"
    assert meeting.period.fiscal_year == 2025 and meeting.period.number == 1
    attended = set(meeting.attendees.values_list("agency__code", flat=True))
    assert len(attended) == 9 and {"BMA_CST", "BMA_SDD"}.isdisjoint(attended)
    decisions = list(meeting.decisions.all())
    assert len(decisions) == 3
    assert [list(d.actions.values_list("code", flat=True)) for d in decisions] == [
        [],
        ["BKK-A05"],
        ["M01"],
    ]
    assert meeting.minutes and meeting.agenda


def _every_text_marked_fictional(plan):
    meeting = Meeting.objects.get(plan=plan)
    for text in (meeting.location, meeting.agenda, meeting.minutes, meeting.other_attendees):
        assert DEMO_TH in text
    assert all(DEMO_TH in d.text for d in meeting.decisions.all())
    for report in ProgressReport.objects.filter(period__plan=plan):
        assert DEMO_TH in report.comment, report
        assert not report.reason or DEMO_TH in report.reason
    for link in ActionLink.objects.filter(action__section__plan=plan):
        assert DEMO_TH in link.location
    for issue in DevelopmentItem.objects.filter(level="issue"):
        assert DEMO_TH in issue.name_th and "fictional" in issue.name_en
    assert all("ข้อมูลสาธิต" in f.reference for f in Funding.objects.all())


def _pages_show_it(plan, client):
    editor = get_user_model().objects.get(username="bma-editor")
    client.force_login(editor)
    group = client.get(reverse("monitoring:group", args=[plan.pk]))
    assert group.status_code == 200
    assert reverse("plans:help", args=["monitoring"]) in group.content.decode()
    assert client.get(reverse("plans:help", args=["monitoring"])).status_code == 200
    assert client.get(reverse("monitoring:periods", args=[plan.pk])).status_code == 200
    reporter = get_user_model().objects.get(username="bma-msd-reporter")
    assert Agency.objects.get(code="BMA_MSD").province in ("", "TH-10")
    client.force_login(reporter)
    assert client.get(reverse("monitoring:periods", args=[plan.pk])).status_code == 200
