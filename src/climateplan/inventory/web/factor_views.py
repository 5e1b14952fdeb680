"""Emission factors page: every factor the engine uses, shipped and added, with search.

National administrators only (403 for everyone else); adding, editing and
deactivating are in the Django admin (``/admin/inventory/emissionfactor/``) and
the API (``/api/factors/``), which check the same role.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from climateplan.inventory.web.factor_store import listing_generation, search_factors
from climateplan.reference.factors import families
from climateplan.site.roles import role_of

LISTING_LIMIT = 500
TABLE_CACHE_SECONDS = 600


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
    # The table (up to 500 rows) is cached per listing generation (it changes with any
    # added factor), language, family and search; it holds no form and no per-user data.
    key = ":".join(
        [
            "factors-table",
            str(listing_generation()),
            get_language() or "th",
            family,
            hashlib.sha256(query.encode("utf-8")).hexdigest(),
        ]
    )
    cached = cache.get(key)
    if cached is None:
        rows = search_factors(query, family)
        html = render_to_string(
            "inventory/_factors_table.html", {"rows": rows[:LISTING_LIMIT]}, request=request
        )
        cached = (html, len(rows))
        cache.set(key, cached, TABLE_CACHE_SECONDS)
    html, count = cached
    return render(
        request,
        "inventory/factors.html",
        {
            "table_html": mark_safe(html),  # rendered (and escaped) by the template above
            "count": count,
            "limited": count > LISTING_LIMIT,
            "query": query,
            "family": family,
            "families": families(),
        },
    )
