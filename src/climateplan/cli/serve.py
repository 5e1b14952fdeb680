"""``climateplan serve``: prepare the database and serve the web platform.

Register it in cli/main.py with ``app.command("serve")(serve.serve)``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import typer


def _data_dir() -> Path:
    folder = Path(
        os.environ.get("CLIMATEPLAN_DATA_DIR") or Path.home() / ".local" / "share" / "climateplan"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _demo_secret(folder: Path) -> str:
    """The demo's own secret key, generated once and kept beside its database (never in git)."""
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _configure(demo: bool, host: str, reset: bool) -> Path:
    folder = _data_dir()
    if demo:
        folder = folder / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["CLIMATEPLAN_DATA_DIR"] = str(folder)
        if not os.environ.get("DATABASE_URL"):
            database = folder / "demo.sqlite3"
            if reset and database.exists():
                database.unlink()
            os.environ["DATABASE_URL"] = f"sqlite:///{database}"
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


def prepare(*, demo: bool, echo=typer.echo) -> None:
    """Migrate, collect static files, load the demo data and accounts when asked."""
    import django
    from django.core.management import call_command

    django.setup()
    echo("ฐานข้อมูล: ปรับโครงสร้าง / database: migrating ...")
    call_command("migrate", interactive=False, verbosity=0)
    echo("ไฟล์ static / static files ...")
    call_command("collectstatic", interactive=False, verbosity=0)
    if not demo:
        return
    from climateplan.inventory.web import demo as demo_data

    if demo_data.demo_loaded():
        echo(
            "ข้อมูลสาธิตมีอยู่แล้ว รหัสผ่านแสดงไปแล้วตอนสร้าง (ใช้ --reset เพื่อสร้างใหม่) / demo data "
            "already loaded; the passwords were printed when they were made "
            "(--reset makes new ones)"
        )
        return
    accounts = demo_data.create_accounts()
    echo("ข้อมูลสาธิต: คำนวณบัญชี / demo data: computing inventories ...")
    count = demo_data.load_demo()
    echo(f"สร้างบัญชีก๊าซเรือนกระจกสาธิต {count} ฉบับ / {count} demo inventories created")
    echo("")
    echo("บัญชีผู้ใช้สำหรับการสาธิตเท่านั้น / DEMO ACCOUNTS, FOR THE DEMO ONLY (shown once):")
    for account in accounts:
        where = f" {account.province}" if account.province else ""
        echo(f"  {account.username:<14} {account.password:<20} {account.role}{where}")
    echo("")


def serve(
    demo: bool = typer.Option(
        False, "--demo", help="Load demo data and accounts / โหลดข้อมูลและบัญชีสาธิต"
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on / ที่อยู่"),
    port: int = typer.Option(8000, "--port", help="Port / พอร์ต"),
    threads: int = typer.Option(8, "--threads", help="Worker threads / จำนวนเธรด"),
    reset: bool = typer.Option(
        False, "--reset", help="Start the demo database afresh / เริ่มฐานข้อมูลสาธิตใหม่"
    ),
    prepare_only: bool = typer.Option(
        False, "--prepare-only", help="Prepare the database, then exit / เตรียมฐานข้อมูลแล้วจบ"
    ),
) -> None:
    """Serve the web platform (migrates the database first).

    ให้บริการเว็บแพลตฟอร์ม (ปรับโครงสร้างฐานข้อมูลก่อน) ค่าเริ่มต้น http://127.0.0.1:8000
    """
    _configure(demo, host, reset)
    prepare(demo=demo)
    if prepare_only:
        return
    from waitress import serve as waitress_serve

    from climateplan.site.wsgi import application

    typer.echo(f"http://{host}:{port}/  (Ctrl+C เพื่อหยุด / to stop)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="climateplan")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
