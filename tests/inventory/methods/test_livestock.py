"""Livestock methods: enteric fermentation and manure management (IPCC 2006 Vol 4 Ch 10).

Expected values are worked by hand from the equations and the table values cited.
"""

from __future__ import annotations

import numpy as np
import pytest
from _lines import method_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method

N2O_PER_N2O_N = 44 / 28  # molecular weights, IPCC 2006 Vol 4 Eq 10.25


def test_enteric_fermentation_worked_example():
    # IPCC 2006 Vol 4 Eq 10.19: CH4 = N x EF / 10^3 (t)
    # buffalo: Table 10.10 EF 55 kg CH4/head/yr; dairy cattle: Table 10.11 (Asia) 68
    lines = method_lines(
        "enteric_fermentation",
        [{"activity": "buffalo", "amount": 12_000}, {"activity": "dairy_cattle", "amount": 500}],
    )
    result = get_method("enteric_fermentation").compute(lines)
    assert result["ch4"].tolist() == pytest.approx([12_000 * 55 / 1000, 500 * 68 / 1000])
    assert result["ch4"].iloc[0] == pytest.approx(660.0)
    assert (result[["co2", "co2_biogenic", "n2o"]] == 0).all().all()
    assert result["factor_origin"].tolist() == ["IPCC", "IPCC"]
    assert "Table 10.10" in result["factor_source"].iloc[0]
    assert "Table 10.11" in result["factor_source"].iloc[1]


def test_poultry_has_no_enteric_factor_but_has_manure_factors():
    # IPCC 2006 Table 10.10 gives no enteric factor for poultry ("insufficient data")
    assert "layers" not in get_method("enteric_fermentation").activities()
    manure = get_method("manure_management").activities()
    assert {"layers", "broilers", "native_chicken", "ducks", "swine", "buffalo"} <= set(manure)
    lines = method_lines("manure_management", [{"activity": a, "amount": 1} for a in manure])
    result = get_method("manure_management").compute(lines)
    assert not result[["ch4", "n2o"]].isna().any().any()


def test_manure_management_worked_example_with_given_shares():
    # 1,000 swine; 60 % of manure N to solid storage, 40 % to a biogas digester.
    # CH4, Eq 10.22: N x EF(T) = 1,000 x 7 kg (Table 10.14, Asia, warm) = 7 t
    # Nex, Eq 10.30: Nrate 0.50 kg N/(1000 kg mass)/day (Table 10.19, Asia swine)
    #   x TAM 28 kg / 1000 x 365 = 5.11 kg N/head/yr
    # N2O, Eq 10.25: N x Nex x (0.6 x EF3 0.005 + 0.4 x EF3 0) x 44/28 (Table 10.21)
    lines = method_lines(
        "manure_management",
        [
            {
                "activity": "swine",
                "amount": 1_000,
                "param_mms_solid_storage": 0.6,
                "param_mms_digester": 0.4,
            }
        ],
    )
    result = get_method("manure_management").compute(lines)
    nex = 0.50 * 28 / 1000 * 365
    assert nex == pytest.approx(5.11)
    assert result["ch4"].iloc[0] == pytest.approx(1_000 * 7 / 1000)
    expected_n2o = 1_000 * nex * (0.6 * 0.005 + 0.4 * 0.0) * N2O_PER_N2O_N / 1000
    assert result["n2o"].iloc[0] == pytest.approx(expected_n2o)
    assert result["n2o"].iloc[0] == pytest.approx(0.024090, rel=1e-4)
    source = result["factor_source"].iloc[0]
    assert "solid_storage 0.6 x EF3 0.005" in source and "input param_mms_*" in source


def test_manure_default_shares_and_given_n_excretion():
    # Dairy cattle without shares: the shipped default assumption is all solid storage.
    # Nex = 0.47 (Table 10.19 Asia dairy) x 350 kg (Annex 10A, Asia) / 1000 x 365
    #     = 60.0425 kg N/head/yr; N2O = 200 x 60.0425 x 0.005 x 44/28 / 1000
    # The second line gives its own Nex of 80 kg N/head/yr.
    lines = method_lines(
        "manure_management",
        [
            {"activity": "dairy_cattle", "amount": 200},
            {"activity": "dairy_cattle", "amount": 200, "param_n_excretion": 80},
        ],
    )
    result = get_method("manure_management").compute(lines)
    nex = 0.47 * 350 / 1000 * 365
    assert result["n2o"].iloc[0] == pytest.approx(200 * nex * 0.005 * N2O_PER_N2O_N / 1000)
    assert result["n2o"].iloc[1] == pytest.approx(200 * 80 * 0.005 * N2O_PER_N2O_N / 1000)
    assert result["ch4"].tolist() == pytest.approx([200 * 28 / 1000] * 2)
    assert "default assumption" in result["factor_source"].iloc[0]
    assert "input param_n_excretion = 80" in result["factor_source"].iloc[1]


def test_grazing_animals_have_no_manure_management_n2o_by_default():
    # Buffalo graze (default share: pasture). Pasture N2O belongs to managed soils (3.C.4),
    # so manure management reports CH4 only: 1,000 x 2 kg (Table 10.14 Asia) = 2 t.
    lines = method_lines("manure_management", [{"activity": "buffalo", "amount": 1_000}])
    result = get_method("manure_management").compute(lines)
    assert result["ch4"].iloc[0] == pytest.approx(2.0)
    assert result["n2o"].iloc[0] == 0.0


@pytest.mark.parametrize("method", ["enteric_fermentation", "manure_management"])
def test_precedence_input_over_thai_over_ipcc(extra_factor, method):
    parameter = {"enteric_fermentation": "enteric_ef", "manure_management": "manure_ch4_ef"}[method]
    ipcc = {"enteric_fermentation": 47, "manure_management": 1}[method]  # other_cattle
    rows = [
        {"activity": "other_cattle", "amount": 100},
        {"activity": "other_cattle", "amount": 100, f"param_{parameter}": 30.0},
    ]
    result = get_method(method).compute(method_lines(method, rows))
    assert result["ch4"].tolist() == pytest.approx([100 * ipcc / 1000, 100 * 30 / 1000])
    assert result["factor_origin"].tolist() == ["IPCC", "input"]

    extra_factor(
        "livestock",
        {
            "parameter": parameter,
            "livestock": "other_cattle",
            "value": 40.0,
            "unit": "kg/head/year",
            "origin": "TH",
            "source": "test Thai factor",
        },
    )
    result = get_method(method).compute(method_lines(method, rows))
    assert result["ch4"].tolist() == pytest.approx([100 * 40 / 1000, 100 * 30 / 1000])
    assert result["factor_origin"].tolist() == ["TH", "input"]
    assert "test Thai factor" in result["factor_source"].iloc[0]


def test_shares_must_add_up_to_one():
    spec = get_method("manure_management")
    lines = method_lines(
        "manure_management",
        [
            {"activity": "swine", "amount": 10, "param_mms_lagoon": 0.5, "param_mms_digester": 0.3},
            {"activity": "swine", "amount": 10, "param_mms_lagoon": 0.5, "param_mms_digester": 0.5},
            {"activity": "swine", "amount": 10},
        ],
    )
    problems = spec.validate(lines)
    assert [p[0] for p in problems] == [0]
    _, column, en, th = problems[0]
    assert column == "param_mms_lagoon"  # the first share the line filled in
    assert "0.8" in en and "must add up to 1" in en
    assert "0.8" in th and "ต้องรวมกันได้ 1" in th


def test_mms_share_params_are_bounded_fractions():
    spec = get_method("manure_management")
    shares = [p for p in spec.params if p.name.startswith("mms_")]
    assert len(shares) >= 10
    assert all(p.minimum == 0.0 and p.maximum == 1.0 for p in shares)


@settings(max_examples=15, deadline=None)
@given(
    heads=st.lists(
        st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e7)), min_size=1, max_size=6
    ),
    method=st.sampled_from(["enteric_fermentation", "manure_management"]),
)
def test_doubling_heads_doubles_emissions(heads, method):
    spec = get_method(method)
    activities = spec.activities()
    rows = [{"activity": activities[i % len(activities)], "amount": h} for i, h in enumerate(heads)]
    once = spec.compute(method_lines(method, rows))
    doubled_rows = [{**r, "amount": 2 * r["amount"]} for r in rows]
    twice = spec.compute(method_lines(method, doubled_rows))
    for gas in ("ch4", "n2o"):
        np.testing.assert_allclose(twice[gas], 2 * once[gas], rtol=1e-12, atol=0)
