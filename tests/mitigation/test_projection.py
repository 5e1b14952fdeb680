"""BAU projection: drivers mapped to lines, products, intensity, grid EF path on scope 2."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.errors import InputError
from climateplan.mitigation import grid_path, project, read_drivers, read_mapping
from climateplan.mitigation.aggregate import co2e
from tests.mitigation.helpers import base_of, drivers_frame, line, small_base

DRIVERS = drivers_frame(
    [
        {"driver": "population", "year": "2022", "value": "500000", "growth_pct": "1"},
        {"driver": "vehicle_stock", "year": "2022", "growth_pct": "2"},
        {"driver": "rice_area", "year": "2022", "value": "1000"},
        {"driver": "rice_area", "year": "2030", "value": "1080"},
    ]
)


def line_co2e(projection, year):
    return co2e(projection.emissions[:, year - projection.years[0], :])


def test_default_mapping_moves_each_line_with_its_driver():
    projection = project(small_base(), read_drivers(DRIVERS), to_year=2030)
    assert projection.lines["driver"].tolist() == [
        "population",  # I.1 electricity: no residential/electricity demand given
        "population",  # its derived T&D row follows it
        "vehicle_stock",  # II.1 road transport
        "rice_area",  # V.3 rice cultivation
    ]
    values = line_co2e(projection, 2027)
    # 1000 x 1.01^5 = 1051.0100501; 80 x 1.01^5 = 84.0808040; 5000 x 1.02^5 = 5520.40402
    # rice: 100 t CH4 x 28 = 2800 t CO2e x (1000 + 80 x 5/8) / 1000 = 2800 x 1.05 = 2940
    assert values == pytest.approx([1051.0100501, 84.08080401, 5520.40402, 2940.0])


def test_base_year_equals_the_inventory():
    base = small_base()
    projection = project(base, read_drivers(DRIVERS), to_year=2025)
    assert projection.years.tolist() == [2022, 2023, 2024, 2025]
    np.testing.assert_allclose(projection.emissions[:, 0, :], base.emissions)


def test_grid_path_applies_to_scope2_and_its_td_row_only():
    path = grid_path({2020: 0.6, 2022: 0.5, 2030: 0.3})
    projection = project(small_base(), read_drivers(DRIVERS), to_year=2030, grid=path)
    values = line_co2e(projection, 2026)
    # EF 2026 = 0.5 + (0.3 - 0.5) x 4/8 = 0.4 kg/kWh, ratio to the base year 0.4 / 0.5 = 0.8
    # scope 2: 1000 x 1.01^4 x 0.8 = 1000 x 1.04060401 x 0.8 = 832.483208
    # T&D (scope 3, derived): 80 x 1.04060401 x 0.8 = 66.59865664
    # diesel is not grid electricity: 5000 x 1.02^4 = 5412.16080
    assert values[:3] == pytest.approx([832.483208, 66.59865664, 5412.1608])
    assert projection.grid_factor[4] == pytest.approx(0.8)


def test_grid_path_must_cover_the_projection():
    drivers = read_drivers(
        drivers_frame([{"driver": "population", "year": "2022", "growth_pct": "1"}])
    )
    path = grid_path({2022: 0.5, 2030: 0.3})
    with pytest.raises(InputError) as info:
        project(small_base(), drivers, to_year=2035, grid=path)
    (problem,) = info.value.problems
    assert "covers 2022-2030" in problem.message_en and "2031-2035" in problem.message_en
    assert "เส้นทาง" in problem.message_th


def test_product_of_drivers_for_waste_and_intensity_change():
    base = base_of(
        [
            line(0, "III.1.1", "landfill_commitment", "msw", ch4=10.0),
            line(1, "II.1.1", "fuel_combustion", "diesel", co2=5000.0),
        ]
    )
    drivers = read_drivers(
        drivers_frame(
            [
                {"driver": "population", "year": "2022", "growth_pct": "2"},
                {"driver": "waste_per_person", "year": "2022", "growth_pct": "1"},
                {"driver": "vehicle_stock", "year": "2022", "growth_pct": "2"},
            ]
        )
    )
    mapping = read_mapping(
        drivers_frame(
            [{"subsector": "II.1", "driver": "vehicle_stock", "intensity_change_pct": "-1"}]
        )
    )
    projection = project(base, drivers, to_year=2024, mapping=mapping)
    assert projection.lines["driver"].tolist() == ["population*waste_per_person", "vehicle_stock"]
    values = line_co2e(projection, 2023)
    # waste: 10 t CH4 x 28 = 280 x (1.02 x 1.01 = 1.0302) = 288.456
    assert values[0] == pytest.approx(288.456)
    # diesel: 5000 x 1.02^2 x (1 - 0.01)^2 = 5000 x 1.0404 x 0.9801 = 5098.4802
    assert line_co2e(projection, 2024)[1] == pytest.approx(5098.4802)


def test_missing_driver_falls_back_and_warns():
    drivers = read_drivers(
        drivers_frame([{"driver": "population", "year": "2022", "growth_pct": "1"}])
    )
    projection = project(small_base(), drivers, to_year=2023)
    # on-road falls back from vehicle_stock to population; rice has no fallback but constant
    assert projection.lines["driver"].tolist() == [
        "population",
        "population",
        "population",
        "constant",
    ]
    assert line_co2e(projection, 2023)[3] == pytest.approx(2800.0)
    (warning,) = projection.warnings
    assert "V.3" in warning.message_en and "ปีฐาน" in warning.message_th


def test_end_year_before_base_year_and_zero_base_driver_are_errors():
    with pytest.raises(InputError) as info:
        project(small_base(), read_drivers(DRIVERS), to_year=2020)
    assert "not after the base year 2022" in info.value.problems[0].message_en
    assert "พ.ศ. 2565" in info.value.problems[0].message_th
    zero = read_drivers(
        drivers_frame([{"driver": "population", "year": "2022", "value": "0", "growth_pct": "1"}])
    )
    with pytest.raises(InputError, match="is 0 in the base year"):
        project(small_base(), zero, to_year=2025)
