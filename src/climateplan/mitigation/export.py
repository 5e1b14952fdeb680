"""Plan outputs: JSON document (schema ``climateplan.plan/1``), CSV tables, charts.

A plan directory holds::

    plan.json                 everything below, plus inputs' metadata and warnings
    totals.csv                scenario, year, basic, basic_plus, territorial, scope1-3, biogenic_co2
    by_sector.csv             scenario, sector, sector_en, sector_th, year, co2e
    by_subsector.csv          scenario, subsector, year, co2e
    by_scope.csv              scenario, scope, year, co2e
    by_gas.csv                scenario, year, gas, co2e, tonnes
    measures.csv              per scenario and measure: abatement, costs (report year)
    measure_impacts.csv       scenario, measure, position, year, sector, scope, reduction
    targets.csv               target, basis, year, value (the target paths)
    gap.csv                   scenario x target x year: emissions, target, gap, closed %
    gap_contributions.csv     which sectors and measures close the gap (target years)
    macc.csv                  the abatement cost curve (report year, MACC scenario)
    drivers.csv               driver levels used, per year
    lines.csv                 base-year lines with the driver each follows
    calibration_fit.csv, calibration_metrics.csv   when historical inventories are given
    emissions_by_sector.png, wedges.png, macc.png   charts in Thai (Buddhist Era years)
    emissions_by_sector_en.png, wedges_en.png, macc_en.png   in English (Common Era)
    charts.html               the three charts, bilingual, offline (Plotly embedded)

CSV files go through the shared export sanitiser (:mod:`climateplan.reports.cells`):
UTF-8 with BOM (Excel shows Thai correctly), text cells that a spreadsheet would run
as a formula made inert. Every file is written at once or not at all (see
``write_files_atomically``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.mitigation import analysis, charts
from climateplan.mitigation._tables import write_files_atomically
from climateplan.mitigation.aggregate import BASIS_LABELS, basis_label, totals
from climateplan.mitigation.planning import PlanResult
from climateplan.mitigation.projection import Projection, projection_long
from climateplan.mitigation.scenarios import BAU, Plan
from climateplan.reference import find_province
from climateplan.reports.cells import atomic_write
from climateplan.reports.cells import csv_bytes as _sanitised_csv

SCHEMA = "climateplan.plan/1"
PROJECTION_SCHEMA = "climateplan.projection/1"


def _clean(value):
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def report_year(result: PlanResult) -> int:
    """The year of the measure table and the MACC: the first target year, else the end."""
    years = [t.year for t in result.targets]
    return min(years) if years else int(result.plan.years[-1])


def macc_scenario(plan: Plan) -> str:
    """The scenario with the most measures (ties: the later one)."""
    if not plan.runs:
        return BAU
    return max(reversed(list(plan.runs)), key=lambda n: len(plan.runs[n].applied))


def plan_tables(result: PlanResult) -> dict[str, pd.DataFrame]:
    plan = result.plan
    year = report_year(result)
    basis = result.basis
    tables: dict[str, pd.DataFrame] = {
        "totals": analysis.totals_table(plan),
        "by_sector": analysis.sector_table(plan, basis),
        "by_subsector": analysis.subsector_table(plan, basis),
        "by_scope": analysis.scope_table(plan, basis),
        "by_gas": analysis.gas_table(plan, basis),
    }
    summaries = [analysis.measure_summary(plan, n, year, result.basis) for n in plan.runs]
    summaries = [s for s in summaries if len(s)]
    tables["measures"] = pd.concat(summaries, ignore_index=True) if summaries else pd.DataFrame()
    tables["measure_impacts"] = analysis.impact_table(plan, basis)
    tables["targets"] = analysis.target_paths(plan, result.targets)
    tables["gap"] = analysis.gap_table(plan, result.targets)
    tables["gap_contributions"] = analysis.gap_contributions(plan, result.targets)
    scenario = macc_scenario(plan)
    tables["macc"] = (
        analysis.macc_table(plan, scenario, year, result.basis)
        if scenario != BAU
        else pd.DataFrame()
    )
    levels = plan.projection.driver_levels.copy()
    levels.index.name = "year"
    tables["drivers"] = levels.reset_index()
    lines = plan.lines.drop(columns=["province"], errors="ignore").copy()
    lines["base_co2e"] = np.r_[
        plan.projection.emissions[:, 0, :4].sum(axis=1),
        np.zeros(len(lines) - len(plan.projection.lines)),
    ]
    tables["lines"] = lines
    if result.calibration is not None:
        tables["calibration_fit"] = result.calibration.fit
        tables["calibration_metrics"] = result.calibration.metrics
    return tables


def plan_document(result: PlanResult, tables: dict[str, pd.DataFrame] | None = None) -> dict:
    plan = result.plan
    tables = tables if tables is not None else plan_tables(result)
    province = find_province(plan.province)
    return {
        "schema": SCHEMA,
        "province": plan.province,
        "province_name_th": province["name_th"],
        "province_name_en": province["name_en"],
        "base_year": plan.base_year,
        "base_year_be": plan.base_year + 543,
        "end_year": int(plan.years[-1]),
        "gwp": plan.gwp,
        "basis": result.basis,
        "basis_label_en": BASIS_LABELS[result.basis][0],
        "basis_label_th": BASIS_LABELS[result.basis][1],
        "report_year": report_year(result),
        "macc_scenario": macc_scenario(plan),
        "units": {"emissions": "t CO2e", "gases": "t", "costs": "currency of each measure"},
        "scenarios": [
            {
                "name": name,
                "label_en": plan.runs[name].scenario.label("en")
                if name in plan.runs
                else "Business as usual (BAU)",
                "label_th": plan.runs[name].scenario.label("th")
                if name in plan.runs
                else "กรณีดำเนินการตามปกติ (BAU)",
                "measures": plan.runs[name].applied if name in plan.runs else [],
            }
            for name in plan.scenario_names
        ],
        "order_of_application": plan.order,
        "targets": [
            {
                "name": t.name,
                "kind": t.kind,
                "year": t.year,
                "reduction_pct": t.reduction * 100.0,
                "value": t.value,
                "reference_year": t.reference_year,
                "basis": t.basis,
                "basis_label_en": basis_label(t.basis),
                "basis_label_th": basis_label(t.basis, "th"),
                "description_en": t.describe("en"),
                "description_th": t.describe("th"),
                "source": t.source,
                "valid_from": t.valid_from,
                "valid_to": t.valid_to,
            }
            for t in result.targets
        ],
        "calibration_trends_pct": result.calibration.trend_pct() if result.calibration else None,
        "warnings": [w.to_dict() for w in result.warnings],
        "tables": {name: records(frame) for name, frame in tables.items()},
    }


LANGUAGES = (("th", ""), ("en", "_en"))  # Thai charts (BE years) and English ones (CE)


def chart_files(result: PlanResult, tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """PNG charts in Thai (``name.png``, Buddhist Era years) and in English
    (``name_en.png``), and the offline bilingual HTML page of a plan."""
    plan = result.plan
    scenario = macc_scenario(plan)
    year = report_year(result)
    basis = result.basis
    bau = plan.totals(BAU)[basis]
    bau_total = pd.Series(bau, index=plan.years)
    paths, other = chart_paths(result, tables["targets"])
    other_bau = {b: pd.Series(plan.totals(BAU)[b], index=plan.years) for _, b in other}
    by_sector = tables["by_sector"]
    if scenario in plan.runs:
        impacts = analysis.measure_impacts(plan, scenario, basis)
        scenario_total = plan.totals(scenario)[basis]
    else:
        impacts = pd.DataFrame(columns=plan.years)
        scenario_total = bau
    names = {
        m.id: (m.name_en or m.id, m.name_th or m.name_en or m.id) for m in plan.measures.values()
    }
    currency = next(iter({m.currency for m in plan.measures.values()}), "THB")
    macc = tables["macc"]
    province = find_province(plan.province)
    from climateplan.mitigation.scenarios import SCENARIO_LABELS

    # the scenario by its name in each language (its code when it is one of the user's)
    scenario_en, scenario_th = SCENARIO_LABELS.get(scenario, (scenario, scenario))
    suffix = (
        f"\n{province['name_en']}: {scenario_en} — {basis_label(basis)}",
        f"\n{province['name_th']}: {scenario_th} — {basis_label(basis, 'th')}",
    )
    note = charts.left_out_note(other)
    files = {}
    for lang, tail in LANGUAGES:
        files[f"emissions_by_sector{tail}.png"] = charts.sector_stack_png(
            by_sector,
            scenario,
            bau_total,
            paths,
            title_suffix=suffix,
            note=note,
            other_bau=other_bau,
            lang=lang,
        )
        files[f"wedges{tail}.png"] = charts.wedge_png(
            plan.years,
            bau,
            scenario_total,
            impacts,
            names,
            paths,
            title_suffix=suffix,
            note=note,
            other_bau=other_bau,
            lang=lang,
        )
        files[f"macc{tail}.png"] = charts.macc_png(
            macc if len(macc) else _empty_macc(), year, currency, lang=lang
        )
    figures = charts.plotly_figures(
        by_sector,
        scenario,
        bau_total,
        paths,
        plan.years,
        scenario_total,
        impacts,
        names,
        macc if len(macc) else _empty_macc(),
        year,
        currency,
        other_bau,
    )
    title = (
        f"แผนลดก๊าซเรือนกระจก {province['name_th']} / GHG reduction plan, {province['name_en']} "
        f"({plan.base_year}-{int(plan.years[-1])})"
    )
    files["charts.html"] = charts.html_page(figures, title)
    return files


def chart_paths(result: PlanResult, paths: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """Target paths of the charts and the sets on another basis than the plan's (name,
    basis): those are drawn beside the BAU line of their own basis, never against the
    plan's BAU line, and named in a note."""
    same = paths["basis"] == result.basis
    other = sorted(set(zip(paths.loc[~same, "target"], paths.loc[~same, "basis"], strict=True)))
    return paths, other


def _empty_macc() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["x_start", "abatement", "levelised_cost_per_t", "name_en", "name_th"]
    )


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV through the shared export sanitiser (text that a spreadsheet would run as a
    formula is made inert; UTF-8 with BOM)."""
    return _sanitised_csv(frame)


def plan_files(result: PlanResult, *, with_charts: bool = True, with_tables: bool = False):
    """Every file of a plan (name -> bytes); with ``with_tables`` also the tables they
    were made from (the command line prints its summary from the same gap table)."""
    tables = plan_tables(result)
    files = {f"{name}.csv": csv_bytes(frame) for name, frame in tables.items()}
    doc = plan_document(result, tables)
    files["plan.json"] = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    if with_charts:
        files.update(chart_files(result, tables))
    return (files, tables) if with_tables else files


def write_plan(
    result: PlanResult, directory: str | Path, *, with_charts: bool = True
) -> list[Path]:
    """Write every output of a plan into ``directory``, all or nothing."""
    return write_files_atomically(Path(directory), plan_files(result, with_charts=with_charts))


def macc_files(result: PlanResult, year: int, scenario: str | None = None) -> dict[str, bytes]:
    """macc.csv, macc.png and macc.html for one year and scenario."""
    plan = result.plan
    scenario = scenario or macc_scenario(plan)
    macc = analysis.macc_table(plan, scenario, year, result.basis)
    currency = next(iter({m.currency for m in plan.measures.values()}), "THB")
    figures = charts.plotly_figures(
        analysis.sector_table(plan, result.basis),
        scenario,
        pd.Series(totals(plan.lines, plan.bau)[result.basis], index=plan.years),
        pd.DataFrame(columns=["target", "year", "value"]),
        plan.years,
        totals(plan.lines, plan.emissions(scenario))[result.basis],
        pd.DataFrame(columns=plan.years),
        {},
        macc if len(macc) else _empty_macc(),
        year,
        currency,
    )[-1:]
    province = find_province(plan.province)
    return {
        "macc.csv": csv_bytes(macc),
        "macc.png": charts.macc_png(macc if len(macc) else _empty_macc(), year, currency),
        "macc_en.png": charts.macc_png(
            macc if len(macc) else _empty_macc(), year, currency, lang="en"
        ),
        "macc.html": charts.html_page(
            figures, f"เส้นต้นทุนการลดก๊าซ {province['name_th']} / MACC, {province['name_en']}"
        ),
    }


def projection_document(projection: Projection) -> dict:
    sums = totals(projection.lines, projection.emissions)
    by_year = pd.DataFrame({"year": projection.years, **sums})
    return {
        "schema": PROJECTION_SCHEMA,
        "province": projection.base.province,
        "base_year": projection.base_year,
        "end_year": int(projection.years[-1]),
        "gwp": projection.base.gwp,
        "units": {"emissions": "t CO2e", "biogenic_co2": "t"},
        "totals": records(by_year),
        "drivers": records(projection.driver_levels.rename_axis("year").reset_index()),
        "grid_factor": [float(x) for x in projection.grid_factor],
        "warnings": [w.to_dict() for w in projection.warnings],
        "lines": records(projection_long(projection)),
    }


def write_projection(projection: Projection, path: str | Path) -> None:
    """``.json``: the projection document; ``.csv``: one row per line and year."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        data = csv_bytes(projection_long(projection))
    else:
        doc = projection_document(projection)
        data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    atomic_write(path, data)


ROLLUP_SCHEMA = "climateplan.rollup/1"


def rollup_document(rollup) -> dict:
    """The roll-up as JSON: basis, coverage, the proxy caveat, targets, tables."""
    return {
        "schema": ROLLUP_SCHEMA,
        "basis": rollup.basis,
        "basis_label_en": basis_label(rollup.basis),
        "basis_label_th": basis_label(rollup.basis, "th"),
        "coverage": rollup.coverage,
        "provinces": rollup.coverage["summed"],
        "caveat_en": rollup.caveat[0],
        "caveat_th": rollup.caveat[1],
        "targets": [
            {
                "name": t.name,
                "kind": t.kind,
                "year": t.year,
                "basis": t.basis,
                "basis_label_en": basis_label(t.basis),
                "basis_label_th": basis_label(t.basis, "th"),
                "description_en": t.describe("en"),
                "description_th": t.describe("th"),
                "source": t.source,
                "valid_from": t.valid_from,
                "valid_to": t.valid_to,
            }
            for t in rollup.targets
        ],
        "warnings": [w.to_dict() for w in rollup.warnings],
        "totals": records(rollup.totals),
        "gap": records(rollup.gap),
        "provinces_contribution": records(rollup.provinces),
    }


def rollup_files(rollup, *, with_charts: bool = True) -> dict[str, bytes]:
    """rollup.json, rollup_totals.csv, rollup_gap.csv, rollup_provinces.csv, rollup.png."""
    doc = rollup_document(rollup)
    files = {
        "rollup.json": json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"),
        "rollup_totals.csv": csv_bytes(rollup.totals),
        "rollup_gap.csv": csv_bytes(rollup.gap),
        "rollup_provinces.csv": csv_bytes(rollup.provinces),
    }
    if with_charts:
        files["rollup.png"] = charts.rollup_png(rollup)
        files["rollup_en.png"] = charts.rollup_png(rollup, lang="en")
    return files
