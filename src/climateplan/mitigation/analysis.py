"""Tables of a plan: emissions per year, sector, scope and gas; measure impacts and
costs; the marginal abatement cost curve; target paths and the gap analysis.

Every table is long (one row per scenario, year and group) so it reads the same
in Excel, in JSON and in the charts. Emissions in t CO2e (GWP set of the base
inventory); gases also in tonnes; costs in the measure's currency.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.mitigation.aggregate import BASES, basis_values, group_sum
from climateplan.mitigation.baseline import COMPONENTS
from climateplan.mitigation.costs import annualised_cost, capital_recovery_factor
from climateplan.mitigation.measures import KIND_LABELS
from climateplan.mitigation.scenarios import BAU, Plan
from climateplan.mitigation.targets import Target, target_path, target_sets
from climateplan.reference import gpc_catalogue, gwp_table
from climateplan.reference.gwp import ch4_gwp

GAS_NAMES = {"co2": "CO2", "ch4": "CH4", "n2o": "N2O", "other": "other"}


def sector_labels() -> pd.DataFrame:
    cat = gpc_catalogue().drop_duplicates("sector").set_index("sector")
    return cat[["sector_en", "sector_th"]]


def totals_table(plan: Plan) -> pd.DataFrame:
    """scenario, year, basic, basic_plus, territorial, scope1-3, biogenic_co2 (t)."""
    frames = []
    for name in plan.scenario_names:
        sums = plan.totals(name)
        frame = pd.DataFrame({"scenario": name, "year": plan.years, **sums})
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _grouped(plan: Plan, column: str, basis: str | None) -> pd.DataFrame:
    """scenario, basis, <column>, year, co2e: lines of one basis (all lines: None)
    grouped by ``column``; empty groups of the basis are left out."""
    lines = plan.lines
    keys = lines[column].astype(str).to_numpy(object)
    if basis is not None:
        keys = np.where(plan.masks[basis], keys, "\0")
    frames = []
    for name in plan.scenario_names:
        groups, sums = group_sum(basis_values(plan.emissions(name), basis or "basic"), keys)
        keep = groups != "\0"
        groups, sums = groups[keep], sums[keep]
        frames.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "basis": basis or "all_lines",
                    column: np.repeat(groups, len(plan.years)),
                    "year": np.tile(plan.years, len(groups)),
                    "co2e": sums.reshape(-1),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    if column == "scope":
        frame["scope"] = frame["scope"].astype(int)
    return frame


def sector_table(plan: Plan, basis: str | None = None) -> pd.DataFrame:
    """scenario, basis, sector, sector_en, sector_th, year, co2e (one basis, or all lines).

    On ``net_co2`` the value is t CO2 (the basis counts CO2 only)."""
    frame = _grouped(plan, "sector", basis)
    frame = frame.join(sector_labels(), on="sector")
    return frame[["scenario", "basis", "sector", "sector_en", "sector_th", "year", "co2e"]]


def subsector_table(plan: Plan, basis: str | None = None) -> pd.DataFrame:
    return _grouped(plan, "subsector", basis)


def scope_table(plan: Plan, basis: str | None = None) -> pd.DataFrame:
    return _grouped(plan, "scope", basis)


def gas_table(plan: Plan, basis: str | None = None) -> pd.DataFrame:
    """scenario, basis, year, gas, co2e, tonnes of the lines of one basis (None: all
    lines); tonnes of 'other' gases are not one gas: blank."""
    gwp = gwp_table(plan.gwp)
    mask = plan.masks[basis] if basis is not None else np.ones(len(plan.lines), dtype=bool)
    ch4 = COMPONENTS.index("ch4")
    # each line's methane back to tonnes with the GWP the inventory gave that line (AR6:
    # fossil 29.8 / non-fossil 27.0 by IPCC category), judged on its base-year gases
    base = plan.bau[mask, plan.projection.year_index(plan.base_year), :]
    per_line_ch4_gwp = np.broadcast_to(
        np.asarray(
            ch4_gwp(
                plan.gwp,
                plan.lines["ipcc_category"].fillna("").astype(str).to_numpy(object)[mask],
                base[:, COMPONENTS.index("co2")],
                base[:, COMPONENTS.index("biogenic")],
            ),
            dtype=float,
        ),
        (int(mask.sum()),),
    )
    frames = []
    for name in plan.scenario_names:
        emissions = plan.emissions(name)[mask]  # (lines, years, components)
        per_comp = emissions.sum(axis=0)  # (years, components)
        for c, comp in enumerate(COMPONENTS):
            if comp == "biogenic":
                continue
            gas = GAS_NAMES[comp]
            if c == ch4:
                tonnes = (emissions[:, :, ch4] / per_line_ch4_gwp[:, None]).sum(axis=0)
            elif gas in gwp.index:
                tonnes = per_comp[:, c] / gwp[gas]
            else:
                tonnes = np.full(len(plan.years), np.nan)
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": name,
                        "basis": basis or "all_lines",
                        "year": plan.years,
                        "gas": gas,
                        "co2e": per_comp[:, c],
                        "tonnes": tonnes,
                    }
                )
            )
        frames.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "basis": basis or "all_lines",
                    "year": plan.years,
                    "gas": "CO2 biogenic",
                    "co2e": 0.0,  # outside the totals
                    "tonnes": per_comp[:, COMPONENTS.index("biogenic")],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def impact_table(plan: Plan, basis: str | None = None) -> pd.DataFrame:
    """scenario, basis, measure, position, year, sector, scope, reduction (t CO2e of the
    lines of one basis; all lines: None).

    Reduction of each measure at its position in each scenario; per scenario and
    year the reductions add up to BAU minus the scenario (negative rows are the new
    carrier's emissions of a fuel switch).
    """
    keys = (plan.lines["sector"].astype(str) + "|" + plan.lines["scope"].astype(str)).to_numpy()
    mask = plan.masks[basis] if basis is not None else np.ones(len(keys), dtype=bool)
    frames = []
    for name, run in plan.runs.items():
        if not run.applied:
            continue
        # (lines, measures x years) grouped by sector|scope in one product
        impacts = run.impacts(basis or "basic")[:, mask, :]
        stacked = np.moveaxis(impacts, 1, 0)  # (lines, measures, years)
        groups, sums = group_sum(stacked, keys[mask])  # (groups, measures, years)
        g, m, t = sums.shape
        sector_scope = np.repeat(groups, m * t)
        frame = pd.DataFrame(
            {
                "scenario": name,
                "basis": basis or "all_lines",
                "measure": np.tile(np.repeat(run.applied, t), g),
                "position": np.tile(np.repeat(np.arange(1, m + 1), t), g),
                "year": np.tile(plan.years, g * m),
                "sector": [s.split("|")[0] for s in sector_scope],
                "scope": [int(s.split("|")[1]) for s in sector_scope],
                "reduction": sums.reshape(-1),
            }
        )
        frames.append(frame.loc[frame["reduction"] != 0])
    if not frames:
        return pd.DataFrame(
            columns=[
                "scenario",
                "basis",
                "measure",
                "position",
                "year",
                "sector",
                "scope",
                "reduction",
            ]
        )
    return pd.concat(frames, ignore_index=True)


def measure_impacts(plan: Plan, scenario: str, basis: str = "basic_plus") -> pd.DataFrame:
    """Per measure of ``scenario`` and year: reduction on one basis (t CO2e)."""
    run = plan.runs[scenario]
    mask = plan.masks[basis]
    per_measure = run.impacts(basis)[:, mask, :].sum(axis=1)  # (measures, years)
    return pd.DataFrame(per_measure, index=run.applied, columns=plan.years)


def _full_uptake_year(plan: Plan, mid: str) -> int:
    m = plan.measures[mid]
    year = max(m.start_year + m.ramp_years - 1, plan.base_year + 1)
    if m.end_year is not None:
        year = min(year, m.end_year)
    return int(min(year, plan.years[-1]))


def measure_summary(
    plan: Plan, scenario: str, year: int, basis: str = "basic_plus"
) -> pd.DataFrame:
    """One row per measure of ``scenario``: abatement, cumulative abatement and costs.

    levelised_cost_per_t: (I x CRF + OM - S) / A with A the abatement in the year of
    full uptake (cost_basis total) or per tonne as given (cost_basis per_t);
    annual_cost: levelised cost x abatement in ``year``.
    """
    impacts = measure_impacts(plan, scenario, basis)
    cols = list(impacts.columns)
    grid_ef = None
    if any(plan.measures[mid].savings_per_kwh for mid in impacts.index):
        from climateplan.mitigation.energy import grid_factor_in_force

        grid_ef = grid_factor_in_force(plan.projection.base)[0]  # t CO2e per kWh
    rows = []
    for position, mid in enumerate(impacts.index, start=1):
        m = plan.measures[mid]
        series = impacts.loc[mid].to_numpy(float)
        abated = float(series[cols.index(year)])
        full_year = _full_uptake_year(plan, mid)
        full = float(series[cols.index(full_year)])
        lc = np.nan
        crf = np.nan
        if m.has_costs:
            crf = float(capital_recovery_factor(m.discount_rate, m.lifetime_years))
            yearly = float(
                annualised_cost(
                    m.investment,
                    m.om_per_year,
                    m.savings_per_year,
                    m.discount_rate,
                    m.lifetime_years,
                )
            )
            if m.cost_basis == "per_t":
                lc = yearly
            elif full > 0:
                lc = yearly / full
            if m.savings_per_kwh:
                # kWh avoided per t CO2e = 1 / grid factor: savings per t = THB/kWh / (t/kWh)
                lc = lc - m.savings_per_kwh / grid_ef
        rows.append(
            {
                "scenario": scenario,
                "basis": basis,
                "position": position,
                "measure": mid,
                "name_en": m.name_en or mid,
                "name_th": m.name_th or m.name_en or mid,
                "kind": m.kind,
                "kind_en": KIND_LABELS[m.kind][0],
                "kind_th": KIND_LABELS[m.kind][1],
                "status": m.status,
                "order": m.order,
                "targets": m.selector.describe(),
                "start_year": m.start_year,
                "full_uptake_year": full_year,
                "end_year": m.end_year,
                "uptake_pct": m.uptake * 100.0,
                "effect_pct": m.effect * 100.0
                if m.kind not in ("fuel_switch", "tonnes")
                else np.nan,
                "reduction_t": m.reduction_t if m.kind == "tonnes" else np.nan,
                "year": year,
                "abatement": abated,
                "abatement_full_uptake": full,
                "cumulative_abatement": float(series.sum()),
                "cost_basis": m.cost_basis,
                "capital_recovery_factor": crf,
                "grid_ef_kg_per_kwh": grid_ef * 1000.0 if m.savings_per_kwh else np.nan,
                "levelised_cost_per_t": lc,
                "annual_cost": lc * abated if np.isfinite(lc) else np.nan,
                "currency": m.currency,
                "source": m.source,
            }
        )
    return pd.DataFrame(rows)


def macc_table(plan: Plan, scenario: str, year: int, basis: str = "basic_plus") -> pd.DataFrame:
    """Marginal abatement cost curve: measures with costs and positive abatement,
    cheapest first; width = t CO2e abated in ``year``, height = cost per t."""
    summary = measure_summary(plan, scenario, year, basis)
    if summary.empty:
        return summary.assign(x_start=[], x_end=[])
    macc = summary.loc[
        summary["levelised_cost_per_t"].notna() & (summary["abatement"] > 0)
    ].sort_values(["levelised_cost_per_t", "measure"], kind="stable")
    macc = macc.reset_index(drop=True)
    macc["x_end"] = macc["abatement"].cumsum()
    macc["x_start"] = macc["x_end"] - macc["abatement"]
    return macc


def _basis_series(plan: Plan, scenario: str, basis: str) -> np.ndarray:
    return plan.totals(scenario)[basis]


def target_paths(plan: Plan, targets: list[Target]) -> pd.DataFrame:
    """target, basis, year, value: the path of every target set."""
    frames = []
    for name, members in target_sets(targets).items():
        basis = members[0].basis
        bau = _basis_series(plan, BAU, basis)
        path = target_path(members, plan.years, bau[0], bau)
        frames.append(
            pd.DataFrame({"target": name, "basis": basis, "year": plan.years, "value": path})
        )
    if not frames:
        return pd.DataFrame(columns=["target", "basis", "year", "value"])
    return pd.concat(frames, ignore_index=True)


def gap_table(plan: Plan, targets: list[Target]) -> pd.DataFrame:
    """Every scenario against every target path, every year.

    gap = emissions - target (> 0: short of the target); required = BAU - target;
    achieved = BAU - emissions; closed_pct = achieved / required x 100.
    """
    paths = target_paths(plan, targets)
    frames = []
    for name, path in paths.groupby("target", sort=False):
        basis = path["basis"].iloc[0]
        target = path["value"].to_numpy(float)
        bau = _basis_series(plan, BAU, basis)
        for scenario in plan.scenario_names:
            emissions = _basis_series(plan, scenario, basis)
            required = bau - target
            achieved = bau - emissions
            with np.errstate(divide="ignore", invalid="ignore"):
                closed = np.where(required > 0, achieved / required * 100.0, np.nan)
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": scenario,
                        "target": name,
                        "basis": basis,
                        "year": plan.years,
                        "bau": bau,
                        "emissions": emissions,
                        "target_value": target,
                        "gap": emissions - target,
                        "required_reduction": required,
                        "achieved_reduction": achieved,
                        "closed_pct": closed,
                        "on_track": emissions <= target + 1e-9 * np.maximum(1.0, np.abs(target)),
                    }
                )
            )
    if not frames:
        return pd.DataFrame(
            columns=[
                "scenario",
                "target",
                "basis",
                "year",
                "bau",
                "emissions",
                "target_value",
                "gap",
                "required_reduction",
                "achieved_reduction",
                "closed_pct",
                "on_track",
            ]
        )
    return pd.concat(frames, ignore_index=True)


def gap_contributions(
    plan: Plan, targets: list[Target], years: list[int] | None = None
) -> pd.DataFrame:
    """Which sectors and which measures close the gap, in the target years.

    For each scenario with measures, target set and year: the reduction of each
    sector (BAU - scenario) and of each measure (at its position), on the set's
    basis, with its share of the required reduction; the remaining gap last.
    """
    labels = sector_labels()
    rows = []
    for name, members in target_sets(targets).items():
        basis = members[0].basis
        mask = plan.masks[basis]
        bau_lines = basis_values(plan.bau[mask], basis)
        bau = bau_lines.sum(axis=0)
        path = target_path(members, plan.years, bau[0], bau)
        wanted = years or [t.year for t in members]
        sectors = plan.lines["sector"].to_numpy(object)[mask]
        for scenario, run in plan.runs.items():
            scen_lines = basis_values(run.emissions[mask], basis)
            by_sector_keys, by_sector = group_sum(bau_lines - scen_lines, sectors)
            per_measure = run.impacts(basis)[:, mask, :].sum(axis=1)
            for year in wanted:
                i = int(year - plan.years[0])
                required = float(bau[i] - path[i])

                def share(value: float, required=required) -> float:
                    return value / required * 100.0 if required > 0 else np.nan

                for key, values in zip(by_sector_keys, by_sector, strict=True):
                    rows.append(
                        {
                            "scenario": scenario,
                            "target": name,
                            "basis": basis,
                            "year": year,
                            "contributor": "sector",
                            "code": key,
                            "name_en": labels.loc[key, "sector_en"],
                            "name_th": labels.loc[key, "sector_th"],
                            "reduction": float(values[i]),
                            "share_of_required_pct": share(float(values[i])),
                        }
                    )
                for k, mid in enumerate(run.applied):
                    m = plan.measures[mid]
                    rows.append(
                        {
                            "scenario": scenario,
                            "target": name,
                            "basis": basis,
                            "year": year,
                            "contributor": "measure",
                            "code": mid,
                            "name_en": m.name_en or mid,
                            "name_th": m.name_th or m.name_en or mid,
                            "reduction": float(per_measure[k, i]),
                            "share_of_required_pct": share(float(per_measure[k, i])),
                        }
                    )
                remaining = float(scen_lines[:, i].sum() - path[i])
                rows.append(
                    {
                        "scenario": scenario,
                        "target": name,
                        "basis": basis,
                        "year": year,
                        "contributor": "remaining_gap",
                        "code": "",
                        "name_en": "Remaining gap",
                        "name_th": "ส่วนที่ยังขาด",
                        "reduction": remaining,
                        "share_of_required_pct": share(remaining),
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "scenario",
            "target",
            "basis",
            "year",
            "contributor",
            "code",
            "name_en",
            "name_th",
            "reduction",
            "share_of_required_pct",
        ],
    )


__all__ = [
    "BASES",
    "gap_contributions",
    "gap_table",
    "gas_table",
    "impact_table",
    "macc_table",
    "measure_impacts",
    "measure_summary",
    "scope_table",
    "sector_table",
    "subsector_table",
    "target_paths",
    "totals_table",
]
