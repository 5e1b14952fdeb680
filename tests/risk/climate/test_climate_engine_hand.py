"""Indices on hand-made series whose answers are worked out by hand in each test.

Definitions: ETCCDI (Zhang et al. 2011, WIREs Clim Change 2:851-870, Table 1);
percentiles: Hyndman and Fan (1996) definition 8; SPI: McKee et al. (1993) with Thom's
(1958) gamma estimator; heat index: Rothfusz (1990), NWS Technical Attachment SR 90-23.
Years 2001-2002 have 365 days each (no leap year), so day d of year 2 is index 365 + d - 1.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

from climateplan.risk.climate import engine
from climateplan.risk.climate.catalogue import resolve_indices


def daily_times(start: int, end: int, calendar: str = "standard") -> xr.CFTimeIndex:
    return xr.date_range(
        f"{start}-01-01",
        f"{end}-12-{30 if calendar == '360_day' else 31}",
        freq="D",
        calendar=calendar,
        use_cftime=True,
    )


def layout(start: int, end: int, calendar: str = "standard"):
    times = daily_times(start, end, calendar)
    return engine.TimeLayout(
        year=np.asarray(times.year),
        month=np.asarray(times.month),
        dayofyear=np.asarray(times.dayofyear),
        lead=0,
        calendar=calendar,
    )


def annual(name: str, data: dict, lay, thresholds=None):
    specs = resolve_indices([name])
    thresholds = thresholds or engine.compute_thresholds(data, lay, specs)
    return engine.compute_annual(data, lay, thresholds, specs)[specs[0].name]


def test_txx_and_tnn_are_annual_extremes():
    lay = layout(2001, 2002)
    tx = np.full((2, 730), 30.0, dtype=np.float32)  # two cells
    tx[0, 100] = 38.5  # cell 0, year 2001
    tx[0, 365 + 200] = 36.0  # cell 0, year 2002
    tx[1, 10] = 31.0
    tn = np.full((2, 730), 22.0, dtype=np.float32)
    tn[1, 365 + 3] = 12.5
    data = {"tasmax": tx, "tasmin": tn}
    np.testing.assert_allclose(annual("txx", data, lay), [[38.5, 36.0], [31.0, 30.0]])
    np.testing.assert_allclose(annual("tnn", data, lay), [[22.0, 22.0], [22.0, 12.5]])


def test_cdd_cwd_spells_by_hand_and_cut_at_new_year():
    lay = layout(2001, 2002)
    pr = np.full((1, 730), 5.0, dtype=np.float32)  # wet every day
    pr[0, 49:69] = 0.0  # 20 dry days in 2001 (days 50-69)
    pr[0, 300:310] = 0.9  # 10 days below 1 mm: dry too
    pr[0, 358:369] = 0.0  # 7 dry days ending 31 Dec 2001 + 4 starting 1 Jan 2002
    pr[0, 365 + 99 : 365 + 111] = 0.2  # 12 dry days in 2002
    cdd = annual("cdd", {"pr": pr}, lay)
    # 2001: longest of 20, 10, 7 -> 20. 2002: longest of 4 (cut at 1 January) and 12 -> 12.
    np.testing.assert_allclose(cdd, [[20, 12]])
    cwd = annual("cwd", {"pr": pr}, lay)
    # 2001 wet runs: days 1-49 (49), 70-300 (231), 311-358 (48) -> 231.
    # 2002 wet runs: days 5-99 (95), 112-365 (254) -> 254.
    np.testing.assert_allclose(cwd, [[231, 254]])


def test_rx5day_and_rx1day_with_window_ending_in_next_year():
    lay = layout(2001, 2002)
    pr = np.zeros((1, 730), dtype=np.float32)
    pr[0, 100:105] = [10, 20, 30, 40, 50]  # 5-day total 150 in 2001
    pr[0, 363:366] = 60  # 30 and 31 December 2001, 1 January 2002
    # Rx5day 2001: windows ending in 2001: max(150, 60 + 60 = 120) = 150.
    # Rx5day 2002: the window ending 1 January 2002 holds 28 Dec-1 Jan = 0+0+60+60+60 = 180
    # (ETCCDI/xclim assign a window to the year of its last day).
    np.testing.assert_allclose(annual("rx5day", {"pr": pr}, lay), [[150, 180]])
    np.testing.assert_allclose(annual("rx1day", {"pr": pr}, lay), [[60, 60]])


def test_prcptot_r20mm_r95ptot_by_hand():
    lay = layout(2001, 2002)
    pr = np.zeros((1, 730), dtype=np.float32)
    # 2001 wet days: 0.5 (not wet), 1, 2, ..., 20 mm on days 1..20; 2002 the same plus 40 mm.
    pr[0, 0:20] = np.arange(1, 21)
    pr[0, 20] = 0.5
    pr[0, 365 : 365 + 20] = np.arange(1, 21)
    pr[0, 365 + 30] = 40.0
    # PRCPTOT: 2001 = 1 + ... + 20 = 210; 2002 = 210 + 40 = 250 (0.5 mm is not a wet day).
    np.testing.assert_allclose(annual("prcptot", {"pr": pr}, lay), [[210, 250]])
    # R20mm (RR >= 20 mm): 2001 one day (20); 2002 two days (20, 40).
    np.testing.assert_allclose(annual("r20mm", {"pr": pr}, lay), [[1, 2]])
    # Baseline wet days (both years): 1..20 twice and 40: n = 41 values.
    # Type 8 quantile, p = 0.95: h = (n + 1/3) p + 1/3 = 41.3333 x 0.95 + 0.3333 = 39.6
    # sorted x(39) = 20, x(40) = 20, x(41) = 40 -> Q = x(39) + 0.6 (x(40) - x(39)) = 20.
    # R95p: days above 20 mm -> 2001 none, 2002 the 40 mm day.
    # R95pTOT = 100 x R95p / PRCPTOT: 2001 0 %, 2002 100 x 40 / 250 = 16 %.
    thresholds = engine.compute_thresholds({"pr": pr}, lay, resolve_indices(["r95ptot"]))
    np.testing.assert_allclose(thresholds.pr95, [20.0])
    np.testing.assert_allclose(annual("r95ptot", {"pr": pr}, lay, thresholds), [[0.0, 16.0]])


def test_tx90p_percentile_and_percentage_by_hand():
    lay = layout(2001, 2002)
    tx = np.full((1, 730), 30.0, dtype=np.float32)
    hot_days = [50, 120, 200]  # isolated hot days in 2001 (0-based day index)
    tx[0, hot_days] = 36.0
    thresholds = engine.compute_thresholds({"tasmax": tx}, lay, resolve_indices(["tx90p"]))
    # Calendar day of a hot day: 5-day window x 2 years = 10 values, one of them 36.
    # Type 8, p = 0.9: h = (10 + 1/3) x 0.9 + 1/3 = 9.6333; x(9) = 30, x(10) = 36
    # -> percentile = 30 + 0.6333 x (36 - 30) = 33.8 degC. Far from hot days: 30 degC.
    expected_hot = 30 + ((10 + 1 / 3) * 0.9 + 1 / 3 - 9) * 6
    np.testing.assert_allclose(thresholds.tx90[0, hot_days], expected_hot, rtol=1e-6)
    np.testing.assert_allclose(thresholds.tx90[0, 300], 30.0)
    # A day counts when TX > its calendar day's percentile: the three 36 degC days only
    # (36 > 33.8); 30 degC days never exceed a percentile of at least 30.
    # TX90p 2001 = 100 x 3 / 365 = 0.8219 %; 2002 = 0 %.
    value = annual("tx90p", {"tasmax": tx}, lay, thresholds)
    np.testing.assert_allclose(value, [[100 * 3 / 365, 0.0]])


def test_wsdi_counts_days_in_spells_of_six_or_more():
    lay = layout(2001, 2002)
    tx = np.full((1, 730), 30.0, dtype=np.float32)
    thresholds = engine.Thresholds(tx90=np.full((1, 365), 32.0))
    tx[0, 10:16] = 33.0  # 6 days above 32: counted
    tx[0, 40:45] = 33.0  # 5 days: too short
    tx[0, 362:368] = 33.0  # 3 days in 2001 + 3 in 2002: cut at New Year, neither counts
    tx[0, 365 + 100 : 365 + 108] = 33.0  # 8 days in 2002
    # WSDI 2001 = 6; 2002 = 8.
    np.testing.assert_allclose(annual("wsdi", {"tasmax": tx}, lay, thresholds), [[6, 8]])


def test_threshold_counts_are_strict():
    lay = layout(2001, 2002)
    tx = np.full((1, 730), 30.0, dtype=np.float32)
    tx[0, :4] = [35.0, 35.1, 36.0, 34.9]  # TX > 35: 35.1 and 36 (35.0 is not above)
    tn = np.full((1, 730), 24.0, dtype=np.float32)
    tn[0, 365:375] = 25.5  # ten nights above 25 in 2002
    np.testing.assert_allclose(annual("tx_days_above_35", {"tasmax": tx}, lay), [[2, 0]])
    np.testing.assert_allclose(annual("tn_days_above_25", {"tasmin": tn}, lay), [[0, 10]])


def test_heat_index_matches_fahrenheit_rothfusz_regression():
    # NWS SR 90-23 (Rothfusz 1990), degF: HI = -42.379 + 2.04901523 T + 10.14333127 R
    # - 0.22475541 T R - 6.83783e-3 T^2 - 5.481717e-2 R^2 + 1.22874e-3 T^2 R
    # + 8.5282e-4 T R^2 - 1.99e-6 T^2 R^2. At T = 95 degF (35 degC), R = 60 %:
    t, r = 95.0, 60.0
    hi_f = (
        -42.379
        + 2.04901523 * t
        + 10.14333127 * r
        - 0.22475541 * t * r
        - 6.83783e-3 * t * t
        - 5.481717e-2 * r * r
        + 1.22874e-3 * t * t * r
        + 8.5282e-4 * t * r * r
        - 1.99e-6 * t * t * r * r
    )
    hi_c = (hi_f - 32) * 5 / 9  # = 45.05 degC
    np.testing.assert_allclose(
        engine.heat_index(np.array([35.0]), np.array([60.0])), [hi_c], atol=1e-3
    )
    # Below 20 degC the regression is not used.
    assert np.isnan(engine.heat_index(np.array([19.0]), np.array([90.0]))[0])


def test_humidity_at_tmax_holds_vapour_pressure():
    # TX 34, TN 26 -> mean 30 degC; RH 70 % at the mean. WMO-No. 8 Magnus form over water
    # (xclim wmo08): e_s ~ exp(17.62 (T - 273.16) / (T - 30.04)), T in K.
    es30 = math.exp(17.62 * (303.15 - 273.16) / (303.15 - 30.04))
    es34 = math.exp(17.62 * (307.15 - 273.16) / (307.15 - 30.04))
    expected = 70 * es30 / es34  # about 56.6 %
    got = engine.humidity_at_tmax(np.array([34.0]), np.array([26.0]), np.array([70.0]))
    np.testing.assert_allclose(got, [expected], rtol=1e-12)
    assert 55 < expected < 58


def test_heat_stress_days_count():
    lay = layout(2001, 2002)
    tx = np.full((1, 730), 30.0, dtype=np.float32)
    tn = np.full((1, 730), 24.0, dtype=np.float32)
    hurs = np.full((1, 730), 60.0, dtype=np.float32)
    # TX 30, TN 24, RH 60 %: RH(TX) = 60 e_s(27)/e_s(30) = 50.4 %, heat index 31.1 degC: no.
    # TX 38, TN 24, RH 60 %: RH(TX) = 60 e_s(31)/e_s(38) = 40.7 %, heat index 43.7 degC > 41.
    tx[0, 5:9] = 38.0  # four such days in 2001
    rh = engine.humidity_at_tmax(
        np.array([38.0, 30.0]), np.array([24.0, 24.0]), np.array([60.0, 60.0])
    )
    np.testing.assert_allclose(
        engine.heat_index(np.array([38.0, 30.0]), rh), [43.73, 31.11], atol=0.01
    )
    value = annual("heat_index_days_above_41", {"tasmax": tx, "tasmin": tn, "hurs": hurs}, lay)
    np.testing.assert_allclose(value, [[4, 0]])


def test_spi_gamma_fit_by_thom_estimator():
    # Three positive values 1, 2, 4 and one zero for one calendar month.
    # mean of positives = 7/3; A = ln(7/3) - (ln 1 + ln 2 + ln 4)/3 = 0.847298 - 0.693147
    # = 0.154151; shape = (1 + sqrt(1 + 4A/3)) / (4A) = (1 + 1.097992) / 0.616604 = 3.40251;
    # scale = (7/3) / shape = 0.685764; P(zero) = 1/4.
    x = np.full((1, 4, 12), 5.0)
    x[0, :, 0] = [1.0, 2.0, 4.0, 0.0]
    shape, scale, p_zero = engine.spi_fit(x)
    a = math.log(7 / 3) - (math.log(1) + math.log(2) + math.log(4)) / 3
    expected_shape = (1 + math.sqrt(1 + 4 * a / 3)) / (4 * a)
    np.testing.assert_allclose(shape[0, 0], expected_shape, rtol=1e-12)
    np.testing.assert_allclose(shape[0, 0], 3.4025, atol=1e-3)
    np.testing.assert_allclose(scale[0, 0], (7 / 3) / expected_shape, rtol=1e-12)
    np.testing.assert_allclose(p_zero[0, 0], 0.25)
    # SPI of a zero: Phi^-1(P(zero)) = Phi^-1(0.25) = -0.6745 (standard normal table).
    spi = engine.spi_values(np.zeros((1, 1, 12)), (shape, scale, p_zero))
    np.testing.assert_allclose(spi[0, 0, 0], -0.67449, atol=1e-4)


def test_spi_drought_months_in_a_drought_year():
    # 31 years of monthly rain: baseline 2001-2030 alternates wetter/drier; 2031 is dry.
    years = np.arange(2001, 2031)
    lay = layout(2001, 2030)
    rng = np.random.default_rng(0)
    pr = rng.gamma(2.0, 3.0, size=(1, lay.year.size)).astype(np.float32)
    specs = resolve_indices(["spi3_months_below_m1"])
    thresholds = engine.compute_thresholds({"pr": pr}, lay, specs)
    baseline_months = engine.compute_annual({"pr": pr}, lay, thresholds, specs)[specs[0].name]
    # In the baseline SPI is about standard normal: P(SPI < -1) = 0.1587 -> ~1.9 months/yr.
    assert baseline_months.shape == (1, years.size)
    assert 1.0 < np.nanmean(baseline_months) < 2.8
    dry = engine.compute_annual({"pr": pr * np.float32(0.3)}, lay, thresholds, specs)[specs[0].name]
    assert np.nanmean(dry) > 9  # 70 % less rain: nearly every month below -1


def test_noleap_and_360_day_calendars():
    for calendar, days in (("noleap", 365), ("360_day", 360)):
        lay = layout(2004, 2005, calendar)  # 2004 would be a leap year in the standard calendar
        assert lay.slots == days
        tx = np.full((1, 2 * days), 30.0, dtype=np.float32)
        tx[0, days + days - 1] = 40.0  # last day of 2005
        np.testing.assert_allclose(annual("txx", {"tasmax": tx}, lay), [[30.0, 40.0]])
        pr = np.full((1, 2 * days), 0.0, dtype=np.float32)
        pr[0, :10] = 2.0
        # CDD 2004: days 11..end dry -> days - 10; 2005: all dry -> days.
        np.testing.assert_allclose(annual("cdd", {"pr": pr}, lay), [[days - 10, days]])


def test_leap_year_percentiles_are_stretched_to_366_days():
    # xclim percentile_doy: with a day 366 in the baseline, the 365 first percentiles are
    # placed at linspace(1, 366, 365) and interpolated at days 1..366.
    per = np.arange(365, dtype=float)[None, :] * 2.0  # value 2 (d - 1) on day d
    stretched = engine.stretch_doy(per, 366)
    # Day 366 -> source position 364 (the last value, 728); day 1 -> 0.
    np.testing.assert_allclose(stretched[0, [0, 365]], [0.0, 728.0])
    # Day 184 -> position 183 x 364/365 = 182.4986 -> 2 x 182.4986 = 364.997.
    np.testing.assert_allclose(stretched[0, 183], 2 * 183 * 364 / 365)


def test_missing_cells_give_nan_not_zero():
    lay = layout(2001, 2002)
    pr = np.full((2, 730), np.nan, dtype=np.float32)
    pr[1] = 3.0
    for name in ("prcptot", "cdd", "r20mm", "rx5day"):
        value = annual(name, {"pr": pr}, lay)
        assert np.isnan(value[0]).all(), name
        assert np.isfinite(value[1]).all(), name


@pytest.mark.parametrize("window", [3, 6])
def test_monthly_rolling_mean_needs_full_window(window):
    lay = layout(2001, 2001)
    pr = np.ones((1, 365), dtype=np.float32)
    rolled = engine.monthly_rolling_mean(pr, lay, window)
    assert np.isnan(rolled[0, : window - 1]).all()
    np.testing.assert_allclose(rolled[0, window - 1 :], 1.0)
