"""The national pages: the overview of plans, the reviewer's queue, the national roll-up.

Each reads plans through :func:`plan_access_for` (the public sees published plans only)
and its queries through :mod:`climateplan.site.national_data`. The overview's and the
roll-up's bodies are cached like the inventory overview's: per audience, filters,
language and a stamp of the data, so any change shows at once in every process.
"""

from __future__ import annotations

import hashlib
import pickle

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from climateplan.plans.web.access import plan_access_for
from climateplan.reports.cells import csv_bytes
from climateplan.site import national_data as data
from climateplan.site.bilingual import tr

CACHE_SECONDS = 600


class OverviewFilter(forms.Form):
    """?region= (one of the six regions, by its English name) and ?stage= (a plan stage)."""

    region = forms.ChoiceField(required=False)
    stage = forms.ChoiceField(required=False, choices=[(s, s) for s in data.PLAN_STAGES])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(key, key) for key, _, _ in data.regions()]


def _filters(request) -> tuple[str, str]:
    """Valid filters, or none with a message naming the refused value (never an error)."""
    given = {k: request.GET.get(k, "") for k in ("region", "stage")}
    if not any(v.strip() for v in given.values()):
        return "", ""
    form = OverviewFilter(given)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    region = cleaned.get("region", "") if "region" not in form.errors else ""
    stage = cleaned.get("stage", "") if "stage" not in form.errors else ""
    if "region" in form.errors:
        names = ", ".join(key for key, _, _ in data.regions())
        messages.warning(
            request,
            tr(
                f"'region' must be one of {names}: showing every region.",
                f"'region' ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้ {names}: แสดงทุกภาค",
            ),
        )
    if "stage" in form.errors:
        stages = ", ".join(data.PLAN_STAGES)
        messages.warning(
            request,
            tr(
                f"'stage' must be one of {stages}: showing every stage.",
                f"'stage' ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้ {stages}: แสดงทุกขั้นตอน",
            ),
        )
    return region, stage


@require_GET
def plans_overview(request):
    """Every province's plan and the stage of each of its sections, with a map."""
    access = plan_access_for(request.user)
    region, stage = _filters(request)
    key = ":".join(
        [
            "national-plans",
            access.scope_key(),
            region or "-",
            stage or "-",
            get_language() or "th",
            data.data_stamp(),
        ]
    )
    body = cache.get(key)
    if body is None:
        rows = data.plan_rows(access, request.user)
        in_region = [r for r in rows if not region or r.region_en == region]
        shown = [r for r in in_region if not stage or r.stage == stage]
        stages = data.stages_for(access)
        context = {
            "rows": shown,
            "counts": data.stage_counts(in_region, stages),
            "total": len(in_region),
            "map_html": data.stage_map(rows, stages),
            "regions": data.regions(),
            "stages": [(s, data.plan_stage_label(s)) for s in stages],
            "region": region,
            "stage": stage,
            "later_columns": [
                {"key": k, "label": tr(*label), "note": tr(*note)}
                for k, label, note in data.LATER_COLUMNS
            ],
            "not_started": data.section_stage_label(data.NOT_STARTED),
            "public": access.role.is_public,
        }
        body = render_to_string("site/national/_plans_body.html", context, request=request)
        cache.set(key, body, CACHE_SECONDS)
    return render(request, "site/national/plans.html", {"body": body})


def _reviewers_only(request) -> None:
    """The queue is for national reviewers and administrators: the public is asked to
    log in; any other user finds no such page (404, as for plans outside their view)."""
    role = plan_access_for(request.user).role
    if not role.is_national:
        raise Http404


@require_GET
def review_queue(request):
    """Plans and inventories waiting on a national review, the oldest first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _reviewers_only(request)
    access = plan_access_for(request.user)
    items = data.review_queue(access, request.user)
    return render(
        request,
        "site/national/review.html",
        {
            "rows": _queue_rows(items),
            "items": items,
            "plans_waiting": sum(1 for i in items if i.kind == "plan" and i.state == "submitted"),
            "plans_returned": sum(1 for i in items if i.kind == "plan" and i.state == "returned"),
            "inventories": sum(1 for i in items if i.kind == "inventory"),
        },
    )


def _queue_rows(items: list[data.QueueItem]) -> str:
    """The queue's table rows, kept under a digest of everything they show (each item's
    fields and days waited) and the language: the rows are read afresh on every request
    (a few queries), but rendered again only when one of them has changed."""
    shown = [(vars(i), i.waited) for i in items]
    # pickled, not repr'd: the same items give the same bytes, at a fifth of the cost
    digest = hashlib.sha256(pickle.dumps(shown, protocol=5)).hexdigest()
    key = f"national-review-rows:{get_language() or 'th'}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = render_to_string("site/national/_review_rows.html", {"items": items})
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def _rollup_view() -> data.RollupView:
    """The roll-up is the same for everyone (published plans only): cached per data stamp."""
    key = f"national-rollup-data:{data.rollup_stamp()}"
    view = cache.get(key)
    if view is None:
        view = data.rollup_view()
        cache.set(key, view, CACHE_SECONDS)
    return view


@require_GET
def rollup(request):
    """The published reduction plans summed against the NDC, with coverage stated."""
    key = f"national-rollup:{get_language() or 'th'}:{data.rollup_stamp()}"
    body = cache.get(key)
    if body is None:
        view = _rollup_view()
        summed = [c for c in view.contributions if c.summed]
        not_summed = sorted(
            (c for c in view.contributions if not c.summed), key=lambda c: (c.reason_en, c.code)
        )
        source = str(view.population.get("source") or "")
        if " / " in source:
            source = tr(*source.split(" / ", 1))
        missing = set(view.coverage.get("missing", []))
        names = data.provinces().set_index("code")
        rows = view.table.to_dict("records")
        year = data.headline_year(view)
        headline = next((r for r in rows if r["year"] == year), None)
        context = {
            "view": view,
            "summed": summed,
            "not_summed": not_summed,
            "missing": [
                {"code": code, "name": tr(names.loc[code, "name_en"], names.loc[code, "name_th"])}
                for code in names.index
                if code in missing
            ],
            "chart": data.rollup_chart(view) if view.result is not None else None,
            "rows": rows,
            "headline": headline,
            "target_columns": [
                {
                    "column": data.target_column(t),
                    "label": data.short_target_label(t),
                    "title": data.target_label(t),
                    "source": t.source,
                }
                for t in view.targets
            ],
            "targets": view.targets,
            "problems": [tr(p.format("en"), p.format("th")) for p in view.problems],
            "warnings": [
                tr(w.format("en"), w.format("th"))
                for w in (view.result.warnings if view.result is not None else [])
            ],
            "caveat": tr(*view.result.caveat) if view.result is not None else "",
            "population_source": source,
        }
        body = render_to_string("site/national/_rollup_body.html", context, request=request)
        cache.set(key, body, CACHE_SECONDS)
    return render(request, "site/national/rollup.html", {"body": body})


@require_GET
def rollup_csv(request):
    view = _rollup_view()
    if view.result is None:
        raise Http404
    response = HttpResponse(
        csv_bytes(data.rollup_csv_frame(view)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="national-rollup-ndc.csv"'
    return response
