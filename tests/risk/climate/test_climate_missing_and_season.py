"""Missing days (the WMO rule) and season years, on hand-made series.

Missing-data rule (WMO-No. 1203, 2017; xclim 0.62 ``missing_wmo(nm=11, nc=5)``): a
month with 11 or more missing days, or a run of 5 or more, makes its year invalid; a
cell's period mean needs 80 % of its years valid (WMO-No. 1203 normals).
Season years (parameters.csv ``season_year_start_month`` = 8; xclim freq "YS-AUG"): a
period START-END holds the season years starting 1 August START .. END-1.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import xarray as xr
from xclim.core.missing import missing_wmo

from climateplan.risk.climate import compute_province_indices, engine
from climateplan.risk.climate.catalogue import resolve_indices
from climateplan.risk.climate.pipeline import table_notes


def times(start: int, end: int) -> xr.CFTimeIndex:
    return xr.date_range(f"{start}-01-01", f"{end}-12-31", freq="D", use_cftime=True)


def layout(start: int, end: int) -> engine.TimeLayout:
    t = times(start, end)
    return engine.TimeLayout(
        year=np.asarray(t.year),
        month=np.asarray(t.month),
        dayofyear=np.asarray(t.dayofyear),
        lead=0,
        calendar="standard",
    )


def annual_with_invalid(name: str, data: dict, lay):
    specs = resolve_indices([name])
    thresholds = engine.compute_thresholds(data, lay, specs)
    invalid: dict = {}
    values = engine.compute_annual(data, lay, thresholds, specs, invalid)[specs[0].name]
    return values, invalid[specs[0].name]


def test_forty_missing_days_drop_the_year_not_lower_prcptot():
    # 5 mm every day, 1990-1994 (1992 is a leap year); 40 missing days from 1 Feb 1991.
    # Without the rule PRCPTOT 1991 would be (365 - 40) x 5 = 1625 mm, 200 mm too low.
    lay = layout(1990, 1994)
    pr = np.full((1, lay.year.size), 5.0)
    first = int(np.flatnonzero((lay.year == 1991) & (lay.month == 2))[0])
    pr[0, first : first + 40] = np.nan
    values, invalid = annual_with_invalid("prcptot", {"pr": pr}, lay)
    # 1991 fails (28 missing days in February >= 11); the others are full years:
    # 365 x 5 = 1825, leap 1992: 366 x 5 = 1830.
    np.testing.assert_array_equal(invalid[0], [False, True, False, False, False])
    np.testing.assert_allclose(values[0], [1825, np.nan, 1830, 1825, 1825])
    # period mean over the 4 valid years of 5 (80 % >= 80 %): (3 x 1825 + 1830) / 4
    mean = engine.period_mean(values, invalid)
    assert mean[0] == pytest.approx((3 * 1825 + 1830) / 4)  # 1826.25
    # 1 of 5 years dropped
    assert engine.dropped_share(invalid, np.array([True]))[0] == pytest.approx(0.2)


def test_few_missing_days_keep_the_year_and_too_many_years_void_the_period():
    lay = layout(1990, 1994)
    pr = np.full((1, lay.year.size), 5.0)
    # 4 separate missing days in March 1990 (< 11, runs of 1 < 5): 1990 stays valid,
    # PRCPTOT 1990 = (365 - 4) x 5 = 1805 mm (missing days add nothing)
    march = np.flatnonzero((lay.year == 1990) & (lay.month == 3))
    pr[0, march[[0, 5, 10, 15]]] = np.nan
    # a run of 5 missing days in July 1992 and in July 1993: both years invalid
    for year in (1992, 1993):
        july = np.flatnonzero((lay.year == year) & (lay.month == 7))
        pr[0, july[10:15]] = np.nan
    values, invalid = annual_with_invalid("prcptot", {"pr": pr}, lay)
    np.testing.assert_array_equal(invalid[0], [False, False, True, True, False])
    assert values[0, 0] == pytest.approx(1805.0)
    # 3 valid years of 5 = 60 % < 80 %: no period value for the cell
    assert np.isnan(engine.period_mean(values, invalid)[0])


def test_missing_rule_matches_xclim_missing_wmo():
    # Random gaps in 6 cells over 1990-1994; the engine's invalid years must be xclim's.
    rng = np.random.default_rng(7)
    lay = layout(1990, 1994)
    n = lay.year.size
    pr = np.full((6, n), 3.0)
    for cell in range(6):
        for _ in range(cell * 3):
            start = int(rng.integers(0, n - 8))
            pr[cell, start : start + int(rng.integers(1, 8))] = np.nan
    cube = lay.pad(pr)
    ours = engine.invalid_years(cube, lay)
    t = times(1990, 1994)
    for cell in range(6):
        da = xr.DataArray(pr[cell], dims="time", coords={"time": t}, attrs={"units": "mm/d"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = missing_wmo(da, freq="YS", nm=11, nc=5).values
        np.testing.assert_array_equal(ours[cell], theirs, err_msg=f"cell {cell}")


def test_cdd_over_season_years_keeps_the_dry_season_whole():
    # Dry (0 mm) from 1 September to 30 April every year, 10 mm otherwise, 1990-1992.
    lay = layout(1990, 1992)
    dry = (lay.month >= 9) | (lay.month <= 4)
    pr = np.where(dry, 0.0, 10.0)[None, :]
    calendar, _ = annual_with_invalid("cdd", {"pr": pr}, lay)
    # calendar years cut the spell at 1 January: Sep-Dec = 30 + 31 + 30 + 31 = 122 days
    # (Jan-Apr = 31 + 28 + 31 + 30 = 120, 121 in 1992) -> 122 every year
    np.testing.assert_allclose(calendar[0], [122, 122, 122])
    season, invalid = annual_with_invalid("cdd_from_aug", {"pr": pr}, lay)
    # season years from 1 August, starting in 1990 and 1991 (END - 1): the whole spell,
    # Sep 1990-Apr 1991 = 122 + 120 = 242; Sep 1991-Apr 1992 = 122 + 121 (29 Feb) = 243
    np.testing.assert_allclose(season[0], [242, 243])
    assert not invalid.any()
    assert engine.period_mean(season, invalid)[0] == pytest.approx(242.5)


def test_pipeline_reports_dropped_years_and_zones_without_value(tmp_path, grid_file):
    # Every cell: 5 mm a day over 1990-1994 with 40 missing days in 1991 (as above).
    t = times(1990, 1994)
    pr = np.full(len(t), 5.0)
    first = int(np.flatnonzero((np.asarray(t.year) == 1991) & (np.asarray(t.month) == 2))[0])
    pr[first : first + 40] = np.nan
    path = grid_file(tmp_path / "gappy.nc", {"pr": pr}, 1990, 1994)
    table = compute_province_indices([path], "1990-1994", "1990-1994", indices=["prcptot"])
    # every province: (3 x 1825 + 1830) / 4 = 1826.25 mm, 20 % of the years dropped
    np.testing.assert_allclose(table["value"], 1826.25)
    np.testing.assert_allclose(table["years_dropped_pct"], 20.0)
    assert not table["synthetic"].any()
    notes = table_notes(table)
    assert any("20.0 %" in n.message_en and "20.0 %" in n.message_th for n in notes)


def test_synthetic_provenance_from_synth_climate_to_indicator_sources(synthetic_small):
    from climateplan.risk.index.framework import load_framework
    from climateplan.risk.index.values import assemble_values, read_gridded_table

    table = compute_province_indices(
        synthetic_small[:1], "1990-1992", "1990-1992", indices=["r95ptot"]
    )
    assert table["synthetic"].all()  # the files carry climateplan_synthetic = 1
    assert any("SYNTHETIC" in n.message_en for n in table_notes(table))
    fw = load_framework()
    grid = read_gridded_table(table.assign(period="1985-2014"))
    values = assemble_values(fw, None, grid)
    prov = values.provenance[values.provenance["indicator"] == "r95ptot_current"]
    assert len(prov) and prov["synthetic"].all()
    assert prov["source"].str.startswith("SYNTHETIC").all()
    assert not prov["source"].str.contains("CMIP6").any()


def test_zones_without_value_are_named():
    import pandas as pd

    table = pd.DataFrame(
        {
            "province": ["TH-50", "TH-75", "TH-75"],
            "index": ["txx", "txx", "cdd"],
            "period": "1990-1992",
            "value": [35.0, np.nan, np.nan],
            "years_dropped_pct": 0.0,
            "synthetic": False,
        }
    )
    notes = table_notes(table)
    assert len(notes) == 1  # no dropped years, not synthetic: only the empty zone
    assert "no value for 1 zone(s) in 2 row(s)" in notes[0].message_en
    assert notes[0].message_en.endswith("TH-75") and "TH-75" in notes[0].message_th
