"""fuel_combustion: worked examples computed by hand from IPCC 2006 Vol 2 Eq 2.1 /
Ch 3 equations and the table values in reference/data (literal numbers below)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _lines import method_lines

from climateplan.inventory.methods import get_method
from climateplan.inventory.methods._energy_common import fuel_catalogue
from climateplan.reference.factors import factor_table

SPEC = get_method("fuel_combustion")


def run(*rows, year=2023):
    lines = method_lines("fuel_combustion", list(rows), year=year)
    assert SPEC.validate(lines) == []
    return SPEC.compute(lines)


def test_diesel_litres_residential_thai_ncv_per_litre():
    # 1,000 L = 1 m3 diesel in I.1.1 (residential, IPCC 2006 Vol 2 Ch 2 Eq 2.1)
    # energy: 1 m3 x 36.42 MJ/L (DEDE NCV per litre, origin TH) = 36.42 GJ = 0.03642 TJ
    tj = 1.0 * 36.42 / 1000
    out = run({"gpc_ref": "I.1.1", "activity": "diesel", "amount": 1.0, "amount_kind": "volume"})
    row = out.iloc[0]
    assert row["co2"] == pytest.approx(tj * 74100 / 1000)  # Table 1.4: 74,100 kg/TJ -> 2.6987 t
    assert row["co2"] == pytest.approx(2.698722)
    assert row["ch4"] == pytest.approx(tj * 10 / 1000)  # Table 2.5 residential: 10 kg/TJ
    assert row["n2o"] == pytest.approx(tj * 0.6 / 1000)  # Table 2.5: 0.6 kg/TJ
    assert row["co2_biogenic"] == 0
    assert row["factor_origin"] == "IPCC"  # the CO2 EF is the main factor
    assert "36.42 MJ/L" in row["factor_source"]
    assert "74100 kg/TJ" in row["factor_source"]


def test_input_density_asks_for_density_times_mass_ncv():
    # same 1 m3 diesel with param_density 0.84 kg/L: the input beats the Thai NCV per
    # litre, so volume -> mass -> energy: 0.84 t x 43.0 TJ/Gg (Table 1.2) = 0.03612 TJ
    tj = 1.0 * 0.84 * 43.0 / 1000
    out = run(
        {
            "gpc_ref": "I.1.1",
            "activity": "diesel",
            "amount": 1.0,
            "amount_kind": "volume",
            "param_density": 0.84,
            "source": "supplier sheet",
        }
    )
    assert out.iloc[0]["co2"] == pytest.approx(tj * 74100 / 1000)  # 2.6765 t
    assert out.iloc[0]["co2"] == pytest.approx(2.676492)
    assert "input param_density = 0.84 kg/L (supplier sheet)" in out.iloc[0]["factor_source"]


def test_lpg_by_mass():
    # 12 t LPG in I.1.1: 12 t x 47.3 TJ/Gg (Table 1.2) = 0.5676 TJ
    tj = 12 * 47.3 / 1000
    out = run({"gpc_ref": "I.1.1", "activity": "lpg", "amount": 12.0, "amount_kind": "mass"})
    assert out.iloc[0]["co2"] == pytest.approx(tj * 63100 / 1000)  # 35.81556 t
    assert out.iloc[0]["ch4"] == pytest.approx(tj * 5 / 1000)  # Table 2.5: 5 kg/TJ
    assert out.iloc[0]["n2o"] == pytest.approx(tj * 0.1 / 1000)


def test_natural_gas_cubic_metres_thai_ncv_per_cubic_foot():
    # 1,000 m3 natural gas in I.3.1: DEDE dry gas 1.02 MJ per cubic foot;
    # 1 m3 = 35.3147 ft3 -> 1,000 x 35.3147 x 1.02 MJ = 36,021 MJ = 0.036021 TJ
    tj = 1000 * 35.3147 * 1.02 / 1e6
    out = run(
        {"gpc_ref": "I.3.1", "activity": "natural_gas", "amount": 1000.0, "amount_kind": "volume"}
    )
    assert out.iloc[0]["co2"] == pytest.approx(tj * 56100 / 1000, rel=1e-5)  # 2.0208 t
    assert out.iloc[0]["ch4"] == pytest.approx(tj * 1 / 1000, rel=1e-5)  # Table 2.3: 1 kg/TJ


def test_precedence_input_beats_thai_beats_ipcc():
    rows = [
        # lignite: Thai NCV 10.4685 MJ/kg beats IPCC 11.9 TJ/Gg
        {"gpc_ref": "I.4.1", "activity": "lignite", "amount": 100.0, "amount_kind": "mass"},
        # the input NCV 12.5 TJ/Gg beats the Thai value
        {
            "gpc_ref": "I.4.1",
            "activity": "lignite",
            "amount": 100.0,
            "amount_kind": "mass",
            "param_ncv": 12.5,
        },
        # sub-bituminous coal: no Thai NCV, IPCC 18.9 TJ/Gg
        {
            "gpc_ref": "I.4.1",
            "activity": "sub_bituminous_coal",
            "amount": 100.0,
            "amount_kind": "mass",
        },
    ]
    out = run(*rows)
    # Eq 2.1 with Table 1.4 lignite 101,000 kg/TJ, sub-bituminous 96,100 kg/TJ
    assert out.iloc[0]["co2"] == pytest.approx(100 * 10.4685 / 1000 * 101000 / 1000)  # 105.73 t
    assert out.iloc[1]["co2"] == pytest.approx(100 * 12.5 / 1000 * 101000 / 1000)  # 126.25 t
    assert out.iloc[2]["co2"] == pytest.approx(100 * 18.9 / 1000 * 96100 / 1000)  # 181.629 t
    # energy industries (Table 2.2): coal CH4 1 kg/TJ, N2O 1.5 kg/TJ
    assert out.iloc[0]["ch4"] == pytest.approx(100 * 10.4685 / 1000 * 1 / 1000)
    assert out.iloc[0]["n2o"] == pytest.approx(100 * 10.4685 / 1000 * 1.5 / 1000)
    assert "NCV: Thai fuel heating-value table" in out.iloc[0]["factor_source"]
    assert "input param_ncv = 12.5 TJ/Gg" in out.iloc[1]["factor_source"]
    assert "Table 1.2" in out.iloc[2]["factor_source"]


def test_input_emission_factors_override_tables():
    out = run(
        {
            "gpc_ref": "I.3.1",
            "activity": "natural_gas",
            "amount": 2.0,
            "amount_kind": "energy",
            "param_co2_ef": 60000.0,
            "param_ch4_ef": 2.0,
            "param_n2o_ef": 0.2,
        }
    )
    row = out.iloc[0]
    assert row["co2"] == pytest.approx(2.0 * 60000 / 1000)  # 120 t
    assert row["ch4"] == pytest.approx(2.0 * 2.0 / 1000)
    assert row["n2o"] == pytest.approx(2.0 * 0.2 / 1000)
    assert row["factor_origin"] == "input"


def test_biomass_co2_is_biogenic():
    # 10 t fuel wood in I.1.1: 10 t x 15.6 TJ/Gg = 0.156 TJ; CO2 112,000 kg/TJ (Table 1.4)
    tj = 10 * 15.6 / 1000
    out = run({"gpc_ref": "I.1.1", "activity": "fuel_wood", "amount": 10.0, "amount_kind": "mass"})
    row = out.iloc[0]
    assert row["co2"] == 0
    assert row["co2_biogenic"] == pytest.approx(tj * 112000 / 1000)  # 17.472 t
    # CH4 and N2O of biomass still count: Table 2.5 wood 300 and 4 kg/TJ
    assert row["ch4"] == pytest.approx(tj * 300 / 1000)
    assert row["n2o"] == pytest.approx(tj * 4 / 1000)


def test_rice_husk_thai_ncv_biogenic():
    # 5 t rice husk in I.3.1: Thai NCV 14.3979 MJ/kg; CO2 100,000 kg/TJ (other primary
    # solid biomass, Table 1.4) biogenic; Table 2.3 CH4 30, N2O 4 kg/TJ
    tj = 5 * 14.3979 / 1000
    out = run({"gpc_ref": "I.3.1", "activity": "rice_husk", "amount": 5.0, "amount_kind": "mass"})
    assert out.iloc[0]["co2_biogenic"] == pytest.approx(tj * 100000 / 1000)
    assert out.iloc[0]["ch4"] == pytest.approx(tj * 30 / 1000)


def test_diesel_b7_litres_split_fossil_and_biogenic():
    # 1,000 L diesel B7 on the road (II.1.1): 7 % biodiesel by volume (Thai grade)
    fossil_tj = 0.93 * 36.42 / 1000  # 0.93 m3 x 36.42 MJ/L (DEDE)
    bio_tj = 0.07 * 0.88 * 27.0 / 1000  # 0.07 m3 x 0.88 t/m3 (REN21) x 27.0 TJ/Gg (Table 1.2)
    out = run(
        {"gpc_ref": "II.1.1", "activity": "diesel_b7", "amount": 1.0, "amount_kind": "volume"}
    )
    row = out.iloc[0]
    assert row["co2"] == pytest.approx(fossil_tj * 74100 / 1000)  # 2.50981 t
    assert row["co2_biogenic"] == pytest.approx(bio_tj * 70800 / 1000)  # 0.117755 t
    # CH4/N2O on the whole blend with road diesel factors, Table 3.2.2: 3.9 and 3.9 kg/TJ
    assert row["ch4"] == pytest.approx((fossil_tj + bio_tj) * 3.9 / 1000)
    assert row["n2o"] == pytest.approx((fossil_tj + bio_tj) * 3.9 / 1000)
    assert "[diesel]" in row["factor_source"] and "[biodiesel]" in row["factor_source"]


def test_blend_share_parameter_and_energy_amount():
    # 1 TJ of gasohol E10 given in energy: split by the energy of each part per litre
    fossil_mj = 0.9 * 31.48  # MJ per litre of blend from gasoline (DEDE 31.48 MJ/L)
    bio_mj = 0.1 * 0.7922 * 27.0  # ethanol: 0.7922 kg/L (EIA) x 27.0 MJ/kg (Table 1.2)
    bio_share = bio_mj / (fossil_mj + bio_mj)
    # diesel B7 declared as B10 by param_bio_share_pct
    fossil_tj = 0.90 * 36.42 / 1000
    bio_tj = 0.10 * 0.88 * 27.0 / 1000
    out = run(
        {"gpc_ref": "II.1.1", "activity": "gasohol_e10", "amount": 1.0, "amount_kind": "energy"},
        {
            "gpc_ref": "II.1.1",
            "activity": "diesel_b7",
            "amount": 1.0,
            "amount_kind": "volume",
            "param_bio_share_pct": 10.0,
        },
    )
    assert out.iloc[0]["co2"] == pytest.approx((1 - bio_share) * 69300 / 1000)
    assert out.iloc[0]["co2_biogenic"] == pytest.approx(bio_share * 70800 / 1000)
    assert out.iloc[0]["ch4"] == pytest.approx(1.0 * 33 / 1000)  # uncontrolled gasoline
    assert out.iloc[1]["co2"] == pytest.approx(fossil_tj * 74100 / 1000)
    assert out.iloc[1]["co2_biogenic"] == pytest.approx(bio_tj * 70800 / 1000)


@pytest.mark.parametrize(
    ("gpc_ref", "fuel", "ch4", "n2o"),
    [
        ("I.1.1", "diesel", 10, 0.6),  # residential, Table 2.5
        ("I.2.1", "diesel", 10, 0.6),  # commercial, Table 2.4
        ("I.3.1", "diesel", 3, 0.6),  # manufacturing, Table 2.3
        ("I.4.1", "diesel", 3, 0.6),  # energy industries, Table 2.2
        ("I.4.4", "natural_gas", 1, 0.1),  # energy industries, Table 2.2
        ("I.5.1", "diesel", 10, 0.6),  # agriculture/forestry/fishing, Table 2.5
        ("I.6.1", "diesel", 10, 0.6),  # non-specified: Table 2.4 stands in
        ("I.1.1", "other_bituminous_coal", 300, 1.5),  # residential coal, Table 2.5
        ("I.3.1", "charcoal", 200, 4),  # Table 2.3
        ("II.1.1", "diesel", 3.9, 3.9),  # road, Table 3.2.2
        ("II.1.1", "cng", 92, 3),  # road natural gas, Table 3.2.2
        ("II.1.1", "lpg", 62, 0.2),  # road LPG, Table 3.2.2
        ("II.1.3", "diesel", 3.9, 3.9),  # transboundary road, scope 3
        ("II.2.1", "diesel", 4.15, 28.6),  # rail, Table 3.4.1
        ("II.3.1", "residual_fuel_oil", 7, 2),  # navigation, Table 3.5.3
        ("II.4.1", "jet_kerosene", 0.5, 2),  # aviation, Table 3.6.5
        ("II.5.1", "diesel", 4.15, 28.6),  # off-road, Table 3.3.1
    ],
)
def test_ch4_n2o_follow_the_sector_or_mode(gpc_ref, fuel, ch4, n2o):
    # 1 TJ of fuel: kg/TJ factor -> tonnes
    out = run({"gpc_ref": gpc_ref, "activity": fuel, "amount": 1.0, "amount_kind": "energy"})
    assert out.iloc[0]["ch4"] == pytest.approx(ch4 / 1000)
    assert out.iloc[0]["n2o"] == pytest.approx(n2o / 1000)


def test_road_gasoline_technology():
    rows = [
        {"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 1.0, "amount_kind": "energy"},
        {
            "gpc_ref": "II.1.1",
            "activity": "motor_gasoline",
            "amount": 1.0,
            "amount_kind": "energy",
            "param_technology": "oxidation_catalyst",
        },
        {
            "gpc_ref": "II.5.1",
            "activity": "motor_gasoline",
            "amount": 1.0,
            "amount_kind": "energy",
            "param_technology": "2_stroke",
        },
    ]
    out = run(*rows)
    # Table 3.2.2: uncontrolled 33 / 3.2, oxidation catalyst 25 / 8.0 kg/TJ
    assert (out.iloc[0]["ch4"], out.iloc[0]["n2o"]) == pytest.approx((0.033, 0.0032))
    assert (out.iloc[1]["ch4"], out.iloc[1]["n2o"]) == pytest.approx((0.025, 0.008))
    # Table 3.3.1 off-road 2-stroke gasoline (industry): 130 / 0.4 kg/TJ
    assert (out.iloc[2]["ch4"], out.iloc[2]["n2o"]) == pytest.approx((0.130, 0.0004))


def test_bad_lines_are_reported_bilingually():
    lines = method_lines(
        "fuel_combustion",
        [
            {
                "gpc_ref": "II.1.1",
                "activity": "diesel_b7",
                "amount": 1.0,
                "amount_kind": "volume",
                "param_ncv": 43.0,
            },
            {"gpc_ref": "II.4.1", "activity": "fuel_wood", "amount": 1.0, "amount_kind": "mass"},
            {"gpc_ref": "I.1.1", "activity": "fuel_wood", "amount": 1.0, "amount_kind": "volume"},
            {
                "gpc_ref": "I.1.1",
                "activity": "diesel",
                "amount": 1.0,
                "amount_kind": "energy",
                "param_technology": "2_stroke",
            },
            {
                "gpc_ref": "I.1.1",
                "activity": "diesel",
                "amount": 1.0,
                "amount_kind": "energy",
                "param_bio_share_pct": 5.0,
            },
        ],
    )
    problems = SPEC.validate(lines)
    by_line = {}
    for line_id, column, en, th in problems:
        by_line.setdefault(line_id, []).append((column, en, th))
        assert en and th and en != th
    assert [c for c, *_ in by_line[0]] == ["param_ncv"]
    assert "blended fuel diesel_b7" in by_line[0][0][1]
    assert {c for c, *_ in by_line[1]} == {"param_ch4_ef", "param_n2o_ef"}
    assert "aviation" in by_line[1][0][1]
    assert by_line[2][0][0] == "unit" and "fuel_wood" in by_line[2][0][1]
    assert by_line[3][0][0] == "param_technology"
    assert by_line[4][0][0] == "param_bio_share_pct"
    with pytest.raises(ValueError, match="not validated"):
        SPEC.compute(lines)


def test_spec_contract():
    assert SPEC.allows("I.4.4", 1) and SPEC.allows("II.3.3", 3)
    assert not SPEC.allows("I.1.2", 2) and not SPEC.allows("I.1.3", 3)
    assert not SPEC.allows("I.7.1", 1)  # fugitive emissions are not combustion
    for p in SPEC.params:
        assert p.description_en and p.description_th
    example = SPEC.example
    assert set(example) == {"gpc_ref", "method", "activity", "amount", "unit", "params"}
    assert example["activity"] in SPEC.activities()


def test_every_fuel_has_the_factors_it_needs():
    cat = fuel_catalogue()
    fuels = factor_table("fuels")
    have = set(zip(fuels["parameter"], fuels["fuel"], strict=True))
    for fuel, row in cat.iterrows():
        for part in (row["fossil_part"], row["bio_part"]):
            if part:
                assert ("co2_ef", part) in have and ("ncv", part) in have, part
        if row["kind"] == "blend":
            assert ("bio_share", fuel) in have
            assert ("density", row["bio_part"]) in have
    stationary = factor_table("stationary")
    for sector in ("residential", "commercial", "manufacturing", "energy_industries"):
        fuels_here = set(stationary.loc[stationary["sector"] == sector, "fuel"])
        assert set(cat["nonco2_fuel"]) <= fuels_here, sector


def test_doubling_every_amount_doubles_every_gas():
    rows = [
        {"gpc_ref": "II.1.1", "activity": "diesel_b7", "amount": 3.0, "amount_kind": "volume"},
        {"gpc_ref": "I.3.1", "activity": "bagasse", "amount": 7.0, "amount_kind": "mass"},
        {"gpc_ref": "I.2.1", "activity": "lpg", "amount": 0.4, "amount_kind": "energy"},
    ]
    once = run(*rows)
    twice = run(*[{**r, "amount": 2 * r["amount"]} for r in rows])
    for gas in ("co2", "co2_biogenic", "ch4", "n2o"):
        np.testing.assert_allclose(twice[gas], 2 * once[gas])


def test_hundred_thousand_mixed_lines_compute_in_one_call():
    # Speed is measured in bench/bench_inventory.py (national batch), not here:
    # tests stay deterministic on a loaded machine.
    rng = np.random.default_rng(7)
    n = 100_000
    refs = np.array(["I.1.1", "I.2.1", "I.3.1", "I.4.1", "II.1.1"])
    fuels = np.array(["diesel", "diesel_b7", "gasohol_e10", "lpg", "natural_gas"])
    kinds = np.array(["energy", "mass", "volume"])
    template = method_lines(
        "fuel_combustion",
        [{"gpc_ref": "I.1.1", "activity": "diesel", "amount": 1.0, "amount_kind": "energy"}],
    )
    lines = template.iloc[np.zeros(n, dtype=int)].reset_index(drop=True)
    ref = refs[rng.integers(0, len(refs), n)]
    lines["gpc_ref"] = ref
    lines["subsector"] = pd.Series(ref).str.rsplit(".", n=1).str[0].to_numpy()
    lines["activity"] = fuels[rng.integers(0, len(fuels), n)]
    lines["amount_kind"] = kinds[rng.integers(0, len(kinds), n)]
    lines["amount"] = rng.uniform(1, 100, n)
    lines["line_id"] = np.arange(n)
    lines.index = lines["line_id"].to_numpy()
    out = SPEC.compute(lines)
    assert len(out) == n and out["co2"].gt(0).all()
