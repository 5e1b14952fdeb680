"""The plan's integration page: its development plan, each action's strategy, project,
project-sheet text and funding, how much of the plan's cost is funded, and the files
that move actions into the budget cycle (the development-plan annex, the Environment
Fund proposal).

Reading: whoever may read the plan's monitoring (:func:`monitored_plan`, a 404
otherwise). Writing: the province's editors of the latest version
(:func:`~climateplan.monitoring.web.services.monitoring_write`), with the revision the
page was made on; a refused write shows every problem, nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from climateplan.errors import InputError
from climateplan.monitoring import exports
from climateplan.monitoring.web import services_integration as services
from climateplan.monitoring.web.access import monitored_actions
from climateplan.monitoring.web.context import monitored_plan, monitoring_context
from climateplan.monitoring.web.models import ActionLink, DevelopmentPlan, FundingSource
from climateplan.plans.period import BE_OFFSET, period_label
from climateplan.site.bilingual import is_thai, pick, tr
from climateplan.site.workflow import WorkflowError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIELD_LABELS = {
    "strategy": ("Strategy", "กลยุทธ์"),
    "project": ("Project", "โครงการ"),
    "rationale": ("Rationale", "หลักการและเหตุผล"),
    "objectives": ("Objectives", "วัตถุประสงค์"),
    "targets": ("Targets", "เป้าหมาย"),
    "activities": ("Activities", "กิจกรรม"),
    "location": ("Location", "พื้นที่ดำเนินการ"),
    "fiscal_year": ("fiscal year", "ปีงบประมาณ"),
    "amount": ("amount", "จำนวนเงิน"),
    "source": ("source", "แหล่งเงิน"),
    "reference": ("document reference", "เลขที่เอกสาร"),
    "note": ("note", "หมายเหตุ"),
}
EMPTY_FUNDING_ROWS = 2


def _lang() -> str:
    return "th" if is_thai() else "en"


def _problem_rows(problems, lang: str) -> list[dict]:
    """Problems named by the form's labels (a funding problem by its row in the table)."""
    rows = []
    for p in problems:
        en, th = FIELD_LABELS.get(p.column or "", (p.column or "", p.column or ""))
        label = th if lang == "th" else en
        if p.row is not None:
            label = tr(f"Funding row {p.row}, {label}", f"แถวงบประมาณที่ {p.row} {label}")
        rows.append(
            {
                "label": label,
                "value": p.value or "",
                "message": p.message_th if lang == "th" else p.message_en,
            }
        )
    return rows


def _devplan_items(devplan: DevelopmentPlan | None, level: str) -> list[dict]:
    if devplan is None:
        return []
    lang = _lang()
    return [
        {
            "pk": i.pk,
            "code": i.code,
            "name": (i.name_en or i.name_th) if lang == "en" else i.name_th,
        }
        for i in devplan.items.filter(level=level).order_by("position", "pk")
    ]


# ------------------------------------------------------------------------------ overview


@require_GET
def integration(request, pk: int):
    plan, access = monitored_plan(request, pk)
    context = monitoring_context(request, plan, access, "integration")
    lang = _lang()
    monitoring = context["monitoring"]
    devplan = monitoring.development_plan
    context.update(
        {
            "lang": lang,
            "devplan": devplan,
            "devplan_title": (pick(devplan, "title") or devplan.title_th) if devplan else "",
            "devplan_period": period_label(devplan.start_year, devplan.end_year, lang)
            if devplan
            else "",
            "devplan_choices": [
                {
                    "pk": d.pk,
                    "label": f"{pick(d, 'title') or d.title_th} "
                    f"({period_label(d.start_year, d.end_year, lang)})",
                }
                for d in DevelopmentPlan.objects.filter(province=plan.province).order_by(
                    "-start_year"
                )
            ],
            "overview": services.funding_overview(plan),
        }
    )
    return render(request, "monitoring/integration.html", context)


@require_POST
def integration_devplan(request, pk: int):
    plan, access = monitored_plan(request, pk)
    if not access.can_manage(plan):
        raise PermissionDenied
    try:
        emptied = services.choose_development_plan(
            access,
            plan,
            request.POST.get("development_plan", ""),
            expected_revision=request.POST.get("revision"),
        )
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
    else:
        text = tr("The plan's development plan is saved.", "บันทึกแผนพัฒนาจังหวัดที่แผนนี้ใช้แล้ว")
        if emptied:
            text += " " + tr(
                f"{emptied} links to items of the former development plan were emptied.",
                f"ล้างความเชื่อมโยงกับรายการของแผนพัฒนาจังหวัดเดิม {emptied} รายการ",
            )
        messages.success(request, text)
    return redirect(reverse("monitoring:integration", args=[plan.pk]) + "#devplan")


# ---------------------------------------------------------------------------- one action


def _action(plan, action_pk: int):
    return get_object_or_404(monitored_actions(plan).select_related("section"), pk=action_pk)


def _funding_values(action) -> list[dict]:
    lang = _lang()
    rows = [
        {
            "fiscal_year": f.fiscal_year + (BE_OFFSET if lang == "th" else 0),
            "amount": f"{f.amount:g}" if f.amount is not None else "",
            "source": f.source,
            "project": str(f.project_id or ""),
            "reference": f.reference,
            "note": f.note,
        }
        for f in action.fundings.all()
    ]
    return rows + [{} for _ in range(EMPTY_FUNDING_ROWS)]


def _posted_funding_values(data) -> list[dict]:
    names = ("fiscal_year", "amount", "source", "project", "reference", "note")
    columns = {n: data.getlist(f"fund_{n}") for n in names}
    count = max((len(v) for v in columns.values()), default=0)
    rows = [
        {n: (columns[n][i] if i < len(columns[n]) else "") for n in names} for i in range(count)
    ]
    return [*rows, {}]


def _sheet_context(request, plan, access, action, **extra) -> dict:
    context = monitoring_context(request, plan, access, "integration")
    lang = _lang()
    devplan = context["monitoring"].development_plan
    link = ActionLink.objects.filter(action=action).first()
    description = action.data.get(f"description_{lang}") or action.data.get("description_th") or ""
    values = {
        "strategy": str(link.strategy_id or "") if link else "",
        "project": str(link.project_id or "") if link else "",
        "rationale": (link.rationale if link else "") or description,
        "objectives": link.objectives if link else "",
        "targets": link.targets if link else "",
        "activities": link.activities if link else "",
        "location": link.location if link else "",
    }
    planned = [
        {
            "year": b.fiscal_year,
            "amount": b.amount,
            "kind": b.get_kind_display(),
            "source": b.get_source_display(),
        }
        for b in action.budget_lines.all()
    ]
    context.update(
        {
            "lang": lang,
            "action": action,
            "action_name": pick(action, "name") or action.name_th,
            "devplan": devplan,
            "strategies": _devplan_items(devplan, "strategy"),
            "projects": _devplan_items(devplan, "project"),
            "values": values,
            "funding_rows": _funding_values(action),
            "planned_lines": planned,
            "planned_total": sum(b["amount"] for b in planned),
            "source_choices": [(k, label) for k, label in FundingSource.choices],
            "problems": [],
        }
    )
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
def integration_action(request, pk: int, action_pk: int):
    plan, access = monitored_plan(request, pk)
    action = _action(plan, action_pk)
    if request.method == "GET":
        return render(
            request,
            "monitoring/integration_action.html",
            _sheet_context(request, plan, access, action),
        )
    if not access.can_manage(plan):
        raise PermissionDenied
    devplan = services.monitoring_of(plan).development_plan
    try:
        sheet = services.read_sheet_form(request.POST, devplan)
        services.save_action_sheet(
            access, plan, action, sheet, expected_revision=request.POST.get("revision")
        )
    except InputError as error:
        posted = {
            k: request.POST.get(k, "")
            for k in ("strategy", "project", *services.LINK_TEXTS, "location")
        }
        context = _sheet_context(
            request,
            plan,
            access,
            action,
            values=posted,
            funding_rows=_posted_funding_values(request.POST),
            problems=_problem_rows(error.problems, _lang()),
        )
        return render(request, "monitoring/integration_action.html", context, status=400)
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect("monitoring:integration_action", pk=plan.pk, action_pk=action.pk)
    messages.success(
        request,
        tr(
            f"{action.code}: link and funding saved.",
            f"{action.code}: บันทึกความเชื่อมโยงและงบประมาณแล้ว",
        ),
    )
    return redirect(reverse("monitoring:integration", args=[plan.pk]) + "#actions")


# ------------------------------------------------------------------------------- exports


def _file(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def integration_annex(request, pk: int):
    plan, _access = monitored_plan(request, pk)
    lang = _lang()
    data = exports.annex_workbook(
        services.plan_sheet(plan), services.action_sheets(plan, lang), lang
    )
    return _file(data, XLSX, f"development_plan_annex_{plan.province}_v{plan.version}_{lang}.xlsx")


@require_GET
def integration_proposal(request, pk: int, action_pk: int, fmt: str):
    plan, _access = monitored_plan(request, pk)
    action = _action(plan, action_pk)
    lang = _lang()
    sheet = services.action_sheet(plan, action, lang)
    head = services.plan_sheet(plan)
    code = "".join(c if c.isalnum() or c in "-_" else "_" for c in action.code)
    if fmt == "docx":
        return _file(
            exports.proposal_docx(head, sheet, lang), DOCX, f"environment_fund_{code}_{lang}.docx"
        )
    if fmt == "xlsx":
        return _file(
            exports.proposal_workbook(head, sheet, lang),
            XLSX,
            f"environment_fund_{code}_{lang}.xlsx",
        )
    raise Http404
