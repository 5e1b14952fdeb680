"""The review report made in the background, stored with the review revision it was
made from (a :class:`PlanDocument` with ``review`` set).

:func:`request_review_document` takes the review's row lock and either returns the
report already made (or being made) from the review's current revision in that language
and format, or records a new one with a snapshot of :func:`review_export` (read inside
the lock) and queues :func:`make_review_document`. The figures in the snapshot are the
review's stored figures once the province has endorsed it, so an endorsed or published
review's report is made from exactly what was endorsed; a published review's revision
never changes, so its report is made once and then always returned as it is.
"""

from __future__ import annotations

import json
import logging

from django_tasks import task

from climateplan.plans.period import period_label
from climateplan.plans.web import services_review
from climateplan.plans.web.export import _province
from climateplan.plans.web.models import Lesson, PlanDocument, PlanReview
from climateplan.plans.web.tasks_documents import (
    EXPORT_NAME,
    QUEUE,
    ProgressWriter,
    _finish,
    claim,
    document_folder,
    fail,
    store,
    stored_path,
)
from climateplan.reports.cells import atomic_write
from climateplan.reports.document.review import SCHEMA
from climateplan.site.workflow import locked

logger = logging.getLogger(__name__)

LIVE = (PlanDocument.Status.DONE, PlanDocument.Status.QUEUED, PlanDocument.Status.RUNNING)


def _lessons(review: PlanReview) -> list[dict]:
    from climateplan.monitoring.web.dashboard import gpc_sector_labels, nap_sector_labels
    from climateplan.monitoring.web.models import Agency

    sectors = {f"gpc:{k}": v for k, v in gpc_sector_labels().items()}
    sectors.update({f"nap:{k}": v for k, v in nap_sector_labels().items()})
    lessons = list(review.lessons.select_related("action").order_by("position", "pk"))
    codes = {lesson.agency for lesson in lessons if lesson.agency}
    agencies = {
        code: (th, en or th)
        for code, th, en in Agency.objects.filter(code__in=codes).values_list(
            "code", "name_th", "name_en"
        )
    }
    out = []
    for lesson in lessons:
        if lesson.scope == Lesson.Scope.ACTION and lesson.action is not None:
            action = lesson.action
            about_th = f"{action.code} {action.name_th}"
            about_en = f"{action.code} {action.name_en or action.name_th}"
        elif lesson.scope == Lesson.Scope.SECTOR:
            about_en, about_th = sectors.get(lesson.sector, (lesson.sector, lesson.sector))
        else:
            about_en, about_th = "", ""
        th, en = agencies.get(lesson.agency, (lesson.agency, lesson.agency))
        out.append(
            {
                "scope": lesson.scope,
                "about_th": about_th,
                "about_en": about_en,
                "agency": th,
                "agency_en": en,
                "what_worked": lesson.what_worked,
                "barriers": lesson.barriers,
                "recommendations": lesson.recommendations,
            }
        )
    return out


def review_export(review: PlanReview) -> dict:
    """What the review report is made from, as plain JSON
    (:func:`climateplan.reports.document.review.check_review_export`)."""
    plan = review.plan
    return {
        "schema": SCHEMA,
        "plan": {
            "id": plan.pk,
            "version": plan.version,
            "title_th": plan.title_th,
            "title_en": plan.title_en,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "base_year": plan.base_year,
            "period_th": period_label(plan.start_year, plan.end_year, "th"),
            "period_en": period_label(plan.start_year, plan.end_year, "en"),
        },
        "province": _province(plan.province),
        "review": {
            "id": review.pk,
            "kind": review.kind,
            "as_of": review.as_of.isoformat(),
            "title_th": review.title_th,
            "title_en": review.title_en,
            "state": review.state,
            "revision": review.revision,
            "figures": services_review.current_figures(review),
            "narrative": review.narrative or {},
        },
        "lessons": _lessons(review),
    }


def reusable_review_document(review: PlanReview, lang: str, fmt: str) -> PlanDocument | None:
    """The report of the review's current revision in this language and format that is
    ready or being made."""
    return (
        PlanDocument.objects.filter(
            review=review, revision=review.revision, lang=lang, format=fmt, status__in=LIVE
        )
        .order_by("-pk")
        .first()
    )


def request_review_document(
    review: PlanReview, user, lang: str, fmt: str, *, queue: bool = True
) -> tuple[PlanDocument, bool]:
    """(the report, whether it was newly recorded). The caller has checked that the user
    may see the review. ``queue=False`` records it without queueing (the caller runs
    :func:`run_review_document` itself)."""
    with locked(PlanReview, review.pk) as row:
        existing = reusable_review_document(row, lang, fmt)
        if existing is not None and existing.status == PlanDocument.Status.DONE:
            if stored_path(existing) is not None:
                return existing, False
            existing.status = PlanDocument.Status.FAILED
            existing.message_en = "the stored file is missing; made again"
            existing.message_th = "ไม่พบไฟล์ที่เก็บไว้ จึงจัดทำใหม่"
            existing.save(update_fields=["status", "message_en", "message_th"])
        elif existing is not None:
            return existing, False
        export = review_export(row)
        created = PlanDocument.objects.create(
            plan=row.plan,
            review=row,
            revision=row.revision,
            plan_state=row.state,
            lang=lang,
            format=fmt,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            message_en="waiting for the worker",
            message_th="รอคิวจัดทำเอกสาร",
        )
        folder = document_folder(created)
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / EXPORT_NAME, json.dumps(export, ensure_ascii=False).encode("utf-8"))
    if not queue:
        return created, True
    try:
        result = make_review_document.enqueue(created.pk)
    except Exception:
        logger.exception("could not queue review document %s", created.pk)
        _finish(
            created.pk,
            PlanDocument.Status.FAILED,
            "the document could not be queued: ask the administrator",
            "ส่งงานเข้าคิวไม่ได้ กรุณาแจ้งผู้ดูแลระบบ",
        )
        raise
    PlanDocument.objects.filter(pk=created.pk).update(task_id=str(result.id)[:64])
    created.refresh_from_db()
    return created, True


def review_filename(document: PlanDocument) -> str:
    return f"review-{document.review_id}-r{document.revision}-{document.lang}.{document.format}"


def run_review_document(document_id: int) -> str:
    """The work of :func:`make_review_document` (callable directly)."""
    from climateplan.reports.document.review import make_review_document as make

    document = claim(document_id)
    if document is None:
        return "skipped"
    try:
        folder = document_folder(document)
        export = json.loads((folder / EXPORT_NAME).read_text(encoding="utf-8"))
        progress = ProgressWriter(document.pk)
        progress(0, 1, "กำลังจัดทำรายงาน / making the report")
        data = make(export, document.format, document.lang)
        store(document, folder / review_filename(document), data, done=1, total=1)
        return "done"
    except BaseException as error:  # never leave the document "running"
        logger.exception("review document %s failed", document_id)
        fail(document, error)
        raise


@task(queue_name=QUEUE)
def make_review_document(document_id: int) -> str:
    """One review report (see the module doc)."""
    return run_review_document(document_id)


__all__ = [
    "make_review_document",
    "request_review_document",
    "reusable_review_document",
    "review_export",
    "review_filename",
    "run_review_document",
]
