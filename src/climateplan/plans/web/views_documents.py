"""The plan's documents: the plan document (PDF, DOCX; Thai, English) made in the
background, its progress, its download, and the plan export (JSON) it is made from.

Scoping (:mod:`climateplan.plans.web.access`): a plan outside a user's view is a 404.
The province's own people and national users see every document of the plan and may
ask for one; the public sees the finished documents of published plans only, and the
export of a published plan.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import plan_context, visible_plan
from climateplan.plans.web.export import plan_export
from climateplan.plans.web.models import PlanDocument, PlanState
from climateplan.plans.web.tasks_documents import request_document, reusable, stored_path
from climateplan.plans.web.tasks_review_documents import review_filename
from climateplan.site.bilingual import tr

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SHOWN = 12  # documents listed on the page (newest first)


class DocumentRequestForm(forms.Form):
    lang = forms.ChoiceField(choices=PlanDocument.Lang.choices)
    format = forms.ChoiceField(choices=PlanDocument.Format.choices)


def _readable(request, pk: int):
    """The plan and the user's access; the public reads published plans only."""
    plan = visible_plan(request, pk)
    access = plan_access_for(request.user)
    if not access.sees_internals(plan) and plan.state != PlanState.PUBLISHED:
        raise Http404
    return plan, access


def _documents(plan, access):
    documents = PlanDocument.objects.filter(plan=plan, review__isnull=True).select_related("plan")
    if not access.sees_internals(plan):
        documents = documents.filter(
            status=PlanDocument.Status.DONE, plan_state=PlanState.PUBLISHED
        )
    return list(documents[:SHOWN])


def _current(plan) -> list[dict]:
    """Per language and format: the document of the plan's current revision, if any."""
    rows = []
    for lang, lang_label in PlanDocument.Lang.choices:
        for fmt, fmt_label in PlanDocument.Format.choices:
            rows.append(
                {
                    "lang": lang,
                    "format": fmt,
                    "label": f"{fmt_label} · {lang_label}",
                    "document": reusable(plan, lang, fmt),
                }
            )
    return rows


def _block_context(request, plan, access) -> dict:
    can_request = request.user.is_authenticated and access.sees_internals(plan)
    return {
        "plan": plan,
        "documents": _documents(plan, access),
        "current": _current(plan) if can_request else [],
        "can_request": can_request,
        "sees_internals": access.sees_internals(plan),
        "locked": plan.state == PlanState.PUBLISHED,
    }


@require_GET
def documents(request, pk: int):
    """The documents block (an htmx request from the overview) or the documents page."""
    plan, access = _readable(request, pk)
    context = _block_context(request, plan, access)
    if request.headers.get("HX-Request"):
        return render(request, "plans/_documents.html", context)
    page = plan_context(request, plan)
    page.update(context)
    page["other_page"] = True
    return render(request, "plans/documents.html", page)


@require_POST
def request_view(request, pk: int):
    """Ask for a document of the plan's current revision (the stored one when it exists)."""
    plan, access = _readable(request, pk)
    if not (request.user.is_authenticated and access.sees_internals(plan)):
        raise Http404
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            tr(
                "Choose a language (th or en) and a format (pdf or docx).",
                "เลือกภาษา (th หรือ en) และรูปแบบไฟล์ (pdf หรือ docx)",
            ),
        )
        return redirect("plans:documents", pk=plan.pk)
    review = None
    if request.POST.get("review"):  # a review report (the Documents block of a review)
        from climateplan.plans.web.tasks_review_documents import request_review_document

        wanted = str(request.POST["review"])[:12]
        review = access.reviews(plan).filter(pk=wanted).first() if wanted.isdigit() else None
        if review is None:
            raise Http404
        document, queued = request_review_document(
            review, request.user, form.cleaned_data["lang"], form.cleaned_data["format"]
        )
    else:
        document, queued = request_document(
            plan, request.user, form.cleaned_data["lang"], form.cleaned_data["format"]
        )
    if queued:
        messages.success(
            request,
            tr(
                "The document is being made: its progress shows below.",
                "กำลังจัดทำเอกสาร ดูความคืบหน้าด้านล่าง",
            ),
        )
    elif document.status == PlanDocument.Status.DONE:
        messages.info(
            request,
            tr(
                "This revision's document is ready: it was made before and is kept as it is.",
                "เอกสารของฉบับแก้ไขนี้จัดทำไว้แล้ว และเก็บไว้ตามเดิม",
            ),
        )
    if review is not None:
        return redirect(reverse("plans:review", args=[plan.pk, review.pk]) + "#review-documents")
    return redirect(reverse("plans:documents", args=[plan.pk]) + f"#doc-{document.pk}")


def _visible_document(request, pk: int, document_id: int):
    plan, access = _readable(request, pk)
    document = get_object_or_404(PlanDocument, pk=document_id, plan=plan)
    if not access.sees_internals(plan) and not (
        document.status == PlanDocument.Status.DONE and document.plan_state == PlanState.PUBLISHED
    ):
        raise Http404
    return plan, access, document


@require_GET
def status(request, pk: int, document_id: int):
    """The document's row (a partial the page polls every 2 s while it is being made)."""
    plan, access, document = _visible_document(request, pk, document_id)
    return render(
        request,
        "plans/_document_row.html",
        {"plan": plan, "d": document, "sees_internals": access.sees_internals(plan)},
    )


@require_GET
def download(request, pk: int, document_id: int):
    _plan, _access, document = _visible_document(request, pk, document_id)
    if document.status != PlanDocument.Status.DONE:
        raise Http404
    path = stored_path(document)
    if path is None:
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=review_filename(document) if document.review_id else document.filename,
        content_type=CONTENT_TYPES[document.format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def export_json(request, pk: int):
    """The plan export the document is made from (``climateplan plan document`` reads it)."""
    plan, _access = _readable(request, pk)
    body = json.dumps(plan_export(plan), ensure_ascii=False, indent=1).encode("utf-8")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"plan-{plan.pk}-v{plan.version}-r{plan.revision}-export.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


__all__ = ["documents", "download", "export_json", "request_view", "status"]
