"""The `climateplan inventory` and `reference` commands, end to end on files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from climateplan.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "example_province.xlsx"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help():
    for args in (
        [],
        ["inventory"],
        ["inventory", "template"],
        ["inventory", "validate"],
        ["inventory", "compute"],
        ["reference"],
        ["reference", "factors"],
        ["demo"],
    ):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Usage" in result.output


def test_template_has_sheets_and_drop_downs(tmp_path):
    out = tmp_path / "blank.xlsx"
    assert run("inventory", "template", out).exit_code == 0
    book = load_workbook(out)
    assert {"meta", "activity", "methods", "lists"} <= set(book.sheetnames)
    activity = book["activity"]
    header = [c.value for c in activity[1]]
    assert header[:5] == ["gpc_ref", "method", "activity", "amount", "unit"]
    ranges = {str(dv.sqref).split(":")[0] for dv in activity.data_validations.dataValidation}
    assert {"A2", "B2", "C2", "D2"} <= ranges  # gpc_ref, method, activity (by method), amount
    assert "INDIRECT" in " ".join(dv.formula1 for dv in activity.data_validations.dataValidation)
    instructions = book.worksheets[0]
    assert "วิธีกรอกข้อมูล" in instructions["A1"].value
    assert "How to fill" in instructions["B1"].value


def test_template_refuses_other_extension(tmp_path):
    result = run("inventory", "template", tmp_path / "blank.csv")
    assert result.exit_code == 2
    assert not (tmp_path / "blank.csv").exists()


def test_validate_and_compute_example(tmp_path):
    result = run("inventory", "validate", EXAMPLE)
    assert result.exit_code == 0, result.output
    out = tmp_path / "result.json"
    result = run("inventory", "compute", EXAMPLE, "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "climateplan.inventory/1"
    assert (doc["province"], doc["year"], doc["year_be"], doc["gwp"]) == (
        "TH-62",
        2023,
        2566,
        "AR5",
    )
    for key in ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3", "biogenic_co2"):
        assert key in doc["totals"]
    line = doc["lines"][0]
    for key in (
        "gpc_ref",
        "scope",
        "method",
        "activity",
        "co2",
        "ch4",
        "n2o",
        "co2e",
        "co2_biogenic",
        "notation_key",
        "data_quality",
        "factor_source",
    ):
        assert key in line
    # the totals are the sums of their lines (GPC inclusion flags on each line)
    basic = sum(li["co2e"] for li in doc["lines"] if li["in_basic"])
    assert doc["totals"]["basic"] == pytest.approx(basic)
    assert doc["key_categories"] and doc["uncertainty"]


def test_compute_xlsx_and_csv(tmp_path):
    xlsx = tmp_path / "gpc.xlsx"
    assert run("inventory", "compute", EXAMPLE, "--format", "xlsx", "-o", xlsx).exit_code == 0
    book = load_workbook(xlsx)
    assert "GPC table" in book.sheetnames and "Lines" in book.sheetnames
    csv = tmp_path / "lines.csv"
    assert run("inventory", "compute", EXAMPLE, "--format", "csv", "-o", csv).exit_code == 0
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Thai
    assert run("inventory", "compute", EXAMPLE, "--format", "xlsx").exit_code == 2


def test_monte_carlo_and_base_year(tmp_path):
    out = tmp_path / "r.json"
    result = run(
        "inventory", "compute", EXAMPLE, "--base-year", EXAMPLE, "--uncertainty", "2000", "-o", out
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["monte_carlo"]
    # the same inventory as its own base year: no category changes, so no trend (Eq 4.2)
    assert all(abs(k["trend"]) < 1e-9 for k in doc["key_categories"])
    # flags override the meta sheet
    assert run("inventory", "compute", EXAMPLE, "--year", "2567", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["year"] == 2024


def test_bad_file_lists_every_problem_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "gpc_ref,method,activity,amount,unit\n"
        "I.1.1,fuel_combustion,lpg,-5,t\n"
        "I.1.1,fuel_combustion,unobtainium,5,t\n"
        "I.1.1,fuel_combustion,lpg,5,head\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    result = run("inventory", "compute", bad, "--province", "TH-62", "--year", "2023", "-o", out)
    assert result.exit_code == 1
    text = result.output
    for row in ("row 2", "row 3", "row 4"):
        assert row in text
    assert "แถว 2" in text and "3 problem(s)" in text
    assert not out.exists()


def test_reference_commands():
    result = run("reference", "factors", "--search", "diesel")
    assert result.exit_code == 0 and "IPCC" in result.output
    assert run("reference", "gpc").exit_code == 0
    assert run("reference", "methods").exit_code == 0
    result = run("reference", "provinces")
    assert result.exit_code == 0 and "TH-96" in result.output


def test_demo_prints_summary():
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "BASIC+" in result.output and "fictional" in result.output


def _base_year_csv(tmp_path: Path) -> Path:
    """The example's lines as a CSV base year 2022: deposits of 2023 left out, fuel of
    the first line halved, so the trend is not zero."""
    rows = (ROOT / "examples" / "example_province.csv").read_text(encoding="utf-8").splitlines()
    header, body = rows[0], rows[1:]
    year_col = header.split(",").index("activity_year")
    kept = [r for r in body if r.split(",")[year_col] != "2023"]
    first = kept[0].split(",")
    first[3] = str(float(first[3]) / 2)
    kept[0] = ",".join(first)
    path = tmp_path / "base_2022.csv"
    path.write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    return path


def test_base_year_csv_with_base_year_options(tmp_path):
    base = _base_year_csv(tmp_path)
    out = tmp_path / "r.json"
    # a CSV has no meta sheet: the year comes from --base-year-year (BE 2565 = CE 2022),
    # the province is the inventory's
    result = run(
        "inventory", "compute", EXAMPLE, "--base-year", base, "--base-year-year", "2565", "-o", out
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert any(k["trend"] > 0 for k in doc["key_categories"])
    # the trend uncertainty (IPCC 2006 Vol 1 Ch 3 Table 3.2) is in the JSON, one row per
    # GPC reference and a total row, and the summary prints the trend with it
    trend = doc["trend_uncertainty"]
    total = [r for r in trend if r["row"] == "total"]
    assert len(total) == 1 and total[0]["trend_uncertainty_pct"] > 0
    assert {"type_a_sensitivity_pct", "type_b_sensitivity_pct"} <= set(trend[0])
    assert "trend from the base year" in " ".join(result.output.split())
    # xlsx: a sheet of its own; csv: a file beside the lines
    book = tmp_path / "r.xlsx"
    args = ["--base-year", base, "--base-year-year", "2565", "--format"]
    assert run("inventory", "compute", EXAMPLE, *args, "xlsx", "-o", book).exit_code == 0
    assert "Trend Uncertainty" in load_workbook(book).sheetnames
    lines_csv = tmp_path / "r.csv"
    assert run("inventory", "compute", EXAMPLE, *args, "csv", "-o", lines_csv).exit_code == 0
    beside = tmp_path / "r.trend_uncertainty.csv"
    assert beside.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "type_a_sensitivity_pct" in beside.read_text(encoding="utf-8-sig").splitlines()[0]
    # an explicit --base-year-province that is the inventory's own is accepted too
    args = ["--base-year-year", "2022", "--base-year-province", "TH-62"]
    result = run("inventory", "compute", EXAMPLE, "--base-year", base, *args, "-o", out)
    assert result.exit_code == 0, result.output


def test_base_year_csv_without_year_points_to_the_base_year_option(tmp_path):
    base = _base_year_csv(tmp_path)
    out = tmp_path / "r.json"
    result = run("inventory", "compute", EXAMPLE, "--base-year", base, "-o", out)
    assert result.exit_code == 1
    assert "--base-year-year" in result.output and "ไฟล์ปีฐาน" in result.output
    assert "base_2022.csv" in result.output
    assert not out.exists()


def test_base_year_of_another_province_or_a_later_year_is_refused(tmp_path):
    base = _base_year_csv(tmp_path)
    out = tmp_path / "r.json"
    args = ["--base-year-year", "2022", "--base-year-province", "TH-50"]
    result = run("inventory", "compute", EXAMPLE, "--base-year", base, *args, "-o", out)
    assert result.exit_code == 1
    assert "TH-50" in result.output and "--base-year-province" in result.output
    assert not out.exists()
    result = run(
        "inventory", "compute", EXAMPLE, "--base-year", base, "--base-year-year", "2024", "-o", out
    )
    assert result.exit_code == 1
    assert "2024" in result.output and "after the inventory year" in result.output
    assert not out.exists()


def test_compute_help_names_the_base_year_options_in_both_languages():
    result = run("inventory", "compute", "--help")
    text = " ".join(result.output.split())
    assert "--base-year-province" in text and "--base-year-year" in text
    assert "ปีฐาน" in text and "CSV" in text
