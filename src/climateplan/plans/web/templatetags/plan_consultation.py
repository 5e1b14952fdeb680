"""The consultation banner of a plan's pages: while the draft is open for comment, the
notice with the comment form (about the section shown); afterwards, the way to what was
heard; for the province's editors, the comments waiting for them."""

from __future__ import annotations

from django import template

from climateplan.plans.web import services_consultation as services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import has_none
from climateplan.plans.web.models import PublicComment

register = template.Library()


@register.inclusion_tag("plans/consultation_banner.html", takes_context=True)
def consultation_banner(context, plan):
    request = context.get("request")
    if context.get("consultation_page"):
        return {"show": False}
    access = plan_access_for(getattr(request, "user", None))
    # the plan's consultations read once: the one open now, and whether any was held
    held = [] if has_none(plan, "consultations") else list(plan.consultations.order_by("-opens"))
    current = next((c for c in held if services.is_open(c)), None)
    tab = context.get("current_tab") or {}
    out = {
        "show": True,
        "plan": plan,
        "current": current,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "honeypot": "website",
    }
    if current is not None:
        from climateplan.plans.web.views_consultation import comment_form

        out["form"] = comment_form(current, section_kind=tab.get("kind", ""))
        out["last_day"] = services.last_day(current)
    else:
        out["heard"] = bool(held)
    if access.can_moderate(plan):
        out["pending"] = PublicComment.objects.filter(
            consultation__plan=plan, status=PublicComment.Status.PENDING
        ).count()
        out["can_open"] = access.can_open_consultation(plan) and current is None
    out["show"] = bool(current or out.get("heard") or out.get("pending") or out.get("can_open"))
    return out
