"""The plan as one JSON-able document: what the plan document (PDF, DOCX) is built from.

:func:`plan_export` gathers, for one plan version, everything the printed plan shows:
the plan's attributes and endorsement, the province, the base inventory's result in
summary (totals, sectors, gases, key categories, uncertainty, data quality, factors
and their sources, method notes), each section's inputs, summary and stored result
document, the actions with their owners, KPIs and budget lines, and the monitoring
set-up (working group, reporting periods, development-plan links) and the published
public comments with the province's answers, where the plan has them. Nothing is
recomputed: the stored results are what was approved.

The same dict is what ``climateplan plan document PLAN_EXPORT.json`` reads, so a
document made from a download is the one the site makes.
"""

from __future__ import annotations

import datetime as dt
import logging

from climateplan.plans.period import period_label
from climateplan.plans.web.models import Plan
from climateplan.plans.web.services import ordered_sections
from climateplan.reference import find_province

logger = logging.getLogger(__name__)

SCHEMA = "climateplan.plan.export/1"
# Parts of the inventory result the document reads (the activity lines and the full GPC
# table stay with the inventory's own downloads).
INVENTORY_PARTS = (
    "totals",
    "by_sector",
    "by_subsector",
    "by_scope",
    "by_gas",
    "key_categories",
    "uncertainty",
    "warnings",
)


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _province(code: str) -> dict:
    row = find_province(code)
    if row is None:
        return {"code": code, "name_th": code, "name_en": code}
    return {
        "code": code,
        "name_th": str(row["name_th"]),
        "name_en": str(row["name_en"]),
        "region_th": str(row.get("region_th", "") or ""),
        "region_en": str(row.get("region_en", "") or ""),
    }


def _factors(lines: list[dict]) -> list[dict]:
    """One row per (GPC reference, activity, method, factor source) of the activity lines:
    the factors annex."""
    seen: dict[tuple, dict] = {}
    for line in lines or []:
        key = (
            line.get("gpc_ref") or "",
            line.get("activity") or "",
            line.get("method") or "",
            line.get("factor_source") or "",
        )
        if not key[3] and not line.get("factor_origin"):
            continue
        row = seen.get(key)
        if row is None:
            seen[key] = {
                "gpc_ref": key[0],
                "activity": key[1],
                "method": key[2],
                "factor_origin": line.get("factor_origin") or "",
                "factor_source": key[3],
                "lines": 1,
            }
        else:
            row["lines"] += 1
    return sorted(seen.values(), key=lambda r: (r["gpc_ref"], r["activity"], r["method"]))


def _data_quality(result: dict) -> list[dict]:
    rows = []
    for row in result.get("by_gpc_ref") or []:
        rows.append(
            {
                "gpc_ref": row.get("gpc_ref"),
                "subsector_th": row.get("subsector_th", ""),
                "subsector_en": row.get("subsector_en", ""),
                "scope": row.get("scope"),
                "co2e": row.get("co2e"),
                "lines": row.get("lines"),
                "data_quality": row.get("data_quality") or "",
                "notation_key": row.get("notation_key") or "",
            }
        )
    return rows


def _method_notes(lines: list[dict]) -> list[dict]:
    """Each calculation method used, with how many lines and how much CO2e it covers."""
    notes: dict[str, dict] = {}
    for line in lines or []:
        method = line.get("method") or ""
        if not method:
            continue
        row = notes.setdefault(method, {"method": method, "lines": 0, "co2e": 0.0, "origins": []})
        row["lines"] += 1
        row["co2e"] += float(line.get("co2e") or 0.0)
        origin = line.get("factor_origin") or ""
        if origin and origin not in row["origins"]:
            row["origins"].append(origin)
    return sorted(notes.values(), key=lambda r: -r["co2e"])


def inventory_export(inventory) -> dict | None:
    if inventory is None:
        return None
    result = inventory.result or {}
    out = {
        "id": inventory.pk,
        "year": inventory.year,
        "version": inventory.version,
        "state": inventory.state,
        "gwp": inventory.gwp,
        "gwp_source": result.get("gwp_source", ""),
        "units": result.get("units", {}),
        "line_count": inventory.line_count,
    }
    for part in INVENTORY_PARTS:
        out[part] = result.get(part)
    lines = result.get("lines") or []
    out["factors"] = _factors(lines)
    out["data_quality"] = _data_quality(result)
    out["method_notes"] = _method_notes(lines)
    return out


def _budget_lines(action) -> list[dict]:
    return [
        {
            "fiscal_year": line.fiscal_year,
            "amount": line.amount,
            "kind": line.kind,
            "source": line.source,
            "source_label": line.get_source_display(),
            "note": line.note,
        }
        for line in action.budget_lines.all()
    ]


def _link(action) -> dict | None:
    """The action's place in the provincial development plan, where monitoring has it."""
    try:
        link = action.link
    except Exception:  # no link, or the monitoring tables are not installed
        return None
    if link is None:
        return None

    def item(value):
        if value is None:
            return None
        return {"code": value.code, "name_th": value.name_th, "name_en": value.name_en}

    return {
        "strategy": item(link.strategy),
        "project": item(link.project),
        "location": link.location,
        "objectives": link.objectives,
    }


def _action(action) -> dict:
    return {
        "code": action.code,
        "name_th": action.name_th,
        "name_en": action.name_en,
        "position": action.position,
        "owner_agency": action.owner_agency,
        "co_agencies": list(action.co_agencies or []),
        "start_year": action.start_year,
        "end_year": action.end_year,
        "kpi": dict(action.kpi or {}),
        "budget_lines": _budget_lines(action),
        "budget_total": sum(line.amount for line in action.budget_lines.all()),
        "development_plan": _link(action),
    }


def _section(section) -> dict:
    actions = section.actions.prefetch_related("budget_lines").order_by("position", "pk")
    return {
        "kind": section.kind,
        "state": section.state,
        "inputs": section.inputs,
        "summary": section.summary,
        "result": section.result,
        "computed_at": _iso(section.computed_at),
        "actions": [_action(a) for a in actions],
    }


def monitoring_export(plan: Plan) -> dict | None:
    """The plan's working group and reporting periods (None where the plan has none, or
    where the monitoring capability is not installed)."""
    try:
        members = list(plan.working_group.select_related("agency").order_by("position", "pk"))
        periods = list(plan.reporting_periods.order_by("starts"))
    except Exception as error:  # the monitoring app is absent: the document goes without
        logger.debug("no monitoring set-up for plan %s: %s", plan.pk, error)
        return None
    if not members and not periods:
        return None
    return {
        "working_group": [
            {
                "agency_code": m.agency.code,
                "agency_th": m.agency.name_th,
                "agency_en": m.agency.name_en or m.agency.name_th,
                "role": m.role,
                "contact_title": m.contact_title,
            }
            for m in members
        ],
        "periods": [
            {
                "fiscal_year": p.fiscal_year,
                "number": p.number,
                "starts": _iso(p.starts),
                "ends": _iso(p.ends),
                "due": _iso(p.due),
                "state": p.state,
            }
            for p in periods
        ],
    }


def consultation_export(plan: Plan) -> list[dict]:
    """The published public comments and the province's answers (the consultation annex);
    empty where there are none or the consultation capability is not installed."""
    try:
        from climateplan.plans.web.services_consultation import consultation_annex

        rows = consultation_annex(plan)
    except Exception as error:  # no consultation tables: the document goes without
        logger.debug("no consultation annex for plan %s: %s", plan.pk, error)
        return []
    return [
        {key: _iso(value) if hasattr(value, "isoformat") else value for key, value in row.items()}
        for row in rows
    ]


def plan_export(plan: Plan) -> dict:
    """Everything the plan document shows, as JSON-able data (see the module doc)."""
    sections = {s.kind: _section(s) for s in ordered_sections(plan)}
    return {
        "schema": SCHEMA,
        "plan": {
            "id": plan.pk,
            "kind": plan.kind,
            "title_th": plan.title_th,
            "title_en": plan.title_en,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "base_year": plan.base_year,
            "period_th": period_label(plan.start_year, plan.end_year, "th"),
            "period_en": period_label(plan.start_year, plan.end_year, "en"),
            "version": plan.version,
            "revision": plan.revision,
            "state": plan.state,
            "approved_at": _iso(plan.approved_at),
            "published_at": _iso(plan.published_at),
        },
        "endorsement": {
            "body": plan.endorsement_body,
            "meeting": plan.endorsement_meeting,
            "date": _iso(plan.endorsement_date),
            "authority": plan.endorsement_authority,
            "note": plan.endorsement_note,
        }
        if plan.endorsed_at is not None
        else None,
        "province": _province(plan.province),
        "inventory": inventory_export(plan.base_inventory),
        "sections": sections,
        "monitoring": monitoring_export(plan),
        "consultation": consultation_export(plan),
    }


__all__ = ["SCHEMA", "consultation_export", "inventory_export", "monitoring_export", "plan_export"]
