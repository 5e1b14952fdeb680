"""Managed soils: direct N2O from nitrogen inputs, and CO2 from urea application (GPC V.3).

IPCC 2006 Vol 4 Ch 11:

- direct N2O, Tier 1, Eq 11.1 (IPCC 3.C.4): N2O = N input x EF x 44/28, with
  EF1 for synthetic N, organic N and crop-residue N (EF1FR on flooded rice) and
  EF3PRP for urine and dung deposited by grazing animals. An input given as a
  fertiliser product is turned into N with the N share of its grade.
- urea application, Eq 11.13 (IPCC 3.C.3): CO2 = M x EF x 44/12, EF in t C per t urea.

Activity is the N input (``synthetic_n`` ... given as mass of N, or a fertiliser
product such as ``urea_46_0_0`` given as mass of product); amounts in tonnes.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    join_unique,
    problems_where,
    result_frame,
    table_keys,
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.constants import C_TO_CO2, N2O_N_TO_N2O
from climateplan.reference.factors import resolve

FAMILY = "soils"
FLOODED_RICE = "flooded_rice"  # the key of the EF1FR row in factors_soils.csv
PASTURE_INPUTS = ("manure_pasture_cpp_n", "manure_pasture_so_n")


def _water_key(lines: pd.DataFrame) -> np.ndarray:
    flooded = text_param(lines, "flooded_rice", "no") == "yes"
    return np.where(flooded, FLOODED_RICE, "").astype(object)


def compute_direct_n2o(lines: pd.DataFrame) -> pd.DataFrame:
    """N2O (t) = amount (t) x N share x EF (kg N2O-N per kg N) x 44/28."""
    n_share = resolve(
        lines,
        family=FAMILY,
        parameter="n_content",
        keys={"input": "activity"},
        unit="1",
        param="param_n_content",
        label="N content",
    )
    ef = resolve(
        lines,
        family=FAMILY,
        parameter="ef_direct",
        keys={"input": "activity", "water": _water_key(lines)},
        unit="1",
        param="param_n2o_ef",
        label="N2O EF",
    )
    n_input_t = lines["amount"].to_numpy(float) * n_share.value
    return result_frame(
        lines,
        n2o=n_input_t * ef.value * N2O_N_TO_N2O,
        factor_source=join_unique(ef, n_share),
        main=ef,
    )


def validate_direct_n2o(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    """EF1FR applies to N put on flooded rice, not to dung dropped by grazing animals."""
    flooded = _water_key(lines) == FLOODED_RICE
    on_pasture = lines["activity"].isin(PASTURE_INPUTS).to_numpy()
    return problems_where(
        lines,
        flooded & on_pasture,
        "param_flooded_rice",
        "param_flooded_rice = yes cannot be used with manure deposited on pasture "
        "(manure_pasture_*): that N is not applied to a flooded rice field",
        "ใช้ param_flooded_rice = yes กับมูลสัตว์ที่ถ่ายในทุ่งแทะเล็ม (manure_pasture_*) ไม่ได้ "
        "เพราะไนโตรเจนนั้นไม่ได้ใส่ในนาข้าวที่มีน้ำขัง",
    )


def compute_urea(lines: pd.DataFrame) -> pd.DataFrame:
    """CO2 (t) = urea (t) x EF (t C per t urea) x 44/12; IPCC 2006 Vol 4 Eq 11.13."""
    ef = resolve(
        lines,
        family=FAMILY,
        parameter="urea_ef",
        keys={"input": "activity"},
        unit="1",
        param="param_urea_ef",
        label="Urea EF",
    )
    co2 = lines["amount"].to_numpy(float) * ef.value * C_TO_CO2
    return result_frame(lines, co2=co2, factor_source=ef.source, main=ef)


METHODS = [
    MethodSpec(
        name="soils_direct_n2o",
        title_en="Direct N2O from managed soils (fertiliser, manure, crop residues, grazing)",
        title_th="ไนตรัสออกไซด์ทางตรงจากดินที่มีการจัดการ (ปุ๋ยเคมี ปุ๋ยอินทรีย์ เศษพืช มูลสัตว์ในทุ่งแทะเล็ม)",
        equation="IPCC 2006 Vol 4 Ch 11 Eq 11.1 (Tier 1); Table 11.1",
        activity_label_en="nitrogen input or fertiliser product",
        activity_label_th="แหล่งไนโตรเจนหรือชนิดปุ๋ย",
        activities=partial(table_keys, FAMILY, "n_content", "input"),
        amount_units={"mass": "t"},
        compute=compute_direct_n2o,
        gpc_prefixes=("V.3",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="flooded_rice",
                description_en="yes when the N was applied to flooded rice fields "
                "(uses EF1FR instead of EF1). Blank = no",
                description_th="yes เมื่อใส่ไนโตรเจนในนาข้าวที่มีน้ำขัง (ใช้ค่า EF1FR แทน EF1) ว่าง = no",
                choices=("yes", "no"),
            ),
            ParamSpec(
                name="n_content",
                description_en="N share of the product (0-1, e.g. 0.46 for urea) replacing "
                "the share from its grade",
                description_th="สัดส่วนไนโตรเจนในผลิตภัณฑ์ (0-1 เช่น ยูเรีย 0.46) ใช้แทนค่าตามสูตรปุ๋ย",
                unit="1",
                maximum=1.0,
            ),
            ParamSpec(
                name="n2o_ef",
                description_en="direct N2O emission factor replacing the shipped one "
                "(kg N2O-N per kg N, 0-1)",
                description_th="ค่าการปล่อย N2O ทางตรงที่ใช้แทนค่าที่ระบบให้ไว้ (กก. N2O-N ต่อ กก. N, 0-1)",
                unit="1",
                maximum=1.0,
            ),
        ),
        validate=validate_direct_n2o,
        example={
            "gpc_ref": "V.3",
            "method": "soils_direct_n2o",
            "activity": "npk_16_20_0",
            "amount": 2500,
            "unit": "t",
            "params": {"flooded_rice": "yes"},
        },
    ),
    MethodSpec(
        name="urea_application",
        title_en="CO2 from urea application",
        title_th="คาร์บอนไดออกไซด์จากการใส่ปุ๋ยยูเรีย",
        equation="IPCC 2006 Vol 4 Ch 11 Eq 11.13 (Tier 1)",
        activity_label_en="urea fertiliser",
        activity_label_th="ปุ๋ยยูเรีย",
        activities=partial(table_keys, FAMILY, "urea_ef", "input"),
        amount_units={"mass": "t"},
        compute=compute_urea,
        gpc_prefixes=("V.3",),
        scopes=frozenset({1}),
        params=(
            ParamSpec(
                name="urea_ef",
                description_en="carbon emission factor of urea replacing the shipped one "
                "(t C per t urea, 0-1)",
                description_th="ค่าการปล่อยคาร์บอนของยูเรียที่ใช้แทนค่าที่ระบบให้ไว้ (ตัน C ต่อตันยูเรีย, 0-1)",
                unit="1",
                maximum=1.0,
            ),
        ),
        example={
            "gpc_ref": "V.3",
            "method": "urea_application",
            "activity": "urea_46_0_0",
            "amount": 1800,
            "unit": "t",
            "params": {},
        },
    ),
]
