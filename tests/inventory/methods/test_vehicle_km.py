"""vehicle_km: GPC v1.1 Ch 7.3 VKT x fuel economy, then IPCC 2006 Vol 2 Eq 3.2.1 / 3.2.3,
worked by hand with the table values in reference/data."""

from __future__ import annotations

import pytest
from _lines import method_lines

from climateplan.inventory.methods import get_method

SPEC = get_method("vehicle_km")


def run(*rows):
    lines = method_lines("vehicle_km", list(rows))
    assert SPEC.validate(lines) == []
    return SPEC.compute(lines)


def test_passenger_car_gasoline_thai_fuel_economy():
    # 1,000,000 vehicle-km x 7.08 L/100 km (OTP/GIZ TCC 2018) = 70,800 L = 70.8 m3
    # 70.8 m3 x 31.48 MJ/L (DEDE) = 2,228.784 GJ = 2.228784 TJ
    tj = 1e6 * 7.08 / 100 / 1000 * 31.48 / 1000
    out = run({"gpc_ref": "II.1.1", "activity": "passenger_car:motor_gasoline", "amount": 1e6})
    row = out.iloc[0]
    assert row["co2"] == pytest.approx(tj * 69300 / 1000)  # Table 1.4: 154.45 t
    assert row["co2"] == pytest.approx(154.4547, rel=1e-6)
    assert row["ch4"] == pytest.approx(tj * 33 / 1000)  # Table 3.2.2 uncontrolled: 33 kg/TJ
    assert row["n2o"] == pytest.approx(tj * 3.2 / 1000)
    assert row["factor_origin"] == "TH"  # the fuel economy is the method's main factor
    assert "7.08 L/(100 km)" in row["factor_source"]


def test_gasohol_car_splits_ethanol_as_biogenic():
    # 70.8 m3 gasohol E10: 63.72 m3 gasoline x 31.48 MJ/L; 7.08 m3 ethanol x 0.7922 t/m3
    # x 27.0 TJ/Gg
    fossil_tj = 70.8 * 0.9 * 31.48 / 1000
    bio_tj = 70.8 * 0.1 * 0.7922 * 27.0 / 1000
    out = run({"gpc_ref": "II.1.1", "activity": "passenger_car:gasohol_e10", "amount": 1e6})
    assert out.iloc[0]["co2"] == pytest.approx(fossil_tj * 69300 / 1000)
    assert out.iloc[0]["co2_biogenic"] == pytest.approx(bio_tj * 70800 / 1000)


def test_truck_needs_and_uses_a_given_fuel_economy():
    lines = method_lines(
        "vehicle_km", [{"gpc_ref": "II.1.1", "activity": "truck:diesel", "amount": 1e5}]
    )
    problems = SPEC.validate(lines)
    assert [(p[0], p[1]) for p in problems] == [(0, "param_fuel_economy")]
    assert "truck:diesel" in problems[0][2] and "truck:diesel" in problems[0][3]
    # 100,000 km x 30 L/100 km = 30,000 L = 30 m3 x 36.42 MJ/L = 1.0926 TJ
    tj = 1e5 * 30 / 100 / 1000 * 36.42 / 1000
    out = run(
        {
            "gpc_ref": "II.1.3",
            "activity": "truck:diesel",
            "amount": 1e5,
            "param_fuel_economy": 30.0,
        }
    )
    assert out.iloc[0]["co2"] == pytest.approx(tj * 74100 / 1000)  # 80.96 t
    assert out.iloc[0]["ch4"] == pytest.approx(tj * 3.9 / 1000)  # Table 3.2.2 diesel
    assert out.iloc[0]["factor_origin"] == "input"


def test_spec_contract():
    codes = SPEC.activities()
    assert "passenger_car:gasohol_e10" in codes and "motorcycle:gasohol_e20" in codes
    assert SPEC.allows("II.1.1", 1) and SPEC.allows("II.1.3", 3)
    assert not SPEC.allows("II.2.1", 1)
    assert SPEC.example["activity"] in codes
