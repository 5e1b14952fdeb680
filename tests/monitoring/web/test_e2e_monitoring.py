"""Progress monitoring in headless Chromium (Debian package, driven by Playwright), in Thai:

the provincial editor of Chiang Mai (the working group's secretariat) makes the reporting
periods of the published plan and opens the first half of fiscal year 2569; the reporter
of the Provincial Energy Office reports its measure M01 on track with its KPI, the
reporter of the Provincial Health Office reports its action CM-A02 delayed with a reason;
the secretariat returns the first with a comment and accepts the second; the energy
reporter reads the comment; the dashboard shows the accepted report as delayed, one
action reported and the disbursed budget. No page logs a console error or a CSP violation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.plans.web.test_e2e_plan import Person
from tests.web.test_e2e import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="needs the Debian chromium package (scripts/ci_services.sh installs it)",
    ),
]

SHOTS = Path("/tmp/shots/F2")
DELAY_REASON = "ผู้รับจ้างติดตั้งป้ายเตือนภัยส่งมอบงานไม่ทันกำหนด ขยายสัญญาถึงเดือนมิถุนายน"
RETURN_COMMENT = "กรุณาแนบใบส่งมอบงานเครื่องปรับอากาศเป็นหลักฐาน"


@pytest.fixture
def browser(monkeypatch):
    playwright_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _shot(person: Person, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    person.page.screenshot(path=str(SHOTS / f"e2e-{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_periods_reports_review_and_dashboard(live_server, browser, users, monitored_plan):
    from climateplan.monitoring.web.models import ProgressReport, ReportingPeriod
    from climateplan.monitoring.web.services import sync_agencies
    from climateplan.plans.web.models import Action

    sync_agencies()  # a transactional test starts from an emptied database
    plan = monitored_plan
    base = live_server.url
    reports = f"/plans/{plan.pk}/monitoring/reports/"
    people = []

    # ------------------------------------------------ the secretariat makes and opens a period
    secretary = Person(browser, base)
    people.append(secretary)
    secretary.log_in("editor")
    secretary.open(reports)
    assert "no-periods" in secretary.page.content()
    secretary.page.select_option("#f-period_months", "6")
    secretary.page.fill("#f-due_days", "30")
    secretary.submit("#generate-periods")
    # the plan's fiscal years 2023-2027 (BE 2566-2570) in halves: 5 x 2 periods
    assert ReportingPeriod.objects.filter(plan=plan).count() == 10
    period = ReportingPeriod.objects.get(plan=plan, fiscal_year=2026, number=1)
    row = f"#period-{period.pk}"
    assert "ปีงบประมาณ 2569 ครึ่งปีแรก" in secretary.text(row)
    secretary.submit(f"{row} form:has(input[name=move][value=open]) button[type=submit]")
    period.refresh_from_db()
    assert period.state == "open"
    assert "เปิดรับรายงาน" in secretary.text(row)
    _shot(secretary, "1-periods")

    m01 = Action.objects.get(section__plan=plan, code="M01")
    a02 = Action.objects.get(section__plan=plan, code="CM-A02")

    def report_url(action) -> str:
        return f"{reports}{period.pk}/actions/{action.pk}/"

    # ------------------------------------------------ the energy office reports M01 on track
    energy = Person(browser, base)
    people.append(energy)
    energy.log_in("reporter")
    energy.open(reports)
    assert "M01" in energy.text("#my-actions")
    assert "CM-A02" not in energy.text("#my-actions")  # another agency's action
    energy.open(report_url(m01))
    energy.page.select_option("#f-status", "on_track")
    energy.page.fill("#f-percent", "40")
    energy.page.fill("#f-disbursed", "150,000")
    energy.page.fill('input[name="kpi:kpi"]', "1200")
    energy.page.fill("#f-comment", "ติดตั้งเครื่องปรับอากาศประสิทธิภาพสูงในอาคารราชการ 1,200 เครื่อง")
    energy.submit("#submit-report")
    assert "ส่งแล้ว" in energy.text("#report-state")
    first = ProgressReport.objects.get(action=m01, period=period)
    assert first.state == "submitted" and first.percent == 40 and first.disbursed == 150_000
    assert first.kpi_values[0]["value"] == 1200 and first.kpi_values[0]["unit"] == "units"

    # ------------------------------------------------ the health office reports CM-A02 delayed
    health = Person(browser, base)
    people.append(health)
    health.log_in("reporter_pho")
    health.open(report_url(a02))
    health.page.select_option("#f-status", "delayed")
    health.page.fill("#f-percent", "20")
    health.page.fill("#f-disbursed", "80000")
    health.page.fill('input[name="kpi:indicator:0"]', "350")
    health.page.fill("#f-reason", DELAY_REASON)
    health.submit("#submit-report")
    second = ProgressReport.objects.get(action=a02, period=period)
    assert second.state == "submitted" and second.status == "delayed"
    assert second.reason == DELAY_REASON
    _shot(health, "2-report-submitted")

    # ------------------------------------------------ the secretariat returns one, accepts one
    secretary.open(f"{reports}{period.pk}/")
    assert "ส่งแล้ว" in secretary.text("#row-M01") and "ส่งแล้ว" in secretary.text("#row-CM-A02")
    secretary.open(report_url(m01))
    secretary.page.fill("#f-review_comment", RETURN_COMMENT)
    secretary.submit("#return-report")
    secretary.open(report_url(a02))
    assert DELAY_REASON in secretary.text("#report-view")
    secretary.submit("#accept-report")
    assert secretary.page.is_visible("#locked")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.review_comment) == ("returned", RETURN_COMMENT)
    assert second.state == "accepted" and second.reviewed_by.username == "editor"
    assert list(second.events.values_list("kind", flat=True)) == ["accept", "submit"]
    _shot(secretary, "3-accepted")

    # ------------------------------------------------ the energy reporter reads the comment
    energy.open(report_url(m01))
    assert RETURN_COMMENT in energy.text("#return-comment")
    assert energy.page.is_visible("#submit-report")  # a returned report can be corrected

    # ------------------------------------------------ the dashboard shows it
    secretary.open(f"/plans/{plan.pk}/monitoring/")
    secretary.page.wait_for_selector("#chart-statuses .main-svg")
    actions = secretary.text("#actions")
    a02_row = next(line for line in actions.splitlines() if "CM-A02" in line)
    assert "ล่าช้า" in a02_row  # the accepted report's status, delayed
    # one action has an accepted report; 80,000 THB disbursed (the returned report's
    # 150,000 THB is not counted: figures count accepted reports only)
    reported = secretary.text("#headline .total:first-child .muted")
    assert "มีรายงานที่รับแล้ว" in reported and re.findall(r"\d+", reported) == ["1"]
    assert "80,000" in secretary.text("#disbursed")
    _shot(secretary, "4-dashboard")

    for person in people:
        assert person.errors == [], person.errors
        person.context.close()
