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

from climateplan.inventory.methods._afolu import dimensionless_factor, ratio_factor
from climateplan.inventory.methods.base import MethodSpec, ParamSpec, empty_result
from climateplan.inventory.methods.constants import C_TO_CO2
from climateplan.inventory.methods.landfill_commitment import number_param, text_param
from climateplan.reference.factors import Resolved, factor_table, join_sources

FAMILY = "waste"
FRACTION = "fraction"
EF_UNIT = "g/t"  # numerically equal to kg/Gg, the unit of Tables 5.3 and 5.6


def burnable_waste_types() -> tuple[str, ...]:
    table = factor_table(FAMILY)
    rows = table.loc[table["parameter"] == "carbon_fraction", "waste_type"]
    return tuple(sorted(rows.dropna().unique()))


TECHNOLOGIES = tuple(
    sorted(
        factor_table(FAMILY)
        .loc[
            lambda t: (t["parameter"] == "ch4_ef") & (t["treatment"] == "incineration"),
            "technology",
        ]
        .dropna()
        .unique()
    )
)


def _carbon_factors(work: pd.DataFrame) -> dict[str, Resolved]:
    by_waste = {"waste_type": "activity"}
    return {
        "dm": ratio_factor(
            work,
            family=FAMILY,
            parameter="dry_matter",
            keys=by_waste,
            param="param_dry_matter",
            label="dm",
        ),
        "cf": ratio_factor(
            work,
            family=FAMILY,
            parameter="carbon_fraction",
            keys=by_waste,
            param="param_carbon_fraction",
            label="CF",
        ),
        "fcf": ratio_factor(
            work,
            family=FAMILY,
            parameter="fossil_carbon_fraction",
            keys=by_waste,
            param="param_fossil_carbon_fraction",
            label="FCF",
        ),
        "of": ratio_factor(
            work,
            family=FAMILY,
            parameter="oxidation_factor",
            keys={"treatment": "treatment"},
            param="param_oxidation_factor",
            label="OF",
        ),
    }


def _work_frame(lines: pd.DataFrame, treatment: str) -> pd.DataFrame:
    ef_scale = dimensionless_factor(EF_UNIT)
    work = pd.DataFrame(
        {
            "activity": lines["activity"].astype(str).str.strip().str.lower().to_numpy(),
            "treatment": treatment,
            "technology": text_param(lines, "technology", "").to_numpy(),
            "source": lines["source"].to_numpy() if "source" in lines else "",
        },
        index=lines.index,
    )
    for name in ("dry_matter", "carbon_fraction", "fossil_carbon_fraction", "oxidation_factor"):
        work[f"param_{name}"] = number_param(lines, name)
    for name in ("ch4_ef", "n2o_ef"):
        work[f"param_{name}"] = number_param(lines, name) * ef_scale
    return work


def _factors(lines: pd.DataFrame, treatment: str) -> dict[str, Resolved]:
    work = _work_frame(lines, treatment)
    factors = _carbon_factors(work)
    if treatment == "incineration":
        by_tech = {"treatment": "treatment", "basis": "basis", "technology": "technology"}
        work["basis"] = "wet"
        factors["ch4_ef"] = ratio_factor(
            work,
            family=FAMILY,
            parameter="ch4_ef",
            keys=by_tech,
            param="param_ch4_ef",
            label="CH4 EF",
        )
        factors["n2o_ef"] = ratio_factor(
            work,
            family=FAMILY,
            parameter="n2o_ef",
            keys=by_tech,
            param="param_n2o_ef",
            label="N2O EF",
        )
    else:
        by_basis = {"treatment": "treatment", "basis": "basis"}
        work["basis"] = "wet"
        factors["ch4_ef"] = ratio_factor(
            work,
            family=FAMILY,
            parameter="ch4_ef",
            keys=by_basis,
            param="param_ch4_ef",
            label="CH4 EF",
        )
        # Section 5.4.3 gives the open-burning N2O factor per t of *dry* waste
        work["basis"] = "dry"
        dry = ratio_factor(
            work, family=FAMILY, parameter="n2o_ef", keys=by_basis, label="N2O EF (dry basis)"
        )
        per_wet = dry.value * factors["dm"].value
        given = work["param_n2o_ef"].to_numpy(float)
        use = ~np.isnan(given)
        # an input N2O factor is per t as burned (wet), like the amount
        factors["n2o_ef"] = Resolved(
            value=np.where(use, given, per_wet),
            origin=np.where(use, "input", dry.origin),
            source=np.where(use, "N2O EF: input param_n2o_ef", dry.source),
            factor_id=np.where(use, "input", dry.factor_id),
        )
    return factors


def _emissions(lines: pd.DataFrame, treatment: str) -> pd.DataFrame:
    factors = _factors(lines, treatment)
    waste = lines["amount"].to_numpy(float)
    carbon_oxidised = waste * factors["dm"].value * factors["cf"].value * factors["of"].value
    fossil = factors["fcf"].value
    result = empty_result(lines)
    result["co2"] = carbon_oxidised * fossil * C_TO_CO2  # Eq 5.1
    result["co2_biogenic"] = carbon_oxidised * (1.0 - fossil) * C_TO_CO2
    result["ch4"] = waste * factors["ch4_ef"].value  # Eq 5.4
    result["n2o"] = waste * factors["n2o_ef"].value  # Eq 5.5
    result["factor_source"] = join_sources(*(f.source for f in factors.values()))
    result["factor_origin"] = factors["cf"].origin
    return result


def _problems(lines: pd.DataFrame, treatment: str) -> list[tuple[int, str, str, str]]:
    factors = _factors(lines, treatment)
    ids = lines["line_id"].to_numpy()
    activity = lines["activity"].astype(str).to_numpy()
    columns = {
        "dm": "param_dry_matter",
        "cf": "param_carbon_fraction",
        "fcf": "param_fossil_carbon_fraction",
        "of": "param_oxidation_factor",
        "ch4_ef": "param_ch4_ef",
        "n2o_ef": "param_n2o_ef",
    }
    problems = []
    for key, column in columns.items():
        gaps = factors[key].missing
        for line_id, act in zip(ids[gaps], activity[gaps], strict=True):
            problems.append(
                (
                    int(line_id),
                    column,
                    f"no default {column.removeprefix('param_')} for {act!r} ({treatment}): "
                    f"give it in {column}",
                    f"ไม่มีค่าเริ่มต้น {column.removeprefix('param_')} สำหรับ {act!r} ({treatment}) "
                    f"ให้ระบุใน {column}",
                )
            )
    return problems


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
