"""The plan's inventory section: the base-year inventory it links (totals from the
inventory platform's stored result), the earlier inventories it calibrates on, and for
editors the way to change them (the plan's edit page)."""

from __future__ import annotations

from django.shortcuts import render

from climateplan.inventory.web.views import gwp_source_label
from climateplan.plans.web.context import plan_context
from climateplan.plans.web.forms import usable_inventories


def section_page(request, plan, section):
    context = plan_context(request, plan, section.kind)
    base = plan.base_inventory
    context.update(
        {
            "section": section,
            "base": base,
            "result": base.result if base is not None else None,
            "gwp_source": gwp_source_label(base.gwp) if base is not None else "",
            "calibration": list(plan.calibration_inventories.order_by("year", "version")),
            "has_usable": usable_inventories(plan.province).exists(),
        }
    )
    return render(request, "plans/section_inventory.html", context)
