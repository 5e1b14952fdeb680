"""Validation: every problem at once, located (sheet, row, column), in Thai and English."""

from __future__ import annotations

import copy

from climateplan.plans.reduction import ReductionInputs, check_inputs, check_measure
from tests.plans.reduction.helpers import AWD, POPULATION, TARGET_20, two_lines


def awd(**changes) -> dict:
    row = copy.deepcopy(AWD)
    row.update(changes)
    return row


def test_plan_attribute_problems_all_at_once_and_located():
    measures = [
        awd(
            id="a",
            library_id="no_such_measure",
            budget=[
                {"fiscal_year": 2026, "amount_thb": -5, "source": "provincial"},
                {"fiscal_year": 2027, "amount_thb": 10, "source": "lottery"},
            ],
            kpi={"name_en": "area", "target": 100},
        ),
        awd(id="b", start_year=2030, end_year=2026, order=20),
    ]
    measures[0]["order"] = 10
    inputs = ReductionInputs(
        drivers=[POPULATION], measures=measures, targets=[TARGET_20], settings={"to_year": 2030}
    )
    problems = check_inputs(inputs, two_lines())
    where = {(p.sheet, p.row, p.column) for p in problems}
    assert ("measures", 2, "library_id") in where  # unknown library id
    assert ("measures", 2, "budget 1: amount_thb") in where  # negative budget
    assert ("measures", 2, "budget 2: source") in where  # unknown budget source
    assert ("measures", 2, "kpi_unit") in where  # KPI target without unit
    assert ("measures", 3, "end_year") in where  # end before start (engine's rule)
    assert all(p.message_th and p.message_en for p in problems)
    negative = next(p for p in problems if p.column == "budget 1: amount_thb")
    assert "negative" in negative.message_en and "ติดลบ" in negative.message_th


def test_overlapping_measures_without_order_name_both_and_the_fix():
    # two measures on the same rice CH4: the engine refuses them without an order
    energy_first = awd(id="cut_burning", kind="activity", gases="", effect_pct=10)
    inputs = ReductionInputs(
        drivers=[POPULATION],
        measures=[awd(id="awd"), energy_first],
        targets=[TARGET_20],
        settings={"to_year": 2030},
    )
    problems = check_inputs(inputs, two_lines())
    (overlap,) = [p for p in problems if p.column == "order"]
    text = overlap.message_en
    assert "'awd' (row 2)" in text and "'cut_burning' (row 3)" in text
    assert "no order is given for 'awd' and 'cut_burning'" in text
    # the suggestion: less activity first (order 10), then the emission factor (20)
    assert "for example 10 for 'cut_burning' and 20 for 'awd'" in text
    assert "'order'" in overlap.message_th and "cut_burning" in overlap.message_th
    assert overlap.sheet == "measures" and overlap.row == 3


def test_same_order_is_explained_too():
    inputs = ReductionInputs(
        measures=[awd(id="a", order=10), awd(id="b", order=10)],
        settings={"to_year": 2030},
    )
    problems = check_inputs(inputs, two_lines())
    (overlap,) = [p for p in problems if p.column == "order"]
    assert "both have order 10" in overlap.message_en
    assert "for example 10 for 'a' and 20 for 'b'" in overlap.message_en


def test_clean_inputs_have_no_problem():
    inputs = ReductionInputs(
        drivers=[POPULATION], measures=[awd()], targets=[TARGET_20], settings={"to_year": 2030}
    )
    assert check_inputs(inputs, two_lines()) == []


def test_check_measure_for_one_form_row():
    problems = check_measure(
        awd(id="x", effect_pct=150, budget=[{"fiscal_year": 2569, "amount_thb": 1, "source": "x"}]),
        others=[awd(id="x")],
    )
    columns = {p.column for p in problems}
    assert {"effect_pct", "budget 1: source", "id"} <= columns
    assert all(p.row is None for p in problems)
    # with the inventory: the ordering rule against the other rows
    problems = check_measure(awd(id="y"), others=[awd(id="x")], base_document=two_lines())
    assert [p.column for p in problems] == ["order"]
    assert "'x'" in problems[0].message_en and "'y'" in problems[0].message_en
    # a measure on lines the inventory does not have
    problems = check_measure(
        awd(id="z", method="landfill_fod", gases=""), base_document=two_lines()
    )
    assert any("do not exist" in p.message_en for p in problems)


def test_settings_are_checked():
    inputs = ReductionInputs(settings={"basis": "gross_everything", "to_year": "soon"})
    where = {(p.sheet, p.column) for p in check_inputs(inputs, two_lines())}
    assert where == {("settings", "basis"), ("settings", "to_year")}
    # a Buddhist Era horizon is read as the Common Era year (2573 - 543 = 2030)
    assert ReductionInputs(settings={"to_year": 2573}).to_year() == 2030
