"""Pages of a province's development plans: the list, one plan's tree of issues,
strategies, programmes and projects, the import of the XLSX layout, items typed by
hand, and the layout's template.

The province's editors write; the province's people and national users read; anyone
else gets a 404. Every write is checked whole by the core before anything is saved
(:mod:`climateplan.monitoring.devplan`), then saved in one locked transaction
(:mod:`.services_devplan`); a refused write re-shows the page with every problem.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from climateplan.errors import InputError, ProblemCollector
from climateplan.monitoring import devplan as core
from climateplan.monitoring.web import services_devplan as services
from climateplan.monitoring.web.access import monitoring_access_for
from climateplan.monitoring.web.models import DevelopmentPlan, Monitoring
from climateplan.plans.period import BE_OFFSET, period_label
from climateplan.plans.web.views_adaptation import problem_rows
from climateplan.reference import find_province
from climateplan.site.bilingual import is_thai, pick, tr
from climateplan.site.uploads import read_uploaded, upload_limits
from climateplan.site.workflow import WorkflowError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ITEM_FIELDS = (
    "level",
    "code",
    "parent_code",
    "name_th",
    "name_en",
    "agency",
    "budget_thb",
    "fiscal_year",
)
# A typed item's problems are named by the form's labels, not by sheet and column.
FIELD_LABELS = {
    "level": ("Level", "ระดับ"),
    "code": ("Code", "รหัส"),
    "parent_code": ("Parent item", "รายการหลัก"),
    "name_th": ("Name (Thai)", "ชื่อ (ภาษาไทย)"),
    "name_en": ("Name (English)", "ชื่อ (ภาษาอังกฤษ)"),
    "agency": ("Agency", "หน่วยงาน"),
    "budget_thb": ("Budget (THB)", "งบประมาณ (บาท)"),
    "fiscal_year": ("Fiscal year", "ปีงบประมาณ"),
    "title_th": ("Title (Thai)", "ชื่อแผน (ภาษาไทย)"),
    "start_year": ("First year", "ปีเริ่มต้น"),
    "end_year": ("Last year", "ปีสิ้นสุด"),
}


def _lang() -> str:
    return "th" if is_thai() else "en"


def _province(code: str) -> dict:
    try:
        return find_province(code)
    except (KeyError, ValueError) as exc:
        raise Http404 from exc


def _readable(request, code: str):
    """(province row, access) if this user may read the province's development plans."""
    row = _province(code)
    access = monitoring_access_for(request.user)
    if not services.can_read(access, str(row["code"])):
        raise Http404
    return row, access


def _devplan(request, code: str, dp: int):
    row, access = _readable(request, code)
    devplan = get_object_or_404(DevelopmentPlan, pk=dp, province=str(row["code"]))
    return row, access, devplan


def _form_problem_rows(problems, lang: str) -> list[dict]:
    """Problems of a typed form, each named by its field's label."""
    rows = []
    for p in problems:
        label = FIELD_LABELS.get(p.column or "")
        if label and p.file is None:
            rows.append(
                {
                    "label": label[1] if lang == "th" else label[0],
                    "value": p.value or "",
                    "message": p.message_th if lang == "th" else p.message_en,
                }
            )
        else:
            rows.extend(problem_rows([p], lang))
    return rows


def _base_context(request, row: dict, access) -> dict:
    code = str(row["code"])
    return {
        "province": row,
        "province_name": pick(row, "name"),
        "can_write": services.can_write(access, code),
        "lang": _lang(),
        "level_choices": [(k, tr(*core.LEVEL_LABELS[k])) for k in core.LEVELS],
        "max_mb": upload_limits().max_mb,
    }


# --------------------------------------------------------------------------------- list


def _list_context(request, row: dict, access) -> dict:
    code = str(row["code"])
    lang = _lang()
    plans = []
    for devplan in DevelopmentPlan.objects.filter(province=code).order_by("-start_year"):
        counts = {level: 0 for level in core.LEVELS}
        for level in devplan.items.values_list("level", flat=True):
            counts[level] = counts.get(level, 0) + 1
        linked = (
            access.plans()
            .filter(monitoring__development_plan=devplan)
            .order_by("-start_year", "-version")
        )
        plans.append(
            {
                "devplan": devplan,
                "title": pick(devplan, "title") or devplan.title_th,
                "period": period_label(devplan.start_year, devplan.end_year, lang),
                "counts": [(tr(*core.LEVEL_LABELS[k]), counts[k]) for k in core.LEVELS],
                "linked": [
                    {"plan": p, "title": pick(p, "title") or p.title_th, "version": p.version}
                    for p in linked
                ],
            }
        )
    context = _base_context(request, row, access)
    context.update({"devplans": plans, "values": {}, "problems": []})
    return context


@require_GET
def devplan_list(request, code: str):
    row, access = _readable(request, code)
    return render(request, "monitoring/devplan_list.html", _list_context(request, row, access))


@require_POST
def devplan_create(request, code: str):
    row, access = _readable(request, code)
    province = str(row["code"])
    if not services.can_write(access, province):
        raise PermissionDenied
    values = {
        k: request.POST.get(k, "").strip()
        for k in ("title_th", "title_en", "start_year", "end_year")
    }
    upload = request.FILES.get("file")
    problems = []
    records: list[core.DevelopmentRecord] = []
    start = end = None
    try:
        start, end = services.check_header(
            values["title_th"], values["start_year"], values["end_year"]
        )
    except InputError as error:
        problems.extend(error.problems)
    if upload is not None:
        try:
            records = core.read_development_plan(
                read_uploaded(upload), upload.name, upload_limits()
            )
        except InputError as error:
            problems.extend(error.problems)
    if not problems:
        try:
            devplan = services.create_development_plan(
                access,
                request.user,
                province,
                title_th=values["title_th"],
                title_en=values["title_en"],
                start_year=start,
                end_year=end,
                records=records,
                source_file=upload.name if upload is not None else "",
            )
        except WorkflowError as error:
            messages.error(request, tr(error.message_en, error.message_th))
        else:
            messages.success(
                request,
                tr(
                    f"Development plan saved with {len(records)} items.",
                    f"บันทึกแผนพัฒนาจังหวัดแล้ว จำนวน {len(records)} รายการ",
                ),
            )
            return redirect("monitoring:devplan", code=province, dp=devplan.pk)
    context = _list_context(request, row, access)
    context.update({"values": values, "problems": _form_problem_rows(problems, _lang())})
    return render(request, "monitoring/devplan_list.html", context, status=400 if problems else 409)


@require_GET
def devplan_template(request, code: str):
    _readable(request, code)
    response = HttpResponse(core.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="development_plan_template.xlsx"'
    return response


# ------------------------------------------------------------------------------- detail


def _tree_rows(devplan: DevelopmentPlan) -> list[dict]:
    records = services.records_of(devplan)
    depth = {level: n for n, level in enumerate(core.LEVELS)}
    return [
        {
            "record": r,
            "depth": depth[r.level],
            "level_label": tr(*core.LEVEL_LABELS[r.level]),
            "name": (r.name_en or r.name_th) if _lang() == "en" else r.name_th,
        }
        for r in records
    ]


def _detail_context(request, row, access, devplan, **extra) -> dict:
    lang = _lang()
    context = _base_context(request, row, access)
    records = services.records_of(devplan)
    context.update(
        {
            "devplan": devplan,
            "title": pick(devplan, "title") or devplan.title_th,
            "period": period_label(devplan.start_year, devplan.end_year, lang),
            "stamp": services.stamp_of(devplan),
            "rows": _tree_rows(devplan),
            "parent_choices": [
                (r.code, r.name_th if lang == "th" else (r.name_en or r.name_th), r.level)
                for r in records
                if r.level != "project"
            ],
            "item": {},
            "editing": "",
            "item_problems": [],
            "import_problems": [],
            "linked_plans": Monitoring.objects.filter(development_plan=devplan).count(),
        }
    )
    edit = request.GET.get("edit", "")
    if edit and not extra.get("item"):
        for r in records:
            if r.code == edit:
                context["editing"] = r.code
                context["item"] = {
                    "level": r.level,
                    "code": r.code,
                    "parent_code": r.parent_code,
                    "name_th": r.name_th,
                    "name_en": r.name_en,
                    "agency": r.agency,
                    "budget_thb": "" if r.budget is None else f"{r.budget:g}",
                    "fiscal_year": ""
                    if r.fiscal_year is None
                    else str(r.fiscal_year + (BE_OFFSET if lang == "th" else 0)),
                }
    context.update(extra)
    return context


@require_GET
def devplan_detail(request, code: str, dp: int):
    row, access, devplan = _devplan(request, code, dp)
    return render(
        request, "monitoring/devplan_detail.html", _detail_context(request, row, access, devplan)
    )


def _writable(request, code: str, dp: int):
    row, access, devplan = _devplan(request, code, dp)
    if not services.can_write(access, devplan.province):
        raise PermissionDenied
    return row, access, devplan


@require_POST
def devplan_import(request, code: str, dp: int):
    row, access, devplan = _writable(request, code, dp)
    upload = request.FILES.get("file")
    lang = _lang()
    if upload is None:
        problems = [
            {
                "label": "",
                "value": "",
                "message": tr("Choose the .xlsx file to import.", "กรุณาเลือกไฟล์ .xlsx ที่จะนำเข้า"),
            }
        ]
        context = _detail_context(request, row, access, devplan, import_problems=problems)
        return render(request, "monitoring/devplan_detail.html", context, status=400)
    try:
        records = core.read_development_plan(read_uploaded(upload), upload.name, upload_limits())
        services.replace_items(
            access,
            devplan,
            records,
            expected_stamp=request.POST.get("stamp", ""),
            source_file=upload.name,
        )
    except InputError as error:
        context = _detail_context(
            request, row, access, devplan, import_problems=problem_rows(error.problems, lang)
        )
        return render(request, "monitoring/devplan_detail.html", context, status=400)
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect("monitoring:devplan", code=devplan.province, dp=devplan.pk)
    messages.success(
        request,
        tr(
            f"{len(records)} items imported from {upload.name}.",
            f"นำเข้า {len(records)} รายการจาก {upload.name} แล้ว",
        ),
    )
    return redirect("monitoring:devplan", code=devplan.province, dp=devplan.pk)


@require_POST
def devplan_item(request, code: str, dp: int):
    """Add an item, or change the item ``original`` (typed on the page)."""
    row, access, devplan = _writable(request, code, dp)
    values = {k: request.POST.get(k, "").strip() for k in ITEM_FIELDS}
    original = request.POST.get("original", "").strip()
    lang = _lang()
    problems = ProblemCollector()
    record = core.record_from_cells(values, problems)
    records = services.records_of(devplan)
    if original and original not in {r.code for r in records}:
        raise Http404
    try:
        if record is not None:
            core.check_records(services.with_item(records, record, original), problems)
        problems.raise_if_any()
        services.replace_items(
            access,
            devplan,
            services.with_item(records, record, original),
            expected_stamp=request.POST.get("stamp", ""),
        )
    except InputError as error:
        context = _detail_context(
            request,
            row,
            access,
            devplan,
            item=values,
            editing=original,
            item_problems=_form_problem_rows(error.problems, lang),
        )
        return render(request, "monitoring/devplan_detail.html", context, status=400)
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect("monitoring:devplan", code=devplan.province, dp=devplan.pk)
    messages.success(request, tr(f"Item {record.code} saved.", f"บันทึกรายการ {record.code} แล้ว"))
    return redirect(reverse("monitoring:devplan", args=[devplan.province, devplan.pk]) + "#items")


@require_POST
def devplan_item_delete(request, code: str, dp: int):
    _row, access, devplan = _writable(request, code, dp)
    target = request.POST.get("code", "").strip()
    records = services.records_of(devplan)
    if target not in {r.code for r in records}:
        raise Http404
    try:
        services.replace_items(
            access,
            devplan,
            services.without_item(records, target),
            expected_stamp=request.POST.get("stamp", ""),
        )
    except InputError:
        messages.error(
            request,
            tr(
                f"Item {target} has items under it: remove or move them first.",
                f"รายการ {target} มีรายการย่อยอยู่: กรุณาลบหรือย้ายรายการย่อยก่อน",
            ),
        )
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
    else:
        messages.success(request, tr(f"Item {target} removed.", f"ลบรายการ {target} แล้ว"))
    return redirect(reverse("monitoring:devplan", args=[devplan.province, devplan.pk]) + "#items")


@require_GET
def devplan_download(request, code: str, dp: int):
    _row, _access, devplan = _devplan(request, code, dp)
    data = core.records_workbook(services.records_of(devplan))
    response = HttpResponse(data, content_type=XLSX)
    name = f"development_plan_{devplan.province}_{devplan.start_year}-{devplan.end_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
