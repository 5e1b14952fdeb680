"""Levelised cost per tonne: capital recovery factor, discounting, per-tonne and total bases."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.mitigation import (
    Scenario,
    capital_recovery_factor,
    discounted_cost_per_tonne,
    levelised_cost_per_tonne,
    measure,
    measure_library,
    project,
    run_scenarios,
)
from climateplan.mitigation.analysis import macc_table, measure_summary
from tests.mitigation.helpers import base_of, line


def test_capital_recovery_factor_by_hand():
    # CRF(r, n) = r (1 + r)^n / ((1 + r)^n - 1); 1.09^10 = 2.3673636746
    # CRF(9 %, 10) = 0.09 x 2.3673636746 / 1.3673636746 = 0.1558200899
    assert capital_recovery_factor(0.09, 10) == pytest.approx(0.1558200899, rel=1e-9)
    # 1.05^5 = 1.2762815625: CRF(5 %, 5) = 0.05 x 1.2762815625 / 0.2762815625 = 0.2309747981
    assert capital_recovery_factor(0.05, 5) == pytest.approx(0.2309747981, rel=1e-9)
    assert capital_recovery_factor(0.0, 8) == pytest.approx(1 / 8)


def test_levelised_cost_with_discounting_two_ways():
    # I = 10,000 THB, O&M 200/yr, savings 500/yr, 100 t abated a year, 9 %, 10 years
    # annualised: LC = (10,000 x 0.1558200899 + 200 - 500) / 100 = 1258.200899 / 100 = 12.58200899
    lc = levelised_cost_per_tonne(10_000, 200, 500, 100, 0.09, 10)
    assert lc == pytest.approx(12.58200899, rel=1e-9)
    # discounted: sum_{t=1..10} 1.09^-t = 6.4176577012
    # (10,000 - 300 x 6.4176577012) / (100 x 6.4176577012) = 8074.7026897 / 641.76577012
    direct = discounted_cost_per_tonne(10_000, np.full(10, 300.0 - 600.0), np.full(10, 100.0), 0.09)
    assert direct == pytest.approx((10_000 - 300 * 6.4176577012) / (100 * 6.4176577012))
    assert direct == pytest.approx(lc, rel=1e-12)
    # savings larger than costs: a negative cost per tonne
    assert levelised_cost_per_tonne(1_000, 0, 500, 10, 0.09, 10) == pytest.approx(
        (1_000 * 0.1558200899 - 500) / 10, rel=1e-9
    )


def _plan(**costs):
    rows = [line(0, "V.1", "manure_management", "swine", ch4=100.0)]
    m = measure(
        id="biogas",
        kind="emission_factor",
        selector={"activity": "swine"},
        gases=("ch4",),
        effect=0.8,
        uptake=0.5,
        start_year=2024,
        ramp_years=2,
        lifetime_years=15,
        discount_rate=0.09,
        **costs,
    )
    projection = project(base_of(rows), None, to_year=2030)
    return run_scenarios(projection, [m], [Scenario("plan", ("biogas",))])


def test_measure_summary_total_cost_basis():
    # 100 t CH4 x 28 = 2800 t CO2e; full uptake in 2024 + 2 - 1 = 2025: 2800 x 0.5 x 0.8 = 1120 t
    # CRF(9 %, 15): 1.09^15 = 3.6424824597, 0.09 x 3.6424824597 / 2.6424824597 = 0.1240588827
    # LC = (2,000,000 x 0.1240588827 + 50,000 - 100,000) / 1120 = 198117.7653 / 1120 = 176.8909
    plan = _plan(
        cost_basis="total", investment=2_000_000, om_per_year=50_000, savings_per_year=100_000
    )
    row = measure_summary(plan, "plan", 2030).iloc[0]
    assert row["full_uptake_year"] == 2025
    assert row["abatement_full_uptake"] == pytest.approx(1120.0)
    assert row["capital_recovery_factor"] == pytest.approx(0.1240588827, rel=1e-9)
    assert row["levelised_cost_per_t"] == pytest.approx(198117.7653 / 1120, rel=1e-9)
    # in 2024 (half way up the ramp) 560 t are abated: annual cost = LC x 560
    assert measure_summary(plan, "plan", 2024).iloc[0]["annual_cost"] == pytest.approx(
        198117.7653 / 1120 * 560, rel=1e-9
    )
    # cumulative abatement 2022-2030: 0 + 0 + 560 + 6 x 1120 = 7280 t
    assert row["cumulative_abatement"] == pytest.approx(7280.0)


def test_measure_summary_per_tonne_basis_and_macc_order():
    # library default for pig-farm biogas, per t CO2e abated per year at full uptake:
    # LC = 1500 x CRF(9 %, 15) + 150 - 250 = 1500 x 0.1240588827 - 100 = 86.0883
    lib = measure_library().by_id()["biogas_pig_farms"]
    assert (lib.investment, lib.om_per_year, lib.savings_per_year) == (1500, 150, 250)
    plan = _plan(cost_basis="per_t", investment=1500, om_per_year=150, savings_per_year=250)
    row = measure_summary(plan, "plan", 2030).iloc[0]
    assert row["levelised_cost_per_t"] == pytest.approx(1500 * 0.1240588827 - 100, rel=1e-9)
    macc = macc_table(plan, "plan", 2030)
    assert macc["x_end"].iloc[-1] == pytest.approx(1120.0)


def test_macc_sorted_cheapest_first_with_widths_adding_up():
    rows = [
        line(0, "V.1", "manure_management", "swine", ch4=100.0),
        line(1, "I.1.2", "electricity", "grid", co2=1000.0),
    ]
    cheap = measure(
        id="solar",
        kind="activity",
        selector={"method": "electricity"},
        effect=1.0,
        uptake=0.1,
        start_year=2023,
        investment=1000,
        savings_per_year=600,
        lifetime_years=10,
        discount_rate=0.0,
    )
    dear = measure(
        id="biogas",
        kind="emission_factor",
        selector={"activity": "swine"},
        gases=("ch4",),
        effect=0.5,
        uptake=1.0,
        start_year=2023,
        investment=1000,
        lifetime_years=10,
        discount_rate=0.0,
    )
    plan = run_scenarios(project(base_of(rows), None, to_year=2030), [dear, cheap])
    macc = macc_table(plan, "planned", 2030, basis="basic_plus")
    # r = 0: CRF = 1/10; solar 1000/10 - 600 = -500 THB/t; biogas 1000/10 = +100 THB/t
    assert macc["measure"].tolist() == ["solar", "biogas"]
    assert macc["levelised_cost_per_t"].tolist() == pytest.approx([-500.0, 100.0])
    # widths: solar 1000 x 0.1 = 100 t; biogas 2800 x 0.5 = 1400 t
    assert macc["x_start"].tolist() == pytest.approx([0.0, 100.0])
    assert macc["x_end"].tolist() == pytest.approx([100.0, 1500.0])
