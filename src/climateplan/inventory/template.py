"""The blank activity workbook a province fills in: drop-down lists, a bilingual
instructions sheet and a sheet documenting every method and its parameters.

Built from the method registry and the GPC catalogue, so a new method or factor
appears in the template without editing it.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from climateplan.inventory.activity import (
    ACTIVITY_SHEET,
    DATA_QUALITY,
    META_SHEET,
    NOTATION_KEYS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
)
from climateplan.inventory.methods import methods
from climateplan.reference import GWP_SETS, gpc_catalogue, provinces

TEMPLATE_ROWS = 1000
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
OPTIONAL_FILL = PatternFill("solid", fgColor="E2EFDA")
PARAM_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)

INSTRUCTIONS = [
    ("วิธีกรอกข้อมูล", "How to fill in this workbook"),
    (
        "1. ชีต meta: เลือกจังหวัด ปี (ค.ศ. หรือ พ.ศ.) และชุดค่า GWP (ค่าเริ่มต้น AR5)",
        "1. Sheet meta: choose the province, the year (CE or BE) and the GWP set (default AR5).",
    ),
    (
        "2. ชีต activity: หนึ่งแถวต่อหนึ่งรายการกิจกรรม เลือกรหัส GPC วิธีคำนวณ และกิจกรรมจากรายการ",
        "2. Sheet activity: one row per activity line; pick the GPC reference, the method and "
        "the activity from the drop-down lists.",
    ),
    (
        "3. ใส่ปริมาณ (amount) และหน่วย (unit) เช่น L, m3, t, kg, kWh, MWh, TJ, ตัว, ha, ไร่, คน, km",
        "3. Enter the amount and its unit, e.g. L, m3, t, kg, kWh, MWh, TJ, head, ha, rai, "
        "person, km. Units are converted automatically.",
    ),
    (
        "4. ถ้าไม่มีข้อมูล ให้ใส่สัญลักษณ์ (notation_key) แทนปริมาณ: NO ไม่เกิดขึ้น, IE รวมอยู่ที่อื่น, "
        "NE ไม่ได้ประเมิน, C ข้อมูลปกปิด ห้ามใส่ทั้งปริมาณและสัญลักษณ์ในแถวเดียวกัน",
        "4. Without data, give a notation key instead of an amount: NO not occurring, IE "
        "included elsewhere, NE not estimated, C confidential. Never both in one row.",
    ),
    (
        "5. คุณภาพข้อมูล (data_quality): H สูง (ข้อมูลวัดจริงในจังหวัด), M ปานกลาง (ข้อมูลประมาณจาก"
        "แหล่งที่เชื่อถือได้), L ต่ำ (ค่าประมาณหยาบ)",
        "5. data_quality: H high (measured local data), M medium (estimated from reliable "
        "sources), L low (rough estimate). It sets the default uncertainty.",
    ),
    (
        "6. คอลัมน์ param_... เป็นค่าพารามิเตอร์ของวิธีคำนวณ (ดูชีต methods) เว้นว่างเพื่อใช้ค่ามาตรฐาน "
        "(ค่าของประเทศไทยจาก อบก. ก่อน แล้วจึงใช้ค่า IPCC)",
        "6. param_... columns are method parameters (see sheet methods). Leave blank to use the "
        "default factor: a Thai national factor (TGO) first, else the IPCC 2006 default.",
    ),
    (
        "7. ไฟฟ้าจากระบบสายส่ง: กรอกเฉพาะปริมาณการใช้ (I.x.2) ระบบจะคำนวณการสูญเสียในสายส่ง (I.x.3) ให้",
        "7. Grid electricity: enter consumption only (I.x.2); transmission and distribution "
        "losses (I.x.3) are derived automatically.",
    ),
    (
        "8. ตรวจสอบไฟล์ด้วยคำสั่ง: climateplan inventory validate ไฟล์.xlsx",
        "8. Check the file with: climateplan inventory validate FILE.xlsx",
    ),
]


def build_template() -> Workbook:
    specs = methods()
    catalogue = gpc_catalogue()
    book = Workbook()

    info = book.active
    info.title = "คำแนะนำ instructions"
    for r, (th, en) in enumerate(INSTRUCTIONS, start=1):
        info.cell(row=r, column=1, value=th).alignment = Alignment(wrap_text=True)
        info.cell(row=r, column=2, value=en).alignment = Alignment(wrap_text=True)
    info["A1"].font = info["B1"].font = Font(bold=True, size=13)
    info.column_dimensions["A"].width = 80
    info.column_dimensions["B"].width = 80

    # --- lists (hidden): the sources of every drop-down
    lists = book.create_sheet("lists")
    columns: dict[str, list[str]] = {
        "gpc_ref": list(catalogue.index),
        "method": sorted(specs),
        "notation_key": list(NOTATION_KEYS),
        "data_quality": list(DATA_QUALITY),
        "gwp": list(GWP_SETS),
        "province": [f"{r.code} {r.name_th}" for r in provinces().itertuples()],
    }
    for name, spec in sorted(specs.items()):
        columns[f"m_{name}"] = [str(a) for a in spec.activities()]
    ranges: dict[str, str] = {}
    for c, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(c)
        lists.cell(row=1, column=c, value=name).font = BOLD
        for r, value in enumerate(values, start=2):
            lists.cell(row=r, column=c, value=value)
        ref = f"{quote_sheetname('lists')}!${letter}$2:${letter}${len(values) + 1}"
        ranges[name] = ref
        if name.startswith("m_"):
            book.defined_names[name] = DefinedName(name, attr_text=ref)
    lists.sheet_state = "hidden"

    # --- meta
    meta = book.create_sheet(META_SHEET, 1)
    rows = [
        ("province", None, "จังหวัด (รหัส ISO เช่น TH-50) / province (ISO code, e.g. TH-50)"),
        ("year", None, "ปีของบัญชี ค.ศ. หรือ พ.ศ. / inventory year, CE or BE"),
        ("gwp", "AR5", "ชุดค่า GWP: AR4, AR5, AR6 / GWP set"),
        ("name", None, "ชื่อบัญชี (ไม่บังคับ) / inventory name (optional)"),
    ]
    for r, (key, value, hint) in enumerate(rows, start=1):
        meta.cell(row=r, column=1, value=key).font = BOLD
        meta.cell(row=r, column=2, value=value)
        meta.cell(row=r, column=3, value=hint)
    meta.column_dimensions["A"].width = 12
    meta.column_dimensions["B"].width = 28
    meta.column_dimensions["C"].width = 60
    for cell, name in (("B1", "province"), ("B3", "gwp")):
        dv = DataValidation(type="list", formula1=f"={ranges[name]}", allow_blank=False)
        dv.error = "เลือกจากรายการ / choose from the list"
        meta.add_data_validation(dv)
        dv.add(cell)
    year_dv = DataValidation(type="whole", operator="between", formula1="1990", formula2="2643")
    year_dv.error = "ปี ค.ศ. 1990-2100 หรือ พ.ศ. 2533-2643 / a year, CE or BE"
    meta.add_data_validation(year_dv)
    year_dv.add("B2")

    # --- activity
    act = book.create_sheet(ACTIVITY_SHEET, 2)
    param_cols = sorted({p.column for s in specs.values() for p in s.params})
    header = [*REQUIRED_COLUMNS, *[c for c in OPTIONAL_COLUMNS if c != "province"], *param_cols]
    for c, name in enumerate(header, start=1):
        cell = act.cell(row=1, column=c, value=name)
        cell.font = BOLD
        cell.fill = (
            REQUIRED_FILL
            if name in REQUIRED_COLUMNS
            else PARAM_FILL
            if name.startswith("param_")
            else OPTIONAL_FILL
        )
        act.column_dimensions[get_column_letter(c)].width = max(12, len(name) + 2)
    col_of = {name: get_column_letter(i) for i, name in enumerate(header, start=1)}
    last = TEMPLATE_ROWS + 1
    for name in ("gpc_ref", "method", "notation_key", "data_quality"):
        dv = DataValidation(type="list", formula1=f"={ranges[name]}", allow_blank=True)
        dv.error = "เลือกจากรายการ / choose from the list"
        act.add_data_validation(dv)
        dv.add(f"{col_of[name]}2:{col_of[name]}{last}")
    # activity codes depend on the method chosen in the same row
    dv = DataValidation(
        type="list", formula1=f'=INDIRECT("m_"&${col_of["method"]}2)', allow_blank=True
    )
    dv.showErrorMessage = False  # a free text activity is still checked by the validator
    act.add_data_validation(dv)
    dv.add(f"{col_of['activity']}2:{col_of['activity']}{last}")
    # amounts are >= 0, except a CO2 removal entered directly on V.2 (a negative CO2 amount)
    a, m, g = col_of["amount"], col_of["method"], col_of["gpc_ref"]
    amount_dv = DataValidation(
        type="custom",
        formula1=f'=AND(ISNUMBER({a}2),OR({a}2>=0,AND({m}2="direct",{g}2="V.2")))',
        allow_blank=True,
    )
    amount_dv.error = (
        "ปริมาณต้องเป็นตัวเลข ≥ 0 (ค่าติดลบใช้ได้เฉพาะการดูดกลับ CO2: วิธี direct รหัส V.2) / "
        "amount must be a number ≥ 0 (negative only for a CO2 removal: method direct on V.2)"
    )
    act.add_data_validation(amount_dv)
    amount_dv.add(f"{col_of['amount']}2:{col_of['amount']}{last}")
    act.freeze_panes = "A2"

    # --- methods: what each method needs, with one example row
    doc = book.create_sheet("methods")
    titles = [
        "method",
        "ชื่อวิธี",
        "Method",
        "สมการ / equation",
        "GPC",
        "activity",
        "หน่วย / units",
        "พารามิเตอร์ / parameters",
        "ตัวอย่าง / example",
    ]
    for c, title in enumerate(titles, start=1):
        doc.cell(row=1, column=c, value=title).font = BOLD
    for r, (name, spec) in enumerate(sorted(specs.items()), start=2):
        params = "\n".join(
            f"{p.column}{' *' if p.required else ''} [{p.unit or 'text'}]: "
            f"{p.description_th} / {p.description_en}"
            + (f" ({', '.join(p.choices)})" if p.choices else "")
            for p in spec.params
        )
        values = [
            name,
            spec.title_th,
            spec.title_en,
            spec.equation,
            ", ".join(p.rstrip(".") + "*" for p in spec.gpc_prefixes),
            f"{spec.activity_label_th} / {spec.activity_label_en}: "
            + ", ".join(str(a) for a in spec.activities()),
            ", ".join(f"{k}: {u}" for k, u in spec.amount_units.items()),
            params,
            ", ".join(f"{k}={v}" for k, v in spec.example.items()),
        ]
        for c, value in enumerate(values, start=1):
            doc.cell(row=r, column=c, value=value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    for c, width in enumerate([22, 30, 30, 30, 12, 50, 22, 70, 60], start=1):
        doc.column_dimensions[get_column_letter(c)].width = width
    doc.freeze_panes = "B2"
    book.active = 0
    return book


def write_template(path: str | Path) -> None:
    from climateplan.reports.cells import save_workbook

    save_workbook(build_template(), Path(path))  # text cells inert, stored as text
