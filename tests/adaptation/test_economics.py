"""Benefit-cost arithmetic worked by hand (docs/adaptation.md, "Economic view")."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.adaptation import Settings, build_plan
from climateplan.adaptation.economics import annuity_factor

from .conftest import action_line, write_actions


def test_annuity_factor_by_hand():
    """(1 - 1.06^-10) / 0.06: 1.06^10 = 1.790848, 1 / 1.790848 = 0.558395,
    (1 - 0.558395) / 0.06 = 7.360087; at 0 % the factor is the number of years."""
    assert annuity_factor(0.06, np.array([10.0]))[0] == pytest.approx(7.360087, rel=1e-6)
    assert annuity_factor(0.0, np.array([10.0]))[0] == 10.0


def test_benefit_cost_ratio_and_npv_by_hand(tmp_path, profile):
    """Capital 5,000,000 THB in the start year, running 100,000 a year, avoided impact
    1,000,000 a year, life 10 years, 6 %:
    PV(cost) = 5,000,000 + 100,000 x 7.360087 = 5,736,009
    PV(benefit) = 1,000,000 x 7.360087 = 7,360,087
    NPV = 1,624,078;  BCR = 7,360,087 / 5,736,009 = 1.28314"""
    actions = write_actions(
        tmp_path / "a.csv",
        action_line(
            "E1",
            capital_thb=5_000_000,
            running_thb_per_year=100_000,
            avoided_eai_thb_per_year=1_000_000,
            lifetime_years=10,
        ),
    )
    plan = build_plan(actions, profile, settings=Settings(discount_rate_pct=6))
    row = plan.economics.iloc[0]
    assert row["pv_cost_thb"] == pytest.approx(5_736_008.7, abs=1)
    assert row["pv_benefit_thb"] == pytest.approx(7_360_087.1, abs=1)
    assert row["npv_thb"] == pytest.approx(1_624_078.4, abs=1)
    assert row["bcr"] == pytest.approx(1.28314, abs=1e-5)


def test_benefit_from_the_profile_expected_annual_impact(tmp_path, profile):
    """The profile's flood EAI is 40 (exposure units of 1,000,000 THB); an action taking
    25 % of it avoids 0.25 x 40 x 1,000,000 = 10,000,000 THB a year. Life 2 years at
    10 %: annuity = 1/1.1 + 1/1.21 = 1.735537; PV(benefit) = 17,355,372; capital
    1,000,000: BCR = 17.355372. An action without a quantified benefit has none."""
    actions = write_actions(
        tmp_path / "a.csv",
        action_line("E2", eai_reduction_pct=25, lifetime_years=2),
        action_line("E3", hazards="drought", eai_reduction_pct=25, lifetime_years=2),
    )
    settings = Settings(discount_rate_pct=10, eai_thb_per_unit=1_000_000)
    econ = build_plan(actions, profile, settings=settings).economics.set_index("code")
    assert econ.loc["E2", "avoided_eai_thb_per_year"] == pytest.approx(10_000_000)
    assert econ.loc["E2", "pv_benefit_thb"] == pytest.approx(17_355_371.9, abs=1)
    assert econ.loc["E2", "bcr"] == pytest.approx(17.355372, abs=1e-6)
    assert not econ.loc["E3", "benefit_quantified"]  # drought has no event set
    assert np.isnan(econ.loc["E3", "bcr"])


def test_capital_by_fiscal_year_is_discounted_to_the_start_year(tmp_path, profile):
    """Capital 1,000,000 in 2569 (the start year) and 1,100,000 in 2570 at 10 %:
    1,000,000 + 1,100,000 / 1.1 = 2,000,000."""
    actions = write_actions(tmp_path / "a.csv", action_line("E4", capital_thb=2_100_000))
    costs = tmp_path / "costs.csv"
    costs.write_text(
        "action,fiscal_year,capital_thb,running_thb,funding\n"
        "E4,2569,1000000,0,provincial_budget\nE4,2570,1100000,0,line_ministry\n",
        encoding="utf-8",
    )
    plan = build_plan(actions, profile, costs=costs, settings=Settings(discount_rate_pct=10))
    assert plan.economics.iloc[0]["pv_capital_thb"] == pytest.approx(2_000_000)
    # without a cost table: capital in the start year, running cost every plan year
    actions = write_actions(
        tmp_path / "b.csv", action_line("E5", running_thb_per_year=50_000, end_year=2571)
    )
    schedule = build_plan(actions, profile).inputs.costs
    assert schedule["fiscal_year"].tolist() == [2026, 2027, 2028]  # 2569-2571 BE
    assert schedule["capital_thb"].tolist() == [1_000_000, 0, 0]
    assert schedule["running_thb"].tolist() == [50_000] * 3
