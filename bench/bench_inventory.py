"""Inventory engine benchmark (speed goals).

1. National batch: 77 provinces x 10 years of inventories shaped like the example
   province (~231,000 lines when the example has 300 lines), computed and aggregated
   in one pass (`compute_batch`) after parsing. Goal: under 1 s.
2. `climateplan inventory compute` on the example workbook as a whole process
   (interpreter start, imports, reading, validation, computing, writing), against the
   import floor: a process that only imports pandas, numpy and openpyxl. Goal: the
   command within 1.5 times the floor. Both are measured alternately, so that the load
   of a shared machine weighs on both alike; the load average is written beside them.

Run: python bench/bench_inventory.py  (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine, write_section

from climateplan.inventory import compute_batch, read_activity
from climateplan.reference import provinces

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example_province.xlsx"
RUNS = 7


def national_lines(years: int = 10, seed: int = 1, lines_per_inventory: int = 300) -> pd.DataFrame:
    """77 x `years` copies of the example, amounts scaled by a random factor per copy.

    The example has 226 input lines (251 with derived T&D lines), so 770 copies hold
    about 174,000 input lines; ``lines_per_inventory`` pads each copy to ~300 lines
    by repeating lines, as the 231,000-line national goal assumes."""
    example = read_activity(EXAMPLE).lines
    rng = np.random.default_rng(seed)
    extra = lines_per_inventory - len(example)
    if extra > 0:  # repeat randomly chosen lines (e.g. more districts) up to ~300 lines
        example = pd.concat([example, example.sample(extra, replace=True, random_state=seed)])
    frames = []
    for code in provinces()["code"]:
        for year in range(2014, 2014 + years):
            copy = example.copy()
            copy["province"] = code
            # landfill deposits keep their age relative to the inventory year
            copy["activity_year"] = copy["activity_year"] + (year - copy["year"])
            copy["year"] = year
            copy["inventory"] = f"{code}/{year}"
            copy["amount"] = copy["amount"] * rng.uniform(0.5, 2.0)
            frames.append(copy)
    return pd.concat(frames, ignore_index=True)


def time_batch(lines: pd.DataFrame) -> list[float]:
    from climateplan.inventory.activity import ActivityData, InventoryMeta

    data = ActivityData(meta=InventoryMeta("TH-10", 2020), lines=lines)
    compute_batch([data])  # warm caches (factor tables, GWP)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        compute_batch([data])
        times.append(time.perf_counter() - start)
    return times


FLOOR = [sys.executable, "-c", "import pandas, numpy, openpyxl"]


def _run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one process.

    On a machine shared with other work, the wall time of a process grows with the
    load while its CPU time barely moves: the CPU ratio is the one to compare."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _env(bytecode: bool, tmp: str) -> dict:
    """The environment of the measured processes: with ``bytecode``, Python keeps the
    compiled modules (in a temporary folder, not the source tree) as an installed
    package does; without it, every run compiles the package's modules again (what a
    PYTHONDONTWRITEBYTECODE=1 environment does)."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def time_cli(
    runs: int = RUNS, bytecode: bool = True
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Whole-process (wall, CPU) times of the command and of the import floor, run
    alternately."""
    cli, floor = [], []
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(bytecode, tmp)
        out = Path(tmp) / "out.json"
        cmd = [
            sys.executable,
            "-m",
            "climateplan.cli.main",
            "inventory",
            "compute",
            str(EXAMPLE),
            "--format",
            "json",
            "-o",
            str(out),
        ]
        _run(cmd, env)  # warm the file cache (and the unit cache, as any second run finds)
        _run(FLOOR, env)
        for _ in range(runs):
            cli.append(_run(cmd, env))
            floor.append(_run(FLOOR, env))
    return cli, floor


def main() -> None:
    lines = national_lines()
    batch = time_batch(lines)
    n_inv = lines["inventory"].nunique()
    load_before = os.getloadavg()
    cli, floor = time_cli()
    cold, cold_floor = time_cli(bytecode=False)
    load = os.getloadavg()
    example_lines = len(read_activity(EXAMPLE).lines)

    def wall(pairs):
        return [w for w, _ in pairs]

    def cpu(pairs):
        return [c for _, c in pairs]

    def ratio(a, b):
        return statistics.median(a) / statistics.median(b)

    def row(label: str, goal: str, times: list[float]) -> str:
        med = statistics.median(times)
        return f"| {label} | {goal} | {med:.3f} s | {min(times):.3f} - {max(times):.3f} s |"

    body = "\n".join(
        [
            f"Machine: {machine()}. Script: `bench/bench_inventory.py`, {RUNS} runs each.",
            "",
            "| measurement | goal | median | min - max |",
            "| --- | --- | --- | --- |",
            row(
                f"national batch: {n_inv} inventories, {len(lines):,} lines, `compute_batch` "
                "(compute + aggregate, after parsing)",
                "< 1 s",
                batch,
            ),
            row(
                f"`climateplan inventory compute` on the example workbook ({example_lines} "
                "lines), whole process, wall time",
                "< 1.5 x floor",
                wall(cli),
            ),
            row(
                "import floor: `python -c 'import pandas, numpy, openpyxl'`, wall time",
                "",
                wall(floor),
            ),
            row("the command, CPU time (user + system)", "< 1.5 x floor", cpu(cli)),
            row("import floor, CPU time (user + system)", "", cpu(floor)),
            row(
                "the command, modules compiled at every run (PYTHONDONTWRITEBYTECODE=1), wall",
                "",
                wall(cold),
            ),
            row("import floor, same setting, wall", "", wall(cold_floor)),
            "",
            f"Command / floor (medians), compiled modules kept as an installed package keeps "
            f"them: **{ratio(cpu(cli), cpu(floor)):.2f} in CPU time**, "
            f"{ratio(wall(cli), wall(floor)):.2f} in wall time (goal 1.5); compiled at every "
            f"run: {ratio(cpu(cold), cpu(cold_floor)):.2f} CPU, "
            f"{ratio(wall(cold), wall(cold_floor)):.2f} wall. "
            f"Load average (1, 5, 15 min) before the runs: {load_before[0]:.1f}, "
            f"{load_before[1]:.1f}, {load_before[2]:.1f}; after: {load[0]:.1f}, {load[1]:.1f}, "
            f"{load[2]:.1f}, on {os.cpu_count()} cores shared with other work.",
        ]
    )
    write_section(str(ROOT / "docs" / "benchmarks.md"), "Inventory engine", body)
    print(body)


if __name__ == "__main__":
    main()
