"""The public consultation on a draft plan (under ``plans/<pk>/consultation/``): the page
the public reads and comments from, the province's moderation queue, and the forms
that open, close and extend a consultation and write its summary.

Scoping (:mod:`climateplan.plans.web.access`): a plan outside a user's view is a 404;
the public reads a draft while it is open for comment, and a published plan; the
moderation queue and the management forms are internals of the plan (404 to those who
do not see internals, 403 to the province's people and national users who are not the
province's editors). Every change goes through
:mod:`climateplan.plans.web.services_consultation`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from climateplan.errors import InputError
from climateplan.plans.web import services_consultation as services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import plan_context, visible_plan
from climateplan.plans.web.forms import parse_meeting_date
from climateplan.plans.web.models import Consultation, Plan, PublicComment, SectionKind
from climateplan.site.bilingual import is_thai, tr
from climateplan.site.client_ip import client_ip

HONEYPOT = "website"  # a field people never see; programs that fill every field fill it


def _lang() -> str:
    return "th" if is_thai() else "en"


# --------------------------------------------------------------------------- forms


def section_choices() -> list[tuple[str, str]]:
    lang = _lang()
    return [("", services.section_label("", lang))] + [
        (kind, services.section_label(kind, lang)) for kind in SectionKind.values
    ]


class CommentForm(forms.Form):
    section_kind = forms.ChoiceField(required=False, choices=[])
    text = forms.CharField(
        max_length=services.TEXT_MAX + 200, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(max_length=200, required=False)
    affiliation = forms.CharField(max_length=300, required=False)
    email = forms.CharField(max_length=254, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "section_kind": ("Your comment is about", "ความคิดเห็นเกี่ยวกับ"),
            "text": (
                f"Your comment ({services.TEXT_MIN}-{services.TEXT_MAX} characters)",
                f"ความคิดเห็นของคุณ ({services.TEXT_MIN}-{services.TEXT_MAX} ตัวอักษร)",
            ),
            "name": ("Your name (optional, shown)", "ชื่อของคุณ (ไม่บังคับ แสดงต่อสาธารณะ)"),
            "affiliation": (
                "Organisation or community (optional, shown)",
                "หน่วยงานหรือชุมชน (ไม่บังคับ แสดงต่อสาธารณะ)",
            ),
            "email": (
                "E-mail (optional, never shown; for the province's reply only)",
                "อีเมล (ไม่บังคับ ไม่แสดงต่อสาธารณะ ใช้เพื่อให้จังหวัดติดต่อกลับเท่านั้น)",
            ),
        }
        for name, (en, th) in labels.items():
            self.fields[name].label = tr(en, th)
        self.fields["section_kind"].choices = section_choices()
        self.fields["text"].widget.attrs["maxlength"] = services.TEXT_MAX
        self.fields["text"].widget.attrs["minlength"] = services.TEXT_MIN
        self.fields["email"].widget.input_type = "email"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


def comment_form(consultation: Consultation, *, data=None, section_kind: str = "") -> CommentForm:
    """A form with the signed moment it was shown (a fresh one each time it is shown)."""
    initial = {"token": services.form_token(consultation), "section_kind": section_kind}
    form = CommentForm(data=data, initial=initial)
    if data is not None:
        # shown again after a refusal: the sender's words stay, the moment is new
        data = data.copy()
        data["token"] = initial["token"]
        form = CommentForm(data=data, initial=initial)
    return form


class PeriodForm(forms.Form):
    opens = forms.CharField(max_length=20, required=False)
    closes = forms.CharField(max_length=20, required=False)
    intro_th = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    intro_en = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "opens": ("Opens on (day/month/year)", "เปิดรับฟังตั้งแต่วันที่ (วัน/เดือน/ปี พ.ศ.)"),
            "closes": (
                f"Closes after (day/month/year; at most {services.MAX_DAYS} days)",
                f"ปิดรับฟังหลังวันที่ (วัน/เดือน/ปี พ.ศ. ไม่เกิน {services.MAX_DAYS} วัน)",
            ),
            "intro_th": ("Introduction in Thai", "คำชี้แจงภาษาไทย"),
            "intro_en": ("Introduction in English", "คำชี้แจงภาษาอังกฤษ"),
        }
        for name, (en, th) in labels.items():
            self.fields[name].label = tr(en, th)
        self.fields["opens"].widget.attrs["placeholder"] = tr("1/3/2026", "1/3/2569")
        self.fields["closes"].widget.attrs["placeholder"] = tr("31/3/2026", "31/3/2569")


class SummaryForm(forms.Form):
    summary_th = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
    summary_en = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary_th"].label = tr(
            "What was heard and what changed (Thai)", "สิ่งที่ได้รับฟังและสิ่งที่ปรับแก้ในแผน (ภาษาไทย)"
        )
        self.fields["summary_en"].label = tr(
            "What was heard and what changed (English)",
            "สิ่งที่ได้รับฟังและสิ่งที่ปรับแก้ในแผน (ภาษาอังกฤษ)",
        )


# --------------------------------------------------------------------------- helpers


def _problems(error: InputError, form=None) -> list[dict]:
    lang = _lang()
    out = []
    for p in error.problems:
        field = form.fields.get(p.column or "") if form is not None else None
        out.append(
            {
                "label": str(field.label) if field is not None else "",
                "message": p.message_th if lang == "th" else p.message_en,
            }
        )
    return out


def _date_problem(form: PeriodForm, name: str) -> dict:
    return {
        "label": str(form.fields[name].label),
        "message": tr(
            "write the date as day/month/year, e.g. 31/3/2026 (or 31/3/2569 in BE)",
            "กรุณาเขียนวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 31/3/2569",
        ),
    }


def _page_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("plans:consultation", args=[plan.pk])
    return f"{url}#{anchor}" if anchor else url


def _manager(request, pk: int):
    """The plan and access of a management request: internals of the plan, the province's
    editors only."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.sees_internals(plan):
        raise Http404
    if not access.can_moderate(plan):
        raise PermissionDenied
    return plan, access


def _comment_rows(plan: Plan, consultation: Consultation, show_answers: bool) -> list[dict]:
    lang = _lang()
    return [
        {
            "comment": c,
            "section": services.section_label(c.section_kind, lang),
            "received": timezone.localdate(c.created_at),
            "answer": c.answer if show_answers else "",
        }
        for c in consultation.comments.filter(status=PublicComment.Status.PUBLISHED)
    ]


def _page_context(request, plan: Plan, **extra) -> dict:
    access = plan_access_for(request.user)
    current = services.current_consultation(plan)
    consultations = list(plan.consultations.order_by("-opens", "-pk"))
    show_answers = services.answers_public(plan) or access.sees_internals(plan)
    blocks = [
        {
            "consultation": c,
            "first_day": services.first_day(c),
            "last_day": services.last_day(c),
            "open": services.is_open(c),
            "planned": c.state == Consultation.State.OPEN
            and not services.is_open(c)
            and c.closes > timezone.now(),
            "intro": (c.intro_th if _lang() == "th" else c.intro_en) or c.intro_th or c.intro_en,
            "summary": (c.summary_th if _lang() == "th" else c.summary_en)
            or c.summary_th
            or c.summary_en,
            "rows": _comment_rows(plan, c, show_answers),
            "counts": services.counts(c) if access.can_moderate(plan) else None,
            "summary_form": SummaryForm(
                initial={"summary_th": c.summary_th, "summary_en": c.summary_en}
            ),
        }
        for c in consultations
    ]
    can_manage = access.can_moderate(plan)
    has_pending = any(b["open"] or b["planned"] for b in blocks)
    context = {
        **plan_context(request, plan),
        "other_page": True,
        "consultation_page": True,
        "current": current,
        "blocks": blocks,
        "show_answers": show_answers,
        "answers_later": not services.answers_public(plan),
        "can_manage": can_manage,
        "can_open": access.can_open_consultation(plan) and not has_pending,
        "period_form": PeriodForm(),
        "honeypot": HONEYPOT,
    }
    if current is not None and "form" not in extra:
        context["form"] = comment_form(current, section_kind=request.GET.get("section", ""))
    context.update(extra)
    return context


# --------------------------------------------------------------------------- the public


@require_GET
def consultation(request, pk: int):
    """The plan's consultation: how to comment, the published comments and answers, the
    province's summary; the province's editors also manage it here."""
    plan = visible_plan(request, pk)
    return render(request, "plans/consultation.html", _page_context(request, plan))


@require_POST
def comment(request, pk: int):
    plan = visible_plan(request, pk)
    current = services.current_consultation(plan)
    if current is None:
        messages.error(
            request,
            tr(
                "The consultation is closed: comments are no longer taken.",
                "การรับฟังความคิดเห็นปิดแล้ว ไม่สามารถส่งความคิดเห็นได้",
            ),
        )
        return redirect(_page_url(plan))
    post = request.POST
    data = services.CommentInput(
        text=post.get("text", ""),
        section_kind=post.get("section_kind", ""),
        name=post.get("name", ""),
        affiliation=post.get("affiliation", ""),
        email=post.get("email", ""),
        honeypot=post.get(HONEYPOT, ""),
        token=post.get("token", ""),
    )
    try:
        services.submit_comment(current, data, client_address=client_ip(request))
    except services.CommentRefused as error:
        form = comment_form(current, data=post)
        refusal = tr(error.message_en, error.message_th)
        context = _page_context(request, plan, form=form, refusal=refusal)
        return render(request, "plans/consultation.html", context)
    except InputError as error:
        form = comment_form(current, data=post)
        context = _page_context(request, plan, form=form, problems=_problems(error, form))
        return render(request, "plans/consultation.html", context, status=400)
    messages.success(
        request,
        tr(
            "Thank you. Your comment has been received; it appears here once the province "
            "has read it.",
            "ขอบคุณสำหรับความคิดเห็น จังหวัดได้รับความคิดเห็นของคุณแล้ว และจะแสดงในหน้านี้เมื่อจังหวัดตรวจสอบแล้ว",
        ),
    )
    return redirect(_page_url(plan, "comments"))


# --------------------------------------------------------------------------- the province


def _period(request, form: PeriodForm) -> tuple[object, object, list[dict]]:
    problems, values = [], {}
    for name in ("opens", "closes"):
        try:
            day = parse_meeting_date(request.POST.get(name) or "")
        except ValueError:
            day = None
            problems.append(_date_problem(form, name))
        values[name] = day
    opens = services.local_start(values["opens"]) if values["opens"] else None
    closes = services.local_end(values["closes"]) if values["closes"] else None
    return opens, closes, problems


@require_POST
def open_consultation(request, pk: int):
    plan, access = _manager(request, pk)
    if not access.can_open_consultation(plan):
        messages.error(
            request,
            tr(
                "A consultation is opened on the latest version of a draft or endorsed plan.",
                "เปิดรับฟังความคิดเห็นได้เฉพาะแผนฉบับล่าสุดที่เป็นร่างหรือได้รับความเห็นชอบแล้ว",
            ),
        )
        return redirect(_page_url(plan))
    form = PeriodForm(request.POST)
    form.is_valid()
    opens, closes, date_problems = _period(request, form)
    try:
        services.open_consultation(
            access,
            request.user,
            plan,
            opens=opens,
            closes=closes,
            intro_th=request.POST.get("intro_th", ""),
            intro_en=request.POST.get("intro_en", ""),
        )
    except InputError as error:
        shown = {p["label"] for p in date_problems}
        problems = date_problems + [p for p in _problems(error, form) if p["label"] not in shown]
        context = _page_context(request, plan, period_form=form, open_problems=problems)
        return render(request, "plans/consultation.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_page_url(plan))
    messages.success(request, tr("The consultation is open.", "เปิดรับฟังความคิดเห็นแล้ว"))
    return redirect(_page_url(plan))


def _consultation(plan: Plan, consultation_id: int) -> Consultation:
    found = get_object_or_404(Consultation, plan=plan, pk=consultation_id)
    found.plan = plan
    return found


@require_POST
def close(request, pk: int, consultation_id: int):
    plan, access = _manager(request, pk)
    found = _consultation(plan, consultation_id)
    try:
        services.close_consultation(access, request.user, found)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
    else:
        messages.success(request, tr("The consultation is closed.", "ปิดรับฟังความคิดเห็นแล้ว"))
    return redirect(_page_url(plan))


@require_POST
def extend(request, pk: int, consultation_id: int):
    plan, access = _manager(request, pk)
    found = _consultation(plan, consultation_id)
    if not (found.state == Consultation.State.OPEN and found.closes > timezone.now()):
        messages.error(
            request,
            tr("This consultation is already closed.", "การรับฟังความคิดเห็นนี้ปิดไปแล้ว"),
        )
        return redirect(_page_url(plan))
    form = PeriodForm(request.POST)
    form.is_valid()
    _, closes, date_problems = _period(request, form)
    try:
        services.extend_consultation(access, request.user, found, closes)
    except InputError as error:
        problems = date_problems or _problems(error, form)
        for p in problems:
            messages.error(request, f"{p['label']}: {p['message']}" if p["label"] else p["message"])
        return redirect(_page_url(plan, f"consultation-{found.pk}"))
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_page_url(plan))
    messages.success(request, tr("The closing day is extended.", "ขยายวันปิดรับฟังความคิดเห็นแล้ว"))
    return redirect(_page_url(plan, f"consultation-{found.pk}"))


@require_POST
def summary(request, pk: int, consultation_id: int):
    plan, access = _manager(request, pk)
    found = _consultation(plan, consultation_id)
    form = SummaryForm(request.POST)
    form.is_valid()
    try:
        services.save_summary(
            access,
            request.user,
            found,
            summary_th=request.POST.get("summary_th", ""),
            summary_en=request.POST.get("summary_en", ""),
        )
    except InputError as error:
        context = _page_context(request, plan, summary_problems=_problems(error, form))
        return render(request, "plans/consultation.html", context, status=400)
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(_page_url(plan))
    messages.success(request, tr("Summary saved.", "บันทึกสรุปแล้ว"))
    return redirect(_page_url(plan, f"consultation-{found.pk}"))


STATUS_ORDER = {
    PublicComment.Status.PENDING: 0,
    PublicComment.Status.PUBLISHED: 1,
    PublicComment.Status.REJECTED: 2,
}


@require_GET
def moderation(request, pk: int):
    """Every comment of the plan's consultations, those awaiting moderation first."""
    plan, _ = _manager(request, pk)
    lang = _lang()
    comments = sorted(
        PublicComment.objects.filter(consultation__plan=plan).select_related("consultation"),
        key=lambda c: (STATUS_ORDER.get(c.status, 9), c.created_at, c.pk),
    )
    totals = dict.fromkeys(PublicComment.Status.values, 0)
    for c in comments:
        totals[c.status] += 1
    context = {
        **plan_context(request, plan),
        "other_page": True,
        "consultation_page": True,  # the banner's links lead here: not shown
        "rows": [
            {
                "comment": c,
                "section": services.section_label(c.section_kind, lang),
                "status_label": c.get_status_display(),
            }
            for c in comments
        ],
        "totals": totals,
        "unanswered": sum(1 for c in comments if not c.answer),
    }
    return render(request, "plans/consultation_moderation.html", context)


def _comment(plan: Plan, comment_id: int) -> PublicComment:
    found = get_object_or_404(
        PublicComment.objects.select_related("consultation"),
        consultation__plan=plan,
        pk=comment_id,
    )
    found.consultation.plan = plan
    return found


def _moderation_url(plan: Plan, comment_id: int) -> str:
    return (
        reverse("plans:consultation_moderation", args=[plan.pk]) + f"#public-comment-{comment_id}"
    )


@require_POST
def moderate(request, pk: int, comment_id: int):
    plan, access = _manager(request, pk)
    found = _comment(plan, comment_id)
    action = request.POST.get("action", "")
    try:
        services.moderate_comment(access, request.user, found, action, request.POST.get("note", ""))
    except InputError as error:
        for p in _problems(error):
            messages.error(request, p["message"])
    except services.WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
    else:
        messages.success(
            request,
            tr("The comment is published.", "เผยแพร่ความคิดเห็นแล้ว")
            if action == "publish"
            else tr("The comment is not published.", "ไม่เผยแพร่ความคิดเห็นนี้แล้ว"),
        )
    return redirect(_moderation_url(plan, found.pk))


@require_POST
def answer(request, pk: int, comment_id: int):
    plan, access = _manager(request, pk)
    found = _comment(plan, comment_id)
    try:
        services.answer_comment(access, request.user, found, request.POST.get("answer", ""))
    except InputError as error:
        for p in _problems(error):
            messages.error(request, p["message"])
    else:
        messages.success(request, tr("Answer saved.", "บันทึกคำตอบแล้ว"))
    return redirect(_moderation_url(plan, found.pk))
