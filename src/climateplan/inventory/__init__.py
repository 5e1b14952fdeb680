"""Provincial GHG inventory engine (GPC v1.1 structure, 2006 IPCC Guidelines methods).

Public API (used by the CLI, the web platform and the reduction-planning engine)::

    from climateplan.inventory import read_activity, compute_inventory, analyse

    data = read_activity("province.xlsx")        # validated; raises InputError
    result = compute_inventory(data)             # InventoryResult
    result.totals["basic"]                       # tCO2e
    result.lines                                 # one row per line, with factor sources

- :func:`read_activity` / :func:`validate_activity`: input -> :class:`ActivityData`
- :func:`compute_inventory`: one inventory -> :class:`InventoryResult`
- :func:`analyse`: compute plus key categories and uncertainty (Approach 1, and
  Approach 2 when ``iterations`` > 0)
- :func:`compute_batch`: many inventories in one vectorised pass
"""

from __future__ import annotations

from climateplan.inventory.activity import (
    ActivityData,
    InventoryMeta,
    read_activity,
    validate_activity,
    with_meta,
)
from climateplan.inventory.engine import (
    InventoryResult,
    compute_batch,
    compute_inventory,
    compute_lines,
    summarise,
    totals_by_inventory,
)

__all__ = [
    "ActivityData",
    "InventoryMeta",
    "InventoryResult",
    "analyse",
    "compute_batch",
    "compute_inventory",
    "compute_lines",
    "read_activity",
    "summarise",
    "totals_by_inventory",
    "validate_activity",
    "with_meta",
]


def analyse(
    data: ActivityData,
    *,
    base: ActivityData | None = None,
    iterations: int = 0,
    seed: int | None = None,
) -> InventoryResult:
    """Compute an inventory with its key categories and uncertainty.

    - key categories: IPCC 2006 Vol 1 Ch 4 Approach 1 level assessment, and the
      trend assessment when a base-year inventory is given;
    - uncertainty: IPCC 2006 Vol 1 Ch 3 Approach 1 always (and the uncertainty of
      the trend, Table 3.2 columns I-M, when a base-year inventory is given),
      Approach 2 (Monte Carlo, seeded) when ``iterations`` > 0.
    Results land in ``result.extras`` under "key_categories", "uncertainty",
    "trend_uncertainty" (with a base year) and "monte_carlo".
    """
    from climateplan.inventory.key_categories import key_categories
    from climateplan.inventory.uncertainty import monte_carlo, propagate, trend_uncertainty

    result = compute_inventory(data)
    base_lines = compute_lines(base.lines) if base is not None else None
    result.extras["key_categories"] = key_categories(result.lines, base_lines)
    result.extras["uncertainty"] = propagate(result.lines)
    if base_lines is not None:
        result.extras["trend_uncertainty"] = trend_uncertainty(result.lines, base_lines)
    if iterations > 0:
        kwargs = {} if seed is None else {"seed": seed}
        result.extras["monte_carlo"] = monte_carlo(result.lines, iterations=iterations, **kwargs)
    return result
