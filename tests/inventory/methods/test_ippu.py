"""cement_clinker: IPCC 2006 Vol 3 Ch 2 Eq 2.1 / 2.2, worked by hand."""

from __future__ import annotations

import pytest
from _lines import method_lines

from climateplan.inventory.methods import get_method
from climateplan.reference.factors import factor_table

SPEC = get_method("cement_clinker")


def run(*rows):
    lines = method_lines("cement_clinker", list(rows))
    assert SPEC.validate(lines) == []
    return SPEC.compute(lines)


def test_clinker_eq_2_2():
    # Eq 2.2: 1,000 t clinker x EF_cl 0.51 t CO2/t x CF_ckd 1.02 = 520.2 t CO2
    out = run({"gpc_ref": "IV.1", "activity": "clinker", "amount": 1000.0})
    assert out.iloc[0]["co2"] == pytest.approx(1000 * 0.51 * 1.02)
    assert out.iloc[0]["co2"] == pytest.approx(520.2)
    assert out.iloc[0][["ch4", "n2o", "co2_biogenic"]].sum() == 0
    assert out.iloc[0]["factor_origin"] == "IPCC"


def test_cement_eq_2_1():
    # Eq 2.1 (Tier 1): 1,000 t cement x clinker fraction 0.9 x EF_clc 0.52 = 468 t CO2
    out = run(
        {"gpc_ref": "IV.1", "activity": "cement", "amount": 1000.0, "param_clinker_fraction": 0.9}
    )
    assert out.iloc[0]["co2"] == pytest.approx(1000 * 0.9 * 0.52)


def test_plant_factors_override():
    out = run(
        {
            "gpc_ref": "IV.1",
            "activity": "clinker",
            "amount": 1000.0,
            "param_ef_clinker": 0.53,
            "param_cf_ckd": 1.05,
        }
    )
    assert out.iloc[0]["co2"] == pytest.approx(1000 * 0.53 * 1.05)
    assert out.iloc[0]["factor_origin"] == "input"


def test_tier1_factor_is_the_corrected_tier2_factor():
    # IPCC: EF_clc 0.52 = EF_cl 0.51 x CF_ckd 1.02 (0.5202 rounded): the shipped table
    # must stay consistent, else Eq 2.1 and 2.2 disagree for the same clinker
    table = factor_table("ippu").set_index("parameter")["value"]
    assert table["ef_clinker"] * table["cf_ckd"] == pytest.approx(
        table["ef_clinker_tier1"], abs=0.005
    )


def test_bad_parameters():
    lines = method_lines(
        "cement_clinker",
        [
            {"gpc_ref": "IV.1", "activity": "cement", "amount": 10.0},
            {
                "gpc_ref": "IV.1",
                "activity": "cement",
                "amount": 10.0,
                "param_clinker_fraction": 0.9,
                "param_cf_ckd": 1.02,
            },
            {
                "gpc_ref": "IV.1",
                "activity": "clinker",
                "amount": 10.0,
                "param_clinker_fraction": 0.9,
            },
        ],
    )
    problems = sorted((p[0], p[1]) for p in SPEC.validate(lines))
    assert problems == [
        (0, "param_clinker_fraction"),
        (1, "param_cf_ckd"),
        (2, "param_clinker_fraction"),
    ]
