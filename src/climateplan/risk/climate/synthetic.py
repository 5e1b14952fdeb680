"""A seeded generator of realistic synthetic daily climate over Thailand.

For tests, demos and benchmarks: no real model output ships with the package, and the
indices must be exercised on data that look like Thailand's climate. The generator is
not a climate model. Its shapes are illustrative, tuned by eye to the 1991-2020 climate
normals of the Thai Meteorological Department (TMD) for a few stations; none of its
numbers is a published factor, and no result computed from it is a statement about
Thailand's climate.

What it reproduces:

* monsoon seasonality: dry season November-April and wet season May-October on the
  mainland; on the east coast of the southern peninsula the rain peaks in October-December
  (north-east monsoon); the Andaman coast is very wet in the south-west monsoon;
* gradients: cooler and more seasonal in the north (and cooler in the north-western
  hills), small seasonal cycle in the south, smaller diurnal range and more rain near the
  coasts (a crude outline of the Gulf of Thailand and the Andaman Sea);
* a warming trend (degC per year) and a wetting trend (relative change of rain intensity
  per year), both by scenario, with a different historical rate before 2015;
* day-to-day weather that is correlated in space (smooth random fields built from
  Gaussian bumps on a 1-degree lattice) and in time (first-order autoregression);
* ensemble members ("models") that differ by seed, a temperature bias, a rain factor and
  a trend factor.

Files are CF-1.8 NetCDF: one file per model with ``tasmax``, ``tasmin``, ``tas``, ``pr``
and ``hurs`` (or a subset), temperatures in K and precipitation in kg m-2 s-1 as CMIP6
writes them, with ``standard_name``, ``cell_methods``, coordinate bounds and the chosen
calendar (standard, noleap or 360_day).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import shapely
import xarray as xr
from scipy import signal, special

from climateplan.risk.climate.io import SYNTHETIC_ATTR, SYNTHETIC_SOURCE

SCENARIO_WARMING_PER_YEAR = {  # degC per year after 2014; illustrative, not from a publication
    "historical": 0.015,
    "ssp126": 0.010,
    "ssp245": 0.020,
    "ssp370": 0.030,
    "ssp585": 0.040,
}
SCENARIO_WETTING_PER_YEAR = {  # relative change of rain intensity per year after 2014
    "historical": 0.0,
    "ssp126": 0.0005,
    "ssp245": 0.0010,
    "ssp370": 0.0015,
    "ssp585": 0.0020,
}
HISTORICAL_END_YEAR = 2014  # CMIP6 historical experiments end in 2014
TREND_START_YEAR = 1985

ALL_VARIABLES = ("tasmax", "tasmin", "tas", "pr", "hurs")

# Monthly shapes (January..December), illustrative. Temperature: anomaly from the annual
# mean scaled to 1 at its largest magnitude (shape of Chiang Mai's normals). Rain: share of
# the annual total per month for the mainland, the peninsula's east coast and the Andaman
# coast (shapes of Bangkok, Songkhla and Phuket normals).
_TEMPERATURE_SHAPE = np.array(
    [-1.0, -0.52, 0.18, 0.7, 0.61, 0.45, 0.34, 0.25, 0.23, 0.05, -0.43, -0.98]
)
_RAIN_MAINLAND = np.array([0.9, 1.7, 2.5, 5.0, 13.0, 10.0, 11.0, 13.0, 22.0, 15.0, 4.0, 1.0])
_RAIN_PENINSULA_EAST = np.array([6.0, 2.0, 2.0, 3.0, 6.0, 5.0, 5.0, 5.0, 7.0, 14.0, 27.0, 18.0])
_RAIN_ANDAMAN = np.array([1.5, 1.0, 2.0, 5.0, 13.0, 12.0, 13.0, 14.0, 16.0, 13.0, 6.0, 2.5])

# Crude outlines (lon, lat) of the seas around Thailand, for the coastal gradient only.
_GULF_OF_THAILAND = [
    (99.2, 13.3),
    (100.0, 13.5),
    (100.9, 13.4),
    (101.0, 12.65),
    (102.2, 12.2),
    (102.9, 11.6),
    (103.5, 10.5),
    (105.0, 8.6),
    (104.8, 5.0),
    (103.0, 5.0),
    (101.3, 6.8),
    (100.4, 7.25),
    (100.3, 8.3),
    (99.9, 9.2),
    (99.2, 10.3),
    (99.3, 11.8),
    (99.9, 12.6),
]
_ANDAMAN_SEA = [
    (92.0, 5.0),
    (100.0, 5.0),
    (100.1, 6.3),
    (99.0, 7.0),
    (98.3, 7.8),
    (98.3, 9.1),
    (98.6, 10.0),
    (98.5, 11.0),
    (98.0, 13.5),
    (97.6, 16.3),
    (92.0, 16.3),
]


@dataclass(frozen=True)
class SyntheticClimateSettings:
    """What to generate. Defaults give a 0.25-degree grid over Thailand, 1985-2080."""

    start_year: int = 1985
    end_year: int = 2080
    resolution: float = 0.25
    scenario: str = "ssp245"
    models: int = 3
    seed: int = 1
    calendar: str = "standard"
    variables: tuple[str, ...] = ALL_VARIABLES
    lon_range: tuple[float, float] = (97.0, 106.0)
    lat_range: tuple[float, float] = (5.25, 21.0)
    warming_per_year: float | None = None  # None: by scenario (SCENARIO_WARMING_PER_YEAR)
    wetting_per_year: float | None = None
    compress: bool = False
    extra_attrs: dict = field(default_factory=dict)

    def scenario_warming(self) -> float:
        if self.warming_per_year is not None:
            return self.warming_per_year
        return SCENARIO_WARMING_PER_YEAR.get(self.scenario, SCENARIO_WARMING_PER_YEAR["ssp245"])

    def scenario_wetting(self) -> float:
        if self.wetting_per_year is not None:
            return self.wetting_per_year
        return SCENARIO_WETTING_PER_YEAR.get(self.scenario, SCENARIO_WETTING_PER_YEAR["ssp245"])


def grid_axes(settings: SyntheticClimateSettings) -> tuple[np.ndarray, np.ndarray]:
    """Cell-centre longitudes and latitudes of the regular grid."""
    res = settings.resolution
    lon0, lon1 = settings.lon_range
    lat0, lat1 = settings.lat_range
    nlon = math.ceil((lon1 - lon0) / res - 1e-9)  # whole cells covering the domain
    nlat = math.ceil((lat1 - lat0) / res - 1e-9)
    lon = lon0 + res * (np.arange(nlon) + 0.5)
    lat = lat0 + res * (np.arange(nlat) + 0.5)
    return np.round(lon, 6), np.round(lat, 6)


def _monthly_to_daily(monthly: np.ndarray, doy_fraction: np.ndarray) -> np.ndarray:
    """Periodic linear interpolation of 12 mid-month values to fractions of the year."""
    mid = (np.arange(12) + 0.5) / 12.0
    x = np.concatenate([mid - 1.0, mid, mid + 1.0])
    y = np.concatenate([monthly, monthly, monthly])
    return np.interp(doy_fraction, x, y)


@dataclass
class _StaticFields:
    tas_annual: np.ndarray  # (cells,) degC
    tas_amplitude: np.ndarray
    dtr_base: np.ndarray
    coast: np.ndarray  # 1 at the sea, decaying inland
    rain_annual: np.ndarray  # mm per year
    rain_weights: np.ndarray  # (3, cells): mainland, peninsula east, Andaman
    basis: np.ndarray  # (K, cells) float32, columns scaled to unit variance


def _static_fields(lon: np.ndarray, lat: np.ndarray) -> _StaticFields:
    lon2, lat2 = np.meshgrid(lon, lat)
    x, y = lon2.ravel(), lat2.ravel()
    points = shapely.points(x, y)
    gulf = shapely.Polygon(_GULF_OF_THAILAND)
    andaman = shapely.Polygon(_ANDAMAN_SEA)
    coast_gulf = np.exp(-shapely.distance(points, gulf) / 0.6)
    coast_andaman = np.exp(-shapely.distance(points, andaman) / 0.6)
    coast = np.maximum(coast_gulf, coast_andaman)
    highland = np.exp(-(((x - 98.8) / 1.0) ** 2 + ((y - 18.8) / 1.3) ** 2))

    tas_annual = 28.2 - 0.25 * np.maximum(y - 12.0, 0.0) - 1.2 * highland + 0.2 * coast
    tas_amplitude = (0.8 + 0.33 * np.maximum(y - 8.0, 0.0)) * (1.0 - 0.35 * coast)
    dtr_base = 9.8 + 0.25 * (y - 12.0) - 2.6 * coast + 1.0 * highland

    south = np.clip((11.0 - y) / 1.5, 0.0, 1.0)
    east_side = np.clip((x - 99.3) / 0.6, 0.0, 1.0)
    peninsula_east = south * east_side
    andaman_w = np.clip(south * (1.0 - east_side) + coast_andaman * (y < 16.5), 0.0, 1.0)
    andaman_w = np.minimum(andaman_w, 1.0 - peninsula_east)
    mainland = 1.0 - peninsula_east - andaman_w
    rain_weights = np.vstack([mainland, peninsula_east, andaman_w])
    east_coast = coast_gulf * ((x > 101.5) & (y > 11.0) & (y < 13.6))
    rain_annual = (
        1250.0 + 2300.0 * coast_andaman * (y < 16.5) + 1600.0 * east_coast + 900.0 * peninsula_east
    )

    # Smooth random fields: Gaussian bumps every 1 degree, length scale 1 degree.
    cx = np.arange(math.floor(x.min()) - 1, math.ceil(x.max()) + 2, 1.0)
    cy = np.arange(math.floor(y.min()) - 1, math.ceil(y.max()) + 2, 1.0)
    bx, by = (a.ravel() for a in np.meshgrid(cx, cy))
    d2 = (x[None, :] - bx[:, None]) ** 2 + (y[None, :] - by[:, None]) ** 2
    basis = np.exp(-d2 / (2 * 1.0**2))
    basis /= np.sqrt((basis**2).sum(axis=0, keepdims=True))
    return _StaticFields(
        tas_annual=tas_annual,
        tas_amplitude=tas_amplitude,
        dtr_base=dtr_base,
        coast=coast,
        rain_annual=rain_annual,
        rain_weights=rain_weights,
        basis=basis.astype(np.float32),
    )


def _time_axis(settings: SyntheticClimateSettings) -> xr.CFTimeIndex:
    return xr.date_range(
        f"{settings.start_year}-01-01",
        f"{settings.end_year}-12-{30 if settings.calendar == '360_day' else 31}",
        freq="D",
        calendar=settings.calendar,
        use_cftime=True,
    )


class _FieldStream:
    """Unit-variance random fields correlated in space (basis) and time (AR(1)), per year."""

    def __init__(self, rng: np.random.Generator, basis: np.ndarray, phi: float, nugget: float):
        self.rng = rng
        self.basis = basis
        self.phi = phi
        self.nugget = nugget
        self.state = np.zeros(basis.shape[0])
        self.state_white = None

    def next(self, ndays: int) -> np.ndarray:
        k, ncells = self.basis.shape
        innov = self.rng.standard_normal((ndays, k)) * math.sqrt(1 - self.phi**2)
        # First-order autoregression along time, continued across years through the state.
        coef, zf = signal.lfilter(
            [1.0], [1.0, -self.phi], innov, axis=0, zi=self.phi * self.state[None, :]
        )
        self.state = coef[-1]
        del zf
        smooth = coef.astype(np.float32) @ self.basis
        if self.nugget:
            white = self.rng.standard_normal((ndays, ncells), dtype=np.float32)
            smooth *= math.sqrt(1 - self.nugget)
            smooth += math.sqrt(self.nugget) * white
        return smooth


def _model_perturbation(seed: int, member: int) -> dict[str, float]:
    rng = np.random.default_rng([seed, member, 7])
    return {
        "temperature_bias": float(rng.normal(0.0, 0.4)),
        "rain_factor": float(np.exp(rng.normal(0.0, 0.1))),
        "trend_factor": float(max(0.3, rng.normal(1.0, 0.15))),
    }


def _variable_attrs(name: str) -> dict:
    temperature = {"units": "K", "standard_name": "air_temperature"}
    table = {
        "tasmax": {
            **temperature,
            "long_name": "Daily Maximum Near-Surface Air Temperature",
            "cell_methods": "time: maximum",
        },
        "tasmin": {
            **temperature,
            "long_name": "Daily Minimum Near-Surface Air Temperature",
            "cell_methods": "time: minimum",
        },
        "tas": {
            **temperature,
            "long_name": "Near-Surface Air Temperature",
            "cell_methods": "time: mean",
        },
        "pr": {
            "units": "kg m-2 s-1",
            "standard_name": "precipitation_flux",
            "long_name": "Precipitation",
            "cell_methods": "time: mean",
        },
        "hurs": {
            "units": "%",
            "standard_name": "relative_humidity",
            "long_name": "Near-Surface Relative Humidity",
            "cell_methods": "time: mean",
        },
    }
    return table[name]


def member_file_name(settings: SyntheticClimateSettings, member: int) -> str:
    """``synth_ssp245_SYNTH-1_1985-2080.nc`` for the first model."""
    return (
        f"synth_{settings.scenario}_SYNTH-{member + 1}_{settings.start_year}-{settings.end_year}.nc"
    )


def generate_synthetic_climate(
    out_dir: str | Path,
    settings: SyntheticClimateSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write one CF NetCDF file per model into ``out_dir`` and return their paths.

    Work is done one year at a time, so memory stays near one year of the grid whatever
    the number of years (about 1 GB at 0.05 degree). ``progress(done, total)`` is called
    after each model-year. The same settings and seed always give the same files.
    """
    import netCDF4  # local: only the generator writes NetCDF directly

    settings = settings or SyntheticClimateSettings()
    unknown = sorted(set(settings.variables) - set(ALL_VARIABLES))
    if unknown:
        raise ValueError(f"unknown variables {unknown}; expected some of {ALL_VARIABLES}")
    if settings.end_year < settings.start_year:
        raise ValueError("end_year must not be before start_year")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lon, lat = grid_axes(settings)
    static = _static_fields(lon, lat)
    times = _time_axis(settings)
    years = np.asarray(times.year)
    month = np.asarray(times.month)
    doy = np.asarray(times.dayofyear)
    days_in_year = 360.0 if settings.calendar == "360_day" else 365.25
    year_fraction = (doy - 0.5) / days_in_year
    time_values = np.arange(len(times), dtype=np.float64)
    ncells = lon.size * lat.size
    total_steps = settings.models * (settings.end_year - settings.start_year + 1)
    done = 0
    paths = []
    for member in range(settings.models):
        perturb = _model_perturbation(settings.seed, member)
        rng = np.random.default_rng([settings.seed, member])
        streams = {
            "common": _FieldStream(rng, static.basis, phi=0.75, nugget=0.1),
            "tx": _FieldStream(rng, static.basis, phi=0.6, nugget=0.2),
            "tn": _FieldStream(rng, static.basis, phi=0.6, nugget=0.2),
            "occurrence": _FieldStream(rng, static.basis, phi=0.45, nugget=0.25),
            "amount": _FieldStream(rng, static.basis, phi=0.2, nugget=0.4),
        }
        path = out / member_file_name(settings, member)
        tmp = path.with_suffix(".nc.part")
        with netCDF4.Dataset(tmp, "w", format="NETCDF4") as nc:
            _write_header(nc, settings, lon, lat, time_values, member, perturb)
            chunks = (min(365, len(times)), min(lat.size, 16), lon.size)
            variables = {
                name: nc.createVariable(
                    name,
                    "f4",
                    ("time", "lat", "lon"),
                    chunksizes=chunks,
                    zlib=settings.compress,
                    complevel=1,
                    shuffle=settings.compress,
                )
                for name in settings.variables
            }
            for name, var in variables.items():
                var.setncatts(_variable_attrs(name))
            for year in range(settings.start_year, settings.end_year + 1):
                sel = np.flatnonzero(years == year)
                fields = _one_year(
                    settings, static, streams, perturb, year, month[sel], year_fraction[sel], ncells
                )
                for name, var in variables.items():
                    var[sel[0] : sel[-1] + 1] = fields[name].reshape(len(sel), lat.size, lon.size)
                done += 1
                if progress is not None:
                    progress(done, total_steps)
        tmp.replace(path)
        paths.append(path)
    return paths


def _write_header(nc, settings, lon, lat, time_values, member, perturb) -> None:
    res = settings.resolution
    nc.setncatts(
        {
            "Conventions": "CF-1.8",
            "title": "Synthetic daily climate over Thailand (ClimatePlan TH test data, not real)",
            "institution": "ClimatePlan TH synthetic generator",
            "source": SYNTHETIC_SOURCE,
            SYNTHETIC_ATTR: 1,
            "source_id": f"SYNTH-{member + 1}",
            "model": f"SYNTH-{member + 1}",
            "experiment_id": settings.scenario,
            "scenario": settings.scenario,
            "variant_label": "r1i1p1f1",
            "frequency": "day",
            "seed": settings.seed,
            "temperature_bias_degC": perturb["temperature_bias"],
            "rain_factor": perturb["rain_factor"],
            "trend_factor": perturb["trend_factor"],
            "comment": (
                "Illustrative data for tests and demos; not a projection of Thailand's climate."
            ),
            **settings.extra_attrs,
        }
    )
    nc.createDimension("time", len(time_values))
    nc.createDimension("lat", lat.size)
    nc.createDimension("lon", lon.size)
    nc.createDimension("bnds", 2)
    t = nc.createVariable("time", "f8", ("time",))
    t.setncatts(
        {
            "units": f"days since {settings.start_year}-01-01",
            "calendar": settings.calendar,
            "standard_name": "time",
            "axis": "T",
        }
    )
    t[:] = time_values
    for name, values, std, units, axis in (
        ("lat", lat, "latitude", "degrees_north", "Y"),
        ("lon", lon, "longitude", "degrees_east", "X"),
    ):
        v = nc.createVariable(name, "f8", (name,))
        v.setncatts({"units": units, "standard_name": std, "axis": axis, "bounds": f"{name}_bnds"})
        v[:] = values
        b = nc.createVariable(f"{name}_bnds", "f8", (name, "bnds"))
        b[:] = np.stack([values - res / 2, values + res / 2], axis=1)


def _one_year(settings, static, streams, perturb, year, month, year_fraction, ncells):
    ndays = len(month)
    trend_years_hist = min(year, HISTORICAL_END_YEAR) - TREND_START_YEAR
    trend_years_scen = max(year - HISTORICAL_END_YEAR, 0)
    warming = perturb["trend_factor"] * (
        SCENARIO_WARMING_PER_YEAR["historical"] * trend_years_hist
        + settings.scenario_warming() * trend_years_scen
    )
    wetting = 1.0 + perturb["trend_factor"] * settings.scenario_wetting() * trend_years_scen

    t_shape = _monthly_to_daily(_TEMPERATURE_SHAPE, year_fraction)  # (days,)
    rain_shapes = np.stack(
        [
            _monthly_to_daily(s * 12.0 / s.sum(), year_fraction)
            for s in (_RAIN_MAINLAND, _RAIN_PENINSULA_EAST, _RAIN_ANDAMAN)
        ]
    )  # (3, days), mean 1 over the year
    rain_shape = (rain_shapes.T @ static.rain_weights).astype(np.float32)  # (days, cells)
    mean_rain = rain_shape * (static.rain_annual / 365.25 * perturb["rain_factor"]).astype(
        np.float32
    )

    # Rain occurrence: wet when the correlated field is below the wet-day probability's quantile.
    intensity_floor = np.float32(6.0)  # mm/day: mean intensity on wet days is mean_rain + this
    p_wet = mean_rain / (mean_rain + intensity_floor)
    wet = streams["occurrence"].next(ndays) < special.ndtri(p_wet)
    weibull_shape = 0.8
    scale = (mean_rain + intensity_floor) / math.gamma(1 + 1 / weibull_shape) * np.float32(wetting)
    u = special.ndtr(streams["amount"].next(ndays))
    amount = scale * (-np.log1p(-np.minimum(u, 0.999999))) ** (1 / weibull_shape)
    pr = np.where(wet, np.maximum(amount, 0.1), 0.0).astype(np.float32)  # mm/day

    dryness = (1.0 - np.clip(rain_shape, 0.0, 2.0) / 2.0).astype(np.float32)
    tas = (
        static.tas_annual[None, :]
        + static.tas_amplitude[None, :] * t_shape[:, None]
        + perturb["temperature_bias"]
        + warming
    ).astype(np.float32)
    anomaly_sd = (0.8 + 0.6 * dryness).astype(np.float32)
    common = streams["common"].next(ndays) * anomaly_sd
    tas += common
    dtr = static.dtr_base[None, :].astype(np.float32) + 4.0 * (dryness - 0.5) - 1.5 * wet
    tasmax = tas + dtr / 2 + 1.0 * streams["tx"].next(ndays)
    tasmin = tas - dtr / 2 + 0.6 * streams["tn"].next(ndays)
    tasmin = np.minimum(tasmin, tasmax - 0.5)
    hurs = np.clip(
        60.0 + 14.0 * (1.0 - dryness) + 8.0 * static.coast[None, :] + 6.0 * wet - 2.0 * common,
        25.0,
        100.0,
    )
    kelvin = np.float32(273.15)
    seconds_per_day = np.float32(86400.0)
    out = {
        "tasmax": tasmax + kelvin,
        "tasmin": tasmin + kelvin,
        "tas": tas + kelvin,
        "pr": pr / seconds_per_day,  # 1 mm of water per day = 1 kg m-2 per 86400 s
        "hurs": hurs,
    }
    return {name: out[name].astype(np.float32) for name in settings.variables}


def with_overrides(settings: SyntheticClimateSettings, **changes) -> SyntheticClimateSettings:
    """A copy of ``settings`` with some fields changed (convenience for the CLI and tests)."""
    return replace(settings, **changes)
