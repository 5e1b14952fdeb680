"""The plan's adaptation actions as the engine reads them.

An action of the plan is a dict in the form the web layer writes
(:meth:`climateplan.plans.web.sections.ActionData.as_dict`): code, names, the library
option (``library_id``), the lead agency (``owner_agency``) and co-operating agencies,
start and end fiscal year (CE), budget lines (fiscal year CE, amount THB, kind
capital|operating, source) and ``data``, the engine's own fields (:data:`DATA_FIELDS`).

:func:`engine_tables` turns the actions into the engine's action, cost and indicator
tables (text cells, as a spreadsheet gives them) and :func:`read_plan_actions` checks
them with the engine's own readers (:mod:`climateplan.adaptation.actions`), so that a
form row and an uploaded row are checked alike. Problems are located in the form's
sheets: ``actions`` (row 2 = the first action), ``budget`` and ``indicators``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from climateplan.adaptation import actions as engine
from climateplan.adaptation.context import RiskContext
from climateplan.errors import Problem, ProblemCollector, sort_problems
from climateplan.mitigation._tables import read_table
from climateplan.reference.agencies import agencies as platform_agencies

# budget sources of the plan's budget lines -> the engine's funding sources
SOURCE_TO_FUNDING = {
    "provincial": "provincial_budget",
    "local": "local_administration",
    "ministry": "line_ministry",
    "environment_fund": "environment_fund",
    "private": "private",
    "international": "international",
}
FUNDING_TO_SOURCE = {v: k for k, v in SOURCE_TO_FUNDING.items()}
LIST_FIELDS = ("hazards", "sectors", "areas", "vulnerable_groups")
NUMBER_FIELDS = (
    "capital_thb",
    "running_thb_per_year",
    "lifetime_years",
    *engine.SCORE_COLUMNS,
    "likelihood_reduction",
    "consequence_reduction",
    "eai_reduction_pct",
    "avoided_eai_thb_per_year",
)
TEXT_FIELDS = (
    "type",
    "status",
    "mitigation_measure",
    "co_benefits",
    "description_en",
    "description_th",
)
# the engine fields an action keeps in Action.data
DATA_FIELDS = (*LIST_FIELDS, *NUMBER_FIELDS, *TEXT_FIELDS, "indicators", "criteria")
SHEET = "actions"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:g}" if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value).strip()


def _amount(value) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return math.nan


def engine_row(action: dict, criteria: Iterable[str] = ()) -> dict[str, str]:
    """One action as a row of the engine's action file (text cells)."""
    data = action.get("data") or {}
    budget = action.get("budget") or []
    capital = [b for b in budget if b.get("kind", "capital") == "capital"]
    sources = []
    for b in budget:
        f = SOURCE_TO_FUNDING.get(b.get("source"), b.get("source") or "")
        if f and f not in sources:
            sources.append(f)
    row = {
        "code": _text(action.get("code")),
        # the library option is kept on the action for reference only: its values were
        # copied into the action when it was added (action_from_option), and a blank
        # field must stay blank (the engine would fill it from the option)
        "option": "",
        "name_en": _text(action.get("name_en")),
        "name_th": _text(action.get("name_th")),
        "lead_agency": _text(action.get("owner_agency")),
        "co_agencies": _text(action.get("co_agencies") or []),
        "start_year": _text(action.get("start_year")),
        "end_year": _text(action.get("end_year")),
        "funding": ";".join(sources) if sources else _text(data.get("funding") or []),
    }
    for name in LIST_FIELDS:
        row[name] = _text(data.get(name) or [])
    for name in NUMBER_FIELDS + TEXT_FIELDS:
        row[name] = _text(data.get(name))
    if budget:  # the budget lines give the capital (the economic view discounts them)
        amounts = [_amount(b.get("amount")) for b in capital]
        row["capital_thb"] = _text(float(sum(amounts))) if all(map(math.isfinite, amounts)) else ""
    if not row["areas"]:
        row["areas"] = "province"
    own = data.get("criteria") or {}
    for cid in criteria:
        row[cid] = _text(own.get(cid))
    return row


def engine_tables(
    actions: list[dict], criteria: Iterable[str] = ()
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The engine's action, cost and indicator tables of the plan's actions."""
    criteria = list(criteria)
    rows = [engine_row(a, criteria) for a in actions]
    columns = list(rows[0]) if rows else ["code", *engine.REQUIRED[1:]]
    costs, indicators = [], []
    for a in actions:
        for b in a.get("budget") or []:
            operating = b.get("kind") == "operating"
            amount = _text(b.get("amount"))
            costs.append(
                {
                    "action": _text(a.get("code")),
                    "fiscal_year": _text(b.get("fiscal_year")),
                    "capital_thb": "0" if operating else amount,
                    "running_thb": amount if operating else "0",
                    "funding": SOURCE_TO_FUNDING.get(b.get("source"), _text(b.get("source"))),
                }
            )
        for ind in (a.get("data") or {}).get("indicators") or []:
            indicators.append(
                {"action": _text(a.get("code"))}
                | {k: _text(ind.get(k)) for k in engine.INDICATOR_COLUMNS[1:]}
            )
    return (
        pd.DataFrame(rows, columns=columns),
        pd.DataFrame(costs, columns=list(engine.COST_COLUMNS)),
        pd.DataFrame(indicators, columns=list(engine.INDICATOR_COLUMNS)),
    )


def _sheet(frame: pd.DataFrame, name: str, collector: ProblemCollector):
    table = read_table(frame, sheet=name, collector=collector)
    table.sheet = name
    return table


def read_plan_actions(
    actions: list[dict],
    context: RiskContext,
    *,
    reasons: list[dict] | None = None,
    measures: Iterable[str] | None = None,
    criteria: dict[str, tuple[float, float]] | None = None,
) -> engine.ActionSet:
    """Check the plan's actions (and the reasons of uncovered risks) with the engine's
    readers; raises InputError with every problem, each located by sheet, row and
    column of the section's form and naming the action's code.

    ``measures``: the codes of the plan's reduction measures an action may link to
    (None: no reduction section to check against, any link is refused).
    """
    collector = ProblemCollector()
    criteria = criteria or {}
    agencies = platform_agencies()  # the engine's + the platform's (BMA departments)
    vocab = engine.Vocabulary(context, set(measures or ()), agencies)
    frame, costs, indicators = engine_tables(actions, criteria)
    parsed = pd.DataFrame()
    if not frame.empty:
        parsed = engine._parse_actions(_sheet(frame, SHEET, collector), vocab, collector, criteria)
    codes = set(parsed["code"]) if not parsed.empty else set()
    cost_table = engine._parse_costs(
        _sheet(costs, "budget", collector) if not costs.empty else None, codes, vocab, collector
    )
    indicator_table = engine._parse_indicators(
        _sheet(indicators, "indicators", collector) if not indicators.empty else None,
        codes,
        collector,
    )
    reason_frame = pd.DataFrame(
        [{k: _text(r.get(k)) for k in engine.REASON_COLUMNS} for r in reasons or []],
        columns=list(engine.REASON_COLUMNS),
    )
    reason_table = engine._parse_reasons(
        _sheet(reason_frame, "reasons", collector) if not reason_frame.empty else None,
        vocab,
        collector,
    )
    if collector:
        from climateplan.errors import InputError

        raise InputError(_named(collector.problems, actions))
    schedule = engine.cost_schedule(parsed, cost_table)
    return engine.ActionSet(parsed, schedule, indicator_table, reason_table, agencies)


def _named(problems: list[Problem], actions: list[dict]) -> list[Problem]:
    """Problems of the ``actions`` sheet name the action's code beside its row."""
    out = []
    for p in problems:
        if p.sheet == SHEET and p.row is not None and 0 <= p.row - 2 < len(actions):
            code = _text(actions[p.row - 2].get("code"))
            if code and not p.message_en.startswith(code):
                p = Problem(
                    f"action {code}: {p.message_en}",
                    f"มาตรการ {code}: {p.message_th}",
                    p.file,
                    p.sheet,
                    p.row,
                    p.column,
                    p.value,
                )
        out.append(p)
    return sort_problems(out)


def check_action(
    action: dict,
    risk: dict | RiskContext,
    *,
    measures: Iterable[str] | None = None,
    criteria: dict[str, tuple[float, float]] | None = None,
) -> list[Problem]:
    """The problems of one action against the plan's risk document (or its risk
    context): empty when it is fine."""
    from climateplan.errors import InputError

    if isinstance(risk, dict):
        from climateplan.plans.risk import adaptation_context

        risk = adaptation_context(risk)
    context = risk

    try:
        read_plan_actions([action], context, measures=measures, criteria=criteria)
    except InputError as error:
        return error.problems
    return []
