"""The server-drawn province map (climateplan.reports.maps): colours, shapes, layers, escaping."""

from __future__ import annotations

import re

from climateplan.reports.maps import (
    NO_DATA_COLOUR,
    ColourBar,
    MapLayer,
    Swatches,
    choropleth_html,
    light_end_trimmed,
    province_paths,
    scale_colours,
)

BLACK_TO_WHITE = [[0.0, "#000000"], [1.0, "#ffffff"]]


def test_scale_colours_interpolate_linearly_and_clip():
    colours = scale_colours(
        {"TH-10": 0.0, "TH-50": 5.0, "TH-90": 10.0, "TH-40": 20.0, "TH-62": None},
        BLACK_TO_WHITE,
        0.0,
        10.0,
    )
    assert colours["TH-10"] == "#000000"  # the low end
    assert colours["TH-90"] == "#ffffff"  # the high end
    # half way: 255 x 0.5 = 127.5, rounded to 128 = 0x80
    assert colours["TH-50"] == "#808080"
    assert colours["TH-40"] == "#ffffff"  # above the range: clipped to the high end
    assert colours["TH-62"] == NO_DATA_COLOUR  # no value: grey


def test_trimmed_scale_starts_a_fifth_of_the_way_in():
    trimmed = light_end_trimmed(BLACK_TO_WHITE, start=0.2, steps=5)
    # positions 0.2, 0.4, 0.6, 0.8, 1.0 of black-to-white: 255 x 0.2 = 51 = 0x33, ...
    assert trimmed == [
        [0.0, "#333333"],
        [0.25, "#666666"],
        [0.5, "#999999"],
        [0.75, "#cccccc"],
        [1.0, "#ffffff"],
    ]


def test_every_province_has_a_closed_path_inside_the_map():
    paths, (width, height) = province_paths()
    assert len(paths) == 77
    # Thailand spans about 8.3 degrees of longitude and 14.9 of latitude; at 40 units
    # a degree, longitudes shortened by cos(13 deg) = 0.974: about 324 x 596 units
    assert 300 < width < 340 and 570 < height < 620
    for d in paths.values():
        assert d.startswith("M") and d.endswith("Z")
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", d)]
        assert min(numbers) >= 0 and max(numbers) <= max(width, height)


def test_layers_links_titles_and_legends():
    codes = list(province_paths()[0])
    total = MapLayer(
        label="total <BASIC+>",
        fills={c: "#ff0000" for c in codes},
        titles={c: f"{c}: 1 tCO2e" for c in codes},
        legend=ColourBar(BLACK_TO_WHITE, 1.0, 2.0, "tCO2e", no_data="no data"),
    )
    status = MapLayer(
        label="status",
        fills={c: "#00ff00" for c in codes},
        titles={"TH-50": 'Chiang Mai "<b>"'},
        legend=Swatches([("#00ff00", "published")]),
    )
    html = choropleth_html(
        [total, status], label="map", links={"TH-50": "/provinces/TH-50/?a=1&b=2"}
    )
    assert "<script" not in html
    assert html.count("<path ") == 77  # each shape defined once ...
    assert html.count("<use ") == 2 * 77  # ... and drawn once per layer
    assert html.count('type="radio"') == 2 and html.count(" checked") == 1
    # only the first layer and its legend show before a button is chosen
    assert '<g class="map-layer map-layer-0">' in html
    assert '<g class="map-layer map-layer-1" display="none">' in html
    assert '<div class="map-legend map-legend-1" hidden>' in html
    # text and addresses are escaped
    assert "total &lt;BASIC+&gt;" in html
    assert "<title>Chiang Mai &quot;&lt;b&gt;&quot;</title>" in html
    assert 'href="/provinces/TH-50/?a=1&amp;b=2"' in html
    # the colour bar: a gradient from the scale, its ends, and the grey of no data
    assert '<stop offset="0.000" stop-color="#000000"/>' in html
    assert ">1<" in html and ">2<" in html
    assert f'fill="{NO_DATA_COLOUR}"' in html and "no data" in html
