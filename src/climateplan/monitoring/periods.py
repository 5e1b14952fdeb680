"""Reporting periods of Thai fiscal years.

The Thai government's fiscal year runs from 1 October to 30 September and is named by
the year in which it ends (Budget Procedure Act B.E. 2561, section 4): fiscal year
2568 BE is 1 October 2024 to 30 September 2025, stored as 2025 (CE). A plan reports
every 12, 6 or 3 months of each of its fiscal years; a report is due a number of days
after its period ends. Labels follow the language: Buddhist Era years and Thai month
abbreviations in Thai, Common Era years in English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from climateplan.errors import Problem
from climateplan.plans.period import BE_OFFSET, ENGLISH_MONTHS, THAI_MONTHS

FISCAL_YEAR_FIRST_MONTH = 10  # October
PERIOD_MONTHS = (12, 6, 3)
MAX_DUE_DAYS = 365


@dataclass(frozen=True)
class Period:
    """One reporting period: the fiscal year (CE year in which it ends), its number
    within the year (1, 2 ...), first and last day, and the day its reports are due."""

    fiscal_year: int
    number: int
    starts: dt.date
    ends: dt.date
    due: dt.date

    @property
    def months(self) -> int:
        return months_between(self.starts, self.ends)


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year (CE) a day falls in: October to December belong to the next year."""
    return day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year (CE): 1 October of the year before, 30 September."""
    return dt.date(fiscal_year - 1, 10, 1), dt.date(fiscal_year, 9, 30)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month (``day`` a first day)."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(starts: dt.date, ends: dt.date) -> int:
    """Calendar months a period covers, both ends included (October-March: 6)."""
    return (ends.year * 12 + ends.month) - (starts.year * 12 + starts.month) + 1


def check_rhythm(months: int, due_days: int) -> list[Problem]:
    """Problems of a reporting rhythm (months per period, days until a report is due)."""
    problems = []
    if months not in PERIOD_MONTHS:
        problems.append(
            Problem(
                f"a reporting period is 12, 6 or 3 months of the fiscal year, not {months}",
                f"รอบการรายงานต้องเป็น 12, 6 หรือ 3 เดือนของปีงบประมาณ ไม่ใช่ {months} เดือน",
                column="period_months",
                value=str(months),
            )
        )
    if not 0 <= due_days <= MAX_DUE_DAYS:
        problems.append(
            Problem(
                f"reports are due 0 to {MAX_DUE_DAYS} days after a period ends, not {due_days}",
                f"กำหนดส่งรายงานต้องอยู่ระหว่าง 0 ถึง {MAX_DUE_DAYS} วันหลังสิ้นรอบ ไม่ใช่ {due_days} วัน",
                column="due_days",
                value=str(due_days),
            )
        )
    return problems


def periods_of_year(fiscal_year: int, months: int, due_days: int) -> list[Period]:
    """The periods of one fiscal year (CE), ``months`` long, due ``due_days`` after they end."""
    first, _ = fiscal_year_bounds(fiscal_year)
    out = []
    for number in range(1, 12 // months + 1):
        starts = _add_months(first, (number - 1) * months)
        ends = _add_months(starts, months) - dt.timedelta(days=1)
        out.append(Period(fiscal_year, number, starts, ends, ends + dt.timedelta(days=due_days)))
    return out


def plan_periods(start_year: int, end_year: int, months: int, due_days: int) -> list[Period]:
    """The periods of a plan's fiscal years ``start_year``..``end_year`` (CE, both included).

    Raises ValueError (with the bilingual problems) for a rhythm :func:`check_rhythm` refuses.
    """
    problems = check_rhythm(months, due_days)
    if problems:
        raise ValueError("; ".join(p.message_en for p in problems))
    out: list[Period] = []
    for year in range(int(start_year), int(end_year) + 1):
        out.extend(periods_of_year(year, months, due_days))
    return out


def month_label(day: dt.date, lang: str) -> str:
    """ต.ค. 2567 in Thai, Oct 2024 in English."""
    if lang == "th":
        return f"{THAI_MONTHS[day.month - 1]} {day.year + BE_OFFSET}"
    return f"{ENGLISH_MONTHS[day.month - 1]} {day.year}"


def part_label(number: int, months: int, lang: str) -> str:
    """The name of a period within its fiscal year ("first half", "Q3"), "" for a whole year."""
    if months >= 12:
        return ""
    if months == 6 and number in (1, 2):
        return (
            ("ครึ่งปีแรก", "ครึ่งปีหลัง")[number - 1]
            if lang == "th"
            else (("first half", "second half")[number - 1])
        )
    if months == 3:
        return f"ไตรมาสที่ {number}" if lang == "th" else f"Q{number}"
    return f"ช่วงที่ {number}" if lang == "th" else f"part {number}"


def period_label(fiscal_year: int, number: int, starts: dt.date, ends: dt.date, lang: str) -> str:
    """ปีงบประมาณ 2568 ครึ่งปีแรก (ต.ค. 2567 - มี.ค. 2568) / FY2025 first half (Oct 2024 - Mar 2025)."""
    part = part_label(number, months_between(starts, ends), lang)
    span = f"({month_label(starts, lang)} - {month_label(ends, lang)})"
    head = f"ปีงบประมาณ {fiscal_year + BE_OFFSET}" if lang == "th" else f"FY{fiscal_year}"
    return " ".join(x for x in (head, part, span) if x)


def short_label(fiscal_year: int, number: int, starts: dt.date, ends: dt.date, lang: str) -> str:
    """The label without the months: ปีงบประมาณ 2568 ครึ่งปีแรก / FY2025 first half."""
    part = part_label(number, months_between(starts, ends), lang)
    head = f"ปีงบประมาณ {fiscal_year + BE_OFFSET}" if lang == "th" else f"FY{fiscal_year}"
    return f"{head} {part}".strip()


def overlaps(a_starts: dt.date, a_ends: dt.date, b_starts: dt.date, b_ends: dt.date) -> bool:
    return a_starts <= b_ends and b_starts <= a_ends


__all__ = [
    "PERIOD_MONTHS",
    "Period",
    "check_rhythm",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "month_label",
    "months_between",
    "overlaps",
    "part_label",
    "period_label",
    "periods_of_year",
    "plan_periods",
    "short_label",
]
