"""Provincial GHG reduction planning: BAU projection, measures, scenarios, targets, gap,
abatement cost curve and the national roll-up (docs/mitigation.md).

Public API::

    from climateplan.mitigation import load_inputs, make_plan, write_plan

    inputs = load_inputs("inventory.json", drivers="drivers.csv", measures="measures.csv",
                         targets=["bau:30@2030"])
    result = make_plan(inputs, to_year=2030)        # raises InputError with every problem
    write_plan(result, "plan/")                      # JSON, CSV, PNG, HTML; all or nothing

Building blocks, each usable alone:

- :func:`load_inventory`, :func:`from_result`, :func:`from_lines` -> :class:`BaseInventory`
- :func:`read_drivers`, :func:`growth_drivers` -> :class:`DriverTable`
- :func:`read_grid_path`, :func:`grid_path` -> :class:`GridPath`
- :func:`read_mapping`, :func:`default_mapping` -> :class:`DriverMapping`
- :func:`project` -> :class:`Projection` (lines x years x components)
- :func:`read_measures`, :func:`measure_library`, :func:`measure` -> :class:`Measure`
- :func:`run_scenarios`, :func:`default_scenarios` -> :class:`Plan`
- :func:`levelised_cost_per_tonne`, :func:`capital_recovery_factor`
- :func:`read_targets`, :func:`parse_target_spec`, :func:`national_targets`, :func:`target_path`
- :func:`calibrate` -> :class:`Calibration`
- :func:`national_rollup` -> :class:`Rollup`
- :mod:`climateplan.mitigation.energy`: energy and km of fuel lines, grid factor in force
- :mod:`climateplan.mitigation.analysis`: tables; :mod:`climateplan.mitigation.export`: files
"""

from __future__ import annotations

from climateplan.mitigation.baseline import (
    BaseInventory,
    from_json_dict,
    from_lines,
    from_result,
    load_inventory,
)
from climateplan.mitigation.calibration import Calibration, calibrate
from climateplan.mitigation.costs import (
    annualised_cost,
    capital_recovery_factor,
    discounted_cost_per_tonne,
    levelised_cost_per_tonne,
)
from climateplan.mitigation.drivers import DriverTable, growth_drivers, read_drivers
from climateplan.mitigation.grid import GridPath, grid_path, read_grid_path
from climateplan.mitigation.mapping import DriverMapping, default_mapping, read_mapping
from climateplan.mitigation.measures import (
    Measure,
    MeasureSet,
    measure,
    measure_library,
    read_measures,
)
from climateplan.mitigation.planning import (
    PlanInputs,
    PlanResult,
    load_inputs,
    make_plan,
    plan_from_frames,
)
from climateplan.mitigation.projection import Projection, project
from climateplan.mitigation.rollup import (
    ProvinceSummary,
    Rollup,
    national_rollup,
    summary_from_dict,
    summary_of,
)
from climateplan.mitigation.scenarios import Plan, Scenario, default_scenarios, run_scenarios
from climateplan.mitigation.targets import (
    Target,
    national_targets,
    parse_target_spec,
    read_targets,
    target_path,
)


def write_plan(result: PlanResult, directory, *, with_charts: bool = True):
    """Write a plan's JSON, CSV tables and charts into ``directory`` (all or nothing)."""
    from climateplan.mitigation.export import write_plan as _write

    return _write(result, directory, with_charts=with_charts)


__all__ = [
    "BaseInventory",
    "Calibration",
    "DriverMapping",
    "DriverTable",
    "GridPath",
    "Measure",
    "MeasureSet",
    "Plan",
    "PlanInputs",
    "PlanResult",
    "Projection",
    "ProvinceSummary",
    "Rollup",
    "Scenario",
    "Target",
    "annualised_cost",
    "calibrate",
    "capital_recovery_factor",
    "default_mapping",
    "default_scenarios",
    "discounted_cost_per_tonne",
    "from_json_dict",
    "from_lines",
    "from_result",
    "grid_path",
    "growth_drivers",
    "levelised_cost_per_tonne",
    "load_inputs",
    "load_inventory",
    "make_plan",
    "measure",
    "measure_library",
    "national_rollup",
    "national_targets",
    "parse_target_spec",
    "plan_from_frames",
    "project",
    "read_drivers",
    "read_grid_path",
    "read_mapping",
    "read_measures",
    "read_targets",
    "run_scenarios",
    "summary_from_dict",
    "summary_of",
    "target_path",
    "write_plan",
]
