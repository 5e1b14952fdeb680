"""The example inventories under examples/plan are what the inventory engine computes
today: rebuilt in a temporary folder and compared with the shipped files, so a change
of an inventory factor (composting, waste composition, GWP) cannot leave them stale.
Regenerate with ``python examples/plan/build_plan_example.py``."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plan"


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_plan_example", EXAMPLES / "build_plan_example.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _differences(shipped, rebuilt, where="") -> list[str]:
    if isinstance(shipped, dict) and isinstance(rebuilt, dict):
        out = [f"{where}/{k}: only in one" for k in set(shipped) ^ set(rebuilt)]
        for key in set(shipped) & set(rebuilt):
            out += _differences(shipped[key], rebuilt[key], f"{where}/{key}")
        return out
    if isinstance(shipped, list) and isinstance(rebuilt, list):
        if len(shipped) != len(rebuilt):
            return [f"{where}: {len(shipped)} items shipped, {len(rebuilt)} rebuilt"]
        out = []
        for i, (a, b) in enumerate(zip(shipped, rebuilt, strict=True)):
            out += _differences(a, b, f"{where}[{i}]")
        return out
    numbers = (int, float)
    both_numbers = isinstance(shipped, numbers) and isinstance(rebuilt, numbers)
    if both_numbers and math.isclose(shipped, rebuilt, rel_tol=1e-9, abs_tol=1e-9):
        return []
    if shipped == rebuilt:
        return []
    return [f"{where}: shipped {shipped!r}, rebuilt {rebuilt!r}"]


def test_shipped_example_inventories_are_current(tmp_path):
    written = _builder().build(tmp_path)
    assert sorted(p.name for p in written) == [
        "inventory.json",
        "inventory_2019.json",
        "inventory_2021.json",
    ]
    for path in written:
        shipped = json.loads((EXAMPLES / path.name).read_text(encoding="utf-8"))
        rebuilt = json.loads(path.read_text(encoding="utf-8"))
        problems = _differences(shipped, rebuilt)
        assert not problems, (
            f"{path.name} is stale (python examples/plan/build_plan_example.py): "
            + "; ".join(problems[:5])
        )


def test_the_comparison_sees_a_changed_number():
    # the check above must be able to fail: one tonne more on one line is a difference
    assert _differences({"lines": [{"co2": 1.0}]}, {"lines": [{"co2": 2.0}]}) == [
        "/lines[0]/co2: shipped 1.0, rebuilt 2.0"
    ]
    assert _differences({"a": [1, 2]}, {"a": [1]}) != []


@pytest.mark.parametrize("name", ["inventory.json", "inventory_2019.json", "inventory_2021.json"])
def test_examples_are_inventory_results(name):
    doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert doc["schema"] == "climateplan.inventory/1" and doc["province"] == "TH-62"
