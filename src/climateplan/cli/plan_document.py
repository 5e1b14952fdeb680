"""`climateplan plan document PLAN_EXPORT.json -o plan.pdf|plan.docx [--lang th|en]`.

Thin: read the plan export (the site's "plan's data (JSON)" download), check it, call
:func:`climateplan.reports.document.make_document`, write the file atomically. Every
problem of the export is printed at once (Thai and English) and nothing is written
when there is one.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from climateplan.cli._common import console, report_input_error
from climateplan.errors import InputError, Problem


class Lang(StrEnum):
    th = "th"
    en = "en"


def document(
    export: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="Plan export (.json) downloaded from the plan's documents page.",
    ),
    out: Path = typer.Option(
        ..., "-o", "--out", help="Output file: .pdf or .docx / ไฟล์ผลลัพธ์ .pdf หรือ .docx"
    ),
    lang: Lang = typer.Option(Lang.th, "--lang", help="Language: th (default) or en / ภาษา"),
) -> None:
    """The plan document (PDF or DOCX) from a plan export. จัดทำเอกสารแผนจากข้อมูลส่งออก"""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from climateplan.reports.cells import atomic_write
    from climateplan.reports.document import FORMATS, check_export, format_of, make_document

    fmt = format_of(out)
    problems = []
    if fmt is None:
        problems.append(
            Problem(
                f"the output must end in {' or '.join('.' + f for f in FORMATS)}",
                f"ไฟล์ผลลัพธ์ต้องลงท้ายด้วย {' หรือ '.join('.' + f for f in FORMATS)}",
                file=out.name,
                column="-o",
            )
        )
    try:
        data = json.loads(export.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(
            Problem(f"not a JSON file ({exc})", f"ไม่ใช่ไฟล์ JSON ({exc})", file=export.name)
        )
        data = None
    if data is not None:
        try:
            check_export(data, export.name)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        report_input_error(InputError(problems))

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("เอกสารแผน / plan document", total=1)

        def step(done: int, total: int, message: str) -> None:
            progress.update(task, completed=done, total=total, description=message)

        result = make_document(data, fmt, lang.value, progress=step)
    atomic_write(out, result)
    console.print(f"เขียนเอกสารแล้ว / written: {out} ({len(result):,} bytes)")
