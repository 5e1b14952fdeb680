"""The monitoring dashboard: achieved reductions of accepted reports, figures, scoping."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def add_period(plan, fiscal_year: int, number: int, *, state="closed"):
    """A half-year period of a Thai fiscal year (1 Oct - 31 Mar, 1 Apr - 30 Sep)."""
    from climateplan.monitoring.web.models import ReportingPeriod

    if number == 1:
        starts, ends = dt.date(fiscal_year - 1, 10, 1), dt.date(fiscal_year, 3, 31)
    else:
        starts, ends = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year, 9, 30)
    return ReportingPeriod.objects.create(
        plan=plan,
        fiscal_year=fiscal_year,
        number=number,
        starts=starts,
        ends=ends,
        due=ends + dt.timedelta(days=30),
        state=state,
    )


def add_report(plan, code, period, *, state="accepted", status="on_track", kpi=None, **fields):
    from climateplan.monitoring.web.models import ProgressReport
    from climateplan.plans.web.models import Action

    action = Action.objects.get(section__plan=plan, code=code)
    values = [] if kpi is None else [{"key": "kpi", "value": kpi, "unit": action.kpi.get("unit")}]
    return ProgressReport.objects.create(
        action=action, period=period, state=state, status=status, kpi_values=values, **fields
    )


def test_refresh_achieved_sets_the_engine_figure_of_accepted_reports(monitored_plan):
    from climateplan.monitoring.web.achieved import refresh_achieved
    from climateplan.plans.web.models import Section

    plan = monitored_plan
    document = Section.objects.get(plan=plan, kind="reduction").result
    assert document is not None
    period = add_period(plan, 2025, 1)
    accepted = add_report(plan, "M01", period, kpi=4_000)
    draft = add_report(plan, "M02", period, state="submitted", kpi=2_500)
    assert refresh_achieved(plan) == 1
    accepted.refresh_from_db()
    draft.refresh_from_db()
    assert draft.achieved_t is None  # only accepted reports count
    # The library's efficient air conditioners: intensity, effect 20 %, uptake 30 %,
    # start 2025, ramp 8 years, applied first on the electricity lines (order 30 < the
    # rooftop solar's 50), so in the plan its 2025 reduction is
    #   planned = E(2025) x 0.20 x 0.30 x (2025 - 2025 + 1) / 8
    # and reached in full at the KPI share f = (4000 - 0) / (10000 - 0) = 0.4:
    #   achieved = E(2025) x 0.20 x 0.30 x 0.4 = planned x 0.4 x 8 = planned x 3.2
    # (E: the electricity lines' BAU emissions, docs/mitigation.md "Uptake in year t").
    wedges = {w["measure"]: w for w in document["wedges"]}
    planned_2025 = wedges["M01"]["values"][document["years"].index(2025)]
    assert planned_2025 > 0
    assert accepted.achieved_t == pytest.approx(planned_2025 * 3.2, rel=1e-9)
    assert refresh_achieved(plan) == 0  # nothing changed


def url(plan):
    from django.urls import reverse

    return reverse("monitoring:dashboard", args=[plan.pk])


def english(client):
    from django.urls import reverse

    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})


@pytest.fixture
def reported_plan(monitored_plan):
    """Two closed periods of fiscal year 2025 (BE 2568) with accepted reports, and a
    period of fiscal year 2026 that is open, due long ago, with no report of M03."""
    from climateplan.monitoring.web.achieved import refresh_achieved
    from climateplan.monitoring.web.models import Funding

    plan = monitored_plan
    first = add_period(plan, 2025, 1)
    second = add_period(plan, 2025, 2)
    add_report(plan, "M01", first, kpi=2_000, percent=20, disbursed=100_000)
    add_report(plan, "M01", second, kpi=4_000, percent=40, disbursed=150_000)
    add_report(plan, "M02", first, status="delayed", kpi=500, percent=10, disbursed=50_000)
    add_report(plan, "M03", first, status="completed", kpi=2_000, percent=100)
    add_report(plan, "CM-A01", first, percent=30)
    add_report(plan, "CM-A02", first, status="not_started")
    from climateplan.plans.web.models import Action

    Funding.objects.create(
        action=Action.objects.get(section__plan=plan, code="M01"),
        fiscal_year=2025,
        amount=400_000,
        source="provincial",
    )
    refresh_achieved(plan)
    return plan


def test_dashboard_shows_the_figures_in_thai(client, users, reported_plan):
    client.force_login(users["viewer"])
    response = client.get(url(reported_plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ภาพรวมการติดตามผล" in html
    assert "1/2568" in html and "2/2568" in html  # periods by BE fiscal year
    assert "dashboard-chart-data" in html
    headline = response.context["headline"]
    # five actions; accepted: M01 (twice), M02, M03, CM-A01, CM-A02: all five reported
    assert (headline.actions, headline.reported) == (5, 5)
    # disbursed, accepted reports: 100,000 + 150,000 + 50,000 = 300,000
    assert headline.disbursed_thb == 300_000
    assert headline.funded_thb == 400_000
    # period 2/2568: M03 completed in 1/2568 owes nothing, so four are expected and
    # only M01 reported: M02, CM-A01, CM-A02 are overdue (the period was due long ago)
    assert headline.overdue == 3
    assert headline.completeness_pct == pytest.approx(25.0)  # 1 of 4
    assert headline.achieved_t is not None and headline.achieved_t > 0


def test_dashboard_in_english_uses_common_era(client, users, reported_plan):
    client.force_login(users["editor"])
    english(client)
    html = client.get(url(reported_plan)).content.decode()
    assert "1/FY2025" in html and "2568" not in html.split("dashboard-intro")[1]
    assert "Overdue reports" in html


def test_dashboard_scoping(client, users, reported_plan):
    for name in ("other_editor", "other_viewer", "other_reporter", "no_role"):
        client.force_login(users[name])
        assert client.get(url(reported_plan)).status_code == 404, name
    client.logout()
    assert client.get(url(reported_plan)).status_code in (302, 404)
    for name in ("admin", "reviewer", "editor", "approver", "viewer", "reporter"):
        client.force_login(users[name])
        assert client.get(url(reported_plan)).status_code == 200, name


def test_an_agency_reporter_sees_their_actions_only(client, users, reported_plan):
    client.force_login(users["reporter_pho"])  # PHO owns CM-A02 only
    response = client.get(url(reported_plan))
    codes = [r["code"] for r in response.context["action_rows"]]
    assert codes == ["CM-A02"]
    assert response.context["headline"].disbursed_thb == 0


def test_a_new_accepted_report_shows_at_once(client, users, reported_plan):
    from climateplan.monitoring.web.models import ProgressReport

    client.force_login(users["editor"])
    before = client.get(url(reported_plan)).context["headline"]
    assert before.overdue == 3
    report = ProgressReport.objects.get(action__code="M02", period__number=1)
    second = report.period.plan.reporting_periods.get(number=2)
    ProgressReport.objects.create(
        action=report.action, period=second, state="accepted", status="on_track", disbursed=5
    )
    after = client.get(url(reported_plan)).context["headline"]
    assert after.overdue == 2
    assert after.disbursed_thb == 300_005


def test_filters(client, users, reported_plan):
    from climateplan.monitoring.web.models import ReportingPeriod

    client.force_login(users["editor"])
    first = ReportingPeriod.objects.get(plan=reported_plan, number=1)
    response = client.get(url(reported_plan), {"period": first.pk})
    # as of 1/2568: M01 disbursed 100,000 + M02 50,000
    assert response.context["headline"].disbursed_thb == 150_000
    response = client.get(url(reported_plan), {"agency": "PEA"})
    assert [r["code"] for r in response.context["action_rows"]] == ["M02"]
    response = client.get(url(reported_plan), {"sector": "gpc:II"})
    assert [r["code"] for r in response.context["action_rows"]] == ["M03"]
    response = client.get(url(reported_plan), {"period": "x", "agency": "<script>"})
    assert response.status_code == 200
    assert response.context["headline"].actions == 5


def test_the_page_kept_in_the_cache_is_the_same_and_a_bad_filter_still_warns(
    client, users, reported_plan
):
    client.force_login(users["editor"])
    first = client.get(url(reported_plan)).content.decode()
    again = client.get(url(reported_plan))
    assert "headline" not in (again.context or {})  # the body came from the cache
    assert again.content.decode().count("md-headline") == first.count("md-headline") == 1
    for _ in range(2):  # computed, then from the cache: the warning each time
        response = client.get(url(reported_plan), {"agency": "nobody"})
        assert "ตัวกรองไม่ตรงกับตัวเลือก" in response.content.decode()
