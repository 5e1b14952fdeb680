"""The development-plan annex and the Environment Fund proposal, opened with openpyxl
and python-docx and checked by value (sums worked by hand below)."""

from __future__ import annotations

import io

import docx
from openpyxl import load_workbook

from climateplan.monitoring import exports as ex

PLAN = ex.PlanSheet(
    title_th="แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดทดสอบ",
    title_en="Test province climate change plan",
    province_th="เชียงใหม่",
    province_en="Chiang Mai",
    start_year=2023,
    end_year=2027,
)
CAPITAL = ("Capital", "งบลงทุน")
RUNNING = ("Running cost", "ค่าดำเนินการ")
PROVINCIAL = ("Provincial budget", "งบประมาณจังหวัด")
FUND = ("Environment Fund", "กองทุนสิ่งแวดล้อม")


def measure() -> ex.ActionSheet:
    return ex.ActionSheet(
        code="M01",
        kind="reduction",
        name_th="โซลาร์รูฟท็อป",
        name_en="Rooftop solar",
        owner="สำนักงานพลังงานจังหวัด",
        co_agencies=["การไฟฟ้าส่วนภูมิภาค", "อบจ."],
        start_year=2025,
        end_year=2027,
        rationale='=HYPERLINK("http://x")',
        objectives="ลดการใช้ไฟฟ้าจากระบบ",
        targets="100 อาคาร",
        activities="สำรวจ\nติดตั้ง",
        location="ทั้งจังหวัด",
        strategy=("1.1", "พลังงานสะอาด", "Clean energy"),
        project=("1.1.1.01", "โซลาร์บนหลังคา", "Rooftop solar"),
        indicators=[ex.Indicator("Solar installed", "กำลังผลิตที่ติดตั้ง", "kWp", 0, 5000, 2027)],
        budget=[
            ex.BudgetRow(2025, 100_000.0, CAPITAL, PROVINCIAL),
            ex.BudgetRow(2025, 50_000.0, RUNNING, PROVINCIAL),
            ex.BudgetRow(2026, 200_000.0, CAPITAL, FUND),
        ],
        reduction_t=1234.5,
        reduction_year=2027,
    )


def adaptation() -> ex.ActionSheet:
    return ex.ActionSheet(
        code="A01",
        kind="adaptation",
        name_th="บ่อน้ำในไร่นา",
        name_en="Farm ponds",
        owner="กรมพัฒนาที่ดิน",
        budget=[ex.BudgetRow(2027, 30_000.0, CAPITAL, FUND)],
        risks=[
            (("Drought", "ภัยแล้ง"), [("Water management", "การจัดการน้ำ")]),
            (("Flood", "อุทกภัย"), []),
        ],
        indicators=[ex.Indicator("Ponds dug", "บ่อที่ขุด", "ponds", 0, 1200, 2027)],
    )


def sheet_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_annex_thai_one_column_per_fiscal_year_in_be_and_totals():
    rows = sheet_rows(ex.annex_workbook(PLAN, [measure(), adaptation()], "th"))
    header = rows[ex.ANNEX_HEADER_ROW - 1]
    # Fiscal years 2025, 2026, 2027 CE = 2568, 2569, 2570 BE.
    years = [h for h in header if h and h.startswith("งบประมาณ ปี")]
    assert years == ["งบประมาณ ปี 2568 (บาท)", "งบประมาณ ปี 2569 (บาท)", "งบประมาณ ปี 2570 (บาท)"]
    col = {name: i for i, name in enumerate(header)}
    m01, a01, total = rows[ex.ANNEX_HEADER_ROW : ex.ANNEX_HEADER_ROW + 3]
    # M01: 2025 = 100,000 capital + 50,000 running = 150,000; 2026 = 200,000; 2027 = 0;
    # total 350,000.
    assert [m01[col[y]] for y in years] == [150_000, 200_000, 0]
    assert m01[col["รวม (บาท)"]] == 350_000
    # A01: only 2027 = 30,000.
    assert [a01[col[y]] for y in years] == [0, 0, 30_000]
    # Column sums: 150,000; 200,000; 30,000; all 380,000.
    assert total[0] == "รวม"
    assert [total[col[y]] for y in years] == [150_000, 200_000, 30_000]
    assert total[col["รวม (บาท)"]] == 380_000
    assert m01[col["โครงการ"]] == "โซลาร์รูฟท็อป"
    assert m01[col["หน่วยงานรับผิดชอบ"]] == "สำนักงานพลังงานจังหวัด"
    assert m01[col["หน่วยงานร่วม"]] == "การไฟฟ้าส่วนภูมิภาค, อบจ."
    assert m01[col["ความเชื่อมโยงกับกลยุทธ์ของแผนพัฒนาจังหวัด"]] == "1.1 พลังงานสะอาด"
    assert m01[col["ตัวชี้วัด (KPI)"]] == "กำลังผลิตที่ติดตั้ง: 0 → 5,000 kWp (ปี 2570)"
    # A typed formula is written as inert text.
    assert m01[col["หลักการและเหตุผล"]] == '\'=HYPERLINK("http://x")'


def test_annex_english_years_in_ce():
    rows = sheet_rows(ex.annex_workbook(PLAN, [measure()], "en"))
    header = rows[ex.ANNEX_HEADER_ROW - 1]
    assert "Budget FY 2025 (THB)" in header and "Budget FY 2026 (THB)" in header
    col = {name: i for i, name in enumerate(header)}
    assert rows[ex.ANNEX_HEADER_ROW][col["Strategy of the development plan"]] == "1.1 Clean energy"
    assert rows[ex.ANNEX_HEADER_ROW][col["Project"]] == "Rooftop solar"


def doc_tables(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    return paragraphs, tables


def test_proposal_docx_thai_reduction_measure():
    paragraphs, (facts, budget, indicators) = doc_tables(ex.proposal_docx(PLAN, measure(), "th"))
    assert paragraphs[0] == "ข้อเสนอโครงการเพื่อขอรับการสนับสนุนจากกองทุนสิ่งแวดล้อม"
    assert dict(map(tuple, facts))["จังหวัด"] == "เชียงใหม่"
    assert dict(map(tuple, facts))["หน่วยงานรับผิดชอบ"] == "สำนักงานพลังงานจังหวัด"
    assert dict(map(tuple, facts))["ปีงบประมาณ"] == "2568-2570"  # 2025-2027 CE
    # Budget by year and kind: rows sorted by year then kind; total 100,000 + 50,000 +
    # 200,000 = 350,000.
    assert budget[1:] == [
        ["2568", "งบลงทุน", "งบประมาณจังหวัด", "100,000"],
        ["2568", "ค่าดำเนินการ", "งบประมาณจังหวัด", "50,000"],
        ["2569", "งบลงทุน", "กองทุนสิ่งแวดล้อม", "200,000"],
        ["รวม", "", "", "350,000"],
    ]
    assert "6. ปริมาณก๊าซเรือนกระจกที่คาดว่าจะลดได้" in paragraphs
    effect = paragraphs[paragraphs.index("6. ปริมาณก๊าซเรือนกระจกที่คาดว่าจะลดได้") + 1]
    assert effect.startswith("1,234.50 ตันคาร์บอนไดออกไซด์เทียบเท่าต่อปี ในปี 2570")
    assert indicators[1] == ["กำลังผลิตที่ติดตั้ง", "kWp", "0", "5,000", "2570"]
    # Activities typed on two lines stay two paragraphs.
    assert paragraphs[paragraphs.index("4. กิจกรรม") + 1 : paragraphs.index("4. กิจกรรม") + 3] == [
        "สำรวจ",
        "ติดตั้ง",
    ]


def test_proposal_docx_english_adaptation_names_the_risks():
    paragraphs, tables = doc_tables(ex.proposal_docx(PLAN, adaptation(), "en"))
    assert paragraphs[0] == "Project proposal to the Environment Fund"
    index = paragraphs.index("6. Climate risks reduced")
    assert paragraphs[index + 1] == "Drought (Water management); Flood"
    budget = tables[1]
    assert budget[1] == ["2027", "Capital", "Environment Fund", "30,000"]
    assert tables[2][1] == ["Ponds dug", "ponds", "0", "1,200", "2027"]


def test_proposal_workbook_has_the_same_content():
    # Rows are as wide as the widest table (the indicators' five columns).
    rows = [tuple(r[:5]) for r in sheet_rows(ex.proposal_workbook(PLAN, measure(), "th"))]
    pairs = {r[0]: r[1] for r in rows if r and r[0]}
    assert rows[0][0] == "ข้อเสนอโครงการเพื่อขอรับการสนับสนุนจากกองทุนสิ่งแวดล้อม"
    assert pairs["ชื่อโครงการ"] == "โซลาร์รูฟท็อป"
    assert pairs["1. หลักการและเหตุผล"] == '\'=HYPERLINK("http://x")'
    assert pairs["6. ปริมาณก๊าซเรือนกระจกที่คาดว่าจะลดได้"].startswith("1,234.50 ตัน")
    header = rows.index(("ปีงบประมาณ", "ประเภทงบ", "แหล่งเงิน", "จำนวนเงิน (บาท)", None))
    assert rows[header + 1] == (2568, "งบลงทุน", "งบประมาณจังหวัด", 100_000, None)
    assert rows[header + 4] == ("รวม", None, None, 350_000, None)
    assert ("กำลังผลิตที่ติดตั้ง", "kWp", 0, 5000, 2570) in rows


def test_measure_without_a_computed_reduction_says_so():
    action = measure()
    action.reduction_t = None
    assert "no reduction" in ex.reduction_text(action, "en")
