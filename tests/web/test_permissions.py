"""The permission matrix: every role x every page and API endpoint x inventories of
every state, in the user's own province and in another one (URL guessing included).

Expected answers come from the rules of issue 3, written here independently of the
code: the public reads published inventories only; provincial people read everything
of their province and published inventories elsewhere; national people read all.
Only the province's editor changes an inventory, only while it is a draft or returned;
only reviewers comment, return, approve and publish. An inventory the user may not
read answers 404 (its existence is not confirmed), a refused change leaves it as it was.
"""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from climateplan.inventory.web.models import Inventory, ReviewComment, State

from .conftest import quick_inventory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "admin",
    "reviewer",
    "editor",
    "viewer",
    "other_editor",
    "other_viewer",
]
ROLE_OF = {
    "anonymous": ("public", ""),
    "no_role": ("public", ""),
    "admin": ("national", ""),
    "reviewer": ("national", ""),
    "editor": ("editor", "TH-50"),
    "viewer": ("viewer", "TH-50"),
    "other_editor": ("editor", "TH-52"),
    "other_viewer": ("viewer", "TH-52"),
}
# inventories: Chiang Mai (TH-50) in every state, and a Lampang (TH-52) draft and published one
INVENTORIES = {
    "cm_draft": ("TH-50", 2020, State.DRAFT),
    "cm_submitted": ("TH-50", 2021, State.SUBMITTED),
    "cm_returned": ("TH-50", 2019, State.RETURNED),
    "cm_approved": ("TH-50", 2022, State.APPROVED),
    "cm_published": ("TH-50", 2023, State.PUBLISHED),
    "lp_draft": ("TH-52", 2022, State.DRAFT),
    "lp_published": ("TH-52", 2023, State.PUBLISHED),
}


def may_read(role: str, province: str, state: str) -> bool:
    kind, own = ROLE_OF[role]
    return kind == "national" or (own == province) or state == State.PUBLISHED


def sees_internals(role: str, province: str) -> bool:
    kind, own = ROLE_OF[role]
    return kind == "national" or own == province


def may_edit(role: str, province: str, state: str) -> bool:
    kind, own = ROLE_OF[role]
    return kind == "editor" and own == province and state in (State.DRAFT, State.RETURNED)


@pytest.fixture
def world(users):
    made = {key: quick_inventory(*spec) for key, spec in INVENTORIES.items()}
    for inventory in made.values():
        ReviewComment.objects.create(inventory=inventory, author=users["reviewer"], text="x")
    return made


def clients_for(role: str, users) -> tuple:
    """(page client, API client with a token) for a role."""
    from django.test import Client

    page, api = Client(), APIClient()
    if role != "anonymous":
        user = users[role]
        page.force_login(user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return page, api


READ_PAGES = ["/inventories/{id}/", "/inventories/{id}/download/json/"]
READ_API = [
    "/api/inventories/{id}/",
    "/api/inventories/{id}/results/",
    "/api/inventories/{id}/lines/",
    "/api/inventories/{id}/lines/{line}/",
]
INTERNAL_PAGES = ["/inventories/{id}/history/"]
INTERNAL_API = ["/api/inventories/{id}/history/", "/api/inventories/{id}/comments/"]


@pytest.mark.parametrize("role", ROLES)
def test_reading(role, users, world):
    page, api = clients_for(role, users)
    for key, inventory in world.items():
        province, _, state = INVENTORIES[key]
        line = inventory.lines.first()
        urls = [(page, u, may_read(role, province, state)) for u in READ_PAGES]
        urls += [(api, u, may_read(role, province, state)) for u in READ_API]
        urls += [
            (page, u, sees_internals(role, province) and may_read(role, province, state))
            for u in INTERNAL_PAGES
        ]
        urls += [
            (api, u, sees_internals(role, province) and may_read(role, province, state))
            for u in INTERNAL_API
        ]
        for client, template, allowed in urls:
            url = template.format(id=inventory.pk, line=line.pk)
            answer = client.get(url)
            expected = 200 if allowed else 404
            assert answer.status_code == expected, (role, key, url, answer.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_the_role_may_read(role, users, world):
    page, api = clients_for(role, users)
    listed = {row["id"] for row in api.get("/api/inventories/?limit=1000").json()["results"]}
    expected = {inv.pk for key, inv in world.items() if may_read(role, *_ps(key))}
    assert listed == expected
    for province in ("TH-50", "TH-52"):
        shown = {inv.pk for inv in page.get(f"/provinces/{province}/").context["inventories"]}
        assert shown == {
            inv.pk
            for key, inv in world.items()
            if INVENTORIES[key][0] == province and may_read(role, *_ps(key))
        }
    # the national overview's totals come from published inventories only, for everyone
    overview = page.get("/").context["data"]
    assert overview.national["provinces"] == 2


def _ps(key):
    province, _, state = INVENTORIES[key]
    return province, state


def _attempts(inventory, line, revision):
    """Every changing request, as (client kind, method, url, data)."""
    base = f"/inventories/{inventory.pk}"
    api = f"/api/inventories/{inventory.pk}"
    line_data = {
        "revision": revision,
        "gpc_ref": "I.2.1",
        "method": "",
        "notation_key": "NE",
    }
    attempts = [
        ("page", "post", f"{base}/lines/new/", line_data),
        ("page", "post", f"{base}/lines/{line.pk}/", {**line_data, "gpc_ref": line.gpc_ref}),
        ("page", "post", f"{base}/lines/{line.pk}/delete/", {"revision": revision}),
        ("page", "post", f"{base}/comment/", {"text": "hello"}),
        ("api", "post", f"{api}/lines/", line_data),
        ("api", "patch", f"{api}/lines/{line.pk}/", {"revision": revision, "note": "changed"}),
        ("api", "delete", f"{api}/lines/{line.pk}/?revision={revision}", None),
        ("api", "post", f"{api}/comments/", {"text": "hello"}),
    ]
    for action in ("submit", "return", "approve", "publish", "reopen"):
        data = {"action": action, "revision": revision, "comment": "c"}
        attempts.append(("page", "post", f"{base}/transition/", data))
        attempts.append(("api", "post", f"{api}/transitions/", data))
    return attempts


def _may_do(role: str, key: str, url: str, data) -> bool:
    province, _, state = INVENTORIES[key]
    kind, own = ROLE_OF[role]
    action = (data or {}).get("action")
    if "comment" in url and not action:
        return kind == "national" and role == "reviewer" and state == State.SUBMITTED
    if action in ("return", "approve"):
        return role == "reviewer" and state == State.SUBMITTED
    if action == "publish":
        return role == "reviewer" and state == State.APPROVED
    if action == "submit":
        return may_edit(role, province, state)
    if action == "reopen":
        return kind == "editor" and own == province and state in (State.APPROVED, State.PUBLISHED)
    return may_edit(role, province, state)


def _snapshot(inventory: Inventory) -> tuple:
    inventory.refresh_from_db()
    return (
        inventory.revision,
        inventory.state,
        inventory.lines.count(),
        inventory.comments.count(),
        Inventory.objects.filter(province=inventory.province, year=inventory.year).count(),
    )


@pytest.mark.parametrize("role", [r for r in ROLES if r != "editor"] + ["editor_refused"])
def test_refused_changes_change_nothing(role, users, world):
    """Every change a role may not make is refused and leaves the inventory as it was."""
    actual_role = "editor" if role == "editor_refused" else role
    page, api = clients_for(actual_role, users)
    for key, inventory in world.items():
        province, _, state = INVENTORIES[key]
        line = inventory.lines.first()
        for kind, method, url, data in _attempts(inventory, line, inventory.revision):
            if _may_do(actual_role, key, url, data):
                continue  # allowed changes are tested in test_allowed_changes and test_workflow
            before = _snapshot(inventory)
            client = page if kind == "page" else api
            answer = getattr(client, method)(
                url, data, **({"format": "json"} if kind == "api" else {})
            )
            readable = may_read(actual_role, province, state)
            if not readable:
                assert answer.status_code == 404, (role, key, url, answer.status_code)
            elif kind == "api":
                assert answer.status_code in (401, 403, 404, 409), (
                    role,
                    key,
                    url,
                    answer.status_code,
                )
            else:
                assert answer.status_code in (302, 403, 404), (role, key, url, answer.status_code)
            assert _snapshot(inventory) == before, (role, key, method, url)


def test_creating_inventories(users):
    for role in ROLES:
        page, api = clients_for(role, users)
        for province in ("TH-50", "TH-52"):
            answer = api.post(
                "/api/inventories/",
                {"province": province, "year": 2030, "gwp": "AR5"},
                format="json",
            )
            allowed = ROLE_OF[role] == ("editor", province)
            expected = {201} if allowed else {401, 403}
            assert answer.status_code in expected, (role, province, answer.status_code)
            page_answer = page.post(
                f"/provinces/{province}/create/", {"province": province, "year": 2031, "gwp": "AR5"}
            )
            assert page_answer.status_code == (302 if allowed else 403), (role, province)
    assert set(Inventory.objects.values_list("province", "year")) == {
        ("TH-50", 2030),
        ("TH-50", 2031),
        ("TH-52", 2030),
        ("TH-52", 2031),
    }


def test_allowed_changes(users, world):
    """The allowed side of the matrix, one request each (the engine recomputes)."""
    _, api = clients_for("editor", users)
    draft = world["cm_draft"]
    answer = api.patch(
        f"/api/inventories/{draft.pk}/lines/{draft.lines.first().pk}/",
        {"revision": draft.revision, "note": "checked"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    reviewer_page, reviewer_api = clients_for("reviewer", users)
    submitted = world["cm_submitted"]
    answer = reviewer_api.post(
        f"/api/inventories/{submitted.pk}/comments/", {"text": "ok"}, format="json"
    )
    assert answer.status_code == 201
    answer = reviewer_page.post(
        f"/inventories/{submitted.pk}/transition/",
        {"action": "approve", "revision": submitted.revision},
    )
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED
    published = world["cm_published"]
    answer = api.post(
        f"/api/inventories/{published.pk}/transitions/",
        {"action": "reopen", "revision": published.revision},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["version"] == 2
