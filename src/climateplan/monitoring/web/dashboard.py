"""The records of a plan's monitoring read for the dashboards, and their figures kept
per data stamp.

:func:`plan_records` reads a plan's actions, periods, reports, budget lines and funding
(what the viewer may read: an agency reporter sees their agency's actions only) into
:class:`climateplan.monitoring.summary.Records`; :func:`plan_figures` computes the
dashboard (:func:`climateplan.monitoring.summary.dashboard`) and keeps it in the cache
under :func:`data_stamp`, which changes with every report, period, funding or plan
change (and every day, as lateness depends on the date), so a newly accepted report shows
at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from functools import lru_cache

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils import timezone

from climateplan.monitoring import summary
from climateplan.monitoring.web.access import (
    MonitoringAccess,
    agency_code_of,
    agency_index,
    monitored_actions,
)
from climateplan.monitoring.web.models import (
    Agency,
    Funding,
    Monitoring,
    ProgressReport,
    ReportingPeriod,
)
from climateplan.plans.web.models import BudgetLine, Plan, Section, SectionKind

CACHE_SECONDS = 600
USABLE_INVENTORY_STATES = ("approved", "published")


@lru_cache(maxsize=1)
def gpc_sector_labels() -> dict[str, tuple[str, str]]:
    """GPC sector (I ... VI) -> (English, Thai) name (the shipped GPC catalogue)."""
    from climateplan.mitigation.analysis import sector_labels

    table = sector_labels()
    return {str(k): (str(r["sector_en"]), str(r["sector_th"])) for k, r in table.iterrows()}


@lru_cache(maxsize=1)
def nap_sector_labels() -> dict[str, tuple[str, str]]:
    """NAP sector key -> (English, Thai) name (the shipped risk framework)."""
    from climateplan.risk.index.framework import load_framework

    return {k: (v.en, v.th) for k, v in load_framework().nap_sectors.items()}


def _first_sector(text) -> str:
    values = text if isinstance(text, (list, tuple)) else str(text or "").split(";")
    for value in values:
        head = str(value).strip().split(".")[0].upper()
        if head:
            return head
    return ""


def measure_sector(data: dict, library_id: str) -> str:
    """The GPC sector a reduction measure acts on: its own selector, else its library
    measure's."""
    for key in ("sector", "subsector", "gpc_ref"):
        sector = _first_sector((data or {}).get(key))
        if sector:
            return sector
    lib = library_id or (data or {}).get("from_library") or ""
    if lib:
        from climateplan.mitigation.measures import measure_library

        measure = measure_library().by_id().get(lib)
        if measure is not None:
            s = measure.selector
            return _first_sector([*s.sector, *s.subsector, *s.gpc_ref])
    return ""


def scope_of(access: MonitoringAccess, plan: Plan) -> str:
    """Whose view of the plan: ``all``, or the agency code of an agency reporter."""
    if access.role.is_agency_reporter:
        agency = access.agency() if access.own(plan) else None
        return f"agency:{agency.code if agency else '-'}"
    return "all"


def plan_records(plan: Plan, access: MonitoringAccess | None = None) -> summary.Records:
    """The plan's monitoring records the viewer may read (``access`` None: all)."""
    actions_qs = monitored_actions(plan)
    reports_qs = ProgressReport.objects.filter(period__plan=plan)
    if access is not None and access.role.is_agency_reporter:
        actions_qs = access.reportable_actions(plan)
        reports_qs = access.reports(plan)
    index = agency_index()
    names = {
        code: (en or th, th)
        for code, th, en in Agency.objects.values_list("code", "name_th", "name_en")
    }
    actions, indicators, sectors = [], [], []
    gpc, nap = gpc_sector_labels(), nap_sector_labels()
    rows = actions_qs.values(
        "id",
        "code",
        "name_th",
        "name_en",
        "section__kind",
        "owner_agency",
        "start_year",
        "end_year",
        "kpi",
        "data",
        "library_id",
        "position",
    ).order_by("-section__kind", "position", "pk")  # reduction measures first
    for row in rows:
        code = agency_code_of(row["owner_agency"], index)
        en, th = names.get(code, (row["owner_agency"], row["owner_agency"]))
        data = row["data"] or {}
        kind = row["section__kind"]
        actions.append(
            {
                "id": row["id"],
                "code": row["code"],
                "name_th": row["name_th"],
                "name_en": row["name_en"] or row["name_th"],
                "section": kind,
                "agency": code or row["owner_agency"] or "",
                "agency_en": en or "",
                "agency_th": th or "",
                "start_year": row["start_year"],
                "end_year": row["end_year"],
            }
        )
        if kind == SectionKind.REDUCTION:
            kpi = row["kpi"] or {}
            if kpi:
                indicators.append(
                    {
                        "action_id": row["id"],
                        "key": "kpi",
                        "name_en": kpi.get("name_en") or kpi.get("name_th") or "",
                        "name_th": kpi.get("name_th") or kpi.get("name_en") or "",
                        "unit": kpi.get("unit") or "",
                        "baseline": kpi.get("baseline"),
                        "target": kpi.get("target"),
                        "target_year": kpi.get("target_year"),
                    }
                )
            sector = measure_sector(data, row["library_id"])
            if sector:
                en, th = gpc.get(sector, (sector, sector))
                sectors.append(
                    {"action_id": row["id"], "sector": f"gpc:{sector}", "en": en, "th": th}
                )
        else:
            for i, item in enumerate(data.get("indicators") or []):
                if isinstance(item, dict):
                    indicators.append(
                        {
                            "action_id": row["id"],
                            "key": f"indicator:{i}",
                            "name_en": item.get("name_en") or item.get("name_th") or "",
                            "name_th": item.get("name_th") or item.get("name_en") or "",
                            "unit": item.get("unit") or "",
                            "baseline": item.get("baseline"),
                            "target": item.get("target"),
                            "target_year": item.get("year"),
                        }
                    )
            for key in data.get("sectors") or data.get("nap_sectors") or []:
                en, th = nap.get(key, (key, key))
                sectors.append({"action_id": row["id"], "sector": f"nap:{key}", "en": en, "th": th})
    ids = [a["id"] for a in actions]
    periods = list(
        ReportingPeriod.objects.filter(plan=plan).values(
            "id", "fiscal_year", "number", "starts", "ends", "due", "state"
        )
    )
    reports = list(
        reports_qs.filter(action_id__in=ids).values(
            "id",
            "action_id",
            "period_id",
            "state",
            "status",
            "percent",
            "disbursed",
            "kpi_values",
            "achieved_t",
        )
    )
    budget = list(
        BudgetLine.objects.filter(action_id__in=ids).values(
            "action_id", "fiscal_year", "amount", "source"
        )
    )
    funding = list(
        Funding.objects.filter(action_id__in=ids).values(
            "action_id", "fiscal_year", "amount", "source"
        )
    )
    return summary.Records.of(
        actions=actions,
        periods=periods,
        reports=reports,
        indicators=indicators,
        budget=budget,
        funding=funding,
        sectors=sectors,
    )


def reduction_document(plan: Plan) -> dict | None:
    section = Section.objects.filter(plan=plan, kind=SectionKind.REDUCTION).first()
    return section.result if section is not None else None


def actual_emissions(plan: Plan, basis: str) -> dict[int, dict]:
    """year -> {total, gwp} of the province's newer approved or published inventories
    (the latest version of each year), on the plan's basis."""
    from climateplan.inventory.web.models import Inventory

    rows = Inventory.objects.filter(
        province=plan.province,
        year__gt=plan.base_year,
        state__in=USABLE_INVENTORY_STATES,
        is_latest=True,
    ).order_by("year")
    out: dict[int, dict] = {}
    stored = {"basic": "total_basic", "basic_plus": "total_basic_plus"}
    for inventory in rows:
        total = getattr(inventory, stored[basis]) if basis in stored else None
        if total is None:
            document = inventory.result
            if not document:
                continue
            from climateplan.errors import InputError
            from climateplan.mitigation.baseline import from_json_dict

            try:
                total = from_json_dict(document).total(basis)
            except (InputError, KeyError):
                continue
        out[int(inventory.year)] = {"total": float(total), "gwp": inventory.gwp}
    return out


def data_stamp(plan: Plan, scope: str, today: dt.date) -> str:
    """Changes whenever a figure of the plan's dashboard may change."""
    from climateplan.inventory.web.models import Inventory

    reports = ProgressReport.objects.filter(period__plan=plan).aggregate(
        n=Count("id"), t=Max("updated_at")
    )
    periods = ReportingPeriod.objects.filter(plan=plan).aggregate(
        n=Count("id"), o=Max("opened_at"), c=Max("closed_at"), d=Max("due")
    )
    funding = Funding.objects.filter(action__section__plan=plan).aggregate(
        n=Count("id"), s=Sum("amount"), m=Max("id")
    )
    monitoring = Monitoring.objects.filter(plan=plan).values_list("revision", "updated_at").first()
    sections = Section.objects.filter(plan=plan).aggregate(t=Max("updated_at"))
    inventories = Inventory.objects.filter(
        province=plan.province, year__gt=plan.base_year
    ).aggregate(n=Count("id"), t=Max("updated_at"))
    parts = [
        plan.pk,
        plan.revision,
        plan.state,
        scope,
        today.isoformat(),
        reports,
        periods,
        funding,
        monitoring,
        sections,
        inventories,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


# One computation of figures at a time in a process: the threads that miss the same
# key wait for the first one instead of all computing it at once.
COMPUTING = threading.RLock()


def _cached(key: str, make):
    value = cache.get(key)
    if value is None:
        with COMPUTING:
            value = cache.get(key)
            if value is None:
                value = make()
                cache.set(key, value, CACHE_SECONDS)
    return value


def filtered(
    records: summary.Records,
    *,
    until_period: int | None = None,
    agency: str = "",
    sector: str = "",
) -> summary.Records:
    """The records as of a period (its reports and earlier periods'), of one agency's
    actions (owner), of one sector's actions."""
    out = summary.Records(**vars(records))
    if until_period is not None:
        periods = out.periods
        chosen = periods.loc[periods["id"] == until_period, "starts"]
        if len(chosen):
            keep = periods.loc[periods["starts"] <= chosen.iloc[0], "id"]
            out.periods = periods.loc[periods["id"].isin(keep)]
            out.reports = out.reports.loc[out.reports["period_id"].isin(keep)]
    ids = None
    if agency:
        ids = set(out.actions.loc[out.actions["agency"] == agency, "id"])
    if sector:
        in_sector = set(out.sectors.loc[out.sectors["sector"] == sector, "action_id"])
        ids = in_sector if ids is None else ids & in_sector
    if ids is not None:
        out.actions = out.actions.loc[out.actions["id"].isin(ids)]
        for name in ("reports", "indicators", "budget", "funding", "sectors"):
            frame = getattr(out, name)
            setattr(out, name, frame.loc[frame["action_id"].isin(ids)])
    return out


def _light(document: dict | None) -> dict | None:
    """What the figures read of the reduction result (its years, the BAU, plan and
    target paths on its basis, the measures' wedges): small enough to keep in the cache."""
    if not document:
        return None
    basis = document.get("basis", "basic_plus")
    return {
        "years": document.get("years") or [],
        "base_year": document.get("base_year"),
        "basis": basis,
        "totals": {basis: (document.get("totals") or {}).get(basis) or {"bau": [], "plan": []}},
        "targets": [
            {"name": t["name"], "path": t.get("path") or []} for t in document.get("targets") or []
        ],
        "wedges": [
            {"measure": w["measure"], "values": w.get("values") or []}
            for w in document.get("wedges") or []
        ],
    }


def _facts(plan: Plan, document: dict | None) -> dict:
    basis = (document or {}).get("basis", "basic_plus")
    facts = {
        "basis": basis,
        "basis_label_en": (document or {}).get("basis_label_en", ""),
        "basis_label_th": (document or {}).get("basis_label_th", ""),
        "gwp": (document or {}).get("gwp", ""),
        "has_result": document is not None,
        "years": list((document or {}).get("years") or []),
        "targets": [
            {
                "name": t["name"],
                "title_en": t.get("title_en") or t["name"],
                "title_th": t.get("title_th") or t["name"],
            }
            for t in (document or {}).get("targets") or []
        ],
        "actual": actual_emissions(plan, basis) if document else {},
    }
    facts["paths"] = _paths(plan, document, facts["actual"])
    return facts


def _paths(plan: Plan, document: dict | None, actual: dict) -> dict:
    """The BAU, plan and target paths from the base year to the plan's end (or the last
    newer inventory), for the ex-post chart."""
    if not document or not actual:
        return {}
    years = [int(y) for y in document.get("years") or []]
    last = max(plan.end_year, *actual)
    keep = [i for i, y in enumerate(years) if y <= last]
    totals = (document.get("totals") or {}).get(document.get("basis", "basic_plus")) or {}

    def cut(values):
        values = list(values or [])
        return [values[i] if i < len(values) else None for i in keep]

    return {
        "years": [years[i] for i in keep],
        "bau": cut(totals.get("bau")),
        "plan": cut(totals.get("plan")),
        "targets": [
            {"name": t["name"], "path": cut(t.get("path"))} for t in document.get("targets") or []
        ],
    }


def plan_figures(
    plan: Plan,
    access: MonitoringAccess | None = None,
    today: dt.date | None = None,
    *,
    until_period: int | None = None,
    agency: str = "",
    sector: str = "",
    stamp: str | None = None,
) -> tuple[summary.Dashboard, summary.Records, dict]:
    """(dashboard figures, the viewer's records of the whole plan, facts of the reduction
    result and the newer inventories), kept under the data stamp. Filters: as of a
    period, one agency, one sector."""
    today = today or timezone.localdate()
    if stamp is None:
        scope = "all" if access is None else scope_of(access, plan)
        stamp = data_stamp(plan, scope, today)
    base_key = f"monitoring-records:{plan.pk}:{stamp}"

    def load():
        document = reduction_document(plan)
        return plan_records(plan, access), _light(document), _facts(plan, document)

    records, document, facts = _cached(base_key, load)

    def make():
        chosen = filtered(records, until_period=until_period, agency=agency, sector=sector)
        doc = document
        if doc and (agency or sector):
            codes = set(chosen.actions["code"])
            doc = {**doc, "wedges": [w for w in doc.get("wedges") or [] if w["measure"] in codes]}
        actual = {y: v["total"] for y, v in facts["actual"].items()}
        figures = summary.dashboard(chosen, today, doc, actual)
        planned = summary.planned_reductions(doc)
        years = [y for y in planned.index if plan.start_year <= y <= plan.end_year]
        figures.planned_by_year = {int(y): float(planned[y]) for y in years}
        return figures

    figures = _cached(f"{base_key}:{until_period or ''}:{agency}:{sector}", make)
    return figures, records, facts


__all__ = [
    "actual_emissions",
    "data_stamp",
    "measure_sector",
    "plan_figures",
    "plan_records",
    "reduction_document",
    "scope_of",
]
