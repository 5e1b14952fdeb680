"""The plan's risk profile section: stored inputs, templates, uploads, gridded climate
indices, the result document, comparison, downloads, chart data and checklist.

Pure Python on the risk engine (:mod:`climateplan.risk`); the web layer in
:mod:`climateplan.plans.web` stores the inputs and documents and calls these
functions. See docs/plans/risk.md.
"""

from climateplan.plans.risk.checklist import checklist, missing_indicators
from climateplan.plans.risk.document import (
    MIN_PROVINCES_FOR_COMPARISON,
    SCHEMA,
    adaptation_context,
    comparison,
    compute,
    document_framework,
    summary,
)
from climateplan.plans.risk.files import chart_data, files
from climateplan.plans.risk.geo import district_codes, map_geojson
from climateplan.plans.risk.gridded import compute_gridded, framework_indices
from climateplan.plans.risk.inputs import RiskInputs
from climateplan.plans.risk.template import indicator_template, indicator_template_csv
from climateplan.plans.risk.uploads import (
    DEFAULT_NETCDF_LIMITS,
    NetcdfLimits,
    check_netcdf,
    read_eai_uploads,
    read_framework_upload,
    read_gridded_upload,
    read_indicator_upload,
)

__all__ = [
    "DEFAULT_NETCDF_LIMITS",
    "MIN_PROVINCES_FOR_COMPARISON",
    "SCHEMA",
    "NetcdfLimits",
    "RiskInputs",
    "adaptation_context",
    "chart_data",
    "check_netcdf",
    "checklist",
    "comparison",
    "compute",
    "compute_gridded",
    "district_codes",
    "document_framework",
    "files",
    "framework_indices",
    "indicator_template",
    "indicator_template_csv",
    "map_geojson",
    "missing_indicators",
    "read_eai_uploads",
    "read_framework_upload",
    "read_gridded_upload",
    "read_indicator_upload",
    "summary",
]
