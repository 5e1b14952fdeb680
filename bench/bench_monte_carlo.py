"""Monte Carlo uncertainty benchmark (the inventory speed goal).

Goal: 10,000 iterations of a 300-line inventory in under 1 s. The frame is a
synthetic but realistic provincial inventory: every GPC reference of sectors I-V,
methods and magnitudes typical of a mid-size agricultural province, a mix of data
qualities (so defaults are looked up), some uncertainties given in the input, large
ones sampled from the lognormal, a few notation-key lines and one sink.

Run: python bench/bench_monte_carlo.py  (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine, write_section

from climateplan.inventory.key_categories import key_categories
from climateplan.inventory.uncertainty import (
    LOGNORMAL_FROM_PCT,
    default_uncertainty,
    monte_carlo,
    propagate,
)
from climateplan.reference import gpc_catalogue

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
LINES = 300
ITERATIONS = 10_000

# method family and typical line size (t CO2e) by sub-sector prefix
PROFILE = {
    "I.": ("fuel_combustion", 5_000.0),
    "II.": ("fuel_combustion", 20_000.0),
    "III.1": ("landfill_fod", 15_000.0),
    "III.2": ("biological_treatment", 500.0),
    "III.3": ("incineration", 1_000.0),
    "III.4": ("wastewater_domestic", 8_000.0),
    "IV.": ("cement_clinker", 30_000.0),
    "V.1": ("enteric_fermentation", 10_000.0),
    "V.2": ("direct", -5_000.0),
    "V.3": ("rice_cultivation", 40_000.0),
}


def inventory_lines(n: int = LINES, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cat = gpc_catalogue()
    cat = cat[cat["sector"] != "VI"]
    refs = cat["gpc_ref"].to_numpy()[rng.integers(0, len(cat), n)]
    rows = cat.loc[refs]
    prefix = [next(p for p in PROFILE if r.startswith(p)) for r in refs]
    method = np.array([PROFILE[p][0] for p in prefix], dtype=object)
    size = np.array([PROFILE[p][1] for p in prefix]) * rng.lognormal(0.0, 1.0, n)
    method[rows["scope"].to_numpy() == 2] = "electricity"
    method[(refs == "V.3") & (rng.random(n) < 0.4)] = "soils_direct_n2o"
    quality = rng.choice(np.array(["H", "M", "L", ""], dtype=object), n, p=[0.3, 0.45, 0.2, 0.05])
    given = np.where(rng.random(n) < 0.2, rng.uniform(3.0, 80.0, n), np.nan)
    notation = np.where(rng.random(n) < 0.05, "NE", "")
    share_ch4 = np.where(np.isin(method, ["landfill_fod", "enteric_fermentation"]), 1.0, 0.05)
    co2e = np.where(notation == "", size, 0.0)
    frame = pd.DataFrame(
        {
            "line_id": np.arange(n),
            "inventory": "TH-99/2023",
            "province": "TH-99",
            "year": 2023,
            "gpc_ref": refs,
            "sector": rows["sector"].to_numpy(),
            "subsector": rows["subsector"].to_numpy(),
            "scope": rows["scope"].to_numpy(int),
            "ipcc_category": rows["ipcc_category"].to_numpy(),
            "method": method,
            "co2e": co2e,
            "co2e_co2": co2e * (1 - share_ch4),
            "co2e_ch4": co2e * share_ch4,
            "co2e_n2o": 0.0,
            "co2e_other": 0.0,
            "notation_key": notation,
            "data_quality": quality,
            "uncertainty_pct": given,
            "in_basic": rows["in_basic"].to_numpy(bool),
            "in_basic_plus": rows["in_basic_plus"].to_numpy(bool),
            "in_territorial": rows["in_territorial"].to_numpy(bool),
            "factor_id_main": np.where(method == "electricity", "electricity:2", ""),
        }
    )
    return frame


def timed(fn, runs: int = RUNS) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    lines = inventory_lines()
    u = default_uncertainty(lines)
    emitting = lines["notation_key"] == ""
    n_lognormal = int(((u >= LOGNORMAL_FROM_PCT) & emitting).sum())
    t_mc = timed(lambda: monte_carlo(lines, iterations=ITERATIONS, seed=1))
    t_mc_corr = timed(
        lambda: monte_carlo(lines, iterations=ITERATIONS, seed=1, correlate_shared_factors=True)
    )
    t_a1 = timed(lambda: propagate(lines))
    t_kc = timed(lambda: key_categories(lines))
    result = monte_carlo(lines, iterations=ITERATIONS, seed=1).set_index("total")
    a1 = propagate(lines).set_index("total")
    verdict = "met" if t_mc < 1.0 else "NOT met"
    body = f"""
Script: `bench/bench_monte_carlo.py`. Machine: {machine()}.
Median of {RUNS} runs after one warm-up.

Inventory: {LINES} lines ({int(emitting.sum())} emitting, {int((~emitting).sum())} notation
keys) on GPC references drawn at random from sectors I-V, mixed data quality;
{n_lognormal} lines at or above {LOGNORMAL_FROM_PCT:g} % sampled from the lognormal.

| work | median time |
| --- | --- |
| Monte Carlo, {ITERATIONS:,} iterations, 12 totals, independent lines | {t_mc * 1000:.0f} ms |
| Monte Carlo, same, lines sharing the grid factor correlated | {t_mc_corr * 1000:.0f} ms |
| Approach 1 (error propagation), 12 totals | {t_a1 * 1000:.1f} ms |
| Key category analysis (level) | {t_kc * 1000:.1f} ms |

Goal: Monte Carlo of {ITERATIONS:,} iterations of a 300-line inventory under
1 s: **{verdict}**.

BASIC+ of this inventory: {result.at["basic_plus", "emissions_co2e"]:,.0f} t CO2e;
Approach 1 +-{a1.at["basic_plus", "uncertainty_pct"]:.1f} %; Monte Carlo
-{result.at["basic_plus", "lower_pct"]:.1f} % / +{result.at["basic_plus", "upper_pct"]:.1f} %
(2.5 and 97.5 percentiles).
"""
    print(body)
    write_section(str(ROOT / "docs" / "benchmarks.md"), "Inventory: Monte Carlo uncertainty", body)


if __name__ == "__main__":
    main()
