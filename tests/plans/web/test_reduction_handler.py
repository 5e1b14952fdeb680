"""The reduction section's handler: stored inputs and measures (Action rows) go to the core,
whose result is stored; values checked against hand arithmetic.

Method (docs/mitigation.md): BAU of a line = base x D(t)/D(b) with the driver index
D(t) = (1 + g)^(t - b); an emission_factor measure cuts the targeted gas by
u(t) x effect, u(t) = uptake x min(1, (t - start + 1)/ramp); a target path runs linearly
from the base-year total to the target point; gap = plan - target path.
"""

from __future__ import annotations

import pytest

from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.handler_reduction import HANDLER, effective_inputs, measure_row
from climateplan.plans.web.models import Section
from climateplan.plans.web.sections import ActionData, Candidate
from tests.mitigation.helpers import line
from tests.plans.reduction.helpers import inventory_document

# One line: household LPG 1,000 t CO2 in 2022 (I.1.1 follows population).
BASE = 1000.0
GROWTH = 0.01  # population +1 %/yr
BAU_2030 = BASE * (1 + GROWTH) ** 8  # 1,082.8567 t
BAU_2026 = BASE * (1 + GROWTH) ** 4  # 1,040.6040 t
# cleaner LPG burners: effect 10 % on CO2 of I.1.1, uptake 50 %, from 2025 at once (ramp 1)
CUT_2030 = BAU_2030 * 0.50 * 0.10  # 54.1428 t
PLAN_2030 = BAU_2030 - CUT_2030  # 1,028.7139 t
PLAN_2026 = BAU_2026 * (1 - 0.50 * 0.10)  # 988.5738 t
# province target: 20 % below BAU in 2030 -> 0.8 x 1,082.8567 = 866.2854 t
TARGET_2030 = 0.8 * BAU_2030
GAP_2030 = PLAN_2030 - TARGET_2030  # 162.4285 t
# the path is linear from 1,000 t (2022) to 866.2854 t (2030): half way in 2026
PATH_2026 = BASE + (TARGET_2030 - BASE) * 4 / 8  # 933.1427 t
GAP_2026 = PLAN_2026 - PATH_2026  # 55.4311 t

DRIVERS = [{"driver": "population", "year": 2022, "value": 1_000_000, "growth_pct": 1}]
TARGETS = [{"name": "province", "kind": "bau_relative", "value": 20, "year": 2030}]
SETTINGS = {"to_year": 2030}


def burners(**extra) -> ActionData:
    data = {
        "kind": "emission_factor",
        "gpc_ref": "I.1.1",
        "gases": "co2",
        "effect_pct": 10,
        "uptake_pct": 50,
        "ramp_years": 1,
    }
    fields = dict(
        code="lpg_burners",
        name_th="เตาแก๊สประสิทธิภาพสูง",
        name_en="Efficient LPG burners",
        data=data,
        owner_agency="สำนักงานพลังงานจังหวัด",
        co_agencies=["สำนักงานจังหวัด"],
        start_year=2025,
        kpi={"name_th": "ครัวเรือนที่เปลี่ยนเตา", "unit": "households", "target": 5000},
        budget=[
            {
                "fiscal_year": 2026,
                "amount": 200_000.0,
                "kind": "capital",
                "source": "provincial",
                "note": "",
            },
            {
                "fiscal_year": 2027,
                "amount": 50_000.0,
                "kind": "operating",
                "source": "local",
                "note": "",
            },
        ],
    )
    fields.update(extra)
    return ActionData(**fields)


def one_line_inventory_of():
    """An approved Chiang Mai 2022 inventory of the one LPG line (1,000 t CO2)."""
    from climateplan.inventory.web.models import Inventory, set_result

    inventory = Inventory.objects.create(province="TH-50", year=2022, state="approved")
    set_result(
        inventory,
        inventory_document([line(0, "I.1.1", "fuel_combustion", "lpg", co2=BASE)]),
    )
    return inventory


def one_line_plan(users):
    """A draft Chiang Mai plan 2023-2027 on the one-line inventory."""
    from tests.plans.web.conftest import make_plan

    return make_plan(users, one_line_inventory_of())


@pytest.fixture
def small_plan(users):
    return one_line_plan(users)


def reduction(plan) -> Section:
    return plan.sections.get(kind="reduction")


def test_measure_row_carries_engine_fields_and_plan_attributes():
    row = measure_row(burners())
    assert row["id"] == "lpg_burners" and row["kind"] == "emission_factor"
    assert row["start_year"] == 2025 and "end_year" not in row
    assert row["owner_agency"] == "สำนักงานพลังงานจังหวัด"
    # the core's budget lines name the amount amount_thb
    assert row["budget"][0] == {
        "fiscal_year": 2026,
        "amount_thb": 200_000.0,
        "source": "provincial",
        "kind": "capital",
    }


def test_compute_by_hand(small_plan):
    section = reduction(small_plan)
    candidate = Candidate(
        plan=small_plan,
        section=section,
        inputs={"drivers": DRIVERS, "targets": TARGETS, "settings": SETTINGS},
        actions=[burners()],
    )
    computed = HANDLER.compute(candidate)
    doc = computed.document
    years = doc["years"]
    i26, i30 = years.index(2026), years.index(2030)
    totals = doc["totals"][doc["basis"]]
    assert totals["bau"][0] == pytest.approx(BASE)
    assert totals["bau"][i30] == pytest.approx(BAU_2030)  # 1,082.8567
    assert totals["plan"][i30] == pytest.approx(PLAN_2030)  # 1,028.7139
    (wedge,) = doc["wedges"]
    assert wedge["values"][i30] == pytest.approx(CUT_2030)  # 54.1428
    assert wedge["values"][years.index(2024)] == 0.0  # before it starts
    (target,) = doc["targets"]
    assert target["gap"][i30] == pytest.approx(GAP_2030)  # 162.4285
    assert target["gap"][i26] == pytest.approx(GAP_2026)  # 55.4311
    # budget lines summed: 200,000 + 50,000 THB
    assert computed.summary["budget_total_thb"] == pytest.approx(250_000.0)
    assert computed.summary["plan"] == pytest.approx(PLAN_2030)


def test_write_stores_the_result_and_the_measure(small_plan, users):
    section = reduction(small_plan)
    editor = users["editor"]
    small_plan.refresh_from_db()
    services.write_section(
        plan_access_for(editor),
        editor,
        section,
        expected_revision=small_plan.revision,
        inputs={"drivers": DRIVERS, "targets": TARGETS, "settings": SETTINGS},
        actions=[burners()],
    )
    section = reduction(small_plan)
    assert section.result["summary"]["bau"] == pytest.approx(BAU_2030)
    assert section.actions.get().budget_lines.count() == 2
    assert not services.is_stale(section)
    keys = {i.key: i.done for i in HANDLER.checklist(section, small_plan)}
    assert keys["drivers"] and keys["measures"] and keys["measure_owners"] and keys["computed"]


def test_without_drivers_nothing_to_project_yet(small_plan):
    section = reduction(small_plan)
    computed = HANDLER.compute(Candidate(plan=small_plan, section=section, inputs={}, actions=[]))
    assert computed.document is None
    assert computed.problems[0]["sheet"] == "drivers"


def test_national_targets_stand_in_until_targets_are_set():
    inputs = effective_inputs({}, 2022)
    names = {t["name"] for t in inputs["targets"]}
    assert {"ndc_unconditional", "ndc_conditional", "carbon_neutrality_2050"} <= names
    assert effective_inputs({"targets": []}, 2022)["targets"] == []


def test_without_base_inventory(users):
    from climateplan.plans.web.access import plan_access_for as access_for

    editor = users["editor"]
    plan = services.create_plan(
        access_for(editor),
        editor,
        province="TH-50",
        title_th="แผนทดสอบ",
        start_year=2023,
        end_year=2027,
        base_year=2022,
    )
    computed = HANDLER.compute(
        Candidate(plan=plan, section=reduction(plan), inputs={"drivers": DRIVERS}, actions=[])
    )
    assert computed.document is None
    assert computed.problems[0]["sheet"] == "inventory"


def test_bad_measure_refuses_the_write(small_plan, users):
    from climateplan.errors import InputError

    section = reduction(small_plan)
    editor = users["editor"]
    small_plan.refresh_from_db()
    before = small_plan.revision
    bad = burners(data={**burners().data, "effect_pct": 150})
    with pytest.raises(InputError) as caught:
        services.write_section(
            plan_access_for(editor),
            editor,
            section,
            expected_revision=before,
            inputs={"drivers": DRIVERS, "targets": TARGETS, "settings": SETTINGS},
            actions=[bad],
        )
    assert any(p.column == "effect_pct" for p in caught.value.problems)
    small_plan.refresh_from_db()
    assert small_plan.revision == before
    assert not reduction(small_plan).actions.exists()
