"""``climateplan monitoring``: reporting periods, reminders and the development plan's workbook.

Thin: parse the arguments, call the monitoring core (or, for reminders, the site's
service on its database), print.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import typer

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
    found = core.plan_periods(first, last, months, due_days)
    typer.echo(f"รอบการรายงาน {len(found)} รอบ / {len(found)} reporting periods")
    for p in found:
        typer.echo(
            f"{core.period_label(p.fiscal_year, p.number, p.starts, p.ends, 'th')}: "
            f"{_be(p.starts)} - {_be(p.ends)} ส่งภายใน {_be(p.due)}"
        )
        typer.echo(
            f"  {core.period_label(p.fiscal_year, p.number, p.starts, p.ends, 'en')}: "
            f"{p.starts.isoformat()} - {p.ends.isoformat()}, due {p.due.isoformat()}"
        )


def _be(day: dt.date) -> str:
    """A date as Thai documents write it: 31/3/2568."""
    return f"{day.day}/{day.month}/{day.year + BE_OFFSET}"


@app.command("devplan-check")
def devplan_check(
    file: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        help="The development plan's workbook (.xlsx) / เวิร์กบุ๊กแผนพัฒนาจังหวัด (.xlsx)",
    ),
) -> None:
    """Check a provincial development plan's workbook; every problem with its sheet, row
    and column (exit status 1 when there is one).

    ตรวจเวิร์กบุ๊กโครงสร้างแผนพัฒนาจังหวัด แสดงปัญหาทุกรายการพร้อมชีต แถว และคอลัมน์
    """
    from climateplan.monitoring import devplan

    try:
        records = devplan.read_development_plan(file.read_bytes(), file.name)
    except InputError as error:
        report_input_error(error)
        return
    counts = {level: 0 for level in devplan.LEVELS}
    budget = 0.0
    for record in records:
        counts[record.level] += 1
        budget += record.budget or 0.0
    console.print(f"[green]✓[/] {file.name}: ไม่พบปัญหา / no problem found")
    for level in devplan.LEVELS:
        en, th = devplan.LEVEL_LABELS[level]
        console.print(f"  {th} / {en}: {counts[level]:,}")
    console.print(f"  งบประมาณโครงการรวม / projects' budget: {budget:,.0f} บาท / THB")


@app.command("devplan-template")
def devplan_template(
    out: Path = typer.Option(
        ..., "-o", "--out", dir_okay=False, help="Workbook to write (.xlsx) / ไฟล์ที่จะเขียน"
    ),
) -> None:
    """Write the development plan's workbook layout, with an example and its notes.

    เขียนเวิร์กบุ๊กแบบฟอร์มโครงสร้างแผนพัฒนาจังหวัด พร้อมตัวอย่างและคำอธิบายคอลัมน์
    """
    from climateplan.monitoring import devplan
    from climateplan.reports.cells import atomic_write

    atomic_write(out, devplan.template_workbook())
    console.print(f"[green]✓[/] {out}")


def _today(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        report_input_error(
            InputError(
                [
                    Problem(
                        f"the day {text!r} is not a date written YYYY-MM-DD (e.g. 2026-04-20)",
                        f"วันที่ {text!r} ไม่อยู่ในรูปแบบ ปปปป-ดด-วว ค.ศ. (เช่น 2026-04-20)",
                        column="--today",
                        value=text,
                    )
                ]
            )
        )
        raise


@app.command("remind")
def remind(
    today: str | None = typer.Option(
        None,
        "--today",
        help="The day to remind as of, YYYY-MM-DD (default: today) / วันที่ใช้ตรวจ ค.ศ.",
    ),
) -> None:
    """E-mail the agency reporters whose reports are due soon or overdue (once per period,
    agency and kind); run it once a day. The site's e-mail settings apply
    (CLIMATEPLAN_EMAIL_*, docs/monitoring.md).

    ส่งอีเมลแจ้งเตือนผู้รายงานผลของหน่วยงานที่ใกล้ครบกำหนดหรือเลยกำหนดส่งรายงาน (ครั้งเดียวต่อรอบ
    หน่วยงาน และประเภท) ควรเรียกวันละครั้ง
    """
    day = _today(today)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "climateplan.site.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        django.setup()
        from climateplan.monitoring.web.reminders import send_reminders

        sent = send_reminders(day)
    except ImproperlyConfigured as error:
        # the site's settings are incomplete (the message says what, in both languages)
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from error
    except DatabaseError as error:
        typer.echo(
            f"ฐานข้อมูลของเว็บไซต์ยังไม่พร้อม (DATABASE_URL): {error}\n"
            f"the site's database is not ready (DATABASE_URL): {error}",
            err=True,
        )
        raise typer.Exit(code=2) from error
    console.print(
        f"ส่งอีเมลแจ้งเตือน {sent:,} ฉบับ ณ วันที่ {day.day}/{day.month}/{day.year + BE_OFFSET} / "
        f"{sent:,} reminder e-mail(s) sent as of {day.isoformat()}"
    )
