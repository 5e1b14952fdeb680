"""Every plan page in headless Chromium, at a phone's width (390 px) and a desktop's
(1280 px), in Thai and in English, with complete plans behind it: each page answers 200,
logs no console error (a Content-Security-Policy violation is one), has nothing wider
than the screen, and shows the plan's years in the reader's era (Buddhist Era on Thai
pages, Common Era on English ones) outside the data people typed or cited.

The plans are made the way the demo makes them (:func:`climateplan.plans.web.demo.build_plan`:
every section written and computed through the services): a published Chiang Mai plan
for 2023-2027 and a later one (2028-2032) whose reduction section a reviewer returned.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tests.plans.web.test_e2e_plan import Person, approved_inventory
from tests.web.test_e2e import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="needs the Debian chromium package (scripts/ci_services.sh installs it)",
    ),
]

WIDTHS = (390, 1280)
# the plans' years: CE as stored, BE = CE + 543
PUBLISHED_YEARS = (2023, 2027)
RETURNED_YEARS = (2028, 2032)
BE = 543
# what people typed or cited (names, sources, titles) keeps its own years; the page's
# own words and figures must use the reader's era
DATA_ELEMENTS = ".data, .source, .rd-source, input, textarea, select, option, script, style"
VISIBLE_TEXT = f"""() => {{
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll({DATA_ELEMENTS!r}).forEach((el) => el.remove());
  return copy.textContent;
}}"""
# every chart container of the page has been drawn by Plotly
CHARTS = ".chart, .risk-chart"
UNDRAWN = f"""() => [...document.querySelectorAll({CHARTS!r})]
  .filter((el) => !el.querySelector('.main-svg'))
  .map((el) => el.id || el.className)"""
WIDEST = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      out.push(el.tagName + (el.id ? '#' + el.id : '') + ' ' + Math.round(box.right));
    }
  }
  return out.slice(0, 5);
}"""


@pytest.fixture
def browser(monkeypatch):
    playwright_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _measure(library_id: str, owner: str, amount: float):
    from climateplan.plans.web.demo import Measure, _kpi, _yearly

    return Measure(
        library_id,
        owner,
        ("PNREO",),
        _yearly(2024, 2026, amount, "operating", "provincial"),
        _kpi("ตัวชี้วัดของมาตรการ", "Indicator of the measure", "แห่ง", 0, 40, 2023, 2027),
    )


def build_plans(users, small_csv):
    """The two Chiang Mai plans (their measures act on the small inventory's lines)."""
    from climateplan.plans.web import demo
    from climateplan.plans.web.models import SectionKind

    approved_inventory(users, small_csv)
    spec = dataclasses.replace(
        demo.CHIANG_MAI,
        editor="editor",
        approver="approver",
        measures=[
            _measure("efficient_air_conditioners", "PEO", 400_000),
            _measure("ev_buses", "PLTO", 2_000_000),
            _measure("eco_driving", "PLTO", 150_000),
        ],
        province_target=dict(demo.KAMPHAENG_PHET.province_target, name="chiang_mai_target"),
        outcome="publish",
    )
    published = demo.build_plan(spec)
    returned = demo.build_plan(
        dataclasses.replace(
            spec,
            title_th="แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่ ระยะที่ 2",
            title_en="Chiang Mai climate change plan, second period",
            start=RETURNED_YEARS[0],
            end=RETURNED_YEARS[1],
            endorsement=dict(spec.endorsement, meeting="2/2568"),
            outcome="return",
            return_comment=(SectionKind.REDUCTION, "กรุณาเพิ่มมาตรการด้านของเสีย"),
        )
    )
    assert published is not None and returned is not None
    return published, returned


def pages(published, returned) -> list[tuple[str | None, str]]:
    """(who reads it, path): every plan page, each by someone who may see it."""
    p, r = published.pk, returned.pk
    measure = returned.sections.get(kind="reduction").actions.order_by("code").first().code
    return [
        ("editor", "/provinces/TH-50/plans/"),
        ("editor", f"/plans/{p}/"),
        ("editor", f"/plans/{p}/inventory/"),
        ("editor", f"/plans/{p}/reduction/"),
        ("editor", f"/plans/{p}/risk/"),
        ("editor", f"/plans/{p}/adaptation/"),
        ("editor", f"/plans/{p}/history/"),
        ("editor", f"/plans/{r}/"),
        ("editor", f"/plans/{r}/reduction/"),
        ("editor", f"/plans/{r}/reduction/measure/{measure}/edit/"),
        ("editor", f"/plans/{r}/risk/"),
        ("editor", f"/plans/{r}/adaptation/"),
        ("editor", "/provinces/TH-50/plans/new/"),
        ("reviewer", f"/plans/{r}/"),
        ("reviewer", f"/plans/{r}/reduction/"),
        ("reviewer", "/national/plans/"),
        ("reviewer", "/national/review/"),
        ("reviewer", "/national/rollup/"),
        (None, f"/plans/{p}/"),
        (None, f"/plans/{p}/reduction/"),
        (None, f"/plans/{p}/risk/"),
        (None, f"/plans/{p}/adaptation/"),
        (None, "/help/"),
        (None, "/help/reduction/"),
    ]


def _words(text: str, years) -> list[int]:
    return [y for y in years if re.search(rf"(?<!\d){y}(?!\d)", text)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_plan_page_fits_the_screen_without_errors(
    live_server, browser, users, small_csv, lang
):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    published, returned = build_plans(users, small_csv)
    plan_years = [*PUBLISHED_YEARS, *RETURNED_YEARS]
    wrong_era = plan_years if lang == "th" else [y + BE for y in plan_years]
    right_era = [y + BE for y in plan_years] if lang == "th" else plan_years
    titles = [t for p in (published, returned) for t in (p.title_th, p.title_en)]
    defects = []
    for width in WIDTHS:
        readers = {}
        for who, path in pages(published, returned):
            if who not in readers:
                readers[who] = Person(browser, live_server.url, lang=lang, width=width)
                if who:
                    readers[who].log_in(who)
            reader = readers[who]
            reader.errors.clear()
            response = reader.page.goto(live_server.url + path)
            reader.page.wait_for_load_state("load")
            where = f"{path} ({lang}, {width} px)"
            if response is None or response.status != 200:
                defects.append(f"{where}: HTTP {response and response.status}")
                continue
            try:  # the charts are drawn by deferred scripts
                reader.page.wait_for_function(f"({UNDRAWN})().length === 0", timeout=20_000)
            except PlaywrightTimeout:
                defects.append(f"{where}: charts not drawn: {reader.page.evaluate(UNDRAWN)}")
            scroll = reader.page.evaluate("document.scrollingElement.scrollWidth")
            inner = reader.page.evaluate("window.innerWidth")
            if scroll > inner + 1:
                defects.append(
                    f"{where}: {scroll} px wide; beyond the screen: {reader.page.evaluate(WIDEST)}"
                )
            if reader.errors:
                defects.append(f"{where}: console errors {reader.errors[:3]}")
            text = reader.page.evaluate(VISIBLE_TEXT)
            for title in titles:  # typed by the officer, in whichever era they wrote
                text = text.replace(title, "")
            # the create form tells English readers that a BE year is understood too
            text = re.sub(r"Buddhist Era year such as \d{4}", "", text)
            if path.startswith("/plans/") and not _words(text, right_era):
                defects.append(f"{where}: none of the plan years {right_era} shown")
            shown_wrong = _words(text, wrong_era)
            if shown_wrong:
                defects.append(f"{where}: plan years in the other era: {shown_wrong}")
        for reader in readers.values():
            reader.context.close()
    assert defects == [], "\n".join(defects)
