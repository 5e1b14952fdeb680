"""Helpers of the independent checks (test_review_*.py): run the command line as a
newcomer does, on a small CSV written by the test, and read what it wrote."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from climateplan.cli.main import app

runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def cli(*args):
    return runner.invoke(app, [str(a) for a in args])


def compute_json(tmp_path: Path, csv_text: str, *extra: str, name: str = "activity.csv") -> dict:
    """``climateplan inventory compute FILE --province TH-50 --year 2023 ... --format json``."""
    src = write(tmp_path / name, csv_text)
    out = tmp_path / (src.stem + ".json")
    result = cli(
        "inventory",
        "compute",
        src,
        "--province",
        "TH-50",
        "--year",
        "2023",
        *extra,
        "--format",
        "json",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def line(doc: dict, **match) -> dict:
    found = [r for r in doc["lines"] if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]
