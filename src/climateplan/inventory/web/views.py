"""Server-rendered pages of the inventory (Thai by default, English by a switch).

Every view looks inventories up through ``access_for(request.user).inventories()``,
so an inventory the user may not read answers 404 whatever its id.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zlib
from functools import lru_cache
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from climateplan.errors import InputError
from climateplan.inventory.web import changes, dashboard, services
from climateplan.inventory.web.access import TRANSITION_LABELS, access_for
from climateplan.inventory.web.forms import (
    CommentForm,
    CreateInventoryForm,
    LineForm,
    TransitionForm,
    UploadForm,
)
from climateplan.inventory.web.models import ActivityLine, Inventory, Population, ReviewComment
from climateplan.reference import find_province, gpc_catalogue, provinces, provinces_geojson_path
from climateplan.reference.gwp import gwp_source
from climateplan.reports.cells import csv_bytes, workbook_bytes
from climateplan.site.bilingual import pick, tr, year_label
from climateplan.site.params import year_param
from climateplan.site.uploads import read_uploaded

OVERVIEW_CACHE_SECONDS = 600
LINE_TABLE_CACHE_SECONDS = 600
# Stands for the CSRF token in a cached line table; replaced by the viewer's token on every
# request. Random per process, so no text in a line can be made to match it.
CSRF_PLACEHOLDER = f"csrf-{uuid.uuid4().hex}"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHORT_SOURCE_NAMES = 3  # factor names shown in a line's short source label


# The Thai wording of the GWP sources of climateplan.reference.gwp (same documents and tables).
GWP_SOURCE_TH = {
    "AR4": "IPCC รายงานการประเมินครั้งที่ 4 คณะทำงานที่ 1 (พ.ศ. 2550) ตาราง 2.14 ค่า GWP ช่วง 100 ปี",
    "AR5": "IPCC รายงานการประเมินครั้งที่ 5 คณะทำงานที่ 1 (พ.ศ. 2556) ตาราง 8.A.1 ค่า GWP ช่วง 100 ปี "
    "ไม่รวมผลป้อนกลับ",
    "AR6": "IPCC รายงานการประเมินครั้งที่ 6 คณะทำงานที่ 1 (พ.ศ. 2564) ตาราง 7.SM.7 ค่า GWP ช่วง 100 ปี",
}


def gwp_source_label(gwp_set: str) -> str:
    """The source of a GWP set in the active language."""
    english = gwp_source(gwp_set)
    return tr(english, GWP_SOURCE_TH.get(str(gwp_set).upper(), english))


def _visible_inventory(request, pk: int) -> Inventory:
    return get_object_or_404(access_for(request.user).inventories(), pk=pk)


def _province_or_404(code: str):
    try:
        return find_province(code)
    except KeyError as exc:
        raise Http404 from exc


def _year_param(request) -> int | None:
    # a form checks ?year= (a digit to str.isdigit() such as "²" is no number)
    return year_param(request)


def _workflow_message(request, error: services.WorkflowError) -> None:
    messages.error(request, tr(error.message_en, error.message_th))


# --------------------------------------------------------------------------- national


@require_GET
def overview(request):
    """The national overview; its body is cached per scope, year, language and data state.

    The key holds a stamp of the data (count and newest change of inventories and
    populations), so any change anywhere shows at once, in every server process.
    """
    access = access_for(request.user)
    year = _year_param(request)
    key = ":".join(
        [
            "overview",
            access.scope_key(),
            str(year),
            get_language() or "th",
            dashboard.data_stamp(),
        ]
    )
    body = cache.get(key)
    context = {}
    if body is None:
        data = dashboard.overview(access, year)
        context = {
            "data": data,
            "map_html": dashboard.overview_map(data),
        }
        body = render_to_string("inventory/_overview_body.html", context, request=request)
        cache.set(key, body, OVERVIEW_CACHE_SECONDS)
    return render(request, "inventory/overview.html", {**context, "body": body})


@lru_cache(maxsize=1)
def _geojson_bytes() -> bytes:
    return provinces_geojson_path().read_bytes()


@require_GET
@cache_control(public=True, max_age=86400)
def provinces_geojson(request):
    return HttpResponse(_geojson_bytes(), content_type="application/geo+json")


# --------------------------------------------------------------------------- province


@require_GET
def province(request, code: str):
    """A province's page; its body is cached like the overview's (scope, language, data)."""
    row = _province_or_404(code)
    code = str(row["code"])
    access = access_for(request.user)
    key = ":".join(
        ["province", code, access.scope_key(), get_language() or "th", dashboard.data_stamp()]
    )
    body = cache.get(key)
    context = {}
    if body is None:
        context = _province_context(access, row, code)
        body = render_to_string("inventory/_province_body.html", context, request=request)
        cache.set(key, body, OVERVIEW_CACHE_SECONDS)
    can_create = access.can_create(code)
    return render(
        request,
        "inventory/province.html",
        {
            **context,
            "body": body,
            "province": row,
            "province_name": pick(row, "name"),
            "create_form": CreateInventoryForm(provinces=[code]) if can_create else None,
        },
    )


def _province_context(access, row, code: str) -> dict:
    inventories = list(
        access.inventories(Inventory.objects.filter(province=code)).order_by("-year", "-version")
    )
    current = inventories[0] if inventories else None
    with_result = (
        access.inventories(Inventory.objects.filter(province=code, is_latest=True))
        .exclude(total_basic_plus=None)
        .order_by("-year")
        .first()
    )
    if with_result is None:
        with_result = (
            access.inventories(Inventory.objects.filter(province=code))
            .exclude(total_basic_plus=None)
            .order_by("-year", "-version")
            .first()
        )
    result = with_result.result if with_result else None
    context = {
        "province": row,
        "province_name": pick(row, "name"),
        "inventories": inventories,
        "current": with_result or current,
        "result": result,
        "trend": dashboard.trend_chart(dashboard.trend_points(access, code)),
        "gwp_source": gwp_source_label(with_result.gwp) if with_result else "",
    }
    if result:
        context["charts"] = dashboard.result_charts(result)
        context["key_categories"] = [k for k in result.get("key_categories", []) if k.get("is_key")]
        context["quality"] = dashboard.data_quality_summary(result)
        population = Population.objects.filter(province=code, year=with_result.year).first()
        context["population"] = population
        if population and population.population:
            context["per_capita"] = result["totals"]["basic_plus"] / population.population
    return context


@require_POST
def create(request, code: str):
    row = _province_or_404(code)
    access = access_for(request.user)
    if not access.can_create(str(row["code"])):
        raise PermissionDenied
    form = CreateInventoryForm(request.POST, provinces=[str(row["code"])])
    if not form.is_valid():
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect("inventory:province", code=row["code"])
    try:
        inventory = services.create_inventory(
            request.user,
            form.cleaned_data["province"],
            form.cleaned_data["year"],
            form.cleaned_data["gwp"],
        )
    except services.WorkflowError as error:
        _workflow_message(request, error)
        return redirect("inventory:province", code=row["code"])
    messages.success(request, tr("Inventory created.", "สร้างบัญชีแล้ว"))
    return redirect("inventory:detail", pk=inventory.pk)


# --------------------------------------------------------------------------- inventory


def _line_results(result: dict | None) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for line in (result or {}).get("lines", []):
        if line.get("row") is not None:
            out.setdefault(int(line["row"]), []).append(line)
    return out


def _uncertainty(result: dict | None) -> list[dict]:
    rows = (result or {}).get("uncertainty") or []
    wanted = ("basic", "basic_plus", "territorial")
    return [r for r in rows if r.get("total") in wanted]


def _gpc_table(result: dict | None) -> list[dict]:
    if not result:
        return []
    sectors = gpc_catalogue().drop_duplicates("sector").set_index("sector")
    rows, last = [], None
    for rec in result.get("gpc_table", []):
        if rec["sector"] != last:
            last = rec["sector"]
            rows.append(
                {"heading": True, "sector": last, "name": pick(sectors.loc[last], "sector")}
            )
        rows.append({"heading": False, **rec, "name": pick(rec, "subsector")})
    return rows


def factor_label(source: str) -> str:
    """A short label of a line's factor sources: the names of the factors it used.

    The engine writes ``name: document, table, page [value]; name: ...``; the label
    keeps the names (``CO2 EF · NCV · CH4 EF …``), the page shows the full text on demand.
    """
    names = []
    for part in source.split("; "):
        name = part.split(": ", 1)[0].strip() if ": " in part else ""
        if name and len(name) <= 40 and name not in names:
            names.append(name)
    if not names:
        return source[:40] + ("…" if len(source) > 40 else "")
    label = " · ".join(names[:SHORT_SOURCE_NAMES])
    return label + (" …" if len(names) > SHORT_SOURCE_NAMES else "")


def line_anchor(inventory: Inventory, line: ActivityLine) -> str:
    """The inventory page at a line: its page of lines (``?page=``) and ``#line-<id>``."""
    before = inventory.lines.filter(position__lt=line.position).count()
    return _line_href(inventory, line.pk, before)


def _line_href(inventory: Inventory, line_pk: int, index: int) -> str:
    page = index // settings.LINES_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return reverse("inventory:detail", args=[inventory.pk]) + f"{query}#line-{line_pk}"


def _threads(comments: list[ReviewComment], line_rows: dict[int, dict]) -> list[dict]:
    """Review threads (a first comment and its replies), oldest first, open ones marked."""
    roots = [c for c in comments if c.parent_id is None]
    replies: dict[int, list[ReviewComment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    threads = []
    for root in roots:
        row = line_rows.get(root.position) if root.position is not None else None
        threads.append(
            {
                "comment": root,
                "replies": replies.get(root.pk, []),
                "line": row["line"] if row else None,
                "line_href": row["href"] if row else "",
                "position": root.position,
                "resolved": root.is_resolved,
            }
        )
    return threads


def _line_rows(inventory: Inventory, lines: list[ActivityLine]) -> list[dict]:
    """Each line with its computed tCO2e and factor sources, as the line table shows it."""
    results = _line_results(inventory.result)
    line_rows = []
    for index, line in enumerate(lines):
        computed = results.get(line.position, [])
        source = "; ".join(sorted({c.get("factor_source") or "" for c in computed} - {""}))
        line_rows.append(
            {
                "line": line,
                "href": _line_href(inventory, line.pk, index),
                "co2e": sum(c.get("co2e") or 0.0 for c in computed),
                "factor_source": source,
                "factor_label": factor_label(source) if source else "",
                "factor_origin": ", ".join(
                    sorted({c.get("factor_origin") or "" for c in computed} - {""})
                ),
                "derived": [c for c in computed if c.get("derived")],
                "threads": [],
            }
        )
    return line_rows


def _line_refs(inventory: Inventory) -> dict[int, dict]:
    """The lines by position with their links (what the review threads name), read lightly."""
    lines = inventory.lines.only("id", "inventory_id", "position", "gpc_ref", "activity")
    return {
        line.position: {"line": line, "href": _line_href(inventory, line.pk, index), "threads": []}
        for index, line in enumerate(lines)
    }


def _line_table_key(inventory: Inventory, page: int, flags: dict, comments: list) -> str:
    """The key of a rendered page of the line table.

    The revision changes with every write to the inventory (upload, line, recompute,
    transition) and ``updated_at`` with every save, so a cached table is never stale; the
    edit and comment rights and the review threads (which add buttons and tags) are part
    of the key, so one user's table never reaches a user with other rights."""
    threads = hashlib.sha256(
        repr(
            [(c.pk, c.parent_id, c.position, c.is_resolved) for c in comments if not c.parent_id]
        ).encode()
    ).hexdigest()[:16]
    return ":".join(
        [
            "line-table",
            str(inventory.pk),
            str(inventory.revision),
            f"{inventory.updated_at.timestamp():.6f}" if inventory.updated_at else "-",
            get_language() or "th",
            str(settings.LINES_PER_PAGE),
            str(page),
            "".join("1" if flags[name] else "0" for name in sorted(flags)),
            threads,
        ]
    )


def inventory_context(request, inventory: Inventory, **extra) -> dict:
    access = access_for(request.user)
    sees_internals = access.sees_internals(inventory)
    comments = (
        list(inventory.comments.select_related("author", "resolved_by")) if sees_internals else []
    )
    flags = {"can_edit": access.can_edit(inventory), "can_comment": access.can_comment(inventory)}
    # One page of lines (``?page=``; CLIMATEPLAN_LINES_PER_PAGE, 200): an inventory may
    # have 20,000 lines, and a page of them all would take minutes to render.
    lines_page = Paginator(range(inventory.lines.count()), settings.LINES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    key = _line_table_key(inventory, lines_page.number, flags, comments)
    table = cache.get(key)
    rows: list[dict] = []
    if table is None:
        rows = _line_rows(inventory, list(inventory.lines.all()))
        by_position = {r["line"].position: r for r in rows}
    else:
        by_position = _line_refs(inventory) if comments else {}
    threads = _threads(comments, by_position)
    for thread in threads:
        if thread["position"] in by_position:
            by_position[thread["position"]]["threads"].append(thread)
    if table is None:
        rows = rows[lines_page.start_index() - 1 : lines_page.end_index()]
        table = render_to_string(
            "inventory/_line_table.html",
            {
                **flags,
                "inventory": inventory,
                "line_rows": rows,
                "threads": threads,
                "lines_page": lines_page,
                "csrf_token": CSRF_PLACEHOLDER,
            },
        )
        # stored compressed (~380 kB of HTML for 200 lines, ~25 kB compressed; ~1 ms to
        # expand): the cache holds up to MAX_ENTRIES tables per process
        cache.set(key, zlib.compress(table.encode("utf-8"), 1), LINE_TABLE_CACHE_SECONDS)
    else:
        table = zlib.decompress(table).decode("utf-8")
    line_table = mark_safe(table.replace(CSRF_PLACEHOLDER, get_token(request)))
    general_threads = [t for t in threads if t["line"] is None]
    line_threads = [t for t in threads if t["line"] is not None]
    versions = list(
        access.inventories(
            Inventory.objects.filter(province=inventory.province, year=inventory.year)
        ).order_by("-version")
    )
    transitions = [
        (action, tr(*TRANSITION_LABELS[action])) for action in access.transitions(inventory)
    ]
    since = [c for c in comments if c.parent_id is None]
    if inventory.submitted_at is not None:
        since = [c for c in since if c.created_at >= inventory.submitted_at]
    context = {
        "inventory": inventory,
        "province_name": pick(find_province(inventory.province), "name"),
        "problems": inventory.result_problems,
        "line_table": line_table,
        "lines_page": lines_page,
        "gwp_source": gwp_source_label(inventory.gwp),
        **flags,
        "can_discuss": services.can_discuss(request.user, inventory),
        "sees_internals": sees_internals,
        "transitions": transitions,
        "return_needs_comment": not since,
        "threads": threads,
        "general_threads": general_threads,
        "line_threads": line_threads,
        "open_threads": sum(1 for t in threads if not t["resolved"]),
        "versions": versions,
        "state_label": dashboard.state_label(inventory.state),
        "upload_form": UploadForm(initial={"revision": inventory.revision}),
        "comment_form": CommentForm(),
    }
    _results_block(request, inventory, context)
    context.update(extra)
    return context


def _results_block(request, inventory: Inventory, context: dict) -> None:
    """The totals, uncertainty, downloads and GPC table, rendered once per inventory
    revision and language (the same for every viewer: no form, no right in it); a miss
    also puts their rows in the context."""
    key = ":".join(
        [
            "inventory-results",
            str(inventory.pk),
            str(inventory.revision),
            f"{inventory.updated_at.timestamp():.6f}" if inventory.updated_at else "-",
            get_language() or "th",
        ]
    )
    block = cache.get(key)
    if block is None:
        result = inventory.result  # ~0.5 MB of JSON decoded: only on a miss
        context.update(
            result=result,
            gpc_rows=_gpc_table(result),
            uncertainty=_uncertainty(result),
        )
        block = (
            render_to_string("inventory/_results_block.html", context, request=request)
            if result
            else ""
        )
        cache.set(key, block, LINE_TABLE_CACHE_SECONDS)
    context["results_block"] = mark_safe(block)


@require_GET
def detail(request, pk: int):
    inventory = _visible_inventory(request, pk)
    return render(request, "inventory/detail.html", inventory_context(request, inventory))


@require_POST
def upload(request, pk: int):
    inventory = _visible_inventory(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, tr("Choose a file to upload.", "กรุณาเลือกไฟล์ที่จะอัปโหลด"))
        return redirect("inventory:detail", pk=pk)
    upload_file = form.cleaned_data["file"]
    try:
        outcome = services.upload(
            request.user,
            inventory,
            upload_file.name,
            read_uploaded(upload_file),  # the upload guard: never reads an oversized file
            expected_revision=form.cleaned_data["revision"],
            mode=form.cleaned_data["mode"],
        )
    except InputError as error:
        inventory.refresh_from_db()
        context = inventory_context(
            request,
            inventory,
            upload_problems=error.problems,
            upload_name=upload_file.name,
        )
        return render(request, "inventory/detail.html", context, status=400)
    except services.WorkflowError as error:
        _workflow_message(request, error)
        return redirect("inventory:detail", pk=pk)
    messages.success(
        request,
        tr(
            f"{outcome.lines} lines uploaded; results recomputed.",
            f"อัปโหลด {outcome.lines} รายการ และคำนวณผลใหม่แล้ว",
        ),
    )
    return redirect("inventory:detail", pk=pk)


def _line_or_404(inventory: Inventory, line_id: int) -> ActivityLine:
    return get_object_or_404(ActivityLine, pk=line_id, inventory=inventory)


def line_edit(request, pk: int, line_id: int | None = None):
    """Add (no ``line_id``) or edit one line; the form shows the engine's problems."""
    inventory = _visible_inventory(request, pk)
    access = access_for(request.user)
    line = _line_or_404(inventory, line_id) if line_id else None
    if not access.can_edit(inventory):
        if inventory.is_editable or not access.sees_internals(inventory):
            raise PermissionDenied
        messages.error(request, tr("This inventory is locked.", "บัญชีนี้ถูกล็อกแล้ว"))
        return redirect("inventory:detail", pk=pk)
    problems = []
    if request.method == "POST":
        form = LineForm(request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                saved = services.save_line(
                    request.user,
                    inventory,
                    values,
                    expected_revision=form.cleaned_data["revision"],
                    line=line,
                )
            except InputError as error:
                problems = error.problems
            except services.WorkflowError as error:
                _workflow_message(request, error)
                inventory.refresh_from_db()
            else:
                messages.success(
                    request,
                    tr(
                        f"Line {saved.position} saved; results recomputed.",
                        f"บันทึกรายการแถว {saved.position} และคำนวณผลใหม่แล้ว",
                    ),
                )
                return redirect(line_anchor(inventory, saved))
    else:
        initial = {"revision": inventory.revision}
        if line is not None:
            initial.update({name: getattr(line, name) for name in services.LINE_FIELDS})
            initial["params"] = LineForm.params_text(line.params)
        form = LineForm(initial=initial)
    if request.htmx and request.GET.get("inline"):
        template = "inventory/_line_form_row.html"  # a table row under the line being edited
    elif request.htmx:
        template = "inventory/_line_form.html"
    else:
        template = "inventory/line_form.html"
    return render(
        request,
        template,
        {"inventory": inventory, "form": form, "line": line, "problems": problems},
        status=400 if problems else 200,
    )


@require_POST
def line_delete(request, pk: int, line_id: int):
    inventory = _visible_inventory(request, pk)
    line = _line_or_404(inventory, line_id)
    form = TransitionForm({"revision": request.POST.get("revision"), "action": "delete"})
    revision = form.data.get("revision")
    try:
        services.delete_line(
            request.user, inventory, line, expected_revision=int(revision) if revision else None
        )
    except services.WorkflowError as error:
        _workflow_message(request, error)
    else:
        messages.success(
            request, tr("Line deleted; results recomputed.", "ลบรายการและคำนวณผลใหม่แล้ว")
        )
    return redirect(reverse("inventory:detail", args=[pk]) + "#lines")


@require_POST
def transition(request, pk: int):
    inventory = _visible_inventory(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    try:
        result = services.transition(
            request.user,
            inventory,
            form.cleaned_data["action"],
            expected_revision=form.cleaned_data["revision"],
            comment=form.cleaned_data.get("comment") or "",
        )
    except services.WorkflowError as error:
        _workflow_message(request, error)
        return redirect("inventory:detail", pk=pk)
    messages.success(
        request, tr("Done.", "ดำเนินการแล้ว") + f" ({dashboard.state_label(result.state)})"
    )
    return redirect("inventory:detail", pk=result.pk)


@require_POST
def comment(request, pk: int):
    """A comment, a reply (``parent``), or a thread marked resolved / open (``resolve``)."""
    inventory = _visible_inventory(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    parent = None
    if data.get("parent"):
        parent = get_object_or_404(ReviewComment, pk=data["parent"], inventory=inventory)
    anchor = f"#comment-{parent.pk}" if parent else "#comments"
    back = reverse("inventory:detail", args=[pk]) + anchor
    if parent is not None and data.get("resolve") in ("1", "0"):
        try:
            services.set_comment_resolved(request.user, parent, data["resolve"] == "1")
        except services.WorkflowError as error:
            _workflow_message(request, error)
        return redirect(back)
    if not (data.get("text") or "").strip():
        messages.error(request, tr("The comment is empty.", "ความเห็นว่างเปล่า"))
        return redirect(back)
    line = None
    if data.get("line") and parent is None:
        line = _line_or_404(inventory, data["line"])
    try:
        services.add_comment(request.user, inventory, data["text"], line=line, parent=parent)
    except services.WorkflowError as error:
        _workflow_message(request, error)
    return redirect(back)


@require_GET
def history(request, pk: int):
    inventory = _visible_inventory(request, pk)
    if not access_for(request.user).sees_internals(inventory):
        raise Http404
    entries = [
        {"change": change, "entry": changes.describe(change)}
        for change in inventory.changes.select_related("user")
    ]
    return render(
        request,
        "inventory/history.html",
        {
            "inventory": inventory,
            "entries": entries,
            "province_name": pick(find_province(inventory.province), "name"),
        },
    )


# --------------------------------------------------------------------------- downloads


def _download_name(inventory: Inventory, suffix: str) -> str:
    return f"ghg-inventory-{inventory.province}-{inventory.year}-v{inventory.version}.{suffix}"


@require_GET
def download(request, pk: int, fmt: str):
    inventory = _visible_inventory(request, pk)
    if inventory.result is None:
        raise Http404
    if fmt == "json":
        body = json.dumps(inventory.result, ensure_ascii=False, indent=1).encode("utf-8")
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt in ("csv", "xlsx"):
        result = services.result_of(inventory)
        if result is None:
            raise Http404
        if fmt == "csv":
            from climateplan.inventory.export import LINE_FIELDS

            frame = result.lines[[f for f in LINE_FIELDS if f in result.lines.columns]]
            response = HttpResponse(csv_bytes(frame), content_type="text/csv; charset=utf-8")
        else:
            from climateplan.reports.inventory_xlsx import build_workbook

            body = workbook_bytes(build_workbook(result))
            response = FileResponse(BytesIO(body), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{_download_name(inventory, fmt)}"'
    return response


ACTIVITY_TEMPLATE_NAME = "climateplan-activity-template.xlsx"


@require_GET
def activity_template(request):
    """The blank activity workbook, built by the function ``climateplan inventory template``
    uses (drop-down lists, Thai/English instructions, the methods sheet)."""
    from climateplan.inventory.template import build_template

    response = HttpResponse(workbook_bytes(build_template()), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ACTIVITY_TEMPLATE_NAME}"'
    return response


# --------------------------------------------------------------------------- comparison


@require_GET
def compare(request):
    """Provinces side by side; the body is cached like the overview's (audience,
    provinces, year, language and the data stamp, so any change shows at once)."""
    access = access_for(request.user)
    valid = set(provinces()["code"])
    codes = [c for c in request.GET.getlist("province") if c in valid][:8]
    year = _year_param(request)
    key = ":".join(
        [
            "compare",
            access.scope_key(),
            ",".join(codes),
            str(year),
            get_language() or "th",
            dashboard.data_stamp(),
        ]
    )
    body = cache.get(key)
    if body is None:
        body = render_to_string(
            "inventory/_compare_body.html",
            _compare_context(access, codes, year),
            request=request,
        )
        cache.set(key, body, OVERVIEW_CACHE_SECONDS)
    return render(request, "inventory/compare.html", {"body": body, "codes": codes})


def _compare_context(access, codes: list[str], year: int | None) -> dict:
    entries = dashboard.comparison(access, codes, year) if codes else []
    sectors = gpc_catalogue().drop_duplicates("sector").set_index("sector")
    sector_names = {s: pick(sectors.loc[s], "sector") for s in sectors.index}
    years = sorted(
        set(access.inventories().exclude(total_basic_plus=None).values_list("year", flat=True)),
        reverse=True,
    )
    return {
        "entries": entries,
        "codes": codes,
        "year": year,
        "years": [(y, year_label(y)) for y in years],
        "sector_names": sector_names,
        "chart": dashboard.comparison_chart(entries, sector_names) if entries else None,
        "province_options": [(r.code, pick(r._asdict(), "name")) for r in provinces().itertuples()],
    }


def latest_inventory_redirect(request, code: str, year: int):
    """/provinces/TH-50/2023/ -> the newest version of that year the user may see."""
    access = access_for(request.user)
    found = (
        access.inventories(Inventory.objects.filter(province=code, year=year))
        .aggregate(v=Max("version"))
        .get("v")
    )
    if found is None:
        raise Http404
    inventory = access.inventories(
        Inventory.objects.filter(province=code, year=year, version=found)
    ).get()
    return HttpResponseRedirect(reverse("inventory:detail", args=[inventory.pk]))
