"""The adaptation action plan: actions checked against the risk profile, prioritised,
costed, their coverage of the register and the residual risk, the GCoM fields.

One function builds it (:func:`build_plan`), one writes it (:func:`write_plan`); the
command line calls both and the web section of the plan will call the same.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.adaptation import reference
from climateplan.adaptation.actions import ActionSet, read_actions
from climateplan.adaptation.context import RiskContext, districts_of, load_context
from climateplan.adaptation.coverage import coverage, residual
from climateplan.adaptation.economics import economics
from climateplan.adaptation.mca import (
    Weights,
    normalise,
    rank_high_first,
    read_weights,
    sensitivity,
    switch_weights,
    weighted_sum,
)
from climateplan.errors import InputError, Problem

Progress = Callable[[str], None]


def _noop(_: str) -> None:
    return None


@dataclass
class Settings:
    """The settings of one run; defaults from settings.csv."""

    discount_rate_pct: float = field(
        default_factory=lambda: reference.number_setting("discount_rate_pct")
    )
    spread_pct: float = field(
        default_factory=lambda: reference.number_setting("sensitivity_spread_pct")
    )
    samples: int = field(
        default_factory=lambda: int(reference.number_setting("sensitivity_samples"))
    )
    top: int = field(default_factory=lambda: int(reference.number_setting("top_n")))
    seed: int = field(default_factory=lambda: int(reference.number_setting("seed")))
    eai_thb_per_unit: float = 1.0  # THB per unit of the profile's exposure values

    def check(self) -> None:
        problems = []
        if not (math.isfinite(self.discount_rate_pct) and -100 < self.discount_rate_pct <= 100):
            problems.append(
                Problem(
                    "--discount-rate: the discount rate must be a percentage above -100 "
                    "and at most 100",
                    "--discount-rate: อัตราคิดลดต้องเป็นร้อยละที่มากกว่า -100 และไม่เกิน 100",
                )
            )
        if not (math.isfinite(self.spread_pct) and 0 <= self.spread_pct < 100):
            problems.append(
                Problem(
                    "--spread: the weight spread must be 0 or more and below 100 %",
                    "--spread: ช่วงการแปรผันของน้ำหนักต้องอยู่ระหว่าง 0 ถึงน้อยกว่าร้อยละ 100",
                )
            )
        most = int(reference.number_setting("max_samples"))
        if not 1 <= self.samples <= most:
            problems.append(
                Problem(
                    f"--samples: the number of samples must be between 1 and {most:,}",
                    f"--samples: จำนวนตัวอย่างต้องอยู่ระหว่าง 1 ถึง {most:,}",
                )
            )
        if self.top < 1:
            problems.append(
                Problem(
                    "--top: top N must be at least 1",
                    "--top: ค่า top N ต้องไม่น้อยกว่า 1",
                )
            )
        if not (math.isfinite(self.eai_thb_per_unit) and self.eai_thb_per_unit > 0):
            problems.append(
                Problem(
                    "--eai-thb-per-unit: THB per exposure unit must be above 0",
                    "--eai-thb-per-unit: จำนวนบาทต่อหน่วยมูลค่าทรัพย์สินต้องมากกว่า 0",
                )
            )
        if problems:
            raise InputError(problems)


@dataclass
class AdaptationPlan:
    context: RiskContext
    inputs: ActionSet
    weights: Weights
    settings: Settings
    criteria_values: pd.DataFrame  # actions x criteria, raw
    criteria_normalised: pd.DataFrame  # actions x criteria, 0-1
    priority: pd.DataFrame
    sensitivity: pd.DataFrame
    switches: pd.DataFrame
    economics: pd.DataFrame
    coverage: pd.DataFrame
    residual: pd.DataFrame
    residual_matrix: pd.DataFrame
    notes: list[Problem] = field(default_factory=list)

    @property
    def actions(self) -> pd.DataFrame:
        return self.inputs.actions

    @property
    def complete(self) -> bool:
        """Every priority risk has an action or a reason."""
        return not (self.coverage["status"] == "not_covered").any()


def criterion_values(
    actions: pd.DataFrame, context: RiskContext, econ: pd.DataFrame, weights: Weights
) -> pd.DataFrame:
    """Raw value of each criterion for each action (docs/adaptation.md, criteria.csv)."""
    register = context.register.set_index("hazard")
    level = register["risk_level"].astype(float)
    urgency_score = reference.vocabulary("urgency")["value"].astype(float)
    timeframe = register["timeframe"].replace("", "not_known").fillna("not_known")
    urgency = timeframe.map(lambda t: urgency_score.get(t, urgency_score["not_known"]))
    groups = register["vulnerable_groups"].fillna("").map(lambda g: {x for x in g.split(",") if x})

    def risk(hs):
        known = [level.get(h, np.nan) for h in hs]
        known = [v for v in known if np.isfinite(v)]
        return max(known) if known else np.nan

    def equity(row):
        named = set().union(*(groups.get(h, set()) for h in row.hazards))
        return len(named & set(row.vulnerable_groups)) / len(named) if named else 0.0

    built_in = {
        "risk": actions["hazards"].map(risk),
        "effectiveness": actions["effectiveness"],
        "cost": econ["pv_cost_thb"].to_numpy(),
        "feasibility_technical": actions["feasibility_technical"],
        "feasibility_institutional": actions["feasibility_institutional"],
        "co_benefits": actions["co_benefits_score"],
        "urgency": actions["hazards"].map(
            lambda hs: max(urgency.get(h, urgency_score["not_known"]) for h in hs)
        ),
        "equity": actions.apply(equity, axis=1) if not actions.empty else pd.Series(dtype=float),
    }
    values = {}
    for criterion in weights.criteria:
        source = built_in.get(criterion.id) if not criterion.column else actions[criterion.column]
        values[criterion.id] = np.asarray(source, dtype=float)
    return pd.DataFrame(values, index=actions["code"].to_numpy())


def build_plan(
    actions_path: str | Path,
    profile: str | Path | RiskContext,
    *,
    weights: str | Path | Weights = "balanced",
    costs: str | Path | None = None,
    indicators: str | Path | None = None,
    reasons: str | Path | None = None,
    measures: str | Path | None = None,
    agencies: str | Path | None = None,
    settings: Settings | None = None,
    progress: Progress = _noop,
) -> AdaptationPlan:
    """Read, check and compute the adaptation plan. Raises InputError with every
    problem of every input (nothing is computed from a file with a problem)."""
    settings = settings or Settings()
    problems: list[Problem] = []
    try:
        settings.check()
    except InputError as error:
        problems += error.problems
    progress("read the risk profile / อ่านโปรไฟล์ความเสี่ยง")
    context = profile if isinstance(profile, RiskContext) else load_context(profile)
    try:
        chosen = weights if isinstance(weights, Weights) else read_weights(weights)
    except InputError as error:
        problems += error.problems
        chosen = None
    progress("check the actions / ตรวจสอบมาตรการ")
    try:
        inputs = read_actions(
            Path(actions_path),
            context,
            costs=costs and Path(costs),
            indicators=indicators and Path(indicators),
            reasons=reasons and Path(reasons),
            measures=measures and Path(measures),
            agencies=agencies and Path(agencies),
            extra_numeric=chosen.custom_columns() if chosen else {},
        )
    except InputError as error:
        problems += error.problems
    if not problems and inputs.actions.empty:
        problems.append(
            Problem(
                "the action file has no action",
                "ไฟล์มาตรการไม่มีมาตรการใด",
                file=Path(actions_path).name,
            )
        )
    if problems:
        raise InputError(problems)
    return compute_plan(context, inputs, chosen, settings, progress)


def compute_plan(
    context: RiskContext,
    inputs: ActionSet,
    weights: Weights,
    settings: Settings,
    progress: Progress = _noop,
) -> AdaptationPlan:
    actions = inputs.actions.reset_index(drop=True)
    progress("economics / วิเคราะห์เชิงเศรษฐศาสตร์")
    econ = economics(
        actions,
        inputs.costs,
        settings.discount_rate_pct / 100.0,
        context.eai_by_hazard(),
        settings.eai_thb_per_unit,
    )
    progress("prioritise / จัดลำดับความสำคัญ")
    raw = criterion_values(actions, context, econ, weights)
    norm = normalise(raw.to_numpy(float), weights.criteria)
    # a value the register cannot give (a risk without a likelihood or consequence)
    # counts as the bottom of its scale, and the plan says so
    missing = np.isnan(norm)
    norm = np.where(missing, 0.0, norm)
    score = weighted_sum(norm, weights.weights)
    normalised = pd.DataFrame(norm, index=raw.index, columns=raw.columns)
    share = weights.normalised
    priority = pd.DataFrame(
        {
            "code": actions["code"],
            "name_en": actions["name_en"],
            "name_th": actions["name_th"],
            "score": score * 100.0,
            "rank": rank_high_first(score),
        }
    )
    for k, cid in enumerate(weights.ids):
        priority[f"{cid}_value"] = raw[cid].to_numpy()
        priority[f"{cid}_points"] = norm[:, k] * share[k] * 100.0
    progress("sensitivity / วิเคราะห์ความอ่อนไหว")
    sens = sensitivity(
        norm,
        weights.weights,
        spread=settings.spread_pct / 100.0,
        samples=settings.samples,
        top=settings.top,
        seed=settings.seed,
    )
    sens.insert(0, "code", actions["code"].to_numpy())
    sens.insert(1, "rank", priority["rank"].to_numpy())
    priority["p_top"] = sens["p_top"].to_numpy()
    switches = switch_weights(norm, weights.weights, weights.ids, list(actions["code"]))
    progress("coverage and residual risk / ความครอบคลุมและความเสี่ยงคงเหลือ")
    cover = coverage(context, actions, inputs.reasons)
    resid, resid_matrix = residual(context, actions, settings.eai_thb_per_unit)
    notes = _notes(context, actions, cover)
    for i, k in zip(*np.nonzero(missing), strict=True):
        notes.append(
            Problem(
                f"{raw.index[i]}: no value for criterion {weights.ids[k]!r} (the register has no "
                "likelihood or consequence for the risks it answers): scored as the bottom of "
                "the scale",
                f"{raw.index[i]}: ไม่มีค่าของเกณฑ์ {weights.ids[k]!r} (ทะเบียนไม่มีโอกาสเกิดหรือผลกระทบ"
                "ของความเสี่ยงที่ตอบสนอง): ให้คะแนนต่ำสุดของสเกล",
            )
        )
    order = priority.sort_values(["rank", "code"]).index
    return AdaptationPlan(
        context=context,
        inputs=inputs,
        weights=weights,
        settings=settings,
        criteria_values=raw,
        criteria_normalised=normalised,
        priority=priority.loc[order].reset_index(drop=True),
        sensitivity=sens.loc[order].reset_index(drop=True),
        switches=switches,
        economics=econ,
        coverage=cover,
        residual=resid,
        residual_matrix=resid_matrix,
        notes=notes,
    )


def _notes(context: RiskContext, actions: pd.DataFrame, cover: pd.DataFrame) -> list[Problem]:
    notes = []
    for row in cover[cover["status"] == "not_covered"].itertuples():
        notes.append(
            Problem(
                f"{row.hazard_en}: a {row.matrix_level_en.lower()} risk of the register has "
                "no action and no reason: add an action or a reason (reasons table)",
                f"{row.hazard_th}: ความเสี่ยงระดับ{row.matrix_level_th}ในทะเบียนยังไม่มีมาตรการหรือเหตุผล: "
                "เพิ่มมาตรการหรือระบุเหตุผล (ตาราง reasons)",
            )
        )
    linked = actions[actions["mitigation_measure"] != ""]
    for measure, group in linked.groupby("mitigation_measure"):
        notes.append(
            Problem(
                f"{', '.join(group['code'])}: GHG reduction counted in the reduction plan under "
                f"measure {measure!r}, not in this plan (counted once)",
                f"{', '.join(group['code'])}: การลดก๊าซเรือนกระจกนับในแผนลดก๊าซเรือนกระจกภายใต้มาตรการ "
                f"{measure!r} ไม่นับซ้ำในแผนนี้",
            )
        )
    if context.synthetic_inputs:
        notes.append(
            Problem(
                "the risk profile was made from synthetic example inputs, not official data",
                "โปรไฟล์ความเสี่ยงสร้างจากข้อมูลตัวอย่างสังเคราะห์ ไม่ใช่ข้อมูลทางการ",
            )
        )
    return notes


# --------------------------------------------------------------------------------- tables


def _labels(kind: str) -> dict[str, tuple[str, str]]:
    table = reference.vocabulary(kind)
    return {k: (r.en, r.th) for k, r in table.iterrows()}


def actions_table(plan: AdaptationPlan) -> pd.DataFrame:
    """The actions as a flat table (lists joined with ';', years in CE and BE)."""
    a = plan.actions.copy()
    fw = plan.context.framework
    types = _labels("action_type")
    agencies = plan.inputs.agencies.set_index("code")
    for col in ("hazards", "sectors", "areas", "vulnerable_groups", "co_agencies", "funding"):
        a[col] = a[col].map(";".join)
    a["hazards_th"] = plan.actions["hazards"].map(
        lambda hs: "; ".join(fw.hazards[h].name.th for h in hs)
    )
    a["sectors_th"] = plan.actions["sectors"].map(
        lambda ss: "; ".join(fw.nap_sectors[s].th for s in ss)
    )
    a["type_en"] = a["type"].map(lambda t: types[t][0])
    a["type_th"] = a["type"].map(lambda t: types[t][1])
    a["lead_agency_en"] = a["lead_agency"].map(agencies["en"])
    a["areas_en"] = plan.actions["areas"].map(lambda codes: _area_names(plan, codes, "en"))
    a["areas_th"] = plan.actions["areas"].map(lambda codes: _area_names(plan, codes, "th"))
    a["lead_agency_th"] = a["lead_agency"].map(agencies["th"])
    for col in ("start_year", "end_year"):
        a[col] = a[col].astype(int)
        a[f"{col}_be"] = a[col] + 543
    return a.drop(columns=["row"])


def _area_names(plan: AdaptationPlan, codes: tuple[str, ...], lang: str) -> str:
    if codes == ("province",):
        return plan.context.province["name_th" if lang == "th" else "name_en"]
    names = districts_of(plan.context.code).set_index("code")[lang]
    return "; ".join(names.get(c, c) for c in codes)


def costs_table(plan: AdaptationPlan) -> pd.DataFrame:
    costs = plan.inputs.costs.copy()
    costs["fiscal_year_be"] = costs["fiscal_year"] + 543
    costs["total_thb"] = costs["capital_thb"] + costs["running_thb"]
    return costs


def cost_by_sector_year(plan: AdaptationPlan) -> pd.DataFrame:
    """Cost by NAP sector and fiscal year; an action of several sectors is split
    equally among them."""
    costs = costs_table(plan)
    sectors = plan.actions.set_index("code")["sectors"]
    costs["sector"] = costs["code"].map(sectors)
    costs = costs.explode("sector")
    n = costs["code"].map(sectors.map(len))
    costs["total_thb"] = costs["total_thb"] / n
    table = costs.groupby(["fiscal_year", "sector"], as_index=False)["total_thb"].sum()
    table["fiscal_year_be"] = table["fiscal_year"] + 543
    names = plan.context.framework.nap_sectors
    table["sector_en"] = table["sector"].map(lambda s: names[s].en)
    table["sector_th"] = table["sector"].map(lambda s: names[s].th)
    return table


def gcom_table(plan: AdaptationPlan) -> pd.DataFrame:
    """The adaptation actions in the fields of the GCoM Common Reporting Framework
    (v6.1, section 6 adaptation actions), built from the same data."""
    a = plan.actions
    register = plan.context.register.set_index("hazard")
    fw = plan.context.framework
    agencies = plan.inputs.agencies.set_index("code")
    status = _labels("status")
    gcom_status = reference.vocabulary("status")["gcom_en"]
    gcom_type = reference.vocabulary("action_type")["gcom_en"]
    funding = reference.vocabulary("funding")
    econ = plan.economics.set_index("code")
    indicators = plan.inputs.indicators
    kpis = (
        indicators.groupby("code").apply(
            lambda g: "; ".join(
                f"{r.name_en} ({r.unit}): {r.baseline:g} -> {r.target:g} by {int(r.year)}"
                for r in g.itertuples()
            ),
            include_groups=False,
        )
        if not indicators.empty
        else pd.Series(dtype=object)
    )
    total = plan.inputs.costs.groupby("code")[["capital_thb", "running_thb"]].sum().sum(axis=1)
    return pd.DataFrame(
        {
            "Action ID": a["code"],
            "Action title": a["name_en"],
            "Action title (Thai)": a["name_th"],
            "Action description": a["description_en"],
            "Climate hazards addressed": a["hazards"].map(
                lambda hs: "; ".join(register.loc[h, "gcom_hazard_en"] for h in hs)
            ),
            "Sectors": a["sectors"].map(lambda ss: "; ".join(fw.nap_sectors[s].en for s in ss)),
            "Type of action (IPCC category)": a["type"].map(gcom_type),
            "Status": a["status"].map(gcom_status),
            "Status (Thai)": a["status"].map(lambda s: status[s][1]),
            "Implementing body": a["lead_agency"].map(agencies["en"]),
            "Stakeholders involved": a["co_agencies"].map(
                lambda cs: "; ".join(agencies.loc[c, "en"] for c in cs)
            ),
            "Start year": a["start_year"].astype(int),
            "End year": a["end_year"].astype(int),
            "Total cost (THB, plan period)": a["code"].map(total),
            "Funding source": a["funding"].map(
                lambda fs: "; ".join(funding.loc[f, "gcom_en"] for f in fs)
            ),
            "Area": a["areas"].map(lambda codes: _area_names(plan, codes, "en")),
            "Vulnerable population groups": a["vulnerable_groups"].map(
                lambda gs: "; ".join(fw.vulnerable_groups[g].en for g in gs)
            ),
            "Co-benefits": a["co_benefits"],
            "Linked mitigation action": a["mitigation_measure"],
            "Key performance indicators": a["code"].map(kpis).astype(object).fillna(""),
            "Benefit-cost ratio": a["code"].map(econ["bcr"]),
        }
    )


def plan_dict(plan: AdaptationPlan) -> dict:
    def records(frame: pd.DataFrame) -> list[dict]:
        clean = frame.astype(object).where(frame.notna(), None)
        return json.loads(clean.to_json(orient="records", force_ascii=False))

    return {
        "province": plan.context.province,
        "profile": plan.context.source,
        "synthetic_inputs": plan.context.synthetic_inputs,
        "complete": plan.complete,
        "settings": {
            "weights": plan.weights.name,
            "criteria": [
                {
                    "id": c.id,
                    "en": c.en,
                    "th": c.th,
                    "min": c.min,
                    "max": c.max,
                    "transform": c.transform,
                    "direction": c.direction,
                    "weight": float(w),
                    "share": float(s),
                }
                for c, w, s in zip(
                    plan.weights.criteria,
                    plan.weights.weights,
                    plan.weights.normalised,
                    strict=True,
                )
            ],
            "aggregation": "weighted sum of normalised criteria (fixed scales)",
            "discount_rate_pct": plan.settings.discount_rate_pct,
            "sensitivity": {
                "spread_pct": plan.settings.spread_pct,
                "samples": plan.settings.samples,
                "top": plan.settings.top,
                "seed": plan.settings.seed,
            },
            "eai_thb_per_unit": plan.settings.eai_thb_per_unit,
        },
        "actions": records(actions_table(plan)),
        "priority": records(plan.priority),
        "sensitivity": records(plan.sensitivity),
        "weight_switches": records(plan.switches),
        "economics": records(plan.economics),
        "coverage": records(plan.coverage),
        "residual_register": records(plan.residual),
        "residual_matrix": records(plan.residual_matrix),
        "costs": records(costs_table(plan)),
        "indicators": records(plan.inputs.indicators),
        "gcom": records(gcom_table(plan)),
        "notes": [p.to_dict() for p in plan.notes],
    }


# --------------------------------------------------------------------------------- writing


def atomic_folder(out_dir: Path, write: Callable[[Path], list[str]]) -> list[Path]:
    """Write into a fresh temporary folder beside ``out_dir``; move the files in only
    when every one was written. On any error nothing is left behind."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".climateplan-", dir=out_dir.parent))
    try:
        names = write(staging)
        out_dir.mkdir(parents=True, exist_ok=True)
        moved = []
        for name in names:
            os.replace(staging / name, out_dir / name)
            moved.append(out_dir / name)
        return moved
    finally:
        shutil.rmtree(staging, ignore_errors=True)


PRIORITISE = "prioritise"
FULL = "plan"


def write_plan(
    plan: AdaptationPlan, out_dir: str | Path, *, what: str = FULL, progress: Progress = _noop
) -> list[Path]:
    """Tables (CSV through the export sanitiser, one XLSX, JSON) and charts (PNG in
    Thai and English, offline HTML with plotly.js once per folder)."""
    from openpyxl import Workbook

    from climateplan.adaptation import charts
    from climateplan.reports.cells import csv_bytes, workbook_bytes

    tables = {
        "priority": plan.priority,
        "sensitivity": plan.sensitivity,
        "weight_switches": plan.switches,
        "economics": plan.economics,
    }
    if what == FULL:
        tables |= {
            "actions": actions_table(plan),
            "costs_by_year": costs_table(plan),
            "cost_by_sector_year": cost_by_sector_year(plan),
            "indicators": plan.inputs.indicators,
            "coverage": plan.coverage,
            "register_residual": plan.residual,
            "risk_matrix_residual": plan.residual_matrix,
            "gcom_adaptation": gcom_table(plan),
        }

    def write(folder: Path) -> list[str]:
        names = []
        progress("write tables / เขียนตาราง")
        book = Workbook()
        book.remove(book.active)
        for name, frame in tables.items():
            (folder / f"{name}.csv").write_bytes(csv_bytes(frame))  # the shared sanitiser
            names.append(f"{name}.csv")
            sheet = book.create_sheet(name[:31])
            clean = frame.astype(object).where(frame.notna(), None)
            sheet.append([str(c) for c in clean.columns])
            for row in clean.itertuples(index=False):
                sheet.append([_cell(v) for v in row])
        workbook = "adaptation_plan.xlsx" if what == FULL else "prioritisation.xlsx"
        (folder / workbook).write_bytes(workbook_bytes(book))  # sanitised before saving
        names.append(workbook)
        progress("draw charts / วาดแผนภูมิ")
        names += charts.write_charts(plan, folder, full=what == FULL)
        data = plan_dict(plan)
        json_name = "adaptation_plan.json" if what == FULL else "prioritisation.json"
        (folder / json_name).write_text(
            json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        names.append(json_name)
        return names

    return atomic_folder(Path(out_dir), write)


def _cell(value):
    if isinstance(value, (tuple, list)):
        return ";".join(map(str, value))
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value
