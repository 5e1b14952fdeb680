"""Solid waste disposal by IPCC first-order decay (IPCC 2006 Vol 5 Ch 3 Eq 3.1-3.6).

Each input line is one *deposit*: an amount of one waste type landfilled in
``activity_year``. The line's result is the methane that deposit emits in the
inventory ``year``; a province lists its deposition history (one line per waste
type and year) and the lines add up to the year's emissions.

For a deposit of W tonnes in year y (IPCC 2006 Vol 5 Ch 3 Eq 3.2, 3.4, 3.5)::

    DDOCm = W x DOC x DOCf x MCF
    decomposed in year y       = DDOCm x (1 - e^(-k x d))
    decomposed in year T > y   = DDOCm x e^(-k x d) x e^(-k x (T - y - 1)) x (1 - e^(-k))
    CH4 generated              = decomposed x F x 16/12                     (Eq 3.6)
    CH4 emitted                = (generated - R) x (1 - OX)                 (Eq 3.1)

where d = (13 - M) / 12 is the part of the deposition year in which decay runs
(Annex 3A.1): M is the month decay starts. The shipped default, M = 13 (the IPCC
Waste Model default), means decay starts on 1 January of the year after deposition
(an average delay of six months for waste deposited through the year), so a
deposit emits nothing in its own year; Eq 3.4-3.5 as printed are this case.

The sum over all years T >= y of the decomposed fractions is exactly 1, so a
deposit's total emissions equal its methane commitment (GPC Eq 8.3): see the
invariant test in tests/inventory/methods/test_landfill.py.

Climate zone: k depends on it (Table 3.3). The default is ``tropical_wet``
(MAT > 20 C, MAP >= 1000 mm): mean annual precipitation exceeds 1,000 mm over
most of Thailand; a site in a drier rain-shadow area (local MAP below 1,000 mm)
sets ``param_climate_zone`` to ``tropical_dry``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    clean_text,
    join_unique,
    no_default_problems,
    result_frame,
    table_keys,
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.landfill_commitment import (
    FAMILY,
    landfill_params,
    methane_potential,
    recovery_and_oxidation,
    recovery_problems,
    waste_types,
)
from climateplan.reference.factors import Resolved, resolve

DEFAULT_CLIMATE_ZONE = "tropical_wet"
# Annex 3A.1 counts the delay in calendar months: decay runs for (13 - M) of the
# 12 months of the deposition year. Both numbers belong to that equation.
MONTH_AFTER_DECEMBER = 13.0
MONTHS_PER_YEAR = 12.0

CLIMATE_ZONES = table_keys(FAMILY, "k", "climate_zone")


def decay_params() -> tuple[ParamSpec, ...]:
    return (
        ParamSpec(
            "climate_zone",
            "climate zone for the decay rate k (IPCC 2006 Vol 5 Table 3.3): tropical_wet "
            "(mean annual precipitation >= 1000 mm) or tropical_dry; blank = tropical_wet",
            "เขตภูมิอากาศสำหรับอัตราการย่อยสลาย k (IPCC 2006 เล่ม 5 ตาราง 3.3): tropical_wet "
            "(ฝนเฉลี่ยรายปี >= 1000 มม.) หรือ tropical_dry เว้นว่าง = tropical_wet",
            choices=CLIMATE_ZONES,
        ),
        ParamSpec(
            "k",
            "methane generation rate constant k, 1/yr (overrides Table 3.3); k = ln(2) / half-life",
            "ค่าคงที่อัตราการเกิดมีเทน k ต่อปี (แทนค่าตาราง 3.3) k = ln(2) / ครึ่งชีวิต",
            unit="1/yr",
        ),
    )


def _decay_factors(lines: pd.DataFrame) -> tuple[Resolved, Resolved]:
    waste = clean_text(lines["activity"])
    zone = text_param(lines, "climate_zone", DEFAULT_CLIMATE_ZONE)
    k = resolve(
        lines,
        family=FAMILY,
        parameter="k",
        keys={"waste_type": waste, "climate_zone": zone},
        unit="1/yr",
        param="param_k",
        label="k",
    )
    # M is not a user param: the shipped value always applies
    start_month = resolve(
        lines,
        family=FAMILY,
        parameter="reaction_start_month",
        keys={"waste_type": waste},
        unit="month",
        label="delay M",
    )
    return k, start_month


def decomposed_fraction(
    k: np.ndarray, years_since_deposit: np.ndarray, start_month: np.ndarray
) -> np.ndarray:
    """Share of a deposit's DDOCm that decomposes in the inventory year.

    ``years_since_deposit`` = T - y (>= 0). IPCC 2006 Vol 5 Ch 3 Eq 3.4-3.5 with the
    delay of Annex 3A.1. Vectorised; k of 0 gives 0 (nothing decays).
    """
    decaying_part_of_first_year = (MONTH_AFTER_DECEMBER - start_month) / MONTHS_PER_YEAR
    left_after_first_year = np.exp(-k * decaying_part_of_first_year)
    later = (
        left_after_first_year
        * np.exp(-k * np.maximum(years_since_deposit - 1.0, 0.0))
        * -np.expm1(-k)  # 1 - e^(-k), accurate for small k
    )
    return np.where(years_since_deposit == 0, 1.0 - left_after_first_year, later)


def _emissions(lines: pd.DataFrame):
    potential = methane_potential(lines)
    k, start_month = _decay_factors(lines)
    years_since = lines["year"].to_numpy(float) - lines["activity_year"].to_numpy(float)
    ddoc = potential.ddoc_per_tonne
    decaying = ddoc > 0  # inert waste: k is irrelevant (and may have no default)
    fraction = np.where(
        decaying,
        decomposed_fraction(
            np.nan_to_num(k.value), np.maximum(years_since, 0.0), start_month.value
        ),
        0.0,
    )
    generated = lines["amount"].to_numpy(float) * potential.l0 * fraction
    return potential, k, start_month, years_since, decaying, generated


def _compute(lines: pd.DataFrame) -> pd.DataFrame:
    potential, k, start_month, years_since, _, generated = _emissions(lines)
    if (years_since < 0).any() or np.isnan(years_since).any():
        raise ValueError("landfill_fod: lines with a deposition year after the inventory year")
    emitted, recovery_note = recovery_and_oxidation(generated, lines, potential.ox.value)
    return result_frame(
        lines,
        ch4=emitted,
        factor_source=join_unique(*potential.sources(), k, start_month, recovery_note),
        main=potential.doc,
    )


def _validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    potential, k, _, years_since, decaying, generated = _emissions(lines)
    problems = no_default_problems(lines, potential.missing())
    ids = lines["line_id"].to_numpy()
    activity = lines["activity"].astype(str).to_numpy()
    no_k = decaying & k.missing
    for line_id, act in zip(ids[no_k], activity[no_k], strict=True):
        problems.append(
            (
                int(line_id),
                "param_k",
                f"no default decay rate k for {act!r}: give it in param_k (1/yr)",
                f"ไม่มีค่าเริ่มต้นของอัตราการย่อยสลาย k สำหรับ {act!r} ให้ระบุใน param_k (ต่อปี)",
            )
        )
    year = lines["year"].to_numpy()
    deposited = lines["activity_year"].to_numpy(float)
    late = years_since < 0
    for line_id, dep, inv in zip(ids[late], deposited[late], year[late], strict=True):
        problems.append(
            (
                int(line_id),
                "activity_year",
                f"deposition year {dep:.0f} is after the inventory year {inv}: only waste "
                "landfilled up to the inventory year can emit in it",
                f"ปีที่ฝังกลบ {dep + 543:.0f} (ค.ศ. {dep:.0f}) อยู่หลังปีบัญชี {inv + 543} "
                f"(ค.ศ. {inv}) ขยะที่ฝังกลบถึงปีบัญชีเท่านั้นจึงปล่อยก๊าซในปีนั้นได้",
            )
        )
    missing_year = np.isnan(deposited)
    for line_id in ids[missing_year]:
        problems.append(
            (
                int(line_id),
                "activity_year",
                "landfill_fod needs the deposition year in activity_year",
                "วิธี landfill_fod ต้องระบุปีที่นำขยะไปฝังกลบในคอลัมน์ activity_year",
            )
        )
    return problems + recovery_problems(lines, np.nan_to_num(generated))


METHODS = [
    MethodSpec(
        name="landfill_fod",
        title_en="Solid waste disposal: first-order decay of past deposits",
        title_th="การกำจัดขยะมูลฝอยโดยการฝังกลบ: วิธีการย่อยสลายลำดับที่หนึ่ง (FOD) จากขยะที่ฝังกลบสะสม",
        equation="IPCC 2006 Vol 5 Ch 3 Eq 3.1, 3.2, 3.4-3.6 (first-order decay) with the delay "
        "time of Annex 3A.1 (M = 13: decay starts 1 January after deposition)",
        activity_label_en="waste type deposited",
        activity_label_th="ประเภทขยะที่ฝังกลบ",
        activities=waste_types,
        amount_units={"mass": "t"},
        compute=_compute,
        gpc_prefixes=("III.1.",),
        scopes=frozenset({1, 3}),
        params=(*landfill_params(), *decay_params()),
        validate=_validate,
        example={
            "gpc_ref": "III.1.1",
            "method": "landfill_fod",
            "activity": "food",
            "amount": 5200,
            "unit": "t",
            "activity_year": 2018,
            "params": {"site_type": "managed_anaerobic", "climate_zone": "tropical_wet"},
        },
        needs_activity_year=True,
    )
]
