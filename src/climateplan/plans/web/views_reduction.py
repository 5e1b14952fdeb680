"""Pages of the plan's reduction section: drivers, measures, targets, results, downloads.

The page shows the STORED result (never recomputed on view); every change goes through
:func:`climateplan.plans.web.services.write_section` with the plan revision the page was
made on, so the section is recomputed by the core and saved in one locked write, or
refused with every problem named (nothing saved).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from climateplan.adaptation.reference import agencies as agency_table
from climateplan.errors import InputError, Problem
from climateplan.mitigation.aggregate import BASIS_LABELS
from climateplan.mitigation.measures import KIND_LABELS
from climateplan.plans import reduction as core
from climateplan.plans.period import to_be
from climateplan.plans.reduction.defaults import (
    all_default,
    driver_label,
    targets_are_national,
    unit_label,
)
from climateplan.plans.reduction.files import NATIONAL_TARGET_NAMES, target_title
from climateplan.plans.reduction.inputs import DEFAULT_BASIS, normalise_target_kind
from climateplan.plans.web import forms_reduction as forms
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import plan_context, visible_section
from climateplan.plans.web.handler_reduction import (
    base_document,
    effective_inputs,
    inputs_of,
    measure_row,
)
from climateplan.plans.web.models import PlanChange
from climateplan.plans.web.page_cache import section_block
from climateplan.plans.web.sections import ActionData
from climateplan.site.bilingual import is_thai, tr
from climateplan.site.params import LAST_YEAR
from climateplan.site.uploads import read_uploaded, upload_limits

KIND = "reduction"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECTOR_NAMES = {
    "I": ("Stationary energy", "พลังงานจากแหล่งกำเนิดอยู่กับที่"),
    "II": ("Transport", "การขนส่ง"),
    "III": ("Waste", "ของเสีย"),
    "IV": ("Industrial processes and product use", "กระบวนการอุตสาหกรรมและการใช้ผลิตภัณฑ์"),
    "V": ("Agriculture, forestry and other land use", "เกษตรกรรม ป่าไม้ และการใช้ประโยชน์ที่ดิน"),
}


def _lang() -> str:
    return "th" if is_thai() else "en"


def _page_url(plan, anchor: str = "") -> str:
    url = reverse("plans:section", args=[plan.pk, KIND])
    return f"{url}#{anchor}" if anchor else url


def _problem_dicts(problems) -> list[dict]:
    return [p.to_dict() if isinstance(p, Problem) else dict(p) for p in problems]


# --------------------------------------------------------------------------- the page


def _result_context(document: dict | None, lang: str) -> dict:
    """Tables of the stored result for the page (read from the document, no arithmetic
    beyond choosing the report year's column)."""
    if not document:
        return {}
    years = document["years"]
    year = document["report_year"]
    i = years.index(year)
    sectors = [
        {
            "code": s["sector"],
            "name": s["sector_th"] if lang == "th" else s["sector_en"],
            "base": s["bau"][0],
            "bau": s["bau"][i],
            "plan": s["plan"][i],
        }
        for s in document["by_sector"]
    ]
    wedges = [
        {
            "measure": w["measure"],
            "name": w["name_th"] if lang == "th" else w["name_en"],
            "value": w["values"][i],
        }
        for w in document["wedges"]
    ]
    targets = []
    for t in document["summary"]["targets"]:
        full = next((x for x in document["targets"] if x["name"] == t["name"]), {})
        targets.append(
            {
                **t,
                "title": target_title(full or t, lang),
                "basis_label": BASIS_LABELS.get(t["basis"], (t["basis"], t["basis"]))[
                    1 if lang == "th" else 0
                ],
                "description": ", ".join(
                    p.get("description_th" if lang == "th" else "description_en") or ""
                    for p in full.get("points", [])
                ),
            }
        )
    per_capita = document.get("per_capita") or {}
    pc = None
    if per_capita.get("bau"):
        pc = {
            "base": per_capita["bau"][0],
            "bau": per_capita["bau"][i],
            "plan": per_capita["plan"][i],
            "population": (per_capita.get("population") or [None] * len(years))[i],
        }
    return {
        "report_year": year,
        "summary": document["summary"],
        "basis_label": document["basis_label_th" if lang == "th" else "basis_label_en"],
        "sectors": sectors,
        "wedges": wedges,
        "targets": targets,
        "per_capita": pc,
        "costs": document["costs"],
        "measures": document["measures"],
        "gwp": document["gwp"],
    }


def _target_title(row: dict, lang: str) -> str:
    """A stored target row by name in ``lang`` (national: its name; the province's own:
    the description its officer gave, else its id)."""
    names = NATIONAL_TARGET_NAMES.get(str(row.get("name") or ""))
    if names is not None and row.get("national"):
        return names[1] if lang == "th" else names[0]
    return str(row.get(f"description_{lang}") or row.get("name") or "")


def _library(request) -> dict:
    sector = (request.GET.get("lib_sector") or "").upper()
    if sector not in SECTOR_NAMES:
        sector = ""
    query = (request.GET.get("q") or "").strip()[:100]
    rows = core.library_measures(sector or None)
    if query:
        needle = query.lower()
        rows = [
            r
            for r in rows
            if needle
            in " ".join(
                str(r.get(k) or "") for k in ("id", "name_en", "name_th", "note", "source")
            ).lower()
        ]
    lang = _lang()
    return {
        "rows": [
            {
                **r,
                "name": r["name_th"] if lang == "th" else r["name_en"],
                "kind_label": r["kind_th"] if lang == "th" else r["kind_en"],
            }
            for r in rows
        ],
        "sector": sector,
        "query": query,
        "sectors": [
            {"code": code, "name": f"{code} {th if lang == 'th' else en}"}
            for code, (en, th) in SECTOR_NAMES.items()
        ],
    }


def _agency_names() -> list[str]:
    """Agency names offered on the measure form (the shipped list, Thai then English)."""
    records = agency_table().to_dict("records")
    first, second = ("th", "en") if is_thai() else ("en", "th")
    return [str(r[first]) for r in records] + [str(r[second]) for r in records]


def _results_block(section, lang: str) -> dict:
    """The stored result's totals, charts and tables as HTML, the same for every reader
    of the section: kept until the section changes (:func:`section_block`), so a page
    neither decodes the result document nor renders its tables again."""

    def build() -> dict:
        document = section.result
        if not document:
            return {"document": False, "html": "", "basis_label": "", "chart": False}
        result = _result_context(document, lang)
        chart = core.chart_data(document, lang)
        html = render_to_string(
            "plans/_reduction_results_body.html",
            {"result": result, "chart": chart, "lang": lang},
        )
        return {
            "document": True,
            "html": mark_safe(html),
            "basis_label": result["basis_label"],
            "chart": bool(chart),
        }

    return section_block(KIND, section, build)


def _actions(section) -> list:
    return list(section.actions.prefetch_related("budget_lines"))


def _inputs_context(plan, stored: dict, actions: list, lang: str) -> dict:
    """The drivers, grid, measures, targets and settings as the section's tables show them."""
    drivers = []
    for i, row in enumerate(stored["drivers"]):
        drivers.append(
            {
                **row,
                "index": i,
                "year_shown": forms.shown_year(row.get("year")),
                "driver_label": driver_label(row.get("driver"), lang),
                "unit_label": unit_label(row.get("unit"), lang),
            }
        )
    plan_basis = str(stored["settings"].get("basis") or DEFAULT_BASIS)
    plan_basis_label = BASIS_LABELS.get(plan_basis, (plan_basis, plan_basis))[
        1 if lang == "th" else 0
    ]
    targets = []
    for i, row in enumerate(stored["targets"]):
        kind = normalise_target_kind(row.get("kind"))
        label = core.TARGET_KIND_LABELS.get(kind, (kind, kind))[1 if lang == "th" else 0]
        basis = str(row.get("basis") or "")
        if basis:
            basis_label = BASIS_LABELS.get(basis, (basis, basis))[1 if lang == "th" else 0]
        else:
            basis_label = tr(
                f"the plan's basis ({plan_basis_label})", f"ตามขอบเขตของแผน ({plan_basis_label})"
            )
        basis_text = str(row.get("basis_text") or "").strip()
        targets.append(
            {
                **row,
                "index": i,
                "title": _target_title(row, lang),
                "kind_label": label,
                "year_shown": forms.shown_year(row.get("year")),
                "basis_label": basis_label,
                "basis_text": basis_text,
                "source": row.get("source") or basis_text,
                "description": row.get(f"description_{lang}") or "",
            }
        )
    measure_rows = []
    for a in actions:
        budget_total = sum(b.amount for b in a.budget_lines.all())
        kind = (a.data or {}).get("kind") or ""
        measure_rows.append(
            {
                "action": a,
                "name": a.name_th if lang == "th" or not a.name_en else a.name_en,
                "kind_label": KIND_LABELS.get(kind, (kind, kind))[1 if lang == "th" else 0],
                "budget_total": budget_total,
                "budget_lines": list(a.budget_lines.all()),
                "kpi": a.kpi or {},
                "kpi_name": (a.kpi or {}).get(f"name_{lang}")
                or (a.kpi or {}).get("name_th")
                or (a.kpi or {}).get("name_en")
                or "",
            }
        )
    return {
        "drivers": drivers,
        "drivers_are_default": all_default(stored["drivers"]),
        "targets": targets,
        "targets_are_national_default": targets_are_national(stored["targets"], plan.base_year),
        "measures": measure_rows,
        "target_kinds": forms.target_kind_choices(),
        "bases": forms.basis_choices(),
        "table_choices": ["drivers", "grid_ef", "measures", "targets"],
        "blank_driver_rows": range(2),
        "base_year_shown": forms.shown_year(plan.base_year),
        "settings": stored["settings"],
        "to_year_shown": forms.shown_year(stored["settings"].get("to_year")),
        "grid": [
            {**row, "year_shown": forms.shown_year(row.get("year"))} for row in stored["grid"]
        ],
    }


def section_context(request, plan, section, **extra) -> dict:
    lang = _lang()
    access = plan_access_for(request.user)
    can_edit = access.can_edit(section, plan)
    stored = effective_inputs(section.inputs, plan.base_year)
    results = _results_block(section, lang)
    document = results["document"] or None
    context = plan_context(request, plan, KIND)
    # plan_context has just taken the section's staleness under the plan's stamp
    # (for the readers who see it); the page shows it only to them
    stale = document is not None and context["current_stale"]
    context.update(
        {
            "section": section,
            "can_edit": can_edit,
            "stored": stored,
            "document": document,
            "results_body": results["html"],
            "result": {"basis_label": results["basis_label"]} if document else {},
            "chart": results["chart"],
            "stale": stale,
            "problems": section.problems or [],
            "warnings": section.warnings or [],
            # shown only when there is no result (the base inventory's result is large)
            "has_base": document is not None or base_document(plan) is not None,
            "downloads": _download_links(plan) if document else [],
            "settings": stored["settings"],
        }
    )
    if can_edit:
        actions = _actions(section)
        context.update(_inputs_context(plan, stored, actions, lang))
        context["library"] = _library(request)
        context["in_plan"] = {a.library_id for a in actions if a.library_id} | {
            a.code for a in actions
        }
    else:
        # Readers' tables hold no form: the same for every reader of this section's
        # state with the same reach (the carried-over badges link to plans they may read)
        def build():
            tables = {**context, **_inputs_context(plan, stored, _actions(section), lang)}
            return mark_safe(render_to_string("plans/_reduction_inputs.html", tables, request))

        context["inputs_html"] = section_block(
            "reduction-inputs",
            section,
            build,
            extra=f"{context['plan_stamp']}:{access.scope_key()}",
        )
    context.update(extra)
    return context


def section_page(request, plan, section):
    """The reduction section (``plans:section`` dispatches here)."""
    return render(request, "plans/section_reduction.html", section_context(request, plan, section))


# --------------------------------------------------------------------------- writing


def _editable(request, pk: int):
    plan, section = visible_section(request, pk, KIND)
    access = plan_access_for(request.user)
    if not access.can_edit(section, plan):
        raise PermissionDenied("you cannot edit this section now / คุณแก้ไขส่วนนี้ไม่ได้ในขณะนี้")
    return plan, section, access


def _revision(request):
    return request.POST.get("revision", "")


def _write(
    request,
    plan,
    section,
    access,
    *,
    inputs=None,
    actions=None,
    change,
    item="",
    anchor="",
    success_en="",
    success_th="",
    new=None,
):
    """One write through the services; problems re-render the page (status 400)."""
    try:
        services.write_section(
            access,
            request.user,
            section,
            expected_revision=_revision(request),
            inputs=inputs,
            actions=actions,
            change=change,
            item=item,
            new=new,
        )
    except InputError as error:
        context = section_context(
            request,
            plan,
            section,
            form_problems=_problem_dicts(error.problems),
        )
        return render(request, "plans/section_reduction.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_page_url(plan, anchor))
    if success_en:
        messages.success(request, tr(success_en, success_th))
    return redirect(_page_url(plan, anchor))


def _stored_inputs(plan, section) -> dict:
    return effective_inputs(section.inputs, plan.base_year)


@require_POST
def drivers_save(request, pk: int):
    plan, section, access = _editable(request, pk)
    inputs = _stored_inputs(plan, section)
    old = inputs["drivers"]
    inputs["drivers"] = forms.drivers_from_post(request.POST, old)
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs,
        change=PlanChange.Action.EDIT,
        item="drivers",
        anchor="drivers",
        new={"drivers": inputs["drivers"]},
        success_en="Drivers saved; the plan was recomputed.",
        success_th="บันทึกตัวขับเคลื่อนและคำนวณแผนใหม่แล้ว",
    )


def _projection_end(plan, section) -> int:
    inputs = inputs_of(section.inputs, [], plan.base_year)
    return max(inputs.to_year() or 0, plan.end_year, 2030)


@require_POST
def drivers_defaults(request, pk: int):
    plan, section, access = _editable(request, pk)
    inputs = _stored_inputs(plan, section)
    inputs["drivers"] = core.default_drivers(
        plan.province, plan.base_year, _projection_end(plan, section)
    )
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs,
        change=PlanChange.Action.EDIT,
        item="drivers",
        anchor="drivers",
        new={"drivers": "defaults"},
        success_en="The default drivers were filled in (with their sources); the plan was "
        "recomputed.",
        success_th="ใส่ตัวขับเคลื่อนค่าตั้งต้น (พร้อมแหล่งที่มา) และคำนวณแผนใหม่แล้ว",
    )


@require_POST
def upload(request, pk: int):
    plan, section, access = _editable(request, pk)
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, tr("Choose a file to upload.", "กรุณาเลือกไฟล์ที่จะอัปโหลด"))
        return redirect(_page_url(plan, "upload"))
    upload_file = form.cleaned_data["file"]
    limits = upload_limits()
    try:
        data = read_uploaded(upload_file, limits)  # the upload guard: size before reading
        uploaded = core.read_upload(
            data, upload_file.name, table=form.cleaned_data["table"] or None, limits=limits
        )
        actions = _merge_measures(section, uploaded.measures)
    except InputError as error:
        context = section_context(
            request,
            plan,
            section,
            form_problems=_problem_dicts(error.problems),
            upload_name=upload_file.name,
        )
        return render(request, "plans/section_reduction.html", context, status=400)
    inputs = _stored_inputs(plan, section)
    replaced = []
    for key in ("drivers", "grid", "targets"):
        rows = getattr(uploaded, key)
        if rows:
            inputs[key] = rows
            replaced.append(key)
    if uploaded.measures:
        replaced.append("measures")
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs,
        actions=actions if uploaded.measures else None,
        change=PlanChange.Action.UPLOAD,
        item=upload_file.name[:80],
        anchor="upload",
        new={"file": upload_file.name, "tables": replaced},
        success_en=f"{upload_file.name}: {', '.join(replaced) or 'nothing'} read; the plan was "
        "recomputed.",
        success_th=f"{upload_file.name}: อ่าน {', '.join(replaced) or 'ไม่มีตาราง'} แล้ว "
        "และคำนวณแผนใหม่แล้ว",
    )


def _merge_measures(section, rows: list[dict]) -> list[ActionData]:
    """Uploaded measures replace the plan's measures of the same id; others are added."""
    current = services.actions_of(section)
    by_code = {a.code: i for i, a in enumerate(current)}
    problems = []
    for n, row in enumerate(rows, start=2):
        action = forms.action_from_core_row(row)
        found = forms.stored_field_problems(action)
        if found:
            problems += [replace(p, sheet="measures", row=n) for p in found]
            continue
        if action.code in by_code:
            current[by_code[action.code]] = action
        else:
            by_code[action.code] = len(current)
            current.append(action)
    if problems:
        raise InputError(problems)
    return current


@require_GET
def template(request, pk: int):
    plan, _section = visible_section(request, pk, KIND)
    lang = _lang()
    body = core.template_workbook(plan.province, plan.base_year, lang)
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="ghg-reduction-plan-template-{plan.province}.xlsx"'
    )
    return response


# ---- measures


def _measure_page(
    request, plan, section, values: dict, *, editing: str = "", problems=(), status: int = 200
):
    context = plan_context(request, plan, KIND)
    budget = list(values.get("budget") or [])
    budget += [{"fiscal_year": "", "amount": "", "kind": "", "source": "", "note": ""}] * 3
    context.update(
        {
            "section": section,
            "values": values,
            "budget_rows": budget,
            "editing": editing,
            "form_problems": _problem_dicts(problems),
            "kinds": forms.kind_choices(),
            "statuses": forms.status_choices(),
            "budget_sources": forms.budget_source_choices(),
            "budget_kinds": forms.budget_kind_choices(),
            "agencies": _agency_names(),
            "engine_groups": [
                {"title": title, "fields": forms.field_rows(names, values)}
                for title, names in (
                    (tr("Lines it acts on", "รายการในบัญชีที่มาตรการมุ่งลด"), forms.SELECTOR_FIELDS),
                    (tr("Effect and uptake", "ผลและสัดส่วนการดำเนินการ"), forms.EFFECT_FIELDS),
                    (tr("Fuel switch only", "เฉพาะการเปลี่ยนเชื้อเพลิง"), forms.SWITCH_FIELDS),
                    (tr("Costs", "ต้นทุน"), forms.COST_FIELDS),
                    (tr("Sources and notes", "แหล่งที่มาและหมายเหตุ"), forms.SOURCE_FIELDS),
                )
            ],
            "co_agency_inputs": [*(values.get("co_agencies") or []), "", ""],
            "revision": plan.revision,
        }
    )
    return render(request, "plans/section_reduction_measure.html", context, status=status)


def measure_add(request, pk: int):
    plan, section, access = _editable(request, pk)
    if request.method == "POST":
        return _save_measure(request, plan, section, access, editing="")
    values = {"kind": "emission_factor", "status": "planned", "budget": [], "co_agencies": []}
    return _measure_page(request, plan, section, values)


def measure_edit(request, pk: int, code: str):
    plan, section, access = _editable(request, pk)
    stored = {a.code: a for a in services.actions_of(section)}
    if code not in stored:
        raise Http404
    if request.method == "POST":
        return _save_measure(request, plan, section, access, editing=code)
    return _measure_page(request, plan, section, forms.measure_values(stored[code]), editing=code)


def _save_measure(request, plan, section, access, *, editing: str):
    action, values = forms.measure_from_post(request.POST)
    current = services.actions_of(section)
    if editing:
        old = next(a for a in current if a.code == editing)
        # engine cells the form does not show (e.g. from the library) stay as they were
        kept = {k: v for k, v in old.data.items() if k not in forms.ENGINE_FIELDS}
        action.data = {**kept, **action.data}
    others = [a for a in current if a.code != editing]
    problems = forms.stored_field_problems(action)
    if not action.name_th.strip():
        problems.append(
            Problem("give the measure a Thai name", "กรุณาใส่ชื่อมาตรการภาษาไทย", column="name_th")
        )
    problems += core.check_measure(
        measure_row(action), [measure_row(a) for a in others], base_document(plan)
    )
    if problems:
        return _measure_page(
            request, plan, section, values, editing=editing, problems=problems, status=400
        )
    if editing:
        actions = [action if a.code == editing else a for a in current]
    else:
        actions = [*current, action]
    try:
        services.write_section(
            access,
            request.user,
            section,
            expected_revision=_revision(request),
            actions=actions,
            change=PlanChange.Action.EDIT if editing else PlanChange.Action.ADD,
            item=f"measure:{action.code}",
            new=action.as_dict(),
        )
    except InputError as error:
        return _measure_page(
            request, plan, section, values, editing=editing, problems=error.problems, status=400
        )
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_page_url(plan, "measures"))
    messages.success(
        request,
        tr(
            f"Measure {action.code} saved; the plan was recomputed.",
            f"บันทึกมาตรการ {action.code} และคำนวณแผนใหม่แล้ว",
        ),
    )
    return redirect(_page_url(plan, "measures"))


@require_POST
def measure_delete(request, pk: int, code: str):
    plan, section, access = _editable(request, pk)
    current = services.actions_of(section)
    if code not in {a.code for a in current}:
        raise Http404
    return _write(
        request,
        plan,
        section,
        access,
        actions=[a for a in current if a.code != code],
        change=PlanChange.Action.DELETE,
        item=f"measure:{code}",
        anchor="measures",
        success_en=f"Measure {code} deleted; the plan was recomputed.",
        success_th=f"ลบมาตรการ {code} และคำนวณแผนใหม่แล้ว",
    )


@require_POST
def library_add(request, pk: int):
    plan, section, access = _editable(request, pk)
    library_id = (request.POST.get("library_id") or "").strip()
    current = services.actions_of(section)
    try:
        row = core.measure_from_library(library_id)
    except InputError as error:
        messages.error(request, "; ".join(p.format(_lang()) for p in error.problems))
        return redirect(_page_url(plan, "library"))
    if library_id in {a.code for a in current}:
        messages.error(
            request,
            tr(
                f"{library_id} is already in the plan: edit it there.",
                f"{library_id} อยู่ในแผนแล้ว แก้ไขได้ในรายการมาตรการ",
            ),
        )
        return redirect(_page_url(plan, "measures"))
    action = forms.action_from_core_row(row)
    return _write(
        request,
        plan,
        section,
        access,
        actions=[*current, action],
        change=PlanChange.Action.ADD,
        item=f"measure:{action.code}",
        anchor="library",
        new={"library_id": library_id},
        success_en=f"{action.name_en or action.code} added from the library; give it an owner "
        "agency, budget lines and a KPI.",
        success_th=f"เพิ่ม {action.name_th} จากคลังมาตรการแล้ว กรุณาระบุหน่วยงานรับผิดชอบ งบประมาณ และตัวชี้วัด",
    )


# ---- targets


@require_POST
def target_add(request, pk: int):
    plan, section, access = _editable(request, pk)
    inputs = _stored_inputs(plan, section)
    row = forms.target_from_post(request.POST)
    if not row.get("name"):
        row["name"] = f"province_{len(inputs['targets']) + 1}"
    inputs["targets"] = [*inputs["targets"], row]
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs,
        change=PlanChange.Action.ADD,
        item=f"target:{row['name']}",
        anchor="targets",
        new=row,
        success_en="Target added; the plan was recomputed.",
        success_th="เพิ่มเป้าหมายและคำนวณแผนใหม่แล้ว",
    )


@require_POST
def target_delete(request, pk: int, index: int):
    plan, section, access = _editable(request, pk)
    inputs = _stored_inputs(plan, section)
    if index >= len(inputs["targets"]):
        raise Http404
    removed = inputs["targets"][index]
    inputs["targets"] = [t for i, t in enumerate(inputs["targets"]) if i != index]
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs,
        change=PlanChange.Action.DELETE,
        item=f"target:{removed.get('name', '')}",
        anchor="targets",
        new=None,
        success_en="Target deleted; the plan was recomputed.",
        success_th="ลบเป้าหมายและคำนวณแผนใหม่แล้ว",
    )


@require_POST
def targets_national(request, pk: int):
    plan, section, access = _editable(request, pk)
    inputs = _stored_inputs(plan, section)
    have = {t.get("name") for t in inputs["targets"]}
    added = [t for t in core.national_targets(plan.base_year) if t["name"] not in have]
    inputs["targets"] = [*inputs["targets"], *added]
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs,
        change=PlanChange.Action.ADD,
        item="targets:national",
        anchor="targets",
        new={"added": [t["name"] for t in added]},
        success_en=f"{len(added)} national target(s) added; the plan was recomputed.",
        success_th=f"เพิ่มเป้าหมายระดับประเทศ {len(added)} เป้าหมาย และคำนวณแผนใหม่แล้ว",
    )


@require_POST
def settings_save(request, pk: int):
    """The plan's totals basis and the projection's last year (blank: the last target year)."""
    plan, section, access = _editable(request, pk)
    inputs = _stored_inputs(plan, section)
    settings = dict(inputs.get("settings") or {})
    basis = (request.POST.get("basis") or "").strip()
    to_year = forms.typed("to_year", request.POST.get("to_year", ""))
    problems = []
    if basis and basis not in BASIS_LABELS:
        problems.append(
            Problem(
                f"basis {basis!r} is not one of {', '.join(BASIS_LABELS)}",
                f"ขอบเขต {basis!r} ไม่ใช่หนึ่งใน {', '.join(BASIS_LABELS)}",
                sheet="settings",
                column="basis",
                value=basis,
            )
        )
    if to_year is not None and not (
        isinstance(to_year, int) and plan.base_year < to_year <= LAST_YEAR
    ):
        problems.append(
            Problem(
                f"the projection's last year must be a year after the base year "
                f"{plan.base_year} and at most {LAST_YEAR}",
                f"ปีสุดท้ายของการคาดการณ์ต้องอยู่หลังปีฐาน (พ.ศ. {to_be(plan.base_year)}) "
                f"และไม่เกิน พ.ศ. {to_be(LAST_YEAR)}",
                sheet="settings",
                column="to_year",
                value=str(request.POST.get("to_year", "")),
            )
        )
    if problems:
        context = section_context(request, plan, section, form_problems=_problem_dicts(problems))
        return render(request, "plans/section_reduction.html", context, status=400)
    for key, value in (("basis", basis), ("to_year", to_year)):
        if value in (None, ""):
            settings.pop(key, None)
        else:
            settings[key] = value
    inputs["settings"] = settings
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs,
        change=PlanChange.Action.EDIT,
        item="settings",
        anchor="settings",
        new=settings,
        success_en="Settings saved; the plan was recomputed.",
        success_th="บันทึกการตั้งค่าและคำนวณแผนใหม่แล้ว",
    )


@require_POST
def recompute(request, pk: int):
    plan, section, access = _editable(request, pk)
    try:
        services.recompute(access, request.user, section)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
    else:
        messages.success(request, tr("The plan was recomputed.", "คำนวณแผนใหม่แล้ว"))
    return redirect(_page_url(plan, "results"))


# --------------------------------------------------------------------------- downloads

CSV_NAMES = (
    "totals",
    "by_sector",
    "wedges",
    "targets",
    "gap",
    "macc",
    "measures",
    "costs",
    "budget_by_year",
    "per_capita",
    "warnings",
)
PNG_NAMES = ("emissions_by_sector", "wedges", "gap", "macc")


def _period(plan, lang: str) -> str:
    if lang == "th":
        return f"{to_be(plan.start_year)}-{to_be(plan.end_year)}"
    return f"{plan.start_year}-{plan.end_year}"


def _download_name(plan, lang: str, suffix: str) -> str:
    """ghg-reduction-plan-TH-50-2566-2570-v1.xlsx (the period in BE on Thai pages)."""
    return f"ghg-reduction-plan-{plan.province}-{_period(plan, lang)}-v{plan.version}.{suffix}"


def _download_links(plan) -> list[dict]:
    def link(fmt, en, th):
        return {
            "fmt": fmt,
            "label": tr(en, th),
            "url": reverse("plans:reduction_download", args=[plan.pk, fmt]),
        }

    return [
        link("xlsx", "Workbook of the whole plan (XLSX)", "เวิร์กบุ๊กของแผนทั้งหมด (XLSX)"),
        link("csv", "Tables (CSV, zip)", "ตารางข้อมูล (CSV รวมใน zip)"),
        link("json", "Result and inputs (JSON)", "ผลลัพธ์และข้อมูลนำเข้า (JSON)"),
        link("png", "Charts (PNG, zip)", "แผนภูมิ (PNG รวมใน zip)"),
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


FILE_CACHE_SECONDS = 3600
FORMATS = {
    "xlsx": (XLSX_TYPE, "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
    "csv": ("application/zip", "csv.zip"),
    "png": ("application/zip", "charts.zip"),
}


def _file_body(plan, section, document: dict, lang: str, fmt: str) -> bytes:
    inputs = inputs_of(section.inputs, services.actions_of(section), plan.base_year)
    made = core.files(document, inputs, lang)
    if fmt == "xlsx":
        return made["plan.xlsx"]
    if fmt == "json":
        return made["plan.json"]
    suffix = ".csv" if fmt == "csv" else ".png"
    return _zip({k: v for k, v in made.items() if k.endswith(suffix)})


@require_GET
def download(request, pk: int, fmt: str):
    """Files rebuilt by the core from the STORED result (and the inputs it was made from)."""
    plan, section = visible_section(request, pk, KIND)
    document = section.result
    if document is None or fmt not in FORMATS:
        raise Http404
    lang = _lang()
    # the files of one stored result never change: made once (the charts take seconds)
    stamp = section.computed_at.isoformat() if section.computed_at else ""
    key = f"plans:reduction:file:{section.pk}:{section.input_stamp}:{stamp}:{lang}:{fmt}"
    body = cache.get(key)
    if body is None:
        body = _file_body(plan, section, document, lang, fmt)
        cache.set(key, body, FILE_CACHE_SECONDS)
    content_type, name = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    filename = _download_name(plan, lang, name)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


__all__ = ["section_page"]
