"""Security headers: a Content-Security-Policy that allows only the site's own scripts
(no inline script, no event-handler attribute) and style sheets, on every page; and,
in headless Chromium, no page breaks that policy.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.test import Client

from .conftest import PASSWORD, quick_inventory

CHROMIUM = os.environ.get("CLIMATEPLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-sync"]


def _policy(answer) -> dict[str, list[str]]:
    header = answer.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/compare/", "/accounts/login/", "/api/", "/api/docs/"])
def test_every_page_sends_a_strict_policy(path, users):
    answer = Client().get(path)
    assert answer.status_code == 200
    policy = _policy(answer)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    # styles: the site's sheets and the inline styles Plotly.js and Swagger UI write
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)


@pytest.mark.django_db
def test_pages_carry_no_inline_script_handler_or_style(users, client):
    """What the policy would block, found in the HTML itself (the browser check below
    runs the pages' scripts too)."""
    from climateplan.inventory.web.models import State

    inventory = quick_inventory("TH-50", 2023, State.PUBLISHED)
    client.force_login(users["editor"])
    paths = [
        "/",
        "/compare/?province=TH-50",
        "/provinces/TH-50/",
        f"/inventories/{inventory.pk}/",
        f"/inventories/{inventory.pk}/history/",
        "/accounts/",
        "/api/docs/",
    ]
    for path in paths:
        html = client.get(path, follow=True).content.decode()
        assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group(0))
        assert not HANDLER.search(html), (path, HANDLER.search(html).group(0))
        assert not STYLE_ATTRIBUTE.search(html), (path, STYLE_ATTRIBUTE.search(html).group(0))


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.skipif(
    not (Path(CHROMIUM).exists() or shutil.which("chromium")),
    reason="needs the Debian chromium package (scripts/ci_services.sh installs it)",
)
@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_policy_in_chromium(live_server, users, monkeypatch):
    """Every page, as an editor and as a reviewer, with charts drawn: the browser
    reports no Content-Security-Policy violation on the console."""
    from climateplan.inventory.web.models import State

    playwright_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    published = quick_inventory("TH-50", 2023, State.PUBLISHED)
    draft = quick_inventory("TH-50", 2022, State.DRAFT)
    base = live_server.url
    paths = [
        "/",
        "/?year=2566",
        "/compare/?province=TH-50&province=TH-52",
        "/provinces/TH-50/",
        f"/inventories/{published.pk}/",
        f"/inventories/{draft.pk}/",
        f"/inventories/{draft.pk}/history/",
        f"/inventories/{draft.pk}/lines/new/",
        "/accounts/",
        "/api/docs/",
        "/api/inventories/",
    ]
    violations = []
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for username in ("editor", "reviewer"):
            page = chromium.new_page()
            page.on(
                "console",
                lambda message, page=page: (
                    violations.append((page.url, message.text))
                    if "Content Security Policy" in message.text
                    or "Content-Security" in message.text
                    else None
                ),
            )
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("#login-button")
            page.wait_for_load_state()
            for path in paths:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
            page.close()
        chromium.close()
    assert violations == []
