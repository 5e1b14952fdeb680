"""Every risk command of the README and docs/risk/*.md runs as written.

The lines are read from the documents (fenced code blocks, and the README's command
table) and run in their order through Typer's CliRunner, in a temporary folder holding
a copy of ``examples/`` (the example grid and tables under ``examples/risk/``), as a
user who follows the document from the repository's folder would. Each risk command
(synth-climate, indices, index, profile, eai, framework) must have such an example.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from climateplan.cli.main import app
from climateplan.risk.index.examples import example_path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs" / "risk").glob("*.md"))]
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
README_ROW = re.compile(r"^\| `(climateplan risk [^`]+)` \|", re.MULTILINE)
RISK_COMMANDS = {"synth-climate", "indices", "index", "profile", "eai", "framework"}
COPIES = {
    "indicators_example.csv": "example_indicators_th.csv",
    "gridded_indices_example.csv": "example_gridded_indices_th.csv",
    "flood_events_example.csv": "example_flood_events_th.csv",
    "exposure_example.csv": "example_exposure_th.csv",
    "impact_functions.csv": "example_impact_functions.csv",
}


def risk_commands(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for block in FENCE.findall(text):
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            line = line.strip()
            if line.startswith("climateplan risk "):
                found.append(line)
    if path.name == "README.md":
        found += README_ROW.findall(FENCE.sub("", text))
    return list(dict.fromkeys(found))


def test_every_risk_command_has_an_example_that_runs_as_written():
    documented = {shlex.split(c)[2] for d in DOCUMENTS for c in risk_commands(d)}
    assert documented >= RISK_COMMANDS, sorted(RISK_COMMANDS - documented)
    readme = risk_commands(ROOT / "README.md")
    index = next(c for c in readme if c.startswith("climateplan risk index "))
    # the README's index example names the indicator table, the gridded table and -o
    assert "--gridded" in index and " -o " in index
    for command in (c for d in DOCUMENTS for c in risk_commands(d)):
        assert not re.search(r"[\[\]<>|…]|\.\.\.|TH-xx", command), command


def test_example_tables_are_the_shipped_ones():
    for copy, shipped in COPIES.items():
        ours = pd.read_csv(ROOT / "examples" / "risk" / copy, dtype=str, encoding="utf-8-sig")
        theirs = pd.read_csv(example_path(shipped), dtype=str, encoding="utf-8-sig")
        pd.testing.assert_frame_equal(ours, theirs, obj=copy)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_documented_risk_commands_run(document, tmp_path, monkeypatch):
    commands = risk_commands(document)
    if not commands:
        pytest.skip("no risk command")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    failures = []
    for command in commands:
        result = runner.invoke(app, shlex.split(command)[1:])
        if result.exit_code != 0:
            failures.append(f"$ {command}\nexit {result.exit_code}\n{result.output[-1500:]}")
    assert not failures, "\n\n".join(failures)
