"""Gridded climate indices of one province (and its districts) from uploaded NetCDF.

A thin layer over the risk engine's pipeline (:func:`climateplan.risk.climate.prepare`
and :func:`~climateplan.risk.climate.run_plan`, docs/risk/climate.md): it asks only for
the indices the framework uses, for one zone set made of the province and its districts
(one pass over the grid gives both: the zonal weights are one sparse matrix), reports
progress as ``progress(done, total, message)`` for the browser's progress bar and runs
on a ``dask.distributed`` scheduler when an address is given. Memory stays bounded: the
engine reads only the grid cells touching the zones, in blocks of whole grid rows of
about ``block_memory_mb``, never the whole dataset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from climateplan.plans.risk.geo import province_code, province_zones
from climateplan.plans.risk.inputs import GRIDDED_FIELDS, frame_rows
from climateplan.risk.climate import open_members, prepare, run_plan
from climateplan.risk.climate.pipeline import DEFAULT_BLOCK_MEMORY_MB
from climateplan.risk.index.framework import HISTORICAL, Framework, load_framework

Progress = Callable[[int, int, str], None]
DEFAULT_BASELINE = "1985-2014"  # the framework's baseline period (its historical indicators)


def _noop(done: int, total: int, message: str) -> None:
    pass


def framework_indices(framework: Framework) -> list[str]:
    """The gridded indices the framework reads: its gridded indicators and the change
    indices of its hazards (the register's expected change), in first-use order."""
    names: list[str] = []
    for ind_id in framework.used_indicators():
        g = framework.indicators[ind_id].gridded
        if g is not None:
            names.append(g.index.lower())
    for hazard in framework.hazards.values():
        names += [c.index.lower() for c in (*hazard.intensity, *hazard.frequency)]
    return list(dict.fromkeys(names))


def framework_periods(framework: Framework, period: str | None = None) -> tuple[str, list[str]]:
    """(baseline, projection periods) the framework's gridded indicators use; ``period``
    replaces the projection period (as the section's period option does)."""
    baseline = DEFAULT_BASELINE
    future: list[str] = []
    for ind_id in framework.used_indicators():
        g = framework.indicators[ind_id].gridded
        if g is None:
            continue
        if g.scenario == HISTORICAL:
            baseline = g.period
        else:
            future.append(period or g.period)
    return baseline, list(dict.fromkeys(future))


def compute_gridded(
    netcdf_paths: Sequence[str | Path],
    province: str,
    *,
    framework: Framework | None = None,
    baseline: str | None = None,
    periods: Sequence[str] | None = None,
    period: str | None = None,
    scenario: str | None = None,
    indices: Sequence[str] | None = None,
    districts: bool = True,
    progress: Progress | None = None,
    scheduler: str | None = None,
    block_memory_mb: float = DEFAULT_BLOCK_MEMORY_MB,
) -> list[dict]:
    """Index-table rows (``GRIDDED_FIELDS``: province, district ('' for the province
    row), index, unit, period, scenario, value, baseline, change, ...) for the province
    and its districts.

    ``baseline`` / ``periods`` default to the framework's (``period`` replaces its
    projection period); ``scenario`` names the scenario of files that carry none;
    ``indices`` defaults to those the framework reads (heat-stress days only when every
    file has ``hurs``). ``scheduler``: a ``dask.distributed`` address (a Client is
    connected to it and closed afterwards) or None for local threads.

    Raises :class:`climateplan.errors.InputError` with every problem of the files before
    anything is computed.
    """
    report = progress or _noop
    code = province_code(province)
    framework = framework or load_framework()
    report(0, 1, "ตรวจสอบไฟล์ข้อมูลภูมิอากาศ / checking the climate files")
    members = open_members([str(p) for p in netcdf_paths], scenario=scenario)
    default_base, default_periods = framework_periods(framework, period)
    base = baseline or default_base
    period_list = list(periods) if periods is not None else default_periods
    names = list(indices) if indices is not None else framework_indices(framework)
    if indices is None and not all("hurs" in m.pieces for m in members):
        from climateplan.risk.climate.catalogue import resolve_indices

        names = [s.name for s in resolve_indices(names) if "hurs" not in s.variables]
    zones = province_zones(code, with_districts=districts)
    plan, zones = prepare(members, [base, *period_list], base, names, zones, scenario)

    client = None
    if scheduler:
        from distributed import Client

        client = Client(scheduler)
    steps = {"total": 0}

    def task_done(done: int, total: int) -> None:
        steps["total"] = total + 2
        report(
            done + 1,
            total + 2,
            f"คำนวณดัชนีภูมิอากาศ {done}/{total} งาน / computing climate indices, "
            f"{done} of {total} tasks",
        )

    try:
        table = run_plan(
            plan,
            zones,
            scheduler=client,
            progress=task_done,
            block_memory_mb=block_memory_mb,
        )
    finally:
        if client is not None:
            client.close()
    total = steps["total"] or 2
    rows = _split_zones(table, code)
    report(total, total, "เสร็จสิ้น / done")
    return rows


def _split_zones(table: pd.DataFrame, code: str) -> list[dict]:
    """The engine's rows of the custom zone set -> province rows (district '') and
    district rows (province = the province, district = the district code)."""
    table = table.copy()
    zone = table["province"].astype(str)
    table["district"] = zone.where(zone != code, "")
    table["province"] = code
    for column in GRIDDED_FIELDS:
        if column not in table.columns:
            table[column] = None
    table = table.sort_values("district", kind="stable")
    return frame_rows(table[list(GRIDDED_FIELDS)])
