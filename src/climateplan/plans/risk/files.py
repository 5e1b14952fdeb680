"""Downloads and chart data of the risk section, rebuilt from the STORED document
(nothing is recomputed): the workbook, CSVs, ``profile.json`` and PNG charts drawn by the
risk engine's chart functions (:mod:`climateplan.risk.profile.charts`), and plain dicts
for the page's Plotly charts. Every title says SYNTHETIC when the document does.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch

from climateplan.plans.period import period_label
from climateplan.plans.risk.document import document_framework
from climateplan.plans.risk.geo import map_geojson
from climateplan.reports.cells import csv_bytes, safe_frame, workbook_bytes
from climateplan.reports.maps import ASPECT, BOUNDARY_CREDIT, BOUNDARY_CREDIT_TH, rings_xy
from climateplan.risk.index.framework import period_years
from climateplan.risk.index.scoring import classify
from climateplan.risk.profile import charts

SHEETS = {  # document key -> (Thai sheet name, English sheet name)
    "hazards": ("รายภัย", "hazards"),
    "sectors": ("รายสาขา", "sectors"),
    "hazard_sector": ("ภัยxสาขา", "hazard_sector"),
    "register": ("ทะเบียนความเสี่ยง", "register"),
    "risk_matrix": ("เมทริกซ์", "matrix"),
    "indicators": ("ตัวชี้วัด", "indicators"),
    "components": ("องค์ประกอบ", "components"),
    "expected_annual_impact": ("ผลกระทบเฉลี่ยรายปี", "expected_annual_impact"),
}


def _frame(records: list[dict] | None) -> pd.DataFrame:
    return pd.DataFrame(records or [])


def _title(document: dict, th: str, en: str) -> tuple[str, str]:
    marker = document.get("synthetic_title")
    if marker:
        return f"{marker['th']} – {th}", f"{marker['en']} – {en}"
    return th, en


def _png_title(document: dict, th: str, en: str) -> tuple[str, str]:
    """A PNG title: the chart functions join Thai and English on one line, which the
    synthetic marker makes wider than the narrower figures; English goes below."""
    th, en = _title(document, th, en)
    return (th, "\n" + en) if charts.thai_font_family() else (th, en)


def _text(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "th" else pair[1]


def _drop_drivers(records: list[dict]) -> pd.DataFrame:
    frame = _frame(records)
    if "drivers" in frame.columns:
        frame["drivers"] = [
            "; ".join(f"{d['indicator']} ({d['contribution']:.2f})" for d in (ds or []))
            for ds in frame["drivers"]
        ]
    return frame


def scores_table(document: dict) -> pd.DataFrame:
    """Overall, per-hazard and per-sector scores in one table."""
    overall = {**document["overall"], "context": "overall"}
    overall.pop("drivers", None)
    parts = [
        pd.DataFrame([overall]).assign(context_kind="overall"),
        _drop_drivers(document.get("hazards")).assign(context_kind="hazard"),
        _drop_drivers(document.get("sectors")).assign(context_kind="sector"),
    ]
    table = pd.concat(parts, ignore_index=True)
    columns = ["context_kind", "context"] + [
        c
        for c in table.columns
        if c not in ("context_kind", "context", "province", "name_th", "name_en")
    ]
    return table[columns].assign(synthetic_inputs=bool(document.get("synthetic")))


def _districts_table(document: dict) -> pd.DataFrame:
    districts = document.get("districts") or {}
    rows = []
    for ind in districts.get("indicators") or []:
        for r in ind["rows"]:
            rows.append({"indicator": ind["indicator"], "unit": ind["unit"], **r})
    return pd.DataFrame(rows)


def _period_text(period: str | None, lang: str) -> str:
    """A projection period in the reader's era (BE on Thai documents)."""
    years = period_years(period or "")
    return period_label(*years, lang) if years else (period or "")


def _summary_rows(document: dict, lang: str) -> list[list[Any]]:
    s = document["summary"]
    p = document["province"]
    th = lang == "th"
    fw = document_framework(document)
    hazard_names = [
        (fw.hazards[h["hazard"]].name.th if th else fw.hazards[h["hazard"]].name.en)
        if h["hazard"] in fw.hazards
        else h["hazard"]
        for h in s["top_hazards"]
    ]
    score = s["overall_score"]
    yes, no = ("ใช่", "ไม่ใช่") if th else ("yes", "no")
    rows = [
        [
            "จังหวัด" if th else "Province",
            f"{p['name_th'] if th else p['name_en']} ({p['code']})",
        ],
        [
            "กรอบดัชนี" if th else "Framework",
            f"{document['framework']['name_th' if th else 'name_en']} "
            f"{document['framework']['version']}",
        ],
        ["ฉากทัศน์" if th else "Scenario", document.get("scenario") or ""],
        [
            "ช่วงปีคาดการณ์" if th else "Projection period",
            _period_text(document.get("period"), lang),
        ],
        [
            "คะแนนความเสี่ยงรวม (0-10)" if th else "Overall risk (0-10)",
            None if score is None else round(score, 2),
        ],
        [
            "ระดับ" if th else "Class",
            s["overall_class_th"] if th else s["overall_class_en"],
        ],
        ["ภัยที่มีความเสี่ยงสูงสุด" if th else "Top hazards", ", ".join(hazard_names)],
        ["ความเสี่ยงระดับสูงและสูงมาก" if th else "High and very high risks", s["high_risks"]],
        ["ข้อมูลสังเคราะห์" if th else "Synthetic inputs", yes if s["synthetic"] else no],
    ]
    notice = document.get("synthetic_notice")
    if notice:
        rows.insert(0, [notice["th" if th else "en"]])
    for note in document.get("notes") or []:
        rows.append(["หมายเหตุ" if th else "Note", note["th" if th else "en"]])
    return rows


def workbook(document: dict, lang: str = "th") -> bytes:
    """``risk_profile.xlsx``: summary, scores, register, matrix, indicators, districts."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = book.active
    first.title = "สรุป" if lang == "th" else "summary"
    title = _title(
        document,
        f"โปรไฟล์ความเสี่ยงด้านสภาพภูมิอากาศ: {document['province']['name_th']}",
        f"Climate risk profile: {document['province']['name_en']}",
    )
    first.append([_text(title, lang)])
    first["A1"].font = Font(bold=True, size=13)
    for row in _summary_rows(document, lang):
        first.append(row)
    first.column_dimensions["A"].width = 34
    first.column_dimensions["B"].width = 70
    tables = {"scores": scores_table(document)}
    tables.update({key: _drop_drivers(document.get(key)) for key in SHEETS if document.get(key)})
    names = {"scores": ("คะแนน", "scores"), **SHEETS}
    for key, frame in tables.items():
        if key in ("hazards", "sectors"):
            continue  # already in the scores sheet
        _append_sheet(
            book,
            _text(names[key], lang),
            frame.assign(synthetic_inputs=bool(document.get("synthetic"))),
        )
    districts = _districts_table(document)
    if not districts.empty:
        _append_sheet(
            book,
            "อำเภอ" if lang == "th" else "districts",
            districts.assign(synthetic_inputs=bool(document.get("synthetic"))),
        )
    return workbook_bytes(book)


def _append_sheet(book, name: str, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(name[:31])
    frame = safe_frame(frame)
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = "A2"


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, np.generic):
        return value.item()
    return value


# ---------------------------------------------------------------------------- charts


def _hazard_labels(fw, table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table["label_th"] = table["context"].map(lambda h: fw.hazards[h].name.th)
    table["label_en"] = table["context"].map(lambda h: fw.hazards[h].name.en)
    return table


def _sector_labels(fw, table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table["label_th"] = table["context"].map(lambda s: fw.nap_sectors[s].th)
    table["label_en"] = table["context"].map(lambda s: fw.nap_sectors[s].en)
    return table


def _applicable_hazard_sector(document: dict) -> pd.DataFrame:
    table = _frame(document.get("hazard_sector"))
    applicable = {h["context"] for h in document.get("hazards") or []}
    return table[table["hazard"].isin(applicable)].reset_index(drop=True)


def png_charts(document: dict) -> dict[str, bytes]:
    """The PNG charts (bilingual labels when a Thai font is installed)."""
    fw = document_framework(document)
    bands = fw.settings.classes
    name_th, name_en = document["province"]["name_th"], document["province"]["name_en"]
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="climateplan-risk-") as folder:
        folder = Path(folder)
        hazards = _hazard_labels(fw, _frame(document.get("hazards")))
        sectors = _sector_labels(fw, _frame(document.get("sectors")))
        jobs = [
            (
                "hazard_scores.png",
                lambda p: charts.bars_png(
                    hazards,
                    bands,
                    _png_title(document, f"ความเสี่ยงรายภัย: {name_th}", f"Risk by hazard: {name_en}"),
                    p,
                ),
            ),
            (
                "sector_scores.png",
                lambda p: charts.bars_png(
                    sectors,
                    bands,
                    _png_title(
                        document,
                        f"ความเสี่ยงรายสาขา NAP: {name_th}",
                        f"Risk by NAP sector: {name_en}",
                    ),
                    p,
                ),
            ),
            (
                "risk_matrix.png",
                lambda p: charts.matrix_png(
                    _frame(document["risk_matrix"]),
                    fw.settings.register.matrix_levels,
                    _png_title(document, f"เมทริกซ์ความเสี่ยง: {name_th}", f"Risk matrix: {name_en}"),
                    p,
                ),
            ),
            (
                "hazard_sector.png",
                lambda p: charts.hazard_sector_png(
                    _applicable_hazard_sector(document),
                    bands,
                    _png_title(
                        document,
                        f"ความเสี่ยงรายภัยและสาขา NAP: {name_th}",
                        f"Risk by hazard and NAP sector: {name_en}",
                    ),
                    p,
                ),
            ),
            (
                "map.png",
                lambda p: charts.map_png(
                    pd.DataFrame(
                        [
                            {
                                "province": document["province"]["code"],
                                "class": document["overall"]["class"],
                            }
                        ]
                    ),
                    document["province"]["code"],
                    bands,
                    _png_title(
                        document,
                        f"ความเสี่ยงด้านสภาพภูมิอากาศ: {name_th}",
                        f"Climate risk: {name_en}",
                    ),
                    p,
                ),
            ),
        ]
        if hazards.empty:
            jobs = [j for j in jobs if j[0] not in ("hazard_scores.png", "hazard_sector.png")]
        for name, draw in jobs:
            draw(folder / name)
            out[name] = (folder / name).read_bytes()
    for ind in (document.get("districts") or {}).get("indicators") or []:
        out[f"district_map_{ind['indicator']}.png"] = district_map_png(document, ind, bands)
    return out


def district_map_png(document: dict, indicator: dict, bands) -> bytes:
    """The province's districts coloured by the class of one gridded indicator's
    0-10 score (the risk classes' colours), values written in the legend title."""
    import io

    geo = map_geojson(document["province"]["code"])
    by_code = {r["district"]: r for r in indicator["rows"]}
    scores = np.array(
        [(by_code.get(f["id"]) or {}).get("score") or np.nan for f in geo["features"]]
    )
    found = classify(scores.astype(float), bands)
    order = {b.id: i for i, b in enumerate(bands)}
    title = _png_title(
        document,
        f"{indicator['name_th']} รายอำเภอ: {document['province']['name_th']}",
        f"{indicator['name_en']} by district: {document['province']['name_en']}",
    )
    with matplotlib.rc_context(charts._style()):
        fig = Figure(figsize=(7, 7.5), dpi=110)
        ax = fig.subplots()
        for feature, cls in zip(geo["features"], found, strict=True):
            k = order.get(cls, -1)
            colour = (
                charts.CLASS_COLOURS[k]
                if 0 <= k < len(charts.CLASS_COLOURS)
                else charts.NO_DATA_COLOUR
            )
            shape = charts._feature_path(feature["geometry"])
            ax.add_patch(PathPatch(shape, facecolor=colour, edgecolor="white", linewidth=0.6))
        ax.autoscale_view()
        ax.set_aspect(1.0 / np.cos(np.radians(13.0)))
        ax.axis("off")
        handles = [
            Patch(facecolor=c, label=charts._text(b.label.th, b.label.en))
            for c, b in zip(charts.CLASS_COLOURS, bands, strict=False)
        ]
        handles.append(
            Patch(facecolor=charts.NO_DATA_COLOUR, label=charts._text("ไม่มีข้อมูล", "No data"))
        )
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=8,
            frameon=False,
            title=charts._text("คะแนน 0-10", "Score 0-10"),
            title_fontsize=9,
        )
        ax.set_title(charts._text(*title), fontsize=10)
        credit = (
            f"{BOUNDARY_CREDIT_TH} / {BOUNDARY_CREDIT}"
            if charts.thai_font_family()
            else BOUNDARY_CREDIT
        )
        fig.text(0.01, 0.01, credit, fontsize=6, color="#555555")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def files(document: dict, lang: str = "th") -> dict[str, bytes]:
    """Every download of the section, by file name, rebuilt from the stored document."""
    synthetic = bool(document.get("synthetic"))
    out = {
        "risk_profile.xlsx": workbook(document, lang),
        "scores.csv": csv_bytes(scores_table(document)),
        "register.csv": csv_bytes(
            _frame(document.get("register")).assign(synthetic_inputs=synthetic)
        ),
        "hazard_sector.csv": csv_bytes(
            _frame(document.get("hazard_sector")).assign(synthetic_inputs=synthetic)
        ),
        "risk_matrix.csv": csv_bytes(
            _frame(document.get("risk_matrix")).assign(synthetic_inputs=synthetic)
        ),
        "indicators.csv": csv_bytes(
            _frame(document.get("indicators")).assign(synthetic_inputs=synthetic)
        ),
        "profile.json": json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"),
    }
    districts = _districts_table(document)
    if not districts.empty:
        out["districts.csv"] = csv_bytes(districts.assign(synthetic_inputs=synthetic))
    out.update(png_charts(document))
    return out


# ------------------------------------------------------------------ Plotly chart data


def _class_colour(class_id: str | None, bands) -> str:
    order = {b.id: i for i, b in enumerate(bands)}
    k = order.get(class_id or "", -1)
    return charts.CLASS_COLOURS[k] if 0 <= k < len(charts.CLASS_COLOURS) else charts.NO_DATA_COLOUR


def _bars(document: dict, key: str, labels: dict, title: tuple[str, str], lang: str, bands):
    rows = document.get(key) or []
    return {
        "title": _text(_title(document, *title), lang),
        "ids": [r["context"] for r in rows],
        "labels": [labels.get(r["context"], r["context"]) for r in rows],
        "values": [r.get("risk") for r in rows],
        "classes": [r.get("class_th" if lang == "th" else "class_en") for r in rows],
        "colours": [_class_colour(r.get("class"), bands) for r in rows],
        "range": [0, 10],
        "axis_title": "คะแนนความเสี่ยง (0-10)" if lang == "th" else "Risk score (0-10)",
    }


def chart_data(document: dict, lang: str = "th") -> dict[str, Any]:
    """Plain dicts for the page's Plotly charts: hazard and sector bars, the 5 x 5
    matrix heat map, the hazard x sector heat map and the district choropleth data
    (``featureidkey`` ``id`` of :func:`map_geojson`)."""
    fw = document_framework(document)
    bands = fw.settings.classes
    th = lang == "th"
    name = document["province"]["name_th" if th else "name_en"]
    hazard_names = {h: (hz.name.th if th else hz.name.en) for h, hz in fw.hazards.items()}
    sector_names = {s: (lb.th if th else lb.en) for s, lb in fw.nap_sectors.items()}
    levels = fw.settings.register.matrix_levels
    order = {b.id: i for i, b in enumerate(levels)}
    z = [[0] * 5 for _ in range(5)]
    text = [[""] * 5 for _ in range(5)]
    hover = [[""] * 5 for _ in range(5)]
    for cell in document.get("risk_matrix") or []:
        i, j = int(cell["probability"]) - 1, int(cell["consequence"]) - 1
        z[i][j] = order.get(cell["matrix_level"], 0)
        shorts = [
            s for s in str(cell["hazards_short_th" if th else "hazards_short_en"]).split(", ") if s
        ]
        text[i][j] = "<br>".join(shorts)
        hover[i][j] = (
            f"{cell['hazards_th' if th else 'hazards_en'] or ('ไม่มี' if th else 'none')}<br>"
            f"{cell['matrix_level_th' if th else 'matrix_level_en']}"
        )
    n_levels = max(len(levels) - 1, 1)
    hs = _applicable_hazard_sector(document)
    hazards_in = list(dict.fromkeys(hs["hazard"])) if not hs.empty else []
    sectors_in = list(dict.fromkeys(hs["sector"])) if not hs.empty else []
    class_pos = {b.id: i for i, b in enumerate(bands)}
    hz_z, hz_text = [], []
    if not hs.empty:
        wide = hs.set_index(["hazard", "sector"])
        for h in hazards_in:
            hz_z.append([class_pos.get(wide.loc[(h, s), "class"] or "", -1) for s in sectors_in])
            hz_text.append(
                [
                    "-" if pd.isna(wide.loc[(h, s), "risk"]) else f"{wide.loc[(h, s), 'risk']:.1f}"
                    for s in sectors_in
                ]
            )
    colours = [charts.NO_DATA_COLOUR, *charts.CLASS_COLOURS[: len(bands)]]
    class_scale = []
    for k, colour in enumerate(colours):  # discrete: one band per class, -1 = no score
        class_scale += [[k / len(colours), colour], [(k + 1) / len(colours), colour]]
    districts = None
    if document.get("districts"):
        districts = {
            "title": _text(
                _title(
                    document,
                    f"ค่ารายอำเภอ: {document['province']['name_th']}",
                    f"District values: {document['province']['name_en']}",
                ),
                lang,
            ),
            "featureidkey": "id",
            # district outlines as x / y rings (None between rings) for filled scatter
            # traces: drawn without Plotly's geo base map, which it fetches online
            "outlines": {
                f["id"]: dict(zip(("x", "y"), rings_xy(f["geometry"]), strict=True))
                for f in map_geojson(document["province"]["code"])["features"]
            },
            "aspect": ASPECT,
            "note": document["districts"]["note"][lang if th else "en"],
            "zmin": 0,
            "zmax": 10,
            "colorscale": [
                [i / (len(charts.CLASS_COLOURS) - 1), c] for i, c in enumerate(charts.CLASS_COLOURS)
            ],
            "indicators": [
                {
                    "indicator": ind["indicator"],
                    "name": ind["name_th" if th else "name_en"],
                    "unit": ind["unit"],
                    "locations": [r["district"] for r in ind["rows"]],
                    "names": [r["name_th" if th else "name_en"] for r in ind["rows"]],
                    "values": [r["value"] for r in ind["rows"]],
                    "scores": [r["score"] for r in ind["rows"]],
                    "colours": [
                        _class_colour(c, bands)
                        for c in classify(
                            np.array(
                                [np.nan if r["score"] is None else r["score"] for r in ind["rows"]]
                            ),
                            bands,
                        )
                    ],
                }
                for ind in document["districts"]["indicators"]
            ],
        }
    return {
        "synthetic": bool(document.get("synthetic")),
        "notice": (document.get("synthetic_notice") or {}).get(lang if th else "en"),
        "hazard_bars": _bars(
            document,
            "hazards",
            hazard_names,
            (
                f"ความเสี่ยงรายภัย: {document['province']['name_th']}",
                f"Risk by hazard: {document['province']['name_en']}",
            ),
            lang,
            bands,
        ),
        "sector_bars": _bars(
            document,
            "sectors",
            sector_names,
            (
                f"ความเสี่ยงรายสาขา NAP: {document['province']['name_th']}",
                f"Risk by NAP sector: {document['province']['name_en']}",
            ),
            lang,
            bands,
        ),
        "matrix": {
            "title": _text(
                _title(
                    document,
                    f"เมทริกซ์ความเสี่ยง: {document['province']['name_th']}",
                    f"Risk matrix: {document['province']['name_en']}",
                ),
                lang,
            ),
            "x": [1, 2, 3, 4, 5],
            "y": [1, 2, 3, 4, 5],
            "z": z,
            "text": text,
            "hover": hover,
            "zmin": 0,
            "zmax": n_levels,
            "colorscale": [
                [i / n_levels, charts.MATRIX_COLOURS[min(i, len(charts.MATRIX_COLOURS) - 1)]]
                for i in range(n_levels + 1)
            ],
            "levels": [
                {
                    "id": b.id,
                    "label": b.label.th if th else b.label.en,
                    "colour": charts.MATRIX_COLOURS[min(i, len(charts.MATRIX_COLOURS) - 1)],
                }
                for i, b in enumerate(levels)
            ],
            "x_title": "ผลกระทบ (1-5)" if th else "Consequence (1-5)",
            "y_title": "โอกาสเกิด (1-5)" if th else "Likelihood (1-5)",
        },
        "hazard_sector": {
            "title": _text(
                _title(
                    document,
                    f"ความเสี่ยงรายภัยและสาขา NAP: {document['province']['name_th']}",
                    f"Risk by hazard and NAP sector: {document['province']['name_en']}",
                ),
                lang,
            ),
            "x": [sector_names.get(s, s) for s in sectors_in],
            "y": [hazard_names.get(h, h) for h in hazards_in],
            "z": hz_z,
            "text": hz_text,
            "zmin": -1.5,
            "zmax": len(bands) - 0.5,
            "colorscale": class_scale,
        },
        "districts": districts,
        "classes": [
            {
                "id": b.id,
                "label": b.label.th if th else b.label.en,
                "colour": _class_colour(b.id, bands),
            }
            for b in bands
        ],
        "province": name,
    }
