"""``climateplan worker``: run the background tasks of the web platform.

The site queues long work (gridded climate indices from uploaded NetCDF files) as
Django tasks in its own database (django-tasks with the database backend); this
command runs them: django-tasks-db's ``db_worker`` on the site's database
(``DATABASE_URL``, or the SQLite file in ``CLIMATEPLAN_DATA_DIR``), on the queues
``default`` and ``climate``. ``climateplan serve`` starts one beside the server;
production runs it as a service of its own (docs/deploy.md, "Background worker").

Stop it with Ctrl+C or SIGTERM: the task it is running is stopped and its job is
marked failed with the reason, never left running.
"""

from __future__ import annotations

import os

import typer

QUEUES = "default,climate"


def worker(
    queues: str = typer.Option(
        QUEUES, "--queues", help="Queues to run, comma-separated / คิวที่ทำงาน คั่นด้วยจุลภาค"
    ),
    interval: float = typer.Option(
        1.0,
        "--interval",
        min=0.1,
        help="Seconds between looks at an empty queue / วินาทีระหว่างการตรวจคิวว่าง",
    ),
    batch: bool = typer.Option(
        False, "--batch", help="Run what is queued, then exit / ทำงานที่อยู่ในคิวแล้วจบ"
    ),
    max_tasks: int | None = typer.Option(
        None, "--max-tasks", min=1, help="Exit after this many tasks / จบหลังทำงานครบจำนวนนี้"
    ),
) -> None:
    """Run the background tasks of the web platform (NetCDF climate computations).

    ทำงานเบื้องหลังของเว็บแพลตฟอร์ม (การคำนวณดัชนีภูมิอากาศจากไฟล์ NetCDF)
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "climateplan.site.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command(
        "db_worker",
        queue_name=queues,
        interval=interval,
        batch=batch,
        max_tasks=max_tasks,
        reload=False,
        startup_delay=not batch,
        verbosity=1,
    )


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)


if __name__ == "__main__":  # ``python -m climateplan.cli.worker``: what ``serve`` starts
    typer.run(worker)
