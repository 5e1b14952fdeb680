"""Livestock: enteric fermentation CH4 and manure management CH4 and direct N2O (GPC V.1).

IPCC 2006 Vol 4 Ch 10, Tier 1:

- enteric fermentation, Eq 10.19-10.20: CH4 = N(T) x EF(T)
- manure management CH4, Eq 10.22: CH4 = N(T) x EF(T)
- manure management direct N2O, Eq 10.25 with Eq 10.30:
  N2O = N(T) x Nex(T) x sum_S [MS(T,S) x EF3(S)] x 44/28,
  Nex(T) = Nrate(T) x TAM(T) / 1000 x 365

Activity is the livestock category; the amount is the annual average population in
head. Factors come from ``reference/data/factors_livestock.csv``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    join_unique,
    note_where,
    number_param,
    result_frame,
    table_keys,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.constants import N2O_N_TO_N2O
from climateplan.reference.factors import (
    distinct_combinations,
    input_sources,
    lookup,
    resolve,
)
from climateplan.units import conversion_factor

FAMILY = "livestock"
# IPCC 2006 Vol 4 Eq 10.30 turns a daily N excretion rate into an annual one with 365 days
# (pint's year is 365.25 days, so the equation's own constant is kept here, named).
IPCC_DAYS_PER_YEAR = 365.0
KG_TO_T = conversion_factor("kg", "t")
SHARE_TOLERANCE = 1e-6  # shares typed with a few decimals must still sum to one

# Manure management systems of IPCC 2006 Vol 4 Table 10.21 that the method accepts,
# with their Thai and English names (the EF3 of each is in the factor table).
MANURE_SYSTEMS: dict[str, tuple[str, str]] = {
    "pasture": ("pasture, range and paddock (grazing)", "ปล่อยแทะเล็มในทุ่ง/คอก"),
    "daily_spread": ("daily spread on fields", "นำไปโรยลงแปลงทุกวัน"),
    "solid_storage": ("solid storage", "กองเก็บมูลแบบแห้ง"),
    "dry_lot": ("dry lot", "ลานดินแห้ง (dry lot)"),
    "liquid_slurry_crust": ("liquid/slurry with natural crust", "บ่อมูลเหลวมีแผ่นคลุมผิวตามธรรมชาติ"),
    "liquid_slurry": ("liquid/slurry without natural crust", "บ่อมูลเหลวไม่มีแผ่นคลุมผิว"),
    "lagoon": ("uncovered anaerobic lagoon", "บ่อหมักไร้อากาศแบบเปิด"),
    "pit_storage": ("pit storage below animal confinements", "บ่อเก็บมูลใต้โรงเรือน"),
    "digester": ("anaerobic digester (biogas)", "บ่อหมักก๊าซชีวภาพ"),
    "burned_for_fuel": ("burned for fuel", "ตากแห้งใช้เป็นเชื้อเพลิง"),
    "deep_bedding": ("deep bedding, no mixing", "วัสดุรองพื้นหนา ไม่มีการพลิกกลับ"),
    "composting": ("composting, in-vessel or static pile", "ทำปุ๋ยหมักในถังหรือกองนิ่ง"),
    "poultry_litter": ("poultry manure with litter", "มูลสัตว์ปีกที่มีวัสดุรองพื้น"),
    "poultry_no_litter": ("poultry manure without litter", "มูลสัตว์ปีกไม่มีวัสดุรองพื้น"),
}


def _share_column(system: str) -> str:
    return f"param_mms_{system}"


# --------------------------------------------------------------------------- enteric


def compute_enteric(lines: pd.DataFrame) -> pd.DataFrame:
    """CH4 (t) = head x EF (kg CH4/head/yr) / 1000; IPCC 2006 Vol 4 Eq 10.19."""
    ef = resolve(
        lines,
        family=FAMILY,
        parameter="enteric_ef",
        keys={"livestock": "activity"},
        unit="kg/head/year",
        param="param_enteric_ef",
        label="Enteric CH4 EF",
    )
    ch4 = lines["amount"].to_numpy(float) * ef.value * KG_TO_T
    return result_frame(lines, ch4=ch4, factor_source=ef.source, main=ef)


# --------------------------------------------------------------------------- manure


def _given_shares(lines: pd.DataFrame) -> np.ndarray:
    """The MMS shares a line gives (NaN where blank), one column per system."""
    return np.column_stack([number_param(lines, f"mms_{s}") for s in MANURE_SYSTEMS])


def _share_matrix(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """MS(T,S) per line and system; and whether the line gave its own shares."""
    given = _given_shares(lines)
    any_given = ~np.isnan(given).all(axis=1)
    # default shares depend on the livestock category only: one look-up over the
    # (category x system) grid of the categories present
    category_of_line, first = distinct_combinations(lines["activity"])
    categories = lines["activity"].to_numpy(object)[first]
    systems = list(MANURE_SYSTEMS)
    grid = lookup(
        FAMILY,
        "mms_share",
        {
            "livestock": np.repeat(categories, len(systems)),
            "mms": np.tile(np.array(systems, dtype=object), len(categories)),
        },
        unit="1",
    )
    defaults = grid.value.reshape(len(categories), len(systems))[category_of_line]
    shares = np.where(any_given[:, None], np.nan_to_num(given), np.nan_to_num(defaults))
    return shares, any_given


def _share_sources(shares: np.ndarray, own_shares: np.ndarray, ef3: np.ndarray) -> np.ndarray:
    """Which systems (share x EF3) each line used, written once per distinct share row."""
    systems = list(MANURE_SYSTEMS)
    pattern_of_line, first = distinct_combinations(own_shares, *shares.T)
    origin = {
        True: "input param_mms_*",
        False: "default assumption (factors_livestock.csv mms_share)",
    }
    text = np.array(
        [
            f"MMS shares ({origin[bool(own)]}): "
            + "; ".join(
                f"{system} {share:g} x EF3 {ef3[j]:g}"
                for j, (system, share) in enumerate(zip(systems, row, strict=True))
                if share > 0
            )
            for own, row in zip(own_shares[first], shares[first], strict=True)
        ],
        dtype=object,
    )
    return text[pattern_of_line]


def compute_manure(lines: pd.DataFrame) -> pd.DataFrame:
    """Manure CH4 (Eq 10.22) and direct N2O (Eq 10.25, Nex by Eq 10.30), in tonnes."""
    heads = lines["amount"].to_numpy(float)
    by_category = {"livestock": "activity"}
    ch4_ef = resolve(
        lines,
        family=FAMILY,
        parameter="manure_ch4_ef",
        keys=by_category,
        unit="kg/head/year",
        param="param_manure_ch4_ef",
        label="Manure CH4 EF",
    )

    # Nex = Nrate (kg N per 1000 kg mass per day) x TAM (kg) / 1000 x 365 (Eq 10.30),
    # unless the line gives its own annual N excretion per head.
    nrate = resolve(
        lines, family=FAMILY, parameter="n_rate", keys=by_category, unit="kg/kg/day", label="Nrate"
    )
    tam = resolve(lines, family=FAMILY, parameter="tam", keys=by_category, unit="kg", label="TAM")
    given_nex = number_param(lines, "n_excretion")
    use_given = ~np.isnan(given_nex)
    nex = np.where(use_given, given_nex, nrate.value * tam.value * IPCC_DAYS_PER_YEAR)
    nex_source = join_unique(nrate, tam)
    if use_given.any():
        nex_source[use_given] = "Nex: " + input_sources(
            "param_n_excretion", given_nex[use_given], "kg N/head/year"
        )

    shares, own_shares = _share_matrix(lines)
    ef3 = lookup(FAMILY, "ef3", {"mms": list(MANURE_SYSTEMS)}, unit="1")
    weighted_ef3 = shares @ np.nan_to_num(ef3.value)
    n2o = heads * nex * weighted_ef3 * N2O_N_TO_N2O * KG_TO_T

    mms_source = _share_sources(shares, own_shares, ef3.value)
    ef3_note = note_where(np.ones(len(lines), dtype=bool), "EF3: " + ef3.source[0].split(" [")[0])
    source = join_unique(ch4_ef, nex_source, mms_source, ef3_note)
    return result_frame(
        lines, ch4=heads * ch4_ef.value * KG_TO_T, n2o=n2o, factor_source=source, main=ch4_ef
    )


def validate_manure(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    """Given MMS shares must sum to 1 (each is already bounded to 0..1 by its ParamSpec)."""
    given = _given_shares(lines)
    is_given = ~np.isnan(given)
    total = np.nansum(given, axis=1)
    bad = is_given.any(axis=1) & (np.abs(total - 1.0) > SHARE_TOLERANCE)
    # name the first share column the line filled in, so the message points at a cell
    first_column = np.array([_share_column(s) for s in MANURE_SYSTEMS])[is_given.argmax(axis=1)]
    problems = []
    for line_id, column, value in zip(
        lines["line_id"].to_numpy()[bad], first_column[bad], total[bad], strict=True
    ):
        problems.append(
            (
                int(line_id),
                str(column),
                f"manure management system shares (param_mms_...) add up to {value:g}; "
                "they must add up to 1 (blank counts as 0)",
                f"สัดส่วนระบบจัดการมูลสัตว์ (param_mms_...) รวมกันได้ {value:g} "
                "ต้องรวมกันได้ 1 (ช่องว่างนับเป็น 0)",
            )
        )
    return problems


# --------------------------------------------------------------------------- specs

_LIVESTOCK_LABEL = ("livestock category", "ประเภทปศุสัตว์")

METHODS = [
    MethodSpec(
        name="enteric_fermentation",
        title_en="Enteric fermentation CH4 (livestock digestion)",
        title_th="ก๊าซมีเทนจากการหมักในระบบทางเดินอาหารของปศุสัตว์",
        equation="IPCC 2006 Vol 4 Ch 10 Eq 10.19-10.20 (Tier 1); Tables 10.10, 10.11",
        activity_label_en=_LIVESTOCK_LABEL[0],
        activity_label_th=_LIVESTOCK_LABEL[1],
        activities=partial(table_keys, FAMILY, "enteric_ef", "livestock"),
        amount_units={"livestock": "head"},
        compute=compute_enteric,
        gpc_prefixes=("V.1",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="enteric_ef",
                description_en="enteric CH4 emission factor replacing the shipped one "
                "(kg CH4 per head per year)",
                description_th="ค่าการปล่อยมีเทนจากการหมักในกระเพาะที่ใช้แทนค่าที่ระบบให้ไว้ (กก. CH4 ต่อตัวต่อปี)",
                unit="kg/head/year",
            ),
        ),
        example={
            "gpc_ref": "V.1",
            "method": "enteric_fermentation",
            "activity": "buffalo",
            "amount": 12000,
            "unit": "head",
            "params": {},
        },
    ),
    MethodSpec(
        name="manure_management",
        title_en="Manure management CH4 and direct N2O",
        title_th="ก๊าซมีเทนและไนตรัสออกไซด์ทางตรงจากการจัดการมูลสัตว์",
        equation="IPCC 2006 Vol 4 Ch 10 Eq 10.22 (CH4), Eq 10.25 and 10.30 (direct N2O); "
        "Tables 10.14, 10.15, 10.19, 10.21",
        activity_label_en=_LIVESTOCK_LABEL[0],
        activity_label_th=_LIVESTOCK_LABEL[1],
        activities=partial(table_keys, FAMILY, "manure_ch4_ef", "livestock"),
        amount_units={"livestock": "head"},
        compute=compute_manure,
        gpc_prefixes=("V.1",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="manure_ch4_ef",
                description_en="manure management CH4 emission factor replacing the shipped one "
                "(kg CH4 per head per year), e.g. for a cooler highland province",
                description_th="ค่าการปล่อยมีเทนจากการจัดการมูลสัตว์ที่ใช้แทนค่าที่ระบบให้ไว้ "
                "(กก. CH4 ต่อตัวต่อปี) เช่น จังหวัดบนที่สูงที่อากาศเย็นกว่า",
                unit="kg/head/year",
            ),
            ParamSpec(
                name="n_excretion",
                description_en="annual N excretion per head (Nex, kg N per head per year) "
                "replacing Nrate x TAM",
                description_th="ปริมาณไนโตรเจนที่ขับถ่ายต่อตัวต่อปี (Nex, กก. N ต่อตัวต่อปี) "
                "ใช้แทนค่าที่คำนวณจาก Nrate x TAM",
                unit="kg/head/year",
            ),
            *(
                ParamSpec(
                    name=f"mms_{system}",
                    description_en=f"share of manure N managed in: {names[0]} (0-1; all "
                    "shares given on a line must add up to 1)",
                    description_th=f"สัดส่วนไนโตรเจนในมูลที่จัดการแบบ: {names[1]} (0-1 "
                    "สัดส่วนทุกช่องในแถวเดียวกันต้องรวมกันได้ 1)",
                    unit="1",
                    minimum=0.0,
                    maximum=1.0,
                )
                for system, names in MANURE_SYSTEMS.items()
            ),
        ),
        validate=validate_manure,
        example={
            "gpc_ref": "V.1",
            "method": "manure_management",
            "activity": "swine",
            "amount": 85000,
            "unit": "head",
            "params": {"mms_solid_storage": 0.6, "mms_digester": 0.4},
        },
    ),
]
