"""Maps and charts of a risk profile: PNG (matplotlib) and offline HTML (plotly).

PNG needs a font with Thai glyphs. We use Noto Sans Thai from the pip package
``fontpkg-noto-sans-thai`` (SIL OFL 1.1) when it is installed, else any Thai font
matplotlib already knows (for example the Debian package fonts-thai-tlwg). Without
one, PNG labels fall back to English and the profile notes it. HTML pages load plotly.js
from ``plotly.min.js`` written once beside them (``PLOTLY_JS``; no CDN, works offline):
the browser renders Thai with the reader's own fonts.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from climateplan.reference.provinces import provinces_geojson_path
from climateplan.reports.maps import BOUNDARY_CREDIT, rings_xy
from climateplan.risk.index.framework import Band

# Colours of the five classes, very low -> very high (colour-blind-safe sequential).
CLASS_COLOURS = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027")
NO_DATA_COLOUR = "#d9d9d9"
MATRIX_COLOURS = ("#91cf60", "#fee08b", "#fc8d59", "#d73027")
# HTML is read in the user's browser: prefer the Thai fonts common on Thai computers.
# The one copy of plotly.js per output folder that every HTML page loads
# (plotly's include_plotlyjs="directory").
PLOTLY_JS = "plotly.min.js"
HTML_FONT = {"family": "Noto Sans Thai, Sarabun, Leelawadee UI, Tahoma, sans-serif"}


@lru_cache(maxsize=1)
def thai_font_family() -> str | None:
    """The family name of a font with Thai glyphs, registered with matplotlib; None if
    there is none."""
    try:
        import fontpkg_noto_sans_thai  # type: ignore[import-not-found]

        for path in sorted(Path(fontpkg_noto_sans_thai.ROOT).rglob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    except ImportError:
        pass
    for entry in font_manager.fontManager.ttflist:
        name = entry.name.lower()
        if "thai" in name or name in ("garuda", "loma", "norasi", "sarabun", "kinnari"):
            return entry.name
    return None


def _text(th: str, en: str) -> str:
    """Bilingual label for PNG: Thai and English when a Thai font exists, else English."""
    return f"{th} / {en}" if thai_font_family() else en


def _style() -> dict:
    family = thai_font_family()
    return {"font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"]}


@lru_cache(maxsize=1)
def _geojson() -> dict:
    return json.loads(provinces_geojson_path().read_text(encoding="utf-8"))


def _code(feature: dict) -> str:
    pcode = feature["properties"]["ADM1_PCODE"]  # "TH50"
    return f"TH-{pcode[2:]}"


def _feature_path(geometry: dict) -> MplPath:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    rings = [np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon]
    return MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in rings))


def _class_index(classes: pd.Series, bands: tuple[Band, ...]) -> pd.Series:
    order = {b.id: i for i, b in enumerate(bands)}
    return classes.map(lambda c: order.get(c, -1))


# ------------------------------------------------------------------------------ the map


def map_png(
    overall: pd.DataFrame,
    selected: str,
    bands: tuple[Band, ...],
    title: tuple[str, str],
    path: Path,
) -> Path:
    """Choropleth of every province's risk class with the selected province outlined."""
    data = overall.set_index("province")
    position = _class_index(data["class"], bands)
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(6.5, 9.5), dpi=110)
        ax = fig.subplots()
        selected_path = None
        for feature in _geojson()["features"]:
            code = _code(feature)
            k = position.get(code, -1)
            colour = CLASS_COLOURS[k] if 0 <= k < len(CLASS_COLOURS) else NO_DATA_COLOUR
            shape = _feature_path(feature["geometry"])
            ax.add_patch(PathPatch(shape, facecolor=colour, edgecolor="white", linewidth=0.4))
            if code == selected:
                selected_path = shape
        if selected_path is not None:
            ax.add_patch(PathPatch(selected_path, fill=False, edgecolor="black", linewidth=2.2))
        ax.autoscale_view()
        ax.set_aspect(1.0 / np.cos(np.radians(13.0)))  # equirectangular at Thailand's latitude
        ax.axis("off")
        handles = [
            Patch(facecolor=c, label=_text(b.label.th, b.label.en))
            for c, b in zip(CLASS_COLOURS, bands, strict=False)
        ]
        handles.append(Patch(facecolor=NO_DATA_COLOUR, label=_text("ไม่มีข้อมูล", "No data")))
        ax.legend(
            handles=handles,
            loc="lower left",
            fontsize=8,
            frameon=False,
            title=_text("ระดับความเสี่ยง", "Risk class"),
            title_fontsize=9,
        )
        ax.set_title(_text(*title), fontsize=11)
        fig.text(0.01, 0.01, BOUNDARY_CREDIT, fontsize=6, color="#555555")
        fig.tight_layout()
        fig.savefig(path)
    return path


def map_html(
    overall: pd.DataFrame,
    selected: str,
    bands: tuple[Band, ...],
    title: tuple[str, str],
    path: Path,
) -> Path:
    """The same choropleth as filled shapes on plain axes. Plotly's geo maps fetch a
    base map from a CDN even when given GeoJSON; these shapes need nothing online."""
    data = overall.set_index("province")
    position = _class_index(data["class"], bands)
    fig = go.Figure()
    shown: set[int] = set()
    selected_xy = None
    for feature in _geojson()["features"]:
        code = _code(feature)
        xs, ys = rings_xy(feature["geometry"])
        k = int(position.get(code, -1))
        colour = CLASS_COLOURS[k] if 0 <= k < len(CLASS_COLOURS) else NO_DATA_COLOUR
        if code in data.index:
            row = data.loc[code]
            risk = "n/a" if pd.isna(row["risk"]) else f"{row['risk']:.2f}"
            hover = (
                f"{row['name_th']} / {row['name_en']} ({code})<br>"
                f"ความเสี่ยง / risk: {risk}<br>{row['class_th']} / {row['class_en']}<br>"
                f"อันดับ / rank: {row['rank']}"
            )
        else:
            props = feature["properties"]
            hover = f"{props['ADM1_TH']} / {props['ADM1_EN']} ({code})<br>ไม่มีข้อมูล / no data"
        label = f"{bands[k].label.th} / {bands[k].label.en}" if k >= 0 else "ไม่มีข้อมูล / No data"
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                fillcolor=colour,
                mode="lines",
                line={"color": "white", "width": 0.5},
                hoveron="fills",
                text=hover,
                hoverinfo="text",
                name=label,
                legendgroup=label,
                legendrank=k if k >= 0 else 99,
                showlegend=k not in shown,
            )
        )
        shown.add(k)
        if code == selected:
            selected_xy = (xs, ys)
    if selected_xy is not None:
        fig.add_trace(
            go.Scatter(
                x=selected_xy[0],
                y=selected_xy[1],
                mode="lines",
                line={"color": "black", "width": 3},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / np.cos(np.radians(13.0)))
    fig.update_layout(
        title={"text": f"{title[0]}<br>{title[1]}"},
        height=900,
        width=700,
        plot_bgcolor="white",
        legend={"title": {"text": "ระดับความเสี่ยง / Risk class"}},
        margin={"l": 10, "r": 10, "t": 80, "b": 30},
        annotations=[
            {
                "text": BOUNDARY_CREDIT,
                "x": 0,
                "y": 0,
                "xref": "paper",
                "yref": "paper",
                "showarrow": False,
                "font": {"size": 9, "color": "#555555"},
            }
        ],
    )
    fig.update_layout(font=HTML_FONT)
    fig.write_html(path, include_plotlyjs="directory", full_html=True)
    return path


# ----------------------------------------------------------------------- bar charts


def bars_png(
    table: pd.DataFrame, bands: tuple[Band, ...], title: tuple[str, str], path: Path
) -> Path:
    """Horizontal bars of ``risk`` per row (``label_th``, ``label_en``), coloured by class."""
    position = _class_index(table["class"], bands)
    colours = [CLASS_COLOURS[k] if k >= 0 else NO_DATA_COLOUR for k in position]
    labels = [_text(th, en) for th, en in zip(table["label_th"], table["label_en"], strict=True)]
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(8, 0.55 * len(table) + 1.6), dpi=110)
        ax = fig.subplots()
        y = np.arange(len(table))[::-1]
        ax.barh(y, table["risk"].fillna(0), color=colours, edgecolor="#333333", linewidth=0.5)
        for yi, value in zip(y, table["risk"], strict=True):
            shown = "n/a" if pd.isna(value) else f"{value:.1f}"
            ax.text((0 if pd.isna(value) else value) + 0.1, yi, shown, va="center", fontsize=8)
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_xlim(0, 10)
        for band in bands[:-1]:
            ax.axvline(band.below, color="#999999", linewidth=0.5, linestyle=":")
        ax.set_xlabel(_text("คะแนนความเสี่ยง (0-10)", "Risk score (0-10)"), fontsize=9)
        fig.suptitle(_text(*title), fontsize=11)
        fig.tight_layout()
        fig.savefig(path)
    return path


def bars_html(
    table: pd.DataFrame, bands: tuple[Band, ...], title: tuple[str, str], path: Path
) -> Path:
    position = _class_index(table["class"], bands)
    colours = [CLASS_COLOURS[k] if k >= 0 else NO_DATA_COLOUR for k in position]
    labels = table["label_th"] + " / " + table["label_en"]
    fig = go.Figure(
        go.Bar(
            x=table["risk"],
            y=labels,
            orientation="h",
            marker_color=colours,
            text=table["risk"].round(1),
            hovertext=table["class_th"].fillna("") + " / " + table["class_en"].fillna(""),
        )
    )
    fig.update_layout(
        title={"text": f"{title[0]}<br>{title[1]}"},
        xaxis={"range": [0, 10], "title": "คะแนนความเสี่ยง / risk score (0-10)"},
        yaxis={"autorange": "reversed"},
        height=140 + 45 * len(table),
    )
    fig.update_layout(font=HTML_FONT)
    fig.write_html(path, include_plotlyjs="directory", full_html=True)
    return path


# ---------------------------------------------------------------------------- the matrix


def matrix_png(
    matrix: pd.DataFrame, levels: tuple[Band, ...], title: tuple[str, str], path: Path
) -> Path:
    """5 x 5 likelihood (rows) x consequence (columns) grid, hazards written in cells."""
    order = {b.id: i for i, b in enumerate(levels)}
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(8, 7), dpi=110)
        ax = fig.subplots()
        for row in matrix.itertuples():
            colour = MATRIX_COLOURS[min(order[row.matrix_level], len(MATRIX_COLOURS) - 1)]
            ax.add_patch(
                Rectangle(
                    (row.consequence - 0.5, row.probability - 0.5),
                    1,
                    1,
                    facecolor=colour,
                    edgecolor="white",
                    linewidth=2,
                )
            )
            names_en = [n for n in row.hazards_short_en.split(", ") if n]
            names_th = [n for n in row.hazards_short_th.split(", ") if n]
            if thai_font_family():
                lines = [f"{th}\n{en}" for th, en in zip(names_th, names_en, strict=True)]
            else:
                lines = names_en
            if lines:
                ax.text(
                    row.consequence,
                    row.probability,
                    "\n".join(lines),
                    ha="center",
                    va="center",
                    fontsize=8,
                )
        ax.set_xlim(0.5, 5.5)
        ax.set_ylim(0.5, 5.5)
        ax.set_xticks(range(1, 6))
        ax.set_yticks(range(1, 6))
        ax.set_xlabel(_text("ผลกระทบ (1-5)", "Consequence (1-5)"))
        ax.set_ylabel(_text("โอกาสเกิด (1-5)", "Likelihood (1-5)"))
        ax.set_title(_text(*title), fontsize=11)
        handles = [
            Patch(
                facecolor=MATRIX_COLOURS[min(i, len(MATRIX_COLOURS) - 1)],
                label=_text(b.label.th, b.label.en),
            )
            for i, b in enumerate(levels)
        ]
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
        )
        ax.set_aspect("equal")
        fig.tight_layout()
        fig.savefig(path)
    return path


def matrix_heatmap(grid, text, n_levels: int, *, hover=None) -> go.Heatmap:
    """The 5x5 likelihood x consequence grid as a plotly heat map: cell value = level
    index, coloured with the matrix colours, cell text written in the cell."""
    n = max(n_levels - 1, 1)
    extra = {"hovertext": hover, "hoverinfo": "text"} if hover is not None else {}
    return go.Heatmap(
        z=grid,
        x=[1, 2, 3, 4, 5],
        y=[1, 2, 3, 4, 5],
        text=text,
        texttemplate="%{text}",
        colorscale=[[i / n, MATRIX_COLOURS[min(i, len(MATRIX_COLOURS) - 1)]] for i in range(n + 1)],
        zmin=0,
        zmax=n,
        showscale=False,
        xgap=3,
        ygap=3,
        **extra,
    )


def matrix_html(
    matrix: pd.DataFrame, levels: tuple[Band, ...], title: tuple[str, str], path: Path
) -> Path:
    order = {b.id: i for i, b in enumerate(levels)}
    grid = np.zeros((5, 5))
    text = np.full((5, 5), "", dtype=object)
    hover = np.full((5, 5), "", dtype=object)
    for row in matrix.itertuples():
        grid[row.probability - 1, row.consequence - 1] = order[row.matrix_level]
        pairs = zip(row.hazards_short_th.split(", "), row.hazards_short_en.split(", "), strict=True)
        text[row.probability - 1, row.consequence - 1] = "<br>".join(
            f"{th} / {en}" for th, en in pairs if th
        )
        hover[row.probability - 1, row.consequence - 1] = (
            f"{row.hazards_th} / {row.hazards_en}<br>{row.matrix_level_th} / {row.matrix_level_en}"
        )
    fig = go.Figure(matrix_heatmap(grid, text, len(levels), hover=hover))
    fig.update_layout(
        title={"text": f"{title[0]}<br>{title[1]}"},
        xaxis={"title": "ผลกระทบ / consequence (1-5)", "dtick": 1},
        yaxis={"title": "โอกาสเกิด / likelihood (1-5)", "dtick": 1, "scaleanchor": "x"},
        width=750,
        height=700,
    )
    fig.update_layout(font=HTML_FONT)
    fig.write_html(path, include_plotlyjs="directory", full_html=True)
    return path


# ------------------------------------------------------------- hazard x NAP sector heat-map


def _hazard_sector_grid(table: pd.DataFrame, bands: tuple[Band, ...]):
    """(hazards, sectors, scores, class positions) of a province's hazard x sector table,
    in the table's order; position -1 where there is no score."""
    hazards = list(dict.fromkeys(table["hazard"]))
    sectors = list(dict.fromkeys(table["sector"]))
    wide = table.set_index(["hazard", "sector"])
    scores = np.full((len(hazards), len(sectors)), np.nan)
    position = np.full(scores.shape, -1)
    order = {b.id: i for i, b in enumerate(bands)}
    for i, h in enumerate(hazards):
        for j, s in enumerate(sectors):
            row = wide.loc[(h, s)]
            scores[i, j] = row["risk"]
            position[i, j] = order.get(row["class"], -1)
    return hazards, sectors, scores, position


def hazard_sector_png(
    table: pd.DataFrame, bands: tuple[Band, ...], title: tuple[str, str], path: Path
) -> Path:
    """Heat-map of risk per hazard (rows) and NAP sector (columns), coloured by class;
    "-" where the pair has no score (no indicator for it, or the hazard cannot occur)."""
    hazards, sectors, scores, position = _hazard_sector_grid(table, bands)
    first = table.drop_duplicates("hazard").set_index("hazard")
    by_sector = table.drop_duplicates("sector").set_index("sector")
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(2.0 + 1.5 * len(sectors), 1.8 + 0.75 * len(hazards)), dpi=110)
        ax = fig.subplots()
        for i in range(len(hazards)):
            for j in range(len(sectors)):
                k = position[i, j]
                colour = CLASS_COLOURS[k] if 0 <= k < len(CLASS_COLOURS) else NO_DATA_COLOUR
                ax.add_patch(
                    Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="white", linewidth=2)
                )
                shown = "-" if np.isnan(scores[i, j]) else f"{scores[i, j]:.1f}"
                ax.text(j + 0.5, i + 0.5, shown, ha="center", va="center", fontsize=9)
        ax.set_xlim(0, len(sectors))
        ax.set_ylim(len(hazards), 0)
        ax.set_xticks(
            np.arange(len(sectors)) + 0.5,
            [_text(by_sector.loc[s, "sector_th"], by_sector.loc[s, "sector_en"]) for s in sectors],
            rotation=30,
            ha="right",
            fontsize=8,
        )
        ax.set_yticks(
            np.arange(len(hazards)) + 0.5,
            [_text(first.loc[h, "hazard_th"], first.loc[h, "hazard_en"]) for h in hazards],
            fontsize=8,
        )
        handles = [
            Patch(facecolor=c, label=_text(b.label.th, b.label.en))
            for c, b in zip(CLASS_COLOURS, bands, strict=False)
        ]
        handles.append(
            Patch(facecolor=NO_DATA_COLOUR, label=_text("ไม่เกี่ยวข้อง/ไม่มีข้อมูล", "n/a or no data"))
        )
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
        )
        ax.set_title(_text(*title), fontsize=11)
        fig.tight_layout()
        fig.savefig(path)
    return path


def hazard_sector_html(
    table: pd.DataFrame, bands: tuple[Band, ...], title: tuple[str, str], path: Path
) -> Path:
    hazards, sectors, scores, position = _hazard_sector_grid(table, bands)
    first = table.drop_duplicates("hazard").set_index("hazard")
    by_sector = table.drop_duplicates("sector").set_index("sector")
    wide = table.set_index(["hazard", "sector"])
    text = [["-" if np.isnan(v) else f"{v:.1f}" for v in row] for row in scores]
    hover = [
        [
            f"{wide.loc[(h, s), 'hazard_th']} / {wide.loc[(h, s), 'hazard_en']}<br>"
            f"{wide.loc[(h, s), 'sector_th']} / {wide.loc[(h, s), 'sector_en']}<br>"
            + (
                "ไม่เกี่ยวข้องหรือไม่มีข้อมูล / not applicable or no data"
                if np.isnan(scores[i, j])
                else f"{scores[i, j]:.2f}: {wide.loc[(h, s), 'class_th']} / "
                f"{wide.loc[(h, s), 'class_en']}"
            )
            for j, s in enumerate(sectors)
        ]
        for i, h in enumerate(hazards)
    ]
    n = len(bands)
    colours = [NO_DATA_COLOUR, *CLASS_COLOURS[:n]]
    scale = []
    for k, colour in enumerate(colours):  # discrete: one band per class, -1 = no score
        scale += [[k / len(colours), colour], [(k + 1) / len(colours), colour]]
    fig = go.Figure(
        go.Heatmap(
            z=position,
            x=[
                f"{by_sector.loc[s, 'sector_th']} / {by_sector.loc[s, 'sector_en']}"
                for s in sectors
            ],
            y=[f"{first.loc[h, 'hazard_th']} / {first.loc[h, 'hazard_en']}" for h in hazards],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            colorscale=scale,
            zmin=-1.5,
            zmax=n - 0.5,
            showscale=False,
            xgap=3,
            ygap=3,
        )
    )
    fig.update_layout(
        title={"text": f"{title[0]}<br>{title[1]}"},
        yaxis={"autorange": "reversed"},
        height=220 + 60 * len(hazards),
        width=260 + 150 * len(sectors),
    )
    fig.update_layout(font=HTML_FONT)
    fig.write_html(path, include_plotlyjs="directory", full_html=True)
    return path
