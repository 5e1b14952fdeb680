"""The factor listing (every factor with its search text) is built once per set of factor
tables, and the factors page's table is cached: an added, changed or deactivated factor
must show on the page and in /api/factors/all/ at once."""

from __future__ import annotations

import pytest
from django.test import Client

from climateplan.inventory.web import factor_store

from .test_factors import TH_DIESEL, api_as

pytestmark = pytest.mark.django_db

MARK = "Listing cache test factor"


@pytest.fixture(autouse=True)
def shipped_factors_only():
    factor_store.forget_loaded()
    yield
    factor_store.forget_loaded()


def _page(client) -> str:
    answer = client.get("/factors/", {"q": "diesel co2_ef"})
    assert answer.status_code == 200
    return answer.content.decode()


def _listed(api) -> list[dict]:
    answer = api.get("/api/factors/all/", {"q": "diesel co2_ef", "limit": 1000})
    assert answer.status_code == 200
    return answer.json()["results"]


def test_added_changed_and_deactivated_factor_shows_at_once(users):
    client = Client()
    client.force_login(users["admin"])
    api = api_as(users["admin"])
    for _ in range(2):  # the second round is served from the listing and the page cache
        assert MARK not in _page(client)
        assert not any(r["added"] for r in _listed(api))
    created = api.post("/api/factors/", {**TH_DIESEL, "source": MARK}, format="json").json()
    assert MARK in _page(client)
    added = [r for r in _listed(api) if r["added"]]
    assert [(r["value"], r["source"].startswith(MARK)) for r in added] == [(73000, True)]
    api.patch(f"/api/factors/{created['id']}/", {"value": 72500}, format="json")
    assert [r["value"] for r in _listed(api) if r["added"]] == [72500]
    assert "72500" in _page(client)
    api.patch(f"/api/factors/{created['id']}/", {"active": False}, format="json")
    assert MARK not in _page(client)
    assert not any(r["added"] for r in _listed(api))


def test_search_words_must_all_occur():
    """Same rule as before the listing was cached: every word, case-insensitive."""
    everything = factor_store.search_factors()
    found = factor_store.search_factors("DIESEL co2_ef")
    assert found and len(found) < len(everything)
    for row in found:
        text = (
            " ".join(
                str(row[c] or "") for c in ("family", "parameter", "applies_to", "origin", "source")
            ).lower()
            + " "
            + str(row["note"] or "").lower()
        )
        assert "diesel" in text and "co2_ef" in text
    assert factor_store.search_factors("no-such-word-anywhere") == []
    assert {r["family"] for r in factor_store.search_factors(family="fuels")} == {"fuels"}
