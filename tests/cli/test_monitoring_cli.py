"""The `climateplan monitoring` commands: periods, the development plan's workbook, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from climateplan.cli.main import app
from tests.monitoring.web.conftest import (  # noqa: F401 - the monitoring fixtures
    base_inventory,
    draft_plan,
    make_reporter,
    monitored_plan,
    users,
)

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help():
    for args in (
        ["monitoring"],
        ["monitoring", "periods"],
        ["monitoring", "remind"],
        ["monitoring", "devplan-check"],
        ["monitoring", "devplan-template"],
    ):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Usage" in result.output


def test_periods_of_two_fiscal_years_in_halves():
    result = run("monitoring", "periods", 2568, 2569)
    assert result.exit_code == 0, result.output
    # FY2568 BE = 1 Oct 2567 (2024) - 30 Sep 2568 (2025); its halves end 31 Mar and 30 Sep;
    # reports due 30 days later by default: 31 Mar + 30 d = 30 Apr, 30 Sep + 30 d = 30 Oct.
    lines = result.output.splitlines()
    assert lines[0] == "รอบการรายงาน 4 รอบ / 4 reporting periods"
    assert lines[1] == (
        "ปีงบประมาณ 2568 ครึ่งปีแรก (ต.ค. 2567 - มี.ค. 2568): 1/10/2567 - 31/3/2568 ส่งภายใน 30/4/2568"
    )
    assert lines[2] == (
        "  FY2025 first half (Oct 2024 - Mar 2025): 2024-10-01 - 2025-03-31, due 2025-04-30"
    )
    assert lines[4] == (
        "  FY2025 second half (Apr 2025 - Sep 2025): 2025-04-01 - 2025-09-30, due 2025-10-30"
    )
    assert lines[8] == (
        "  FY2026 second half (Apr 2026 - Sep 2026): 2026-04-01 - 2026-09-30, due 2026-10-30"
    )


def test_periods_in_ce_by_quarter_with_due_days():
    # CE years are read as CE: FY2026 = 1 Oct 2025 - 30 Sep 2026, four quarters;
    # Q2 = Jan-Mar 2026, due 31 Mar + 15 d = 15 Apr 2026.
    result = run("monitoring", "periods", 2026, 2026, "--months", 3, "--due-days", 15)
    assert result.exit_code == 0, result.output
    assert "4 reporting periods" in result.output
    assert "  FY2026 Q2 (Jan 2026 - Mar 2026): 2026-01-01 - 2026-03-31, due 2026-04-15" in (
        result.output
    )
    assert "ปีงบประมาณ 2569 ไตรมาสที่ 2" in result.output


def test_periods_name_every_problem_at_once():
    result = run("monitoring", "periods", 2569, 2568, "--months", 5, "--due-days", 400)
    assert result.exit_code == 1
    out = result.output
    assert "3 problem(s)" in out and "พบปัญหา 3 รายการ" in out
    assert "column END" in out and "2568" in out
    assert "column --months" in out and "12, 6 or 3" in out
    assert "column --due-days" in out and "0 to 365" in out


def test_template_then_check(tmp_path):
    out = tmp_path / "devplan.xlsx"
    result = run("monitoring", "devplan-template", "-o", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["development_plan", "notes"]
    header = [c.value for c in book["development_plan"][1]]
    assert header[:4] == ["level", "code", "parent_code", "name_th"]
    checked = run("monitoring", "devplan-check", out)
    assert checked.exit_code == 0, checked.output
    assert "no problem found" in checked.output


def test_check_names_sheet_row_and_column_and_fails(tmp_path):
    template = tmp_path / "devplan.xlsx"
    run("monitoring", "devplan-template", "-o", template)
    book = load_workbook(template)
    sheet = book["development_plan"]
    sheet["A3"] = "chapter"  # not a level
    sheet["G4"] = "lots"  # not an amount
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    result = run("monitoring", "devplan-check", bad)
    assert result.exit_code == 1
    out = result.output
    assert "file bad.xlsx, sheet development_plan, row 3, column level" in out
    assert "file bad.xlsx, sheet development_plan, row 4, column budget_thb" in out
    assert "ไฟล์ bad.xlsx, ชีต development_plan, แถว 3, คอลัมน์ level" in out


def test_check_refuses_a_file_that_is_not_a_workbook(tmp_path):
    fake = tmp_path / "plan.xlsx"
    fake.write_text("level,code\nissue,1\n", encoding="utf-8")
    result = run("monitoring", "devplan-check", fake)
    assert result.exit_code == 1
    assert "plan.xlsx" in result.output


@pytest.mark.django_db
def test_remind_sends_overdue_reminders_once(monitored_plan, users, mailoutbox):  # noqa: F811
    from climateplan.monitoring.web import services_reports
    from climateplan.monitoring.web.access import monitoring_access_for
    from climateplan.monitoring.web.models import Reminder, ReportingPeriod
    from climateplan.monitoring.web.services import monitoring_of, sync_agencies

    sync_agencies()
    users["reporter"].email = "peo@example.org"  # PEO owns M01 (and co-operates in M02)
    users["reporter"].save()
    editor = monitoring_access_for(users["editor"])
    services_reports.generate_periods(
        editor,
        monitored_plan,
        expected_revision=monitoring_of(monitored_plan).revision,
        months=6,
        due_days=30,
    )
    period = ReportingPeriod.objects.get(plan=monitored_plan, fiscal_year=2025, number=1)
    services_reports.set_period_state(
        editor,
        monitored_plan,
        period.pk,
        "open",
        expected_revision=monitoring_of(monitored_plan).revision,
    )
    # FY2568 first half is due 30 Apr 2025; on 2 May 2025 it is overdue
    result = run("monitoring", "remind", "--today", "2025-05-02")
    assert result.exit_code == 0, result.output
    assert "reminder e-mail(s) sent as of 2025-05-02" in result.output
    to_peo = [m for m in mailoutbox if m.to == ["peo@example.org"]]
    assert len(to_peo) == 1
    assert "M01" in to_peo[0].body and "M02" in to_peo[0].body
    assert Reminder.objects.filter(
        period=period, recipient="peo@example.org", kind="overdue"
    ).exists()
    sent = len(mailoutbox)
    again = run("monitoring", "remind", "--today", "2025-05-03")
    assert again.exit_code == 0
    assert len(mailoutbox) == sent  # once per period, agency and kind
    assert dt.date(2025, 4, 30) == period.due


def test_remind_refuses_a_day_in_another_format():
    result = run("monitoring", "remind", "--today", "02/05/2025")
    assert result.exit_code == 1
    assert "column --today" in result.output and "YYYY-MM-DD" in result.output
