"""One call from input files to a finished plan, with every problem reported at once.

:func:`load_inputs` reads the inventory, drivers, grid path, mapping, measures,
targets and historical inventories, collecting the problems of all files;
:func:`make_plan` projects, calibrates (when history is given), runs the
scenarios and checks the targets, again collecting every problem; nothing is
returned half-made: either a :class:`PlanResult` or one
:class:`~climateplan.errors.InputError` listing everything to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.mitigation.aggregate import NET_BASES, basis_label
from climateplan.mitigation.baseline import BaseInventory, load_inventory
from climateplan.mitigation.calibration import Calibration, calibrate
from climateplan.mitigation.drivers import DriverTable, read_drivers
from climateplan.mitigation.grid import GridPath, read_grid_path
from climateplan.mitigation.mapping import DriverMapping, read_mapping
from climateplan.mitigation.measures import Measure, measure_library, read_measures
from climateplan.mitigation.projection import Projection, check_horizon, project
from climateplan.mitigation.scenarios import Plan, Scenario, run_scenarios
from climateplan.mitigation.targets import (
    Target,
    check_targets,
    parse_target_spec,
    read_targets,
    target_sets,
    with_basis,
)

DEFAULT_HORIZON = 2030


@dataclass
class PlanInputs:
    base: BaseInventory | None  # None only when read with a collector and it failed
    drivers: DriverTable | None = None
    grid: GridPath | None = None
    mapping: DriverMapping | None = None
    measures: list[Measure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    history: list[BaseInventory] = field(default_factory=list)
    # problems of the files (load_inputs with a collector): make_plan reports them with
    # its own; the inputs above hold only what was read without a problem
    problems: list[Problem] = field(default_factory=list)


@dataclass
class PlanResult:
    plan: Plan
    targets: list[Target]
    calibration: Calibration | None = None
    basis: str = "basic_plus"
    warnings: list[Problem] = field(default_factory=list)

    @property
    def projection(self) -> Projection:
        return self.plan.projection


def _load_base(path, collector, **meta) -> BaseInventory | None:
    try:
        return load_inventory(path, **meta)
    except InputError as error:
        collector.extend(error.problems)
        return None


def load_inputs(
    inventory: str | Path,
    *,
    drivers: str | Path | None = None,
    grid: str | Path | None = None,
    mapping: str | Path | None = None,
    measures: str | Path | None = None,
    library: Sequence[str] = (),
    targets: Sequence[str] = (),
    history: Sequence[str | Path] = (),
    province: str | None = None,
    year: int | None = None,
    gwp: str | None = None,
    collector: ProblemCollector | None = None,
) -> PlanInputs:
    """Read every input file; raise one InputError with all problems of all files.

    ``drivers`` may be a workbook that also holds ``grid_ef`` and ``mapping`` sheets
    (used when ``grid``/``mapping`` are not given). ``library``: ids of library
    measures to include as they are. ``targets``: specs (``bau:30@2030``, ``ndc``)
    or target files (.csv/.xlsx).

    With a ``collector``, nothing is raised: the problems go to it (and to
    ``PlanInputs.problems``) and the inputs keep what was read cleanly (a drivers,
    grid or mapping table with a problem is left out, and so is a measure or target
    row with one), so that :func:`make_plan` can check the rest against the
    inventory and report every problem of the run at once.
    """
    own = collector is None
    collector = ProblemCollector() if own else collector

    def clean(read):
        """Run a reader; its result only when it added no problem."""
        before = len(collector.problems)
        result = read()
        return result, collector.problems[before:]

    base = _load_base(inventory, collector, province=province, year=year, gwp=gwp)
    driver_table, bad = (
        clean(lambda: read_drivers(drivers, collector=collector)) if drivers else (None, [])
    )
    driver_table = None if bad else driver_table
    workbook = drivers is not None and Path(drivers).suffix.lower() in (".xlsx", ".xlsm")
    grid_path = None
    if grid:
        grid_path, bad = clean(lambda: read_grid_path(grid, collector=collector))
    elif workbook:
        grid_path, bad = clean(lambda: read_grid_path(drivers, collector=collector, required=False))
    grid_path = None if bad else grid_path
    mapping_table = None
    if mapping:
        mapping_table, bad = clean(lambda: read_mapping(mapping, collector=collector))
    elif workbook:
        from climateplan.mitigation._tables import read_table

        if read_table(drivers, sheet="mapping", collector=ProblemCollector(), required=False):
            mapping_table, bad = clean(lambda: read_mapping(drivers, collector=collector))
    mapping_table = None if bad else mapping_table
    measure_list: list[Measure] = []
    if measures:
        loaded, bad = clean(lambda: read_measures(measures, collector=collector))
        rows = {p.row for p in bad}
        if loaded and not rows & {None, 1}:  # a column problem makes every row doubtful
            measure_list = [m for m in loaded if m.row not in rows]
    if library:
        known = measure_library().by_id()
        for mid in library:
            if mid not in known:
                collector.add(
                    f"unknown library measure {mid!r} (see `climateplan plan measures list`)",
                    f"ไม่มีมาตรการ {mid!r} ในคลังมาตรการ",
                    column="--library",
                    value=mid,
                )
            elif mid not in {m.id for m in measure_list}:
                measure_list.append(known[mid])
    target_list: list[Target] = []
    for spec in targets:
        if Path(spec).suffix.lower() in (".csv", ".xlsx", ".xlsm"):
            target_list.extend(read_targets(spec, collector=collector))
        else:
            target_list.extend(parse_target_spec(spec, collector=collector))
    history_list = []
    for path in history:
        inv = _load_base(path, collector, gwp=base.gwp if base else None)
        if inv is not None:
            history_list.append(inv)
    if own:
        collector.raise_if_any()
    return PlanInputs(
        base=base,
        drivers=driver_table,
        grid=grid_path,
        mapping=mapping_table,
        measures=measure_list,
        targets=target_list,
        history=history_list,
        problems=list(collector.problems),
    )


def horizon(to_year: int | None, targets: Sequence[Target]) -> int:
    """The projection end: as asked, else the last target year, at least 2030."""
    if to_year is not None:
        return to_year
    return max([DEFAULT_HORIZON, *(t.year for t in targets)])


def make_plan(
    inputs: PlanInputs,
    *,
    to_year: int | None = None,
    scenarios: Sequence[Scenario] | None = None,
    basis: str = "basic_plus",
    apply_calibration: bool = True,
) -> PlanResult:
    """Project, calibrate (with history), run the scenarios and check the targets.

    Raises one InputError listing every problem; returns a complete result otherwise.
    """
    collector = ProblemCollector()
    collector.extend(inputs.problems)
    base = inputs.base
    if base is None:  # nothing else can be checked without the inventory
        collector.raise_if_any()
    end = horizon(to_year, inputs.targets)
    targets = with_basis(list(inputs.targets), basis)
    warnings: list[Problem] = []
    # shipped national targets beyond the horizon are left out, not errors
    national = [t for t in targets if t.file == "mitigation_national_targets.csv"]
    for t in national:
        if t.year > end:
            targets.remove(t)
            warnings.append(
                Problem(
                    f"national target {t.name!r} ({t.year}) is after the projection end {end}: "
                    "left out",
                    f"เป้าหมายระดับประเทศ {t.name!r} (ปี {t.year}) อยู่หลังปีสิ้นสุดการคาดการณ์ "
                    f"{end}: ไม่นำมาใช้",
                )
            )
    for name, members in target_sets(targets).items():
        other = members[0].basis
        if other != basis:
            warnings.append(
                Problem(
                    f"target {name!r} is set on {basis_label(other)} while this plan reports on "
                    f"{basis_label(basis)}: its path and gap (targets.csv, gap.csv, the "
                    f"summary) are on {basis_label(other)}, and the charts draw it beside "
                    f"the BAU of {basis_label(other)}",
                    f"เป้าหมาย {name!r} ตั้งบนยอดรวม {basis_label(other, 'th')} แต่แผนนี้รายงานบนยอดรวม "
                    f"{basis_label(basis, 'th')}: เส้นทางและช่องว่างของเป้าหมาย (targets.csv, gap.csv "
                    f"และตารางสรุป) คำนวณบน {basis_label(other, 'th')} และแผนภูมิแสดงเป้าหมายนี้คู่กับ"
                    f"กรณีปกติ (BAU) ของ {basis_label(other, 'th')}",
                )
            )
    if not base.lines["removal"].any():
        net = sorted({t.name for t in targets if t.basis in NET_BASES})
        if net:
            warnings.append(
                Problem(
                    f"target(s) {', '.join(net)} count removals, but the inventory has no "
                    "removal (no line with negative CO2e in sector V): the net totals equal "
                    "the gross ones until the inventory accounts its removals",
                    f"เป้าหมาย {', '.join(net)} นับการดูดกลับ แต่บัญชีไม่มีรายการดูดกลับ (ไม่มีรายการที่มี "
                    "CO2e ติดลบในภาค V): ยอดสุทธิจึงเท่ากับยอดรวมจนกว่าบัญชีจะรวมการดูดกลับ",
                )
            )
    check_targets(targets, base.year, collector, last_year=end)
    calibration = None
    trends = None
    if inputs.history:
        calibration = calibrate(
            base,
            inputs.history,
            inputs.drivers,
            mapping=inputs.mapping,
            grid=inputs.grid,
            basis=basis,
            collector=collector,
        )
        if calibration is not None and apply_calibration:
            trends = calibration.trends
    horizon_ok = check_horizon(base.year, end, collector)
    projection = None
    if horizon_ok:
        projection = project(
            base,
            inputs.drivers,
            to_year=end,
            mapping=inputs.mapping,
            grid=inputs.grid,
            sector_trends=trends,
            collector=collector,
        )
    checks = projection
    if checks is None and horizon_ok:
        # the drivers failed: still check the measures against the inventory's lines
        checks = project(base, None, to_year=end, collector=ProblemCollector())
    plan = None
    if checks is not None:
        plan = run_scenarios(checks, inputs.measures, scenarios, collector=collector)
    collector.raise_if_any()
    assert plan is not None
    return PlanResult(
        plan=plan,
        targets=targets,
        calibration=calibration,
        basis=basis,
        warnings=[*plan.warnings, *warnings],
    )


def plan_from_frames(
    base: BaseInventory,
    drivers: DriverTable | pd.DataFrame | None,
    *,
    to_year: int,
    measures: Sequence[Measure] = (),
    targets: Sequence[Target] = (),
    grid: GridPath | None = None,
    mapping: DriverMapping | None = None,
    scenarios: Sequence[Scenario] | None = None,
    basis: str = "basic_plus",
) -> PlanResult:
    """:func:`make_plan` for inputs built in code (benchmarks, notebooks, the web layer)."""
    if isinstance(drivers, pd.DataFrame):
        drivers = read_drivers(drivers)
    inputs = PlanInputs(
        base=base,
        drivers=drivers,
        grid=grid,
        mapping=mapping,
        measures=list(measures),
        targets=list(targets),
    )
    return make_plan(inputs, to_year=to_year, scenarios=scenarios, basis=basis)
