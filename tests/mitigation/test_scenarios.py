"""Measures on the BAU: ramps, order of application, overlaps, fuel switch, bad measures."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.errors import InputError
from climateplan.mitigation import (
    Scenario,
    default_scenarios,
    grid_path,
    measure,
    measure_library,
    project,
    read_measures,
    run_scenarios,
)
from climateplan.mitigation.aggregate import co2e, totals
from climateplan.mitigation.analysis import impact_table, measure_impacts
from tests.mitigation.helpers import base_of, drivers_frame, line, small_base


def flat_projection(rows, to_year=2031, grid=None):
    """No drivers: every line stays at its base-year level (only the grid path moves)."""
    return project(base_of(rows), None, to_year=to_year, grid=grid)


DIESEL = [line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0)]
ELECTRICITY = [line(0, "I.1.2", "electricity", "grid", co2=1000.0)]


def test_ramped_measure():
    # intensity -20 % at full uptake; uptake 50 % reached in 4 years from 2024; ends 2029
    m = measure(
        id="eco",
        kind="intensity",
        selector={"subsector": "II.1"},
        effect=0.2,
        uptake=0.5,
        start_year=2024,
        ramp_years=4,
        end_year=2029,
    )
    plan = run_scenarios(flat_projection(DIESEL), [m], [Scenario("plan", ("eco",))])
    # u(t) = 0.5 x min(1, (t - 2024 + 1) / 4): 2023 0, 2024 0.125, 2025 0.25, 2026 0.375,
    # 2027-2029 0.5, 2030 0 (after end_year); E = 5000 x (1 - 0.2 u)
    np.testing.assert_allclose(plan.uptake["eco"][1:9], [0, 0.125, 0.25, 0.375, 0.5, 0.5, 0.5, 0.0])
    emissions = co2e(plan.runs["plan"].emissions)[0]
    expected = [5000, 5000, 4875, 4750, 4625, 4500, 4500, 4500, 5000, 5000]
    np.testing.assert_allclose(emissions, expected)


def _two_measures(order_a, order_b):
    a = measure(
        id="efficiency",
        kind="intensity",
        selector={"gpc_ref": "I.1.2"},
        effect=0.2,
        uptake=1.0,
        start_year=2023,
        order=order_a,
    )
    b = measure(
        id="solar",
        kind="activity",
        selector={"method": "electricity"},
        effect=1.0,
        uptake=0.3,
        start_year=2023,
        order=order_b,
    )
    return [a, b]


@pytest.mark.parametrize(
    ("order_a", "order_b", "impact_a", "impact_b"),
    [
        # efficiency first: 1000 x 0.2 = 200; then solar on what is left: 800 x 0.3 = 240
        (1, 2, 200.0, 240.0),
        # solar first: 1000 x 0.3 = 300; then efficiency: 700 x 0.2 = 140
        (2, 1, 140.0, 300.0),
    ],
)
def test_overlapping_measures_in_both_orders(order_a, order_b, impact_a, impact_b):
    plan = run_scenarios(
        flat_projection(ELECTRICITY),
        _two_measures(order_a, order_b),
        [Scenario("plan", ("efficiency", "solar"))],
    )
    impacts = measure_impacts(plan, "plan", basis="basic")
    assert impacts.loc["efficiency", 2025] == pytest.approx(impact_a)
    assert impacts.loc["solar", 2025] == pytest.approx(impact_b)
    # either way 1000 x 0.8 x 0.7 = 560 remain: the impacts add up to 440 = BAU - plan
    total = totals(plan.lines, plan.runs["plan"].emissions)["basic"]
    assert total[3] == pytest.approx(560.0)
    assert impacts[2025].sum() == pytest.approx(1000.0 - 560.0)
    np.testing.assert_allclose(
        impacts.sum(axis=0).to_numpy(), totals(plan.lines, plan.bau)["basic"] - total
    )


def test_measure_on_a_consumption_line_also_reduces_its_td_losses():
    m = measure(
        id="efficiency",
        kind="intensity",
        selector={"gpc_ref": "I.1.2"},
        effect=0.2,
        uptake=1.0,
        start_year=2023,
    )
    plan = run_scenarios(project(small_base(), None, to_year=2025), [m])
    after = co2e(plan.runs["planned"].emissions)[:, 2]
    # scope 2: 1000 x 0.8 = 800; its derived T&D row (I.1.3): 80 x 0.8 = 64; others untouched
    assert after.tolist() == pytest.approx([800.0, 64.0, 5000.0, 2800.0])


def test_overlap_without_order_or_with_equal_orders_is_refused():
    with pytest.raises(InputError) as info:
        run_scenarios(
            flat_projection(ELECTRICITY),
            _two_measures(None, 2),
            [Scenario("plan", ("efficiency", "solar"))],
        )
    (problem,) = info.value.problems
    assert "efficiency" in problem.message_en and "solar" in problem.message_en
    assert "order" in problem.message_en and "ลำดับ" in problem.message_th
    with pytest.raises(InputError, match="same order"):
        run_scenarios(
            flat_projection(ELECTRICITY),
            _two_measures(3, 3),
            [Scenario("plan", ("efficiency", "solar"))],
        )
    # in different scenarios they never meet: no order needed
    plan = run_scenarios(
        flat_projection(ELECTRICITY),
        _two_measures(None, None),
        [Scenario("a", ("efficiency",)), Scenario("b", ("solar",))],
    )
    assert set(plan.runs) == {"a", "b"}


def test_measures_on_different_gases_of_one_line_need_no_order():
    rows = [line(0, "V.1", "manure_management", "swine", ch4=10.0, n2o=1.0)]
    ch4 = measure(
        id="biogas",
        kind="emission_factor",
        selector={"activity": "swine"},
        gases=("ch4",),
        effect=0.8,
        uptake=0.5,
        start_year=2023,
    )
    n2o = measure(
        id="other",
        kind="emission_factor",
        selector={"activity": "swine"},
        gases=("n2o",),
        effect=0.5,
        uptake=1.0,
        start_year=2023,
    )
    plan = run_scenarios(flat_projection(rows), [ch4, n2o])
    after = plan.runs["planned"].emissions[0, 2]
    # CH4: 10 t x 28 = 280 x (1 - 0.5 x 0.8) = 168; N2O: 1 t x 265 = 265 x 0.5 = 132.5
    assert after[1] == pytest.approx(168.0)
    assert after[2] == pytest.approx(132.5)


def test_fuel_switch_to_electricity_follows_the_grid_path():
    ev = measure(
        id="ev",
        kind="fuel_switch",
        selector={"subsector": "II.1"},
        uptake=0.1,
        start_year=2023,
        switch_to="electricity",
        switch_gpc_ref="II.1.2",
        switch_ratio=0.56,
    )
    path = grid_path({2022: 0.5, 2032: 0.25})
    plan = run_scenarios(flat_projection(DIESEL, grid=path), [ev])
    emissions = co2e(plan.runs["planned"].emissions)
    i = 2027 - 2022
    # grid EF 2027 = 0.5 - 0.25 x 5/10 = 0.375, ratio 0.75; 10 % of 5000 = 500 t moved;
    # diesel left 4500; electric line 500 x 0.56 x 0.75 = 210 (scope 2, II.1.2)
    assert emissions[0, i] == pytest.approx(4500.0)
    assert plan.lines.loc[1, "gpc_ref"] == "II.1.2" and plan.lines.loc[1, "scope"] == 2
    assert emissions[1, i] == pytest.approx(210.0)
    table = impact_table(plan)
    year = table.loc[table["year"] == 2027].set_index("scope")["reduction"]
    assert year[1] == pytest.approx(500.0) and year[2] == pytest.approx(-210.0)
    assert measure_impacts(plan, "planned").loc["ev", 2027] == pytest.approx(290.0)


def test_measure_targeting_no_line_and_bad_cells_are_reported_together():
    frame = drivers_frame(
        [
            {
                "id": "ok",
                "kind": "intensity",
                "subsector": "II.1",
                "effect_pct": "10",
                "uptake_pct": "50",
                "start_year": "2025",
            },
            {
                "id": "too_much",
                "kind": "activity",
                "subsector": "II.1",
                "effect_pct": "10",
                "uptake_pct": "120",
                "start_year": "2025",
            },
            {
                "id": "pigs",
                "kind": "emission_factor",
                "method": "manure_management",
                "activity": "swine",
                "effect_pct": "80",
                "uptake_pct": "30",
                "start_year": "2025",
            },
            {
                "id": "nowhere",
                "kind": "intensity",
                "subsector": "I.9",
                "effect_pct": "10",
                "uptake_pct": "10",
                "start_year": "2025",
            },
            {
                "id": "ok",
                "kind": "teleport",
                "subsector": "II.1",
                "effect_pct": "10",
                "uptake_pct": "10",
                "start_year": "2031",
                "end_year": "2026",
            },
        ]
    )
    with pytest.raises(InputError) as info:
        read_measures(frame)
    where = {(p.row, p.column) for p in info.value.problems}
    # uptake above 100 %; unknown sub-sector; duplicate id, unknown kind, end before start
    assert {(3, "uptake_pct"), (5, "subsector"), (6, "id"), (6, "kind"), (6, "end_year")} <= where
    assert any("above the largest allowed value 100" in p.message_en for p in info.value.problems)
    measures = read_measures(frame.iloc[[0, 2]])
    with pytest.raises(InputError) as info:
        run_scenarios(flat_projection(DIESEL), measures)
    (problem,) = info.value.problems
    assert "pigs" in problem.message_en and "do not exist" in problem.message_en
    # the frame given in code is numbered like a sheet: its 2nd row is row 3
    assert problem.row == 3 and problem.column == "method"
    assert "method=manure_management, activity=swine" in problem.message_en


def test_library_measures_are_complete_and_can_be_adjusted():
    library = measure_library()
    assert len(library) >= 15
    for m in library:
        assert m.name_en and m.name_th and m.source and m.has_costs
        assert 0 < m.uptake <= 1
    ids = {m.id for m in library}
    assert {
        "biogas_pig_farms",
        "awd_rice",
        "no_burn_sugarcane",
        "no_burn_rice_straw",
        "rooftop_solar_residential",
        "led_street_lights",
        "waste_separation_composting",
        "ev_buses",
    } <= ids
    awd = library.by_id()["awd_rice"]
    # IPCC 2006 Vol 4 Table 5.12: SFw 0.52 (multiple aeration) vs 1.00 (continuous): 48 %
    assert awd.effect == pytest.approx(1 - 0.52)
    taken = read_measures(
        drivers_frame(
            [
                {
                    "id": "",
                    "from_library": "awd_rice",
                    "uptake_pct": "40",
                    "activity": "*",
                    "order": "5",
                },
            ]
        )
    )
    (mine,) = list(taken)
    assert mine.id == "awd_rice" and mine.uptake == pytest.approx(0.4)
    assert mine.selector.activity == () and mine.selector.method == ("ricecultivation",)
    assert mine.effect == pytest.approx(0.48)


def test_default_scenarios_layer_existing_planned_proposed_and_custom():
    kw = dict(
        kind="intensity", selector={"subsector": "II.1"}, effect=0.1, uptake=1.0, start_year=2023
    )
    measures = [
        measure(id="e", status="existing", order=1, **kw),
        measure(id="p", status="planned", order=2, scenarios=("solar_only",), **kw),
        measure(id="x", status="proposed", order=3, **kw),
    ]
    names = {s.name: s.measure_ids for s in default_scenarios(measures)}
    assert names == {
        "bau": (),
        "existing": ("e",),
        "planned": ("e", "p"),
        "proposed": ("e", "p", "x"),
        "solar_only": ("p",),
    }
    plan = run_scenarios(flat_projection(DIESEL), measures)
    # proposed: 5000 x 0.9^3 = 3645
    assert co2e(plan.runs["proposed"].emissions)[0, 3] == pytest.approx(3645.0)


def test_measure_on_the_losses_line_leaves_the_consumption_line_alone():
    # a measure naming the T&D losses (I.1.3, derived from I.1.2) hits that row only:
    # losses 80 x (1 - 0.5) = 40; the consumption line I.1.2 stays at 1000
    m = measure(
        id="grid_losses",
        kind="intensity",
        selector={"gpc_ref": "I.1.3"},
        effect=0.5,
        uptake=1.0,
        start_year=2023,
    )
    plan = run_scenarios(project(small_base(), None, to_year=2025), [m])
    after = co2e(plan.runs["planned"].emissions)[:, 2]
    assert after.tolist() == pytest.approx([1000.0, 40.0, 5000.0, 2800.0])
    assert measure_impacts(plan, "planned", "basic_plus").loc["grid_losses", 2025] == (
        pytest.approx(40.0)
    )


def test_measure_starting_before_the_base_year_is_warned():
    # start 2020, ramp 4, uptake 40 %: in 2023 (first year after the 2022 base year)
    # u = 0.4 x min(1, (2023 - 2020 + 1) / 4) = 0.4 at once
    m = measure(
        id="old_programme",
        kind="activity",
        selector={"subsector": "II.1"},
        effect=0.5,
        uptake=0.4,
        start_year=2020,
        ramp_years=4,
    )
    plan = run_scenarios(flat_projection(DIESEL), [m])
    assert plan.uptake["old_programme"][1] == pytest.approx(0.4)
    (warning,) = [w for w in plan.warnings if "old_programme" in w.message_en]
    assert "not after the base year 2022" in warning.message_en
    assert "already in the base-year inventory" in warning.message_en
    assert "40 %" in warning.message_en and "พ.ศ. 2565" in warning.message_th
    assert warning.column == "start_year"
    # a measure starting after the base year is not warned about
    later = measure(**{**m.__dict__, "id": "new", "start_year": 2023, "selector": m.selector})
    plan = run_scenarios(flat_projection(DIESEL), [later])
    assert not [w for w in plan.warnings if "base year" in w.message_en]
