"""Attack: a long upload on the default SQLite database made other requests wait 20 s
and then fail with 500 "database is locked".

Each case runs the real site settings on an SQLite file in a child process (the test
suite's own database is in memory, where none of this applies).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from climateplan.site.middleware import DatabaseBusyMiddleware

SCRIPT = textwrap.dedent(
    """
    import json, sqlite3, sys
    import django
    django.setup()
    from django.core.management import call_command
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    db_path = str(settings.DATABASES["default"]["NAME"])
    out = {}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        out["journal_mode"] = cursor.fetchone()[0]

    from django.contrib.auth import get_user_model
    from climateplan.site.models import Profile
    user = get_user_model().objects.create_user("editor", password="x-very-long-pass-1")
    Profile.objects.create(user=user, role="provincial_editor", province="TH-50")
    client = Client()
    client.force_login(user)

    def try_write_elsewhere():
        # Can another process take the write lock right now?
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    # 1. The upload's slow part (validating and computing) holds no write lock.
    from climateplan.inventory.web import services
    inventory = services.create_inventory(user, "TH-50", 2023)
    seen = []
    original = services.evaluate
    def watched(*args, **kwargs):
        seen.append(try_write_elsewhere())
        return original(*args, **kwargs)
    services.evaluate = watched
    services.upload(user, inventory, "small.csv", open(sys.argv[1], "rb").read(),
                    expected_revision=inventory.revision)
    out["free_while_computing"] = seen

    # 2. Another process holds the write lock (as a long write would): a reader is served,
    #    a writer gets 503 with Retry-After once the busy timeout has passed.
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE inventory_inventory SET gwp = gwp")
    page = client.get(f"/inventories/{inventory.pk}/")
    out["reader_status"] = page.status_code
    api = client.post("/api/inventories/", {"province": "TH-50", "year": 2024},
                      content_type="application/json", HTTP_ACCEPT="application/json")
    out["writer_status"] = api.status_code
    out["writer_retry_after"] = api.headers.get("Retry-After")
    out["writer_body"] = api.content.decode()
    form = client.post("/provinces/TH-50/create/", {"province": "TH-50", "year": 2025,
                                                   "gwp": "AR5"})
    out["form_status"] = form.status_code
    out["form_body"] = form.content.decode()
    holder.execute("ROLLBACK")
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-site")
    # The site's own settings; only static files as in the test settings (no manifest).
    (folder / "sqlite_site_settings.py").write_text(
        "from climateplan.site.settings import *  # noqa: F403\n"
        "STORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},\n"
        "  'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "WHITENOISE_USE_FINDERS = True\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "sqlite_site_settings",
        "CLIMATEPLAN_SECRET_KEY": "tests-only-" + "k" * 50,
        "CLIMATEPLAN_HTTPS": "0",
        "CLIMATEPLAN_DEBUG": "0",
        "CLIMATEPLAN_DATA_DIR": str(folder),
        "CLIMATEPLAN_ALLOWED_HOSTS": "testserver",
        "CLIMATEPLAN_SQLITE_TIMEOUT": "0.5",
        "CLIMATEPLAN_PAGE_CACHE": "0",
    }
    env.pop("DATABASE_URL", None)
    small = os.path.join(os.path.dirname(__file__), "..", "web", "data", "small_inventory.csv")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, small],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_sqlite_runs_in_wal_mode(outcome):
    # WAL: readers read the last committed state while a writer writes.
    assert outcome["journal_mode"] == "wal"


def test_the_write_lock_is_free_while_an_upload_is_validated_and_computed(outcome):
    assert outcome["free_while_computing"] == [True]


def test_a_reader_is_served_while_another_process_writes(outcome):
    assert outcome["reader_status"] == 200


def test_a_writer_that_cannot_get_the_lock_gets_503_and_retry_after(outcome):
    assert outcome["writer_status"] == 503
    assert outcome["writer_retry_after"] == "5"
    body = json.loads(outcome["writer_body"])
    assert "try again" in body["detail"] and "กรุณาลองใหม่" in body["detail_th"]
    assert outcome["form_status"] == 503
    assert "try again" in outcome["form_body"] and "กรุณาลองใหม่" in outcome["form_body"]


def test_middleware_passes_other_database_errors_on():
    middleware = DatabaseBusyMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None
    assert middleware.process_exception(request, ValueError("database is locked")) is None
    busy = middleware.process_exception(request, OperationalError("database is locked"))
    assert busy.status_code == 503 and busy["Retry-After"] == "5"
