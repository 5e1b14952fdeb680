"""The estimated achieved reductions of a plan's accepted progress reports.

:func:`refresh_achieved` sets :attr:`ProgressReport.achieved_t` of every accepted report
of a reduction measure with the core's method (:mod:`climateplan.monitoring.achieved`):
for each reporting period, every measure's achieved share is taken from its latest
accepted report up to that period, the engine runs the plan's measures at those shares,
and each report of the period gets its measure's reduction in the period's fiscal year.
It is called after a report is accepted (and may be called at any time: it rewrites the
figures from the stored reports and the plan's inputs).
"""

from __future__ import annotations

import hashlib
import logging

import pandas as pd
from django.core.cache import cache

from climateplan.errors import InputError
from climateplan.monitoring import achieved as core
from climateplan.monitoring.web.models import ProgressReport, ReportState
from climateplan.plans.web.handler_reduction import base_document, history_documents, inputs_of
from climateplan.plans.web.models import Plan, SectionKind

log = logging.getLogger(__name__)


def _measure_inputs(plan: Plan):
    """(reduction inputs, measure KPIs by code) of the plan, or None without a section."""
    from climateplan.plans.web.services import actions_of

    section = plan.sections.filter(kind=SectionKind.REDUCTION).first()
    if section is None:
        return None
    actions = actions_of(section)
    return inputs_of(section.inputs, actions, plan.base_year), {a.code: a.kpi for a in actions}


RUN_CACHE_SECONDS = 24 * 3600


def _inputs_stamp(plan: Plan, inputs) -> str:
    """Changes with the plan's reduction inputs and measures, its base inventory and the
    inventories it calibrates on."""
    base = plan.base_inventory
    history = list(plan.calibration_inventories.values_list("pk", "updated_at").order_by("pk"))
    text = repr([inputs.digest(), base.pk if base else None, base and base.updated_at, history])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _run(plan: Plan, stamp: str, base: dict, inputs, history: list, shares: dict):
    """The engine's figures at these shares, kept for a day under the inputs' stamp: a
    new report of the latest period runs the engine once, the earlier periods' runs are
    found again."""
    digest = hashlib.sha256(repr(sorted(shares.items())).encode()).hexdigest()[:24]
    key = f"monitoring-achieved:{plan.pk}:{stamp}:{digest}"
    found = cache.get(key)
    if found is not None:
        return None if found.empty else found
    try:
        impacts = core.achieved_reductions(base, inputs, shares, history)
    except InputError as error:
        log.info("achieved reductions of plan %s not computed: %s", plan.pk, error)
        impacts = None
    cache.set(key, impacts if impacts is not None else pd.DataFrame(), RUN_CACHE_SECONDS)
    return impacts


def achieved_by_report(plan: Plan) -> dict[int, float | None]:
    """report pk -> estimated achieved reduction (t CO2e per year) of the plan's accepted
    reports of reduction measures (None: no KPI share, or the plan's inputs do not run)."""
    reports = list(
        ProgressReport.objects.filter(
            period__plan=plan,
            state=ReportState.ACCEPTED,
            action__section__kind=SectionKind.REDUCTION,
        )
        .order_by("period__starts", "pk")
        .values("pk", "kpi_values", "action__code", "period_id", "period__fiscal_year")
    )
    if not reports:
        return {}
    made = _measure_inputs(plan)
    base = base_document(plan)
    out: dict[int, float | None] = {r["pk"]: None for r in reports}
    if made is None or base is None:
        return out
    inputs, kpis = made
    history = history_documents(plan)
    stamp = _inputs_stamp(plan, inputs)
    latest: dict[str, float | None] = {}
    runs: dict[tuple, object] = {}
    # reports come by period start: each period's shares are the latest up to it
    periods: dict[int, list[dict]] = {}
    for row in reports:
        periods.setdefault(row["period_id"], []).append(row)
    for rows in periods.values():
        for row in rows:
            latest[row["action__code"]] = core.report_share(
                kpis.get(row["action__code"]), row["kpi_values"]
            )
        key = tuple(sorted((k, v) for k, v in latest.items() if v))
        if key not in runs:
            runs[key] = _run(plan, stamp, base, inputs, history, dict(key))
        impacts = runs[key]
        if impacts is None or impacts.empty:
            continue
        for row in rows:
            code = row["action__code"]
            if latest.get(code) is None or code not in impacts.index:
                continue
            year = core.year_in(impacts.columns, row["period__fiscal_year"])
            out[row["pk"]] = float(impacts.at[code, year])
    return out


def refresh_achieved(plan: Plan) -> int:
    """Set ``achieved_t`` of the plan's accepted reports of reduction measures; returns
    how many changed. Slow work (the engine) runs before any write."""
    figures = achieved_by_report(plan)
    if not figures:
        return 0
    rows = list(ProgressReport.objects.filter(pk__in=list(figures)).only("pk", "achieved_t"))
    changed = []
    for report in rows:
        value = figures[report.pk]
        if report.achieved_t != value:
            report.achieved_t = value
            changed.append(report)
    if changed:
        ProgressReport.objects.bulk_update(changed, ["achieved_t"])
    return len(changed)


__all__ = ["achieved_by_report", "refresh_achieved"]
