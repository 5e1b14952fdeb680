"""The reduction section's result document (schema ``climateplan.plan.reduction/1``).

:func:`compute` runs the engine (:func:`climateplan.mitigation.make_plan`) on the
stored inputs with one scenario, ``plan`` (every measure of the section), and keeps
what the pages, files and the national roll-up need, as plain JSON: the totals of
every basis, BAU and plan by sector, each measure's wedge, each target's path and gap,
the MACC of the report year, per-capita series, costs and budgets, warnings and a
small ``summary``. The tables come from :mod:`climateplan.mitigation.analysis`; this
module only reshapes them and adds up the plan attributes (budget lines).

Costs. Capital and operating costs are the measure's ``investment`` and
``om_per_year`` as entered: with ``cost_basis = total`` they are the programme's; with
``per_t`` (per t CO2e abated per year at full uptake) they are multiplied by the
measure's abatement at full uptake on the plan's basis. Budgets are the budget lines
of the plan attributes, summed by fiscal year and source.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from climateplan.errors import InputError, Problem
from climateplan.mitigation import analysis
from climateplan.mitigation.aggregate import BASES, BASIS_LABELS, NET_BASES, basis_label
from climateplan.mitigation.export import macc_scenario, report_year
from climateplan.mitigation.scenarios import BAU
from climateplan.mitigation.targets import target_sets
from climateplan.plans.reduction.checks import PLAN_SCENARIO, run_plan
from climateplan.plans.reduction.inputs import BUDGET_SOURCES, ReductionInputs, cell
from climateplan.reference import find_province

SCHEMA = "climateplan.plan.reduction/1"


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _array(values: list[float | None]) -> np.ndarray:
    return np.asarray([np.nan if v is None else v for v in values], float)


def _series(values) -> list[float | None]:
    return [_num(v) for v in np.asarray(values, float)]


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if hasattr(value, "item"):
                value = value.item()
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            clean[str(key)] = value
        out.append(clean)
    return out


def compute(
    base_document: dict,
    inputs: ReductionInputs,
    history_documents: Iterable[dict] = (),
    population: Mapping[int, float] | None = None,
) -> dict:
    """The stored result of the section; raises InputError with every problem.

    ``population``: persons by year (CE) for the per-capita series; without it the
    ``population`` driver is used when it is given in persons (a value in its first
    row), else the per-capita series are left out with a warning.
    """
    result, problems, read = run_plan(base_document, inputs, history_documents)
    if result is None:
        raise InputError(problems)
    plan = result.plan
    basis = result.basis
    years = [int(y) for y in plan.years]
    has_plan = PLAN_SCENARIO in plan.runs
    scenario = PLAN_SCENARIO if has_plan else BAU
    warnings = [w.to_dict() for w in result.warnings]
    year = report_year(result)
    tables = _tables(result, year, has_plan)

    totals = {
        b: {
            "bau": _series(plan.totals(BAU)[b]),
            "plan": _series(plan.totals(scenario)[b]),
        }
        for b in BASES
    }
    by_sector = []
    sector_frame = tables["by_sector"]
    for sector, part in sector_frame.groupby("sector", sort=True):
        series = {}
        for name in (BAU, scenario):
            rows = part.loc[part["scenario"] == name].set_index("year")["co2e"]
            series[name] = _series(rows.reindex(years).fillna(0.0).to_numpy())
        by_sector.append(
            {
                "sector": sector,
                "sector_en": str(part["sector_en"].iloc[0]),
                "sector_th": str(part["sector_th"].iloc[0]),
                "bau": series[BAU],
                "plan": series[scenario],
            }
        )

    wedges = []
    measures_table = tables["measures"]
    if has_plan:
        impacts = analysis.measure_impacts(plan, PLAN_SCENARIO, basis)
        for position, mid in enumerate(impacts.index, start=1):
            m = plan.measures[mid]
            wedges.append(
                {
                    "measure": mid,
                    "position": position,
                    "name_en": m.name_en or mid,
                    "name_th": m.name_th or m.name_en or mid,
                    "values": _series(impacts.loc[mid].to_numpy(float)),
                }
            )

    targets = []
    own_text = {str(r.get("name") or ""): r for r in inputs.targets}
    paths = tables["targets"]
    gap = tables["gap"]
    for name, members in target_sets(result.targets).items():
        path = paths.loc[paths["target"] == name].set_index("year")["value"]
        rows = gap.loc[(gap["target"] == name) & (gap["scenario"] == scenario)].set_index("year")
        first = members[0]
        targets.append(
            {
                "name": name,
                "basis": first.basis,
                "basis_label_en": basis_label(first.basis),
                "basis_label_th": basis_label(first.basis, "th"),
                "national": name in read.national,
                "title_en": str(own_text.get(name, {}).get("description_en") or ""),
                "title_th": str(own_text.get(name, {}).get("description_th") or ""),
                "net": first.basis in NET_BASES,
                "points": [
                    {
                        "kind": t.kind,
                        "year": t.year,
                        "reduction_pct": t.reduction * 100.0,
                        "value": t.value,
                        "description_en": t.describe("en"),
                        "description_th": t.describe("th"),
                    }
                    for t in members
                ],
                "year": max(t.year for t in members),
                "source": "; ".join(sorted({t.source for t in members if t.source})),
                "path": _series(path.reindex(years).to_numpy()),
                "bau": _series(rows["bau"].reindex(years).to_numpy()),
                "plan": _series(rows["emissions"].reindex(years).to_numpy()),
                "gap": _series(rows["gap"].reindex(years).to_numpy()),
                "required": _series(rows["required_reduction"].reindex(years).to_numpy()),
                "closed_pct": _series(rows["closed_pct"].reindex(years).to_numpy()),
            }
        )

    macc = tables["macc"]
    macc_rows = []
    if len(macc):
        keep = [
            "measure",
            "name_en",
            "name_th",
            "abatement",
            "levelised_cost_per_t",
            "x_start",
            "x_end",
            "annual_cost",
            "currency",
        ]
        macc_rows = _records(macc[keep])

    measure_rows = []
    if len(measures_table):
        measure_rows = _records(measures_table)
    costs = _costs(inputs, plan, measure_rows)
    per_capita = _per_capita(
        plan, totals[basis], years, population, warnings, _population_in_persons(inputs)
    )

    summary_targets = []
    for t in targets:
        i = years.index(t["year"])
        summary_targets.append(
            {
                "name": t["name"],
                "year": t["year"],
                "basis": t["basis"],
                "national": t["national"],
                "value": t["path"][i],
                "plan": t["plan"][i],
                "gap": t["gap"][i],
                "on_track": _on_track(t["gap"][i], t["path"][i]),
            }
        )
    report_index = years.index(year)
    province = find_province(plan.province)
    document = {
        "schema": SCHEMA,
        "inputs_digest": inputs.digest(),
        "inventory_digest": inventory_digest(base_document),
        "province": plan.province,
        "province_name_th": province["name_th"],
        "province_name_en": province["name_en"],
        "base_year": plan.base_year,
        "end_year": years[-1],
        "report_year": year,
        "gwp": plan.gwp,
        "basis": basis,
        "basis_label_en": BASIS_LABELS[basis][0],
        "basis_label_th": BASIS_LABELS[basis][1],
        "has_removals": bool(plan.projection.base.lines["removal"].any()),
        "years": years,
        "totals": totals,
        "by_sector": by_sector,
        "wedges": wedges,
        "order_of_application": list(plan.order),
        "targets": targets,
        "macc": {"year": year, "scenario": macc_scenario(plan), "rows": macc_rows},
        "measures": measure_rows,
        "gap_contributions": _records(tables["gap_contributions"]),
        "per_capita": per_capita,
        "costs": costs,
        "drivers": _records(tables["drivers"]),
        "calibration_trends_pct": result.calibration.trend_pct() if result.calibration else None,
        "warnings": warnings,
        "summary": {
            "base_year": plan.base_year,
            "report_year": year,
            "basis": basis,
            "base": totals[basis]["bau"][0],
            "bau": totals[basis]["bau"][report_index],
            "plan": totals[basis]["plan"][report_index],
            "reduction": (totals[basis]["bau"][report_index] or 0.0)
            - (totals[basis]["plan"][report_index] or 0.0),
            "targets": summary_targets,
            "measures": len(inputs.measures),
            "cost_total_thb": costs["capital_total"],
            "budget_total_thb": costs["budget_total"],
        },
    }
    return document


def _tables(result, year: int, has_plan: bool) -> dict[str, pd.DataFrame]:
    """The engine's tables the document keeps (those of the plan scenario only)."""
    plan, basis = result.plan, result.basis
    levels = plan.projection.driver_levels.copy()
    levels.index.name = "year"
    return {
        "by_sector": analysis.sector_table(plan, basis),
        "measures": analysis.measure_summary(plan, PLAN_SCENARIO, year, basis)
        if has_plan
        else pd.DataFrame(),
        "targets": analysis.target_paths(plan, result.targets),
        "gap": analysis.gap_table(plan, result.targets),
        "gap_contributions": analysis.gap_contributions(plan, result.targets)
        if has_plan
        else pd.DataFrame(),
        "macc": analysis.macc_table(plan, PLAN_SCENARIO, year, basis)
        if has_plan
        else pd.DataFrame(),
        "drivers": levels.reset_index(),
    }


def _on_track(gap: float | None, target: float | None) -> bool:
    """As the engine's gap table: emissions at or below the target (to rounding)."""
    return gap is not None and gap <= 1e-9 * max(1.0, abs(target or 0.0))


def _population_in_persons(inputs: ReductionInputs) -> bool:
    """The population driver is a level in persons when its first row gives a value
    (a first row with only a rule starts an index at 1)."""
    rows = [r for r in inputs.drivers if cell(r.get("driver")).lower() == "population"]
    if not rows:
        return False
    first = min(rows, key=lambda r: int(float(cell(r.get("year")) or 0)))
    return cell(first.get("value")) != "" and cell(first.get("province")) in ("", None)


def inventory_digest(base_document: dict) -> str:
    import hashlib
    import json

    text = json.dumps(base_document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _costs(inputs: ReductionInputs, plan, measure_rows: list[dict]) -> dict:
    full = {r["measure"]: r.get("abatement_full_uptake") or 0.0 for r in measure_rows}
    annual = {r["measure"]: r.get("annual_cost") for r in measure_rows}
    lc = {r["measure"]: r.get("levelised_cost_per_t") for r in measure_rows}
    by_measure = []
    by_year: dict[tuple[int, str], float] = {}
    for row in inputs.measures:
        mid = cell(row.get("id")) or cell(row.get("library_id"))
        m = plan.measures.get(mid)
        capital = operating = None
        if m is not None and m.has_costs:
            scale = full.get(mid, 0.0) if m.cost_basis == "per_t" else 1.0
            capital = m.investment * scale
            operating = m.om_per_year * scale
        budget_total = 0.0
        for line in row.get("budget") or []:
            from climateplan.mitigation._tables import parse_number, parse_year

            fy = parse_year(cell(line.get("fiscal_year")))
            amount = parse_number(cell(line.get("amount_thb"))) or 0.0
            source = cell(line.get("source")).lower()
            budget_total += amount
            if fy is not None:
                by_year[(fy, source)] = by_year.get((fy, source), 0.0) + amount
        by_measure.append(
            {
                "measure": mid,
                "name_en": (m.name_en if m else "") or mid,
                "name_th": (m.name_th if m else "") or mid,
                "owner_agency": cell(row.get("owner_agency")),
                "capital": capital,
                "operating_per_year": operating,
                "levelised_cost_per_t": lc.get(mid),
                "annual_cost_report_year": annual.get(mid),
                "budget_total": budget_total,
                "currency": m.currency if m else "THB",
            }
        )
    fiscal = [
        {
            "fiscal_year": fy,
            "source": source,
            "source_en": BUDGET_SOURCES.get(source, (source, source))[0],
            "source_th": BUDGET_SOURCES.get(source, (source, source))[1],
            "amount_thb": amount,
        }
        for (fy, source), amount in sorted(by_year.items())
    ]
    return {
        "currency": "THB",
        "capital_total": float(sum(r["capital"] or 0.0 for r in by_measure)),
        "operating_per_year_total": float(sum(r["operating_per_year"] or 0.0 for r in by_measure)),
        "budget_total": float(sum(r["budget_total"] for r in by_measure)),
        "by_measure": by_measure,
        "by_fiscal_year": fiscal,
    }


def _per_capita(
    plan, totals: dict, years: list[int], population, warnings: list, in_persons: bool
) -> dict:
    source = "population given"
    people = None
    if population:
        known = {int(k): float(v) for k, v in dict(population).items()}
        people = np.array([known.get(y, np.nan) for y in years], float)
    elif in_persons and "population" in plan.projection.driver_levels.columns:
        levels = plan.projection.driver_levels["population"]
        people = levels.reindex(years).to_numpy(float)
        source = "population driver"
    if people is None:
        warnings.append(
            Problem(
                "no population in persons is known (give the population driver a value in its "
                "first row): the per-capita series are left out",
                "ไม่มีจำนวนประชากร (คน) (ให้ระบุค่าในแถวแรกของตัวขับเคลื่อน population): "
                "จึงไม่แสดงการปล่อยต่อประชากร",
                sheet="drivers",
            ).to_dict()
        )
        return {"source": None, "population": [], "bau": [], "plan": []}
    with np.errstate(divide="ignore", invalid="ignore"):
        bau = np.asarray([np.nan if v is None else v for v in totals["bau"]], float) / people
        plan_values = (
            np.asarray([np.nan if v is None else v for v in totals["plan"]], float) / people
        )
    return {
        "source": source,
        "unit": "t CO2e per person",
        "population": _series(people),
        "bau": _series(bau),
        "plan": _series(plan_values),
    }
