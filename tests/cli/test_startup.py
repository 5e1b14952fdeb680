"""Start-up of the command line: a command imports what it needs, and no more.

`climateplan inventory compute` must not load the risk engine's gridded-data stack,
SciPy (Approach 2 only) or pint (whose unit answers are kept between runs), while
its results stay the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from climateplan import units

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "example_province.xlsx"
HEAVY = ("pint", "dask", "scipy", "xarray", "xclim", "django", "climateplan.risk")


def _compute(tmp_path: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    cmd = [sys.executable, "-X", "importtime", "-m", "climateplan.cli.main", "inventory"]
    cmd += ["compute", str(EXAMPLE), "--format", "json", "-o", str(out), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)


def _imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if "|" in line}


def test_compute_imports_no_heavy_package_once_units_are_known(tmp_path):
    first = tmp_path / "first.json"
    _compute(tmp_path, first)  # asks pint, keeps its answers in the cache folder
    assert list((tmp_path / "cache" / "climateplan").glob("units-*.json"))
    second = tmp_path / "second.json"
    run = _compute(tmp_path, second)
    heavy = {m for m in _imported(run.stderr) if m.split(".")[0] in HEAVY or m in HEAVY}
    heavy |= {m for m in _imported(run.stderr) if m.startswith("climateplan.risk")}
    assert heavy == set()
    # the same numbers with and without pint at hand
    assert json.loads(first.read_text()) == json.loads(second.read_text())


@pytest.fixture
def unit_cache(tmp_path, monkeypatch):
    """A fresh answer cache in a temporary cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(units, "_answers", units._AnswerCache())
    units.conversion_factor.cache_clear()
    units.check_unit.cache_clear()
    yield tmp_path
    units.conversion_factor.cache_clear()
    units.check_unit.cache_clear()


def test_cached_answers_equal_pint_and_keep_errors(unit_cache):
    # 1 MWh = 1,000 kWh; 1 rai = 1,600 m2 = 0.16 ha; kWh is no mass
    assert units.conversion_factor("MWh", "kWh") == pytest.approx(1000)
    assert units.conversion_factor("ไร่", "ha") == pytest.approx(0.16)
    with pytest.raises(units.UnitError, match="cannot convert"):
        units.conversion_factor("kWh", "t")
    units._answers.save()
    stored = next((unit_cache / "climateplan").glob("units-*.json"))
    answers = json.loads(stored.read_text(encoding="utf-8"))
    assert answers["convert\x1fMWh\x1fkWh"] == ["ok", 1000.0]
    assert answers["convert\x1fkWh\x1ft"][0] == "error"
    # a new process reads them back: same value, same error, no pint needed
    fresh = units._AnswerCache()
    assert fresh.get("convert\x1fไร่\x1fha") == ["ok", units._convert("ไร่", "ha")]
    assert fresh.get("convert\x1fkWh\x1ft")[1] == "cannot convert 'kWh' to 't'"


def test_unreadable_cache_file_only_costs_the_question(unit_cache):
    folder = unit_cache / "climateplan"
    folder.mkdir()
    path = units._AnswerCache()._file()
    path.write_text("{not json", encoding="utf-8")
    assert units.conversion_factor("kg", "t") == pytest.approx(0.001)
    units.check_unit("ตัน")
    with pytest.raises(units.UnitError):
        units.check_unit("furlongs per fortnight squared x")
    units._answers.save()
    assert json.loads(path.read_text(encoding="utf-8"))["convert\x1fkg\x1ft"] == ["ok", 0.001]


def test_help_still_lists_every_command_group():
    result = subprocess.run(
        [sys.executable, "-m", "climateplan.cli.main", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for group in ("inventory", "reference", "risk", "plan", "serve", "demo"):
        assert group in result.stdout
