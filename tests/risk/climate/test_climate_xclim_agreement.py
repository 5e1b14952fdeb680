"""The NumPy engine against plain xclim on synthetic data, index by index and cell by cell.

Both read the same days; every index the engine implements itself must agree with the
xclim function of the same definition (index_catalogue() column ``xclim``). Sums of
float32 rain differ in the last bits (xclim sums in float32), hence a relative tolerance.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from climateplan.risk.climate.pipeline import compute_cell_indices, prepare
from climateplan.risk.climate.xclim_pipeline import xclim_cell_values, xclim_province_indices
from climateplan.risk.climate.zonal import zone_weights

pytestmark = pytest.mark.slow


def _compare(plan, weights, fast_base, fast_periods, xclim_base, xclim_periods):
    names = [s.name for s in plan.specs]
    pairs = [(fast_base[m], xclim_base[m]) for m in fast_base]
    pairs += [(f[3], x[3]) for f, x in zip(fast_periods, xclim_periods, strict=True)]
    for fast, ref in pairs:
        for i, name in enumerate(names):
            expected = ref[name].transpose("lat", "lon").values[weights.rows, weights.cols]
            np.testing.assert_allclose(fast[i], expected, rtol=2e-6, atol=1e-5, err_msg=name)


def test_every_index_agrees_with_xclim_standard_calendar(synthetic_small):
    # The 1990-1992 baseline holds the leap year 1992 (365 -> 366 stretch of percentiles);
    # 1993-1995 has none and reads lead months from 1992. One model, all 17 indices
    # including heat-stress days. (Baselines of two years make SPI fits of two values
    # per month, whose SPI sits on -1 to rounding: three years at least.) The three
    # season-year indices (cdd, spi3, spi6 over years from 1 August) make 20.
    plan, zones = prepare(synthetic_small[:1], "1990-1992,1993-1995", "1990-1992")
    assert len(plan.specs) == 20
    member = next(iter(plan.baseline_jobs.values())).member
    weights = zone_weights(member.lat, member.lon, zones)
    fast_base, fast_periods = compute_cell_indices(plan, weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        xclim_base, xclim_periods = xclim_cell_values(plan)
    _compare(plan, weights, fast_base, fast_periods, xclim_base, xclim_periods)


@pytest.mark.parametrize("calendar", ["noleap", "360_day"])
def test_indices_agree_with_xclim_other_calendars(tmp_path, calendar):
    from climateplan.risk.climate import SyntheticClimateSettings, generate_synthetic_climate

    settings = SyntheticClimateSettings(
        start_year=1990,
        end_year=1995,
        resolution=2.0,
        models=1,
        seed=4,
        calendar=calendar,
        variables=("tasmax", "tasmin", "pr"),
    )
    files = generate_synthetic_climate(tmp_path, settings)
    indices = ["tx90p", "tn90p", "wsdi", "cdd", "rx5day", "r95ptot", "spi3_months_below_m1"]
    plan, zones = prepare(files, "1990-1992,1993-1995", "1990-1992", indices=indices)
    member = next(iter(plan.baseline_jobs.values())).member
    weights = zone_weights(member.lat, member.lon, zones)
    fast_base, fast_periods = compute_cell_indices(plan, weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        xclim_base, xclim_periods = xclim_cell_values(plan)
    _compare(plan, weights, fast_base, fast_periods, xclim_base, xclim_periods)


def test_province_values_agree_with_regionmask_pipeline(synthetic_small):
    from climateplan.risk.climate import run_plan

    indices = ["txx", "prcptot", "cdd"]
    plan, zones = prepare(synthetic_small[:1], "1990-1992,1993-1995", "1990-1992", indices=indices)
    fast = run_plan(plan, zones)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = xclim_province_indices(plan, zones)
    # regionmask estimates cell fractions on a 10 x 10 sub-grid (exact intersections here),
    # so province means differ a little on this coarse 1-degree grid; compare with a tolerance
    # relative to each index's spread across provinces.
    for name in indices:
        a = fast[fast["index"] == name]["value"].to_numpy()
        b = ref[ref["index"] == name]["value"].to_numpy()
        spread = np.nanmax(a) - np.nanmin(a)
        assert np.nanmax(np.abs(a - b)) < 0.08 * spread, name
        assert np.nanmedian(np.abs(a - b)) < 0.01 * spread, name
