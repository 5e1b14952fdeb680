"""Figures and tables of the overview, province and comparison pages.

Charts are Plotly figure dicts rendered by the plotly.js that ships inside the
plotly Python package (served as a static file): no CDN, they work offline.
Everything here reads only what :mod:`access` lets the user see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.urls import reverse
from plotly.colors import get_colorscale

from climateplan.inventory.web.access import Access
from climateplan.inventory.web.models import Inventory, Population, State
from climateplan.reference import provinces
from climateplan.reports.maps import (
    BOUNDARY_CREDIT,
    BOUNDARY_CREDIT_TH,
    ColourBar,
    MapLayer,
    Swatches,
    choropleth_html,
    light_end_trimmed,
    scale_colours,
)
from climateplan.site.bilingual import pick, tr, year_label

STATE_ORDER = [
    "none",
    State.DRAFT,
    State.SUBMITTED,
    State.RETURNED,
    State.APPROVED,
    State.PUBLISHED,
]
STATE_COLOURS = ["#d9d9d9", "#fdd49e", "#9ecae1", "#fc9272", "#a1d99b", "#31a354"]
SECTOR_COLOURS = {
    "I": "#1f77b4",
    "II": "#ff7f0e",
    "III": "#8c564b",
    "IV": "#9467bd",
    "V": "#2ca02c",
}
OVERVIEW_FIELDS = (
    "id",
    "province",
    "year",
    "version",
    "state",
    "is_latest",
    "total_basic",
    "total_basic_plus",
    "total_territorial",
)


def data_stamp() -> str:
    """Changes whenever an inventory or a population is added, changed or removed."""
    inventories = Inventory.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    populations = Population.objects.aggregate(n=Count("id"), m=Max("id"))
    changed = inventories["t"].timestamp() if inventories["t"] else 0
    return f"{inventories['n']}-{changed:.6f}-{populations['n']}-{populations['m']}"


def state_label(state: str) -> str:
    if state == "none":
        return tr("no inventory", "ยังไม่มีบัญชี")
    en, th = State(state).label.split(" / ")
    return tr(en, th)


@dataclass
class ProvinceRow:
    code: str
    name_th: str
    name_en: str
    region_th: str
    region_en: str
    status: str = "none"
    status_year: int | None = None
    status_inventory: int | None = None
    published_year: int | None = None
    published_inventory: int | None = None
    basic: float | None = None
    basic_plus: float | None = None
    territorial: float | None = None
    population: int | None = None

    @property
    def per_capita(self) -> float | None:
        if self.basic_plus is None or not self.population:
            return None
        return self.basic_plus / self.population

    @property
    def name(self) -> str:
        return pick({"name_th": self.name_th, "name_en": self.name_en}, "name")

    @property
    def region(self) -> str:
        return pick({"region_th": self.region_th, "region_en": self.region_en}, "region")

    @property
    def status_label(self) -> str:
        return state_label(self.status)


@dataclass
class Overview:
    rows: list[ProvinceRow]
    year: int | None
    years: list[int]
    national: dict = field(default_factory=dict)


def overview(access: Access, year: int | None = None) -> Overview:
    """One row per province: workflow status and published totals (of ``year`` or the latest)."""
    visible = list(
        access.inventories(Inventory.objects.filter(Q(is_latest=True) | Q(state=State.PUBLISHED)))
        .values(*OVERVIEW_FIELDS)
        .order_by("province", "year", "version")
    )
    years = sorted({v["year"] for v in visible if v["state"] == State.PUBLISHED}, reverse=True)
    rows = {
        r.code: ProvinceRow(r.code, r.name_th, r.name_en, r.region_th, r.region_en)
        for r in provinces().itertuples()
    }
    for item in visible:  # ordered by year then version: later ones win
        row = rows.get(item["province"])
        if row is None:
            continue
        in_year = year is None or item["year"] == year
        if (
            item["is_latest"]
            and in_year
            and (row.status_year is None or item["year"] >= row.status_year)
        ):
            row.status, row.status_year, row.status_inventory = (
                item["state"],
                item["year"],
                item["id"],
            )
        if (
            item["state"] == State.PUBLISHED
            and in_year
            and (row.published_year is None or item["year"] >= row.published_year)
        ):
            row.published_year = item["year"]
            row.published_inventory = item["id"]
            row.basic = item["total_basic"]
            row.basic_plus = item["total_basic_plus"]
            row.territorial = item["total_territorial"]
    populations = {
        (p["province"], p["year"]): p["population"]
        for p in Population.objects.values("province", "year", "population")
    }
    for row in rows.values():
        if row.published_year is not None:
            row.population = populations.get((row.code, row.published_year))
    ordered = list(rows.values())
    with_totals = [r for r in ordered if r.basic_plus is not None]
    national = {
        "provinces": len(with_totals),
        "basic": sum(r.basic or 0.0 for r in with_totals),
        "basic_plus": sum(r.basic_plus or 0.0 for r in with_totals),
        "territorial": sum(r.territorial or 0.0 for r in with_totals),
        "published": sum(1 for r in ordered if r.status == State.PUBLISHED),
    }
    return Overview(rows=ordered, year=year, years=years, national=national)


def overview_map(data: Overview) -> str:
    """Map of BASIC+ total, per capita and status, drawn by the server as inline SVG.

    Provinces are filled SVG shapes (climateplan.reports.maps): no base map, tiles,
    WebGL or script, so the map is drawn with the page, offline, on any browser. Radio
    buttons switch between the three variables with CSS alone; each province links to
    its page and names its value in a tooltip.
    """
    rows = data.rows
    person = tr("person", "คน")
    no_data = tr("no data", "ไม่มีข้อมูล")

    def bounds(values):
        known = [v for v in values if v is not None]
        return (min(known), max(known)) if known else (0.0, 1.0)

    def numeric_layer(name, values, scale, unit, decimals):
        low, high = bounds(values.values())
        # the explicit scale from plotly.py, so the shapes and the colour bar agree
        colours = light_end_trimmed(get_colorscale(scale))
        return MapLayer(
            label=name,
            fills=scale_colours(values, colours, low, high),
            titles={
                r.code: f"{r.name}: {values[r.code]:,.{decimals}f} {unit}"
                if values[r.code] is not None
                else f"{r.name}: –"
                for r in rows
            },
            legend=ColourBar(colours, low, high, unit, decimals, no_data=no_data),
        )

    total = numeric_layer(
        tr("BASIC+ total", "ยอดรวม BASIC+"),
        {r.code: r.basic_plus for r in rows},
        "YlOrRd",
        "tCO2e",
        0,
    )
    per_capita = numeric_layer(
        tr("per capita", "ต่อประชากร"),
        {r.code: r.per_capita for r in rows},
        "Blues",
        f"tCO2e/{person}",
        2,
    )
    status_colours = dict(zip(STATE_ORDER, STATE_COLOURS, strict=True))
    status = MapLayer(
        label=tr("status", "สถานะ"),
        fills={r.code: status_colours[r.status] for r in rows},
        titles={r.code: f"{r.name}: {r.status_label}" for r in rows},
        legend=Swatches([(status_colours[s], state_label(s)) for s in STATE_ORDER]),
    )
    return choropleth_html(
        [total, per_capita, status],
        label=tr("Map of provinces", "แผนที่จังหวัด"),
        links={r.code: reverse("inventory:province", args=[r.code]) for r in rows},
        credit=tr(BOUNDARY_CREDIT, BOUNDARY_CREDIT_TH),
    )


# --------------------------------------------------------------------------- province


def _bar(x, y, title, colours=None, orientation="v") -> dict:
    trace = {
        "type": "bar",
        "x": x,
        "y": y,
        "hovertemplate": "%{y}<br>%{x:,.0f} tCO2e<extra></extra>",
    }
    if orientation == "h":
        trace = {
            "type": "bar",
            "x": y,
            "y": x,
            "orientation": "h",
            "hovertemplate": "%{y}: %{x:,.0f} tCO2e<extra></extra>",
        }
    if colours:
        trace["marker"] = {"color": colours}
    return {
        "data": [trace],
        "layout": {
            "title": {"text": title},
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "height": 320,
            "yaxis": {"automargin": True},
            "xaxis": {"automargin": True},
        },
    }


AXIS_LABEL_CHARS = 22  # a bar chart's category label wraps at spaces beyond this length


def wrap_label(text: str, width: int = AXIS_LABEL_CHARS) -> str:
    """A long axis label on several lines (Plotly's ``<br>``), broken at spaces only.

    Sector names such as "V การเกษตร ป่าไม้ และการใช้ประโยชน์ที่ดิน" otherwise take half
    of a phone-wide chart; Thai words are never cut (only the spaces break).
    """
    lines: list[str] = []
    for word in text.split(" "):
        # a short lead (the sector code: I ... V) stays with the word after it
        if lines and (len(lines[-1]) + 1 + len(word) <= width or len(lines[-1]) <= 3):
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def result_charts(result: dict) -> dict[str, dict]:
    """Charts of one inventory result (by sector, scope and gas)."""
    sectors = [s for s in result.get("by_sector", []) if s.get("co2e")]
    by_sector = _bar(
        [wrap_label(f"{s['sector']} {pick(s, 'sector')}") for s in sectors],
        [s["co2e"] for s in sectors],
        tr("By sector (tCO2e)", "ตามภาคส่วน (tCO2e)"),
        [SECTOR_COLOURS.get(s["sector"], "#888") for s in sectors],
        orientation="h",
    )
    scopes = result.get("by_scope", [])
    by_scope = {
        "data": [
            {
                "type": "pie",
                "labels": [tr(f"Scope {s['scope']}", f"ขอบเขตที่ {s['scope']}") for s in scopes],
                "values": [max(s.get("co2e") or 0.0, 0.0) for s in scopes],
                "hole": 0.45,
                "hovertemplate": "%{label}: %{value:,.0f} tCO2e (%{percent})<extra></extra>",
            }
        ],
        "layout": {
            "title": {"text": tr("By scope", "ตามขอบเขต")},
            "height": 320,
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        },
    }
    gases = [g for g in result.get("by_gas", []) if g.get("co2e")]
    by_gas = _bar(
        [g["gas"] for g in gases],
        [g["co2e"] for g in gases],
        tr("By gas (tCO2e)", "ตามชนิดก๊าซ (tCO2e)"),
        orientation="h",
    )
    return {"sector": by_sector, "scope": by_scope, "gas": by_gas}


def trend_chart(points: list[dict]) -> dict:
    """BASIC and BASIC+ across years (one point per year: the latest visible version)."""
    years = [year_label(p["year"]) for p in points]
    traces = []
    for key, label in (
        ("total_basic", "BASIC"),
        ("total_basic_plus", "BASIC+"),
        ("total_territorial", tr("Territorial", "ตามขอบเขตพื้นที่")),
    ):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": label,
                "x": years,
                "y": [p[key] for p in points],
                "hovertemplate": "%{x}: %{y:,.0f} tCO2e<extra>" + label + "</extra>",
            }
        )
    return {
        "data": traces,
        "layout": {
            # the title at the top of a taller margin, the legend under it above the plot:
            # below the plot the legend covered the axis title, in a 40 px margin the title
            "title": {"text": tr("Trend (tCO2e)", "แนวโน้ม (tCO2e)"), "y": 0.97, "yanchor": "top"},
            "height": 340,
            "margin": {"l": 10, "r": 10, "t": 70, "b": 10},
            "xaxis": {
                "type": "category",
                "title": {"text": tr("year (CE)", "ปี (พ.ศ.)")},
                "automargin": True,
            },
            "yaxis": {"automargin": True},
            "legend": {
                "orientation": "h",
                "x": 1,
                "xanchor": "right",
                "y": 1.02,
                "yanchor": "bottom",
            },
        },
    }


def trend_points(access: Access, province: str) -> list[dict]:
    """The newest visible version of each year of a province."""
    rows = (
        access.inventories(Inventory.objects.filter(province=province))
        .exclude(total_basic_plus=None)
        .values("year", "version", "total_basic", "total_basic_plus", "total_territorial", "state")
        .order_by("year", "version")
    )
    latest: dict[int, dict] = {}
    for row in rows:
        latest[row["year"]] = row
    return [latest[y] for y in sorted(latest)]


def data_quality_summary(result: dict) -> list[dict]:
    """Lines and CO2e by data quality (H, M, L, not given)."""
    counts: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    total = 0.0
    for line in result.get("lines", []):
        if line.get("derived"):
            continue
        key = line.get("data_quality") or ""
        counts[key][0] += 1
        counts[key][1] += line.get("co2e") or 0.0
        total += line.get("co2e") or 0.0
    labels = {
        "H": tr("high", "สูง"),
        "M": tr("medium", "ปานกลาง"),
        "L": tr("low", "ต่ำ"),
        "": tr("not given", "ไม่ระบุ"),
    }
    return [
        {
            "quality": key or "-",
            "label": labels[key],
            "lines": counts[key][0],
            "co2e": counts[key][1],
            "share": (counts[key][1] / total * 100.0) if total else None,
        }
        for key in ("H", "M", "L", "")
        if key in counts
    ]


def comparison(access: Access, codes: list[str], year: int | None) -> list[dict]:
    """Side by side: per province, the newest visible inventory of ``year`` (or newest year)."""
    query = access.inventories(Inventory.objects.filter(province__in=codes)).exclude(
        total_basic_plus=None
    )
    if year is not None:
        query = query.filter(year=year)
    # the newest per province by its id first: decoding every version's result document
    # (~0.5 MB each) to keep one per province was most of the page's time
    newest: dict[str, int] = {}
    for pk, code in query.order_by("year", "version").values_list("pk", "province"):
        newest[code] = pk
    chosen = {
        inv.province: inv
        for inv in Inventory.objects.filter(pk__in=newest.values()).select_related(
            "result_document"
        )
    }
    table = provinces().set_index("code")
    out = []
    for code in codes:
        inv = chosen.get(code)
        row = table.loc[code]
        entry = {"code": code, "name": pick(row, "name"), "inventory": inv}
        if inv is not None:
            entry["totals"] = inv.result["totals"]
            entry["sectors"] = {s["sector"]: s["co2e"] for s in inv.result.get("by_sector", [])}
        out.append(entry)
    return out


def comparison_chart(entries: list[dict], sector_names: dict[str, str]) -> dict:
    traces = []
    shown = [e for e in entries if e.get("inventory") is not None]
    for sector, name in sector_names.items():
        traces.append(
            {
                "type": "bar",
                "name": f"{sector} {name}",
                "x": [f"{e['name']} {year_label(e['inventory'].year)}" for e in shown],
                "y": [e["sectors"].get(sector, 0.0) for e in shown],
                "marker": {"color": SECTOR_COLOURS.get(sector, "#888")},
            }
        )
    return {
        "data": traces,
        "layout": {
            "barmode": "stack",
            "height": 380,
            "title": {"text": tr("By sector (tCO2e)", "ตามภาคส่วน (tCO2e)")},
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "yaxis": {"automargin": True},
            "legend": {"orientation": "h"},
        },
    }
