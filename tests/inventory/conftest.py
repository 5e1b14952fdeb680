"""Helpers for inventory engine tests: build activity tables as a spreadsheet would."""

from __future__ import annotations

import pandas as pd
import pytest

from climateplan.inventory import InventoryMeta, validate_activity


def table(rows: list[dict]) -> pd.DataFrame:
    """Text cells indexed by spreadsheet row number (header is row 1)."""
    frame = pd.DataFrame(rows).fillna("").astype(str)
    frame.index = range(2, len(frame) + 2)
    return frame


@pytest.fixture
def make_activity():
    def build(rows, province="TH-62", year=2023, gwp="AR5", file="test.csv"):
        return validate_activity(table(rows), InventoryMeta(province, year, gwp), file=file)

    return build
