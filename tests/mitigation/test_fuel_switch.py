"""Electric vehicles sized by energy service, for any fuel blend; the grid factor in force.

Published numbers used below (all shipped in reference/data with their source):
- gasoline NCV 31.48 MJ/L (DEDE NCV per litre, factors_fuels.csv);
- ethanol density 0.7922 kg/L (US EIA conversion factors) and NCV 27.0 TJ/Gg = 27.0 MJ/kg
  (IPCC 2006 Vol 2 Ch 1 Table 1.2): 0.7922 x 27.0 = 21.3894 MJ/L;
- gasoline CO2 factor 69,300 kg/TJ = 69.3 g/MJ (IPCC 2006 Vol 2 Ch 1 Table 1.4);
- Thai grid factor 0.4750 kg CO2e/kWh (TGO, data years 2022-2024: the vintage the
  inventory engine takes for a 2022 inventory);
- ethanol shares of the Thai grades E10, E20, E85 (DOEB): 10, 20, 85 % by volume.
The library's electric-car measure assumes 7 L/100 km of gasoline (0.07 x 31.48 =
2.2036 MJ/km) and 0.15 kWh/km.
"""

from __future__ import annotations

import pytest

from climateplan.mitigation import measure_library, plan_from_frames
from climateplan.mitigation.analysis import measure_impacts, measure_summary
from climateplan.mitigation.energy import grid_factor_in_force
from climateplan.mitigation.measures import with_changes
from tests.mitigation.helpers import base_of, line

LITRES = 1_000_000
GASOLINE_MJ_PER_L = 31.48
ETHANOL_MJ_PER_L = 0.7922 * 27.0  # 21.3894
GASOLINE_T_CO2_PER_MJ = 69.3e-6
MJ_PER_KM, KWH_PER_KM = 0.07 * 31.48, 0.15
GRID_T_PER_KWH = 0.4750e-3


def gasohol(ethanol_share: float) -> dict:
    """1,000,000 L of a blend as the inventory books it: fossil CO2 of its gasoline part."""
    fossil_mj = LITRES * (1 - ethanol_share) * GASOLINE_MJ_PER_L
    return line(
        0,
        "II.1.1",
        "fuel_combustion",
        {0.10: "gasohol_e10", 0.20: "gasohol_e20", 0.85: "gasohol_e85"}[ethanol_share],
        co2=fossil_mj * GASOLINE_T_CO2_PER_MJ,
        amount=LITRES / 1000.0,
        unit="m**3",  # the engine's canonical unit of a fuel volume
    )


# hand-derived, 1,000,000 L each (MJ = fossil + ethanol; km = MJ / 2.2036;
# t CO2e of electricity = km x 0.15 kWh/km x 0.4750 kg/kWh / 1000):
#   E10: fossil 900,000 L x 31.48 = 28,332,000 MJ -> 1,963.4076 t CO2;
#        + 100,000 L x 21.3894 = 2,138,940 MJ; 30,470,940 MJ -> 13,827,799.96 km -> 985.2307 t
#   E20: 800,000 L x 31.48 = 25,184,000 MJ -> 1,745.2512 t; + 4,277,880 MJ;
#        29,461,880 MJ -> 13,369,885.64 km -> 952.6044 t
#   E85: 150,000 L x 31.48 = 4,722,000 MJ -> 327.2346 t; + 18,180,990 MJ;
#        22,902,990 MJ -> 10,393,442.55 km -> 740.5328 t: emissions RISE by 413.2982 t
CASES = [
    (0.10, 1963.4076, 985.2307),
    (0.20, 1745.2512, 952.6044),
    (0.85, 327.2346, 740.5328),
]


@pytest.mark.parametrize(("share", "fossil_t", "electric_t"), CASES)
def test_electric_cars_on_gasohol_follow_the_km_the_blend_drove(share, fossil_t, electric_t):
    # the arithmetic of the comment above, from the published constants
    mj = LITRES * ((1 - share) * GASOLINE_MJ_PER_L + share * ETHANOL_MJ_PER_L)
    assert mj / MJ_PER_KM * KWH_PER_KM * GRID_T_PER_KWH == pytest.approx(electric_t, rel=1e-6)
    ev = with_changes(
        measure_library().by_id()["ev_cars_motorcycles"], uptake=1.0, start_year=2023, ramp_years=1
    )
    result = plan_from_frames(base_of([gasohol(share)]), None, to_year=2025, measures=[ev])
    plan = result.plan
    assert plan.grid_ef["t_per_kwh"] == pytest.approx(GRID_T_PER_KWH)
    emissions = plan.totals("planned")["basic_plus"]
    # every litre moved: the fuel line's fossil CO2 is avoided, the electricity is added
    assert plan.totals("bau")["basic_plus"][3] == pytest.approx(fossil_t, rel=1e-6)
    assert emissions[3] == pytest.approx(electric_t, rel=1e-5)
    impact = measure_impacts(plan, "planned", "basic_plus").loc["ev_cars_motorcycles", 2025]
    assert impact == pytest.approx(fossil_t - electric_t, rel=1e-5)


def test_half_uptake_and_a_grid_path_scale_the_electricity():
    from climateplan.mitigation import grid_path

    ev = with_changes(
        measure_library().by_id()["ev_cars_motorcycles"], uptake=0.5, start_year=2023, ramp_years=1
    )
    path = grid_path({2022: 0.475, 2032: 0.2375})  # halves in ten years: 2027 is x 0.75
    result = plan_from_frames(
        base_of([gasohol(0.85)]), None, to_year=2030, measures=[ev], grid=path
    )
    emissions = result.plan.totals("planned")["basic_plus"]
    # 2027: half the E85 left (163.6173 t) + half the km on a grid at 0.75 of 2022:
    # 740.5328 x 0.5 x 0.75 = 277.6998 t
    assert emissions[5] == pytest.approx(327.2346 / 2 + 740.5328 * 0.5 * 0.75, rel=1e-5)


def test_grid_factor_in_force_comes_from_the_inventory():
    # no electricity line: the TGO factor of the inventory year's vintage (2022-2024)
    ef, source = grid_factor_in_force(base_of([gasohol(0.10)]))
    assert ef == pytest.approx(0.4750e-3) and "TGO" in source
    # an electricity line states its own: 1,000,000 kWh booked at 499.9 t = 0.4999 kg/kWh
    own = base_of(
        [line(0, "I.1.2", "electricity", "grid", co2=499.9, amount=1_000_000, unit="kWh")]
    )
    assert grid_factor_in_force(own)[0] == pytest.approx(0.4999e-3)


def test_electricity_savings_per_kwh_use_the_grid_factor_in_force():
    # efficient air conditioners (library): I = 10,000 THB per t, OM 0, lifetime 10 years,
    # 9 %: CRF = 0.09 x 1.09^10 / (1.09^10 - 1) = 0.1558201; I x CRF = 1,558.201 THB/t;
    # savings 4.2 THB/kWh; a t CO2e is 1 / 0.000475 = 2,105.263 kWh at 0.4750 kg/kWh, so
    # 8,842.105 THB/t; LC = 1,558.201 - 8,842.105 = -7,283.904 THB/t
    ac = with_changes(measure_library().by_id()["efficient_air_conditioners"], start_year=2023)
    base = base_of(
        [line(0, "I.1.2", "electricity", "grid", co2=475.0, amount=1_000_000, unit="kWh")]
    )
    result = plan_from_frames(base, None, to_year=2030, measures=[ac])
    row = measure_summary(result.plan, "planned", 2030).iloc[0]
    assert row["levelised_cost_per_t"] == pytest.approx(1558.201 - 4.2 / 0.000475, abs=0.01)
    assert row["grid_ef_kg_per_kwh"] == pytest.approx(0.475)


def test_a_fuel_line_without_its_amount_gets_its_energy_from_its_co2():
    # E85 booked with fossil CO2 327.2346 t (4,722,000 MJ x 69.3 g/MJ) and biogenic CO2 of
    # its ethanol 18,180,990 MJ x 70.8 g/MJ (IPCC 2006 Vol 2 Table 1.4, biogasoline) =
    # 1,287.2141 t, no amount: energy = 327.2346/69.3 + 1287.2141/70.8 (t / t per TJ)
    # = 4.722 + 18.18099 = 22.90299 TJ, the same km and electricity as from the litres
    row = gasohol(0.85)
    row.update(amount=None, unit="", co2_biogenic=18_180_990 * 70.8e-6)
    ev = with_changes(
        measure_library().by_id()["ev_cars_motorcycles"], uptake=1.0, start_year=2023, ramp_years=1
    )
    result = plan_from_frames(base_of([row]), None, to_year=2025, measures=[ev])
    assert result.plan.totals("planned")["basic_plus"][3] == pytest.approx(740.5328, rel=1e-5)
