"""Fixtures of the risk section tests: the hand-scored mini framework, stored inputs
for Chiang Mai (TH-50), and tiny CF NetCDF files written on the fly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climateplan.plans.risk import RiskInputs

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def mini_yaml() -> str:
    return (DATA / "mini_framework.yaml").read_text(encoding="utf-8")


def gridded_row(index, value, *, period="1985-2014", scenario="historical", district=""):
    return {
        "province": "TH-50",
        "district": district,
        "index": index,
        "unit": "mm",
        "period": period,
        "scenario": scenario,
        "value": value,
        "baseline": value,
        "change": 0.0,
        "change_pct": 0.0,
        "spread_low": value,
        "spread_high": value,
        "n_models": 1,
        "years_dropped_pct": 0.0,
        "synthetic": False,
    }


@pytest.fixture
def mini_inputs(mini_yaml) -> RiskInputs:
    """Values scored by hand in test_compute_hand.py (bounds of the mini framework)."""
    return RiskInputs(
        framework_yaml=mini_yaml,
        framework_name="mini_framework.yaml",
        indicators=[
            {
                "province": "TH-50",
                "indicator": "f_pop",
                "value": 6.0,
                "year": "2022",
                "source": "GISTDA",
                "synthetic": False,
            },
            {
                "province": "TH-50",
                "indicator": "h_days",
                "value": 30.0,
                "year": "2022",
                "source": "TMD",
                "synthetic": False,
            },
            {
                "province": "TH-50",
                "indicator": "poverty",
                "value": 30.0,
                "year": "2021",
                "source": "NESDC",
                "synthetic": False,
            },
            {
                "province": "TH-50",
                "indicator": "beds",
                "value": 3.6,
                "year": "2022",
                "source": "MOPH",
                "synthetic": False,
            },
        ],
        gridded=[
            gridded_row("rx5day", 30.0),
            gridded_row("rx5day", 12.0, district="TH-5001"),
            gridded_row("rx5day", 48.0, district="TH-5002"),
        ],
    )


def write_nc(
    path: Path, *, lat, lon, start=2001, end=2002, variables=None, units=None, attrs=None
) -> Path:
    """A daily CF NetCDF with the given (time, lat, lon) arrays or per-day profiles."""
    times = xr.date_range(f"{start}-01-01", f"{end}-12-31", freq="D", use_cftime=True)
    shape = (len(times), len(lat), len(lon))
    units = {"tasmax": "degC", "tasmin": "degC", "pr": "mm/day", "hurs": "%", **(units or {})}
    data = {}
    for name, values in (variables or {}).items():
        arr = np.asarray(values(times) if callable(values) else values, dtype=np.float32)
        if arr.ndim == 1:
            arr = arr[:, None, None]
        data[name] = (
            ("time", "lat", "lon"),
            np.broadcast_to(arr, shape).copy(),
            {"units": units[name]},
        )
    ds = xr.Dataset(
        data,
        coords={
            "time": times,
            "lat": ("lat", np.asarray(lat, float), {"units": "degrees_north"}),
            "lon": ("lon", np.asarray(lon, float), {"units": "degrees_east"}),
        },
        attrs={"Conventions": "CF-1.8", **(attrs or {})},
    )
    ds.to_netcdf(
        path, encoding={"time": {"units": f"days since {start}-01-01", "calendar": "standard"}}
    )
    return path


@pytest.fixture
def nc_file():
    return write_nc
