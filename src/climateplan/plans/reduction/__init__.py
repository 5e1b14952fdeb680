"""The reduction-plan section of a provincial plan (no Django).

The web layer stores :class:`ReductionInputs` as JSON and calls these functions; every
calculation is the engine's (:mod:`climateplan.mitigation`). docs/plans/reduction.md.
"""

from __future__ import annotations

from climateplan.plans.reduction.checklist import checklist
from climateplan.plans.reduction.checks import check_inputs, check_measure
from climateplan.plans.reduction.compute import SCHEMA, compute
from climateplan.plans.reduction.defaults import (
    default_drivers,
    library_measures,
    measure_from_library,
    national_targets,
)
from climateplan.plans.reduction.files import chart_data, files
from climateplan.plans.reduction.inputs import (
    BUDGET_SOURCES,
    TARGET_KIND_LABELS,
    TARGET_KINDS,
    ReductionInputs,
)
from climateplan.plans.reduction.upload import read_upload, template_workbook

__all__ = [
    "BUDGET_SOURCES",
    "SCHEMA",
    "TARGET_KINDS",
    "TARGET_KIND_LABELS",
    "ReductionInputs",
    "chart_data",
    "check_inputs",
    "check_measure",
    "checklist",
    "compute",
    "default_drivers",
    "files",
    "library_measures",
    "measure_from_library",
    "national_targets",
    "read_upload",
    "template_workbook",
]
