"""Shared helpers of the command line: bilingual error output, progress."""

from __future__ import annotations

import contextlib
import sys

import typer
from rich.console import Console

from climateplan.errors import InputError

console = Console()
err_console = Console(stderr=True)


def report_input_error(error: InputError) -> None:
    """Print every problem, Thai then English, and exit with status 1."""
    n = len(error.problems)
    err_console.print(f"[bold red]พบปัญหา {n} รายการ / {n} problem(s) found[/]")
    for problem in error.problems:
        err_console.print(
            f"[red]✗[/] {problem.where('th') or '-'}: {problem.message_th}",
            markup=True,
            highlight=False,
            soft_wrap=True,
        )
        err_console.print(
            f"  {problem.where('en') or '-'}: {problem.message_en}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    err_console.print("ไม่มีการเขียนไฟล์ผลลัพธ์ / no output was written")
    raise typer.Exit(code=1)


@contextlib.contextmanager
def steps(enabled: bool = True):
    """A Rich progress display for multi-step work (hidden when not a terminal)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not enabled or not sys.stderr.isatty(),
    )
    with progress:
        yield progress
