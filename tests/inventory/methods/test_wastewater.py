"""Wastewater: IPCC 2006 Vol 5 Ch 6 Eq 6.1-6.3 and 6.7-6.8 (domestic CH4 and N2O) and
Eq 6.4-6.6 (industrial CH4), with Tables 6.2, 6.3, 6.4, 6.8, 6.9 and 6.11, by hand."""

from __future__ import annotations

import pytest
from _lines import method_lines, run
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method

N2O_PER_N = 44 / 28


# N2O per person by hand (Eq 6.8, 6.7): protein 23.13 kg/yr (FAO, Thailand) x F_NPR 0.16
# x F_NON-CON 1.1 x F_IND-COM 1.25 = 5.0886 kg N/person/yr; x EF 0.005 x 44/28
N_PER_PERSON_T = 23.13 * 0.16 * 1.1 * 1.25 / 1000


def test_domestic_septic_system():
    # Eq 6.3: TOW = 1000 persons x 40 g BOD/person/day (Table 6.4) x 0.001 x I 1.0 x 365
    #       = 14,600 kg = 14.6 t BOD/yr
    # Eq 6.2: EF = B0 0.6 x MCF 0.5 (septic, Table 6.3) = 0.3; Eq 6.1: CH4 = 14.6 x 0.3 = 4.38 t
    # Eq 6.8/6.7: N2O = 1000 x 5.0886 kg N x 0.005 x 44/28 = 39.98 kg = 0.03998 t
    result = run("wastewater_domestic", [{"activity": "septic_system", "amount": 1000.0}])
    assert result["ch4"].iloc[0] == pytest.approx(1000 * 40 * 0.001 * 1.0 * 365 / 1000 * 0.6 * 0.5)
    assert result["ch4"].iloc[0] == pytest.approx(4.38)
    assert result["n2o"].iloc[0] == pytest.approx(1000 * N_PER_PERSON_T * 0.005 * N2O_PER_N)
    assert result["factor_origin"].iloc[0] == "IPCC"
    source = result["factor_source"].iloc[0]
    for part in ("BOD:", "Table 6.4", "MCF:", "Table 6.3", "Protein:", "FAOSTAT", "EF effluent"):
        assert part in source


def test_domestic_overloaded_aerobic_plant_with_sludge_and_recovery():
    # collected system: I = 1.25. TOW = 10,000 x 40 x 0.001 x 1.25 x 365 = 182,500 kg
    # = 182.5 t BOD; EF = 0.6 x 0.3 (aerobic, not well managed) = 0.18
    # Eq 6.1: (182.5 - S 20) x 0.18 - R 5 = 29.25 - 5 = 24.25 t CH4
    rows = [
        {
            "activity": "aerobic_overloaded",
            "amount": 10000.0,
            "param_sludge_removed": 20.0,
            "param_recovered_ch4": 5.0,
        }
    ]
    result = run("wastewater_domestic", rows)
    assert result["ch4"].iloc[0] == pytest.approx((182.5 - 20) * 0.18 - 5)
    assert result["n2o"].iloc[0] == pytest.approx(10000 * N_PER_PERSON_T * 0.005 * N2O_PER_N)


def test_domestic_n2o_with_nitrogen_removed_in_sludge():
    # Eq 6.8: N_effluent = 2000 x 5.0886 kg - N_sludge 1.5 t = 10.1772 - 1.5 = 8.6772 t N
    rows = [{"activity": "untreated_flowing_sewer", "amount": 2000.0, "param_n_sludge": 1.5}]
    result = run("wastewater_domestic", rows)
    assert result["ch4"].iloc[0] == 0  # MCF 0 for a flowing sewer
    assert result["n2o"].iloc[0] == pytest.approx((2000 * N_PER_PERSON_T - 1.5) * 0.005 * N2O_PER_N)


def test_domestic_input_parameters_beat_defaults():
    # BOD 50 g/person/day, protein 30 kg/yr, MCF 0.6 given:
    # CH4 = 100 x 50 x 365 x 1.0 / 1e6 x 0.6 x 0.6; N2O = 100 x 30 x 0.16 x 1.1 x 1.25 / 1e3
    # x 0.005 x 44/28
    rows = [
        {
            "activity": "latrine_wet",
            "amount": 100.0,
            "param_bod": 50.0,
            "param_protein": 30.0,
            "param_mcf": 0.6,
        }
    ]
    result = run("wastewater_domestic", rows)
    assert result["ch4"].iloc[0] == pytest.approx(100 * 50 * 365 / 1e6 * 0.6 * 0.6)
    assert result["n2o"].iloc[0] == pytest.approx(
        100 * 30 * 0.16 * 1.1 * 1.25 / 1e3 * 0.005 * N2O_PER_N
    )
    assert result["factor_origin"].iloc[0] == "input"
    assert "input param_bod = 50 g/person/day" in result["factor_source"].iloc[0]


def test_domestic_mcf_follows_table_6_3():
    systems = {
        "untreated_sea_river_lake": 0.1,
        "untreated_stagnant_sewer": 0.5,
        "aerobic_well_managed": 0.0,
        "anaerobic_reactor": 0.8,
        "anaerobic_lagoon_shallow": 0.2,
        "anaerobic_lagoon_deep": 0.8,
        "latrine_dry_family": 0.1,
        "latrine_dry_communal": 0.5,
        "latrine_wet": 0.7,
    }
    collected = {
        "untreated_stagnant_sewer",
        "aerobic_well_managed",
        "anaerobic_reactor",
        "anaerobic_lagoon_shallow",
        "anaerobic_lagoon_deep",
    }
    rows = [{"activity": s, "amount": 1000.0} for s in systems]
    result = run("wastewater_domestic", rows)
    expected = [
        1000 * 40 * 365 / 1e6 * (1.25 if s in collected else 1.0) * 0.6 * mcf
        for s, mcf in systems.items()
    ]
    assert result["ch4"].to_numpy() == pytest.approx(expected)


def test_industrial_starch_deep_lagoon_table_6_9():
    # Eq 6.6: TOW = 25,000 t x W 9 m3/t x COD 10 kg/m3 = 2,250,000 kg = 2,250 t COD
    # Eq 6.5: EF = B0 0.25 x MCF 0.8 (deep lagoon, Table 6.8) = 0.2
    # Eq 6.4: CH4 = 2,250 x 0.2 = 450 t
    rows = [{"activity": "starch", "amount": 25000.0, "param_treatment": "anaerobic_lagoon_deep"}]
    result = run("wastewater_industrial", rows)
    assert result["ch4"].iloc[0] == pytest.approx(25000 * 9 * 10 / 1000 * 0.25 * 0.8)
    assert result["n2o"].iloc[0] == 0
    source = result["factor_source"].iloc[0]
    assert "W:" in source and "COD:" in source and "Table 6.8" in source


def test_industrial_measured_volume_and_load():
    rows = [
        # volume given: 120,000 m3 x COD 4.1 kg/m3 (meat and poultry) = 492 t COD;
        # aerobic overloaded MCF 0.3: 492 x 0.25 x 0.3 = 36.9 t
        {
            "activity": "meat_poultry",
            "amount": 5000.0,
            "param_treatment": "aerobic_overloaded",
            "param_wastewater_volume": 120000.0,
        },
        # COD load given: 800 t COD; anaerobic reactor MCF 0.8, S 100 t, R 60 t:
        # (800 - 100) x 0.2 - 60 = 80 t
        {
            "activity": "natural_rubber",
            "amount": 3000.0,
            "param_treatment": "anaerobic_reactor",
            "param_cod_load": 800.0,
            "param_sludge_removed": 100.0,
            "param_recovered_ch4": 60.0,
        },
    ]
    result = run("wastewater_industrial", rows)
    assert result["ch4"].to_numpy() == pytest.approx([120000 * 4.1 / 1000 * 0.25 * 0.3, 80.0])
    assert "W:" not in result["factor_source"].iloc[0]
    assert "input param_wastewater_volume" in result["factor_source"].iloc[0]
    assert "TOW: input param_cod_load" in result["factor_source"].iloc[1]


def test_industrial_inputs_beat_table():
    # sugar refining has no default W: given 10 m3/t; COD given 5 kg/m3 instead of 3.2
    rows = [
        {
            "activity": "sugar_refining",
            "amount": 1000.0,
            "param_treatment": "untreated_sea_river_lake",
            "param_wastewater_per_product": 10.0,
            "param_cod": 5.0,
        }
    ]
    result = run("wastewater_industrial", rows)
    # 1000 x 10 x 5 / 1000 = 50 t COD x 0.25 x 0.1 = 1.25 t
    assert result["ch4"].iloc[0] == pytest.approx(1.25)


def test_industrial_missing_defaults_are_reported():
    lines = method_lines(
        "wastewater_industrial",
        [
            {"activity": "natural_rubber", "amount": 10.0, "param_treatment": "anaerobic_reactor"},
            {"activity": "fish_processing", "amount": 10.0, "param_treatment": "anaerobic_reactor"},
            {
                "activity": "starch",
                "amount": 10.0,
                "param_treatment": "anaerobic_reactor",
                "param_sludge_removed": 999.0,
            },
        ],
    )
    problems = get_method("wastewater_industrial").validate(lines)
    where = {(p[0], p[1]) for p in problems}
    assert where == {
        (0, "param_wastewater_per_product"),
        (0, "param_cod"),
        (1, "param_wastewater_per_product"),  # Table 6.9 gives no W for fish processing
        (2, "param_sludge_removed"),  # 999 t > 10 x 9 x 10 / 1000 = 0.9 t COD
    }
    assert all(p[2] and p[3] for p in problems)


def test_domestic_validation_messages():
    lines = method_lines(
        "wastewater_domestic",
        [
            {"activity": "septic_system", "amount": 10.0, "param_recovered_ch4": 1.0},
            {"activity": "septic_system", "amount": 10.0, "param_n_sludge": 5.0},
        ],
    )
    problems = get_method("wastewater_domestic").validate(lines)
    assert [(p[0], p[1]) for p in problems] == [(0, "param_recovered_ch4"), (1, "param_n_sludge")]


@settings(max_examples=15, deadline=None)
@given(amounts=st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=5))
def test_doubling_amounts_doubles_emissions(amounts):
    domestic = ["septic_system", "latrine_wet", "aerobic_overloaded", "anaerobic_reactor"]
    rows = [{"activity": domestic[i % 4], "amount": a} for i, a in enumerate(amounts)]
    industrial = [
        {"activity": kind, "amount": a, "param_treatment": "anaerobic_lagoon_deep"}
        for kind, a in zip(
            ["starch", "dairy", "beer_malt", "pulp_paper", "alcohol_refining"],
            amounts,
            strict=False,
        )
    ]
    for method, base in (("wastewater_domestic", rows), ("wastewater_industrial", industrial)):
        compute = get_method(method).compute
        once = compute(method_lines(method, base))
        twice = compute(method_lines(method, [{**r, "amount": 2 * r["amount"]} for r in base]))
        for gas in ("ch4", "n2o"):
            assert twice[gas].to_numpy() == pytest.approx(2 * once[gas].to_numpy(), rel=1e-12)


def test_specs_follow_the_contract():
    domestic = get_method("wastewater_domestic")
    industrial = get_method("wastewater_industrial")
    assert domestic.amount_units == {"population": "person"}
    assert industrial.amount_units == {"mass": "t"}
    for spec in (domestic, industrial):
        assert spec.scopes == frozenset({1, 3})
        assert spec.allows("III.4.1", 1) and spec.allows("III.4.2", 3)
        assert spec.example["activity"] in spec.activities()
    assert "natural_rubber" in industrial.activities() and "starch" in industrial.activities()
    assert "septic_system" in domestic.activities()
