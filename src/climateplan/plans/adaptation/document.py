"""The adaptation section's result document (schema ``climateplan.plan.adaptation/1``).

:func:`compute` reads the plan's risk document as the engine's risk context
(:func:`climateplan.plans.risk.adaptation_context`), checks the plan's actions with
the engine's readers and runs the engine (:func:`climateplan.adaptation.plan.compute_plan`:
ranking, sensitivity, economics, coverage, residual risk; docs/adaptation.md). The
document keeps the engine's tables (:func:`climateplan.adaptation.plan.plan_dict`)
and adds what the pages and downloads need without recomputing: costs by fiscal year,
funding source and NAP sector, the register's matrix now, the vocabulary labels, the
warnings and a small summary. Files and charts are rebuilt from this document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from climateplan.adaptation import reference
from climateplan.adaptation.coverage import priority_levels
from climateplan.adaptation.plan import compute_plan, cost_by_sector_year, plan_dict
from climateplan.errors import InputError, Problem
from climateplan.plans.adaptation.inputs import AdaptationInputs
from climateplan.plans.adaptation.rows import FUNDING_TO_SOURCE, read_plan_actions
from climateplan.plans.risk import adaptation_context

SCHEMA = "climateplan.plan.adaptation/1"
TOP_ACTIONS = 3  # actions named in the summary


def _records(frame: pd.DataFrame) -> list[dict]:
    clean = frame.astype(object).where(frame.notna(), None)
    return json.loads(clean.to_json(orient="records", force_ascii=False))


def compute(
    risk_document: dict[str, Any],
    inputs: AdaptationInputs | dict | None,
    actions: list[dict],
    *,
    measures: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The result document of the plan's adaptation section.

    ``actions``: the plan's adaptation actions (:mod:`climateplan.plans.adaptation.rows`);
    ``measures``: the codes of the same plan's reduction measures an action may link
    to. Raises InputError with every problem (settings, weights, actions, budget,
    indicators, reasons), located and bilingual; nothing is computed then.
    """
    if not isinstance(inputs, AdaptationInputs):
        inputs = AdaptationInputs.from_json(inputs)
    context = adaptation_context(risk_document)
    problems: list[Problem] = []
    weights = settings = action_set = None
    try:
        settings = inputs.settings()
    except InputError as error:
        problems += error.problems
    try:
        weights = inputs.weights_of()
    except InputError as error:
        problems += error.problems
    try:
        action_set = read_plan_actions(
            actions,
            context,
            reasons=inputs.reasons,
            measures=measures,
            criteria=weights.custom_columns() if weights else {},
        )
    except InputError as error:
        problems += error.problems
    if not problems and action_set.actions.empty:
        problems.append(
            Problem(
                "the plan has no adaptation action yet: add one from the library or the form",
                "แผนยังไม่มีมาตรการปรับตัว: เพิ่มจากคลังทางเลือกหรือแบบฟอร์ม",
                sheet="actions",
            )
        )
    if problems:
        raise InputError(problems)
    plan = compute_plan(context, action_set, weights, settings)
    document = plan_dict(plan)
    document["profile"] = "risk section"  # not a server path
    document["schema"] = SCHEMA
    document["risk_digest"] = risk_document.get("inputs_digest")
    document["inputs_digest"] = inputs.digest()
    document["settings"]["weights_preset"] = inputs.weights_preset
    document["synthetic"] = bool(context.synthetic_inputs)
    document["synthetic_notice"] = risk_document.get("synthetic_notice")
    document["risk_matrix"] = _records(context.matrix)
    document["matrix_levels"] = risk_document.get("matrix_levels") or [
        {"id": b.id, "en": b.label.en, "th": b.label.th, "below": b.below}
        for b in context.framework.settings.register.matrix_levels
    ]
    document["priority_levels"] = list(priority_levels())
    document["nap_sectors"] = {
        k: {"en": v.en, "th": v.th} for k, v in context.framework.nap_sectors.items()
    }
    document["labels"] = _labels()
    document["cost_by_sector_year"] = _records(cost_by_sector_year(plan))
    document["cost_by_year"] = _by(plan.inputs.costs, "fiscal_year")
    document["cost_by_source"] = _by(plan.inputs.costs, "funding")
    document["cost_total_thb"] = float(
        (plan.inputs.costs["capital_thb"] + plan.inputs.costs["running_thb"]).sum()
    )
    document["warnings"] = [p.to_dict() for p in plan.notes]
    document["summary"] = summary(document)
    return document


def _by(costs: pd.DataFrame, key: str) -> list[dict]:
    table = costs.assign(total_thb=costs["capital_thb"] + costs["running_thb"])
    table = table.groupby(key, as_index=False)[["capital_thb", "running_thb", "total_thb"]].sum()
    if key == "fiscal_year":
        table["fiscal_year"] = table["fiscal_year"].astype(int)
        table["fiscal_year_be"] = table["fiscal_year"] + 543
    else:
        funding = reference.vocabulary("funding")
        table["source"] = table["funding"].map(lambda f: FUNDING_TO_SOURCE.get(f, f))
        table["en"] = table["funding"].map(lambda f: funding["en"].get(f, f or "not given"))
        table["th"] = table["funding"].map(lambda f: funding["th"].get(f, f or "ไม่ระบุ"))
    return _records(table)


def _labels() -> dict[str, dict]:
    out = {}
    for kind in ("action_type", "funding", "status"):
        table = reference.vocabulary(kind)
        out[kind] = {k: {"en": r.en, "th": r.th} for k, r in table.iterrows()}
    return out


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """The few figures shown in lists and overviews."""
    coverage = document.get("coverage") or []
    priority = [c for c in coverage if c.get("priority")]
    covered = [c for c in priority if c.get("status") == "covered"]
    reasoned = [c for c in priority if c.get("status") == "reason_given"]
    top = sorted(document.get("priority") or [], key=lambda r: (r["rank"], r["code"]))
    return {
        "province": document["province"]["code"],
        "actions": len(document.get("actions") or []),
        "budget_total_thb": document.get("cost_total_thb", 0.0),
        "high_risks_total": len(priority),
        "high_risks_covered": len(covered),
        "high_risks_with_reason": len(reasoned),
        "complete": bool(document.get("complete")),
        "top_actions": [
            {
                "code": r["code"],
                "name_th": r["name_th"],
                "name_en": r["name_en"],
                "score": r["score"],
                "rank": r["rank"],
            }
            for r in top[:TOP_ACTIONS]
        ],
        "synthetic": bool(document.get("synthetic")),
    }
