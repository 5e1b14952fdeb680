"""The successor links of a plan's header and the carried-over badge of an action,
scoped like every plan page (a plan the user may not read is not named)."""

from __future__ import annotations

from django import template

from climateplan.plans.period import period_label
from climateplan.plans.web import services_successor as successor
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import has_none
from climateplan.site.bilingual import is_thai

register = template.Library()


def _lang() -> str:
    return "th" if is_thai() else "en"


def _title(plan) -> str:
    return plan.title_th if is_thai() or not plan.title_en else plan.title_en


@register.inclusion_tag("plans/_successor_links.html", takes_context=True)
def successor_links(context, plan):
    """``succeeds <plan>`` / ``succeeded by <plan>`` and, for the province's editors of a
    finished plan, the way to prepare its successor."""
    request = context.get("request")
    access = plan_access_for(getattr(request, "user", None))
    before = plan.predecessor
    # a successor names this version or an earlier one as its predecessor
    none_after = plan.previous_id is None and has_none(plan, "successors")
    after = None if none_after else successor.successor_of(plan)
    return {
        "plan": plan,
        "before": before if before is not None and access.can_view(before) else None,
        "before_title": _title(before) if before is not None else "",
        "before_period": period_label(before.start_year, before.end_year, _lang())
        if before is not None
        else "",
        "after": after if after is not None and access.can_view(after) else None,
        "after_title": _title(after) if after is not None else "",
        "after_period": period_label(after.start_year, after.end_year, _lang())
        if after is not None
        else "",
        "can_prepare": successor.can_prepare(access, plan, successor=after),
        "sees_internals": access.sees_internals(plan),
    }


@register.inclusion_tag("plans/_carried_badge.html", takes_context=True)
def carried_badge(context, action):
    """ "carried over from <plan> (<code>)", linked to the action's history there."""
    if not getattr(action, "carried_from_id", None):
        return {"show": False}
    request = context.get("request")
    access = plan_access_for(getattr(request, "user", None))
    source = action.carried_from
    origin = source.section.plan
    plan = action.section.plan
    return {
        "show": True,
        "action": action,
        "source": source,
        "origin": origin if access.can_view(origin) else None,
        "origin_period": period_label(origin.start_year, origin.end_year, _lang()),
        "history": access.sees_internals(plan),
        "plan": plan,
    }
