"""Published plan pages as the public reads them, kept and served again until the plan changes.

Anonymous visitors all see the same page of a published plan (no internals, no
forms but the language switch), and they are most of a published plan's readers; the
page costs tens of milliseconds of CPU to build (charts data, tables, checklists), so
it is kept under a key made of the address, the language and the plan's stamp
(:func:`climateplan.plans.web.services.plan_stamp`: its revision, its sections' last
change, the inventories of its base year). Pages of plans not published, pages of
signed-in users, and answers other than 200 are never kept.

A kept page carries no one's CSRF token: the token of the request that built it is
replaced by a placeholder, and each visitor's own token is put back when it is served.

Signed-in users' pages are built for each request (their buttons, comments and
checklists are theirs), but the parts of them that are the same for every reader of a
section (the tables and charts of its stored result, the figures of its summary) are
kept by :func:`section_block` under the section's own stamp (:func:`section_stamp`:
its state, its last save, its last computation and the digest of what it was computed
from) and the language: any edit, recompute or state change of the section builds them
again, in every process.
"""

from __future__ import annotations

import re
import uuid
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from climateplan.plans.web.models import Plan, PlanState

PAGE_CACHE_SECONDS = 600
BLOCK_CACHE_SECONDS = 600
CSRF_PLACEHOLDER = f"csrf-{uuid.uuid4().hex}"  # random per process: no page text can match it
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _key(request, plan: Plan) -> str:
    from climateplan.plans.web.services import plan_stamp

    return ":".join(
        ["plan-public-page", request.get_full_path(), get_language() or "th", plan_stamp(plan)]
    )


def _cacheable(request) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    # a message waiting for this visitor (e.g. after switching language) is theirs only
    # (len() reads the messages without marking them shown)
    return len(get_messages(request)) == 0


def public_page_cache(view):
    """Keep the public's page of a published plan (views taking ``pk`` of the plan)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        plan = (
            Plan.objects.filter(pk=kwargs.get("pk"), state=PlanState.PUBLISHED)
            .only("pk", "revision", "state", "province", "base_year", "base_inventory_id")
            .first()
        )
        if plan is None:
            return view(request, *args, **kwargs)
        key = _key(request, plan)
        kept = cache.get(key)
        if kept is not None:
            body, content_type = kept
            body = body.replace(CSRF_PLACEHOLDER, get_token(request))
            return HttpResponse(body, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        body = response.content.decode(response.charset or "utf-8")
        found = _TOKEN.search(body)
        if found:
            body = body.replace(found.group(1), CSRF_PLACEHOLDER)
        cache.set(key, (body, response["Content-Type"]), PAGE_CACHE_SECONDS)
        return response

    return wrapper


def _time(value) -> str:
    return f"{value.timestamp():.6f}" if value is not None else "0"


def section_stamp(section) -> str:
    """Changes with every write of the section: a save moves ``updated_at``, a
    recompute ``computed_at`` and ``input_stamp``, a state change (also those written
    for a whole plan at once, without a save) ``state``."""
    return "-".join(
        [
            str(section.pk),
            section.state,
            _time(section.updated_at),
            _time(section.computed_at),
            section.input_stamp or "",
        ]
    )


def section_block(name: str, section, build, *, extra: str = ""):
    """``build()`` once per state of the section and language (``extra``: whatever
    else the block depends on, e.g. other provinces' published results)."""
    key = ":".join(["plan-block", name, section_stamp(section), get_language() or "th", extra])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, BLOCK_CACHE_SECONDS)
    return value
