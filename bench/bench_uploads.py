"""Uploads: time and peak memory of hostile and legitimate activity files.

Each case runs in a fresh child process (peak resident memory, ``ru_maxrss``, is per
process), three times; the median is reported. Cases:

- the 200,000-row XLSX (tiny on disk) and the 3,000,000-row XLSX, with the site's
  default limits (refused from the archive directory) and with the archive checks
  off (the streaming reader stops at 20,000 lines);
- a legitimate 20,000-line CSV and XLSX read, validated and computed (the largest
  inventory the default limits accept).

and, with ``--web``, a 20,000-line inventory on the site (test settings, in-memory
SQLite): the upload through the service, its page (one page of lines) and downloads.

    python bench/bench_uploads.py [--write] [--web]   # --write updates docs/benchmarks.md
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _machine import machine, write_section  # noqa: E402

from tests.security.test_upload_limits import build_xlsx  # noqa: E402

RUNS = 3
CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from climateplan.errors import InputError
    from climateplan.inventory import analyse, read_activity
    from climateplan.uploads import MB, UploadLimits
    limits = (UploadLimits(max_unpacked_bytes=100_000 * MB, max_ratio=1e12)
              if sys.argv[2] == "relaxed" else UploadLimits())
    start = time.perf_counter()
    try:
        data = read_activity(Path(sys.argv[1]), province="TH-50", year=2023, limits=limits)
        analyse(data)
        outcome = f"accepted, {len(data.lines)} lines computed"
    except InputError as error:
        outcome = "refused: " + error.problems[0].message_en.split(":")[0]
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak}))
    """
)


WEB_CHILD = textwrap.dedent(
    """
    import json, os, resource, statistics, sys, time
    sys.path.insert(0, sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "climateplan.site.settings_test")
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    call_command("migrate", verbosity=0)
    setup_test_environment()
    from climateplan.inventory.web import services
    from tests.web.conftest import make_user
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    user = make_user("editor", "provincial_editor", "TH-50")
    inventory = services.create_inventory(user, "TH-50", 2023)
    rows = ["gpc_ref,method,activity,amount,unit,data_quality,source"]
    rows += [f"I.1.1,fuel_combustion,lpg,{1 + n % 97},t,M,bench" for n in range(20000)]
    out = {}
    start = time.perf_counter()
    services.upload(user, inventory, "l20k.csv", ("\\n".join(rows) + "\\n").encode(),
                    expected_revision=1)
    out["upload"] = (time.perf_counter() - start, peak())
    client = Client()
    client.force_login(user)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        page = client.get(f"/inventories/{inventory.pk}/")
        times.append(time.perf_counter() - start)
    out["page"] = (statistics.median(times), peak(), len(page.content),
                   page.content.decode().count('<tr id="line-'))
    for fmt in ("csv", "xlsx"):
        start = time.perf_counter()
        response = client.get(f"/inventories/{inventory.pk}/download/{fmt}/")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        out[fmt] = (time.perf_counter() - start, peak(), len(body))
    print(json.dumps(out))
    """
)


def web() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", WEB_CHILD, str(ROOT)], capture_output=True, text=True, check=True
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    upload, page, csv, xlsx = (figures[k] for k in ("upload", "page", "csv", "xlsx"))
    return [
        "| step (20,000-line inventory, one process) | time | peak memory so far | size |",
        "| --- | ---: | ---: | ---: |",
        f"| upload: parse, validate, compute, store | {upload[0]:.1f} s | {upload[1]:.0f} MB | |",
        f"| inventory page (median of 3; {page[3]} rows shown) | {page[0]:.1f} s | "
        f"{page[1]:.0f} MB | {page[2] / 1024:,.0f} KB |",
        f"| CSV download | {csv[0]:.1f} s | {csv[1]:.0f} MB | {csv[2] / 1024:,.0f} KB |",
        f"| XLSX download | {xlsx[0]:.1f} s | {xlsx[1]:.0f} MB | {xlsx[2] / 1024:,.0f} KB |",
    ]


def run(path: Path, mode: str) -> dict:
    results = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), mode],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "outcome": results[0]["outcome"],
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_mb": statistics.median(r["peak_mb"] for r in results),
    }


def legit_csv(path: Path, lines: int) -> Path:
    row = "I.1.1,fuel_combustion,lpg,{n},t,M,,,bench,\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("gpc_ref,method,activity,amount,unit,data_quality,activity_year,")
        handle.write("uncertainty_pct,source,note\n")
        for n in range(lines):
            handle.write(row.format(n=1 + n % 97))
    return path


def legit_xlsx(path: Path, lines: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("activity")
    sheet.append(["gpc_ref", "method", "activity", "amount", "unit", "data_quality", "source"])
    for n in range(lines):
        sheet.append(["I.1.1", "fuel_combustion", "lpg", 1 + n % 97, "t", "M", "bench"])
    book.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        cases = [
            ("XLSX 200,000 rows", build_xlsx(folder / "r200k.xlsx", 200_000), "default"),
            ("XLSX 200,000 rows, archive checks off", folder / "r200k.xlsx", "relaxed"),
            ("XLSX 3,000,000 rows", build_xlsx(folder / "r3m.xlsx", 3_000_000), "default"),
            ("XLSX 3,000,000 rows, archive checks off", folder / "r3m.xlsx", "relaxed"),
            ("CSV 20,000 lines (legitimate)", legit_csv(folder / "l20k.csv", 20_000), "default"),
            ("XLSX 20,000 lines (legitimate)", legit_xlsx(folder / "l20k.xlsx", 20_000), "default"),
        ]
        rows = []
        for label, path, mode in cases:
            figures = run(path, mode)
            size = path.stat().st_size / 1024
            rows.append(
                f"| {label} | {size:,.0f} KB | {figures['outcome']} | "
                f"{figures['seconds']:.2f} s | {figures['peak_mb']:.0f} MB |"
            )
            print(rows[-1], flush=True)
    load = os.getloadavg()
    body = "\n".join(
        [
            "`python bench/bench_uploads.py --write`: read, validate and (when accepted)",
            "compute an uploaded activity file in a fresh process with the site's default",
            "limits (`climateplan.uploads.UploadLimits`: 5 MB, 50 MB unpacked, ratio 100,",
            f"20,000 lines); median of {RUNS} runs; peak = the process's maximum resident",
            "memory (Python, pandas and the engine loaded: about 150 MB of it). Limit: 500 MB.",
            "",
            f"Machine: {machine()}; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
            "(1 / 5 / 15 min) while it ran: other work shared the machine.",
            "",
            "| file | on disk | outcome | time | peak memory |",
            "| --- | ---: | --- | ---: | ---: |",
            *rows,
        ]
    )
    print(body)
    if "--write" in sys.argv:
        write_section(str(ROOT / "docs" / "benchmarks.md"), "Uploads: limits and memory", body)


if __name__ == "__main__":
    main()
