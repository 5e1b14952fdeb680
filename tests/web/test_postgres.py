"""On a real PostgreSQL server: concurrent editors cannot overwrite each other.

Runs when DATABASE_URL points to PostgreSQL (scripts/ci_services.sh starts one on
127.0.0.1); the rest of tests/web runs there too with the same variable.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from climateplan.inventory.web import services
from climateplan.inventory.web.models import Change, Inventory, State

from .conftest import quick_inventory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs DATABASE_URL pointing to PostgreSQL (scripts/ci_services.sh)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_one_wins_one_is_told(users):
    assert connection.vendor == "postgresql"
    inventory = quick_inventory("TH-50", 2023, State.DRAFT)
    line = inventory.lines.get(position=2)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(amount: float) -> None:
        from django.db import connections

        try:
            start.wait()
            values = {name: getattr(line, name) for name in services.LINE_FIELDS}
            values["amount"] = amount
            services.save_line(
                users["editor"],
                Inventory.objects.get(pk=inventory.pk),
                values,
                expected_revision=1,
                line=line,
            )
            outcomes.append("saved")
        except services.Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(a,)) for a in (1111.0, 2222.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["conflict", "saved"]
    inventory.refresh_from_db()
    assert inventory.revision == 2
    line.refresh_from_db()
    assert line.amount in (1111.0, 2222.0)
    assert Change.objects.filter(inventory=inventory, action=Change.Action.LINE_EDIT).count() == 1
