"""Write plotly.js's own stylesheet as a static file: vendor/plotly-basic.css.

plotly.js injects its CSS rules (chart layers, mode bar, hover labels) into a
<style> element at run time; the site's Content-Security-Policy (style-src 'self')
blocks that, and the charts' titles and legends then fall out of place. This script
copies the rules out of the vendored bundle, selectors expanded as plotly.js expands
them, so the same rules come from a static file instead.

Run after updating vendor/plotly-basic.min.js:
    python scripts/plotly_css.py
"""

from __future__ import annotations

import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "climateplan" / "site" / "static" / "vendor"
START = '{"X,X div":'
END = "};for("
PAIR = re.compile(r'"((?:[^"\\]|\\.)*)":(?:"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\')')


def plotly_css(bundle: str) -> str:
    start = bundle.index(START)
    rules = bundle[start : bundle.index(END, start) + 1]
    version = re.search(r"plotly\.js \(basic - minified\) (v[\d.]+)", bundle).group(1)
    lines = [f"/* plotly.js {version} chart styles, copied from plotly-basic.min.js (MIT). */"]
    for selector, double, single in PAIR.findall(rules):
        full = (
            re.sub(r"^,", " ,", selector)
            .replace("X", ".js-plotly-plot .plotly")
            .replace("Y", ".plotly-notifier")
        )
        lines.append(f"{full}{{{double or single}}}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    bundle = (VENDOR / "plotly-basic.min.js").read_text(encoding="utf-8")
    (VENDOR / "plotly-basic.css").write_text(plotly_css(bundle), encoding="utf-8")
