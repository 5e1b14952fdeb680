"""Gridded climate indices per province: the hazard half of the climate risk profile.

Public entry points (see docs/risk/climate.md):

* :func:`compute_province_indices` - NetCDF files in, one row per province x index x
  period x scenario out (value, baseline, change, ensemble spread);
* :func:`generate_synthetic_climate` - seeded synthetic daily climate over Thailand;
* :func:`open_members`, :func:`parse_periods`, :func:`load_zones`, :func:`zone_weights`,
  :func:`index_catalogue`, :func:`resolve_indices` - the building blocks.
"""

from climateplan.risk.climate.catalogue import (
    IndexSpec,
    default_indices,
    index_catalogue,
    parameter,
    parameters_table,
    resolve_indices,
)
from climateplan.risk.climate.io import ClimateMember, Period, open_members, parse_periods
from climateplan.risk.climate.pipeline import (
    OUTPUT_COLUMNS,
    compute_province_indices,
    prepare,
    run_plan,
)
from climateplan.risk.climate.synthetic import (
    SyntheticClimateSettings,
    generate_synthetic_climate,
)
from climateplan.risk.climate.zonal import Zones, ZoneWeights, load_zones, make_zones, zone_weights

__all__ = [
    "OUTPUT_COLUMNS",
    "ClimateMember",
    "IndexSpec",
    "Period",
    "SyntheticClimateSettings",
    "ZoneWeights",
    "Zones",
    "compute_province_indices",
    "default_indices",
    "generate_synthetic_climate",
    "index_catalogue",
    "load_zones",
    "make_zones",
    "open_members",
    "parameter",
    "parameters_table",
    "parse_periods",
    "prepare",
    "resolve_indices",
    "run_plan",
    "zone_weights",
]
