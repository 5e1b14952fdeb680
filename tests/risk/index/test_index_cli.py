"""`climateplan risk index | profile | eai | framework`: outputs written in full on good
input, nothing written on bad input (bilingual messages on stderr)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from climateplan.cli.main import app
from climateplan.risk.index.examples import example_path

runner = CliRunner()


@pytest.fixture
def mini_cli(mini_path):
    return str(mini_path)


@pytest.fixture
def inputs(tmp_path, mini_tables):
    table, gridded = mini_tables
    ind = tmp_path / "indicators.csv"
    grid = tmp_path / "gridded.csv"
    table.to_csv(ind, index=False)
    gridded.to_csv(grid, index=False)
    return ind, grid


def test_index_csv_and_json(tmp_path, inputs, mini_cli):
    ind, grid = inputs
    for name in ("out.csv", "out.json"):
        out = tmp_path / name
        result = runner.invoke(
            app,
            [
                "risk",
                "index",
                str(ind),
                "--gridded",
                str(grid),
                "--framework",
                mini_cli,
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.is_file()
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    overall = {row["province"]: row for row in document["overall"]}
    assert overall["TH-50"]["risk"] == pytest.approx(128 ** (1 / 3))
    assert document["missing"][0]["indicator"] == "f_pop"
    assert {"hazards", "sectors", "register", "drivers"} <= set(document)
    assert "TH-50" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_index_bad_input_writes_nothing(tmp_path, mini_cli):
    bad = tmp_path / "bad.csv"
    bad.write_text("province,indicator,value\nTH-99,poverty,abc\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["risk", "index", str(bad), "--framework", mini_cli, "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "ไม่รู้จักจังหวัด" in result.output and "unknown province" in result.output
    assert "is not a number" in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]  # no staging leftovers


def test_bad_framework_writes_nothing(tmp_path, inputs, mini_text, mini_cli):
    ind, _ = inputs
    fw = tmp_path / "fw.yaml"
    fw.write_text(
        mini_text.replace("- {ref: beds, weight: 1}", "- {ref: beds, weight: -1}"), encoding="utf-8"
    )
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["risk", "index", str(ind), "--framework", str(fw), "-o", str(out)])
    assert result.exit_code == 1
    assert "components.care.indicators[0].weight" in result.output
    assert not out.exists()
    check = runner.invoke(app, ["risk", "framework", "--framework", str(fw)])
    assert check.exit_code == 1


EXPECTED_FILES = {
    "profile.json",
    "scores.csv",
    "scores_all_provinces.csv",
    "indicators.csv",
    "register.csv",
    "risk_matrix.csv",
    "expected_annual_impact.csv",
    "map.png",
    "map.html",
    "hazard_scores.png",
    "hazard_scores.html",
    "sector_scores.png",
    "sector_scores.html",
    "risk_matrix.png",
    "risk_matrix.html",
    "hazard_sector.csv",
    "hazard_sector.png",
    "hazard_sector.html",
    "plotly.min.js",
}


def test_profile_writes_every_output(tmp_path, inputs, mini_cli):
    ind, grid = inputs
    out = tmp_path / "profile"
    result = runner.invoke(
        app,
        [
            "risk",
            "profile",
            "--province",
            "เชียงใหม่",
            "--indicators",
            str(ind),
            "--gridded",
            str(grid),
            "--framework",
            mini_cli,
            "--events",
            str(example_path("example_flood_events_th.csv")),
            "--exposure",
            str(example_path("example_exposure_th.csv")),
            "--impact-functions",
            str(example_path("example_impact_functions.csv")),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == EXPECTED_FILES
    profile = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    assert profile["province"]["code"] == "TH-50"
    assert profile["overall"]["risk"] == pytest.approx(128 ** (1 / 3))
    assert profile["overall"]["rank"] == 1
    assert [h["context"] for h in profile["hazards"]] == ["flood", "heat"]
    flood = next(r for r in profile["register"] if r["hazard"] == "flood")
    assert (flood["probability"], flood["consequence"]) == (3, 2)
    assert profile["expected_annual_impact"][0]["province"] == "TH-50"
    for html in out.glob("*.html"):
        text = html.read_text(encoding="utf-8")
        # plotly.js is one file beside the pages (written once per folder, loaded by
        # each page); nothing loaded from a CDN (no http script src, no geo base map)
        assert 'src="plotly.min.js"' in text and 'src="http' not in text
        assert len(text) < 500_000  # plotly.js (about 4.8 MB) is not embedded
        traces = text.split("Plotly.newPlot(", 1)[1].split('"template"', 1)[0]
        assert "choropleth" not in traces and "scattergeo" not in traces
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_profile_bad_input_writes_nothing(tmp_path, inputs, mini_cli):
    ind, grid = inputs
    out = tmp_path / "profile"
    bad = tmp_path / "bad.csv"
    bad.write_text('province,indicator,value\nTH-50,beds,"3,x"\n', encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "risk",
            "profile",
            "--province",
            "TH-50",
            "--indicators",
            str(bad),
            "--gridded",
            str(grid),
            "--framework",
            mini_cli,
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert not out.exists()
    # a province with no values in the inputs
    result = runner.invoke(
        app,
        [
            "risk",
            "profile",
            "--province",
            "TH-83",
            "--indicators",
            str(ind),
            "--framework",
            mini_cli,
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1 and "TH-83" in result.output
    assert not out.exists()


def test_eai_command(tmp_path):
    out = tmp_path / "eai.csv"
    result = runner.invoke(
        app,
        [
            "risk",
            "eai",
            str(example_path("example_flood_events_th.csv")),
            str(example_path("example_exposure_th.csv")),
            str(example_path("example_impact_functions.csv")),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("province,hazard,asset_type")
