"""The review's figures on a small plan worked by hand (the help guide "review").

The plan: 2023-2027 (CE), base year 2022, reviewed as of 30 September 2024 (the end of
fiscal year 2024, so the review year is 2024). Three reduction measures (M1, M2, M3) and
two adaptation actions (A1, A2); two reporting periods of FY2024, and a third (FY2025)
that starts after the review date and must not count.

The reduction result document (t CO2e, basis BASIC+):

    year   2022  2023  2024  2025  2026  2027
    BAU    1000  1020  1040  1060  1080  1100
    M1        0     5    20    40    60    80
    M2        0     5    10    20    30    40
    M3        0     0    10    10    10    10
    plan   1000  1010  1000   990   980   970   (= BAU - M1 - M2 - M3)
    path   1000  1000   980   960   940   920   (the target "ndc")

Inventories on the plan's basis: 2022 1 000 t, 2024 950 t.
"""

from __future__ import annotations

import datetime as dt

import pytest

from climateplan.monitoring.summary import Records
from climateplan.plans.review import CHAPTERS, ReviewInputs, chapter_keys, review_figures

DOCUMENT = {
    "years": [2022, 2023, 2024, 2025, 2026, 2027],
    "base_year": 2022,
    "basis": "basic_plus",
    "basis_label_en": "BASIC+",
    "basis_label_th": "BASIC+",
    "gwp": "AR5",
    "totals": {
        "basic_plus": {
            "bau": [1000, 1020, 1040, 1060, 1080, 1100],
            "plan": [1000, 1010, 1000, 990, 980, 970],
        }
    },
    "targets": [{"name": "ndc", "path": [1000, 1000, 980, 960, 940, 920]}],
    "wedges": [
        {"measure": "M1", "values": [0, 5, 20, 40, 60, 80]},
        {"measure": "M2", "values": [0, 5, 10, 20, 30, 40]},
        {"measure": "M3", "values": [0, 0, 10, 10, 10, 10]},
    ],
}

ACTIONS = [
    {"id": 1, "code": "M1", "section": "reduction", "agency": "PEO", "start_year": 2023,
     "end_year": 2027},
    {"id": 2, "code": "M2", "section": "reduction", "agency": "PEA", "start_year": 2023,
     "end_year": 2027},
    {"id": 3, "code": "M3", "section": "reduction", "agency": "PLTO", "start_year": 2023,
     "end_year": 2027},
    {"id": 4, "code": "A1", "section": "adaptation", "agency": "LDD", "start_year": 2023,
     "end_year": 2027},
    {"id": 5, "code": "A2", "section": "adaptation", "agency": "PHO", "start_year": 2023,
     "end_year": 2027},
]  # fmt: skip
PERIODS = [
    {"id": 10, "fiscal_year": 2024, "number": 1, "starts": "2023-10-01", "ends": "2024-03-31",
     "due": "2024-04-30", "state": "closed"},
    {"id": 11, "fiscal_year": 2024, "number": 2, "starts": "2024-04-01", "ends": "2024-09-30",
     "due": "2024-10-31", "state": "closed"},
    {"id": 12, "fiscal_year": 2025, "number": 1, "starts": "2024-10-01", "ends": "2025-03-31",
     "due": "2025-04-30", "state": "open"},
]  # fmt: skip


def report(rid, action, period, state, status, *, achieved=None, disbursed=0, reason="", kpi=()):
    return {
        "id": rid,
        "action_id": action,
        "period_id": period,
        "state": state,
        "status": status,
        "percent": 100 if status == "completed" else 50,
        "disbursed": disbursed,
        "kpi_values": list(kpi),
        "achieved_t": achieved,
        "reason": reason,
    }


REPORTS = [
    report(100, 1, 10, "accepted", "on_track", achieved=8, disbursed=100_000),
    report(101, 1, 11, "accepted", "on_track", achieved=15, disbursed=150_000),
    # after the review date: not counted
    report(102, 1, 12, "accepted", "on_track", achieved=30, disbursed=50_000),
    report(103, 2, 10, "accepted", "delayed", achieved=2, reason="รอลงนามสัญญา"),
    # submitted, not accepted: not counted
    report(104, 2, 11, "submitted", "on_track", achieved=9, disbursed=70_000),
    report(105, 3, 10, "accepted", "cancelled", reason="ไม่ได้รับจัดสรรงบประมาณ"),
    report(
        106, 4, 11, "accepted", "completed", disbursed=200_000,
        kpi=[{"key": "indicator:0", "value": 40}],
    ),
]  # fmt: skip
BUDGET = [
    {"action_id": 1, "fiscal_year": 2024, "amount": 500_000, "source": "provincial"},
    {"action_id": 2, "fiscal_year": 2024, "amount": 2_000_000, "source": "private"},
    {"action_id": 4, "fiscal_year": 2024, "amount": 300_000, "source": "environment_fund"},
    {"action_id": 4, "fiscal_year": 2024, "amount": 100_000, "source": "provincial"},
]
FUNDING = [
    {"action_id": 1, "fiscal_year": 2024, "amount": 400_000, "source": "provincial"},
    {"action_id": 4, "fiscal_year": 2024, "amount": 250_000, "source": "environment_fund"},
]
INDICATORS = [
    {"action_id": 4, "key": "indicator:0", "kind": "outcome", "baseline": 0, "target": 50},
    {"action_id": 5, "key": "indicator:0", "kind": "output", "baseline": 10, "target": 30},
]
SECTORS = [
    {"action_id": 1, "sector": "gpc:I", "en": "Stationary energy", "th": "พลังงานอยู่กับที่"},
    {"action_id": 2, "sector": "gpc:I", "en": "Stationary energy", "th": "พลังงานอยู่กับที่"},
    {"action_id": 3, "sector": "gpc:II", "en": "Transportation", "th": "การขนส่ง"},
]
RISK_BEFORE = [
    {"hazard": "drought", "hazard_en": "Drought", "hazard_th": "ภัยแล้ง", "risk_score": 4.1,
     "risk_level": 6, "matrix_level_en": "Medium", "matrix_level_th": "ปานกลาง"},
    {"hazard": "flood", "hazard_en": "Flood", "hazard_th": "อุทกภัย", "risk_score": 6.2,
     "risk_level": 12, "matrix_level_en": "High", "matrix_level_th": "สูง"},
]  # fmt: skip


def inputs(**changes) -> ReviewInputs:
    values = {
        "start_year": 2023,
        "end_year": 2027,
        "base_year": 2022,
        "as_of": dt.date(2024, 9, 30),
        "records": Records.of(
            actions=ACTIONS,
            periods=PERIODS,
            reports=REPORTS,
            indicators=INDICATORS,
            budget=BUDGET,
            funding=FUNDING,
            sectors=SECTORS,
        ),
        "document": DOCUMENT,
        "inventories": {2022: 1000.0, 2024: 950.0},
        "risk_before": RISK_BEFORE,
    }
    values.update(changes)
    return ReviewInputs(**values)


@pytest.fixture(scope="module")
def figures():
    return review_figures(inputs())


def test_trend_from_the_base_year_to_the_latest_inventory(figures):
    rows = {r["year"]: r for r in figures["trend"]["rows"]}
    assert sorted(rows) == [2022, 2024]
    assert rows[2022] == {
        "year": 2022,
        "actual": 1000.0,
        "bau": 1000.0,
        "plan": 1000.0,
        "paths": {"ndc": 1000.0},
        "below_bau": 0.0,
    }
    # 2024: BAU 1040, plan 1000, path 980; 1040 - 950 = 90 below the BAU
    assert rows[2024]["actual"] == 950.0
    assert rows[2024]["bau"] == 1040.0
    assert rows[2024]["plan"] == 1000.0
    assert rows[2024]["paths"] == {"ndc": 980.0}
    assert rows[2024]["below_bau"] == pytest.approx(90.0)
    # (950 - 1000) / 1000 = -5 %
    assert figures["trend"]["change_pct"] == pytest.approx(-5.0)
    assert figures["trend"]["latest_year"] == 2024


def test_reductions_by_measure_in_the_review_year(figures):
    red = figures["reductions"]
    assert red["year"] == 2024  # FY of 30 Sep 2024 = 2024, before the plan's last year
    by_code = {m["code"]: m for m in red["measures"]}
    # M1: latest accepted report up to the review date is period 11 (15 t), not period 12
    assert by_code["M1"]["planned"] == 20.0
    assert by_code["M1"]["achieved"] == 15.0
    assert by_code["M1"]["achieved_pct"] == pytest.approx(75.0)  # 15 / 20
    # M2: period 10 accepted (2 t); period 11 only submitted
    assert by_code["M2"]["achieved"] == 2.0
    assert by_code["M2"]["achieved_pct"] == pytest.approx(20.0)  # 2 / 10
    # M3: cancelled, no estimate
    assert by_code["M3"]["planned"] == 10.0
    assert by_code["M3"]["achieved"] is None
    # total: planned 20 + 10 + 10 = 40; achieved 15 + 2 = 17; 17 / 40 = 42.5 %
    assert red["total"]["planned"] == 40.0
    assert red["total"]["achieved"] == 17.0
    assert red["total"]["achieved_pct"] == pytest.approx(42.5)


def test_reductions_by_sector_and_agency(figures):
    sectors = {s["sector"]: s for s in figures["reductions"]["sectors"]}
    # stationary energy: M1 + M2 planned 20 + 10 = 30, achieved 15 + 2 = 17 (56.67 %)
    assert sectors["gpc:I"]["planned"] == 30.0
    assert sectors["gpc:I"]["achieved"] == 17.0
    assert sectors["gpc:I"]["achieved_pct"] == pytest.approx(17 / 30 * 100)
    assert sectors["gpc:I"]["sector_th"] == "พลังงานอยู่กับที่"
    # transport: M3 planned 10, nothing achieved reported
    assert sectors["gpc:II"]["planned"] == 10.0
    assert sectors["gpc:II"]["achieved"] is None
    agencies = {a["agency"]: a for a in figures["reductions"]["agencies"]}
    assert agencies["PEO"]["achieved_pct"] == pytest.approx(75.0)
    assert agencies["PEA"]["achieved"] == 2.0
    assert figures["reductions"]["agencies"][0]["agency"] == "PEO"  # the most planned first


def test_actions_by_status_with_reasons(figures):
    counts = {c["status"]: c["actions"] for c in figures["actions"]["counts"]}
    # M1 on track, M2 delayed, M3 cancelled, A1 completed, A2 without an accepted report
    assert counts == {
        "not_started": 0,
        "on_track": 1,
        "delayed": 1,
        "completed": 1,
        "cancelled": 1,
        "not_reported": 1,
    }
    rows = {r["code"]: r for r in figures["actions"]["rows"]}
    assert rows["M2"]["reason"] == "รอลงนามสัญญา"
    assert rows["M3"]["reason"] == "ไม่ได้รับจัดสรรงบประมาณ"
    assert rows["M3"]["timeliness"] == "cancelled"
    assert figures["actions"]["total"] == 5


def test_budget_by_source(figures):
    sources = {s["source"]: s for s in figures["budget"]["sources"]}
    # provincial: planned 500 000 (M1) + 100 000 (A1) = 600 000, funded 400 000 (M1);
    # disbursed: M1 is funded from the provincial budget only: 100 000 + 150 000 = 250 000
    # (period 12's 50 000 comes after the review date)
    assert sources["provincial"]["planned"] == 600_000
    assert sources["provincial"]["funded"] == 400_000
    assert sources["provincial"]["disbursed"] == 250_000
    assert sources["provincial"]["disbursed_pct"] == pytest.approx(250 / 600 * 100)
    assert sources["private"] == {
        "source": "private",
        "planned": 2_000_000,
        "funded": 0.0,
        "disbursed": 0.0,  # M2's accepted report disbursed nothing; the 70 000 is not accepted
        "funded_pct": 0.0,
        "disbursed_pct": 0.0,
    }
    assert sources["environment_fund"]["funded"] == 250_000
    # A1 has money from two sources: its 200 000 disbursed cannot be split, it is "mixed"
    assert sources["mixed"]["disbursed"] == 200_000
    assert figures["budget"]["sources"][-1]["source"] == "mixed"
    total = figures["budget"]["total"]
    # planned 600 000 + 2 000 000 + 300 000 = 2 900 000; funded 400 000 + 250 000;
    # disbursed 250 000 + 200 000
    assert total["planned"] == 2_900_000
    assert total["funded"] == 650_000
    assert total["disbursed"] == 450_000
    years = {y["fiscal_year"]: y for y in figures["budget"]["years"]}
    assert years[2024]["disbursed"] == 450_000
    assert 2025 not in years  # nothing planned, funded or accepted in FY2025 up to the date


def test_adaptation_indicators_against_targets(figures):
    rows = {r["code"]: r for r in figures["indicators"]["rows"]}
    assert set(rows) == {"A1", "A2"}  # reduction measures' KPIs are the reductions' part
    # A1: (40 - 0) / (50 - 0) = 80 % of its outcome target
    assert rows["A1"]["value"] == 40.0
    assert rows["A1"]["share_pct"] == pytest.approx(80.0)
    assert rows["A1"]["met"] is False
    assert rows["A1"]["kind"] == "outcome"
    # A2: nothing reported
    assert rows["A2"]["value"] is None
    assert rows["A2"]["share_pct"] is None
    assert figures["indicators"]["rows"][0]["kind"] == "outcome"  # outcomes first


def test_risk_not_reassessed(figures):
    risk = figures["risk"]
    assert risk["reassessed"] is False
    assert [r["hazard"] for r in risk["rows"]] == ["flood", "drought"]  # highest score first
    assert {r["change"] for r in risk["rows"]} == {"not_reassessed"}
    assert risk["rows"][0]["before"]["level"] == 12.0
    assert risk["rows"][0]["after"] is None


def test_risk_against_a_later_assessment():
    after = [
        {"hazard": "flood", "risk_score": 5.0, "risk_level": 9},  # 12 -> 9: lower
        {"hazard": "drought", "risk_score": 5.5, "risk_level": 8},  # 6 -> 8: higher
        {"hazard": "heat", "hazard_en": "Heat", "risk_score": 3.0, "risk_level": 4},
    ]
    risk = review_figures(inputs(risk_after=after, risk_after_source={"en": "v2"}))["risk"]
    changes = {r["hazard"]: r["change"] for r in risk["rows"]}
    assert changes == {"flood": "lower", "drought": "higher", "heat": "new"}
    assert risk["reassessed"] is True
    assert risk["after_source"] == {"en": "v2"}


def test_end_review_after_the_plans_last_year_compares_the_last_year():
    figures = review_figures(inputs(as_of=dt.date(2028, 12, 31)))
    red = figures["reductions"]
    assert red["year"] == 2027  # FY2029 capped at the plan's last year
    # planned 2027: 80 + 40 + 10 = 130; achieved now counts period 12 for M1 (30 t) + M2 2 t
    assert red["total"]["planned"] == 130.0
    assert red["total"]["achieved"] == 32.0


def test_without_a_reduction_result_the_inventories_still_show():
    figures = review_figures(inputs(document=None))
    assert [r["year"] for r in figures["trend"]["rows"]] == [2022, 2024]
    assert figures["trend"]["rows"][1]["bau"] is None
    assert figures["reductions"]["total"]["planned"] == 0.0
    assert figures["has_result"] is False


def test_figures_are_plain_json(figures):
    import json

    assert json.loads(json.dumps(figures, allow_nan=False)) == figures


def test_chapters_bilingual_and_unique():
    keys = chapter_keys()
    assert len(keys) == len(set(keys))
    assert keys[0] == "summary"
    assert all(c.title_th and c.title_en for c in CHAPTERS)
    figures = review_figures(inputs())
    assert all(not c.figures or c.figures in figures for c in CHAPTERS)
