"""Charts of a plan: PNG (matplotlib) and one self-contained HTML page (Plotly).

- stacked emissions by sector (one scenario) with the BAU total and target paths;
- wedge chart: BAU on top, one wedge per measure down to the scenario, target paths;
- marginal abatement cost curve: bar width = t CO2e abated in the chosen year,
  height = levelised cost per tonne, negative costs below the axis.

Labels are Thai and English. Thai glyphs in PNG need a Thai font: the Noto Sans
Thai font of the ``fontpkg-noto-sans-thai`` package (OFL) is registered when it is
installed; without it PNG labels fall back to English only. The HTML embeds
Plotly's JavaScript (``include_plotlyjs=True``): it works offline, never a CDN.
"""

from __future__ import annotations

import contextlib
import html
import io
from functools import lru_cache

import numpy as np
import pandas as pd

SECTOR_COLOURS = {
    "I": "#d95f02",
    "II": "#7570b3",
    "III": "#66a61e",
    "IV": "#e6ab02",
    "V": "#1b9e77",
    "VI": "#a6761d",
}
TITLES = {
    "sector": ("Emissions by sector", "การปล่อยก๊าซเรือนกระจกรายสาขา"),
    "wedge": (
        "Reduction measures between BAU and the plan",
        "มาตรการลดก๊าซเรือนกระจกระหว่างกรณีปกติและแผน",
    ),
    "macc": ("Marginal abatement cost curve", "เส้นต้นทุนส่วนเพิ่มของการลดก๊าซเรือนกระจก"),
    "year": ("Year", "ปี"),
    "co2e": ("t CO2e per year", "ตัน CO2e ต่อปี"),
    "abated": ("t CO2e abated in", "ตัน CO2e ที่ลดได้ในปี"),
    "cost": ("cost per t CO2e", "ต้นทุนต่อตัน CO2e"),
    "bau": ("BAU", "กรณีปกติ (BAU)"),
    "target": ("Target", "เป้าหมาย"),
    "plan": ("Scenario", "ฉากทัศน์"),
}


@lru_cache(maxsize=1)
def thai_font() -> str | None:
    """Register the packaged Noto Sans Thai with matplotlib; its family name, or None."""
    try:
        import fontpkg
        from matplotlib import font_manager

        path = str(fontpkg.path("noto-sans-thai"))
        font_manager.fontManager.addfont(path)
        return font_manager.FontProperties(fname=path).get_name()
    except Exception:  # the package is optional: PNG labels fall back to English
        return None


def label(key_or_pair, thai: bool = True) -> str:
    en, th = TITLES[key_or_pair] if isinstance(key_or_pair, str) else key_or_pair
    return f"{th} / {en}" if thai and th and th != en else en


@contextlib.contextmanager
def _canvas(width: float = 10, height: float = 5.6):
    """A figure drawn with DejaVu Sans plus the Thai font (when installed) as fallback."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    family = thai_font()
    fonts = ["DejaVu Sans", family] if family else ["DejaVu Sans"]
    with plt.rc_context({"font.family": fonts}):
        fig, ax = plt.subplots(figsize=(width, height), dpi=110)
        try:
            yield fig, ax, family is not None
        finally:
            plt.close(fig)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _target_lines(ax, paths: pd.DataFrame, thai: bool) -> None:
    for name, path in paths.groupby("target", sort=False):
        ax.plot(
            path["year"],
            path["value"],
            linestyle="--",
            linewidth=1.5,
            label=f"{label('target', thai)}: {name}",
        )


def _axes(ax, title: str, thai: bool) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_title(title, fontsize=10)
    ax.set_xlabel(label("year", thai))
    ax.set_ylabel(label("co2e", thai))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    entries = len(ax.get_legend_handles_labels()[1])
    # long bilingual names: one column when there are many, below the plot
    ax.legend(
        fontsize=7 if entries <= 10 else 6,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=2 if entries <= 10 else 1,
        frameon=False,
    )


def left_out_note(left_out: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(en, th) note naming target sets on another basis than the chart's, or None."""
    if not left_out:
        return None
    from climateplan.mitigation.aggregate import basis_label

    en = "; ".join(f"{name} ({basis_label(basis)})" for name, basis in left_out)
    th = "; ".join(f"{name} ({basis_label(basis, 'th')})" for name, basis in left_out)
    return (
        f"Targets on another basis, not drawn (see gap.csv): {en}",
        f"เป้าหมายบนยอดรวมอื่นซึ่งไม่ได้แสดงในแผนภูมิ (ดู gap.csv): {th}",
    )


def _note(fig, note: tuple[str, str] | None, thai: bool) -> None:
    if note is not None:
        fig.text(0.01, 0.005, label(note, thai), fontsize=6, ha="left", va="bottom", wrap=True)


def _legend_height(entries: int) -> float:
    """Figure height that leaves room for a legend of ``entries`` lines below the plot."""
    return 5.6 if entries <= 10 else 4.6 + 0.16 * entries


def sector_stack_png(
    by_sector: pd.DataFrame,
    scenario: str,
    bau_total: pd.Series,
    paths: pd.DataFrame,
    *,
    title_suffix: str = "",
    note: tuple[str, str] | None = None,
) -> bytes:
    """Stacked areas of ``scenario`` by sector; BAU total and target paths as lines."""
    part = by_sector.loc[by_sector["scenario"] == scenario]
    wide = part.pivot_table(index="year", columns="sector", values="co2e", aggfunc="sum")
    wide = wide.fillna(0.0)
    names = part.drop_duplicates("sector").set_index("sector")
    years = wide.index.to_numpy()
    with _canvas(height=6.4) as (fig, ax, thai):
        bottom_pos = np.zeros(len(years))
        bottom_neg = np.zeros(len(years))
        for sector in wide.columns:
            values = wide[sector].to_numpy(float)
            name = label((names.at[sector, "sector_en"], names.at[sector, "sector_th"]), thai)
            colour = SECTOR_COLOURS.get(sector, "#999999")
            top = bottom_pos + np.clip(values, 0.0, None)
            ax.fill_between(years, bottom_pos, top, label=f"{sector} {name}", color=colour)
            bottom_pos = top
            if (values < 0).any():  # removals (land) below the axis
                low = bottom_neg + np.clip(values, None, 0.0)
                ax.fill_between(years, low, bottom_neg, color=colour, alpha=0.5, hatch="//")
                bottom_neg = low
        ax.plot(bau_total.index, bau_total.to_numpy(), color="black", label=label("bau", thai))
        _target_lines(ax, paths, thai)
        ax.axhline(0, color="grey", linewidth=0.6)
        _axes(ax, label("sector", thai) + title_suffix, thai)
        _note(fig, note, thai)
        return _png(fig)


def wedge_png(
    years: np.ndarray,
    bau: np.ndarray,
    scenario_total: np.ndarray,
    impacts: pd.DataFrame,
    names: dict[str, tuple[str, str]],
    paths: pd.DataFrame,
    *,
    title_suffix: str = "",
    note: tuple[str, str] | None = None,
) -> bytes:
    """Wedges of measures stacked from the scenario up to BAU (impacts telescope)."""
    with _canvas(height=_legend_height(len(impacts) + 2 + paths["target"].nunique())) as (
        fig,
        ax,
        thai,
    ):
        bottom = scenario_total.astype(float).copy()
        colours = _palette(len(impacts))
        for (mid, row), colour in zip(impacts.iloc[::-1].iterrows(), colours, strict=True):
            top = bottom + row.to_numpy(float)
            ax.fill_between(years, bottom, top, color=colour, label=label(names[mid], thai))
            bottom = top
        ax.plot(years, bau, color="black", linewidth=1.5, label=label("bau", thai))
        ax.plot(years, scenario_total, color="#333333", linestyle=":", label=label("plan", thai))
        _target_lines(ax, paths, thai)
        _axes(ax, label("wedge", thai) + title_suffix, thai)
        _note(fig, note, thai)
        return _png(fig)


def macc_png(macc: pd.DataFrame, year: int, currency: str = "THB") -> bytes:
    """Bars: width = abatement, height = cost per tonne; negative costs below the axis."""
    from matplotlib.ticker import FuncFormatter

    cost = macc["levelised_cost_per_t"].to_numpy(float)
    with _canvas() as (fig, ax, thai):
        ax.bar(
            macc["x_start"],
            cost,
            width=macc["abatement"],
            align="edge",
            color=np.where(cost < 0, "#1b9e77", "#d95f02"),
            edgecolor="white",
            linewidth=0.8,
        )
        for _, row in macc.iterrows():
            # names stand above the axis (negative bars) or above the bar (positive ones)
            ax.text(
                row["x_start"] + row["abatement"] / 2,
                max(float(row["levelised_cost_per_t"]), 0.0),
                " " + str(row["name_th"] if thai else row["name_en"]),
                rotation=90,
                ha="center",
                va="bottom",
                fontsize=6,
            )
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_title(label("macc", thai) + f" ({year})", fontsize=10)
        ax.margins(y=0.25)
        en, th = TITLES["abated"]
        ax.set_xlabel(f"{th} {year + 543} / {en} {year}" if thai else f"{en} {year}")
        ax.set_ylabel(f"{currency} " + label("cost", thai))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        return _png(fig)


def _palette(n: int) -> list:
    import matplotlib

    cmap = matplotlib.colormaps["tab20"]
    return [cmap(i % 20) for i in range(n)]


def _hex(colour) -> str:
    from matplotlib.colors import to_hex

    return to_hex(colour)


def plotly_figures(
    by_sector: pd.DataFrame,
    scenario: str,
    bau_total: pd.Series,
    paths: pd.DataFrame,
    years: np.ndarray,
    scenario_total: np.ndarray,
    impacts: pd.DataFrame,
    names: dict[str, tuple[str, str]],
    macc: pd.DataFrame,
    macc_year: int,
    currency: str = "THB",
) -> list:
    """The three charts as Plotly figures (bilingual labels)."""
    import plotly.graph_objects as go

    figures = []
    fig = go.Figure()
    part = by_sector.loc[by_sector["scenario"] == scenario]
    for sector, rows in part.groupby("sector", sort=True):
        name = f"{sector} {rows['sector_th'].iloc[0]} / {rows['sector_en'].iloc[0]}"
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["co2e"],
                name=name,
                stackgroup="sectors",
                line={"color": SECTOR_COLOURS.get(sector, "#999999")},
            )
        )
    _bau_and_targets(fig, bau_total, paths, label, label("sector") + f" — {scenario}")
    figures.append(fig)

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=years, y=scenario_total, name=label("plan"), line={"color": "#333333", "dash": "dot"}
        )
    )
    colours = _palette(len(impacts))
    base = scenario_total.astype(float).copy()
    for (mid, row), colour in zip(impacts.iloc[::-1].iterrows(), colours, strict=True):
        top = base + row.to_numpy(float)
        fig.add_trace(
            go.Scatter(
                x=np.r_[years, years[::-1]],
                y=np.r_[top, base[::-1]],
                fill="toself",
                fillcolor=_hex(colour),
                line={"width": 0},
                name=label(names[mid]),
                hoverinfo="name",
            )
        )
        base = top
    _bau_and_targets(fig, bau_total, paths, label, label("wedge") + f" — {scenario}")
    figures.append(fig)

    fig = go.Figure()
    if len(macc):
        fig.add_trace(
            go.Bar(
                x=(macc["x_start"] + macc["abatement"] / 2).to_numpy(),
                y=macc["levelised_cost_per_t"].to_numpy(),
                width=macc["abatement"].to_numpy(),
                marker_color=[
                    "#1b9e77" if v < 0 else "#d95f02" for v in macc["levelised_cost_per_t"]
                ],
                text=[
                    f"{th} / {en}" for th, en in zip(macc["name_th"], macc["name_en"], strict=True)
                ],
                hovertemplate="%{text}<br>%{y:,.0f} " + currency + "/tCO2e<extra></extra>",
            )
        )
    en, th = TITLES["abated"]
    fig.update_layout(
        title=label("macc") + f" ({macc_year})",
        xaxis_title=f"{th} {macc_year + 543} / {en} {macc_year}",
        yaxis_title=f"{currency} " + label("cost"),
        bargap=0,
    )
    figures.append(fig)
    return figures


def html_page(figures: list, title: str) -> bytes:
    """One offline HTML page: Plotly's JavaScript embedded once, then every figure."""
    parts = []
    for i, fig in enumerate(figures):
        parts.append(
            fig.to_html(full_html=False, include_plotlyjs=(i == 0), config={"responsive": True})
        )
    body = "\n".join(f'<div class="chart">{p}</div>' for p in parts)
    page = (
        '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:'Noto Sans Thai','Sarabun',sans-serif;margin:1.5em}"
        ".chart{margin-bottom:2em}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )
    return page.encode("utf-8")


def _bau_and_targets(fig, bau_total, paths, label, title: str) -> None:
    """The BAU line, the dashed target paths, titles and axes shared by both plotly charts."""
    import plotly.graph_objects as go

    fig.add_trace(
        go.Scatter(
            x=bau_total.index, y=bau_total.to_numpy(), name=label("bau"), line={"color": "black"}
        )
    )
    for name, path in paths.groupby("target", sort=False):
        fig.add_trace(
            go.Scatter(
                x=path["year"],
                y=path["value"],
                name=f"{label('target')}: {name}",
                line={"dash": "dash"},
            )
        )
    fig.update_layout(title=title, xaxis_title=label("year"), yaxis_title=label("co2e"))


def rollup_png(rollup, *, width: float = 10) -> bytes:
    """National sum of provincial scenarios on the roll-up's basis, the target paths set
    on that basis, the coverage and the proxy caveat written under the chart."""
    from climateplan.mitigation.aggregate import basis_label

    basis = rollup.basis
    totals = rollup.totals.loc[rollup.totals["basis"] == basis]
    gap = rollup.gap
    drawn = gap.loc[(gap["basis"] == basis) & (gap["scenario"] == "bau")] if len(gap) else gap
    other = sorted(set(gap.loc[gap["basis"] != basis, "target"])) if len(gap) else []
    with _canvas(height=6.4) as (fig, ax, thai):
        for scenario, part in totals.groupby("scenario", sort=False):
            style = {"color": "black", "linewidth": 1.8} if scenario == "bau" else {}
            name = label("bau", thai) if scenario == "bau" else f"{label('plan', thai)}: {scenario}"
            ax.plot(part["year"], part["emissions"], label=name, **style)
        for name, path in drawn.groupby("target", sort=False):
            ax.plot(
                path["year"],
                path["target_value"],
                linestyle="--",
                linewidth=1.5,
                label=f"{label('target', thai)}: {name}",
            )
        cov = rollup.coverage
        title = (
            f"{label(('National sum of provincial plans', 'ผลรวมแผนของจังหวัดทั้งประเทศ'), thai)}"
            f" — {label((basis_label(basis), basis_label(basis, 'th')), thai)}\n"
            + label(
                (
                    f"{cov['provinces']} of {cov['of']} provinces",
                    f"{cov['provinces']} จาก {cov['of']} จังหวัด",
                ),
                thai,
            )
        )
        _axes(ax, title, thai)
        notes = [label(rollup.caveat, thai)]
        if other:
            notes.append(
                label(
                    (
                        f"Targets on another basis, not drawn (see rollup_gap.csv): "
                        f"{', '.join(other)}",
                        f"เป้าหมายบนยอดรวมอื่นซึ่งไม่ได้แสดง (ดู rollup_gap.csv): {', '.join(other)}",
                    ),
                    thai,
                )
            )
        fig.text(0.01, 0.005, "\n".join(notes), fontsize=6, ha="left", va="bottom", wrap=True)
        fig.subplots_adjust(bottom=0.3)
        return _png(fig)
