"""The adaptation reference data shipped with the package, each row with its source.

- ``options.csv``: the library of adaptation options for Thai provinces;
- ``agencies.csv``: lead and co-operating agencies an action may name;
- ``vocabulary.csv``: action types, funding sources, statuses and the urgency score of
  each register timeframe;
- ``criteria.csv``: the multi-criteria analysis criteria, their scales and normalisation;
- ``weight_presets.csv``: weight presets a province starts from;
- ``settings.csv``: defaults (discount rate, sensitivity spread and samples, top N,
  the register levels that must be covered).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent / "data"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=1)
def _options() -> pd.DataFrame:
    table = _read("options.csv")
    for col in ("effectiveness", "likelihood_reduction", "consequence_reduction", "lifetime_years"):
        table[col] = pd.to_numeric(table[col])
    for col in ("cost_low_thb", "cost_high_thb"):
        table[col] = pd.to_numeric(table[col].replace("", None), errors="coerce")
    return table


def options() -> pd.DataFrame:
    """The option library (a copy: callers may change it)."""
    return _options().copy()


@lru_cache(maxsize=1)
def _agencies() -> pd.DataFrame:
    return _read("agencies.csv")


def agencies() -> pd.DataFrame:
    return _agencies().copy()


@lru_cache(maxsize=1)
def _vocabulary() -> pd.DataFrame:
    return _read("vocabulary.csv")


def vocabulary(kind: str) -> pd.DataFrame:
    """The rows of one kind (action_type, funding, status, urgency), indexed by id."""
    table = _vocabulary()
    return table[table["kind"] == kind].set_index("id")


@lru_cache(maxsize=1)
def _criteria() -> pd.DataFrame:
    table = _read("criteria.csv")
    table["min"] = pd.to_numeric(table["min"])
    table["max"] = pd.to_numeric(table["max"])
    return table.set_index("id")


def criteria() -> pd.DataFrame:
    """The built-in criteria, indexed by id."""
    return _criteria().copy()


@lru_cache(maxsize=1)
def _presets() -> pd.DataFrame:
    table = _read("weight_presets.csv")
    table["weight"] = pd.to_numeric(table["weight"])
    return table


def presets() -> pd.DataFrame:
    return _presets().copy()


@lru_cache(maxsize=1)
def _settings() -> dict[str, str]:
    table = _read("settings.csv")
    return dict(zip(table["key"], table["value"], strict=True))


def setting(key: str) -> str:
    return _settings()[key]


def number_setting(key: str) -> float:
    return float(_settings()[key])
