"""Climate indices in NumPy over a block of cells: the fast path.

Layout: a block of daily values is held cell-major, ``(cells, time)``, and for annual
statistics it is gathered once per variable into a year-padded cube ``(cells, years,
days)`` with one slot per day of the year (366 for the standard calendar, the slot of
29 February's day 366 left empty in common years). Annual maxima, counts, sums and spells
then reduce along the last, contiguous axis: no per-year or per-cell Python loop.

Every index follows the ETCCDI definition (Zhang et al. 2011) and the conventions of
xclim 0.62, so the two agree to rounding (tests/risk/climate/test_xclim_agreement.py):

* spells (CDD, CWD, WSDI) are cut at 1 January, as xclim's default
  ``resample_before_rl=True`` does;
* day-of-year percentiles (TX90p, TN90p, WSDI) use a 5-day window centred on each
  calendar day of the baseline (days outside the baseline count as missing) and the
  Hyndman-Fan type 8 sample quantile through ``xclim.core.utils.nan_calc_percentiles``;
  when the baseline has a day 366 the first 365 percentiles are stretched over 366 days,
  as xclim's ``percentile_doy`` does;
* the wet-day 95th percentile (R95pTOT) is one value per cell over all wet days of the
  baseline (type 8 quantile);
* SPI fits a zero-inflated gamma distribution per calendar month of the baseline with
  Thom's (1958) approximation of the maximum-likelihood estimate (xclim ``method="APP"``)
  and maps the probability to the standard normal.

Inputs are in canonical units (degC, mm/day, %); NaN marks missing values.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from scipy import special
from xclim.core.utils import nan_calc_percentiles

from climateplan.risk.climate.catalogue import IndexSpec, parameter

PERCENTILE_CELL_CHUNK = 128  # cells per percentile sort: bounds the 5-day window stack memory
SLOTS = {"360_day": 360, "noleap": 365, "365_day": 365}  # day slots per year; others 366


@dataclass(frozen=True)
class TimeLayout:
    """Calendar of one read slice: ``lead`` days before the period, then the period's years."""

    year: np.ndarray
    month: np.ndarray
    dayofyear: np.ndarray
    lead: int
    calendar: str
    start_month: int = 1  # month the years start in (8: season years from 1 August)

    @cached_property
    def slots(self) -> int:
        return SLOTS.get(self.calendar, 366)

    @cached_property
    def period_years(self) -> np.ndarray:
        return np.unique(self.year[self.lead :])

    @property
    def n_years(self) -> int:
        return self.period_years.size

    @cached_property
    def days_in_year(self) -> np.ndarray:
        return np.bincount(self.year[self.lead :] - self.period_years[0])[: self.n_years]

    @cached_property
    def pad_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(positions (years, slots) into the slice, mask of slots holding a day)."""
        index = np.zeros((self.n_years, self.slots), dtype=np.int64)
        present = np.zeros((self.n_years, self.slots), dtype=bool)
        y = self.year[self.lead :] - self.period_years[0]
        d = self.dayofyear[self.lead :] - 1
        index[y, d] = np.arange(self.lead, self.year.size)
        present[y, d] = True
        return index, present

    def pad(self, values: np.ndarray, fill=np.nan) -> np.ndarray:
        """(cells, time) over the slice -> (cells, years, slots) over the period."""
        index, present = self.pad_index
        out = values[:, index]
        if not present.all():
            out[:, ~present] = fill
        return out

    @cached_property
    def period_max_doy(self) -> int:
        return int(self.dayofyear[self.lead :].max())

    @cached_property
    def month_slots(self) -> np.ndarray:
        """The calendar month (1-12) of each (year, slot); 0 where the slot holds no day."""
        index, present = self.pad_index
        return np.where(present, self.month[index], 0)

    def season(self, start_month: int) -> tuple[TimeLayout, int] | None:
        """The layout of the season years (starting on the first of ``start_month``) that
        lie wholly inside this calendar-year period, and the number of days of the slice
        it covers. A period START-END holds the season years starting in START .. END-1;
        the months before the first and after the last are not used. None if there is
        not one whole season year."""
        label = self.year - (self.month < start_month)  # a season year is named by its start
        first_year, last_year = int(self.period_years[0]), int(self.period_years[-1])
        inside = np.flatnonzero(
            (label[self.lead :] >= first_year) & (label[self.lead :] <= last_year - 1)
        )
        if inside.size == 0:
            return None
        lead = self.lead + int(inside[0])
        stop = self.lead + int(inside[-1]) + 1
        label = label[:stop]
        # day of the season year: position since the first day carrying the same label
        starts = np.concatenate([[0], np.flatnonzero(np.diff(label)) + 1])
        run = np.repeat(starts, np.diff(np.append(starts, label.size)))
        layout = TimeLayout(
            year=label,
            month=self.month[:stop],
            dayofyear=np.arange(label.size) - run + 1,
            lead=lead,
            calendar=self.calendar,
            start_month=start_month,
        )
        return layout, stop


@dataclass
class Thresholds:
    """Baseline statistics per cell, reused for every period of the same model."""

    tx90: np.ndarray | None = None  # (cells, n_doy)
    tn90: np.ndarray | None = None
    pr95: np.ndarray | None = None  # (cells,)
    spi: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)


def stretch_doy(per_doy: np.ndarray, target_days: int) -> np.ndarray:
    """Linear stretch of per-day values (cells, n_doy) onto ``target_days`` days.

    The n source values sit at ``linspace(1, target_days, n)`` and are interpolated at
    days 1..target_days (xclim ``adjust_doy_calendar``).
    """
    n = per_doy.shape[-1]
    if n == target_days:
        return per_doy
    position = np.arange(target_days) * (n - 1) / (target_days - 1)
    lo = np.minimum(np.floor(position).astype(int), n - 2)
    weight = position - lo
    return per_doy[..., lo] * (1 - weight) + per_doy[..., lo + 1] * weight


def percentile_doy(
    values: np.ndarray, layout: TimeLayout, per: float, window: int = 5
) -> np.ndarray:
    """Per-calendar-day percentile over a centred ``window`` of days of all baseline years.

    ``values`` (cells, time) covers the slice of ``layout``; only the period's days
    (the baseline) are used. Returns (cells, n_doy).
    """
    alpha = parameter("percentile_alpha")
    beta = parameter("percentile_beta")
    base = values[:, layout.lead :]
    ncells, ntime = base.shape
    half = window // 2
    n_doy = layout.period_max_doy
    index, present = layout.pad_index
    index = index - layout.lead
    out = np.empty((ncells, n_doy))
    for c0 in range(0, ncells, PERCENTILE_CELL_CHUNK):
        block = base[c0 : c0 + PERCENTILE_CELL_CHUNK]
        nc = block.shape[0]
        stack = np.empty((nc, layout.slots, layout.n_years, window), dtype=block.dtype)
        for k, offset in enumerate(range(-half, half + 1)):
            source = index + offset
            ok = present & (source >= 0) & (source < ntime)
            shifted = block[:, np.clip(source, 0, ntime - 1)]
            shifted[:, ~ok] = np.nan
            stack[..., k] = shifted.transpose(0, 2, 1)
        stack = stack[:, :n_doy].reshape(nc, n_doy, layout.n_years * window)
        out[c0 : c0 + nc] = nan_calc_percentiles(
            stack, percentiles=[per], axis=-1, alpha=alpha, beta=beta, copy=False
        )[0]
    if n_doy == 366:
        out = stretch_doy(out[:, :365], 366)
    return out


def doy_thresholds(per_doy: np.ndarray, layout: TimeLayout) -> np.ndarray:
    """Thresholds per day slot (cells, 1, slots) for comparing with a padded cube.

    Baseline percentiles of another length than the calendar's are stretched over the
    days the period has (xclim ``resample_doy``).
    """
    source = per_doy
    if per_doy.shape[-1] != layout.slots:
        source = stretch_doy(per_doy, layout.period_max_doy)
    out = np.full((per_doy.shape[0], layout.slots), np.nan)
    out[:, : source.shape[-1]] = source
    return out[:, None, :]


def spells(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of True along the last axis of (cells, years, slots).

    Returns (row of each run as a flat (cells x years) position, length of each run).
    A run never crosses a row, so spells are cut at 1 January.
    """
    rows = flags.shape[0] * flags.shape[1]
    width = flags.shape[2] + 1
    padded = np.zeros((rows, width + 1), dtype=np.int8)
    padded[:, 1:width] = flags.reshape(rows, flags.shape[2])
    edges = np.diff(padded.ravel())  # +1 where a run starts, -1 one past its end
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    return starts // (width + 1), ends - starts


def longest_spell(flags: np.ndarray) -> np.ndarray:
    """Longest run of True per (cell, year)."""
    row, length = spells(flags)
    out = np.zeros(flags.shape[0] * flags.shape[1], dtype=np.int64)
    np.maximum.at(out, row, length)
    return out.reshape(flags.shape[:2])


def days_in_spells(flags: np.ndarray, min_length: int) -> np.ndarray:
    """Days per (cell, year) inside runs of at least ``min_length`` True days."""
    row, length = spells(flags)
    counted = np.where(length >= min_length, length, 0)
    out = np.bincount(row, weights=counted, minlength=flags.shape[0] * flags.shape[1])
    return out.reshape(flags.shape[:2])


def invalid_years(
    cube: np.ndarray, layout: TimeLayout, finite: np.ndarray | None = None
) -> np.ndarray:
    """(cells, years) True where the year fails the WMO missing-data rule (WMO-No. 1203;
    xclim ``missing_wmo``): some month has ``missing_days_per_month`` (11) or more
    missing days, or a run of ``missing_consecutive_days`` (5) or more. ``cube`` is a
    padded (cells, years, slots) cube; slots that hold no day are not missing."""
    _, present = layout.pad_index
    missing = ~(np.isfinite(cube) if finite is None else finite) & present
    out = np.zeros(cube.shape[:2], dtype=bool)
    rows = np.flatnonzero(missing.any(axis=-1).ravel())
    if rows.size == 0:
        return out
    n_days = int(parameter("missing_days_per_month"))
    n_run = int(parameter("missing_consecutive_days"))
    flags = missing.reshape(-1, cube.shape[-1])[rows]  # only the cell-years with a gap
    months = layout.month_slots[rows % cube.shape[1]]
    bad = np.zeros(rows.size, dtype=bool)
    for month in range(1, 13):
        in_month = flags & (months == month)
        bad |= in_month.sum(axis=-1) >= n_days
        bad |= longest_spell(in_month[:, None, :])[:, 0] >= n_run
    out.ravel()[rows[bad]] = True
    return out


def saturation_vapour_pressure_ratio(t_from: np.ndarray, t_to: np.ndarray) -> np.ndarray:
    """e_s(t_from) / e_s(t_to) (temperatures in degC), WMO-No. 8 Magnus form over water."""
    a = parameter("saturation_vapour_pressure_a")
    b = parameter("saturation_vapour_pressure_b")
    t0 = parameter("saturation_vapour_pressure_t0")
    k_from = np.asarray(t_from, dtype=np.float64) + 273.15
    k_to = np.asarray(t_to, dtype=np.float64) + 273.15
    return np.exp(a * (k_from - t0) / (k_from + b) - a * (k_to - t0) / (k_to + b))


def humidity_at_tmax(tasmax: np.ndarray, tasmin: np.ndarray, hurs: np.ndarray) -> np.ndarray:
    """Relative humidity (%) at the time of TX, holding the vapour pressure of the daily mean.

    Daily mean humidity with the daily maximum temperature would overstate heat stress:
    the air is driest when it is hottest. The day's vapour pressure
    e = hurs x e_s((TX + TN) / 2) is kept, so RH(TX) = hurs x e_s(T_mean) / e_s(TX).
    """
    t_mean = (np.asarray(tasmax, dtype=np.float64) + np.asarray(tasmin, dtype=np.float64)) / 2
    return np.minimum(hurs * saturation_vapour_pressure_ratio(t_mean, tasmax), 100.0)


def heat_index(tasmax: np.ndarray, hurs: np.ndarray) -> np.ndarray:
    """Heat index (degC) by the Rothfusz regression in Celsius; NaN where T <= 20 degC."""
    c = [parameter(f"heat_index_c{i}") for i in range(1, 10)]
    t = np.asarray(tasmax, dtype=np.float64)
    t = np.where(t > parameter("heat_index_min_temperature"), t, np.nan)
    r = np.asarray(hurs, dtype=np.float64)
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


def monthly_rolling_mean(pr: np.ndarray, layout: TimeLayout, window: int) -> np.ndarray:
    """Mean rate over ``window`` months ending in each month of the slice, (cells, months).

    Months before the slice count as missing (the window is NaN), as in xclim.
    """
    key = layout.year * 12 + layout.month
    starts = np.concatenate([[0], np.flatnonzero(np.diff(key)) + 1])
    finite = np.isfinite(pr)
    sums = np.add.reduceat(np.where(finite, pr, 0.0).astype(np.float64), starts, axis=1)
    counts = np.add.reduceat(finite.astype(np.int32), starts, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        monthly = np.where(counts > 0, sums / counts, np.nan)
    rolled = np.full_like(monthly, np.nan)
    if monthly.shape[1] >= window:
        total = monthly[:, window - 1 :].copy()
        for k in range(1, window):
            total += monthly[:, window - 1 - k : monthly.shape[1] - k]
        rolled[:, window - 1 :] = total / window
    return rolled


def _period_months(layout: TimeLayout, rolled: np.ndarray) -> np.ndarray:
    """The rolled values of the period's months (lead months dropped), (cells, years, 12)."""
    n_months = layout.n_years * 12
    return rolled[:, -n_months:].reshape(rolled.shape[0], layout.n_years, 12)


def spi_fit(rolled_baseline: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Zero-inflated gamma per calendar month: (shape, scale, P(zero)), each (cells, 12).

    ``rolled_baseline`` is (cells, years, 12). Gamma parameters by Thom's (1958)
    approximation: A = ln(mean) - mean(ln x), shape = (1 + sqrt(1 + 4A/3)) / (4A),
    scale = mean / shape, over the positive values; P(zero) = zeros / non-missing.
    """
    x = rolled_baseline
    finite = np.isfinite(x)
    n_notnull = finite.sum(axis=1)
    n_zero = (x == 0).sum(axis=1)
    positive = finite & (x > 0)
    n_pos = positive.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(positive, x, 0.0).sum(axis=1) / n_pos
        mean_log = np.where(positive, np.log(np.where(positive, x, 1.0)), 0.0).sum(axis=1) / n_pos
        a = np.log(mean) - mean_log
        shape = (1 + np.sqrt(1 + 4 * a / 3)) / (4 * a)
        scale = mean / shape
        p_zero = n_zero / n_notnull
    bad = n_pos <= 1
    shape[bad] = np.nan
    scale[bad] = np.nan
    return shape, scale, p_zero


def spi_values(rolled: np.ndarray, fit: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """SPI (cells, years, 12) of rolled values (cells, years, 12) with a per-month fit."""
    shape, scale, p_zero = (p[:, None, :] for p in fit)
    with np.errstate(invalid="ignore", divide="ignore"):
        cdf = special.gammainc(shape, rolled / scale)
        prob = np.where(rolled == 0, p_zero, p_zero + (1 - p_zero) * cdf)
        prob = np.where(np.isfinite(rolled), prob, np.nan)
        spi = special.ndtri(prob)
    limit = parameter("spi_limit")
    return np.clip(spi, -limit, limit)


def spi_window(key: str) -> int:
    return int(parameter("spi_short_window" if key.startswith("spi3") else "spi_long_window"))


def compute_thresholds(
    data: dict[str, np.ndarray], layout: TimeLayout, specs: list[IndexSpec]
) -> Thresholds:
    """Baseline statistics for the requested indices from the baseline slice ``data``."""
    keys = {s.key for s in specs}
    window = int(parameter("percentile_window"))
    warm = parameter("warm_percentile")
    out = Thresholds()
    if keys & {"tx90p", "wsdi"}:
        out.tx90 = percentile_doy(data["tasmax"], layout, warm, window)
    if "tn90p" in keys:
        out.tn90 = percentile_doy(data["tasmin"], layout, warm, window)
    if "r95ptot" in keys:
        pr = data["pr"][:, layout.lead :]
        wet = np.where(pr >= parameter("wet_day_threshold"), pr, np.nan)
        out.pr95 = nan_calc_percentiles(
            wet,
            percentiles=[parameter("wet_percentile")],
            axis=-1,
            alpha=parameter("percentile_alpha"),
            beta=parameter("percentile_beta"),
            copy=False,
        )[0]
    for key in ("spi3_months_below", "spi6_months_below"):
        if key in keys:
            months = spi_window(key)
            rolled = monthly_rolling_mean(data["pr"], layout, months)
            out.spi[months] = spi_fit(_period_months(layout, rolled))
    return out


def _rolling_sum(x: np.ndarray, window: int) -> np.ndarray:
    """Sum over ``window`` days ending on each day (cells, time); NaN if a day is missing."""
    x64 = x.astype(np.float64)
    out = np.full(x64.shape, np.nan)
    total = x64[:, window - 1 :].copy()
    for k in range(1, window):
        total += x64[:, window - 1 - k : x64.shape[1] - k]
    out[:, window - 1 :] = total
    return out


def compute_annual(
    data: dict[str, np.ndarray],
    layout: TimeLayout,
    thresholds: Thresholds,
    specs: list[IndexSpec],
    invalid_out: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Annual values (cells, years) of each requested index for one period slice.

    Years that fail the missing-data rule (:func:`invalid_years`) for a variable the
    index uses have no value; ``invalid_out`` (if given) receives, per index, the
    (cells, years) mask of those years and, under ``"<name>:has_data"``, the cells with
    any data. Indices with another year start (``spec.year_start``) are computed over
    the season years of the period (:meth:`TimeLayout.season`)."""
    season_specs = [s for s in specs if s.year_start != 1]
    specs = [s for s in specs if s.year_start == 1]
    result: dict[str, np.ndarray] = {}
    for month in sorted({s.year_start for s in season_specs}):
        part = [s for s in season_specs if s.year_start == month]
        season = layout.season(month)
        if season is None:
            for spec in part:
                result[spec.name] = np.full((next(iter(data.values())).shape[0], 0), np.nan)
                if invalid_out is not None:
                    invalid_out[spec.name] = np.zeros(result[spec.name].shape, dtype=bool)
            continue
        season_layout, stop = season
        result.update(
            compute_annual(
                {k: v[:, :stop] for k, v in data.items()},
                season_layout,
                thresholds,
                [replace(spec, year_start=1) for spec in part],  # names kept
                invalid_out,
            )
        )
    cubes: dict[str, np.ndarray] = {}

    def cube(name: str) -> np.ndarray:
        if name not in cubes:
            cubes[name] = layout.pad(data[name])
        return cubes[name]

    invalid: dict[str, np.ndarray] = {}
    has_data: dict[str, np.ndarray] = {}

    def masked(name: str, value: np.ndarray, *also: str) -> np.ndarray:
        for var in (name, *also):
            if var not in invalid:
                finite = np.isfinite(cube(var))
                has_data[var] = finite.any(axis=(1, 2))
                no_day = ~finite.any(axis=-1)  # (e.g. sea cells of land-only data)
                invalid[var] = invalid_years(cube(var), layout, finite) | no_day
        bad = np.logical_or.reduce([invalid[v] for v in (name, *also)])
        value = np.asarray(value, dtype=np.float64)
        value[bad] = np.nan
        if invalid_out is not None:
            invalid_out[current[0]] = (
                bad & np.logical_and.reduce([has_data[v] for v in (name, *also)])[:, None]
            )
            invalid_out[f"{current[0]}:has_data"] = np.logical_and.reduce(
                [has_data[v] for v in (name, *also)]
            )
        return value

    current = [""]

    days = layout.days_in_year[None, :].astype(np.float64)
    wet_threshold = parameter("wet_day_threshold")
    tx_over = None
    for spec in specs:
        key = spec.key
        current[0] = spec.name
        if key == "txx":
            value = masked("tasmax", np.fmax.reduce(cube("tasmax"), axis=-1))
        elif key == "tnn":
            value = masked("tasmin", np.fmin.reduce(cube("tasmin"), axis=-1))
        elif key in ("tx90p", "wsdi"):
            if tx_over is None:
                tx_over = cube("tasmax") > doy_thresholds(thresholds.tx90, layout)
            if key == "tx90p":
                value = masked("tasmax", 100.0 * tx_over.sum(axis=-1) / days)
            else:
                spell = int(parameter("wsdi_min_spell"))
                value = masked("tasmax", days_in_spells(tx_over, spell))
        elif key == "tn90p":
            over = cube("tasmin") > doy_thresholds(thresholds.tn90, layout)
            value = masked("tasmin", 100.0 * over.sum(axis=-1) / days)
        elif key == "tx_days_above":
            value = masked("tasmax", (cube("tasmax") > spec.threshold).sum(axis=-1))
        elif key == "tn_days_above":
            value = masked("tasmin", (cube("tasmin") > spec.threshold).sum(axis=-1))
        elif key == "rx1day":
            value = masked("pr", np.fmax.reduce(cube("pr"), axis=-1))
        elif key == "rx5day":
            value = masked("pr", np.fmax.reduce(layout.pad(_rolling_sum(data["pr"], 5)), axis=-1))
        elif key == "r20mm":
            heavy = parameter("heavy_precipitation_threshold")
            value = masked("pr", (cube("pr") >= heavy).sum(axis=-1))
        elif key == "prcptot":
            pr = cube("pr")
            value = masked("pr", np.where(pr >= wet_threshold, pr, 0.0).sum(-1, dtype=np.float64))
        elif key == "r95ptot":
            pr = cube("pr")
            total = np.where(pr >= wet_threshold, pr, 0.0).sum(-1, dtype=np.float64)
            limit = np.maximum(thresholds.pr95, wet_threshold)[:, None, None]
            over = np.where(pr > limit, pr, 0.0).sum(-1, dtype=np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                value = masked("pr", np.where(total > 0, 100.0 * over / total, np.nan))
        elif key == "cdd":
            value = masked("pr", longest_spell(cube("pr") < wet_threshold))
        elif key == "cwd":
            value = masked("pr", longest_spell(cube("pr") >= wet_threshold))
        elif key in ("spi3_months_below", "spi6_months_below"):
            months = spi_window(key)
            rolled = monthly_rolling_mean(data["pr"], layout, months)
            fit = thresholds.spi[months]  # per calendar month; season years start later
            order = (np.arange(12) + layout.start_month - 1) % 12
            spi = spi_values(_period_months(layout, rolled), tuple(p[:, order] for p in fit))
            below = (spi < parameter("spi_drought_threshold")).sum(axis=-1)
            value = masked("pr", below)
        elif key == "heat_index_days_above":
            tx = cube("tasmax")
            rh = humidity_at_tmax(tx, cube("tasmin"), cube("hurs"))
            value = masked(
                "tasmax", (heat_index(tx, rh) > spec.threshold).sum(axis=-1), "tasmin", "hurs"
            )
        else:  # pragma: no cover - the catalogue and this switch are kept in step by tests
            raise KeyError(key)
        result[spec.name] = value
    return result


def period_mean(annual: np.ndarray, invalid: np.ndarray | None = None) -> np.ndarray:
    """Mean over the period's years (cells,), ignoring years without a value.

    With ``invalid`` (cells, years: years dropped by the missing-data rule), a cell
    needs at least ``min_valid_years_share`` (80 %) of its years valid, else NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells (sea) give NaN
        mean = np.nanmean(annual, axis=-1)
    if invalid is not None and invalid.shape[-1]:
        valid_share = np.round(1.0 - invalid.mean(axis=-1), 9)  # 24/30 is 0.8, not 0.7999...
        mean = np.where(valid_share >= parameter("min_valid_years_share"), mean, np.nan)
    return mean


def dropped_share(invalid: np.ndarray, has_data: np.ndarray) -> np.ndarray:
    """Share of a cell's years dropped by the missing-data rule (cells,); NaN for cells
    without any data (e.g. sea cells of land-only data: no data, not dropped years)."""
    if invalid.shape[-1] == 0:
        return np.where(has_data, 0.0, np.nan)
    return np.where(has_data, invalid.mean(axis=-1), np.nan)
