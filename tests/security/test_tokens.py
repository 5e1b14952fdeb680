"""API tokens: they expire, die with a password change or deactivation, and their
owner can revoke them (API and account page)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

PRIVATE = "/api/inventories/"  # any endpoint; authenticated users list more than the public


def _token(username: str = "editor", password: str = PASSWORD) -> str:
    cache.clear()  # the token endpoint is throttled per address
    answer = APIClient().post("/api/token/", {"username": username, "password": password})
    assert answer.status_code == 200, answer.content
    return answer.json()["token"]


def _with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _whoami(token: str) -> int:
    """The status of an authenticated-only call (DELETE revokes, so use a safe one)."""
    return _with(token).get("/api/factors/").status_code


def test_a_fresh_token_works_and_says_when_it_expires(users):
    before = timezone.now()
    answer = APIClient().post("/api/token/", {"username": "editor", "password": PASSWORD})
    body = answer.json()
    assert _whoami(body["token"]) == 200
    # expiry = creation + 30 days (settings API_TOKEN_LIFETIME_DAYS default)
    expires = timezone.datetime.fromisoformat(body["expires"])
    assert before + timedelta(days=30) <= expires <= timezone.now() + timedelta(days=30)


@override_settings(API_TOKEN_LIFETIME_DAYS=30)
def test_an_expired_token_is_refused_and_a_new_one_issued(users):
    key = _token()
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=30, seconds=1))
    refused = _with(key).get("/api/factors/")
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"] and "หมดอายุ" in refused.json()["detail"]
    assert not Token.objects.filter(key=key).exists()
    fresh = _token()
    assert fresh != key and _whoami(fresh) == 200


@override_settings(API_TOKEN_LIFETIME_DAYS=30)
def test_token_one_day_short_of_its_lifetime_still_works(users):
    key = _token()
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=29))
    assert _whoami(key) == 200


def test_password_change_kills_the_token(users):
    key = _token()
    user = users["editor"]
    user.set_password("a-new-password-for-editor-7")
    user.save()
    assert _whoami(key) == 401
    assert not Token.objects.filter(user=user).exists()


def test_password_change_by_command_kills_the_token(users, monkeypatch):
    key = _token()
    new = "another-new-password-42"
    monkeypatch.setattr("getpass.getpass", lambda prompt="": new)
    call_command("changepassword", "editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _whoami(key) == 401


def test_deactivation_kills_the_token(users):
    key = _token()
    user = users["editor"]
    user.is_active = False
    user.save()
    assert not Token.objects.filter(key=key).exists()
    user.is_active = True
    user.save()
    assert _whoami(key) == 401  # reactivation does not bring the old token back


def test_saving_other_fields_keeps_the_token(users):
    key = _token()
    user = users["editor"]
    user.first_name = "Somchai"
    user.save()
    Client().post("/accounts/login/", {"username": "editor", "password": PASSWORD})  # last_login
    assert _whoami(key) == 200


def test_owner_revokes_their_tokens_through_the_api(users):
    key = _token()
    other = _token("reviewer")
    assert _with(key).delete("/api/token/").status_code == 204
    assert _whoami(key) == 401
    assert _whoami(other) == 200  # only the caller's tokens
    assert APIClient().delete("/api/token/").status_code == 401


def test_owner_revokes_their_tokens_on_the_account_page(users):
    key = _token()
    browser = Client()
    browser.force_login(users["editor"])
    page = browser.get("/accounts/")
    assert page.status_code == 200
    assert b"revoke-tokens" in page.content and b"/accounts/tokens/revoke/" in page.content
    done = browser.post("/accounts/tokens/revoke/", follow=True)
    assert done.status_code == 200
    assert _whoami(key) == 401
    assert b"You have no API token" in done.content or "คุณไม่มีโทเคน API".encode() in done.content


def test_account_page_needs_a_login_and_revoking_needs_post(users):
    assert Client().get("/accounts/").status_code == 302
    browser = Client()
    browser.force_login(users["editor"])
    assert browser.get("/accounts/tokens/revoke/").status_code == 405
