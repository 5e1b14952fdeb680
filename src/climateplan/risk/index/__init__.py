"""INFORM-style climate risk index for Thai provinces: framework, indicator values,
scores 0-10, classes, ranks, drivers, GCoM-shaped risk register, expected annual impact.

See docs/risk/index.md.
"""

from climateplan.risk.index.framework import (
    Framework,
    default_framework_path,
    load_framework,
    parse_framework,
)
from climateplan.risk.index.register import Register, build_register, risk_matrix
from climateplan.risk.index.scoring import (
    RiskIndexResult,
    classify,
    compute_index,
    geometric_mean,
    normalise,
    weighted_mean,
)
from climateplan.risk.index.values import (
    IndicatorValues,
    assemble_values,
    load_values,
    read_gridded_table,
    read_indicator_table,
)

__all__ = [
    "Framework",
    "IndicatorValues",
    "Register",
    "RiskIndexResult",
    "assemble_values",
    "build_register",
    "classify",
    "compute_index",
    "default_framework_path",
    "geometric_mean",
    "load_framework",
    "load_values",
    "normalise",
    "parse_framework",
    "read_gridded_table",
    "read_indicator_table",
    "risk_matrix",
    "weighted_mean",
]
