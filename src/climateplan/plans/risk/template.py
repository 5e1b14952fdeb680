"""The indicator template a province fills in: every indicator of the chosen framework,
one row each, with its unit, direction, bounds and where officers find the value (the
framework's source), pre-filled with the province code and an empty value.

The data sheet's first six columns are the engine's indicator table (``province,
indicator, value, year, source``, plus ``unit``, checked on upload); the columns after
them only explain and are ignored when the file comes back. Written through the shared
export sanitiser (:mod:`climateplan.reports.cells`).
"""

from __future__ import annotations

import re

import pandas as pd

from climateplan.plans.period import to_be
from climateplan.plans.risk.geo import province_code
from climateplan.reference.provinces import find_province
from climateplan.reports.cells import csv_bytes, workbook_bytes
from climateplan.risk.index.framework import Framework, load_framework

DATA_SHEET = "indicators"
INSTRUCTIONS_SHEET = {"th": "คำแนะนำ", "en": "instructions"}
DIRECTION = {
    "higher_is_worse": ("ค่ายิ่งสูง ความเสี่ยงยิ่งสูง", "higher is worse"),
    "higher_is_better": ("ค่ายิ่งสูง ความเสี่ยงยิ่งต่ำ", "higher is better"),
}
DIMENSION = {
    "hazard_exposure": ("ภัยและการเปิดรับ", "hazard and exposure"),
    "vulnerability": ("ความเปราะบาง", "vulnerability"),
    "lack_of_coping_capacity": ("การขาดขีดความสามารถในการรับมือ", "lack of coping capacity"),
}


def _be(text: str) -> str:
    """Common Era years in a year or period text ("2022", "1985-2014") as Buddhist Era
    years, for Thai readers; other text unchanged."""
    return re.sub(r"\b(19|20)\d\d\b", lambda m: str(to_be(int(m.group(0)))), str(text))


def template_frame(province: str, framework: Framework | None = None, lang: str = "th"):
    """The data sheet as a table (one row per indicator of the framework)."""
    fw = framework or load_framework()
    code = province_code(province)
    th = lang == "th"
    rows = []
    for ind_id in fw.used_indicators():
        ind = fw.indicators[ind_id]
        g = ind.gridded
        limited = fw.indicator_provinces(ind_id)
        if limited is not None and code not in limited:  # e.g. coastal, inland
            value_from = (
                "ไม่ใช้กับจังหวัดนี้ (ภัยที่เกี่ยวข้องไม่เกิดในจังหวัด) เว้นว่างไว้"
                if th
                else "does not apply in this province (its hazards cannot occur here): leave blank"
            )
        elif g is None:
            value_from = "กรอกในตารางนี้" if th else "fill in here"
        else:
            value_from = (
                f"คำนวณจากข้อมูลภูมิอากาศแบบกริด ({g.index}, พ.ศ. {_be(g.period)}, {g.scenario}) "
                "เว้นว่างไว้เมื่อคำนวณจากไฟล์ภูมิอากาศ"
                if th
                else f"computed from gridded climate data ({g.index}, {g.period}, {g.scenario}); "
                "leave blank when the climate files are computed"
            )
        direction = DIRECTION.get(ind.direction, (ind.direction, ind.direction))
        dimension = DIMENSION.get(fw.dimension_of_indicators()[ind_id], ("", ""))
        rows.append(
            {
                "province": code,
                "indicator": ind_id,
                "value": None,
                "year": "",
                "source": "",
                "unit": ind.unit,
                "name": ind.name.th if th else ind.name.en,
                "dimension": dimension[0] if th else dimension[1],
                "direction": direction[0] if th else direction[1],
                "min": ind.min,
                "max": ind.max,
                "transform": ind.transform,
                "value_from": value_from,
                "suggested_source": ind.source,
                "suggested_year": _be(ind.year) if th else ind.year,
            }
        )
    return pd.DataFrame(rows)


def _instructions(province: str, fw: Framework, lang: str) -> list[list[str]]:
    prov = find_province(province)
    if lang == "th":
        return [
            [f"แม่แบบตัวชี้วัดความเสี่ยงด้านสภาพภูมิอากาศ จังหวัด{prov['name_th']} ({prov['code']})"],
            [f"กรอบดัชนี: {fw.name.th} รุ่น {fw.version}"],
            [""],
            ["วิธีกรอก"],
            ["1. ในชีต indicators กรอกคอลัมน์ value (ตัวเลขในหน่วยของคอลัมน์ unit) ทีละแถว"],
            [
                "2. คอลัมน์ year: ปีของข้อมูล (พ.ศ. หรือ ค.ศ. ก็ได้ เช่น 2565 หรือ 2022); "
                "คอลัมน์ source: หน่วยงานและชุดข้อมูลที่ใช้จริง"
            ],
            [
                "3. คอลัมน์ suggested_source บอกว่าหาค่าได้จากหน่วยงานใด "
                "ถ้าไม่มีข้อมูลให้เว้นว่าง (ระบบถือว่าขาดข้อมูล ไม่ใช่ศูนย์)"
            ],
            [
                "4. ตัวชี้วัดที่คอลัมน์ value_from ระบุว่าคำนวณจากข้อมูลภูมิอากาศแบบกริด "
                "ให้เว้นว่างเมื่ออัปโหลดหรือคำนวณดัชนีภูมิอากาศแล้ว"
            ],
            ["5. ห้ามแก้ไขคอลัมน์ province, indicator และ unit; ค่าที่อยู่นอก min-max จะถูกตัดที่ขอบเขต"],
            ["6. บันทึกเป็น .xlsx หรือ CSV UTF-8 แล้วอัปโหลดในส่วนโปรไฟล์ความเสี่ยงของแผน"],
            [""],
            ["คอลัมน์ direction: ค่ายิ่งสูงความเสี่ยงยิ่งสูงหรือต่ำ; min, max: ขอบเขตคงที่ที่ใช้ให้คะแนน 0-10"],
        ]
    return [
        [f"Climate risk indicator template, {prov['name_en']} ({prov['code']})"],
        [f"Framework: {fw.name.en}, version {fw.version}"],
        [""],
        ["How to fill it in"],
        ["1. On the indicators sheet, enter value (a number in the unit of the unit column)."],
        [
            "2. year: the data year (Buddhist or Common Era, e.g. 2565 or 2022); "
            "source: the agency and dataset you used."
        ],
        [
            "3. suggested_source says where the value is published; leave the value blank "
            "when there is none (it is then missing, never zero)."
        ],
        [
            "4. Indicators whose value_from says 'computed from gridded climate data' stay "
            "blank once the climate indices are uploaded or computed."
        ],
        [
            "5. Do not change province, indicator or unit; values outside min-max are "
            "clipped to the bounds."
        ],
        ["6. Save as .xlsx or CSV UTF-8 and upload it in the plan's risk profile section."],
        [""],
        [
            "direction: whether a higher value means more or less risk; min, max: the fixed "
            "bounds of the 0-10 score."
        ],
    ]


def indicator_template(
    province: str, framework: Framework | None = None, lang: str = "th"
) -> bytes:
    """The template as an XLSX workbook (data sheet, then instructions)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    fw = framework or load_framework()
    frame = template_frame(province, fw, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([None if (isinstance(v, float) and v != v) else v for v in row])
    widths = {"A": 9, "B": 30, "C": 12, "D": 8, "E": 30, "F": 16, "G": 50, "N": 60}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C2"
    notes = book.create_sheet(INSTRUCTIONS_SHEET[lang if lang == "th" else "en"])
    for line in _instructions(province, fw, lang):
        notes.append(line)
    notes.column_dimensions["A"].width = 110
    notes["A1"].font = Font(bold=True, size=13)
    return workbook_bytes(book)


def indicator_template_csv(
    province: str, framework: Framework | None = None, lang: str = "th"
) -> bytes:
    """The template's data sheet as CSV (UTF-8 with BOM, sanitised)."""
    return csv_bytes(template_frame(province, framework, lang))


__all__ = ["indicator_template", "indicator_template_csv", "template_frame"]
