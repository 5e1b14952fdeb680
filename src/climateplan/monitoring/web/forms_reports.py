"""What the reporting pages' forms send, read into the core's terms (nothing checked
twice: the values themselves are checked by :mod:`climateplan.monitoring.reports`)."""

from __future__ import annotations

import datetime as dt

from climateplan.errors import Problem
from climateplan.monitoring.kpis import Kpi
from climateplan.monitoring.periods import check_rhythm
from climateplan.monitoring.reports import KpiEntry, kpi_column, kpi_unit_column
from climateplan.plans.web.forms import parse_meeting_date

# Report form fields: (English label, Thai label), by the problem's column.
FIELD_LABELS = {
    "status": ("Status", "สถานะ"),
    "reason": ("Reason", "เหตุผล"),
    "percent": ("Percent complete", "ร้อยละความก้าวหน้า"),
    "disbursed": ("Budget disbursed (THB)", "งบประมาณที่เบิกจ่าย (บาท)"),
    "comment": ("Comment", "ความเห็น"),
    "evidence": ("Evidence", "หลักฐาน"),
    "review_comment": ("Review comment", "ความเห็นของผู้พิจารณา"),
    "period_months": ("Months per period", "จำนวนเดือนต่อรอบ"),
    "due_days": ("Days to report after a period ends", "จำนวนวันที่ต้องส่งรายงานหลังสิ้นรอบ"),
    "due": ("Due date", "วันครบกำหนดส่ง"),
}


def field_of(problem: Problem) -> str:
    """The form field a problem belongs to (an evidence file's problem: ``evidence``)."""
    if problem.file and not problem.column:
        return "evidence"
    return problem.column or ""


def field_label(field: str, kpis: list[Kpi], lang: str) -> str:
    for kpi in kpis:
        if field in (kpi_column(kpi.key), kpi_unit_column(kpi.key)):
            unit = " (unit)" if field.startswith("kpi_unit:") else ""
            unit_th = " (หน่วย)" if field.startswith("kpi_unit:") else ""
            return kpi.name(lang) + (unit_th if lang == "th" else unit)
    en, th = FIELD_LABELS.get(field, (field, field))
    return th if lang == "th" else en


def _named(field: str, kpis: list[Kpi], lang: str) -> str:
    """The name a core message starts with for this field ("Reason", a KPI's name)."""
    for kpi in kpis:
        if field in (kpi_column(kpi.key), kpi_unit_column(kpi.key)):
            return kpi.name(lang)
    en, th = FIELD_LABELS.get(field, ("", ""))
    return th if lang == "th" else en


def problem_rows(problems: list[Problem], kpis: list[Kpi], lang: str) -> list[dict]:
    """Problems as the page lists them: the field's label (or the file), the message
    (without the field's name again when the message starts with it)."""
    rows = []
    for p in problems:
        field = field_of(p)
        label = field_label(field, kpis, lang)
        if field == "evidence" and p.file:
            label = f"{label}: {p.file}"
        message = p.message_th if lang == "th" else p.message_en
        named = _named(field, kpis, lang)
        if named and message.startswith(named + ": "):
            message = message[len(named) + 2 :]
        rows.append({"field": field, "label": label, "message": message})
    return rows


def report_input(post, kpis: list[Kpi]) -> dict:
    """The report form's values as :func:`climateplan.monitoring.reports.check_report`
    takes them."""
    return {
        "status": post.get("status", ""),
        "reason": post.get("reason", ""),
        "percent": post.get("percent", ""),
        "disbursed": post.get("disbursed", ""),
        "comment": post.get("comment", ""),
        "kpis": kpis,
        "entries": [
            KpiEntry(
                kpi.key,
                post.get(kpi_column(kpi.key), ""),
                post.get(kpi_unit_column(kpi.key), kpi.unit),
            )
            for kpi in kpis
        ],
    }


def _int(post, name: str, en: str, th: str, problems: list[Problem]) -> int:
    raw = str(post.get(name, "")).strip()
    try:
        return int(raw)
    except ValueError:
        problems.append(
            Problem(
                f"{en}: {raw!r} is not a whole number",
                f"{th}: {raw!r} ไม่ใช่จำนวนเต็ม",
                column=name,
                value=raw,
            )
        )
        return -1


def rhythm_input(post) -> tuple[int, int, list[Problem]]:
    """Months per period and days until due, as typed."""
    problems: list[Problem] = []
    months = _int(post, "period_months", *FIELD_LABELS["period_months"], problems)
    days = _int(post, "due_days", *FIELD_LABELS["due_days"], problems)
    bad = {p.column for p in problems}
    problems.extend(p for p in check_rhythm(months, days) if p.column not in bad)
    return months, days, problems


def date_input(post, name: str = "due") -> dt.date | None:
    """A date typed as day/month/year (the year in BE or CE, as the plan pages take
    dates) or YYYY-MM-DD; None when blank or not a date."""
    try:
        return parse_meeting_date(str(post.get(name, "")))
    except ValueError:
        return None
