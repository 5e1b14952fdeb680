"""Shared fixtures: the hand-made mini framework and small input tables of the contract
shape (indicator table: province, indicator, value, year, source; gridded table: one row
per province x index x period x scenario)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from climateplan.risk.index.framework import load_framework

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini_framework.yaml"


@pytest.fixture(scope="session")
def mini_path() -> Path:
    return MINI


@pytest.fixture(scope="session")
def mini():
    return load_framework(MINI)


@pytest.fixture
def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


def _gridded_rows(rows: list[dict]) -> pd.DataFrame:
    """Gridded-table rows with the contract's columns (missing ones blank)."""
    columns = [
        "province",
        "index",
        "unit",
        "period",
        "scenario",
        "value",
        "baseline",
        "change",
        "change_pct",
        "spread_low",
        "spread_high",
        "n_models",
    ]
    return pd.DataFrame(rows).reindex(columns=columns)


@pytest.fixture
def gridded_rows():
    """Build a gridded table from a list of row dicts (absent columns left blank)."""
    return _gridded_rows


@pytest.fixture
def mini_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Province TH-50 (Chiang Mai): every value present, chosen for round scores.
    Province TH-10 (Bangkok): f_pop missing (flood coverage 1/2)."""
    table = pd.DataFrame(
        [
            ("TH-50", "f_pop", 6.0),  # 10 * 6 / 60 = 1.0
            ("TH-50", "h_days", 30.0),  # 10 * 30 / 60 = 5.0
            ("TH-50", "poverty", 30.0),  # 5.0
            ("TH-50", "beds", 3.6),  # 10 - 10 * 3.6 / 10 = 6.4
            ("TH-10", "h_days", 48.0),  # 8.0
            ("TH-10", "poverty", 12.0),  # 2.0
            ("TH-10", "beds", 5.0),  # 10 - 5 = 5.0
        ],
        columns=["province", "indicator", "value"],
    )
    gridded = _gridded_rows(
        [
            # f_rain: baseline value of rx5day; 30 mm on [0, 60] -> 5.0
            {
                "province": "TH-50",
                "index": "rx5day",
                "unit": "mm",
                "period": "1985-2014",
                "scenario": "historical",
                "value": 30.0,
                "baseline": 30.0,
                "change": 0.0,
                "change_pct": 0.0,
                "n_models": 5,
            },
            # 54 mm -> 9.0
            {
                "province": "TH-10",
                "index": "rx5day",
                "unit": "mm",
                "period": "1985-2014",
                "scenario": "historical",
                "value": 54.0,
                "baseline": 54.0,
                "change": 0.0,
                "change_pct": 0.0,
                "n_models": 5,
            },
            # projected: every model wetter: the ensemble 10th-90th percentile of the value,
            # 30.6 .. 35.4 mm, is above the 30 mm baseline (change +0.6 .. +5.4) -> increase
            {
                "province": "TH-50",
                "index": "rx5day",
                "unit": "mm",
                "period": "2021-2050",
                "scenario": "ssp245",
                "value": 33.0,
                "baseline": 30.0,
                "change": 3.0,
                "change_pct": 10.0,
                "spread_low": 30.6,
                "spread_high": 35.4,
                "n_models": 5,
            },
            # later window: 29 .. 37 mm straddles the baseline (change -1 .. +7) and the
            # median change +3 mm is beyond 5 % of 30 mm = 1.5 mm -> not known
            {
                "province": "TH-50",
                "index": "rx5day",
                "unit": "mm",
                "period": "2051-2080",
                "scenario": "ssp245",
                "value": 33.0,
                "baseline": 30.0,
                "change": 3.0,
                "change_pct": 10.0,
                "spread_low": 29.0,
                "spread_high": 37.0,
                "n_models": 5,
            },
        ]
    )
    return table, gridded
