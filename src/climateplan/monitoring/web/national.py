"""National monitoring: every province's implementation status on one page.

Each province's monitored plan is its newest plan period's latest version that is
approved or published (progress is reported on those). For each: the share of its
actions on time, the reduction reported against the plan's in the latest reported year,
the reports received in its latest period, the overdue reports
(:func:`climateplan.monitoring.summary.by_plan`, all plans at once).

Who sees what (the monitoring scoping, :mod:`climateplan.monitoring.web.access`):
national reviewers and administrators see every province; a province's own users
(viewers, approvers, editors, agency reporters) see their province's row only, the
others are listed without figures; the public is asked to sign in and any other user
finds no such page (404): progress reports are the working group's records, not
published documents.
"""

from __future__ import annotations

import hashlib

import pandas as pd
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Count, F, Max, Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from climateplan.monitoring import summary
from climateplan.monitoring.achieved import number
from climateplan.monitoring.web.access import MONITORED_SECTIONS, monitoring_access_for
from climateplan.monitoring.web.dashboard import COMPUTING
from climateplan.monitoring.web.models import Funding, Monitoring, ProgressReport, ReportingPeriod
from climateplan.plans.web.models import PLAN_LOCKED_STATES, Action, Plan, SectionResult
from climateplan.reference import provinces
from climateplan.reports.maps import (
    BOUNDARY_CREDIT,
    BOUNDARY_CREDIT_TH,
    ColourBar,
    MapLayer,
    choropleth_html,
    scale_colours,
)
from climateplan.site.bilingual import tr, year_label

CACHE_SECONDS = 600
# red (few on time) to green (all on time); the same scale for reports received
SHARE_SCALE = [[0.0, "#d73027"], [0.5, "#fee08b"], [1.0, "#1a9850"]]


def monitored_plans() -> dict[str, dict]:
    """province -> the plan monitored there (newest period, latest approved or published
    version)."""
    rows = (
        Plan.objects.filter(is_latest=True, state__in=PLAN_LOCKED_STATES)
        .values("id", "province", "title_th", "title_en", "start_year", "end_year", "state")
        .order_by("province", "start_year", "id")
    )
    return {row["province"]: row for row in rows}  # ordered: the newest period wins


def national_stamp() -> str:
    """Changes whenever a figure of the national page may change (and every day)."""
    parts = [
        timezone.localdate().isoformat(),
        Plan.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        ProgressReport.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        ReportingPeriod.objects.aggregate(
            n=Count("id"), o=Max("opened_at"), c=Max("closed_at"), d=Max("due")
        ),
        Funding.objects.aggregate(n=Count("id"), s=Sum("amount")),
        Monitoring.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        SectionResult.objects.filter(section__kind="reduction").aggregate(
            t=Max("section__updated_at")
        ),
        Action.objects.aggregate(n=Count("id")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _planned(ids: list[int]) -> dict[int, dict[int, float]]:
    """plan -> year -> the plan's reduction (its reduction result's wedges summed); only
    the wedges and years of each result document are read."""
    rows = SectionResult.objects.filter(
        section__plan_id__in=ids, section__kind="reduction"
    ).values_list("section__plan_id", "document__years", "document__wedges")
    out = {}
    for plan_id, years, wedges in rows:
        series = summary.planned_reductions({"years": years or [], "wedges": wedges or []})
        out[plan_id] = {int(y): float(v) for y, v in series.items()}
    return out


def national_figures(today=None) -> pd.DataFrame:
    """One row per monitored plan: the province, the plan and its figures."""
    today = today or timezone.localdate()
    plans = monitored_plans()
    ids = [p["id"] for p in plans.values()]
    if not ids:
        return pd.DataFrame()
    actions = pd.DataFrame(
        list(
            Action.objects.filter(
                section__plan_id__in=ids, section__kind__in=MONITORED_SECTIONS
            ).values("id", "end_year", plan_id=F("section__plan_id"))
        )
    )
    periods = list(
        ReportingPeriod.objects.filter(plan_id__in=ids).values(
            "id", "plan_id", "fiscal_year", "number", "starts", "ends", "due", "state"
        )
    )
    reports = list(
        ProgressReport.objects.filter(period__plan_id__in=ids).values(
            "id", "action_id", "period_id", "state", "status", "percent", "achieved_t"
        )
    )
    records = summary.Records.of(actions=actions, periods=periods, reports=reports)
    if "plan_id" not in records.periods.columns or records.periods.empty:
        records.periods["plan_id"] = pd.Series(dtype=float)
    table = summary.by_plan(records, today, _planned(ids))
    meta = pd.DataFrame(list(plans.values())).rename(columns={"id": "plan_id"})
    return meta.merge(table, on="plan_id", how="left")


def _pct(value) -> float | None:
    value = number(value)
    return None if value is None or pd.isna(value) else value


def _rows(figures: pd.DataFrame, access, lang: str) -> list[dict]:
    by_province = {r["province"]: r for r in figures.to_dict("records")} if len(figures) else {}
    out = []
    for p in provinces().itertuples():
        row = by_province.get(p.code)
        shown = row is not None and (access.role.is_national or access.role.province == p.code)
        item = {
            "code": p.code,
            "name": p.name_th if lang == "th" else p.name_en,
            "region": p.region_th if lang == "th" else p.region_en,
            "has_plan": row is not None,
            "shown": shown,
        }
        if row is not None:
            item.update(
                {
                    "plan_id": row["plan_id"],
                    "plan_years": f"{year_label(row['start_year'])}–{year_label(row['end_year'])}",
                    "plan_url": reverse("monitoring:dashboard", args=[row["plan_id"]]),
                }
            )
        if shown:
            fy, n = number(row.get("period_fiscal_year")), number(row.get("period_number"))
            item.update(
                {
                    "actions": int(number(row.get("actions")) or 0),
                    "on_time": int(number(row.get("on_time")) or 0),
                    "late": int(number(row.get("late")) or 0),
                    "on_time_pct": _pct(row.get("on_time_pct")),
                    "overdue": int(number(row.get("overdue")) or 0),
                    "received_pct": _pct(row.get("received_pct")),
                    "period": (
                        f"{int(n)}/{year_label(int(fy))}"
                        if lang == "th"
                        else f"{int(n)}/FY{int(fy)}"
                    )
                    if fy and n
                    else "",
                    "achieved_t": _pct(row.get("achieved_t")),
                    "planned_t": _pct(row.get("planned_t")),
                    "achieved_pct": _pct(row.get("achieved_pct")),
                    "achieved_year": year_label(int(row["achieved_year"]))
                    if _pct(row.get("achieved_year"))
                    else "",
                }
            )
        out.append(item)
    return out


def _map(rows: list[dict], lang: str) -> str:
    shown = [r for r in rows if r["shown"]]
    no_data = tr("no monitored plan, or not yours to see", "ไม่มีแผนที่ติดตามผล หรือไม่อยู่ในสิทธิ์ของคุณ")

    def layer(key: str, label: str, what: str) -> MapLayer:
        values = {r["code"]: None for r in rows}
        values.update({r["code"]: r.get(key) for r in shown})
        titles = {
            r["code"]: f"{r['name']}: "
            + (f"{r[key]:.0f} %" if r.get(key) is not None else tr("no figure", "ไม่มีข้อมูล"))
            for r in rows
        }
        return MapLayer(
            label=label,
            fills=scale_colours(values, SHARE_SCALE, 0.0, 100.0),
            titles=titles,
            legend=ColourBar(SHARE_SCALE, 0.0, 100.0, what, no_data=no_data),
        )

    layers = [
        layer(
            "on_time_pct",
            tr("Actions on time", "โครงการที่เป็นไปตามกำหนด"),
            tr("% of actions on time", "ร้อยละของโครงการที่เป็นไปตามกำหนด"),
        ),
        layer(
            "received_pct",
            tr("Reports received", "การส่งรายงาน"),
            tr("% of reports received, latest period", "ร้อยละของรายงานที่ส่งแล้ว รอบล่าสุด"),
        ),
    ]
    links = {r["code"]: r["plan_url"] for r in shown if r.get("plan_url")}
    return choropleth_html(
        layers,
        label=tr(
            "Map of plan implementation by province", "แผนที่ความก้าวหน้าการดำเนินการตามแผนรายจังหวัด"
        ),
        links=links,
        credit=tr(BOUNDARY_CREDIT, BOUNDARY_CREDIT_TH),
        prefix="monmap",
    )


@require_GET
def national(request):
    access = monitoring_access_for(request.user)
    if access.role.is_public:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not (access.role.is_national or access.role.is_provincial):
        raise Http404
    lang = get_language() or "th"
    lang = "th" if lang.startswith("th") else "en"
    scope = "national" if access.role.is_national else f"province:{access.role.province}"
    key = f"monitoring-national:{scope}:{lang}:{national_stamp()}"
    context = cache.get(key)
    if context is None:
        with COMPUTING:  # the threads that miss wait for the first one
            context = cache.get(key)
            if context is None:
                context = _context(access, lang)
                cache.set(key, context, CACHE_SECONDS)
    return render(request, "monitoring/national.html", context)


def _context(access, lang: str) -> dict:
    rows = _rows(national_figures(), access, lang)
    shown = [r for r in rows if r["shown"]]
    judged = [r for r in shown if r.get("on_time_pct") is not None]
    return {
        "rows": rows,
        "map_html": _map(rows, lang),
        "monitored": sum(1 for r in rows if r["has_plan"]),
        "shown_count": len(shown),
        "with_reports": len(judged),
        "national": access.role.is_national,
    }


__all__ = ["monitored_plans", "national", "national_figures", "national_stamp"]
