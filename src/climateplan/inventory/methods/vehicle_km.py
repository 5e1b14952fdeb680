"""On-road transport from vehicle-kilometres: method ``vehicle_km``.

GPC v1.1 Ch 7.3 ('vehicle kilometres travelled' approach; fuel use estimated from
distance and fuel economy) feeding IPCC 2006 Vol 2 Ch 3 Eq 3.2.1 (CO2 from fuel)
and Eq 3.2.3 (CH4/N2O by fuel, Tier 1):

    fuel (L)       = vehicle-km x fuel economy (L/100 km) / 100
    emissions (kg) = fuel (TJ, by NCV per litre or density x NCV) x EF (kg/TJ)

The activity names the vehicle class and its fuel: ``"<class>:<fuel>"``, e.g.
``passenger_car:gasohol_e10``, ``pickup:diesel_b7``, ``motorcycle:gasohol_e10``.
From the fuel on, the calculation is the one of ``fuel_combustion`` in road
transport (same factors, blends and biogenic CO2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import result_frame
from climateplan.inventory.methods._energy_common import (
    Keys,
    add_fuel_keys,
    distinct_keys,
    fuel_emissions,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.fuel_combustion import TECHNOLOGY_PARAM
from climateplan.reference.factors import join_sources, resolve

VEHICLE_CLASSES = {
    "motorcycle": ("motorcycle", "รถจักรยานยนต์"),
    "three_wheeler": ("three-wheeler (tuk-tuk)", "รถสามล้อ (ตุ๊กตุ๊ก)"),
    "passenger_car": ("passenger car", "รถยนต์นั่งส่วนบุคคล"),
    "pickup": ("pickup and van", "รถกระบะและรถตู้"),
    "bus": ("bus", "รถโดยสาร"),
    "truck": ("truck", "รถบรรทุก"),
}
# fuels with road CH4/N2O factors (IPCC 2006 Vol 2 Table 3.2.2), as sold in Thailand
ROAD_FUELS = (
    "motor_gasoline",
    "gasohol_e10",
    "gasohol_e20",
    "gasohol_e85",
    "diesel",
    "diesel_b7",
    "diesel_b10",
    "diesel_b20",
    "lpg",
    "cng",
)
SEPARATOR = ":"

PARAMS = (
    ParamSpec(
        "fuel_economy",
        "Fuel used per 100 km by this vehicle class (replaces the shipped value; required "
        "where none is shipped)",
        "ปริมาณเชื้อเพลิงที่ใช้ต่อ 100 กม. ของยานพาหนะประเภทนี้ (ใช้แทนค่าที่มีในระบบ และต้องระบุเมื่อระบบไม่มีค่า)",
        unit="L/100 km",
    ),
    ParamSpec(
        "bio_share_pct",
        "Ethanol or biodiesel share of a blend by volume (gasohol, diesel B7/B10/B20)",
        "สัดส่วนเอทานอลหรือไบโอดีเซลในเชื้อเพลิงผสมโดยปริมาตร (แก๊สโซฮอล์ ดีเซล B7/B10/B20)",
        unit="percent",
        maximum=100.0,
    ),
    TECHNOLOGY_PARAM,
)


def activity_codes() -> tuple[str, ...]:
    return tuple(f"{c}{SEPARATOR}{f}" for c in VEHICLE_CLASSES for f in ROAD_FUELS)


def _keys(lines: pd.DataFrame):
    params = [
        c
        for c in ("param_fuel_economy", "param_bio_share_pct", "param_technology")
        if c in lines.columns
    ]
    keys, codes = distinct_keys(lines, ["activity", "subsector"], params)
    parts = [str(a).partition(SEPARATOR) for a in keys["activity"].tolist()]
    # the fuel amount is a volume: vehicle-km x litres per km
    keys["amount_kind"] = np.full(len(parts), "volume", dtype=object)
    keys = add_fuel_keys(keys, np.array([fuel for _, _, fuel in parts], dtype=object))
    keys["vehicle_class"] = np.array([vehicle for vehicle, _, _ in parts], dtype=object)
    return keys, codes


def _per_km(keys: Keys):
    economy = resolve(
        keys,
        family="mobile",
        parameter="fuel_economy",
        keys={"vehicle_class": "vehicle_class", "fuel": "fuel"},
        unit="m**3/km",
        param="param_fuel_economy",
        param_unit="L/(100 km)",
        label="fuel economy",
    )
    fuel = fuel_emissions(keys)  # per m3 of fuel
    missing = economy.missing
    name = keys["vehicle_class"] + SEPARATOR + keys["fuel"]
    fuel.problems.add(
        missing,
        "param_fuel_economy",
        "no fuel economy is shipped for "
        + name
        + ": give param_fuel_economy (litres per 100 km) from a survey or the vehicle "
        "register, or enter the fuel sold with method fuel_combustion",
        "ระบบไม่มีอัตราการใช้เชื้อเพลิงของ "
        + name
        + ": ให้ระบุ param_fuel_economy (ลิตรต่อ 100 กม.) จากการสำรวจหรือทะเบียนรถ"
        " หรือกรอกปริมาณเชื้อเพลิงที่จำหน่ายด้วยวิธี fuel_combustion",
    )
    return economy, fuel


def validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    keys, codes = _keys(lines)
    _, fuel = _per_km(keys)
    return fuel.problems.for_lines(codes, lines["line_id"].to_numpy())


def compute(lines: pd.DataFrame) -> pd.DataFrame:
    if lines.empty:
        return result_frame(lines)
    keys, codes = _keys(lines)
    economy, fuel = _per_km(keys)
    fuel.problems.raise_if_any("vehicle_km")
    m3_per_km = economy.value
    km = lines["amount"].to_numpy(float)
    gases = {
        gas: km * (m3_per_km * per_m3)[codes]
        for gas, per_m3 in (
            ("co2", fuel.co2),
            ("co2_biogenic", fuel.co2_biogenic),
            ("ch4", fuel.ch4),
            ("n2o", fuel.n2o),
        )
    }
    source = np.asarray(join_sources(economy.source, fuel.source), dtype=object)
    return result_frame(
        lines,
        **gases,
        factor_source=source[codes],
        main=economy.take(codes),
    )


METHODS = [
    MethodSpec(
        name="vehicle_km",
        title_en="On-road transport from vehicle-kilometres travelled",
        title_th="การขนส่งทางถนนจากระยะทางที่ยานพาหนะวิ่ง (คัน-กม.)",
        equation=(
            "GPC v1.1 Ch 7.3 (vehicle kilometres travelled x fuel economy); "
            "IPCC 2006 Vol 2 Ch 3 Eq 3.2.1 (CO2) and Eq 3.2.3 (CH4, N2O)"
        ),
        activity_label_en="vehicle class and fuel (class:fuel)",
        activity_label_th="ประเภทยานพาหนะและเชื้อเพลิง (ประเภท:เชื้อเพลิง)",
        activities=activity_codes,
        amount_units={"distance": "km"},
        compute=compute,
        gpc_prefixes=("II.1.1", "II.1.3"),
        scopes=frozenset({1, 3}),
        params=PARAMS,
        validate=validate,
        example={
            "gpc_ref": "II.1.1",
            "method": "vehicle_km",
            "activity": "passenger_car:gasohol_e10",
            "amount": 150000000,
            "unit": "km",
            "params": {},
        },
    )
]
