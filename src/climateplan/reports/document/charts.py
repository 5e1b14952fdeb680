"""The document's charts: the sections' own chart functions, drawn at print resolution.

The sections draw their charts for the screen (about 110 dots per inch); here they are
saved at :data:`PRINT_DPI` through matplotlib's ``savefig.dpi`` setting, so a printed
page shows them sharp without a second copy of any chart code. The inventory has no
PNG chart of its own; :func:`inventory_sectors_png` draws its sector bars.

Charts are drawn once per section result and language: with a cache folder, a part's
charts are kept under the SHA-256 of what they are drawn from (:func:`part_digest`),
so the PDF and the DOCX of a revision, and later revisions whose section did not
change, read them instead of drawing them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

PRINT_DPI = 200  # dots per inch of every chart in the document (print quality: 200-300)
PARTS = ("inventory", "reduction", "risk", "adaptation")
CACHE_VERSION = "1"  # raise when a chart's drawing changes: the cached charts are then redrawn
CACHE_KEEP = 400  # parts (a section's charts in one language) the cache keeps
DONE = "complete"  # the marker of a fully stored part
BE = 543


@contextlib.contextmanager
def print_quality() -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context({"savefig.dpi": PRINT_DPI}):
        yield


def _safely(name: str, draw: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    """A section's charts, or none when its stored result cannot be drawn (the document
    then goes on with the tables; the log says why)."""
    try:
        with print_quality():
            return draw()
    except Exception:  # a chart never stops the document
        logger.exception("the %s charts could not be drawn", name)
        return {}


def reduction_charts(result: dict, lang: str) -> dict[str, bytes]:
    from climateplan.plans.reduction.files import chart_pngs

    return _safely("reduction", lambda: chart_pngs(result, lang))


def risk_charts(result: dict) -> dict[str, bytes]:
    from climateplan.plans.risk.files import png_charts

    return _safely("risk", lambda: png_charts(result))


def adaptation_charts(result: dict, lang: str) -> dict[str, bytes]:
    from climateplan.plans.adaptation.files import PNG_CHARTS, png

    return _safely("adaptation", lambda: {n: png(result, n, lang) for n in PNG_CHARTS})


def inventory_sectors_png(inventory: dict, province: str, lang: str) -> bytes | None:
    """Horizontal bars of the base year's emissions by GPC sector (t CO2e, scopes 1-3,
    biogenic CO2 left out as in every total)."""
    rows = [r for r in inventory.get("by_sector") or [] if (r.get("co2e") or 0) > 0]
    if not rows:
        return None
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    from climateplan.risk.profile.charts import thai_font_family

    family = thai_font_family()
    th = lang == "th" and family is not None
    label = "sector_th" if th else "sector_en"
    rows = sorted(rows, key=lambda r: r["co2e"])
    with print_quality():
        import matplotlib

        fonts = [family, "DejaVu Sans"] if th else ["DejaVu Sans", *([family] if family else [])]
        with matplotlib.rc_context({"font.family": fonts}):
            fig = Figure(figsize=(8, 0.5 * len(rows) + 1.6), dpi=110)
            ax = fig.add_subplot()
            names = [_wrap(str(r.get(label) or r.get("sector")), 38) for r in rows]
            values = [float(r["co2e"]) for r in rows]
            ax.barh(names, values, color="#2f6f8f")
            for y, v in enumerate(values):
                ax.text(v, y, f" {v:,.0f}", va="center", fontsize=8)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            ax.set_xlabel("ตัน CO2e" if th else "t CO2e")
            year = inventory.get("year")
            shown = (year + BE) if (th and year) else year
            ax.set_title(
                f"การปล่อยก๊าซเรือนกระจกรายภาค ปี {shown}: {province}"
                if th
                else f"GHG emissions by sector, {shown}: {province}",
                fontsize=10,
            )
            ax.margins(x=0.18)
            ax.spines[["top", "right"]].set_visible(False)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.15)
            return buffer.getvalue()


def draw_all(export: dict, lang: str) -> dict[str, dict[str, bytes]]:
    """Every chart of the document: {"inventory" | "reduction" | "risk" | "adaptation":
    {name: PNG bytes}}; a section without a result has none."""
    sections = export.get("sections") or {}

    def result(kind: str) -> dict | None:
        return (sections.get(kind) or {}).get("result")

    out: dict[str, dict[str, bytes]] = {
        "inventory": {},
        "reduction": {},
        "risk": {},
        "adaptation": {},
    }
    inventory = export.get("inventory")
    if inventory:
        province = export.get("province") or {}
        name = province.get("name_th" if lang == "th" else "name_en") or province.get("code", "")
        try:
            png = inventory_sectors_png(inventory, name, lang)
        except Exception:  # a chart never stops the document
            logger.exception("the inventory chart could not be drawn")
            png = None
        if png:
            out["inventory"]["sectors"] = png
    drawers = (
        ("reduction", lambda r: reduction_charts(r, lang)),
        ("adaptation", lambda r: adaptation_charts(r, lang)),
        ("risk", risk_charts),
    )
    for kind, draw in drawers:
        if result(kind):
            out[kind] = draw(result(kind))
            _give_back_memory()
    return out


def _give_back_memory() -> None:
    """Free what the last section's charts left and hand it back to the system (glibc
    keeps freed memory otherwise), so the chart process's peak stays that of one section."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if name:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).malloc_trim(0)


def draw_all_apart(
    export: dict, lang: str, timeout_s: float = 600, cache: Path | None = None
) -> dict[str, dict[str, bytes]]:
    """:func:`draw_all` in a Python process of its own (``python -m
    climateplan.reports.document.charts``), which ends once the charts are drawn: the
    chart libraries (matplotlib, the risk engine's gridded stack) and what drawing leaves
    behind never stay in the worker, and their memory is given back before the pages are
    laid out. The export goes in and the PNG files come back through a temporary folder.
    With a ``cache`` folder, the parts drawn before are read from it (:func:`part_digest`)."""
    return draw_many_apart([export], lang, timeout_s, cache)[0]


def part_inputs(export: dict, part: str):
    """What a part's charts are drawn from (everything that changes them)."""
    if part == "inventory":
        province = export.get("province") or {}
        names = {k: province.get(k) for k in ("code", "name_th", "name_en")}
        return {"inventory": export.get("inventory"), "province": names}
    return ((export.get("sections") or {}).get(part) or {}).get("result")


def part_digest(export: dict, part: str, lang: str) -> str | None:
    """The cache key of a part's charts: a SHA-256 of what they are drawn from, the
    language, the print resolution and :data:`CACHE_VERSION`; None when the part has
    nothing to draw."""
    inputs = part_inputs(export, part)
    if not inputs or (part == "inventory" and not inputs["inventory"]):
        return None
    text = json.dumps(
        [CACHE_VERSION, PRINT_DPI, lang, part, inputs],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cached(cache: Path | None, digest: str | None) -> dict[str, bytes] | None:
    if cache is None or digest is None:
        return None
    folder = cache / digest
    if not (folder / DONE).is_file():
        return None
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != DONE}


def _store(cache: Path | None, digest: str | None, pngs: dict[str, bytes]) -> None:
    """Keep a part's charts (never an empty part: a chart that failed is drawn again)."""
    if cache is None or digest is None or not pngs:
        return
    import shutil
    import tempfile

    cache.mkdir(parents=True, exist_ok=True)
    if (cache / digest / DONE).is_file():
        return
    staging = Path(tempfile.mkdtemp(prefix=".part-", dir=cache))
    for name, data in pngs.items():
        (staging / Path(name).name).write_bytes(data)
    (staging / DONE).write_text("", encoding="utf-8")
    try:
        staging.rename(cache / digest)
    except OSError:  # another document stored the same part meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    _prune(cache)


def _prune(cache: Path, keep: int = CACHE_KEEP) -> None:
    """The cache holds the ``keep`` most recently stored parts."""
    import shutil

    parts = [p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if len(parts) <= keep:
        return
    parts.sort(key=lambda p: p.stat().st_mtime)
    for old in parts[: len(parts) - keep]:
        shutil.rmtree(old, ignore_errors=True)


def draw_many_apart(
    exports: list[dict], lang: str, timeout_s: float = 600, cache: Path | None = None
) -> list[dict[str, dict[str, bytes]]]:
    """:func:`draw_all_apart` for several exports in one process (one start-up); with a
    ``cache`` folder, only the parts not drawn before go to the process (none: no process)."""
    import subprocess
    import sys
    import tempfile

    out: list[dict[str, dict[str, bytes]]] = []
    missing: list[tuple[int, dict, dict[str, str | None]]] = []
    for i, export in enumerate(exports):
        drawn: dict[str, dict[str, bytes]] = {part: {} for part in PARTS}
        digests: dict[str, str | None] = {}
        for part in PARTS:
            digest = part_digest(export, part, lang)
            hit = _cached(cache, digest)
            if hit is not None:
                drawn[part] = hit
            elif digest is not None:
                digests[part] = digest
        out.append(drawn)
        if digests:
            missing.append((i, _only(export, set(digests)), digests))
    if not missing:
        return out
    with tempfile.TemporaryDirectory(prefix="climateplan-charts-") as folder:
        folder = Path(folder)
        sources = []
        for i, export, _digests in missing:
            source = folder / str(i) / "export.json"
            source.parent.mkdir()
            source.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
            sources.append(source)
        done = subprocess.run(
            [sys.executable, "-m", "climateplan.reports.document.charts", lang]
            + [str(s) for s in sources],
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
        if done.returncode != 0:
            tail = done.stderr.decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"the chart process stopped (exit {done.returncode}): {tail}")
        for source, (i, _export, digests) in zip(sources, missing, strict=True):
            for part, digest in digests.items():
                files = sorted((source.parent / part).glob("*"))
                pngs = {p.name: p.read_bytes() for p in files if p.is_file()}
                out[i][part] = pngs
                _store(cache, digest, pngs)
        return out


def _only(export: dict, parts: set[str]) -> dict:
    """The export with the given parts only (the others left out, not drawn)."""
    sections = export.get("sections") or {}
    return {
        **export,
        "inventory": export.get("inventory") if "inventory" in parts else None,
        "sections": {k: v for k, v in sections.items() if k in parts},
    }


def _main(argv: list[str]) -> None:
    """``python -m climateplan.reports.document.charts LANG EXPORT.json ...``: every chart
    of each export, written beside it as ``<part>/<name>``."""
    lang = argv[0]
    for source in map(Path, argv[1:]):
        export = json.loads(source.read_text(encoding="utf-8"))
        for part, pngs in draw_all(export, lang).items():
            folder = source.parent / part
            folder.mkdir(exist_ok=True)
            for name, data in pngs.items():
                (folder / Path(name).name).write_bytes(data)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


__all__ = [
    "PRINT_DPI",
    "adaptation_charts",
    "draw_all",
    "draw_all_apart",
    "draw_many_apart",
    "inventory_sectors_png",
    "part_digest",
    "print_quality",
    "reduction_charts",
    "risk_charts",
]


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
