"""The checks of a progress report, before anything is saved.

A report says, for one action and one period: the action's status, a reason when it is
delayed or cancelled, how far it is (percent, cumulative), the money disbursed in the
period (THB), the value reached by each of its KPIs (cumulative, converted into the
KPI's unit by :mod:`climateplan.monitoring.kpis`) and a comment. :func:`check_report`
finds every problem at once, each naming its field (``Problem.column``: ``status``,
``reason``, ``percent``, ``disbursed``, ``kpi:<key>`` for a KPI value and
``kpi_unit:<key>`` for its unit, ``comment``), in Thai and English.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from climateplan.errors import InputError, Problem
from climateplan.monitoring.kpis import Kpi, UnitMismatch, convert

STATUSES = ("not_started", "on_track", "delayed", "completed", "cancelled")
STATUS_LABELS = {
    "not_started": ("Not started", "ยังไม่เริ่ม"),
    "on_track": ("On track", "เป็นไปตามแผน"),
    "delayed": ("Delayed", "ล่าช้า"),
    "completed": ("Completed", "แล้วเสร็จ"),
    "cancelled": ("Cancelled", "ยกเลิก"),
}
NEEDS_REASON = frozenset({"delayed", "cancelled"})
MAX_REASON = 2000
MAX_COMMENT = 4000


@dataclass(frozen=True)
class KpiEntry:
    """A KPI value as typed: the text of the number and of its unit."""

    key: str
    value: str = ""
    unit: str = ""


@dataclass
class ReportValues:
    """A checked report, ready to be stored."""

    status: str
    reason: str
    percent: float
    disbursed: float
    kpi_values: list[dict] = field(default_factory=list)
    comment: str = ""


def parse_number(text) -> float | None:
    """A number as people type it ("1,250.5", " 12 "); None when blank.

    Raises ValueError for text that is not a finite number.
    """
    if text is None:
        return None
    if isinstance(text, int | float):
        value = float(text)
    else:
        cleaned = str(text).strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
        if not cleaned:
            return None
        value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def kpi_column(key: str) -> str:
    return f"kpi:{key}"


def kpi_unit_column(key: str) -> str:
    return f"kpi_unit:{key}"


def _number_field(
    problems: list[Problem], raw, column: str, en: str, th: str, *, low=0.0, high=None
) -> float:
    try:
        value = parse_number(raw)
    except ValueError:
        problems.append(
            Problem(
                f"{en}: {raw!r} is not a number",
                f"{th}: {raw!r} ไม่ใช่ตัวเลข",
                column=column,
                value=str(raw),
            )
        )
        return 0.0
    if value is None:
        return 0.0
    if value < low or (high is not None and value > high):
        span_en = f"between {low:g} and {high:g}" if high is not None else f"{low:g} or more"
        span_th = f"ระหว่าง {low:g} ถึง {high:g}" if high is not None else f"ตั้งแต่ {low:g} ขึ้นไป"
        problems.append(
            Problem(
                f"{en}: {value:g} is not allowed; enter a number {span_en}",
                f"{th}: ไม่รับค่า {value:g} กรุณากรอกตัวเลข{span_th}",
                column=column,
                value=str(raw),
            )
        )
    return value


def check_report(
    *,
    status: str,
    reason: str = "",
    percent="",
    disbursed="",
    kpis: list[Kpi] = (),
    entries: list[KpiEntry] = (),
    comment: str = "",
) -> ReportValues:
    """Every problem of a report at once (:class:`InputError`), or the values to store.

    ``kpis`` are the action's KPIs (:func:`climateplan.monitoring.kpis.action_kpis`);
    ``entries`` the values typed for them (a blank value is "not reported" and left out).
    """
    problems: list[Problem] = []
    status = str(status or "").strip()
    reason = str(reason or "").strip()
    comment = str(comment or "").strip()
    if status not in STATUSES:
        allowed_en = ", ".join(en.lower() for en, _ in STATUS_LABELS.values())
        allowed_th = ", ".join(th for _, th in STATUS_LABELS.values())
        problems.append(
            Problem(
                f"Status: choose one of {allowed_en}"
                + (f" ({status!r} is not one)" if status else ""),
                f"สถานะ: กรุณาเลือก {allowed_th}" + (f" ({status!r} ไม่อยู่ในรายการ)" if status else ""),
                column="status",
                value=status,
            )
        )
    if status in NEEDS_REASON and not reason:
        en, th = STATUS_LABELS[status]
        problems.append(
            Problem(
                f"Reason: a {en.lower()} action needs the reason",
                f"เหตุผล: มาตรการที่{th}ต้องระบุเหตุผล",
                column="reason",
            )
        )
    if len(reason) > MAX_REASON:
        problems.append(
            Problem(
                f"Reason: {len(reason):,} characters; at most {MAX_REASON:,}",
                f"เหตุผล: ยาว {len(reason):,} ตัวอักษร เกิน {MAX_REASON:,} ตัวอักษร",
                column="reason",
            )
        )
    if len(comment) > MAX_COMMENT:
        problems.append(
            Problem(
                f"Comment: {len(comment):,} characters; at most {MAX_COMMENT:,}",
                f"ความเห็น: ยาว {len(comment):,} ตัวอักษร เกิน {MAX_COMMENT:,} ตัวอักษร",
                column="comment",
            )
        )
    pct = _number_field(
        problems, percent, "percent", "Percent complete", "ร้อยละความก้าวหน้า", high=100.0
    )
    paid = _number_field(
        problems, disbursed, "disbursed", "Budget disbursed (THB)", "งบประมาณที่เบิกจ่าย (บาท)"
    )
    if status == "completed" and 0 <= pct < 100:
        problems.append(
            Problem(
                f"Percent complete: a completed action is 100 % complete, not {pct:g} %",
                f"ร้อยละความก้าวหน้า: มาตรการที่แล้วเสร็จต้องเป็นร้อยละ 100 ไม่ใช่ {pct:g}",
                column="percent",
                value=str(percent),
            )
        )

    by_key = {k.key: k for k in kpis}
    values: list[dict] = []
    for entry in entries:
        kpi = by_key.get(entry.key)
        column = kpi_column(entry.key)
        if kpi is None:
            problems.append(
                Problem(
                    f"the action has no KPI {entry.key!r}: reload the form",
                    f"มาตรการนี้ไม่มีตัวชี้วัด {entry.key!r} กรุณาโหลดแบบฟอร์มใหม่",
                    column=column,
                )
            )
            continue
        name_en, name_th = kpi.name("en"), kpi.name("th")
        try:
            number = parse_number(entry.value)
        except ValueError:
            problems.append(
                Problem(
                    f"{name_en}: {entry.value!r} is not a number",
                    f"{name_th}: {entry.value!r} ไม่ใช่ตัวเลข",
                    column=column,
                    value=str(entry.value),
                )
            )
            continue
        if number is None:
            continue  # not reported this time
        if number < 0:
            problems.append(
                Problem(
                    f"{name_en}: {number:g} is below zero; enter the value reached, 0 or more",
                    f"{name_th}: ค่า {number:g} ติดลบ กรุณากรอกค่าที่ทำได้ ตั้งแต่ 0 ขึ้นไป",
                    column=column,
                    value=str(entry.value),
                )
            )
            continue
        try:
            converted = convert(number, entry.unit, kpi, column=kpi_unit_column(entry.key))
        except UnitMismatch as mismatch:
            problems.append(mismatch.problem)
            continue
        values.append(
            {
                "key": kpi.key,
                "value": converted,
                "unit": kpi.unit,
                "entered_value": number,
                "entered_unit": str(entry.unit or "").strip() or kpi.unit,
            }
        )
    if problems:
        raise InputError(problems)
    return ReportValues(
        status=status,
        reason=reason,
        percent=pct,
        disbursed=paid,
        kpi_values=values,
        comment=comment,
    )


__all__ = [
    "NEEDS_REASON",
    "STATUSES",
    "STATUS_LABELS",
    "KpiEntry",
    "ReportValues",
    "check_report",
    "kpi_column",
    "kpi_unit_column",
    "parse_number",
]
