"""The unit registry: conversions as typed in Thai workbooks."""

import pytest

from climateplan.units import UnitError, conversion_factor


@pytest.mark.parametrize(
    ("src", "dst", "factor"),
    [
        ("m3", "L", 1000),
        ("ลิตร", "m3", 0.001),
        ("ไร่", "ha", 0.16),  # 1 rai = 1,600 m2 = 0.16 ha
        ("MWh", "kWh", 1000),
        ("หน่วย", "kWh", 1),  # electricity bill "units"
        ("GJ", "TJ", 0.001),
        ("kg", "t", 0.001),
        ("Gg", "t", 1000),
        ("ตัว", "head", 1),
        ("1000 L", "m3", 1),
        ("tonnes", "kg", 1000),
    ],
)
def test_conversions(src, dst, factor):
    assert conversion_factor(src, dst) == pytest.approx(factor)


@pytest.mark.parametrize("bad", ["", "furlongs per fortnight squared x", "12"])
def test_bad_units(bad):
    with pytest.raises(UnitError):
        conversion_factor(bad, "t")


def test_wrong_dimension():
    with pytest.raises(UnitError, match="cannot convert"):
        conversion_factor("kWh", "t")
    with pytest.raises(UnitError):
        conversion_factor("head", "person")
