"""The command lines of the README and the docs run as written.

Every ``climateplan ...`` line of a fenced code block of README.md and docs/**/*.md is
run through Typer's CliRunner, the commands of one document in their order (a later
line may read what an earlier one wrote), in a temporary folder holding a copy of
``examples/``, as a user who follows the document from the repository's folder would.
Inline code of the README and of docs/inventory and docs/methods, the inventory's
user documentation (``climateplan reference gpc``), runs too when it has no placeholder
(FILE, [--option], TH-xx ...); elsewhere inline code names a command in prose.
``climateplan serve`` is left out: it starts a server and does not return
(tests/web/test_serve.py covers it).
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from climateplan.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"(?<!`)`(climateplan [^`]+)`(?!`)")
PLACEHOLDER_MARKS = re.compile(r"[\[\]<>|…]|\.\.\.|TH-xx|\bYYYY\b")
# a word in capitals stands for something to fill in (FILE, OUT, DIR, N, GRID.nc),
# except the literal values the commands take
PLACEHOLDER_WORD = re.compile(r"[A-Z][A-Z0-9_]*(\.[a-z]+)?")
LITERAL_WORDS = re.compile(r"AR[456]|TH-\d\d|[A-Z]{1,3}\.\d(\.\d)*")
INLINE_RUN = [ROOT / "README.md", ROOT / "docs" / "inventory", ROOT / "docs" / "methods"]
NOT_RUN = ("serve",)
INVENTORY_AND_REFERENCE = {
    ("inventory", "template"),
    ("inventory", "validate"),
    ("inventory", "compute"),
    ("reference", "factors"),
    ("reference", "methods"),
    ("reference", "gpc"),
    ("reference", "provinces"),
}


def _fenced_commands(text: str) -> list[str]:
    commands = []
    for block in FENCE.findall(text):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("climateplan "):
                commands.append(line)
    return commands


def _inline_commands(text: str) -> list[str]:
    outside = FENCE.sub("", text)
    return [c.strip() for c in INLINE.findall(outside)]


def has_placeholder(command: str) -> bool:
    if PLACEHOLDER_MARKS.search(command):
        return True
    words = shlex.split(command, comments=True)[1:]
    return any(
        PLACEHOLDER_WORD.fullmatch(w) and not LITERAL_WORDS.fullmatch(w)
        for w in words
        if not w.startswith("-")
    )


def runnable_commands(path: Path) -> list[str]:
    """The commands of one document that must run as written, in their order."""
    text = path.read_text(encoding="utf-8")
    commands = _fenced_commands(text)
    if any(path == place or place in path.parents for place in INLINE_RUN):
        commands += [c for c in _inline_commands(text) if not has_placeholder(c)]
    out = []
    for command in commands:
        words = shlex.split(command, comments=True)
        if len(words) > 1 and words[1] in NOT_RUN:
            continue
        if command not in out:
            out.append(command)
    return out


def _arguments(command: str, folder: Path) -> list[str]:
    """The command's words after ``climateplan``; shell patterns expanded as a shell would."""
    words = []
    for word in shlex.split(command, comments=True)[1:]:
        matches = sorted(glob.glob(word, root_dir=folder)) if "*" in word else []
        words += matches or [word]
    return words


def _subcommand(command: str) -> tuple[str, ...]:
    words = shlex.split(command, comments=True)[1:3]
    return tuple(words)


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_extraction_finds_the_documented_commands():
    readme = runnable_commands(ROOT / "README.md")
    assert "climateplan reference methods" in readme
    assert not any(" serve" in c for c in readme)
    # a placeholder keeps an inline command out; a concrete one is run
    assert has_placeholder("climateplan inventory validate FILE")
    assert has_placeholder("climateplan reference factors --search <text>")
    assert has_placeholder("climateplan inventory compute x.xlsx --format json|xlsx|csv")
    assert not has_placeholder("climateplan reference factors --search waste")
    assert not has_placeholder(
        "climateplan inventory validate examples/example_province.csv --province TH-62 "
        "--year 2566 --gwp AR5"
    )


def test_every_inventory_and_reference_command_has_an_example_that_runs():
    documented = {_subcommand(c) for path in DOCUMENTS for c in runnable_commands(path)}
    missing = INVENTORY_AND_REFERENCE - documented
    assert not missing, f"no runnable example in README.md or docs/ for {sorted(missing)}"


@pytest.mark.parametrize(
    "document",
    [d for d in DOCUMENTS if runnable_commands(d)],
    ids=lambda d: str(d.relative_to(ROOT)),
)
def test_document_commands_run_as_written(document, workspace):
    runner = CliRunner()
    failures = []
    for command in runnable_commands(document):
        result = runner.invoke(app, _arguments(command, workspace))
        if result.exit_code != 0:
            failures.append(
                f"$ {command}\nexit {result.exit_code}\n{result.output[-1500:]}"
                + (f"\n{result.exception!r}" if result.exception else "")
            )
    assert not failures, "\n\n".join(failures)
