"""The inventory page in headless Chromium, under the site's Content-Security-Policy:
a line's form opens right under the line (htmx), cancel closes it, delete asks first,
the blank workbook downloads, and the page stays within a phone's width."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import PASSWORD, make_user
from .test_e2e import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="needs the Debian chromium package (scripts/ci_services.sh installs it)",
    ),
]


@pytest.fixture
def browser(monkeypatch):
    playwright_api = pytest.importorskip("playwright.sync_api")
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


@pytest.mark.django_db(transaction=True)
def test_line_form_opens_under_its_line_and_delete_asks(live_server, browser, small_csv):
    from climateplan.inventory.web import services

    editor = make_user("e2e-editor", "provincial_editor", "TH-50")
    inventory = services.create_inventory(editor, "TH-50", 2023)
    services.upload(editor, inventory, "small.csv", small_csv, expected_revision=1)
    line = inventory.lines.get(position=4)
    base = live_server.url

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, base, "e2e-editor")
    page.goto(f"{base}/inventories/{inventory.pk}/")
    page.click(f"#line-{line.pk} a.edit-line")
    page.wait_for_selector(f"#line-edit-{line.pk}")
    # the form is the row right after its line, not at the top of the page
    follows = page.evaluate(f"document.getElementById('line-{line.pk}').nextElementSibling.id")
    assert follows == f"line-edit-{line.pk}"
    assert page.input_value(f"#line-edit-{line.pk} input[name=activity]") == "diesel_b7"
    # a second edit link closes the first form (one open at a time)
    other = inventory.lines.get(position=2)
    page.click(f"#line-{other.pk} a.edit-line")
    page.wait_for_selector(f"#line-edit-{other.pk}")
    assert page.locator(".line-edit-row").count() == 1
    page.click(f"#line-edit-{other.pk} button[data-dismiss-row]")
    assert page.locator(".line-edit-row").count() == 0
    # delete asks; dismissing keeps the line
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click(f"#line-{line.pk} form[data-confirm] button")
    page.wait_for_timeout(300)
    assert asked == ["ลบรายการนี้?"]
    assert inventory.lines.filter(pk=line.pk).exists()
    assert not [e for e in errors if "Content Security Policy" in e], errors

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    _log_in(phone, base, "e2e-editor")
    phone.goto(f"{base}/inventories/{inventory.pk}/")
    # nothing wider than the phone: the line table scrolls inside its own box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with phone.expect_download() as download:
        phone.click("#download-template")
    assert download.value.suggested_filename == "climateplan-activity-template.xlsx"
