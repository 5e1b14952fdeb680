"""Crop residue burning (IPCC 2006 Vol 4 Ch 2 Eq 2.27), worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from _lines import method_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method

SPEC = get_method("crop_residue_burning")
# Table 2.5, agricultural residues: g of gas per kg of dry matter burnt
GEF = {"co2": 1515, "ch4": 2.7, "n2o": 0.07}


def test_sugarcane_from_production_worked_example():
    # 1,200,000 t cane; 30 % of the trash burned in the field (pre-harvest burning)
    # dry trash = 1,200,000 x RPR 0.302 x dry matter 0.908 (Sajjakulnukit et al. 2005)
    #             x 0.30 burned = 98,717.76 t; burnt = that x Cf 0.80 (Table 2.6)
    # Eq 2.27: gas (t) = burnt (t) x Gef (g/kg) x 10^-3
    burnt = 1_200_000 * 0.302 * 0.908 * 0.30 * 0.80
    lines = method_lines(
        "crop_residue_burning",
        [
            {
                "activity": "sugarcane",
                "amount": 1_200_000,
                "amount_kind": "mass",
                "param_fraction_burned": 0.3,
            }
        ],
    )
    result = SPEC.compute(lines)
    assert result["ch4"].iloc[0] == pytest.approx(burnt * 2.7e-3)
    assert result["n2o"].iloc[0] == pytest.approx(burnt * 0.07e-3)
    assert result["co2_biogenic"].iloc[0] == pytest.approx(burnt * 1515e-3)
    assert result["co2"].iloc[0] == 0.0  # biogenic CO2 never in the fossil column
    assert result["factor_origin"].iloc[0] == "TH"


@pytest.mark.parametrize(("crop", "consumed"), [("rice", 5.5), ("sugarcane", 6.5), ("maize", 10.0)])
def test_burned_area_uses_fuel_consumed(crop, consumed):
    # 100 ha burned; Table 2.4 mass of fuel burnt per ha (MB x Cf) in t dry matter
    lines = method_lines(
        "crop_residue_burning", [{"activity": crop, "amount": 100, "amount_kind": "area"}]
    )
    result = SPEC.compute(lines)
    for gas in ("ch4", "n2o"):
        assert result[gas].iloc[0] == pytest.approx(100 * consumed * GEF[gas] / 1000)
    assert result["co2_biogenic"].iloc[0] == pytest.approx(100 * consumed * 1515 / 1000)
    assert "Table 2.4" in result["factor_source"].iloc[0]


def test_area_with_fraction_and_own_fuel_load():
    # 1,000 ha of maize harvested, 40 % burned, 8 t dry matter/ha available (given):
    # 1,000 x 0.4 x 8 x Cf 0.80 (Table 2.6) = 2,560 t burnt; CH4 = 2,560 x 2.7/1000
    lines = method_lines(
        "crop_residue_burning",
        [
            {
                "activity": "maize",
                "amount": 1_000,
                "amount_kind": "area",
                "param_fraction_burned": 0.4,
                "param_fuel_load": 8.0,
            }
        ],
    )
    result = SPEC.compute(lines)
    assert result["ch4"].iloc[0] == pytest.approx(1_000 * 0.4 * 8 * 0.80 * 2.7 / 1000)
    assert result["factor_origin"].iloc[0] == "input"


def test_rice_straw_from_production_and_gas_factor_override():
    # 50,000 t paddy, half the straw burned: 50,000 x 0.447 x 0.90 x 0.5 x 0.80 = 8,046 t
    # CH4 factor given as 3.0 g/kg (replaces Table 2.5's 2.7)
    burnt = 50_000 * 0.447 * 0.90 * 0.5 * 0.80
    lines = method_lines(
        "crop_residue_burning",
        [
            {
                "activity": "rice",
                "amount": 50_000,
                "amount_kind": "mass",
                "param_fraction_burned": 0.5,
                "param_burn_ch4_ef": 3.0,
            }
        ],
    )
    result = SPEC.compute(lines)
    assert burnt == pytest.approx(8_046.0)
    assert result["ch4"].iloc[0] == pytest.approx(burnt * 3.0 / 1000)
    assert result["n2o"].iloc[0] == pytest.approx(burnt * 0.07 / 1000)
    assert "input param_burn_ch4_ef = 3 g/kg" in result["factor_source"].iloc[0]


def test_precedence_input_over_thai_over_ipcc(extra_factor):
    # An IPCC RPR for rice added to the table must not displace the shipped Thai one;
    # a given param_rpr wins over both.
    extra_factor(
        "residue_burning",
        {
            "parameter": "rpr",
            "crop": "rice",
            "value": 1.0,
            "unit": "1",
            "origin": "IPCC",
            "source": "test IPCC ratio",
        },
    )
    base = {"activity": "rice", "amount": 1_000, "amount_kind": "mass"}
    rows = [
        {**base, "param_fraction_burned": 1.0},
        {**base, "param_fraction_burned": 1.0, "param_rpr": 0.6},
    ]
    result = SPEC.compute(method_lines("crop_residue_burning", rows))
    assert result["ch4"].tolist() == pytest.approx(
        [1_000 * 0.447 * 0.90 * 0.80 * 2.7e-3, 1_000 * 0.6 * 0.90 * 0.80 * 2.7e-3]
    )
    assert result["factor_origin"].tolist() == ["TH", "input"]


def test_production_lines_need_fraction_and_ratios():
    lines = method_lines(
        "crop_residue_burning",
        [
            {"activity": "rice", "amount": 10, "amount_kind": "mass"},
            {"activity": "maize", "amount": 10, "amount_kind": "mass", "param_fraction_burned": 1},
            {"activity": "maize", "amount": 10, "amount_kind": "area"},
        ],
    )
    problems = SPEC.validate(lines)
    assert sorted((p[0], p[1]) for p in problems) == [
        (0, "param_fraction_burned"),
        (1, "param_dry_matter"),
        (1, "param_rpr"),
    ]
    assert all(p[2] and p[3] for p in problems)  # English and Thai messages


@settings(max_examples=15, deadline=None)
@given(
    amounts=st.lists(
        st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e7)), min_size=1, max_size=6
    ),
    kind=st.sampled_from(["mass", "area"]),
)
def test_doubling_amounts_doubles_emissions(amounts, kind):
    crops = ["rice", "sugarcane"]
    rows = [
        {
            "activity": crops[i % 2],
            "amount": a,
            "amount_kind": kind,
            "param_fraction_burned": 0.25,
        }
        for i, a in enumerate(amounts)
    ]
    once = SPEC.compute(method_lines("crop_residue_burning", rows))
    twice = SPEC.compute(
        method_lines("crop_residue_burning", [{**r, "amount": 2 * r["amount"]} for r in rows])
    )
    for gas in ("co2_biogenic", "ch4", "n2o"):
        np.testing.assert_allclose(twice[gas], 2 * once[gas], rtol=1e-12, atol=0)
