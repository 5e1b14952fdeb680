"""Hand-built base-year lines in the inventory engine's result shape (``InventoryResult.lines``).

Tests build their base year here so that every expected number can be derived
by hand from the few lines a test states, whatever the inventory methods do.
"""

from __future__ import annotations

import pandas as pd

from climateplan.mitigation import from_lines
from climateplan.reference import gpc_catalogue, gwp_table

AR5 = gwp_table("AR5")  # CH4 28, N2O 265 (IPCC AR5 WG1 Table 8.A.1)


def line(
    line_id: int,
    gpc_ref: str,
    method: str,
    activity: str,
    *,
    co2: float = 0.0,
    ch4: float = 0.0,
    n2o: float = 0.0,
    biogenic: float = 0.0,
    derived: bool = False,
    amount: float | None = None,
    unit: str = "",
) -> dict:
    """One result line: gases in tonnes; CO2e with AR5 as the engine computes it."""
    entry = gpc_catalogue().loc[gpc_ref]
    co2e_ch4 = ch4 * AR5["CH4"]
    co2e_n2o = n2o * AR5["N2O"]
    return {
        "line_id": line_id,
        "row": line_id + 2,
        "inventory": "TH-50/2022",
        "province": "TH-50",
        "year": 2022,
        "gwp": "AR5",
        "gpc_ref": gpc_ref,
        "sector": entry["sector"],
        "subsector": entry["subsector"],
        "scope": int(entry["scope"]),
        "method": method,
        "activity": activity,
        "amount": amount,
        "unit": unit,
        "co2": co2,
        "co2_biogenic": biogenic,
        "ch4": ch4,
        "n2o": n2o,
        "other_gas": "",
        "other_t": 0.0,
        "co2e_co2": co2,
        "co2e_ch4": co2e_ch4,
        "co2e_n2o": co2e_n2o,
        "co2e_other": 0.0,
        "co2e": co2 + co2e_ch4 + co2e_n2o,
        "notation_key": "",
        "derived": derived,
        "in_basic": bool(entry["in_basic"]),
        "in_basic_plus": bool(entry["in_basic_plus"]),
        "in_territorial": bool(entry["in_territorial"]),
    }


def base_of(rows: list[dict], *, province: str = "TH-50", year: int = 2022):
    return from_lines(pd.DataFrame(rows), province=province, year=year, gwp="AR5")


def drivers_frame(rows: list[dict]) -> pd.DataFrame:
    """A drivers table as text cells (as read from a CSV)."""
    return pd.DataFrame(rows).fillna("").astype(str)


def small_base(year: int = 2022, province: str = "TH-50"):
    """Four emitting rows: household electricity with its T&D row, road diesel, rice."""
    rows = [
        line(0, "I.1.2", "electricity", "grid", co2=1000.0),
        line(0, "I.1.3", "electricity", "grid", co2=80.0, derived=True),
        line(1, "II.1.1", "fuel_combustion", "diesel", co2=5000.0),
        line(2, "V.3", "rice_cultivation", "irrigated_continuous", ch4=100.0),
    ]
    for r in rows:
        r["province"] = province
        r["year"] = year
    return base_of(rows, province=province, year=year)
