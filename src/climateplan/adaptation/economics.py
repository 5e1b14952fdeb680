"""The economic view of an action: avoided expected annual impact against cost.

Conventions (docs/adaptation.md): the action's start year is year 0; its capital is
spent in year 0 (or in the fiscal years of its cost table, discounted from the start
year); the running cost and the benefit (avoided expected annual impact, THB per
year) come in each of years 1..L, L the action's life. With real discount rate r:

    annuity(r, L) = (1 - (1 + r)^-L) / r        (= L when r = 0)
    PV(cost)      = capital + running x annuity(r, L)
    PV(benefit)   = avoided EAI x annuity(r, L)
    NPV = PV(benefit) - PV(cost);  BCR = PV(benefit) / PV(cost)

The avoided EAI is the action's own figure (``avoided_eai_thb_per_year``) or its
share ``eai_reduction_pct`` of the expected annual impact of the hazards it answers,
from the risk profile's event sets (times the THB value of one exposure unit).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def annuity_factor(rate: float, years: np.ndarray) -> np.ndarray:
    """Present value of 1 a year for ``years`` years (end of year) at ``rate``."""
    years = np.asarray(years, dtype=float)
    if rate == 0:
        return years
    return (1.0 - (1.0 + rate) ** -years) / rate


def present_capital(actions: pd.DataFrame, schedule: pd.DataFrame, rate: float) -> pd.Series:
    """Capital of each action discounted to its start year, from its fiscal-year costs."""
    start = actions.set_index("code")["start_year"]
    table = schedule[schedule["capital_thb"] > 0]
    offset = table["fiscal_year"].to_numpy(float) - table["code"].map(start).to_numpy(float)
    discounted = table["capital_thb"].to_numpy(float) / (1.0 + rate) ** offset
    pv = pd.Series(discounted, index=table["code"].to_numpy()).groupby(level=0).sum()
    return pv.reindex(actions["code"]).fillna(0.0)


def avoided_eai(actions: pd.DataFrame, eai_by_hazard: pd.Series, thb_per_unit: float) -> pd.Series:
    """THB a year each action avoids: its own figure, else its share of the EAI of the
    hazards it answers (NaN where neither is known)."""
    direct = actions["avoided_eai_thb_per_year"].astype(float)
    hazard_eai = actions["hazards"].map(
        lambda hs: (
            float(sum(eai_by_hazard.get(h, 0.0) for h in hs))
            if any(h in eai_by_hazard.index for h in hs)
            else np.nan
        )
    )
    from_share = actions["eai_reduction_pct"].astype(float) / 100.0 * hazard_eai * thb_per_unit
    return pd.Series(np.where(np.isfinite(direct), direct, from_share), index=actions.index)


def economics(
    actions: pd.DataFrame,
    schedule: pd.DataFrame,
    rate: float,
    eai_by_hazard: pd.Series,
    thb_per_unit: float = 1.0,
) -> pd.DataFrame:
    """Per action: PV of cost and, where the benefit is quantified, PV of benefit, NPV
    and BCR (vectorised over actions)."""
    life = actions["lifetime_years"].to_numpy(float)
    factor = annuity_factor(rate, life)
    capital = present_capital(actions, schedule, rate).to_numpy(float)
    pv_cost = capital + actions["running_thb_per_year"].to_numpy(float) * factor
    benefit = avoided_eai(actions, eai_by_hazard, thb_per_unit).to_numpy(float)
    pv_benefit = benefit * factor
    with np.errstate(divide="ignore", invalid="ignore"):
        bcr = np.where(pv_cost > 0, pv_benefit / pv_cost, np.nan)
    return pd.DataFrame(
        {
            "code": actions["code"].to_numpy(),
            "lifetime_years": life,
            "discount_rate_pct": rate * 100.0,
            "annuity_factor": factor,
            "pv_capital_thb": capital,
            "pv_cost_thb": pv_cost,
            "avoided_eai_thb_per_year": benefit,
            "pv_benefit_thb": pv_benefit,
            "npv_thb": pv_benefit - pv_cost,
            "bcr": bcr,
            "benefit_quantified": np.isfinite(benefit),
        }
    )
