"""direct: gases entered in tonnes go to their own columns."""

from __future__ import annotations

import pytest
from _lines import method_lines

from climateplan.inventory.methods import get_method
from climateplan.inventory.methods.direct import canonical_gas

SPEC = get_method("direct")


def test_each_gas_in_its_column():
    rows = [
        {"gpc_ref": "I.3.1", "activity": "CO2", "amount": 10.0, "source": "plant MRV 2023"},
        {"gpc_ref": "I.3.1", "activity": "CO2_biogenic", "amount": 4.0},
        {"gpc_ref": "III.1.1", "activity": "CH4", "amount": 2.0},
        {"gpc_ref": "V.3", "activity": "N2O", "amount": 0.5},
        {"gpc_ref": "IV.2", "activity": "HFC134a", "amount": 1.2},
        {"gpc_ref": "IV.2", "activity": "PFC14", "amount": 0.1},
        {"gpc_ref": "IV.2", "activity": "SF6", "amount": 0.01},
    ]
    out = SPEC.compute(method_lines("direct", rows)).set_index("line_id")
    assert out.loc[0, "co2"] == 10.0 and out.loc[0, "ch4"] == 0
    assert out.loc[1, "co2_biogenic"] == 4.0 and out.loc[1, "co2"] == 0
    assert out.loc[2, "ch4"] == 2.0
    assert out.loc[3, "n2o"] == 0.5
    assert (out.loc[4, "other_gas"], out.loc[4, "other_t"]) == ("HFC134a", 1.2)
    assert (out.loc[5, "other_gas"], out.loc[5, "other_t"]) == ("CF4", 0.1)  # PFC-14 = CF4
    assert (out.loc[6, "other_gas"], out.loc[6, "other_t"]) == ("SF6", 0.01)
    assert out.loc[0, "other_gas"] == "" and out.loc[0, "other_t"] == 0
    assert out.loc[0, "factor_source"] == "direct entry (plant MRV 2023)"
    assert out.loc[1, "factor_source"] == "direct entry"
    assert set(out["factor_origin"]) == {"input"}


@pytest.mark.parametrize(
    ("typed", "gas"),
    [
        ("HFC-134a", "HFC134a"),
        ("co2 biogenic", "CO2_biogenic"),
        ("PFC-116", "C2F6"),
        ("nf3", "NF3"),
    ],
)
def test_gas_spellings(typed, gas):
    assert canonical_gas(typed) == gas


def test_only_kyoto_gases_and_any_ref():
    codes = set(SPEC.activities())
    assert {"CO2", "CO2_biogenic", "CH4", "N2O", "SF6", "NF3", "HFC23", "CF4"} <= codes
    assert "CFC11" not in codes and "HCFC22" not in codes  # Montreal Protocol gases
    assert SPEC.allows("VI.1", 3) and SPEC.allows("I.1.2", 2) and SPEC.allows("V.1", 1)
