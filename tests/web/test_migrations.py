"""Schema changes go through migrations, and migrating keeps the data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    # exits non-zero (SystemExit) when a model change has no migration
    call_command("makemigrations", "accounts", "inventory", "--check", "--dry-run", stdout=out)


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_keeps_the_data():
    """Data written at the first migration survives an upgrade to the latest one."""
    executor = MigrationExecutor(connection)
    first = [("inventory", "0001_initial"), ("accounts", "0001_initial")]
    executor.migrate(first)
    old_apps = executor.loader.project_state(first).apps
    Inventory = old_apps.get_model("inventory", "Inventory")
    ActivityLine = old_apps.get_model("inventory", "ActivityLine")
    inventory = Inventory.objects.create(
        province="TH-50", year=2020, gwp="AR5", result={"totals": {"basic": 12.5}}
    )
    ActivityLine.objects.create(
        inventory=inventory, position=2, gpc_ref="I.1.1", notation_key="NO", params={}
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from climateplan.inventory.web.models import Inventory as Current

    kept = Current.objects.get(province="TH-50", year=2020)
    assert kept.lines.get().notation_key == "NO"
    # 0002 moved the result document to its own table, unchanged
    assert kept.result == {"totals": {"basic": 12.5}}
    kept.delete()
