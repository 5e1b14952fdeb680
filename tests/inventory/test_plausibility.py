"""Implausible amounts: results that cannot be computed are refused with their location;
lines above the national total are computed, kept and warned about.

Hand-derived values: LPG, IPCC 2006 Vol 2 Ch 1 Table 1.2 NCV 47.3 TJ/Gg and Table 1.4
CO2 EF 63,100 kg/TJ (CH4 5 kg/TJ, N2O 0.1 kg/TJ for the residential sector, Vol 2 Ch 2
Table 2.5), AR5 GWP CH4 28, N2O 265:
1e15 t LPG = 1e12 Gg x 47.3 TJ/Gg = 4.73e13 TJ; CO2 = 4.73e13 x 63.1 t = 2.98463e15 t,
far above Thailand's national total (BUR4, 2018: 372,648.77 Gg CO2eq excluding LULUCF).
1 t of CO2 entered directly is of course below it.
"""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.errors import InputError
from climateplan.inventory import analyse, compute_inventory
from climateplan.inventory.export import to_dict
from climateplan.inventory.plausibility import COMPUTABLE_T, plausibility_bounds

NATIONAL_T = 372_648.77 * 1000  # Gg -> t


def line(amount: str, **cells) -> dict:
    row = {"gpc_ref": "I.1.1", "method": "fuel_combustion", "activity": "lpg"}
    return {**row, "amount": amount, "unit": "t", **cells}


def test_shipped_bound_is_the_national_total_with_its_source():
    bounds = plausibility_bounds()
    assert bounds.at["*", "bound_t_co2e"] == pytest.approx(NATIONAL_T)
    assert "Biennial Update Report" in bounds.at["*", "source"]


def test_overflowing_lines_are_refused_with_file_sheet_row_column(make_activity):
    rows = [
        line("10"),
        line("1e306"),  # finite (2.98e306 t CO2) but beyond what the uncertainty can square
        line("1e308"),  # x 47.3 x 63.1 overflows to inf
    ]
    with pytest.raises(InputError) as error:
        make_activity(rows, file="province.csv")
    problems = error.value.problems
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("province.csv", 3, "amount"),
        ("province.csv", 4, "amount"),
    ]
    assert "cannot be computed" in problems[0].message_en
    assert "คำนวณ" in problems[0].message_th
    assert COMPUTABLE_T < 2.98e306


def test_implausible_line_is_warned_and_computed(make_activity):
    data = make_activity([line("1e15"), line("1", method="direct", activity="CO2")])
    assert len(data.warnings) == 1
    warning = data.warnings[0]
    assert (warning.file, warning.row, warning.column) == ("test.csv", 2, "amount")
    assert "372,648,770" in warning.message_en and "372,648,770" in warning.message_th
    result = analyse(data)
    # still computed. Per t of LPG: 0.0473 TJ; CO2 0.0473 x 63.1 = 2.98463 t; CH4 0.0473 x 5 kg
    # = 2.365e-4 t x 28 = 0.006622; N2O 0.0473 x 0.1 kg = 4.73e-6 t x 265 = 0.00125345
    # -> 2.99250545 t CO2e per t; BASIC = 1e15 x 2.99250545 + 1 (the direct line)
    assert result.totals["basic"] == pytest.approx(1e15 * 2.99250545 + 1, rel=1e-12)
    assert result.warnings == data.warnings
    doc = to_dict(result)
    assert doc["warnings"][0]["row"] == 2
    # and the uncertainty of the totals is a number, not null
    uncertainty = result.extras["uncertainty"].set_index("total")
    assert np.isfinite(uncertainty.at["basic", "uncertainty_pct"])


def test_removal_above_the_national_total_is_warned_too(make_activity):
    rows = [{"gpc_ref": "V.2", "method": "direct", "activity": "CO2", "amount": "-4e8"}]
    rows[0]["unit"] = "t"
    data = make_activity(rows)
    # |-400,000,000| > 372,648,770
    assert [w.row for w in data.warnings] == [2]


def test_a_hand_built_inventory_is_checked_as_well(make_activity):
    data = make_activity([line("10")])
    data.lines.loc[0, "amount"] = 1e308  # not through validation
    del data.__dict__["_computed"]
    with pytest.raises(InputError):
        compute_inventory(data)
