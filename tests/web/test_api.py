"""REST API: schema, token authentication, upload with problems, lines, results, transitions."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from climateplan.inventory.web.models import Inventory, State

from .conftest import DATA, PASSWORD, quick_inventory

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_schema_and_docs_page(client):
    schema = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/provinces/",
        "/api/provinces/{code}/",
        "/api/inventories/",
        "/api/inventories/{id}/upload/",
        "/api/inventories/{id}/lines/",
        "/api/inventories/{id}/lines/{line_id}/",
        "/api/inventories/{id}/results/",
        "/api/inventories/{id}/transitions/",
    ):
        assert path in paths, path
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content and b"cdn" not in docs.content.lower()


def test_token_is_issued_for_a_password(users):
    answer = APIClient().post("/api/token/", {"username": "editor", "password": PASSWORD})
    assert answer.status_code == 200 and len(answer.json()["token"]) == 40
    wrong = APIClient().post("/api/token/", {"username": "editor", "password": "nope"})
    assert wrong.status_code == 400


def test_provinces(users):
    quick_inventory("TH-50", 2023, State.PUBLISHED)
    rows = APIClient().get("/api/provinces/").json()
    assert len(rows) == 77
    chiang_mai = APIClient().get("/api/provinces/TH-50/").json()
    assert chiang_mai["name_en"] == "Chiang Mai" and chiang_mai["published_year"] == 2023
    assert APIClient().get("/api/provinces/TH-99/").status_code == 404


def test_create_upload_lines_results_and_submit(users):
    api = token_client(users["editor"])
    created = api.post("/api/inventories/", {"province": "TH-50", "year": 2023}, format="json")
    assert created.status_code == 201
    inventory = created.json()
    assert (inventory["state"], inventory["revision"], inventory["gwp"]) == ("draft", 1, "AR5")
    url = f"/api/inventories/{inventory['id']}"
    with open(DATA / "bad_inventory.csv", "rb") as handle:
        bad = api.post(f"{url}/upload/", {"file": handle, "revision": 1}, format="multipart")
    assert bad.status_code == 400
    problems = bad.json()["problems"]
    assert {(p["row"], p["column"]) for p in problems} == {
        (2, "amount"),
        (3, "amount"),
        (4, "activity"),
        (4, "data_quality"),
    }
    assert all(p["message_th"] for p in problems)
    with open(DATA / "small_inventory.csv", "rb") as handle:
        good = api.post(f"{url}/upload/", {"file": handle, "revision": 1}, format="multipart")
    assert good.json() == {"lines": 5, "revision": 2}
    results = api.get(f"{url}/results/").json()
    assert results["schema"] == "climateplan.inventory/1"
    assert results["province"] == "TH-50" and results["year"] == 2023
    lines = api.get(f"{url}/lines/").json()
    assert [line["position"] for line in lines] == [2, 3, 4, 5, 6]
    # stale revision: 409 with the current one
    stale = api.post(
        f"{url}/lines/", {"revision": 1, "gpc_ref": "I.2.1", "notation_key": "NE"}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["current_revision"] == 2
    added = api.post(
        f"{url}/lines/", {"revision": 2, "gpc_ref": "I.2.1", "notation_key": "NE"}, format="json"
    )
    assert added.status_code == 201 and added.json()["position"] == 7
    invalid = api.patch(
        f"{url}/lines/{lines[0]['id']}/", {"revision": 3, "unit": "head"}, format="json"
    )
    assert invalid.status_code == 400
    assert invalid.json()["problems"][0]["column"] == "unit"
    deleted = api.delete(f"{url}/lines/{added.json()['id']}/?revision=3")
    assert deleted.status_code == 204
    submitted = api.post(f"{url}/transitions/", {"action": "submit", "revision": 4}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    history = api.get(f"{url}/history/").json()
    assert [h["action"] for h in history] == [
        "transition",
        "line_delete",
        "line_add",
        "upload",
        "create",
    ]


def test_review_through_the_api(users):
    inventory = quick_inventory("TH-50", 2023, State.SUBMITTED)
    reviewer = token_client(users["reviewer"])
    url = f"/api/inventories/{inventory.pk}"
    line = inventory.lines.first()
    comment = reviewer.post(f"{url}/comments/", {"text": "source?", "line": line.pk}, format="json")
    assert comment.status_code == 201 and comment.json()["position"] == line.position
    returned = reviewer.post(
        f"{url}/transitions/", {"action": "return", "revision": 1}, format="json"
    )
    assert returned.json()["state"] == "returned"
    inventory.refresh_from_db()
    assert inventory.state == State.RETURNED


def test_list_filters(users):
    quick_inventory("TH-50", 2022, State.PUBLISHED)
    quick_inventory("TH-50", 2023, State.PUBLISHED)
    quick_inventory("TH-52", 2023, State.PUBLISHED)
    api = APIClient()
    assert api.get("/api/inventories/?province=TH-50").json()["count"] == 2
    assert api.get("/api/inventories/?year=2023").json()["count"] == 2
    assert Inventory.objects.count() == 3


def test_history_and_comments_take_a_fixed_number_of_queries(users, django_assert_max_num_queries):
    """One query for the rows and their users, however many rows (was one per row)."""
    from climateplan.inventory.web.models import Change, ReviewComment

    inventory = quick_inventory("TH-50", 2023, State.SUBMITTED)
    authors = [users[name] for name in ("admin", "reviewer", "editor", "viewer")]
    for number in range(40):
        author = authors[number % len(authors)]
        ReviewComment.objects.create(inventory=inventory, author=author, text=f"note {number}")
        Change.objects.create(inventory=inventory, user=author, action="line_edit", revision=1)
    api = token_client(users["reviewer"])
    # token, user and profile lookup, the inventory, then the rows with their users
    with django_assert_max_num_queries(8):
        history = api.get(f"/api/inventories/{inventory.pk}/history/")
    assert history.status_code == 200 and len(history.json()) == 40
    with django_assert_max_num_queries(8):
        comments = api.get(f"/api/inventories/{inventory.pk}/comments/")
    assert comments.status_code == 200 and len(comments.json()) == 40
