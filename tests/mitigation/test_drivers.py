"""Driver series: growth, elasticity, interpolation, and the bad inputs (all at once)."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.errors import InputError
from climateplan.mitigation import read_drivers
from tests.mitigation.helpers import drivers_frame


def levels(rows, years, province=None):
    return read_drivers(drivers_frame(rows)).levels(np.asarray(years), province=province)


def test_constant_growth_compounds():
    # 100 growing 3 % a year for 5 years: 100 x 1.03^5 = 115.9274074...
    frame = levels(
        [{"driver": "population", "year": "2022", "value": "100", "growth_pct": "3"}],
        range(2022, 2028),
    )
    assert frame.loc[2023, "population"] == pytest.approx(103.0)
    assert frame.loc[2027, "population"] == pytest.approx(115.927407430, rel=1e-12)
    assert pytest.approx(115.927407430) == 100 * 1.03**5


def test_growth_only_driver_is_an_index_from_one():
    frame = levels([{"driver": "gpp", "year": "2022", "growth_pct": "4"}], range(2022, 2025))
    # 1, 1.04, 1.04^2 = 1.0816
    assert frame["gpp"].tolist() == pytest.approx([1.0, 1.04, 1.0816])


def test_elasticity_to_another_driver():
    # GPP grows 4 %/yr; electricity demand has elasticity 0.5 to GPP:
    # growth = (1.04)^0.5 - 1 = 0.0198039...; level after 2 years = 1.04^(0.5 x 2) = 1.04
    frame = levels(
        [
            {"driver": "gpp", "year": "2022", "growth_pct": "4"},
            {
                "driver": "electricity_demand",
                "year": "2022",
                "value": "500",
                "elasticity": "0.5",
                "elasticity_to": "gpp",
            },
        ],
        range(2022, 2025),
    )
    growth = frame.loc[2023, "electricity_demand"] / frame.loc[2022, "electricity_demand"] - 1
    assert growth == pytest.approx(1.04**0.5 - 1)
    assert growth == pytest.approx(0.019803902718557, rel=1e-12)
    assert frame.loc[2024, "electricity_demand"] == pytest.approx(500 * 1.04)


def test_linear_and_geometric_interpolation_between_given_years():
    frame = levels(
        [
            {"driver": "rice_area", "year": "2020", "value": "100"},
            {"driver": "rice_area", "year": "2025", "value": "150"},
            {
                "driver": "vehicle_stock",
                "year": "2020",
                "value": "100",
                "interpolation": "geometric",
            },
            {"driver": "vehicle_stock", "year": "2022", "value": "121"},
        ],
        range(2020, 2023),
    )
    # linear: 100 + (150 - 100) x 2/5 = 120 in 2022; 100 + 50 x 1/5 = 110 in 2021
    assert frame.loc[2021, "rice_area"] == pytest.approx(110.0)
    assert frame.loc[2022, "rice_area"] == pytest.approx(120.0)
    # geometric: constant growth 100 -> 121 over 2 years is 10 %: 110 in 2021
    assert frame.loc[2021, "vehicle_stock"] == pytest.approx(110.0)


def test_value_then_growth_then_new_value():
    frame = levels(
        [
            {"driver": "gpp", "year": "2022", "value": "200", "growth_pct": "5"},
            {"driver": "gpp", "year": "2024", "value": "230", "growth_pct": "-10"},
        ],
        range(2022, 2026),
    )
    # 200, 210, then the given 230 wins in 2024, then 230 x 0.9 = 207
    assert frame["gpp"].tolist() == pytest.approx([200.0, 210.0, 230.0, 207.0])


def test_buddhist_era_years_and_province_rows():
    rows = [
        {"driver": "population", "year": "2565", "value": "100", "growth_pct": "1"},
        {
            "driver": "population",
            "year": "2565",
            "value": "100",
            "growth_pct": "2",
            "province": "TH-10",
        },
    ]
    table = read_drivers(drivers_frame(rows))
    assert set(table.rules["year"]) == {2022}  # 2565 BE = 2022 CE
    other = table.levels(np.arange(2022, 2024), province="TH-50")
    bangkok = table.levels(np.arange(2022, 2024), province="TH-10")
    assert other.loc[2023, "population"] == pytest.approx(101.0)
    assert bangkok.loc[2023, "population"] == pytest.approx(102.0)


def test_gap_after_the_last_value_is_an_error():
    table = read_drivers(
        drivers_frame(
            [
                {"driver": "population", "year": "2022", "value": "100"},
                {"driver": "population", "year": "2025", "value": "110"},
            ]
        )
    )
    with pytest.raises(InputError) as info:
        table.levels(np.arange(2022, 2031))
    (problem,) = info.value.problems
    assert "2026-2030" in problem.message_en and "gap" in problem.message_en
    assert "ช่องว่าง" in problem.message_th
    assert problem.row == 3 and problem.column == "year"


def test_bad_rows_all_reported_at_once():
    frame = drivers_frame(
        [
            {"driver": "population", "year": "2022", "value": "-5"},  # negative
            {"driver": "gpp", "year": "20x2", "growth_pct": "3"},  # not a year
            {"driver": "gpp", "year": "2023", "growth_pct": "-150"},  # below -100 %
            {"driver": "waste_per_person", "year": "2022"},  # blank: a gap
            {"driver": "elec", "year": "2022", "elasticity": "0.8", "elasticity_to": "nothing"},
            {"driver": "rice_area", "year": "2022", "value": "10"},
            {"driver": "rice_area", "year": "2022", "value": "11"},  # duplicate year
            {"driver": "fleet", "year": "2022", "value": "10"},
            {"driver": "fleet", "year": "2030", "growth_pct": "2"},  # value-only then no value
        ]
    )
    with pytest.raises(InputError) as info:
        read_drivers(frame)
    where = {(p.row, p.column) for p in info.value.problems}
    assert {
        (2, "value"),
        (3, "year"),
        (4, "growth_pct"),
        (5, "value"),
        (6, "elasticity_to"),
        (8, "year"),
        (10, "value"),
    } <= where
    for p in info.value.problems:
        assert p.message_en and p.message_th


def test_circular_elasticities_are_refused():
    table = read_drivers(
        drivers_frame(
            [
                {
                    "driver": "a",
                    "year": "2022",
                    "value": "1",
                    "elasticity": "1",
                    "elasticity_to": "b",
                },
                {
                    "driver": "b",
                    "year": "2022",
                    "value": "1",
                    "elasticity": "1",
                    "elasticity_to": "a",
                },
            ]
        )
    )
    with pytest.raises(InputError, match="circle"):
        table.levels(np.arange(2022, 2025))


def test_a_driver_falling_to_zero_is_named_with_its_year():
    # GPP linear from 100 (2022) to 0 (2026), flat after; electricity has elasticity 0.8 to
    # GPP: growth from 2026 to 2027 is (0/0)^0.8, undefined; the message names GPP and 2026
    table = read_drivers(
        drivers_frame(
            [
                {"driver": "gpp", "year": "2022", "value": "100"},
                {"driver": "gpp", "year": "2026", "value": "0", "growth_pct": "0"},
                {
                    "driver": "electricity_demand",
                    "year": "2022",
                    "value": "5",
                    "elasticity": "0.8",
                    "elasticity_to": "gpp",
                },
            ]
        )
    )
    with pytest.raises(InputError) as info:
        table.levels(np.arange(2022, 2031))
    (problem,) = info.value.problems
    assert "'gpp' falls to zero in 2026" in problem.message_en
    assert "2027-2030" in problem.message_en and "gap" not in problem.message_en
    assert "พ.ศ. 2569" in problem.message_th
    assert problem.row == 4 and problem.column == "elasticity_to"
