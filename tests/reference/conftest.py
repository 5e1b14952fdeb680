"""Helpers for reference-data tests that run a line through the engine."""

from __future__ import annotations

import pandas as pd
import pytest

from climateplan.inventory import InventoryMeta, validate_activity


@pytest.fixture
def make_activity():
    """Validated activity data from rows of text cells, as a spreadsheet gives them."""

    def build(rows, province="TH-62", year=2023, gwp="AR5"):
        frame = pd.DataFrame(rows).fillna("").astype(str)
        frame.index = range(2, len(frame) + 2)
        return validate_activity(frame, InventoryMeta(province, year, gwp), file="test.csv")

    return build
