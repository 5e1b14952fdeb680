"""Scenarios: measures applied to the BAU projection in a stated order.

Each scenario starts from the BAU array (lines x years x components) and applies
its measures one after the other, in the global order of application
(``order`` column, then file order). Measure k acts on what the measures before
it left:

- activity, intensity, emission_factor: the targeted lines' affected components
  are multiplied by (1 - u_k(t) x effect_k);
- fuel_switch: a share u_k(t) of the targeted lines' emissions is removed and
  the new carrier's emissions, switch_ratio x (grid factor path for electricity)
  times the CO2e removed, are added on a new line under ``switch_gpc_ref``.

The impact of measure k is the total before it minus the total after it, at its
position: the impacts telescope, so they always add up to BAU minus scenario,
and no tonne is counted twice. Two measures that act on the same lines and
gases (or one on the new line of a fuel switch) must both have an ``order``,
and different ones; otherwise the plan is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.mitigation.aggregate import basis_masks, co2e, totals
from climateplan.mitigation.baseline import CO2E_COMPONENTS, COMPONENTS
from climateplan.mitigation.grid import GRID_METHOD
from climateplan.mitigation.measures import Measure
from climateplan.mitigation.projection import Projection
from climateplan.mitigation.selectors import SELECTOR_COLUMNS, line_keys
from climateplan.reference import gpc_catalogue

BAU = "bau"
SCENARIO_LABELS = {
    "bau": ("Business as usual (BAU)", "กรณีดำเนินการตามปกติ (BAU)"),
    "existing": ("With existing measures", "กรณีมีมาตรการที่ดำเนินการอยู่"),
    "planned": ("With planned measures", "กรณีมีมาตรการตามแผน"),
    "proposed": ("With planned and proposed measures", "กรณีมีมาตรการตามแผนและข้อเสนอ"),
}
_CO2 = COMPONENTS.index("co2")


@dataclass(frozen=True)
class Scenario:
    """A named set of measures (applied in the global order, not in this tuple's)."""

    name: str
    measure_ids: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        en, th = SCENARIO_LABELS.get(self.name, (self.name, self.name))
        return th if lang == "th" else en


def default_scenarios(measures: Sequence[Measure]) -> list[Scenario]:
    """BAU; with existing; with planned (existing + planned); with proposed (all);
    plus one scenario per custom name in the measures' ``scenarios`` column."""
    out = [Scenario(BAU)]
    statuses = {m.status for m in measures}
    layers = (
        ("existing", {"existing"}),
        ("planned", {"existing", "planned"}),
        ("proposed", {"existing", "planned", "proposed"}),
    )
    for name, allowed in layers:
        if name in statuses:
            out.append(Scenario(name, tuple(m.id for m in measures if m.status in allowed)))
    custom: dict[str, list[str]] = {}
    for m in measures:
        for tag in m.scenarios:
            custom.setdefault(tag, []).append(m.id)
    taken = {s.name for s in out}
    for tag, ids in custom.items():
        if tag not in taken:
            out.append(Scenario(tag, tuple(ids)))
    return out


@dataclass
class ScenarioRun:
    """One scenario's emissions and each of its measures' impact at its position."""

    scenario: Scenario
    applied: list[str]  # measure ids, in the order applied
    emissions: np.ndarray  # (lines, years, components)
    line_impacts: np.ndarray  # (measures applied, lines, years): tCO2e reduced
    gas_impacts: np.ndarray  # (measures applied, years, components)
    line_impacts_co2: np.ndarray | None = None  # (measures applied, lines, years): t CO2
    capped: dict = field(default_factory=dict)  # tonnes measure -> first capped year index

    def impacts(self, basis: str) -> np.ndarray:
        """Reduction per measure and line on what ``basis`` counts (CO2e, or CO2)."""
        return self.line_impacts_co2 if basis == "net_co2" else self.line_impacts


@dataclass
class Plan:
    """BAU, the measures and every scenario, on one set of lines and years."""

    projection: Projection
    lines: pd.DataFrame  # projection lines + one line per fuel-switch measure
    bau: np.ndarray  # (lines, years, components)
    measures: dict[str, Measure]
    order: list[str]  # global order of application
    targets: dict[str, np.ndarray]  # measure id -> bool mask over lines
    uptake: dict[str, np.ndarray]  # measure id -> (years,)
    runs: dict[str, ScenarioRun]
    warnings: list[Problem] = field(default_factory=list)
    grid_ef: dict | None = None  # grid factor in force for switches sized by service
    _masks: dict | None = field(default=None, repr=False)
    _totals: dict = field(default_factory=dict, repr=False)

    @property
    def masks(self) -> dict[str, np.ndarray]:
        """Which lines count in each GPC total (computed once)."""
        if self._masks is None:
            self._masks = basis_masks(self.lines)
        return self._masks

    def totals(self, scenario: str) -> dict[str, np.ndarray]:
        """Per-year totals of every basis of one scenario (computed once)."""
        if scenario not in self._totals:
            self._totals[scenario] = totals(self.lines, self.emissions(scenario), self.masks)
        return self._totals[scenario]

    @property
    def years(self) -> np.ndarray:
        return self.projection.years

    @property
    def base_year(self) -> int:
        return self.projection.base_year

    @property
    def province(self) -> str:
        return self.projection.base.province

    @property
    def gwp(self) -> str:
        return self.projection.base.gwp

    def emissions(self, scenario: str) -> np.ndarray:
        return self.bau if scenario == BAU else self.runs[scenario].emissions

    @property
    def scenario_names(self) -> list[str]:
        return [BAU, *[n for n in self.runs if n != BAU]]


def _switch_lines(projection: Projection, switches: list[Measure]) -> pd.DataFrame:
    catalogue = gpc_catalogue()
    base = projection.lines
    rows = []
    for i, m in enumerate(switches):
        entry = catalogue.loc[m.switch_gpc_ref]
        rows.append(
            {
                "line_key": -(i + 1),  # negative keys never meet an inventory line's key
                "row": -1,
                "province": projection.base.province,
                "gpc_ref": m.switch_gpc_ref,
                "sector": entry["sector"],
                "subsector": entry["subsector"],
                "scope": int(entry["scope"]),
                "ipcc_category": entry["ipcc_category"],
                "method": GRID_METHOD if m.switch_to == GRID_METHOD else "fuel_switch",
                "activity": m.switch_to,
                "derived": False,
                "in_basic": bool(entry["in_basic"]),
                "in_basic_plus": bool(entry["in_basic_plus"]),
                "in_territorial": bool(entry["in_territorial"]),
                "driver": "",
                "intensity_change": 0.0,
                "grid": m.switch_to == GRID_METHOD,
                "created_by": m.id,
            }
        )
    keep = [c for c in base.columns if c not in ("co2", "ch4", "n2o", "other", "biogenic")]
    columns = {c: base[c].to_numpy(dtype=object if base[c].dtype == "str" else None) for c in keep}
    columns["created_by"] = np.full(len(base), "", dtype=object)
    typed = {c: int for c in ("scope", "line_key", "row")}
    flags = ("derived", "in_basic", "in_basic_plus", "in_territorial", "removal", "grid")
    typed |= {c: bool for c in flags}
    typed["intensity_change"] = float
    if rows:
        added = {c: np.array([r[c] for r in rows], dtype=object) for c in rows[0]}
        columns = {
            c: np.concatenate([v, added[c] if v.dtype == object else added[c].astype(v.dtype)])
            if c in added
            else np.concatenate(
                [v, np.full(len(rows), "" if v.dtype == object else 0, dtype=v.dtype)]
            )
            for c, v in columns.items()
        }
    # the typed columns in their dtype at once (one construction, no column re-assigned)
    columns = {
        c: v.astype(typed[c]) if c in typed and v.dtype != typed[c] else v
        for c, v in columns.items()
    }
    # object columns stay object: converting them to Arrow strings costs more than it saves
    return pd.DataFrame({c: pd.Series(v, dtype=v.dtype, copy=False) for c, v in columns.items()})


def _selector_column(m: Measure) -> str:
    return next((c for c in SELECTOR_COLUMNS if getattr(m.selector, c)), "gpc_ref")


def run_scenarios(
    projection: Projection,
    measures: Sequence[Measure],
    scenarios: Sequence[Scenario] | None = None,
    *,
    collector: ProblemCollector | None = None,
) -> Plan | None:
    """Apply every scenario's measures to the BAU projection (see module docstring).

    Problems (measures targeting no line, overlaps without an order, unknown
    measure ids in a scenario) go to ``collector`` (None is returned), or are
    raised at once when no collector is given.
    """
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    plan = _run(projection, list(measures), scenarios, collector)
    if own:
        collector.raise_if_any()
    return plan if not collector else None


def _run(projection, measures, scenarios, collector) -> Plan | None:
    by_id = {m.id: m for m in measures}
    if scenarios is None:
        scenarios = default_scenarios(measures)
    scenarios = [s for s in scenarios if s.name != BAU]
    for s in scenarios:
        for mid in s.measure_ids:
            if mid not in by_id:
                collector.add(
                    f"scenario {s.name!r} names an unknown measure {mid!r}",
                    f"ฉากทัศน์ {s.name!r} อ้างถึงมาตรการที่ไม่มีอยู่ {mid!r}",
                    column="scenarios",
                )
    switches = [m for m in measures if m.kind == "fuel_switch"]
    lines = _switch_lines(projection, switches)
    n, n_years = len(lines), len(projection.years)
    bau = np.zeros((n, n_years, len(COMPONENTS)))
    bau[: len(projection.lines)] = projection.emissions
    keys = projection.keys
    if len(lines) > len(projection.lines):
        extra = line_keys(lines.iloc[len(projection.lines) :])
        keys = {c: np.concatenate([keys[c], extra[c]]) for c in keys}
    line_key = lines["line_key"].to_numpy()
    created_by = lines["created_by"].to_numpy(object)
    new_line = {m.id: int(np.flatnonzero(created_by == m.id)[0]) for m in switches}
    targets: dict[str, np.ndarray] = {}
    derived = lines["derived"].to_numpy(bool)
    removal = lines["removal"].to_numpy(bool)
    for m in measures:
        mask = m.selector.mask(keys)
        if not m.selector.flow:  # removals only when a measure names them (flow=removal)
            mask &= ~removal
        if m.id in new_line:
            mask[new_line[m.id]] = False
        # a consumption line's derived rows (electricity T&D losses) follow it; a selector
        # naming a derived row hits that row alone, never the line it derives from
        parents = line_key[mask & ~derived]
        mask = (mask | (derived & np.isin(line_key, parents))) & (created_by != m.id)
        if not mask.any():
            collector.add(
                f"measure {m.id!r} targets lines that do not exist in this inventory "
                f"({m.selector.describe()})",
                f"มาตรการ {m.id!r} มุ่งลดรายการที่ไม่มีอยู่ในบัญชีนี้ ({m.selector.describe()})",
                **m.location(_selector_column(m)),
            )
        targets[m.id] = mask
    if len(measures) > 1:
        _check_overlaps(measures, scenarios, targets, new_line, n, collector)
    service, grid_ef = _service_rates(projection, lines, measures, targets, collector)
    if collector:
        return None
    position = {m.id: i for i, m in enumerate(measures)}
    order = sorted(
        by_id,
        key=lambda mid: (by_id[mid].order is None, by_id[mid].order or 0.0, position[mid]),
    )
    uptake = {m.id: m.uptake_profile(projection.years, projection.base_year) for m in measures}
    runs = {}
    for s in scenarios:
        members = set(s.measure_ids)
        applied = [mid for mid in order if mid in members]
        runs[s.name] = _apply(
            s, applied, by_id, bau, targets, uptake, new_line, projection.grid_factor, service
        )
    warnings = list(projection.warnings)
    for name, run in runs.items():
        for mid, i in run.capped.items():
            m, year = by_id[mid], int(projection.years[i])
            warnings.append(
                Problem(
                    f"measure {mid!r} (scenario {name!r}) asks for {m.reduction_t:,.0f} t CO2e a "
                    f"year, more than its lines emit in {year} after the measures before it: "
                    "it is limited to what they emit",
                    f"มาตรการ {mid!r} (ฉากทัศน์ {name!r}) ระบุการลด {m.reduction_t:,.0f} tCO2e ต่อปี "
                    f"มากกว่าที่รายการเป้าหมายปล่อยในปี พ.ศ. {year + 543} (หลังมาตรการก่อนหน้า): "
                    "นับได้ไม่เกินปริมาณที่ปล่อยจริง",
                    **m.location("reduction_t"),
                )
            )
    last = int(projection.years[-1])
    base_year = projection.base_year
    for m in measures:
        if m.start_year <= base_year:
            first = round(float(m.uptake_profile(np.array([base_year + 1]), base_year)[0]) * 100, 2)
            warnings.append(
                Problem(
                    f"measure {m.id!r} starts in {m.start_year}, not after the base year "
                    f"{base_year}: it counts from {base_year + 1} with {first:g} % uptake at "
                    "once (its ramp began before). If it was already running in "
                    f"{base_year}, its effect is already in the base-year inventory: count "
                    f"only what it adds after {base_year} (start_year {base_year + 1} or "
                    "later, uptake of the extra share)",
                    f"มาตรการ {m.id!r} เริ่มปี {m.start_year} (พ.ศ. {m.start_year + 543}) ซึ่งไม่ได้อยู่หลัง"
                    f"ปีฐาน {base_year} (พ.ศ. {base_year + 543}): นับผลตั้งแต่ปี พ.ศ. {base_year + 544} "
                    f"ด้วยสัดส่วนการดำเนินการ {first:g}% ทันที หากมาตรการนี้ดำเนินการอยู่แล้วในปีฐาน "
                    "ผลของมาตรการรวมอยู่ในบัญชีปีฐานแล้ว: ให้นับเฉพาะส่วนที่เพิ่มขึ้นหลังปีฐาน "
                    f"(start_year ตั้งแต่ {base_year + 1} และสัดส่วนเฉพาะส่วนที่เพิ่ม)",
                    **m.location("start_year"),
                )
            )
        if m.start_year > last:
            warnings.append(
                Problem(
                    f"measure {m.id!r} starts in {m.start_year}, after the end of the projection "
                    f"({last}): it has no effect",
                    f"มาตรการ {m.id!r} เริ่มปี {m.start_year} หลังปีสิ้นสุดการคาดการณ์ ({last}): ไม่มีผล",
                    **m.location("start_year"),
                )
            )
    return Plan(
        projection=projection,
        lines=lines,
        bau=bau,
        measures=by_id,
        order=order,
        targets=targets,
        uptake=uptake,
        runs=runs,
        warnings=warnings,
        grid_ef=grid_ef,
    )


def _service_rates(projection, lines, measures, targets, collector):
    """kWh per t CO2e of each targeted base line, times the grid factor in force (t/kWh),
    for the electric-vehicle switches sized by service (see energy.py)."""
    sized = [m for m in measures if m.kind == "fuel_switch" and m.by_service]
    if not sized:
        return {}, None
    from climateplan.mitigation.energy import grid_factor_in_force, line_service

    ef, source = grid_factor_in_force(projection.base)
    n_base = len(projection.lines)
    base_co2e = co2e(projection.emissions[:, projection.year_index(projection.base_year), :])
    # energy (MJ) and km of every line any of these measures targets, computed once
    union = np.flatnonzero(np.any([targets[m.id][:n_base] for m in sized], axis=0))
    energy_mj = np.full(n_base, np.nan)
    own_km = np.full(n_base, np.nan)
    energy_mj[union], own_km[union] = line_service(projection.lines.iloc[union])
    rates = {}
    for m in sized:
        idx = np.flatnonzero(targets[m.id][:n_base])
        km = np.where(np.isnan(own_km[idx]), energy_mj[idx] / m.old_mj_per_km, own_km[idx])
        bad = ~np.isfinite(km) | (base_co2e[idx] <= 0)
        for i in idx[bad]:
            row = projection.lines.iloc[i]
            collector.add(
                f"measure {m.id!r}: the vehicle-km of line {row['gpc_ref']} {row['activity']} "
                f"({row['amount']:g} {row['unit']}) cannot be told: give its fuel in litres or "
                "TJ (or vehicle-km), or use switch_ratio",
                f"มาตรการ {m.id!r}: คำนวณระยะทาง (กม.) ของรายการ {row['gpc_ref']} "
                f"{row['activity']} ({row['amount']:g} {row['unit']}) ไม่ได้: "
                "ให้ระบุเชื้อเพลิงเป็นลิตรหรือ TJ (หรือระยะทาง กม.) หรือใช้ switch_ratio",
                **m.location("old_mj_per_km"),
            )
        rate = np.zeros(len(lines))
        with np.errstate(divide="ignore", invalid="ignore"):
            rate[idx] = np.where(bad, 0.0, km * m.new_kwh_per_km / base_co2e[idx]) * ef
        rates[m.id] = rate  # t CO2e of electricity per t CO2e of fuel moved (base grid)
    return rates, {"t_per_kwh": ef, "source": source}


def _check_overlaps(measures, scenarios, targets, new_line, n, collector) -> None:
    count = len(measures)
    target = np.array([targets[m.id] for m in measures], dtype=np.int32)  # (M, lines)
    gases = np.array([m.component_mask for m in measures], dtype=np.int32)  # (M, comps)
    created = np.zeros((count, n), dtype=np.int32)
    for i, m in enumerate(measures):
        if m.id in new_line:
            created[i, new_line[m.id]] = 1
    same_lines = (target @ target.T) > 0
    same_gases = (gases @ gases.T) > 0
    on_new_line = (target @ created.T) > 0
    conflict = (same_lines & same_gases) | on_new_line | on_new_line.T
    index = {m.id: i for i, m in enumerate(measures)}
    member = np.zeros((max(len(scenarios), 1), count), dtype=np.int32)
    for s_i, s in enumerate(scenarios):
        for mid in s.measure_ids:
            if mid in index:
                member[s_i, index[mid]] = 1
    together = (member.T @ member) > 0
    conflict &= together
    np.fill_diagonal(conflict, False)
    for a, b in zip(*np.nonzero(np.triu(conflict)), strict=True):
        first, second = measures[a], measures[b]
        if first.order is None or second.order is None:
            missing = [m.id for m in (first, second) if m.order is None]
            collector.add(
                f"measures {first.id!r} (row {first.row}) and {second.id!r} (row {second.row}) act "
                f"on the same lines: give both an order (missing for {', '.join(missing)}) so "
                "that no tonne is counted twice",
                f"มาตรการ {first.id!r} (แถว {first.row}) และ {second.id!r} (แถว {second.row}) "
                f"มีผลต่อรายการเดียวกัน: ให้ระบุลำดับ (order) ของทั้งสองมาตรการ (ยังไม่มีสำหรับ "
                f"{', '.join(missing)}) เพื่อไม่ให้นับการลดซ้ำ",
                **second.location("order"),
            )
        elif first.order == second.order:
            collector.add(
                f"measures {first.id!r} and {second.id!r} act on the same lines and have the same "
                f"order {first.order:g}: give them different orders",
                f"มาตรการ {first.id!r} และ {second.id!r} มีผลต่อรายการเดียวกันและมีลำดับ (order) "
                f"เท่ากัน ({first.order:g}): ให้ระบุลำดับที่ต่างกัน",
                **second.location("order"),
            )


def _apply(
    scenario, applied, by_id, bau, targets, uptake, new_line, grid_factor, service
) -> ScenarioRun:
    capped: dict[str, int] = {}  # tonnes measures asking more than their lines emit
    emissions = bau.copy()
    n, n_years, n_comp = bau.shape
    line_impacts = np.zeros((len(applied), n, n_years))
    line_impacts_co2 = np.zeros((len(applied), n, n_years))
    gas_impacts = np.zeros((len(applied), n_years, n_comp))
    for k, mid in enumerate(applied):
        m = by_id[mid]
        idx = np.flatnonzero(targets[mid])
        u = uptake[mid]
        before = emissions[idx]
        if m.kind == "fuel_switch":
            moved = before * u[None, :, None]
            emissions[idx] = before - moved
            carrier = grid_factor if m.switch_to == GRID_METHOD else np.ones(n_years)
            if mid in service:  # electricity for the km the moved fuel drove
                added = (co2e(moved) * service[mid][idx, None]).sum(axis=0) * carrier
            else:
                added = co2e(moved).sum(axis=0) * m.switch_ratio * carrier
            # the new carrier's CO2e is booked as CO2 (no gas split is known for it)
            emissions[new_line[mid], :, _CO2] += added
            line_impacts[k, idx] = co2e(moved)
            line_impacts[k, new_line[mid]] = -added
            line_impacts_co2[k, idx] = moved[..., _CO2]
            line_impacts_co2[k, new_line[mid]] = -added
            gas_impacts[k] = moved.sum(axis=0)
            gas_impacts[k, :, _CO2] -= added
        else:
            if m.kind == "tonnes":
                # the stated tonnes, taken in proportion from the targeted lines' gases
                counted = m.component_mask & np.isin(np.arange(n_comp), CO2E_COMPONENTS)
                current = before[..., counted].sum(axis=(0, 2))  # (years,)
                wanted = m.reduction_t * u
                with np.errstate(divide="ignore", invalid="ignore"):
                    cut = np.where(current > 0, np.minimum(wanted, current) / current, 0.0)
                short = wanted > current + 1e-9 * np.maximum(1.0, current)
                if short.any():
                    capped[mid] = int(np.flatnonzero(short)[0])
            else:
                cut = u * m.effect
            factor = np.where(m.component_mask[None, :], 1.0 - cut[:, None], 1.0)
            after = before * factor[None, :, :]
            emissions[idx] = after
            delta = before - after
            line_impacts[k, idx] = co2e(delta)
            line_impacts_co2[k, idx] = delta[..., _CO2]
            gas_impacts[k] = delta.sum(axis=0)
    return ScenarioRun(
        scenario=scenario,
        applied=applied,
        emissions=emissions,
        line_impacts=line_impacts,
        gas_impacts=gas_impacts,
        line_impacts_co2=line_impacts_co2,
        capped=capped,
    )
