"""Every method names its main factor in ``factor_id`` (methods/base.py): the table row
("family:line", the line number in factors_<family>.csv, header = line 1), "input"
when the line gave the factor. The uncertainty analysis correlates lines that share one."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _lines import run

from climateplan.inventory import compute_inventory, read_activity
from climateplan.inventory.methods import methods
from climateplan.reference._data import data_path

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "example_province.xlsx"


def csv_row_id(family: str, **cells: str) -> str:
    """The id of the one CSV row whose cells equal ``cells`` (blank cells: "")."""
    with open(data_path(f"factors_{family}.csv"), encoding="utf-8") as handle:
        found = [
            number
            for number, row in enumerate(csv.DictReader(handle), start=2)
            if all(row[k] == v for k, v in cells.items())
        ]
    assert len(found) == 1, f"{family} {cells}: rows {found}"
    return f"{family}:{found[0]}"


# method -> (input line, (family, cells of the main factor's row) or "input")
CASES = {
    "fuel_combustion": (
        {"gpc_ref": "I.1.1", "activity": "lpg", "amount": 1.0, "amount_kind": "energy"},
        ("fuels", {"parameter": "co2_ef", "fuel": "lpg"}),  # IPCC 2006 Vol 2 Table 1.4
    ),
    "vehicle_km": (
        {"gpc_ref": "II.1.1", "activity": "passenger_car:gasohol_e10", "amount": 100.0},
        (
            "mobile",
            {"parameter": "fuel_economy", "vehicle_class": "passenger_car", "fuel": "gasohol_e10"},
        ),
    ),
    "electricity": (
        {"gpc_ref": "I.1.2", "activity": "grid", "amount": 1000.0},  # 2023: vintage 2022-2024
        ("electricity", {"parameter": "grid_ef", "vintage": "2022-2024"}),
    ),
    "cement_clinker": (
        {"gpc_ref": "IV.1", "activity": "clinker", "amount": 1.0},
        ("ippu", {"parameter": "ef_clinker", "product": "clinker"}),
    ),
    "direct": ({"gpc_ref": "IV.2", "activity": "SF6", "amount": 0.01}, "input"),
    "enteric_fermentation": (
        {"activity": "buffalo", "amount": 10.0},
        ("livestock", {"parameter": "enteric_ef", "livestock": "buffalo"}),
    ),
    "manure_management": (
        {"activity": "swine", "amount": 10.0},
        ("livestock", {"parameter": "manure_ch4_ef", "livestock": "swine"}),
    ),
    "rice_cultivation": (
        {"activity": "irrigated_continuous", "amount": 1.0},
        ("rice", {"parameter": "baseline_ef"}),  # one wildcard row: Table 5.11
    ),
    "soils_direct_n2o": (
        {"activity": "synthetic_n", "amount": 1.0, "param_flooded_rice": "yes"},
        ("soils", {"parameter": "ef_direct", "input": "", "water": "flooded_rice"}),  # EF1FR
    ),
    "urea_application": (
        {"activity": "urea_46_0_0", "amount": 1.0},
        ("soils", {"parameter": "urea_ef", "input": "urea_46_0_0"}),
    ),
    "crop_residue_burning": (
        {"activity": "sugarcane", "amount": 1.0, "amount_kind": "area"},
        ("residue_burning", {"parameter": "fuel_consumed", "crop": "sugarcane"}),
    ),
    "landfill_commitment": (
        {"activity": "msw", "amount": 1.0},
        ("waste", {"parameter": "doc", "waste_type": "msw"}),
    ),
    "landfill_fod": (
        {"activity": "food", "amount": 1.0, "activity_year": 2020},
        ("waste", {"parameter": "doc", "waste_type": "food"}),
    ),
    "biological_treatment": (
        {"activity": "composting", "amount": 1.0},
        ("waste", {"parameter": "ch4_ef", "treatment": "composting", "basis": "wet"}),
    ),
    "incineration": (
        {"activity": "msw", "amount": 1.0, "param_technology": "continuous_stoker"},
        ("waste", {"parameter": "carbon_fraction", "waste_type": "msw"}),
    ),
    "open_burning": (
        {"activity": "msw", "amount": 1.0},
        ("waste", {"parameter": "carbon_fraction", "waste_type": "msw"}),
    ),
    "wastewater_domestic": (
        {"activity": "septic_system", "amount": 100.0},
        ("wastewater", {"parameter": "mcf_domestic", "system": "septic_system"}),
    ),
    "wastewater_industrial": (
        {"activity": "starch", "amount": 1.0, "param_treatment": "anaerobic_lagoon_deep"},
        ("wastewater", {"parameter": "mcf_industrial", "system": "anaerobic_lagoon_deep"}),
    ),
    "forest_growth": (  # GW, IPCC 2006 Vol 4 Table 4.9, stands older than 20 years
        {"activity": "tropical_moist_deciduous", "amount": 1.0},
        (
            "land",
            {"parameter": "growth", "forest_type": "tropical_moist_deciduous", "age_class": "old"},
        ),
    ),
    "forest_loss": (  # BW, IPCC 2006 Vol 4 Table 4.7
        {"activity": "tropical_dry", "amount": 1.0},
        ("land", {"parameter": "biomass", "forest_type": "tropical_dry"}),
    ),
    "wood_removal": ({"activity": "tropical_dry", "amount": 1.0, "param_bcef_r": 1.1}, "input"),
}


def test_every_method_has_a_case():
    assert set(CASES) == set(methods())


@pytest.mark.parametrize("method", sorted(CASES))
def test_main_factor_id(method):
    row, expected = CASES[method]
    result = run(method, [row])
    want = expected if expected == "input" else csv_row_id(expected[0], **expected[1])
    assert result["factor_id"].tolist() == [want] * len(result)


def test_factor_given_on_the_line_is_input():
    row = {
        "gpc_ref": "I.1.1",
        "activity": "lpg",
        "amount": 1.0,
        "amount_kind": "energy",
        "param_co2_ef": 60000.0,
    }
    assert run("fuel_combustion", [row])["factor_id"].tolist() == ["input"]


def test_engine_reports_it_as_factor_id_main():
    result = compute_inventory(read_activity(EXAMPLE)).lines
    emitting = result[result["notation_key"] == ""]
    ids = emitting["factor_id_main"]
    assert (ids != "").all()
    assert ids.str.fullmatch(r"input|[a-z_]+:(\d+|added-\d+)").all()
