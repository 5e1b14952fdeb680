"""Zonal means on polygons with known areas (exact cell-polygon intersections)."""

from __future__ import annotations

import math

import numpy as np
import shapely

from climateplan.risk.climate import load_zones, make_zones, zone_weights

# 1-degree grid: cell centres lon 100.5..103.5, lat 10.5..12.5 (edges lon 100..104, lat 10..13).
LON = np.array([100.5, 101.5, 102.5, 103.5])
LAT = np.array([10.5, 11.5, 12.5])


def field(values_by_cell: dict[tuple[float, float], float], weights) -> np.ndarray:
    """Values for the used cells of ``weights`` from {(lon, lat): value}."""
    return np.array(
        [values_by_cell[(LON[c], LAT[r])] for r, c in zip(weights.rows, weights.cols, strict=True)]
    )


def test_partial_cells_weighted_by_covered_area():
    # Zone A covers half of cell (100.5, 10.5) and all of cell (101.5, 10.5): same row, so
    # equal cell areas; mean = (0.5 x 10 + 1 x 40) / 1.5 = 30.
    zone_a = shapely.box(101.0 - 0.5, 10.0, 102.0, 11.0)
    zones = make_zones(["A"], [zone_a])
    w = zone_weights(LAT, LON, zones)
    values = field({(100.5, 10.5): 10.0, (101.5, 10.5): 40.0}, w)
    np.testing.assert_allclose(w.zonal_mean(values), [30.0])


def test_cells_in_different_rows_weighted_by_spherical_area():
    # Zone B covers cell (102.5, 10.5) and cell (102.5, 11.5) fully. Areas on the sphere are
    # proportional to sin(north) - sin(south): w1 = sin 11 - sin 10, w2 = sin 12 - sin 11.
    zone_b = shapely.box(102.0, 10.0, 103.0, 12.0)
    w = zone_weights(LAT, LON, make_zones(["B"], [zone_b]))
    w1 = math.sin(math.radians(11)) - math.sin(math.radians(10))
    w2 = math.sin(math.radians(12)) - math.sin(math.radians(11))
    expected = (w1 * 20.0 + w2 * 50.0) / (w1 + w2)  # slightly more weight on the southern cell
    values = field({(102.5, 10.5): 20.0, (102.5, 11.5): 50.0}, w)
    np.testing.assert_allclose(w.zonal_mean(values), [expected], rtol=1e-12)
    assert expected < 35.0


def test_zone_smaller_than_a_cell_gets_its_cell_value():
    tiny = shapely.box(101.2, 11.2, 101.3, 11.3)  # inside cell (101.5, 11.5); no cell centre in it
    straddling = shapely.box(
        102.9, 12.4, 103.1, 12.6
    )  # half in (102.5, 12.5), half in (103.5, 12.5)
    w = zone_weights(LAT, LON, make_zones(["tiny", "straddle"], [tiny, straddling]))
    values = field({(101.5, 11.5): 7.0, (102.5, 12.5): 2.0, (103.5, 12.5): 4.0}, w)
    np.testing.assert_allclose(w.zonal_mean(values), [7.0, 3.0])


def test_missing_cells_are_left_out_and_weights_renormalised():
    zone = shapely.box(100.0, 10.0, 102.0, 11.0)  # two full cells
    w = zone_weights(LAT, LON, make_zones(["Z"], [zone]))
    values = field({(100.5, 10.5): np.nan, (101.5, 10.5): 9.0}, w)
    np.testing.assert_allclose(w.zonal_mean(values), [9.0])
    all_missing = np.full(w.n_cells, np.nan)
    assert np.isnan(w.zonal_mean(all_missing)[0])


def test_descending_latitude_gives_the_same_weights():
    zone = shapely.box(100.3, 10.2, 102.7, 12.9)
    up = zone_weights(LAT, LON, make_zones(["Z"], [zone]))
    down = zone_weights(LAT[::-1], LON, make_zones(["Z"], [zone]))
    f_up = (LAT[up.rows] * 10 + LON[up.cols]).astype(float)
    f_down = (LAT[::-1][down.rows] * 10 + LON[down.cols]).astype(float)
    np.testing.assert_allclose(up.zonal_mean(f_up), down.zonal_mean(f_down))


def test_every_province_gets_weight_on_a_quarter_degree_grid():
    zones = load_zones("province")
    assert len(zones) == 77 and zones.codes[0] == "TH-10"
    lon = np.arange(97.125, 106.0, 0.25)
    lat = np.arange(5.375, 21.0, 0.25)
    w = zone_weights(lat, lon, zones)
    coverage = w.coverage()
    assert (coverage > 0).all()
    # Weights add up to each province's area: compare with the polygon area scaled to the
    # sphere at its latitude (degree^2 x cos(lat) in steradians), within 2 %.
    geoms = zones.geometries
    lat_c = shapely.centroid(geoms)
    approx = np.deg2rad(1) ** 2 * shapely.area(geoms) * np.cos(np.deg2rad(shapely.get_y(lat_c)))
    np.testing.assert_allclose(coverage, approx, rtol=0.02)
    # The smallest province (about 0.03 degree^2, half a 0.25-degree cell) has a value.
    smallest = int(np.argmin(shapely.area(geoms)))
    assert shapely.area(geoms[smallest]) < 0.0625
    assert coverage[smallest] > 0
