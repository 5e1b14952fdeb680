"""The inventory as an XLSX workbook: GPC reporting table (one row per GPC reference
number, tCO2e in its scope's column or its notation key, removals beside), totals
(gross, removals, net), gases and every line with its factor and source.
Headers are bilingual (Thai / English). Every workbook goes through the export
sanitiser (climateplan.reports.cells): text cells are never formulas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from climateplan.inventory.engine import InventoryResult
from climateplan.inventory.export import ALL_TOTALS, LINE_FIELDS, summary_table
from climateplan.reference import find_province, gpc_catalogue
from climateplan.reports.cells import sanitise_workbook, save_workbook

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
NUMBER = "#,##0.00"


def _header(ws, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def build_workbook(result: InventoryResult) -> Workbook:
    meta = result.meta
    province = find_province(meta.province)
    book = Workbook()

    ws = book.active
    ws.title = "GPC table"
    ws["A1"] = (
        f"บัญชีก๊าซเรือนกระจก {province['name_th']} ปี พ.ศ. {meta.year + 543} / "
        f"GHG inventory {province['name_en']} {meta.year}"
    )
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"GWP: {meta.gwp} ({result.gwp_source}); หน่วย / unit: tCO2e"
    ws["A3"] = (
        "NO = ไม่เกิดขึ้น / not occurring, IE = รวมอยู่ที่อื่น / included elsewhere, "
        "NE = ไม่ได้ประเมิน / not estimated, C = ปกปิด / confidential"
    )
    _header(
        ws,
        5,
        [
            "รหัส GPC / GPC ref",
            "ภาคส่วนย่อย / แหล่งปล่อย",
            "Sub-sector / source",
            "ขอบเขต 1 / Scope 1",
            "ขอบเขต 2 / Scope 2",
            "ขอบเขต 3 / Scope 3",
            "การดูดกลับ / Removals",
            "BASIC",
            "BASIC+",
            "ตามขอบเขตพื้นที่ / Territorial",
        ],
    )
    row = 6
    table = result.gpc_table
    sector_names = gpc_catalogue().drop_duplicates("sector").set_index("sector")
    # one row per GPC reference: each keeps its own value or notation key
    for sector, part in table.groupby("sector", sort=False):
        ws.cell(row=row, column=1, value=sector).font = BOLD
        ws.cell(row=row, column=2, value=sector_names.at[sector, "sector_th"]).font = BOLD
        ws.cell(row=row, column=3, value=sector_names.at[sector, "sector_en"]).font = BOLD
        row += 1
        for ref, rec in part.iterrows():
            ws.cell(row=row, column=1, value=ref)
            ws.cell(row=row, column=2, value=f"{rec['subsector_th']}: {rec['description_th']}")
            ws.cell(row=row, column=3, value=f"{rec['subsector_en']}: {rec['description_en']}")
            for k in (1, 2, 3):
                value = rec[f"scope{k}"]
                cell = ws.cell(row=row, column=3 + k)
                if value is not None and not pd.isna(value):
                    cell.value = float(value)
                    cell.number_format = NUMBER
                else:
                    cell.value = rec[f"scope{k}_nk"] or None
                    cell.alignment = Alignment(horizontal="center")
            removals = rec.get("removals")
            if removals is not None and not pd.isna(removals) and float(removals) != 0.0:
                ws.cell(row=row, column=7, value=float(removals)).number_format = NUMBER
            for col, key in ((8, "basic"), (9, "basic_plus"), (10, "territorial")):
                ws.cell(row=row, column=col, value=float(rec[key])).number_format = NUMBER
            row += 1
    row += 1
    _header(ws, row, ["ยอดรวม / Totals", "", "", "tCO2e"])
    row += 1
    th_rows = dict(zip(ALL_TOTALS, summary_table(result, "th"), strict=True))
    for key, (en, value) in zip(ALL_TOTALS, summary_table(result, "en"), strict=True):
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=th_rows[key][0])
        ws.cell(row=row, column=3, value=en)
        ws.cell(row=row, column=4, value=float(value)).number_format = NUMBER
        row += 1
    if result.warnings:
        row += 1
        _header(ws, row, ["คำเตือน / Warnings", "", ""])
        row += 1
        for warning in result.warnings:
            ws.cell(row=row, column=1, value=warning.where("en"))
            ws.cell(row=row, column=2, value=warning.message_th)
            ws.cell(row=row, column=3, value=warning.message_en)
            row += 1
    _widths(ws, [12, 48, 52, 16, 16, 16, 16, 16, 16, 16])
    ws.freeze_panes = "A6"

    gas = book.create_sheet("Gases")
    _header(gas, 1, ["ก๊าซ / Gas", "ตัน / tonnes", "tCO2e", "การดูดกลับ / removals (tCO2e)"])
    for i, (name, rec) in enumerate(result.by_gas.iterrows(), start=2):
        gas.cell(row=i, column=1, value=name)
        gas.cell(row=i, column=2, value=float(rec["tonnes"])).number_format = "#,##0.000"
        gas.cell(row=i, column=3, value=float(rec["co2e"])).number_format = NUMBER
        removals = rec.get("removals", 0.0)
        removals = 0.0 if removals is None or pd.isna(removals) else float(removals)
        gas.cell(row=i, column=4, value=removals).number_format = NUMBER
    _widths(gas, [14, 16, 16, 20])

    lines = book.create_sheet("Lines")
    fields = [f for f in LINE_FIELDS if f in result.lines.columns]
    _header(lines, 1, fields)
    for r, values in enumerate(result.lines[fields].itertuples(index=False), start=2):
        for c, value in enumerate(values, start=1):
            if isinstance(value, float) and pd.isna(value):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            lines.cell(row=r, column=c, value=value)
    lines.freeze_panes = "A2"

    for name, frame in result.extras.items():
        if isinstance(frame, pd.DataFrame):
            sheet = book.create_sheet(name.replace("_", " ").title()[:31])
            data = frame.reset_index()
            _header(sheet, 1, [str(c) for c in data.columns])
            for r, values in enumerate(data.itertuples(index=False), start=2):
                for c, value in enumerate(values, start=1):
                    if isinstance(value, float) and pd.isna(value):
                        value = None
                    elif hasattr(value, "item"):
                        value = value.item()
                    sheet.cell(row=r, column=c, value=value)
    sanitise_workbook(book)  # whoever saves it: no text cell can run as a formula
    return book


def write_xlsx(result: InventoryResult, path: str | Path) -> None:
    """Write the workbook atomically through the export sanitiser."""
    save_workbook(build_workbook(result), Path(path))
