# ruff: noqa: F811 - the monitoring fixtures (users, plans) are imported, then named as arguments
"""The review report made in the background (plans.web.tasks_review_documents) and the
Documents block of the review page: asked for by the province, made from the review's
revision, stored with it (PlanDocument.review), the same file returned while the
revision stands, downloadable; the public sees the reports of published reviews only."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.urls import reverse

from climateplan.plans.web import tasks_review_documents as tasks
from climateplan.plans.web.models import PlanDocument, PlanReview
from tests.monitoring.web.conftest import (  # noqa: F401 - fixtures of the monitoring tests
    draft_plan,
    monitored_plan,
    users,
)
from tests.plans.web.test_review_pages import client_of, reported, review  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = str(tmp_path)


def _ask(user, review, lang="th", fmt="pdf"):
    return client_of(user).post(
        reverse("plans:document_request", args=[review.plan_id]),
        {"review": review.pk, "lang": lang, "format": fmt},
    )


def test_the_province_asks_for_a_report_made_from_the_review_revision(users, review):
    answer = _ask(users["editor"], review)
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"/reviews/{review.pk}/#review-documents")
    document = PlanDocument.objects.get(review=review)
    assert document.status == PlanDocument.Status.QUEUED
    assert document.revision == review.revision and document.plan_id == review.plan_id
    assert tasks.run_review_document(document.pk) == "done"
    document.refresh_from_db()
    assert document.status == PlanDocument.Status.DONE and document.sha256
    # asked again while the revision stands: the same file, nothing new
    _ask(users["editor"], review)
    assert PlanDocument.objects.filter(review=review).count() == 1
    # the plan's own documents page neither lists nor reuses it
    page = client_of(users["editor"]).get(
        reverse("plans:documents", args=[review.plan_id]), HTTP_HX_REQUEST="true"
    )
    assert f'id="doc-{document.pk}"' not in page.content.decode()
    # the review page's block lists it with its download
    body = (
        client_of(users["editor"])
        .get(reverse("plans:review", args=[review.plan_id, review.pk]))
        .content.decode()
    )
    assert 'id="review-documents"' in body and f'id="doc-{document.pk}"' in body
    download = client_of(users["editor"]).get(
        reverse("plans:document_download", args=[review.plan_id, document.pk])
    )
    assert download.status_code == 200
    assert f"review-{review.pk}-r{review.revision}-th.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_docx_report_holds_the_review_chapters(users, review):
    import docx

    from climateplan.plans.review.chapters import CHAPTERS

    _ask(users["editor"], review, "en", "docx")
    document = PlanDocument.objects.get(review=review)
    tasks.run_review_document(document.pk)
    document.refresh_from_db()
    path = tasks.stored_path(document)
    opened = docx.Document(io.BytesIO(path.read_bytes()))
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{i}. {c.title_en}" for i, c in enumerate(CHAPTERS, start=1)]
    # the reductions by measure: M01 achieved 250 t (its latest accepted report, the
    # second period), M02 40 t; M03's 999 t is only submitted and not counted
    rows = {
        r.cells[0].text: [c.text for c in r.cells]
        for t in opened.tables
        for r in t.rows[1:]
        if t.rows[0].cells[0].text == "Code"
        and len(r.cells) == 6
        and t.rows[0].cells[4].text.startswith("Achieved")
    }
    assert rows["M01"][4] == "250" and rows["M02"][4] == "40" and rows["M03"][4] == "-"
    assert unicodedata.normalize("NFKC", opened.sections[0].header.paragraphs[0].text)


def test_the_public_sees_reports_of_published_reviews_only(users, review):
    _ask(users["editor"], review)
    document = PlanDocument.objects.get(review=review)
    tasks.run_review_document(document.pk)
    anonymous = client_of()
    url = reverse("plans:document_download", args=[review.plan_id, document.pk])
    assert anonymous.get(url).status_code == 404  # a draft review's report
    # nobody asks through another plan, nor for a review the user cannot see
    assert _ask(None, review).status_code in (302, 404)
    assert PlanDocument.objects.filter(review=review).count() == 1
    PlanReview.objects.filter(pk=review.pk).update(state="published")
    PlanDocument.objects.filter(pk=document.pk).update(plan_state="published")
    assert anonymous.get(url).status_code == 200
    body = anonymous.get(reverse("plans:review", args=[review.plan_id, review.pk])).content
    assert b'id="review-documents"' in body and b"make-review-pdf-th" not in body
