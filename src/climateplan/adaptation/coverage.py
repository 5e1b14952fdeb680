"""Coverage of the register by the actions, and the residual risk after them.

- Coverage: every register risk whose matrix level is one of the priority levels
  (settings.csv ``priority_levels``: high, very high) has at least one action answering
  its hazard, or a reason in the plan (the ``reasons`` table); otherwise it is
  reported as not covered.
- Residual risk: the register's likelihood and consequence (1-5) lowered by the
  largest reduction among the actions answering the hazard that are planned or ongoing
  (a completed action is already part of the current risk), never below 1. The levels
  are ordinal: adding reductions of several actions would claim more than the scale
  can support, so the largest single reduction is taken (conservative). The residual
  matrix level is read from the same 5 x 5 banding as the register.
- Residual expected annual impact: EAI x prod(1 - p_i) over the actions' shares p_i
  (independent reductions of what remains).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.adaptation import reference
from climateplan.adaptation.context import RiskContext
from climateplan.risk.index.register import risk_matrix
from climateplan.risk.index.scoring import classify

ACTIVE = ("planned", "ongoing")


def priority_levels() -> tuple[str, ...]:
    return tuple(reference.setting("priority_levels").split(";"))


def answering(actions: pd.DataFrame) -> pd.DataFrame:
    """One row per action x hazard it answers."""
    if actions.empty:
        return pd.DataFrame(columns=["code", "hazard"])
    return (
        actions[
            [
                "code",
                "hazards",
                "status",
                "likelihood_reduction",
                "consequence_reduction",
                "eai_reduction_pct",
            ]
        ]
        .explode("hazards")
        .rename(columns={"hazards": "hazard"})
    )


def coverage(context: RiskContext, actions: pd.DataFrame, reasons: pd.DataFrame) -> pd.DataFrame:
    """Every register hazard: its level, the actions answering it, a reason, and status
    (covered, reason_given, not_covered; not_required below the priority levels)."""
    register = context.register
    pairs = answering(actions)
    by_hazard = pairs.groupby("hazard")["code"].agg(lambda c: ";".join(c))
    reason = reasons.drop_duplicates("hazard").set_index("hazard")
    table = register[
        [
            "hazard",
            "hazard_en",
            "hazard_th",
            "probability",
            "consequence",
            "risk_level",
            "matrix_level",
            "matrix_level_en",
            "matrix_level_th",
        ]
    ].copy()
    table["actions"] = table["hazard"].map(by_hazard).fillna("")
    # the register links each hazard to NAP sectors: which of them no action names
    named = (
        actions[["hazards", "sectors"]]
        .explode("hazards")
        .groupby("hazards")["sectors"]
        .agg(lambda lists: set().union(*map(set, lists)))
        if not actions.empty
        else pd.Series(dtype=object)
    )
    sectors = context.framework.nap_sectors
    left = [
        [s for s in str(linked or "").split(",") if s and s not in named.get(hazard, set())]
        for hazard, linked in zip(register["hazard"], register.get("nap_sectors", ""), strict=True)
    ]
    table["sectors_without_action"] = [";".join(x) for x in left]
    table["sectors_without_action_en"] = ["; ".join(sectors[s].en for s in x) for x in left]
    table["sectors_without_action_th"] = ["; ".join(sectors[s].th for s in x) for x in left]
    table["reason_en"] = (
        table["hazard"].map(reason["reason_en"]).fillna("") if not reason.empty else ""
    )
    table["reason_th"] = (
        table["hazard"].map(reason["reason_th"]).fillna("") if not reason.empty else ""
    )
    priority = table["matrix_level"].isin(priority_levels())
    table["priority"] = priority
    table["status"] = np.select(
        [table["actions"] != "", ~priority, table["reason_en"] != ""],
        ["covered", "not_required", "reason_given"],
        "not_covered",
    )
    labels = {
        "covered": ("Covered by actions", "มีมาตรการรองรับ"),
        "not_required": ("Below the priority levels", "ต่ำกว่าระดับที่ต้องมีมาตรการ"),
        "reason_given": ("No action: reason given", "ไม่มีมาตรการ: ระบุเหตุผลแล้ว"),
        "not_covered": ("NOT COVERED: add an action or a reason", "ยังไม่มีมาตรการหรือเหตุผล: ต้องเพิ่ม"),
    }
    table["status_en"] = table["status"].map(lambda s: labels[s][0])
    table["status_th"] = table["status"].map(lambda s: labels[s][1])
    return table.reset_index(drop=True)


def residual(
    context: RiskContext, actions: pd.DataFrame, thb_per_unit: float = 1.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The register with residual likelihood, consequence, level and EAI beside the
    current ones; and the residual 5 x 5 matrix."""
    register = context.register.copy()
    pairs = answering(actions)
    active = pairs[pairs["status"].isin(ACTIVE)]
    best = active.groupby("hazard")[["likelihood_reduction", "consequence_reduction"]].max()
    d_p = register["hazard"].map(best["likelihood_reduction"]).fillna(0).to_numpy(float)
    d_c = register["hazard"].map(best["consequence_reduction"]).fillna(0).to_numpy(float)
    p = register["probability"].to_numpy(float)
    c = register["consequence"].to_numpy(float)
    register["residual_probability"] = np.where(np.isnan(p), np.nan, np.maximum(1, p - d_p))
    register["residual_consequence"] = np.where(np.isnan(c), np.nan, np.maximum(1, c - d_c))
    product = register["residual_probability"] * register["residual_consequence"]
    register["residual_risk_level"] = product
    levels = context.framework.settings.register.matrix_levels
    ids = classify(product.to_numpy(float), levels)
    labels = {b.id: b.label for b in levels}
    register["residual_matrix_level"] = ids
    register["residual_matrix_level_en"] = [labels[i].en if i else "Do not know" for i in ids]
    register["residual_matrix_level_th"] = [labels[i].th if i else "ไม่ทราบ" for i in ids]
    shares = active.dropna(subset=["eai_reduction_pct"])
    remaining = (
        (1.0 - shares["eai_reduction_pct"].astype(float) / 100.0).groupby(shares["hazard"]).prod()
    )
    eai = context.eai_by_hazard() * thb_per_unit
    register["eai_thb_per_year"] = register["hazard"].map(eai)
    register["residual_eai_thb_per_year"] = register["eai_thb_per_year"] * register["hazard"].map(
        remaining
    ).fillna(1.0)
    keep = [
        "hazard",
        "hazard_en",
        "hazard_th",
        "hazard_short_en",
        "hazard_short_th",
        "probability",
        "consequence",
        "risk_level",
        "matrix_level",
        "matrix_level_en",
        "matrix_level_th",
        "residual_probability",
        "residual_consequence",
        "residual_risk_level",
        "residual_matrix_level",
        "residual_matrix_level_en",
        "residual_matrix_level_th",
        "eai_thb_per_year",
        "residual_eai_thb_per_year",
    ]
    table = register[keep].copy()
    placed = register.assign(
        probability=register["residual_probability"], consequence=register["residual_consequence"]
    )
    matrix = risk_matrix(placed, context.framework)
    for col in ("residual_probability", "residual_consequence", "residual_risk_level"):
        table[col] = table[col].astype("Int64")
    return table, matrix
