"""Fixtures shared by the method tests."""

from __future__ import annotations

import pytest

from climateplan.reference import factors


@pytest.fixture
def extra_factor():
    """Add one factor row to a family for this test only, as a national administrator
    would add a Thai factor: ``extra_factor("rice", {"parameter": ..., "origin": "TH", ...})``.
    Every added row is removed (and the factor caches cleared) when the test ends."""

    def add(family: str, row: dict) -> None:
        factors.add_factors(family, [row])

    try:
        yield add
    finally:
        factors.clear_added_factors()
