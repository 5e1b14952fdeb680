"""The inventory page's line table is cached (per inventory revision, language, page, the
viewer's edit and comment rights and the review threads). These tests pin what the cache
must never do: show lines older than the inventory, carry one role's buttons to another
role, show an inventory to someone who may not read it, or hand one session's CSRF token
to another. Expected answers come from the rules in test_permissions.py, not the code.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from climateplan.inventory.web.models import ReviewComment, State
from climateplan.inventory.web.views import CSRF_PLACEHOLDER

from .test_permissions import INVENTORIES, ROLES, may_edit, may_read, world  # noqa: F401

pytestmark = pytest.mark.django_db

EDIT_BUTTON = 'class="edit-line"'
LINE_COMMENT = 'class="line-comment"'


def may_comment(role: str, state: str) -> bool:
    """Only national reviewers comment, and only on a submitted inventory."""
    return role == "reviewer" and state == State.SUBMITTED


def _client(role: str, users) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _page(client, inventory) -> tuple[int, str]:
    answer = client.get(f"/inventories/{inventory.pk}/")
    return answer.status_code, answer.content.decode()


def _check(role: str, key: str, status: int, html: str) -> None:
    province, _, state = INVENTORIES[key]
    if not may_read(role, province, state):
        assert status == 404, (role, key)
        return
    assert status == 200, (role, key)
    assert (EDIT_BUTTON in html) == may_edit(role, province, state), (role, key)
    assert (LINE_COMMENT in html) == may_comment(role, state), (role, key)
    assert CSRF_PLACEHOLDER not in html


@pytest.mark.parametrize("role", ROLES)
def test_cached_table_never_carries_another_roles_buttons(role, users, world):  # noqa: F811
    writers = {name: _client(name, users) for name in ("editor", "reviewer", "admin")}
    for key, inventory in world.items():
        # tables with edit buttons (the editor) and comment forms (the reviewer) first ...
        for name, client in writers.items():
            _check(name, key, *_page(client, inventory))
        # ... then the role reads the same pages from the cache's point of view
        _check(role, key, *_page(_client(role, users), inventory))
    cache.clear()
    for key, inventory in world.items():
        # and the other way round: the role fills the cache, the writers read after it
        _check(role, key, *_page(_client(role, users), inventory))
        for name, client in writers.items():
            _check(name, key, *_page(client, inventory))


def test_cached_table_shows_an_edit_at_once(users, draft):
    editor = Client()
    editor.force_login(users["editor"])
    reader = Client()
    reader.force_login(users["viewer"])
    line = draft.lines.order_by("position").first()
    assert "Provincial energy office 2566" not in _page(reader, draft)[1]
    before = _page(editor, draft)[1]
    assert _page(reader, draft)[0] == 200  # both tables cached now
    api = APIClient()
    api.force_authenticate(users["editor"])
    changed = api.patch(
        f"/api/inventories/{draft.pk}/lines/{line.pk}/",
        {"source": "Provincial energy office 2566", "revision": draft.revision},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    for client in (editor, reader):
        html = _page(client, draft)[1]
        assert "Provincial energy office 2566" in html
    assert before != _page(editor, draft)[1]


def _totals(html: str) -> str:
    return re.search(r'<div class="totals">.*?</div>\n</div>', html, re.S).group(0)


def test_cached_results_block_shows_new_totals_at_once(users, draft):
    """The totals and GPC table are cached per revision: a changed amount shows at once."""
    reader = Client()
    reader.force_login(users["viewer"])
    before = _totals(_page(reader, draft)[1])
    assert before == _totals(_page(reader, draft)[1])  # served from the cache
    line = next(x for x in draft.lines.order_by("position") if x.amount and not x.notation_key)
    api = APIClient()
    api.force_authenticate(users["editor"])
    changed = api.patch(
        f"/api/inventories/{draft.pk}/lines/{line.pk}/",
        {"amount": line.amount * 10, "revision": draft.revision},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert _totals(_page(reader, draft)[1]) != before


def test_cached_table_shows_a_new_review_thread(users, draft):
    """A comment on a line adds its tag to the line's row (no new revision)."""
    submitted = draft
    reviewer = Client()
    reviewer.force_login(users["reviewer"])
    assert "💬" not in _page(reviewer, submitted)[1]
    line = submitted.lines.order_by("position").first()
    ReviewComment.objects.create(
        inventory=submitted, line=line, position=line.position, author=users["reviewer"], text="?"
    )
    html = _page(reviewer, submitted)[1]
    row = re.search(rf'<tr id="line-{line.pk}"[^>]*>.*?</tr>', html, re.S).group(0)
    assert "💬" in row


def test_cached_table_gives_each_session_its_own_csrf_token(users, draft):
    first = Client(enforce_csrf_checks=True)
    first.force_login(users["editor"])
    second = Client(enforce_csrf_checks=True)
    second.force_login(users["editor"])
    assert _page(first, draft)[0] == 200  # fills the cache
    html = _page(second, draft)[1]
    line = draft.lines.order_by("position").first()
    form = re.search(
        rf'action="/inventories/{draft.pk}/lines/{line.pk}/delete/".*?</form>', html, re.S
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)
    assert token != CSRF_PLACEHOLDER
    answer = second.post(
        f"/inventories/{draft.pk}/lines/{line.pk}/delete/",
        {"csrfmiddlewaretoken": token, "revision": draft.revision},
    )
    assert answer.status_code == 302  # accepted: a foreign token would answer 403
    assert not draft.lines.filter(pk=line.pk).exists()


def test_cached_api_lists_show_a_change_at_once_and_keep_scopes(users, world):  # noqa: F811
    """/api/inventories/ and /api/inventories/{id}/lines/ are cached; a write shows at once
    and each audience gets its own list (the permission rules of test_permissions.py)."""
    from climateplan.inventory.web import services

    def listed(role: str) -> set[int]:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(users[role])
        answer = client.get("/api/inventories/?limit=1000")
        assert answer.status_code == 200
        return {row["id"] for row in answer.json()["results"]}

    for _ in range(2):  # the second round reads the cache
        for role in ROLES:
            expected = {
                inventory.pk
                for key, inventory in world.items()
                if may_read(role, *(INVENTORIES[key][i] for i in (0, 2)))
            }
            assert listed(role) == expected, role
    draft = world["cm_draft"]
    api = APIClient()
    api.force_authenticate(users["editor"])
    line = draft.lines.order_by("position").first()
    assert api.get(f"/api/inventories/{draft.pk}/lines/").status_code == 200
    before = draft.revision
    services.delete_line(users["editor"], draft, line, expected_revision=before)
    ids = {row["id"] for row in api.get(f"/api/inventories/{draft.pk}/lines/").json()}
    assert line.pk not in ids
    assert len(ids) == draft.lines.count()
    revision = next(
        row["revision"]
        for row in api.get("/api/inventories/?limit=1000").json()["results"]
        if row["id"] == draft.pk
    )
    assert revision == before + 1  # the list shows the new revision at once
