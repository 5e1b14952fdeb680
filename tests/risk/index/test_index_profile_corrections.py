"""Synthetic labelling, provinces without data, hazards that cannot occur in a province,
and the hazard x NAP sector table.

Scores of the mini framework (tests/risk/index/data/mini_framework.yaml, conftest
``mini_tables``), province TH-50, each 10 (x - min) / (max - min) (docs/risk/index.md,
section 1): f_rain 30 on [0, 60] -> 5.0 (gridded), f_pop 6 -> 1.0, h_days 30 -> 5.0,
poverty 30 -> 5.0, beds 3.6 on [0, 10] higher-is-better -> 10 - 3.6 = 6.4.
Aggregation (section 2): weighted arithmetic means, risk = (HE x V x LCC)^(1/3).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from climateplan.cli.main import app
from climateplan.risk.index.examples import EXAMPLE_GRIDDED, EXAMPLE_INDICATORS, example_path
from climateplan.risk.index.framework import load_framework, province_set
from climateplan.risk.index.scoring import hazard_sector_scores
from climateplan.risk.profile import build_profile, run_index, write_profile

runner = CliRunner()


@pytest.fixture
def mini_heat_in_bangkok_only(tmp_path, mini_text):
    """The mini framework with heat limited to Bangkok (TH-10)."""
    text = mini_text.replace(
        "    nap_sectors: [public_health]\n",
        "    nap_sectors: [public_health]\n    occurs_in: [TH-10]\n",
        1,
    )
    assert "occurs_in" in text
    path = tmp_path / "mini_heat_bkk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_hazard_that_cannot_occur_is_not_scored_zero(mini_heat_in_bangkok_only, mini_tables):
    table, gridded = mini_tables
    run = run_index(mini_heat_in_bangkok_only, table, gridded)
    scores = run.result.scores
    th50 = scores[(scores["province"] == "TH-50") & (scores["context_kind"] == "overall")]
    node = th50.set_index("node")
    # heat cannot occur in TH-50: the hazards category is the flood component alone,
    # mean(5.0, 1.0) = 3.0 (with heat it would be mean(3.0, 5.0) = 4.0)
    assert node.loc["hazards", "score"] == pytest.approx(3.0)
    assert node.loc["heat", "status"] == "not_applicable"
    # risk = (3.0 x 5.0 x 6.4)^(1/3) = 96^(1/3) = 4.5789
    assert node.loc["risk", "score"] == pytest.approx(96 ** (1 / 3))
    hazards = run.result.table("hazard")
    heat = hazards[(hazards["province"] == "TH-50") & (hazards["context"] == "heat")]
    assert heat["status"].iloc[0] == "not_applicable" and heat["risk"].isna().all()
    # not in the register, so not in the matrix
    register = run.register.for_province("TH-50")
    assert list(register["hazard"]) == ["flood"]
    assert list(run.register.for_province("TH-10")["hazard"]) == ["flood", "heat"]
    # h_days of TH-50 would not be reported missing either
    assert not ((run.result.missing["province"] == "TH-50") & (
        run.result.missing["indicator"] == "h_days")).any()  # fmt: skip


def test_coastal_provinces_reference_data():
    coastal = province_set("coastal_provinces")
    # DMCR: 23 coastal provinces, Bangkok included; Chiang Mai (TH-50) is inland
    assert len(coastal) == 23 and "TH-10" in coastal and "TH-83" in coastal
    assert "TH-50" not in coastal
    fw = load_framework()
    assert fw.hazards["coastal"].provinces == coastal


def test_chiang_mai_profile_has_no_coastal_hazard(tmp_path):
    profile = build_profile(
        "TH-50",
        indicators=example_path(EXAMPLE_INDICATORS),
        gridded=example_path(EXAMPLE_GRIDDED),
    )
    assert "coastal" not in set(profile.register()["hazard"])
    assert "coastal" not in ",".join(profile.matrix["hazards"])
    assert "coastal" not in set(profile.context_table("hazard")["context"])
    # the climate-hazards category is the mean of the five components that apply
    # (weights 1, docs/risk/index.md section 2), not of six with coastal at 0
    overall = profile.scores()[profile.scores()["context_kind"] == "overall"].set_index("node")
    five = ["flood", "drought", "heat", "storm", "landslide"]
    expected = sum(overall.loc[c, "score"] for c in five) / 5
    assert overall.loc["climate_hazards", "score"] == pytest.approx(expected)
    assert overall.loc["coastal", "status"] == "not_applicable"
    phuket = build_profile(
        "TH-83",
        indicators=example_path(EXAMPLE_INDICATORS),
        gridded=example_path(EXAMPLE_GRIDDED),
    )
    assert "coastal" in set(phuket.register()["hazard"])


def test_hazard_sector_scores_by_hand(mini_path, mini_tables):
    table, gridded = mini_tables
    run = run_index(mini_path, table, gridded)
    hs = hazard_sector_scores(run.result)
    th50 = hs[hs["province"] == "TH-50"].set_index(["hazard", "sector"])
    # flood x water: HE = mean(f_rain 5.0, f_pop 1.0) = 3.0, V = poverty 5.0,
    # LCC = beds 6.4: (3 x 5 x 6.4)^(1/3) = 96^(1/3) = 4.579
    assert th50.loc[("flood", "water"), "risk"] == pytest.approx(96 ** (1 / 3))
    assert bool(th50.loc[("flood", "water"), "linked"])
    # heat x public health: HE = h_days 5.0, V 5.0, LCC 6.4: 160^(1/3) = 5.429 -> High
    assert th50.loc[("heat", "public_health"), "risk"] == pytest.approx(160 ** (1 / 3))
    assert th50.loc[("heat", "public_health"), "class"] == "high"
    # no flood indicator is tagged public health, no heat indicator water: not applicable
    assert th50.loc[("flood", "public_health"), "status"] == "not_applicable"
    assert pd.isna(th50.loc[("heat", "water"), "risk"])


def test_profile_outputs_are_labelled_synthetic(tmp_path):
    # the example tables passed as ordinary inputs (no --example): still synthetic
    out = tmp_path / "cm"
    result = runner.invoke(
        app,
        [
            "risk",
            "profile",
            "--province",
            "TH-50",
            "--indicators",
            str(example_path(EXAMPLE_INDICATORS)),
            "--gridded",
            str(example_path(EXAMPLE_GRIDDED)),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    assert document["synthetic_inputs"] is True
    assert "SYNTHETIC" in document["data_notice"]["en"]
    for name in ("scores.csv", "register.csv", "risk_matrix.csv", "hazard_sector.csv"):
        frame = pd.read_csv(out / name, encoding="utf-8-sig")
        assert frame["synthetic_inputs"].all(), name
    indicators = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig")
    gridded = indicators[indicators["value_from"] == "gridded"]
    assert gridded["synthetic"].all()
    assert not gridded["source"].str.contains("CMIP6").any()
    assert gridded["source"].str.startswith("SYNTHETIC").all()
    for html in out.glob("*.html"):
        assert "SYNTHETIC DATA" in html.read_text(encoding="utf-8"), html.name
    # the hazard x sector heat-map is written in both forms
    assert (out / "hazard_sector.png").read_bytes()[:4] == b"\x89PNG"


def test_real_inputs_are_not_labelled_synthetic(tmp_path, mini_path, mini_tables):
    table, gridded = mini_tables
    profile = build_profile("TH-50", mini_path, table, gridded)
    assert profile.synthetic_inputs is False
    write_profile(profile, tmp_path / "p")
    register = pd.read_csv(tmp_path / "p" / "register.csv", encoding="utf-8-sig")
    assert not register["synthetic_inputs"].any()


def test_provinces_without_data_are_reported(mini_path, mini_tables):
    table, gridded = mini_tables
    # TH-20 named with every value blank: in the inputs, no score
    blank = pd.DataFrame(
        [("TH-20", ind, "") for ind in ("f_pop", "h_days", "poverty", "beds")],
        columns=["province", "indicator", "value"],
    )
    run = run_index(mini_path, pd.concat([table, blank], ignore_index=True), gridded)
    notes = [n.message_en for n in run.result.notes]
    th_notes = [n.message_th for n in run.result.notes]
    # 77 provinces - 3 in the inputs (TH-10, TH-20, TH-50) = 74 absent
    assert any(n.startswith("74 province(s) have no value in any input") for n in notes)
    assert any("TH-20 (" in n and "get no risk score" in n for n in notes)
    assert any("ไม่มีคะแนนความเสี่ยง" in n and "TH-20" in n for n in th_notes)
