"""The same province indices computed the plain way: xclim indices on the whole grid, regionmask.

This is the yardstick for :mod:`.pipeline`: the tests check that both give the same
numbers and the benchmark (bench/bench_risk_climate.py) times both. It reads the same
days (same periods and lead months, see :func:`.pipeline.read_window`), computes every
index with ``xclim.indices`` on dask arrays over the full grid, averages annual values
over each period, and takes area-weighted zone means with ``regionmask``'s approximate
fractional masks (``mask_3D_frac_approx``) times cos(latitude). Only the ensemble step
(:func:`.pipeline.ensemble_table`) is shared.

The zone weights differ slightly from the exact intersections of :mod:`.zonal`
(regionmask estimates each cell's covered fraction by sampling it on a 10 x 10 sub-grid),
so zone values agree closely but not to rounding; cell values agree to rounding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import regionmask
import xarray as xr
import xclim.indices as xci
from xclim.core.calendar import percentile_doy
from xclim.core.missing import missing_wmo
from xclim.indices.converters import saturation_vapor_pressure
from xclim.indices.stats import (
    preprocess_standardized_index,
    standardized_index_fit_params,
)

from climateplan.risk.climate.catalogue import MONTHS, IndexSpec, parameter
from climateplan.risk.climate.io import HISTORICAL, ClimateMember, Period
from climateplan.risk.climate.pipeline import Job, Plan, ensemble_table
from climateplan.risk.climate.zonal import Zones

CHUNKS = {"time": -1, "lat": 16, "lon": -1}


def _slice(job: Job, variables: set[str]) -> xr.Dataset:
    ds = job.member.dataset(sorted(variables), chunks=CHUNKS)
    return ds.isel(time=slice(*job.time))


def _period_years(da: xr.DataArray, period: Period) -> xr.DataArray:
    return da.sel(time=slice(str(period.start), str(period.end)))  # whole years, any calendar


def _spi_params(pr: xr.DataArray, window: int, period: Period) -> xr.DataArray:
    rolled, _ = preprocess_standardized_index(pr, freq="MS", window=window)
    params = standardized_index_fit_params(
        _period_years(rolled, period),
        freq=None,
        window=1,
        dist="gamma",
        method="APP",
        zero_inflated=True,
        fitkwargs={"floc": 0},
    )
    params.attrs["freq"] = "MS"
    params.attrs["window"] = window
    return params


def thresholds(job: Job, specs: list[IndexSpec], variables: set[str]) -> dict:
    """Baseline percentiles and SPI fits with xclim (lazy)."""
    ds = _slice(job, variables)
    base = _period_years(ds, job.period)
    keys = {s.key for s in specs}
    window = int(parameter("percentile_window"))
    warm = parameter("warm_percentile")
    out: dict = {}
    if keys & {"tx90p", "wsdi"}:
        out["tx90"] = percentile_doy(base.tasmax, window=window, per=warm).sel(percentiles=warm)
    if "tn90p" in keys:
        out["tn90"] = percentile_doy(base.tasmin, window=window, per=warm).sel(percentiles=warm)
    if "r95ptot" in keys:
        wet = base.pr.where(base.pr >= parameter("wet_day_threshold"))
        pr95 = wet.chunk({"time": -1}).quantile(
            parameter("wet_percentile") / 100, dim="time", method="median_unbiased"
        )
        out["pr95"] = pr95.drop_vars("quantile").assign_attrs(units="mm/d")
    for key, name in (
        ("spi3_months_below", "spi_short_window"),
        ("spi6_months_below", "spi_long_window"),
    ):
        if key in keys:
            months = int(parameter(name))
            # float64: Thom's estimator subtracts two close logarithms, float32 loses digits.
            out[f"spi{months}"] = _spi_params(ds.pr.astype(np.float64), months, job.period)
    return out


def _freq(spec: IndexSpec) -> str:
    """xclim's resampling frequency of the index's years: "YS" or "YS-AUG" (season years)."""
    return "YS" if spec.year_start == 1 else f"YS-{MONTHS[spec.year_start - 1].upper()}"


def _period_years_of(value: xr.DataArray, spec: IndexSpec, period: Period) -> xr.DataArray:
    """The annual values of the period: calendar years START..END, or the season years
    starting in START..END-1 (the whole season years inside the period)."""
    if spec.year_start == 1:
        return _period_years(value, period)
    years = value.time.dt.year
    return value.where((years >= period.start) & (years <= period.end - 1), drop=True)


def _missing_mask(spec: IndexSpec, ds: xr.Dataset, job: Job) -> xr.DataArray | None:
    """xclim's WMO missing-data mask (missing_wmo: 11 days or 5 consecutive days in a
    month) of the index's years, over every variable it uses."""
    freq = _freq(spec)
    masks = []
    for var in spec.variables:
        da = ds[var]
        if spec.year_start == 1:
            da = _period_years(da, job.period)
        if not bool(da.isnull().any()):
            continue  # nothing missing (whole years: partial edge years are not kept)
        # xclim's WMO check on dask arrays needs flox; on loaded arrays it does not
        da = da.load()
        masks.append(
            missing_wmo(
                da,
                freq=freq,
                nm=int(parameter("missing_days_per_month")),
                nc=int(parameter("missing_consecutive_days")),
            )
        )
    if not masks:
        return None
    out = masks[0]
    for mask in masks[1:]:
        out = out | mask
    return out


def annual_indices(job: Job, specs: list[IndexSpec], variables: set[str], thr: dict) -> dict:
    """Annual values of each index for the job's period (lazy), by xclim; years failing
    xclim's WMO missing-data rule are masked, as the engine drops them."""
    ds = _slice(job, variables)
    tx, tn, pr = ds.get("tasmax"), ds.get("tasmin"), ds.get("pr")
    # Day-of-year thresholds on the period's days only: xclim stretches 365 baseline
    # percentiles over 366 days when any day read (lead months included) is a day 366.
    tx_period = _period_years(tx, job.period) if tx is not None else None
    tn_period = _period_years(tn, job.period) if tn is not None else None
    wet = f"{parameter('wet_day_threshold')} mm/d"
    days_in_year = None
    if tx is not None:
        days_in_year = tx.time.resample(time="YS").count()
    out = {}
    for spec in specs:
        key = spec.key
        if key == "txx":
            value = xci.tx_max(tx)
        elif key == "tnn":
            value = xci.tn_min(tn)
        elif key == "tx90p":
            value = 100.0 * xci.tx90p(tx_period, thr["tx90"]) / days_in_year
        elif key == "tn90p":
            value = 100.0 * xci.tn90p(tn_period, thr["tn90"]) / tn.time.resample(time="YS").count()
        elif key == "wsdi":
            value = xci.warm_spell_duration_index(
                tx_period, thr["tx90"], window=int(parameter("wsdi_min_spell"))
            )
        elif key == "tx_days_above":
            value = xci.tx_days_above(tx, thresh=f"{spec.threshold} degC")
        elif key == "tn_days_above":
            value = xci.tn_days_above(tn, thresh=f"{spec.threshold} degC")
        elif key == "rx1day":
            value = xci.max_1day_precipitation_amount(pr)
        elif key == "rx5day":
            value = xci.max_n_day_precipitation_amount(pr, window=5)
        elif key == "r20mm":
            value = xci.wetdays(
                pr, thresh=f"{parameter('heavy_precipitation_threshold')} mm/d", op=">="
            )
        elif key == "prcptot":
            value = xci.prcptot(pr, thresh=wet)
        elif key == "r95ptot":
            value = 100.0 * xci.fraction_over_precip_thresh(pr, thr["pr95"], thresh=wet, op=">")
        elif key == "cdd":
            value = xci.maximum_consecutive_dry_days(pr, thresh=wet, op="<", freq=_freq(spec))
        elif key == "cwd":
            value = xci.maximum_consecutive_wet_days(pr, thresh=wet, op=">=", freq=_freq(spec))
        elif key in ("spi3_months_below", "spi6_months_below"):
            months = int(
                parameter("spi_short_window" if key.startswith("spi3") else "spi_long_window")
            )
            spi = xci.standardized_precipitation_index(
                pr.astype(np.float64), params=thr[f"spi{months}"]
            )
            below = spi < parameter("spi_drought_threshold")
            value = below.resample(time=_freq(spec)).sum()
        elif key == "heat_index_days_above":
            tx64 = tx.astype(np.float64).assign_attrs(units="degC")
            tmean = ((tx64 + tn.astype(np.float64)) / 2).assign_attrs(units="degC")
            ratio = saturation_vapor_pressure(tmean, method="wmo08") / saturation_vapor_pressure(
                tx64, method="wmo08"
            )
            rh = np.minimum(ds.hurs * ratio, 100.0).assign_attrs(units="%")
            hi = xci.heat_index(tx64, rh)
            value = (hi > spec.threshold).resample(time="YS").sum()
        else:  # pragma: no cover
            raise KeyError(key)
        mask = _missing_mask(spec, ds, job)
        if mask is not None:
            value = value.where(~mask)
        out[spec.name] = _period_years_of(value, spec, job.period)
    return out


def cell_period_means(plan: Plan) -> tuple[dict, list]:
    """Period means on the full grid: ({model: Dataset}, [(model, scenario, period, Dataset)])."""
    baseline = {}
    periods = []
    thr_by_model = {}
    for model, job in plan.baseline_jobs.items():
        thr_by_model[model] = thresholds(job, plan.specs, plan.variables)
        annual = annual_indices(job, plan.specs, plan.variables, thr_by_model[model])
        baseline[model] = xr.Dataset({k: v.mean("time") for k, v in annual.items()})
    for model, scenario, job in plan.period_jobs:
        annual = annual_indices(job, plan.specs, plan.variables, thr_by_model[model])
        periods.append(
            (
                model,
                scenario,
                job.period,
                xr.Dataset({k: v.mean("time") for k, v in annual.items()}),
            )
        )
    return baseline, periods


def regionmask_weights(member: ClimateMember, zones: Zones) -> xr.DataArray:
    """Fractional masks (regionmask) x cos(lat): (region, lat, lon)."""
    regions = regionmask.Regions(
        list(zones.geometries), names=list(zones.codes), abbrevs=list(zones.codes), name=zones.level
    )
    lon = xr.DataArray(member.lon, dims="lon", coords={"lon": member.lon})
    lat = xr.DataArray(member.lat, dims="lat", coords={"lat": member.lat})
    mask = regions.mask_3D_frac_approx(lon, lat)
    return mask * np.cos(np.deg2rad(lat))


def xclim_province_indices(plan: Plan, zones: Zones, scheduler: str = "threads") -> pd.DataFrame:
    """The table of :func:`.pipeline.compute_province_indices`, by xclim + regionmask."""
    import dask

    baseline, periods = cell_period_means(plan)
    computed = dask.compute(baseline, periods, scheduler=scheduler)
    baseline, periods = computed
    first_member = next(iter(plan.baseline_jobs.values())).member
    weights = regionmask_weights(first_member, zones)
    names = [s.name for s in plan.specs]
    region_order = list(weights.region.values)

    def zone_array(ds: xr.Dataset) -> np.ndarray:
        stacked = ds[names].to_array("index")
        means = stacked.weighted(weights.fillna(0)).mean(("lat", "lon"))
        means = means.transpose("index", "region").values
        # regionmask numbers regions 0..n-1 in the order given; keep only zones found.
        out = np.full((len(names), len(zones.codes)), np.nan)
        out[:, region_order] = means
        return out

    zone_values = [(m, HISTORICAL, plan.baseline, zone_array(ds)) for m, ds in baseline.items()]
    zone_values += [(m, s, p, zone_array(ds)) for m, s, p, ds in periods]
    return ensemble_table(zone_values, plan.specs, zones, plan.baseline)


def xclim_cell_values(plan: Plan, scheduler: str = "threads") -> tuple[dict, list]:
    """Computed cell-level period means (for agreement checks)."""
    import dask

    baseline, periods = cell_period_means(plan)
    return dask.compute(baseline, periods, scheduler=scheduler)
