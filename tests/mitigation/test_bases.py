"""One basis per run, targets with their own basis, removals in net totals only, the
national targets (NDC without land, carbon neutrality 2050, net zero 2065), targets in
tonnes below BAU and measures in tonnes reduced."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.errors import ProblemCollector
from climateplan.mitigation import (
    measure,
    national_targets,
    parse_target_spec,
    plan_from_frames,
    read_measures,
)
from climateplan.mitigation.analysis import gap_table, measure_impacts, target_paths
from climateplan.mitigation.export import chart_paths, plan_tables
from tests.mitigation.helpers import base_of, drivers_frame, line


def spec(text):
    collector = ProblemCollector()
    targets = parse_target_spec(text, collector=collector)
    collector.raise_if_any()
    return targets


# household electricity is in BASIC and BASIC+; rice (AFOLU) only in BASIC+
ELECTRICITY_AND_RICE = base_of(
    [
        line(0, "I.1.2", "electricity", "grid", co2=1000.0),
        line(1, "V.3", "rice_cultivation", "irrigated_continuous", ch4=100.0),  # x 28 = 2800
    ]
)


def test_one_basis_per_run_and_a_target_with_its_own():
    result = plan_from_frames(
        ELECTRICITY_AND_RICE,
        None,  # no drivers: every line stays at its base-year level
        to_year=2030,
        basis="basic",
        targets=spec("bau:30@2030") + spec("plus=bau:30@2030,basis=basic_plus"),
    )
    assert [t.basis for t in spec("bau:30@2030,basis=basic_plus")] == ["basic_plus"]
    by_name = {t.name: t for t in result.targets}
    # a target stating no basis takes the run's basis (basic); 'plus' keeps its own
    assert by_name["target"].basis == "basic" and by_name["plus"].basis == "basic_plus"
    gap = gap_table(result.plan, result.targets).set_index(["target", "scenario", "year"])
    # BASIC: BAU 1000, target 0.7 x 1000 = 700, gap 300
    assert gap.loc[("target", "bau", 2030), "target_value"] == pytest.approx(700.0)
    assert gap.loc[("target", "bau", 2030), "gap"] == pytest.approx(300.0)
    # BASIC+: BAU 1000 + 2800 = 3800, target 0.7 x 3800 = 2660, gap 1140, on its own basis
    assert gap.loc[("plus", "bau", 2030), "basis"] == "basic_plus"
    assert gap.loc[("plus", "bau", 2030), "gap"] == pytest.approx(1140.0)
    # the charts draw each path from the BAU of its own basis: 'target' from the run's
    # BAU line (BASIC, 1000 t); 'plus' beside a BAU line of BASIC+ (3800 t), named as such
    tables = plan_tables(result)
    drawn, other = chart_paths(result, tables["targets"])
    start = drawn.loc[drawn["year"] == 2022].set_index("target")["value"]
    assert start["target"] == pytest.approx(result.plan.totals("bau")["basic"][0])
    assert start["plus"] == pytest.approx(result.plan.totals("bau")["basic_plus"][0])
    assert start.tolist() == pytest.approx([1000.0, 3800.0])
    assert other == [("plus", "basic_plus")]
    assert any("'plus' is set on BASIC+" in w.message_en for w in result.warnings)
    # every table of the run states the run's basis: sectors hold BASIC lines only
    assert set(tables["by_sector"]["basis"]) == {"basic"}
    assert set(tables["by_sector"]["sector"]) == {"I"}


# diesel 5000 t CO2, rice 100 t CH4 (2800 t CO2e), forest removals -2000 t CO2 (V.2)
WITH_REMOVALS = base_of(
    [
        line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0),
        line(1, "V.3", "rice_cultivation", "irrigated_continuous", ch4=100.0),
        line(2, "V.2", "land", "forest_land_remaining", co2=-2000.0),
    ]
)
GROWTH = drivers_frame(
    [
        {"driver": "vehicle_stock", "year": "2022", "growth_pct": "2"},
        {"driver": "forest_area", "year": "2022", "growth_pct": "1"},
    ]
)


def test_removals_are_projected_with_their_driver_and_counted_only_in_net_totals():
    result = plan_from_frames(WITH_REMOVALS, GROWTH, to_year=2030)
    plan = result.plan
    assert plan.lines.loc[2, "driver"] == "forest_area"  # default mapping for removals
    bau = plan.totals("bau")
    i = 2030 - 2022
    diesel, removal = 5000 * 1.02**8, -2000 * 1.01**8  # 5858.2969050, -2165.7134122
    # gross totals leave the removal out: BASIC+ = diesel + rice
    assert bau["basic_plus"][i] == pytest.approx(diesel + 2800.0)
    assert bau["territorial"][i] == pytest.approx(diesel + 2800.0)
    assert bau["removals"][i] == pytest.approx(removal)
    # net BASIC+: 5858.2969050 + 2800 - 2165.7134122 = 6492.5834928
    assert bau["net_basic_plus"][i] == pytest.approx(diesel + 2800.0 + removal)
    # net CO2 (carbon neutrality): CO2 only, rice CH4 left out: 3692.5834928
    assert bau["net_co2"][i] == pytest.approx(diesel + removal)
    # BASIC+ without land (V.2): the removal line is land; rice (V.3) stays
    assert bau["basic_plus_no_land"][i] == pytest.approx(diesel + 2800.0)


def test_carbon_neutrality_and_net_zero_paths_count_removals():
    targets = spec("cn=netzero@2050,basis=net_co2") + spec("nz=netzero@2065,basis=net_basic_plus")
    result = plan_from_frames(WITH_REMOVALS, GROWTH, to_year=2065, targets=targets)
    paths = target_paths(result.plan, result.targets).set_index(["target", "year"])["value"]
    # carbon neutrality: from net CO2 5000 - 2000 = 3000 t in 2022 to 0 in 2050;
    # 2036 is half way (14 of 28 years): 1500
    assert paths["cn", 2022] == pytest.approx(3000.0)
    assert paths["cn", 2036] == pytest.approx(1500.0)
    # net zero GHG: from 5000 + 2800 - 2000 = 5800 in 2022 to 0 in 2065
    assert paths["nz", 2022] == pytest.approx(5800.0)
    assert paths["nz", 2065] == pytest.approx(0.0)
    gap = gap_table(result.plan, result.targets).set_index(["target", "scenario", "year"])
    # BAU net CO2 2050: 5000 x 1.02^28 - 2000 x 1.01^28 = 8705.1226 - 2642.1574 = 6062.9652
    assert gap.loc[("cn", "bau", 2050), "emissions"] == pytest.approx(
        5000 * 1.02**28 - 2000 * 1.01**28
    )
    assert gap.loc[("cn", "bau", 2050), "gap"] == pytest.approx(5000 * 1.02**28 - 2000 * 1.01**28)


def test_a_net_target_without_removals_in_the_inventory_is_warned():
    result = plan_from_frames(
        ELECTRICITY_AND_RICE, None, to_year=2050, targets=spec("cn=netzero@2050,basis=net_co2")
    )
    assert any("has no removal" in w.message_en for w in result.warnings)


def test_shipped_national_targets_with_bases_and_validity():
    national = {t.name: t for t in national_targets()}
    # 2nd updated NDC (2022), economy-wide excluding LULUCF: BASIC+ without land (V.2)
    assert national["ndc_unconditional"].basis == "basic_plus_no_land"
    assert national["ndc_unconditional"].reduction == pytest.approx(0.30)
    assert national["ndc_conditional"].reduction == pytest.approx(0.40)
    # LT-LEDS (2022): carbon neutrality 2050 (net CO2), net zero GHG 2065 (net, all gases)
    assert (national["carbon_neutrality_2050"].year, national["carbon_neutrality_2050"].basis) == (
        2050,
        "net_co2",
    )
    assert (national["net_zero_2065"].year, national["net_zero_2065"].basis) == (
        2065,
        "net_basic_plus",
    )
    assert all(t.valid_from == "2022-11-02" and t.source for t in national.values())
    # before the NDC was submitted, none of them was in force
    from datetime import date

    assert national_targets(date(2022, 1, 1)) == ()


def test_ndc_is_compared_with_a_basis_without_land():
    result = plan_from_frames(WITH_REMOVALS, GROWTH, to_year=2030, targets=spec("ndc"))
    gap = gap_table(result.plan, result.targets).set_index(["target", "scenario", "year"])
    row = gap.loc[("ndc_unconditional", "bau", 2030)]
    # BAU without land: 5858.2969050 + 2800 = 8658.2969050; 30 % below: 6060.8078335
    assert row["basis"] == "basic_plus_no_land"
    assert row["target_value"] == pytest.approx(0.7 * (5000 * 1.02**8 + 2800.0))


def test_target_in_tonnes_below_bau():
    result = plan_from_frames(
        WITH_REMOVALS, GROWTH, to_year=2030, targets=spec("local=bau_t:1000@2030")
    )
    (target,) = result.targets
    assert target.describe("en") == "at least 1,000 tCO2e below BAU in 2030"
    paths = target_paths(result.plan, result.targets).set_index("year")["value"]
    # BASIC+ BAU 2030 8658.2969050 - 1000 = 7658.2969050
    assert paths[2030] == pytest.approx(5000 * 1.02**8 + 2800.0 - 1000.0)


def test_measure_given_in_tonnes_reduced():
    # a verified project of 600 t CO2e a year on road transport, ramped over 3 years from
    # 2024: 200 t in 2024, 400 t in 2025, 600 t from 2026
    project = measure(
        id="bus_project",
        kind="tonnes",
        selector={"subsector": "II.1"},
        reduction_t=600.0,
        uptake=1.0,
        start_year=2024,
        ramp_years=3,
    )
    result = plan_from_frames(WITH_REMOVALS, GROWTH, to_year=2030, measures=[project])
    impacts = measure_impacts(result.plan, "planned", "basic_plus").loc["bus_project"]
    assert impacts[2023] == pytest.approx(0.0)
    assert impacts[2024] == pytest.approx(200.0)
    assert impacts[2025] == pytest.approx(400.0)
    assert impacts[2030] == pytest.approx(600.0)
    # from the table: uptake defaults to 100 %; asking more than the lines emit is capped
    table = read_measures(
        drivers_frame(
            [
                {
                    "id": "too_big",
                    "kind": "tonnes",
                    "subsector": "II.1",
                    "reduction_t": "9000",
                    "start_year": "2023",
                }
            ]
        )
    )
    (big,) = list(table)
    assert big.uptake == 1.0 and big.reduction_t == 9000.0
    result = plan_from_frames(WITH_REMOVALS, GROWTH, to_year=2025, measures=[big])
    emissions = result.plan.totals("planned")["basic_plus"]
    # diesel 5000 x 1.02 = 5100 < 9000: all of it is removed, rice stays
    np.testing.assert_allclose(emissions[1:], [2800.0, 2800.0, 2800.0])
    assert any("'too_big'" in w.message_en and "limited" in w.message_en for w in result.warnings)


def test_measures_touch_removals_only_when_they_name_them():
    # an activity measure on all of sector V (-50 % at full uptake) halves rice (2800 t)
    # but leaves the forest removal (-2000 t) alone; one naming flow=removal halves it
    on_v = measure(
        id="farm",
        kind="activity",
        selector={"sector": "V"},
        effect=0.5,
        uptake=1.0,
        start_year=2023,
    )
    plan = plan_from_frames(WITH_REMOVALS, None, to_year=2025, measures=[on_v]).plan
    after = plan.runs["planned"].emissions[:, 3, :].sum(axis=1)
    assert after[1:3].tolist() == pytest.approx([1400.0, -2000.0])
    logging = measure(
        id="logging",
        kind="activity",
        selector={"gpc_ref": "V.2", "flow": "removal"},
        effect=0.5,
        uptake=1.0,
        start_year=2023,
    )
    plan = plan_from_frames(WITH_REMOVALS, None, to_year=2025, measures=[logging]).plan
    # less removal raises net emissions by 1000 t: the measure's impact is -1000 t
    assert plan.totals("planned")["net_basic_plus"][3] == pytest.approx(5000 + 2800 - 1000)
    assert measure_impacts(plan, "planned", "net_basic_plus").loc["logging", 2025] == (
        pytest.approx(-1000.0)
    )
