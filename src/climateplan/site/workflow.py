"""Workflow writes: the state and the revision are checked at commit time, atomically.

Every record that goes through the workflow (an inventory now; a plan section, an
action, a progress report later) has a ``state`` and a ``revision``. Each write
names the revision it was made on. Checking the state and the revision when the
request starts is not enough: a long upload can be parsed while a reviewer
approves, and would then land on the approved record. So every write path does
its slow work (parsing, validating, computing) first, outside any transaction,
and then, in one short transaction:

1. :func:`locked` takes the record's row lock (``SELECT ... FOR UPDATE`` on
   PostgreSQL; on SQLite the transaction takes the database's write lock when it
   starts, ``transaction_mode = IMMEDIATE`` in settings),
2. calls ``check(row)`` on the row as it is now: state, latest version,
   permission, and raises if the write is no longer allowed,
3. compares the revision with the one the write was made on (:class:`Conflict`
   otherwise) and takes the next one (:func:`locked_write`),
4. lets the caller write, and commits; any exception rolls everything back.

Usage (any model with ``state`` and ``revision``)::

    result = compute(...)  # slow, outside the transaction
    with locked_write(Plan, plan.pk, expected_revision=rev, check=may_edit(user)) as row:
        row.sections.update(...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import models, transaction
from django.utils import timezone


class WorkflowError(Exception):
    """A change the workflow does not allow now (bilingual message)."""

    def __init__(self, message_en: str, message_th: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_th = message_th


class Conflict(WorkflowError):
    """Someone else changed the record since the user loaded it."""

    def __init__(self, current_revision: int) -> None:
        super().__init__(
            "someone else changed this since you opened it (now revision "
            f"{current_revision}): reload it, check their changes, then make yours again",
            "มีผู้อื่นแก้ไขข้อมูลนี้หลังจากที่คุณเปิด (ฉบับแก้ไขที่ "
            f"{current_revision}): กรุณาโหลดใหม่ ตรวจสอบการแก้ไขของผู้อื่น แล้วแก้ไขอีกครั้ง",
        )
        self.current_revision = current_revision


class MissingRevision(WorkflowError):
    def __init__(self) -> None:
        super().__init__(
            "the revision you edited is missing (reload the page)",
            "ไม่พบหมายเลขฉบับแก้ไขที่คุณแก้ (กรุณาโหลดหน้าใหม่)",
        )


def _revision(expected_revision) -> int:
    if expected_revision is None or expected_revision == "":
        raise MissingRevision
    try:
        return int(expected_revision)
    except (TypeError, ValueError) as exc:
        raise MissingRevision from exc


def expect_revision(model: type[models.Model], pk, expected_revision) -> int:
    """Refuse early (before slow work) when the record has moved on; returns the revision.

    Only a courtesy to the user: :func:`locked_write` checks again at commit time.
    """
    expected = _revision(expected_revision)
    current = model._default_manager.filter(pk=pk).values_list("revision", flat=True).get()
    if current != expected:
        raise Conflict(current)
    return expected


@contextmanager
def locked(
    model: type[models.Model], pk, *, check: Callable[[models.Model], None] | None = None
) -> Iterator[models.Model]:
    """The record's row, locked for the rest of a new transaction, after ``check(row)``."""
    with transaction.atomic():
        row = model._default_manager.select_for_update().get(pk=pk)
        if check is not None:
            check(row)
        yield row


@contextmanager
def locked_write(
    model: type[models.Model],
    pk,
    *,
    expected_revision,
    check: Callable[[models.Model], None] | None = None,
) -> Iterator[models.Model]:
    """:func:`locked`, then the revision compared and the next one taken.

    Inside the block, ``row.revision`` is the new revision (the one the write
    produces); the row is saved with it before the block runs.
    """
    expected = _revision(expected_revision)
    with locked(model, pk, check=check) as row:
        if row.revision != expected:
            raise Conflict(row.revision)
        row.revision = expected + 1
        fields = ["revision"]
        if any(f.name == "updated_at" for f in row._meta.concrete_fields):
            row.updated_at = timezone.now()
            fields.append("updated_at")
        row.save(update_fields=fields)
        yield row
