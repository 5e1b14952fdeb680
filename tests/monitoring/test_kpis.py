"""KPIs of an action and reported values taken into the KPI's unit (pint)."""

from __future__ import annotations

import pytest

from climateplan.monitoring.kpis import Kpi, UnitMismatch, action_kpis, convert, is_count

SOLAR = Kpi("kpi", "kpi", "กำลังผลิตโซลาร์รูฟท็อป", "Rooftop solar", "kWp", 0, 5000, 2027)
AREA = Kpi("indicator:0", "output", "พื้นที่ป่าที่ฟื้นฟู", "Forest restored", "rai", 0, 500, 2027)
WASTE = Kpi("kpi", "kpi", "ขยะอินทรีย์ที่หมัก", "Waste composted", "t", 0, 1000, 2027)
UNITS = Kpi("kpi", "kpi", "เครื่องปรับอากาศ", "Air conditioners", "units", 0, 10000, 2027)


def test_keys_of_a_measure_and_of_an_adaptation_action():
    measure = action_kpis({"name_en": "Rooftop solar", "name_th": "โซลาร์", "unit": "kWp"}, {})
    assert [(k.key, k.kind, k.unit) for k in measure] == [("kpi", "kpi", "kWp")]
    action = action_kpis(
        {},
        {
            "indicators": [
                {"kind": "output", "name_en": "Ponds dug", "unit": "ponds", "target": 300},
                {"kind": "outcome", "name_en": "Households served", "unit": "households"},
            ]
        },
    )
    assert [(k.key, k.kind, k.unit, k.target) for k in action] == [
        ("indicator:0", "output", "ponds", 300.0),
        ("indicator:1", "outcome", "households", None),
    ]
    assert action_kpis(None, None) == []


def test_peak_power_converts_within_its_kind():
    # 0.12 MWp x 1000 kWp/MWp = 120 kWp; 2500 Wp / 1000 = 2.5 kWp
    assert convert(0.12, "MWp", SOLAR, column="c") == pytest.approx(120.0)
    assert convert(2500, "Wp", SOLAR, column="c") == pytest.approx(2.5)
    assert convert(7, "", SOLAR, column="c") == 7  # no unit: the KPI's own


def test_area_and_mass_convert():
    # 1 rai = 1,600 m2 (Royal Institute of Thailand), 1 ha = 10,000 m2: 4 ha = 40,000 m2
    # = 40,000 / 1,600 = 25 rai
    assert convert(4, "ha", AREA, column="c") == pytest.approx(25.0)
    # 2,500 kg / 1,000 kg per tonne = 2.5 t
    assert convert(2500, "kg", WASTE, column="c") == pytest.approx(2.5)


@pytest.mark.parametrize("unit", ["t", "kW", "MWh", "furlongs-per-fortnight"])
def test_a_unit_of_another_kind_is_refused_naming_the_field_and_expected_unit(unit):
    with pytest.raises(UnitMismatch) as caught:
        convert(1, unit, SOLAR, column="kpi_unit:kpi")
    problem = caught.value.problem
    assert problem.column == "kpi_unit:kpi"
    assert "kWp" in problem.message_en and "kWp" in problem.message_th
    assert "Rooftop solar" in problem.message_en and "โซลาร์รูฟท็อป" in problem.message_th
    assert problem.value == unit


def test_counts_take_only_their_own_word_or_none():
    assert is_count("units") and is_count("households") and is_count("trees")
    assert not is_count("kWp") and not is_count("t")
    assert convert(40, "units", UNITS, column="c") == 40
    assert convert(1, "unit", UNITS, column="c") == 1
    assert convert(40, "", UNITS, column="c") == 40
    for other in ("persons", "households", "kWh"):
        with pytest.raises(UnitMismatch):
            convert(40, other, UNITS, column="c")
