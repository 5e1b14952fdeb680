"""Calibration of the projection against historical inventories, and its fit.

With inventories of other years (earlier or later than the base year), the
drivers' projection from the base year is compared, sector by sector, with what
those inventories actually found. Two things come out:

1. the fit, before calibration: for each sector and for the total, per year the
   projected and actual emissions and the error, and the error metrics

       MAPE = mean |P - A| / A x 100          (mean absolute percentage error)
       bias = mean (P - A) / A x 100          (mean percentage error)
       RMSE = sqrt(mean (P - A)^2)            (t CO2e)

2. a trend per sector, k_s, the yearly change in emissions per unit of driver
   that the drivers do not explain (efficiency gains, structural change). It is
   the least-squares fit, through the base year, of

       ln(A_s(t) / P_s(t)) = ln(1 + k_s) x (t - b)

   i.e. ln(1 + k_s) = sum (t - b) ln(A/P) / sum (t - b)^2. Applied to the
   projection (``project(..., sector_trends=...)``) it makes the projection
   follow the history's trend; the fit after calibration is reported too.

Sectors are compared on one GPC basis (default BASIC+); a sector missing (zero)
in either the projection or the inventory of a year is left out of that year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.mitigation.aggregate import basis_masks, co2e, group_sum
from climateplan.mitigation.baseline import CO2E_COMPONENTS, BaseInventory
from climateplan.mitigation.drivers import DriverTable
from climateplan.mitigation.grid import GridPath
from climateplan.mitigation.mapping import DriverMapping
from climateplan.mitigation.projection import project

TOTAL = "total"


@dataclass
class Calibration:
    fit: pd.DataFrame  # year, sector, actual, projected, calibrated, error_pct, ...
    metrics: pd.DataFrame  # sector, years, mape, bias_pct, rmse, *_calibrated, trend_pct
    trends: dict[str, float]  # sector -> fraction per year

    def trend_pct(self) -> dict[str, float]:
        return {k: v * 100.0 for k, v in self.trends.items()}


def _sector_totals(inventory: BaseInventory, basis: str) -> pd.Series:
    mask = basis_masks(inventory.lines)[basis]
    values = inventory.emissions[mask][:, list(CO2E_COMPONENTS)].sum(axis=1)
    return pd.Series(values).groupby(inventory.lines["sector"].to_numpy()[mask]).sum()


def calibrate(
    base: BaseInventory,
    history: Sequence[BaseInventory],
    drivers: DriverTable | None,
    *,
    mapping: DriverMapping | None = None,
    grid: GridPath | None = None,
    basis: str = "basic_plus",
    collector: ProblemCollector | None = None,
) -> Calibration | None:
    """Fit of the projection against ``history`` and the sector trends (module docstring)."""
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    result = None
    years = sorted({inv.year for inv in history})
    for inv in history:
        if inv.province != base.province:
            collector.add(
                f"historical inventory of {inv.year} is of {inv.province}, not {base.province}",
                f"บัญชีย้อนหลังปี {inv.year} เป็นของ {inv.province} ไม่ใช่ {base.province}",
                file=inv.file,
            )
        if inv.year == base.year:
            collector.add(
                f"historical inventory of {inv.year} is of the base year itself",
                f"บัญชีย้อนหลังปี {inv.year} เป็นปีเดียวกับปีฐาน",
                file=inv.file,
            )
    if not years:
        collector.add(
            "calibration needs at least one inventory of another year",
            "การปรับเทียบต้องมีบัญชีของปีอื่นอย่างน้อยหนึ่งปี",
        )
    if not collector:
        to_year = max(max(years), base.year + 1)
        plain = project(
            base,
            drivers,
            to_year=to_year,
            mapping=mapping,
            grid=grid,
            from_year=min(years),
            collector=collector,
        )
        if plain is not None:
            result = _fit(base, history, plain, basis, drivers, mapping, grid, collector)
    if own:
        collector.raise_if_any()
    return result


def _projected_sectors(projection, basis: str, year: int) -> pd.Series:
    mask = basis_masks(projection.lines)[basis]
    i = int(year - projection.years[0])
    keys, sums = group_sum(
        co2e(projection.emissions[mask][:, i, :]), projection.lines["sector"].to_numpy()[mask]
    )
    return pd.Series(sums, index=keys)


def _fit(base, history, plain, basis, drivers, mapping, grid, collector) -> Calibration | None:
    rows = []
    for inv in sorted(history, key=lambda i: i.year):
        actual = _sector_totals(inv, basis)
        projected = _projected_sectors(plain, basis, inv.year)
        sectors = sorted(set(actual.index) | set(projected.index))
        for s in sectors:
            rows.append(
                {
                    "year": inv.year,
                    "sector": s,
                    "actual": float(actual.get(s, 0.0)),
                    "projected": float(projected.get(s, 0.0)),
                }
            )
    fit = pd.DataFrame(rows)
    usable = (fit["actual"] > 0) & (fit["projected"] > 0)
    dt = (fit["year"] - base.year).to_numpy(float)
    log_ratio = np.where(
        usable, np.log(fit["actual"].where(usable, 1.0) / fit["projected"].where(usable, 1.0)), 0.0
    )
    trends: dict[str, float] = {}
    for sector, idx in fit.groupby("sector").indices.items():
        use = usable.to_numpy()[idx]
        denom = float((dt[idx][use] ** 2).sum())
        if denom > 0:
            trends[sector] = float(np.expm1((dt[idx][use] * log_ratio[idx][use]).sum() / denom))
    calibrated = project(
        base,
        drivers,
        to_year=int(plain.years[-1]),
        mapping=mapping,
        grid=grid,
        from_year=int(plain.years[0]),
        sector_trends=trends,
        collector=collector,
    )
    if calibrated is None:
        return None
    fit["calibrated"] = [
        float(_projected_sectors(calibrated, basis, y).get(s, 0.0))
        for y, s in zip(fit["year"], fit["sector"], strict=True)
    ]
    totals = fit.groupby("year")[["actual", "projected", "calibrated"]].sum().reset_index()
    totals["sector"] = TOTAL
    fit = pd.concat([fit, totals[fit.columns]], ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        fit["error_pct"] = np.where(
            fit["actual"] > 0, (fit["projected"] - fit["actual"]) / fit["actual"] * 100.0, np.nan
        )
        fit["error_calibrated_pct"] = np.where(
            fit["actual"] > 0, (fit["calibrated"] - fit["actual"]) / fit["actual"] * 100.0, np.nan
        )
    metrics = []
    for sector, part in fit.groupby("sector", sort=True):
        metrics.append(
            {
                "sector": sector,
                "years": int(part["error_pct"].notna().sum()),
                "mape": float(part["error_pct"].abs().mean()),
                "bias_pct": float(part["error_pct"].mean()),
                "rmse": float(np.sqrt(((part["projected"] - part["actual"]) ** 2).mean())),
                "mape_calibrated": float(part["error_calibrated_pct"].abs().mean()),
                "bias_calibrated_pct": float(part["error_calibrated_pct"].mean()),
                "rmse_calibrated": float(
                    np.sqrt(((part["calibrated"] - part["actual"]) ** 2).mean())
                ),
                "trend_pct_per_year": trends.get(sector, np.nan) * 100.0
                if sector != TOTAL
                else np.nan,
            }
        )
    return Calibration(fit=fit, metrics=pd.DataFrame(metrics), trends=trends)
