"""Describe the machine a benchmark ran on, for docs/benchmarks.md."""

from __future__ import annotations

import os
import platform


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        ram = f"{pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        ram = "unknown RAM"
    return f"{cpu}, {os.cpu_count()} cores, {ram}, Python {platform.python_version()}"


def write_section(path: str, heading: str, body: str) -> None:
    """Replace (or append) one '## heading' section of a markdown file."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        text = "# Benchmarks\n\nFigures written by the scripts in bench/ (medians of runs).\n"
    marker = f"## {heading}"
    section = f"{marker}\n\n{body.strip()}\n"
    if marker in text:
        start = text.index(marker)
        nxt = text.find("\n## ", start + len(marker))
        text = text[:start] + section + ("" if nxt == -1 else text[nxt + 1 :])
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
