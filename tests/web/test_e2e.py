"""End to end in headless Chromium (Debian package, driven by Playwright; no browser
download): a provincial editor logs in, uploads the example workbook, sees the totals and
submits; a reviewer approves and publishes; an anonymous visitor sees the published
inventory on the province page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import PASSWORD, make_user

CHROMIUM = os.environ.get("CLIMATEPLAN_CHROMIUM", "/usr/bin/chromium")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "example_province.xlsx"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() or shutil.which("chromium")),
        reason="needs the Debian chromium package (scripts/ci_services.sh installs it)",
    ),
    pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/example_province.xlsx missing"),
]


@pytest.fixture
def browser(monkeypatch):
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # are still synchronous, one at a time.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-button")
    page.wait_for_load_state()


def _formatted(value: float) -> str:
    return f"{value:,.0f}"


@pytest.mark.django_db(transaction=True)
def test_editor_uploads_reviewer_approves_public_reads(live_server, browser):
    from climateplan.inventory import analyse, read_activity
    from climateplan.inventory.web.models import Inventory, State

    make_user("e2e-editor", "provincial_editor", "TH-62")
    make_user("e2e-reviewer", "national_reviewer")
    expected = analyse(read_activity(EXAMPLE)).totals  # TH-62, 2023 in its meta sheet
    base = live_server.url

    editor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _log_in(editor, base, "e2e-editor")
    editor.goto(f"{base}/provinces/TH-62/")
    editor.fill("#id_year", "2566")  # Buddhist Era, as Thai officers write it
    editor.click("#create-inventory")
    editor.wait_for_url("**/inventories/*/")
    editor.set_input_files("#id_file", str(EXAMPLE))
    editor.click("#upload-button")
    editor.wait_for_selector('[data-total="basic_plus"]', timeout=60_000)
    assert editor.inner_text('[data-total="basic_plus"]') == _formatted(expected["basic_plus"])
    assert editor.inner_text('[data-total="basic"]') == _formatted(expected["basic"])
    editor.click("#action-submit")
    editor.wait_for_selector("#state")
    assert editor.inner_text("#state") == "ส่งตรวจแล้ว"
    inventory = Inventory.objects.get(province="TH-62", year=2023)
    assert inventory.state == State.SUBMITTED

    reviewer = browser.new_context().new_page()
    _log_in(reviewer, base, "e2e-reviewer")
    reviewer.goto(f"{base}/inventories/{inventory.pk}/")
    reviewer.click("#action-approve")
    reviewer.wait_for_selector("#action-publish")
    reviewer.click("#action-publish")
    reviewer.wait_for_selector("#state")
    assert reviewer.inner_text("#state") == "เผยแพร่แล้ว"

    public = browser.new_context().new_page()
    public.goto(f"{base}/provinces/TH-62/")
    assert "2566" in public.inner_text("h2")
    assert public.inner_text('[data-total="basic_plus"]') == _formatted(expected["basic_plus"])
    public.wait_for_selector("[data-figure='chart-sector'] .main-svg", timeout=30_000)
    download = public.request.get(f"{base}/inventories/{inventory.pk}/download/xlsx/")
    assert download.status == 200 and download.body()[:2] == b"PK"
