"""Wastewater treatment and discharge (IPCC 2006 Vol 5 Ch 6, Tier 1).

Domestic (``wastewater_domestic``): one line per treatment or discharge pathway,
amount = population whose wastewater goes that way (P x U_i x T_ij)::

    TOW = P x BOD x 0.001 x I x 365          kg BOD/yr               (Eq 6.3)
    EF  = B0 x MCF_j                         kg CH4/kg BOD           (Eq 6.2)
    CH4 = (TOW - S) x EF - R                                         (Eq 6.1)
    N_effluent = P x Protein x F_NPR x F_NON-CON x F_IND-COM - N_sludge   (Eq 6.8)
    N2O = N_effluent x EF_effluent x 44/28                           (Eq 6.7)

N2O from effluent is computed on every line for the line's population: with the
population split over pathways and each person counted once, the lines add up to
Eq 6.8 for the whole population. (Centralised advanced plants with nitrification
can add their plant N2O, Box 6.1, through the ``direct`` method.)

Industrial (``wastewater_industrial``): amount = production, t of product::

    TOW = P x W x COD                        kg COD/yr               (Eq 6.6)
    EF  = B0 x MCF_j                         kg CH4/kg COD           (Eq 6.5)
    CH4 = (TOW - S) x EF - R                                         (Eq 6.4)

W (m3/t) and COD (kg/m3) default to Table 6.9 by industry; a measured wastewater
volume or COD load may be given instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    FRACTION,
    clean_text,
    join_unique,
    no_default_problems,
    note_where,
    number_param,
    only_where,
    problems_where,
    result_frame,
    table_keys,
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.constants import N2O_N_TO_N2O
from climateplan.reference.factors import Resolved, factor_table, resolve
from climateplan.units import conversion_factor

FAMILY = "wastewater"
# Eq 6.3 multiplies a daily BOD by 365 days: the equation's own constant (pint's
# year is 365.25 days, which would not reproduce the Guidelines).
DAYS_PER_YEAR_EQ_6_3 = 365.0
G_TO_T = conversion_factor("g", "t")
KG_TO_T = conversion_factor("kg", "t")
# Industries of importance in Thailand that Table 6.9 does not cover: accepted as
# activities, with W and COD (or the COD load) to be given by the user.
INDUSTRIES_WITHOUT_DEFAULTS = ("natural_rubber", "other")

DOMESTIC_SYSTEMS = table_keys(FAMILY, "mcf_domestic", "system")
INDUSTRIAL_SYSTEMS = table_keys(FAMILY, "mcf_industrial", "system")


def industries() -> tuple[str, ...]:
    table = factor_table(FAMILY)
    known = table.loc[table["industry"].notna(), "industry"].unique()
    return tuple(sorted({*known, *INDUSTRIES_WITHOUT_DEFAULTS}))


def _methane(tow: np.ndarray, ef: np.ndarray, lines: pd.DataFrame):
    """CH4 = (TOW - S) x EF - R (Eq 6.1 / 6.4), with the notes on S and R."""
    sludge = np.nan_to_num(number_param(lines, "sludge_removed"))
    recovered = np.nan_to_num(number_param(lines, "recovered_ch4"))
    notes = (
        note_where(sludge > 0, "sludge removed: input param_sludge_removed"),
        note_where(recovered > 0, "recovered CH4: input param_recovered_ch4"),
    )
    return (tow - sludge) * ef - recovered, notes


def _sludge_and_recovery_problems(lines, tow, ef, organic: str):
    """Sludge removed above the organic load, or recovered CH4 above what is generated."""
    sludge = np.nan_to_num(number_param(lines, "sludge_removed"))
    problems = problems_where(
        lines,
        sludge > tow * (1 + 1e-12),
        "param_sludge_removed",
        f"organic matter removed as sludge exceeds the {organic} in the wastewater (TOW)",
        f"สารอินทรีย์ที่กำจัดออกเป็นตะกอนมากกว่า {organic} ในน้ำเสีย (TOW)",
    )
    generated = np.clip(tow - sludge, 0, None) * ef
    recovered = np.nan_to_num(number_param(lines, "recovered_ch4"))
    problems += problems_where(
        lines,
        recovered > generated * (1 + 1e-12),
        "param_recovered_ch4",
        "recovered CH4 exceeds the methane this line generates",
        "มีเทนที่นำกลับมาใช้มากกว่ามีเทนที่เกิดจากรายการนี้",
    )
    return problems


# ----------------------------------------------------------------------------- domestic


def _domestic_factors(lines: pd.DataFrame) -> dict[str, Resolved]:
    # rows with a blank system are wildcards: they apply to every pathway
    by_system = {"system": clean_text(lines["activity"])}

    def get(parameter, label, param=None, unit=FRACTION):
        return resolve(
            lines,
            family=FAMILY,
            parameter=parameter,
            keys=by_system,
            unit=unit,
            param=f"param_{param}" if param else None,
            label=label,
        )

    return {
        "param_bod": get("bod", "BOD", "bod", "g/person/day"),
        "param_i_factor": get("i_factor", "I", "i_factor"),
        "param_b0": get("b0_bod", "B0", "b0"),
        "param_mcf": get("mcf_domestic", "MCF", "mcf"),
        "param_protein": get("protein", "Protein", "protein", "kg/person/yr"),
        "f_npr": get("f_npr", "F_NPR"),
        "param_f_non_con": get("f_non_con", "F_NON-CON", "f_non_con"),
        "f_ind_com": get("f_ind_com", "F_IND-COM"),
        "param_ef_effluent": get("ef_effluent", "EF effluent", "ef_effluent"),
    }


def _domestic_loads(lines, f):
    people = lines["amount"].to_numpy(float)
    # Eq 6.3 in tonnes: P x BOD [g/person/day] x 365 x I, g -> t
    tow = people * f["param_bod"].value * DAYS_PER_YEAR_EQ_6_3 * f["param_i_factor"].value * G_TO_T
    ef = f["param_b0"].value * f["param_mcf"].value  # Eq 6.2
    # Eq 6.8 in tonnes of N: P x Protein [kg/person/yr] x F_NPR x F_NON-CON x F_IND-COM
    nitrogen = (
        people
        * f["param_protein"].value
        * f["f_npr"].value
        * f["param_f_non_con"].value
        * f["f_ind_com"].value
        * KG_TO_T
    )
    return tow, ef, nitrogen


def _domestic_compute(lines: pd.DataFrame) -> pd.DataFrame:
    f = _domestic_factors(lines)
    tow, ef, nitrogen = _domestic_loads(lines, f)
    ch4, notes = _methane(tow, ef, lines)  # Eq 6.1
    n_sludge = np.nan_to_num(number_param(lines, "n_sludge"))
    n_effluent = nitrogen - n_sludge  # Eq 6.8
    n_note = note_where(n_sludge > 0, "N removed with sludge: input param_n_sludge")
    return result_frame(
        lines,
        ch4=ch4,
        n2o=n_effluent * f["param_ef_effluent"].value * N2O_N_TO_N2O,  # Eq 6.7
        factor_source=join_unique(*f.values(), *notes, n_note),
        main=f["param_mcf"],
    )


def _domestic_validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    f = _domestic_factors(lines)
    problems = no_default_problems(lines, {col: r.missing for col, r in f.items()})
    tow, ef, nitrogen = (np.nan_to_num(x) for x in _domestic_loads(lines, f))
    problems += _sludge_and_recovery_problems(lines, tow, ef, "BOD")
    n_sludge = np.nan_to_num(number_param(lines, "n_sludge"))
    problems += problems_where(
        lines,
        n_sludge > nitrogen * (1 + 1e-12),
        "param_n_sludge",
        "nitrogen removed with sludge exceeds the nitrogen in the wastewater (Eq 6.8)",
        "ไนโตรเจนที่กำจัดออกกับตะกอนมากกว่าไนโตรเจนในน้ำเสีย (สมการ 6.8)",
    )
    return problems


# --------------------------------------------------------------------------- industrial


def _industrial_factors(lines: pd.DataFrame) -> dict[str, Resolved]:
    by_industry = {"industry": clean_text(lines["activity"])}
    by_system = {"system": text_param(lines, "treatment")}
    return {
        "param_wastewater_per_product": resolve(
            lines,
            family=FAMILY,
            parameter="wastewater_per_product",
            keys=by_industry,
            unit="m**3/t",
            param="param_wastewater_per_product",
            param_unit="m3/t",
            label="W",
        ),
        "param_cod": resolve(
            lines,
            family=FAMILY,
            parameter="cod",
            keys=by_industry,
            unit="kg/m**3",
            param="param_cod",
            param_unit="kg/m3",
            label="COD",
        ),
        "param_b0": resolve(
            lines,
            family=FAMILY,
            parameter="b0_cod",
            keys=by_system,
            unit=FRACTION,
            param="param_b0",
            label="B0",
        ),
        "param_mcf": resolve(
            lines,
            family=FAMILY,
            parameter="mcf_industrial",
            keys=by_system,
            unit=FRACTION,
            param="param_mcf",
            label="MCF",
        ),
    }


def _industrial_tow(lines, f):
    """TOW in t COD/yr: COD load > volume x COD > production x W x COD (Eq 6.6)."""
    load = number_param(lines, "cod_load")
    measured_volume = number_param(lines, "wastewater_volume")
    uses_cod = np.isnan(load)
    uses_w = uses_cod & np.isnan(measured_volume)
    volume = np.where(
        np.isnan(measured_volume),
        lines["amount"].to_numpy(float) * f["param_wastewater_per_product"].value,
        measured_volume,
    )
    tow = np.where(uses_cod, volume * f["param_cod"].value * KG_TO_T, load)
    return tow, uses_w, uses_cod


def _industrial_compute(lines: pd.DataFrame) -> pd.DataFrame:
    f = _industrial_factors(lines)
    tow, uses_w, uses_cod = _industrial_tow(lines, f)
    ef = f["param_b0"].value * f["param_mcf"].value  # Eq 6.5
    ch4, notes = _methane(tow, ef, lines)  # Eq 6.4
    source = join_unique(
        only_where(f["param_wastewater_per_product"], uses_w),
        only_where(f["param_cod"], uses_cod),
        note_where(uses_cod & ~uses_w, "wastewater volume: input param_wastewater_volume"),
        note_where(~uses_cod, "TOW: input param_cod_load"),
        f["param_b0"],
        f["param_mcf"],
        *notes,
    )
    return result_frame(lines, ch4=ch4, factor_source=source, main=f["param_mcf"])


def _industrial_validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    f = _industrial_factors(lines)
    tow, uses_w, uses_cod = _industrial_tow(lines, f)
    problems = []
    ids = lines["line_id"].to_numpy()
    activity = lines["activity"].astype(str).to_numpy()
    for column, gaps, what_en, what_th, instead in (
        (
            "param_wastewater_per_product",
            uses_w & f["param_wastewater_per_product"].missing,
            "wastewater per t of product (m3/t)",
            "ปริมาณน้ำเสียต่อตันผลิตภัณฑ์ (ลบ.ม./ตัน)",
            "param_wastewater_volume or param_cod_load",
        ),
        (
            "param_cod",
            uses_cod & f["param_cod"].missing,
            "COD concentration (kg/m3)",
            "ความเข้มข้น COD (กก./ลบ.ม.)",
            "param_cod_load",
        ),
    ):
        for line_id, act in zip(ids[gaps], activity[gaps], strict=True):
            problems.append(
                (
                    int(line_id),
                    column,
                    f"no default {what_en} for industry {act!r} (IPCC 2006 Vol 5 Table 6.9): "
                    f"give {column}, or {instead}",
                    f"ไม่มีค่าเริ่มต้น{what_th} สำหรับอุตสาหกรรม {act!r} (IPCC 2006 เล่ม 5 "
                    f"ตาราง 6.9) ให้ระบุ {column} หรือ {instead.replace(' or ', ' หรือ ')}",
                )
            )
    blank = np.asarray(text_param(lines, "treatment")) == ""  # reported by the engine
    problems += no_default_problems(
        lines,
        {"param_b0": f["param_b0"].missing & ~blank, "param_mcf": f["param_mcf"].missing & ~blank},
    )
    ef = np.nan_to_num(f["param_b0"].value * f["param_mcf"].value)
    problems += _sludge_and_recovery_problems(lines, np.nan_to_num(tow), ef, "COD")
    return problems


def _common_ch4_params(organic: str, organic_th: str) -> tuple[ParamSpec, ...]:
    return (
        ParamSpec(
            "b0",
            f"maximum CH4 producing capacity, kg CH4 per kg {organic} (overrides Table 6.2)",
            f"ศักยภาพสูงสุดในการเกิด CH4 กก. CH4 ต่อ กก. {organic_th} (แทนค่าตาราง 6.2)",
            unit=FRACTION,
        ),
        ParamSpec(
            "mcf",
            "methane correction factor of the system (overrides Table 6.3/6.8)",
            "ค่าปรับแก้มีเทนของระบบบำบัด (แทนค่าตาราง 6.3/6.8)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "sludge_removed",
            f"organic component removed as sludge, t {organic}/yr (S)",
            f"สารอินทรีย์ที่กำจัดออกในรูปตะกอน ตัน {organic_th} ต่อปี (S)",
            unit="t",
        ),
        ParamSpec(
            "recovered_ch4",
            "methane recovered (flared or used), t CH4/yr (R)",
            "มีเทนที่นำกลับมาเผาทิ้งหรือใช้ประโยชน์ ตัน CH4 ต่อปี (R)",
            unit="t",
        ),
    )


METHODS = [
    MethodSpec(
        name="wastewater_domestic",
        title_en="Domestic wastewater treatment and discharge (CH4 and N2O)",
        title_th="การบำบัดและการปล่อยน้ำเสียชุมชน (CH4 และ N2O)",
        equation="IPCC 2006 Vol 5 Ch 6 Eq 6.1-6.3 (CH4) and Eq 6.7-6.8 (N2O from effluent)",
        activity_label_en="treatment or discharge pathway",
        activity_label_th="ระบบบำบัดหรือทางระบายน้ำเสีย",
        activities=lambda: DOMESTIC_SYSTEMS,
        amount_units={"population": "person"},
        compute=_domestic_compute,
        gpc_prefixes=("III.4.",),
        scopes=frozenset({1, 3}),
        params=(
            ParamSpec(
                "bod",
                "BOD generated per person, g/person/day (overrides Table 6.4)",
                "BOD ต่อคน กรัม/คน/วัน (แทนค่าตาราง 6.4)",
                unit="g/person/day",
            ),
            ParamSpec(
                "i_factor",
                "correction for industrial BOD co-discharged to sewers "
                "(1.25 collected, 1.0 uncollected)",
                "ค่าปรับแก้ BOD จากอุตสาหกรรมและการค้าที่ระบายลงท่อร่วม (1.25 เมื่อรวบรวม 1.0 เมื่อไม่รวบรวม)",
                unit=FRACTION,
            ),
            *_common_ch4_params("BOD", "BOD"),
            ParamSpec(
                "protein",
                "protein consumption, kg/person/yr (overrides the FAO value for Thailand)",
                "การบริโภคโปรตีน กก./คน/ปี (แทนค่า FAO ของประเทศไทย)",
                unit="kg/person/yr",
            ),
            ParamSpec(
                "f_non_con",
                "factor for non-consumed protein added to wastewater (1.1 "
                "without, 1.4 with garbage disposals)",
                "ค่าปรับแก้โปรตีนที่ไม่ได้บริโภคที่ลงสู่น้ำเสีย (1.1 ไม่มี 1.4 มีเครื่องบดเศษอาหาร)",
                unit=FRACTION,
            ),
            ParamSpec(
                "ef_effluent",
                "N2O emission factor of effluent, kg N2O-N per kg N",
                "ค่าการปล่อย N2O จากน้ำทิ้ง กก. N2O-N ต่อ กก. N",
                unit=FRACTION,
            ),
            ParamSpec(
                "n_sludge",
                "nitrogen removed with sludge, t N/yr",
                "ไนโตรเจนที่กำจัดออกกับตะกอน ตัน N ต่อปี",
                unit="t",
            ),
        ),
        validate=_domestic_validate,
        example={
            "gpc_ref": "III.4.1",
            "method": "wastewater_domestic",
            "activity": "septic_system",
            "amount": 420000,
            "unit": "person",
            "params": {},
        },
    ),
    MethodSpec(
        name="wastewater_industrial",
        title_en="Industrial wastewater treatment and discharge (CH4)",
        title_th="การบำบัดและการปล่อยน้ำเสียอุตสาหกรรม (CH4)",
        equation="IPCC 2006 Vol 5 Ch 6 Eq 6.4-6.6, Tables 6.8 and 6.9",
        activity_label_en="industry",
        activity_label_th="ประเภทอุตสาหกรรม",
        activities=industries,
        amount_units={"mass": "t"},
        compute=_industrial_compute,
        gpc_prefixes=("III.4.",),
        scopes=frozenset({1, 3}),
        params=(
            ParamSpec(
                "treatment",
                "treatment or discharge system of the wastewater, for the MCF (Table 6.8)",
                "ระบบบำบัดหรือทางระบายน้ำเสีย ใช้เลือกค่า MCF (ตาราง 6.8)",
                required=True,
                choices=INDUSTRIAL_SYSTEMS,
            ),
            ParamSpec(
                "wastewater_per_product",
                "wastewater generated, m3 per t of product (W, overrides Table 6.9)",
                "ปริมาณน้ำเสีย ลบ.ม. ต่อตันผลิตภัณฑ์ (W แทนค่าตาราง 6.9)",
                unit="m3/t",
            ),
            ParamSpec(
                "cod",
                "chemical oxygen demand of the wastewater, kg COD/m3 (overrides Table 6.9)",
                "ค่าซีโอดีของน้ำเสีย กก. COD/ลบ.ม. (แทนค่าตาราง 6.9)",
                unit="kg/m3",
            ),
            ParamSpec(
                "wastewater_volume",
                "measured wastewater volume of the year, m3 (replaces production x W)",
                "ปริมาณน้ำเสียที่ตรวจวัดในปี ลบ.ม. (ใช้แทน ผลผลิต x W)",
                unit="m3",
            ),
            ParamSpec(
                "cod_load",
                "measured organic load of the year, t COD (replaces production x W x COD)",
                "ภาระสารอินทรีย์ที่ตรวจวัดในปี ตัน COD (ใช้แทน ผลผลิต x W x COD)",
                unit="t",
            ),
            *_common_ch4_params("COD", "COD"),
        ),
        validate=_industrial_validate,
        example={
            "gpc_ref": "III.4.1",
            "method": "wastewater_industrial",
            "activity": "starch",
            "amount": 25000,
            "unit": "t",
            "params": {"treatment": "anaerobic_lagoon_deep"},
        },
    ),
]
