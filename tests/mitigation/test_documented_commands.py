"""Every `climateplan plan` command of docs/mitigation.md (its bash blocks) and of the
README's command table runs as written on the example files of examples/plan/."""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from climateplan.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def bash_commands(text: str) -> list[str]:
    """`climateplan plan` lines of the ```bash blocks, continuation lines joined."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        joined = block.replace("\\\n", " ")
        lines = joined.splitlines()
        commands += [" ".join(x.split()) for x in lines if x.startswith("climateplan plan")]
    return commands


def table_commands(text: str) -> list[str]:
    """`climateplan plan ...` commands of the README's command table (first cell)."""
    return re.findall(r"^\| `(climateplan plan [^`]*)` \|", text, flags=re.M)


DOCS = bash_commands((ROOT / "docs" / "mitigation.md").read_text(encoding="utf-8"))
README = table_commands((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_docs_and_readme_list_the_plan_commands():
    for commands in (DOCS, README):
        names = {c.split()[2] for c in commands}
        assert {"project", "measures", "scenario", "macc", "calibrate", "rollup"} <= names


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A folder holding a copy of examples/ (the commands write next to it)."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(command: str):
    args = []
    for word in shlex.split(command)[1:]:
        args += sorted(glob.glob(word)) if "*" in word else [word]
    return runner.invoke(app, args)


@pytest.mark.parametrize("source", ["docs", "readme"])
def test_documented_commands_run_as_written(workspace, source):
    commands = DOCS if source == "docs" else README
    for command in commands:
        result = run(command)
        assert result.exit_code == 0, f"{command}\n{result.output}"
    assert (workspace / "national" / "rollup.json").exists()
    assert (workspace / "plans" / "TH-62" / "wedges_en.png").exists()
