"""Independent checks, by hand: electric cars on real inventory lines of gasohol, and
methane tonnes of an AR6 plan.

Published numbers (all shipped in reference/data with their source):
- gasoline NCV 31.48 MJ/L (DEDE, factors_fuels.csv row ncv_volume motor_gasoline);
- ethanol density 0.7922 kg/L (US EIA Appendix E, factors_fuels.csv) and NCV 27.0 MJ/kg
  (IPCC 2006 Vol 2 Ch 1 Table 1.2, row Biogasoline): 21.3894 MJ/L;
- gasoline CO2 69,300 kg/TJ (IPCC 2006 Vol 2 Ch 1 Table 1.4);
- road gasoline CH4 33 kg/TJ and N2O 3.2 kg/TJ, uncontrolled (IPCC 2006 Vol 2 Ch 3
  Table 3.2.2, factors_mobile.csv), applied by the inventory to the whole blend's energy;
- AR5 GWP-100: CH4 28, N2O 265 (IPCC AR5 WG1 Table 8.A.1); AR6: CH4 fossil 29.8,
  non-fossil 27.0 (IPCC AR6 WG1 Ch 7 Table 7.15, gwp_ch4_split.csv);
- Thai grid 0.4750 kg CO2e/kWh (TGO, data years 2022-2024, factors_electricity.csv);
- library electric cars: 7 L/100 km x 31.48 MJ/L = 2.2036 MJ/km, 0.15 kWh/km.
"""

from __future__ import annotations

import pandas as pd
import pytest

from climateplan.inventory import compute_inventory, read_activity
from climateplan.mitigation import from_lines, from_result, measure_library, plan_from_frames
from climateplan.mitigation.analysis import gas_table
from climateplan.mitigation.measures import with_changes
from climateplan.reference import gpc_catalogue

# 1,000,000 L of each blend; MJ of the blend = gasoline part x 31.48 + ethanol x 21.3894
#   E10: 900,000 x 31.48 + 100,000 x 21.3894 = 28,332,000 + 2,138,940 = 30,470,940 MJ
#   E20: 800,000 x 31.48 + 200,000 x 21.3894 = 25,184,000 + 4,277,880 = 29,461,880 MJ
#   E85: 150,000 x 31.48 + 850,000 x 21.3894 =  4,722,000 + 18,180,990 = 22,902,990 MJ
# fossil CO2 = gasoline MJ x 69.3e-6 t/MJ: 1,963.4076 / 1,745.2512 / 327.2346 t
# CH4 = blend TJ x 33 kg x 28 / 1000; N2O = blend TJ x 3.2 kg x 265 / 1000 (t CO2e):
#   E10: 30.47094 x 0.924 = 28.1551 ; 30.47094 x 0.848 = 25.8394 -> line 2,017.4021 t
#   E20: 29.46188 x 0.924 = 27.2228 ; 29.46188 x 0.848 = 24.9837 -> line 1,797.4577 t
#   E85: 22.90299 x 0.924 = 21.1624 ; 22.90299 x 0.848 = 19.4217 -> line   367.8187 t
# electricity = MJ / 2.2036 x 0.15 kWh x 0.000475 t/kWh:
#   E10: 13,827,799.96 km -> 985.2307 t; E20: 13,369,885.64 km -> 952.6044 t;
#   E85: 10,393,442.55 km -> 740.5328 t
# change when every litre moves: E10 -1,032.1714, E20 -844.8533, E85 +372.7141 t
CASES = [
    ("gasohol_e10", 2017.4021, 985.2307),
    ("gasohol_e20", 1797.4577, 952.6044),
    ("gasohol_e85", 367.8187, 740.5328),
]


@pytest.mark.parametrize(("fuel", "line_t", "electric_t"), CASES)
def test_electric_cars_on_an_engine_computed_gasohol_line(tmp_path, fuel, line_t, electric_t):
    csv = tmp_path / "activity.csv"
    csv.write_text(
        f"gpc_ref,method,activity,amount,unit,source\nII.1.1,fuel_combustion,{fuel},1000000,L,t\n",
        encoding="utf-8",
    )
    inventory = compute_inventory(read_activity(csv, province="TH-50", year=2023, gwp="AR5"))
    base = from_result(inventory)
    assert base.total("basic_plus") == pytest.approx(line_t, rel=1e-6)
    ev = with_changes(
        measure_library().by_id()["ev_cars_motorcycles"], uptake=1.0, start_year=2024, ramp_years=1
    )
    plan = plan_from_frames(base, None, to_year=2026, measures=[ev]).plan
    # no driver file: every line held at the base year, so BAU 2025 = the base year
    assert plan.totals("bau")["basic_plus"][2] == pytest.approx(line_t, rel=1e-6)
    assert plan.totals("planned")["basic_plus"][2] == pytest.approx(electric_t, rel=1e-5)


def _json_line(gpc_ref: str, category: str, *, co2: float, ch4: float, co2e: float) -> dict:
    """A line as an inventory result JSON holds it: gases in t and total CO2e, no CO2e per gas."""
    entry = gpc_catalogue().loc[gpc_ref]
    return {
        "row": 2,
        "gpc_ref": gpc_ref,
        "ipcc_category": category,
        "method": "x",
        "activity": "x",
        "co2": co2,
        "co2_biogenic": 0.0,
        "ch4": ch4,
        "n2o": 0.0,
        "co2e": co2e,
        "in_basic": bool(entry["in_basic"]),
        "in_basic_plus": bool(entry["in_basic_plus"]),
        "in_territorial": bool(entry["in_territorial"]),
    }


def test_ar6_methane_keeps_the_inventory_gwp_of_each_line():
    # fossil: stationary combustion (1.A) 100 t CO2 + 1 t CH4 x 29.8 = 129.8 t CO2e;
    # non-fossil: rice (3.C) 10 t CH4 x 27.0 = 270 t CO2e. BASIC+ = 399.8 t, CH4 11 t,
    # of which 29.8 + 270 = 299.8 t CO2e. One AR6 value (27.9) would give 27.9 + 279 and
    # push 1.9 t into "other gases".
    rows = [
        _json_line("I.1.1", "1.A.4.b", co2=100.0, ch4=1.0, co2e=129.8),
        _json_line("V.3", "3.C.7", co2=0.0, ch4=10.0, co2e=270.0),
    ]
    rows[1]["row"] = 3
    base = from_lines(pd.DataFrame(rows), province="TH-50", year=2022, gwp="AR6")
    assert base.total("basic_plus") == pytest.approx(399.8)
    assert base.lines["other"].sum() == pytest.approx(0.0)
    plan = plan_from_frames(base, None, to_year=2024).plan
    gases = gas_table(plan, "basic_plus")
    ch4 = gases[(gases["gas"] == "CH4") & (gases["scenario"] == "bau")].set_index("year")
    assert ch4.loc[2024, "co2e"] == pytest.approx(299.8)
    assert ch4.loc[2024, "tonnes"] == pytest.approx(11.0)


def test_an_ar6_inventory_json_gives_the_plan_the_inventorys_totals(tmp_path):
    # the example province with AR6: its result JSON (gases in t, total CO2e per line)
    # read by the planner must reproduce the totals the inventory wrote beside them
    # (before per-line methane GWPs, BASIC+ came out about 49,000 t higher)
    import json
    from pathlib import Path

    from climateplan.inventory.export import write_json
    from climateplan.mitigation import load_inventory

    source = Path(__file__).resolve().parents[2] / "examples" / "example_province.csv"
    result = compute_inventory(read_activity(source, province="TH-62", year=2023, gwp="AR6"))
    path = tmp_path / "inventory.json"
    write_json(result, path)
    written = json.loads(path.read_text(encoding="utf-8"))["totals"]
    base = load_inventory(path)
    for basis in ("basic", "basic_plus", "territorial"):
        assert base.total(basis) == pytest.approx(written[basis], rel=1e-9), basis
