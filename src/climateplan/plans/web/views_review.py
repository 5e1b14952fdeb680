"""The plan's reviews (under ``plans/<pk>/reviews/``): the list and starting a review, a
review's page (figures as tables and charts, the narrative by chapter in Thai and
English, the lessons learned, the workflow and its history).

Scoping (:mod:`climateplan.plans.web.access`): a plan outside a user's view is a 404;
the public (and other provinces) see the published reviews of the plans they read, and
nothing else of them; a review outside a user's view is a 404 too. Every change goes
through :mod:`climateplan.plans.web.services_review`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from climateplan.errors import InputError
from climateplan.plans.review import CHAPTERS
from climateplan.plans.web import services_review as services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import plan_context, visible_plan
from climateplan.plans.web.forms import parse_meeting_date
from climateplan.plans.web.models import BudgetLine, Lesson, PlanReview, ReviewState
from climateplan.site.bilingual import is_thai, tr, year_label

TRANSITION_LABELS = {
    "withdraw": ("Withdraw the endorsement", "ถอนการให้ความเห็นชอบ"),
    "submit": ("Submit for national review", "ส่งตรวจระดับประเทศ"),
    "return": ("Return for changes", "ส่งกลับให้แก้ไข"),
    "approve": ("Approve the review", "อนุมัติรายงานการทบทวน"),
    "publish": ("Publish", "เผยแพร่"),
}
STATUS_LABELS = {
    "not_started": ("Not started", "ยังไม่เริ่ม"),
    "on_track": ("On track", "เป็นไปตามแผน"),
    "delayed": ("Delayed", "ล่าช้า"),
    "completed": ("Completed", "แล้วเสร็จ"),
    "cancelled": ("Cancelled", "ยกเลิก"),
    "not_reported": ("No accepted report", "ยังไม่มีรายงานที่รับรองแล้ว"),
}
CHANGE_LABELS = {
    "higher": ("Higher", "สูงขึ้น"),
    "lower": ("Lower", "ลดลง"),
    "same": ("Unchanged", "คงเดิม"),
    "new": ("New in the later assessment", "พบใหม่ในการประเมินครั้งหลัง"),
    "gone": ("Not in the later assessment", "ไม่มีในการประเมินครั้งหลัง"),
    "not_known": ("Not known", "ไม่ทราบ"),
    "not_reassessed": ("Not re-assessed", "ยังไม่ได้ประเมินใหม่"),
}
SHORT_KINDS = {"end": ("End of plan", "ระยะสิ้นสุดแผน"), "mid": ("Mid-term", "ระยะกลางแผน")}
KIND_LABELS = {"output": ("Output", "ผลผลิต"), "outcome": ("Outcome", "ผลลัพธ์")}


def _lang() -> str:
    return "th" if is_thai() else "en"


def _pair(labels: dict, key: str) -> str:
    en, th = labels.get(key, (key, key))
    return tr(en, th)


def _source_label(key: str) -> str:
    from climateplan.monitoring.web.models import FundingSource

    if key == "mixed":
        return tr("Actions funded from several sources", "กิจกรรมที่ใช้เงินหลายแหล่ง")
    labels = {**dict(FundingSource.choices), **dict(BudgetLine.Source.choices)}
    en, _, th = str(labels.get(key, key)).partition(" / ")
    return tr(en, th or en)


# --------------------------------------------------------------------------- forms


class StartForm(forms.Form):
    kind = forms.ChoiceField(choices=PlanReview.Kind.choices)
    as_of = forms.CharField(max_length=20, required=False)
    title_th = forms.CharField(max_length=400, required=False)
    title_en = forms.CharField(max_length=400, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "kind": ("Kind of review", "ประเภทการทบทวน"),
            "as_of": ("Figures up to (day/month/year)", "นับข้อมูลถึงวันที่ (วัน/เดือน/ปี พ.ศ.)"),
            "title_th": ("Title in Thai (optional)", "ชื่อเรื่องภาษาไทย (ไม่บังคับ)"),
            "title_en": ("Title in English (optional)", "ชื่อเรื่องภาษาอังกฤษ (ไม่บังคับ)"),
        }
        for name, (en, th) in labels.items():
            self.fields[name].label = tr(en, th)
        self.fields["kind"].choices = [
            (k, tr(*SHORT_KINDS[k])) for k, _label in PlanReview.Kind.choices
        ]
        self.fields["as_of"].widget.attrs["placeholder"] = tr("30/9/2026", "30/9/2569")


class EndorseReviewForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(max_length=300, required=False)
    meeting = forms.CharField(max_length=32, required=False)
    date = forms.CharField(max_length=20, required=False)
    authority = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "body": (
                "Endorsed by (working group or committee)",
                "ผู้ให้ความเห็นชอบ (คณะทำงานหรือคณะกรรมการ)",
            ),
            "meeting": ("Meeting number (e.g. 1/2569)", "การประชุมครั้งที่ (เช่น 1/2569)"),
            "date": ("Meeting date (day/month/year)", "วันที่ประชุม (วัน/เดือน/ปี พ.ศ.)"),
            "authority": (
                "Endorsing authority (chair and position)",
                "ผู้มีอำนาจให้ความเห็นชอบ (ประธานและตำแหน่ง)",
            ),
        }
        for name, (en, th) in labels.items():
            self.fields[name].label = tr(en, th)
        self.fields["meeting"].widget.attrs["placeholder"] = "1/2569"
        self.fields["date"].widget.attrs["placeholder"] = tr("15/3/2026", "15/3/2569")


class LessonForm(forms.Form):
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    scope = forms.ChoiceField(choices=Lesson.Scope.choices)
    action = forms.ChoiceField(required=False, choices=[])
    sector = forms.ChoiceField(required=False, choices=[])
    what_worked = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    barriers = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actions=(), sectors=None, reporter=False, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "scope": ("The lesson is about", "บทเรียนของ"),
            "action": ("Action", "มาตรการหรือกิจกรรม"),
            "sector": ("Sector", "สาขา"),
            "what_worked": ("What worked", "สิ่งที่ได้ผล"),
            "barriers": ("Barriers", "อุปสรรค"),
            "recommendations": ("Recommendations", "ข้อเสนอแนะ"),
        }
        for name, (en, th) in labels.items():
            self.fields[name].label = tr(en, th)
        scopes = [
            (k, label.split(" / ")[1 if is_thai() else 0]) for k, label in Lesson.Scope.choices
        ]
        if reporter:
            scopes = [s for s in scopes if s[0] == Lesson.Scope.ACTION]
        self.fields["scope"].choices = scopes
        self.fields["action"].choices = [("", "—")] + [
            (str(a.pk), f"{a.code} {a.name_th if is_thai() else (a.name_en or a.name_th)}")
            for a in actions
        ]
        self.fields["sector"].choices = [("", "—")] + [
            (k, tr(en, th)) for k, (en, th) in (sectors or {}).items()
        ]
        if reporter:  # an agency writes lessons of its own actions only
            del self.fields["sector"]


def _sectors() -> dict[str, tuple[str, str]]:
    """GPC sectors (reduction) and NAP sectors (adaptation) a lesson may be about."""
    from climateplan.monitoring.web.dashboard import gpc_sector_labels, nap_sector_labels

    out = {f"gpc:{k}": v for k, v in gpc_sector_labels().items()}
    out.update({f"nap:{k}": v for k, v in nap_sector_labels().items()})
    return out


# --------------------------------------------------------------------------- helpers


def _problems(error: InputError, form=None) -> list[dict]:
    lang = _lang()
    out = []
    for p in error.problems:
        field = form.fields.get(p.column or "") if form is not None else None
        out.append(
            {
                "label": str(field.label) if field is not None else "",
                "value": p.value or "",
                "message": p.message_th if lang == "th" else p.message_en,
            }
        )
    return out


def _review(request, pk: int, review_id: int):
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    review = get_object_or_404(access.reviews(plan).select_related("plan"), pk=review_id)
    review.plan = plan
    return plan, access, review


def _review_url(review: PlanReview, anchor: str = "") -> str:
    url = reverse("plans:review", args=[review.plan_id, review.pk])
    return f"{url}#{anchor}" if anchor else url


def _reviews_rows(plan, access) -> list[dict]:
    return [
        {
            "review": r,
            "title": r.title_th if is_thai() or not r.title_en else r.title_en,
            "kind": tr(*SHORT_KINDS.get(r.kind, (r.kind, r.kind))),
        }
        for r in access.reviews(plan).order_by("-as_of", "-pk")
    ]


# --------------------------------------------------------------------------- list / start


@require_GET
def reviews(request, pk: int):
    """The plan's reviews (the overview loads the block of this page)."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    context = {
        "plan": plan,
        "rows": _reviews_rows(plan, access),
        "can_start": access.can_start_review(plan),
        "internal": access.sees_internals(plan),
    }
    if request.headers.get("HX-Request"):
        return render(request, "plans/_review_list_block.html", context)
    context = {**plan_context(request, plan), **context, "other_page": True, "on_list": True}
    context["start_form"] = StartForm(initial={"kind": PlanReview.Kind.END})
    return render(request, "plans/review_list.html", context)


@require_POST
def start(request, pk: int):
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.can_start_review(plan):
        if access.role.is_editor and access.own(plan):
            messages.error(
                request,
                tr(
                    "A review starts once the plan is approved or published.",
                    "เริ่มการทบทวนได้เมื่อแผนได้รับอนุมัติหรือเผยแพร่แล้ว",
                ),
            )
            return redirect("plans:reviews", pk=pk)
        raise PermissionDenied
    form = StartForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    date_error = None
    try:
        as_of = parse_meeting_date(request.POST.get("as_of") or "")
    except ValueError:
        as_of = None
        date_error = tr(
            "write the date as day/month/year, e.g. 30/9/2026 (or 30/9/2569 in BE)",
            "กรุณาเขียนวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 30/9/2569",
        )
    try:
        review = services.start_review(
            access,
            request.user,
            plan,
            kind=data.get("kind") or request.POST.get("kind") or "",
            as_of=as_of,
            title_th=request.POST.get("title_th") or "",
            title_en=request.POST.get("title_en") or "",
        )
    except InputError as error:
        problems = _problems(error, form)
        for problem, shown in zip(error.problems, problems, strict=True):
            if problem.column == "as_of" and date_error:
                shown["message"] = date_error
        context = {
            **plan_context(request, plan),
            "plan": plan,
            "rows": _reviews_rows(plan, access),
            "can_start": True,
            "internal": True,
            "start_form": form,
            "problems": problems,
            "other_page": True,
            "on_list": True,
        }
        return render(request, "plans/review_list.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect("plans:reviews", pk=pk)
    messages.success(request, tr("Review started.", "เริ่มการทบทวนแล้ว"))
    return redirect(_review_url(review))


# --------------------------------------------------------------------------- the review page


def _figures_context(figures: dict) -> dict:
    """The stored figures made ready to show: labels in the page's language, years in BE
    on Thai pages, and the charts' data."""
    lang = _lang()
    trend = figures.get("trend") or {}
    targets = trend.get("targets") or []
    trend_rows = [
        {
            **r,
            "year_label": year_label(r["year"]),
            "path_values": [(r.get("paths") or {}).get(t["name"]) for t in targets],
        }
        for r in trend.get("rows") or []
    ]
    target_titles = [t["title_th"] if lang == "th" else t["title_en"] for t in targets]
    red = figures.get("reductions") or {}
    measures = [
        {
            **m,
            "name": m["name_th"] if lang == "th" else m["name_en"],
            "agency_name": m["agency_th"] if lang == "th" else m["agency_en"],
            "sector_name": m["sector_th"] if lang == "th" else m["sector_en"],
        }
        for m in red.get("measures") or []
    ]
    sectors = [
        {**s, "name": (s["sector_th"] if lang == "th" else s["sector_en"]) or "—"}
        for s in red.get("sectors") or []
    ]
    agencies = [
        {**a, "name": (a["agency_th"] if lang == "th" else a["agency_en"]) or a["agency"] or "—"}
        for a in red.get("agencies") or []
    ]
    acts = figures.get("actions") or {}
    action_rows = [
        {
            **a,
            "name": a["name_th"] if lang == "th" else a["name_en"],
            "agency_name": (a["agency_th"] if lang == "th" else a["agency_en"]) or a["agency"],
            "status_label": _pair(STATUS_LABELS, a["status"]),
        }
        for a in acts.get("rows") or []
    ]
    counts = [{**c, "label": _pair(STATUS_LABELS, c["status"])} for c in acts.get("counts") or []]
    budget = figures.get("budget") or {}
    sources = [{**s, "label": _source_label(s["source"])} for s in budget.get("sources") or []]
    years = [{**y, "year_label": year_label(y["fiscal_year"])} for y in budget.get("years") or []]
    indicators = [
        {
            **i,
            "action": i["action_th"] if lang == "th" else i["action_en"],
            "name": (i["name_th"] if lang == "th" else i["name_en"]) or i["key"],
            "kind_label": _pair(KIND_LABELS, i["kind"]),
        }
        for i in (figures.get("indicators") or {}).get("rows") or []
    ]
    risk = figures.get("risk") or {}
    risk_rows = [
        {
            **r,
            "name": r["hazard_th"] if lang == "th" else r["hazard_en"],
            "change_label": _pair(CHANGE_LABELS, r["change"]),
            "before_class": ((r["before"] or {}).get("matrix_th" if lang == "th" else "matrix_en")),
            "after_class": ((r["after"] or {}).get("matrix_th" if lang == "th" else "matrix_en")),
        }
        for r in risk.get("rows") or []
    ]
    source = risk.get("after_source") or {}
    chart = {
        "trend": {
            "title": tr("Emissions against the plan", "การปล่อยก๊าซเรือนกระจกเทียบกับแผน"),
            "axis": "t CO2e",
            "years": [r["year_label"] for r in trend_rows],
            "series": [
                {
                    "name": tr("Inventory", "บัญชีก๊าซเรือนกระจก"),
                    "values": [r["actual"] for r in trend_rows],
                    "kind": "actual",
                },
                {
                    "name": tr("Business as usual", "กรณีปกติ (BAU)"),
                    "values": [r["bau"] for r in trend_rows],
                    "kind": "bau",
                },
                {
                    "name": tr("With the plan", "ตามแผน"),
                    "values": [r["plan"] for r in trend_rows],
                    "kind": "plan",
                },
            ]
            + [
                {"name": title, "values": [r["path_values"][i] for r in trend_rows], "kind": "path"}
                for i, title in enumerate(target_titles)
            ],
        },
        "reductions": {
            "title": tr(
                f"Reductions by measure, {red.get('year', '')}",
                f"ปริมาณที่ลดได้รายมาตรการ ปี {year_label(red['year']) if red.get('year') else ''}",
            ),
            "axis": tr("t CO2e per year", "tCO2e ต่อปี"),
            "labels": [m["code"] for m in measures],
            "names": [tr("Planned", "ตามแผน"), tr("Achieved", "ลดได้จริง")],
            "planned": [m["planned"] for m in measures],
            "achieved": [m["achieved"] for m in measures],
        },
        "budget": {
            "title": tr("Budget by source", "งบประมาณตามแหล่งเงิน"),
            "axis": tr("THB", "บาท"),
            "labels": [s["label"] for s in sources],
            "names": [
                tr("Planned", "ตามแผน"),
                tr("Funded", "ได้รับจัดสรร"),
                tr("Disbursed", "เบิกจ่าย"),
            ],
            "planned": [s["planned"] for s in sources],
            "funded": [s["funded"] for s in sources],
            "disbursed": [s["disbursed"] for s in sources],
        },
    }
    return {
        "trend_rows": trend_rows,
        "target_titles": target_titles,
        "trend": trend,
        "reductions": red,
        "measures": measures,
        "red_sectors": sectors,
        "red_agencies": agencies,
        "action_rows": action_rows,
        "status_counts": counts,
        "actions_total": acts.get("total") or 0,
        "sources": sources,
        "budget_years": years,
        "budget_total": budget.get("total") or {},
        "indicator_rows": indicators,
        "risk": risk,
        "risk_rows": risk_rows,
        "risk_source": source.get("th" if lang == "th" else "en", ""),
        "chart": chart,
        "review_year_label": year_label(red["year"]) if red.get("year") else "",
        "basis_label": figures.get("basis_label_th" if lang == "th" else "basis_label_en") or "",
        "gwp": figures.get("gwp") or "",
        "has_result": figures.get("has_result"),
    }


def _lessons(review: PlanReview, access, user, sectors) -> list[dict]:
    from climateplan.monitoring.web.models import Agency

    lang = _lang()
    lessons = list(review.lessons.select_related("action", "author"))
    codes = {lesson.agency for lesson in lessons if lesson.agency}
    agencies = {
        code: (th if lang == "th" else (en or th))
        for code, th, en in Agency.objects.filter(code__in=codes).values_list(
            "code", "name_th", "name_en"
        )
    }
    out = []
    for lesson in lessons:
        if lesson.scope == Lesson.Scope.ACTION and lesson.action is not None:
            action = lesson.action
            name = action.name_th if lang == "th" else (action.name_en or action.name_th)
            about = f"{action.code} {name}"
        elif lesson.scope == Lesson.Scope.SECTOR:
            en, th = sectors.get(lesson.sector, (lesson.sector, lesson.sector))
            about = tr(en, th)
        else:
            about = tr("The plan as a whole", "แผนโดยรวม")
        out.append(
            {
                "lesson": lesson,
                "about": about,
                "scope_label": lesson.get_scope_display().split(" / ")[1 if lang == "th" else 0],
                "agency_name": agencies.get(lesson.agency, lesson.agency),
                "can_delete": services.can_delete_lesson(access, user, lesson, review),
            }
        )
    return out


def review_context(request, plan, access, review, **extra) -> dict:
    figures = services.current_figures(review)
    sectors = _sectors()
    lang = _lang()
    chapters = []
    shown = _figures_context(figures)
    can_edit = access.can_edit_review(review, plan)
    for chapter in CHAPTERS:
        text = (review.narrative or {}).get(chapter.key) or {}
        chapters.append(
            {
                "key": chapter.key,
                "title": chapter.title(lang),
                "figures": chapter.figures,
                "text": text.get(lang) or "",
                "other_text": text.get("en" if lang == "th" else "th") or "",
                "th": text.get("th") or "",
                "en": text.get("en") or "",
            }
        )
    can_lesson = access.can_add_lesson(review, plan)
    lesson_actions = list(services.lesson_actions(access, request.user, plan)) if can_lesson else []
    transitions = [
        (a, tr(*TRANSITION_LABELS[a])) for a in access.review_transitions(review) if a != "endorse"
    ]
    sees_internals = access.sees_internals(plan)
    context = {
        **plan_context(request, plan),
        "other_page": True,
        "review": review,
        "review_title": review.title_th if lang == "th" or not review.title_en else review.title_en,
        "kind_label": review.get_kind_display().split(" / ")[1 if lang == "th" else 0],
        "state_label": review.get_state_display(),
        "frozen": not review.is_editable,
        "chapters": chapters,
        "can_edit": can_edit,
        "can_lesson": can_lesson,
        "lessons": _lessons(review, access, request.user, sectors),
        "lesson_form": LessonForm(
            initial={"revision": review.revision, "scope": Lesson.Scope.ACTION},
            actions=lesson_actions,
            sectors=sectors,
            reporter=access.role.is_agency_reporter,
        ),
        "lesson_problems": [],
        "transitions": transitions,
        "can_endorse": access.can_transition_review(review, "endorse"),
        "endorse_form": EndorseReviewForm(initial={"revision": review.revision}),
        "endorse_problems": [],
        "narrative_problems": [],
        "transition_problems": [],
        "history": services.history(review) if sees_internals else [],
        "is_published": review.state == ReviewState.PUBLISHED,
        **shown,
    }
    context.update(extra)
    return context


@require_GET
def review(request, pk: int, review_id: int):
    plan, access, found = _review(request, pk, review_id)
    return render(request, "plans/review.html", review_context(request, plan, access, found))


def _edit_refused(request, access, plan, review, en, th):
    """A change the role may make but not now: a message; otherwise 403."""
    if access.sees_internals(plan) and access.own(plan):
        messages.error(request, tr(en, th))
        return redirect(_review_url(review))
    raise PermissionDenied


@require_POST
def narrative(request, pk: int, review_id: int):
    plan, access, found = _review(request, pk, review_id)
    if not access.can_edit_review(found, plan):
        if access.role.is_editor:
            return _edit_refused(
                request,
                access,
                plan,
                found,
                "The review is locked: it can be written while it is a draft or returned.",
                "การทบทวนถูกล็อกแล้ว เขียนได้ขณะเป็นร่างหรือถูกส่งกลับเท่านั้น",
            )
        raise PermissionDenied
    texts = {}
    for chapter in CHAPTERS:
        if f"{chapter.key}_th" in request.POST or f"{chapter.key}_en" in request.POST:
            texts[chapter.key] = {
                "th": request.POST.get(f"{chapter.key}_th", ""),
                "en": request.POST.get(f"{chapter.key}_en", ""),
            }
    try:
        services.save_narrative(
            access,
            request.user,
            found,
            expected_revision=request.POST.get("revision"),
            texts=texts,
        )
    except InputError as error:
        context = review_context(request, plan, access, found, narrative_problems=_problems(error))
        return render(request, "plans/review.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_review_url(found))
    messages.success(request, tr("Saved.", "บันทึกแล้ว"))
    anchor = f"chapter-{next(iter(texts))}" if len(texts) == 1 else ""
    return redirect(_review_url(found, anchor))


@require_POST
def lesson_add(request, pk: int, review_id: int):
    plan, access, found = _review(request, pk, review_id)
    if not access.can_add_lesson(found, plan):
        if access.role.is_editor or access.role.is_agency_reporter:
            return _edit_refused(
                request,
                access,
                plan,
                found,
                "Lessons are added while the review is a draft or returned.",
                "เพิ่มบทเรียนได้ขณะการทบทวนเป็นร่างหรือถูกส่งกลับเท่านั้น",
            )
        raise PermissionDenied
    sectors = _sectors()
    actions = list(services.lesson_actions(access, request.user, plan))
    form = LessonForm(
        request.POST, actions=actions, sectors=sectors, reporter=access.role.is_agency_reporter
    )
    form.is_valid()
    post = request.POST
    try:
        services.add_lesson(
            access,
            request.user,
            found,
            expected_revision=post.get("revision"),
            scope=post.get("scope") or "",
            action_id=post.get("action") or None,
            sector=post.get("sector") or "",
            what_worked=post.get("what_worked") or "",
            barriers=post.get("barriers") or "",
            recommendations=post.get("recommendations") or "",
            sectors=sectors,
        )
    except InputError as error:
        context = review_context(
            request,
            plan,
            access,
            found,
            lesson_form=form,
            lesson_problems=_problems(error, form),
        )
        return render(request, "plans/review.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_review_url(found, "lessons"))
    messages.success(request, tr("Lesson added.", "เพิ่มบทเรียนแล้ว"))
    return redirect(_review_url(found, "lessons"))


@require_POST
def lesson_delete(request, pk: int, review_id: int, lesson_id: int):
    plan, access, found = _review(request, pk, review_id)
    lesson = get_object_or_404(Lesson, pk=lesson_id, review=found)
    if not services.can_delete_lesson(access, request.user, lesson, found):
        if access.role.is_editor or access.role.is_agency_reporter:
            return _edit_refused(
                request,
                access,
                plan,
                found,
                "This lesson cannot be removed now.",
                "ลบบทเรียนนี้ไม่ได้ในขณะนี้",
            )
        raise PermissionDenied
    try:
        services.delete_lesson(
            access, request.user, found, lesson, expected_revision=request.POST.get("revision")
        )
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
    else:
        messages.success(request, tr("Lesson removed.", "ลบบทเรียนแล้ว"))
    return redirect(_review_url(found, "lessons"))


@require_POST
def endorse(request, pk: int, review_id: int):
    plan, access, found = _review(request, pk, review_id)
    if not access.can_transition_review(found, "endorse"):
        if access.role.is_approver:
            return _edit_refused(
                request,
                access,
                plan,
                found,
                "Only a draft review can be endorsed.",
                "บันทึกการให้ความเห็นชอบได้เฉพาะการทบทวนฉบับร่าง",
            )
        raise PermissionDenied
    form = EndorseReviewForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    date_error = None
    try:
        date = parse_meeting_date(request.POST.get("date") or "")
    except ValueError:
        date = None
        date_error = tr(
            "write the date as day/month/year, e.g. 15/3/2026 (or 15/3/2569 in BE)",
            "กรุณาเขียนวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/3/2569",
        )
    try:
        services.endorse_review(
            access,
            request.user,
            found,
            expected_revision=request.POST.get("revision"),
            body=data.get("body") or "",
            meeting=data.get("meeting") or "",
            date=date,
            authority=data.get("authority") or "",
        )
    except InputError as error:
        problems = _problems(error, form)
        for problem, shown in zip(error.problems, problems, strict=True):
            if problem.column == "date" and date_error:
                shown["message"] = date_error
        context = review_context(
            request, plan, access, found, endorse_form=form, endorse_problems=problems
        )
        return render(request, "plans/review.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_review_url(found, "workflow"))
    messages.success(request, tr("Endorsement recorded.", "บันทึกการให้ความเห็นชอบแล้ว"))
    return redirect(_review_url(found, "workflow"))


@require_POST
def transition(request, pk: int, review_id: int):
    plan, access, found = _review(request, pk, review_id)
    action = request.POST.get("action") or ""
    if action not in TRANSITION_LABELS:
        messages.error(request, tr("Unknown request.", "ไม่รู้จักคำขอนี้"))
        return redirect(_review_url(found, "workflow"))
    if not access.can_transition_review(found, action):
        capable = {
            "withdraw": access.role.is_approver and access.own(plan),
            "submit": (access.role.is_editor or access.role.is_approver) and access.own(plan),
        }.get(action, access.role.is_reviewer)
        if capable:
            messages.error(
                request,
                tr(
                    "This cannot be done with the review in its present state.",
                    "ดำเนินการนี้กับการทบทวนในสถานะปัจจุบันไม่ได้",
                ),
            )
            return redirect(_review_url(found, "workflow"))
        raise PermissionDenied
    try:
        services.transition_review(
            access,
            request.user,
            found,
            action,
            expected_revision=request.POST.get("revision"),
            comment=request.POST.get("comment") or "",
        )
    except InputError as error:
        context = review_context(request, plan, access, found, transition_problems=_problems(error))
        return render(request, "plans/review.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_review_url(found, "workflow"))
    messages.success(request, tr("Done.", "ดำเนินการแล้ว"))
    return redirect(_review_url(found, "workflow"))
