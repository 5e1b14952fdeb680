"""Fuel combustion, stationary and transport: method ``fuel_combustion``.

IPCC 2006 Vol 2 Ch 2 Eq 2.1 (stationary combustion, Tier 1) and Ch 3 Eq 3.2.1
(road, CO2), Eq 3.2.3 (road, CH4/N2O by fuel), Eq 3.3.1 (off-road), Eq 3.4.1
(railways), Eq 3.5.1 (water-borne navigation), Eq 3.6.1 (aviation, Tier 1):

    emissions of gas g from fuel f = fuel consumed (TJ) x EF(g, f) (kg/TJ)

CO2 factors per fuel come from Table 1.4 (the transport chapters repeat them);
CH4 and N2O factors depend on where the fuel burns: the IPCC table of the GPC
sub-sector's category (I.1 residential Table 2.5, I.2 commercial Table 2.4, I.3
manufacturing Table 2.3, I.4 energy industries Table 2.2, I.5 agriculture Table
2.5, I.6 non-specified Table 2.4 as a stand-in; II.1 road Table 3.2.2, II.2 rail
Table 3.4.1, II.3 navigation Table 3.5.3, II.4 aviation Table 3.6.5, II.5
off-road Table 3.3.1). Biomass CO2 is biogenic (reported beside the totals); a
blend (gasohol, diesel B7 ...) is split by its biofuel volume share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import result_frame
from climateplan.inventory.methods._energy_common import (
    TECHNOLOGIES,
    add_fuel_keys,
    distinct_keys,
    fuel_codes,
    fuel_emissions,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec

FUEL_PARAMS = (
    ParamSpec(
        "ncv",
        "Net calorific value of the fuel (replaces the shipped Thai/IPCC value)",
        "ค่าความร้อนสุทธิของเชื้อเพลิง (ใช้แทนค่าของไทย/IPCC ที่มีในระบบ)",
        unit="TJ/Gg",
    ),
    ParamSpec(
        "ncv_volume",
        "Net calorific value per litre, for amounts in litres or m3",
        "ค่าความร้อนสุทธิต่อลิตร สำหรับปริมาณที่เป็นลิตรหรือ ลบ.ม.",
        unit="MJ/L",
    ),
    ParamSpec(
        "density",
        "Density of the fuel, to turn litres into tonnes (used with the mass NCV)",
        "ความหนาแน่นของเชื้อเพลิง สำหรับแปลงลิตรเป็นตัน (ใช้คู่กับค่าความร้อนต่อมวล)",
        unit="kg/L",
    ),
    ParamSpec(
        "co2_ef",
        "CO2 emission factor per TJ (replaces IPCC 2006 Vol 2 Table 1.4)",
        "ค่าการปล่อย CO2 ต่อ TJ (ใช้แทน IPCC 2006 เล่ม 2 ตาราง 1.4)",
        unit="kg/TJ",
    ),
    ParamSpec(
        "ch4_ef",
        "CH4 emission factor per TJ (replaces the IPCC table of the sector or transport mode)",
        "ค่าการปล่อย CH4 ต่อ TJ (ใช้แทนตาราง IPCC ของภาคส่วนหรือรูปแบบการขนส่ง)",
        unit="kg/TJ",
    ),
    ParamSpec(
        "n2o_ef",
        "N2O emission factor per TJ (replaces the IPCC table of the sector or transport mode)",
        "ค่าการปล่อย N2O ต่อ TJ (ใช้แทนตาราง IPCC ของภาคส่วนหรือรูปแบบการขนส่ง)",
        unit="kg/TJ",
    ),
    ParamSpec(
        "bio_share_pct",
        "Ethanol or biodiesel share of a blend by volume (gasohol, diesel B7/B10/B20)",
        "สัดส่วนเอทานอลหรือไบโอดีเซลในเชื้อเพลิงผสมโดยปริมาตร (แก๊สโซฮอล์ ดีเซล B7/B10/B20)",
        unit="percent",
        maximum=100.0,
    ),
)
TECHNOLOGY_PARAM = ParamSpec(
    "technology",
    "Engine technology for CH4/N2O of gasoline: road (uncontrolled, oxidation_catalyst, "
    "low_mileage_1995) or off-road (4_stroke, 2_stroke); blank = uncontrolled / 4-stroke",
    "เทคโนโลยีเครื่องยนต์สำหรับ CH4/N2O ของน้ำมันเบนซิน: ทางถนน (uncontrolled, oxidation_catalyst,"
    " low_mileage_1995) หรือนอกถนน (4_stroke, 2_stroke); เว้นว่าง = uncontrolled / 4-stroke",
    unit=None,
    choices=TECHNOLOGIES,
)
PARAMS = (*FUEL_PARAMS, TECHNOLOGY_PARAM)
PARAM_COLUMNS = [p.column for p in PARAMS]

GPC_REFS = (
    "I.1.1",
    "I.2.1",
    "I.3.1",
    "I.4.1",
    "I.4.4",
    "I.5.1",
    "I.6.1",
    "II.1.1",
    "II.1.3",
    "II.2.1",
    "II.2.3",
    "II.3.1",
    "II.3.3",
    "II.4.1",
    "II.4.3",
    "II.5.1",
)


def _keys(lines: pd.DataFrame):
    params = [c for c in PARAM_COLUMNS if c in lines.columns]
    keys, codes = distinct_keys(lines, ["activity", "amount_kind", "subsector"], params)
    return add_fuel_keys(keys, keys["activity"]), codes


def validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    keys, codes = _keys(lines)
    result = fuel_emissions(keys)
    return result.problems.for_lines(codes, lines["line_id"].to_numpy())


def compute(lines: pd.DataFrame) -> pd.DataFrame:
    if lines.empty:
        return result_frame(lines)
    keys, codes = _keys(lines)
    result = fuel_emissions(keys)
    result.problems.raise_if_any("fuel_combustion")
    amount = lines["amount"].to_numpy(float)
    return result_frame(
        lines,
        co2=amount * result.co2[codes],
        co2_biogenic=amount * result.co2_biogenic[codes],
        ch4=amount * result.ch4[codes],
        n2o=amount * result.n2o[codes],
        factor_source=np.asarray(result.source, dtype=object)[codes],
        main=result.main.take(codes),
    )


METHODS = [
    MethodSpec(
        name="fuel_combustion",
        title_en="Fuel combustion (stationary and transport)",
        title_th="การเผาไหม้เชื้อเพลิง (แหล่งกำเนิดอยู่กับที่และการขนส่ง)",
        equation=(
            "IPCC 2006 Vol 2 Ch 2 Eq 2.1 (stationary); Ch 3 Eq 3.2.1 and 3.2.3 (road), "
            "Eq 3.3.1 (off-road), Eq 3.4.1 (rail), Eq 3.5.1 (navigation), Eq 3.6.1 (aviation)"
        ),
        activity_label_en="fuel",
        activity_label_th="เชื้อเพลิง",
        activities=fuel_codes,
        amount_units={"energy": "TJ", "mass": "t", "volume": "m**3"},
        compute=compute,
        gpc_prefixes=GPC_REFS,
        scopes=frozenset({1, 3}),
        params=PARAMS,
        validate=validate,
        example={
            "gpc_ref": "II.1.1",
            "method": "fuel_combustion",
            "activity": "diesel_b7",
            "amount": 1250000,
            "unit": "L",
            "params": {},
        },
    )
]
