"""Files and chart data of the section, rebuilt from the STORED result document (no
recompute): the workbook of the whole plan, CSV tables, the JSON, PNG charts (the
engine's chart functions, fed with frames rebuilt from the document), and plain dicts
the web page gives to Plotly. Thai files show Buddhist Era years, English ones Common
Era years; every CSV and workbook goes through the export sanitiser.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from climateplan.mitigation import charts
from climateplan.mitigation.aggregate import basis_label
from climateplan.plans.reduction.inputs import BUDGET_SOURCES, ReductionInputs
from climateplan.plans.reduction.tables import YEAR_COLUMNS, input_tables
from climateplan.reports.cells import csv_bytes, workbook_bytes

BE = 543
TEXT = {
    "bau": ("Business as usual (BAU)", "กรณีดำเนินการตามปกติ (BAU)"),
    "plan": ("With the plan's measures", "กรณีดำเนินการตามแผน"),
    "target": ("Target", "เป้าหมาย"),
    "gap": (
        "Gap to the target: plan - target (t CO2e; net CO2: t CO2)",
        "ช่องว่างถึงเป้าหมาย: แผน - เป้าหมาย (ตัน CO2e; CO2 สุทธิ: ตัน CO2)",
    ),
    "gap_title": ("Gap to each target", "ช่องว่างถึงเป้าหมายแต่ละเป้า"),
    "sector_title": ("Emissions by sector with the plan", "การปล่อยก๊าซเรือนกระจกรายสาขาตามแผน"),
    "wedge_title": ("Reduction by measure", "ปริมาณที่ลดได้รายมาตรการ"),
    "macc_title": ("Marginal abatement cost curve", "เส้นต้นทุนส่วนเพิ่มของการลดก๊าซเรือนกระจก"),
    "per_capita": ("t CO2e per person", "ตัน CO2e ต่อคน"),
    "co2e": ("t CO2e per year", "ตัน CO2e ต่อปี"),
    "year": ("Year (CE)", "ปี พ.ศ."),
    "abated": ("t CO2e abated in", "ตัน CO2e ที่ลดได้ในปี"),
    "cost": ("THB per t CO2e", "บาทต่อตัน CO2e"),
}


def _t(key: str, lang: str) -> str:
    en, th = TEXT[key]
    return th if lang == "th" else en


def _year(year: int, lang: str) -> int:
    return int(year) + BE if lang == "th" else int(year)


def _name(item: dict, lang: str, key: str = "name") -> str:
    return str(item.get(f"{key}_th") if lang == "th" else item.get(f"{key}_en")) or ""


# Names of the national targets (ids of reference/data/mitigation_national_targets.csv)
NATIONAL_TARGET_NAMES = {
    "ndc_unconditional": ("NDC, unconditional", "NDC แบบไม่มีเงื่อนไข"),
    "ndc_conditional": ("NDC, conditional", "NDC แบบมีเงื่อนไข"),
    "carbon_neutrality_2050": ("Carbon neutrality", "ความเป็นกลางทางคาร์บอน"),
    "net_zero_2065": ("Net zero GHG emissions", "การปล่อยก๊าซเรือนกระจกสุทธิเป็นศูนย์"),
}


def target_title(target: dict, lang: str = "th") -> str:
    """A target of the result document as people read it, in ``lang``: a national
    target by its name and year; a province target by the description its officer gave,
    else by what its points say (e.g. "5 % below BAU in 2027"); the id as the last resort."""
    names = NATIONAL_TARGET_NAMES.get(str(target.get("name") or ""))
    if names is not None:
        return f"{names[1] if lang == 'th' else names[0]} {_year(target['year'], lang)}"
    own = str(target.get(f"title_{lang}") or "")
    if own:
        return own
    described = "; ".join(
        str(p.get(f"description_{lang}") or "") for p in target.get("points") or []
    ).strip("; ")
    return described or str(target.get("name") or "")


# --- chart data for the page (Plotly) -------------------------------------------------


def chart_data(document: dict, lang: str = "th") -> dict:
    """Plain dicts for the page's interactive charts: no calculation left to do."""
    years = document["years"]
    basis = document["basis"]
    totals = document["totals"][basis]
    sectors = [
        {
            "code": s["sector"],
            "name": f"{s['sector']} {_name(s, lang, 'sector')}",
            "colour": charts.SECTOR_COLOURS.get(s["sector"], "#999999"),
            "bau": s["bau"],
            "plan": s["plan"],
        }
        for s in document["by_sector"]
    ]
    targets = []
    for t in document["targets"]:
        own = t["basis"] != basis
        basis_of = t["basis_label_th" if lang == "th" else "basis_label_en"]
        title = target_title(t, lang)
        targets.append(
            {
                "name": t["name"],
                "name_en": target_title(t, "en"),
                "name_th": target_title(t, "th"),
                "title": title,
                "label": title + (f" ({basis_of})" if own else ""),
                "basis": t["basis"],
                "national": t["national"],
                "year": t["year"],
                "year_label": str(_year(t["year"], lang)),
                "path": t["path"],
                "gap": t["gap"],
                "bau": t["bau"],
                "plan": t["plan"],
                "other_basis": own,
            }
        )
    macc = document["macc"]
    bars = [
        {
            "measure": r["measure"],
            "name": r["name_th"] if lang == "th" else r["name_en"],
            "x_start": r["x_start"],
            "width": r["abatement"],
            "cost": r["levelised_cost_per_t"],
        }
        for r in macc["rows"]
    ]
    return {
        "lang": lang,
        "years": years,
        "year_labels": [str(_year(y, lang)) for y in years],
        "year_title": _t("year", lang),
        "unit": _t("co2e", lang),
        "basis": basis,
        "basis_label": document["basis_label_th" if lang == "th" else "basis_label_en"],
        "bau": {"name": _t("bau", lang), "values": totals["bau"]},
        "plan": {"name": _t("plan", lang), "values": totals["plan"]},
        "sectors": sectors,
        "wedges": [
            {"measure": w["measure"], "name": _name(w, lang), "values": w["values"]}
            for w in document["wedges"]
        ],
        "targets": targets,
        "macc": {
            "year": macc["year"],
            "year_label": str(_year(macc["year"], lang)),
            "title": f"{_t('macc_title', lang)} ({_year(macc['year'], lang)})",
            "x_title": f"{_t('abated', lang)} {_year(macc['year'], lang)}",
            "y_title": _t("cost", lang),
            "bars": bars,
        },
        "per_capita": {
            "unit": _t("per_capita", lang),
            "bau": document["per_capita"].get("bau", []),
            "plan": document["per_capita"].get("plan", []),
        },
        "titles": {
            "sectors": _t("sector_title", lang),
            "wedges": _t("wedge_title", lang),
            "gap": _t("gap_title", lang),
            "macc": _t("macc_title", lang),
        },
    }


# --- tables rebuilt from the document --------------------------------------------------


def result_tables(document: dict) -> dict[str, pd.DataFrame]:
    """The document's results as long tables (CE years)."""
    years = document["years"]
    n = len(years)
    totals = pd.concat(
        [
            pd.DataFrame({"basis": b, "year": years, "bau": v["bau"], "plan": v["plan"]})
            for b, v in document["totals"].items()
        ],
        ignore_index=True,
    )
    by_sector = pd.concat(
        [
            pd.DataFrame(
                {
                    "sector": s["sector"],
                    "sector_en": s["sector_en"],
                    "sector_th": s["sector_th"],
                    "year": years,
                    "bau": s["bau"],
                    "plan": s["plan"],
                }
            )
            for s in document["by_sector"]
        ]
        or [pd.DataFrame(columns=["sector", "sector_en", "sector_th", "year", "bau", "plan"])],
        ignore_index=True,
    )
    wedges = pd.DataFrame(
        [
            {
                "measure": w["measure"],
                "position": w["position"],
                "name_en": w["name_en"],
                "name_th": w["name_th"],
                "year": y,
                "reduction": v,
            }
            for w in document["wedges"]
            for y, v in zip(years, w["values"], strict=True)
        ],
        columns=["measure", "position", "name_en", "name_th", "year", "reduction"],
    )
    gap = pd.DataFrame(
        [
            {
                "target": t["name"],
                "basis": t["basis"],
                "national": t["national"],
                "year": years[i],
                "bau": t["bau"][i],
                "plan": t["plan"][i],
                "target_value": t["path"][i],
                "gap": t["gap"][i],
                "required_reduction": t["required"][i],
                "closed_pct": t["closed_pct"][i],
            }
            for t in document["targets"]
            for i in range(n)
        ],
        columns=[
            "target",
            "basis",
            "national",
            "year",
            "bau",
            "plan",
            "target_value",
            "gap",
            "required_reduction",
            "closed_pct",
        ],
    )
    targets = pd.DataFrame(
        [
            {
                "target": t["name"],
                "basis": t["basis"],
                "national": t["national"],
                "kind": p["kind"],
                "year": p["year"],
                "reduction_pct": p["reduction_pct"],
                "value": p["value"],
                "description_en": p["description_en"],
                "description_th": p["description_th"],
                "source": t["source"],
            }
            for t in document["targets"]
            for p in t["points"]
        ],
        columns=[
            "target",
            "basis",
            "national",
            "kind",
            "year",
            "reduction_pct",
            "value",
            "description_en",
            "description_th",
            "source",
        ],
    )
    macc = pd.DataFrame(document["macc"]["rows"])
    per_capita = pd.DataFrame(
        {
            "year": years,
            "population": document["per_capita"].get("population") or [None] * n,
            "bau_per_person": document["per_capita"].get("bau") or [None] * n,
            "plan_per_person": document["per_capita"].get("plan") or [None] * n,
        }
    )
    costs = pd.DataFrame(document["costs"]["by_measure"])
    budget = pd.DataFrame(
        document["costs"]["by_fiscal_year"],
        columns=["fiscal_year", "source", "source_en", "source_th", "amount_thb"],
    )
    warnings = pd.DataFrame(
        document["warnings"],
        columns=["message_th", "message_en", "file", "sheet", "row", "column", "value"],
    )
    return {
        "totals": totals,
        "by_sector": by_sector,
        "wedges": wedges,
        "targets": targets,
        "gap": gap,
        "macc": macc,
        "measures": pd.DataFrame(document["measures"]),
        "costs": costs,
        "budget_by_year": budget,
        "per_capita": per_capita,
        "warnings": warnings,
    }


def sources_table(document: dict, inputs: ReductionInputs) -> pd.DataFrame:
    """Where every figure of the plan comes from: each driver, grid, measure and target
    row's sources as entered (defaults carry the shipped data's sources), and the
    methods."""
    rows = []
    for r in inputs.drivers:
        rows.append(("drivers", f"{r.get('driver')} {r.get('year')}", "source", r.get("source")))
    for r in inputs.grid:
        rows.append(("grid_ef", str(r.get("year")), "source", r.get("source")))
    for r in inputs.measures:
        mid = r.get("id") or r.get("library_id")
        for key in ("source", "source_effect", "source_uptake", "source_cost"):
            rows.append(("measures", mid, key, r.get(key)))
    for r in inputs.targets:
        rows.append(("targets", r.get("name"), "source", r.get("source")))
    rows += [
        (
            "method",
            "projection, measures, targets, costs",
            "method",
            "ClimatePlan TH planning engine (docs/mitigation.md): BAU = base-year line x "
            "driver index x intensity trend x grid factor ratio; measures applied in order; "
            "target paths linear from the base year; levelised cost with the capital "
            "recovery factor (IPCC AR5 WGIII Annex II, A.II.3.1)",
        ),
        ("method", "GWP", "method", f"{document['gwp']} (the base inventory's GWP set)"),
    ]
    frame = pd.DataFrame(rows, columns=["table", "item", "field", "source"])
    return frame.loc[frame["source"].notna() & (frame["source"].astype(str) != "")]


def _localised(frame: pd.DataFrame, lang: str, *, rename: bool = True) -> pd.DataFrame:
    """Thai files: year columns in the Buddhist Era, marked in their heading (``rename``;
    the input tables keep the upload format's headings, whose years may be BE)."""
    if lang != "th" or frame.empty:
        return frame
    out = frame.copy()
    for column in list(out.columns):
        if column in YEAR_COLUMNS:
            numbers = pd.to_numeric(out[column], errors="coerce")
            out[column] = [
                int(n) + BE if pd.notna(n) else v for n, v in zip(numbers, out[column], strict=True)
            ]
            if rename:
                out = out.rename(columns={column: f"{column}_be"})
    return out


def files(document: dict, inputs: ReductionInputs, lang: str = "th") -> dict[str, bytes]:
    """Every file of the section (name -> bytes), from the stored document and inputs."""
    results = result_tables(document)
    results["sources"] = sources_table(document, inputs)
    entered = input_tables(inputs)
    out: dict[str, bytes] = {}
    for name, frame in results.items():
        out[f"{name}.csv"] = csv_bytes(_localised(frame, lang))
    for name, frame in entered.items():
        out[f"input_{name}.csv"] = csv_bytes(_localised(frame, lang, rename=False))
    out["plan.json"] = json.dumps(
        {"result": document, "inputs": inputs.to_json()}, ensure_ascii=False, indent=1
    ).encode("utf-8")
    out["plan.xlsx"] = _workbook(document, inputs, results, entered, lang)
    out.update(chart_pngs(document, lang))
    return out


def _workbook(document, inputs, results, entered, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    info = book.active
    info.title = "สรุป" if lang == "th" else "summary"
    province = document["province_name_th" if lang == "th" else "province_name_en"]
    s = document["summary"]
    if lang == "th":
        lines = [
            ["แผนลดก๊าซเรือนกระจก", province],
            ["ปีฐาน", s["base_year"] + BE],
            ["ปีรายงาน", s["report_year"] + BE],
            ["ยอดรวม", document["basis_label_th"]],
            ["การปล่อยปีฐาน (ตัน CO2e)", s["base"]],
            ["กรณีปกติในปีรายงาน (ตัน CO2e)", s["bau"]],
            ["ตามแผนในปีรายงาน (ตัน CO2e)", s["plan"]],
            ["จำนวนมาตรการ", s["measures"]],
            ["เงินลงทุนรวม (บาท)", s["cost_total_thb"]],
            ["งบประมาณรวม (บาท)", s["budget_total_thb"]],
            ["GWP", document["gwp"]],
        ]
        head = ["เป้าหมาย", "ปี พ.ศ.", "ยอดรวม", "ค่าเป้าหมาย", "ตามแผน", "ช่องว่าง"]
    else:
        lines = [
            ["GHG reduction plan", province],
            ["Base year", s["base_year"]],
            ["Report year", s["report_year"]],
            ["Basis", document["basis_label_en"]],
            ["Base-year emissions (t CO2e)", s["base"]],
            ["BAU in the report year (t CO2e)", s["bau"]],
            ["Plan in the report year (t CO2e)", s["plan"]],
            ["Measures", s["measures"]],
            ["Capital cost (THB)", s["cost_total_thb"]],
            ["Budget (THB)", s["budget_total_thb"]],
            ["GWP", document["gwp"]],
        ]
        head = ["Target", "Year", "Basis", "Target value", "Plan", "Gap"]
    for line in lines:
        info.append(line)
    info.append([])
    info.append(head)
    for t in s["targets"]:
        info.append(
            [
                t["name"],
                _year(t["year"], lang),
                basis_label(t["basis"], lang),
                t["value"],
                t["plan"],
                t["gap"],
            ]
        )
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 30
    bold = Font(bold=True)
    for name, frame, rename in [
        *((f"input_{k}", v, False) for k, v in entered.items()),
        *((k, v, True) for k, v in results.items()),
    ]:
        sheet = book.create_sheet(name[:31])
        frame = _localised(frame, lang, rename=rename)
        sheet.append([str(c) for c in frame.columns])
        for c in sheet[1]:
            c.font = bold
        for rec in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in rec])
    return workbook_bytes(book)


def _cell(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


# --- PNG charts -------------------------------------------------------------------------


def chart_pngs(document: dict, lang: str = "th") -> dict[str, bytes]:
    """emissions_by_sector.png, wedges.png, gap.png, macc.png (one language)."""
    years = np.asarray(document["years"], int)
    basis = document["basis"]
    totals = document["totals"]
    bau = np.asarray(totals[basis]["bau"], float)
    plan = np.asarray(totals[basis]["plan"], float)
    rows = []
    for s in document["by_sector"]:
        for y, v in zip(years, s["plan"], strict=True):
            rows.append(
                {
                    "scenario": "plan",
                    "sector": s["sector"],
                    "sector_en": s["sector_en"],
                    "sector_th": s["sector_th"],
                    "year": int(y),
                    "co2e": v,
                }
            )
    by_sector = pd.DataFrame(
        rows, columns=["scenario", "sector", "sector_en", "sector_th", "year", "co2e"]
    )
    paths = pd.DataFrame(
        [
            {"target": t["name"], "basis": t["basis"], "year": int(y), "value": v}
            for t in document["targets"]
            for y, v in zip(years, t["path"], strict=True)
        ],
        columns=["target", "basis", "year", "value"],
    )
    other = sorted({(t["name"], t["basis"]) for t in document["targets"] if t["basis"] != basis})
    other_bau = {b: pd.Series(np.asarray(totals[b]["bau"], float), index=years) for _, b in other}
    note = charts.left_out_note(other)
    province = (document["province_name_en"], document["province_name_th"])
    suffix = (
        f"\n{province[0]}: {TEXT['plan'][0]} — {document['basis_label_en']}",
        f"\n{province[1]}: {TEXT['plan'][1]} — {document['basis_label_th']}",
    )
    out = {
        "emissions_by_sector.png": charts.sector_stack_png(
            by_sector,
            "plan",
            pd.Series(bau, index=years),
            paths,
            title_suffix=suffix,
            note=note,
            other_bau=other_bau,
            lang=lang,
        )
    }
    impacts = pd.DataFrame(
        [w["values"] for w in document["wedges"]],
        index=[w["measure"] for w in document["wedges"]],
        columns=years,
        dtype=float,
    )
    names = {w["measure"]: (w["name_en"], w["name_th"]) for w in document["wedges"]}
    out["wedges.png"] = charts.wedge_png(
        years,
        bau,
        plan,
        impacts,
        names,
        paths,
        title_suffix=suffix,
        note=note,
        other_bau=other_bau,
        lang=lang,
    )
    out["gap.png"] = _gap_png(document, lang)
    macc = pd.DataFrame(document["macc"]["rows"])
    if macc.empty:
        macc = pd.DataFrame(
            columns=["x_start", "abatement", "levelised_cost_per_t", "name_en", "name_th"]
        )
    out["macc.png"] = charts.macc_png(macc, document["macc"]["year"], "THB", lang=lang)
    return out


def _gap_png(document: dict, lang: str) -> bytes:
    """Gap (plan - target) of each target set over the years, each on its own basis;
    above zero: short of the target."""
    from matplotlib.ticker import FuncFormatter

    years = np.asarray(document["years"], int)
    with charts._canvas(lang, height=5.0) as (fig, ax, lang):
        for t in document["targets"]:
            values = np.asarray([np.nan if v is None else v for v in t["gap"]], float)
            label = f"{t['name']} ({t['basis_label_th' if lang == 'th' else 'basis_label_en']})"
            ax.plot(years, values, linewidth=1.6, label=label)
            i = int(np.searchsorted(years, t["year"]))
            if i < len(years):
                ax.plot([years[i]], [values[i]], marker="o", color=ax.lines[-1].get_color())
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_title(
            _t("gap_title", lang)
            + f"\n{document['province_name_th' if lang == 'th' else 'province_name_en']}",
            fontsize=10,
        )
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: str(_year(round(v), lang))))
        ax.set_xlabel(_t("year", lang))
        ax.set_ylabel(_t("gap", lang))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        if document["targets"]:
            ax.legend(
                fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False
            )
        return charts._png(fig)


__all__ = ["BUDGET_SOURCES", "chart_data", "chart_pngs", "files", "result_tables"]
