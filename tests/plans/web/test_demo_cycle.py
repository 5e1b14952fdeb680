"""The end of the demo plan's cycle (climateplan.plans.web.demo_cycle): a published
end-of-plan review of Bangkok's demo plan with lessons by the secretariat and a
department, its successor (made by create_successor) with carried-over actions and a
lesson linked to one, a consultation with two answered comments and one pending, and
the plan document and the review report stored and downloadable; loaded twice, nothing
changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from climateplan.plans.web.models import (
    Consultation,
    Lesson,
    PlanDocument,
    PlanReview,
    PlanState,
    PublicComment,
    ReviewState,
)
from climateplan.plans.web.services_successor import successor_actions


@pytest.fixture
def loaded(db, settings, tmp_path, monkeypatch):
    from climateplan.inventory.web.demo import create_accounts, load_demo
    from climateplan.monitoring.web import demo as monitoring_demo
    from climateplan.plans.web import demo as plan_demo
    from climateplan.plans.web import demo_cycle
    from climateplan.reports.document import charts

    settings.DATA_DIR = str(tmp_path)
    # the charts are left out here (their own tests draw them): the documents are made
    # the same way, without the chart process
    monkeypatch.setattr(
        charts, "draw_all_apart", lambda export, lang, **_kw: {p: {} for p in charts.PARTS}
    )
    create_accounts()
    load_demo()
    plan_demo.build_plan(plan_demo.BANGKOK)
    monitoring_demo.load_monitoring_demo()
    review = demo_cycle.load_cycle_demo()
    return review


def _counts():
    return tuple(
        m.objects.count() for m in (PlanReview, Lesson, Consultation, PublicComment, PlanDocument)
    )


def test_the_cycle_demo(loaded, client):
    from climateplan.plans.web import demo_cycle

    review = loaded
    assert review is not None and review.state == ReviewState.PUBLISHED
    assert review.figures  # frozen at the endorsement
    assert "สมมติ" in review.title_th and "fictional" in review.title_en
    lessons = list(review.lessons.select_related("author"))
    assert len(lessons) == 2
    assert {lesson.scope for lesson in lessons} == {Lesson.Scope.PLAN, Lesson.Scope.ACTION}
    assert {lesson.author.username for lesson in lessons} == {
        "bma-editor",
        demo_cycle.DEPARTMENT_REPORTER,
    }

    plan = review.plan
    successor = plan.successors.get()
    assert successor.state == PlanState.DRAFT
    carried = successor_actions(successor)
    assert carried and all(a.carried_from_id for a in carried)
    linked = [lesson for lesson in lessons if lesson.leads_to.exists()]
    assert len(linked) == 1
    assert set(linked[0].leads_to.values_list("section__plan_id", flat=True)) == {successor.pk}

    consultation = Consultation.objects.get(plan=successor)
    comments = PublicComment.objects.filter(consultation=consultation)
    published = comments.filter(status=PublicComment.Status.PUBLISHED)
    assert published.count() == 2
    assert all(c.answer for c in published)
    assert comments.filter(status=PublicComment.Status.PENDING).count() == 1
    # the successor's document: its consultation annex holds the two published comments
    # with their answers, not the pending one
    from climateplan.plans.web.export import plan_export
    from climateplan.reports.document.content import build_document

    annex = next(
        t for t in build_document(plan_export(successor), "th").tables() if t.key == "consultation"
    )
    cells = [" ".join(row) for row in annex.rows]
    assert len(cells) == 2
    for comment in published:
        assert any(comment.text in c and comment.answer in c for c in cells)

    documents = PlanDocument.objects.filter(plan=plan, status=PlanDocument.Status.DONE)
    plan_doc = documents.get(review__isnull=True, lang="th", format="pdf")
    report = documents.get(review=review, lang="th", format="pdf")
    for document in (plan_doc, report):
        response = client.get(reverse("plans:document_download", args=[plan.pk, document.pk]))
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")

    before = _counts()
    assert demo_cycle.load_cycle_demo() is None
    assert _counts() == before
