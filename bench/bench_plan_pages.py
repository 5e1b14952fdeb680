"""Plan pages benchmark: 77 provinces x 2 plans, 20 concurrent clients.

Measures the national plans overview, a plan's overview, its reduction section and its
risk section (median and 95th percentile latency), anonymously (a published plan) and
with a national reviewer's session (also a plan under review and the review queue); on
SQLite and on PostgreSQL, with the production settings served by gunicorn on the
loopback address, and writes the "Plans" section of docs/benchmarks.md with the
machine's load average. With ``--with-job`` it measures again while the background
worker computes a gridded climate job (NetCDF) of the risk section.

    python bench/bench_plan_pages.py            # SQLite, and PostgreSQL if DATABASE_URL
    eval "$(bash scripts/ci_services.sh)"
    python bench/bench_plan_pages.py --databases sqlite postgres --with-job

The data: the demo's Kamphaeng Phet plan is built through the plan services (every
section computed by its handler); each province then gets two plans, 2018-2022
published and 2023-2027 submitted for review, whose sections hold copies of that plan's
inputs, measures, actions and result documents (stamped as current), on quick copies of
one computed inventory. The benchmark measures serving, not the engines
(bench/bench_plan_recompute.py does that). PostgreSQL runs in a database of its own
(``<name>_plan_pages`` beside the one of DATABASE_URL), created when missing, so the
other benchmarks' data are not touched. Traffic goes to 127.0.0.1 only; every loop is
bounded in requests and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import bench_web  # noqa: E402 - the server start and the concurrent clients are the same
from _machine import machine, write_section  # noqa: E402

PLANS_PER_PROVINCE = 2
PERIODS = ((2018, 2022, 2017, "published"), (2023, 2027, 2022, "submitted"))
JOBS = 40  # climate jobs queued at once (--with-job): the worker stays busy while measuring


def populate() -> None:
    """(Run in a child process with the database's environment.) Migrate and fill."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from climateplan.inventory import with_meta
    from climateplan.inventory.web import demo as inventory_demo
    from climateplan.inventory.web.models import Inventory, State
    from climateplan.plans.web import demo as plan_demo
    from climateplan.plans.web import sections as registry
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for
    from climateplan.plans.web.models import (
        Plan,
        PlanState,
        SectionKind,
        SectionState,
        set_section_result,
    )
    from climateplan.reference import provinces
    from climateplan.site.models import Role

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Plan.objects.count() >= 77 * PLANS_PER_PROVINCE:
        return
    started = time.perf_counter()
    base = inventory_demo.example_activity()
    years = sorted({p[2] for p in PERIODS})
    yearly = [
        inventory_demo.scaled(base, "TH-62", y, inventory_demo.GROWTH ** (y - base.meta.year))
        for y in years
    ]
    documents = inventory_demo.analysed_documents(yearly)
    codes = list(provinces()["code"])
    for code in codes:
        with transaction.atomic():
            for data in yearly:
                moved = with_meta(data, province=code)
                document = dict(documents[data.meta.key], province=code)
                inventory_demo.store_inventory(moved, document, State.PUBLISHED, note="benchmark")
    print(f"inventories: {len(codes) * len(years)} in {time.perf_counter() - started:.0f} s")

    # the template: Kamphaeng Phet's demo plan, every section computed through the services
    started = time.perf_counter()
    spec = plan_demo.KAMPHAENG_PHET
    template = plan_demo.build_plan(spec)
    print(f"template plan through the services in {time.perf_counter() - started:.0f} s")
    kinds = (SectionKind.REDUCTION, SectionKind.RISK, SectionKind.ADAPTATION)
    source = {kind: template.sections.get(kind=kind) for kind in kinds}
    source_actions = {kind: services.actions_of(source[kind]) for kind in kinds}
    reviewer = plan_demo._user("bench-reviewer", Role.NATIONAL_REVIEWER)

    started = time.perf_counter()
    now = timezone.now()
    for code in codes:
        editor = plan_demo._user(f"bench-editor-{code}", Role.PROVINCIAL_EDITOR, code)
        for start, end, base_year, state in PERIODS:
            if Plan.objects.filter(province=code, start_year=start, end_year=end).exists():
                continue
            inventory = Inventory.objects.get(province=code, year=base_year)
            plan = services.create_plan(
                plan_access_for(editor),
                editor,
                province=code,
                title_th=f"แผนการเปลี่ยนแปลงสภาพภูมิอากาศ {code} (ข้อมูลทดสอบความเร็ว)",
                title_en=f"Climate change plan {code} (benchmark data)",
                start_year=start,
                end_year=end,
                base_year=base_year,
            )
            with transaction.atomic():
                Plan.objects.filter(pk=plan.pk).update(base_inventory=inventory)
                plan.refresh_from_db()
                for kind in kinds:  # in order: the adaptation stamp reads the risk stamp
                    section = plan.sections.get(kind=kind)
                    section.inputs = source[kind].inputs
                    section.summary = source[kind].summary
                    section.problems = source[kind].problems
                    section.warnings = source[kind].warnings
                    section.computed_at = now
                    section.save()
                    services.sync_actions(section, source_actions[kind])
                    set_section_result(section, source[kind].result)
                    section.input_stamp = registry.digest(services.candidate_of(section, plan))
                    section.state = (
                        SectionState.PUBLISHED if state == "published" else SectionState.SUBMITTED
                    )
                    section.save()
                plan.sections.filter(kind=SectionKind.INVENTORY).update(
                    state=SectionState.PUBLISHED if state == "published" else SectionState.SUBMITTED
                )
                Plan.objects.filter(pk=plan.pk).update(
                    state=PlanState.PUBLISHED if state == "published" else PlanState.SUBMITTED,
                    endorsement_body="benchmark",
                    endorsement_meeting="1/2567",
                    endorsement_date=now.date(),
                    endorsement_authority="benchmark",
                    endorsed_at=now,
                    submitted_at=now,
                    approved_at=now if state == "published" else None,
                    published_at=now if state == "published" else None,
                )
    print(
        f"plans: {Plan.objects.count()} ({reviewer.username} reviews) in "
        f"{time.perf_counter() - started:.0f} s"
    )


def credentials() -> None:
    """(Run in a child process.) Print the measured paths and a reviewer's session key."""
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from climateplan.plans.web.demo import _user
    from climateplan.plans.web.models import Plan
    from climateplan.site.models import Role

    published = Plan.objects.get(province="TH-50", start_year=2018)
    submitted = Plan.objects.get(province="TH-50", start_year=2023)
    user = _user("bench-reviewer", Role.NATIONAL_REVIEWER)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "climateplan.site.auth_backend.ProfileModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    print(
        json.dumps(
            {
                "session": session.session_key,
                "overview": reverse("national:plans"),
                "queue": reverse("national:review"),
                "plan": reverse("plans:detail", args=[published.pk]),
                "reduction": reverse("plans:section", args=[published.pk, "reduction"]),
                "risk": reverse("plans:section", args=[published.pk, "risk"]),
                "plan_review": reverse("plans:detail", args=[submitted.pk]),
                "reduction_review": reverse("plans:section", args=[submitted.pk, "reduction"]),
                "risk_review": reverse("plans:section", args=[submitted.pk, "risk"]),
                "risk_section_id": submitted.sections.get(kind="risk").pk,
            }
        )
    )


def cpu_per_request(found: dict) -> None:
    """(Run in a child process.) CPU time of one request of each page in this process
    (Django's test client, one request after another, median of 5 after one warm-up),
    and the part of it spent on the sections' checklists."""
    import statistics

    import django

    django.setup()
    from django.test import Client

    from climateplan.plans.web import services

    checklist = services.checklist
    spent = [0.0]

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return checklist(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    services.checklist = timed
    anonymous, reviewer = Client(), Client()
    reviewer.cookies["sessionid"] = found["session"]
    out = {}
    for name, (path, headers) in _paths(found, {"Cookie": "reviewer"}).items():
        client = reviewer if headers else anonymous
        client.get(path, HTTP_HOST="127.0.0.1")
        cpu, checklists = [], []
        for _ in range(5):
            spent[0] = 0.0
            started = time.process_time()
            client.get(path, HTTP_HOST="127.0.0.1")
            cpu.append(time.process_time() - started)
            checklists.append(spent[0])
        out[name] = {
            "cpu_ms": statistics.median(cpu) * 1000,
            "checklist_ms": statistics.median(checklists) * 1000,
        }
    print(json.dumps(out))


def _postgres_url(url: str) -> str:
    """The benchmark's own database beside the one of ``url``, made afresh for each run as
    SQLite's is: what an earlier run left (e.g. the climate jobs of ``--with-job``, listed
    on the risk section's page) would otherwise be measured too."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_plan_pages"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def _start_server(env: dict, workers: int, wait_s: float = 300) -> subprocess.Popen:
    """gunicorn as bench_web starts it, given more time to come up on a busy machine."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "climateplan.site.wsgi:application",
            "--bind",
            f"127.0.0.1:{bench_web.PORT}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(ROOT),
    )
    deadline = time.time() + wait_s
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", bench_web.PORT, timeout=30)
            connection.request("GET", "/geo/provinces.geojson")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise RuntimeError("the server did not start")


def _paths(found: dict, session: dict) -> dict:
    return {
        "national plans overview": (found["overview"], None),
        "national plans overview, reviewer": (found["overview"], session),
        "review queue, reviewer": (found["queue"], session),
        "plan overview (published)": (found["plan"], None),
        "plan overview (published), reviewer": (found["plan"], session),
        "plan overview (under review), reviewer": (found["plan_review"], session),
        "reduction section (published)": (found["reduction"], None),
        "reduction section (under review), reviewer": (found["reduction_review"], session),
        "risk section (published)": (found["risk"], None),
        "risk section (under review), reviewer": (found["risk_review"], session),
    }


def _median_of_runs(runs: list[dict]) -> dict:
    """One page's figures over several runs: the median of the runs' medians and of their
    95th percentiles (and the range of the medians); requests and errors summed."""
    medians = sorted(r["p50_ms"] for r in runs)
    return {
        "runs": len(runs),
        "requests": sum(r["requests"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "p50_ms": statistics.median(medians),
        "p50_range": (medians[0], medians[-1]),
        "p95_ms": statistics.median(r["p95_ms"] for r in runs),
        "throughput": statistics.median(r["throughput"] for r in runs),
    }


def run(
    database: str,
    url: str,
    clients: int,
    per_client: int,
    workers: int,
    job: bool,
    runs: int = 1,
) -> dict:
    with tempfile.TemporaryDirectory(prefix="climateplan-bench-plans-") as folder:
        url = f"sqlite:///{folder}/bench.sqlite3" if database == "sqlite" else _postgres_url(url)
        env = bench_web._env(url, folder)
        subprocess.run([sys.executable, __file__, "--populate"], env=env, check=True)
        found = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--credentials"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        session = {"Cookie": f"sessionid={found['session']}"}
        paths = _paths(found, session)
        cpu = json.loads(_child(env, "--cpu", json.dumps(found)).splitlines()[-1])
        server = _start_server(env, workers)
        figures = {}
        measured: dict[str, list[dict]] = {name: [] for name in paths}
        try:
            for _ in range(runs):  # every page once per run, the runs one after another
                for name, (path, headers) in paths.items():
                    measured[name].append(bench_web.measure(path, clients, per_client, headers))
                    print(name, json.dumps(measured[name][-1]), file=sys.stderr)
            figures = {name: _median_of_runs(found_runs) for name, found_runs in measured.items()}
            if job:
                figures.update(_with_job(env, found, paths, clients, per_client))
        finally:
            server.terminate()
            server.wait(timeout=30)
        for name, costs in cpu.items():
            figures[name].update(costs)
        return figures


def _child(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, __file__, *args], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def _with_job(env: dict, found: dict, paths: dict, clients: int, per_client: int) -> dict:
    """The same pages while the worker computes a gridded climate job (risk section)."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "climateplan.cli.main", "worker", "--interval", "0.5"],
        env=env,
        cwd=str(ROOT),
    )
    figures = {}
    try:
        section = str(found["risk_section_id"])
        _child(env, "--enqueue-job", section)
        deadline = time.time() + 120
        while "running" not in _child(env, "--job-status", section) and time.time() < deadline:
            time.sleep(1)
        for name in (
            "plan overview (published)",
            "risk section (under review), reviewer",
            "national plans overview",
        ):
            path, headers = paths[name]
            before = _child(env, "--job-status", section)
            result = bench_web.measure(path, clients, per_client, headers)
            result["job"] = f"jobs ended {before} -> {_child(env, '--job-status', section)}"
            figures[f"{name}, NetCDF jobs in the worker"] = result
            print(name, json.dumps(result), file=sys.stderr)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--populate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--credentials", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--enqueue-job", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--job-status", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cpu", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--databases", nargs="+", default=None, choices=["sqlite", "postgres"])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="requests per client")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--with-job", action="store_true", help="measure again with a NetCDF job in the worker"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs over every page")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.populate:
        populate()
        return
    if args.credentials:
        credentials()
        return
    if args.enqueue_job is not None:
        enqueue_job(args.enqueue_job)
        return
    if args.job_status is not None:
        job_status(args.job_status)
        return
    if args.cpu is not None:
        cpu_per_request(json.loads(args.cpu))
        return
    postgres_url = os.environ.get("DATABASE_URL", "")
    databases = args.databases or (
        ["sqlite", "postgres"] if postgres_url.startswith("postgres") else ["sqlite"]
    )
    results = {}
    for database in databases:
        if database == "postgres" and not postgres_url.startswith("postgres"):
            raise SystemExit(
                'PostgreSQL needs DATABASE_URL (eval "$(bash scripts/ci_services.sh)")'
            )
        results[database] = run(
            database,
            postgres_url,
            args.clients,
            args.requests,
            args.workers,
            args.with_job,
            args.runs,
        )
        print(json.dumps({database: results[database]}, indent=1))
    if args.no_write:
        return
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Machine: {machine()} (`nproc` {os.cpu_count()}); load average {load} (1, 5, 15 "
        "min) at the end of the run, the benchmark's own server, database and clients "
        "included. Run: "
        f"`python bench/bench_plan_pages.py` (gunicorn, {args.workers} workers x 4 threads, "
        "production settings, loopback).",
        "",
        f"77 provinces x {PLANS_PER_PROVINCE} plans (2018-2022 published, 2023-2027 under "
        "review; each with the demo Kamphaeng Phet plan's 5 measures, 4 adaptation actions "
        "and result documents) in the database; "
        f"{args.clients} concurrent clients (each a process of its own, with one "
        f"connection), {args.requests} requests each per page, after 2 warm-up requests "
        f"per client; {args.runs} runs over every page, one after another: 'median ms' is "
        "the median of the runs' medians (their range in brackets), 'p95 ms' the median "
        "of their 95th percentiles, 'requests' the sum. Target: median under 300 ms, 95th "
        "percentile under 1 s. Rows without 'reviewer' are anonymous (the public sees "
        "published plans); "
        "'reviewer' rows send a national reviewer's session cookie. 'NetCDF jobs in the "
        f"worker' rows ran while `climateplan worker` computed {JOBS} queued gridded climate "
        "jobs of one risk section (two synthetic NetCDF files each: historical 1985-2014 and "
        "SSP2-4.5 2015-2050 over the province, 0.25 degree); 'jobs ended a -> b' counts the "
        "jobs finished before and after that page's requests. 'CPU ms' is one request's "
        "CPU time in one process (Django's test client, requests one after another, median "
        "of 5), in brackets the part spent on the sections' checklists: with 20 clients "
        "on this machine's cores a page's median is about 20 x its CPU time / cores, plus "
        "what the other work on the machine takes.",
        "",
        "| database | page | requests | not 200 | median ms | p95 ms | requests/s | CPU ms "
        "(checklists) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for database, pages in results.items():
        for name, figures in pages.items():
            if "job" in figures:
                name = f"{name} ({figures['job']})"
            lines.append(
                f"| {database} | {name} | {figures['requests']} | {figures['errors']} | "
                f"{_median_text(figures)} | {figures['p95_ms']:.0f} | "
                f"{figures['throughput']:.1f} | {_cpu(figures)} |"
            )
    write_section(str(ROOT / "docs" / "benchmarks.md"), "Plans", "\n".join(lines))


def _median_text(figures: dict) -> str:
    low, high = figures.get("p50_range", (figures["p50_ms"], figures["p50_ms"]))
    if figures.get("runs", 1) == 1:
        return f"{figures['p50_ms']:.0f}"
    return f"{figures['p50_ms']:.0f} ({low:.0f}-{high:.0f})"


def _cpu(figures: dict) -> str:
    if "cpu_ms" not in figures:
        return ""
    return f"{figures['cpu_ms']:.0f} ({figures['checklist_ms']:.0f})"


def enqueue_job(section_id: int) -> None:
    """(Run in a child process.) Queue JOBS gridded climate jobs on a risk section, each
    with two synthetic NetCDF files over the province (historical 1985-2014 and SSP2-4.5
    2015-2050, 0.25 degree, tasmax, tasmin, pr; bench/bench_plan_gridded.py's generator),
    as the section's NetCDF upload queues one."""
    import shutil

    import django

    django.setup()
    from bench_plan_gridded import generate
    from django.conf import settings

    from climateplan.plans.web.models import ClimateJob, Section
    from climateplan.plans.web.tasks import compute_climate_job

    section = Section.objects.select_related("plan").get(pk=section_id)
    workdir = Path(settings.DATA_DIR) / "bench-netcdf"
    sources = [
        generate(workdir, section.plan.province),
        _scenario_file(workdir, section.plan.province),
    ]
    for _ in range(JOBS):
        job = ClimateJob.objects.create(
            section=section,
            options={"names": [p.name for p in sources], "scenario": ""},
            message_en="waiting for the worker",
            message_th="รอคิวคำนวณ",
        )
        folder = Path(settings.DATA_DIR) / "uploads" / "netcdf" / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        for source in sources:
            shutil.copy(source, folder / source.name)
        job.files = [str(folder / p.name) for p in sources]
        job.save(update_fields=["files"])
        result = compute_climate_job.enqueue(job.pk)
        ClimateJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def _scenario_file(workdir: Path, province: str) -> Path:
    """The same synthetic model under SSP2-4.5, 2015-2050 (the framework's projection
    period 2021-2050 needs every day of it)."""
    from bench_plan_gridded import MARGIN

    from climateplan.plans.risk.geo import province_bounds
    from climateplan.risk.climate import SyntheticClimateSettings, generate_synthetic_climate
    from climateplan.risk.climate.synthetic import member_file_name

    lon_min, lat_min, lon_max, lat_max = province_bounds(province)
    settings = SyntheticClimateSettings(
        start_year=2015,
        end_year=2050,
        resolution=0.25,
        models=1,
        seed=1,
        scenario="ssp245",
        variables=("tasmax", "tasmin", "pr"),
        lon_range=(lon_min - MARGIN, lon_max + MARGIN),
        lat_range=(lat_min - MARGIN, lat_max + MARGIN),
    )
    out = workdir / f"{province}-ssp245"
    path = out / member_file_name(settings, 0)
    if not path.exists():
        generate_synthetic_climate(out, settings)
    return path


def job_status(section_id: int) -> None:
    """(Run in a child process.) Print how many of the section's jobs ended, and whether
    one is running."""
    import django

    django.setup()
    from climateplan.plans.web.models import ClimateJob

    jobs = ClimateJob.objects.filter(section_id=section_id)
    ended = jobs.filter(status__in=("done", "failed")).count()
    running = jobs.filter(status="running").exists()
    print(f"{ended}/{jobs.count()}{' running' if running else ''}")


if __name__ == "__main__":
    main()
