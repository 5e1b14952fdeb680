"""The example province: complete, valid, and its scope 2 checkable by hand."""

from pathlib import Path

import pytest

from climateplan.inventory import compute_inventory, read_activity

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def example():
    return compute_inventory(read_activity(EXAMPLES / "example_province.xlsx"))


def test_example_is_complete(example):
    lines = example.lines[~example.lines["derived"]]
    assert 150 <= len(lines) <= 300
    assert set(example.by_sector.index) == {"I", "II", "III", "IV", "V"}
    assert set(lines["notation_key"]) >= {"", "NO", "NE", "IE"}
    t = example.totals
    assert 0 < t["basic"] < t["basic_plus"]
    assert t["scope1"] == pytest.approx(t["territorial"])


def test_example_scope2_by_hand(example):
    # grid electricity of I.1.2, I.2.2, I.3.2, I.5.2, II.1.2 in MWh, x TGO 2022-2024 vintage
    # 0.4750 tCO2e/MWh (inventory year 2023 lies in its data period)
    mwh = 480_000 + 265_000 + 610_000 + 58_000 + 2_100
    assert example.totals["scope2"] == pytest.approx(mwh * 0.4750, rel=1e-9)


def test_csv_and_xlsx_give_the_same_inventory(example):
    csv = compute_inventory(
        read_activity(EXAMPLES / "example_province.csv", province="TH-62", year=2566)
    )
    for key, value in example.totals.items():
        assert csv.totals[key] == pytest.approx(value)
