"""Climate indices in NumPy over a (time, cell) block: the fast path.

Every index follows the ETCCDI definition (Zhang et al. 2011) and the conventions of
xclim 0.62, so that the two agree to rounding (tests/risk/climate/test_xclim_agreement.py):

* annual values are computed per calendar year with ``np.*.reduceat`` over year starts
  (no per-year or per-cell Python loop); spells are cut at 1 January as xclim's default
  ``resample_before_rl=True`` does;
* day-of-year percentiles (TX90p, TN90p, WSDI) use a 5-day window centred on each
  calendar day of the baseline and the Hyndman-Fan type 8 sample quantile through
  ``xclim.core.utils.nan_calc_percentiles``; for calendars with leap days the 365
  baseline percentiles are stretched over 366 days as xclim's ``percentile_doy`` does;
* the wet-day 95th percentile (R95pTOT) is one value per cell over all wet days of the
  baseline (type 8 quantile);
* SPI fits a zero-inflated gamma distribution per calendar month on the baseline with
  Thom's (1958) approximation of the maximum-likelihood estimate (xclim ``method="APP"``)
  and maps the probability to the standard normal.

Inputs are in canonical units (degC, mm/day, %); ``NaN`` marks missing values.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import special
from xclim.core.utils import nan_calc_percentiles

from climateplan.risk.climate.catalogue import IndexSpec, parameter

PERCENTILE_CELL_CHUNK = 256  # cells per percentile sort: bounds the 5-day window stack memory


@dataclass(frozen=True)
class TimeLayout:
    """Calendar of one read slice: ``lead`` days before the period, then the period's years."""

    year: np.ndarray
    month: np.ndarray
    dayofyear: np.ndarray
    lead: int
    calendar: str

    @property
    def period_year(self) -> np.ndarray:
        return self.year[self.lead :]

    @property
    def year_starts(self) -> np.ndarray:
        """Start of each year, relative to the period's first day."""
        y = self.period_year
        return np.concatenate([[0], np.flatnonzero(np.diff(y)) + 1])

    @property
    def days_in_year(self) -> np.ndarray:
        return np.diff(np.append(self.year_starts, self.period_year.size))

    @property
    def n_years(self) -> int:
        return self.year_starts.size

    @property
    def calendar_max_doy(self) -> int:
        return {"360_day": 360, "noleap": 365, "365_day": 365, "all_leap": 366, "366_day": 366}.get(
            self.calendar, 366
        )


@dataclass
class Thresholds:
    """Baseline statistics per cell, reused for every period of the same model."""

    tx90: np.ndarray | None = None  # (n_doy, cells)
    tn90: np.ndarray | None = None
    pr95: np.ndarray | None = None  # (cells,)
    spi: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)


def percentile_doy(
    values: np.ndarray, dayofyear: np.ndarray, year: np.ndarray, per: float, window: int = 5
) -> np.ndarray:
    """Per-calendar-day percentile over a centred ``window`` of days and all years.

    ``values`` (time, cells) covers the baseline only: days outside it count as missing,
    as in xclim's ``percentile_doy`` (rolling window padded with NaN). Returns
    (n_doy, cells); when day 366 exists the 365 first days are stretched over 366.
    """
    alpha = parameter("percentile_alpha")
    beta = parameter("percentile_beta")
    ntime, ncells = values.shape
    years, year_idx = np.unique(year, return_inverse=True)
    n_doy = int(dayofyear.max())
    half = window // 2
    out = np.empty((n_doy, ncells))
    for c0 in range(0, ncells, PERCENTILE_CELL_CHUNK):
        block = values[:, c0 : c0 + PERCENTILE_CELL_CHUNK]
        nc = block.shape[1]
        stack = np.full((n_doy, nc, years.size, window), np.nan, dtype=np.float32)
        for k, offset in enumerate(range(-half, half + 1)):
            src = np.arange(ntime) + offset
            ok = (src >= 0) & (src < ntime)
            stack[dayofyear[ok] - 1, :, year_idx[ok], k] = block[src[ok]]
        stack = stack.reshape(n_doy, nc, years.size * window)
        out[:, c0 : c0 + nc] = nan_calc_percentiles(
            stack, percentiles=[per], axis=-1, alpha=alpha, beta=beta, copy=False
        )[0]
    if n_doy == 366:
        out = stretch_doy(out[:365], 366)
    return out


def stretch_doy(per_doy: np.ndarray, target_days: int) -> np.ndarray:
    """Linear stretch of per-day values (n_doy, cells) onto ``target_days`` days.

    The n source values sit at ``linspace(1, target_days, n)`` and are interpolated at
    days 1..target_days (xclim ``adjust_doy_calendar``).
    """
    n = per_doy.shape[0]
    if n == target_days:
        return per_doy
    position = (np.arange(target_days)) * (n - 1) / (target_days - 1)
    lo = np.minimum(np.floor(position).astype(int), n - 2)
    weight = (position - lo)[:, None]
    return per_doy[lo] * (1 - weight) + per_doy[lo + 1] * weight


def doy_threshold_series(per_doy: np.ndarray, layout: TimeLayout) -> np.ndarray:
    """Threshold for every day of the period (time, cells) from per-day-of-year values."""
    doy = layout.dayofyear[layout.lead :]
    source = per_doy
    if per_doy.shape[0] != layout.calendar_max_doy:
        source = stretch_doy(per_doy, int(doy.max()))
    return source[doy - 1]


def _forward_runs(flags: np.ndarray, segment_start: np.ndarray) -> np.ndarray:
    """Length of the run of True ending at each day, restarting at each segment start."""
    t = np.arange(flags.shape[0], dtype=np.int32)[:, None]
    last_false = np.where(flags, np.int32(-1), t)
    np.maximum.accumulate(last_false, axis=0, out=last_false)
    np.maximum(last_false, (segment_start.astype(np.int32) - 1)[:, None], out=last_false)
    return np.where(flags, t - last_false, 0).astype(np.int32)


def _segment_starts(year_starts: np.ndarray, n: int) -> np.ndarray:
    starts = np.zeros(n, dtype=np.int32)
    starts[year_starts] = year_starts
    return np.maximum.accumulate(starts)


def run_lengths(flags: np.ndarray, year_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(run length ending at t, full length of the run containing t), runs cut at year starts."""
    n = flags.shape[0]
    forward = _forward_runs(flags, _segment_starts(year_starts, n))
    reversed_starts = np.sort(n - 1 - (np.append(year_starts[1:], n) - 1))
    backward = _forward_runs(flags[::-1], _segment_starts(reversed_starts, n))[::-1]
    full = np.where(flags, forward + backward - 1, 0)
    return forward, full


class _Annual:
    """Reductions of (time, cells) period arrays to (years, cells)."""

    def __init__(self, layout: TimeLayout, valid: np.ndarray):
        self.starts = layout.year_starts
        self.valid_years = np.logical_or.reduceat(valid, self.starts, axis=0)

    def _mask(self, out: np.ndarray) -> np.ndarray:
        out = out.astype(np.float64)
        out[~self.valid_years] = np.nan
        return out

    def max(self, x):
        return self._mask(np.fmax.reduceat(x, self.starts, axis=0))

    def min(self, x):
        return self._mask(np.fmin.reduceat(x, self.starts, axis=0))

    def count(self, flags):
        return self._mask(np.add.reduceat(flags.astype(np.int32), self.starts, axis=0))

    def sum(self, x):
        return self._mask(np.add.reduceat(np.nan_to_num(x.astype(np.float64)), self.starts, axis=0))


def saturation_vapour_pressure_ratio(t_from: np.ndarray, t_to: np.ndarray) -> np.ndarray:
    """e_s(t_from) / e_s(t_to) (temperatures in degC), WMO-No. 8 Magnus form over water."""
    a = parameter("saturation_vapour_pressure_a")
    b = parameter("saturation_vapour_pressure_b")
    t0 = parameter("saturation_vapour_pressure_t0")
    k_from = t_from.astype(np.float64) + 273.15
    k_to = t_to.astype(np.float64) + 273.15
    return np.exp(a * (k_from - t0) / (k_from + b) - a * (k_to - t0) / (k_to + b))


def humidity_at_tmax(tasmax: np.ndarray, tasmin: np.ndarray, hurs: np.ndarray) -> np.ndarray:
    """Relative humidity (%) at the time of TX, holding the vapour pressure of the daily mean.

    Daily mean humidity with the daily maximum temperature would overstate heat stress:
    the air is driest when it is hottest. The day's vapour pressure
    e = hurs x e_s((TX + TN) / 2) is kept, so RH(TX) = hurs x e_s(T_mean) / e_s(TX).
    """
    t_mean = (tasmax.astype(np.float64) + tasmin.astype(np.float64)) / 2
    return np.minimum(hurs * saturation_vapour_pressure_ratio(t_mean, tasmax), 100.0)


def heat_index(tasmax: np.ndarray, hurs: np.ndarray) -> np.ndarray:
    """Heat index (degC) by the Rothfusz regression in Celsius; NaN where T <= 20 degC."""
    c = [parameter(f"heat_index_c{i}") for i in range(1, 10)]
    t = np.where(tasmax > parameter("heat_index_min_temperature"), tasmax, np.nan).astype(
        np.float64
    )
    r = hurs.astype(np.float64)
    return (
        c[0]
        + c[1] * t
        + c[2] * r
        + c[3] * t * r
        + c[4] * t * t
        + c[5] * r * r
        + c[6] * t * t * r
        + c[7] * t * r * r
        + c[8] * t * t * r * r
    )


def monthly_rolling_mean(
    pr: np.ndarray, layout: TimeLayout, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mean rate over ``window`` months ending in each month of the slice.

    Returns (values (months, cells), month number 1-12 of each). Months before the
    slice's start count as missing (the window is NaN), as in xclim.
    """
    key = layout.year * 12 + layout.month
    starts = np.concatenate([[0], np.flatnonzero(np.diff(key)) + 1])
    finite = np.isfinite(pr)
    sums = np.add.reduceat(np.where(finite, pr, 0.0).astype(np.float64), starts, axis=0)
    counts = np.add.reduceat(finite.astype(np.int32), starts, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        monthly = np.where(counts > 0, sums / counts, np.nan)
    missing = ~np.isfinite(monthly)
    filled = np.where(missing, 0.0, monthly)
    csum = np.vstack([np.zeros((1, filled.shape[1])), np.cumsum(filled, axis=0)])
    cmiss = np.vstack([np.zeros((1, filled.shape[1])), np.cumsum(missing, axis=0)])
    rolled = np.full_like(monthly, np.nan)
    if monthly.shape[0] >= window:
        total = csum[window:] - csum[:-window]
        nmiss = cmiss[window:] - cmiss[:-window]
        rolled[window - 1 :] = np.where(nmiss > 0, np.nan, total / window)
    return rolled, layout.month[starts]


def _period_months(layout: TimeLayout, rolled: np.ndarray) -> np.ndarray:
    """The rolled values of the period's months (lead months dropped), (years, 12, cells)."""
    n_months = layout.n_years * 12
    return rolled[-n_months:].reshape(layout.n_years, 12, rolled.shape[1])


def spi_fit(rolled_baseline: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Zero-inflated gamma fit per calendar month: (shape, scale, P(zero)), each (12, cells)."""
    x = rolled_baseline  # (years, 12, cells)
    finite = np.isfinite(x)
    n_notnull = finite.sum(axis=0)
    n_zero = (x == 0).sum(axis=0)
    positive = finite & (x > 0)
    n_pos = positive.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(positive, x, 0.0).sum(axis=0) / n_pos
        mean_log = np.where(positive, np.log(np.where(positive, x, 1.0)), 0.0).sum(axis=0) / n_pos
        a = np.log(mean) - mean_log
        shape = (1 + np.sqrt(1 + 4 * a / 3)) / (4 * a)
        scale = mean / shape
        p_zero = n_zero / n_notnull
    bad = n_pos <= 1
    shape[bad] = np.nan
    scale[bad] = np.nan
    return shape, scale, p_zero


def spi_values(rolled: np.ndarray, fit: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """SPI (years, 12, cells) for rolled values (years, 12, cells) with a per-month fit."""
    shape, scale, p_zero = fit
    with np.errstate(invalid="ignore", divide="ignore"):
        cdf = special.gammainc(shape[None], rolled / scale[None])
        prob = np.where(rolled == 0, p_zero[None], p_zero[None] + (1 - p_zero[None]) * cdf)
        prob = np.where(np.isfinite(rolled), prob, np.nan)
        spi = special.ndtri(prob)
    limit = parameter("spi_limit")
    return np.clip(spi, -limit, limit)


def _needed(specs: list[IndexSpec]) -> set[str]:
    return {s.key for s in specs}


def compute_thresholds(
    data: dict[str, np.ndarray], layout: TimeLayout, specs: list[IndexSpec]
) -> Thresholds:
    """Baseline statistics for the requested indices from the baseline slice ``data``."""
    keys = _needed(specs)
    lead = layout.lead
    doy = layout.dayofyear[lead:]
    year = layout.year[lead:]
    window = int(parameter("percentile_window"))
    warm = parameter("warm_percentile")
    out = Thresholds()
    if keys & {"tx90p", "wsdi"}:
        out.tx90 = percentile_doy(data["tasmax"][lead:], doy, year, warm, window)
    if "tn90p" in keys:
        out.tn90 = percentile_doy(data["tasmin"][lead:], doy, year, warm, window)
    if "r95ptot" in keys:
        pr = data["pr"][lead:]
        wet = np.where(pr >= parameter("wet_day_threshold"), pr, np.nan).astype(np.float64)
        out.pr95 = nan_calc_percentiles(
            wet.T,
            percentiles=[parameter("wet_percentile")],
            axis=-1,
            alpha=parameter("percentile_alpha"),
            beta=parameter("percentile_beta"),
            copy=False,
        )[0]
    for key, name in (
        ("spi3_months_below", "spi_short_window"),
        ("spi6_months_below", "spi_long_window"),
    ):
        if key in keys:
            months = int(parameter(name))
            rolled, _ = monthly_rolling_mean(data["pr"], layout, months)
            out.spi[months] = spi_fit(_period_months(layout, rolled))
    return out


def compute_annual(
    data: dict[str, np.ndarray],
    layout: TimeLayout,
    thresholds: Thresholds,
    specs: list[IndexSpec],
) -> dict[str, np.ndarray]:
    """Annual values (years, cells) of each requested index for one period slice."""
    lead = layout.lead
    starts = layout.year_starts
    days = layout.days_in_year[:, None].astype(np.float64)
    result: dict[str, np.ndarray] = {}
    tx = data.get("tasmax")
    tn = data.get("tasmin")
    pr = data.get("pr")
    hurs = data.get("hurs")
    tx_p = tx[lead:] if tx is not None else None
    tn_p = tn[lead:] if tn is not None else None
    pr_p = pr[lead:] if pr is not None else None
    annual = {
        var: _Annual(layout, np.isfinite(arr[lead:]))
        for var, arr in data.items()
        if arr is not None
    }
    wet_threshold = parameter("wet_day_threshold")
    tx_over = None
    for spec in specs:
        key = spec.key
        if key == "txx":
            value = annual["tasmax"].max(tx_p)
        elif key == "tnn":
            value = annual["tasmin"].min(tn_p)
        elif key == "tx90p":
            tx_over = (
                tx_p > doy_threshold_series(thresholds.tx90, layout) if tx_over is None else tx_over
            )
            value = 100.0 * annual["tasmax"].count(tx_over) / days
        elif key == "tn90p":
            over = tn_p > doy_threshold_series(thresholds.tn90, layout)
            value = 100.0 * annual["tasmin"].count(over) / days
        elif key == "wsdi":
            tx_over = (
                tx_p > doy_threshold_series(thresholds.tx90, layout) if tx_over is None else tx_over
            )
            _, full = run_lengths(tx_over, starts)
            value = annual["tasmax"].count(full >= int(parameter("wsdi_min_spell")))
        elif key == "tx_days_above":
            value = annual["tasmax"].count(tx_p > spec.threshold)
        elif key == "tn_days_above":
            value = annual["tasmin"].count(tn_p > spec.threshold)
        elif key == "rx1day":
            value = annual["pr"].max(pr_p)
        elif key == "rx5day":
            value = annual["pr"].max(_rolling_sum(pr, 5)[lead:])
        elif key == "r20mm":
            value = annual["pr"].count(pr_p >= parameter("heavy_precipitation_threshold"))
        elif key == "prcptot":
            value = annual["pr"].sum(np.where(pr_p >= wet_threshold, pr_p, 0.0))
        elif key == "r95ptot":
            total = annual["pr"].sum(np.where(pr_p >= wet_threshold, pr_p, 0.0))
            limit = np.maximum(thresholds.pr95, wet_threshold)[None, :]
            over = annual["pr"].sum(np.where(pr_p > limit, pr_p, 0.0))
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(total > 0, 100.0 * over / total, np.nan)
        elif key == "cdd":
            forward, _ = run_lengths(pr_p < wet_threshold, starts)
            value = annual["pr"].max(forward)
        elif key == "cwd":
            forward, _ = run_lengths(pr_p >= wet_threshold, starts)
            value = annual["pr"].max(forward)
        elif key in ("spi3_months_below", "spi6_months_below"):
            months = int(
                parameter("spi_short_window" if key.startswith("spi3") else "spi_long_window")
            )
            rolled, _ = monthly_rolling_mean(pr, layout, months)
            spi = spi_values(_period_months(layout, rolled), thresholds.spi[months])
            value = (spi < parameter("spi_drought_threshold")).sum(axis=1).astype(np.float64)
            value[~annual["pr"].valid_years] = np.nan
        elif key == "heat_index_days_above":
            hi = heat_index(tx_p, humidity_at_tmax(tx_p, tn_p, hurs[lead:]))
            value = annual["tasmax"].count(hi > spec.threshold)
        else:  # pragma: no cover - the catalogue and this switch are kept in step by tests
            raise KeyError(key)
        result[spec.name] = np.asarray(value, dtype=np.float64)
    return result


def _rolling_sum(x: np.ndarray, window: int) -> np.ndarray:
    """Sum over ``window`` days ending on each day; NaN if a day is missing or before the start."""
    finite = np.isfinite(x)
    filled = np.where(finite, x, 0.0).astype(np.float64)
    csum = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(filled, axis=0)])
    cmiss = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(~finite, axis=0)])
    out = np.full(x.shape, np.nan)
    out[window - 1 :] = np.where(
        cmiss[window:] - cmiss[:-window] > 0, np.nan, csum[window:] - csum[:-window]
    )
    return out


def period_mean(annual: np.ndarray) -> np.ndarray:
    """Mean over the period's years (cells,), ignoring years without a value."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells (sea) give NaN
        return np.nanmean(annual, axis=0)
