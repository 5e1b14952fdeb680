"""Error pages in the site's layout and language; anonymous visitors sent to the login."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from climateplan.site import views as site_views

pytestmark = pytest.mark.django_db


def _english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})


def test_404_in_the_layout_in_thai_and_english(client):
    answer = client.get("/inventories/999999/")
    assert answer.status_code == 404
    text = answer.content.decode()
    assert '<header class="top">' in text and 'id="error-404"' in text
    assert "ไม่พบหน้านี้" in text and "Page not found" not in text
    assert f"{reverse('site:login')}?next=/inventories/999999/" in text
    _english(client)
    text = client.get("/no-such-page/").content.decode()
    assert "Page not found" in text and "ไม่พบหน้านี้" not in text


def test_403_in_the_layout_for_a_signed_in_user(client, users):
    client.force_login(users["editor"])
    answer = client.get(reverse("inventory:factors"))  # national administrators only
    assert answer.status_code == 403
    text = answer.content.decode()
    assert 'id="error-403"' in text and "คุณไม่มีสิทธิ์เปิดหน้านี้" in text
    _english(client)
    text = client.get(reverse("inventory:factors")).content.decode()
    assert "You may not open this page" in text and "คุณไม่มีสิทธิ์" not in text


def test_anonymous_visitor_of_a_login_page_is_sent_to_log_in(client, users, draft):
    from climateplan.inventory.web.models import State

    from .conftest import advance

    published = advance(draft, users, "submit", "approve", "publish")
    for url in (
        reverse("inventory:factors") + "?q=diesel",
        reverse("inventory:line_add", args=[published.pk]),
    ):
        answer = client.get(url)
        assert answer.status_code == 302, url
        login = reverse("site:login")
        assert answer["Location"].startswith(f"{login}?next="), answer["Location"]
        follow = client.get(answer["Location"])
        assert follow.status_code == 200 and 'name="next"' in follow.content.decode()
    # a refused change stays refused (no redirect that would hide it)
    answer = client.post(reverse("inventory:transition", args=[published.pk]), {"action": "reopen"})
    assert answer.status_code == 403
    published.refresh_from_db()
    assert published.state == State.PUBLISHED


def test_500_in_the_layout_without_details():
    request = RequestFactory().get("/boom/")
    answer = site_views.server_error(request)
    assert answer.status_code == 500
    text = answer.content.decode()
    assert 'id="error-500"' in text and "ขออภัย ระบบขัดข้อง" in text
    assert "Traceback" not in text


def test_500_falls_back_to_plain_bilingual_text(monkeypatch):
    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(site_views.loader, "get_template", broken)
    answer = site_views.server_error(RequestFactory().get("/boom/"))
    assert answer.status_code == 500
    text = answer.content.decode()
    assert "ระบบขัดข้อง" in text and "something went wrong" in text
    assert "template engine down" not in text
