"""Managed soils: direct N2O (IPCC 2006 Vol 4 Eq 11.1) and urea CO2 (Eq 11.13), by hand."""

from __future__ import annotations

import numpy as np
import pytest
from _lines import method_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method

N2O = get_method("soils_direct_n2o")
UREA = get_method("urea_application")
N2O_PER_N2O_N = 44 / 28
CO2_PER_C = 44 / 12


def test_fertiliser_product_on_flooded_rice():
    # 2,500 t of 16-20-0 (16 % N by the grade convention) on flooded rice:
    # N = 2,500 x 0.16 = 400 t N; EF1FR = 0.003 (Table 11.1)
    # N2O = 400 x 0.003 x 44/28 = 1.885714... t
    lines = method_lines(
        "soils_direct_n2o",
        [{"activity": "npk_16_20_0", "amount": 2_500, "param_flooded_rice": "yes"}],
    )
    result = N2O.compute(lines)
    assert result["n2o"].iloc[0] == pytest.approx(2_500 * 0.16 * 0.003 * N2O_PER_N2O_N)
    assert result["n2o"].iloc[0] == pytest.approx(1.885714, rel=1e-6)
    assert "EF1FR" in result["factor_source"].iloc[0]
    assert "Fertilizer Act" in result["factor_source"].iloc[0]


@pytest.mark.parametrize(
    ("activity", "amount", "n_share", "ef"),
    [
        ("synthetic_n", 100, 1.0, 0.01),  # t N; EF1 0.01 (Table 11.1)
        ("organic_n", 40, 1.0, 0.01),
        ("crop_residue_n", 25, 1.0, 0.01),
        ("urea_46_0_0", 1_000, 0.46, 0.01),  # urea is 46 % N
        ("ammonium_sulphate_21_0_0", 300, 0.21, 0.01),
        ("npk_15_15_15", 500, 0.15, 0.01),
        ("manure_pasture_cpp_n", 80, 1.0, 0.02),  # EF3PRP,CPP (Table 11.1)
        ("manure_pasture_so_n", 10, 1.0, 0.01),  # EF3PRP,SO (Table 11.1)
    ],
)
def test_direct_n2o_by_input(activity, amount, n_share, ef):
    lines = method_lines("soils_direct_n2o", [{"activity": activity, "amount": amount}])
    result = N2O.compute(lines)
    assert result["n2o"].iloc[0] == pytest.approx(amount * n_share * ef * N2O_PER_N2O_N)
    assert result["co2"].iloc[0] == 0.0 and result["ch4"].iloc[0] == 0.0


def test_urea_application_worked_example():
    # Eq 11.13: CO2 = M x EF x 44/12 = 1,800 t x 0.20 t C/t x 44/12 = 1,320 t CO2 (fossil)
    lines = method_lines("urea_application", [{"activity": "urea_46_0_0", "amount": 1_800}])
    result = UREA.compute(lines)
    assert result["co2"].iloc[0] == pytest.approx(1_800 * 0.20 * CO2_PER_C)
    assert result["co2"].iloc[0] == pytest.approx(1_320.0)
    assert result["co2_biogenic"].iloc[0] == 0.0
    assert result["factor_origin"].iloc[0] == "IPCC"


def test_precedence_input_over_thai_over_ipcc(extra_factor):
    rows = [
        {"activity": "synthetic_n", "amount": 100},
        {"activity": "synthetic_n", "amount": 100, "param_n2o_ef": 0.015},
    ]
    result = N2O.compute(method_lines("soils_direct_n2o", rows))
    assert result["n2o"].tolist() == pytest.approx(
        [100 * 0.01 * N2O_PER_N2O_N, 100 * 0.015 * N2O_PER_N2O_N]
    )
    assert result["factor_origin"].tolist() == ["IPCC", "input"]
    extra_factor(
        "soils",
        {
            "parameter": "ef_direct",
            "value": 0.008,
            "unit": "1",
            "origin": "TH",
            "source": "test Thai EF1",
        },
    )
    result = N2O.compute(method_lines("soils_direct_n2o", rows))
    assert result["n2o"].tolist() == pytest.approx(
        [100 * 0.008 * N2O_PER_N2O_N, 100 * 0.015 * N2O_PER_N2O_N]
    )
    assert result["factor_origin"].tolist() == ["TH", "input"]


def test_given_n_content_and_urea_factor_override():
    lines = method_lines(
        "soils_direct_n2o", [{"activity": "npk_16_16_8", "amount": 10, "param_n_content": 0.2}]
    )
    assert N2O.compute(lines)["n2o"].iloc[0] == pytest.approx(10 * 0.2 * 0.01 * N2O_PER_N2O_N)
    lines = method_lines(
        "urea_application", [{"activity": "urea_46_0_0", "amount": 10, "param_urea_ef": 0.18}]
    )
    result = UREA.compute(lines)
    assert result["co2"].iloc[0] == pytest.approx(10 * 0.18 * CO2_PER_C)
    assert result["factor_origin"].iloc[0] == "input"


def test_flooded_rice_flag_not_allowed_for_grazing_manure():
    lines = method_lines(
        "soils_direct_n2o",
        [
            {"activity": "manure_pasture_cpp_n", "amount": 5, "param_flooded_rice": "yes"},
            {"activity": "urea_46_0_0", "amount": 5, "param_flooded_rice": "yes"},
        ],
    )
    problems = N2O.validate(lines)
    assert [(p[0], p[1]) for p in problems] == [(0, "param_flooded_rice")]
    assert "manure_pasture" in problems[0][2] and "ทุ่งแทะเล็ม" in problems[0][3]


@settings(max_examples=15, deadline=None)
@given(
    amounts=st.lists(
        st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e6)), min_size=1, max_size=6
    )
)
def test_doubling_amounts_doubles_emissions(amounts):
    inputs = N2O.activities()
    rows = [{"activity": inputs[i % len(inputs)], "amount": a} for i, a in enumerate(amounts)]
    doubled = [{**r, "amount": 2 * r["amount"]} for r in rows]
    once = N2O.compute(method_lines("soils_direct_n2o", rows))
    twice = N2O.compute(method_lines("soils_direct_n2o", doubled))
    np.testing.assert_allclose(twice["n2o"], 2 * once["n2o"], rtol=1e-12, atol=0)
    urea_rows = [{"activity": "urea_46_0_0", "amount": a} for a in amounts]
    once = UREA.compute(method_lines("urea_application", urea_rows))
    twice = UREA.compute(
        method_lines("urea_application", [{**r, "amount": 2 * r["amount"]} for r in urea_rows])
    )
    np.testing.assert_allclose(twice["co2"], 2 * once["co2"], rtol=1e-12, atol=0)
