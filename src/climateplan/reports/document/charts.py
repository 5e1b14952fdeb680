"""The document's charts: the sections' own chart functions, drawn at print resolution.

The sections draw their charts for the screen (about 110 dots per inch); here they are
saved at :data:`PRINT_DPI` through matplotlib's ``savefig.dpi`` setting, so a printed
page shows them sharp without a second copy of any chart code. The inventory has no
PNG chart of its own; :func:`inventory_sectors_png` draws its sector bars.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)

PRINT_DPI = 200  # dots per inch of every chart in the document (print quality: 200-300)
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


def draw_all_apart(export: dict, lang: str, timeout_s: float = 600) -> dict[str, dict[str, bytes]]:
    """:func:`draw_all` in a Python process of its own (``python -m
    climateplan.reports.document.charts``), which ends once the charts are drawn: the
    chart libraries (matplotlib, the risk engine's gridded stack) and what drawing leaves
    behind never stay in the worker, and their memory is given back before the pages are
    laid out. The export goes in and the PNG files come back through a temporary folder."""
    return draw_many_apart([export], lang, timeout_s)[0]


def draw_many_apart(
    exports: list[dict], lang: str, timeout_s: float = 600
) -> list[dict[str, dict[str, bytes]]]:
    """:func:`draw_all_apart` for several exports in one process (one start-up)."""
    import json
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="climateplan-charts-") as folder:
        folder = Path(folder)
        sources = []
        for i, export in enumerate(exports):
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
        out = []
        for source in sources:
            drawn: dict[str, dict[str, bytes]] = {}
            for part in ("inventory", "reduction", "risk", "adaptation"):
                files = sorted((source.parent / part).glob("*"))
                drawn[part] = {p.name: p.read_bytes() for p in files if p.is_file()}
            out.append(drawn)
        return out


def _main(argv: list[str]) -> None:
    """``python -m climateplan.reports.document.charts LANG EXPORT.json ...``: every chart
    of each export, written beside it as ``<part>/<name>``."""
    import json
    from pathlib import Path

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
    "print_quality",
    "reduction_charts",
    "risk_charts",
]


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
