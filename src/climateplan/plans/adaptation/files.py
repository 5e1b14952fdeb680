"""Downloads and chart data of the adaptation section, rebuilt from the STORED result
document (nothing is recomputed): the workbook of the whole plan, CSV tables, the
JSON, PNG charts (the engine's chart functions, :mod:`climateplan.adaptation.charts`,
fed with tables rebuilt from the document) and the GCoM export. Thai files show
Buddhist Era years, English ones Common Era years; every CSV and workbook goes
through the export sanitiser (:mod:`climateplan.reports.cells`).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from climateplan.adaptation import charts
from climateplan.reports.cells import csv_bytes, workbook_bytes

BE = 543
CSV_TABLES = (
    "actions",
    "priority",
    "sensitivity",
    "weight_switches",
    "economics",
    "costs",
    "cost_by_sector_year",
    "indicators",
    "coverage",
    "residual_register",
    "residual_matrix",
)
PNG_CHARTS = ("priority", "sensitivity", "cost_by_sector_year", "timeline", "risk_before_after")
SHEET_NAMES = {
    "th": {
        "actions": "มาตรการ",
        "priority": "ลำดับความสำคัญ",
        "sensitivity": "ความอ่อนไหว",
        "weight_switches": "จุดเปลี่ยนน้ำหนัก",
        "economics": "เศรษฐศาสตร์",
        "costs": "งบประมาณรายปี",
        "cost_by_sector_year": "งบรายสาขาและปี",
        "cost_by_source": "งบตามแหล่งเงิน",
        "indicators": "ตัวชี้วัด",
        "coverage": "ความครอบคลุม",
        "residual_register": "ความเสี่ยงคงเหลือ",
        "residual_matrix": "เมทริกซ์คงเหลือ",
        "gcom": "GCoM",
        "notes": "หมายเหตุ",
    },
    "en": {
        "actions": "actions",
        "priority": "priority",
        "sensitivity": "sensitivity",
        "weight_switches": "weight switches",
        "economics": "economics",
        "costs": "costs by year",
        "cost_by_sector_year": "cost by sector and year",
        "cost_by_source": "cost by source",
        "indicators": "indicators",
        "coverage": "coverage",
        "residual_register": "residual register",
        "residual_matrix": "residual matrix",
        "gcom": "GCoM",
        "notes": "notes",
    },
}
SYNTHETIC = (
    "SYNTHETIC EXAMPLE DATA: the risk profile behind this plan was made from synthetic "
    "example inputs, not official data",
    "ข้อมูลตัวอย่างสังเคราะห์: โปรไฟล์ความเสี่ยงของแผนนี้สร้างจากข้อมูลตัวอย่างสังเคราะห์ ไม่ใช่ข้อมูลทางการ",
)


def _say(en: str, th: str, lang: str) -> str:
    return th if lang == "th" else en


def _frame(document: dict, key: str) -> pd.DataFrame:
    return pd.DataFrame(document.get(key) or [])


def table(document: dict, key: str, lang: str = "th") -> pd.DataFrame:
    """One table of the document; in Thai the fiscal years are Buddhist Era."""
    frame = _frame(document, key)
    if lang == "th":
        for col in ("fiscal_year", "start_year", "end_year", "year"):
            be = f"{col}_be"
            if col in frame.columns and be in frame.columns:
                frame = frame.drop(columns=[col]).rename(columns={be: col})
            elif col == "year" and col in frame.columns and key == "indicators":
                frame[col] = pd.to_numeric(frame[col]) + BE
    else:
        frame = frame.drop(columns=[c for c in frame.columns if c.endswith("_be")])
    return frame


def gcom_frame(document: dict) -> pd.DataFrame:
    return _frame(document, "gcom")


def _notes_frame(document: dict, lang: str) -> pd.DataFrame:
    rows = []
    if document.get("synthetic"):
        rows.append(_say(*SYNTHETIC, lang))
    s = document["settings"]
    sens = s["sensitivity"]
    rows.append(
        _say(
            f"Weights: {s.get('weights_preset') or s['weights']}; discount rate "
            f"{s['discount_rate_pct']:g} % a year; sensitivity ±{sens['spread_pct']:g} % "
            f"on each weight, {sens['samples']:,} samples, top {sens['top']}",
            f"น้ำหนัก: {s.get('weights_preset') or s['weights']}; อัตราคิดลดร้อยละ "
            f"{s['discount_rate_pct']:g} ต่อปี; ความอ่อนไหว ±{sens['spread_pct']:g} % "
            f"ต่อเกณฑ์ {sens['samples']:,} ตัวอย่าง {sens['top']} อันดับแรก",
            lang,
        )
    )
    for w in document.get("warnings") or []:
        rows.append(w["message_th"] if lang == "th" else w["message_en"])
    return pd.DataFrame({_say("note", "หมายเหตุ", lang): rows})


def workbook(document: dict, lang: str = "th") -> bytes:
    """Every table in one workbook (sheets named in the language), sanitised."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    names = SHEET_NAMES[lang]
    frames = {"notes": _notes_frame(document, lang)}
    for key in (*CSV_TABLES, "cost_by_source"):
        frames[key] = table(document, key, lang)
    frames["gcom"] = gcom_frame(document)
    for key, frame in frames.items():
        sheet = book.create_sheet(names[key][:31])
        clean = frame.astype(object).where(frame.notna(), None)
        sheet.append([str(c) for c in clean.columns])
        for row in clean.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
    return workbook_bytes(book)  # sanitised before saving


def _cell(value):
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, np.generic):
        return value.item()
    return value


# ------------------------------------------------------------------------------ charts


def chart_plan(document: dict) -> SimpleNamespace:
    """The engine's chart functions read an AdaptationPlan; this is the same shape
    rebuilt from the stored document (tables, criteria, settings, framework labels)."""
    s = document["settings"]
    criteria = [SimpleNamespace(**c) for c in s["criteria"]]
    levels = [
        SimpleNamespace(id=lv["id"], label=SimpleNamespace(en=lv["en"], th=lv["th"]))
        for lv in document["matrix_levels"]
    ]
    sectors = {k: SimpleNamespace(**v) for k, v in document["nap_sectors"].items()}
    framework = SimpleNamespace(
        nap_sectors=sectors,
        settings=SimpleNamespace(register=SimpleNamespace(matrix_levels=levels)),
    )
    actions = _frame(document, "actions")
    for col in ("start_year", "end_year"):
        actions[col] = actions[col].astype(int)
    return SimpleNamespace(
        priority=_frame(document, "priority"),
        sensitivity=_frame(document, "sensitivity"),
        residual=_frame(document, "residual_register"),
        actions=actions,
        weights=SimpleNamespace(criteria=criteria),
        settings=SimpleNamespace(
            top=s["sensitivity"]["top"],
            spread_pct=s["sensitivity"]["spread_pct"],
            samples=s["sensitivity"]["samples"],
        ),
        context=SimpleNamespace(
            province=document["province"],
            matrix=_frame(document, "risk_matrix"),
            framework=framework,
        ),
    )


def png(document: dict, name: str, lang: str = "th") -> bytes:
    """One PNG chart of the document (``PNG_CHARTS``) in Thai or English."""
    plan = chart_plan(document)
    with tempfile.TemporaryDirectory(prefix="climateplan-adapt-") as folder:
        path = Path(folder) / f"{name}_{lang}.png"
        if name == "priority":
            charts.priority_png(plan, path, lang)
        elif name == "sensitivity":
            charts.sensitivity_png(plan, path, lang)
        elif name == "cost_by_sector_year":
            charts.cost_png(_frame(document, "cost_by_sector_year"), plan, path, lang)
        elif name == "timeline":
            charts.timeline_png(plan, path, lang)
        elif name == "risk_before_after":
            charts.risk_png(plan, path, lang)
        else:
            raise KeyError(name)
        if document.get("synthetic"):
            _label_synthetic(path, lang)
        return path.read_bytes()


def _label_synthetic(path: Path, lang: str) -> None:
    """A band above a chart made from a synthetic risk profile, saying so."""
    from matplotlib import font_manager
    from PIL import Image, ImageDraw, ImageFont

    from climateplan.risk.profile import SYNTHETIC_TITLE
    from climateplan.risk.profile.charts import thai_font_family

    family = thai_font_family() if lang == "th" else None
    text = SYNTHETIC_TITLE[0] if family else SYNTHETIC_TITLE[1]
    font_file = font_manager.findfont(family or "DejaVu Sans")
    font = ImageFont.truetype(font_file, 18)
    chart = Image.open(path).convert("RGB")
    band = 34
    out = Image.new("RGB", (chart.width, chart.height + band), "#fff7e6")
    out.paste(chart, (0, band))
    ImageDraw.Draw(out).text((10, 6), text, fill="#8a4b00", font=font)
    out.save(path, format="PNG")


# ------------------------------------------------------------------------------ files


def files(document: dict, lang: str = "th") -> dict[str, tuple[str, bytes]]:
    """Every download of the section: name -> (content type, bytes). CSV and XLSX
    sanitised; PNG in the language; the GCoM export in English field names."""
    suffix = f"_{lang}"
    out: dict[str, tuple[str, bytes]] = {
        f"adaptation_plan{suffix}.xlsx": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            workbook(document, lang),
        ),
        "adaptation_plan.json": (
            "application/json",
            json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
        ),
        "gcom_adaptation.csv": ("text/csv", csv_bytes(gcom_frame(document))),
    }
    for key in (*CSV_TABLES, "cost_by_source"):
        out[f"{key}{suffix}.csv"] = ("text/csv", csv_bytes(table(document, key, lang)))
    for name in PNG_CHARTS:
        out[f"{name}{suffix}.png"] = ("image/png", png(document, name, lang))
    return out


def file(document: dict, name: str, lang: str = "th") -> tuple[str, bytes]:
    """One download by name (as :func:`files` names it), built alone."""
    suffix = f"_{lang}"
    if name == f"adaptation_plan{suffix}.xlsx":
        return (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            workbook(document, lang),
        )
    if name == "adaptation_plan.json":
        return (
            "application/json",
            json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
        )
    if name == "gcom_adaptation.csv":
        return "text/csv", csv_bytes(gcom_frame(document))
    stem, _, ext = name.rpartition(".")
    key = stem.removesuffix(suffix)
    if ext == "csv" and stem.endswith(suffix) and key in (*CSV_TABLES, "cost_by_source"):
        return "text/csv", csv_bytes(table(document, key, lang))
    if ext == "png" and stem.endswith(suffix) and key in PNG_CHARTS:
        return "image/png", png(document, key, lang)
    raise KeyError(name)


def download_names(lang: str) -> list[str]:
    suffix = f"_{lang}"
    return [
        f"adaptation_plan{suffix}.xlsx",
        "adaptation_plan.json",
        "gcom_adaptation.csv",
        *(f"{k}{suffix}.csv" for k in (*CSV_TABLES, "cost_by_source")),
        *(f"{k}{suffix}.png" for k in PNG_CHARTS),
    ]


# ------------------------------------------------------------------------ chart data


def _label(row: dict, lang: str) -> str:
    return f"{row['code']} {row['name_th'] if lang == 'th' else row['name_en']}"


def _year(year: int, lang: str) -> str:
    return str(int(year) + BE) if lang == "th" else str(int(year))


def chart_data(document: dict, lang: str = "th") -> dict[str, Any]:
    """Plotly figures ({data, layout}) for the page, from the stored document only:
    priority (stacked points per criterion), sensitivity (probability of the top N),
    cost by NAP sector and fiscal year, timeline, and the risk matrix before/after.
    Thai labels and Buddhist Era years on Thai pages."""
    s = document["settings"]
    priority = document.get("priority") or []
    labels = [_label(r, lang) for r in priority]
    figures: dict[str, Any] = {}
    bars = []
    for k, c in enumerate(s["criteria"]):
        bars.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": [r.get(f"{c['id']}_points") for r in priority],
                "name": c["th"] if lang == "th" else c["en"],
                "marker": {"color": charts.PALETTE[k % len(charts.PALETTE)]},
                "hovertemplate": "%{y}: %{x:.1f}<extra>%{fullData.name}</extra>",
            }
        )
    height = 160 + 34 * max(len(priority), 1)
    figures["priority"] = {
        "data": bars,
        "layout": {
            "barmode": "stack",
            "height": height + 60,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
            "xaxis": {
                "title": {"text": _say("priority score (0-100)", "คะแนนความสำคัญ (0-100)", lang)},
                "range": [0, 100],
            },
            "yaxis": {"autorange": "reversed", "automargin": True},
            "legend": {"orientation": "h", "y": -0.25},
        },
    }
    sens = {r["code"]: r for r in document.get("sensitivity") or []}
    top = s["sensitivity"]["top"]
    figures["sensitivity"] = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": [100 * (sens.get(r["code"], {}).get("p_top") or 0) for r in priority],
                "marker": {"color": "#1f78b4"},
                "text": [
                    _say("rank ", "อันดับ ", lang)
                    + f"{sens[r['code']]['rank_p05']}-{sens[r['code']]['rank_p95']}"
                    for r in priority
                    if r["code"] in sens
                ],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{x:.0f} %<extra></extra>",
            }
        ],
        "layout": {
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 50},
            "xaxis": {
                "title": {
                    "text": _say(
                        f"probability of staying in the top {top} (%)",
                        f"ความน่าจะเป็นที่ยังอยู่ใน {top} อันดับแรก (%)",
                        lang,
                    )
                },
                "range": [0, 135],
            },
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    }
    by_sector = document.get("cost_by_sector_year") or []
    years = sorted({int(r["fiscal_year"]) for r in by_sector})
    traces = []
    for k, sector in enumerate(sorted({r["sector"] for r in by_sector})):
        rows = {int(r["fiscal_year"]): r["total_thb"] for r in by_sector if r["sector"] == sector}
        names = document["nap_sectors"][sector]
        traces.append(
            {
                "type": "bar",
                "x": [_year(y, lang) for y in years],
                "y": [rows.get(y, 0) / 1e6 for y in years],
                "name": names["th"] if lang == "th" else names["en"],
                "marker": {"color": charts.PALETTE[k % len(charts.PALETTE)]},
            }
        )
    figures["cost"] = {
        "data": traces,
        "layout": {
            "barmode": "stack",
            "height": 380,
            "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
            "xaxis": {
                "title": {"text": _say("fiscal year (CE)", "ปีงบประมาณ (พ.ศ.)", lang)},
                "type": "category",
            },
            "yaxis": {"title": {"text": _say("million THB", "ล้านบาท", lang)}},
            "legend": {"orientation": "h", "y": -0.25},
        },
    }
    actions = {a["code"]: a for a in document.get("actions") or []}
    ordered = [actions[r["code"]] for r in priority if r["code"] in actions]
    types = document["labels"]["action_type"]
    type_ids = sorted({a["type"] for a in ordered})
    timeline = []
    for k, t in enumerate(type_ids):
        mine = [a for a in ordered if a["type"] == t]
        timeline.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [_label(a, lang) for a in mine],
                "x": [int(a["end_year"]) - int(a["start_year"]) + 1 for a in mine],
                "base": [int(a["start_year"]) + (BE if lang == "th" else 0) - 0.5 for a in mine],
                "name": types[t]["th"] if lang == "th" else types[t]["en"],
                "marker": {"color": charts.PALETTE[k % len(charts.PALETTE)]},
                "hovertemplate": "%{y}<extra>%{fullData.name}</extra>",
            }
        )
    span = [int(a["start_year"]) for a in ordered] + [int(a["end_year"]) for a in ordered]
    ticks = list(range(min(span), max(span) + 1)) if span else []
    figures["timeline"] = {
        "data": timeline,
        "layout": {
            "barmode": "overlay",
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
            "xaxis": {
                "title": {"text": _say("fiscal year (CE)", "ปีงบประมาณ (พ.ศ.)", lang)},
                "tickvals": [int(_year(y, lang)) for y in ticks],
                "ticktext": [_year(y, lang) for y in ticks],
            },
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "categoryorder": "array",
                "categoryarray": [_label(a, lang) for a in ordered],
            },
            "legend": {"orientation": "h", "y": -0.25},
        },
    }
    figures["matrix"] = matrix_data(document, lang)
    return figures


def matrix_data(document: dict, lang: str) -> dict[str, Any]:
    """The 5 x 5 register matrix now and after the actions, as two HTML tables' cells:
    per cell its level and the hazards in it (the page draws them as tables)."""
    levels = {lv["id"]: i for i, lv in enumerate(document["matrix_levels"])}
    level_of = {
        (int(c["probability"]), int(c["consequence"])): c["matrix_level"]
        for c in document.get("risk_matrix") or []
    }
    key = "hazard_short_th" if lang == "th" else "hazard_short_en"
    out = {}
    for name, p_col, c_col in (
        ("before", "probability", "consequence"),
        ("after", "residual_probability", "residual_consequence"),
    ):
        grid = []
        for p in range(5, 0, -1):
            row = []
            for c in range(1, 6):
                level = level_of.get((p, c), "")
                hazards = [
                    r[key]
                    for r in document.get("residual_register") or []
                    if r.get(p_col) is not None
                    and r.get(c_col) is not None
                    and int(r[p_col]) == p
                    and int(r[c_col]) == c
                ]
                row.append({"level": level, "rank": levels.get(level, 0), "hazards": hazards})
            grid.append({"probability": p, "cells": row})
        out[name] = grid
    out["levels"] = [
        {"id": lv["id"], "label": lv["th"] if lang == "th" else lv["en"]}
        for lv in document["matrix_levels"]
    ]
    return out
