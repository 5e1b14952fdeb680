"""Independent check of the national roll-up: the NDC on BASIC+ without land (V.2),
net zero on net BASIC+, the coverage and the proxy caveat; worked out by hand.

AR5 GWP (CH4 28, IPCC AR5 WG1 Table 8.A.1). Shipped national sets
(reference/data/mitigation_national_targets.csv): NDC 30 % / 40 % below BAU in 2030
(Thailand's 2nd updated NDC, 2022) on basic_plus_no_land; net zero GHG 2065 (LT-LEDS
2022) on net_basic_plus. Lines held at the base year (no drivers).
"""

from __future__ import annotations

import json

import pytest

from climateplan.mitigation import national_rollup, national_targets, plan_from_frames, summary_of
from climateplan.mitigation.export import rollup_document
from tests.mitigation.helpers import base_of, line


def province(code: str, diesel: float, rice_ch4: float, removal: float):
    base = base_of(
        [
            line(0, "II.1.1", "fuel_combustion", "diesel", co2=diesel),
            line(1, "V.3", "rice_cultivation", "irrigated_continuous", ch4=rice_ch4),
            line(2, "V.2", "land", "forest_land_remaining", co2=-removal),
        ],
        province=code,
    )
    return summary_of(plan_from_frames(base, None, to_year=2065).plan)


def test_ndc_without_land_and_net_zero_with_removals_and_coverage():
    # TH-50: diesel 5,000 t, rice 100 t CH4 = 2,800 t, forest removal -2,000 t
    # TH-10: diesel 3,000 t, rice 10 t CH4 = 280 t, forest removal -500 t
    # BASIC+ without land (rice V.3 stays, the V.2 removal is land): 7,800 + 3,280 = 11,080
    # NDC unconditional 2030: 0.7 x 11,080 = 7,756 t; conditional 0.6 x 11,080 = 6,648 t
    # net BASIC+ 2022: 11,080 - 2,500 = 8,580 t; net zero 2065: path 8,580 -> 0 over
    # 43 years: 2030 = 8,580 x (1 - 8/43) = 6,983.7209 t
    summaries = [province("TH-50", 5000.0, 100.0, 2000.0), province("TH-10", 3000.0, 10.0, 500.0)]
    targets = [t for t in national_targets() if t.name in ("ndc_unconditional", "net_zero_2065")]
    rollup = national_rollup(summaries, targets)
    gap = rollup.gap.set_index(["target", "scenario", "year"])
    ndc = gap.loc[("ndc_unconditional", "bau", 2030)]
    assert ndc["basis"] == "basic_plus_no_land"
    assert ndc["bau"] == pytest.approx(11080.0)
    assert ndc["target_value"] == pytest.approx(7756.0)
    assert ndc["gap"] == pytest.approx(11080.0 - 7756.0)
    nz = gap.loc[("net_zero_2065", "bau", 2030)]
    assert nz["basis"] == "net_basic_plus"
    assert nz["bau"] == pytest.approx(8580.0)
    assert nz["target_value"] == pytest.approx(8580.0 * (1 - 8 / 43))
    # coverage: 2 of 77 provinces, the other 75 named
    assert rollup.coverage["provinces"] == 2 and rollup.coverage["of"] == 77
    assert len(rollup.coverage["missing"]) == 75 and "TH-50" not in rollup.coverage["missing"]
    doc = json.loads(json.dumps(rollup_document(rollup)))  # what rollup.json holds
    assert doc["coverage"]["provinces"] == 2
    assert "proxy" in doc["caveat_en"] and "LULUCF" in doc["caveat_en"] and doc["caveat_th"]
    assert {t["name"]: t["basis"] for t in doc["targets"]} == {
        "ndc_unconditional": "basic_plus_no_land",
        "net_zero_2065": "net_basic_plus",
    }
