"""Files, chart data and the checklist, all from the stored document (no recompute)."""

from __future__ import annotations

import copy
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from climateplan.plans.reduction import (
    ReductionInputs,
    chart_data,
    checklist,
    compute,
    default_drivers,
    files,
    library_measures,
    measure_from_library,
    national_targets,
)
from climateplan.plans.reduction.defaults import all_default
from tests.plans.reduction.helpers import AWD, POPULATION, TARGET_20, two_lines


@pytest.fixture(scope="module")
def stored():
    measure = copy.deepcopy(AWD)
    measure["owner_agency"] = '=HYPERLINK("http://x","click")'  # typed by a user
    inputs = ReductionInputs(
        drivers=[POPULATION], measures=[measure], targets=[TARGET_20], settings={"to_year": 2030}
    )
    document = json.loads(json.dumps(compute(two_lines(), inputs)))  # as stored
    return inputs, document


def test_files_from_the_stored_document(stored, monkeypatch):
    inputs, document = stored
    # no recompute: the engine is not called when files are made
    import climateplan.plans.reduction.checks as checks

    monkeypatch.setattr(checks, "make_plan", lambda *a, **k: pytest.fail("recomputed"))
    out = files(document, inputs, "th")
    for name in ("plan.xlsx", "plan.json", "gap.csv", "totals.csv", "macc.csv", "wedges.csv"):
        assert name in out
    for name in ("emissions_by_sector.png", "wedges.png", "gap.png", "macc.png"):
        assert out[name].startswith(b"\x89PNG")
    # Thai CSV: years in the Buddhist Era (2030 + 543 = 2573)
    gap = pd.read_csv(io.BytesIO(out["gap.csv"]), encoding="utf-8-sig")
    row = gap.loc[gap["year_be"] == 2573].iloc[0]
    assert row["gap"] == pytest.approx(document["targets"][0]["gap"][-1])
    # the user's text is made inert in CSV and XLSX (export sanitiser)
    measures_csv = out["input_measures.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in measures_csv
    book = load_workbook(io.BytesIO(out["plan.xlsx"]))
    assert book.sheetnames[0] == "สรุป"
    assert {
        "input_measures",
        "input_budget",
        "gap",
        "macc",
        "costs",
        "budget_by_year",
        "sources",
    } <= set(book.sheetnames)
    sources = pd.read_csv(io.BytesIO(out["sources.csv"]), encoding="utf-8-sig")
    assert "GWP" in set(sources["item"]) and "method" in set(sources["table"])
    sheet = book["input_measures"]
    owner = [c.value for c in sheet[1]].index("owner_agency") + 1
    assert sheet.cell(2, owner).value.startswith("'=")
    english = files(document, inputs, "en")
    gap_en = pd.read_csv(io.BytesIO(english["gap.csv"]), encoding="utf-8-sig")
    assert 2030 in set(gap_en["year"])
    assert json.loads(english["plan.json"])["result"]["summary"] == document["summary"]


def test_chart_data_is_ready_to_draw(stored):
    _, document = stored
    th = chart_data(document, "th")
    en = chart_data(document, "en")
    assert th["year_labels"][0] == "2565" and en["year_labels"][0] == "2022"
    assert th["wedges"][0]["name"] == "นาเปียกสลับแห้ง"
    assert en["wedges"][0]["name"] == "Alternate wetting and drying"
    assert th["wedges"][0]["values"] == document["wedges"][0]["values"]
    assert th["targets"][0]["path"] == document["targets"][0]["path"]
    assert th["macc"]["bars"][0]["width"] == pytest.approx(560)
    assert th["plan"]["values"] == document["totals"]["basic_plus"]["plan"]
    json.dumps(th)


def test_checklist(stored):
    inputs, document = stored
    base = two_lines()
    items = {i.key: i for i in checklist(inputs, document, base, base_approved=True)}
    assert all(items[k].done for k in ("base_inventory", "measures", "measure_owners"))
    assert items["computed"].done and items["no_problems"].done
    assert items["drivers_own_data"].done  # the population row is the province's own
    changed = ReductionInputs.from_json(inputs.to_json())
    changed.measures[0]["budget"] = []
    changed.measures[0]["kpi"] = {}
    items = {i.key: i for i in checklist(changed, document, base, base_approved=False)}
    assert not items["base_inventory"].done
    assert not items["computed"].done  # the inputs changed after the computation
    assert not items["measure_budgets"].done and "awd" in items["measure_budgets"].en
    assert not items["measure_kpis"].done
    assert all(i.th and i.en and i.hint_th for i in items.values())
    defaults = ReductionInputs(drivers=default_drivers("TH-50", 2022, 2065))
    items = {i.key: i for i in checklist(defaults, None, None)}
    assert not items["drivers_own_data"].done and not items["drivers_own_data"].blocking
    assert not items["measures"].done and not items["targets"].done


def test_defaults_carry_sources():
    # population: registered population of Chiang Mai at 31 Dec 2022 (province_population.csv)
    # then the NESDC projection: (67.2 / 66.5)^(1/8) - 1 = 0.1309 %/yr to 2028,
    # (65.4 / 67.2)^(1/12) - 1 = -0.2259 %/yr after
    drivers = default_drivers("TH-50", 2022, 2065)
    pop = [r for r in drivers if r["driver"] == "population"]
    assert pop[0]["year"] == 2022 and pop[0]["value"] > 1_000_000
    assert pop[0]["growth_pct"] == pytest.approx(((67.2 / 66.5) ** (1 / 8) - 1) * 100, abs=1e-4)
    assert pop[1]["year"] == 2028
    assert pop[1]["growth_pct"] == pytest.approx(((65.4 / 67.2) ** (1 / 12) - 1) * 100, abs=1e-4)
    gpp = [r for r in drivers if r["driver"] == "gpp"]
    assert [(r["year"], r["growth_pct"]) for r in gpp] == [(2022, 3.0), (2031, 1.6)]
    assert all(r["source"] and r["is_default"] for r in drivers)
    assert all_default(drivers)
    targets = national_targets(2022)
    assert [(t["name"], t["kind"], t["value"], t["year"]) for t in targets] == [
        ("ndc_unconditional", "bau_relative", 30.0, 2030),
        ("ndc_conditional", "bau_relative", 40.0, 2030),
        ("carbon_neutrality_2050", "net_zero", None, 2050),
        ("net_zero_2065", "net_zero", None, 2065),
    ]
    assert all(t["source"] and t["national"] for t in targets)
    library = library_measures()
    assert len(library) == 20 and all(r["name_th"] and r["source"] for r in library)
    assert {r["id"] for r in library_measures("V")} >= {"awd_rice", "biogas_pig_farms"}
    row = measure_from_library("awd_rice")
    assert row["library_id"] == "awd_rice" and row["effect_pct"] == "48"
    assert row["budget"] == [] and row["owner_agency"] == ""


def test_inputs_json_round_trip(stored):
    inputs, _ = stored
    again = ReductionInputs.from_json(json.dumps(inputs.to_json()))
    assert again.to_json() == inputs.to_json()
    assert again.digest() == inputs.digest()
    assert ReductionInputs.from_json(None).to_json()["measures"] == []


def test_default_drivers_cover_any_base_year():
    # a base year before the sources' first year starts there with the first rate
    early = default_drivers("TH-50", 2018, 2030)
    assert [(r["driver"], r["year"]) for r in early] == [
        ("population", 2018),
        ("population", 2028),
        ("gpp", 2018),
    ]
    late = default_drivers("TH-50", 2045, 2065)
    assert [(r["driver"], r["year"]) for r in late] == [("population", 2045), ("gpp", 2045)]
    doc = compute(two_lines(), ReductionInputs(drivers=early, settings={"to_year": 2030}))
    assert doc["end_year"] == 2030


def test_thai_input_tables_upload_again(stored):
    from climateplan.plans.reduction import read_upload

    inputs, document = stored
    out = files(document, inputs, "th")
    again = read_upload(out["input_drivers.csv"], "input_drivers.csv", table="drivers")
    # years were written in the Buddhist Era (2565) and read back as 2022
    assert again.drivers[0]["year"] == 2022
    assert again.drivers[0]["value"] == POPULATION["value"]
    targets = read_upload(out["input_targets.csv"], "input_targets.csv", table="targets")
    assert [(t["kind"], t["value"], t["year"]) for t in targets.targets] == [
        ("bau_relative", 20, 2030)
    ]
