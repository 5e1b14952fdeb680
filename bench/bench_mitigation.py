"""Benchmark of the reduction planning engine.

1. One province: a base-year inventory (the example province workbook when present,
   and a synthetic 300-line inventory) projected to 2065 with 30 measures and 4
   scenarios (BAU, existing, planned, proposed): projection, scenarios, totals,
   measure summary and gap tables. Target: under 1 s.
2. All 77 provinces, each with its own drivers, 30 measures and 4 scenarios to 2065,
   then the national roll-up against the NDC targets. Target: under 10 s.

Charts and file writing are not timed (they are I/O, done once per plan).
Median of several runs; prints a markdown block for docs/benchmarks.md.

    python bench/bench_mitigation.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.mitigation import (
    from_lines,
    from_result,
    measure_library,
    national_rollup,
    national_targets,
    plan_from_frames,
    read_drivers,
    summary_of,
)
from climateplan.mitigation.analysis import gap_table, measure_summary, totals_table
from climateplan.mitigation.selectors import line_keys
from climateplan.reference import gpc_catalogue, gwp_table, provinces

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example_province.xlsx"
END = 2065
DRIVER_NAMES = (
    "population",
    "gpp",
    "industry_output",
    "commerce_output",
    "agriculture_output",
    "electricity_demand",
    "vehicle_stock",
    "waste_per_person",
    "livestock_heads",
    "swine_heads",
    "cattle_heads",
    "rice_area",
    "crop_area",
    "crop_production",
    "fertiliser_use",
    "cement_output",
    "tourists",
)

# (gpc_ref, method, activity, gas, tonnes range) of a synthetic Thai province
SYNTHETIC = [
    ("I.1.2", "electricity", "grid", "co2", (2e3, 8e4)),
    ("I.2.2", "electricity", "grid", "co2", (2e3, 6e4)),
    ("I.3.2", "electricity", "grid", "co2", (1e3, 5e4)),
    ("I.1.1", "fuel_combustion", "lpg", "co2", (1e3, 2e4)),
    ("I.3.1", "fuel_combustion", "lignite", "co2", (1e3, 9e4)),
    ("I.5.1", "fuel_combustion", "diesel", "co2", (5e2, 1e4)),
    ("II.1.1", "fuel_combustion", "diesel", "co2", (5e3, 1e5)),
    ("II.1.1", "fuel_combustion", "gasohol_e10", "co2", (5e3, 8e4)),
    ("III.1.1", "landfill_commitment", "msw", "ch4", (50, 800)),
    ("III.4.1", "wastewater_industrial", "starch", "ch4", (10, 300)),
    ("IV.1", "cement_clinker", "clinker", "co2", (1e3, 1e5)),
    ("V.1", "manure_management", "swine", "ch4", (10, 400)),
    ("V.1", "enteric_fermentation", "other_cattle", "ch4", (50, 900)),
    ("V.3", "rice_cultivation", "irrigated_continuous", "ch4", (100, 3000)),
    ("V.3", "crop_residue_burning", "sugarcane", "ch4", (5, 100)),
    ("V.3", "crop_residue_burning", "rice", "ch4", (5, 100)),
    ("V.3", "soils_direct_n2o", "urea_46_0_0", "n2o", (5, 80)),
]


def synthetic_lines(n: int, seed: int, province: str = "TH-62", year: int = 2023) -> pd.DataFrame:
    """``n`` result lines in the engine's shape, cycling through SYNTHETIC."""
    rng = np.random.default_rng(seed)
    cat = gpc_catalogue()
    gwp = gwp_table("AR5")
    rows = []
    for i in range(n):
        ref, method, activity, gas, (low, high) = SYNTHETIC[i % len(SYNTHETIC)]
        tonnes = float(rng.uniform(low, high))
        gases = {"co2": 0.0, "ch4": 0.0, "n2o": 0.0, gas: tonnes}
        entry = cat.loc[ref]
        rows.append(
            {
                "line_id": i,
                "row": i + 2,
                "gpc_ref": ref,
                "method": method,
                "activity": activity,
                "sector": entry["sector"],
                "subsector": entry["subsector"],
                "scope": int(entry["scope"]),
                **gases,
                "co2_biogenic": 0.0,
                "co2e": gases["co2"] + gases["ch4"] * gwp["CH4"] + gases["n2o"] * gwp["N2O"],
                "notation_key": "",
                "derived": False,
                "province": province,
                "year": year,
            }
        )
    return pd.DataFrame(rows)


def drivers_for(seed: int, year: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        {"driver": name, "year": str(year), "growth_pct": f"{rng.uniform(-0.5, 3.5):.3f}"}
        for name in DRIVER_NAMES
    ]
    rows.append({"driver": "population", "year": "2040", "growth_pct": "-0.2"})
    return pd.DataFrame(rows).fillna("")


def thirty_measures(base) -> list:
    """The library measures that find lines in ``base``, repeated as later phases to 30."""
    keys = line_keys(base.lines)
    usable = [m for m in measure_library() if m.selector.mask(keys).any()]
    statuses = ("existing", "planned", "proposed")
    out = []
    phase = 0
    while len(out) < 30:
        for m in usable:
            if len(out) == 30:
                break
            k = len(out)
            out.append(
                replace(
                    m,
                    id=f"{m.id}_{phase}" if phase else m.id,
                    order=float(k + 1),
                    status=statuses[k % 3],
                    start_year=m.start_year + 8 * phase,
                    uptake=min(1.0, m.uptake * (1 + 0.5 * phase)),
                )
            )
        phase += 1
    return out


def one_plan(base, drivers, measures, targets):
    result = plan_from_frames(base, drivers, to_year=END, measures=measures, targets=targets)
    plan = result.plan
    totals_table(plan)
    measure_summary(plan, "proposed", 2030)
    gap_table(plan, result.targets)
    return result


def machine_name() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return f"{platform.node()}: {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def timed(fn, runs: int) -> tuple[float, object]:
    """Median wall-clock seconds of ``runs`` calls; the median CPU seconds of the process
    are kept in CPU_SECONDS (on a machine shared with other jobs, wall time waits for the
    CPU, process time does not)."""
    times, cpu, out = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU_SECONDS.append(statistics.median(cpu))
    return statistics.median(times), out


CPU_SECONDS: list[float] = []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    targets = [t for t in national_targets() if t.year <= END]
    cases = []
    if EXAMPLE.exists():
        from climateplan.inventory import compute_inventory, read_activity

        cases.append(
            ("example province workbook", from_result(compute_inventory(read_activity(EXAMPLE))))
        )
    cases.append(
        (
            "synthetic 300 lines",
            from_lines(synthetic_lines(300, 1), province="TH-62", year=2023, gwp="AR5"),
        )
    )
    rows = []
    for name, base in cases:
        drivers = read_drivers(drivers_for(7, base.year))
        measures = thirty_measures(base)
        one_plan(base, drivers, measures, targets)  # warm-up (imports, caches)
        seconds, result = timed(
            lambda b=base, d=drivers, m=measures: one_plan(b, d, m, targets), args.runs
        )
        scenarios = result.plan.scenario_names
        rows.append((name, len(base.lines), len(measures), len(scenarios), seconds))

    codes = provinces()["code"].tolist()
    bases = [
        from_lines(
            synthetic_lines(300, 100 + i, province=code), province=code, year=2023, gwp="AR5"
        )
        for i, code in enumerate(codes)
    ]
    drivers = [read_drivers(drivers_for(200 + i, 2023)) for i in range(len(codes))]
    measures = [thirty_measures(b) for b in bases]

    def national():
        # each province: projection, 4 scenarios, totals per scenario and year (what the
        # roll-up reads from a province's plan); then the national sums, paths and gaps
        summaries = []
        for base, d, m in zip(bases, drivers, measures, strict=True):
            result = plan_from_frames(base, d, to_year=END, measures=m)
            summaries.append(summary_of(result.plan))
        return national_rollup(summaries, targets)

    national_seconds, rollup = timed(national, max(1, min(args.runs, 3)))
    machine = machine_name()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {machine}; load average at start of run {load:.1f}")
    print("| case | lines | measures | scenarios | years | median s | median CPU s | target |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |")
    for (name, n_lines, n_measures, n_scen, seconds), cpu in zip(rows, CPU_SECONDS, strict=False):
        print(
            f"| {name} | {n_lines} | {n_measures} | {n_scen} | 2023-{END} | {seconds:.3f} | "
            f"{cpu:.3f} | < 1 s |"
        )
    n_lines = sum(len(b.lines) for b in bases)
    n_scen = rollup.totals["scenario"].nunique()
    print(
        f"| 77 provinces + national roll-up | {n_lines} | 30 each | {n_scen} | 2023-{END} | "
        f"{national_seconds:.2f} | {CPU_SECONDS[-1]:.2f} | < 10 s |"
    )


if __name__ == "__main__":
    main()
