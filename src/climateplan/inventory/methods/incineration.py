"""Incineration and open burning of waste (IPCC 2006 Vol 5 Ch 5, Tier 1).

For SW tonnes (wet weight) of one waste type::

    CO2 fossil   = SW x dm x CF x FCF x OF x 44/12                       (Eq 5.1)
    CO2 biogenic = SW x dm x CF x (1 - FCF) x OF x 44/12   (reported beside totals)
    CH4          = SW x EF_CH4                                            (Eq 5.4)
    N2O          = SW x EF_N2O                                            (Eq 5.5)

dm: dry matter content (fraction of wet weight), CF: carbon in dry matter, FCF:
fossil share of that carbon (Table 2.4), OF: oxidation factor (Table 5.2: 1.0 for
incineration, 0.58 for open burning). Bulk ``msw`` uses dm, CF and FCF derived
from the composition of Table 2.3 (Eq 5.2), stored as rows of factors_waste.csv.

Incineration CH4 and N2O factors depend on the technology (Table 5.3, Table 5.6);
open burning uses 6,500 g CH4 per t wet and 150 g N2O per t dry waste (Sections
5.4.2, 5.4.3); the dry-basis N2O factor is applied to SW x dm.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    FRACTION,
    clean_text,
    join_unique,
    no_default_problems,
    result_frame,
    same_for_all,
    table_keys,
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.constants import C_TO_CO2
from climateplan.reference.factors import Resolved, resolve

FAMILY = "waste"
EF_UNIT = "g/t"  # numerically equal to kg/Gg, the unit of Tables 5.3 and 5.6


def burnable_waste_types() -> tuple[str, ...]:
    return table_keys(FAMILY, "carbon_fraction", "waste_type")


TECHNOLOGIES = table_keys(FAMILY, "n2o_ef", "technology")


def _factors(lines: pd.DataFrame, treatment: str) -> dict[str, Resolved]:
    waste = clean_text(lines["activity"])
    how = same_for_all(lines, treatment)

    def ratio(name: str, keys: dict, label: str, param: str, unit: str = FRACTION) -> Resolved:
        # a plain ratio: fractions as they are, g/t -> t/t, so that t x ratio = t
        return resolve(
            lines,
            family=FAMILY,
            parameter=name,
            keys=keys,
            unit="1",
            param=f"param_{param}",
            param_unit=unit,
            label=label,
        )

    factors = {
        "dm": ratio("dry_matter", {"waste_type": waste}, "dm", "dry_matter"),
        "cf": ratio("carbon_fraction", {"waste_type": waste}, "CF", "carbon_fraction"),
        "fcf": ratio(
            "fossil_carbon_fraction", {"waste_type": waste}, "FCF", "fossil_carbon_fraction"
        ),
        "of": ratio("oxidation_factor", {"treatment": how}, "OF", "oxidation_factor"),
    }
    wet = same_for_all(lines, "wet")
    if treatment == "incineration":
        by_tech = {"treatment": how, "basis": wet, "technology": text_param(lines, "technology")}
        factors["ch4_ef"] = ratio("ch4_ef", by_tech, "CH4 EF", "ch4_ef", EF_UNIT)
        factors["n2o_ef"] = ratio("n2o_ef", by_tech, "N2O EF", "n2o_ef", EF_UNIT)
        return factors
    factors["ch4_ef"] = ratio(
        "ch4_ef", {"treatment": how, "basis": wet}, "CH4 EF", "ch4_ef", EF_UNIT
    )
    # Section 5.4.3 gives the open-burning N2O factor per t of *dry* waste: per t as
    # burned it is EF_dry x dm. An input factor is per t as burned, like the amount.
    n2o = ratio(
        "n2o_ef",
        {"treatment": how, "basis": same_for_all(lines, "dry")},
        "N2O EF (per t dry matter, x dm)",
        "n2o_ef",
        EF_UNIT,
    )
    is_input = n2o.origin == "input"
    factors["n2o_ef"] = Resolved(
        np.where(is_input, n2o.value, n2o.value * factors["dm"].value),
        n2o.origin,
        n2o.source,
        n2o.factor_id,
        n2o.codes,
    )
    return factors


def _emissions(lines: pd.DataFrame, treatment: str) -> pd.DataFrame:
    factors = _factors(lines, treatment)
    waste = lines["amount"].to_numpy(float)
    carbon_oxidised = waste * factors["dm"].value * factors["cf"].value * factors["of"].value
    fossil = factors["fcf"].value
    return result_frame(
        lines,
        co2=carbon_oxidised * fossil * C_TO_CO2,  # Eq 5.1
        co2_biogenic=carbon_oxidised * (1.0 - fossil) * C_TO_CO2,
        ch4=waste * factors["ch4_ef"].value,  # Eq 5.4
        n2o=waste * factors["n2o_ef"].value,  # Eq 5.5
        factor_source=join_unique(*factors.values()),
        main=factors["cf"],
    )


PARAM_OF = {
    "dm": "param_dry_matter",
    "cf": "param_carbon_fraction",
    "fcf": "param_fossil_carbon_fraction",
    "of": "param_oxidation_factor",
    "ch4_ef": "param_ch4_ef",
    "n2o_ef": "param_n2o_ef",
}


def _problems(lines: pd.DataFrame, treatment: str) -> list[tuple[int, str, str, str]]:
    factors = _factors(lines, treatment)
    missing = {PARAM_OF[key]: f.missing for key, f in factors.items()}
    if treatment == "incineration":
        # a blank technology is reported by the engine (required param), not twice here
        blank = np.asarray(text_param(lines, "technology")) == ""
        missing["param_ch4_ef"] = missing["param_ch4_ef"] & ~blank
        missing["param_n2o_ef"] = missing["param_n2o_ef"] & ~blank
    return no_default_problems(lines, missing, f" ({treatment})", f" ({treatment})")


def _carbon_params() -> tuple[ParamSpec, ...]:
    return (
        ParamSpec(
            "dry_matter",
            "dry matter content, fraction of wet weight (overrides Table 2.4)",
            "สัดส่วนน้ำหนักแห้งต่อน้ำหนักเปียก (แทนค่าตาราง 2.4)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "carbon_fraction",
            "total carbon content, fraction of dry weight (overrides Table 2.4)",
            "สัดส่วนคาร์บอนทั้งหมดในน้ำหนักแห้ง (แทนค่าตาราง 2.4)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "fossil_carbon_fraction",
            "fossil share of total carbon (overrides Table 2.4)",
            "สัดส่วนคาร์บอนฟอสซิลในคาร์บอนทั้งหมด (แทนค่าตาราง 2.4)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "oxidation_factor",
            "fraction of carbon oxidised (overrides Table 5.2)",
            "สัดส่วนคาร์บอนที่ถูกออกซิไดซ์ (แทนค่าตาราง 5.2)",
            unit=FRACTION,
            maximum=1.0,
        ),
    )


def _ef_params(where_en: str, where_th: str) -> tuple[ParamSpec, ...]:
    return (
        ParamSpec(
            "ch4_ef",
            f"CH4 emission factor, g CH4 per t waste wet weight ({where_en})",
            f"ค่าการปล่อย CH4 กรัมต่อตันขยะน้ำหนักเปียก ({where_th})",
            unit=EF_UNIT,
        ),
        ParamSpec(
            "n2o_ef",
            f"N2O emission factor, g N2O per t waste wet weight ({where_en})",
            f"ค่าการปล่อย N2O กรัมต่อตันขยะน้ำหนักเปียก ({where_th})",
            unit=EF_UNIT,
        ),
    )


METHODS = [
    MethodSpec(
        name="incineration",
        title_en="Incineration of waste",
        title_th="การเผาขยะในเตาเผา",
        equation="IPCC 2006 Vol 5 Ch 5 Eq 5.1 (CO2, fossil and biogenic), Eq 5.4 (CH4, Table "
        "5.3), Eq 5.5 (N2O, Table 5.6)",
        activity_label_en="waste type",
        activity_label_th="ประเภทขยะ",
        activities=burnable_waste_types,
        amount_units={"mass": "t"},
        compute=lambda lines: _emissions(lines, "incineration"),
        gpc_prefixes=("III.3.",),
        scopes=frozenset({1, 3}),
        params=(
            ParamSpec(
                "technology",
                "incinerator type, for the CH4 and N2O factors (Tables 5.3 and 5.6)",
                "ประเภทเตาเผา ใช้เลือกค่าการปล่อย CH4 และ N2O (ตาราง 5.3 และ 5.6)",
                required=True,
                choices=TECHNOLOGIES,
            ),
            *_carbon_params(),
            *_ef_params("overrides Tables 5.3/5.6", "แทนค่าตาราง 5.3/5.6"),
        ),
        validate=lambda lines: _problems(lines, "incineration"),
        example={
            "gpc_ref": "III.3.1",
            "method": "incineration",
            "activity": "msw",
            "amount": 3000,
            "unit": "t",
            "params": {"technology": "continuous_stoker"},
        },
    ),
    MethodSpec(
        name="open_burning",
        title_en="Open burning of waste",
        title_th="การเผาขยะในที่โล่ง",
        equation="IPCC 2006 Vol 5 Ch 5 Eq 5.1 (CO2, oxidation factor 0.58), Eq 5.4 (CH4, "
        "Section 5.4.2), Eq 5.5 (N2O, Section 5.4.3)",
        activity_label_en="waste type",
        activity_label_th="ประเภทขยะ",
        activities=burnable_waste_types,
        amount_units={"mass": "t"},
        compute=lambda lines: _emissions(lines, "open_burning"),
        gpc_prefixes=("III.3.",),
        scopes=frozenset({1, 3}),
        params=(
            *_carbon_params(),
            *_ef_params(
                "overrides the Section 5.4.2/5.4.3 defaults", "แทนค่าเริ่มต้นในหัวข้อ 5.4.2/5.4.3"
            ),
        ),
        validate=lambda lines: _problems(lines, "open_burning"),
        example={
            "gpc_ref": "III.3.1",
            "method": "open_burning",
            "activity": "msw",
            "amount": 1500,
            "unit": "t",
            "params": {},
        },
    ),
]
