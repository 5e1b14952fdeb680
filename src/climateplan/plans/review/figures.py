"""The figures of a plan review, from plain inputs (no Django).

What each part counts (the help guide plans/web/templates/plans/help/review.md):

- **trend**: the province's approved inventory totals on the plan's basis, from the
  base year to the latest inventory, against the BAU, the plan and every target path
  of the reduction result document in the same years
  (:func:`climateplan.monitoring.summary.ex_post` for the years after the base year).
- **reductions**: each reduction measure's achieved reduction (the ``achieved_t`` of
  its latest accepted report of a period that started on or before ``as_of``) against
  its planned reduction (its wedge in the result document) in the review year: the
  fiscal year of ``as_of``, or the plan's last year when ``as_of`` is later; summed by
  GPC sector and by owner agency.
- **actions**: every action's status from its latest accepted report up to ``as_of``
  (:func:`climateplan.monitoring.summary.action_table`), the reason that report gives,
  and the count of actions by status.
- **budget**: by source, planned (budget lines) and funded (allocations)
  (:func:`climateplan.monitoring.summary.budget_by_source`) and disbursed (accepted
  reports up to ``as_of``); reports give money per action, not per source, so an action
  funded from one source puts its disbursement there and an action funded from several
  under ``mixed``; by fiscal year (:func:`climateplan.monitoring.summary.budget_by_year`).
- **indicators**: the adaptation actions' output and outcome indicators, the latest
  accepted value against baseline and target
  (:func:`climateplan.monitoring.summary.kpi_progress`).
- **risk**: the risk register of the plan (before) against a later assessment (after)
  when there is one, hazard by hazard; without one every hazard is "not re-assessed".

Everything returned is plain JSON (numbers, text, lists, dicts), to be stored with the
review and shown again exactly as it was endorsed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from climateplan.monitoring import summary
from climateplan.monitoring.achieved import number

REDUCTION = "reduction"
MIXED = "mixed"  # disbursements of actions funded from several sources
NOT_REASSESSED = "not_reassessed"


@dataclass
class ReviewInputs:
    """What a review counts, as plain data."""

    start_year: int  # CE, the plan's first and last year
    end_year: int
    base_year: int
    as_of: dt.date
    records: summary.Records  # the plan's monitoring records (all of them)
    document: Mapping | None = None  # the reduction result document
    inventories: Mapping[int, float] = field(default_factory=dict)  # year -> total, plan basis
    risk_before: Sequence[Mapping] = ()  # register rows of the plan's risk result
    risk_after: Sequence[Mapping] | None = None  # a later assessment's register, if any
    risk_after_source: Mapping | None = None  # {"en": ..., "th": ...}: where "after" is from


def _clean(value):
    """JSON-ready: numpy and pandas scalars to Python, NaN to None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _pct(part, whole) -> float | None:
    part, whole = number(part), number(whole)
    if part is None or whole is None or whole <= 0:
        return None
    return part / whole * 100.0


def review_year(inputs: ReviewInputs) -> int:
    """The year the reductions are compared in: the fiscal year of ``as_of``, at most
    the plan's last year."""
    return min(summary.fiscal_year_of(inputs.as_of), int(inputs.end_year))


def records_as_of(records: summary.Records, as_of: dt.date) -> summary.Records:
    """The records without the periods that start after ``as_of`` and their reports."""
    out = summary.Records(**vars(records))
    keep = out.periods.loc[out.periods["starts"] <= pd.Timestamp(as_of), "id"]
    out.periods = out.periods.loc[out.periods["id"].isin(keep)]
    out.reports = out.reports.loc[out.reports["period_id"].isin(keep)]
    return out


# --------------------------------------------------------------------------- trend


def trend(inputs: ReviewInputs) -> dict:
    document = inputs.document
    actual = {int(y): float(v) for y, v in inputs.inventories.items()}
    targets = [
        {
            "name": t["name"],
            "title_en": t.get("title_en") or t["name"],
            "title_th": t.get("title_th") or t["name"],
        }
        for t in (document or {}).get("targets") or []
    ]
    rows = []
    if document:
        years = [int(y) for y in document["years"]]
        basis = document.get("basis", "basic_plus")
        totals = document["totals"][basis]
        base = int(document["base_year"])
        if base in actual and base in years:
            i = years.index(base)
            rows.append(
                {
                    "year": base,
                    "actual": actual[base],
                    "bau": number(totals["bau"][i]),
                    "plan": number(totals["plan"][i]),
                    "paths": {
                        t["name"]: number((t.get("path") or [None] * len(years))[i])
                        for t in document.get("targets") or []
                    },
                }
            )
        later = summary.ex_post(document, {y: v for y, v in actual.items() if y > base})
        for r in later.to_dict("records"):
            rows.append(
                {
                    "year": int(r["year"]),
                    "actual": number(r["actual"]),
                    "bau": number(r["bau"]),
                    "plan": number(r["plan"]),
                    "paths": {t["name"]: number(r.get(f"path:{t['name']}")) for t in targets},
                }
            )
    else:
        rows = [
            {"year": y, "actual": v, "bau": None, "plan": None, "paths": {}}
            for y, v in sorted(actual.items())
            if y >= inputs.base_year
        ]
    for row in rows:
        row["below_bau"] = (
            None if row["bau"] is None or row["actual"] is None else row["bau"] - row["actual"]
        )
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    change = None
    if first and last and last is not first and first["actual"]:
        change = (last["actual"] - first["actual"]) / first["actual"] * 100.0
    return {
        "rows": rows,
        "targets": targets,
        "base_year": int(inputs.base_year),
        "latest_year": last["year"] if last else None,
        "change_pct": change,
    }


# --------------------------------------------------------------------------- reductions


def _planned_by_measure(document: Mapping | None, year: int) -> dict[str, float]:
    """Each measure's wedge (its reduction) in ``year`` (t CO2e); 0 outside the years."""
    if not document or not document.get("wedges"):
        return {}
    years = [int(y) for y in document["years"]]
    if year not in years:
        return {}
    i = years.index(year)
    return {str(w["measure"]): number(w["values"][i]) or 0.0 for w in document["wedges"]}


def _grouped(measures: pd.DataFrame, keys: list[str]) -> list[dict]:
    if measures.empty:
        return []
    table = measures.groupby(keys, dropna=False, sort=False)[["planned", "achieved"]].sum(
        min_count=1
    )
    out = []
    for _index, row in table.reset_index().iterrows():
        item = {k: (row[k] if isinstance(row[k], str) else "") for k in keys}
        item["planned"] = number(row["planned"])
        item["achieved"] = number(row["achieved"])
        item["achieved_pct"] = _pct(item["achieved"], item["planned"])
        out.append(item)
    return sorted(out, key=lambda r: -(r["planned"] or 0.0))


def reductions(inputs: ReviewInputs, records: summary.Records) -> dict:
    year = review_year(inputs)
    actions = records.actions.loc[records.actions["section"] == REDUCTION].copy()
    planned = _planned_by_measure(inputs.document, year)
    latest = summary.latest_accepted(records)
    achieved = (
        latest.set_index("action_id")["achieved_t"] if not latest.empty else pd.Series(dtype=float)
    )
    sectors = records.sectors.drop_duplicates("action_id").set_index("action_id")
    rows = []
    for a in actions.to_dict("records"):
        sector = sectors.loc[a["id"]] if a["id"] in sectors.index else None
        rows.append(
            {
                "action_id": int(a["id"]),
                "code": a["code"],
                "name_en": a.get("name_en") or a["code"],
                "name_th": a.get("name_th") or a["code"],
                "agency": a.get("agency") or "",
                "agency_en": a.get("agency_en") or a.get("agency") or "",
                "agency_th": a.get("agency_th") or a.get("agency") or "",
                "sector": "" if sector is None else str(sector["sector"]),
                "sector_en": "" if sector is None else str(sector.get("en", sector["sector"])),
                "sector_th": "" if sector is None else str(sector.get("th", sector["sector"])),
                "planned": planned.get(str(a["code"])),
                "achieved": number(achieved.get(a["id"])),
            }
        )
    for r in rows:
        r["achieved_pct"] = _pct(r["achieved"], r["planned"])
    frame = pd.DataFrame(
        rows,
        columns=[
            "agency",
            "agency_en",
            "agency_th",
            "sector",
            "sector_en",
            "sector_th",
            "planned",
            "achieved",
        ],
    )
    for column in ("planned", "achieved"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    total_planned = float(frame["planned"].sum()) if len(frame) else 0.0
    total_achieved = float(frame["achieved"].sum()) if len(frame) else 0.0
    return {
        "year": year,
        "measures": rows,
        "sectors": _grouped(frame, ["sector", "sector_en", "sector_th"]),
        "agencies": _grouped(frame, ["agency", "agency_en", "agency_th"]),
        "total": {
            "planned": total_planned,
            "achieved": total_achieved,
            "achieved_pct": _pct(total_achieved, total_planned),
        },
    }


# --------------------------------------------------------------------------- actions


def actions(inputs: ReviewInputs, records: summary.Records) -> dict:
    table = summary.action_table(records, inputs.as_of)
    latest = summary.latest_accepted(records)
    reasons = {}
    if not latest.empty and "reason" in latest.columns:
        reasons = {int(k): str(v or "") for k, v in latest.set_index("action_id")["reason"].items()}
    rows = []
    for a in table.to_dict("records"):
        rows.append(
            {
                "action_id": int(a["id"]),
                "code": a["code"],
                "name_en": a.get("name_en") or a["code"],
                "name_th": a.get("name_th") or a["code"],
                "section": a["section"],
                "agency": a.get("agency") or "",
                "agency_en": a.get("agency_en") or a.get("agency") or "",
                "agency_th": a.get("agency_th") or a.get("agency") or "",
                "status": a["status"],
                "percent": number(a.get("percent")),
                "timeliness": a["timeliness"],
                "reason": reasons.get(int(a["id"]), ""),
            }
        )
    counts = summary.status_counts(table)
    return {
        "rows": rows,
        "counts": [
            {"status": r["status"], "actions": int(r["actions"]), "share_pct": r["share_pct"]}
            for r in counts.to_dict("records")
        ],
        "total": len(rows),
    }


# --------------------------------------------------------------------------- budget


def budget(records: summary.Records) -> dict:
    sources = summary.budget_by_source(records)
    accepted = summary._with_periods(records)
    accepted = accepted.loc[accepted["state"] == summary.ACCEPTED]
    disbursed_by_action = accepted.groupby("action_id")["disbursed"].sum()
    # an action's money is planned or allocated from these sources
    money = pd.concat([records.funding, records.budget], ignore_index=True)
    funded_from = money.groupby("action_id")["source"].agg(lambda s: sorted(set(s.dropna())))
    disbursed: dict[str, float] = {}
    for action_id, amount in disbursed_by_action.items():
        origin = funded_from.get(action_id) or []
        key = origin[0] if len(origin) == 1 else MIXED
        disbursed[key] = disbursed.get(key, 0.0) + float(amount)
    rows = {
        str(r["source"]): {
            "source": str(r["source"]),
            "planned": float(r["planned"]),
            "funded": float(r["funded"]),
            "disbursed": 0.0,
        }
        for r in sources.to_dict("records")
    }
    for key, amount in disbursed.items():
        rows.setdefault(key, {"source": key, "planned": 0.0, "funded": 0.0, "disbursed": 0.0})
        rows[key]["disbursed"] = amount
    out = sorted(rows.values(), key=lambda r: (r["source"] == MIXED, -r["planned"]))
    for r in out:
        r["funded_pct"] = _pct(r["funded"], r["planned"])
        r["disbursed_pct"] = _pct(r["disbursed"], r["planned"])
    years = summary.budget_by_year(records)
    total = {k: float(sum(r[k] for r in out)) for k in ("planned", "funded", "disbursed")}
    total["funded_pct"] = _pct(total["funded"], total["planned"])
    total["disbursed_pct"] = _pct(total["disbursed"], total["planned"])
    return {
        "sources": out,
        "years": [
            {
                "fiscal_year": int(r["fiscal_year"]),
                "planned": float(r["planned"]),
                "funded": float(r["funded"]),
                "disbursed": float(r["disbursed"]),
            }
            for r in years.to_dict("records")
        ],
        "total": total,
    }


# --------------------------------------------------------------------------- indicators


def indicators(records: summary.Records) -> dict:
    actions = records.actions.set_index("id")
    adaptation = set(records.actions.loc[records.actions["section"] != REDUCTION, "id"])
    progress = summary.kpi_progress(records)
    rows = []
    for r in progress.to_dict("records"):
        if r["action_id"] not in adaptation:
            continue
        action = actions.loc[r["action_id"]]
        value, target = number(r.get("value")), number(r.get("target"))
        rows.append(
            {
                "action_id": int(r["action_id"]),
                "code": action["code"],
                "action_en": action.get("name_en") or action["code"],
                "action_th": action.get("name_th") or action["code"],
                "key": r["key"],
                "kind": r.get("kind") or "output",
                "name_en": r.get("name_en") or "",
                "name_th": r.get("name_th") or "",
                "unit": r.get("unit") or "",
                "baseline": number(r.get("baseline")),
                "target": target,
                "value": value,
                "share_pct": None if number(r.get("share")) is None else r["share"] * 100.0,
                "met": None if value is None or number(r.get("share")) is None else r["share"] >= 1,
            }
        )
    rows.sort(key=lambda r: (r["kind"] != "outcome", r["code"], r["key"]))
    return {"rows": rows}


# --------------------------------------------------------------------------- risk


def _entry(row: Mapping | None) -> dict | None:
    if row is None:
        return None
    return {
        "score": number(row.get("risk_score")),
        "level": number(row.get("risk_level")),
        "matrix_en": row.get("matrix_level_en") or "",
        "matrix_th": row.get("matrix_level_th") or "",
    }


def risk(inputs: ReviewInputs) -> dict:
    before = {str(r["hazard"]): r for r in inputs.risk_before or [] if r.get("hazard")}
    reassessed = inputs.risk_after is not None
    after = {str(r["hazard"]): r for r in inputs.risk_after or [] if r.get("hazard")}
    rows = []
    for hazard in [*before, *[h for h in after if h not in before]]:
        named = before.get(hazard) or after.get(hazard)
        b, a = _entry(before.get(hazard)), _entry(after.get(hazard))
        if not reassessed:
            change = NOT_REASSESSED
        elif b is None or a is None or b["level"] is None or a["level"] is None:
            change = "new" if b is None else "gone" if a is None else "not_known"
        else:
            change = (
                "higher"
                if a["level"] > b["level"]
                else "lower"
                if a["level"] < b["level"]
                else "same"
            )
        rows.append(
            {
                "hazard": hazard,
                "hazard_en": named.get("hazard_en") or hazard,
                "hazard_th": named.get("hazard_th") or hazard,
                "before": b,
                "after": a,
                "change": change,
            }
        )
    rows.sort(key=lambda r: -((r["before"] or r["after"] or {}).get("score") or 0.0))
    return {
        "reassessed": reassessed,
        "after_source": dict(inputs.risk_after_source or {}),
        "rows": rows,
    }


# --------------------------------------------------------------------------- all


def review_figures(inputs: ReviewInputs) -> dict:
    """Every figure of the review, as plain JSON."""
    records = records_as_of(inputs.records, inputs.as_of)
    document = inputs.document or {}
    out = {
        "as_of": inputs.as_of.isoformat(),
        "start_year": int(inputs.start_year),
        "end_year": int(inputs.end_year),
        "base_year": int(inputs.base_year),
        "basis": document.get("basis", ""),
        "basis_label_en": document.get("basis_label_en", ""),
        "basis_label_th": document.get("basis_label_th", ""),
        "gwp": document.get("gwp", ""),
        "has_result": bool(inputs.document),
        "trend": trend(inputs),
        "reductions": reductions(inputs, records),
        "actions": actions(inputs, records),
        "budget": budget(records),
        "indicators": indicators(records),
        "risk": risk(inputs),
    }
    return _clean(out)


__all__ = [
    "MIXED",
    "NOT_REASSESSED",
    "ReviewInputs",
    "actions",
    "budget",
    "indicators",
    "records_as_of",
    "reductions",
    "review_figures",
    "review_year",
    "risk",
    "trend",
]
