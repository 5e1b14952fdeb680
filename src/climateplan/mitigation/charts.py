"""Charts of a plan: PNG (matplotlib) and one self-contained HTML page (Plotly).

- stacked emissions by sector (one scenario) with the BAU total and target paths;
- wedge chart: BAU on top, one wedge per measure down to the scenario, target paths;
  below it the same reductions stacked from zero on their own scale;
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

BE_OFFSET = 543  # Buddhist Era year = Common Era year + 543

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
    "reduction": (
        "Reduction by measure (t CO2e per year, below BAU)",
        "ปริมาณที่ลดได้รายมาตรการ (ตัน CO2e ต่อปี ต่ำกว่ากรณีปกติ)",
    ),
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
    """Bilingual label "ไทย / English" (English only with ``thai=False``)."""
    en, th = TITLES[key_or_pair] if isinstance(key_or_pair, str) else key_or_pair
    return f"{th} / {en}" if thai and th and th != en else en


def say(key_or_pair, lang: str) -> str:
    """The label in one language (``th`` or ``en``)."""
    en, th = TITLES[key_or_pair] if isinstance(key_or_pair, str) else key_or_pair
    return th if lang == "th" and th else en


def year_text(year: int, lang: str) -> str:
    """A year as read in ``lang``: Buddhist Era in Thai (CE + 543), Common Era in English."""
    return str(int(year) + BE_OFFSET) if lang == "th" else str(int(year))


@contextlib.contextmanager
def _canvas(lang: str, width: float = 10, height: float = 5.6):
    """A figure in one language; Thai needs the Thai font, else it falls back to English."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    family = thai_font()
    if family is None:
        lang = "en"
    fonts = [family, "DejaVu Sans"] if family and lang == "th" else ["DejaVu Sans"]
    if family and lang != "th":
        fonts.append(family)  # Thai names in an English chart still render
    with plt.rc_context({"font.family": fonts}):
        fig, ax = plt.subplots(figsize=(width, height), dpi=110)
        try:
            yield fig, ax, lang
        finally:
            plt.close(fig)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    # "tight" keeps the legend and the notes below the plot inside the image
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.15)
    return buffer.getvalue()


def _year_axis(ax, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: year_text(round(value), lang)))
    ax.set_xlabel(say(("Year (CE)", "ปี พ.ศ."), lang))


def _target_lines(ax, paths: pd.DataFrame, lang: str, other_bau: dict | None = None) -> None:
    """Dashed target paths; a path on another basis than the chart's comes with the BAU
    line of its own basis (dotted, same colour), both naming that basis."""
    from climateplan.mitigation.aggregate import basis_label

    other_bau = other_bau or {}
    drawn_bau: set[str] = set()
    for name, path in paths.groupby("target", sort=False):
        basis = path["basis"].iloc[0] if "basis" in path.columns else None
        own = basis in other_bau
        suffix = f" ({basis_label(basis, lang)})" if own else ""
        (line,) = ax.plot(
            path["year"],
            path["value"],
            linestyle="--",
            linewidth=1.5,
            label=f"{say('target', lang)}: {name}{suffix}",
        )
        if own and basis not in drawn_bau:
            drawn_bau.add(basis)
            bau = other_bau[basis]
            ax.plot(
                bau.index,
                bau.to_numpy(),
                linestyle=":",
                linewidth=1.3,
                color=line.get_color(),
                label=f"{say('bau', lang)} ({basis_label(basis, lang)})",
            )


def _axes(ax, title: str, lang: str, note: tuple[str, str] | None = None) -> None:
    """Title, year axis (BE in Thai), t CO2e axis, and the legend below the plot; a note
    (caveat, targets on another basis) heads the legend."""
    import textwrap

    from matplotlib.ticker import FuncFormatter

    ax.set_title(title, fontsize=10)
    _year_axis(ax, lang)
    ax.set_ylabel(say("co2e", lang))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    entries = len(ax.get_legend_handles_labels()[1])
    legend = ax.legend(
        fontsize=7,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        ncol=2 if entries <= 8 else 1,
        frameon=False,
        title=textwrap.fill(say(note, lang), 130) if note else None,
        title_fontsize=6.5,
    )
    legend._legend_box.align = "left"


def left_out_note(left_out: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(en, th) note naming target sets on another basis than the chart's, or None."""
    if not left_out:
        return None
    from climateplan.mitigation.aggregate import basis_label

    en = "; ".join(f"{name} ({basis_label(basis)})" for name, basis in left_out)
    th = "; ".join(f"{name} ({basis_label(basis, 'th')})" for name, basis in left_out)
    return (
        f"Targets on another basis, drawn with the BAU of their own basis: {en}",
        f"เป้าหมายบนยอดรวมอื่น แสดงคู่กับกรณีปกติ (BAU) ของยอดรวมนั้น: {th}",
    )


def sector_stack_png(
    by_sector: pd.DataFrame,
    scenario: str,
    bau_total: pd.Series,
    paths: pd.DataFrame,
    *,
    title_suffix: tuple[str, str] = ("", ""),
    note: tuple[str, str] | None = None,
    other_bau: dict | None = None,
    lang: str = "th",
) -> bytes:
    """Stacked areas of ``scenario`` by sector; BAU total and target paths as lines."""
    part = by_sector.loc[by_sector["scenario"] == scenario]
    wide = part.pivot_table(index="year", columns="sector", values="co2e", aggfunc="sum")
    wide = wide.fillna(0.0)
    names = part.drop_duplicates("sector").set_index("sector")
    years = wide.index.to_numpy()
    with _canvas(lang, height=5.6) as (fig, ax, lang):
        bottom_pos = np.zeros(len(years))
        bottom_neg = np.zeros(len(years))
        for sector in wide.columns:
            values = wide[sector].to_numpy(float)
            name = say((names.at[sector, "sector_en"], names.at[sector, "sector_th"]), lang)
            colour = SECTOR_COLOURS.get(sector, "#999999")
            top = bottom_pos + np.clip(values, 0.0, None)
            ax.fill_between(years, bottom_pos, top, label=f"{sector} {name}", color=colour)
            bottom_pos = top
            if (values < 0).any():  # removals (land) below the axis
                low = bottom_neg + np.clip(values, None, 0.0)
                ax.fill_between(years, low, bottom_neg, color=colour, alpha=0.5, hatch="//")
                bottom_neg = low
        ax.plot(bau_total.index, bau_total.to_numpy(), color="black", label=say("bau", lang))
        _target_lines(ax, paths, lang, other_bau)
        ax.axhline(0, color="grey", linewidth=0.6)
        _axes(ax, say("sector", lang) + say(title_suffix, lang), lang, note)
        return _png(fig)


def wedge_png(
    years: np.ndarray,
    bau: np.ndarray,
    scenario_total: np.ndarray,
    impacts: pd.DataFrame,
    names: dict[str, tuple[str, str]],
    paths: pd.DataFrame,
    *,
    title_suffix: tuple[str, str] = ("", ""),
    note: tuple[str, str] | None = None,
    other_bau: dict | None = None,
    lang: str = "th",
) -> bytes:
    """Two panels on one year axis. Top: wedges of measures stacked from the scenario up
    to BAU (impacts telescope), with the target paths. Bottom: the same reductions
    stacked from zero on their own scale, so that measures of a few per cent of the
    total, thin slivers beside targets near zero in the top panel, can be read."""
    with _canvas(lang, height=8.2) as (fig, ax, lang):
        ax.remove()
        grid = fig.add_gridspec(2, 1, height_ratios=(3, 2), hspace=0.32)
        top = fig.add_subplot(grid[0])
        low = fig.add_subplot(grid[1], sharex=top)
        bottom = scenario_total.astype(float).copy()
        stack_pos = np.zeros(len(years))
        stack_neg = np.zeros(len(years))
        colours = _palette(len(impacts))
        for (mid, row), colour in zip(impacts.iloc[::-1].iterrows(), colours, strict=True):
            values = row.to_numpy(float)
            top.fill_between(years, bottom, bottom + values, color=colour)
            bottom = bottom + values
            up = stack_pos + np.clip(values, 0.0, None)
            low.fill_between(years, stack_pos, up, color=colour, label=say(names[mid], lang))
            stack_pos = up
            if (values < 0).any():  # a switch that adds more than it removes
                down = stack_neg + np.clip(values, None, 0.0)
                low.fill_between(years, down, stack_neg, color=colour, hatch="//", alpha=0.6)
                stack_neg = down
        top.plot(years, bau, color="black", linewidth=1.5, label=say("bau", lang))
        top.plot(years, scenario_total, color="#333333", linestyle=":", label=say("plan", lang))
        _target_lines(top, paths, lang, other_bau)
        top.set_title(say("wedge", lang) + say(title_suffix, lang), fontsize=10)
        _year_axis(top, lang)
        top.set_xlabel("")
        top.set_ylabel(say("co2e", lang))
        from matplotlib.ticker import FuncFormatter

        top.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        low.axhline(0, color="grey", linewidth=0.6)
        # the lower panel's legend lists the measures; the upper panel's lines follow it
        more_handles, more_labels = top.get_legend_handles_labels()
        for handle, text in zip(more_handles, more_labels, strict=True):
            low.plot([], [], color=handle.get_color(), linestyle=handle.get_linestyle(), label=text)
        _axes(low, say("reduction", lang), lang, note)
        low.title.set_fontsize(9)
        # the lower panel is shorter: its legend starts further below it (clear of the
        # year label)
        low.get_legend().set_bbox_to_anchor((0.5, -0.2))
        return _png(fig)


MIN_BAR_SHARE = 0.02  # a MACC bar is drawn at least 2 % of the largest |cost| high


def macc_bar_heights(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Heights drawn for MACC bars: a cost closer to zero than 2 % of the largest |cost|
    is drawn at that height (sign kept, hatched, value written) so it stays visible."""
    cost = np.asarray(cost, float)
    if len(cost) == 0:
        return cost, np.zeros(0, dtype=bool)
    floor = MIN_BAR_SHARE * (float(np.abs(cost).max()) or 1.0)
    tiny = np.abs(cost) < floor
    return np.where(tiny, np.where(cost < 0, -floor, floor), cost), tiny


def macc_png(macc: pd.DataFrame, year: int, currency: str = "THB", *, lang: str = "th") -> bytes:
    """Bars: width = abatement, height = cost per tonne; negative costs below the axis.

    Bars are numbered and listed under the chart with their name, cost and tonnes
    (long Thai names stay readable); a cost too small to see gets a minimum hatched
    height of 2 % of the largest |cost| and its value written beside it.
    """
    from matplotlib.ticker import FuncFormatter

    cost = macc["levelised_cost_per_t"].to_numpy(float)
    width = macc["abatement"].to_numpy(float)
    start = macc["x_start"].to_numpy(float)
    n = len(macc)
    with _canvas(lang, height=5.0 + 0.19 * n) as (fig, ax, lang):
        shown, tiny = macc_bar_heights(cost)
        ax.bar(
            start,
            shown,
            width=width,
            align="edge",
            color=np.where(cost < 0, "#1b9e77", "#d95f02"),
            edgecolor="white",
            linewidth=0.8,
            hatch=None,
        )
        for i in np.flatnonzero(tiny):
            ax.bar(
                start[i],
                shown[i],
                width=width[i],
                align="edge",
                color="none",
                edgecolor="#555555",
                hatch="///",
                linewidth=0.6,
            )
        lines = []
        for i, row in enumerate(macc.itertuples()):
            mid_x = start[i] + width[i] / 2
            text = f"{i + 1}"
            if tiny[i]:
                text += f"\n{cost[i]:,.0f}"
            ax.annotate(
                text,
                xy=(mid_x, shown[i]),
                xytext=(0, 3 if shown[i] >= 0 else -3),
                textcoords="offset points",
                ha="center",
                va="bottom" if shown[i] >= 0 else "top",
                fontsize=7,
            )
            name = say((row.name_en, row.name_th), lang)
            tonne = say(("t CO2e", "ตัน CO2e"), lang)
            lines.append(
                f"{i + 1}. {name}: {cost[i]:,.0f} {currency}/{tonne}, {width[i]:,.0f} {tonne}"
            )
        ax.axhline(0, color="black", linewidth=0.8)
        title = (
            say("macc", lang) + f" ({say(('year', 'ปี พ.ศ.'), lang)} {year_text(year, lang)})"
            if lang == "th"
            else say("macc", lang) + f" ({year})"
        )
        # the scenario and basis the tonnes are counted on, as on the other charts
        if len(macc) and {"scenario", "basis"} <= set(macc.columns):
            from climateplan.mitigation.aggregate import basis_label
            from climateplan.mitigation.scenarios import SCENARIO_LABELS

            code = str(macc["scenario"].iloc[0])
            scenario = say(SCENARIO_LABELS.get(code, (code, code)), lang)
            title += f"\n{scenario} — {basis_label(macc['basis'].iloc[0], lang)}"
        ax.set_title(title, fontsize=10)
        ax.margins(y=0.15)
        en, th = TITLES["abated"]
        ax.set_xlabel(f"{th} {year + BE_OFFSET}" if lang == "th" else f"{en} {year}")
        ax.set_ylabel(f"{currency} " + say("cost", lang))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        if lines:
            ax.annotate(
                "\n".join(lines),
                xy=(0, 0),
                xycoords="axes fraction",
                xytext=(0, -38),
                textcoords="offset points",
                fontsize=7,
                va="top",
                annotation_clip=False,
            )
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
    other_bau: dict | None = None,
) -> list:
    """The three charts as Plotly figures (bilingual labels, years in CE and BE)."""
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
    _bau_and_targets(fig, bau_total, paths, label, label("sector") + f" — {scenario}", other_bau)
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
    _bau_and_targets(fig, bau_total, paths, label, label("wedge") + f" — {scenario}", other_bau)
    figures.append(fig)

    fig = go.Figure()
    if len(macc):
        cost = macc["levelised_cost_per_t"].to_numpy(float)
        shown, tiny = macc_bar_heights(cost)
        names = [f"{th} / {en}" for th, en in zip(macc["name_th"], macc["name_en"], strict=True)]
        fig.add_trace(
            go.Bar(
                x=(macc["x_start"] + macc["abatement"] / 2).to_numpy(),
                y=shown,
                width=macc["abatement"].to_numpy(),
                marker_color=["#1b9e77" if v < 0 else "#d95f02" for v in cost],
                marker_pattern_shape=["/" if t else "" for t in tiny],
                text=[str(i + 1) for i in range(len(macc))],
                textposition="outside",
                customdata=np.column_stack([names, cost, macc["abatement"].to_numpy(float)]),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]:,.0f} "
                + currency
                + "/tCO2e, %{customdata[2]:,.0f} tCO2e<extra></extra>",
            )
        )
        listing = "<br>".join(
            f"{i + 1}. {name}: {c:,.0f} {currency}/tCO2e"
            for i, (name, c) in enumerate(zip(names, cost, strict=True))
        )
        fig.add_annotation(
            text=listing,
            xref="paper",
            yref="paper",
            x=0,
            y=-0.25,
            showarrow=False,
            align="left",
            xanchor="left",
            yanchor="top",
            font={"size": 11},
        )
        fig.update_layout(margin={"b": 120 + 18 * len(macc)}, height=520 + 18 * len(macc))
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


def _bau_and_targets(fig, bau_total, paths, label, title: str, other_bau=None) -> None:
    """The BAU line, the dashed target paths (with the BAU of their own basis when it is
    not the chart's), titles and the year axis (CE and BE) shared by both plotly charts."""
    import plotly.graph_objects as go

    from climateplan.mitigation.aggregate import basis_label

    other_bau = other_bau or {}
    fig.add_trace(
        go.Scatter(
            x=bau_total.index, y=bau_total.to_numpy(), name=label("bau"), line={"color": "black"}
        )
    )
    for name, path in paths.groupby("target", sort=False):
        basis = path["basis"].iloc[0] if "basis" in path.columns else None
        suffix = (
            f" ({basis_label(basis, 'th')} / {basis_label(basis)})" if basis in other_bau else ""
        )
        fig.add_trace(
            go.Scatter(
                x=path["year"],
                y=path["value"],
                name=f"{label('target')}: {name}{suffix}",
                line={"dash": "dash"},
            )
        )
    for basis, bau in other_bau.items():
        if basis in set(paths.get("basis", [])):
            fig.add_trace(
                go.Scatter(
                    x=bau.index,
                    y=bau.to_numpy(),
                    name=f"{label('bau')} ({basis_label(basis, 'th')} / {basis_label(basis)})",
                    line={"dash": "dot", "color": "#555555"},
                )
            )
    years = np.asarray(bau_total.index, int)
    fig.update_layout(title=title, yaxis_title=label("co2e"))
    _plotly_year_axis(fig, years)


def _plotly_year_axis(fig, years: np.ndarray) -> None:
    """Ticks in both eras: the Common Era year over the Buddhist Era year (พ.ศ.)."""
    step = max(1, int(np.ceil(len(years) / 12)))
    ticks = years[::step]
    fig.update_xaxes(
        title_text="ปี ค.ศ. / พ.ศ. — Year (CE / BE)",
        tickmode="array",
        tickvals=ticks.tolist(),
        ticktext=[f"{y}<br>{y + BE_OFFSET}" for y in ticks],
    )


def rollup_png(rollup, *, lang: str = "th") -> bytes:
    """National sum of provincial scenarios on the roll-up's basis, the target paths with
    the BAU of their own basis, the coverage and the proxy caveat under the chart."""
    from climateplan.mitigation.aggregate import basis_label
    from climateplan.mitigation.scenarios import SCENARIO_LABELS

    basis = rollup.basis
    totals = rollup.totals
    on_basis = totals.loc[totals["basis"] == basis]
    gap = rollup.gap
    paths = (
        gap.loc[gap["scenario"] == "bau", ["target", "basis", "year", "target_value"]].rename(
            columns={"target_value": "value"}
        )
        if len(gap)
        else pd.DataFrame(columns=["target", "basis", "year", "value"])
    )
    other_bau = {
        b: on.set_index("year")["emissions"]
        for b, on in totals.loc[totals["scenario"] == "bau"].groupby("basis")
        if b != basis
    }
    with _canvas(lang, height=5.6) as (fig, ax, lang):
        for scenario, part in on_basis.groupby("scenario", sort=False):
            style = {"color": "black", "linewidth": 1.8} if scenario == "bau" else {}
            label = say(SCENARIO_LABELS.get(scenario, (scenario, scenario)), lang)
            name = say("bau", lang) if scenario == "bau" else label
            ax.plot(part["year"], part["emissions"], label=name, **style)
        _target_lines(ax, paths, lang, other_bau)
        cov = rollup.coverage
        title = (
            say(("National sum of provincial plans", "ผลรวมแผนของจังหวัดทั้งประเทศ"), lang)
            + f" — {basis_label(basis, lang)}\n"
            + say(
                (
                    f"{cov['provinces']} of {cov['of']} provinces",
                    f"{cov['provinces']} จาก {cov['of']} จังหวัด",
                ),
                lang,
            )
        )
        _axes(ax, title, lang, rollup.caveat)
        return _png(fig)
