"""Costs of measures: levelised cost per tonne abated.

Choice (documented in docs/mitigation.md): the levelised cost of abatement is
the *annualised* cost divided by the annual abatement at full uptake::

    CRF(r, n) = r (1 + r)^n / ((1 + r)^n - 1)        (r = 0: CRF = 1 / n)
    LC        = (I x CRF(r, n) + OM - S) / A          [currency per t CO2e]

I investment, OM operation and maintenance per year, S savings per year, A
tonnes CO2e abated per year, r discount rate, n lifetime in years. The capital
recovery factor turns an up-front investment into equal yearly payments over
the lifetime (IPCC AR5 WGIII (2014) Annex II, Section A.II.3.1, levelised cost
with the capital recovery factor; the same annuity factor is used in marginal
abatement cost studies). For constant yearly flows this equals the discounted
cost over the lifetime divided by the discounted tonnes::

    LC = (I + sum_{t=1..n} (OM - S) / (1 + r)^t) / (sum_{t=1..n} A / (1 + r)^t)

because sum_{t=1..n} 1 / (1 + r)^t = 1 / CRF(r, n).
:func:`discounted_cost_per_tonne` computes that second form for any yearly
streams. A negative LC means the savings pay for the measure.
"""

from __future__ import annotations

import numpy as np


def capital_recovery_factor(rate: float | np.ndarray, years: float | np.ndarray) -> np.ndarray:
    """CRF(r, n) = r (1 + r)^n / ((1 + r)^n - 1); 1/n when r = 0."""
    rate = np.asarray(rate, float)
    years = np.asarray(years, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (1.0 + rate) ** years
        crf = rate * growth / (growth - 1.0)
    return np.where(rate == 0.0, 1.0 / years, crf)


def annualised_cost(
    investment: float | np.ndarray,
    om_per_year: float | np.ndarray,
    savings_per_year: float | np.ndarray,
    rate: float | np.ndarray,
    lifetime_years: float | np.ndarray,
) -> np.ndarray:
    """I x CRF(r, n) + OM - S: the net cost of one year at full uptake."""
    return (
        np.asarray(investment, float) * capital_recovery_factor(rate, lifetime_years)
        + np.asarray(om_per_year, float)
        - np.asarray(savings_per_year, float)
    )


def levelised_cost_per_tonne(
    investment: float | np.ndarray,
    om_per_year: float | np.ndarray,
    savings_per_year: float | np.ndarray,
    abatement_per_year: float | np.ndarray,
    rate: float | np.ndarray,
    lifetime_years: float | np.ndarray,
) -> np.ndarray:
    """(I x CRF + OM - S) / A; NaN where the abatement is not positive."""
    abatement = np.asarray(abatement_per_year, float)
    cost = annualised_cost(investment, om_per_year, savings_per_year, rate, lifetime_years)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(abatement > 0, cost / abatement, np.nan)


def discounted_cost_per_tonne(
    investment: float,
    yearly_net_costs: np.ndarray,
    yearly_tonnes: np.ndarray,
    rate: float,
) -> float:
    """Discounted cost / discounted tonnes for streams of years 1..n (investment in year 0)."""
    yearly_net_costs = np.asarray(yearly_net_costs, float)
    yearly_tonnes = np.asarray(yearly_tonnes, float)
    discount = (1.0 + rate) ** -np.arange(1, len(yearly_tonnes) + 1)
    tonnes = float((yearly_tonnes * discount).sum())
    if tonnes <= 0:
        return float("nan")
    return float((investment + (yearly_net_costs * discount).sum()) / tonnes)
