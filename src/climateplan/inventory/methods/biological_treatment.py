"""Biological treatment of solid waste (IPCC 2006 Vol 5 Ch 4 Eq 4.1 and 4.2, Tier 1).

::

    CH4 = M x EF_CH4 - R          (Eq 4.1; the equation's 10^-3 turns g/kg x Gg into Gg)
    N2O = M x EF_N2O              (Eq 4.2)

M is the mass of waste treated. The Table 4.1 factors exist on a wet-weight and a
dry-weight basis; ``param_basis`` says which one the amount is given in (blank =
wet, the usual basis of weighbridge records). R is the methane recovered from an
anaerobic digester (flared or used), in tonnes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    clean_text,
    join_unique,
    no_default_problems,
    note_where,
    number_param,
    problems_where,
    result_frame,
    table_keys,
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.reference.factors import Resolved, resolve

FAMILY = "waste"
EF_UNIT = "g/kg"
DEFAULT_BASIS = "wet"
# The two Tier 1 treatments of Table 4.1 (their factors are rows of factors_waste.csv).
TREATMENTS = ("composting", "anaerobic_digestion")
BASES = table_keys(FAMILY, "ch4_ef", "basis")


def _factors(lines: pd.DataFrame) -> tuple[Resolved, Resolved]:
    keys = {
        "treatment": clean_text(lines["activity"]),
        "basis": text_param(lines, "basis", DEFAULT_BASIS),
    }

    def ef(name: str, label: str) -> Resolved:
        # a plain ratio (g/kg -> kg/kg), so that t x ratio = t
        return resolve(
            lines,
            family=FAMILY,
            parameter=name,
            keys=keys,
            unit="1",
            param=f"param_{name}",
            param_unit=EF_UNIT,
            label=label,
        )

    return ef("ch4_ef", "CH4 EF"), ef("n2o_ef", "N2O EF")


def _compute(lines: pd.DataFrame) -> pd.DataFrame:
    ch4_ef, n2o_ef = _factors(lines)
    mass = lines["amount"].to_numpy(float)
    recovered = np.nan_to_num(number_param(lines, "recovered_ch4"))
    recovery_note = note_where(recovered > 0, "recovered CH4: input param_recovered_ch4")
    return result_frame(
        lines,
        ch4=mass * ch4_ef.value - recovered,  # Eq 4.1
        n2o=mass * n2o_ef.value,  # Eq 4.2
        factor_source=join_unique(ch4_ef, n2o_ef, recovery_note),
        main=ch4_ef,
    )


def _validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    ch4_ef, n2o_ef = _factors(lines)
    problems = no_default_problems(
        lines,
        {"param_ch4_ef": ch4_ef.missing, "param_n2o_ef": n2o_ef.missing},
        " on this weight basis (g/kg)",
        " บนฐานน้ำหนักนี้ (กรัม/กิโลกรัม)",
    )
    generated = lines["amount"].to_numpy(float) * np.nan_to_num(ch4_ef.value)
    recovered = np.nan_to_num(number_param(lines, "recovered_ch4"))
    problems += problems_where(
        lines,
        recovered > generated * (1 + 1e-12),
        "param_recovered_ch4",
        "recovered CH4 exceeds the methane the treatment generates (Eq 4.1)",
        "มีเทนที่นำกลับมาใช้มากกว่ามีเทนที่เกิดจากการบำบัด (สมการ 4.1)",
    )
    return problems


METHODS = [
    MethodSpec(
        name="biological_treatment",
        title_en="Biological treatment of solid waste (composting, anaerobic digestion)",
        title_th="การบำบัดขยะมูลฝอยทางชีวภาพ (การทำปุ๋ยหมัก การหมักแบบไร้อากาศ)",
        equation="IPCC 2006 Vol 5 Ch 4 Eq 4.1 (CH4) and Eq 4.2 (N2O), Table 4.1",
        activity_label_en="treatment",
        activity_label_th="วิธีการบำบัด",
        activities=lambda: TREATMENTS,
        amount_units={"mass": "t"},
        compute=_compute,
        gpc_prefixes=("III.2.",),
        scopes=frozenset({1, 3}),
        params=(
            ParamSpec(
                "basis",
                "weight basis of the amount and of the Table 4.1 factors: wet or dry; blank = wet",
                "ฐานน้ำหนักของปริมาณขยะและค่าในตาราง 4.1: wet (น้ำหนักเปียก) หรือ dry "
                "(น้ำหนักแห้ง) เว้นว่าง = wet",
                choices=BASES,
            ),
            ParamSpec(
                "ch4_ef",
                "CH4 emission factor, g CH4 per kg waste treated (overrides Table 4.1)",
                "ค่าการปล่อย CH4 กรัม CH4 ต่อกิโลกรัมขยะที่บำบัด (แทนค่าตาราง 4.1)",
                unit=EF_UNIT,
            ),
            ParamSpec(
                "n2o_ef",
                "N2O emission factor, g N2O per kg waste treated (overrides Table 4.1)",
                "ค่าการปล่อย N2O กรัม N2O ต่อกิโลกรัมขยะที่บำบัด (แทนค่าตาราง 4.1)",
                unit=EF_UNIT,
            ),
            ParamSpec(
                "recovered_ch4",
                "methane recovered from the digester (flared or used for energy), t CH4",
                "มีเทนที่นำกลับมาเผาทิ้งหรือใช้เป็นพลังงานจากถังหมัก ตัน CH4",
                unit="t",
            ),
        ),
        validate=_validate,
        example={
            "gpc_ref": "III.2.1",
            "method": "biological_treatment",
            "activity": "composting",
            "amount": 800,
            "unit": "t",
            "params": {"basis": "wet"},
        },
    )
]
