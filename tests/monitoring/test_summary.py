"""The dashboard figures, worked by hand from a few records.

Plan with four actions: A1 (reduction, PEO, ends 2027), A2 (reduction, PEA, ends 2024),
A3 (adaptation, PHO, ends 2027), A4 (adaptation, PEO, ends 2027). Periods of Thai fiscal
years (1 Oct - 30 Sep, named by the CE year they end in): P1 = FY2025 first half (due
30 Apr 2025, closed), P2 = FY2025 second half (due 30 Oct 2025, closed), P3 = FY2026 first
half (due 30 Apr 2026, open), P4 = FY2026 second half (planned). Today: 15 May 2026
(fiscal year 2026).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from climateplan.monitoring import summary

TODAY = dt.date(2026, 5, 15)


def kpi(key, value):
    return [{"key": key, "value": value}]


def records() -> summary.Records:
    return summary.Records.of(
        actions=[
            {"id": 1, "code": "A1", "section": "reduction", "agency": "PEO", "end_year": 2027},
            {"id": 2, "code": "A2", "section": "reduction", "agency": "PEA", "end_year": 2024},
            {"id": 3, "code": "A3", "section": "adaptation", "agency": "PHO", "end_year": 2027},
            {"id": 4, "code": "A4", "section": "adaptation", "agency": "PEO", "end_year": 2027},
        ],
        periods=[
            {
                "id": 11,
                "fiscal_year": 2025,
                "number": 1,
                "starts": "2024-10-01",
                "ends": "2025-03-31",
                "due": "2025-04-30",
                "state": "closed",
            },
            {
                "id": 12,
                "fiscal_year": 2025,
                "number": 2,
                "starts": "2025-04-01",
                "ends": "2025-09-30",
                "due": "2025-10-30",
                "state": "closed",
            },
            {
                "id": 13,
                "fiscal_year": 2026,
                "number": 1,
                "starts": "2025-10-01",
                "ends": "2026-03-31",
                "due": "2026-04-30",
                "state": "open",
            },
            {
                "id": 14,
                "fiscal_year": 2026,
                "number": 2,
                "starts": "2026-04-01",
                "ends": "2026-09-30",
                "due": "2026-10-30",
                "state": "planned",
            },
        ],
        reports=[
            {
                "id": 101,
                "action_id": 1,
                "period_id": 11,
                "state": "accepted",
                "status": "on_track",
                "percent": 20,
                "disbursed": 100_000,
                "kpi_values": kpi("kpi", 2_000),
                "achieved_t": 16.0,
            },
            {
                "id": 102,
                "action_id": 1,
                "period_id": 12,
                "state": "accepted",
                "status": "on_track",
                "percent": 40,
                "disbursed": 150_000,
                "kpi_values": kpi("kpi", 4_000),
                "achieved_t": 32.0,
            },
            {
                "id": 103,
                "action_id": 1,
                "period_id": 13,
                "state": "submitted",
                "status": "on_track",
                "percent": 60,
                "disbursed": 90_000,
                "kpi_values": kpi("kpi", 6_000),
            },
            {
                "id": 201,
                "action_id": 2,
                "period_id": 11,
                "state": "accepted",
                "status": "delayed",
                "percent": 10,
                "disbursed": 50_000,
                "kpi_values": kpi("kpi", 500),
                "achieved_t": 5.0,
            },
            {
                "id": 202,
                "action_id": 2,
                "period_id": 12,
                "state": "returned",
                "status": "delayed",
                "percent": 15,
                "disbursed": 10_000,
            },
            {
                "id": 301,
                "action_id": 3,
                "period_id": 11,
                "state": "accepted",
                "status": "on_track",
                "percent": 50,
                "disbursed": 20_000,
                "kpi_values": kpi("indicator:0", 30),
            },
            {
                "id": 302,
                "action_id": 3,
                "period_id": 12,
                "state": "accepted",
                "status": "completed",
                "percent": 100,
                "disbursed": 0,
                "kpi_values": kpi("indicator:0", 60),
            },
            {
                "id": 401,
                "action_id": 4,
                "period_id": 11,
                "state": "accepted",
                "status": "cancelled",
                "percent": 0,
                "disbursed": 0,
            },
        ],
        indicators=[
            {"action_id": 1, "key": "kpi", "baseline": 0, "target": 10_000},
            {"action_id": 2, "key": "kpi", "baseline": 0, "target": 5_000},
            {"action_id": 3, "key": "indicator:0", "baseline": 0, "target": 50},
        ],
        budget=[
            {"action_id": 1, "fiscal_year": 2025, "amount": 1_000_000, "source": "provincial"},
            {"action_id": 1, "fiscal_year": 2026, "amount": 500_000, "source": "provincial"},
            {"action_id": 3, "fiscal_year": 2025, "amount": 200_000, "source": "local"},
        ],
        funding=[
            {"action_id": 1, "fiscal_year": 2025, "amount": 800_000, "source": "provincial"},
            {"action_id": 3, "fiscal_year": 2025, "amount": 100_000, "source": "environment_fund"},
        ],
        sectors=[
            {"action_id": 1, "sector": "I"},
            {"action_id": 2, "sector": "I"},
            {"action_id": 3, "sector": "public_health"},
            {"action_id": 4, "sector": "water"},
            {"action_id": 4, "sector": "agriculture"},
        ],
    )


DOCUMENT = {
    "years": [2022, 2023, 2024, 2025, 2026, 2027],
    "base_year": 2022,
    "basis": "basic_plus",
    "totals": {
        "basic_plus": {
            "bau": [1000, 1010, 1020, 1030, 1040, 1050],
            "plan": [1000, 1010, 1010, 1000, 990, 980],
        }
    },
    "wedges": [
        {"measure": "A1", "values": [0, 0, 0, 10, 20, 30]},
        {"measure": "A2", "values": [0, 0, 5, 10, 10, 10]},
    ],
    "targets": [{"name": "province", "path": [1000, 990, 980, 970, 960, 950]}],
}


def test_fiscal_year():
    assert summary.fiscal_year_of(dt.date(2025, 9, 30)) == 2025
    assert summary.fiscal_year_of(dt.date(2025, 10, 1)) == 2026  # FY2569 BE starts


def test_status_and_timeliness():
    table = summary.action_table(records(), TODAY).set_index("code")
    # latest accepted report: A1 P2 on track (P3 only submitted), A2 P1 delayed (P2
    # returned), A3 P2 completed, A4 P1 cancelled
    assert table["status"].to_dict() == {
        "A1": "on_track",
        "A2": "delayed",
        "A3": "completed",
        "A4": "cancelled",
    }
    assert table.loc["A1", "percent"] == 40
    # disbursed to date, accepted reports only: A1 100,000 + 150,000
    assert table.loc["A1", "disbursed"] == 250_000
    # overdue: A2's P2 (returned) and P3 (missing), both due before 15 May 2026; A1's P3
    # was submitted; A3 completed in P2 and A4 cancelled in P1 owe nothing after
    assert table["overdue"].to_dict() == {"A1": 0, "A2": 2, "A3": 0, "A4": 0}
    # A2: delayed, overdue, and its end year 2024 is before fiscal year 2026
    assert bool(table.loc["A2", "past_end"])
    assert table["timeliness"].to_dict() == {
        "A1": "on_time",
        "A2": "late",
        "A3": "on_time",
        "A4": "cancelled",
    }
    counts = summary.status_counts(table).set_index("status")["actions"]
    assert counts.to_dict() == {
        "not_started": 0,
        "on_track": 1,
        "delayed": 1,
        "completed": 1,
        "cancelled": 1,
        "not_reported": 0,
    }


def test_not_reported_and_past_end():
    base = records()
    base.reports = base.reports.iloc[0:0]
    table = summary.action_table(base, TODAY).set_index("code")
    assert set(table["status"]) == {"not_reported"}
    # nothing reported: P1, P2 and P3 overdue for all four
    assert table["overdue"].to_list() == [3, 3, 3, 3]


def test_overdue_list():
    late = summary.overdue(records(), TODAY)
    assert late[["action_id", "period_id", "state"]].values.tolist() == [
        [2, 12, "returned"],
        [2, 13, "missing"],
    ]
    # P2 due 30 Oct 2025 -> 15 May 2026: 1 + 30 + 31 + 31 + 28 + 31 + 30 + 15 = 197 days
    assert late["days_late"].to_list() == [197, 15]


def test_by_agency_and_sector():
    actions = summary.action_table(records(), TODAY)
    agencies = summary.by_group(actions, "agency").set_index("agency")
    # PEO: A1 on time, A4 cancelled -> 1 of 1 judged on time
    assert agencies.loc["PEO", "actions"] == 2
    assert agencies.loc["PEO", "on_time_pct"] == pytest.approx(100.0)
    assert agencies.loc["PEA", "late"] == 1
    assert agencies.loc["PEA", "on_time_pct"] == pytest.approx(0.0)
    # PEO mean percent: (40 + 0) / 2 = 20
    assert agencies.loc["PEO", "percent_mean"] == pytest.approx(20.0)
    sectors = summary.by_sector(records(), actions).set_index("sector")
    # sector I: A1 (on time) and A2 (late): 50 %; A4 counts in both of its sectors
    assert sectors.loc["I", "actions"] == 2
    assert sectors.loc["I", "on_time_pct"] == pytest.approx(50.0)
    assert sectors.loc["water", "cancelled"] == 1
    assert sectors.loc["agriculture", "cancelled"] == 1
    assert pd.isna(sectors.loc["water", "on_time_pct"])  # nothing to judge


def test_budget():
    budget = summary.budget_by_year(records()).set_index("fiscal_year")
    # FY2025: planned 1,000,000 + 200,000; funded 800,000 + 100,000; disbursed
    # (accepted) 100,000 + 150,000 + 50,000 + 20,000 = 320,000 (A2's returned 10,000
    # and A1's submitted 90,000 do not count)
    assert budget.loc[2025, "planned"] == 1_200_000
    assert budget.loc[2025, "funded"] == 900_000
    assert budget.loc[2025, "disbursed"] == 320_000
    assert budget.loc[2025, "funded_pct"] == pytest.approx(75.0)
    assert budget.loc[2025, "disbursed_pct"] == pytest.approx(320 / 1200 * 100)
    assert budget.loc[2026].to_dict() == pytest.approx(
        {"planned": 500_000, "funded": 0, "disbursed": 0, "funded_pct": 0, "disbursed_pct": 0}
    )
    sources = summary.budget_by_source(records()).set_index("source")
    assert sources.loc["provincial"].to_dict() == {"planned": 1_500_000, "funded": 800_000}
    assert sources.loc["environment_fund"].to_dict() == {"planned": 0, "funded": 100_000}


def test_kpi_progress():
    kpis = summary.kpi_progress(records()).set_index("action_id")
    # A1: latest accepted 4,000 of 0 -> 10,000 = 0.4 (the submitted 6,000 does not count)
    assert kpis.loc[1, "value"] == 4_000
    assert kpis.loc[1, "share"] == pytest.approx(0.4)
    assert kpis.loc[2, "share"] == pytest.approx(0.1)  # 500 / 5,000
    # A3: 60 of 0 -> 50 is beyond the target: clipped to 1
    assert kpis.loc[3, "value"] == 60
    assert kpis.loc[3, "share"] == pytest.approx(1.0)


def test_reductions_by_year():
    table = summary.reductions_by_year(records(), DOCUMENT).set_index("year")
    # FY2025: A1's latest accepted estimate 32 t (P2) + A2's 5 t (P1) = 37 t; planned
    # 2025 = 10 + 10 = 20 t -> 185 %
    assert table.loc[2025, "achieved"] == pytest.approx(37.0)
    assert table.loc[2025, "planned"] == pytest.approx(20.0)
    assert table.loc[2025, "achieved_pct"] == pytest.approx(185.0)
    assert list(table.index) == [2025]


def test_reductions_carry_a_measure_forward():
    base = summary.Records.of(
        actions=[{"id": 1}, {"id": 2}],
        periods=[
            {
                "id": 1,
                "fiscal_year": 2025,
                "number": 1,
                "starts": "2024-10-01",
                "ends": "2025-09-30",
                "due": "2025-10-30",
                "state": "closed",
            },
            {
                "id": 2,
                "fiscal_year": 2027,
                "number": 1,
                "starts": "2026-10-01",
                "ends": "2027-09-30",
                "due": "2027-10-30",
                "state": "closed",
            },
        ],
        reports=[
            {"id": 1, "action_id": 1, "period_id": 1, "state": "accepted", "achieved_t": 10},
            {"id": 2, "action_id": 2, "period_id": 2, "state": "accepted", "achieved_t": 5},
        ],
    )
    table = summary.reductions_by_year(base, DOCUMENT).set_index("year")
    # 2025: 10; 2026: measure 1 keeps its 10; 2027: 10 + 5 = 15
    assert table["achieved"].to_dict() == {2025: 10, 2026: 10, 2027: 15}
    assert table.loc[2027, "planned"] == pytest.approx(40.0)  # 30 + 10


def test_completeness():
    table = summary.completeness(records()).set_index("id")
    # P1: all four expected and accepted
    assert table.loc[11, ["expected", "received", "accepted"]].to_list() == [4, 4, 4]
    # P2: A1, A2 expected, A3 reported (completed in P2), A4 cancelled in P1: 3 expected;
    # received A1, A3 (A2 returned): 2 of 3
    assert table.loc[12, ["expected", "received", "accepted"]].to_list() == [3, 2, 2]
    assert table.loc[12, "received_pct"] == pytest.approx(200 / 3)
    # P3: A1 and A2 expected; A1 submitted: 1 of 2, none accepted
    assert table.loc[13, ["expected", "received", "accepted"]].to_list() == [2, 1, 0]
    assert 14 not in table.index  # a planned period is not counted


def test_ex_post():
    table = summary.ex_post(DOCUMENT, {2022: 999.0, 2024: 1005.0}).set_index("year")
    assert list(table.index) == [2024]  # the base year is not ex-post
    row = table.loc[2024]
    assert row["actual"] == 1005 and row["bau"] == 1020 and row["plan"] == 1010
    assert row["path:province"] == 980
    assert row["gap:province"] == pytest.approx(25.0)  # 1005 - 980: above the path
    assert row["below_bau"] == pytest.approx(15.0)  # 1020 - 1005


def test_dashboard_headline():
    board = summary.dashboard(records(), TODAY, DOCUMENT, {2024: 1005.0})
    h = board.headline
    assert (h.actions, h.reported, h.on_time, h.late, h.overdue) == (4, 4, 2, 1, 2)
    assert h.on_time_pct == pytest.approx(200 / 3)
    assert (h.planned_thb, h.funded_thb, h.disbursed_thb) == (1_700_000, 900_000, 320_000)
    assert (h.achieved_year, h.achieved_t, h.planned_t) == (2025, 37.0, 20.0)
    assert h.completeness_pct == pytest.approx(50.0)  # P3: 1 of 2


def test_empty_plan():
    board = summary.dashboard(summary.Records.of(), TODAY)
    assert board.headline.actions == 0
    assert board.headline.on_time_pct is None
    assert board.reductions.empty and board.ex_post.empty and board.kpis.empty


def test_by_plan_keeps_each_plan_to_its_own_periods():
    # plan 1 is the records above (actions 1-4, periods 11-14); plan 2 has one action
    # (5) and one closed period (21, due 30 Apr 2025) with no report.
    base = records()
    base.actions["plan_id"] = 1
    base.periods["plan_id"] = 1
    other = summary.Records.of(
        actions=[{"id": 5, "code": "B1", "end_year": 2027}],
        periods=[
            {
                "id": 21,
                "fiscal_year": 2025,
                "number": 1,
                "starts": "2024-10-01",
                "ends": "2025-03-31",
                "due": "2025-04-30",
                "state": "closed",
            },
        ],
    )
    other.actions["plan_id"] = 2
    other.periods["plan_id"] = 2
    both = summary.Records(
        actions=pd.concat([base.actions, other.actions], ignore_index=True),
        periods=pd.concat([base.periods, other.periods], ignore_index=True),
        reports=base.reports,
    )
    table = summary.by_plan(both, TODAY, {1: {2025: 20.0}}).set_index("plan_id")
    # plan 1 as in the tests above: 2 on time of 3 judged, 2 overdue, P3 1 of 2, 37 t
    # achieved in 2025 against 20 t planned
    assert table.loc[1, ["actions", "on_time", "late", "overdue"]].to_list() == [4, 2, 1, 2]
    assert table.loc[1, "on_time_pct"] == pytest.approx(200 / 3)
    assert table.loc[1, "received_pct"] == pytest.approx(50.0)
    assert table.loc[1, "achieved_t"] == pytest.approx(37.0)
    assert table.loc[1, "achieved_pct"] == pytest.approx(185.0)
    # plan 2: its one action owes the one period of its own plan only (not plan 1's)
    assert table.loc[2, ["actions", "on_time", "late", "overdue"]].to_list() == [1, 0, 1, 1]
    assert table.loc[2, "received_pct"] == pytest.approx(0.0)
    assert pd.isna(table.loc[2, "achieved_t"])
