"""Totals and groupings of line x year arrays (GPC bases, sectors, scopes, gases).

The totals follow the inventory engine (GPC v1.1 Ch 3 and Table 4.1): BASIC,
BASIC+ and territorial by the catalogue's inclusion flags, scope 1/2/3 by scope,
with "Other scope 3" (VI.1) outside every total; biogenic CO2 is carried beside
the totals and never in them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.mitigation.baseline import BIOGENIC, CO2E_COMPONENTS

BASES = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3")
BASIS_LABELS = {
    "basic": ("BASIC", "BASIC"),
    "basic_plus": ("BASIC+", "BASIC+"),
    "territorial": ("Territorial (scope 1)", "ตามขอบเขตพื้นที่ (ขอบเขตที่ 1)"),
    "scope1": ("Scope 1", "ขอบเขตที่ 1"),
    "scope2": ("Scope 2", "ขอบเขตที่ 2"),
    "scope3": ("Scope 3", "ขอบเขตที่ 3"),
}
GAS_LABELS = {
    "co2": ("CO2", "CO2"),
    "ch4": ("CH4", "CH4"),
    "n2o": ("N2O", "N2O"),
    "other": ("Other gases (HFCs, PFCs, SF6, NF3)", "ก๊าซอื่น (HFCs, PFCs, SF6, NF3)"),
}


def basis_masks(lines: pd.DataFrame) -> dict[str, np.ndarray]:
    """Which lines count in each total."""
    scope = lines["scope"].to_numpy(int)
    return {
        "basic": lines["in_basic"].to_numpy(bool),
        "basic_plus": lines["in_basic_plus"].to_numpy(bool),
        "territorial": lines["in_territorial"].to_numpy(bool),
        "scope1": scope == 1,
        "scope2": scope == 2,
        # Other scope 3 (VI.1) is reported but outside every GPC total (GPC Ch 3.3)
        "scope3": (scope == 3) & (lines["sector"].to_numpy(object) != "VI"),
    }


def co2e(emissions: np.ndarray) -> np.ndarray:
    """CO2e of a (..., components) array: the four gases, never biogenic CO2."""
    return emissions[..., list(CO2E_COMPONENTS)].sum(axis=-1)


def totals(
    lines: pd.DataFrame, emissions: np.ndarray, masks: dict[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Per-year totals of every basis from a (lines, years, components) array."""
    line_co2e = co2e(emissions)  # (lines, years)
    masks = basis_masks(lines) if masks is None else masks
    out = {name: line_co2e[mask].sum(axis=0) for name, mask in masks.items()}
    out["biogenic_co2"] = emissions[..., BIOGENIC].sum(axis=0)
    return out


def group_sum(values: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum the first axis of ``values`` by ``keys``: (unique keys, sums).

    One indicator matrix product: vectorised and exact for the few groups we use.
    """
    codes, uniques = pd.factorize(pd.Series(keys), sort=True)
    indicator = np.zeros((len(uniques), len(keys)))
    indicator[codes, np.arange(len(keys))] = 1.0
    flat = values.reshape(len(keys), -1)
    return np.asarray(uniques), (indicator @ flat).reshape((len(uniques), *values.shape[1:]))
