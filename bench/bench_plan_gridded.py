"""Benchmark: the plan's risk section computing gridded climate indices for one province.

What it measures: ``climateplan.plans.risk.compute_gridded`` (the call the web layer's
background task makes) on a synthetic 0.25-degree daily grid of tasmax, tasmin and pr,
30 years (1985-2014, the framework's baseline), over the province's bounding box with a
half-degree margin, for the province and all its districts, with the indices the shipped
framework reads. The grid is written once to the work folder (not shipped). Each run is
a fresh child process, so its figures are that run's alone: wall time of the call, CPU
time (user + system) of the child, and peak resident memory (VmHWM from
/proc/self/status), also just before the call (the libraries alone). Prints a JSON
line per run and the medians.

Usage: ``python bench/bench_plan_gridded.py [--province TH-50] [--runs 3]
[--extent province|thailand] [--workdir /tmp/bench_plan_gridded]
[--scheduler tcp://host:8786]``. With ``--extent thailand`` the file covers the whole
country (about 12 times the cells of Chiang Mai's box) and only the cells touching the
province are read.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

BASELINE = "1985-2014"
MARGIN = 0.5  # degrees around the province's bounding box


def vm_hwm_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def generate(workdir: Path, province: str, extent: str = "province") -> Path:
    from climateplan.plans.risk.geo import province_bounds
    from climateplan.risk.climate import SyntheticClimateSettings, generate_synthetic_climate
    from climateplan.risk.climate.synthetic import member_file_name

    lon_min, lat_min, lon_max, lat_max = province_bounds(province)
    ranges = {
        "lon_range": (lon_min - MARGIN, lon_max + MARGIN),
        "lat_range": (lat_min - MARGIN, lat_max + MARGIN),
    }
    if extent == "thailand":  # the generator's default: the whole country
        ranges = {}
    settings = SyntheticClimateSettings(
        start_year=1985,
        end_year=2014,
        resolution=0.25,
        models=1,
        seed=1,
        scenario="historical",
        variables=("tasmax", "tasmin", "pr"),
        **ranges,
    )
    out = workdir / (province if extent == "province" else extent)
    path = out / member_file_name(settings, 0)
    if not path.exists():
        generate_synthetic_climate(out, settings)
    return path


def child(path: str, province: str, scheduler: str | None) -> None:
    """One run in this (child) process; prints a JSON line."""
    from climateplan.plans.risk import compute_gridded

    imported_mb = vm_hwm_mb()  # the libraries alone, before any data is read
    calls = []
    start = time.perf_counter()
    rows = compute_gridded(
        [path],
        province,
        baseline=BASELINE,
        periods=[],
        progress=lambda done, total, message: calls.append((done, total)),
        scheduler=scheduler,
    )
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "wall_s": round(wall, 3),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                "peak_mb": round(vm_hwm_mb(), 1),
                "peak_after_imports_mb": round(imported_mb, 1),
                "rows": len(rows),
                "zones": len({r["district"] for r in rows}),
                "progress_calls": len(calls),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="TH-50")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/bench_plan_gridded")
    parser.add_argument("--scheduler", default=None)
    parser.add_argument(
        "--extent",
        choices=("province", "thailand"),
        default="province",
        help="grid over the province's bounding box, or over all Thailand (only the "
        "cells touching the province are read)",
    )
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.province, args.scheduler)
        return
    from _machine import machine

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    path = generate(workdir, args.province, args.extent)
    import xarray as xr

    with xr.open_dataset(path) as ds:
        shape = {k: int(v) for k, v in ds.sizes.items()}
        variables = [v for v in ds.data_vars if v in ("tasmax", "tasmin", "pr")]
    size_mb = path.stat().st_size / 2**20
    print(
        f"grid {shape}, variables {variables}, {size_mb:.0f} MB on disk "
        f"(ready in {time.perf_counter() - t0:.1f} s)"
    )
    results = []
    for _ in range(args.runs):
        command = [sys.executable, __file__, "--child", str(path), "--province", args.province]
        if args.scheduler:
            command += ["--scheduler", args.scheduler]
        out = subprocess.run(
            command,
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(figures))
        results.append(figures)
    print(
        json.dumps(
            {
                "machine": machine(),
                "province": args.province,
                "extent": args.extent,
                "grid": shape,
                "file_mb": round(size_mb, 1),
                "median_wall_s": statistics.median(r["wall_s"] for r in results),
                "median_cpu_s": statistics.median(r["cpu_s"] for r in results),
                "median_peak_mb": statistics.median(r["peak_mb"] for r in results),
                "median_peak_after_imports_mb": statistics.median(
                    r["peak_after_imports_mb"] for r in results
                ),
                "rows": results[0]["rows"],
                "zones": results[0]["zones"],
            }
        )
    )


if __name__ == "__main__":
    main()
