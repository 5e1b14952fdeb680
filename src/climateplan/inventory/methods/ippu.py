"""Cement production, process CO2 from clinker: method ``cement_clinker`` (GPC IV.1).

IPCC 2006 Vol 3 Ch 2 Sec 2.2.1:

- activity ``clinker`` (t clinker produced), Eq 2.2:
  CO2 = M_cl x EF_cl x CF_ckd, with EF_cl = 0.51 t CO2/t clinker (65 % CaO x 0.785,
  uncorrected for cement kiln dust) and CF_ckd = 1.02 by default;
- activity ``cement`` (t cement produced), Eq 2.1 (Tier 1):
  CO2 = M_cement x C_cl x EF_clc, with the clinker fraction C_cl of the cement
  given by the user and EF_clc = 0.52 t CO2/t clinker, which already includes the
  CKD correction (0.51 x 1.02), so CF_ckd is not applied again. Imported clinker
  must be left out of the cement amount (Eq 2.1 subtracts imports, adds exports).

Only the calcination CO2 is counted here; the kiln fuels are fuel combustion (I.3.1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import result_frame
from climateplan.inventory.methods._energy_common import KeyProblems, Keys, distinct_keys
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.reference.factors import format_numbers, join_sources, resolve

ACTIVITIES = ("clinker", "cement")

PARAMS = (
    ParamSpec(
        "clinker_fraction",
        "Clinker fraction of the cement (t clinker per t cement); required for activity cement",
        "สัดส่วนปูนเม็ดในปูนซีเมนต์ (ตันปูนเม็ดต่อตันปูนซีเมนต์) ต้องระบุเมื่อกิจกรรมเป็น cement",
        unit="t/t",
        maximum=1.0,
    ),
    ParamSpec(
        "ef_clinker",
        "Plant clinker emission factor (t CO2/t clinker): uncorrected for CKD for activity "
        "clinker, CKD-corrected for activity cement",
        "ค่าการปล่อยของปูนเม็ดของโรงงาน (ตัน CO2/ตันปูนเม็ด): กรณี clinker ยังไม่รวมฝุ่นเตาเผา (CKD)"
        " กรณี cement รวมแล้ว",
        unit="t/t",
    ),
    ParamSpec(
        "cf_ckd",
        "Cement kiln dust correction factor (activity clinker only)",
        "ตัวปรับแก้ฝุ่นเตาเผาปูนซีเมนต์ (CKD) ใช้กับกิจกรรม clinker เท่านั้น",
        unit="1",
        minimum=1.0,
    ),
)
PARAM_COLUMNS = [p.column for p in PARAMS]


def _keys(lines: pd.DataFrame):
    params = [c for c in PARAM_COLUMNS if c in lines.columns]
    return distinct_keys(lines, ["activity"], params)


def _per_tonne(keys: Keys):
    is_clinker = keys["activity"] == "clinker"
    # Eq 2.2 (clinker) uses EF_cl before CKD; Eq 2.1 (cement) EF_clc with CKD included
    keys = {**keys, "_product": np.where(is_clinker, "clinker", "cement").astype(object)}
    by_product = {"product": "_product"}
    ef_cl = resolve(
        keys,
        family="ippu",
        parameter="ef_clinker",
        keys=by_product,
        unit="t/t",
        param="param_ef_clinker",
        label="EF clinker (t CO2/t clinker, before CKD)",
    )
    ef_clc = resolve(
        keys,
        family="ippu",
        parameter="ef_clinker_tier1",
        keys=by_product,
        unit="t/t",
        param="param_ef_clinker",
        label="EF clinker Tier 1 (t CO2/t clinker, CKD included)",
    )
    ckd = resolve(
        keys,
        family="ippu",
        parameter="cf_ckd",
        keys=by_product,
        unit="1",
        param="param_cf_ckd",
        label="CKD correction",
    )
    fraction = (
        keys["param_clinker_fraction"].astype(float)
        if "param_clinker_fraction" in keys
        else np.full(len(is_clinker), np.nan)
    )
    per_t = np.where(is_clinker, ef_cl.value * ckd.value, fraction * ef_clc.value)
    fraction_source = np.where(
        np.isnan(fraction),
        "",
        "clinker fraction: input param_clinker_fraction = " + format_numbers(fraction),
    )
    source = np.where(
        is_clinker,
        join_sources(ef_cl.source, ckd.source),
        join_sources(fraction_source, ef_clc.source),
    )
    main = ef_cl.where(is_clinker, ef_clc)
    problems = KeyProblems()
    problems.add(
        ~is_clinker & np.isnan(fraction),
        "param_clinker_fraction",
        "activity cement needs param_clinker_fraction (t clinker per t cement, e.g. 0.95 for "
        "ordinary Portland cement): IPCC 2006 Vol 3 Eq 2.1",
        "กิจกรรม cement ต้องระบุ param_clinker_fraction (ตันปูนเม็ดต่อตันปูนซีเมนต์ เช่น 0.95"
        " สำหรับปูนปอร์ตแลนด์ธรรมดา): IPCC 2006 เล่ม 3 สมการ 2.1",
    )
    if "param_clinker_fraction" in keys:
        problems.add(
            is_clinker & ~np.isnan(fraction),
            "param_clinker_fraction",
            "param_clinker_fraction applies only to activity cement (the amount is already "
            "clinker)",
            "param_clinker_fraction ใช้กับกิจกรรม cement เท่านั้น (ปริมาณที่กรอกเป็นปูนเม็ดอยู่แล้ว)",
        )
    if "param_cf_ckd" in keys:
        problems.add(
            ~is_clinker & ~np.isnan(keys["param_cf_ckd"].astype(float)),
            "param_cf_ckd",
            "param_cf_ckd applies only to activity clinker: the Tier 1 factor of activity cement "
            "already includes the CKD correction",
            "param_cf_ckd ใช้กับกิจกรรม clinker เท่านั้น: ค่าการปล่อย Tier 1 ของกิจกรรม cement"
            " รวมการปรับแก้ CKD แล้ว",
        )
    return per_t, source, main, problems


def validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    keys, codes = _keys(lines)
    *_, problems = _per_tonne(keys)
    return problems.for_lines(codes, lines["line_id"].to_numpy())


def compute(lines: pd.DataFrame) -> pd.DataFrame:
    if lines.empty:
        return result_frame(lines)
    keys, codes = _keys(lines)
    per_t, source, main, problems = _per_tonne(keys)
    problems.raise_if_any("cement_clinker")
    return result_frame(
        lines,
        co2=lines["amount"].to_numpy(float) * per_t[codes],
        factor_source=np.asarray(source, dtype=object)[codes],
        main=main.take(codes),
    )


METHODS = [
    MethodSpec(
        name="cement_clinker",
        title_en="Cement production: process CO2 from clinker",
        title_th="การผลิตปูนซีเมนต์: CO2 จากกระบวนการผลิตปูนเม็ด",
        equation="IPCC 2006 Vol 3 Ch 2 Eq 2.2 (clinker) and Eq 2.1 (cement, Tier 1)",
        activity_label_en="product (clinker or cement)",
        activity_label_th="ผลิตภัณฑ์ (ปูนเม็ดหรือปูนซีเมนต์)",
        activities=lambda: ACTIVITIES,
        amount_units={"mass": "t"},
        compute=compute,
        gpc_prefixes=("IV.1",),
        scopes=frozenset({1}),
        params=PARAMS,
        validate=validate,
        example={
            "gpc_ref": "IV.1",
            "method": "cement_clinker",
            "activity": "clinker",
            "amount": 850000,
            "unit": "t",
            "params": {},
        },
    )
]
