"""Open burning of crop residues in the field: CH4 and N2O, biogenic CO2 (GPC V.3, IPCC 3.C.1.b).

IPCC 2006 Vol 4 Ch 2 Eq 2.27: L_fire = A x M_B x C_f x G_ef x 10^-3 (t of gas), with
A x M_B the dry matter available to burn, found one of two ways:

- from the burned (or harvested) area, amount in ha: M_B x C_f per ha from Table 2.4
  (or M_B given as ``fuel_load`` and C_f from Table 2.6);
- from crop production, amount in t: dry residue = production x RPR x dry matter
  fraction x fraction burned, then x C_f (Table 2.6).

CO2 from burning residues is biogenic (reported beside the totals); CH4 and N2O count.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    join_unique,
    number_param,
    problems_where,
    result_frame,
    table_keys,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.reference.factors import Resolved, input_sources, resolve

FAMILY = "residue_burning"
GASES = ("co2", "ch4", "n2o")


def _factors(lines: pd.DataFrame) -> dict[str, Resolved]:
    """Every factor per line, with precedence input > TH > IPCC."""
    crop = {"crop": "activity"}

    def ratio(parameter: str, label: str) -> Resolved:
        return resolve(
            lines,
            family=FAMILY,
            parameter=parameter,
            keys=crop,
            unit="1",
            param=f"param_{parameter}",
            label=label,
        )

    return {
        "rpr": ratio("rpr", "RPR"),
        "dry_matter": ratio("dry_matter", "dry matter fraction"),
        "cf": ratio("cf", "Cf"),
        "fuel_consumed": resolve(
            lines, family=FAMILY, parameter="fuel_consumed", keys=crop, unit="t/ha", label="MB x Cf"
        ),
    }


def _gas_factors(lines: pd.DataFrame) -> dict[str, Resolved]:
    """Gef per gas as a plain fraction (g/kg scaled): Eq 2.27's 10^-3 is in it."""
    param = {"ch4": "param_burn_ch4_ef", "n2o": "param_burn_n2o_ef"}
    return {
        gas: resolve(
            lines,
            family=FAMILY,
            parameter="gef",
            keys={"gas": np.full(len(lines), gas, dtype=object)},
            unit="1",
            param=param.get(gas),
            param_unit="g/kg",
            label=f"{gas.upper()} Gef",
        )
        for gas in GASES
    }


def compute(lines: pd.DataFrame) -> pd.DataFrame:
    """Gases (t) = dry matter burnt (t) x Gef (g/kg, as a fraction), Eq 2.27."""
    amount = lines["amount"].to_numpy(float)
    by_area = (lines["amount_kind"] == "area").to_numpy()
    factors = _factors(lines)
    fraction = number_param(lines, "fraction_burned")
    # Area lines: blank fraction means the whole area given was burned.
    fraction = np.where(by_area & np.isnan(fraction), 1.0, fraction)
    fuel_load = number_param(lines, "fuel_load")
    has_fuel_load = ~np.isnan(fuel_load)

    # dry matter burnt (t) = A x MB x Cf; for area lines MB x Cf is Table 2.4's fuel
    # consumed, unless the line gives its own fuel load MB (then x Cf of Table 2.6).
    per_ha = np.where(
        has_fuel_load, fuel_load * factors["cf"].value, factors["fuel_consumed"].value
    )
    from_area = amount * fraction * per_ha
    from_production = (
        amount * factors["rpr"].value * factors["dry_matter"].value * fraction * factors["cf"].value
    )
    burnt_t = np.where(by_area, from_area, from_production)
    gef = _gas_factors(lines)

    fuel_load_source = np.full(len(lines), "", dtype=object)
    fuel_load_source[has_fuel_load] = "MB: " + input_sources(
        "param_fuel_load", fuel_load[has_fuel_load], "t/ha"
    )
    area_sources = np.where(
        has_fuel_load,
        join_unique(fuel_load_source, factors["cf"]),
        factors["fuel_consumed"].source,
    )
    production_sources = join_unique(factors["rpr"], factors["dry_matter"], factors["cf"])
    # main factor: MB x Cf (or the given fuel load) for areas, the RPR for production
    main = factors["fuel_consumed"].where(by_area, factors["rpr"])
    return result_frame(
        lines,
        co2_biogenic=burnt_t * gef["co2"].value,
        ch4=burnt_t * gef["ch4"].value,
        n2o=burnt_t * gef["n2o"].value,
        factor_source=join_unique(
            np.where(by_area, area_sources, production_sources), gef["ch4"], gef["n2o"], gef["co2"]
        ),
        factor_origin=np.where(by_area & has_fuel_load, "input", main.origin),
        factor_id=np.where(by_area & has_fuel_load, "input", main.factor_id),
    )


def validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    """Production lines need the fraction burned and a residue ratio and dry matter share."""
    by_mass = (lines["amount_kind"] == "mass").to_numpy()
    fraction = number_param(lines, "fraction_burned")
    factors = _factors(lines)
    problems = problems_where(
        lines,
        by_mass & np.isnan(fraction),
        "param_fraction_burned",
        "when the amount is crop production (t), give the fraction of residues burned in the "
        "field in param_fraction_burned (0-1)",
        "เมื่อปริมาณเป็นผลผลิตพืช (ตัน) ต้องระบุสัดส่วนเศษพืชที่ถูกเผาในแปลงใน param_fraction_burned (0-1)",
    )
    problems += problems_where(
        lines,
        by_mass & factors["rpr"].missing,
        "param_rpr",
        "no shipped residue-to-product ratio for this crop: give param_rpr (t residue per t "
        "of crop) or give the burned area in ha instead",
        "ไม่มีค่าอัตราส่วนเศษพืชต่อผลผลิตของพืชนี้ในระบบ: ระบุ param_rpr (ตันเศษพืชต่อตันผลผลิต) "
        "หรือระบุพื้นที่เผาเป็นเฮกตาร์แทน",
    )
    problems += problems_where(
        lines,
        by_mass & factors["dry_matter"].missing,
        "param_dry_matter",
        "no shipped dry matter fraction of the residue of this crop: give param_dry_matter "
        "(0-1) or give the burned area in ha instead",
        "ไม่มีค่าสัดส่วนน้ำหนักแห้งของเศษพืชนี้ในระบบ: ระบุ param_dry_matter (0-1) หรือระบุพื้นที่เผาเป็นเฮกตาร์แทน",
    )
    return problems


METHODS = [
    MethodSpec(
        name="crop_residue_burning",
        title_en="Open burning of crop residues (rice straw, sugarcane, maize)",
        title_th="การเผาเศษวัสดุทางการเกษตรในที่โล่ง (ฟางข้าว อ้อย ข้าวโพด)",
        equation="IPCC 2006 Vol 4 Ch 2 Eq 2.27; Tables 2.4, 2.5, 2.6",
        activity_label_en="crop",
        activity_label_th="ชนิดพืช",
        activities=partial(table_keys, FAMILY, "fuel_consumed", "crop"),
        amount_units={"mass": "t", "area": "ha"},
        compute=compute,
        gpc_prefixes=("V.3",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="fraction_burned",
                description_en="fraction of the residues (or of the area given) burned in the "
                "field, 0-1; required when the amount is crop production, blank for an area "
                "means the whole area burned",
                description_th="สัดส่วนเศษพืช (หรือพื้นที่ที่ระบุ) ที่ถูกเผาในแปลง 0-1 "
                "ต้องระบุเมื่อปริมาณเป็นผลผลิต ถ้าเป็นพื้นที่และเว้นว่างหมายถึงเผาทั้งพื้นที่",
                unit="1",
                maximum=1.0,
            ),
            ParamSpec(
                name="rpr",
                description_en="residue-to-product ratio replacing the shipped one "
                "(t residue per t crop)",
                description_th="อัตราส่วนเศษพืชต่อผลผลิตที่ใช้แทนค่าที่ระบบให้ไว้ (ตันเศษพืชต่อตันผลผลิต)",
                unit="1",
            ),
            ParamSpec(
                name="dry_matter",
                description_en="dry matter fraction of the residue replacing the shipped one (0-1)",
                description_th="สัดส่วนน้ำหนักแห้งของเศษพืชที่ใช้แทนค่าที่ระบบให้ไว้ (0-1)",
                unit="1",
                maximum=1.0,
            ),
            ParamSpec(
                name="cf",
                description_en="combustion factor Cf replacing the shipped one (0-1)",
                description_th="สัดส่วนการเผาไหม้ Cf ที่ใช้แทนค่าที่ระบบให้ไว้ (0-1)",
                unit="1",
                maximum=1.0,
            ),
            ParamSpec(
                name="fuel_load",
                description_en="dry residue available to burn per ha, MB (t dry matter/ha); "
                "for area lines, replaces the IPCC fuel consumed (then Cf is applied)",
                description_th="ปริมาณเศษพืชแห้งที่เผาได้ต่อเฮกตาร์ MB (ตันน้ำหนักแห้ง/เฮกตาร์) "
                "ใช้กับแถวที่เป็นพื้นที่ แทนค่าของ IPCC (แล้วคูณด้วย Cf)",
                unit="t/ha",
            ),
            ParamSpec(
                name="burn_ch4_ef",
                description_en="CH4 emission factor of burning replacing the shipped one "
                "(g CH4 per kg dry matter burnt)",
                description_th="ค่าการปล่อยมีเทนจากการเผาที่ใช้แทนค่าที่ระบบให้ไว้ "
                "(กรัม CH4 ต่อ กก. น้ำหนักแห้งที่เผา)",
                unit="g/kg",
            ),
            ParamSpec(
                name="burn_n2o_ef",
                description_en="N2O emission factor of burning replacing the shipped one "
                "(g N2O per kg dry matter burnt)",
                description_th="ค่าการปล่อย N2O จากการเผาที่ใช้แทนค่าที่ระบบให้ไว้ "
                "(กรัม N2O ต่อ กก. น้ำหนักแห้งที่เผา)",
                unit="g/kg",
            ),
        ),
        validate=validate,
        example={
            "gpc_ref": "V.3",
            "method": "crop_residue_burning",
            "activity": "sugarcane",
            "amount": 1200000,
            "unit": "t",
            "params": {"fraction_burned": 0.3},
        },
    ),
]
