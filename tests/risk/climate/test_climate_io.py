"""Reading NetCDF: units, calendars, coordinate names, members, and every bad input."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from climateplan.errors import InputError
from climateplan.risk.climate import compute_province_indices, open_members, parse_periods
from climateplan.risk.climate.io import Period, unit_conversion

BASE = dict(tasmax=32.0, tasmin=24.0, pr=3.0)


def problems_of(excinfo) -> list:
    return excinfo.value.problems


def test_unit_conversions_by_hand():
    # K -> degC: subtract 273.15. 300 K = 26.85 degC.
    k = unit_conversion("K", "tasmax")
    assert 300 * k.scale + k.offset == pytest.approx(26.85)
    # kg m-2 s-1 -> mm/day: 1 kg of water per m2 is a 1 mm layer (density 1000 kg/m3),
    # 86400 s per day, so x 86400. 5e-5 kg m-2 s-1 = 4.32 mm/day.
    p = unit_conversion("kg m-2 s-1", "pr")
    assert p.scale == pytest.approx(86400.0) and p.offset == 0
    assert 5e-5 * p.scale == pytest.approx(4.32)
    assert unit_conversion("mm/day", "pr").scale == pytest.approx(1.0)
    assert unit_conversion("mm d-1", "pr").scale == pytest.approx(1.0)
    assert unit_conversion("degC", "tasmin").scale == pytest.approx(1.0)
    assert unit_conversion("1", "hurs").scale == pytest.approx(100.0)
    with pytest.raises(ValueError):
        unit_conversion("furlongs", "tasmax")
    with pytest.raises(ValueError):
        unit_conversion("K", "pr")


def test_kelvin_and_flux_files_read_in_canonical_units(tmp_path, grid_file):
    path = grid_file(
        tmp_path / "k.nc",
        {"tasmax": 305.15, "tasmin": 297.15, "pr": 1e-4},
        2001,
        2002,
        units={"tasmax": "K", "tasmin": "K", "pr": "kg m-2 s-1"},
    )
    (member,) = open_members([path])
    tx = member.read("tasmax", (0, 3), (0, 2), (0, 2))
    pr = member.read("pr", (0, 3), (0, 2), (0, 2))
    np.testing.assert_allclose(tx, 32.0, atol=1e-4)  # 305.15 - 273.15
    np.testing.assert_allclose(pr, 8.64, rtol=1e-6)  # 1e-4 x 86400


@pytest.mark.parametrize("calendar,days", [("noleap", 365), ("360_day", 360), ("standard", 366)])
def test_calendars_give_whole_years(tmp_path, grid_file, calendar, days):
    path = grid_file(tmp_path / f"{calendar}.nc", BASE, 2004, 2005, calendar=calendar)
    (member,) = open_members([path])
    assert member.calendar in (calendar, "proleptic_gregorian", "gregorian")
    start, stop = member.period_slice(Period(2004, 2004))
    assert stop - start == days  # 2004 is a leap year only in the standard calendar
    assert member.period_slice(Period(2004, 2006)) is None


def test_latitude_longitude_names_and_descending_latitude_give_same_result(tmp_path, grid_file):
    rng = np.random.default_rng(1)
    lat = np.arange(5.0, 23.0, 2.0)
    tx = 30 + rng.random((730, lat.size, 5)).astype(np.float32) * 5
    data = {"tasmax": tx, "tasmin": 24.0, "pr": 2.0}
    a = grid_file(tmp_path / "a.nc", data, 2001, 2002)
    flipped = {"tasmax": tx[:, ::-1, :], "tasmin": 24.0, "pr": 2.0}
    b = grid_file(
        tmp_path / "b.nc",
        flipped,
        2001,
        2002,
        lat=lat[::-1],
        lat_name="latitude",
        lon_name="longitude",
    )
    kwargs = dict(
        periods="2001-2002", baseline="2001-2002", indices=["txx"], scheduler="synchronous"
    )
    ta = compute_province_indices([a], **kwargs)
    tb = compute_province_indices([b], **kwargs)
    np.testing.assert_allclose(ta["value"], tb["value"], rtol=1e-6)


def test_realization_dimension_gives_members(tmp_path):
    times = xr.date_range("2001-01-01", "2002-12-31", freq="D", use_cftime=True)
    lat = np.arange(5.0, 23.0, 2.0)
    lon = np.arange(97.0, 107.0, 2.0)
    shape = (3, len(times), lat.size, lon.size)
    offsets = np.array([0.0, 1.0, 2.0], dtype=np.float32)[:, None, None, None]
    ds = xr.Dataset(
        {
            "tasmax": (
                ("realization", "time", "lat", "lon"),
                30 + offsets + np.zeros(shape, np.float32),
                {"units": "degC"},
            ),
        },
        coords={"time": times, "lat": lat, "lon": lon, "realization": ["m1", "m2", "m3"]},
        attrs={"source_id": "ENS"},
    )
    path = tmp_path / "ens.nc"
    ds.to_netcdf(path)
    members = open_members([path])
    assert [m.model for m in members] == ["m1", "m2", "m3"]
    table = compute_province_indices(
        [path], "2001-2002", "2001-2002", indices=["txx"], scheduler="synchronous"
    )
    # Three members at 30, 31, 32 degC everywhere: median 31, fewer than five members so the
    # spread is min/max 30 and 32.
    np.testing.assert_allclose(table["value"], 31.0, atol=1e-5)
    np.testing.assert_allclose(table["spread_low"], 30.0, atol=1e-5)
    np.testing.assert_allclose(table["spread_high"], 32.0, atol=1e-5)
    assert (table["n_models"] == 3).all()


def test_parse_periods_lists_every_bad_entry():
    assert parse_periods("1985-2014, 2021-2050") == [Period(1985, 2014), Period(2021, 2050)]
    with pytest.raises(InputError) as excinfo:
        parse_periods("1985-2014,20x1-2050,2050-2021")
    problems = problems_of(excinfo)
    assert len(problems) == 2
    assert "20x1-2050" in problems[0].message_en and "ช่วงเวลา" in problems[0].message_th
    assert "ends before" in problems[1].message_en


def test_every_bad_input_is_reported_at_once(tmp_path, grid_file):
    # File 1: pr missing, tasmax in unknown units.
    bad_units = grid_file(
        tmp_path / "bad_units.nc",
        {"tasmax": 30.0, "tasmin": 24.0},
        2001,
        2002,
        units={"tasmax": "furlongs"},
        attrs={"source_id": "M1"},
    )
    # File 2: non-monotonic latitude.
    lat = np.array([5.0, 9.0, 7.0, 11.0, 13.0, 15.0, 17.0, 19.0, 21.0])
    bad_lat = grid_file(
        tmp_path / "bad_lat.nc", BASE, 2001, 2002, lat=lat, attrs={"source_id": "M2"}
    )
    # File 3: a grid that stops at 15 N (Thailand reaches 20.45 N).
    small = grid_file(
        tmp_path / "small.nc",
        BASE,
        2001,
        2002,
        lat=np.arange(5.0, 15.0, 2.0),
        attrs={"source_id": "M3"},
    )
    with pytest.raises(InputError) as excinfo:
        compute_province_indices([bad_units, bad_lat, small], "2001-2002", "2001-2002")
    text = str(excinfo.value)
    # The file-level problems come first and all at once.
    assert "furlongs" in text
    assert "not strictly monotonic" in text
    assert str(bad_units) in text and str(bad_lat) in text
    for problem in problems_of(excinfo):
        assert problem.message_th and problem.message_en
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in problem.message_th)  # Thai script


def test_missing_variable_and_uncovered_grid_and_period(tmp_path, grid_file):
    no_pr = grid_file(
        tmp_path / "no_pr.nc",
        {"tasmax": 30.0, "tasmin": 24.0},
        2001,
        2002,
        attrs={"source_id": "A"},
    )
    small = grid_file(
        tmp_path / "small.nc",
        BASE,
        2001,
        2002,
        lat=np.arange(5.0, 15.0, 2.0),
        attrs={"source_id": "B"},
    )
    with pytest.raises(InputError) as excinfo:
        compute_province_indices([no_pr, small], "2001-2002", "2001-2002")
    messages = [p.message_en for p in problems_of(excinfo)]
    assert any("variable 'pr' is missing" in m for m in messages)
    assert any("does not cover Thailand" in m for m in messages)
    # Period outside the data: 2001-2002 data, 2001-2003 asked.
    with pytest.raises(InputError) as excinfo:
        compute_province_indices([no_pr], "2001-2003", "2001-2003", indices=["txx"])
    (problem,) = problems_of(excinfo)
    assert "2001-2003 is outside the data" in problem.message_en
    assert "อยู่นอกช่วงข้อมูล" in problem.message_th


def test_missing_coordinates_time_gaps_and_wrong_kind_units(tmp_path, grid_file):
    ds = xr.Dataset({"tasmax": (("time", "y", "x"), np.zeros((3, 2, 2)), {"units": "degC"})})
    no_coords = tmp_path / "no_coords.nc"
    ds.to_netcdf(no_coords)
    wrong_kind = grid_file(
        tmp_path / "wrong.nc", BASE, 2001, 2001, units={"pr": "K"}, attrs={"source_id": "W"}
    )
    gap_src = grid_file(tmp_path / "gap_src.nc", BASE, 2001, 2001, attrs={"source_id": "G"})
    with xr.open_dataset(gap_src) as full:
        gap = full.isel(time=np.r_[0:100, 110:365]).load()
    gap_path = tmp_path / "gap.nc"
    gap.to_netcdf(gap_path)
    with pytest.raises(InputError) as excinfo:
        open_members([no_coords, wrong_kind, gap_path, tmp_path / "absent.nc"])
    messages = " | ".join(p.message_en for p in problems_of(excinfo))
    assert "no latitude coordinate" in messages and "no longitude coordinate" in messages
    assert "no time coordinate" in messages
    assert "unknown or unsuitable units 'K'" in messages
    assert "daily without gaps" in messages
    assert "file not found" in messages


def test_implausible_values_flag_wrong_units_label(tmp_path, grid_file):
    # Values in K labelled degC: 305 "degC" is not a plausible air temperature.
    path = grid_file(tmp_path / "mislabelled.nc", {**BASE, "tasmax": 305.0}, 2001, 2001)
    with pytest.raises(InputError) as excinfo:
        open_members([path])
    assert "implausible" in problems_of(excinfo)[0].message_en
