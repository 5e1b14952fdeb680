"""``climateplan serve``: prepare the database and serve the web platform.

Two modes, both plain HTTP on one machine (production runs gunicorn behind a TLS
proxy: docs/deploy.md):

- ``--demo``: a demo database of its own (an SQLite file in ``.climateplan-demo/`` of
  the source checkout, or the user's data folder for an installed package), the demo
  data set and one account per role, whose passwords are printed when they are made.
  It refuses any other database (``DATABASE_URL``) unless ``--force-demo`` is given,
  so demo accounts never land in a real database. ``--reset`` deletes the demo
  database first, so new passwords are printed.
- without ``--demo``: the configured database, HTTPS settings off; a local-only mode,
  with a warning when it listens on an address other than the loopback.

Both start one background worker process (``climateplan worker``: NetCDF climate
computations) beside the server and stop it when the server stops; ``--no-worker``
leaves it out (run ``climateplan worker`` yourself then).

Register it in cli/main.py with ``app.command("serve")(serve.serve)``.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import typer

DEMO_FOLDER_NAME = ".climateplan-demo"
DEMO_DATABASE_NAME = "demo.sqlite3"


def _data_dir() -> Path:
    folder = Path(
        os.environ.get("CLIMATEPLAN_DATA_DIR") or Path.home() / ".local" / "share" / "climateplan"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _checkout_root() -> Path | None:
    """The source checkout this package runs from (editable install), if any."""
    root = Path(__file__).resolve().parents[3]
    if (root / "pyproject.toml").is_file() and (root / "src" / "climateplan").is_dir():
        return root
    return None


def demo_folder() -> Path:
    """Where the demo keeps its database and secret key.

    ``CLIMATEPLAN_DEMO_DIR`` if set; else ``.climateplan-demo/`` inside the source
    checkout, so two checkouts never share (and never find each other's) demo; else
    ``demo/`` in the user's data folder.
    """
    chosen = os.environ.get("CLIMATEPLAN_DEMO_DIR")
    if chosen:
        folder = Path(chosen)
    elif (root := _checkout_root()) is not None:
        folder = root / DEMO_FOLDER_NAME
    else:
        folder = _data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _demo_secret(folder: Path) -> str:
    """The demo's own secret key, generated once and kept beside its database (never in git)."""
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / DEMO_DATABASE_NAME}"


def _fail(message_en: str, message_th: str) -> None:
    typer.echo(f"{message_th}\n{message_en}", err=True)
    raise typer.Exit(code=2)


def _configure(demo: bool, host: str, reset: bool, force_demo: bool = False) -> Path:
    """Set the environment the settings read; the demo's folder (or the data folder)."""
    if reset and not demo:
        _fail(
            "--reset starts the demo database afresh and only works with --demo; "
            "a real database is never deleted by this command.",
            "--reset ใช้ได้กับ --demo เท่านั้น (เริ่มฐานข้อมูลสาธิตใหม่) คำสั่งนี้ไม่ลบฐานข้อมูลจริง",
        )
    if not demo:
        folder = _data_dir()
        if not is_loopback(host):
            typer.echo(
                f"คำเตือน: โหมดนี้สำหรับเครื่องนี้เท่านั้น (HTTP ไม่เข้ารหัส ปิดการตั้งค่า HTTPS) แต่รับการเชื่อมต่อที่ "
                f"{host}: ใช้งานจริงด้วย gunicorn หลังพร็อกซี TLS (docs/deploy.md)\n"
                f"WARNING: this is a local-only mode (plain HTTP, HTTPS settings off) but it "
                f"listens on {host}: passwords and session cookies cross the network "
                "unencrypted. Serve production with gunicorn behind a TLS proxy "
                "(docs/deploy.md).",
                err=True,
            )
    else:
        folder = demo_folder()
        database = folder / DEMO_DATABASE_NAME
        own_url = _sqlite_url(folder)
        configured = os.environ.get("DATABASE_URL", "")
        if configured and configured != own_url and not force_demo:
            _fail(
                "--demo refuses to write demo data and demo accounts (with a known "
                "administrator) into the database of DATABASE_URL. Unset DATABASE_URL to "
                "use the demo's own database, or add --force-demo if that database is "
                "really a throw-away demo.",
                "--demo จะไม่เขียนข้อมูลและบัญชีสาธิตลงฐานข้อมูลใน DATABASE_URL: ยกเลิก DATABASE_URL "
                "เพื่อใช้ฐานข้อมูลสาธิตของตัวเอง หรือเพิ่ม --force-demo หากฐานข้อมูลนั้นใช้สาธิตเท่านั้นจริง",
            )
        if not configured or configured == own_url:
            if reset:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{database}{suffix}").unlink(missing_ok=True)
            os.environ["DATABASE_URL"] = own_url
        os.environ["CLIMATEPLAN_DATA_DIR"] = str(folder)
        if not (os.environ.get("CLIMATEPLAN_SECRET_KEY") or os.environ.get("SECRET_KEY")):
            os.environ["CLIMATEPLAN_SECRET_KEY"] = _demo_secret(folder)
    # This server speaks plain HTTP: secure-only cookies would make logging in impossible.
    # Behind a TLS proxy (docs/deploy.md) set CLIMATEPLAN_HTTPS=1.
    os.environ.setdefault("CLIMATEPLAN_HTTPS", "0")
    hosts = os.environ.get("CLIMATEPLAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
    if host not in hosts.split(",") and host not in ("0.0.0.0", "::"):
        os.environ["CLIMATEPLAN_ALLOWED_HOSTS"] = f"{hosts},{host}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "climateplan.site.settings")
    return folder


def prepare(*, demo: bool, echo=typer.echo, folder: Path | None = None, flush: bool = False):
    """Migrate, collect static files, load the demo data and accounts when asked.

    ``flush`` empties the database first (``--demo --force-demo --reset`` on a
    throw-away database of ``DATABASE_URL``).
    """
    import django
    from django.core.management import call_command

    django.setup()
    if flush:
        echo("ฐานข้อมูล: ล้างข้อมูล / database: emptying ...")
        call_command("flush", interactive=False, verbosity=0)
    echo("ฐานข้อมูล: ปรับโครงสร้าง / database: migrating ...")
    call_command("migrate", interactive=False, verbosity=0)
    echo("ไฟล์ static / static files ...")
    call_command("collectstatic", interactive=False, verbosity=0)
    if not demo:
        return
    from climateplan.inventory.web import demo as demo_data
    from climateplan.monitoring.web.demo import load_monitoring_demo
    from climateplan.plans.web.demo import load_plans_demo
    from climateplan.plans.web.demo_cycle import load_cycle_demo

    own = folder is not None and os.environ.get("DATABASE_URL") == _sqlite_url(folder)
    where = folder / DEMO_DATABASE_NAME if own else "DATABASE_URL"
    if demo_data.demo_loaded():
        echo(
            f"ข้อมูลสาธิตมีอยู่แล้วใน {where}: รหัสผ่านแสดงไปแล้วตอนสร้าง "
            "ใช้ climateplan serve --demo --reset เพื่อลบฐานข้อมูลสาธิตและสร้างบัญชีพร้อมรหัสผ่านใหม่\n"
            f"demo data already loaded in {where}; the passwords were printed when they "
            "were made: climateplan serve --demo --reset deletes the demo database and "
            "makes new accounts with new passwords"
        )
        return
    accounts = demo_data.create_accounts()
    echo("ข้อมูลสาธิต: คำนวณบัญชี / demo data: computing inventories ...")
    count = demo_data.load_demo()
    echo(f"สร้างบัญชีก๊าซเรือนกระจกสาธิต {count} ฉบับ / {count} demo inventories created")
    accounts += load_plans_demo(echo)
    accounts += load_monitoring_demo(echo)
    load_cycle_demo(echo)
    echo(f"ฐานข้อมูลสาธิต / demo database: {where}")
    echo("")
    echo("บัญชีผู้ใช้สำหรับการสาธิตเท่านั้น / DEMO ACCOUNTS, FOR THE DEMO ONLY (shown once):")
    for account in accounts:
        where_account = f" {account.province}" if account.province else ""
        echo(f"  {account.username:<14} {account.password:<20} {account.role}{where_account}")
    echo("")


def serve(
    demo: bool = typer.Option(
        False, "--demo", help="Load demo data and accounts / โหลดข้อมูลและบัญชีสาธิต"
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on / ที่อยู่"),
    port: int = typer.Option(8000, "--port", help="Port / พอร์ต"),
    threads: int = typer.Option(8, "--threads", help="Worker threads / จำนวนเธรด"),
    reset: bool = typer.Option(
        False,
        "--reset",
        help="Delete the demo database and start afresh (new passwords) / "
        "ลบฐานข้อมูลสาธิตแล้วเริ่มใหม่ (รหัสผ่านใหม่)",
    ),
    force_demo: bool = typer.Option(
        False,
        "--force-demo",
        help="Allow --demo on the database of DATABASE_URL / ยอมให้ --demo ใช้ฐานข้อมูลใน DATABASE_URL",
    ),
    prepare_only: bool = typer.Option(
        False, "--prepare-only", help="Prepare the database, then exit / เตรียมฐานข้อมูลแล้วจบ"
    ),
    no_worker: bool = typer.Option(
        False,
        "--no-worker",
        help="Do not start the background worker / ไม่เริ่มตัวทำงานเบื้องหลัง",
    ),
) -> None:
    """Serve the web platform on this machine (migrates the database first).

    ให้บริการเว็บแพลตฟอร์มบนเครื่องนี้ (ปรับโครงสร้างฐานข้อมูลก่อน) ค่าเริ่มต้น http://127.0.0.1:8000
    """
    folder = _configure(demo, host, reset, force_demo)
    own_database = os.environ.get("DATABASE_URL") == _sqlite_url(folder)
    prepare(
        demo=demo,
        folder=folder if demo else None,
        flush=demo and reset and not own_database,
    )
    if prepare_only:
        return
    from waitress import serve as waitress_serve

    from climateplan.site.wsgi import application

    process = None if no_worker else start_worker()
    # SIGTERM (a service manager, kill) ends the server like Ctrl+C, so the worker stops too
    signal.signal(signal.SIGTERM, _exit_on_signal)
    typer.echo(f"http://{host}:{port}/  (Ctrl+C เพื่อหยุด / to stop)")
    try:
        waitress_serve(application, host=host, port=port, threads=threads, ident="climateplan")
    finally:
        stop_worker(process)


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(0)


WORKER_STOP_TIMEOUT_S = 15
# The worker takes a first SIGTERM as "finish the running task, then stop" and a second
# one as "stop it now": the task then ends its job as failed (never left running).
WORKER_GRACE_S = 2


def start_worker(echo=typer.echo) -> subprocess.Popen:
    """One ``climateplan worker`` process beside the server, with the server's settings
    (database, data folder, secret key: the environment :func:`_configure` set)."""
    process = subprocess.Popen([sys.executable, "-m", "climateplan.cli.worker"])
    echo(f"ตัวทำงานเบื้องหลัง (pid {process.pid}) / background worker started (pid {process.pid})")
    return process


def stop_worker(process: subprocess.Popen | None, echo=typer.echo) -> None:
    """Stop the worker started by :func:`start_worker`: SIGTERM, a second SIGTERM if it
    is still computing after a moment (its job is then marked failed), SIGKILL last."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=WORKER_GRACE_S)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=WORKER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    echo("หยุดตัวทำงานเบื้องหลังแล้ว / background worker stopped")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
