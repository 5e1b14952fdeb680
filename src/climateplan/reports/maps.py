"""Province maps that work offline: provinces as filled shapes on plain axes.

Plotly's geo traces download a world base map from a CDN, and its tile maps need
WebGL and map-style resources; both fail or draw nothing on an office PC without
internet or a GPU. Filled SVG shapes from the shipped GeoJSON need neither.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np

from climateplan.reference.provinces import provinces_geojson_path

BOUNDARY_CREDIT = "Boundaries: Royal Thai Survey Department / OCHA COD-AB, CC BY-IGO"
# degrees of longitude are shorter than degrees of latitude at Thailand's latitude
ASPECT = 1 / float(np.cos(np.radians(13.0)))


def rings_xy(geometry: dict) -> tuple[list, list]:
    """Polygon rings as x, y lists separated by None (one filled scatter trace)."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    xs: list = []
    ys: list = []
    for polygon in polygons:
        for ring in polygon:
            xs += [round(pt[0], 4) for pt in ring] + [None]
            ys += [round(pt[1], 4) for pt in ring] + [None]
    return xs, ys


@lru_cache(maxsize=1)
def province_shapes() -> dict[str, tuple[list, list]]:
    """ISO code ("TH-50") -> (xs, ys) outline of every province, from the shipped GeoJSON."""
    with open(provinces_geojson_path(), encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    shapes = {}
    for feature in features:
        pcode = feature["properties"]["ADM1_PCODE"]  # "TH50"
        shapes[f"{pcode[:2]}-{pcode[2:]}"] = rings_xy(feature["geometry"])
    return shapes


def map_axes_layout() -> dict:
    """Hidden axes with the right aspect ratio, for a layout dict."""
    return {
        "xaxis": {"visible": False},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": ASPECT},
        "plot_bgcolor": "white",
    }
