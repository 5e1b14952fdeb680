"""The adaptation section of a provincial plan (no Django).

The web layer stores :class:`AdaptationInputs` as JSON and the actions as the plan's
action rows, and calls these functions; every calculation is the engine's
(:mod:`climateplan.adaptation`) on the plan's own risk result
(:func:`climateplan.plans.risk.adaptation_context`). docs/adaptation.md.
"""

from __future__ import annotations

from climateplan.plans.adaptation.checklist import checklist
from climateplan.plans.adaptation.document import SCHEMA, compute, summary
from climateplan.plans.adaptation.files import chart_data, download_names, file, files
from climateplan.plans.adaptation.inputs import CUSTOM, AdaptationInputs, presets
from climateplan.plans.adaptation.library import action_from_option, library_options
from climateplan.plans.adaptation.rows import (
    DATA_FIELDS,
    FUNDING_TO_SOURCE,
    SOURCE_TO_FUNDING,
    check_action,
    engine_tables,
    read_plan_actions,
)

__all__ = [
    "CUSTOM",
    "DATA_FIELDS",
    "FUNDING_TO_SOURCE",
    "SCHEMA",
    "SOURCE_TO_FUNDING",
    "AdaptationInputs",
    "action_from_option",
    "chart_data",
    "check_action",
    "checklist",
    "compute",
    "download_names",
    "engine_tables",
    "file",
    "files",
    "library_options",
    "presets",
    "read_plan_actions",
    "summary",
]
