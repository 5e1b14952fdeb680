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

from climateplan.inventory.methods._afolu import dimensionless_factor, ratio_factor
from climateplan.inventory.methods.base import MethodSpec, ParamSpec, empty_result
from climateplan.inventory.methods.landfill_commitment import number_param, text_param
from climateplan.reference.factors import factor_table, join_sources

FAMILY = "waste"
EF_UNIT = "g/kg"
DEFAULT_BASIS = "wet"
# The two Tier 1 treatments of Table 4.1 (their factors are rows of factors_waste.csv).
TREATMENTS = ("composting", "anaerobic_digestion")
BASES = tuple(
    sorted(
        factor_table(FAMILY)
        .loc[lambda t: t["treatment"].isin(TREATMENTS), "basis"]
        .dropna()
        .unique()
    )
)


def _factors(lines: pd.DataFrame):
    g_per_kg = dimensionless_factor(EF_UNIT)
    work = pd.DataFrame(
        {
            "treatment": lines["activity"].astype(str).str.strip().str.lower().to_numpy(),
            "basis": text_param(lines, "basis", DEFAULT_BASIS).to_numpy(),
            # input EFs are typed in g/kg; ratio_factor works in plain kg/kg
            "param_ch4_ef": number_param(lines, "ch4_ef") * g_per_kg,
            "param_n2o_ef": number_param(lines, "n2o_ef") * g_per_kg,
            "source": lines["source"].to_numpy() if "source" in lines else "",
        },
        index=lines.index,
    )
    keys = {"treatment": "treatment", "basis": "basis"}
    ch4 = ratio_factor(
        work, family=FAMILY, parameter="ch4_ef", keys=keys, param="param_ch4_ef", label="CH4 EF"
    )
    n2o = ratio_factor(
        work, family=FAMILY, parameter="n2o_ef", keys=keys, param="param_n2o_ef", label="N2O EF"
    )
    return ch4, n2o


def _compute(lines: pd.DataFrame) -> pd.DataFrame:
    ch4_ef, n2o_ef = _factors(lines)
    mass = lines["amount"].to_numpy(float)
    recovered = np.nan_to_num(number_param(lines, "recovered_ch4"))
    result = empty_result(lines)
    result["ch4"] = mass * ch4_ef.value - recovered  # Eq 4.1
    result["n2o"] = mass * n2o_ef.value  # Eq 4.2
    recovery_note = np.where(recovered > 0, "recovered CH4: input param_recovered_ch4", "")
    result["factor_source"] = join_sources(ch4_ef.source, n2o_ef.source, recovery_note)
    result["factor_origin"] = ch4_ef.origin
    return result


def _validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    ch4_ef, n2o_ef = _factors(lines)
    ids = lines["line_id"].to_numpy()
    problems = []
    for column, resolved in (("param_ch4_ef", ch4_ef), ("param_n2o_ef", n2o_ef)):
        for line_id in ids[resolved.missing]:
            problems.append(
                (
                    int(line_id),
                    column,
                    f"no default {column.removeprefix('param_')} for this treatment and basis: "
                    f"give it in {column} (g/kg)",
                    f"ไม่มีค่าเริ่มต้น {column.removeprefix('param_')} สำหรับวิธีบำบัดและฐานน้ำหนักนี้ "
                    f"ให้ระบุใน {column} (กรัม/กิโลกรัม)",
                )
            )
    generated = lines["amount"].to_numpy(float) * np.nan_to_num(ch4_ef.value)
    recovered = number_param(lines, "recovered_ch4")
    too_much = np.nan_to_num(recovered) > generated * (1 + 1e-12)
    for line_id, given, gen in zip(
        ids[too_much], recovered[too_much], generated[too_much], strict=True
    ):
        problems.append(
            (
                int(line_id),
                "param_recovered_ch4",
                f"recovered CH4 {given:g} t exceeds the {gen:.6g} t CH4 the treatment generates",
                f"มีเทนที่นำกลับมาใช้ {given:g} ตัน มากกว่ามีเทนที่เกิดจากการบำบัด {gen:.6g} ตัน",
            )
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
