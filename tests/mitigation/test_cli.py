"""`climateplan plan ...`: outputs written whole, nothing written on bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from climateplan.cli.main import app
from climateplan.inventory import compute_inventory, read_activity
from climateplan.inventory.export import write_json
from tests.mitigation.test_integration import ACTIVITY

runner = CliRunner()
META = ["--province", "TH-50", "--year", "2022", "--gwp", "AR5"]
DRIVERS = "driver,year,value,growth_pct\npopulation,2022,1200000,0.5\nvehicle_stock,2022,,2\n"
MEASURES = (
    "id,from_library,kind,subsector,method,activity,effect_pct,uptake_pct,start_year,ramp_years,"
    "order,status\n"
    "awd,awd_rice,,,,,,30,,,,existing\n"
    "solar,rooftop_solar_residential,,,,,,15,,,,planned\n"
    "led,,intensity,I.1,electricity,,40,20,2026,3,55,proposed\n"
)
PLAN_FILES = {
    "plan.json",
    "totals.csv",
    "by_sector.csv",
    "by_subsector.csv",
    "by_scope.csv",
    "by_gas.csv",
    "measures.csv",
    "measure_impacts.csv",
    "targets.csv",
    "gap.csv",
    "gap_contributions.csv",
    "macc.csv",
    "drivers.csv",
    "lines.csv",
}
CHART_FILES = {
    "emissions_by_sector.png",
    "wedges.png",
    "macc.png",
    "emissions_by_sector_en.png",
    "wedges_en.png",
    "macc_en.png",
    "charts.html",
}


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "activity.csv").write_text(ACTIVITY, encoding="utf-8")
    (tmp_path / "drivers.csv").write_text(DRIVERS, encoding="utf-8")
    (tmp_path / "measures.csv").write_text(MEASURES, encoding="utf-8")
    return tmp_path


def test_project_writes_json_and_csv(inputs):
    out = inputs / "bau.json"
    args = [
        "plan",
        "project",
        str(inputs / "activity.csv"),
        "--drivers",
        str(inputs / "drivers.csv"),
    ]
    result = runner.invoke(app, [*args, "--to", "2573", "-o", str(out), *META])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "climateplan.projection/1"
    assert doc["end_year"] == 2030  # 2573 BE
    assert len(doc["totals"]) == 9
    result = runner.invoke(app, [*args, "--to", "2030", "-o", str(inputs / "bau.csv"), *META])
    assert result.exit_code == 0, result.output
    assert "activity_index" in (inputs / "bau.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def run_scenario(inputs, out, *options):
    """`climateplan plan scenario` on the fixture's inventory, drivers and measures."""
    return runner.invoke(
        app,
        [
            "plan",
            "scenario",
            "--inventory",
            str(inputs / "activity.csv"),
            "--drivers",
            str(inputs / "drivers.csv"),
            "--measures",
            str(inputs / "measures.csv"),
            *options,
            "-o",
            str(out),
            *META,
        ],
    )


def test_scenario_writes_every_table_and_chart(inputs):
    out = inputs / "plan"
    result = run_scenario(
        inputs,
        out,
        "--library",
        "biogas_pig_farms",
        "--target",
        "bau:30@2030",
        "--target",
        "ndc",
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == PLAN_FILES | CHART_FILES
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "climateplan.plan/1"
    assert [s["name"] for s in doc["scenarios"]] == ["bau", "existing", "planned", "proposed"]
    assert doc["scenarios"][-1]["measures"] == ["solar", "led", "biogas_pig_farms", "awd"]
    html = (out / "charts.html").read_text(encoding="utf-8")
    # Plotly's JavaScript is embedded: no script is loaded from elsewhere (offline)
    assert '<script src="http' not in html and "plotly.js" in html.lower()
    assert len(html) > 1_000_000
    # bilingual titles of the three charts (Plotly escapes "/" in its JSON: check each half;
    # with or without orjson installed, Thai may be written as \uXXXX escapes)
    for title in (
        "การปล่อยก๊าซเรือนกระจกรายสาขา",
        "Emissions by sector",
        "มาตรการลดก๊าซเรือนกระจกระหว่างกรณีปกติและแผน",
        "Reduction measures between BAU and the plan",
        "เส้นต้นทุนส่วนเพิ่มของการลดก๊าซเรือนกระจก",
        "Marginal abatement cost curve",
    ):
        assert title in html or json.dumps(title)[1:-1] in html
    assert (out / "macc.png").read_bytes()[:4] == b"\x89PNG"


def test_bad_inputs_all_reported_and_nothing_written(inputs):
    (inputs / "drivers.csv").write_text(
        "driver,year,value,growth_pct\npopulation,2022,-5,\nvehicle_stock,2022,,2\n"
        "rice_area,2022,100,\nrice_area,2026,,\n",
        encoding="utf-8",
    )
    (inputs / "measures.csv").write_text(
        MEASURES
        + "pigs_again,biogas_pig_farms,,,,,,120,,,,planned\n"
        + "buses,,activity,II.4,,,10,10,2025,1,,planned\n"
        + "twin,,intensity,I.1,electricity,,10,10,2025,1,,planned\n",
        encoding="utf-8",
    )
    out = inputs / "plan"
    result = run_scenario(inputs, out, "--target", "bau:30@2020")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    # drivers: negative value (row 2), blank row = gap (row 5); measures: uptake above 100 %
    # (row 5); the file's problems all at once, in Thai and English
    assert "drivers.csv" in text and "measures.csv" in text
    assert "row 2, column value" in text and "row 5, column value" in text
    assert "row 5, column uptake_pct" in text
    # and, in the same run, what only the inventory can tell: a measure on no line, measures
    # overlapping without an order, a target year before the base year
    assert "'buses' targets lines that do not exist" in text
    assert "'twin'" in text and "give both an order" in text
    assert "target year 2020 is not after the base year 2022" in text
    assert "ไม่มีการเขียนไฟล์ผลลัพธ์ / no output was written" in text
    assert not out.exists()


def test_console_gap_is_the_gap_of_gap_csv_on_each_targets_basis(inputs, monkeypatch):
    from climateplan.cli._common import console

    monkeypatch.setattr(console, "width", 250)
    out = inputs / "plan"
    result = run_scenario(
        inputs,
        out,
        "--basis",
        "basic",
        "--target",
        "bau:30@2030",
        "--target",
        "plus=bau:30@2030,basis=basic_plus",
        "--no-charts",
    )
    assert result.exit_code == 0, result.output
    import pandas as pd

    gap = pd.read_csv(out / "gap.csv", encoding="utf-8-sig")
    gap = gap.loc[(gap["year"] == 2030) & (gap["scenario"] == "bau")].set_index("target")
    assert gap.loc["target", "basis"] == "basic" and gap.loc["plus", "basis"] == "basic_plus"
    lines = result.stdout.splitlines()
    for name, basis in (("target", "basic"), ("plus", "basic_plus")):
        row = next(r for r in lines if f"{name} ({basis})" in r)
        # the first number of the row is the BAU column
        assert f"{gap.loc[name, 'gap']:,.0f}" in row.split("│")[2]


def test_measure_problems_found_against_the_inventory(inputs):
    (inputs / "measures.csv").write_text(
        MEASURES
        + "buses,,activity,II.4,,,10,10,2025,1,,planned\n"
        + "twin,,intensity,I.1,electricity,,10,10,2025,1,,planned\n",
        encoding="utf-8",
    )
    out = inputs / "plan"
    result = run_scenario(inputs, out, "--target", "bau:30@2020")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "'buses' targets lines that do not exist" in text  # no aviation line
    assert "'twin'" in text and "give both an order" in text  # overlaps 'solar' and 'led'
    assert "target year 2020 is not after the base year 2022" in text
    assert not out.exists()


def test_measures_list_macc_calibrate_and_rollup(inputs):
    result = runner.invoke(app, ["plan", "measures", "list", "--format", "csv"])
    assert (
        result.exit_code == 0 and "awd_rice" in result.output and "source_effect" in result.output
    )
    result = runner.invoke(
        app,
        [
            "plan",
            "macc",
            "--inventory",
            str(inputs / "activity.csv"),
            "--drivers",
            str(inputs / "drivers.csv"),
            "--measures",
            str(inputs / "measures.csv"),
            "--at",
            "2030",
            "-o",
            str(inputs / "macc"),
            *META,
        ],
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in (inputs / "macc").iterdir()} == {
        "macc.csv",
        "macc.png",
        "macc_en.png",
        "macc.html",
    }
    plans = []
    for province in ("TH-50", "TH-57"):
        out = inputs / province
        meta = ["--province", province, "--year", "2022", "--gwp", "AR5"]
        result = runner.invoke(
            app,
            [
                "plan",
                "scenario",
                "--inventory",
                str(inputs / "activity.csv"),
                "--drivers",
                str(inputs / "drivers.csv"),
                "--measures",
                str(inputs / "measures.csv"),
                "--no-charts",
                "-o",
                str(out),
                *meta,
            ],
        )
        assert result.exit_code == 0, result.output
        plans.append(str(out / "plan.json"))
    result = runner.invoke(app, ["plan", "rollup", *plans, "-o", str(inputs / "nation")])
    assert result.exit_code == 0, result.output
    assert (inputs / "nation" / "rollup.png").read_bytes()[:4] == b"\x89PNG"
    assert "of 77 provinces rolled up" in " ".join(result.output.split())
    gap = (inputs / "nation" / "rollup_gap.csv").read_text(encoding="utf-8-sig")
    assert "ndc_unconditional" in gap and "ndc_conditional" in gap
    # two identical provinces: the national BAU is twice one province's
    one = json.loads((inputs / "TH-50" / "plan.json").read_text(encoding="utf-8"))
    bau_2030 = next(
        r["basic_plus"]
        for r in one["tables"]["totals"]
        if r["scenario"] == "bau" and r["year"] == 2030
    )
    nation = json.loads((inputs / "nation" / "rollup.json").read_text(encoding="utf-8"))
    total = next(
        r["emissions"] for r in nation["totals"] if r["scenario"] == "bau" and r["year"] == 2030
    )
    assert total == pytest.approx(2 * bau_2030)
    history = inputs / "history.csv"
    history.write_text(ACTIVITY.replace("100000,L", "90000,L"), encoding="utf-8")
    args = [
        "plan",
        "calibrate",
        str(inputs / "activity.csv"),
        "--history",
        str(history),
        "--drivers",
        str(inputs / "drivers.csv"),
        "-o",
        str(inputs / "calibration"),
    ]
    # a CSV history carries no province/year: its problems are reported, nothing written
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "no province" in result.output
    assert not (inputs / "calibration").exists()
    # inventory results (JSON) carry their year: the fit is written
    data = read_activity(history, province="TH-50", year=2019, gwp="AR5")
    write_json(compute_inventory(data), inputs / "history_2019.json")
    data = read_activity(inputs / "activity.csv", province="TH-50", year=2022, gwp="AR5")
    write_json(compute_inventory(data), inputs / "base_2022.json")
    (inputs / "drivers.csv").write_text(DRIVERS.replace("2022", "2019"), encoding="utf-8")
    args[2] = str(inputs / "base_2022.json")
    args[4] = str(inputs / "history_2019.json")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    metrics = (inputs / "calibration" / "calibration_metrics.csv").read_text(encoding="utf-8-sig")
    assert metrics.splitlines()[0].startswith("sector,years,mape")
