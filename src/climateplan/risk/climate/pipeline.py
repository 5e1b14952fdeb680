"""Province (or district) climate indices from gridded daily data: the public entry point.

:func:`compute_province_indices` validates the input, plans the work, runs it on a Dask
scheduler and returns one table row per zone x index x period x scenario.

How the work is cut (why it is fast and bounded in memory):

* only grid cells that touch a zone are read; they are grouped into blocks of whole
  grid rows (a few hundred to a few thousand cells), sized so that one block of one
  period (daily values of the needed variables plus working arrays) stays near
  ``block_memory_mb``;
* one Dask task per model and block computes the baseline statistics (percentiles, SPI
  fits) and the baseline indices; one task per member, block and future period reuses
  them. A task opens the files itself and reads its block with xarray's lazy indexing,
  so tasks run on the local threaded scheduler or on a ``dask.distributed`` cluster
  alike, and memory is bounded by (threads x block size) whatever the grid size;
* indices are computed in NumPy over (time, cells) arrays (:mod:`.engine`); the zonal
  means are one sparse matrix product per member and period (:mod:`.zonal`).

Scenarios and periods: the baseline rows carry the scenario ``historical``. They come
from each model's ``historical`` member when there is one, otherwise from the model's
first member (by scenario name) that covers the baseline. Every other period is computed
for every non-historical scenario; a scenario member that starts after the baseline is
extended backwards with its model's historical member (CMIP6 ``historical`` ends in
2014, ``ssp*`` starts in 2015). When no member has a non-historical scenario (e.g.
observations), all periods are computed from the historical members.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import dask
import numpy as np
import pandas as pd

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.risk.climate import engine
from climateplan.risk.climate.catalogue import IndexSpec, parameter, resolve_indices
from climateplan.risk.climate.io import (
    HISTORICAL,
    ClimateMember,
    Period,
    VariablePiece,
    check_members,
    open_members,
    parse_periods,
    require_period,
)
from climateplan.risk.climate.zonal import Zones, ZoneWeights, load_zones, zone_weights
from climateplan.risk.contract import INDEX_TABLE_COLUMNS

OUTPUT_COLUMNS = list(INDEX_TABLE_COLUMNS)
DEFAULT_BLOCK_MEMORY_MB = 300
BYTES_PER_CELL_DAY_WORK = 48  # float64/int32 working arrays per cell-day beside the inputs


@dataclass(frozen=True)
class CellBlock:
    """Grid rows [row0, row1) x cols [col0, col1) read from file; ``local`` picks used cells."""

    row0: int
    row1: int
    col0: int
    col1: int
    local: np.ndarray  # flat positions of the used cells inside the read window
    first: int  # position of the block's first cell among the grid's used cells
    size: int


@dataclass(frozen=True)
class Job:
    """One member's days to read for one period: [start, stop) with ``lead`` days before it."""

    member: ClimateMember
    period: Period
    time: tuple[int, int]
    lead: int


def variables_for(specs: list[IndexSpec]) -> set[str]:
    """The input variables the indices need."""
    return {v for spec in specs for v in spec.variables}


def lead_months(specs: list[IndexSpec]) -> int:
    """Months read before each period: SPI windows and the 5-day Rx5day window need them."""
    windows = [
        int(parameter("spi_short_window" if s.key.startswith("spi3") else "spi_long_window"))
        for s in specs
        if s.key.startswith("spi")
    ]
    return max([w - 1 for w in windows] + [1])


def read_window(member: ClimateMember, period: Period, months_before: int) -> tuple[int, int, int]:
    """(start, stop, lead): the days read for a period, with up to ``months_before`` lead months."""
    span = member.period_slice(period)
    if span is None:
        raise ValueError(f"period {period.label} not covered")
    start, stop = span
    month_index = member.year * 12 + (member.month - 1)
    first_month = period.start * 12 - months_before
    candidates = np.flatnonzero(month_index >= first_month)
    lead_start = int(candidates[0]) if candidates.size else start
    lead_start = min(lead_start, start)
    return lead_start, stop, start - lead_start


def plan_blocks(weights: ZoneWeights, cells_per_block: int) -> list[CellBlock]:
    """Blocks of whole grid rows holding about ``cells_per_block`` used cells each."""
    order = np.lexsort((weights.cols, weights.rows))
    if not np.array_equal(order, np.arange(order.size)):
        raise ValueError("zone weights must list cells by row then column")
    rows = weights.rows
    blocks = []
    unique_rows, row_start = np.unique(rows, return_index=True)
    row_end = np.append(row_start[1:], rows.size)
    begin = 0
    count = 0
    for k, _ in enumerate(unique_rows):
        count += row_end[k] - row_start[k]
        if count >= cells_per_block or k == unique_rows.size - 1:
            sel = slice(row_start[begin], row_end[k])
            r = rows[sel]
            c = weights.cols[sel]
            r0, r1, c0, c1 = int(r.min()), int(r.max()) + 1, int(c.min()), int(c.max()) + 1
            local = (r - r0) * (c1 - c0) + (c - c0)
            blocks.append(CellBlock(r0, r1, c0, c1, local, int(row_start[begin]), int(r.size)))
            begin = k + 1
            count = 0
    return blocks


def _read_block(
    member: ClimateMember, variables: set[str], time: tuple[int, int], block: CellBlock
):
    data = {}
    for variable in sorted(variables):
        cube = member.read(variable, time, (block.row0, block.row1), (block.col0, block.col1))
        # Cell-major (cells, time): the engine reduces along contiguous time.
        data[variable] = np.ascontiguousarray(cube.reshape(cube.shape[0], -1)[:, block.local].T)
    return data


def _layout(member: ClimateMember, time: tuple[int, int], lead: int) -> engine.TimeLayout:
    t0, t1 = time
    return engine.TimeLayout(
        year=member.year[t0:t1],
        month=member.month[t0:t1],
        dayofyear=member.dayofyear[t0:t1],
        lead=lead,
        calendar=member.calendar,
    )


def _values_matrix(
    annual: dict[str, np.ndarray], invalid: dict[str, np.ndarray], specs: list[IndexSpec]
) -> np.ndarray:
    """(2, indices, cells): period means (valid years only, 80 % of them needed) and the
    share of each cell's years dropped by the missing-data rule."""
    means = [engine.period_mean(annual[s.name], invalid[s.name]) for s in specs]
    dropped = [engine.dropped_share(invalid[s.name], invalid[f"{s.name}:has_data"]) for s in specs]
    return np.stack([np.stack(means), np.stack(dropped)])


def baseline_task(job: Job, block: CellBlock, specs: list[IndexSpec], variables: set[str]):
    """Baseline thresholds and baseline (period means, dropped shares) for one block."""
    data = _read_block(job.member, variables, job.time, block)
    layout = _layout(job.member, job.time, job.lead)
    thresholds = engine.compute_thresholds(data, layout, specs)
    invalid: dict[str, np.ndarray] = {}
    annual = engine.compute_annual(data, layout, thresholds, specs, invalid)
    return thresholds, _values_matrix(annual, invalid, specs)


def period_task(job: Job, block: CellBlock, specs, variables, thresholds: engine.Thresholds):
    """(Period means, dropped shares) x indices x cells of one member, period and block."""
    data = _read_block(job.member, variables, job.time, block)
    layout = _layout(job.member, job.time, job.lead)
    invalid: dict[str, np.ndarray] = {}
    annual = engine.compute_annual(data, layout, thresholds, specs, invalid)
    return _values_matrix(annual, invalid, specs)


def _extend_with_history(member: ClimateMember, history: ClimateMember | None) -> ClimateMember:
    """A scenario member preceded by its model's historical days (CMIP layout)."""
    if history is None or member.scenario == HISTORICAL:
        return member
    if history.calendar != member.calendar or history.lat.shape != member.lat.shape:
        return member
    before = np.flatnonzero(history.daynum < member.daynum[0])
    if before.size == 0:
        return member
    n_before = int(before[-1]) + 1
    pieces: dict[str, list[VariablePiece]] = {}
    for variable in member.pieces:
        if variable not in history.pieces:
            return member
        hist = [p for p in history.pieces[variable] if p.member_start < n_before]
        trimmed = [replace(p, length=min(p.length, n_before - p.member_start)) for p in hist]
        shifted = [
            replace(p, member_start=p.member_start + n_before) for p in member.pieces[variable]
        ]
        pieces[variable] = trimmed + shifted
    import xarray as xr

    time = xr.CFTimeIndex(list(history.time[:n_before]) + list(member.time))
    daynum = np.concatenate([history.daynum[:n_before], member.daynum])
    return ClimateMember(
        model=member.model,
        scenario=member.scenario,
        calendar=member.calendar,
        lat=member.lat,
        lon=member.lon,
        time=time,
        daynum=daynum,
        pieces=pieces,
        synthetic=member.synthetic or history.synthetic,
    )


@dataclass
class Plan:
    """Which member computes which period; built and validated before any computing."""

    baseline: Period
    periods: list[Period]
    specs: list[IndexSpec]
    variables: set[str]
    baseline_jobs: dict[str, Job]  # by model
    period_jobs: list[tuple[str, str, Job]]  # (model, scenario label, job)


def build_plan(
    members: list[ClimateMember],
    periods: list[Period],
    baseline: Period,
    specs: list[IndexSpec],
) -> Plan:
    """Assign periods to members; raise one InputError for every uncovered period."""
    problems = ProblemCollector()
    months_before = lead_months(specs)
    by_model: dict[str, list[ClimateMember]] = {}
    for member in members:
        by_model.setdefault(member.model, []).append(member)
    has_scenarios = any(m.scenario != HISTORICAL for m in members)
    baseline_jobs: dict[str, Job] = {}
    period_jobs: list[tuple[str, str, Job]] = []
    future = [p for p in periods if p != baseline]
    for model, group in sorted(by_model.items()):
        history = next((m for m in group if m.scenario == HISTORICAL), None)
        extended = {m.scenario: _extend_with_history(m, history) for m in group}
        candidates = [extended[HISTORICAL]] if history is not None else []
        candidates += [extended[s] for s in sorted(extended) if s != HISTORICAL]
        source = next((m for m in candidates if m.period_slice(baseline) is not None), None)
        if source is None:
            require_period(candidates[0], baseline, problems)
        else:
            t0, t1, lead = read_window(source, baseline, months_before)
            baseline_jobs[model] = Job(source, baseline, (t0, t1), lead)
        for scenario, member in sorted(extended.items()):
            if has_scenarios and scenario == HISTORICAL:
                continue
            for period in future:
                if require_period(member, period, problems):
                    t0, t1, lead = read_window(member, period, months_before)
                    period_jobs.append((model, scenario, Job(member, period, (t0, t1), lead)))
    problems.raise_if_any()
    return Plan(
        baseline=baseline,
        periods=periods,
        specs=specs,
        variables=variables_for(specs),
        baseline_jobs=baseline_jobs,
        period_jobs=period_jobs,
    )


def _cells_per_block(plan: Plan, n_cells: int, workers: int, block_memory_mb: float) -> int:
    days = max(j.time[1] - j.time[0] for j in plan.baseline_jobs.values())
    per_cell = days * (4 * len(plan.variables) + BYTES_PER_CELL_DAY_WORK)
    by_memory = max(int(block_memory_mb * 1e6 / per_cell), 16)
    by_balance = max(int(np.ceil(n_cells / (2 * workers))), 16)
    return min(by_memory, by_balance)


def _scheduler_workers(scheduler) -> int:
    if scheduler is None:
        return os.cpu_count() or 1
    if scheduler in ("synchronous", "sync", "single-threaded"):
        return 1
    client = _client(scheduler)
    return max(sum(client.nthreads().values()), 1)


def _client(scheduler):
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler
    return Client(scheduler)


def _run(tasks: list, scheduler, progress: Callable[[int, int], None] | None) -> list:
    """Compute delayed ``tasks`` on the chosen scheduler, reporting finished tasks."""
    total = len(tasks)
    if scheduler is None or scheduler in ("synchronous", "sync", "single-threaded", "threads"):
        from dask.callbacks import Callback

        name = "threads" if scheduler in (None, "threads") else "sync"
        target_keys = {t.key for t in tasks}
        done = [0]

        class _Progress(Callback):
            def _posttask(self, key, result, dsk, state, worker_id):
                if key in target_keys:
                    done[0] += 1
                    if progress is not None:
                        progress(done[0], total)

        with _Progress():
            return list(dask.compute(*tasks, scheduler=name, num_workers=os.cpu_count() or 1))
    from distributed import as_completed

    client = _client(scheduler)
    futures = client.compute(tasks)
    for finished, _ in enumerate(as_completed(futures), start=1):
        if progress is not None:
            progress(finished, total)
    return client.gather(futures)


def compute_cell_indices(
    plan: Plan,
    weights: ZoneWeights,
    scheduler=None,
    progress: Callable[[int, int], None] | None = None,
    block_memory_mb: float = DEFAULT_BLOCK_MEMORY_MB,
    dropped_out: dict | None = None,
) -> tuple[dict[str, np.ndarray], list[tuple[str, str, Period, np.ndarray]]]:
    """Period means per used cell.

    Returns ({model: baseline (indices, cells)}, [(model, scenario, period, values)]).
    ``dropped_out`` (if given) receives the share of each cell's years dropped by the
    missing-data rule, keyed (model, "historical", baseline) and (model, scenario, period).
    """
    workers = _scheduler_workers(scheduler)
    blocks = plan_blocks(weights, _cells_per_block(plan, weights.n_cells, workers, block_memory_mb))
    delayed_baseline = {}
    tasks = []
    index = []
    for model, job in plan.baseline_jobs.items():
        for b, block in enumerate(blocks):
            task = dask.delayed(baseline_task, nout=2, pure=False)(
                job, block, plan.specs, plan.variables
            )
            delayed_baseline[model, b] = task
            tasks.append(task[1])
            index.append(("baseline", model, None, None, b))
    for model, scenario, job in plan.period_jobs:
        for b, block in enumerate(blocks):
            thresholds = delayed_baseline[model, b][0]
            tasks.append(
                dask.delayed(period_task, pure=False)(
                    job, block, plan.specs, plan.variables, thresholds
                )
            )
            index.append(("period", model, scenario, job.period, b))
    results = _run(tasks, scheduler, progress)
    n_idx = len(plan.specs)
    baseline: dict[str, np.ndarray] = {}
    periods: dict[tuple, np.ndarray] = {}
    dropped: dict[tuple, np.ndarray] = {}
    for (kind, model, scenario, period, b), values in zip(index, results, strict=True):
        block = blocks[b]
        if kind == "baseline":
            target = baseline.setdefault(model, np.full((n_idx, weights.n_cells), np.nan))
            key = (model, HISTORICAL, plan.baseline)
        else:
            key = (model, scenario, period)
            target = periods.setdefault(key, np.full((n_idx, weights.n_cells), np.nan))
        share = dropped.setdefault(key, np.full((n_idx, weights.n_cells), np.nan))
        target[:, block.first : block.first + block.size] = values[0]
        share[:, block.first : block.first + block.size] = values[1]
    if dropped_out is not None:
        dropped_out.update(dropped)
    return baseline, [(m, s, p, v) for (m, s, p), v in periods.items()]


def ensemble_table(
    zone_values: list[tuple[str, str, Period, np.ndarray]],
    specs: list[IndexSpec],
    zones: Zones,
    baseline: Period,
    zone_dropped: dict[tuple, np.ndarray] | None = None,
    synthetic_models: set[str] | frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Reduce per-model zone values to the output table (median, spread, change).

    ``zone_dropped`` ((model, scenario, period) -> indices x zones) gives the
    ``years_dropped_pct`` column: the largest, over the models, share (%) of the zone's
    cell-years dropped by the missing-data rule (0: none). ``synthetic_models`` gives
    the ``synthetic`` column: True where a model behind the row (value or baseline) is
    climateplan's synthetic data."""
    low_pct = parameter("ensemble_low_percentile")
    high_pct = parameter("ensemble_high_percentile")
    min_members = int(parameter("ensemble_min_members_for_percentiles"))
    groups: dict[tuple[str, Period], list[np.ndarray]] = {}
    models: dict[tuple[str, Period], set[str]] = {}
    for model, scenario, period, values in zone_values:
        groups.setdefault((scenario, period), []).append(values)
        models.setdefault((scenario, period), set()).add(model)
    frames = []
    base_key = (HISTORICAL, baseline)
    base_stack = np.stack(groups[base_key])
    with np.errstate(all="ignore"), _quiet():
        base_median = np.nanmedian(base_stack, axis=0)
    n_idx, n_zones = base_median.shape
    for (scenario, period), stack_list in groups.items():
        stack = np.stack(stack_list)  # (models, indices, zones)
        n_models = np.isfinite(stack).sum(axis=0)
        with np.errstate(all="ignore"), _quiet():
            median = np.nanmedian(stack, axis=0)
            if stack.shape[0] >= min_members:
                low, high = np.nanpercentile(stack, [low_pct, high_pct], axis=0)
            else:
                low, high = np.nanmin(stack, axis=0), np.nanmax(stack, axis=0)
        change = median - base_median
        with np.errstate(all="ignore"):
            change_pct = np.where(base_median != 0, 100.0 * change / base_median, np.nan)
        interval_scale = np.array([s.unit == "degC" for s in specs])
        change_pct[interval_scale] = np.nan
        shares = [
            zone_dropped[(m, scenario, period)]
            for m in sorted(models[(scenario, period)])
            if zone_dropped is not None and (m, scenario, period) in zone_dropped
        ]
        with np.errstate(all="ignore"), _quiet():
            dropped_pct = (
                100.0 * np.nanmax(np.stack(shares), axis=0)
                if shares
                else np.zeros((n_idx, n_zones))
            )
        dropped_pct = np.nan_to_num(dropped_pct, nan=0.0)
        synthetic = bool((models[(scenario, period)] | models[base_key]) & set(synthetic_models))
        frame = pd.DataFrame(
            {
                "zone_pos": np.tile(np.arange(n_zones), n_idx),
                "index_pos": np.repeat(np.arange(n_idx), n_zones),
                "period": period.label,
                "scenario": scenario,
                "value": median.ravel(),
                "baseline": base_median.ravel(),
                "change": change.ravel(),
                "change_pct": change_pct.ravel(),
                "spread_low": low.ravel(),
                "spread_high": high.ravel(),
                "n_models": n_models.ravel().astype(int),
                "years_dropped_pct": np.round(dropped_pct.ravel(), 3),
                "synthetic": synthetic,
                "period_start": period.start,
            }
        )
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    codes = np.asarray(zones.codes)
    table["index"] = np.asarray([s.name for s in specs])[table["index_pos"]]
    table["unit"] = np.asarray([s.unit for s in specs])[table["index_pos"]]
    if zones.level == "district":
        table["province"] = np.asarray(zones.province_codes)[table["zone_pos"]]
        table["district"] = codes[table["zone_pos"]]
        columns = ["province", "district", *OUTPUT_COLUMNS[1:]]
        sort = ["province", "district"]
    else:
        table["province"] = codes[table["zone_pos"]]
        columns = OUTPUT_COLUMNS
        sort = ["province"]
    table["is_future"] = table["scenario"] != HISTORICAL
    table = table.sort_values([*sort, "index_pos", "period_start", "is_future", "scenario"])
    return table[columns].reset_index(drop=True)


class _quiet:
    """Silence numpy's all-NaN warnings (sea cells, zones without data give NaN on purpose)."""

    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)
        return self

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def prepare(
    datasets: list,
    periods: list[Period] | str,
    baseline: Period | str,
    indices: list[str] | str | None = None,
    zones: str | Zones = "province",
    scenario: str | None = None,
    hot_day_threshold: float | None = None,
    tropical_night_threshold: float | None = None,
    heat_index_threshold: float | None = None,
) -> tuple[Plan, Zones]:
    """Validate everything and plan the work (no index is computed).

    Raises one InputError with the problems of every stage that can be checked: periods,
    index names and files together; then variables, coverage and periods in the data.
    """
    problems = ProblemCollector()

    def stage(check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except InputError as error:
            problems.extend(error.problems)
            return None

    period_list = stage(parse_periods, periods)
    base = baseline if isinstance(baseline, Period) else stage(parse_periods, [baseline])
    base = base[0] if isinstance(base, list) else base
    thresholds = {
        "hot_day_threshold": hot_day_threshold,
        "tropical_night_threshold": tropical_night_threshold,
        "heat_index_threshold": heat_index_threshold,
    }
    specs = stage(resolve_indices, indices, **thresholds)
    members = [d for d in datasets if isinstance(d, ClimateMember)]
    paths = [d for d in datasets if isinstance(d, (str, Path))]
    opened = stage(open_members, paths, scenario=scenario) if paths else []
    problems.raise_if_any()
    members += opened
    period_list = [base, *sorted(p for p in dict.fromkeys(period_list) if p != base)]
    if indices is None and not all("hurs" in m.pieces for m in members):
        specs = [s for s in specs if "hurs" not in s.variables]
    zone_set = zones if isinstance(zones, Zones) else load_zones(zones)
    check_members(members, period_list, base, variables_for(specs), zone_set.bounds)
    plan = build_plan(members, period_list, base, specs)
    return plan, zone_set


def compute_province_indices(
    datasets: list,
    periods: list[Period] | str,
    baseline: Period | str,
    indices: list[str] | str | None = None,
    zones: str | Zones = "province",
    scheduler=None,
    progress: Callable[[int, int], None] | None = None,
    *,
    scenario: str | None = None,
    hot_day_threshold: float | None = None,
    tropical_night_threshold: float | None = None,
    heat_index_threshold: float | None = None,
    block_memory_mb: float = DEFAULT_BLOCK_MEMORY_MB,
) -> pd.DataFrame:
    """Climate indices per province (or district) x index x period x scenario.

    Parameters
    ----------
    datasets
        NetCDF paths and/or :class:`~climateplan.risk.climate.io.ClimateMember` objects.
        Each model (``source_id``/``model`` attribute, or a ``realization``/``model``
        dimension) is one ensemble member; ``experiment_id``/``scenario`` gives its
        scenario (``scenario=`` overrides; files without one are ``historical``).
    periods
        ``"1985-2014,2021-2050,2051-2080"`` or a list of :class:`Period`.
    baseline
        The baseline period (added to ``periods`` when missing); its percentiles and SPI
        fits are the reference for every period.
    indices
        Index names (see ``index_catalogue()``); ``None`` = all (heat-stress days only
        when every member has ``hurs``).
    zones
        ``"province"`` (77, code TH-xx), ``"district"`` (928; adds a ``district`` column
        after ``province``) or a :class:`Zones` object.
    scheduler
        ``None``: Dask's threaded scheduler with one thread per core (no worker
        processes: NumPy releases the GIL and threads share the read blocks);
        ``"synchronous"``: one thread; a ``dask.distributed`` address
        (``"tcp://host:8786"``) or ``Client``: that cluster (its workers must see the
        same file paths).
    progress
        ``progress(done, total)`` after each finished task.

    Returns
    -------
    pandas.DataFrame with columns ``province, index, unit, period, scenario, value,
    baseline, change, change_pct, spread_low, spread_high, n_models``: ``value`` is the
    ensemble median of the period mean of annual values, area-weighted over the zone;
    ``baseline`` the same for the baseline period and ``historical`` scenario; ``change``
    = value - baseline; ``change_pct`` = 100 x change / baseline (NaN when the baseline
    is 0 and for degC indices, whose ratios mean nothing); ``spread_low``/``spread_high``
    the ensemble 10th/90th percentiles (min/max below 5 models); ``n_models`` the number
    of models with a value.

    Raises
    ------
    climateplan.errors.InputError
        With every problem of the input (files, variables, units, coordinates, coverage,
        periods) in Thai and English, before anything is computed.
    """
    plan, zone_set = prepare(
        datasets,
        periods,
        baseline,
        indices,
        zones,
        scenario,
        hot_day_threshold,
        tropical_night_threshold,
        heat_index_threshold,
    )
    return run_plan(
        plan, zone_set, scheduler=scheduler, progress=progress, block_memory_mb=block_memory_mb
    )


def run_plan(
    plan: Plan,
    zones: Zones,
    scheduler=None,
    progress: Callable[[int, int], None] | None = None,
    block_memory_mb: float = DEFAULT_BLOCK_MEMORY_MB,
) -> pd.DataFrame:
    """Compute a validated plan (see :func:`prepare`) into the output table."""
    grids: dict[tuple, ZoneWeights] = {}

    def weights_for(member: ClimateMember) -> ZoneWeights:
        key = (member.lat.tobytes(), member.lon.tobytes())
        if key not in grids:
            grids[key] = zone_weights(member.lat, member.lon, zones)
        return grids[key]

    # Members on different grids are computed grid by grid.
    by_grid: dict[tuple, Plan] = {}
    for model, job in plan.baseline_jobs.items():
        key = (job.member.lat.tobytes(), job.member.lon.tobytes())
        sub = by_grid.setdefault(key, replace(plan, baseline_jobs={}, period_jobs=[]))
        sub.baseline_jobs[model] = job
    for model, scenario, job in plan.period_jobs:
        key = (
            plan.baseline_jobs[model].member.lat.tobytes(),
            plan.baseline_jobs[model].member.lon.tobytes(),
        )
        by_grid[key].period_jobs.append((model, scenario, job))
    zone_values: list[tuple[str, str, Period, np.ndarray]] = []
    zone_dropped: dict[tuple, np.ndarray] = {}
    for sub in by_grid.values():
        weights = weights_for(next(iter(sub.baseline_jobs.values())).member)
        dropped: dict[tuple, np.ndarray] = {}
        base_cells, period_cells = compute_cell_indices(
            sub, weights, scheduler, progress, block_memory_mb, dropped_out=dropped
        )
        for model, values in base_cells.items():
            zone_values.append((model, HISTORICAL, plan.baseline, weights.zonal_mean(values)))
        for model, scenario, period, values in period_cells:
            zone_values.append((model, scenario, period, weights.zonal_mean(values)))
        zone_dropped.update({key: weights.zonal_mean(share) for key, share in dropped.items()})
    synthetic = {job.member.model for job in plan.baseline_jobs.values() if job.member.synthetic}
    synthetic |= {model for model, _, job in plan.period_jobs if job.member.synthetic}
    return ensemble_table(zone_values, plan.specs, zones, plan.baseline, zone_dropped, synthetic)


def table_notes(table: pd.DataFrame) -> list[Problem]:
    """What a reader of the table must know, in Thai and English: values resting on
    years dropped by the missing-data rule, zones without a value, synthetic data."""
    notes: list[Problem] = []
    zone = "district" if "district" in table.columns else "province"
    if "years_dropped_pct" in table.columns:
        hit = table[table["years_dropped_pct"] > 0]
        if len(hit):
            worst = hit.loc[hit["years_dropped_pct"].idxmax()]
            zones_hit = ", ".join(pd.unique(hit[zone].astype(str))[:20])
            notes.append(
                Problem(
                    f"{len(hit)} row(s) rest on fewer years: the missing-data rule (a month "
                    "with 11 or more missing days or 5 in a row makes its year invalid) "
                    f"dropped up to {worst['years_dropped_pct']:.1f} % of the cell-years "
                    f"({worst[zone]} {worst['index']} {worst['period']}); see the "
                    f"years_dropped_pct column. Zones: {zones_hit}",
                    f"{len(hit)} แถวคำนวณจากจำนวนปีที่น้อยลง: กฎข้อมูลขาดหาย (เดือนที่ขาดข้อมูล "
                    "11 วันขึ้นไปหรือขาดติดต่อกัน 5 วันทำให้ปีนั้นใช้ไม่ได้) ตัดปีออกสูงสุด "
                    f"{worst['years_dropped_pct']:.1f} % ({worst[zone]} {worst['index']} "
                    f"{worst['period']}) ดูคอลัมน์ years_dropped_pct เขต: {zones_hit}",
                )
            )
    empty = table[table["value"].isna()]
    if len(empty):
        zones_empty = ", ".join(pd.unique(empty[zone].astype(str)))
        notes.append(
            Problem(
                f"no value for {empty[zone].nunique()} zone(s) in {len(empty)} row(s) (no grid "
                f"cell with enough valid data in the zone): {zones_empty}",
                f"ไม่มีค่าของ {empty[zone].nunique()} เขตใน {len(empty)} แถว (ไม่มีช่องกริดที่มีข้อมูล"
                f"เพียงพอในเขตนั้น): {zones_empty}",
            )
        )
    if "synthetic" in table.columns and table["synthetic"].any():
        notes.append(
            Problem(
                "computed from SYNTHETIC climate data (climateplan risk synth-climate), not "
                "observed or projected climate; rows are marked in the synthetic column",
                "คำนวณจากข้อมูลภูมิอากาศสังเคราะห์ (climateplan risk synth-climate) ไม่ใช่ข้อมูลตรวจวัด"
                "หรือข้อมูลคาดการณ์ แถวเหล่านี้มีเครื่องหมายในคอลัมน์ synthetic",
            )
        )
    return notes
