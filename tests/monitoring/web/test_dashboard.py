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
