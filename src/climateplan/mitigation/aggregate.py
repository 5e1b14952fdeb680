"""Totals and groupings of line x year arrays (GPC bases, sectors, scopes, gases).

The totals follow the inventory engine (GPC v1.1 Ch 3 and Table 4.1): BASIC,
BASIC+ and territorial by the catalogue's inclusion flags, scope 1/2/3 by scope,
with "Other scope 3" (VI.1) outside every total; biogenic CO2 is carried beside
the totals and never in them. Removals (lines with negative CO2e, GPC sector V)
stay out of the gross totals and count only in the net ones (``net_basic_plus``,
``net_territorial``, ``net_co2``); ``removals`` is their sum (<= 0).
``basic_plus_no_land`` leaves land (V.2) out: the national NDC excludes LULUCF.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.mitigation.baseline import BIOGENIC, CO2E_COMPONENTS

# Gross totals (GPC v1.1 Ch 3) leave removals out, as the inventory's totals do; the
# net totals count them (a removal is a line with negative CO2e, GPC sector V).
BASES = (
    "basic",
    "basic_plus",
    "territorial",
    "basic_plus_no_land",
    "net_basic_plus",
    "net_territorial",
    "net_co2",
    "scope1",
    "scope2",
    "scope3",
)
GROSS_BASES = ("basic", "basic_plus", "territorial", "basic_plus_no_land")
NET_BASES = ("net_basic_plus", "net_territorial", "net_co2")
LAND_SUBSECTOR = "V.2"  # GPC v1.1 Table 8.1: land (IPCC 2006 Vol 4, LULUCF)
BASIS_LABELS = {
    "basic": ("BASIC", "BASIC"),
    "basic_plus": ("BASIC+", "BASIC+"),
    "territorial": ("Territorial (scope 1)", "ตามขอบเขตพื้นที่ (ขอบเขตที่ 1)"),
    "basic_plus_no_land": (
        "BASIC+ without land use (V.2)",
        "BASIC+ ไม่รวมการใช้ประโยชน์ที่ดิน (V.2)",
    ),
    "net_basic_plus": ("Net BASIC+ (removals counted)", "BASIC+ สุทธิ (หักการดูดกลับ)"),
    "net_territorial": (
        "Net territorial (removals counted)",
        "ตามขอบเขตพื้นที่ สุทธิ (หักการดูดกลับ)",
    ),
    "net_co2": (
        "Net CO2 of BASIC+ lines (removals counted)",
        "CO2 สุทธิของรายการ BASIC+ (หักการดูดกลับ)",
    ),
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
CO2_ONLY = (0,)  # index of CO2 among the components


def basis_label(basis: str, lang: str = "en") -> str:
    en, th = BASIS_LABELS[basis]
    return th if lang == "th" else en


def basis_components(basis: str) -> tuple[int, ...]:
    """Components a basis counts: CO2 only for net CO2 (carbon neutrality), else CO2e."""
    return CO2_ONLY if basis == "net_co2" else CO2E_COMPONENTS


def removal_mask(lines: pd.DataFrame) -> np.ndarray:
    if "removal" in lines.columns:
        return lines["removal"].to_numpy(bool)
    return np.zeros(len(lines), dtype=bool)


def basis_masks(lines: pd.DataFrame) -> dict[str, np.ndarray]:
    """Which lines count in each total."""
    scope = lines["scope"].to_numpy(int)
    gross = ~removal_mask(lines)
    basic_plus = lines["in_basic_plus"].to_numpy(bool)
    territorial = lines["in_territorial"].to_numpy(bool)
    land = lines["subsector"].to_numpy(object) == LAND_SUBSECTOR
    return {
        "basic": lines["in_basic"].to_numpy(bool) & gross,
        "basic_plus": basic_plus & gross,
        "territorial": territorial & gross,
        "basic_plus_no_land": basic_plus & gross & ~land,
        "net_basic_plus": basic_plus,
        "net_territorial": territorial,
        "net_co2": basic_plus,
        "scope1": (scope == 1) & gross,
        "scope2": (scope == 2) & gross,
        # Other scope 3 (VI.1) is reported but outside every GPC total (GPC Ch 3.3)
        "scope3": (scope == 3) & (lines["sector"].to_numpy(object) != "VI") & gross,
    }


def co2e(emissions: np.ndarray) -> np.ndarray:
    """CO2e of a (..., components) array: the four gases, never biogenic CO2."""
    return emissions[..., list(CO2E_COMPONENTS)].sum(axis=-1)


def basis_values(emissions: np.ndarray, basis: str) -> np.ndarray:
    """What a basis counts of a (..., components) array: CO2e, or CO2 for net CO2."""
    return emissions[..., list(basis_components(basis))].sum(axis=-1)


def totals(
    lines: pd.DataFrame, emissions: np.ndarray, masks: dict[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Per-year totals of every basis from a (lines, years, components) array."""
    line_co2e = co2e(emissions)  # (lines, years)
    line_co2 = emissions[..., CO2_ONLY[0]]
    masks = basis_masks(lines) if masks is None else masks
    out = {
        name: (line_co2 if name == "net_co2" else line_co2e)[mask].sum(axis=0)
        for name, mask in masks.items()
    }
    out["removals"] = line_co2e[removal_mask(lines)].sum(axis=0)
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
