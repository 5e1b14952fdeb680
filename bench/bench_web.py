"""Web platform benchmark: 77 provinces x 10 years of inventories, 20 concurrent clients.

Measures every GET page and API endpoint (median and 95th percentile latency): the
public pages and API anonymously, the pages and endpoints behind a login with a
national administrator's session or API token; on SQLite and on PostgreSQL, with the
production settings served by gunicorn on the loopback address, and writes the "Web
platform" section of docs/benchmarks.md with the machine's load average.

    python bench/bench_web.py                       # SQLite, and PostgreSQL if DATABASE_URL
    eval "$(bash scripts/ci_services.sh)"; python bench/bench_web.py --databases sqlite postgres

The data: the example workbook computed by the engine for ten years (amounts x 1.03 per
year), stored for each of the 77 provinces (770 inventories, 226 lines each, every
result document ~0.5 MB). The ten result documents are shared by the provinces: the
benchmark measures serving, not the engine (bench/bench_inventory.py does that).
Traffic goes to 127.0.0.1 only; every loop is bounded in requests and time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from _machine import machine, write_section  # noqa: E402

YEARS = range(2014, 2024)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = _free_port()
TIME_LIMIT_S = 300  # per endpoint, whatever happens
ERRORS: list[str] = []  # answers other than 200, reported beside the figures


def _env(database_url: str, data_dir: str, page_cache: bool = True) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIMATEPLAN_")}
    env.update(
        DATABASE_URL=database_url,
        CLIMATEPLAN_DATA_DIR=data_dir,
        CLIMATEPLAN_SECRET_KEY=secrets.token_urlsafe(50),
        CLIMATEPLAN_HTTPS="0",  # plain HTTP on the loopback address
        CLIMATEPLAN_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="climateplan.site.settings",
        CLIMATEPLAN_PAGE_CACHE="1" if page_cache else "0",
    )
    return env


def populate() -> None:
    """(Run in a child process with the database's environment.) Migrate and fill."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from climateplan.inventory import with_meta
    from climateplan.inventory.web import demo
    from climateplan.inventory.web.models import Inventory, Population, State
    from climateplan.reference import provinces

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Inventory.objects.count() >= 770:
        return
    Inventory.objects.all().delete()
    base = demo.example_activity()
    yearly = [demo.scaled(base, base.meta.province, y, demo.GROWTH ** (y - 2023)) for y in YEARS]
    started = time.perf_counter()
    documents = demo.analysed_documents(yearly)
    print(f"engine: 10 inventories in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    codes = list(provinces()["code"])
    for code in codes:
        with transaction.atomic():
            for data in yearly:
                moved = with_meta(data, province=code)
                document = dict(documents[data.meta.key], province=code)
                state = State.PUBLISHED if data.meta.year < 2023 else State.SUBMITTED
                demo.store_inventory(moved, document, state, note="benchmark data")
            Population.objects.bulk_create(
                [
                    Population(province=code, year=y, population=1_000_000, source="benchmark")
                    for y in YEARS
                ],
                ignore_conflicts=True,
            )
    print(f"stored 770 inventories in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def credentials() -> None:
    """(Run in a child process.) Print an inventory id, one of its lines, a national
    administrator's API token and a session key for the requests behind a login."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from climateplan.inventory.web.models import Inventory
    from climateplan.site.models import Profile, Role

    inventory = Inventory.objects.filter(province="TH-50", year=2022).get()
    user, _ = get_user_model().objects.get_or_create(username="bench-admin")
    Profile.objects.get_or_create(user=user, defaults={"role": Role.NATIONAL_ADMIN})
    token, _ = Token.objects.get_or_create(user=user)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "climateplan.site.auth_backend.ProfileModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    print(inventory.pk, inventory.lines.first().pk, token.key, session.session_key)


def _start_server(env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "climateplan.site.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(ROOT),
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/geo/provinces.geojson")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the server did not start")


def _get(connection: http.client.HTTPConnection, path: str, headers: dict | None = None) -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200 or not body:
        ERRORS.append(f"{path}: HTTP {response.status}")
    return elapsed


def _client_process(path, headers, requests_per_client, deadline, start, results) -> None:
    """One client: its own process (as each browser is), its requests one after another
    on one connection, opened once every client has warmed up (``start``, a barrier; a
    connection left waiting there would be closed by the server's keep-alive timeout).
    Whatever happens, it reports (no answer counts as an error), so the parent never waits
    for a client that died."""
    times: list[float] = []
    errors: list[str] = []
    try:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        for _ in range(2):  # every worker process and thread loads its code first
            _get(connection, path, headers)
        connection.close()
        ERRORS.clear()
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=TIME_LIMIT_S)
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        for _ in range(requests_per_client):
            if time.time() > deadline:
                break
            times.append(_get(connection, path, headers))
        connection.close()
        errors = list(ERRORS)
    except Exception as error:  # reported as this client's error
        start.abort()  # the others are not kept waiting for it (they measure all the same)
        errors = [*ERRORS, f"{path}: {type(error).__name__}: {error}"]
    finally:
        results.put((times, errors))


def measure(path: str, clients: int, requests_per_client: int, headers: dict | None = None) -> dict:
    """``clients`` client processes sending their requests at the same time.

    Processes, not threads of one process: twenty threads of one Python process take
    turns at its interpreter lock to read their answers, and the time an answer waits
    for its reader was counted as the server's."""
    context = multiprocessing.get_context("fork")
    deadline = time.time() + TIME_LIMIT_S
    start = context.Barrier(clients + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=_client_process,
            args=(path, headers, requests_per_client, deadline, start, results),
        )
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        start.wait(timeout=TIME_LIMIT_S)
    started = time.perf_counter()
    times: list[float] = []
    ERRORS.clear()
    for _ in processes:
        chunk, errors = results.get(timeout=TIME_LIMIT_S + 120)
        times += chunk
        ERRORS.extend(errors)
    wall = time.perf_counter() - started
    for process in processes:
        process.join()
    times.sort()
    return {
        "errors": len(ERRORS),
        "requests": len(times),
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
        "throughput": len(times) / wall,
    }


def run(
    database: str, url: str, clients: int, per_client: int, workers: int, no_cache: bool
) -> dict:
    with tempfile.TemporaryDirectory(prefix="climateplan-bench-") as folder:
        if database == "sqlite":
            url = f"sqlite:///{folder}/bench.sqlite3"
        env = _env(url, folder)
        subprocess.run([sys.executable, __file__, "--populate"], env=env, check=True)
        inventory, line, token, session = subprocess.run(
            [sys.executable, __file__, "--credentials"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        admin_api = {"Authorization": f"Token {token}"}
        admin_page = {"Cookie": f"sessionid={session}"}
        api = f"/api/inventories/{inventory}"
        server = _start_server(env, workers)
        try:
            paths = {
                "national overview /": ("/", None),
                "comparison /compare/ (3 provinces)": (
                    "/compare/?province=TH-50&province=TH-10&province=TH-62",
                    None,
                ),
                "province page /provinces/TH-50/": ("/provinces/TH-50/", None),
                "inventory page /inventories/ID/ (226 lines)": (
                    f"/inventories/{inventory}/",
                    None,
                ),
                "inventory page, admin": (f"/inventories/{inventory}/", admin_page),
                "history page, admin": (f"/inventories/{inventory}/history/", admin_page),
                "factors page, admin": ("/factors/", admin_page),
                "API provinces": ("/api/provinces/", None),
                "API inventories (list)": ("/api/inventories/", None),
                "API inventory": (f"{api}/", None),
                "API results": (f"{api}/results/", None),
                "API lines (226)": (f"{api}/lines/", None),
                "API one line": (f"{api}/lines/{line}/", None),
                "API history, admin": (f"{api}/history/", admin_api),
                "API comments, admin": (f"{api}/comments/", admin_api),
                "API factors, admin": ("/api/factors/", admin_api),
                "API all factors, admin": ("/api/factors/all/", admin_api),
                "API schema": ("/api/schema/", None),
            }
            figures = {
                name: measure(path, clients, per_client, headers)
                for name, (path, headers) in paths.items()
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
        if no_cache:
            server = _start_server(_env(url, folder, page_cache=False), workers)
            try:
                for name in ("national overview /", "province page /provinces/TH-50/"):
                    path, headers = paths[name]
                    figures[f"{name} (no cache)"] = measure(path, clients, per_client, headers)
            finally:
                server.terminate()
                server.wait(timeout=30)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--populate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--credentials", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--databases", nargs="+", default=None, choices=["sqlite", "postgres"])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="requests per client")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--no-cache", action="store_true", help="also measure the pages without the page cache"
    )
    args = parser.parse_args()
    if args.populate:
        populate()
        return
    if args.credentials:
        credentials()
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
            database, postgres_url, args.clients, args.requests, args.workers, args.no_cache
        )
        print(json.dumps({database: results[database]}, indent=1))
    if args.no_write:
        return
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Machine: {machine()}; load average {load} (1, 5, 15 min) at the end of the run, "
        "other work running beside it. Run: `python bench/bench_web.py` "
        f"(gunicorn, {args.workers} workers x 4 threads, production settings, loopback).",
        "",
        f"77 provinces x 10 years = 770 inventories (226 lines each) in the database; "
        f"{args.clients} concurrent clients, {args.requests} requests each per page, after "
        "2 warm-up requests per client. Target: median under 300 ms, 95th "
        "percentile under 1 s. The overview, province and comparison pages cache their body "
        "per scope, "
        "language and data stamp; the inventory page caches its totals and GPC table per "
        "inventory revision and language, its line table per revision, language, page, the "
        "viewer's rights and the review threads; "
        "/api/inventories/ per audience, address and data stamp; the lines of an "
        "inventory per revision; the factors page and /api/factors/all/ build the listing "
        "once per set of factor tables (any change invalidates at once); rows marked "
        "'no cache' ran with CLIMATEPLAN_PAGE_CACHE=0. 'admin' rows send a national "
        "administrator's session cookie or API token.",
        "",
        "| database | page | requests | not 200 | median ms | p95 ms | requests/s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for database, pages in results.items():
        for name, figures in pages.items():
            lines.append(
                f"| {database} | {name} | {figures['requests']} | {figures['errors']} | "
                f"{figures['p50_ms']:.0f} | "
                f"{figures['p95_ms']:.0f} | {figures['throughput']:.1f} |"
            )
    write_section(str(ROOT / "docs" / "benchmarks.md"), "Web platform", "\n".join(lines))


if __name__ == "__main__":
    main()
