"""Forest land: CO2 removals and emissions of living biomass (GPC V.2, IPCC 3.B.1), Tier 1.

IPCC 2006 Vol 4 Ch 2 gain-loss method (Eq 2.7: change = gains - losses), with the
default factors of Vol 4 Ch 4 in ``reference/data/factors_land.csv``. Gains and
losses are entered as separate lines, so the inventory shows both: a gain is a
removal (negative CO2), a loss an emission (positive CO2).

- ``forest_growth`` (gains, Eq 2.9 and 2.10; forest land remaining forest land and
  land converted to forest land): amount = area (ha or rai)::

      removal (t CO2) = -A x GW x (1 + R) x CF x 44/12

  GW above-ground growth (Table 4.9, by forest type and age class: stands of 20
  years or less grow faster; land converted to forest is "young"), R root-to-shoot
  ratio (Table 4.4), CF carbon fraction (Table 4.3).

- ``forest_loss`` (losses, Eq 2.14 disturbance and Eq 2.16 conversion of forest
  land to other land, deforestation, with the biomass after conversion = 0 at
  Tier 1 unless given): amount = area (ha or rai)::

      emission (t CO2) = A x (BW x (1 + R) - B_after) x fd x CF x 44/12

  BW above-ground biomass before (Table 4.7), fd the fraction of biomass lost
  (1 for deforestation or a stand-replacing disturbance), B_after the biomass left
  or regrown in the year of conversion (t d.m./ha, default 0).

- ``wood_removal`` (losses, Eq 2.12 wood removals and Eq 2.13 fuelwood): amount =
  volume removed (m3)::

      emission (t CO2) = H x BCEF_R x (1 + R) x CF x 44/12

  BCEF_R (t above-ground biomass removed per m3 of wood, Table 4.5) depends on the
  growing stock of the stand, so the line gives it in ``param_bcef_r``.

Plantations (rubber, eucalyptus, teak) grow at rates of Vol 4 Ch 4 Table 4.10 that
depend on species, zone and management. No IPCC default is shipped for them (nor a
BCEF_R of Table 4.5): the line gives its growth rate (``param_growth``) and
root-to-shoot ratio (``param_root_shoot``), from Thai plantation data or that table,
quoted as the line's own factors. A Thai ``growth`` or ``root_shoot`` row a national
administrator adds for a plantation (origin TH, keyed by its forest type) is the
default of the lines that give none; a line's own factor still wins.
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
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.constants import C_TO_CO2
from climateplan.reference.factors import Resolved, resolve

FAMILY = "land"
AGE_CLASSES = ("young", "old")
# Forest types that are plantations: their growth and root-to-shoot ratio come with the line
PLANTATIONS = ("rubber_plantation", "eucalyptus_plantation", "teak_plantation")


def forest_types(parameter: str = "growth") -> tuple[str, ...]:
    """Forest types with factors for ``parameter``, then the plantations without any
    (each once: a plantation given a national row is listed among the first)."""
    listed = table_keys(FAMILY, parameter, "forest_type")
    return (*listed, *(p for p in PLANTATIONS if p not in listed))


def _ratio(lines: pd.DataFrame, parameter: str, label: str) -> Resolved:
    return resolve(
        lines,
        family=FAMILY,
        parameter=parameter,
        keys={"forest_type": "activity"},
        unit="1",
        param=f"param_{parameter}",
        label=label,
    )


def _growth(lines: pd.DataFrame) -> Resolved:
    age = text_param(lines, "age_class", "old")
    return resolve(
        lines,
        family=FAMILY,
        parameter="growth",
        keys={"forest_type": "activity", "age_class": age},
        unit="t/ha/yr",
        param="param_growth",
        label="GW",
    )


def _biomass(lines: pd.DataFrame) -> Resolved:
    return resolve(
        lines,
        family=FAMILY,
        parameter="biomass",
        keys={"forest_type": "activity"},
        unit="t/ha",
        param="param_biomass",
        label="BW",
    )


def _carbon_fraction(lines: pd.DataFrame) -> Resolved:
    return _ratio(lines, "carbon_fraction", "CF")


def compute_growth(lines: pd.DataFrame) -> pd.DataFrame:
    """Removal (negative CO2) = -A x GW x (1 + R) x CF x 44/12 (Eq 2.9, 2.10)."""
    area = lines["amount"].to_numpy(float)
    growth = _growth(lines)
    root_shoot = _ratio(lines, "root_shoot", "R")
    cf = _carbon_fraction(lines)
    carbon = area * growth.value * (1.0 + root_shoot.value) * cf.value  # t C per year
    return result_frame(
        lines,
        main=growth,
        co2=-carbon * C_TO_CO2,
        factor_source=join_unique(growth, root_shoot, cf),
    )


def compute_loss(lines: pd.DataFrame) -> pd.DataFrame:
    """Emission = A x (BW x (1 + R) - B_after) x fd x CF x 44/12 (Eq 2.14, 2.16)."""
    area = lines["amount"].to_numpy(float)
    biomass = _biomass(lines)
    root_shoot = _ratio(lines, "root_shoot", "R")
    cf = _carbon_fraction(lines)
    fraction = number_param(lines, "fraction_lost")
    fraction = np.where(np.isnan(fraction), 1.0, fraction)
    after = number_param(lines, "biomass_after")
    after = np.where(np.isnan(after), 0.0, after)
    lost = np.maximum(biomass.value * (1.0 + root_shoot.value) - after, 0.0)
    carbon = area * lost * fraction * cf.value
    return result_frame(
        lines,
        main=biomass,
        co2=carbon * C_TO_CO2,
        factor_source=join_unique(biomass, root_shoot, cf),
    )


def compute_wood(lines: pd.DataFrame) -> pd.DataFrame:
    """Emission = H x BCEF_R x (1 + R) x CF x 44/12 (Eq 2.12, 2.13)."""
    volume = lines["amount"].to_numpy(float)
    bcef = resolve(
        lines,
        family=FAMILY,
        parameter="bcef_r",
        keys={"forest_type": "activity"},
        unit="t/m3",
        param="param_bcef_r",
        label="BCEF_R",
    )
    root_shoot = _ratio(lines, "root_shoot", "R")
    cf = _carbon_fraction(lines)
    carbon = volume * bcef.value * (1.0 + root_shoot.value) * cf.value
    return result_frame(
        lines,
        main=bcef,
        co2=carbon * C_TO_CO2,
        factor_source=join_unique(bcef, root_shoot, cf),
    )


def _missing(lines: pd.DataFrame, factor: Resolved, column: str, en: str, th: str):
    return problems_where(lines, factor.missing, column, en, th)


_R_EN = (
    "no shipped root-to-shoot ratio for this forest type: give param_root_shoot "
    "(IPCC 2006 Vol 4 Ch 4 Table 4.4 for the ecological zone, or a Thai value)"
)
_R_TH = (
    "ไม่มีค่าอัตราส่วนชีวมวลใต้ดินต่อเหนือดินของประเภทป่านี้ในระบบ: ระบุ param_root_shoot "
    "(IPCC 2006 เล่ม 4 บทที่ 4 ตาราง 4.4 ตามเขตนิเวศ หรือค่าของไทย)"
)


def validate_growth(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    problems = _missing(
        lines,
        _growth(lines),
        "param_growth",
        "no shipped growth rate for this forest type: give param_growth (t dry matter per "
        "ha per year; for plantations IPCC 2006 Vol 4 Ch 4 Table 4.10 or Thai plantation data)",
        "ไม่มีค่าอัตราการเติบโตของประเภทป่านี้ในระบบ: ระบุ param_growth (ตันน้ำหนักแห้งต่อเฮกตาร์ต่อปี "
        "สำหรับสวนป่าใช้ IPCC 2006 เล่ม 4 บทที่ 4 ตาราง 4.10 หรือข้อมูลสวนป่าของไทย)",
    )
    problems += _missing(lines, _ratio(lines, "root_shoot", "R"), "param_root_shoot", _R_EN, _R_TH)
    return problems


def validate_loss(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    problems = _missing(
        lines,
        _biomass(lines),
        "param_biomass",
        "no shipped above-ground biomass for this forest type: give param_biomass (t dry "
        "matter per ha before the loss; IPCC 2006 Vol 4 Ch 4 Table 4.7 or a Thai forest survey)",
        "ไม่มีค่าชีวมวลเหนือพื้นดินของประเภทป่านี้ในระบบ: ระบุ param_biomass (ตันน้ำหนักแห้งต่อเฮกตาร์ "
        "ก่อนการสูญเสีย ตาม IPCC 2006 เล่ม 4 บทที่ 4 ตาราง 4.7 หรือข้อมูลสำรวจป่าของไทย)",
    )
    problems += _missing(lines, _ratio(lines, "root_shoot", "R"), "param_root_shoot", _R_EN, _R_TH)
    return problems


def validate_wood(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    bcef = number_param(lines, "bcef_r")
    problems = problems_where(
        lines,
        np.isnan(bcef),
        "param_bcef_r",
        "give param_bcef_r, the biomass conversion and expansion factor for wood removals "
        "(t above-ground biomass per m3 removed, IPCC 2006 Vol 4 Ch 4 Table 4.5 for the "
        "growing stock of the stand)",
        "ระบุ param_bcef_r ค่าแปลงและขยายชีวมวลสำหรับไม้ที่ตัดออก (ตันชีวมวลเหนือดินต่อ ลบ.ม. "
        "ตาม IPCC 2006 เล่ม 4 บทที่ 4 ตาราง 4.5 ตามปริมาตรไม้ของหมู่ไม้)",
    )
    problems += _missing(lines, _ratio(lines, "root_shoot", "R"), "param_root_shoot", _R_EN, _R_TH)
    return problems


ROOT_SHOOT = ParamSpec(
    name="root_shoot",
    description_en="root-to-shoot ratio R replacing the shipped one (t below-ground per t "
    "above-ground dry matter); required for plantations",
    description_th="อัตราส่วนชีวมวลใต้ดินต่อเหนือดิน R ที่ใช้แทนค่าที่ระบบให้ไว้ ต้องระบุสำหรับสวนป่า",
    unit="1",
)
CARBON_FRACTION = ParamSpec(
    name="carbon_fraction",
    description_en="carbon fraction of dry matter CF replacing the shipped 0.47 (0-1)",
    description_th="สัดส่วนคาร์บอนในน้ำหนักแห้ง CF ที่ใช้แทนค่า 0.47 ของระบบ (0-1)",
    unit="1",
    maximum=1.0,
)
AREA_UNITS = {"area": "ha"}

METHODS = [
    MethodSpec(
        name="forest_growth",
        title_en="Forest growth: CO2 removals of forest land and of land converted to forest",
        title_th="การเติบโตของป่า: การดูดกลับ CO2 ของพื้นที่ป่าไม้และพื้นที่ที่เปลี่ยนเป็นป่า",
        equation="IPCC 2006 Vol 4 Ch 2 Eq 2.7, 2.9, 2.10; Ch 4 Tables 4.3, 4.4, 4.9",
        activity_label_en="forest type",
        activity_label_th="ประเภทป่า",
        activities=partial(forest_types, "growth"),
        amount_units=AREA_UNITS,
        compute=compute_growth,
        gpc_prefixes=("V.2",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="age_class",
                description_en="young (stands of 20 years or less, and land converted to "
                "forest in its first 20 years) or old (older than 20 years, the default)",
                description_th="young (ป่าอายุไม่เกิน 20 ปี และพื้นที่ที่เปลี่ยนเป็นป่าใน 20 ปีแรก) "
                "หรือ old (อายุมากกว่า 20 ปี ค่าเริ่มต้น)",
                choices=AGE_CLASSES,
            ),
            ParamSpec(
                name="growth",
                description_en="above-ground biomass growth GW replacing the shipped one "
                "(t dry matter per ha per year); required for plantations",
                description_th="อัตราการเติบโตของชีวมวลเหนือพื้นดิน GW ที่ใช้แทนค่าที่ระบบให้ไว้ "
                "(ตันน้ำหนักแห้งต่อเฮกตาร์ต่อปี) ต้องระบุสำหรับสวนป่า",
                unit="t/ha/yr",
            ),
            ROOT_SHOOT,
            CARBON_FRACTION,
        ),
        validate=validate_growth,
        example={
            "gpc_ref": "V.2",
            "method": "forest_growth",
            "activity": "tropical_moist_deciduous",
            "amount": 10000,
            "unit": "ha",
            "params": {"age_class": "old"},
        },
    ),
    MethodSpec(
        name="forest_loss",
        title_en="Forest loss: CO2 from deforestation and disturbance of forest land",
        title_th="การสูญเสียป่า: CO2 จากการทำลายป่าและการรบกวนพื้นที่ป่าไม้",
        equation="IPCC 2006 Vol 4 Ch 2 Eq 2.7, 2.14, 2.16; Ch 4 Tables 4.3, 4.4, 4.7",
        activity_label_en="forest type",
        activity_label_th="ประเภทป่า",
        activities=partial(forest_types, "growth"),
        amount_units=AREA_UNITS,
        compute=compute_loss,
        gpc_prefixes=("V.2",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="fraction_lost",
                description_en="fraction of the biomass lost, fd (0-1; 1 for deforestation "
                "or a stand-replacing fire, the default)",
                description_th="สัดส่วนชีวมวลที่สูญเสีย fd (0-1; 1 สำหรับการทำลายป่าหรือไฟไหม้ทั้งหมู่ไม้ ค่าเริ่มต้น)",
                unit="1",
                maximum=1.0,
            ),
            ParamSpec(
                name="biomass",
                description_en="above-ground biomass before the loss, BW, replacing the "
                "shipped one (t dry matter per ha)",
                description_th="ชีวมวลเหนือพื้นดินก่อนการสูญเสีย BW ที่ใช้แทนค่าที่ระบบให้ไว้ (ตันน้ำหนักแห้งต่อเฮกตาร์)",
                unit="t/ha",
            ),
            ParamSpec(
                name="biomass_after",
                description_en="biomass on the land in the year after conversion (t dry "
                "matter per ha, above- and below-ground; default 0, IPCC Tier 1)",
                description_th="ชีวมวลบนพื้นที่ในปีที่เปลี่ยนการใช้ที่ดิน (ตันน้ำหนักแห้งต่อเฮกตาร์ "
                "รวมเหนือและใต้ดิน ค่าเริ่มต้น 0 ตาม IPCC ระดับ 1)",
                unit="t/ha",
            ),
            ROOT_SHOOT,
            CARBON_FRACTION,
        ),
        validate=validate_loss,
        example={
            "gpc_ref": "V.2",
            "method": "forest_loss",
            "activity": "tropical_dry",
            "amount": 500,
            "unit": "rai",
            "params": {},
        },
    ),
    MethodSpec(
        name="wood_removal",
        title_en="Wood and fuelwood removals from forest land (CO2 from biomass loss)",
        title_th="การตัดไม้และไม้ฟืนออกจากพื้นที่ป่าไม้ (CO2 จากการสูญเสียชีวมวล)",
        equation="IPCC 2006 Vol 4 Ch 2 Eq 2.11, 2.12, 2.13; Ch 4 Tables 4.3, 4.4, 4.5",
        activity_label_en="forest type",
        activity_label_th="ประเภทป่า",
        activities=partial(forest_types, "growth"),
        amount_units={"volume": "m3"},
        compute=compute_wood,
        gpc_prefixes=("V.2",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="bcef_r",
                description_en="biomass conversion and expansion factor for wood removals, "
                "BCEF_R (t above-ground biomass per m3 removed; IPCC 2006 Vol 4 Table 4.5)",
                description_th="ค่าแปลงและขยายชีวมวลสำหรับไม้ที่ตัดออก BCEF_R (ตันชีวมวลเหนือดินต่อ "
                "ลบ.ม. ที่ตัดออก ตาม IPCC 2006 เล่ม 4 ตาราง 4.5)",
                unit="t/m3",
                required=True,
            ),
            ROOT_SHOOT,
            CARBON_FRACTION,
        ),
        validate=validate_wood,
        example={
            "gpc_ref": "V.2",
            "method": "wood_removal",
            "activity": "tropical_moist_deciduous",
            "amount": 2000,
            "unit": "m3",
            "params": {"bcef_r": 1.1},
        },
    ),
]
