"""The "Documents" block of a review's page: the review reports made from it (PDF,
DOCX; Thai, English), their progress and downloads, and for the province's own people
and national users the buttons that ask for one. The public sees the finished reports
of a published review only."""

from __future__ import annotations

from django import template

from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import PlanDocument, ReviewState
from climateplan.plans.web.tasks_review_documents import reusable_review_document

register = template.Library()
SHOWN = 12


@register.inclusion_tag("plans/_review_documents.html", takes_context=True)
def review_documents(context, plan, review):
    request = context.get("request")
    user = getattr(request, "user", None)
    access = plan_access_for(user)
    internals = access.sees_internals(plan)
    documents = PlanDocument.objects.filter(review=review).select_related("plan")
    if not internals:
        documents = documents.filter(
            status=PlanDocument.Status.DONE, plan_state=ReviewState.PUBLISHED
        )
    can_request = bool(user is not None and user.is_authenticated and internals)
    current = []
    if can_request:
        for lang, lang_label in PlanDocument.Lang.choices:
            for fmt, fmt_label in PlanDocument.Format.choices:
                current.append(
                    {
                        "lang": lang,
                        "format": fmt,
                        "label": f"{fmt_label} · {lang_label}",
                        "document": reusable_review_document(review, lang, fmt),
                    }
                )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "plan": plan,
        "review": review,
        "documents": list(documents[:SHOWN]),
        "current": current,
        "can_request": can_request,
        "sees_internals": internals,
        "locked": review.state == ReviewState.PUBLISHED,
    }
