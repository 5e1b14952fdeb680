"""The risk section's handler: computes the stored inputs through the risk section core,
no result (with the reason) until there is data, a refused framework saves nothing, and
the checklist comes from the core."""

from __future__ import annotations

from pathlib import Path

import pytest

from climateplan.errors import InputError
from climateplan.plans.risk import RiskInputs
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.handler_risk import HANDLER
from climateplan.plans.web.models import Plan

MINI = Path(__file__).parents[1] / "risk" / "data" / "mini_framework.yaml"


def risk_section(plan):
    return plan.sections.get(kind="risk")


def write(plan, user, inputs: RiskInputs):
    section = risk_section(plan)
    fresh = Plan.objects.get(pk=plan.pk)
    return services.write_section(
        plan_access_for(user),
        user,
        section,
        expected_revision=fresh.revision,
        inputs=inputs.to_dict(),
    )


def indicator(name, value, year="2022"):
    return {
        "province": "TH-50",
        "indicator": name,
        "value": value,
        "year": year,
        "source": "test",
        "synthetic": False,
    }


def grid(index, value):
    return {
        "province": "TH-50",
        "district": "",
        "index": index,
        "unit": "mm",
        "period": "1985-2014",
        "scenario": "historical",
        "value": value,
        "baseline": value,
        "change": 0.0,
        "change_pct": 0.0,
        "spread_low": value,
        "spread_high": value,
        "n_models": 1,
        "years_dropped_pct": 0.0,
        "synthetic": False,
    }


def test_flood_score_of_two_indicators_worked_by_hand(plan, users):
    """docs/risk/index.md, "Method", with the bounds of the mini framework
    (tests/plans/risk/data/mini_framework.yaml, every bound [0, 60] except beds [0, 10])."""
    inputs = RiskInputs(
        framework_yaml=MINI.read_text(encoding="utf-8"),
        framework_name="mini_framework.yaml",
        indicators=[
            indicator("f_pop", 12.0),
            indicator("h_days", 45.0),
            indicator("poverty", 15.0, "2021"),
            indicator("beds", 2.0),
        ],
        gridded=[grid("rx5day", 48.0)],
    )
    section = write(plan, users["editor"], inputs)
    document = section.result
    flood = next(h for h in document["hazards"] if h["context"] == "flood")
    # section 1, s = 10 (x - min) / (max - min):
    #   f_rain (gridded rx5day 1985-2014 value) 48 mm on [0, 60] -> 10 x 48 / 60 = 8.0
    #   f_pop 12 % on [0, 60]                                    -> 10 x 12 / 60 = 2.0
    # section 2: the flood component is the mean of its two indicators (weights 1, 1):
    #   HE_flood = (8.0 + 2.0) / 2 = 5.0
    assert flood["hazard_exposure"] == pytest.approx(5.0)
    # vulnerability: poverty 15 % on [0, 60] -> 2.5
    assert flood["vulnerability"] == pytest.approx(2.5)
    # lack of coping capacity: beds 2.0 on [0, 10], higher is better -> 10 - 2.0 = 8.0
    assert flood["lack_of_coping_capacity"] == pytest.approx(8.0)
    # section 4: Risk_flood = (HE x V x LCC)^(1/3) = (5.0 x 2.5 x 8.0)^(1/3) = 100^(1/3)
    #   = 4.6416, class medium (3.5 <= 4.64 < 5.0)
    assert flood["risk"] == pytest.approx(4.641588833612779)
    assert flood["class"] == "medium"
    # the summary kept on the section for lists and the comparison is the document's
    heat = 10 * 45 / 60  # 7.5
    # overall HE = mean(flood 5.0, heat 7.5) = 6.25; risk = (6.25 x 2.5 x 8)^(1/3) = 125^(1/3) = 5
    assert section.summary["overall_score"] == pytest.approx(5.0)
    assert section.summary["hazard_scores"]["heat"] == pytest.approx((heat * 2.5 * 8.0) ** (1 / 3))
    assert section.problems == []
    assert services.is_stale(section) is False


def test_no_data_gives_no_result_and_says_what_is_needed(plan, users):
    section = write(plan, users["editor"], RiskInputs(scenario="ssp585"))
    assert section.result is None
    assert section.inputs["scenario"] == "ssp585"  # the choice is kept all the same
    problem = section.problems[0]
    assert "no indicator values" in problem["message_en"]
    assert "ยังไม่มีค่าตัวชี้วัด" in problem["message_th"]
    keys = {item.key: item.done for item in HANDLER.checklist(section, plan)}
    assert keys["computed"] is False and keys["indicators"] is False


def test_a_broken_framework_is_refused_and_nothing_saved(plan, users):
    before = Plan.objects.get(pk=plan.pk).revision
    inputs = RiskInputs(framework_yaml="framework: [unclosed", framework_name="mine.yaml")
    with pytest.raises(InputError) as error:
        write(plan, users["editor"], inputs)
    assert error.value.problems
    assert Plan.objects.get(pk=plan.pk).revision == before
    assert risk_section(plan).inputs == {}


def test_the_checklist_follows_every_write(plan, users):
    """The checklist is kept per saved state of the section: a write shows at once."""
    section = write(plan, users["editor"], RiskInputs())
    assert {i.key: i.done for i in HANDLER.checklist(section, plan)}["computed"] is False
    inputs = RiskInputs(
        framework_yaml=MINI.read_text(encoding="utf-8"),
        framework_name="mini_framework.yaml",
        indicators=[indicator("f_pop", 12.0), indicator("poverty", 15.0), indicator("beds", 2.0)],
        gridded=[grid("rx5day", 48.0)],
    )
    section = write(plan, users["editor"], inputs)
    done = {i.key: i.done for i in HANDLER.checklist(section, plan)}
    assert done["computed"] is True and done["up_to_date"] is True
    assert done["indicators"] is False  # h_days is still missing
