"""Monitoring pages benchmark: a plan's dashboard (150 actions x 10 periods of accepted
reports) and the national monitoring overview (77 monitored plans), 20 concurrent clients.

Measures the median and 95th percentile latency of the plan's monitoring dashboard
(its province's editor, and a national reviewer) and of the national monitoring page (a
national reviewer), on SQLite and on PostgreSQL, with the production settings served by
gunicorn on the loopback address, and writes the "Monitoring" section of
docs/benchmarks.md with the machine's load average. It also times, in one process, the
first request after the figures' cache was emptied (the figures computed afresh) and a
request that finds them cached.

    python bench/bench_monitoring.py            # SQLite, and PostgreSQL if DATABASE_URL
    eval "$(bash scripts/ci_services.sh)"
    python bench/bench_monitoring.py --databases sqlite postgres

The data: bench/bench_plan_pages.py's 77 provinces x 2 plans (its populate, reused), then
for every province's published 2018-2022 plan ten half-year reporting periods (fiscal
years 2018-2022) with an accepted report of each action in each, budget lines and
funding; Chiang Mai's plan gets 145 adaptation actions more (150 actions with its 5
reduction measures), so its dashboard reads 1,500 accepted reports. The estimated
achieved reductions are set by :func:`refresh_achieved` as after a review (for one
plan, and copied to the others: their reduction sections are copies of the same plan). PostgreSQL
runs in a database of its own (``<name>_monitoring_plan_pages``), created when missing.
Traffic goes to 127.0.0.1 only; every loop is bounded in requests and time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import bench_plan_pages  # noqa: E402 - the plans' data, the server start
import bench_web  # noqa: E402 - the concurrent clients
from _machine import machine, write_section  # noqa: E402

ACTIONS = 150  # in the dashboard's plan
PERIODS = 10  # half-years of fiscal years 2018-2022
DASHBOARD_PROVINCE = "TH-50"
STATUSES = ("on_track", "on_track", "on_track", "delayed", "completed", "not_started")


def populate() -> None:
    """(Run in a child process with the database's environment.) The plans, then the
    monitoring records."""
    bench_plan_pages.populate()
    import datetime as dt

    import django

    django.setup()
    from django.db import transaction

    from climateplan.monitoring.web.achieved import refresh_achieved
    from climateplan.monitoring.web.models import Funding, ProgressReport, ReportingPeriod
    from climateplan.plans.web.demo import _user
    from climateplan.plans.web.models import Action, BudgetLine, Plan
    from climateplan.site.models import Role

    _user(f"bench-editor-{DASHBOARD_PROVINCE}", Role.PROVINCIAL_EDITOR, DASHBOARD_PROVINCE)
    if ProgressReport.objects.exists():
        return
    started = time.perf_counter()
    plans = list(Plan.objects.filter(start_year=2018, state="published").order_by("province"))
    for plan in plans:
        with transaction.atomic():
            if plan.province == DASHBOARD_PROVINCE:
                _more_actions(plan, Action, BudgetLine)
            actions = list(
                Action.objects.filter(
                    section__plan=plan, section__kind__in=("reduction", "adaptation")
                )
                .order_by("pk")
                .values("pk", "kpi", "section__kind")
            )
            periods = []
            for fy in range(2018, 2018 + PERIODS // 2):
                for number, (starts, ends) in enumerate(
                    (
                        (dt.date(fy - 1, 10, 1), dt.date(fy, 3, 31)),
                        (dt.date(fy, 4, 1), dt.date(fy, 9, 30)),
                    ),
                    start=1,
                ):
                    periods.append(
                        ReportingPeriod(
                            plan=plan,
                            fiscal_year=fy,
                            number=number,
                            starts=starts,
                            ends=ends,
                            due=ends + dt.timedelta(days=30),
                            state="closed",
                        )
                    )
            periods = ReportingPeriod.objects.bulk_create(periods)
            reports = []
            for i, action in enumerate(actions):
                kpi = action["kpi"] or {}
                target = float(kpi.get("target") or 0)
                for k, period in enumerate(periods):
                    share = (k + 1) / (len(periods) + 2)
                    reports.append(
                        ProgressReport(
                            action_id=action["pk"],
                            period=period,
                            state="accepted",
                            status=STATUSES[(i + k) % len(STATUSES)],
                            percent=round(share * 100),
                            disbursed=10_000 * (1 + (i % 7)),
                            kpi_values=[{"key": "kpi", "value": target * share}] if target else [],
                        )
                    )
            ProgressReport.objects.bulk_create(reports, batch_size=1000)
            Funding.objects.bulk_create(
                Funding(action_id=a["pk"], fiscal_year=2019, amount=200_000, source="provincial")
                for a in actions[::3]
            )
    # every plan's reduction section is a copy of the same plan on a copy of the same
    # inventory: the estimates are computed once (as after a review) and copied
    refresh_achieved(plans[0])
    computed = {
        (r.action.code, r.period.fiscal_year, r.period.number): r.achieved_t
        for r in ProgressReport.objects.filter(
            period__plan=plans[0], achieved_t__isnull=False
        ).select_related("action", "period")
    }
    for plan in plans[1:]:
        rows = list(
            ProgressReport.objects.filter(
                period__plan=plan, action__section__kind="reduction"
            ).select_related("action", "period")
        )
        for r in rows:
            r.achieved_t = computed.get((r.action.code, r.period.fiscal_year, r.period.number))
        ProgressReport.objects.bulk_update(rows, ["achieved_t"], batch_size=1000)
    print(
        f"monitoring: {ProgressReport.objects.count()} reports of {len(plans)} plans in "
        f"{time.perf_counter() - started:.0f} s"
    )


def _more_actions(plan, Action, BudgetLine) -> None:
    """Adaptation actions copied from the plan's own until it has ACTIONS in all."""
    section = plan.sections.get(kind="adaptation")
    have = Action.objects.filter(section__plan=plan, section__kind__in=("reduction", "adaptation"))
    templates = list(section.actions.order_by("position"))
    missing = ACTIONS - have.count()
    made = []
    for n in range(missing):
        t = templates[n % len(templates)]
        made.append(
            Action(
                section=section,
                position=1000 + n,
                code=f"{t.code}-{n + 1:03d}",
                name_th=f"{t.name_th} ({n + 1})",
                name_en=f"{t.name_en} ({n + 1})",
                library_id=t.library_id,
                data=t.data,
                owner_agency=t.owner_agency,
                co_agencies=t.co_agencies,
                start_year=t.start_year,
                end_year=t.end_year,
                kpi=t.kpi,
            )
        )
    made = Action.objects.bulk_create(made)
    BudgetLine.objects.bulk_create(
        BudgetLine(action=a, fiscal_year=2019, amount=150_000, source="provincial") for a in made
    )


def credentials() -> None:
    """(Run in a child process.) The measured paths and the sessions."""
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from climateplan.plans.web.demo import _user
    from climateplan.plans.web.models import Plan
    from climateplan.site.models import Role

    def session_of(user) -> str:
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "climateplan.site.auth_backend.ProfileModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    plan = Plan.objects.get(province=DASHBOARD_PROVINCE, start_year=2018)
    reviewer = _user("bench-reviewer", Role.NATIONAL_REVIEWER)
    editor = _user(f"bench-editor-{DASHBOARD_PROVINCE}", Role.PROVINCIAL_EDITOR, DASHBOARD_PROVINCE)
    print(
        json.dumps(
            {
                "reviewer": session_of(reviewer),
                "editor": session_of(editor),
                "dashboard": reverse("monitoring:dashboard", args=[plan.pk]),
                "national": reverse("monitoring:national"),
            }
        )
    )


def _paths(found: dict) -> dict:
    reviewer = {"Cookie": f"sessionid={found['reviewer']}"}
    editor = {"Cookie": f"sessionid={found['editor']}"}
    return {
        "plan dashboard (150 actions x 10 periods), editor": (found["dashboard"], editor),
        "plan dashboard (150 actions x 10 periods), reviewer": (found["dashboard"], reviewer),
        "national monitoring (77 plans), reviewer": (found["national"], reviewer),
    }


def cold_and_warm(found: dict) -> None:
    """(Run in a child process.) One request with the cache emptied (the figures computed
    afresh) and one that finds them cached: median of 5 each, wall time in one process."""
    import statistics

    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    out = {}
    for name, (path, headers) in _paths(found).items():
        client = Client()
        client.cookies["sessionid"] = headers["Cookie"].split("=", 1)[1]
        client.get(path, HTTP_HOST="127.0.0.1")  # the code loaded
        cold, warm = [], []
        for _ in range(5):
            cache.clear()
            started = time.perf_counter()
            client.get(path, HTTP_HOST="127.0.0.1")
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            client.get(path, HTTP_HOST="127.0.0.1")
            warm.append(time.perf_counter() - started)
        out[name] = {
            "cold_ms": statistics.median(cold) * 1000,
            "warm_ms": statistics.median(warm) * 1000,
        }
    print(json.dumps(out))


def _postgres_url(url: str) -> str:
    """A database of this benchmark's own (bench_plan_pages names it from ``url``)."""
    parts = urlsplit(url)
    mine = urlunsplit(parts._replace(path=parts.path + "_monitoring"))
    return bench_plan_pages._postgres_url(mine)


def _child(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def run(database: str, url: str, clients: int, per_client: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="climateplan-bench-monitoring-") as folder:
        url = f"sqlite:///{folder}/bench.sqlite3" if database == "sqlite" else _postgres_url(url)
        env = bench_web._env(url, folder)
        subprocess.run([sys.executable, __file__, "--populate"], env=env, check=True)
        found = json.loads(_child(env, "--credentials").splitlines()[-1])
        timing = json.loads(_child(env, "--cold", json.dumps(found)).splitlines()[-1])
        server = bench_plan_pages._start_server(env, workers)
        figures = {}
        try:
            for name, (path, headers) in _paths(found).items():
                figures[name] = bench_web.measure(path, clients, per_client, headers)
                figures[name].update(timing[name])
                print(name, json.dumps(figures[name]), file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=30)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--populate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--credentials", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--databases", nargs="+", default=None, choices=["sqlite", "postgres"])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="requests per client")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.populate:
        populate()
        return
    if args.credentials:
        credentials()
        return
    if args.cold is not None:
        cold_and_warm(json.loads(args.cold))
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
        results[database] = run(database, postgres_url, args.clients, args.requests, args.workers)
        print(json.dumps({database: results[database]}, indent=1))
    if args.no_write:
        return
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Machine: {machine()} (`nproc` {os.cpu_count()}); load average {load} (1, 5, 15 "
        "min) at the end of the run, other work running beside it. Run: "
        f"`python bench/bench_monitoring.py` (gunicorn, {args.workers} workers x 4 threads, "
        "production settings, loopback).",
        "",
        "bench/bench_plan_pages.py's 77 provinces x 2 plans, and for each published plan "
        f"{PERIODS} closed half-year reporting periods with an accepted report of each action "
        f"in each; Chiang Mai's plan has {ACTIONS} actions (5 reduction measures with KPI "
        f"values and estimated achieved reductions), so its dashboard reads "
        f"{ACTIONS * PERIODS:,} reports. {args.clients} concurrent clients, {args.requests} "
        "requests each per page, after 2 warm-up requests per client (the figures are then "
        "in each worker's cache, as on a site in use). Targets: the dashboard's median under "
        "300 ms; the national page's 95th percentile under 1 s. 'Cold ms' is one request in "
        "one process with the cache emptied (every figure computed afresh from the "
        "database), 'cached ms' one that finds them (median of 5 each, wall time).",
        "",
        "| database | page | requests | not 200 | median ms | p95 ms | requests/s | cold ms "
        "| cached ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for database, pages in results.items():
        for name, f in pages.items():
            lines.append(
                f"| {database} | {name} | {f['requests']} | {f['errors']} | {f['p50_ms']:.0f} | "
                f"{f['p95_ms']:.0f} | {f['throughput']:.1f} | {f['cold_ms']:.0f} | "
                f"{f['warm_ms']:.0f} |"
            )
    write_section(str(ROOT / "docs" / "benchmarks.md"), "Monitoring", "\n".join(lines))


if __name__ == "__main__":
    main()
