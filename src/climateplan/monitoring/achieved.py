"""Estimated achieved reductions: a measure's reported KPI value turned into tonnes.

Method (docs/monitoring/achieved-reductions.md):

1. A reduction measure has a KPI with a baseline ``b`` and a target ``T`` (e.g. 0 and
   10 000 efficient air conditioners). The latest accepted report gives the cumulative
   value ``v``. The achieved share is::

       f = (v - b) / (T - b), clipped to [0, 1]

   (a KPI that falls, such as hectares burned, has T < b and works the same way). A
   measure without a baseline and a different target has no share: nothing is estimated
   for it.
2. The measure's estimated achieved reduction in year ``y`` is what the reduction engine
   (:mod:`climateplan.mitigation`) gives for that measure in year ``y`` when its uptake is
   ``f`` times its planned uptake, reached in full (the start year moved to the first
   projected year, no ramp; the end year, lines, effect and everything else as planned).
3. The plan's other measures are set the same way from their own reports (a measure
   without a report or a share counts with uptake 0), and the engine applies them in the
   plan's order, so measures acting on the same lines share them as they do in the plan
   (the second one acts on what the first leaves).

The figure is on the plan's basis (the reduction result document's ``basis``), in t CO2e
per year, against the same business-as-usual projection as the plan (drivers, grid path
and calibration of the plan's inputs). The planned path of a measure is the reduction
result document's wedge of it (:func:`planned_path`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from climateplan.errors import InputError, ProblemCollector
from climateplan.mitigation.analysis import measure_impacts
from climateplan.mitigation.baseline import from_json_dict
from climateplan.mitigation.measures import with_changes
from climateplan.mitigation.planning import PlanInputs, make_plan
from climateplan.mitigation.scenarios import Scenario
from climateplan.plans.reduction.checks import PLAN_SCENARIO, engine_inputs, load_base
from climateplan.plans.reduction.inputs import ReductionInputs

KPI_KEY = "kpi"  # the key of a reduction measure's KPI in ProgressReport.kpi_values


def number(value) -> float | None:
    """A finite number from a stored cell (number or text with thousands separators)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace(",", "")
    if not text:
        return None
    try:
        parsed = float(text)
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def achieved_share(baseline, target, value) -> float | None:
    """``f = (v - b) / (T - b)`` clipped to [0, 1]; None without b, T, v or when T = b."""
    b, t, v = number(baseline), number(target), number(value)
    if b is None or t is None or v is None or t == b:
        return None
    return float(min(1.0, max(0.0, (v - b) / (t - b))))


def kpi_value(kpi_values: Iterable[Mapping] | None, key: str = KPI_KEY) -> float | None:
    """The value of one KPI in a report's ``kpi_values`` (None when not reported)."""
    for item in kpi_values or []:
        if isinstance(item, Mapping) and item.get("key") == key:
            return number(item.get("value"))
    return None


def report_share(kpi: Mapping | None, kpi_values: Iterable[Mapping] | None) -> float | None:
    """The achieved share of a measure (its ``kpi``) by a report's KPI values."""
    kpi = kpi or {}
    return achieved_share(kpi.get("baseline"), kpi.get("target"), kpi_value(kpi_values))


def achieved_reductions(
    base_document: dict,
    inputs: ReductionInputs,
    shares: Mapping[str, float | None],
    history_documents: Iterable[dict] = (),
) -> pd.DataFrame:
    """Estimated achieved reduction (t CO2e per year on the plan's basis): one row per
    measure of the plan (in the plan's order of application), one column per projected
    year. ``shares``: measure id -> achieved share ``f`` (missing or None: 0).

    Raises :class:`~climateplan.errors.InputError` when the plan's inputs do not run.
    """
    collector = ProblemCollector()
    base = load_base(base_document, collector)
    read = engine_inputs(inputs)
    history = []
    for k, doc in enumerate(history_documents, start=1):
        try:
            history.append(from_json_dict(doc, file=f"history {k}"))
        except InputError as error:
            collector.extend(error.problems)
    problems = [*collector.problems, *read.problems]
    if base is None or problems:
        raise InputError(problems)
    first = base.year + 1
    measures = [
        with_changes(
            m,
            uptake=m.uptake * (shares.get(m.id) or 0.0),
            start_year=first,
            ramp_years=1,
        )
        for m in read.measures
    ]
    if not measures:
        return pd.DataFrame()
    end = inputs.to_year()
    if end is None:
        end = max(base.year + 1, 2030)
    result = make_plan(
        PlanInputs(
            base=base, drivers=read.drivers, grid=read.grid, history=history, measures=measures
        ),
        to_year=end,
        scenarios=[Scenario(PLAN_SCENARIO, tuple(m.id for m in measures))],
        basis=inputs.basis,
    )
    impacts = measure_impacts(result.plan, PLAN_SCENARIO, result.basis)
    impacts.columns = [int(y) for y in impacts.columns]
    return impacts.loc[:, [y for y in impacts.columns if y > base.year]]


def planned_path(document: Mapping | None) -> pd.DataFrame:
    """The planned reduction of each measure by year (t CO2e per year on the plan's basis):
    the reduction result document's wedges."""
    if not document:
        return pd.DataFrame()
    years = [int(y) for y in document.get("years") or []]
    rows = {
        w["measure"]: [number(v) or 0.0 for v in w.get("values") or []]
        for w in document.get("wedges") or []
    }
    if not rows or not years:
        return pd.DataFrame(columns=years)
    return pd.DataFrame.from_dict(rows, orient="index", columns=years)


def year_in(columns: Iterable[int], year: int) -> int | None:
    """The projected year a fiscal year is read in: the year itself, clipped to the
    projection (a year at or before the base year reads the first projected year)."""
    cols = sorted(int(c) for c in columns)
    if not cols:
        return None
    return min(max(int(year), cols[0]), cols[-1])


__all__ = [
    "KPI_KEY",
    "achieved_reductions",
    "achieved_share",
    "kpi_value",
    "number",
    "planned_path",
    "report_share",
    "year_in",
]
