"""From an activity file through the inventory engine to a plan; the JSON door gives the same."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.inventory import compute_inventory, read_activity
from climateplan.inventory.export import to_dict
from climateplan.mitigation import (
    from_json_dict,
    from_result,
    load_inventory,
    measure_library,
    plan_from_frames,
)
from climateplan.mitigation.aggregate import totals
from climateplan.mitigation.analysis import measure_impacts

ACTIVITY = """gpc_ref,method,activity,amount,unit,param_fraction_burned
I.1.2,electricity,grid,1000000,kWh,
II.1.1,fuel_combustion,diesel,100000,L,
V.3,rice_cultivation,irrigated_continuous,1000,rai,
V.1,manure_management,swine,1000,head,
V.3,crop_residue_burning,sugarcane,10000,t,0.3
III.1.1,landfill_commitment,msw,2000,t,
"""
MEASURES = (
    "awd_rice",
    "biogas_pig_farms",
    "no_burn_sugarcane",
    "waste_separation_composting",
    "rooftop_solar_residential",
    "ev_buses",
)


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    path = tmp_path_factory.mktemp("activity") / "province.csv"
    path.write_text(ACTIVITY, encoding="utf-8")
    data = read_activity(path, province="TH-50", year=2022, gwp="AR5")
    return path, compute_inventory(data)


def test_activity_file_and_json_give_the_same_base_year(computed):
    path, result = computed
    from_file = load_inventory(path, province="TH-50", year=2022, gwp="AR5")
    from_json = from_json_dict(to_dict(result))
    direct = from_result(result)
    for base in (from_file, from_json):
        np.testing.assert_allclose(base.emissions, direct.emissions, rtol=1e-12, atol=1e-9)
        assert base.lines["gpc_ref"].tolist() == direct.lines["gpc_ref"].tolist()
    for basis in ("basic", "basic_plus", "territorial"):
        assert from_json.total(basis) == pytest.approx(result.totals[basis])
    # the net totals, where the inventory engine reports them, agree with the plan's
    for basis in ("net_basic_plus", "net_territorial"):
        if basis in result.totals:
            assert from_json.total(basis) == pytest.approx(result.totals[basis])
    # the derived T&D row keeps its consumption line's key in both doors
    keys = from_json.lines.set_index("gpc_ref")["line_key"]
    assert keys["I.1.2"] == keys["I.1.3"]


def test_plan_on_a_computed_inventory(computed):
    _, result = computed
    base = from_result(result)
    library = measure_library().by_id()
    drivers = "driver,year,growth_pct\npopulation,2022,1\nvehicle_stock,2022,2\n"
    import io

    import pandas as pd

    plan = plan_from_frames(
        base,
        pd.read_csv(io.StringIO(drivers), dtype=str),
        to_year=2035,
        measures=[library[m] for m in MEASURES],
    ).plan
    bau = totals(plan.lines, plan.bau)["basic_plus"]
    planned = totals(plan.lines, plan.runs["planned"].emissions)["basic_plus"]
    impacts = measure_impacts(plan, "planned", "basic_plus")
    # impacts at their positions add up to BAU - plan, every year
    np.testing.assert_allclose(impacts.sum(axis=0).to_numpy(), bau - planned, atol=1e-6)
    assert bau[0] == pytest.approx(result.totals["basic_plus"])
    rice = result.lines.loc[result.lines["method"] == "rice_cultivation", "co2e"].sum()
    # AWD: rice held at its base level (no rice_area driver), uptake 20 % from 2025 over 5 years
    # (full in 2029), effect 48 %: 2030 reduction = rice x 0.2 x 0.48
    assert impacts.loc["awd_rice", 2030] == pytest.approx(rice * 0.2 * 0.48)
