"""Direct entry of a gas: method ``direct`` (any gpc_ref, any scope).

For emissions measured or computed outside the system (a plant's monitoring
report, an F-gas survey): the activity is the gas, the amount its mass. CO2,
biogenic CO2, CH4 and N2O go to their columns; any other Kyoto gas (HFCs, PFCs,
SF6, NF3) to ``other_gas``/``other_t``, converted to CO2e with the inventory's
GWP set by the engine.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import result_frame
from climateplan.inventory.methods.base import MethodSpec
from climateplan.reference.gwp import GWP_SETS, gwp_table, normalise_gas

MAIN_GASES = {"CO2": "co2", "CO2_biogenic": "co2_biogenic", "CH4": "ch4", "N2O": "n2o"}
# The Kyoto basket (UNFCCC): HFCs, the perfluorocarbons and SF6, NF3; the GWP tables
# also hold Montreal-Protocol gases (CFCs, HCFCs, halons) and ethers, which GPC excludes.
KYOTO_PFCS = {"CF4", "C2F6", "C3F8", "CC3F6", "CC4F8", "C4F10", "C5F12", "C6F14", "C7F16"}
KYOTO_PFCS |= {"C8F18", "C10F18"}
# ASHRAE numbers of the perfluorocarbons as they appear in F-gas reports
PFC_NUMBERS = {
    "PFC14": "CF4",
    "PFC116": "C2F6",
    "PFC218": "C3F8",
    "PFCC216": "CC3F6",
    "PFCC318": "CC4F8",
    "PFC318": "CC4F8",
    "PFC3110": "C4F10",
    "PFC31110": "C4F10",
    "PFC41012": "C5F12",
    "PFC4112": "C5F12",
    "PFC51114": "C6F14",
    "PFC5114": "C6F14",
}


def _is_kyoto(gas: str) -> bool:
    return bool(re.match(r"^HFC\d", gas)) or gas in KYOTO_PFCS or gas in {"SF6", "NF3"}


@lru_cache(maxsize=1)
def other_gases() -> tuple[str, ...]:
    """Kyoto gases other than CO2, CH4, N2O that have a GWP in at least one shipped set."""
    names: set[str] = set()
    for gwp_set in GWP_SETS:
        names |= {g for g in gwp_table(gwp_set).index if _is_kyoto(g)}
    return tuple(sorted(names))


def activity_codes() -> tuple[str, ...]:
    return (*MAIN_GASES, *other_gases(), *PFC_NUMBERS)


def canonical_gas(name: str) -> str:
    """'HFC-134a' -> 'HFC134a', 'PFC-14' -> 'CF4', 'co2_biogenic' -> 'CO2_biogenic'."""
    text = str(name).strip()
    if re.sub(r"[\s\-_]", "", text).upper() == "CO2BIOGENIC":
        return "CO2_biogenic"
    gas = normalise_gas(text)
    return PFC_NUMBERS.get(gas, gas)


def compute(lines: pd.DataFrame) -> pd.DataFrame:
    if lines.empty:
        return result_frame(lines)
    codes, uniques = pd.factorize(lines["activity"].astype(str))
    gas = np.array([canonical_gas(u) for u in uniques], dtype=object)[codes]
    tonnes = lines["amount"].to_numpy(float)
    other = ~np.isin(gas, list(MAIN_GASES))
    source = lines["source"].fillna("").astype(str).to_numpy(object)
    return result_frame(
        lines,
        **{column: np.where(gas == name, tonnes, 0.0) for name, column in MAIN_GASES.items()},
        other_gas=np.where(other, gas, ""),
        other_t=np.where(other, tonnes, 0.0),
        factor_source=np.where(source != "", "direct entry (" + source + ")", "direct entry"),
        factor_origin="input",
        factor_id="input",  # the line is its own factor: independent of every other line
    )


METHODS = [
    MethodSpec(
        name="direct",
        title_en="Direct entry of a greenhouse gas (tonnes of gas)",
        title_th="กรอกปริมาณก๊าซเรือนกระจกโดยตรง (ตันของก๊าซ)",
        equation="none: emissions reported directly (GPC v1.1 Ch 2.4 data sources)",
        activity_label_en="gas",
        activity_label_th="ก๊าซ",
        activities=activity_codes,
        amount_units={"mass": "t"},
        compute=compute,
        gpc_prefixes=("I.", "II.", "III.", "IV.", "V.", "VI."),
        scopes=frozenset({1, 2, 3}),
        params=(),
        validate=None,
        example={
            "gpc_ref": "IV.2",
            "method": "direct",
            "activity": "HFC134a",
            "amount": 1.2,
            "unit": "t",
            "params": {},
        },
    )
]
