"""Seeded synthetic example inputs for the risk index: demos, tests and benchmarks.

THE VALUES ARE NOT OFFICIAL DATA. They are drawn around plausible regional levels so
that a demo profile looks like a Thai province (poorer, more rain-fed northeast; wetter,
stormier south; denser, richer Bangkok region) and every row says so in its ``source``.
A real profile uses the agencies' figures named in the framework.

``python -m climateplan.risk.index.examples`` rewrites the shipped example CSVs in
``risk/data/`` (deterministic for a given seed).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.reference.provinces import provinces
from climateplan.reports.cells import write_csv
from climateplan.risk.index.framework import Framework, load_framework

SYNTHETIC_NOTE = "SYNTHETIC EXAMPLE, not official data / ข้อมูลตัวอย่างสังเคราะห์ ไม่ใช่ข้อมูลทางการ"
EXAMPLE_INDICATORS = "example_indicators_th.csv"
EXAMPLE_GRIDDED = "example_gridded_indices_th.csv"

# Provinces with a sea coast (Gulf of Thailand and Andaman Sea), by ISO 3166-2:TH code;
# a geographic fact used only to shape the synthetic coastal values.
COASTAL = [
    "TH-10",
    "TH-11",
    "TH-20",
    "TH-21",
    "TH-22",
    "TH-23",
    "TH-24",
    "TH-74",
    "TH-75",
    "TH-76",
    "TH-77",
    "TH-80",
    "TH-81",
    "TH-82",
    "TH-83",
    "TH-84",
    "TH-85",
    "TH-86",
    "TH-90",
    "TH-91",
    "TH-92",
    "TH-94",
    "TH-96",
]
ANDAMAN = ("TH-81", "TH-82", "TH-83", "TH-85", "TH-91", "TH-92")
UPPER_GULF = ("TH-10", "TH-11", "TH-74", "TH-75")
DENSE = {"TH-10": 3500, "TH-12": 2000, "TH-11": 1400, "TH-13": 800, "TH-74": 700, "TH-83": 750}
RICH = {"TH-10": 700_000, "TH-21": 950_000, "TH-20": 550_000, "TH-11": 450_000, "TH-83": 400_000}
TOURISM = {"TH-83": 55, "TH-81": 35, "TH-82": 25, "TH-20": 25, "TH-84": 18, "TH-50": 15}

# Regional centre values of the synthetic draw, per indicator:
# Central, East, North, Northeast, South, West.
REGIONS = ("Central", "Eastern", "Northern", "Northeastern", "Southern", "Western")
_LEVELS = {
    "poverty_rate": (4, 3, 10, 12, 9, 7),
    "agricultural_employment_share": (25, 25, 45, 50, 40, 35),
    "elderly_share": (21, 17, 24, 19, 16, 20),
    "disability_share": (3.2, 3.0, 3.8, 4.0, 3.0, 3.4),
    "forest_cover_share": (8, 25, 55, 12, 20, 50),
    "flood_prone_population_share": (30, 10, 10, 15, 15, 8),
    "rainfed_farm_area_share": (35, 60, 65, 85, 70, 50),
    "tropical_cyclone_frequency": (2.0, 2.5, 2.0, 4.0, 3.0, 1.0),
    "storm_disaster_declarations": (3, 4, 6, 10, 5, 3),
    "landslide_risk_villages_share": (1, 4, 20, 2, 15, 10),
    "local_budget_per_capita": (7000, 8000, 6500, 5500, 6500, 6500),
    "early_warning_coverage": (45, 50, 55, 40, 60, 50),
    "hospital_beds_per_1000": (2.2, 2.0, 1.8, 1.4, 1.8, 1.7),
    "irrigation_coverage": (60, 25, 25, 12, 15, 30),
    "gpp_per_capita": (200_000, 350_000, 100_000, 80_000, 150_000, 130_000),
    "population_density": (250, 180, 70, 150, 130, 90),
}


def _region_index(table: pd.DataFrame) -> np.ndarray:
    lookup = {name: i for i, name in enumerate(REGIONS)}
    return table["region_en"].map(lambda r: lookup.get(str(r).split()[0], 0)).to_numpy()


def synthetic_indicator_table(framework: Framework | None = None, seed: int = 2566) -> pd.DataFrame:
    """A full indicator table (every table-sourced indicator, all 77 provinces)."""
    framework = framework or load_framework()
    rng = np.random.default_rng(seed)
    prov = provinces()
    codes = prov["code"].to_numpy()
    region = _region_index(prov)
    n = len(prov)
    coastal = np.isin(codes, COASTAL)
    columns: dict[str, np.ndarray] = {}
    for name, levels in _LEVELS.items():
        centre = np.array(levels, dtype=float)[region]
        if name in ("gpp_per_capita", "population_density", "local_budget_per_capita"):
            columns[name] = centre * rng.lognormal(0.0, 0.25, n)
        else:
            columns[name] = np.clip(centre * rng.normal(1.0, 0.2, n), 0.0, None)
    for code, value in DENSE.items():
        columns["population_density"][codes == code] = value
    for code, value in RICH.items():
        columns["gpp_per_capita"][codes == code] = value
    tourism = np.where(coastal, 12.0, 4.0) * rng.lognormal(0.0, 0.3, n)
    for code, value in TOURISM.items():
        tourism[codes == code] = value
    columns["tourism_dependence"] = tourism
    columns["coastal_erosion_length"] = np.where(coastal, rng.uniform(5, 60, n), 0.0)
    lecz = np.where(coastal, rng.uniform(5, 35, n), 0.0)
    lecz[np.isin(codes, UPPER_GULF)] = rng.uniform(40, 55, len(UPPER_GULF))
    columns["lecz_population_share"] = lecz
    bkk = codes == "TH-10"
    columns["agricultural_employment_share"][bkk] = 0.5
    columns["forest_cover_share"][bkk] = 0.0
    columns["landslide_risk_villages_share"][np.isin(codes, ANDAMAN)] *= 1.5
    columns["hospital_beds_per_1000"][bkk] = 4.5
    columns["local_budget_per_capita"][bkk] = 15_000

    rows = []
    for ind_id in framework.used_indicators():
        ind = framework.indicators[ind_id]
        if ind.gridded is not None or ind_id not in columns:
            continue
        rows.append(
            pd.DataFrame(
                {
                    "province": codes,
                    "indicator": ind_id,
                    "value": np.round(columns[ind_id], 2),
                    "year": ind.year,
                    "source": SYNTHETIC_NOTE,
                    "synthetic": True,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


# Gridded indices: baseline level by region (Central, East, North, NE, South, West),
# projected change per scenario and window as a share of the baseline (or days).
_GRID_BASE = {
    "r95ptot": ("%", (24, 27, 22, 22, 30, 22)),
    "rx1day": ("mm", (95, 120, 80, 85, 170, 85)),
    "rx5day": ("mm", (170, 230, 150, 160, 330, 160)),
    "r20mm": ("days", (18, 28, 15, 16, 40, 15)),
    "cdd": ("days", (75, 60, 95, 100, 35, 85)),
    "spi6_months_below_m1": ("months", (1.9, 1.9, 1.9, 1.9, 1.9, 1.9)),
    "spi3_months_below_m1": ("months", (1.9, 1.9, 1.9, 1.9, 1.9, 1.9)),
    "tx_days_above_35": ("days", (90, 40, 100, 85, 15, 95)),
    "tn_days_above_25": ("days", (230, 250, 120, 170, 300, 150)),
    "heat_index_days_above_41": ("days", (60, 50, 30, 40, 45, 35)),
    "txx": ("degC", (39.5, 37.5, 40.5, 40.0, 36.5, 40.0)),
    # season years from 1 August: the dry season is not cut at 1 January, so longer
    # spells than calendar-year CDD (appended last: earlier draws stay as they were)
    "cdd_from_aug": ("days", (95, 75, 125, 130, 40, 110)),
    "spi6_months_below_m1_from_aug": ("months", (1.9, 1.9, 1.9, 1.9, 1.9, 1.9)),
    "spi3_months_below_m1_from_aug": ("months", (1.9, 1.9, 1.9, 1.9, 1.9, 1.9)),
}
# (scenario, period) -> multiplier of the "unit change" of each index
_WINDOWS = {
    ("ssp245", "2021-2050"): 1.0,
    ("ssp245", "2051-2080"): 1.8,
    ("ssp585", "2021-2050"): 1.3,
    ("ssp585", "2051-2080"): 2.8,
}
_UNIT_CHANGE = {  # change per unit multiplier: relative (share) or absolute (abs)
    "r95ptot": ("share", 0.06),
    "rx1day": ("share", 0.05),
    "rx5day": ("share", 0.07),
    "r20mm": ("share", 0.04),
    "cdd": ("share", 0.04),
    "spi6_months_below_m1": ("abs", 0.3),
    "spi3_months_below_m1": ("abs", 0.3),
    "tx_days_above_35": ("abs", 20.0),
    "tn_days_above_25": ("abs", 30.0),
    "heat_index_days_above_41": ("abs", 25.0),
    "txx": ("abs", 0.9),
    "cdd_from_aug": ("share", 0.04),
    "spi6_months_below_m1_from_aug": ("abs", 0.3),
    "spi3_months_below_m1_from_aug": ("abs", 0.3),
}


def synthetic_gridded_table(seed: int = 2566, n_models: int = 5) -> pd.DataFrame:
    """A gridded indices table in the contract of ``climateplan risk indices``:
    baseline 1985-2014 ("historical") and SSP2-4.5 / SSP5-8.5 for 2021-2050 and 2051-2080;
    as the gridded engine does, spread_low / spread_high are the ensemble 10th / 90th
    percentiles of the value (for the baseline, of the baseline value)."""
    rng = np.random.default_rng(seed + 1)
    prov = provinces()
    codes = prov["code"].to_numpy()
    region = _region_index(prov)
    n = len(prov)
    frames = []
    for index, (unit, levels) in _GRID_BASE.items():
        base = np.array(levels, dtype=float)[region] * rng.normal(1.0, 0.1, n)
        base = np.clip(base, 0.0, None)
        frames.append(
            _grid_rows(
                codes,
                index,
                unit,
                "1985-2014",
                "historical",
                base,
                base,
                np.zeros(n),
                base * 0.95,
                n_models,
                spread_high=base * 1.05,
            )
        )
        kind, step = _UNIT_CHANGE[index]
        local = rng.normal(1.0, 0.35, n)
        for (scenario, period), mult in _WINDOWS.items():
            change = (base * step if kind == "share" else np.full(n, step)) * mult * local
            if index == "tn_days_above_25":
                change = np.minimum(change, 365 - base)
            half_width = np.abs(change) * rng.uniform(0.4, 1.4, n)
            frames.append(
                _grid_rows(
                    codes,
                    index,
                    unit,
                    period,
                    scenario,
                    base + change,
                    base,
                    change,
                    base + change - half_width,
                    n_models,
                    spread_high=base + change + half_width,
                )
            )
    table = pd.concat(frames, ignore_index=True)
    for col in ("value", "baseline", "change", "change_pct", "spread_low", "spread_high"):
        table[col] = table[col].round(3)
    table["years_dropped_pct"] = 0.0
    table["synthetic"] = True  # every row: not climate data
    return table


def _grid_rows(
    codes,
    index,
    unit,
    period,
    scenario,
    value,
    baseline,
    change,
    spread_low,
    n_models,
    spread_high,
) -> pd.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(baseline > 0, 100.0 * change / baseline, np.nan)
    if unit == "degC":  # per-cent change of an interval-scale temperature means nothing
        pct = np.full_like(pct, np.nan)
    return pd.DataFrame(
        {
            "province": codes,
            "index": index,
            "unit": unit,
            "period": period,
            "scenario": scenario,
            "value": value,
            "baseline": baseline,
            "change": change,
            "change_pct": pct,
            "spread_low": spread_low,
            "spread_high": spread_high,
            "n_models": n_models,
        }
    )


def example_path(name: str) -> Path:
    return Path(str(files("climateplan.risk") / "data" / name))


def write_examples(seed: int = 2566) -> list[Path]:
    out = []
    for name, table in (
        (EXAMPLE_INDICATORS, synthetic_indicator_table(seed=seed)),
        (EXAMPLE_GRIDDED, synthetic_gridded_table(seed=seed)),
    ):
        path = example_path(name)
        write_csv(table, path)  # the shared export sanitiser (UTF-8 with BOM, atomic)
        out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    for written in write_examples():
        print(written)
