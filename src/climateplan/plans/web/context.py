"""What every page of a plan shows around its section: header, section tabs, checklist,
versions and the viewer's permissions. Section pages extend ``plans/plan_base.html``
and start their context with :func:`plan_context`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from climateplan.plans.period import period_label
from climateplan.plans.web import services
from climateplan.plans.web.access import PlanAccess, plan_access_for
from climateplan.plans.web.models import Plan, PlanState, Section, SectionKind
from climateplan.reference import find_province
from climateplan.site.bilingual import is_thai, pick


def visible_plan(request, pk: int) -> Plan:
    """The plan, if this user may read it (404 otherwise, never 403)."""
    access = plan_access_for(request.user)
    return get_object_or_404(access.plans(Plan.objects.select_related("base_inventory")), pk=pk)


def visible_section(request, pk: int, kind: str) -> tuple[Plan, Section]:
    if kind not in SectionKind.values:
        raise Http404
    plan = visible_plan(request, pk)
    section = get_object_or_404(Section.objects.select_related("plan"), plan=plan, kind=kind)
    access = plan_access_for(request.user)
    # the public reads only published plans, and so only their published sections
    if not access.sees_internals(plan) and plan.state != PlanState.PUBLISHED:
        raise Http404
    return plan, section


def section_label(kind: str) -> str:
    en, th = SectionKind(kind).label.split(" / ")
    return th if is_thai() else en


def plan_context(request, plan: Plan, current: str = "") -> dict:
    """The common context of every plan page (``current``: the section kind shown, or "")."""
    access: PlanAccess = plan_access_for(request.user)
    lang = "th" if is_thai() else "en"
    province = find_province(plan.province)
    sections = services.ordered_sections(plan)
    tabs = []
    for section in sections:
        items = services.checklist(section, plan)
        todo = [i for i in items if i.blocking and not i.done]
        tabs.append(
            {
                "kind": section.kind,
                "label": section_label(section.kind),
                "state": section.state,
                "state_label": section.get_state_display(),
                "todo": len(todo),
                "current": section.kind == current,
                "section": section,
                "checklist": items,
            }
        )
    current_tab = next((t for t in tabs if t["current"]), None)
    versions = list(
        Plan.objects.filter(
            pk__in=access.plans().filter(
                province=plan.province, start_year=plan.start_year, end_year=plan.end_year
            )
        )
        .order_by("version")
        .values("pk", "version", "state")
    )
    return {
        "plan": plan,
        "access": access,
        "lang": lang,
        "province": province,
        "province_name": pick(province, "name"),
        "period": period_label(plan.start_year, plan.end_year, lang),
        "plan_title": plan.title_th if lang == "th" or not plan.title_en else plan.title_en,
        "tabs": tabs,
        "current_tab": current_tab,
        "checklist": current_tab["checklist"] if current_tab else [],
        "sees_internals": access.sees_internals(plan),
        "can_edit_plan": access.can_edit_plan(plan),
        "versions": versions,
        "newer_base": services.newer_base_inventory(plan) if access.sees_internals(plan) else None,
    }
