"""The shipped adaptation reference data: the option library, agencies, criteria."""

from __future__ import annotations

import pandas as pd

from climateplan.adaptation import reference
from climateplan.adaptation.library import filter_options, starter_actions
from climateplan.mitigation.measures import library_table
from climateplan.risk.index.framework import load_framework


def _parts(column: pd.Series) -> set[str]:
    return {p for cell in column for p in cell.split(";") if p}


def test_library_covers_every_nap_sector_and_hazard_with_sources():
    options = reference.options()
    fw = load_framework()
    assert len(options) >= 40
    assert options["id"].is_unique
    assert _parts(options["sectors"]) == set(fw.nap_sectors)
    assert _parts(options["hazards"]) == set(fw.hazards)
    assert set(options["type"]) == set(reference.vocabulary("action_type").index)
    assert options["source"].str.contains("National Adaptation Plan").all()
    assert options["source"].str.contains("IPCC AR6 WGII").all()
    assert options["assumptions"].str.startswith("assumption").all()
    # costs: none is published in the sources named, and each says so
    assert options["cost_note"].str.contains("indicative").all()
    assert (options["th"] != "").all() and (options["en"] != "").all()


def test_library_names_known_agencies_and_reduction_measures():
    options = reference.options()
    codes = set(reference.agencies()["code"])
    assert set(options["lead_agency"]) <= codes
    assert _parts(options["co_agencies"]) <= codes
    measures = {m for m in options["mitigation_measure"] if m}
    assert measures and measures <= set(library_table()["id"])


def test_reference_tables_carry_their_sources():
    for table in (reference.agencies(), reference.criteria(), reference.presets()):
        assert (table["source"] != "").all()
    presets = reference.presets()
    assert set(presets["criterion"]) == set(reference.criteria().index)
    assert (presets.groupby("preset")["weight"].sum() > 0).all()


def test_filter_and_starter_file():
    coastal = filter_options(hazard="coastal")
    assert len(coastal) and coastal["hazards"].str.contains("coastal").all()
    health = filter_options(sector="public_health", kind="policy")
    assert "heat_health_action_plan" in set(health["id"])
    assert list(filter_options(search="แก้มลิง")["id"]) == ["flood_retention_area"]
    starter = starter_actions(coastal)
    assert starter["code"].tolist()[:2] == ["A01", "A02"]
    assert (starter["option"] == coastal["id"]).all()
    assert (starter["capital_thb"] == "").all()  # the province fills in its own costs
