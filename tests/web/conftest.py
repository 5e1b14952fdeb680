"""Fixtures of the web platform tests (pytest-django).

The Django settings module is chosen here, so the tests need no change to the
project's pytest configuration: ``climateplan.site.settings_test`` (in-memory
SQLite, or the database of ``DATABASE_URL`` for the PostgreSQL run).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "climateplan.site.settings_test")
django.setup()

DATA = Path(__file__).parent / "data"
PASSWORD = "correct-horse-battery-9"


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs DATABASE_URL pointing to PostgreSQL")
    config.addinivalue_line("markers", "e2e: drives headless Chromium through the site")


@pytest.fixture
def small_csv() -> bytes:
    return (DATA / "small_inventory.csv").read_bytes()


@pytest.fixture
def bad_csv() -> bytes:
    return (DATA / "bad_inventory.csv").read_bytes()


def make_user(username: str, role: str | None, province: str = ""):
    from django.contrib.auth import get_user_model

    from climateplan.site.models import Profile

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if role:
        Profile.objects.create(user=user, role=role, province=province)
    return user


@pytest.fixture
def users(db):
    """One user per role; the provincial ones in Chiang Mai (TH-50), plus an editor of Lampang."""
    return {
        "admin": make_user("admin", "national_admin"),
        "reviewer": make_user("reviewer", "national_reviewer"),
        "editor": make_user("editor", "provincial_editor", "TH-50"),
        "viewer": make_user("viewer", "provincial_viewer", "TH-50"),
        "other_editor": make_user("other_editor", "provincial_editor", "TH-52"),
        "other_viewer": make_user("other_viewer", "provincial_viewer", "TH-52"),
        "no_role": make_user("no_role", None),
    }


@pytest.fixture
def draft(users, small_csv):
    """A Chiang Mai 2023 draft filled from the small CSV."""
    from climateplan.inventory.web import services

    inventory = services.create_inventory(users["editor"], "TH-50", 2023, "AR5")
    services.upload(
        users["editor"], inventory, "small_inventory.csv", small_csv, expected_revision=1
    )
    inventory.refresh_from_db()
    return inventory


def advance(inventory, users, *actions):
    """Move an inventory through workflow actions with the right people."""
    from climateplan.inventory.web import services

    who = {
        "submit": "editor",
        "reopen": "editor",
        "return": "reviewer",
        "approve": "reviewer",
        "publish": "reviewer",
    }
    for action in actions:
        inventory.refresh_from_db()
        inventory = services.transition(
            users[who[action]],
            inventory,
            action,
            expected_revision=inventory.revision,
            comment="please check row 3" if action == "return" else "",
        )
    inventory.refresh_from_db()
    return inventory


@pytest.fixture
def published(draft, users):
    return advance(draft, users, "submit", "approve", "publish")


@functools.lru_cache(maxsize=1)
def _small_parsed():
    """The small CSV parsed and computed once per test process (the engine is not cheap)."""
    from climateplan.inventory import analyse, read_activity
    from climateplan.inventory.export import to_dict
    from climateplan.inventory.web.services import _lines_from_activity

    data = read_activity(DATA / "small_inventory.csv", province="TH-50", year=2023)
    return _lines_from_activity(data.lines), to_dict(analyse(data))


def quick_inventory(province: str, year: int, state: str, *, version: int = 1, is_latest=True):
    """An inventory with the small CSV's lines and result, made without running the engine.

    The stored result names the small CSV's province; tests using this fixture check
    who may see what, not the numbers.
    """
    from climateplan.inventory.web.models import ActivityLine, Inventory, set_result

    lines, result = _small_parsed()
    totals = result["totals"]
    inventory = Inventory.objects.create(
        province=province,
        year=year,
        state=state,
        version=version,
        is_latest=is_latest,
        total_basic=totals["basic"],
        total_basic_plus=totals["basic_plus"],
        total_territorial=totals["territorial"],
        total_biogenic_co2=totals["biogenic_co2"],
        line_count=len(lines),
    )
    set_result(inventory, result)
    ActivityLine.objects.bulk_create(ActivityLine(inventory=inventory, **line) for line in lines)
    return inventory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the overview caches its body)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
