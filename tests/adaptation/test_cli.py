"""`climateplan adapt` end to end on a hand-made profile: files, sanitised cells,
GCoM fields, charts."""

from __future__ import annotations

import json

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from climateplan.cli.main import app

from .conftest import action_line, write_actions


def test_plan_writes_tables_charts_and_gcom_fields(tmp_path, profile):
    actions = write_actions(
        tmp_path / "actions.csv",
        action_line(
            "A1", name_en="=HYPERLINK(1)", hazards="flood;storm", mitigation_measure="awd_rice"
        ),
        action_line("A2", hazards="drought", sectors="agriculture;water", type="financial"),
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "adapt",
            "plan",
            str(actions),
            "--profile",
            str(profile),
            "--samples",
            "500",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    for name in (
        "priority.csv", "sensitivity.csv", "weight_switches.csv", "economics.csv", "actions.csv",
        "costs_by_year.csv", "cost_by_sector_year.csv", "coverage.csv", "register_residual.csv",
        "risk_matrix_residual.csv", "gcom_adaptation.csv", "adaptation_plan.xlsx",
        "adaptation_plan.json", "priority_th.png", "priority_en.png", "sensitivity_th.png",
        "timeline_th.png", "cost_by_sector_year_th.png", "risk_before_after_th.png",
        "risk_before_after.html", "plotly.min.js",
    ):  # fmt: skip
        assert name in names, name
    # text that a spreadsheet would run as a formula is made inert (CSV and XLSX)
    priority = pd.read_csv(out / "priority.csv", dtype=str)
    assert "'=HYPERLINK(1)" in set(priority["name_en"])
    sheet = load_workbook(out / "adaptation_plan.xlsx")["priority"]
    assert "'=HYPERLINK(1)" in [c.value for c in sheet["B"]]
    # HTML loads the folder's plotly.js, no CDN
    html = (out / "priority.html").read_text(encoding="utf-8")
    assert 'src="plotly.min.js"' in html and "cdn" not in html.lower()
    data = json.loads((out / "adaptation_plan.json").read_text(encoding="utf-8"))
    assert data["complete"] is True  # flood and storm, the priority risks, are covered
    gcom = pd.read_csv(out / "gcom_adaptation.csv")
    assert gcom.loc[0, "Implementing body"] == "Royal Irrigation Department"
    assert "Storms" in gcom.loc[0, "Climate hazards addressed"]
    assert gcom.loc[1, "Type of action (IPCC category)"].startswith("Institutional: economic")
    assert gcom.loc[0, "Linked mitigation action"] == "awd_rice"
    assert gcom.loc[0, "Area"] == "Chiang Mai"  # the whole province
    costs = pd.read_csv(out / "costs_by_year.csv")
    assert set(costs["fiscal_year_be"]) == {2569, 2570}


def test_strict_exits_when_a_priority_risk_is_uncovered(tmp_path, profile):
    actions = write_actions(tmp_path / "a.csv", action_line("A1", hazards="flood"))
    result = CliRunner().invoke(
        app,
        [
            "adapt",
            "plan",
            str(actions),
            "--profile",
            str(profile),
            "--samples",
            "100",
            "--strict",
            "-o",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2
    assert (
        "NOT COVERED" in result.output
        or "not_covered" in result.output
        or "no action" in result.output
    )


def test_prioritise_and_options(tmp_path, profile):
    actions = write_actions(
        tmp_path / "a.csv", action_line("A1"), action_line("A2", effectiveness=5)
    )
    out = tmp_path / "p"
    result = CliRunner().invoke(
        app,
        [
            "adapt",
            "prioritise",
            str(actions),
            "--profile",
            str(profile),
            "--weights",
            "risk_first",
            "--samples",
            "200",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    priority = pd.read_csv(out / "priority.csv")
    assert priority.loc[0, "code"] == "A2"
    assert not (out / "coverage.csv").exists()  # the plan's tables come with `adapt plan`
    starter = tmp_path / "starter.csv"
    result = CliRunner().invoke(
        app, ["adapt", "options", "--hazard", "heat", "-o", str(starter), "--as-actions"]
    )
    assert result.exit_code == 0, result.output
    assert "heat_health_action_plan" in set(pd.read_csv(starter)["option"])
    result = CliRunner().invoke(app, ["adapt", "criteria"])
    assert result.exit_code == 0 and "equity" in result.output
