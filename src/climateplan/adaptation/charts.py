"""Charts of the adaptation plan: PNG in Thai and in English (matplotlib), and offline
HTML (plotly) loading the one ``plotly.min.js`` written beside them.

- priority: each action's score as stacked points per criterion;
- sensitivity: probability of staying in the top N when the weights vary;
- cost by NAP sector and fiscal year (Buddhist Era on the Thai chart);
- timeline of the actions by fiscal year (Buddhist Era on the Thai chart);
- risk before / after: the 5 x 5 matrix of the register now and after the actions.

Thai glyphs need a Thai font: the one the risk profile registers (Noto Sans Thai from
the pip package when installed); without it the Thai PNG falls back to English.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from climateplan.risk.profile.charts import (
    HTML_FONT,
    MATRIX_COLOURS,
    PLOTLY_JS,
    matrix_heatmap,
    thai_font_family,
)

BE_OFFSET = 543
LANGS = ("th", "en")
PALETTE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
    "#1f78b4",
    "#b2df8a",
    "#fb9a99",
    "#cab2d6",
)


def say(en: str, th: str, lang: str) -> str:
    return th if lang == "th" else en


def year_text(year: int, lang: str) -> str:
    """Buddhist Era in Thai (CE + 543), Common Era in English."""
    return str(int(year) + BE_OFFSET) if lang == "th" else str(int(year))


@contextlib.contextmanager
def _canvas(lang: str, width: float, height: float):
    import matplotlib
    from matplotlib.figure import Figure

    family = thai_font_family()
    if family is None:
        lang = "en"
    fonts = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    with matplotlib.rc_context({"font.family": fonts}):
        fig = Figure(figsize=(width, height), dpi=110)
        yield fig, lang


def _save(fig, path: Path) -> None:
    fig.savefig(path, bbox_inches="tight", pad_inches=0.15)


def _action_label(row, lang: str) -> str:
    return f"{row.code} {row.name_th if lang == 'th' else row.name_en}"


def _short(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _html(fig: go.Figure, path: Path) -> None:
    fig.update_layout(font=HTML_FONT)
    fig.write_html(path, include_plotlyjs="directory", full_html=True)


# ------------------------------------------------------------------------------ priority


def priority_png(plan, path: Path, lang: str) -> None:
    table = plan.priority
    criteria = plan.weights.criteria
    with _canvas(lang, 10, 0.42 * len(table) + 2.2) as (fig, lang):
        ax = fig.subplots()
        y = np.arange(len(table))[::-1]
        left = np.zeros(len(table))
        for k, c in enumerate(criteria):
            points = table[f"{c.id}_points"].to_numpy(float)
            ax.barh(
                y, points, left=left, color=PALETTE[k % len(PALETTE)], label=say(c.en, c.th, lang)
            )
            left += points
        for yi, score, rank in zip(y, table["score"], table["rank"], strict=True):
            ax.text(score + 0.5, yi, f"{score:.1f} (#{rank})", va="center", fontsize=8)
        ax.set_yticks(y, [_short(_action_label(r, lang)) for r in table.itertuples()], fontsize=8)
        ax.set_xlim(0, 110)
        ax.set_xlabel(
            say(
                "Priority score (0-100): points per criterion",
                "คะแนนความสำคัญ (0-100): คะแนนตามเกณฑ์",
                lang,
            )
        )
        ax.set_title(
            say(
                f"Adaptation actions by priority: {plan.context.province['name_en']}",
                f"ลำดับความสำคัญของมาตรการปรับตัว: {plan.context.province['name_th']}",
                lang,
            ),
            fontsize=11,
        )
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8, frameon=False
        )
        _save(fig, path)


def priority_html(plan, path: Path) -> None:
    table = plan.priority
    labels = [f"{r.code} {r.name_th} / {r.name_en}" for r in table.itertuples()]
    fig = go.Figure()
    for k, c in enumerate(plan.weights.criteria):
        fig.add_bar(
            y=labels,
            x=table[f"{c.id}_points"],
            orientation="h",
            name=f"{c.th} / {c.en}",
            marker_color=PALETTE[k % len(PALETTE)],
        )
    fig.update_layout(
        barmode="stack",
        title={
            "text": f"ลำดับความสำคัญของมาตรการปรับตัว: {plan.context.province['name_th']}<br>"
            f"Adaptation actions by priority: {plan.context.province['name_en']}"
        },
        xaxis={"title": "คะแนนความสำคัญ / priority score (0-100)", "range": [0, 100]},
        yaxis={"autorange": "reversed"},
        height=200 + 32 * len(table),
    )
    _html(fig, path)


# --------------------------------------------------------------------------- sensitivity


def sensitivity_png(plan, path: Path, lang: str) -> None:
    table = plan.sensitivity.merge(plan.priority[["code", "name_en", "name_th"]], on="code")
    s = plan.settings
    with _canvas(lang, 10, 0.42 * len(table) + 2.0) as (fig, lang):
        ax = fig.subplots()
        y = np.arange(len(table))[::-1]
        ax.barh(y, table["p_top"] * 100, color="#1f78b4")
        for yi, p, lo, hi in zip(
            y, table["p_top"], table["rank_p05"], table["rank_p95"], strict=True
        ):
            rng = say(f"rank {lo:.0f}-{hi:.0f}", f"อันดับ {lo:.0f}-{hi:.0f}", lang)
            ax.text(p * 100 + 1, yi, f"{p * 100:.0f} % ({rng})", va="center", fontsize=8)
        ax.set_yticks(y, [_short(_action_label(r, lang)) for r in table.itertuples()], fontsize=8)
        ax.set_xlim(0, 125)
        ax.set_xlabel(
            say(
                f"Probability of staying in the top {s.top} (%) with every weight varied "
                f"by ±{s.spread_pct:g} % ({s.samples:,} samples)",
                f"ความน่าจะเป็นที่ยังอยู่ใน {s.top} อันดับแรก (%) เมื่อน้ำหนักแต่ละเกณฑ์แปรผัน "
                f"±{s.spread_pct:g} % ({s.samples:,} ตัวอย่าง)",
                lang,
            ),
            fontsize=9,
        )
        ax.set_title(say("Stability of the ranking", "ความคงที่ของลำดับความสำคัญ", lang), fontsize=11)
        _save(fig, path)


def sensitivity_html(plan, path: Path) -> None:
    table = plan.sensitivity.merge(plan.priority[["code", "name_en", "name_th"]], on="code")
    s = plan.settings
    labels = [f"{r.code} {r.name_th} / {r.name_en}" for r in table.itertuples()]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=table["p_top"] * 100,
            orientation="h",
            marker_color="#1f78b4",
            hovertext=[
                f"อันดับ / rank {lo:.0f}-{hi:.0f}"
                for lo, hi in zip(table["rank_p05"], table["rank_p95"], strict=True)
            ],
        )
    )
    fig.update_layout(
        title={
            "text": "ความคงที่ของลำดับความสำคัญ<br>"
            f"Stability of the ranking (±{s.spread_pct:g} %, {s.samples:,} samples)"
        },
        xaxis={
            "title": f"ความน่าจะเป็นที่อยู่ใน {s.top} อันดับแรก / probability of the top {s.top} (%)",
            "range": [0, 100],
        },
        yaxis={"autorange": "reversed"},
        height=200 + 32 * len(table),
    )
    _html(fig, path)


# ------------------------------------------------------------------------ cost by sector


def cost_png(table: pd.DataFrame, plan, path: Path, lang: str) -> None:
    pivot = (
        table.pivot_table(
            index="fiscal_year", columns="sector", values="total_thb", aggfunc="sum"
        ).fillna(0)
        / 1e6
    )
    names = plan.context.framework.nap_sectors
    with _canvas(lang, 10, 5.6) as (fig, lang):
        ax = fig.subplots()
        bottom = np.zeros(len(pivot))
        for k, sector in enumerate(pivot.columns):
            ax.bar(
                pivot.index,
                pivot[sector],
                bottom=bottom,
                color=PALETTE[k % len(PALETTE)],
                label=say(names[sector].en, names[sector].th, lang),
            )
            bottom += pivot[sector].to_numpy()
        ax.set_xticks(pivot.index, [year_text(y, lang) for y in pivot.index])
        ax.set_xlabel(say("Fiscal year (CE)", "ปีงบประมาณ (พ.ศ.)", lang))
        ax.set_ylabel(say("million THB", "ล้านบาท", lang))
        ax.set_title(
            say(
                "Cost of the actions by NAP sector and fiscal year",
                "งบประมาณของมาตรการรายสาขา NAP และปีงบประมาณ",
                lang,
            ),
            fontsize=11,
        )
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8, frameon=False
        )
        _save(fig, path)


def cost_html(table: pd.DataFrame, plan, path: Path) -> None:
    names = plan.context.framework.nap_sectors
    fig = go.Figure()
    for k, (sector, part) in enumerate(table.groupby("sector")):
        fig.add_bar(
            x=[f"{y + BE_OFFSET}<br>{y}" for y in part["fiscal_year"]],
            y=part["total_thb"] / 1e6,
            name=f"{names[sector].th} / {names[sector].en}",
            marker_color=PALETTE[k % len(PALETTE)],
        )
    fig.update_layout(
        barmode="stack",
        title={"text": "งบประมาณรายสาขา NAP และปีงบประมาณ<br>Cost by NAP sector and fiscal year"},
        xaxis={
            "title": "ปีงบประมาณ พ.ศ. / fiscal year CE",
            "type": "category",
            "categoryorder": "category ascending",
        },
        yaxis={"title": "ล้านบาท / million THB"},
    )
    _html(fig, path)


# ------------------------------------------------------------------------------ timeline


def timeline_png(plan, path: Path, lang: str) -> None:
    a = plan.actions.set_index("code").loc[plan.priority["code"]].reset_index()
    types = sorted(a["type"].unique())
    from climateplan.adaptation.reference import vocabulary

    labels = vocabulary("action_type")
    with _canvas(lang, 10, 0.42 * len(a) + 2.2) as (fig, lang):
        ax = fig.subplots()
        y = np.arange(len(a))[::-1]
        for yi, row in zip(y, a.itertuples(), strict=True):
            k = types.index(row.type)
            ax.barh(
                yi,
                row.end_year - row.start_year + 1,
                left=row.start_year - 0.5,
                color=PALETTE[k % len(PALETTE)],
            )
        ax.set_yticks(y, [_short(_action_label(r, lang)) for r in a.itertuples()], fontsize=8)
        years = range(int(a["start_year"].min()), int(a["end_year"].max()) + 1)
        ax.set_xticks(list(years), [year_text(v, lang) for v in years])
        ax.set_xlabel(say("Fiscal year (CE)", "ปีงบประมาณ (พ.ศ.)", lang))
        ax.set_title(
            say("Timeline of the adaptation actions", "ระยะเวลาดำเนินการของมาตรการปรับตัว", lang),
            fontsize=11,
        )
        from matplotlib.patches import Patch

        handles = [
            Patch(
                color=PALETTE[k % len(PALETTE)],
                label=say(labels.loc[t, "en"], labels.loc[t, "th"], lang),
            )
            for k, t in enumerate(types)
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=3,
            fontsize=8,
            frameon=False,
        )
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        _save(fig, path)


def timeline_html(plan, path: Path) -> None:
    a = plan.actions.set_index("code").loc[plan.priority["code"]].reset_index()
    labels = [f"{r.code} {r.name_th} / {r.name_en}" for r in a.itertuples()]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=a["end_year"] - a["start_year"] + 1,
            base=a["start_year"] - 0.5,
            orientation="h",
            marker_color="#1b9e77",
            hovertext=[
                f"{int(s) + BE_OFFSET}-{int(e) + BE_OFFSET} / {int(s)}-{int(e)}"
                for s, e in zip(a["start_year"], a["end_year"], strict=True)
            ],
        )
    )
    years = list(range(int(a["start_year"].min()), int(a["end_year"].max()) + 1))
    fig.update_layout(
        title={"text": "ระยะเวลาดำเนินการของมาตรการปรับตัว<br>Timeline of the adaptation actions"},
        xaxis={
            "title": "ปีงบประมาณ พ.ศ. / fiscal year CE",
            "tickvals": years,
            "ticktext": [f"{y + BE_OFFSET}<br>{y}" for y in years],
        },
        yaxis={"autorange": "reversed"},
        height=200 + 32 * len(a),
    )
    _html(fig, path)


# -------------------------------------------------------------------- risk before / after


def _matrix_axes(
    ax,
    cells: pd.DataFrame,
    entries: pd.DataFrame,
    p_col: str,
    c_col: str,
    levels,
    lang: str,
    title: str,
) -> None:
    from matplotlib.patches import Rectangle

    order = {b.id: i for i, b in enumerate(levels)}
    for row in cells.itertuples():
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
    placed = entries.dropna(subset=[p_col, c_col])
    for (p, c), group in placed.groupby([p_col, c_col]):
        names = group["hazard_short_th"] if lang == "th" else group["hazard_short_en"]
        ax.text(c, p, "\n".join(_short(n, 18) for n in names), ha="center", va="center", fontsize=7)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_aspect("equal")
    ax.set_xlabel(say("Consequence (1-5)", "ผลกระทบ (1-5)", lang))
    ax.set_ylabel(say("Likelihood (1-5)", "โอกาสเกิด (1-5)", lang))
    ax.set_title(title, fontsize=10)


def risk_png(plan, path: Path, lang: str) -> None:
    levels = plan.context.framework.settings.register.matrix_levels
    cells = plan.context.matrix
    entries = plan.residual
    with _canvas(lang, 12, 6.2) as (fig, lang):
        before, after = fig.subplots(1, 2)
        _matrix_axes(
            before,
            cells,
            entries,
            "probability",
            "consequence",
            levels,
            lang,
            say("Current risk (register)", "ความเสี่ยงปัจจุบัน (ทะเบียน)", lang),
        )
        _matrix_axes(
            after,
            cells,
            entries,
            "residual_probability",
            "residual_consequence",
            levels,
            lang,
            say("Residual risk after the planned actions", "ความเสี่ยงคงเหลือหลังดำเนินมาตรการ", lang),
        )
        from matplotlib.patches import Patch

        handles = [
            Patch(
                facecolor=MATRIX_COLOURS[min(i, len(MATRIX_COLOURS) - 1)],
                label=say(b.label.en, b.label.th, lang),
            )
            for i, b in enumerate(levels)
        ]
        fig.legend(handles=handles, loc="lower center", ncol=len(levels), fontsize=8, frameon=False)
        fig.suptitle(
            say(
                "Climate risk before and after the adaptation actions: "
                f"{plan.context.province['name_en']}",
                f"ความเสี่ยงก่อนและหลังมาตรการปรับตัว: {plan.context.province['name_th']}",
                lang,
            ),
            fontsize=11,
        )
        _save(fig, path)


def risk_html(plan, path: Path) -> None:
    levels = plan.context.framework.settings.register.matrix_levels
    order = {b.id: i for i, b in enumerate(levels)}
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("ความเสี่ยงปัจจุบัน / current risk", "ความเสี่ยงคงเหลือ / residual risk"),
    )
    for col, (p_col, c_col) in enumerate(
        (("probability", "consequence"), ("residual_probability", "residual_consequence")), start=1
    ):
        grid = np.zeros((5, 5))
        text = np.full((5, 5), "", dtype=object)
        for row in plan.context.matrix.itertuples():
            grid[row.probability - 1, row.consequence - 1] = order[row.matrix_level]
        placed = plan.residual.dropna(subset=[p_col, c_col])
        for (p, c), group in placed.groupby([p_col, c_col]):
            text[int(p) - 1, int(c) - 1] = "<br>".join(
                f"{th} / {en}"
                for th, en in zip(group["hazard_short_th"], group["hazard_short_en"], strict=True)
            )
        fig.add_trace(matrix_heatmap(grid, text, len(levels)), row=1, col=col)
        fig.update_xaxes(title_text="ผลกระทบ / consequence (1-5)", dtick=1, row=1, col=col)
        fig.update_yaxes(title_text="โอกาสเกิด / likelihood (1-5)", dtick=1, row=1, col=col)
    fig.update_layout(
        title={
            "text": "ความเสี่ยงก่อนและหลังมาตรการปรับตัว<br>Risk before and after the adaptation actions"
        },
        width=1200,
        height=650,
    )
    _html(fig, path)


# ----------------------------------------------------------------------------------- all


def write_charts(plan, folder: Path, *, full: bool) -> list[str]:
    """Every chart of the run into ``folder``; the names written."""
    from climateplan.adaptation.plan import cost_by_sector_year

    names = []
    for lang in LANGS:
        priority_png(plan, folder / f"priority_{lang}.png", lang)
        sensitivity_png(plan, folder / f"sensitivity_{lang}.png", lang)
        names += [f"priority_{lang}.png", f"sensitivity_{lang}.png"]
    priority_html(plan, folder / "priority.html")
    sensitivity_html(plan, folder / "sensitivity.html")
    names += ["priority.html", "sensitivity.html"]
    if full:
        costs = cost_by_sector_year(plan)
        for lang in LANGS:
            cost_png(costs, plan, folder / f"cost_by_sector_year_{lang}.png", lang)
            timeline_png(plan, folder / f"timeline_{lang}.png", lang)
            risk_png(plan, folder / f"risk_before_after_{lang}.png", lang)
            names += [
                f"cost_by_sector_year_{lang}.png",
                f"timeline_{lang}.png",
                f"risk_before_after_{lang}.png",
            ]
        cost_html(costs, plan, folder / "cost_by_sector_year.html")
        timeline_html(plan, folder / "timeline.html")
        risk_html(plan, folder / "risk_before_after.html")
        names += ["cost_by_sector_year.html", "timeline.html", "risk_before_after.html"]
    names.append(PLOTLY_JS)  # the one copy of plotly.js every HTML page loads
    return names
