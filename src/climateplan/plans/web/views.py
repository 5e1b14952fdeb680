"""Plan pages: a province's plans, creating and editing a plan, its overview with the
workflow (endorsement, submission, review, publication, new versions), comments,
history, the section pages' dispatch and the help pages.

Every view finds plans through :func:`~climateplan.plans.web.access.plan_access_for`
(a plan outside the user's view is a 404) and changes them only through
:mod:`climateplan.plans.web.services`. Errors are handled the same way everywhere:
a workflow refusal or a conflict becomes a message in the active language and a
redirect; an input error shows the form again with every problem (nothing saved);
a refused permission is the 403 page.

The reviewer's per-section buttons and each section's comment threads are part of
``plans/plan_base.html`` (its side column, fed by :func:`plans.web.context.plan_context`),
so every section page shows them without doing anything.
"""

from __future__ import annotations

from importlib import import_module

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from climateplan.errors import InputError, Problem
from climateplan.plans.checklist import missing
from climateplan.plans.period import period_label
from climateplan.plans.web import changes, services
from climateplan.plans.web import help as guides
from climateplan.plans.web import sections as registry
from climateplan.plans.web.access import (
    PLAN_TRANSITION_LABELS,
    SECTION_TRANSITION_LABELS,
    plan_access_for,
)
from climateplan.plans.web.context import plan_context, section_label, visible_plan, visible_section
from climateplan.plans.web.forms import (
    CommentForm,
    EndorseForm,
    PlanForm,
    ReviewForm,
    TransitionForm,
    usable_inventories,
)
from climateplan.plans.web.models import Plan, PlanComment, SectionKind
from climateplan.plans.web.page_cache import public_page_cache
from climateplan.reference import find_province
from climateplan.risk.index.framework import load_framework
from climateplan.site.bilingual import is_thai, pick, tr

# The keys of a section's summary the overview names; others are shown under their key.
SUMMARY_LABELS = {
    "year": ("Year", "ปี"),
    "version": ("Version", "ฉบับที่"),
    "total_basic": ("BASIC (tCO2e)", "BASIC (tCO2e)"),
    "total_basic_plus": ("BASIC+ (tCO2e)", "BASIC+ (tCO2e)"),
    "report_year": ("Target year", "ปีเป้าหมาย"),
    "base": ("Base year emissions (tCO2e)", "การปล่อยปีฐาน (tCO2e)"),
    "bau": ("Business as usual (tCO2e)", "กรณีปกติ BAU (tCO2e)"),
    "plan": ("With the plan (tCO2e)", "เมื่อดำเนินตามแผน (tCO2e)"),
    "reduction": ("Reduction (tCO2e)", "ปริมาณที่ลดได้ (tCO2e)"),
    "gap": ("Gap to the target (tCO2e)", "ช่องว่างถึงเป้าหมาย (tCO2e)"),
    "measures": ("Measures", "จำนวนมาตรการ"),
    "actions": ("Actions", "จำนวนกิจกรรม"),
    "cost_total_thb": ("Capital cost (THB)", "ต้นทุนการลงทุน (บาท)"),
    "budget_total_thb": ("Budget (THB)", "งบประมาณ (บาท)"),
    "overall_score": ("Risk index, overall (0-10)", "ดัชนีความเสี่ยงรวม (0-10)"),
    "high_risks": (
        "High or very high in the risk matrix (likelihood × consequence)",
        "ระดับสูงและสูงมากในเมทริกซ์ความเสี่ยง (โอกาส x ผลกระทบ)",
    ),
    "register_entries": ("Risks in the register", "จำนวนความเสี่ยงในทะเบียน"),
    "high_risks_total": ("High or very high risks to answer", "ความเสี่ยงสูงและสูงมากที่ต้องรับมือ"),
    "high_risks_covered": ("of which answered by an action", "มีกิจกรรมรับมือแล้ว"),
    "high_risks_with_reason": ("of which left with a reason", "ไม่มีกิจกรรมแต่ระบุเหตุผลแล้ว"),
}
# Summary keys that are not figures to show (ids, names, flags, nested tables).
SUMMARY_HIDDEN = frozenset(
    {
        "inventory",
        "state",
        "province",
        "name_th",
        "name_en",
        "basis",
        "base_year",
        "overall_class",
        "overall_class_en",
        "overall_class_th",
        "hazard_scores",
        "top_hazards",
        "targets",
        "synthetic",
        "top_actions",
        "complete",
    }
)
YEAR_KEYS = frozenset({"year", "report_year"})
# Scores on the 0-10 scale of the risk index: one decimal wherever they are shown.
SCORE_KEYS = frozenset({"overall_score"})


def _province_or_404(code: str) -> dict:
    try:
        return find_province(code)
    except (KeyError, ValueError) as exc:
        raise Http404 from exc


def _workflow_message(request, error: services.WorkflowError) -> None:
    messages.error(request, tr(error.message_en, error.message_th))


def _problem_messages(request, error: InputError) -> None:
    lang = "th" if is_thai() else "en"
    for problem in error.problems:
        messages.error(request, problem.format(lang))


def _lang() -> str:
    return "th" if is_thai() else "en"


def _back(plan: Plan, back: str) -> str:
    """Where a form posted from a section page returns (``back`` = the section's kind)."""
    if back in SectionKind.values:
        return reverse("plans:section", args=[plan.pk, back])
    return reverse("plans:detail", args=[plan.pk])


# --------------------------------------------------------------------------- province


@require_GET
def province_plans(request, code: str):
    """The province's plans by period, with their versions and each section's stage."""
    row = _province_or_404(code)
    code = str(row["code"])
    access = plan_access_for(request.user)
    plans = list(
        access.plans(Plan.objects.filter(province=code))
        .prefetch_related("sections")
        .order_by("-start_year", "-end_year", "-version")
    )
    lang = _lang()
    periods: dict[tuple[int, int], dict] = {}
    for plan in plans:
        group = periods.setdefault(
            (plan.start_year, plan.end_year),
            {"label": period_label(plan.start_year, plan.end_year, lang), "plans": []},
        )
        sections = {s.kind: s for s in plan.sections.all()}
        group["plans"].append(
            {
                "plan": plan,
                "title": plan.title_th if lang == "th" or not plan.title_en else plan.title_en,
                "sections": [
                    {"kind": kind, "label": section_label(kind), "section": sections[kind]}
                    for kind in SectionKind.values
                    if kind in sections
                ],
            }
        )
    return render(
        request,
        "plans/province.html",
        {
            "province": row,
            "province_name": pick(row, "name"),
            "periods": list(periods.values()),
            "can_create": access.can_create(code),
            "usable_inventories": usable_inventories(code).exists(),
        },
    )


# --------------------------------------------------------------------------- create / edit


def _form_problems(form: PlanForm, error: InputError) -> list[dict]:
    """Put each problem beside its field too (the list above the form names them all)."""
    fields = {
        "title_th": "title_th",
        "start_year": "start_year",
        "end_year": "end_year",
        "base_year": "base_year",
        "base_inventory": "base_inventory",
        "calibration": "calibration",
    }
    lang = _lang()
    for problem in error.problems:
        name = fields.get(problem.column or "")
        if name:
            form.add_error(name, problem.message_th if lang == "th" else problem.message_en)
    return located(error.problems, form)


def located(problems: list[Problem], form) -> list[dict]:
    """Problems as the page lists them: the field's label, the value, the message."""
    lang = _lang()
    out = []
    for problem in problems:
        field = form.fields.get(problem.column or "")
        out.append(
            {
                "label": str(field.label) if field is not None else (problem.column or ""),
                "value": problem.value or "",
                "message": problem.message_th if lang == "th" else problem.message_en,
            }
        )
    return out


def _plan_form_page(request, template: str, context: dict, status: int = 200):
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def create(request, code: str):
    row = _province_or_404(code)
    code = str(row["code"])
    access = plan_access_for(request.user)
    if not access.can_create(code):
        raise PermissionDenied
    problems: list[dict] = []
    if request.method == "POST":
        form = PlanForm(request.POST, province=code)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.create_plan(
                    access,
                    request.user,
                    province=code,
                    title_th=data["title_th"] or "",
                    title_en=data["title_en"] or "",
                    kind=data["kind"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    base_year=data["base_year"],
                    base_inventory=data["base_inventory_obj"],
                    calibration=data["calibration_objs"],
                )
            except InputError as error:
                problems = _form_problems(form, error)
            else:
                messages.success(request, tr("Plan created.", "สร้างแผนแล้ว"))
                return redirect("plans:detail", pk=plan.pk)
    else:
        first = usable_inventories(code).first()
        form = PlanForm(
            province=code,
            initial={
                "kind": Plan.Kind.MASTER if code == "TH-10" else Plan.Kind.PROVINCIAL,
                "base_inventory": first.pk if first else None,
            },
        )
    invalid = request.method == "POST"
    return _plan_form_page(
        request,
        "plans/create.html",
        {
            "form": form,
            "problems": problems,
            "province": row,
            "province_name": pick(row, "name"),
            "has_inventories": bool(form.inventories),
        },
        status=400 if invalid else 200,
    )


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.can_edit_plan(plan):
        if not access.sees_internals(plan) or not (access.role.is_editor and access.own(plan)):
            raise PermissionDenied
        messages.error(
            request,
            tr(
                "This plan cannot be changed now (it is under review, approved or an older "
                "version).",
                "แก้ไขแผนนี้ไม่ได้ในขณะนี้ (อยู่ระหว่างการตรวจ อนุมัติแล้ว หรือเป็นฉบับเก่า)",
            ),
        )
        return redirect("plans:detail", pk=pk)
    problems: list[dict] = []
    if request.method == "POST":
        form = PlanForm(request.POST, initial=PlanForm.initial_of(plan), province=plan.province)
        form.fields["kind"].disabled = True  # the kind is chosen when the plan is made
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_plan(
                    access,
                    request.user,
                    plan,
                    expected_revision=data.get("revision"),
                    title_th=data["title_th"] or "",
                    title_en=data["title_en"] or "",
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    base_year=data["base_year"],
                    base_inventory=data["base_inventory_obj"],
                    calibration=data["calibration_objs"],
                )
            except InputError as error:
                problems = _form_problems(form, error)
            except services.WorkflowError as error:
                _workflow_message(request, error)
                return redirect("plans:edit", pk=pk)
            else:
                messages.success(request, tr("Plan saved.", "บันทึกแผนแล้ว"))
                return redirect("plans:detail", pk=pk)
    else:
        form = PlanForm(initial=PlanForm.initial_of(plan), province=plan.province)
    form.fields["kind"].disabled = True  # the kind is chosen when the plan is made
    context = plan_context(request, plan)
    context.update(
        form=form, problems=problems, has_inventories=bool(form.inventories), other_page=True
    )
    return render(
        request, "plans/edit.html", context, status=400 if request.method == "POST" else 200
    )


# --------------------------------------------------------------------------- overview


def summary_items(summary: dict | None) -> list[dict]:
    """A section's summary as labelled figures, read defensively (any shape of dict)."""
    if not isinstance(summary, dict):
        return []
    items = []
    for key, value in summary.items():
        if key in SUMMARY_HIDDEN or isinstance(value, (dict, list)) or value is None:
            continue
        en, th = SUMMARY_LABELS.get(key, (key.replace("_", " "), key.replace("_", " ")))
        items.append(
            {
                "key": key,
                "label": tr(en, th),
                "value": value,
                "year": key in YEAR_KEYS,
                "digits": 1 if key in SCORE_KEYS else 0,
            }
        )
    return items


def _hazard_names() -> dict[str, tuple[str, str]]:
    """Hazard id -> (English, Thai) name of the shipped risk framework (parsed once)."""
    try:
        fw = load_framework()
    except InputError:
        return {}
    return {k: (h.name.en, h.name.th) for k, h in fw.hazards.items()}


def top_hazards(summary: dict | None) -> list[dict]:
    """The summary's highest-risk hazards, each with its name in the page's language."""
    if not isinstance(summary, dict):
        return []
    hazards = summary.get("top_hazards")
    if not isinstance(hazards, list):
        return []
    names = _hazard_names()
    out = []
    for h in hazards:
        if not isinstance(h, dict) or not h.get("hazard"):
            continue
        hazard = str(h["hazard"])
        out.append({**h, "name": tr(*names[hazard]) if hazard in names else hazard})
    return out


def _inventory_summary(section, plan: Plan, stamp: str) -> dict:
    """The linked inventory's totals as they are now (the section stores no result),
    kept under the plan's stamp, which moves with the plan's base inventory and every
    inventory of its province and base year."""
    key = f"plan-inventory-summary:{section.pk}:{stamp}"
    summary = cache.get(key)
    if summary is None:
        computed = registry.handler(section.kind).compute(services.candidate_of(section, plan))
        summary = computed.summary or {}
        cache.set(key, summary, services.SECTION_STATE_CACHE_SECONDS)
    return summary


def _section_cards(request, plan: Plan, context: dict) -> list[dict]:
    access = context["access"]
    cards = []
    for tab in context["tabs"]:
        section = tab["section"]
        summary = section.summary
        if section.kind == SectionKind.INVENTORY:
            summary = _inventory_summary(section, plan, context["plan_stamp"])
        items = tab["checklist"]
        blocking = [i for i in items if i.blocking]
        stale = (
            services.is_stale(section, plan, stamp=context["plan_stamp"])
            if context["sees_internals"]
            else False
        )
        cards.append(
            {
                **tab,
                "summary": summary_items(summary),
                "hazards": top_hazards(summary),
                "overall_class": pick(summary or {}, "overall_class"),
                "done": sum(1 for i in blocking if i.done),
                "needed": len(blocking),
                "missing": missing(items),
                "stale": stale,
                "can_recompute": stale and access.can_edit(section, plan),
                "reviews": [
                    (a, tr(*SECTION_TRANSITION_LABELS[a]))
                    for a in access.section_transitions(section, plan)
                ],
                "problems": section.problems if context["sees_internals"] else [],
            }
        )
    return cards


def _endorse_gaps(cards: list[dict]) -> list[dict]:
    """What still stops the endorsement: each section's missing items or stale result."""
    return [
        {"label": c["label"], "missing": c["missing"], "stale": c["stale"]}
        for c in cards
        if c["state"] not in ("approved", "published") and (c["missing"] or c["stale"])
    ]


def detail_context(request, plan: Plan, **extra) -> dict:
    context = plan_context(request, plan)
    access = context["access"]
    cards = _section_cards(request, plan, context)
    transitions = [
        (a, tr(*PLAN_TRANSITION_LABELS[a])) for a in access.transitions(plan) if a != "endorse"
    ]
    can_endorse = access.can_transition(plan, "endorse")
    context.update(
        {
            "cards": cards,
            "transitions": transitions,
            "can_endorse": can_endorse,
            "endorse_gaps": _endorse_gaps(cards) if can_endorse else [],
            "endorse_form": EndorseForm(initial={"revision": plan.revision}),
            "endorse_problems": [],
            "submit_gaps": _endorse_gaps(cards) if "submit" in access.transitions(plan) else [],
        }
    )
    context.update(extra)
    return context


@require_GET
@public_page_cache
def detail(request, pk: int):
    plan = visible_plan(request, pk)
    return render(request, "plans/detail.html", detail_context(request, plan))


# --------------------------------------------------------------------------- workflow


@require_POST
def transition(request, pk: int):
    """withdraw, submit, approve, publish, revise; and ``recompute`` (with ``kind``)."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, tr("Unknown request.", "ไม่รู้จักคำขอนี้"))
        return redirect("plans:detail", pk=pk)
    data = form.cleaned_data
    back = _back(plan, data.get("back") or "")
    action = data["action"]
    if action == "recompute":
        if not data.get("kind"):
            raise Http404
        section = get_object_or_404(plan.sections, kind=data["kind"])
        if not access.can_edit(section, plan):
            if access.sees_internals(plan) and access.role.is_editor and access.own(plan):
                messages.error(
                    request,
                    tr(
                        "This section is locked: its result stays as it was approved.",
                        "ส่วนนี้ถูกล็อกแล้ว ผลลัพธ์คงไว้ตามที่ได้รับอนุมัติ",
                    ),
                )
                return redirect(back)
            raise PermissionDenied
        try:
            services.recompute(access, request.user, section)
        except services.WorkflowError as error:
            _workflow_message(request, error)
        else:
            messages.success(
                request,
                tr(
                    f"{section_label(section.kind)}: recomputed.",
                    f"{section_label(section.kind)}: คำนวณใหม่แล้ว",
                ),
            )
        return redirect(back)
    try:
        result = services.transition(
            access,
            request.user,
            plan,
            action,
            expected_revision=data.get("revision"),
            comment=data.get("comment") or "",
        )
    except services.WorkflowError as error:
        _workflow_message(request, error)
        return redirect(back)
    if action == "revise":
        messages.success(
            request,
            tr(
                f"Version {result.version} opened as a draft; version {plan.version} is kept "
                "read-only.",
                f"เปิดฉบับที่ {result.version} เป็นฉบับร่างแล้ว ฉบับที่ {plan.version} เก็บไว้แบบอ่านอย่างเดียว",
            ),
        )
        return redirect("plans:detail", pk=result.pk)
    state_en, state_th = result.get_state_display().split(" / ", 1)
    messages.success(request, tr(f"Done ({state_en}).", f"ดำเนินการแล้ว ({state_th})"))
    return redirect(back)


@require_http_methods(["GET", "POST"])
def endorse(request, pk: int):
    """The provincial approver records the working group's or committee's endorsement."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.can_transition(plan, "endorse"):
        if access.sees_internals(plan) and access.role.is_approver:
            messages.error(
                request,
                tr(
                    "Only a draft plan can be endorsed.",
                    "บันทึกการให้ความเห็นชอบได้เฉพาะแผนฉบับร่าง",
                ),
            )
            return redirect("plans:detail", pk=pk)
        raise PermissionDenied
    if request.method == "GET":
        return redirect(reverse("plans:detail", args=[pk]) + "#endorse")
    form = EndorseForm(request.POST)
    problems: list[dict] = []
    form.is_valid()
    if form.errors.get("revision"):
        messages.error(request, tr("Reload the page.", "กรุณาโหลดหน้าใหม่"))
        return redirect("plans:detail", pk=pk)
    data = form.cleaned_data
    # a date the form could not read goes to the services as missing, so that every
    # problem of the form is listed at once (the services refuse a missing date)
    date_error = form.errors.get("date")
    try:
        services.endorse(
            access,
            request.user,
            plan,
            expected_revision=data["revision"],
            body=data.get("body") or "",
            meeting=data.get("meeting") or "",
            date=data.get("date"),
            authority=data.get("authority") or "",
            note=data.get("note") or "",
        )
    except InputError as error:
        problems = located(error.problems, form)
        lang = _lang()
        for problem, shown in zip(error.problems, problems, strict=True):
            if problem.column == "date" and date_error:
                shown["message"] = date_error[0]
            elif problem.column in form.fields:
                form.add_error(
                    problem.column, problem.message_th if lang == "th" else problem.message_en
                )
    except services.WorkflowError as error:
        _workflow_message(request, error)
        return redirect(reverse("plans:detail", args=[pk]) + "#endorse")
    else:
        messages.success(
            request,
            tr("The endorsement is recorded.", "บันทึกการให้ความเห็นชอบของจังหวัดแล้ว"),
        )
        return redirect("plans:detail", pk=pk)
    context = detail_context(request, plan, endorse_form=form, endorse_problems=problems)
    return render(request, "plans/detail.html", context, status=400)


@require_POST
def rebase(request, pk: int):
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    try:
        services.rebase(access, request.user, plan, expected_revision=request.POST.get("revision"))
    except services.WorkflowError as error:
        _workflow_message(request, error)
    else:
        messages.success(
            request,
            tr(
                "The plan now uses the new version of the base inventory; its sections are "
                "recomputed.",
                "แผนใช้บัญชีปีฐานฉบับใหม่แล้ว และคำนวณส่วนต่าง ๆ ใหม่แล้ว",
            ),
        )
    return redirect("plans:detail", pk=pk)


@require_POST
def review_section(request, pk: int, kind: str):
    """A reviewer returns (with a comment, optionally on one item) or approves a section."""
    plan, section = visible_section(request, pk, kind)
    access = plan_access_for(request.user)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, tr("Unknown request.", "ไม่รู้จักคำขอนี้"))
        return redirect(_back(plan, kind))
    data = form.cleaned_data
    back = _back(plan, data.get("back") or "")
    try:
        services.review_section(
            access,
            request.user,
            section,
            data["action"],
            expected_revision=data.get("revision"),
            comment=data.get("comment") or "",
            item=(data.get("item") or "").strip(),
        )
    except InputError as error:
        _problem_messages(request, error)
        return redirect(back + "#review")
    except services.WorkflowError as error:
        _workflow_message(request, error)
        return redirect(back)
    if data["action"] == "return":
        text = tr(
            f"{section_label(kind)} returned to the province with your comment.",
            f"ส่ง{section_label(kind)}กลับให้จังหวัดแก้ไขพร้อมความเห็นแล้ว",
        )
    else:
        text = tr(f"{section_label(kind)} approved.", f"อนุมัติ{section_label(kind)}แล้ว")
    messages.success(request, text)
    return redirect(back)


# --------------------------------------------------------------------------- comments


@require_POST
def comment(request, pk: int):
    """A comment on the plan, a section or an item, or a reply to a thread."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.sees_internals(plan):
        raise Http404
    form = CommentForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    back = _back(plan, data.get("back") or "")
    parent = None
    if data.get("parent"):
        parent = get_object_or_404(PlanComment, pk=data["parent"], plan=plan)
    try:
        created = services.add_comment(
            access,
            request.user,
            plan,
            data.get("text") or "",
            section_kind=data.get("section_kind") or "",
            item=(data.get("item") or "").strip(),
            parent=parent,
        )
    except InputError as error:
        _problem_messages(request, error)
        return redirect(back + "#comments")
    except services.WorkflowError as error:
        _workflow_message(request, error)
        return redirect(back + "#comments")
    root = created.parent_id or created.pk
    return redirect(f"{back}#comment-{root}")


@require_POST
def resolve(request, pk: int, comment_id: int):
    """Mark a thread resolved (``resolve=1``) or open it again (``resolve=0``)."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.sees_internals(plan):
        raise Http404
    found = get_object_or_404(PlanComment, pk=comment_id, plan=plan)
    back = _back(plan, request.POST.get("back") or "")
    try:
        services.set_comment_resolved(
            access, request.user, found, request.POST.get("resolve", "1") != "0"
        )
    except services.WorkflowError as error:
        _workflow_message(request, error)
    return redirect(f"{back}#comment-{found.parent_id or found.pk}")


# --------------------------------------------------------------------------- history


@require_GET
def history(request, pk: int):
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.sees_internals(plan):
        raise Http404
    entries = [
        {"change": change, "entry": changes.describe(change)}
        for change in plan.changes.select_related("user")
    ]
    context = plan_context(request, plan)
    context.update(entries=entries, other_page=True)
    return render(request, "plans/history.html", context)


# --------------------------------------------------------------------------- sections


@require_http_methods(["GET", "HEAD"])
@public_page_cache
def section(request, pk: int, kind: str):
    """A section's page: ``views_<kind>.section_page(request, plan, section)``."""
    plan, found = visible_section(request, pk, kind)
    module_name = f"climateplan.plans.web.views_{kind}"
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise Http404 from exc
    return module.section_page(request, plan, found)


# --------------------------------------------------------------------------- help


@require_GET
def help_index(request):
    lang = _lang()
    pages = [
        {"slug": p.slug, "title": p.title_th if lang == "th" else p.title_en}
        for p in guides.available()
    ]
    return render(request, "plans/help_index.html", {"pages": pages})


@require_GET
def help_page(request, slug: str):
    page = guides.find(slug)
    if page is None:
        raise Http404
    lang = _lang()
    pages = [
        {"slug": p.slug, "title": p.title_th if lang == "th" else p.title_en}
        for p in guides.available()
    ]
    return render(
        request,
        "plans/help_page.html",
        {
            "page": page,
            "title": page.title_th if lang == "th" else page.title_en,
            "html": guides.render(page, lang),
            "pages": pages,
            "translated": lang != "th" or page.source("th") != page.path,
        },
    )


__all__ = [
    "comment",
    "create",
    "detail",
    "edit",
    "endorse",
    "help_index",
    "help_page",
    "history",
    "province_plans",
    "rebase",
    "resolve",
    "review_section",
    "section",
    "transition",
]
