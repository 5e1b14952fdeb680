"""The GPC v1.1 reporting catalogue: every reference number with its scope,
inclusion in the BASIC, BASIC+ and territorial totals, and IPCC 2006 category.

Source: GPC v1.1 (WRI, C40, ICLEI, 2021), Table 4.1 and the reporting table of
Chapter 8; shipped as ``data/gpc_catalogue.csv`` with a source column.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from climateplan.reference._data import data_path

GPC_SECTORS = ("I", "II", "III", "IV", "V", "VI")


@lru_cache(maxsize=1)
def gpc_catalogue() -> pd.DataFrame:
    """One row per GPC reference number, indexed by ``gpc_ref``.

    Columns: sector, sector_en, sector_th, subsector, subsector_en, subsector_th,
    scope (1, 2, 3), in_basic, in_basic_plus, in_territorial (bool), ipcc_category,
    description_en, description_th, source.
    """
    table = pd.read_csv(data_path("gpc_catalogue.csv"), dtype={"ipcc_category": str})
    for col in ("in_basic", "in_basic_plus", "in_territorial"):
        table[col] = table[col].astype(bool)
    table["ipcc_category"] = table["ipcc_category"].fillna("")
    return table.set_index("gpc_ref", drop=False)


def gpc_entry(gpc_ref: str) -> pd.Series:
    table = gpc_catalogue()
    key = str(gpc_ref).strip()
    if key not in table.index:
        raise KeyError(
            f"unknown GPC reference {gpc_ref!r}: expected one such as I.1.1, II.1.1, III.1.1, "
            f"IV.1, V.3 / ไม่รู้จักรหัส GPC {gpc_ref!r}: ต้องเป็นรหัส เช่น I.1.1, II.1.1, IV.1, V.3"
        )
    return table.loc[key]
