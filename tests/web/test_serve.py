"""Production settings, the demo data set and the serve command's preparation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from climateplan.inventory.web.models import Inventory, Population, State

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIMATEPLAN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        CLIMATEPLAN_SECRET_KEY="x" * 20 + "production-like-key-for-the-check-only-0123456789",
        CLIMATEPLAN_ALLOWED_HOSTS="climateplan.example.org",
        CLIMATEPLAN_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="climateplan.site.settings",
    )
    return env


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["CLIMATEPLAN_SECRET_KEY"]
    done = subprocess.run(
        [sys.executable, "-c", "import climateplan.site.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "CLIMATEPLAN_SECRET_KEY" in done.stderr and "กุญแจลับ" in done.stderr


def test_production_security_settings(tmp_path):
    code = (
        "from climateplan.site import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.DATABASES['default']['ENGINE'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**_production_env(tmp_path), "DATABASE_URL": "postgres://u:p@db.internal:5432/cp"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "django.db.backends.postgresql",
    ], done.stderr


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_data_set():
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from climateplan.inventory import analyse
    from climateplan.inventory.web import demo

    accounts = demo.create_accounts()
    assert {a.role for a in accounts} == {
        "national_admin",
        "national_reviewer",
        "provincial_editor",
        "provincial_viewer",
    }
    for account in accounts:
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=account.username, password=account.password)
        assert user is not None
    assert demo.load_demo() == 15
    assert demo.demo_loaded()
    years = {}
    for province, year in Inventory.objects.values_list("province", "year"):
        years.setdefault(province, set()).add(year)
    assert len(years) >= 5 and all(len(y) >= 3 for y in years.values())
    # the full BASIC+ inventory: the example itself for its province, all five GPC sectors
    full = Inventory.objects.get(province="TH-62", year=2022)
    assert full.state == State.PUBLISHED
    assert {s["sector"] for s in full.result["by_sector"]} >= {"I", "II", "III", "IV", "V"}
    # stored results are the engine's own: recomputing the scaled lines gives the same totals
    base = demo.example_activity()
    again = analyse(demo.scaled(base, "TH-62", 2022, 1.0 * demo.GROWTH ** (2022 - base.meta.year)))
    for key, value in again.totals.items():
        assert full.result["totals"][key] == pytest.approx(value, rel=1e-9)
    assert Population.objects.filter(province="TH-62").exists()


# --------------------------------------------------------------------------- serve modes


@pytest.fixture
def serve_env(monkeypatch, tmp_path):
    """A clean environment for `climateplan serve`; preparing and serving are recorded,
    not run (no database is touched)."""
    from climateplan.cli import serve as serve_module

    for name in list(os.environ):
        if name.startswith("CLIMATEPLAN_") or name == "DATABASE_URL":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLIMATEPLAN_DEMO_DIR", str(tmp_path / "demo"))
    monkeypatch.setenv("CLIMATEPLAN_DATA_DIR", str(tmp_path / "data"))
    calls = []
    monkeypatch.setattr(serve_module, "prepare", lambda **kwargs: calls.append(kwargs))
    return serve_module, calls, tmp_path


def _run(*args):
    from typer.testing import CliRunner

    from climateplan.cli.main import app

    return CliRunner().invoke(app, ["serve", *args, "--prepare-only"])


def test_demo_refuses_the_database_of_database_url(serve_env, monkeypatch):
    """--demo wrote demo data and a superuser with a printed password into whatever
    DATABASE_URL named: now it stops before touching any database."""
    _, calls, _ = serve_env
    monkeypatch.setenv("DATABASE_URL", "postgres://cp:secret@db.internal:5432/climateplan")
    done = _run("--demo")
    assert done.exit_code == 2
    assert "--force-demo" in done.output and "DATABASE_URL" in done.output
    assert "ฐานข้อมูล" in done.output
    assert calls == []
    assert "secret" not in done.output  # the URL's password is never echoed


def test_force_demo_uses_the_database_of_database_url(serve_env, monkeypatch):
    _, calls, _ = serve_env
    url = "postgres://cp:secret@127.0.0.1:5432/throwaway_demo"
    monkeypatch.setenv("DATABASE_URL", url)
    done = _run("--demo", "--force-demo")
    assert done.exit_code == 0, done.output
    assert os.environ["DATABASE_URL"] == url
    assert calls[0]["demo"] is True and calls[0]["flush"] is False
    # --reset on such a database empties it (flush) instead of deleting a file
    calls.clear()
    assert _run("--demo", "--force-demo", "--reset").exit_code == 0
    assert calls[0]["flush"] is True


def test_demo_keeps_its_own_database_and_reset_deletes_it(serve_env):
    _, calls, tmp_path = serve_env
    done = _run("--demo")
    assert done.exit_code == 0, done.output
    database = tmp_path / "demo" / "demo.sqlite3"
    assert os.environ["DATABASE_URL"] == f"sqlite:///{database}"
    assert calls[0]["folder"] == tmp_path / "demo" and calls[0]["flush"] is False
    database.write_bytes(b"an old demo")
    assert _run("--demo").exit_code == 0
    assert database.exists()  # kept without --reset
    assert _run("--demo", "--reset").exit_code == 0
    assert not database.exists()  # --reset does what it says: a new database, new passwords


def test_reset_without_demo_is_refused(serve_env):
    _, calls, _ = serve_env
    done = _run("--reset")
    assert done.exit_code == 2 and "--demo" in done.output and calls == []


def test_demo_folder_is_inside_the_checkout(monkeypatch):
    """Another checkout's demo in the home folder was found and reused (no passwords
    printed): the demo of a source checkout lives in the checkout."""
    from climateplan.cli import serve as serve_module

    monkeypatch.delenv("CLIMATEPLAN_DEMO_DIR", raising=False)
    assert serve_module.demo_folder() == ROOT / ".climateplan-demo"
    assert ".climateplan-demo" in (ROOT / ".gitignore").read_text()


@pytest.mark.parametrize(
    ("host", "warned"),
    [
        ("127.0.0.1", False),
        ("localhost", False),
        ("::1", False),
        ("0.0.0.0", True),
        ("10.1.2.3", True),
    ],
)
def test_local_mode_warns_on_a_non_loopback_address(serve_env, host, warned):
    done = _run("--host", host)
    assert done.exit_code == 0, done.output
    assert ("local-only" in done.output) is warned
    assert os.environ["CLIMATEPLAN_HTTPS"] == "0"


@pytest.mark.slow
@pytest.mark.django_db
def test_prepare_prints_where_the_demo_is_and_how_to_reset(tmp_path, monkeypatch):
    from climateplan.cli import serve as serve_module
    from climateplan.inventory.web import demo

    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: None)
    demo.create_accounts()
    lines = []
    original = demo.demo_loaded
    try:
        demo.demo_loaded = lambda: True
        serve_module.prepare(demo=True, echo=lines.append, folder=tmp_path)
    finally:
        demo.demo_loaded = original
    text = "\n".join(lines)
    assert "--reset" in text and "ข้อมูลสาธิตมีอยู่แล้ว" in text
