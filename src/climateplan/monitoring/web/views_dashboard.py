"""The plan's monitoring dashboard: where the plan's actions stand, what was spent, what
was achieved against the plan, which reports are late, and how the province's newer
inventories compare with the plan's paths.

Figures come from :mod:`climateplan.monitoring.summary` through
:func:`climateplan.monitoring.web.dashboard.plan_figures` (kept per data stamp); this
module only labels them in the page's language and draws the charts' data.
"""

from __future__ import annotations

import hashlib
import math

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from climateplan.monitoring.summary import ALL_STATUSES
from climateplan.monitoring.web.context import monitored_plan, monitoring_context
from climateplan.monitoring.web.dashboard import CACHE_SECONDS, data_stamp, plan_figures, scope_of
from climateplan.monitoring.web.models import ActionStatus, FundingSource
from climateplan.plans.web.models import BudgetLine
from climateplan.site.bilingual import date_label, is_thai, tr, year_label

TEMPLATE = "monitoring/dashboard.html"

STATUS_LABELS = {
    **{value: label for value, label in ActionStatus.choices},
    "not_reported": "Not reported yet / ยังไม่มีรายงาน",
}
STATUS_COLOURS = {
    "not_started": "#969696",
    "on_track": "#31a354",
    "delayed": "#e6550d",
    "completed": "#3182bd",
    "cancelled": "#756bb1",
    "not_reported": "#d9d9d9",
}
REPORT_STATE_LABELS = {
    "missing": "No report / ไม่มีรายงาน",
    "draft": "Draft / ร่าง",
    "returned": "Returned / ส่งกลับแก้ไข",
}
SOURCE_LABELS = {
    **{value: label for value, label in BudgetLine.Source.choices},
    **{value: label for value, label in FundingSource.choices},
}


def bi(label: str) -> str:
    """The part of an "English / ไทย" label in the page's language."""
    en, _, th = str(label).partition(" / ")
    return (th or en) if is_thai() else en


def _lang() -> str:
    return "th" if is_thai() else "en"


def _num(value) -> float | None:
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def period_label(fiscal_year: int, number: int) -> str:
    """1/2568 in Thai (period / fiscal year BE), 1/FY2025 in English."""
    if is_thai():
        return f"{int(number)}/{year_label(int(fiscal_year))}"
    return f"{int(number)}/FY{int(fiscal_year)}"


class FilterForm(forms.Form):
    period = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    agency = forms.ChoiceField(required=False)
    sector = forms.ChoiceField(required=False)


def _filter_form(request, records):
    lang = _lang()
    periods = records.periods.sort_values("starts")
    period_choices = [("", tr("All periods", "ทุกรอบ"))] + [
        (str(int(r.id)), period_label(r.fiscal_year, r.number)) for r in periods.itertuples()
    ]
    agencies = records.actions.drop_duplicates("agency").sort_values("agency")
    agency_choices = [("", tr("All agencies", "ทุกหน่วยงาน"))] + [
        (r["agency"], r[f"agency_{lang}"] or r["agency"])
        for r in agencies.to_dict("records")
        if r["agency"]
    ]
    sectors = records.sectors.drop_duplicates("sector").sort_values("sector")
    sector_choices = [("", tr("All sectors", "ทุกสาขา"))] + [
        (r["sector"], r[lang]) for r in sectors.to_dict("records")
    ]

    def make(data):
        form = FilterForm(data)
        form.fields["period"].choices = period_choices
        form.fields["agency"].choices = agency_choices
        form.fields["sector"].choices = sector_choices
        form.fields["period"].label = tr("Up to period", "ถึงรอบการรายงาน")
        form.fields["agency"].label = tr("Agency", "หน่วยงาน")
        form.fields["sector"].label = tr("Sector", "สาขา")
        return form

    form = make({k: request.GET.get(k, "") for k in FILTERS})
    if form.is_valid():
        return form, form.cleaned_data, True
    form = make({"period": "", "agency": "", "sector": ""})
    form.is_valid()
    return form, {"period": None, "agency": "", "sector": ""}, False


def _actions(records) -> dict:
    """action id -> its row with ``name`` and ``agency_name`` in the page's language."""
    lang = _lang()
    actions = {r["id"]: r for r in records.actions.to_dict("records")}
    for row in actions.values():
        row["name"] = row.get(f"name_{lang}") or row.get("name_th") or row["code"]
        row["agency_name"] = row.get(f"agency_{lang}") or row.get("agency") or ""
    return actions


def build_context(figures, records, facts) -> dict:
    """The dashboard's tables and chart data in the page's language."""
    lang = _lang()
    actions = _actions(records)
    sector_names = {r["sector"]: r[lang] for r in records.sectors.to_dict("records")}
    h = figures.headline

    status_rows = [
        {
            "status": r["status"],
            "label": bi(STATUS_LABELS[r["status"]]),
            "count": int(r["actions"]),
            "share": _num(r["share_pct"]),
            "colour": STATUS_COLOURS[r["status"]],
        }
        for r in figures.statuses.to_dict("records")
    ]

    def group_rows(frame, column, names):
        rows = []
        for r in frame.to_dict("records"):
            rows.append(
                {
                    "name": names.get(r[column], r[column]) or tr("(no agency)", "(ไม่ระบุ)"),
                    "actions": int(r["actions"]),
                    "statuses": [int(r[s]) for s in ALL_STATUSES],
                    "on_time": int(r["on_time"]),
                    "late": int(r["late"]),
                    "on_time_pct": _num(r["on_time_pct"]),
                    "percent_mean": _num(r.get("percent_mean")),
                }
            )
        return rows

    agency_names = {a["agency"]: a["agency_name"] for a in actions.values()}
    action_rows = []
    for r in figures.actions.to_dict("records"):
        a = actions[r["id"]]
        action_rows.append(
            {
                "code": a["code"],
                "name": a["name"],
                "agency": a["agency_name"],
                "section": a["section"],
                "status": r["status"],
                "status_label": bi(STATUS_LABELS[r["status"]]),
                "colour": STATUS_COLOURS[r["status"]],
                "percent": _num(r["percent"]),
                "reported": period_label(r["reported_fy"], r["reported_number"])
                if _num(r["reported_fy"])
                else "",
                "timeliness": r["timeliness"],
                "overdue": int(r["overdue"]),
                "end_year": int(r["end_year"]) if _num(r["end_year"]) else None,
                "reasons": [
                    text
                    for flag, text in (
                        (r["delayed"], tr("reported delayed", "รายงานว่าล่าช้า")),
                        (r["overdue"] > 0, tr("report overdue", "รายงานเลยกำหนด")),
                        (r["past_end"], tr("past its end year", "เลยปีสิ้นสุด")),
                    )
                    if flag
                ],
            }
        )

    overdue_rows = []
    for r in figures.overdue.to_dict("records"):
        a = actions.get(r["action_id"], {})
        overdue_rows.append(
            {
                "code": a.get("code", ""),
                "name": a.get("name", ""),
                "agency": a.get("agency_name", ""),
                "period": period_label(r["fiscal_year"], r["number"]),
                "due": date_label(r["due"].date()),
                "days": int(r["days_late"]),
                "state": bi(REPORT_STATE_LABELS.get(r["state"], r["state"])),
            }
        )

    budget_rows = [
        {
            "year": year_label(int(r["fiscal_year"])),
            "planned": r["planned"],
            "funded": r["funded"],
            "disbursed": r["disbursed"],
            "funded_pct": _num(r["funded_pct"]),
            "disbursed_pct": _num(r["disbursed_pct"]),
        }
        for r in figures.budget.to_dict("records")
    ]
    source_rows = [
        {
            "name": bi(SOURCE_LABELS.get(r["source"], r["source"])),
            "planned": r["planned"],
            "funded": r["funded"],
        }
        for r in figures.sources.to_dict("records")
    ]
    kpi_rows = []
    for r in figures.kpis.to_dict("records"):
        a = actions.get(r["action_id"], {})
        share = _num(r.get("share"))
        kpi_rows.append(
            {
                "code": a.get("code", ""),
                "action": a.get("name", ""),
                "name": r.get(f"name_{lang}") or r.get("name_th") or "",
                "unit": r.get("unit") or "",
                "baseline": _num(r["baseline"]),
                "target": _num(r["target"]),
                "value": _num(r["value"]),
                "share": None if share is None else share * 100.0,
                "period": period_label(r["fiscal_year"], r["number"])
                if _num(r.get("fiscal_year"))
                else "",
            }
        )
    reduction_rows = [
        {
            "year": year_label(int(r["year"])),
            "planned": _num(r["planned"]),
            "achieved": _num(r["achieved"]),
            "pct": _num(r["achieved_pct"]),
        }
        for r in figures.reductions.to_dict("records")
    ]
    completeness_rows = [
        {
            "period": period_label(r["fiscal_year"], r["number"]),
            "due": date_label(r["due"].date()),
            "state": r["state"],
            "expected": int(r["expected"]),
            "received": int(r["received"]),
            "accepted": int(r["accepted"]),
            "received_pct": _num(r["received_pct"]),
            "accepted_pct": _num(r["accepted_pct"]),
        }
        for r in figures.completeness.to_dict("records")
    ]
    targets = facts["targets"]
    ex_post_rows = []
    for r in figures.ex_post.to_dict("records"):
        gwp = facts["actual"].get(int(r["year"]), {}).get("gwp", "")
        ex_post_rows.append(
            {
                "year": year_label(int(r["year"])),
                "actual": _num(r["actual"]),
                "bau": _num(r["bau"]),
                "plan": _num(r["plan"]),
                "below_bau": _num(r["below_bau"]),
                "gwp": gwp,
                "other_gwp": bool(gwp and facts["gwp"] and gwp != facts["gwp"]),
                "paths": [
                    {
                        "name": t[f"title_{lang}"],
                        "value": _num(r.get(f"path:{t['name']}")),
                        "gap": _num(r.get(f"gap:{t['name']}")),
                    }
                    for t in targets
                ],
            }
        )

    achieved_by_year = {
        int(r["year"]): _num(r["achieved"]) for r in figures.reductions.to_dict("records")
    }
    reduction_years = sorted({*figures.planned_by_year, *achieved_by_year})
    chart = {
        "lang": lang,
        "statuses": {
            "labels": [s["label"] for s in status_rows],
            "values": [s["count"] for s in status_rows],
            "colours": [s["colour"] for s in status_rows],
            "title": tr("Actions by status", "จำนวนโครงการ/มาตรการตามสถานะ"),
            "axis": tr("actions", "จำนวน"),
        },
        "budget": {
            "years": [r["year"] for r in budget_rows],
            "planned": [r["planned"] for r in budget_rows],
            "funded": [r["funded"] for r in budget_rows],
            "disbursed": [r["disbursed"] for r in budget_rows],
            "names": [
                tr("Planned", "ตามแผน"),
                tr("Funded", "ได้รับจัดสรร"),
                tr("Disbursed", "เบิกจ่ายแล้ว"),
            ],
            "title": tr("Budget by fiscal year (THB)", "งบประมาณรายปีงบประมาณ (บาท)"),
            "axis": tr("THB", "บาท"),
            "year_title": tr("fiscal year", "ปีงบประมาณ (พ.ศ.)"),
        },
        "reductions": {
            "years": [year_label(y) for y in reduction_years],
            "planned": [figures.planned_by_year.get(y) for y in reduction_years],
            "achieved": [achieved_by_year.get(y) for y in reduction_years],
            "names": [tr("Planned", "ตามแผน"), tr("Achieved (estimated)", "ลดได้ (ประมาณการ)")],
            "title": tr(
                "Reductions: achieved against planned (t CO2e per year)",
                "ปริมาณก๊าซที่ลดได้เทียบกับแผน (ตัน CO2e ต่อปี)",
            ),
            "axis": tr("t CO2e per year", "ตัน CO2e ต่อปี"),
            "year_title": tr("year", "ปี (พ.ศ.)"),
        },
        "completeness": {
            "periods": [r["period"] for r in completeness_rows],
            "received": [r["received_pct"] for r in completeness_rows],
            "accepted": [r["accepted_pct"] for r in completeness_rows],
            "names": [tr("Submitted", "ส่งรายงานแล้ว"), tr("Accepted", "รับรายงานแล้ว")],
            "title": tr(
                "Reports received by period (% of expected)",
                "การส่งรายงานรายรอบ (ร้อยละของที่ต้องส่ง)",
            ),
            "axis": "%",
            "period_title": tr("period / fiscal year", "รอบ/ปีงบประมาณ (พ.ศ.)"),
        },
    }
    paths = facts.get("paths") or {}
    if ex_post_rows and paths:
        actual = {int(y): v["total"] for y, v in facts["actual"].items()}
        names = {t["name"]: t[f"title_{lang}"] for t in targets}
        chart["ex_post"] = {
            "years": [year_label(y) for y in paths["years"]],
            "actual": [actual.get(y) for y in paths["years"]],
            "bau": paths["bau"],
            "plan": paths["plan"],
            "paths": [
                {"name": names.get(t["name"], t["name"]), "values": t["path"]}
                for t in paths["targets"]
            ],
            "names": [
                tr("Inventory (actual)", "บัญชีก๊าซ (ค่าจริง)"),
                tr("Business as usual", "กรณีปกติ (BAU)"),
                tr("Plan", "ตามแผน"),
            ],
            "title": tr(
                "Actual emissions against the plan (t CO2e)",
                "การปล่อยก๊าซจริงเทียบกับแผน (ตัน CO2e)",
            ),
            "axis": "t CO2e",  # the unit symbol, as the plan pages write it
            "year_title": tr("year", "ปี (พ.ศ.)"),
        }
    # the ex-post table: one row a line, one column a year with a newer inventory
    ex_post_lines = []
    if ex_post_rows:
        ex_post_lines = [
            {
                "name": tr("Inventory (actual)", "บัญชีก๊าซ (ค่าจริง)"),
                "values": [r["actual"] for r in ex_post_rows],
                "strong": True,
            },
            {
                "name": tr("Business as usual (BAU)", "กรณีปกติ (BAU)"),
                "values": [r["bau"] for r in ex_post_rows],
            },
            {
                "name": tr("Below BAU", "ต่ำกว่ากรณีปกติ"),
                "values": [r["below_bau"] for r in ex_post_rows],
            },
            {"name": tr("Plan", "ตามแผน"), "values": [r["plan"] for r in ex_post_rows]},
        ]
        for i, t in enumerate(targets):
            ex_post_lines.append(
                {
                    "name": t[f"title_{lang}"],
                    "values": [r["paths"][i]["value"] for r in ex_post_rows],
                }
            )
            ex_post_lines.append(
                {
                    "name": tr("gap to this path", "ส่วนต่างจากเส้นทางนี้"),
                    "values": [r["paths"][i]["gap"] for r in ex_post_rows],
                    "gap": True,
                }
            )
    return {
        "headline": h,
        "achieved_year_label": year_label(h.achieved_year) if h.achieved_year else "",
        "achieved_pct": (h.achieved_t / h.planned_t * 100.0)
        if h.achieved_t is not None and h.planned_t
        else None,
        "status_rows": status_rows,
        "status_headers": [bi(STATUS_LABELS[s]) for s in ALL_STATUSES],
        "agency_rows": group_rows(figures.agencies, "agency", agency_names),
        "sector_rows": group_rows(figures.sectors, "sector", sector_names),
        "action_rows": action_rows,
        "overdue_rows": overdue_rows,
        "budget_rows": budget_rows,
        "source_rows": source_rows,
        "kpi_rows": kpi_rows,
        "reduction_rows": reduction_rows,
        "completeness_rows": completeness_rows,
        "ex_post_rows": ex_post_rows,
        "ex_post_lines": ex_post_lines,
        "basis_label": facts.get(f"basis_label_{lang}") or "",
        "has_reduction_result": facts["has_result"],
        "chart": chart,
    }


BODY_TEMPLATE = "monitoring/_dashboard_body.html"
FILTERS = ("period", "agency", "sector")


@require_GET
def dashboard(request, pk: int):
    """The plan's dashboard. Its body (figures, tables, chart data) is kept in the cache
    under the data stamp, the viewer's scope, the language and the filters asked for."""
    plan, access = monitored_plan(request, pk)
    # first: it makes the plan's monitoring row on the first visit, which the stamp reads
    context = monitoring_context(request, plan, access, "dashboard")
    today = timezone.localdate()
    stamp = data_stamp(plan, scope_of(access, plan), today)
    asked = "&".join(f"{k}={request.GET.get(k, '')}" for k in FILTERS)
    digest = hashlib.sha256(asked.encode()).hexdigest()[:16]
    key = f"monitoring-dashboard-body:{plan.pk}:{stamp}:{_lang()}:{digest}"
    cached = cache.get(key)
    if cached is None:
        _, records, _ = plan_figures(plan, access, today, stamp=stamp)
        form, chosen, valid = _filter_form(request, records)
        figures, records, facts = plan_figures(
            plan,
            access,
            today,
            until_period=chosen["period"],
            agency=chosen["agency"] or "",
            sector=chosen["sector"] or "",
            stamp=stamp,
        )
        body_context = build_context(figures, records, facts)
        body_context.update(
            {"plan": plan, "filter_form": form, "filtered": any(chosen.values()), "today": today}
        )
        cached = (render_to_string(BODY_TEMPLATE, body_context, request=request), valid)
        cache.set(key, cached, CACHE_SECONDS)
    body, valid = cached
    if not valid:
        messages.warning(
            request,
            tr(
                "A filter was not one of the choices (period, agency, sector): showing everything.",
                "ตัวกรองไม่ตรงกับตัวเลือก (รอบ หน่วยงาน สาขา): แสดงทั้งหมด",
            ),
        )
    context["body"] = body
    return render(request, TEMPLATE, context)
