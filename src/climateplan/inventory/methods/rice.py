"""Rice cultivation CH4 (GPC V.3, IPCC 3.C.7).

IPCC 2006 Vol 4 Ch 5, Tier 1:

- Eq 5.1: CH4 = sum_i (EF_i x t_i x A_i) x 10^-6  (Gg; here tonnes: x 10^-3)
- Eq 5.2: EF_i = EF_c x SF_w x SF_p x SF_o x SF_s,r
- Eq 5.3: SF_o = (1 + sum_i ROA_i x CFOA_i) ^ 0.59

Activity is the water regime during cultivation; the amount is the harvested area
(each crop counts: a field cropped twice a year is two lines, major and second
rice). Area arrives in hectares (the engine converts rai: 1 rai = 0.16 ha).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from climateplan.inventory.methods._afolu import (
    KG_TO_T,
    activity_codes,
    join_unique,
    line_factor,
    numeric_param,
    text_column,
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec, empty_result

FAMILY = "rice"
DEFAULT_SEASON = "major"
# IPCC 2006 Table 5.13 baseline row: the pre-season the baseline EFc was defined for.
DEFAULT_PRE_SEASON = "non_flooded_short"

SEASONS = ("major", "second")
PRE_SEASONS = ("non_flooded_short", "non_flooded_long", "flooded_long")
AMENDMENTS: dict[str, tuple[str, str]] = {
    "straw_short": (
        "rice straw incorporated less than 30 days before cultivation (t dry weight/ha)",
        "ฟางข้าวที่ไถกลบน้อยกว่า 30 วันก่อนปลูก (ตันน้ำหนักแห้ง/เฮกตาร์)",
    ),
    "straw_long": (
        "rice straw incorporated more than 30 days before cultivation (t dry weight/ha)",
        "ฟางข้าวที่ไถกลบมากกว่า 30 วันก่อนปลูก (ตันน้ำหนักแห้ง/เฮกตาร์)",
    ),
    "compost": ("compost applied (t fresh weight/ha)", "ปุ๋ยหมักที่ใส่ (ตันน้ำหนักสด/เฮกตาร์)"),
    "farmyard_manure": (
        "farmyard manure applied (t fresh weight/ha)",
        "ปุ๋ยคอกที่ใส่ (ตันน้ำหนักสด/เฮกตาร์)",
    ),
    "green_manure": (
        "green manure applied (t fresh weight/ha)",
        "ปุ๋ยพืชสดที่ใส่ (ตันน้ำหนักสด/เฮกตาร์)",
    ),
}


def compute(lines: pd.DataFrame) -> pd.DataFrame:
    """CH4 (t) = A (ha) x t (days) x EFc x SFw x SFp x SFo x SFs,r (kg/ha/day) / 1000."""
    out = empty_result(lines)
    n = len(lines)
    area_ha = lines["amount"].to_numpy(float)

    efc = line_factor(
        lines,
        param="param_baseline_ef",
        family=FAMILY,
        parameter="baseline_ef",
        keys={"water_regime": "activity"},  # the baseline row is a wildcard: any regime
        unit="kg/ha/day",
        label="EFc",
    )
    sfw = line_factor(
        lines,
        family=FAMILY,
        parameter="sfw",
        keys={"water_regime": "activity"},
        param="param_sfw",
        label="SFw",
    )
    pre_season = text_param(lines, "pre_season", DEFAULT_PRE_SEASON)
    sfp = line_factor(
        lines, family=FAMILY, parameter="sfp", keys={"pre_season": pre_season}, label="SFp"
    )
    season = text_param(lines, "season", DEFAULT_SEASON)
    days = line_factor(
        lines,
        param="param_season_days",
        family=FAMILY,
        parameter="season_days",
        keys={"season": season},
        unit="day",
        label="cultivation period",
    )
    sfsr = line_factor(
        lines, family=FAMILY, parameter="sfsr", keys={}, param="param_sfsr", label="SFs,r"
    )

    # Eq 5.3 over the five organic amendment types (rates in t/ha, blank = none applied)
    kinds = list(AMENDMENTS)
    cfoa = line_factor(
        pd.DataFrame({"amendment": kinds}),
        family=FAMILY,
        parameter="cfoa",
        keys={"amendment": "amendment"},
    ).value
    rates = np.nan_to_num(np.column_stack([numeric_param(lines, f"oa_{k}") for k in kinds]))
    exponent = line_factor(
        pd.DataFrame(index=[0]), family=FAMILY, parameter="sfo_exponent", keys={}
    )
    sfo = (1.0 + rates @ cfoa) ** exponent.value[0]
    sfo_source = np.full(n, "", dtype=object)
    amended = rates.sum(axis=1) > 0
    if amended.any():
        sfo_source[amended] = (
            "SFo: "
            + pd.Series(sfo[amended]).map("{:.4g}".format).to_numpy(object)
            + f" (Eq 5.3, exponent {exponent.value[0]:g}; CFOA from IPCC 2006 Vol 4 Ch 5 "
            "Table 5.14)"
        )

    ef_daily = efc.value * sfw.value * sfp.value * sfo * sfsr.value
    out["ch4"] = area_ha * days.value * ef_daily * KG_TO_T
    out["factor_source"] = text_column(
        join_unique(efc.source, sfw.source, sfp.source, sfo_source, sfsr.source, days.source)
    )
    out["factor_origin"] = text_column(efc.origin)
    return out


METHODS = [
    MethodSpec(
        name="rice_cultivation",
        title_en="Rice cultivation CH4 (flooded paddy fields)",
        title_th="ก๊าซมีเทนจากการปลูกข้าว (นาน้ำขัง)",
        equation="IPCC 2006 Vol 4 Ch 5 Eq 5.1-5.3 (Tier 1); Tables 5.11-5.14",
        activity_label_en="water regime during cultivation",
        activity_label_th="ระบบการจัดการน้ำระหว่างการปลูก",
        activities=partial(activity_codes, FAMILY, "sfw", "water_regime"),
        amount_units={"area": "ha"},
        compute=compute,
        gpc_prefixes=("V.3",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="season",
                description_en="rice season: major (in-season, na pi) or second (off-season, "
                "na prang); sets the default cultivation period. Blank = major",
                description_th="ฤดูปลูก: major (นาปี) หรือ second (นาปรัง) ใช้กำหนดจำนวนวันปลูก"
                "ที่ระบบให้ไว้ ว่าง = นาปี",
                choices=SEASONS,
            ),
            ParamSpec(
                name="season_days",
                description_en="cultivation period in days (replaces the default of the season)",
                description_th="จำนวนวันปลูก (ใช้แทนค่าที่ระบบให้ไว้ตามฤดู)",
                unit="day",
                maximum=365.0,
            ),
            ParamSpec(
                name="pre_season",
                description_en="water regime before the cultivation period (IPCC Table 5.13): "
                "non_flooded_short (<180 days), non_flooded_long (>180 days), flooded_long "
                "(flooded >30 days). Blank = non_flooded_short",
                description_th="สภาพน้ำก่อนฤดูปลูก (IPCC ตาราง 5.13): non_flooded_short "
                "(ไม่ขังน้ำ <180 วัน), non_flooded_long (ไม่ขังน้ำ >180 วัน), flooded_long "
                "(ขังน้ำ >30 วัน) ว่าง = non_flooded_short",
                choices=PRE_SEASONS,
            ),
            *(
                ParamSpec(
                    name=f"oa_{kind}",
                    description_en=f"organic amendment: {names[0]}",
                    description_th=f"อินทรียวัตถุที่ใส่: {names[1]}",
                    unit="t/ha",
                )
                for kind, names in AMENDMENTS.items()
            ),
            ParamSpec(
                name="baseline_ef",
                description_en="baseline emission factor EFc replacing the shipped one "
                "(kg CH4 per ha per day, continuously flooded without organic amendment)",
                description_th="ค่าการปล่อยพื้นฐาน EFc ที่ใช้แทนค่าที่ระบบให้ไว้ "
                "(กก. CH4 ต่อเฮกตาร์ต่อวัน นาขังน้ำตลอดโดยไม่ใส่อินทรียวัตถุ)",
                unit="kg/ha/day",
            ),
            ParamSpec(
                name="sfw",
                description_en="water regime scaling factor SFw replacing the shipped one",
                description_th="ตัวปรับตามระบบการจัดการน้ำ SFw ที่ใช้แทนค่าที่ระบบให้ไว้",
                unit="1",
            ),
            ParamSpec(
                name="sfsr",
                description_en="scaling factor for soil type and rice cultivar SFs,r "
                "(blank = 1, no adjustment)",
                description_th="ตัวปรับตามชนิดดินและพันธุ์ข้าว SFs,r (ว่าง = 1 ไม่ปรับ)",
                unit="1",
            ),
        ),
        example={
            "gpc_ref": "V.3",
            "method": "rice_cultivation",
            "activity": "irrigated_single_drainage",
            "amount": 1000,
            "unit": "rai",
            "params": {"season": "second", "season_days": 120},
        },
    ),
]
