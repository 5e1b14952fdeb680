"""Emission factors page: every factor the engine uses, shipped and added, with search.

National administrators only (403 for everyone else); adding, editing and
deactivating are in the Django admin (``/admin/inventory/emissionfactor/``) and
the API (``/api/factors/``), which check the same role.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from climateplan.inventory.web.factor_store import search_factors
from climateplan.reference.factors import families
from climateplan.site.roles import role_of

LISTING_LIMIT = 500


def require_factor_admin(user) -> None:
    """Only a national administrator manages emission factors."""
    if not role_of(user).is_admin:
        raise PermissionDenied


@require_GET
def factor_list(request):
    require_factor_admin(request.user)
    query = request.GET.get("q", "").strip()[:200]
    family = request.GET.get("family", "").strip()
    if family not in families():
        family = ""
    rows = search_factors(query, family)
    return render(
        request,
        "inventory/factors.html",
        {
            "rows": rows[:LISTING_LIMIT],
            "count": len(rows),
            "limited": len(rows) > LISTING_LIMIT,
            "query": query,
            "family": family,
            "families": families(),
        },
    )
