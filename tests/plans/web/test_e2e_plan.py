"""A whole plan in headless Chromium (Debian package, driven by Playwright), in Thai:

the provincial editor of Chiang Mai creates a plan for BE 2566-2570 on the approved
inventory, fills the reduction section (default drivers, three library measures with
owner, budget and KPI, the national targets and one province target) and sees the gap
chart; fills the risk section (the indicator template downloaded, the province's example
indicators and climate indices uploaded) and sees the scores and the matrix; adds an
adaptation action from the option library; the provincial approver records the
endorsement (meeting 1/2567) and submits; a national reviewer returns the reduction
section with a comment; the editor reads it, edits a measure and resubmits; the reviewer
approves and publishes; an anonymous visitor reads the published plan and its reduction
results, in Thai and in English. No page logs a console error or a CSP violation.
"""

from __future__ import annotations

import csv
import io
import re
from importlib.resources import files
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD, advance
from tests.web.test_e2e import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="needs the Debian chromium package (scripts/ci_services.sh installs it)",
    ),
]

MEASURES = ("efficient_air_conditioners", "ev_buses", "eco_driving")
RETURN_COMMENT = "กรุณาระบุตัวชี้วัดของมาตรการรถโดยสารไฟฟ้าให้ชัดเจน"


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


class Person:
    """One browser context (its own cookies: one user, one language) and its page;
    every console error and uncaught script error of every page it opens is kept."""

    def __init__(self, browser, base: str, *, lang: str = "th", width: int = 1280):
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        if lang != "th":
            self.context.add_cookies([{"name": "climateplan_language", "value": lang, "url": base}])
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda dialog: dialog.accept())

    def log_in(self, username: str) -> None:
        self.open("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.submit("#login-button")

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        return response

    def submit(self, selector: str) -> None:
        """Click a submit button and wait for the page the form leads to."""
        with self.page.expect_navigation():
            self.page.click(selector)

    def text(self, selector: str = "body") -> str:
        return self.page.inner_text(selector)


def _number(text: str) -> float:
    return float(text.strip().replace(",", ""))


def _example_table(name: str, province: str) -> bytes:
    """The shipped example rows of one province (a CSV the officer would upload)."""
    raw = (files("climateplan.risk") / "data" / name).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(r for r in rows if r["province"] == province)
    return out.getvalue().encode("utf-8")


def approved_inventory(users, small_csv: bytes):
    """Chiang Mai's 2022 inventory: the small CSV uploaded, computed, submitted, approved."""
    from climateplan.inventory.web import services

    inventory = services.create_inventory(users["editor"], "TH-50", 2022, "AR5")
    services.upload(
        users["editor"], inventory, "small_inventory.csv", small_csv, expected_revision=1
    )
    return advance(inventory, users, "submit", "approve")


@pytest.mark.django_db(transaction=True)
def test_a_plan_from_draft_to_publication(live_server, browser, users, small_csv, tmp_path):
    from climateplan.plans.web.models import Plan, PlanState, SectionState

    inventory = approved_inventory(users, small_csv)  # base year 2022, BE 2565
    base = live_server.url
    people = []

    # ------------------------------------------------------------ the editor creates the plan
    editor = Person(browser, base)
    people.append(editor)
    editor.log_in("editor")
    editor.open("/provinces/TH-50/plans/")
    editor.page.click("#new-plan")
    editor.page.wait_for_selector("#plan-form")
    editor.page.fill("#id_title_th", "แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่ พ.ศ. 2566-2570")
    editor.page.fill("#id_title_en", "Chiang Mai climate change plan 2023-2027")
    editor.page.fill("#id_start_year", "2566")  # Buddhist Era, as a Thai officer types it
    editor.page.fill("#id_end_year", "2570")
    editor.page.select_option("#id_base_inventory", str(inventory.pk))
    editor.submit("#save-plan")
    plan = Plan.objects.get(province="TH-50")
    assert (plan.start_year, plan.end_year, plan.base_year) == (2023, 2027, 2022)
    assert editor.page.url.endswith(f"/plans/{plan.pk}/")
    head = editor.text(".plan-head")
    assert "2566" in head and "2570" in head and "2565" in head
    assert "2023" not in head and "2027" not in head
    assert editor.text("#plan-state") == "ร่าง"

    # ------------------------------------------------------------ reduction: drivers, measures
    editor.page.click("#tab-reduction")
    editor.page.wait_for_selector("#drivers")
    editor.submit("#drivers-defaults")
    assert editor.page.is_visible("#drivers-default")  # the national defaults, with sources
    for library_id in MEASURES:
        editor.submit(f"#lib-{library_id} form button[type=submit]")
        assert editor.page.is_visible(f"#measure-{library_id}")
    for number, library_id in enumerate(MEASURES, start=1):
        editor.open(f"/plans/{plan.pk}/reduction/measure/{library_id}/edit/")
        form = "#measure-form"
        editor.page.fill(f"{form} input[name=owner_agency]", "สำนักงานพลังงานจังหวัดเชียงใหม่")
        first_budget = "#budget-rows tbody tr:first-child"
        editor.page.fill(f"{first_budget} input[name=budget-fiscal_year]", "2567")
        editor.page.fill(f"{first_budget} input[name=budget-amount]", str(number * 100_000))
        editor.page.select_option(f"{first_budget} select[name=budget-kind]", "operating")
        editor.page.select_option(f"{first_budget} select[name=budget-source]", "provincial")
        editor.page.fill(f"{form} input[name=kpi_name_th]", f"ตัวชี้วัดมาตรการที่ {number}")
        editor.page.fill(f"{form} input[name=kpi_name_en]", f"Indicator of measure {number}")
        editor.page.fill(f"{form} input[name=kpi_unit]", "แห่ง")
        editor.page.fill(f"{form} input[name=kpi_baseline]", "0")
        editor.page.fill(f"{form} input[name=kpi_baseline_year]", "2565")
        editor.page.fill(f"{form} input[name=kpi_target]", str(number * 10))
        editor.page.fill(f"{form} input[name=kpi_target_year]", "2570")
        editor.submit("#measure-save")
        row = editor.text(f"#measure-{library_id}")
        assert "สำนักงานพลังงานจังหวัดเชียงใหม่" in row
        assert f"{number * 100_000:,}" in row  # the budget line, as typed
        assert "ปีงบ 2567" in row and "(2570)" in row  # fiscal and KPI years in BE
        assert f"ตัวชี้วัดมาตรการที่ {number}" in row

    # the national targets are kept; one province target is added
    targets_before = editor.page.locator("#targets-table tbody tr").count()
    national = editor.page.locator("#targets-table tbody tr", has_text="ระดับประเทศ").count()
    assert national >= 1 and national == targets_before  # the national targets, kept as given
    editor.page.fill("#target-form input[name=name]", "chiangmai_target")
    editor.page.select_option("#target-form select[name=kind]", "bau_relative")
    editor.page.fill("#target-form input[name=value]", "5")
    editor.page.fill("#target-form input[name=year]", "2570")
    editor.page.fill("#target-form input[name=source]", "มติคณะทำงานจังหวัด (ตัวอย่างในการทดสอบ)")
    editor.submit("#target-add")
    assert editor.page.locator("#targets-table tbody tr").count() == targets_before + 1
    assert "chiangmai_target" in editor.text("#targets-table")

    # the gap chart is a Plotly graph drawn with data
    editor.page.wait_for_selector("#chart-gap .main-svg", timeout=60_000)
    traces = editor.page.evaluate("document.getElementById('chart-gap').data.length")
    assert traces >= 2  # at least the business-as-usual and the with-plan lines
    bau = _number(editor.text("#total-bau"))
    with_plan = _number(editor.text("#total-plan"))
    reduction = _number(editor.text("#total-reduction"))
    # what the plan reduces is the gap between the two paths: BAU - with the plan
    assert reduction == pytest.approx(bau - with_plan, abs=1.0)
    assert reduction > 0  # three measures act on the inventory's lines
    shown = editor.text("#results .rd-totals")
    assert "ปีฐาน 2565" in shown and "BAU 2570" in shown  # Buddhist Era on the Thai page

    # ------------------------------------------------------------ risk: template, uploads
    editor.page.click("#tab-risk")
    editor.page.wait_for_selector("#indicators")
    with editor.page.expect_download() as download:
        editor.page.click("#risk-template-xlsx")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert template.read_bytes()[:2] == b"PK"
    indicators = tmp_path / "indicators_TH-50.csv"
    indicators.write_bytes(_example_table("example_indicators_th.csv", "TH-50"))
    editor.page.set_input_files("#risk-indicator-upload input[type=file]", str(indicators))
    editor.submit("#risk-indicator-upload button[type=submit]")
    gridded = tmp_path / "gridded_TH-50.csv"
    gridded.write_bytes(_example_table("example_gridded_indices_th.csv", "TH-50"))
    editor.page.set_input_files("#risk-gridded-upload input[type=file]", str(gridded))
    editor.submit("#risk-gridded-upload button[type=submit]")
    editor.page.wait_for_selector("#risk-overall")
    overall = re.search(r"\d+(\.\d+)?", editor.text("#risk-overall"))
    assert overall is not None and 0 <= float(overall.group()) <= 10
    assert editor.page.locator("#risk-matrix td").count() > 0
    assert editor.page.is_visible("#synthetic-banner")  # the example values say what they are

    # ------------------------------------------------------------ adaptation, if still needed
    plan.refresh_from_db()
    adaptation = plan.sections.get(kind="adaptation")
    editor.page.click("#tab-adaptation")
    editor.page.wait_for_selector("#library")
    if adaptation.result is None:  # the checklist asks for at least one action
        option = editor.page.locator("#library-table a[id^=add-]").first
        with editor.page.expect_navigation():
            option.click()
        editor.page.wait_for_selector("#action-form")
        if not editor.page.input_value("#f-owner"):
            editor.page.fill("#f-owner", "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดเชียงใหม่")
        # the working group's own figures: the cost and the three scores (1-5)
        editor.page.fill("#action-form input[name=capital_thb]", "2000000")
        for score in ("feasibility_technical", "feasibility_institutional", "co_benefits_score"):
            editor.page.select_option(f"#action-form select[name={score}]", "3")
        editor.submit("#save-action")
    plan.refresh_from_db()
    assert plan.sections.get(kind="adaptation").result is not None

    # ------------------------------------------------------------ endorsement and submission
    approver = Person(browser, base)
    people.append(approver)
    approver.log_in("approver")
    approver.open(f"/plans/{plan.pk}/")
    approver.page.wait_for_selector("#endorse")
    assert not approver.page.is_visible("#endorse-gaps"), approver.text("#endorse-gaps")
    approver.page.fill(
        "#endorse input[name=body]", "คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่"
    )
    approver.page.fill("#endorse input[name=meeting]", "1/2567")
    approver.page.fill("#endorse input[name=date]", "15/3/2567")  # day/month/BE year
    approver.page.fill("#endorse input[name=authority]", "ผู้ว่าราชการจังหวัดเชียงใหม่")
    approver.submit("#action-endorse")
    assert approver.text("#plan-state") == "จังหวัดให้ความเห็นชอบแล้ว"
    assert "1/2567" in approver.text("#endorsement-block")
    assert "2567" in approver.text("#endorsement-date")
    approver.submit("#action-submit")
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED

    # ------------------------------------------------------------ a reviewer returns a section
    reviewer = Person(browser, base)
    people.append(reviewer)
    reviewer.log_in("reviewer")
    reviewer.open(f"/plans/{plan.pk}/reduction/")
    reviewer.page.fill("#review-comment", RETURN_COMMENT)
    reviewer.page.fill("#review-item", "measure:ev_buses")
    reviewer.submit("#review-return")
    plan.refresh_from_db()
    assert plan.state == PlanState.RETURNED
    assert plan.sections.get(kind="reduction").state == SectionState.RETURNED

    # ------------------------------------------------------------ the editor fixes, resubmits
    editor.open(f"/plans/{plan.pk}/")
    assert editor.text("#plan-state") == "ส่งกลับแก้ไข"
    editor.open(f"/plans/{plan.pk}/reduction/")
    assert RETURN_COMMENT in editor.text("#comments")
    editor.open(f"/plans/{plan.pk}/reduction/measure/ev_buses/edit/")
    editor.page.fill("#measure-form input[name=kpi_name_th]", "จำนวนรถโดยสารไฟฟ้าที่ให้บริการ")
    editor.page.fill("#measure-form input[name=kpi_unit]", "คัน")
    editor.submit("#measure-save")
    assert "จำนวนรถโดยสารไฟฟ้าที่ให้บริการ" in editor.text("#measure-ev_buses")
    editor.open(f"/plans/{plan.pk}/")
    editor.submit("#action-submit")
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED

    # ------------------------------------------------------------ approval and publication
    reviewer.open(f"/plans/{plan.pk}/")
    reviewer.submit("#action-approve")
    reviewer.submit("#action-publish")
    assert reviewer.text("#plan-state") == "เผยแพร่แล้ว"
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED

    # ------------------------------------------------------------ the public reads it
    public = Person(browser, base)
    people.append(public)
    public.open("/provinces/TH-50/plans/")
    assert "แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่" in public.text("main")
    public.open(f"/plans/{plan.pk}/")
    assert "1/2567" in public.text("#endorsement-block")
    assert not public.page.is_visible("#workflow")  # internals stay with the province
    public.open(f"/plans/{plan.pk}/reduction/")
    assert _number(public.text("#total-plan")) == with_plan
    assert _number(public.text("#total-reduction")) == reduction
    public.page.wait_for_selector("#chart-gap .main-svg", timeout=60_000)
    assert "จำนวนรถโดยสารไฟฟ้าที่ให้บริการ" in public.text("#measures-table")
    assert not public.page.is_visible("#drivers-form")  # nothing to edit

    english = Person(browser, base, lang="en")
    people.append(english)
    english.open(f"/plans/{plan.pk}/reduction/")
    shown = english.text("#results .rd-totals")
    assert "Base year 2022" in shown and "BAU 2027" in shown and "2570" not in shown
    assert _number(english.text("#total-reduction")) == reduction
    english.page.wait_for_selector("#chart-gap .main-svg", timeout=60_000)

    for person in people:
        assert person.errors == [], person.errors
