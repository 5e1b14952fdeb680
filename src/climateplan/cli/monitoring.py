"""``climateplan monitoring``: reporting periods, reminders and the development plan's workbook.

Thin: parse the arguments, call the monitoring core (or, for reminders, the site's
service on its database), print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import typer
from rich.table import Table

from climateplan.cli._common import console, report_input_error
from climateplan.errors import InputError, Problem

app = typer.Typer(
    help=(
        "Monitoring: reporting periods, reminders, the development plan's workbook. "
        "การติดตามผล: รอบการรายงาน การแจ้งเตือน เวิร์กบุ๊กแผนพัฒนาจังหวัด"
    ),
    no_args_is_help=True,
)

BE_OFFSET = 543
# A year written from this number on is a Buddhist Era year (2568); below it, Common Era.
BE_FROM = 2400


def _fiscal_year(value: int, name: str) -> tuple[int | None, list[Problem]]:
    """A fiscal year typed in BE (2568) or CE (2025) -> CE."""
    year = value - BE_OFFSET if value >= BE_FROM else value
    if not 2000 <= year <= 2100:
        return None, [
            Problem(
                f"fiscal year {value} is not a year of 2000-2100 (BE 2543-2643)",
                f"ปีงบประมาณ {value} ไม่อยู่ในช่วง พ.ศ. 2543-2643 (ค.ศ. 2000-2100)",
                column=name,
                value=str(value),
            )
        ]
    return year, []


@app.command("periods")
def periods(
    start: int = typer.Argument(
        ..., help="First fiscal year, BE (2568) or CE (2025) / ปีงบประมาณแรก พ.ศ. หรือ ค.ศ."
    ),
    end: int = typer.Argument(
        ..., help="Last fiscal year, BE or CE / ปีงบประมาณสุดท้าย พ.ศ. หรือ ค.ศ."
    ),
    months: int = typer.Option(
        6, "--months", help="Months per period: 12, 6 or 3 / จำนวนเดือนต่อรอบ 12, 6 หรือ 3"
    ),
    due_days: int = typer.Option(
        30,
        "--due-days",
        help="Days after a period ends that reports are due / จำนวนวันหลังสิ้นรอบที่ต้องส่งรายงาน",
    ),
) -> None:
    """Print the reporting periods of Thai fiscal years (1 October - 30 September).

    แสดงรอบการรายงานของปีงบประมาณ (1 ตุลาคม - 30 กันยายน) พร้อมวันครบกำหนดส่ง
    """
    from climateplan.monitoring import periods as core

    first, problems = _fiscal_year(start, "START")
    last, more = _fiscal_year(end, "END")
    problems += more
    if first is not None and last is not None and last < first:
        problems.append(
            Problem(
                f"the last fiscal year {end} comes before the first, {start}",
                f"ปีงบประมาณสุดท้าย {end} มาก่อนปีงบประมาณแรก {start}",
                column="END",
                value=str(end),
            )
        )
    # the core names the settings' fields; here they are the command's options
    options = {"period_months": "--months", "due_days": "--due-days"}
    problems += [
        replace(p, column=options.get(p.column, p.column))
        for p in core.check_rhythm(months, due_days)
    ]
    if problems:
        report_input_error(InputError(problems))
    table = Table(title="รอบการรายงาน / reporting periods")
    headers = ("ปีงบประมาณ / FY", "รอบ / period", "เริ่ม / starts", "สิ้นสุด / ends", "ส่งภายใน / due")
    for header in headers:
        table.add_column(header)
    for p in core.plan_periods(first, last, months, due_days):
        table.add_row(
            f"{p.fiscal_year + BE_OFFSET} ({p.fiscal_year})",
            " / ".join(
                x
                for x in (
                    core.part_label(p.number, p.months, "th"),
                    core.part_label(p.number, p.months, "en"),
                )
                if x
            )
            or "ทั้งปี / whole year",
            _day(p.starts),
            _day(p.ends),
            _day(p.due),
        )
    console.print(table)


def _day(day: dt.date) -> str:
    """A date in both calendars: 31/3/2568 (2025-03-31)."""
    return f"{day.day}/{day.month}/{day.year + BE_OFFSET} ({day.isoformat()})"
