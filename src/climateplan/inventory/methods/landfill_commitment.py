"""Solid waste disposal by methane commitment (GPC v1.1 Ch 8 Eq 8.3 and 8.4).

All the methane that the waste landfilled in the inventory year will ever generate
is attributed to that year::

    CH4 = MSW_x x L0 x (1 - f_rec) x (1 - OX)                 (GPC Eq 8.3)
    L0  = MCF x DOC x DOCf x F x 16/12                          (GPC Eq 8.4)

With recovered methane given in tonnes (R) instead of a fraction, the IPCC form
of Eq 3.1 is used: CH4 = (MSW_x x L0 - R) x (1 - OX).

The factor resolution and the recovery/oxidation step live here because the
first-order-decay method (:mod:`.landfill_fod`) uses the very same L0 pieces:
that shared code is what makes the FOD invariant (a deposit's emissions summed
over all years equal its commitment) hold by construction and by test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import (
    FRACTION,
    clean_text,
    join_unique,
    no_default_problems,
    number_param,
    result_frame,
    table_keys,
    text_param,
)
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.inventory.methods.constants import C_TO_CH4
from climateplan.reference.factors import Resolved, resolve

FAMILY = "waste"
# When the site type is not known the IPCC prescribes the "uncategorised" MCF
# (IPCC 2006 Vol 5 Ch 3 Table 3.1); with no cover information, OX = 0 (Table 3.2).
DEFAULT_SITE_TYPE = "uncategorised"
DEFAULT_COVER = "none"


def waste_types() -> tuple[str, ...]:
    """Waste types with a DOC in the table (what a landfill line may name)."""
    return table_keys(FAMILY, "doc", "waste_type")


SITE_TYPES = table_keys(FAMILY, "mcf", "site_type")
COVERS = table_keys(FAMILY, "ox", "cover")


@dataclass
class MethanePotential:
    """L0 per line (t CH4 per t waste) with the factors behind it."""

    doc: Resolved
    docf: Resolved
    mcf: Resolved
    f: Resolved
    ox: Resolved

    @property
    def l0(self) -> np.ndarray:
        # GPC Eq 8.4 / IPCC 2006 Vol 5 Eq 3.2-3.3 combined: DDOCm per t x F x 16/12
        return self.mcf.value * self.doc.value * self.docf.value * self.f.value * C_TO_CH4

    @property
    def ddoc_per_tonne(self) -> np.ndarray:
        # IPCC 2006 Vol 5 Ch 3 Eq 3.2: DDOCm = W x DOC x DOCf x MCF (per t of waste)
        return self.doc.value * self.docf.value * self.mcf.value

    def sources(self) -> tuple[Resolved, ...]:
        return (self.doc, self.docf, self.mcf, self.f, self.ox)

    def missing(self) -> dict[str, np.ndarray]:
        return {
            "param_doc": self.doc.missing,
            "param_docf": self.docf.missing,
            "param_mcf": self.mcf.missing,
            "param_f": self.f.missing,
            "param_ox": self.ox.missing,
        }


def methane_potential(lines: pd.DataFrame) -> MethanePotential:
    """Resolve DOC, DOCf, MCF, F and OX for every line (input > TH > IPCC)."""
    by_waste = {"waste_type": clean_text(lines["activity"])}

    def get(name: str, keys: dict, label: str) -> Resolved:
        return resolve(
            lines,
            family=FAMILY,
            parameter=name,
            keys=keys,
            unit=FRACTION,
            param=f"param_{name}",
            label=label,
        )

    return MethanePotential(
        doc=get("doc", by_waste, "DOC"),
        docf=get("docf", by_waste, "DOCf"),
        mcf=get("mcf", {"site_type": text_param(lines, "site_type", DEFAULT_SITE_TYPE)}, "MCF"),
        f=get("f", by_waste, "F"),
        ox=get("ox", {"cover": text_param(lines, "cover", DEFAULT_COVER)}, "OX"),
    )


def recovery_and_oxidation(
    generated: np.ndarray, lines: pd.DataFrame, ox: np.ndarray
) -> tuple[np.ndarray, pd.Categorical]:
    """CH4 emitted = (generated x (1 - f_rec) - R) x (1 - OX).

    IPCC 2006 Vol 5 Ch 3 Eq 3.1 (R in tonnes) and GPC v1.1 Eq 8.3 (f_rec as a
    fraction); the validators make sure at most one of the two is given and that
    R does not exceed the methane generated. Returns (emitted, source note).
    """
    recovered_t = np.nan_to_num(number_param(lines, "recovered_ch4"))
    recovered_share = np.nan_to_num(number_param(lines, "recovery_fraction"))
    emitted = (generated * (1.0 - recovered_share) - recovered_t) * (1.0 - ox)
    note = pd.Categorical.from_codes(
        np.where(recovered_share > 0, 2, np.where(recovered_t > 0, 1, 0)).astype(np.int8),
        categories=[
            "",
            "recovered CH4: input param_recovered_ch4",
            "recovered CH4: input param_recovery_fraction",
        ],
    )
    return emitted, note


def recovery_problems(
    lines: pd.DataFrame, generated: np.ndarray
) -> list[tuple[int, str, str, str]]:
    """Recovery given twice, or more methane recovered than generated."""
    problems = []
    recovered_t = number_param(lines, "recovered_ch4")
    recovered_share = number_param(lines, "recovery_fraction")
    ids = lines["line_id"].to_numpy()
    both = ~np.isnan(recovered_t) & ~np.isnan(recovered_share)
    for line_id in ids[both]:
        problems.append(
            (
                int(line_id),
                "param_recovered_ch4",
                "give recovered methane either in tonnes (param_recovered_ch4) or as a "
                "fraction (param_recovery_fraction), not both",
                "ระบุมีเทนที่นำกลับมาใช้อย่างใดอย่างหนึ่ง: เป็นตัน (param_recovered_ch4) "
                "หรือเป็นสัดส่วน (param_recovery_fraction) ไม่ใช่ทั้งสองอย่าง",
            )
        )
    too_much = ~both & (np.nan_to_num(recovered_t) > generated * (1 + 1e-12))
    for line_id, given, gen in zip(
        ids[too_much], recovered_t[too_much], generated[too_much], strict=True
    ):
        problems.append(
            (
                int(line_id),
                "param_recovered_ch4",
                f"recovered CH4 {given:g} t exceeds the {gen:.6g} t CH4 this line generates; "
                "enter recovery on the line(s) of the site's own deposits or use "
                "param_recovery_fraction",
                f"มีเทนที่นำกลับมาใช้ {given:g} ตัน มากกว่ามีเทนที่เกิดจากรายการนี้ {gen:.6g} ตัน "
                "ให้ระบุในรายการขยะของพื้นที่ฝังกลบนั้นเอง หรือใช้ param_recovery_fraction",
            )
        )
    return problems


def _compute(lines: pd.DataFrame) -> pd.DataFrame:
    potential = methane_potential(lines)
    generated = lines["amount"].to_numpy(float) * potential.l0
    emitted, recovery_note = recovery_and_oxidation(generated, lines, potential.ox.value)
    return result_frame(
        lines,
        ch4=emitted,
        factor_source=join_unique(*potential.sources(), recovery_note),
        main=potential.doc,
    )


def _validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    potential = methane_potential(lines)
    problems = no_default_problems(lines, potential.missing())
    generated = lines["amount"].to_numpy(float) * np.nan_to_num(potential.l0)
    return problems + recovery_problems(lines, generated)


def landfill_params() -> tuple[ParamSpec, ...]:
    """The params shared by both landfill methods (FOD adds climate zone and k)."""
    return (
        ParamSpec(
            "site_type",
            "type of disposal site, for the methane correction factor MCF "
            f"(IPCC 2006 Vol 5 Table 3.1); blank = {DEFAULT_SITE_TYPE}",
            "ประเภทสถานที่กำจัดขยะ ใช้เลือกค่า MCF (IPCC 2006 เล่ม 5 ตาราง 3.1) "
            f"เว้นว่าง = {DEFAULT_SITE_TYPE}",
            choices=SITE_TYPES,
        ),
        ParamSpec(
            "cover",
            "site cover, for the oxidation factor OX (Table 3.2): 'oxidising' for a managed "
            "site covered with soil or compost; blank = none",
            "วัสดุปิดทับ ใช้เลือกค่า OX (ตาราง 3.2): 'oxidising' เมื่อพื้นที่ฝังกลบมีการจัดการ "
            "และปิดทับด้วยดินหรือปุ๋ยหมัก เว้นว่าง = none",
            choices=COVERS,
        ),
        ParamSpec(
            "doc",
            "degradable organic carbon, t C per t wet waste (overrides Table 2.4)",
            "คาร์บอนอินทรีย์ที่ย่อยสลายได้ ตันคาร์บอนต่อตันขยะเปียก (แทนค่าตาราง 2.4)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "docf",
            "fraction of DOC that decomposes (overrides the default 0.5)",
            "สัดส่วนของ DOC ที่ย่อยสลาย (แทนค่าเริ่มต้น 0.5)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "mcf",
            "methane correction factor of the site (overrides Table 3.1)",
            "ค่าปรับแก้มีเทนของพื้นที่ฝังกลบ (แทนค่าตาราง 3.1)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "f",
            "fraction of methane in landfill gas by volume (overrides the default 0.5)",
            "สัดส่วนมีเทนในก๊าซจากหลุมฝังกลบโดยปริมาตร (แทนค่าเริ่มต้น 0.5)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "ox",
            "oxidation factor of the cover (overrides Table 3.2)",
            "ค่าการออกซิไดซ์ของชั้นดินปิดทับ (แทนค่าตาราง 3.2)",
            unit=FRACTION,
            maximum=1.0,
        ),
        ParamSpec(
            "recovered_ch4",
            "methane recovered (flared or used for energy) from this line's waste in the "
            "inventory year, t CH4",
            "มีเทนที่นำกลับมาเผาทิ้งหรือใช้เป็นพลังงานจากขยะของรายการนี้ในปีบัญชี ตัน CH4",
            unit="t",
        ),
        ParamSpec(
            "recovery_fraction",
            "fraction of the generated methane that is recovered (GPC Eq 8.3 f_rec)",
            "สัดส่วนของมีเทนที่เกิดขึ้นที่นำกลับมาใช้ (f_rec ในสมการ 8.3 ของ GPC)",
            unit=FRACTION,
            maximum=1.0,
        ),
    )


METHODS = [
    MethodSpec(
        name="landfill_commitment",
        title_en="Solid waste disposal: methane commitment",
        title_th="การกำจัดขยะมูลฝอยโดยการฝังกลบ: วิธีศักยภาพการเกิดมีเทน (methane commitment)",
        equation="GPC v1.1 Ch 8 Eq 8.3 and 8.4 (L0 = MCF x DOC x DOCf x F x 16/12); "
        "IPCC 2006 Vol 5 Ch 3 Eq 3.1 for recovered CH4 in tonnes",
        activity_label_en="waste type",
        activity_label_th="ประเภทขยะ",
        activities=waste_types,
        amount_units={"mass": "t"},
        compute=_compute,
        gpc_prefixes=("III.1.",),
        scopes=frozenset({1, 3}),
        params=landfill_params(),
        validate=_validate,
        example={
            "gpc_ref": "III.1.1",
            "method": "landfill_commitment",
            "activity": "msw",
            "amount": 12000,
            "unit": "t",
            "params": {"site_type": "unmanaged_deep"},
        },
    )
]
