"""Province maps that work offline: provinces as filled shapes.

Plotly's geo traces download a world base map from a CDN, and its tile maps need
WebGL and map-style resources; both fail or draw nothing on an office PC without
internet or a GPU. Filled shapes from the shipped GeoJSON need neither: as x/y rings
for a chart (:func:`province_shapes`, the risk profile) or as SVG written by the server
(:func:`choropleth_html`, the web overview), which needs no script in the browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape

import numpy as np
from plotly.colors import sample_colorscale

from climateplan.reference.provinces import provinces_geojson_path

BOUNDARY_CREDIT = "Boundaries: Royal Thai Survey Department / OCHA COD-AB, CC BY-IGO"
BOUNDARY_CREDIT_TH = "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA COD-AB สัญญาอนุญาต CC BY-IGO"
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


# --------------------------------------------------------------------------- server-side SVG

NO_DATA_COLOUR = "#eceff1"
# SVG user units per degree of latitude; paths keep one decimal (1/400 degree, about 280 m)
UNITS_PER_DEGREE = 40.0


@dataclass(frozen=True)
class ColourBar:
    """A continuous legend: a Plotly-style colour scale ``[[0, colour], ..., [1, colour]]``."""

    scale: list
    low: float
    high: float
    unit: str
    decimals: int = 0
    no_data: str = ""  # label of the grey of provinces without a value, when given


@dataclass(frozen=True)
class Swatches:
    """A categorical legend: ``[(colour, label), ...]``."""

    items: list


@dataclass(frozen=True)
class MapLayer:
    """One variable of a choropleth: a fill colour and a tooltip per province (ISO code)."""

    label: str
    fills: dict
    titles: dict
    legend: ColourBar | Swatches


def light_end_trimmed(scale: list, start: float = 0.2, steps: int = 9) -> list:
    """The scale from ``start`` to its end, as a new scale: its lightest colours are hard
    to tell from the grey of provinces without a value."""
    positions = np.linspace(start, 1.0, steps)
    colours = sample_colorscale(scale, positions.tolist())
    return [[i / (steps - 1), _hex(c)] for i, c in enumerate(colours)]


def scale_colours(values: dict, scale: list, low: float, high: float) -> dict[str, str]:
    """A colour per province on ``scale`` (values clipped to low..high); grey where no value."""
    span = (high - low) or 1.0
    known = {code: v for code, v in values.items() if v is not None}
    positions = np.clip((np.array(list(known.values()), dtype=float) - low) / span, 0.0, 1.0)
    sampled = sample_colorscale(scale, positions.tolist()) if known else []
    colours = {code: NO_DATA_COLOUR for code in values}
    colours.update(zip(known, (_hex(c) for c in sampled), strict=True))
    return colours


def _hex(colour: str) -> str:
    """``rgb(r, g, b)`` (Plotly's sampled colours) as ``#rrggbb``; hex colours unchanged."""
    if colour.startswith("#"):
        return colour
    parts = colour[colour.index("(") + 1 : colour.index(")")].split(",")
    return "#" + "".join(f"{round(float(p)):02x}" for p in parts[:3])


@lru_cache(maxsize=1)
def province_paths() -> tuple[dict[str, str], tuple[float, float]]:
    """ISO code -> SVG path data of the province, and the (width, height) of the whole map.

    Plate carrée with longitudes shortened by cos(13 degrees), as the Plotly maps draw it.
    """
    shapes = province_shapes()
    xs = np.array([x for sx, _ in shapes.values() for x in sx if x is not None], dtype=float)
    ys = np.array([y for _, sy in shapes.values() for y in sy if y is not None], dtype=float)
    west, north = xs.min(), ys.max()
    x_scale = UNITS_PER_DEGREE / ASPECT
    paths = {}
    for code, (sx, sy) in shapes.items():
        parts: list[str] = []
        command = "M"
        for x, y in zip(sx, sy, strict=True):
            if x is None:
                parts.append("Z")
                command = "M"
                continue
            px, py = (x - west) * x_scale, (north - y) * UNITS_PER_DEGREE
            parts.append(f"{command}{px:.1f} {py:.1f}")
            command = "L"
        paths[code] = "".join(parts)
    size = ((xs.max() - west) * x_scale, (north - ys.min()) * UNITS_PER_DEGREE)
    return paths, (round(float(size[0]), 1), round(float(size[1]), 1))


def _legend_html(layer: MapLayer, index: int, prefix: str) -> str:
    legend = layer.legend
    if isinstance(legend, Swatches):
        items = "".join(
            f'<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" '
            f'fill="{escape(colour)}" stroke="#9aa5ab"/></svg> {escape(label)}</li>'
            for colour, label in legend.items
        )
        return f'<ul class="map-swatches">{items}</ul>'
    stops = "".join(
        f'<stop offset="{float(pos):.3f}" stop-color="{escape(_hex(colour))}"/>'
        for pos, colour in legend.scale
    )
    gradient = f"{prefix}-gradient-{index}"
    fmt = f"{{:,.{legend.decimals}f}}"
    return (
        f'<svg class="map-colourbar" viewBox="0 0 220 38" width="220" height="38" role="img" '
        f'aria-label="{escape(legend.unit)}: {fmt.format(legend.low)} - {fmt.format(legend.high)}">'
        f'<defs><linearGradient id="{gradient}">{stops}</linearGradient></defs>'
        f'<rect x="1" y="1" width="218" height="14" fill="url(#{gradient})" stroke="#9aa5ab"/>'
        f'<text x="1" y="30" font-size="11">{fmt.format(legend.low)}</text>'
        f'<text x="219" y="30" font-size="11" text-anchor="end">{fmt.format(legend.high)}</text>'
        f"</svg>"
        f'<div class="muted">{escape(legend.unit)}</div>'
        + (
            _legend_html(replace(layer, legend=Swatches([(NO_DATA_COLOUR, legend.no_data)])), 0, "")
            if legend.no_data
            else ""
        )
    )


def choropleth_html(
    layers: list[MapLayer],
    *,
    label: str,
    links: dict[str, str] | None = None,
    credit: str = BOUNDARY_CREDIT,
    prefix: str = "map",
) -> str:
    """The provinces as an inline SVG map, drawn by the server: no script at all.

    Each layer is one group of the same province shapes (defined once, drawn with
    ``<use>``) in that layer's colours, with a tooltip (``<title>``) and, when ``links``
    gives one, a link per province. Radio buttons before the map switch the layers with
    CSS alone (``.map-switch:checked``, site.css); every layer but the first is hidden
    until its button is chosen, so the map reads right even without the stylesheet.
    """
    paths, (width, height) = province_paths()
    links = links or {}
    defs = "".join(f'<path id="{prefix}-{code}" d="{d}"/>' for code, d in paths.items())
    switches, groups, legends = [], [], []
    for i, layer in enumerate(layers):
        switch = f"{prefix}-layer-{i}"
        checked = " checked" if i == 0 else ""
        switches.append(
            f'<input type="radio" class="map-switch map-switch-{i}" name="{prefix}-layer" '
            f'id="{switch}"{checked}><label for="{switch}">{escape(layer.label)}</label>'
        )
        shapes = []
        for code in paths:
            title = escape(layer.titles.get(code, ""))
            fill = escape(layer.fills.get(code, NO_DATA_COLOUR))
            shape = f'<use href="#{prefix}-{code}" fill="{fill}"/>'
            href = links.get(code)
            if href:
                shapes.append(f'<a href="{escape(href)}"><title>{title}</title>{shape}</a>')
            else:
                shapes.append(f"<g><title>{title}</title>{shape}</g>")
        hidden = "" if i == 0 else ' display="none"'
        groups.append(f'<g class="map-layer map-layer-{i}"{hidden}>{"".join(shapes)}</g>')
        hidden_html = "" if i == 0 else " hidden"
        legends.append(
            f'<div class="map-legend map-legend-{i}"{hidden_html}>'
            f"{_legend_html(layer, i, prefix)}</div>"
        )
    return (
        f'<div class="map" id="{prefix}">'
        f"{''.join(switches)}"
        f'<div class="map-body">'
        f'<svg class="map-shapes" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" stroke="#ffffff" stroke-width="0.6" '
        f'stroke-linejoin="round"><defs>{defs}</defs>{"".join(groups)}</svg>'
        f'<div class="map-legends">{"".join(legends)}'
        f'<p class="map-credit muted">{escape(credit)}</p></div>'
        f"</div></div>"
    )
