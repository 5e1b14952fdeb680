"""Fixtures for the gridded-climate tests: tiny CF NetCDF files written on the fly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

# A coarse grid that covers Thailand (lon 97.36-105.63, lat 5.61-20.45): 2-degree cells.
COARSE_LON = np.arange(97.0, 107.0, 2.0)  # centres 97..105, edges 96..106
COARSE_LAT = np.arange(5.0, 23.0, 2.0)  # centres 5..21, edges 4..22


def daily_times(start: int, end: int, calendar: str = "standard") -> xr.CFTimeIndex:
    return xr.date_range(
        f"{start}-01-01",
        f"{end}-12-{30 if calendar == '360_day' else 31}",
        freq="D",
        calendar=calendar,
        use_cftime=True,
    )


def write_grid(
    path: Path,
    data: dict[str, np.ndarray],
    start: int,
    end: int,
    *,
    lat: np.ndarray = COARSE_LAT,
    lon: np.ndarray = COARSE_LON,
    calendar: str = "standard",
    units: dict[str, str] | None = None,
    attrs: dict | None = None,
    lat_name: str = "lat",
    lon_name: str = "lon",
) -> Path:
    """Write variables (time, lat, lon) or broadcastable arrays as a CF NetCDF file.

    Each value of ``data`` may be (time,), (time, lat, lon) or a scalar; it is broadcast.
    """
    times = daily_times(start, end, calendar)
    shape = (len(times), lat.size, lon.size)
    default_units = {"tasmax": "degC", "tasmin": "degC", "tas": "degC", "pr": "mm/day", "hurs": "%"}
    units = {**default_units, **(units or {})}
    variables = {}
    for name, values in data.items():
        arr = np.asarray(values, dtype=np.float32)
        if arr.ndim == 1:
            arr = arr[:, None, None]
        arr = np.broadcast_to(arr, shape).copy()
        variables[name] = ((("time", lat_name, lon_name)), arr, {"units": units[name]})
    ds = xr.Dataset(
        variables,
        coords={
            "time": times,
            lat_name: (lat_name, lat, {"units": "degrees_north", "standard_name": "latitude"}),
            lon_name: (lon_name, lon, {"units": "degrees_east", "standard_name": "longitude"}),
        },
        attrs={"Conventions": "CF-1.8", **(attrs or {})},
    )
    encoding = {"time": {"units": f"days since {start}-01-01", "calendar": calendar}}
    ds.to_netcdf(path, encoding=encoding)
    return path


@pytest.fixture
def grid_file():
    """The ``write_grid`` helper (tests take it as a fixture: the test folders are not packages)."""
    return write_grid


@pytest.fixture
def days():
    """The ``daily_times`` helper."""
    return daily_times


@pytest.fixture(scope="session")
def synthetic_small(tmp_path_factory) -> list[Path]:
    """Two synthetic models on a 1-degree grid, 1990-1995 (1992 is a leap year), with hurs."""
    from climateplan.risk.climate import SyntheticClimateSettings, generate_synthetic_climate

    out = tmp_path_factory.mktemp("synthetic_small")
    settings = SyntheticClimateSettings(
        start_year=1990, end_year=1995, resolution=1.0, models=2, seed=3, scenario="ssp585"
    )
    return generate_synthetic_climate(out, settings)
