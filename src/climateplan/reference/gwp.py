"""GWP-100 values of the Kyoto gases, from the ``globalwarmingpotentials`` package.

Sources, as the package gives them: IPCC AR4 WG1 Table 2.14, AR5 WG1 Table 8.A.1
(without climate-carbon feedbacks), AR6 WG1 Table 7.SM.7. The set is a setting
of each inventory and is shown on every result.

Methane under AR6: AR6 WG1 Ch 7 Table 7.15 gives fossil methane (29.8) a higher
GWP-100 than non-fossil methane (27.0), because the CO2 into which fossil methane
oxidises is new carbon in the atmosphere. With a set listed in
``data/gwp_ch4_split.csv`` the CH4 of each line gets the value of its origin, by
IPCC category as ``data/ch4_origin.csv`` says (fuel combustion, fugitive and
industrial processes fossil; agriculture and waste non-fossil; a line whose CO2 is
all biogenic, i.e. burnt biomass, non-fossil): :func:`ch4_gwp`. Other sets keep one
CH4 value.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference._data import data_path

GWP_SETS = {
    "AR4": ("AR4GWP100", "IPCC AR4 WG1 (2007) Table 2.14, 100-year GWP"),
    "AR5": ("AR5GWP100", "IPCC AR5 WG1 (2013) Table 8.A.1, 100-year GWP without feedbacks"),
    "AR6": ("AR6GWP100", "IPCC AR6 WG1 (2021) Table 7.SM.7, 100-year GWP"),
}
KYOTO_GASES = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")


def normalise_gas(name: str) -> str:
    """'HFC-134a', 'hfc 134a', 'HFC134a' -> 'HFC134a'; 'co2' -> 'CO2'."""
    text = re.sub(r"[\s\-_]", "", str(name)).upper()
    # the package spells the isomer suffix in lower case (HFC134a, HFC245fa)
    match = re.match(r"^(HFC|PFC|HCFC|CFC)(\d+)([A-Z]*)$", text)
    if match:
        return match.group(1) + match.group(2) + match.group(3).lower()
    return text


@lru_cache(maxsize=8)
def gwp_table(gwp_set: str = "AR5") -> pd.Series:
    """GWP-100 per gas (index: normalised gas name) for one set; CO2 is 1."""
    key = str(gwp_set).upper()
    if key not in GWP_SETS:
        raise KeyError(
            f"unknown GWP set {gwp_set!r}: expected one of {', '.join(GWP_SETS)} / "
            f"ไม่รู้จักชุดค่า GWP {gwp_set!r}: ต้องเป็น {', '.join(GWP_SETS)}"
        )
    column, _ = GWP_SETS[key]
    import globalwarmingpotentials  # here: a command that computes nothing need not load it

    # the package's own dict: the same values, in the same order, as its CSV (as_frame),
    # without a CSV parse per set
    series = pd.Series(globalwarmingpotentials.data[column], dtype=float).dropna()
    series.index = [normalise_gas(i) for i in series.index]
    series = series[~series.index.duplicated()]
    series.loc["CO2"] = 1.0
    return series.astype(float)


def gwp(gas: str, gwp_set: str = "AR5") -> float:
    """GWP-100 of one gas in one set; KeyError with a bilingual message if unknown."""
    table = gwp_table(gwp_set)
    key = normalise_gas(gas)
    if key not in table.index:
        raise KeyError(f"no {gwp_set} GWP for gas {gas!r} / ไม่มีค่า GWP ({gwp_set}) ของก๊าซ {gas!r}")
    return float(table[key])


def gwp_source(gwp_set: str) -> str:
    """The source of a GWP set, with the CH4 values by origin where the set splits them."""
    key = str(gwp_set).upper()
    text = GWP_SETS[key][1]
    split = ch4_split(key)
    if split:
        text += (
            f"; CH4 fossil {split['fossil']:g} (fuel combustion, fugitive, industrial "
            f"processes), non-fossil {split['non_fossil']:g} (agriculture, waste, burnt "
            "biomass): AR6 WG1 Ch 7 Table 7.15"
        )
    return text


def gwp_source_th(gwp_set: str) -> str:
    """Thai text of the CH4 split of a set ("" when the set has one CH4 value)."""
    split = ch4_split(str(gwp_set).upper())
    if not split:
        return ""
    return (
        f"CH4 จากฟอสซิล {split['fossil']:g} (การเผาไหม้เชื้อเพลิง การรั่วไหล "
        f"กระบวนการอุตสาหกรรม) CH4 ที่ไม่ใช่ฟอสซิล {split['non_fossil']:g} (เกษตร ของเสีย "
        "การเผาชีวมวล): AR6 WG1 บทที่ 7 ตาราง 7.15"
    )


CH4_ORIGINS = ("fossil", "non_fossil")


def _rows(name: str) -> list[dict[str, str]]:
    with open(data_path(name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=8)
def ch4_split(gwp_set: str) -> dict[str, float] | None:
    """{"fossil": ..., "non_fossil": ...} GWP-100 of CH4 for a set that splits
    methane by origin (data/gwp_ch4_split.csv), else None."""
    found = {
        row["ch4_origin"]: float(row["value"])
        for row in _rows("gwp_ch4_split.csv")
        if row["gwp_set"].upper() == str(gwp_set).upper()
    }
    if not found:
        return None
    if set(found) != set(CH4_ORIGINS):
        raise ValueError(
            f"gwp_ch4_split.csv: {gwp_set} needs one row for each of {CH4_ORIGINS} / "
            f"gwp_ch4_split.csv: {gwp_set} ต้องมีแถวละหนึ่งแถวสำหรับ {CH4_ORIGINS}"
        )
    return found


@lru_cache(maxsize=1)
def _origin_rules() -> tuple[tuple[str, str, str], ...]:
    """(IPCC category prefix, origin, origin of all-biogenic lines), longest prefix first."""
    rules = [
        (row["ipcc_category_prefix"].strip(), row["ch4_origin"], row["biomass_lines"])
        for row in _rows("ch4_origin.csv")
    ]
    bad = [r for r in rules if r[1] not in CH4_ORIGINS or r[2] not in CH4_ORIGINS]
    if bad or "*" not in {r[0] for r in rules}:
        raise ValueError(f"ch4_origin.csv: bad rows {bad} or no '*' row")
    return tuple(sorted(rules, key=lambda r: -len(r[0]) if r[0] != "*" else 1))


def ch4_is_fossil(ipcc_category, co2, co2_biogenic) -> np.ndarray:
    """Per line, whether its methane is fossil (data/ch4_origin.csv): by the longest
    matching IPCC category prefix, the all-biogenic-CO2 rule for burnt biomass."""
    category = pd.Series(np.asarray(ipcc_category, dtype=object)).fillna("").astype(str)
    co2 = np.asarray(co2, dtype=float)
    biomass = (co2 == 0) & (np.asarray(co2_biogenic, dtype=float) > 0)
    fossil = np.zeros(len(category), dtype=bool)
    decided = np.zeros(len(category), dtype=bool)
    for prefix, origin, biomass_origin in _origin_rules():
        hit = ~decided & (
            np.ones(len(category), dtype=bool)
            if prefix == "*"
            else category.str.startswith(prefix).to_numpy(bool)
        )
        fossil[hit] = np.where(biomass[hit], biomass_origin, origin) == "fossil"
        decided |= hit
    return fossil


def ch4_gwp(gwp_set: str, ipcc_category, co2, co2_biogenic) -> float | np.ndarray:
    """GWP-100 of the CH4 of each line: one number for a set without a split (its
    table value), else per line the fossil or non-fossil value (:func:`ch4_is_fossil`)."""
    split = ch4_split(str(gwp_set).upper())
    if split is None:
        return gwp_table(gwp_set)["CH4"]
    fossil = ch4_is_fossil(ipcc_category, co2, co2_biogenic)
    return np.where(fossil, split["fossil"], split["non_fossil"])
