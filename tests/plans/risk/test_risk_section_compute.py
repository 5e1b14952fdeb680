"""The risk section's result document, scored by hand with the mini framework
(tests/plans/risk/data/mini_framework.yaml) and the equations of docs/risk/index.md
("Method": 1. scores 0-10, 2. aggregation, 4. per hazard; register levels in
"settings.register" of the framework)."""

from __future__ import annotations

import json

import pytest

from climateplan.errors import InputError
from climateplan.plans.risk import (
    MIN_PROVINCES_FOR_COMPARISON,
    SCHEMA,
    RiskInputs,
    adaptation_context,
    comparison,
    compute,
)


def by_id(records, key="context"):
    return {r[key]: r for r in records}


def test_flood_score_from_two_indicators_by_hand(mini_inputs):
    document = compute(mini_inputs, "TH-50")
    flood = by_id(document["hazards"])["flood"]
    # docs/risk/index.md section 1: s = 10 (x - min) / (max - min), bounds [0, 60]:
    #   f_rain (gridded rx5day 1985-2014 value) 30 mm -> 10 x 30 / 60 = 5.0
    #   f_pop 6 %                                    -> 10 x 6 / 60  = 1.0
    # section 2: the flood component is their weighted mean (weights 1, 1): (5 + 1) / 2 = 3.0
    assert flood["hazard_exposure"] == pytest.approx(3.0)
    # vulnerability: poverty 30 % on [0, 60] -> 5.0
    assert flood["vulnerability"] == pytest.approx(5.0)
    # lack of coping capacity: beds 3.6 on [0, 10], higher is better -> 10 - 3.6 = 6.4
    assert flood["lack_of_coping_capacity"] == pytest.approx(6.4)
    # section 4: Risk_flood = (HE x V x LCC)^(1/3) = (3 x 5 x 6.4)^(1/3) = 96^(1/3) = 4.5789
    assert flood["risk"] == pytest.approx(96 ** (1 / 3))
    assert flood["class"] == "medium"  # 3.5 <= 4.58 < 5.0 (INFORM classes of the framework)
    # drivers (section 5): effective weight x score per dimension: beds 1 x 6.4 = 6.4,
    # poverty 1 x 5.0 = 5.0, f_rain 0.5 x 5.0 = 2.5, f_pop 0.5 x 1.0 = 0.5; two drivers kept
    assert [d["indicator"] for d in flood["drivers"]] == ["beds", "poverty"]
    assert flood["drivers"][0]["contribution"] == pytest.approx(6.4)
    # overall: HE = mean(flood 3.0, heat 30 days on [0, 60] = 5.0) = 4.0;
    # risk = (4 x 5 x 6.4)^(1/3) = 128^(1/3) = 5.0397 -> High (>= 5.0)
    assert document["overall"]["risk"] == pytest.approx(128 ** (1 / 3))
    assert document["summary"]["overall_class"] == "high"


def test_register_level_from_the_scores(mini_inputs):
    document = compute(mini_inputs, "TH-50")
    flood = by_id(document["register"], "hazard")["flood"]
    # probability: the current hazard indicators of flood (role hazard): f_rain 5.0;
    # level = 1 + number of probability_bounds [2, 4, 6, 8] reached: 5.0 reaches 2 and 4 -> 3
    assert flood["probability_score"] == pytest.approx(5.0)
    assert flood["probability"] == 3
    # consequence: geometric mean of exposure (f_pop 1.0), V 5.0 and LCC 6.4:
    # (1 x 5 x 6.4)^(1/3) = 32^(1/3) = 3.17, which reaches only the bound 2 -> level 2
    assert flood["consequence_score"] == pytest.approx(32 ** (1 / 3))
    assert flood["consequence"] == 2
    # P x C = 6: matrix level "medium" (5 <= 6 < 10 in matrix_levels)
    assert flood["risk_level"] == 6
    assert flood["matrix_level"] == "medium"
    cell = [c for c in document["risk_matrix"] if c["probability"] == 3 and c["consequence"] == 2]
    assert "flood" in cell[0]["hazards"]
    assert document["summary"]["high_risks"] == 0  # no entry in the high or very-high level


def test_document_is_json_and_marks_inputs(mini_inputs):
    document = compute(mini_inputs, "TH-50")
    assert document["schema"] == SCHEMA
    assert document["inputs_digest"] == mini_inputs.digest()
    assert document["synthetic"] is False and document["synthetic_notice"] is None
    again = json.loads(json.dumps(document, allow_nan=False))
    assert again["framework"]["id"] == "mini"
    # the section holds one province: no note about the 76 others
    assert not any("no value in any input" in n["en"] for n in document["notes"])
    # districts: rx5day 12 and 48 mm on [0, 60] -> scores 2.0 and 8.0
    rows = by_id(document["districts"]["indicators"][0]["rows"], "district")
    assert rows["TH-5001"]["score"] == pytest.approx(2.0)
    assert rows["TH-5002"]["score"] == pytest.approx(8.0)
    assert rows["TH-5001"]["name_en"] == "Mueang Chiang Mai"


def test_synthetic_flag_gives_the_notice(mini_inputs):
    mini_inputs.synthetic["indicators"] = True
    document = compute(mini_inputs, "TH-50")
    assert document["synthetic"] is True
    assert "SYNTHETIC" in document["synthetic_notice"]["en"]
    assert document["synthetic_notice"]["th"]
    assert document["summary"]["synthetic"] is True


def test_inputs_round_trip_and_fingerprint(mini_inputs):
    again = RiskInputs.from_json(mini_inputs.to_json())
    assert again == mini_inputs
    assert again.digest() == mini_inputs.digest()
    again.indicators[0]["value"] = 7.0
    assert again.digest() != mini_inputs.digest()
    assert RiskInputs.from_json("") == RiskInputs()


def test_no_values_is_refused_in_both_languages():
    with pytest.raises(InputError) as error:
        compute(RiskInputs(), "TH-50")
    problem = error.value.problems[0]
    assert "no indicator values" in problem.message_en
    assert "ไม่มีค่าตัวชี้วัด" in problem.message_th


def test_adaptation_reads_the_stored_document(mini_inputs):
    document = json.loads(json.dumps(compute(mini_inputs, "TH-50")))
    context = adaptation_context(document)
    assert context.code == "TH-50"
    assert context.framework.id == "mini"  # rebuilt from the stored YAML, no file
    assert set(context.register["hazard"]) == {"flood", "heat"}
    assert len(context.matrix) == 25
    with pytest.raises(InputError):
        adaptation_context({"province": {"code": "TH-50"}})


def summary_of(code, overall, flood):
    return {"province": code, "overall_score": overall, "hazard_scores": {"flood": flood}}


def test_comparison_ranks_and_distribution(mini_inputs):
    document = compute(mini_inputs, "TH-50")  # overall 5.04, flood 4.58
    others = [
        summary_of("TH-10", 6.0, 2.0),
        summary_of("TH-20", 3.0, 7.0),
        summary_of("TH-30", 5.5, None),
        summary_of("TH-50", 9.9, 9.9),  # this province's own row is ignored
    ]
    result = comparison(document, others)
    overall = result["measures"]["overall"]
    # scores 6.0, 5.5, 5.04, 3.0 -> TH-50 is third of four
    assert (overall["rank"], overall["of"]) == (3, 4)
    # median of (3.0, 5.04, 5.5, 6.0) = (5.04 + 5.5) / 2
    assert overall["distribution"]["median"] == pytest.approx((128 ** (1 / 3) + 5.5) / 2)
    classes = {c["class"]: c["provinces"] for c in overall["distribution"]["classes"]}
    assert classes == {"very_low": 0, "low": 1, "medium": 0, "high": 3, "very_high": 0}
    flood = result["measures"]["flood"]
    # flood scores 7.0, 4.58, 2.0 (TH-30 has none) -> second of three
    assert (flood["rank"], flood["of"]) == (2, 3)
    assert result["provinces"] == 4
    assert MIN_PROVINCES_FOR_COMPARISON > 4
    assert result["enough"] is False
    assert result["note"]["en"].startswith("Only 4 province(s)")
    assert result["note"]["th"]


def test_district_scores_on_the_shipped_framework_bounds():
    from climateplan.plans.risk.document import district_values
    from climateplan.risk.index.framework import load_framework

    from .conftest import gridded_row

    inputs = RiskInputs(
        gridded=[
            gridded_row("tx_days_above_35", 30.0, district="TH-5001"),
            gridded_row("tx_days_above_35", 75.0, district="TH-5002"),
            gridded_row("tx_days_above_35", 200.0, district="TH-5003"),
        ]
    )
    values = district_values(inputs, load_framework(), "TH-50")
    [hot] = values["indicators"]
    assert hot["indicator"] == "tx35_days_current"
    # tx35_days_current: linear on [0, 150] days (docs/risk/index.md): 30 -> 10 x 30 / 150
    # = 2.0; 75 -> 5.0; 200 is clipped to 150 -> 10.0
    assert [r["score"] for r in hot["rows"]] == pytest.approx([2.0, 5.0, 10.0])
    assert [r["value"] for r in hot["rows"]] == [30.0, 75.0, 200.0]
