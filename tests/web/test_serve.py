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
