"""Cold page loads in headless Chromium: time until the map and totals are drawn, bytes sent.

Each run opens a new browser context (empty cache, no cookies), loads the page and
waits, checking at every animation frame, until what a user came for is drawn:
- the overview: the province map (server-drawn SVG) and the national totals;
- a province page: its totals and every chart (plotly.js has drawn its SVG).
The time is the page's own clock (``performance.now()``, from the start of the
navigation), read by a check that runs at every animation frame from the start of the
document. Bytes are what crossed the network, compressed (Chrome's
``encodedDataLength`` of every response until the page's load event).

Run: python bench/bench_web_browser.py [--url http://127.0.0.1:8160] [--runs 7]
Without --url it starts ``climateplan serve --demo`` on a free port with a
throwaway data folder (the demo takes a minute or two to compute) and stops it after.
Writes the "Web pages in the browser" section of docs/benchmarks.md with --write.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine, write_section

CHROMIUM = "/usr/bin/chromium"
# page -> (address, what must be drawn); the province page is measured twice: its
# totals, then its four charts as well
PAGES = {
    "overview: map and totals": (
        "/",
        "() => document.querySelector('svg.map-shapes use')"
        " && document.getElementById('national-basic-plus')",
    ),
    "province (Kamphaeng Phet): totals": (
        "/provinces/TH-62/",
        "() => document.querySelector('.totals')",
    ),
    "province (Kamphaeng Phet): totals and 4 charts": (
        "/provinces/TH-62/",
        "() => document.querySelector('.totals')"
        " && [...document.querySelectorAll('[data-figure]')].every("
        "e => e.querySelector('svg.main-svg'))",
    ),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "CLIMATEPLAN_DATA_DIR": str(folder)}
    process = subprocess.Popen(
        ["climateplan", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 900
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=5)
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("climateplan serve --demo stopped") from None
            time.sleep(2)
    process.terminate()
    raise RuntimeError("the demo server did not answer within 15 minutes")


def cold_load(browser, url: str, drawn: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    received = {"bytes": 0, "requests": 0}

    def finished(event):
        received["bytes"] += event["encodedDataLength"]
        received["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    # checked at every frame from the start of the document (a check injected after the
    # navigation would itself wait while the page runs a long script)
    page.add_init_script(
        f"""(() => {{
          const drawn = {drawn};
          const tick = () => drawn() ? (window.__drawnAt = performance.now())
                                     : requestAnimationFrame(tick);
          requestAnimationFrame(tick);
        }})();"""
    )
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__drawnAt !== undefined", timeout=60_000)
    drawn_ms = page.evaluate("() => window.__drawnAt")
    page.wait_for_load_state("load")
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
    )
    context.close()
    # a frame's check runs just before that frame is painted: nothing is on screen
    # before the first contentful paint
    drawn_ms = max(drawn_ms, paint or 0.0)
    return {"drawn_ms": drawn_ms, "fcp_ms": paint, **received}


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start the demo)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    process = None
    folder = tempfile.TemporaryDirectory()
    url = args.url
    if not url:
        process, url = _start_server(Path(folder.name))
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
            for name, (path, drawn) in PAGES.items():
                cold_load(browser, url + path, drawn)  # warm the server's page cache
                runs = [cold_load(browser, url + path, drawn) for _ in range(args.runs)]
                results[name] = runs
                print(
                    f"{name}: drawn {statistics.median(r['drawn_ms'] for r in runs):.0f} ms, "
                    f"{statistics.median(r['bytes'] for r in runs) / 1000:.0f} kB "
                    f"in {runs[0]['requests']} requests"
                )
            browser.close()
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        folder.cleanup()
    load = os.getloadavg()[0]
    medians = {
        name: statistics.median(r["drawn_ms"] for r in runs) for name, runs in results.items()
    }
    heaviest = max(statistics.median(r["bytes"] for r in runs) for runs in results.values())
    first_view = [n for n in medians if "4 charts" not in n]
    verdict = (
        f"Map and totals under 1 s: {_met(all(medians[n] < 1000 for n in first_view))}"
        f" ({', '.join(f'{medians[n]:.0f} ms' for n in first_view)}); every page under 1 MB"
        f" compressed: {_met(heaviest < 1_000_000)} ({heaviest / 1000:.0f} kB at"
        " most)."
    )
    rows = "\n".join(
        f"| {name} | {statistics.median(r['drawn_ms'] for r in runs):.0f} ms "
        f"({min(r['drawn_ms'] for r in runs):.0f}-{max(r['drawn_ms'] for r in runs):.0f}) "
        f"| {statistics.median(r['fcp_ms'] or 0 for r in runs):.0f} ms "
        f"| {statistics.median(r['bytes'] for r in runs) / 1000:,.0f} kB "
        f"| {runs[0]['requests']} |"
        for name, runs in results.items()
    )
    body = f"""Script: `bench/bench_web_browser.py`. Machine: {machine()}.
Headless Chromium (Debian package) driven by Playwright, window 1280 x 900, against
`climateplan serve --demo` (waitress, WhiteNoise). Each run is a cold load: a new
browser context with the cache disabled. Median of {args.runs} runs (range in brackets)
after one load that fills the server's page cache. Load average (1 min) at the end of
the run: {load:.1f} on 2 cores (other work shared the machine, so the times are upper
bounds).

"Drawn" is the page's own clock from the start of the navigation until the map and
the totals (overview), the totals, or the totals and all four charts (province page)
are in the page, checked at every animation frame from the start of the document, and
no earlier than the first contentful paint. Bytes: everything received, compressed
(Chrome's encodedDataLength), until the load event.

| page | drawn | first contentful paint | bytes received | requests |
| --- | --- | --- | --- | --- |
{rows}

Goal: overview and province pages drawn in under 1 s on a cold load, under 1 MB
compressed. Before: the full plotly.js bundle (4.8 MB, about 1.4 MB gzip-compressed)
on every page and the overview's map drawn by it, 3.9 s to show in Chromium. Now the
overview's map is SVG drawn by the server (the overview loads no chart script) and the
province page loads plotly.js's basic bundle (scatter, bar, pie: 1.2 MB, 329 kB
brotli-compressed), served with immutable cache headers.

{verdict}
"""
    print(body)
    if args.write:
        docs = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
        write_section(str(docs), "Web pages in the browser", body)


if __name__ == "__main__":
    main()
