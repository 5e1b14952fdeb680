"""The adaptation section's core adapter, checked by hand on Chiang Mai's register
(synthetic example inputs): drought 4 x 3 = 12 (high), heat 4 x 2 = 8 (medium),
flood 2 x 2 = 4 (low). The engine's own MCA and economics tests cover the methods;
these check that the plan's actions, budget lines, weights and settings reach the
engine as documented (docs/adaptation.md: "Normalisation and aggregation", "Economic
view", "Coverage and residual risk") and that the document and summary carry them."""

from __future__ import annotations

import pytest

from climateplan.errors import InputError
from climateplan.plans.adaptation import (
    SCHEMA,
    AdaptationInputs,
    check_action,
    checklist,
    compute,
)
from climateplan.plans.checklist import missing
from climateplan.plans.risk import adaptation_context
from tests.plans.adaptation.example import risk_document

# weights 2 : 1 : 1 on three built-in criteria; top 1 for the sensitivity
INPUTS = AdaptationInputs(
    weights_preset="custom",
    weights={"risk": 2, "effectiveness": 1, "cost": 1},
    top=1,
    samples=2000,
)


def action(code, hazard, effectiveness, capital, start, *, budget=None, **data):
    return {
        "code": code,
        "name_th": f"มาตรการ {code}",
        "name_en": f"Action {code}",
        "owner_agency": "PNREO",
        "co_agencies": [],
        "start_year": start,
        "end_year": start + 1,
        "budget": budget
        if budget is not None
        else [{"fiscal_year": start, "amount": capital, "kind": "capital", "source": "provincial"}],
        "data": {
            "hazards": [hazard],
            "sectors": ["agriculture"],
            "type": "structural",
            "lifetime_years": 10,
            "effectiveness": effectiveness,
            "feasibility_technical": 3,
            "feasibility_institutional": 3,
            "co_benefits_score": 3,
            **data,
        },
    }


def three_actions() -> list[dict]:
    ponds = action(
        "A1",
        "drought",
        4,
        1_000_000,
        2026,
        budget=[
            {"fiscal_year": 2026, "amount": 1_000_000, "kind": "capital", "source": "provincial"},
            {"fiscal_year": 2026, "amount": 50_000, "kind": "operating", "source": "local"},
            {"fiscal_year": 2027, "amount": 50_000, "kind": "operating", "source": "local"},
        ],
        likelihood_reduction=1,
        consequence_reduction=1,
        avoided_eai_thb_per_year=200_000,
    )
    heat = action("A2", "heat", 5, 100_000, 2026, sectors=["public_health"], type="policy")
    heat["budget"][0]["source"] = "environment_fund"
    warning = action("A3", "flood", 3, 100_000_000, 2027, type="early_warning")
    warning["budget"][0]["source"] = "ministry"
    return [ponds, heat, warning]


@pytest.fixture(scope="module")
def document():
    return compute(risk_document("TH-50"), INPUTS, three_actions())


def test_ranking_and_scores_by_hand(document):
    # docs/adaptation.md, normalisation on fixed scales; score = 100 sum w n / sum w, w = 2:1:1
    # risk 1-25 linear: drought 12 -> 11/24; heat 8 -> 7/24; flood 4 -> 3/24
    # effectiveness 1-5 linear: 4 -> 0.75; 5 -> 1; 3 -> 0.5
    # cost: PV of cost = capital (in the start year, no running cost after it) on the log
    # scale 1e5-1e9, lower better: 1e6 -> 1 - (6-5)/4 = 0.75; 1e5 -> 1; 1e8 -> 1 - 3/4 = 0.25
    a1 = 100 * (2 * 11 / 24 + 0.75 + 0.75) / 4  # 60.4167
    a2 = 100 * (2 * 7 / 24 + 1 + 1) / 4  # 64.5833
    a3 = 100 * (2 * 3 / 24 + 0.5 + 0.25) / 4  # 25.0
    scores = {r["code"]: r["score"] for r in document["priority"]}
    assert scores == pytest.approx({"A1": a1, "A2": a2, "A3": a3})
    assert [(r["code"], r["rank"]) for r in document["priority"]] == [
        ("A2", 1),
        ("A1", 2),
        ("A3", 3),
    ]
    # the points per criterion add up to the score: A2 risk 100 x 2 x 7/24 / 4 = 14.583
    a2_row = next(r for r in document["priority"] if r["code"] == "A2")
    assert a2_row["risk_points"] == pytest.approx(100 * 2 * 7 / 24 / 4)
    assert document["summary"]["top_actions"][0]["code"] == "A2"


def test_sensitivity_top_one_is_stable_by_hand(document):
    # A2 - A1 with each weight times (1 + u), |u| <= 0.2 (the default spread):
    # 2(1+u1)(7/24 - 11/24) + (1+u2)(1 - 0.75) + (1+u3)(1 - 0.75)
    # = 1/6 - u1/3 + u2/4 + u3/4 >= 1/6 - 0.2/3 - 0.2/4 - 0.2/4 = 0: A2 stays first
    sens = {r["code"]: r for r in document["sensitivity"]}
    assert sens["A2"]["p_top"] == pytest.approx(1.0)
    assert sens["A1"]["p_top"] == pytest.approx(0.0)
    assert sens["A3"]["p_top"] == pytest.approx(0.0)
    assert document["settings"]["sensitivity"]["top"] == 1


def test_costs_by_year_source_and_total_by_hand(document):
    # budget lines: A1 1,000,000 capital + 2 x 50,000 running; A2 100,000; A3 100,000,000
    assert document["summary"]["budget_total_thb"] == pytest.approx(101_200_000)
    by_year = {r["fiscal_year"]: r["total_thb"] for r in document["cost_by_year"]}
    # 2026: 1,000,000 + 50,000 + 100,000; 2027: 50,000 + 100,000,000
    assert by_year == pytest.approx({2026: 1_150_000, 2027: 100_050_000})
    by_source = {r["source"]: r["total_thb"] for r in document["cost_by_source"]}
    assert by_source == pytest.approx(
        {
            "provincial": 1_000_000,
            "local": 100_000,
            "environment_fund": 100_000,
            "ministry": 100_000_000,
        }
    )
    # fiscal years in Buddhist Era beside them: 2026 + 543
    assert {r["fiscal_year_be"] for r in document["cost_by_year"]} == {2569, 2570}


def test_economics_of_a_quantified_benefit_by_hand(document):
    # docs/adaptation.md, Economic view, r = 9 % (default), L = 10:
    # annuity = (1 - 1.09^-10) / 0.09 = (1 - 0.422411) / 0.09 = 6.417658
    # PV(cost) = 1,000,000 (capital in the start year, running 0 after it)
    # PV(benefit) = 200,000 x 6.417658 = 1,283,532; BCR = 1.2835; NPV = 283,532
    e = {r["code"]: r for r in document["economics"]}["A1"]
    annuity = (1 - 1.09**-10) / 0.09
    assert e["annuity_factor"] == pytest.approx(annuity)
    assert e["pv_cost_thb"] == pytest.approx(1_000_000)
    assert e["bcr"] == pytest.approx(200_000 * annuity / 1_000_000)
    assert e["npv_thb"] == pytest.approx(200_000 * annuity - 1_000_000)
    assert not {r["code"]: r for r in document["economics"]}["A2"]["benefit_quantified"]


def test_coverage_residual_and_gcom(document):
    cover = {c["hazard"]: c for c in document["coverage"]}
    assert cover["drought"]["status"] == "covered" and cover["drought"]["actions"] == "A1"
    assert cover["heat"]["status"] == "covered" and not cover["heat"]["priority"]  # medium
    assert cover["storm"]["status"] == "not_required"  # low, no action: below the priority levels
    assert document["summary"]["high_risks_total"] == 1
    assert document["summary"]["high_risks_covered"] == 1
    # residual: drought 4 x 3 lowered by A1's (1, 1) -> 3 x 2 = 6, medium (5-9)
    residual = {r["hazard"]: r for r in document["residual_register"]}["drought"]
    assert (residual["residual_probability"], residual["residual_consequence"]) == (3, 2)
    assert residual["residual_matrix_level"] == "medium"
    gcom = {g["Action ID"]: g for g in document["gcom"]}
    assert gcom["A1"]["Total cost (THB, plan period)"] == pytest.approx(1_100_000)
    assert gcom["A1"]["Funding source"]  # the CRF category of the provincial budget
    assert document["schema"] == SCHEMA
    assert document["synthetic"] is True


def test_uncovered_high_risk_without_a_reason_is_a_blocking_checklist_item():
    risk = risk_document("TH-50")
    without_drought = three_actions()[1:]
    document = compute(risk, INPUTS, without_drought)
    assert document["summary"]["high_risks_covered"] == 0
    items = checklist(INPUTS, document, risk)
    item = next(i for i in items if i.key == "coverage:drought")
    assert item.blocking and not item.done
    assert item in missing(items)
    reasoned = AdaptationInputs.from_json(
        INPUTS.to_json()
        | {
            "reasons": [
                {
                    "hazard": "drought",
                    "reason_en": "Covered by the national drought programme",
                    "reason_th": "อยู่ในแผนงานภัยแล้งระดับประเทศ",
                }
            ]
        }
    )
    document = compute(risk, reasoned, without_drought)
    items = checklist(reasoned, document, risk)
    assert next(i for i in items if i.key == "coverage:drought").done
    assert not [i for i in missing(items) if i.key.startswith("coverage")]


def test_checklist_without_risk_result_or_actions():
    items = checklist(None, None, None)
    keys = {i.key: i for i in missing(items)}
    assert {"risk_result", "actions", "computed"} <= set(keys)


def test_bad_action_gives_every_problem_located_and_bilingual():
    context = adaptation_context(risk_document("TH-50"))
    bad = action(
        "B1",
        "coastal",  # a hazard absent from Chiang Mai's register (inland province)
        4,
        1_000,
        2026,
        budget=[{"fiscal_year": 2026, "amount": -10, "kind": "capital", "source": "provincial"}],
        sectors=["water", "space"],
        type="teleport",
    )
    bad["owner_agency"] = "NOSUCH"
    bad["data"]["hazards"].append("volcano")
    problems = check_action(bad, context, measures=[])
    where = {(p.sheet, p.column) for p in problems}
    assert ("actions", "hazards") in where
    assert ("actions", "sectors") in where
    assert ("actions", "type") in where
    assert ("actions", "lead_agency") in where
    assert ("budget", "capital_thb") in where
    texts = " ".join(p.message_en for p in problems)
    for found in ("coastal", "volcano", "space", "teleport", "NOSUCH"):
        assert found in texts
    assert all(p.message_th and p.message_en for p in problems)
    assert all(p.row == 2 for p in problems)  # the first row after the header
    assert any("B1" in p.message_en and "B1" in p.message_th for p in problems)


def test_linked_reduction_measure_must_be_one_of_the_plan():
    context = risk_document("TH-50")  # the stored risk document itself
    linked = action("L1", "drought", 4, 10_000, 2026, mitigation_measure="AG-01")
    problems = check_action(linked, context, measures=["EN-01"])
    assert [(p.column, p.value) for p in problems] == [("mitigation_measure", "AG-01")]
    assert check_action(linked, context, measures=["AG-01", "EN-01"]) == []


def test_weights_summing_to_zero_and_bad_settings_are_refused():
    inputs = AdaptationInputs(
        weights_preset="custom",
        weights={"risk": 0, "cost": 0},
        discount_rate_pct=-150,
        samples=1.5,
    )
    with pytest.raises(InputError) as caught:
        compute(risk_document("TH-50"), inputs, three_actions())
    where = {(p.sheet, p.column) for p in caught.value.problems}
    assert ("weights", "weight") in where
    assert ("settings", "discount_rate_pct") in where
    assert ("settings", "samples") in where
    zero = next(p for p in caught.value.problems if p.sheet == "weights")
    assert "sum to zero" in zero.message_en and "ผลรวมของน้ำหนักเป็นศูนย์" in zero.message_th


def test_province_criterion_is_scored_from_the_action(document):
    inputs = AdaptationInputs(
        weights_preset="custom",
        weights={"effectiveness": 1},
        province_criteria=[
            {"id": "fit", "en": "Fit", "th": "ความสอดคล้อง", "min": 1, "max": 5, "weight": 1}
        ],
        samples=100,
    )
    actions = three_actions()
    for a, fit in zip(actions, (5, 1, 3), strict=True):
        a["data"]["criteria"] = {"fit": fit}
    doc = compute(risk_document("TH-50"), inputs, actions)
    # score = 100 (n_eff + n_fit) / 2: A1 (0.75 + 1) / 2 = 87.5; A2 (1 + 0) / 2 = 50;
    # A3 (0.5 + 0.5) / 2 = 50
    scores = {r["code"]: r["score"] for r in doc["priority"]}
    assert scores == pytest.approx({"A1": 87.5, "A2": 50.0, "A3": 50.0})
    del actions[0]["data"]["criteria"]
    with pytest.raises(InputError) as caught:
        compute(risk_document("TH-50"), inputs, actions)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "fit")]
