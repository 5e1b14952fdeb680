"""Benchmark of the plan document (``climateplan.reports.document``): a full plan as PDF
and as DOCX, as the worker's background task makes it.

The plan: the demo Bangkok master plan (``climateplan serve --demo``'s data), with the
reduction and adaptation chapters of the demo Kamphaeng Phet plan added after its own
(a province's plan with two sets of measures and actions), so that the document has
about 60 pages and more than 20 charts. The exports are made first, in a process of
their own (the demo data is computed there); the document is then made in a fresh
process, as the task does: the charts drawn in their own process at 200 dpi, the
chapters written, the pages laid out. Reported: wall time, CPU time (the document
process and the chart processes), the peak memory (resident set) of each process,
pages and charts.

    python bench/bench_document.py [--runs 1] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
EXTRA_CHAPTERS = ("reduction", "adaptation")


def prepare(folder: Path) -> None:
    """The demo data in a throwaway data folder; the two plans' exports as JSON."""
    os.environ["CLIMATEPLAN_DATA_DIR"] = str(folder / "data")
    os.environ.setdefault("CLIMATEPLAN_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "climateplan.site.settings")
    (folder / "data").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from climateplan.inventory.web.demo import create_accounts, load_demo
    from climateplan.plans.web import demo
    from climateplan.plans.web.export import plan_export
    from climateplan.plans.web.models import Plan

    create_accounts()
    load_demo()
    demo.load_plans_demo()
    for code, name in (("TH-10", "bangkok"), ("TH-62", "kamphaeng_phet")):
        plan = Plan.objects.get(province=code, is_latest=True)
        (folder / f"{name}.json").write_text(
            json.dumps(plan_export(plan), ensure_ascii=False), encoding="utf-8"
        )


def measure(folder: Path, fmt: str, lang: str, charts_state: str = "cold") -> dict:
    """One document, timed in this (fresh) process. ``charts_state`` "cold": the chart
    cache emptied first (every chart drawn); "warm": the charts kept by the run before
    (the same section results in the same language) are read from it."""
    import resource
    import shutil

    from climateplan.reports.document import charts
    from climateplan.reports.document.content import build_document

    main = json.loads((folder / "bangkok.json").read_text(encoding="utf-8"))
    extra = json.loads((folder / "kamphaeng_phet.json").read_text(encoding="utf-8"))
    extra_sections = {k: v for k, v in extra["sections"].items() if k in EXTRA_CHAPTERS}
    extra_only = {**extra, "inventory": None, "sections": extra_sections}

    cache = folder / "chart_cache"
    if charts_state == "cold":
        shutil.rmtree(cache, ignore_errors=True)
    wall, cpu = time.perf_counter(), time.process_time()
    pngs, more = charts.draw_many_apart([main, extra_only], lang, cache=cache)
    doc = build_document(main, lang, charts=pngs)
    added = build_document(extra_only, lang, charts=more)
    doc.chapters[6:6] = [c for c in added.chapters if c.key in EXTRA_CHAPTERS]
    if fmt == "pdf":
        from climateplan.reports.document.pdf import render_pdf

        data = render_pdf(doc)
    else:
        from climateplan.reports.document.word import render_docx

        data = render_docx(doc)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = folder / f"plan.{fmt}"
    out.write_bytes(data)
    pages = None
    if fmt == "pdf":
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, check=False)
        for line in info.stdout.decode().splitlines():
            if line.startswith("Pages:"):
                pages = int(line.split()[1])
    return {
        "format": fmt,
        "lang": lang,
        "charts_state": charts_state,
        "wall_s": wall,
        "cpu_document_s": cpu,
        "cpu_charts_s": children.ru_utime + children.ru_stime,
        "rss_document_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_charts_mb": children.ru_maxrss / 1024,
        "pages": pages,
        "charts": len(doc.figures()),
        "tables": len(doc.tables()),
        "bytes": len(data),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--write", help="update the 'Plan documents' section of this file")
    parser.add_argument("--folder", help="keep the exports and files here")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(Path(args.prepare))
        return
    if args.measure:
        folder, fmt, lang, state = args.measure
        print(json.dumps(measure(Path(folder), fmt, lang, state)))
        return

    folder = Path(args.folder or tempfile.mkdtemp(prefix="climateplan-bench-doc-"))
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "bangkok.json").exists():
        print("making the demo data and the exports ...", file=sys.stderr)
        subprocess.run([sys.executable, __file__, "--prepare", str(folder)], check=True)
    rows = []
    runs = (
        ("pdf", "th", "cold"),
        ("pdf", "th", "warm"),
        ("docx", "th", "warm"),
        ("pdf", "en", "cold"),
    )
    for fmt, lang, state in runs:
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, __file__, "--measure", str(folder), fmt, lang, state],
                capture_output=True,
                check=True,
            )
            row = json.loads(done.stdout.decode().strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    report = render(rows)
    print(report)
    if args.write:
        from _machine import write_section

        write_section(args.write, "Plan documents", report)


def render(rows: list[dict]) -> str:
    from _machine import machine

    lines = [
        "`python bench/bench_document.py`: the demo Bangkok master plan with the reduction",
        "and adaptation chapters of the demo Kamphaeng Phet plan added (about 60 pages),",
        "made as the background task makes it, in a fresh process: charts drawn at 200 dpi",
        "in their own process, chapters, layout (WeasyPrint) or DOCX (python-docx).",
        "Charts 'cold': the chart cache emptied first, every chart drawn; 'warm': the charts",
        "of the same section results and language read from the cache (a second format or",
        "a new revision whose sections did not change).",
        "Targets: under 30 s and under 500 MB per document.",
        "",
        "| file | charts | pages | charts | tables | wall s | CPU s (document + charts) "
        "| peak memory MB (document / charts process) | size MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['format'].upper()} {r['lang']} | {r['charts_state']} "
            f"| {r['pages'] or '-'} | {r['charts']} "
            f"| {r['tables']} | {r['wall_s']:.1f} "
            f"| {r['cpu_document_s'] + r['cpu_charts_s']:.1f} "
            f"({r['cpu_document_s']:.1f} + {r['cpu_charts_s']:.1f}) "
            f"| {r['rss_document_mb']:.0f} / {r['rss_charts_mb']:.0f} "
            f"| {r['bytes'] / 2**20:.1f} |"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines += ["", f"Machine: {machine()}; load average {load} (1, 5, 15 min) at the end."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
