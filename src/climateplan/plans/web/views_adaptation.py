"""Pages of the plan's adaptation section: the risk register it answers, the option
library, the actions, weights and settings, the results and downloads.

The page shows the STORED result (never recomputed on view); every change goes through
:func:`climateplan.plans.web.services.write_section` with the plan revision the page
was made on, so the section is recomputed by the core and saved in one locked write,
or refused with every problem named (nothing saved).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from climateplan.adaptation import reference
from climateplan.adaptation.context import districts_of
from climateplan.adaptation.coverage import priority_levels
from climateplan.errors import InputError, Problem
from climateplan.plans import adaptation as core
from climateplan.plans.adaptation.files import file as download_file
from climateplan.plans.adaptation.inputs import CUSTOM
from climateplan.plans.web import forms_adaptation as forms
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import plan_context, visible_section
from climateplan.plans.web.handler_adaptation import reduction_codes, risk_document
from climateplan.plans.web.models import PlanChange
from climateplan.reference.agencies import agencies as agency_table
from climateplan.risk.index.framework import load_framework
from climateplan.site.bilingual import is_thai, tr

KIND = "adaptation"
TEMPLATE = "plans/section_adaptation.html"
ACTION_TEMPLATE = "plans/section_adaptation_action.html"


def _lang() -> str:
    return "th" if is_thai() else "en"


def _page_url(plan, anchor: str = "") -> str:
    url = reverse("plans:section", args=[plan.pk, KIND])
    return f"{url}#{anchor}" if anchor else url


def problem_rows(problems, lang: str) -> list[dict]:
    """Problems as the page lists them: where (sheet, row, column), value, message."""
    rows = []
    for p in problems:
        p = p if isinstance(p, Problem) else Problem(**p)
        rows.append(
            {
                "label": p.where(lang),
                "value": p.value or "",
                "message": p.message_th if lang == "th" else p.message_en,
            }
        )
    return rows


# The action form's fields, by the column of the core's action table a problem names:
# (form field, English label, Thai label). A problem is shown beside its field, named
# by the field's label (never by sheet, row and column: those are the file's words).
FORM_FIELDS = {
    "code": ("code", "Code", "รหัส"),
    "name_th": ("name_th", "Name (Thai)", "ชื่อ (ภาษาไทย)"),
    "name_en": ("name_en", "Name (English)", "ชื่อ (ภาษาอังกฤษ)"),
    "type": ("type", "Type", "ประเภท"),
    "status": ("status", "Status", "สถานะ"),
    "description_th": ("description_th", "Description (Thai)", "รายละเอียด (ภาษาไทย)"),
    "description_en": ("description_en", "Description (English)", "รายละเอียด (ภาษาอังกฤษ)"),
    "hazards": ("hazards", "Hazards of the register", "ภัยในทะเบียนความเสี่ยง"),
    "sectors": ("sectors", "NAP sectors", "สาขาตามแผน NAP"),
    "areas": ("areas", "Areas", "พื้นที่"),
    "vulnerable_groups": (
        "vulnerable_groups",
        "Vulnerable groups served",
        "กลุ่มเปราะบางที่ได้รับประโยชน์",
    ),
    "lead_agency": ("owner_agency", "Lead agency", "หน่วยงานหลัก"),
    "owner_agency": ("owner_agency", "Lead agency", "หน่วยงานหลัก"),
    "co_agencies": ("co_agencies", "Co-operating agencies", "หน่วยงานร่วม"),
    "start_year": ("start_year", "Start fiscal year", "ปีงบประมาณที่เริ่ม"),
    "end_year": ("end_year", "End fiscal year", "ปีงบประมาณที่สิ้นสุด"),
    "lifetime_years": ("lifetime_years", "Life of the action (years)", "อายุการใช้งานของมาตรการ (ปี)"),
    "capital_thb": ("capital_thb", "Capital (THB)", "ค่าลงทุน (บาท)"),
    "running_thb_per_year": (
        "running_thb_per_year",
        "Running cost per year (THB)",
        "ค่าดำเนินการต่อปี (บาท)",
    ),
    "funding": ("budget", "Budget: source", "งบประมาณ: แหล่งเงิน"),
    "effectiveness": ("effectiveness", "Effectiveness", "ประสิทธิผล"),
    "feasibility_technical": (
        "feasibility_technical",
        "Technical feasibility",
        "ความเป็นไปได้ทางเทคนิค",
    ),
    "feasibility_institutional": (
        "feasibility_institutional",
        "Institutional feasibility",
        "ความเป็นไปได้เชิงสถาบัน",
    ),
    "co_benefits_score": ("co_benefits_score", "Co-benefits", "ประโยชน์ร่วม"),
    "likelihood_reduction": ("likelihood_reduction", "Likelihood lowered by", "ลดโอกาสเกิดลง"),
    "consequence_reduction": ("consequence_reduction", "Consequence lowered by", "ลดผลกระทบลง"),
    "eai_reduction_pct": (
        "eai_reduction_pct",
        "Share of the expected annual impact avoided (%)",
        "สัดส่วนความเสียหายคาดหมายรายปีที่หลีกเลี่ยงได้ (%)",
    ),
    "avoided_eai_thb_per_year": (
        "avoided_eai_thb_per_year",
        "Avoided impact (THB a year)",
        "ความเสียหายที่หลีกเลี่ยงได้ (บาทต่อปี)",
    ),
    "mitigation_measure": (
        "mitigation_measure",
        "Linked GHG reduction measure",
        "มาตรการลดก๊าซเรือนกระจกที่เชื่อมโยง",
    ),
    "co_benefits": ("co_benefits", "Co-benefits, in English", "ประโยชน์ร่วม (คำอธิบายภาษาอังกฤษ)"),
    "co_benefits_th": ("co_benefits_th", "Co-benefits, in Thai", "ประโยชน์ร่วม (คำอธิบายภาษาไทย)"),
}
# Fields whose allowed values the form offers in a list: an unknown value is named
# without the core's list of every code.
CHOSEN_FROM_LIST = {
    "owner_agency": (
        "unknown agency: choose one from the list (by name or code)",
        "ไม่รู้จักหน่วยงานนี้ กรุณาเลือกจากรายชื่อ (พิมพ์ชื่อหรือรหัส)",
    ),
    "co_agencies": (
        "unknown agency: choose each one from the list (by name or code)",
        "ไม่รู้จักหน่วยงานนี้ กรุณาเลือกแต่ละหน่วยงานจากรายชื่อ (พิมพ์ชื่อหรือรหัส)",
    ),
}
BUDGET_FIELD = ("budget", "Budget by fiscal year and source", "งบประมาณรายปีงบประมาณและแหล่งเงิน")
INDICATOR_FIELD = ("indicators", "Output and outcome indicators", "ตัวชี้วัดผลผลิตและผลลัพธ์")


def _form_field(problem: Problem, criteria: list[dict]) -> tuple[str, str, str] | None:
    sheet = str(problem.sheet or "").lower()
    column = str(problem.column or "")
    if "cost" in sheet or "budget" in sheet:
        return BUDGET_FIELD
    if "indicator" in sheet:
        return INDICATOR_FIELD
    for c in criteria:
        if column == c.get("id"):
            return (f"criterion_{column}", str(c.get("en") or column), str(c.get("th") or column))
    return FORM_FIELDS.get(column)


def form_problem_rows(problems, lang: str, criteria: list[dict] | None = None):
    """Problems of the action form: each named by the label of its field (a problem of
    no field keeps its message alone), and the messages by field to show beside it."""
    rows, by_field = [], {}
    for p in problems:
        p = p if isinstance(p, Problem) else Problem(**p)
        message = p.message_th if lang == "th" else p.message_en
        field = _form_field(p, criteria or [])
        if field and field[0] in CHOSEN_FROM_LIST and p.value:
            # the core lists every allowed code; the form offers them by name
            en, th = CHOSEN_FROM_LIST[field[0]]
            message = th if lang == "th" else en
        label = (field[2] if lang == "th" else field[1]) if field else ""
        rows.append({"label": label, "value": p.value or "", "message": message})
        if field:
            by_field.setdefault(field[0], []).append(message)
    return rows, by_field


def _pick(record: dict, key: str, lang: str) -> str:
    return str(record.get(f"{key}_{lang}") or record.get(f"{key}_en") or "")


def _framework(risk: dict | None):
    if risk is None:
        return load_framework()
    from climateplan.plans.risk import document_framework

    return document_framework(risk)


def _register(risk: dict | None, lang: str) -> list[dict]:
    levels = set(priority_levels())
    rows = []
    for r in (risk or {}).get("register") or []:
        rows.append(
            {
                "hazard": r["hazard"],
                "name": _pick(r, "hazard", lang),
                "probability": r.get("probability"),
                "consequence": r.get("consequence"),
                "risk_level": r.get("risk_level"),
                "level": r.get("matrix_level") or "",
                "level_label": _pick(r, "matrix_level", lang),
                "timeframe": _pick(r, "timeframe", lang),
                "sectors": _pick(r, "nap_sectors", lang),
                "groups": _pick(r, "vulnerable_groups", lang),
                "priority": r.get("matrix_level") in levels,
            }
        )
    return rows


def _result_context(document: dict | None, lang: str) -> dict:
    """Tables of the stored result for the page (read from the document)."""
    if not document:
        return {}
    th = lang == "th"
    actions = {a["code"]: a for a in document.get("actions") or []}
    econ = {e["code"]: e for e in document.get("economics") or []}
    sens = {s["code"]: s for s in document.get("sensitivity") or []}
    ranking = []
    for r in document.get("priority") or []:
        a = actions.get(r["code"], {})
        ranking.append(
            {
                "code": r["code"],
                "name": r["name_th"] if th else r["name_en"],
                "rank": r["rank"],
                "score": r["score"],
                "p_top": r.get("p_top"),
                "rank_range": f"{sens.get(r['code'], {}).get('rank_p05')}-"
                f"{sens.get(r['code'], {}).get('rank_p95')}",
                "hazards": a.get("hazards_th") if th else a.get("hazards"),
                "lead": a.get("lead_agency_th") if th else a.get("lead_agency_en"),
                "start": a.get("start_year_be") if th else a.get("start_year"),
                "end": a.get("end_year_be") if th else a.get("end_year"),
                "bcr": econ.get(r["code"], {}).get("bcr"),
            }
        )
    economics = []
    for e in document.get("economics") or []:
        a = actions.get(e["code"], {})
        economics.append(
            {
                **e,
                "name": a.get("name_th") if th else a.get("name_en"),
            }
        )
    coverage = []
    for c in document.get("coverage") or []:
        coverage.append(
            {
                "hazard": c["hazard_th"] if th else c["hazard_en"],
                "level": c["matrix_level"],
                "level_label": c["matrix_level_th"] if th else c["matrix_level_en"],
                "risk_level": c.get("risk_level"),
                "actions": [x for x in (c.get("actions") or "").split(";") if x],
                "reason": c["reason_th"] if th else c["reason_en"],
                "status": c["status"],
                "status_label": c["status_th"] if th else c["status_en"],
                "gaps": c.get("sectors_without_action_th" if th else "sectors_without_action_en"),
                "priority": c.get("priority"),
            }
        )
    residual = [
        {
            **r,
            "hazard_name": r["hazard_th"] if th else r["hazard_en"],
            "level_label": r["matrix_level_th"] if th else r["matrix_level_en"],
            "residual_label": r["residual_matrix_level_th"]
            if th
            else r["residual_matrix_level_en"],
        }
        for r in document.get("residual_register") or []
    ]
    by_source = [
        {**s, "name": s["th"] if th else s["en"]} for s in document.get("cost_by_source") or []
    ]
    by_year = [
        {**y, "year": y["fiscal_year_be"] if th else y["fiscal_year"]}
        for y in document.get("cost_by_year") or []
    ]
    criteria = [
        {
            "name": c["th"] if th else c["en"],
            "weight": c["weight"],
            "share": c["share"] * 100,
        }
        for c in document["settings"]["criteria"]
    ]
    return {
        "summary": document["summary"],
        "ranking": ranking,
        "economics": economics,
        "coverage": coverage,
        "residual": residual,
        "by_source": by_source,
        "by_year": by_year,
        "criteria": criteria,
        "settings": document["settings"],
        "warnings": problem_rows(document.get("warnings") or [], lang),
        "synthetic": document.get("synthetic"),
    }


def _library(request, register_hazards: list[str], in_plan: set[str]) -> dict:
    lang = _lang()
    fw = load_framework()
    sector = request.GET.get("lib_sector") or ""
    kind = request.GET.get("lib_type") or ""
    sector = sector if sector in fw.nap_sectors else ""
    kind = kind if kind in set(reference.vocabulary("action_type").index) else ""
    query = (request.GET.get("q") or "").strip()[:100]
    rows = core.library_options(
        {"hazards": register_hazards, "sector": sector, "type": kind, "search": query}
    )
    types = reference.vocabulary("action_type")
    return {
        "rows": [
            {
                **o,
                "name": o["th"] if lang == "th" else o["en"],
                "lead_agency": forms.agency_shown(o.get("lead_agency") or "", lang),
                "type_label": types.loc[o["type"], "th" if lang == "th" else "en"],
                "hazard_names": ", ".join(
                    fw.hazards[h].name.th if lang == "th" else fw.hazards[h].name.en
                    for h in o["hazards"]
                    if h in fw.hazards
                ),
                "in_plan": o["id"] in in_plan,
            }
            for o in rows
        ],
        "sector": sector,
        "type": kind,
        "query": query,
        "sectors": [(k, v.th if lang == "th" else v.en) for k, v in fw.nap_sectors.items()],
        "types": forms.vocabulary_choices("action_type"),
    }


def _weights_context(inputs: core.AdaptationInputs, lang: str) -> dict:
    presets = core.presets()
    from climateplan.adaptation.mca import builtin_criteria

    known = builtin_criteria()
    chosen = inputs.weights_preset
    base = inputs.weights if chosen == CUSTOM else presets.get(chosen, {}).get("weights", {})
    return {
        "presets": [
            {
                "id": k,
                "label": v["th"] if lang == "th" else v["en"],
                "weights": v["weights"],
                "checked": k == chosen,
            }
            for k, v in presets.items()
        ],
        "custom": chosen == CUSTOM,
        "criteria": [
            {
                "id": cid,
                "name": c.th if lang == "th" else c.en,
                "weight": base.get(cid, 0),
            }
            for cid, c in known.items()
        ],
        "own": inputs.province_criteria,
        "preset_json": {k: v["weights"] for k, v in presets.items()},
    }


def section_context(request, plan, section, **extra) -> dict:
    lang = _lang()
    access = plan_access_for(request.user)
    can_edit = access.can_edit(section, plan)
    inputs = core.AdaptationInputs.from_json(section.inputs)
    risk = risk_document(plan)
    register = _register(risk, lang)
    document = section.result
    stale = document is not None and services.is_stale(section, plan)
    context = plan_context(request, plan, KIND)
    actions = list(section.actions.prefetch_related("budget_lines"))
    ranks = {r["code"]: r for r in (document or {}).get("priority") or []}
    hazard_names = {r["hazard"]: r["name"] for r in register}
    action_rows = [
        {
            "action": a,
            "name": a.name_th if lang == "th" or not a.name_en else a.name_en,
            "owner": forms.agency_shown(a.owner_agency, lang),
            "budget_total": sum(b.amount for b in a.budget_lines.all()),
            "rank": ranks.get(a.code, {}).get("rank"),
            "hazards": ", ".join(
                hazard_names.get(h, h) for h in (a.data or {}).get("hazards") or []
            ),
        }
        for a in actions
    ]
    reasons = {r["hazard"]: r for r in inputs.reasons}
    context.update(
        {
            "section": section,
            "can_edit": can_edit,
            "inputs": inputs,
            "risk_section_url": reverse("plans:section", args=[plan.pk, "risk"]),
            "has_risk": risk is not None,
            "risk_synthetic": bool((risk or {}).get("synthetic_inputs")),
            "register": register,
            "reason_rows": [
                {
                    **r,
                    "reason_en": reasons.get(r["hazard"], {}).get("reason_en", ""),
                    "reason_th": reasons.get(r["hazard"], {}).get("reason_th", ""),
                }
                for r in register
                if r["priority"]
            ],
            "actions": action_rows,
            "document": document,
            "result": _result_context(document, lang),
            "chart": core.chart_data(document, lang) if document else None,
            "stale": stale,
            "problems": problem_rows(section.problems or [], lang),
            "downloads": _downloads(plan, lang) if document else [],
            "weights": _weights_context(inputs, lang),
            "revision": plan.revision,
        }
    )
    if can_edit and register:
        in_plan = {a.library_id for a in actions if a.library_id}
        context["library"] = _library(request, [r["hazard"] for r in register], in_plan)
    context.update(extra)
    return context


def section_page(request, plan, section):
    """The adaptation section (``plans:section`` dispatches here)."""
    return render(request, TEMPLATE, section_context(request, plan, section))


# --------------------------------------------------------------------------- writing


def _editable(request, pk: int):
    plan, section = visible_section(request, pk, KIND)
    access = plan_access_for(request.user)
    if not access.can_edit(section, plan):
        raise PermissionDenied("you cannot edit this section now / คุณแก้ไขส่วนนี้ไม่ได้ในขณะนี้")
    return plan, section, access


def _write(request, plan, section, access, *, anchor: str, success: tuple[str, str], **kw):
    """One write through the services; problems re-render the page (status 400)."""
    try:
        services.write_section(
            access,
            request.user,
            section,
            expected_revision=request.POST.get("revision", ""),
            **kw,
        )
    except InputError as error:
        context = section_context(
            request,
            plan,
            section,
            form_problems=problem_rows(error.problems, _lang()),
            problems_at=anchor,
        )
        return render(request, TEMPLATE, context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_page_url(plan, anchor))
    messages.success(request, tr(*success))
    return redirect(_page_url(plan, anchor))


@require_POST
def settings_save(request, pk: int):
    plan, section, access = _editable(request, pk)
    current = core.AdaptationInputs.from_json(section.inputs)
    inputs = forms.inputs_from_post(request.POST, current)
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs.to_json(),
        change=PlanChange.Action.EDIT,
        item="weights",
        old=current.to_json(),
        new=inputs.to_json(),
        anchor="weights",
        success=(
            "Weights and settings saved; the plan was recomputed.",
            "บันทึกน้ำหนักและการตั้งค่าและคำนวณแผนใหม่แล้ว",
        ),
    )


@require_POST
def reasons_save(request, pk: int):
    plan, section, access = _editable(request, pk)
    current = core.AdaptationInputs.from_json(section.inputs)
    inputs = core.AdaptationInputs.from_json(current.to_json())
    inputs.reasons = forms.reasons_from_post(request.POST)
    return _write(
        request,
        plan,
        section,
        access,
        inputs=inputs.to_json(),
        change=PlanChange.Action.EDIT,
        item="reasons",
        old=current.reasons,
        new=inputs.reasons,
        anchor="coverage",
        success=(
            "Reasons saved; the plan was recomputed.",
            "บันทึกเหตุผลและคำนวณแผนใหม่แล้ว",
        ),
    )


# ---- actions


def _action_page(
    request, plan, section, values: dict, *, editing: str = "", problems=(), status: int = 200
):
    lang = _lang()
    context = plan_context(request, plan, KIND)
    risk = risk_document(plan)
    fw = _framework(risk)
    register = _register(risk, lang)
    inputs = core.AdaptationInputs.from_json(section.inputs)
    budget = list(values.get("budget") or [])
    budget += [{}] * forms.BUDGET_ROWS_BLANK
    indicators = list(values.get("indicators") or [])
    indicators += [{}] * forms.INDICATOR_ROWS_BLANK
    shown_problems, field_errors = form_problem_rows(
        problems, lang, inputs.province_criteria if inputs.weights_preset == CUSTOM else []
    )
    agencies = agency_table(plan.province)
    districts = districts_of(plan.province)
    name = "th" if lang == "th" else "en"
    context.update(
        {
            "section": section,
            "values": values,
            "editing": editing,
            "form_problems": shown_problems,
            "field_errors": field_errors,
            "hazard_choices": [(r["hazard"], r["name"], r["level_label"]) for r in register],
            "sector_choices": [(k, getattr(v, name)) for k, v in fw.nap_sectors.items()],
            "group_choices": [(k, getattr(v, name)) for k, v in fw.vulnerable_groups.items()],
            "area_choices": [("province", tr("Whole province", "ทั้งจังหวัด"))]
            + [(c, n) for c, n in zip(districts["code"], districts[name], strict=True)],
            "type_choices": forms.vocabulary_choices("action_type"),
            "status_choices": forms.vocabulary_choices("status"),
            "budget_sources": forms.budget_source_choices(),
            "budget_kinds": forms.budget_kind_choices(),
            "indicator_kinds": forms.indicator_kinds(),
            "agencies": [
                {"code": c, "name": th if lang == "th" else en}
                for c, en, th in zip(agencies["code"], agencies["en"], agencies["th"], strict=True)
            ],
            "measures": sorted(reduction_codes(plan).items()),
            "budget_rows": budget,
            "indicator_rows": indicators,
            "own_criteria": inputs.province_criteria if inputs.weights_preset == CUSTOM else [],
            "scores": range(1, 6),
            "levels": range(0, 5),
            "revision": plan.revision,
            "has_risk": risk is not None,
        }
    )
    return render(request, ACTION_TEMPLATE, context, status=status)


def _next_code(section) -> str:
    codes = set(section.actions.values_list("code", flat=True))
    n = len(codes) + 1
    while f"A{n:02d}" in codes:
        n += 1
    return f"A{n:02d}"


def action_add(request, pk: int):
    plan, section, access = _editable(request, pk)
    if request.method == "POST":
        return _save_action(request, plan, section, access, editing="")
    risk = risk_document(plan)
    option = request.GET.get("option") or ""
    if option:
        try:
            by_library = {lib: code for code, lib in reduction_codes(plan).items() if lib}
            action = core.action_from_option(
                option,
                code=_next_code(section),
                register_hazards=[r["hazard"] for r in (risk or {}).get("register") or []],
                reduction_measures=by_library,
                start_year=plan.start_year,
                end_year=plan.end_year,
            )
        except InputError as error:
            raise Http404 from error
    else:
        action = {
            "code": _next_code(section),
            "name_th": "",
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "data": {"status": "planned", "areas": ["province"]},
        }
    return _action_page(request, plan, section, forms.values_of(action))


def action_edit(request, pk: int, code: str):
    plan, section, access = _editable(request, pk)
    stored = {a.code: a for a in services.actions_of(section)}
    if code not in stored:
        raise Http404
    if request.method == "POST":
        return _save_action(request, plan, section, access, editing=code)
    return _action_page(request, plan, section, forms.values_of(stored[code]), editing=code)


def _save_action(request, plan, section, access, *, editing: str):
    inputs = core.AdaptationInputs.from_json(section.inputs)
    own = inputs.province_criteria if inputs.weights_preset == CUSTOM else []
    action, values = forms.action_from_post(request.POST, own)
    current = services.actions_of(section)
    problems = []
    if not action.code:
        problems.append(
            Problem("give the action a code", "กรุณาใส่รหัสมาตรการ", sheet="actions", column="code")
        )
    elif action.code != editing and action.code in {a.code for a in current}:
        problems.append(
            Problem(
                f"the code {action.code!r} is already used by another action",
                f"รหัส {action.code!r} ใช้กับมาตรการอื่นแล้ว",
                sheet="actions",
                column="code",
                value=action.code,
            )
        )
    if problems:
        return _action_page(
            request, plan, section, values, editing=editing, problems=problems, status=400
        )
    if editing:
        old = next(a for a in current if a.code == editing)
        action.kpi = old.kpi
        actions = [action if a.code == editing else a for a in current]
    else:
        actions = [*current, action]
    try:
        services.write_section(
            access,
            request.user,
            section,
            expected_revision=request.POST.get("revision", ""),
            actions=actions,
            change=PlanChange.Action.EDIT if editing else PlanChange.Action.ADD,
            item=f"action:{action.code}",
            new=action.as_dict(),
        )
    except InputError as error:
        return _action_page(
            request, plan, section, values, editing=editing, problems=error.problems, status=400
        )
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_page_url(plan, "actions"))
    messages.success(
        request,
        tr(
            f"Action {action.code} saved; the plan was recomputed.",
            f"บันทึกมาตรการ {action.code} และคำนวณแผนใหม่แล้ว",
        ),
    )
    return redirect(_page_url(plan, "actions"))


@require_POST
def action_delete(request, pk: int, code: str):
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
        item=f"action:{code}",
        anchor="actions",
        success=(
            f"Action {code} deleted; the plan was recomputed.",
            f"ลบมาตรการ {code} และคำนวณแผนใหม่แล้ว",
        ),
    )


# --------------------------------------------------------------------------- downloads


DOWNLOAD_LABELS = {
    "adaptation_plan": ("The whole plan (workbook)", "แผนทั้งหมด (สมุดงาน Excel)"),
    "json": ("The result document (JSON)", "เอกสารผลลัพธ์ (JSON)"),
    "gcom_adaptation": (
        "GCoM adaptation reporting fields (CSV)",
        "ข้อมูลรายงาน GCoM ด้านการปรับตัว (CSV)",
    ),
    "actions": ("Actions", "มาตรการ"),
    "priority": ("Priority ranking", "ลำดับความสำคัญ"),
    "sensitivity": ("Sensitivity", "ความอ่อนไหว"),
    "weight_switches": ("Weight switch points", "จุดเปลี่ยนน้ำหนัก"),
    "economics": ("Economics (BCR, NPV)", "เศรษฐศาสตร์ (BCR, NPV)"),
    "costs": ("Budget by action and fiscal year", "งบประมาณรายมาตรการและปีงบประมาณ"),
    "cost_by_sector_year": ("Cost by NAP sector and year", "งบประมาณรายสาขา NAP และปี"),
    "cost_by_source": ("Cost by funding source", "งบประมาณตามแหล่งเงิน"),
    "indicators": ("Indicators", "ตัวชี้วัด"),
    "coverage": ("Coverage of the register", "ความครอบคลุมของทะเบียนความเสี่ยง"),
    "residual_register": ("Residual risk register", "ทะเบียนความเสี่ยงคงเหลือ"),
    "residual_matrix": ("Residual 5 x 5 matrix", "เมทริกซ์ความเสี่ยงคงเหลือ 5 x 5"),
    "timeline": ("Timeline", "ระยะเวลาดำเนินการ"),
    "risk_before_after": ("Risk before and after", "ความเสี่ยงก่อนและหลังมาตรการ"),
}


def _downloads(plan, lang: str) -> list[dict]:
    out = []
    for name in core.download_names(lang):
        stem, _, ext = name.rpartition(".")
        key = "json" if ext == "json" else stem.removesuffix(f"_{lang}")
        en, th = DOWNLOAD_LABELS.get(key, (key, key))
        out.append(
            {
                "name": name,
                "ext": ext.upper(),
                "label": th if lang == "th" else en,
                "url": reverse("plans:adaptation_download", args=[plan.pk, name]),
            }
        )
    return out


@require_GET
def download(request, pk: int, name: str):
    plan, section = visible_section(request, pk, KIND)
    document = section.result
    if document is None:
        raise Http404
    lang = "th" if "_th." in name else "en" if "_en." in name else _lang()
    try:
        content_type, body = download_file(document, name, lang)
    except KeyError as exc:
        raise Http404 from exc
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if name.endswith(".png") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{plan.province}-{name}"'
    return response
