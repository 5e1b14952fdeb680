"""The example's expected summary in examples/README.md is what the package computes.

The README table is the published expectation (worked checks in the README itself);
this test keeps it and the code from drifting apart, to the tonne.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from climateplan.inventory import compute_inventory, read_activity

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ROWS = {
    "BASIC": "basic",
    "BASIC+": "basic_plus",
    "Territorial (= scope 1)": "territorial",
    "Scope 2": "scope2",
    "Scope 3 (in BASIC/BASIC+)": "scope3",
    "Biogenic CO2, outside the totals (t)": "biogenic_co2",
}


def _readme_totals() -> dict[str, int]:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    found = {}
    for label, key in ROWS.items():
        match = re.search(rf"^\| {re.escape(label)} \| ([\d,]+) \|$", text, flags=re.MULTILINE)
        assert match, f"README has no row {label!r}"
        found[key] = int(match.group(1).replace(",", ""))
    return found


@pytest.fixture(scope="module")
def example():
    return compute_inventory(read_activity(EXAMPLES / "example_province.xlsx"))


def test_readme_totals_are_the_computed_ones(example):
    for key, expected in _readme_totals().items():
        assert round(example.totals[key]) == expected, key


def test_readme_sectors_are_the_computed_ones(example):
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for code in ("I", "II", "III", "IV", "V"):
        match = re.search(rf"^\| {code} [^|]+\| ([\d,]+) \| ([\d,]+) \|$", text, flags=re.MULTILINE)
        assert match, f"README has no row for sector {code}"
        co2e, biogenic = (int(g.replace(",", "")) for g in match.groups())
        assert round(example.by_sector.loc[code, "co2e"]) == co2e, code
        assert round(example.by_sector.loc[code, "co2_biogenic"]) == biogenic, code
