"""Files that move a plan's actions into the budget cycle (no Django).

- :func:`annex_workbook`: the plan's actions as the project list of a provincial
  development-plan annex (บัญชีรายการโครงการ): project, rationale, objectives, targets
  and KPI, budget by fiscal year (one column per year), responsible and co-operating
  agencies, the strategy it serves;
- :func:`proposal_docx` / :func:`proposal_workbook`: a project proposal to the
  Environment Fund (กองทุนสิ่งแวดล้อม) for one action: title, province, agency,
  rationale, objectives, activities, budget by year and kind, the expected GHG
  reduction (reduction measures) or the risks it lowers (adaptation actions), and its
  indicators.

The web layer gathers the stored records into :class:`PlanSheet` and
:class:`ActionSheet` (plain values, labels in both languages) and calls these, so the
files are the same whichever door they are asked from. Every text cell passes the
export sanitiser (:mod:`climateplan.reports.cells`). Years are Buddhist Era in Thai
files and Common Era in English ones.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from climateplan.plans.period import BE_OFFSET

Label = tuple[str, str]  # (English, Thai)


@dataclass(frozen=True)
class BudgetRow:
    """Planned money of an action in one fiscal year (CE year in which it ends)."""

    fiscal_year: int
    amount: float
    kind: Label = ("", "")
    source: Label = ("", "")


@dataclass(frozen=True)
class Indicator:
    name_en: str
    name_th: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    year: int | None = None  # CE
    kind: Label = ("", "")


@dataclass
class ActionSheet:
    """One action with what its project sheet says."""

    code: str
    kind: str  # "reduction" | "adaptation"
    name_th: str
    name_en: str = ""
    owner: str = ""
    co_agencies: list[str] = field(default_factory=list)
    start_year: int | None = None  # CE
    end_year: int | None = None
    rationale: str = ""
    objectives: str = ""
    targets: str = ""
    activities: str = ""
    location: str = ""
    strategy: tuple[str, str, str] | None = None  # (code, name_th, name_en)
    project: tuple[str, str, str] | None = None
    indicators: list[Indicator] = field(default_factory=list)
    budget: list[BudgetRow] = field(default_factory=list)
    # Reduction measures: the planned reduction (t CO2e a year) in ``reduction_year``.
    reduction_t: float | None = None
    reduction_year: int | None = None
    # Adaptation actions: the risks answered, as (hazard, sectors) labels.
    risks: list[tuple[Label, list[Label]]] = field(default_factory=list)

    def name(self, lang: str) -> str:
        return (self.name_en or self.name_th) if lang == "en" else self.name_th


@dataclass(frozen=True)
class PlanSheet:
    title_th: str
    title_en: str
    province_th: str
    province_en: str
    start_year: int  # CE
    end_year: int

    def title(self, lang: str) -> str:
        return (self.title_en or self.title_th) if lang == "en" else self.title_th

    def province(self, lang: str) -> str:
        return (self.province_en or self.province_th) if lang == "en" else self.province_th


def _t(lang: str, en: str, th: str) -> str:
    return th if lang == "th" else en


def _pick(label: Label, lang: str) -> str:
    en, th = label
    return (en or th) if lang == "en" else (th or en)


def year_text(year_ce: int | None, lang: str) -> str:
    if year_ce is None:
        return ""
    return str(int(year_ce) + BE_OFFSET) if lang == "th" else str(int(year_ce))


def year_number(year_ce: int | None, lang: str) -> int | None:
    return None if year_ce is None else int(year_ce) + (BE_OFFSET if lang == "th" else 0)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.2f}"


def indicator_text(indicator: Indicator, lang: str) -> str:
    """``name: baseline -> target unit (year)`` as the annex and the proposal write it."""
    name = (indicator.name_en or indicator.name_th) if lang == "en" else indicator.name_th
    parts = [name]
    if indicator.target is not None:
        base = (
            f"{_number(indicator.baseline)} → " if indicator.baseline is not None else ""
        ) + f"{_number(indicator.target)} {indicator.unit}".strip()
        when = (
            f" ({_t(lang, 'in', 'ปี')} {year_text(indicator.year, lang)})" if indicator.year else ""
        )
        parts.append(base + when)
    return ": ".join(parts)


def fiscal_years(actions: list[ActionSheet]) -> list[int]:
    return sorted({b.fiscal_year for a in actions for b in a.budget})


def budget_by_year(action: ActionSheet) -> dict[int, float]:
    out: dict[int, float] = {}
    for row in action.budget:
        out[row.fiscal_year] = out.get(row.fiscal_year, 0.0) + row.amount
    return out


def strategy_text(action: ActionSheet, lang: str) -> str:
    if action.strategy is None:
        return ""
    code, th, en = action.strategy
    return f"{code} {(en or th) if lang == 'en' else th}".strip()


def project_text(action: ActionSheet, lang: str) -> str:
    if action.project is None:
        return ""
    code, th, en = action.project
    return f"{code} {(en or th) if lang == 'en' else th}".strip()


def reduction_text(action: ActionSheet, lang: str) -> str:
    """The expected effect, in words: tonnes a year for a measure, risks for an action."""
    if action.kind == "reduction":
        if action.reduction_t is None:
            return _t(
                lang,
                "The plan's GHG reduction results give no reduction for this measure yet.",
                "ผลการคำนวณของแผนลดก๊าซเรือนกระจกยังไม่มีปริมาณการลดของมาตรการนี้",
            )
        year = year_text(action.reduction_year, lang)
        return _t(
            lang,
            f"{_number(action.reduction_t)} t CO2e a year in {year}: the measure's planned "
            "reduction below business as usual in the plan's GHG reduction results",
            f"{_number(action.reduction_t)} ตันคาร์บอนไดออกไซด์เทียบเท่าต่อปี ในปี {year}: "
            "ปริมาณการลดตามแผนของมาตรการเทียบกับกรณีปกติ (BAU) จากผลการคำนวณของแผนลดก๊าซเรือนกระจก",
        )
    if not action.risks:
        return _t(lang, "No risk of the register is named.", "ไม่ได้ระบุความเสี่ยงในทะเบียนความเสี่ยง")
    return "; ".join(
        f"{_pick(hazard, lang)} ({', '.join(_pick(s, lang) for s in sectors)})"
        if sectors
        else _pick(hazard, lang)
        for hazard, sectors in action.risks
    )


# -------------------------------------------------------------------------------- annex

ANNEX_HEADER_ROW = 4


def annex_columns(years: list[int], lang: str) -> list[str]:
    fy = [
        _t(lang, f"Budget FY {year_text(y, lang)} (THB)", f"งบประมาณ ปี {year_text(y, lang)} (บาท)")
        for y in years
    ]
    return [
        _t(lang, "No.", "ลำดับ"),
        _t(lang, "Code", "รหัส"),
        _t(lang, "Project", "โครงการ"),
        _t(lang, "Rationale", "หลักการและเหตุผล"),
        _t(lang, "Objectives", "วัตถุประสงค์"),
        _t(lang, "Targets", "เป้าหมาย"),
        _t(lang, "Indicators (KPI)", "ตัวชี้วัด (KPI)"),
        _t(lang, "Location", "พื้นที่ดำเนินการ"),
        *fy,
        _t(lang, "Total (THB)", "รวม (บาท)"),
        _t(lang, "Responsible agency", "หน่วยงานรับผิดชอบ"),
        _t(lang, "Co-operating agencies", "หน่วยงานร่วม"),
        _t(lang, "Strategy of the development plan", "ความเชื่อมโยงกับกลยุทธ์ของแผนพัฒนาจังหวัด"),
        _t(lang, "Project of the development plan", "โครงการในแผนพัฒนาจังหวัด"),
    ]


def annex_workbook(plan: PlanSheet, actions: list[ActionSheet], lang: str = "th") -> bytes:
    """The project list of a development-plan annex (header in row 4, one row per action,
    a total row last)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from climateplan.reports.cells import workbook_bytes

    years = fiscal_years(actions)
    columns = annex_columns(years, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = _t(lang, "Projects", "บัญชีโครงการ")
    sheet["A1"] = _t(
        lang,
        f"Project list for the provincial development plan: {plan.title(lang)}",
        f"บัญชีรายการโครงการเพื่อบรรจุในแผนพัฒนาจังหวัด: {plan.title(lang)}",
    )
    sheet["A1"].font = Font(bold=True, size=13)
    period = f"{year_text(plan.start_year, lang)}-{year_text(plan.end_year, lang)}"
    sheet["A2"] = _t(
        lang,
        f"Province: {plan.province(lang)} · plan period {period} · "
        "fiscal years October-September, CE",
        f"จังหวัด{plan.province(lang)} · ระยะเวลาของแผน พ.ศ. {period} · ปีงบประมาณ ต.ค.-ก.ย. เป็น พ.ศ.",
    )
    for number, title in enumerate(columns, start=1):
        cell = sheet.cell(row=ANNEX_HEADER_ROW, column=number, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF3F5")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_year_col = 9
    totals = [0.0] * (len(years) + 1)
    for position, action in enumerate(actions, start=1):
        amounts = budget_by_year(action)
        per_year = [amounts.get(y, 0.0) for y in years]
        total = sum(per_year)
        for i, value in enumerate([*per_year, total]):
            totals[i] += value
        kpis = "\n".join(indicator_text(i, lang) for i in action.indicators)
        row = [
            position,
            action.code,
            action.name(lang),
            action.rationale,
            action.objectives,
            action.targets,
            kpis,
            action.location,
            *per_year,
            total,
            action.owner,
            ", ".join(action.co_agencies),
            strategy_text(action, lang),
            project_text(action, lang),
        ]
        sheet.append(row)
    total_row = [_t(lang, "Total", "รวม")] + [""] * (first_year_col - 2) + totals
    sheet.append(total_row)
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")  # one style object for every cell
    money = range(first_year_col, first_year_col + len(years) + 1)
    for row in sheet.iter_rows(min_row=ANNEX_HEADER_ROW + 1, max_row=last):
        for cell in row:
            if cell.column in money:
                cell.number_format = "#,##0"
            elif cell.value is not None:
                cell.alignment = wrap
    widths = [6, 10, 40, 40, 36, 30, 36, 20] + [14] * (len(years) + 1) + [28, 28, 36, 30]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = sheet.cell(row=ANNEX_HEADER_ROW + 1, column=4)
    return workbook_bytes(book)


# ----------------------------------------------------------------------------- proposal


def proposal_title(lang: str) -> str:
    return _t(
        lang,
        "Project proposal to the Environment Fund",
        "ข้อเสนอโครงการเพื่อขอรับการสนับสนุนจากกองทุนสิ่งแวดล้อม",
    )


def proposal_facts(plan: PlanSheet, action: ActionSheet, lang: str) -> list[tuple[str, str]]:
    """(label, value) of the proposal's general part, in the order both files show them."""
    period = ""
    if action.start_year:
        period = f"{year_text(action.start_year, lang)}-{year_text(action.end_year, lang)}"
        period = period.rstrip("-")
    return [
        (_t(lang, "Project", "ชื่อโครงการ"), action.name(lang)),
        (_t(lang, "Action code in the plan", "รหัสมาตรการในแผน"), action.code),
        (_t(lang, "Province", "จังหวัด"), plan.province(lang)),
        (_t(lang, "Climate change plan", "แผนการเปลี่ยนแปลงสภาพภูมิอากาศ"), plan.title(lang)),
        (_t(lang, "Responsible agency", "หน่วยงานรับผิดชอบ"), action.owner),
        (_t(lang, "Co-operating agencies", "หน่วยงานร่วม"), ", ".join(action.co_agencies)),
        (_t(lang, "Location", "พื้นที่ดำเนินการ"), action.location),
        (_t(lang, "Fiscal years", "ปีงบประมาณ"), period),
        (
            _t(lang, "Strategy of the development plan", "กลยุทธ์ของแผนพัฒนาจังหวัด"),
            strategy_text(action, lang),
        ),
    ]


def proposal_sections(action: ActionSheet, lang: str) -> list[tuple[str, str]]:
    effect = (
        _t(lang, "Expected GHG reduction", "ปริมาณก๊าซเรือนกระจกที่คาดว่าจะลดได้")
        if action.kind == "reduction"
        else _t(lang, "Climate risks reduced", "ความเสี่ยงจากการเปลี่ยนแปลงสภาพภูมิอากาศที่ลดลง")
    )
    return [
        (_t(lang, "1. Rationale", "1. หลักการและเหตุผล"), action.rationale),
        (_t(lang, "2. Objectives", "2. วัตถุประสงค์"), action.objectives),
        (_t(lang, "3. Targets", "3. เป้าหมาย"), action.targets),
        (_t(lang, "4. Activities", "4. กิจกรรม"), action.activities),
        (f"6. {effect}", reduction_text(action, lang)),
    ]


def budget_rows(action: ActionSheet, lang: str) -> list[list]:
    """[fiscal year, kind, source, amount] rows, by year then kind, and the total."""
    rows = [
        [year_number(b.fiscal_year, lang), _pick(b.kind, lang), _pick(b.source, lang), b.amount]
        for b in sorted(action.budget, key=lambda b: (b.fiscal_year, b.kind, b.source))
    ]
    rows.append([_t(lang, "Total", "รวม"), "", "", sum(b.amount for b in action.budget)])
    return rows


def budget_header(lang: str) -> list[str]:
    return [
        _t(lang, "Fiscal year", "ปีงบประมาณ"),
        _t(lang, "Kind", "ประเภทงบ"),
        _t(lang, "Source", "แหล่งเงิน"),
        _t(lang, "Amount (THB)", "จำนวนเงิน (บาท)"),
    ]


def indicator_header(lang: str) -> list[str]:
    return [
        _t(lang, "Indicator", "ตัวชี้วัด"),
        _t(lang, "Unit", "หน่วย"),
        _t(lang, "Baseline", "ค่าฐาน"),
        _t(lang, "Target", "ค่าเป้าหมาย"),
        _t(lang, "Year", "ปี"),
    ]


def indicator_rows(action: ActionSheet, lang: str) -> list[list]:
    return [
        [
            (i.name_en or i.name_th) if lang == "en" else i.name_th,
            i.unit,
            i.baseline,
            i.target,
            year_number(i.year, lang),
        ]
        for i in action.indicators
    ]


BUDGET_HEADING = ("5. Budget by fiscal year and kind", "5. งบประมาณรายปีงบประมาณและประเภทงบ")
INDICATOR_HEADING = ("7. Indicators", "7. ตัวชี้วัด")


def proposal_docx(plan: PlanSheet, action: ActionSheet, lang: str = "th") -> bytes:
    """The proposal as an editable Word document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "TH Sarabun New"
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:cs"), "TH Sarabun New")
    fonts.set(qn("w:eastAsia"), "TH Sarabun New")

    title = document.add_heading(proposal_title(lang), level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.add_paragraph(action.name(lang))
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].bold = True

    facts = proposal_facts(plan, action, lang)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value or "-"

    sections = proposal_sections(action, lang)
    for label, text in sections[:4]:
        document.add_heading(label, level=2)
        for line in (text or "-").splitlines() or ["-"]:
            document.add_paragraph(line)

    document.add_heading(_t(lang, *BUDGET_HEADING), level=2)
    budget = document.add_table(rows=1, cols=4)
    budget.style = "Table Grid"
    for cell, text in zip(budget.rows[0].cells, budget_header(lang), strict=True):
        cell.text = text
    for row in budget_rows(action, lang):
        cells = budget.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = _number(value) if isinstance(value, float) else str(value)
            if i == 3:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    label, text = sections[4]
    document.add_heading(label, level=2)
    document.add_paragraph(text)

    document.add_heading(_t(lang, *INDICATOR_HEADING), level=2)
    rows = indicator_rows(action, lang)
    if rows:
        indicators = document.add_table(rows=1, cols=5)
        indicators.style = "Table Grid"
        for cell, text in zip(indicators.rows[0].cells, indicator_header(lang), strict=True):
            cell.text = text
        for row in rows:
            cells = indicators.add_row().cells
            for i, value in enumerate(row):
                if i == 4:
                    cells[i].text = "" if value is None else str(value)
                else:
                    cells[i].text = (
                        _number(value) if isinstance(value, (int, float)) else str(value or "")
                    )
    else:
        document.add_paragraph(_t(lang, "No indicator is set.", "ยังไม่ได้กำหนดตัวชี้วัด"))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def proposal_workbook(plan: PlanSheet, action: ActionSheet, lang: str = "th") -> bytes:
    """The proposal's content as a workbook (one sheet, label in A, value in B; the budget
    and indicator tables below their headings)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from climateplan.reports.cells import workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = _t(lang, "Proposal", "ข้อเสนอโครงการ")
    sheet.append([proposal_title(lang)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for label, value in proposal_facts(plan, action, lang):
        sheet.append([label, value])
    sections = proposal_sections(action, lang)
    for label, text in sections[:4]:
        sheet.append([label, text])
    sheet.append([])
    sheet.append([_t(lang, *BUDGET_HEADING)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append(budget_header(lang))
    for row in budget_rows(action, lang):
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=4).number_format = "#,##0.##"
    sheet.append([])
    label, text = sections[4]
    sheet.append([label, text])
    sheet.append([])
    sheet.append([_t(lang, *INDICATOR_HEADING)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append(indicator_header(lang))
    for row in indicator_rows(action, lang):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 24
    sheet.column_dimensions["D"].width = 16
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                cell.alignment = wrap
    return workbook_bytes(book)


__all__ = [
    "ANNEX_HEADER_ROW",
    "ActionSheet",
    "BudgetRow",
    "Indicator",
    "PlanSheet",
    "annex_columns",
    "annex_workbook",
    "budget_by_year",
    "fiscal_years",
    "indicator_text",
    "proposal_docx",
    "proposal_workbook",
    "reduction_text",
]
