"""Benchmark of the plan's reduction section recompute (``climateplan.plans.reduction.compute``).

The web page recomputes the section whenever its inputs change, so one recompute must
take well under a second: a 300-line inventory (the example province's 251 lines plus
49 copies of its lines at other amounts), 30 measures (the 20 of the library that
target lines of this inventory, plus copies at other uptakes up to 30), the 4 national
targets (horizon 2065) and the default drivers. Median of 7 runs of ``compute()``
(reading the inputs, projection, scenario, tables, document); the files are timed
separately (they are made once per download, not per edit).

    python bench/bench_plan_recompute.py [--runs 7]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
from pathlib import Path

from climateplan.plans.reduction import (
    ReductionInputs,
    check_inputs,
    compute,
    default_drivers,
    files,
    library_measures,
    measure_from_library,
    national_targets,
)

ROOT = Path(__file__).resolve().parents[1]
LINES = 300
MEASURES = 30


def inventory() -> dict:
    doc = json.loads((ROOT / "examples" / "plan" / "inventory.json").read_text(encoding="utf-8"))
    lines = doc["lines"]
    extra = []
    for k in range(LINES - len(lines)):
        line = copy.deepcopy(lines[k % len(lines)])
        line["row"] = 10_000 + k
        for gas in ("co2", "ch4", "n2o", "co2e", "co2_biogenic", "amount"):
            if isinstance(line.get(gas), (int, float)):
                line[gas] = line[gas] * 0.5
        extra.append(line)
    doc["lines"] = lines + extra
    return doc


def measures(base: dict) -> list[dict]:
    rows = []
    for rec in library_measures():
        row = measure_from_library(rec["id"])
        row["owner_agency"] = "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด"
        row["budget"] = [{"fiscal_year": 2026, "amount_thb": 1_000_000, "source": "provincial"}]
        rows.append(row)
    # keep the library measures that target lines of this inventory
    probe = ReductionInputs(measures=rows, settings={"to_year": 2030})
    bad = {p.row for p in check_inputs(probe, base) if p.sheet == "measures"}
    rows = [r for i, r in enumerate(rows) if i + 2 not in bad]
    copies = []
    for k in range(MEASURES - len(rows)):
        row = copy.deepcopy(rows[k % len(rows)])
        row["id"] = f"{row['library_id']}_{k + 2}"
        row["uptake_pct"] = "5"
        copies.append(row)
    out = rows + copies
    for i, row in enumerate(out, start=1):
        row["order"] = i * 10  # every pair on the same lines has different orders
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    base = inventory()
    inputs = ReductionInputs(
        drivers=default_drivers(base["province"], base["year"], 2065),
        measures=measures(base),
        targets=national_targets(base["year"]),
    )
    compute(base, inputs)  # warm-up (imports, reference tables)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        document = compute(base, inputs)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    out = files(document, inputs, "th")
    files_s = time.perf_counter() - start
    print(
        f"reduction recompute: {len(base['lines'])} lines, {len(inputs.measures)} measures, "
        f"{len(document['targets'])} targets, {document['base_year']}-{document['end_year']}"
    )
    print(
        f"compute() median of {args.runs}: {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f})"
    )
    print(f"files(): {files_s:.2f} s for {len(out)} files (4 PNG charts, workbook, CSV, JSON)")
    print(f"document: {len(json.dumps(document)) / 1024:.0f} KB of JSON")


if __name__ == "__main__":
    main()
