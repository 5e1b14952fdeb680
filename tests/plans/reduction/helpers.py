"""Small inventory documents and inputs whose results are worked out by hand in the tests."""

from __future__ import annotations

from tests.mitigation.helpers import line


def inventory_document(rows: list[dict], *, province: str = "TH-50", year: int = 2022) -> dict:
    """An inventory result document (schema climateplan.inventory/1) of hand-built lines."""
    for r in rows:
        r["province"] = province
        r["year"] = year
    return {
        "schema": "climateplan.inventory/1",
        "province": province,
        "year": year,
        "gwp": "AR5",
        "lines": rows,
    }


def two_lines() -> dict:
    """Household LPG 1,000 t CO2 (I.1.1, follows population) and irrigated rice 100 t CH4
    = 2,800 t CO2e with AR5 (V.3, follows rice_area, not given: held at the base year)."""
    return inventory_document(
        [
            line(0, "I.1.1", "fuel_combustion", "lpg", co2=1000.0),
            line(1, "V.3", "rice_cultivation", "irrigated_continuous", ch4=100.0),
        ]
    )


def with_removal() -> dict:
    """Household LPG 1,000 t CO2 and forest land removing 500 t CO2 (V.2, negative)."""
    return inventory_document(
        [
            line(0, "I.1.1", "fuel_combustion", "lpg", co2=1000.0),
            line(1, "V.2", "land", "forest_land_remaining", co2=-500.0),
        ]
    )


POPULATION = {"driver": "population", "year": 2022, "value": 1_000_000, "growth_pct": 1}

AWD = {
    "id": "awd",
    "name_th": "นาเปียกสลับแห้ง",
    "name_en": "Alternate wetting and drying",
    "kind": "emission_factor",
    "method": "rice_cultivation",
    "gases": "ch4",
    "effect_pct": 50,
    "uptake_pct": 40,
    "start_year": 2025,
    "ramp_years": 2,
    "investment": 300,
    "om_per_year": 50,
    "lifetime_years": 5,
    "discount_rate_pct": 9,
    "owner_agency": "สำนักงานเกษตรจังหวัด",
    "co_agencies": ["สำนักงานชลประทาน"],
    "budget": [
        {"fiscal_year": 2026, "amount_thb": 100_000, "source": "provincial"},
        {"fiscal_year": 2027, "amount_thb": 50_000, "source": "environment_fund"},
    ],
    "kpi": {
        "name_th": "พื้นที่นาเปียกสลับแห้ง",
        "name_en": "Rice area under AWD",
        "unit": "rai",
        "baseline": 0,
        "baseline_year": 2022,
        "target": 20_000,
        "target_year": 2030,
    },
}

TARGET_20 = {"name": "province", "kind": "bau_relative", "value": 20, "year": 2030}
