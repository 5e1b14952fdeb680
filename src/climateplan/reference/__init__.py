"""Facts shipped with the package, each with its source.

Public functions:

- :func:`provinces`, :func:`find_province`: the 77 provinces (76 + Bangkok),
  ISO 3166-2:TH code, Thai and English names (from ``geothai``), region.
- :func:`gpc_catalogue`: GPC v1.1 reference numbers with scope and BASIC /
  BASIC+ / territorial inclusion and IPCC 2006 category.
- :func:`gwp`, :data:`GWP_SETS`: GWP-100 values (AR4, AR5, AR6).
- :mod:`climateplan.reference.factors`: emission factor and parameter tables
  with precedence (input > Thai national > IPCC default).
"""

from __future__ import annotations

from climateplan.reference.catalogue import (
    GPC_SECTORS,
    gpc_catalogue,
    gpc_entry,
)
from climateplan.reference.gwp import GWP_SETS, gwp, gwp_table, normalise_gas
from climateplan.reference.provinces import find_province, provinces, provinces_geojson_path

__all__ = [
    "GPC_SECTORS",
    "GWP_SETS",
    "find_province",
    "gpc_catalogue",
    "gpc_entry",
    "gwp",
    "gwp_table",
    "normalise_gas",
    "provinces",
    "provinces_geojson_path",
]
