"""The successor plan (under ``plans/<pk>/successor/``): preparing the next period's plan
from a finished or reviewed one, with a preview of what carries over; a carried-over
action's history in the plan it came from; linking the predecessor's lessons learned to
the successor's actions.

Scoping (:mod:`climateplan.plans.web.access`): a plan outside a user's view is a 404;
these pages are internals of the plan (its province's people and national users; 404
to everyone else); preparing a successor and linking lessons are the province's
editors' (403 to other roles). Every change goes through
:mod:`climateplan.plans.web.services_successor`.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from climateplan.errors import InputError
from climateplan.plans.period import period_label
from climateplan.plans.web import services_successor as successor
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import plan_context, visible_plan
from climateplan.plans.web.forms import ce_year, inventory_label, shown_year, usable_inventories
from climateplan.plans.web.models import Action, Lesson, Plan, SectionKind
from climateplan.site.bilingual import is_thai, tr
from climateplan.site.workflow import WorkflowError

STATUS_LABELS = {
    "not_started": ("Not started", "ยังไม่เริ่ม"),
    "on_track": ("On track", "เป็นไปตามแผน"),
    "delayed": ("Delayed", "ล่าช้า"),
    "completed": ("Completed", "แล้วเสร็จ"),
    "cancelled": ("Cancelled", "ยกเลิก"),
    "not_reported": ("No accepted report", "ยังไม่มีรายงานที่รับรองแล้ว"),
}
REPORT_STATES = {
    "draft": ("Draft", "ร่าง"),
    "submitted": ("Submitted", "ส่งแล้ว"),
    "returned": ("Returned", "ส่งกลับแก้ไข"),
    "accepted": ("Accepted", "รับรายงานแล้ว"),
}
TARGET_WHY = {
    "national": (
        "National target in force, for the new base year",
        "เป้าหมายระดับประเทศที่มีผลบังคับ ตามปีฐานใหม่",
    ),
    "new": ("National target in force (new)", "เป้าหมายระดับประเทศที่มีผลบังคับ (ใหม่)"),
    "kept": (
        "The province's own target, still to come: kept",
        "เป้าหมายของจังหวัดที่ยังไม่ถึงปีเป้าหมาย: คงไว้",
    ),
    "dropped": (
        "No longer in force or already past: not carried",
        "ไม่มีผลบังคับแล้วหรือพ้นปีเป้าหมายแล้ว: ไม่ยกไป",
    ),
}


def _lang() -> str:
    return "th" if is_thai() else "en"


def _pair(labels: dict, key: str) -> str:
    en, th = labels.get(key, (key, key))
    return tr(en, th)


def _name(obj) -> str:
    return obj.name_th if is_thai() or not obj.name_en else obj.name_en


def _title(plan: Plan) -> str:
    return plan.title_th if is_thai() or not plan.title_en else plan.title_en


def _internal_plan(request, pk: int):
    """The plan if the user reads its internals (404 otherwise, never 403)."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.sees_internals(plan):
        raise Http404
    return plan, access


# --------------------------------------------------------------------------- prepare


class SuccessorForm(forms.Form):
    """The successor's period (BE on Thai pages), base inventory and titles."""

    title_th = forms.CharField(max_length=300, required=False)
    title_en = forms.CharField(max_length=300, required=False)
    start_year = forms.IntegerField(required=False)
    end_year = forms.IntegerField(required=False)
    base_inventory = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, province: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.inventories = {inv.pk: inv for inv in usable_inventories(province)}
        era = tr("CE", "พ.ศ.")
        labels = {
            "title_th": ("Title in Thai", "ชื่อแผน (ภาษาไทย)"),
            "title_en": ("Title in English (optional)", "ชื่อแผน (ภาษาอังกฤษ ไม่บังคับ)"),
            "start_year": (f"First year ({era})", f"ปีเริ่มต้นของแผน ({era})"),
            "end_year": (f"Last year ({era})", f"ปีสิ้นสุดของแผน ({era})"),
            "base_inventory": (
                "Base-year GHG inventory (approved or published)",
                "บัญชีก๊าซเรือนกระจกปีฐาน (อนุมัติหรือเผยแพร่แล้ว)",
            ),
        }
        for name, (en, th) in labels.items():
            self.fields[name].label = tr(en, th)
        self.fields["base_inventory"].choices = [
            ("", "-"),
            *[(pk, inventory_label(inv)) for pk, inv in self.inventories.items()],
        ]
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["title_th"].widget.attrs["lang"] = "th"
        self.fields["title_en"].widget.attrs["lang"] = "en"

    def clean_start_year(self):
        return ce_year(self.cleaned_data.get("start_year"))

    def clean_end_year(self):
        return ce_year(self.cleaned_data.get("end_year"))

    def chosen(self):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return self.inventories.get(data.get("base_inventory"))


def _initial(plan: Plan) -> dict:
    length = plan.end_year - plan.start_year
    first = usable_inventories(plan.province).first()
    return {
        "title_th": plan.title_th,
        "title_en": plan.title_en,
        "start_year": shown_year(plan.end_year + 1),
        "end_year": shown_year(plan.end_year + 1 + length),
        "base_inventory": first.pk if first else None,
    }


def _outcome_rows(outcomes) -> list[dict]:
    rows = []
    for o in outcomes:
        report = o.report
        rows.append(
            {
                "code": o.action.code,
                "name": _name(o.action),
                "kind": o.kind,
                "kind_label": tr("Reduction", "ลดก๊าซ")
                if o.kind == SectionKind.REDUCTION
                else tr("Adaptation", "ปรับตัว"),
                "status": o.status,
                "status_label": _pair(STATUS_LABELS, o.status),
                "percent": report.percent if report is not None else None,
                "period": report.period if report is not None else None,
            }
        )
    return rows


def _target_rows(rows) -> list[dict]:
    lang = _lang()
    out = []
    for r in rows:
        shown = r.after or r.before or {}
        out.append(
            {
                "name": r.name,
                "description": shown.get(f"description_{lang}") or r.name,
                "before": _target_text(r.before),
                "after": _target_text(r.after),
                "why": r.why,
                "why_label": _pair(TARGET_WHY, r.why),
                "source": shown.get("source") or "",
                "valid_from": _date((r.after or {}).get("valid_from")),
            }
        )
    return out


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _target_text(row: dict | None) -> str:
    if not row:
        return "—"
    value = row.get("value")
    year = row.get("year")
    shown = shown_year(int(year)) if year not in (None, "") else ""
    if value in (None, ""):
        return f"{tr('net zero', 'สุทธิเป็นศูนย์')} {shown}"
    return f"{float(value):g} % · {shown}"


def _prepare_page(request, plan, access, form, *, problems=(), status=200):
    base = form.chosen() if form.is_bound and form.is_valid() else None
    if base is None and not form.is_bound:
        base = form.inventories.get(form.initial.get("base_inventory"))
    view = successor.preview(plan, base_year=base.year if base is not None else None)
    next_plan = successor.successor_of(plan)
    context = {
        **plan_context(request, plan),
        "plan": plan,
        "other_page": True,
        "form": form,
        "problems": list(problems),
        "has_inventories": bool(form.inventories),
        "ground": view.ground,
        "end_review": view.review,
        "can_prepare": successor.can_prepare(access, plan),
        "existing": next_plan if next_plan and access.can_view(next_plan) else None,
        "existing_title": _title(next_plan) if next_plan else "",
        "end_review_title": (
            view.review.title_th if is_thai() or not view.review.title_en else view.review.title_en
        )
        if view.review
        else "",
        "carried": _outcome_rows(view.carried),
        "left": _outcome_rows(view.left),
        "targets": _target_rows(view.targets),
        "base": base,
        "plan_period": period_label(plan.start_year, plan.end_year, _lang()),
    }
    return render(request, "plans/successor.html", context, status=status)


def _located(error: InputError, form: SuccessorForm) -> list[dict]:
    lang = _lang()
    out = []
    for problem in error.problems:
        field = form.fields.get(problem.column or "")
        message = problem.message_th if lang == "th" else problem.message_en
        if field is not None and problem.column in form.fields:
            form.add_error(problem.column, message)
        out.append({"label": str(field.label) if field else "", "message": message})
    return out


@require_http_methods(["GET", "POST"])
def prepare(request, pk: int):
    plan, access = _internal_plan(request, pk)
    if not (access.role.is_editor and access.own(plan)):
        raise PermissionDenied
    if request.method == "GET":
        if "preview" in request.GET:
            form = SuccessorForm(request.GET, province=plan.province)
        else:
            form = SuccessorForm(province=plan.province, initial=_initial(plan))
        return _prepare_page(request, plan, access, form)
    if not successor.can_prepare(access, plan):
        messages.error(
            request,
            tr(
                "A successor is prepared from the latest approved or published version of a "
                "plan whose period has ended or that has an endorsed end-of-plan review, once.",
                "จัดทำแผนฉบับต่อไปได้จากฉบับล่าสุดที่อนุมัติหรือเผยแพร่แล้ว ซึ่งสิ้นสุดช่วงเวลาของแผนแล้ว "
                "หรือมีการทบทวนระยะสิ้นสุดแผนที่จังหวัดให้ความเห็นชอบแล้ว และทำได้ครั้งเดียว",
            ),
        )
        return redirect("plans:successor", pk=plan.pk)
    form = SuccessorForm(request.POST, province=plan.province)
    form.is_valid()
    data = form.cleaned_data
    try:
        new = successor.create_successor(
            access,
            request.user,
            plan,
            start_year=data.get("start_year"),
            end_year=data.get("end_year"),
            base_inventory=form.chosen(),
            title_th=data.get("title_th") or "",
            title_en=data.get("title_en") or "",
        )
    except InputError as error:
        problems = _located(error, form)
        return _prepare_page(request, plan, access, form, problems=problems, status=400)
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect("plans:successor", pk=plan.pk)
    messages.success(
        request,
        tr(
            "The successor plan is ready as a draft: review what was carried over.",
            "จัดทำร่างแผนฉบับต่อไปแล้ว กรุณาตรวจสอบรายการที่ยกมา",
        ),
    )
    return redirect("plans:detail", pk=new.pk)


# --------------------------------------------------------------------------- carried history


@require_GET
def carried(request, pk: int, kind: str, code: str):
    """A carried-over action's history: its progress reports in the plan it came from."""
    from climateplan.monitoring.web.models import ProgressReport

    plan, access = _internal_plan(request, pk)
    if kind not in (SectionKind.REDUCTION, SectionKind.ADAPTATION):
        raise Http404
    action = get_object_or_404(
        Action.objects.select_related("carried_from__section__plan"),
        section__plan=plan,
        section__kind=kind,
        code=code,
        carried_from__isnull=False,
    )
    source = action.carried_from
    origin = source.section.plan
    if not access.can_view(origin):
        raise Http404
    chain = [p.pk for p in successor.version_chain(origin)]
    reports = list(
        ProgressReport.objects.filter(
            action__section__plan__in=chain,
            action__section__kind=kind,
            action__code=source.code,
        )
        .select_related("period", "action")
        .order_by("period__starts", "pk")
    )
    rows = [
        {
            "report": r,
            "period": r.period,
            "status_label": _pair(STATUS_LABELS, r.status),
            "state_label": _pair(REPORT_STATES, r.state),
            "kpi_values": r.kpi_values or [],
        }
        for r in reports
    ]
    lessons = list(Lesson.objects.filter(action=source).select_related("review"))
    context = {
        **plan_context(request, plan),
        "plan": plan,
        "other_page": True,
        "action": action,
        "action_name": _name(action),
        "source": source,
        "origin": origin,
        "origin_title": _title(origin),
        "origin_period": period_label(origin.start_year, origin.end_year, _lang()),
        "rows": rows,
        "lessons": lessons,
    }
    return render(request, "plans/successor_carried.html", context)


# --------------------------------------------------------------------------- lessons


@require_http_methods(["GET", "POST"])
def lessons(request, pk: int):
    """The predecessor's lessons learned, each linked to the successor's actions it leads to."""
    plan, access = _internal_plan(request, pk)
    can_edit = access.can_edit_plan(plan)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_edit:
            if access.role.is_editor and access.own(plan):
                messages.error(
                    request,
                    tr(
                        "Lessons are linked while the plan is a draft or returned.",
                        "เชื่อมโยงบทเรียนได้เมื่อแผนเป็นฉบับร่างหรือถูกส่งกลับแก้ไข",
                    ),
                )
                return redirect("plans:successor_lessons", pk=plan.pk)
            raise PermissionDenied
        lesson = Lesson.objects.filter(pk=_int(request.POST.get("lesson"))).first()
        ids = [i for i in (_int(v) for v in request.POST.getlist("actions")) if i is not None]
        try:
            if lesson is None or lesson.pk not in {
                x.pk for x in successor.predecessor_lessons(plan)
            }:
                raise InputError([])
            successor.link_lesson(
                access,
                request.user,
                plan,
                lesson,
                ids,
                expected_revision=request.POST.get("revision"),
            )
        except InputError as error:
            problems = [p.message_th if is_thai() else p.message_en for p in error.problems] or [
                tr(
                    "choose a lesson learned in the review of the plan this one succeeds",
                    "กรุณาเลือกบทเรียนจากการทบทวนแผนที่แผนนี้สืบต่อ",
                )
            ]
            status = 400
        except WorkflowError as error:
            messages.error(request, tr(error.message_en, error.message_th))
            return redirect("plans:successor_lessons", pk=plan.pk)
        else:
            messages.success(request, tr("Links saved.", "บันทึกการเชื่อมโยงแล้ว"))
            return redirect("plans:successor_lessons", pk=plan.pk)
        plan.refresh_from_db()
    actions = successor.successor_actions(plan)
    rows = []
    for lesson in successor.predecessor_lessons(plan):
        linked = {a.pk for a in lesson.leads_to.all()}
        rows.append(
            {
                "lesson": lesson,
                "action_name": _name(lesson.action) if lesson.action else "",
                "linked": [a for a in actions if a.pk in linked],
                "choices": [
                    {"action": a, "name": _name(a), "checked": a.pk in linked} for a in actions
                ],
            }
        )
    predecessor = plan.predecessor
    context = {
        **plan_context(request, plan),
        "plan": plan,
        "other_page": True,
        "rows": rows,
        "can_edit": can_edit,
        "problems": problems,
        "predecessor": predecessor if predecessor and access.can_view(predecessor) else None,
        "predecessor_title": _title(predecessor) if predecessor else "",
    }
    return render(request, "plans/successor_lessons.html", context, status=status)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
