"""The section's result document, checked against values worked out by hand.

Method (docs/mitigation.md, "BAU projection", "Measures", "Targets and gap"):
BAU of a line = base x D(t)/D(b) (driver index); an emission_factor measure cuts the
targeted gas by u(t) x effect with u(t) = uptake x min(1, (t - start + 1)/ramp);
a target path runs linearly from the base-year total to the target point;
gap = plan - target path value.
"""

from __future__ import annotations

import json

import pytest

from climateplan.errors import InputError
from climateplan.plans.reduction import ReductionInputs, compute
from tests.plans.reduction.helpers import AWD, POPULATION, TARGET_20, two_lines, with_removal

# population 1,000,000 in 2022 growing 1 %/yr: index 2030 = 1.01^8 = 1.0828567
POP_2030 = 1.01**8
LPG_2030 = 1000.0 * POP_2030  # 1,082.8567 t: household fuel follows population
RICE = 100.0 * 28  # 2,800 t CO2e (AR5 CH4 GWP 28), no rice_area driver: held constant
BAU_2030 = LPG_2030 + RICE  # 3,882.8567 t
# AWD: uptake 40 % reached in 2026 (ramp 2 from 2025), effect 50 % on CH4 of rice
AWD_2030 = RICE * 0.40 * 0.50  # 560 t
AWD_2025 = RICE * 0.40 * (1 / 2) * 0.50  # u(2025) = 0.4 x 1/2 = 0.2 -> 280 t
PLAN_2030 = BAU_2030 - AWD_2030  # 3,322.8567 t
TARGET_2030 = 0.8 * BAU_2030  # 20 % below BAU = 3,106.2854 t
BASE = 1000.0 + RICE  # 3,800 t in 2022


def inputs(**extra) -> ReductionInputs:
    fields = dict(
        drivers=[POPULATION],
        measures=[json.loads(json.dumps(AWD))],
        targets=[TARGET_20],
        settings={"to_year": 2030},
    )
    fields.update(extra)
    return ReductionInputs(**fields)


@pytest.fixture(scope="module")
def document():
    return compute(two_lines(), inputs())


def test_bau_plan_wedge_and_gap_by_hand(document):
    years = document["years"]
    assert years[0] == 2022 and years[-1] == 2030
    i30, i25, i26 = years.index(2030), years.index(2025), years.index(2026)
    totals = document["totals"]["basic_plus"]
    assert totals["bau"][0] == pytest.approx(BASE)
    assert totals["bau"][i30] == pytest.approx(BAU_2030)  # 3,882.8567
    assert totals["plan"][i30] == pytest.approx(PLAN_2030)  # 3,322.8567
    (wedge,) = document["wedges"]
    assert wedge["measure"] == "awd"
    assert wedge["values"][i30] == pytest.approx(AWD_2030)
    assert wedge["values"][i25] == pytest.approx(AWD_2025)
    assert wedge["values"][years.index(2024)] == 0.0  # before its start
    (target,) = document["targets"]
    assert target["path"][i30] == pytest.approx(TARGET_2030)
    assert target["gap"][i30] == pytest.approx(PLAN_2030 - TARGET_2030)  # 216.5713 t
    # linear path from 3,800 (2022) to 3,106.2854 (2030): half way in 2026
    assert target["path"][i26] == pytest.approx(BASE + (TARGET_2030 - BASE) * 4 / 8)


def test_sectors_per_capita_costs_and_budget(document):
    years = document["years"]
    i30 = years.index(2030)
    sectors = {s["sector"]: s for s in document["by_sector"]}
    assert sectors["I"]["bau"][i30] == pytest.approx(LPG_2030)
    assert sectors["V"]["plan"][i30] == pytest.approx(RICE - AWD_2030)
    # per capita: the population driver is given in persons (value in its first row)
    people = 1_000_000 * POP_2030
    assert document["per_capita"]["population"][i30] == pytest.approx(people)
    assert document["per_capita"]["plan"][i30] == pytest.approx(PLAN_2030 / people)
    costs = document["costs"]
    # per_t costs x abatement at full uptake (2026: 2800 x 0.4 x 0.5 = 560 t)
    assert costs["capital_total"] == pytest.approx(300 * 560)  # 168,000 THB
    assert costs["operating_per_year_total"] == pytest.approx(50 * 560)  # 28,000 THB
    assert costs["budget_total"] == pytest.approx(150_000)
    assert costs["by_fiscal_year"] == [
        {
            "fiscal_year": 2026,
            "source": "provincial",
            "source_en": "provincial budget",
            "source_th": "งบประมาณจังหวัด",
            "amount_thb": 100_000.0,
        },
        {
            "fiscal_year": 2027,
            "source": "environment_fund",
            "source_en": "Environment Fund",
            "source_th": "กองทุนสิ่งแวดล้อม",
            "amount_thb": 50_000.0,
        },
    ]
    # MACC row of the report year 2030: width = abatement 560 t;
    # CRF(9 %, 5) = 0.09 x 1.09^5 / (1.09^5 - 1) = 0.2570925; LC = 300 x CRF + 50 = 127.13
    (bar,) = document["macc"]["rows"]
    assert bar["abatement"] == pytest.approx(560)
    assert bar["levelised_cost_per_t"] == pytest.approx(300 * 0.2570925 + 50, rel=1e-6)


def test_summary_for_the_roll_up(document):
    summary = document["summary"]
    assert summary["report_year"] == 2030
    assert summary["bau"] == pytest.approx(BAU_2030)
    assert summary["plan"] == pytest.approx(PLAN_2030)
    assert summary["reduction"] == pytest.approx(AWD_2030)
    assert summary["measures"] == 1
    (target,) = summary["targets"]
    assert target["value"] == pytest.approx(TARGET_2030)
    assert target["gap"] == pytest.approx(PLAN_2030 - TARGET_2030)
    assert target["on_track"] is False
    assert summary["cost_total_thb"] == pytest.approx(168_000)
    json.dumps(document)  # JSON-able as stored
    assert document["schema"] == "climateplan.plan.reduction/1"


def test_removals_count_in_the_net_basis_only():
    # LPG 1,000 t, forest -500 t, no drivers: every line held at the base year.
    # gross BASIC+ leaves the removal out: 1,000 t; net BASIC+ counts it: 1,000 - 500 = 500 t
    # net zero in 2030 on net BASIC+: path 500 (2022) -> 0 (2030); gap 2030 = 500 - 0 = 500
    doc = compute(
        with_removal(),
        ReductionInputs(
            targets=[{"name": "nz", "kind": "net_zero", "year": 2030, "basis": "net_basic_plus"}],
            settings={"to_year": 2030},
        ),
    )
    assert doc["has_removals"] is True
    assert doc["totals"]["basic_plus"]["bau"][-1] == pytest.approx(1000.0)
    assert doc["totals"]["net_basic_plus"]["bau"][-1] == pytest.approx(500.0)
    (target,) = doc["targets"]
    assert target["net"] is True
    assert target["path"][0] == pytest.approx(500.0)
    assert target["gap"][-1] == pytest.approx(500.0)
    assert doc["summary"]["targets"][0]["gap"] == pytest.approx(500.0)
    # no population: per-capita left out, with a warning that says why
    assert doc["per_capita"]["population"] == []
    assert any("per-capita" in w["message_en"] for w in doc["warnings"])


def test_horizon_defaults_to_2065_with_national_targets():
    from climateplan.plans.reduction import national_targets

    doc = compute(two_lines(), ReductionInputs(targets=national_targets(2022)))
    assert doc["end_year"] == 2065
    assert {t["name"] for t in doc["targets"]} == {
        "ndc_unconditional",
        "ndc_conditional",
        "carbon_neutrality_2050",
        "net_zero_2065",
    }
    assert all(t["national"] for t in doc["targets"])


def test_bad_inputs_raise_every_problem():
    bad = inputs(
        drivers=[{**POPULATION, "growth_pct": -150}],
        targets=[{**TARGET_20, "year": 2020}],
    )
    with pytest.raises(InputError) as caught:
        compute(two_lines(), bad)
    where = {(p.sheet, p.row, p.column) for p in caught.value.problems}
    assert ("drivers", 2, "growth_pct") in where
    assert ("targets", 2, "year") in where


def test_empty_section_and_population_given():
    # nothing entered yet: BAU only, every line held at its base year (3,800 t) to 2030
    doc = compute(two_lines(), ReductionInputs(), population={2022: 100.0, 2030: 200.0})
    assert doc["end_year"] == 2030 and doc["wedges"] == [] and doc["targets"] == []
    assert doc["summary"]["plan"] == pytest.approx(BASE)
    # per capita from the population given: 3,800 / 100 = 38 (2022), 3,800 / 200 = 19 (2030)
    assert doc["per_capita"]["bau"][0] == pytest.approx(38.0)
    assert doc["per_capita"]["plan"][-1] == pytest.approx(19.0)
    assert doc["per_capita"]["bau"][1] is None  # a year without population stays empty


def test_history_inventories_calibrate_the_projection():
    # the same two lines in 2020 with LPG at 1,000 / 1.01^2: population explains the change,
    # so the fitted trend of sector I is 0 (ln(A/P) = 0) and the BAU is unchanged
    history = two_lines()
    history["year"] = 2020
    for row in history["lines"]:
        row["year"] = 2020
        if row["gpc_ref"] == "I.1.1":
            row["co2"] = row["co2e"] = row["co2e_co2"] = 1000.0 / 1.01**2
    population = {"driver": "population", "year": 2019, "value": 990_000, "growth_pct": 1}
    doc = compute(
        two_lines(),
        ReductionInputs(drivers=[population], settings={"to_year": 2030}),
        history_documents=[history],
    )
    assert doc["calibration_trends_pct"]["I"] == pytest.approx(0.0, abs=1e-9)
    assert doc["totals"]["basic_plus"]["bau"][-1] == pytest.approx(LPG_2030 + RICE)
    with pytest.raises(InputError) as caught:
        compute(two_lines(), ReductionInputs(), history_documents=[{"schema": "other"}])
    assert caught.value.problems[0].file == "history 1"
