"""GWP-100 values of the Kyoto gases, from the ``globalwarmingpotentials`` package.

Sources, as the package gives them: IPCC AR4 WG1 Table 2.14, AR5 WG1 Table 8.A.1
(without climate-carbon feedbacks), AR6 WG1 Table 7.SM.7. The set is a setting
of each inventory and is shown on every result.
"""

from __future__ import annotations

import re
from functools import lru_cache

import globalwarmingpotentials
import pandas as pd

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
    frame = globalwarmingpotentials.as_frame()
    series = frame[column].dropna()
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
    return GWP_SETS[str(gwp_set).upper()][1]
