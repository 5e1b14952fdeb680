"""The plan document made in the background: requested on the plan's pages, made by the
worker, stored with the plan revision it was made from.

:func:`request_document` (the web request) takes the plan's row lock, and either returns
the document already made (or being made) from the plan's current revision in that
language and format, or records a new one with a snapshot of the plan export
(:func:`climateplan.plans.web.export.plan_export`, read inside the lock, so the snapshot
is exactly that revision) and queues :func:`make_plan_document`. A published plan's
revision never changes, so its document is made once and then always returned as it is.

The worker (queue ``default``) claims the document (queued -> running), builds it with
:func:`climateplan.reports.document.make_document`, writing the progress on the row for
the page's progress bar, stores the file under ``DATA_DIR/plan_documents/`` with its
SHA-256, and never leaves it "running": any error ends it as failed with the reason.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from climateplan.plans.web.export import plan_export
from climateplan.plans.web.models import Plan, PlanDocument
from climateplan.reports.cells import atomic_write
from climateplan.site.workflow import locked

logger = logging.getLogger(__name__)

QUEUE = "default"
PROGRESS_EVERY_S = 1.0
MESSAGE_MAX = 500
EXPORT_NAME = "plan_export.json"


def documents_root() -> Path:
    return Path(settings.DATA_DIR) / "plan_documents"


def document_folder(document: PlanDocument) -> Path:
    return documents_root() / str(document.plan_id) / str(document.pk)


def stored_path(document: PlanDocument) -> Path | None:
    """The document's file, if it is there and inside the documents folder."""
    if not document.path:
        return None
    root = documents_root().resolve()
    path = (Path(settings.DATA_DIR) / document.path).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def reusable(plan: Plan, lang: str, fmt: str) -> PlanDocument | None:
    """The document of the plan's current revision in this language and format that is
    ready or being made."""
    return (
        PlanDocument.objects.filter(
            plan=plan,
            review__isnull=True,
            revision=plan.revision,
            lang=lang,
            format=fmt,
            status__in=(
                PlanDocument.Status.DONE,
                PlanDocument.Status.QUEUED,
                PlanDocument.Status.RUNNING,
            ),
        )
        .order_by("-pk")
        .first()
    )


def request_document(plan: Plan, user, lang: str, fmt: str) -> tuple[PlanDocument, bool]:
    """(the document, whether it was newly queued). The caller has checked that the user
    may see the plan's internals."""
    created: PlanDocument | None = None
    with locked(Plan, plan.pk) as row:
        existing = reusable(row, lang, fmt)
        if existing is not None and existing.status == PlanDocument.Status.DONE:
            if stored_path(existing) is not None:
                return existing, False
            existing.status = PlanDocument.Status.FAILED  # the file went missing
            existing.message_en = "the stored file is missing; made again"
            existing.message_th = "ไม่พบไฟล์ที่เก็บไว้ จึงจัดทำใหม่"
            existing.save(update_fields=["status", "message_en", "message_th"])
        elif existing is not None:
            return existing, False
        export = plan_export(row)
        created = PlanDocument.objects.create(
            plan=row,
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
    try:
        result = make_plan_document.enqueue(created.pk)
    except Exception:
        logger.exception("could not queue plan document %s", created.pk)
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


def _finish(document_id: int, status: str, en: str, th: str, **fields) -> None:
    PlanDocument.objects.filter(pk=document_id).update(
        status=status,
        message_en=en[:MESSAGE_MAX],
        message_th=th[:MESSAGE_MAX],
        finished_at=timezone.now(),
        **fields,
    )


def store(document: PlanDocument, path: Path, data: bytes, **fields) -> None:
    """Write a made document's file atomically and mark it ready."""
    atomic_write(path, data)
    _finish(
        document.pk,
        PlanDocument.Status.DONE,
        "ready",
        "พร้อมดาวน์โหลด",
        path=str(path.relative_to(Path(settings.DATA_DIR))),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        **fields,
    )


def fail(document: PlanDocument, error: BaseException) -> None:
    """Mark a document failed, naming the error's kind (the log holds the rest)."""
    _finish(
        document.pk,
        PlanDocument.Status.FAILED,
        f"the document could not be made ({type(error).__name__}); ask the administrator "
        "to look at the worker's log",
        f"จัดทำเอกสารไม่สำเร็จ ({type(error).__name__}) กรุณาแจ้งผู้ดูแลระบบให้ตรวจบันทึกของ worker",
    )


def claim(document_id: int) -> PlanDocument | None:
    with transaction.atomic():
        claimed = PlanDocument.objects.filter(
            pk=document_id, status=PlanDocument.Status.QUEUED
        ).update(
            status=PlanDocument.Status.RUNNING,
            started_at=timezone.now(),
            message_en="starting",
            message_th="กำลังเริ่ม",
        )
    if not claimed:
        return None
    return PlanDocument.objects.select_related("plan").get(pk=document_id)


class ProgressWriter:
    """``progress(done, total, "ไทย / English")`` for make_document: writes the row at
    most every ``every`` seconds (and always the last step)."""

    def __init__(self, document_id: int, every: float = PROGRESS_EVERY_S, clock=time.monotonic):
        self.document_id = document_id
        self.every = every
        self.clock = clock
        self.last: float | None = None

    def __call__(self, done: int, total: int, message: str) -> None:
        now = self.clock()
        final = total > 0 and done >= total
        if self.last is not None and now - self.last < self.every and not final:
            return
        self.last = now
        th, sep, en = str(message).partition(" / ")
        PlanDocument.objects.filter(pk=self.document_id).update(
            done=max(int(done), 0),
            total=max(int(total), 0),
            message_th=th[:MESSAGE_MAX],
            message_en=(en if sep else th)[:MESSAGE_MAX],
        )


def run_plan_document(document_id: int, *, charts_apart: bool = True) -> str:
    """The work of :func:`make_plan_document` (callable directly, e.g. from tests)."""
    from climateplan.reports.document import make_document

    document = claim(document_id)
    if document is None:
        return "skipped"
    try:
        folder = document_folder(document)
        export = json.loads((folder / EXPORT_NAME).read_text(encoding="utf-8"))
        data = make_document(
            export,
            document.format,
            document.lang,
            progress=ProgressWriter(document.pk),
            charts_apart=charts_apart,
            chart_cache=documents_root() / "charts",
        )
        store(document, folder / document.filename, data)
        return "done"
    except BaseException as error:  # never leave the document "running"
        logger.exception("plan document %s failed", document_id)
        fail(document, error)
        raise


@task(queue_name=QUEUE)
def make_plan_document(document_id: int) -> str:
    """One PlanDocument (see the module doc)."""
    return run_plan_document(document_id)


__all__ = [
    "document_folder",
    "documents_root",
    "fail",
    "make_plan_document",
    "request_document",
    "reusable",
    "run_plan_document",
    "store",
    "stored_path",
]
