"""The overview's map in headless Chromium: drawn and switched without any script."""

from __future__ import annotations

import pytest

from climateplan.inventory.web.models import Population, State

from .conftest import quick_inventory
from .test_e2e import CHROMIUM, CHROMIUM_FLAGS, pytestmark  # noqa: F401  (same skips)


@pytest.fixture
def browser(monkeypatch):
    playwright_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.mark.django_db(transaction=True)
def test_map_layers_switch_with_javascript_off(live_server, browser):
    quick_inventory("TH-50", 2023, State.PUBLISHED)
    Population.objects.create(province="TH-50", year=2023, population=1_000_000, source="t")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/")

    def shown(selector: str) -> bool:
        return page.locator(selector).first.is_visible()

    # drawn with the page: the 77 shapes of the first layer, its legend, nothing else
    assert page.locator(".map-layer-0 use").count() == 77
    assert shown(".map-layer-0 use") and shown(".map-legend-0")
    assert not shown(".map-layer-1 use") and not shown(".map-legend-2")
    # the map fits a phone's width
    box = page.locator("svg.map-shapes").bounding_box()
    assert box["width"] <= 390
    # a button (a label of a radio input) switches the layer by CSS alone
    page.click("label[for=map-layer-1]")
    assert shown(".map-layer-1 use") and shown(".map-legend-1")
    assert not shown(".map-layer-0 use")
    page.click("label[for=map-layer-2]")
    assert shown(".map-legend-2") and not shown(".map-legend-1")
    # a province links to its page
    page.click(".map-layer-2 a[href='/provinces/TH-50/']")
    assert page.url.endswith("/provinces/TH-50/")
    context.close()
