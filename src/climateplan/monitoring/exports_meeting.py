"""The meeting's progress report as an XLSX workbook, in Thai or English (no Django).

Three sheets: every action's status for the period (with the meeting, plan and period
on top), the counts by owner agency (with the plan's total), and the counts by sector.
Years are Buddhist Era in the Thai workbook and Common Era in the English one; every
cell goes through the export sanitiser (:mod:`climateplan.reports.cells`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from climateplan.monitoring import progress_table as pt
from climateplan.plans.period import BE_OFFSET, period_label
from climateplan.reports.cells import workbook_bytes

SHEETS = {
    "actions": ("Progress report", "รายงานความก้าวหน้า"),
    "agency": ("By agency", "ตามหน่วยงาน"),
    "sector": ("By sector", "ตามสาขา"),
}
TITLE = (
    "Progress of the climate change plan's actions",
    "รายงานความก้าวหน้าการดำเนินงานตามแผนการเปลี่ยนแปลงสภาพภูมิอากาศ",
)
ACTION_HEADINGS = (
    ("Code", "รหัส"),
    ("Kind", "ประเภท"),
    ("Action", "มาตรการ"),
    ("Responsible agency", "หน่วยงานรับผิดชอบ"),
    ("Co-operating agencies", "หน่วยงานร่วม"),
    ("Sector", "สาขา"),
    ("Status", "สถานะ"),
    ("Percent complete", "ความก้าวหน้า (ร้อยละ)"),
    ("Budget disbursed (THB)", "งบประมาณที่เบิกจ่าย (บาท)"),
    ("Report", "สถานะรายงาน"),
    ("Reason (delayed or cancelled)", "เหตุผล (กรณีล่าช้าหรือยกเลิก)"),
    ("Comment", "ความเห็นของหน่วยงาน"),
)
SUMMARY_HEADINGS = (
    ("Actions", "จำนวนมาตรการ"),
    *((en, th) for _, en, th in (*pt.STATUSES, pt.NOT_REPORTED)),
    ("Reported (%)", "รายงานแล้ว (ร้อยละ)"),
    ("Mean percent complete of reported actions", "ความก้าวหน้าเฉลี่ยของมาตรการที่รายงาน (ร้อยละ)"),
    ("Budget disbursed (THB)", "งบประมาณที่เบิกจ่าย (บาท)"),
)
SECTOR_NOTE = (
    "An action is counted under every sector it serves, so the sector counts may add up "
    "to more than the plan's actions.",
    "มาตรการที่เกี่ยวข้องหลายสาขานับในทุกสาขาที่เกี่ยวข้อง ผลรวมรายสาขาจึงอาจมากกว่าจำนวนมาตรการของแผน",
)
NOT_REPORTED_NOTE = (
    "Not reported: no report sent by the agency for this period (a draft not yet sent "
    "counts as not reported).",
    "ยังไม่รายงาน: หน่วยงานยังไม่ได้ส่งรายงานของรอบนี้ (ร่างที่ยังไม่ส่งนับว่ายังไม่รายงาน)",
)


@dataclass(frozen=True)
class MeetingHeader:
    """What the report's top names: all texts in both languages, years in CE."""

    province_th: str
    province_en: str
    plan_title_th: str
    plan_title_en: str
    plan_start: int
    plan_end: int
    meeting_number: str  # as recorded: "1/2568" (number / BE year)
    meeting_date: dt.date
    period_th: str = ""
    period_en: str = ""


def _say(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "th" else pair[0]


def date_text(day: dt.date | None, lang: str) -> str:
    """15/1/2568 in Thai (Buddhist Era, the usual Thai official form), 2025-01-15 in English."""
    if day is None:
        return ""
    if lang == "th":
        return f"{day.day}/{day.month}/{day.year + BE_OFFSET}"
    return day.isoformat()


def meeting_name(number: str, lang: str) -> str:
    return f"ครั้งที่ {number}" if lang == "th" else f"No. {number}"


def header_rows(header: MeetingHeader, lang: str) -> list[tuple[str, str]]:
    th = lang == "th"
    return [
        (_say(("Province", "จังหวัด"), lang), header.province_th if th else header.province_en),
        (
            _say(("Plan", "แผน"), lang),
            f"{header.plan_title_th if th else (header.plan_title_en or header.plan_title_th)} "
            f"({period_label(header.plan_start, header.plan_end, lang)})",
        ),
        (
            _say(("Working-group meeting", "การประชุมคณะทำงาน"), lang),
            f"{meeting_name(header.meeting_number, lang)} "
            f"{_say(('on', 'วันที่'), lang)} {date_text(header.meeting_date, lang)}",
        ),
        (
            _say(("Reporting period", "รอบการรายงาน"), lang),
            (header.period_th if th else header.period_en)
            or _say(("none chosen", "ไม่ได้ระบุ"), lang),
        ),
    ]


def _number(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _sector_text(keys, labels, lang: str) -> str:
    out = []
    for k in keys:
        en, th = labels.get(k, (k, k))
        out.append(th if lang == "th" else en)
    return "; ".join(out)


def action_rows(table: pd.DataFrame, lang: str, labels=None) -> list[list]:
    labels = pt.sector_labels() if labels is None else labels
    rows = []
    for r in table.itertuples(index=False):
        rows.append(
            [
                r.code,
                pt.kind_label(r.kind, lang),
                r.name_th if lang == "th" else r.name_en,
                r.agency_th if lang == "th" else r.agency_en,
                "; ".join(r.co_agencies),
                _sector_text(r.sectors, labels, lang),
                pt.status_label(r.status, lang),
                _number(r.percent),
                _number(r.disbursed),
                pt.state_label(r.state, lang),
                r.reason,
                r.comment,
            ]
        )
    return rows


def summary_rows(summary: pd.DataFrame, lang: str) -> list[list]:
    rows = []
    for r in summary.to_dict("records"):
        rows.append(
            [
                r["label_th"] if lang == "th" else r["label_en"],
                int(r["actions"]),
                *(int(r[s]) for s in pt.STATUS_KEYS),
                _number(r["reported_pct"]),
                _number(r["mean_percent"]),
                _number(r["disbursed"]),
            ]
        )
    return rows


def workbook(header: MeetingHeader, table: pd.DataFrame, lang: str = "th", labels=None) -> bytes:
    """The workbook (``table`` from :func:`progress_table.action_table`), sanitised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    labels = pt.sector_labels() if labels is None else labels
    bold = Font(bold=True)
    book = Workbook()

    sheet = book.active
    sheet.title = _say(SHEETS["actions"], lang)
    sheet.append([_say(TITLE, lang)])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in header_rows(header, lang):
        sheet.append([label, value])
    sheet.append([])
    sheet.append([_say(h, lang) for h in ACTION_HEADINGS])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in action_rows(table, lang, labels):
        sheet.append(row)
    sheet.append([])
    sheet.append([_say(NOT_REPORTED_NOTE, lang)])
    for column, width in zip(
        "ABCDEFGHIJKL", (8, 22, 48, 32, 32, 26, 16, 12, 16, 16, 32, 32), strict=True
    ):
        sheet.column_dimensions[column].width = width

    for key, summary, first in (
        ("agency", pt.by_agency(table), ("Agency", "หน่วยงาน")),
        ("sector", pt.by_sector(table, labels), ("Sector", "สาขา")),
    ):
        part = book.create_sheet(_say(SHEETS[key], lang))
        part.append([_say(first, lang), *(_say(h, lang) for h in SUMMARY_HEADINGS)])
        for cell in part[1]:
            cell.font = bold
        for row in summary_rows(summary, lang):
            part.append(row)
        if key == "agency":
            total = pd.DataFrame([pt.totals(table)])
            part.append(summary_rows(total, lang)[0])
            for cell in part[part.max_row]:
                cell.font = bold
        else:
            part.append([])
            part.append([_say(SECTOR_NOTE, lang)])
        part.column_dimensions["A"].width = 44
    return workbook_bytes(book)


def file_name(header: MeetingHeader, lang: str) -> str:
    """progress-meeting-1-2568-th.xlsx (the number with its BE year, as recorded)."""
    safe = "".join(c if c.isascii() and c.isalnum() else "-" for c in header.meeting_number)
    return f"progress-meeting-{safe}-{lang}.xlsx"


__all__ = [
    "MeetingHeader",
    "action_rows",
    "date_text",
    "file_name",
    "header_rows",
    "meeting_name",
    "summary_rows",
    "workbook",
]
