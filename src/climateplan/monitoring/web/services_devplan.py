"""The write path of a province's development plans (แผนพัฒนาจังหวัด).

Who: the province's editors write; the province's people and national users read;
nobody else sees them (a 404). The file or the form is read and checked by the core
(:mod:`climateplan.monitoring.devplan`) first, outside any transaction; then one short
transaction takes the development plan's row lock (:func:`climateplan.site.workflow.locked`),
checks that nobody changed it since the page was made (its ``updated_at`` stamp, sent
back by the page) and replaces the items. Items are matched by code: an item whose code
stays keeps its row, so the actions and funding linked to it stay linked; items whose
code is gone are removed (their links emptied).
"""

from __future__ import annotations

import dataclasses

from django.db import IntegrityError, transaction

from climateplan.errors import InputError, Problem
from climateplan.monitoring.devplan import (
    LEVELS,
    DevelopmentRecord,
    check_development_plan,
    fiscal_year_ce,
    ordered,
)
from climateplan.monitoring.web.access import MonitoringAccess
from climateplan.monitoring.web.models import DevelopmentItem, DevelopmentPlan
from climateplan.monitoring.web.services import denied
from climateplan.plans.period import check_period
from climateplan.site.workflow import WorkflowError, locked


def can_read(access: MonitoringAccess, province: str) -> bool:
    role = access.role
    return role.is_national or (role.is_provincial and role.province == province)


def can_write(access: MonitoringAccess, province: str) -> bool:
    role = access.role
    return role.is_editor and role.is_provincial and role.province == province


def stamp_of(devplan: DevelopmentPlan) -> str:
    """The version token a page sends back (the row's last change)."""
    return devplan.updated_at.isoformat() if devplan.updated_at else ""


def records_of(devplan: DevelopmentPlan) -> list[DevelopmentRecord]:
    """The stored items as core records (tree order)."""
    items = list(devplan.items.select_related("parent").order_by("position", "pk"))
    return ordered(
        [
            DevelopmentRecord(
                level=i.level,
                code=i.code,
                parent_code=i.parent.code if i.parent_id else "",
                name_th=i.name_th,
                name_en=i.name_en,
                agency=i.agency,
                budget=i.budget,
                fiscal_year=i.fiscal_year,
            )
            for i in items
        ]
    )


def check_header(title_th: str, start_text: str, end_text: str) -> tuple[int, int]:
    """The new development plan's period (CE) from years in BE or CE (all problems at once)."""
    problems: list[Problem] = []
    if not title_th.strip():
        problems.append(
            Problem("the Thai title is missing", "ไม่ได้ระบุชื่อแผนภาษาไทย", column="title_th")
        )
    years = []
    for name, text in (("start_year", start_text), ("end_year", end_text)):
        try:
            years.append(fiscal_year_ce(text))
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    "the year must be a year in BE (2566) or CE (2023)",
                    "ปีต้องเป็นปี พ.ศ. (2566) หรือ ค.ศ. (2023)",
                    column=name,
                    value=str(text or "") or None,
                )
            )
    if len(years) == 2:
        problems.extend(check_period(years[0], years[1]))
    if problems:
        raise InputError(problems)
    return years[0], years[1]


def _write_items(devplan: DevelopmentPlan, records: list[DevelopmentRecord]) -> None:
    """Upsert by code, parents before children (inside the caller's transaction)."""
    existing = {i.code: i for i in devplan.items.all()}
    by_code: dict[str, DevelopmentItem] = {}
    position = {r.code: n for n, r in enumerate(records)}
    fields = [
        "level",
        "parent",
        "name_th",
        "name_en",
        "position",
        "agency",
        "budget",
        "fiscal_year",
    ]
    for level in LEVELS:
        new, changed = [], []
        for record in records:
            if record.level != level:
                continue
            item = existing.get(record.code) or DevelopmentItem(
                development_plan=devplan, code=record.code
            )
            item.level = record.level
            item.parent = by_code.get(record.parent_code) if record.parent_code else None
            item.name_th = record.name_th
            item.name_en = record.name_en
            item.position = position[record.code]
            item.agency = record.agency
            item.budget = record.budget
            item.fiscal_year = record.fiscal_year
            (changed if item.pk else new).append(item)
            by_code[record.code] = item
        DevelopmentItem.objects.bulk_create(new)
        DevelopmentItem.objects.bulk_update(changed, fields)
    gone = [item.pk for code, item in existing.items() if code not in by_code]
    DevelopmentItem.objects.filter(pk__in=gone).delete()


def create_development_plan(
    access: MonitoringAccess,
    user,
    province: str,
    *,
    title_th: str,
    title_en: str,
    start_year: int,
    end_year: int,
    records: list[DevelopmentRecord],
    source_file: str = "",
) -> DevelopmentPlan:
    """A new development plan of the province with its (already checked) items."""
    if not can_write(access, province):
        raise denied(
            "only the province's editors add its development plans",
            "ผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่เพิ่มแผนพัฒนาจังหวัดได้",
        )
    check_development_plan(records)
    try:
        with transaction.atomic():
            devplan = DevelopmentPlan.objects.create(
                province=province,
                start_year=start_year,
                end_year=end_year,
                title_th=title_th.strip()[:300],
                title_en=title_en.strip()[:300],
                source_file=source_file[:255],
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
            _write_items(devplan, records)
    except IntegrityError as exc:
        raise WorkflowError(
            "the province already has a development plan for this period: open it and "
            "import the file there",
            "จังหวัดมีแผนพัฒนาจังหวัดของช่วงเวลานี้แล้ว: กรุณาเปิดแผนนั้นแล้วนำเข้าไฟล์ที่นั่น",
        ) from exc
    return devplan


def replace_items(
    access: MonitoringAccess,
    devplan: DevelopmentPlan,
    records: list[DevelopmentRecord],
    *,
    expected_stamp: str,
    source_file: str | None = None,
) -> DevelopmentPlan:
    """Replace the development plan's items with ``records`` (checked again here)."""
    if not can_write(access, devplan.province):
        raise denied(
            "only the province's editors change its development plans",
            "ผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่แก้ไขแผนพัฒนาจังหวัดได้",
        )
    check_development_plan(records)

    def unchanged(row: DevelopmentPlan) -> None:
        if stamp_of(row) != (expected_stamp or ""):
            raise WorkflowError(
                "someone else changed this development plan since you opened it: reload the "
                "page, check their changes, then make yours again",
                "มีผู้อื่นแก้ไขแผนพัฒนาจังหวัดนี้หลังจากที่คุณเปิด: กรุณาโหลดหน้าใหม่ "
                "ตรวจสอบการแก้ไขของผู้อื่น แล้วแก้ไขอีกครั้ง",
            )

    with locked(DevelopmentPlan, devplan.pk, check=unchanged) as row:
        _write_items(row, records)
        fields = ["updated_at"]
        if source_file is not None:
            row.source_file = source_file[:255]
            fields.append("source_file")
        row.save(update_fields=fields)
    row.refresh_from_db()
    return row


def with_item(
    records: list[DevelopmentRecord], record: DevelopmentRecord, original: str = ""
) -> list[DevelopmentRecord]:
    """``records`` with ``record`` added, or put in the place of the item ``original``."""
    if not original:
        return [*records, record]
    out = []
    for r in records:
        if r.code == original:
            out.append(record)
        elif r.parent_code == original and record.code != original:
            out.append(dataclasses.replace(r, parent_code=record.code))  # follow a new code
        else:
            out.append(r)
    return out


def without_item(records: list[DevelopmentRecord], code: str) -> list[DevelopmentRecord]:
    return [r for r in records if r.code != code]


__all__ = [
    "can_read",
    "can_write",
    "check_header",
    "create_development_plan",
    "records_of",
    "replace_items",
    "stamp_of",
    "with_item",
    "without_item",
]
