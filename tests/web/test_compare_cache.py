"""The comparison page's body is cached per audience (like the overview): a reader never
sees, through the cache, an inventory the permission rules of test_permissions.py hide."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from .test_permissions import INVENTORIES, ROLES, may_read, world  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/compare/?province=TH-50&province=TH-52&year=2022"
SHOWN = ("cm_approved", "lp_draft")  # the 2022 inventories of the two provinces


def _links(role: str, users, world) -> dict[str, bool]:  # noqa: F811
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    answer = client.get(URL)
    assert answer.status_code == 200
    html = answer.content.decode()
    return {key: f'href="/inventories/{world[key].pk}/"' in html for key in SHOWN}


def _expected(role: str) -> dict[str, bool]:
    return {key: may_read(role, INVENTORIES[key][0], INVENTORIES[key][2]) for key in SHOWN}


@pytest.mark.parametrize("role", ROLES)
def test_cached_comparison_keeps_each_audience_to_its_inventories(role, users, world):  # noqa: F811
    assert _links("admin", users, world) == {key: True for key in SHOWN}  # fills the cache
    assert _links(role, users, world) == _expected(role)
    cache.clear()
    assert _links(role, users, world) == _expected(role)  # the role fills it first
    assert _links("admin", users, world) == {key: True for key in SHOWN}
