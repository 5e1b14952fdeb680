"""The plan document (core, no Django): chapters, tables, PDF and DOCX from a plan export.

The export below is written by hand (a small province with three sectors, one measure,
one adaptation action); every figure checked is worked out in a comment from it.
Charts are left out here (the sections' chart functions are tested with them; the
web tests and the benchmark draw them); one small PNG checks that figures are embedded.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile

import pytest

from climateplan.errors import InputError
from climateplan.reports.document import check_export, make_document
from climateplan.reports.document.content import CHAPTERS, build_document
from climateplan.reports.document.model import Table
from climateplan.reports.document.pdf import html, render_pdf
from climateplan.reports.document.word import render_docx

HAS_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
needs_poppler = pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils is not installed")


def sample_export() -> dict:
    years = list(range(2022, 2031))
    # BAU grows by 100 t a year from 1,500 t; the plan is 300 t below BAU in 2030
    bau = [1500.0 + 100 * i for i in range(len(years))]  # 2030: 1500 + 8 * 100 = 2300
    plan = [b - 37.5 * i for i, b in enumerate(bau)]  # 2030: 2300 - 8 * 37.5 = 2000
    return {
        "schema": "climateplan.plan.export/1",
        "plan": {
            "id": 7,
            "kind": "provincial",
            "title_th": "แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดกำแพงเพชร",
            "title_en": "Kamphaeng Phet climate change plan",
            "start_year": 2023,
            "end_year": 2027,
            "base_year": 2022,
            "period_th": "พ.ศ. 2566-2570",
            "period_en": "2023-2027",
            "version": 1,
            "revision": 12,
            "state": "published",
        },
        "endorsement": {
            "body": "คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัด",
            "meeting": "1/2567",
            "date": "2024-03-15",
            "authority": "ผู้ว่าราชการจังหวัด",
            "note": "",
        },
        "province": {
            "code": "TH-62",
            "name_th": "กำแพงเพชร",
            "name_en": "Kamphaeng Phet",
            "region_th": "ภาคกลาง",
            "region_en": "Central",
        },
        "inventory": {
            "year": 2022,
            "gwp": "AR5",
            "gwp_source": "IPCC AR5 WG1 (2013) Table 8.A.1",
            "line_count": 42,
            "totals": {
                "basic": 1000.0,
                "basic_plus": 1500.0,
                "territorial": 1400.0,
                "scope1": 1400.0,
                "scope2": 80.0,
                "scope3": 20.0,
                "biogenic_co2": 55.5,
            },
            "by_sector": [
                {
                    "sector": "I",
                    "sector_th": "พลังงานที่ใช้ในอาคาร",
                    "sector_en": "Stationary energy",
                    "co2e": 900.0,
                    "co2e_co2": 850.0,
                    "co2e_ch4": 30.0,
                    "co2e_n2o": 20.0,
                },
                {
                    "sector": "III",
                    "sector_th": "ของเสีย",
                    "sector_en": "Waste",
                    "co2e": 300.0,
                    "co2e_co2": 0.0,
                    "co2e_ch4": 290.0,
                    "co2e_n2o": 10.0,
                },
                {
                    "sector": "V",
                    "sector_th": "เกษตรกรรม ป่าไม้ และการใช้ประโยชน์ที่ดิน",
                    "sector_en": "AFOLU",
                    "co2e": 300.0,
                    "co2e_co2": 0.0,
                    "co2e_ch4": 250.0,
                    "co2e_n2o": 50.0,
                },
            ],
            "by_gas": [{"gas": "CO2", "tonnes": 850.0, "co2e": 850.0}],
            "key_categories": [
                {
                    "category": "I.1",
                    "gas": "CO2",
                    "description_th": "อาคารที่อยู่อาศัย",
                    "description_en": "Residential buildings",
                    "emissions_co2e": 850.0,
                    "cumulative": 0.5667,
                    "is_key": True,
                },
                {
                    "category": "II.1",
                    "gas": "CO2",
                    "description_th": "ไม่ใช่ประเภทหลัก",
                    "description_en": "Not a key category",
                    "emissions_co2e": 1.0,
                    "cumulative": 1.0,
                    "is_key": False,
                },
            ],
            "uncertainty": [
                {
                    "label_th": "BASIC",
                    "label_en": "BASIC",
                    "emissions_co2e": 1000.0,
                    "uncertainty_pct": 7.25,
                    "lower_co2e": 927.5,
                    "upper_co2e": 1072.5,
                    "approach": "1",
                }
            ],
            "warnings": [],
            "factors": [
                {
                    "gpc_ref": "I.1.1",
                    "activity": "lpg",
                    "method": "fuel_combustion",
                    "factor_origin": "IPCC",
                    "factor_source": "IPCC 2006 GL Vol 2 Ch 1 Table 1.4",
                    "lines": 3,
                }
            ],
            "data_quality": [
                {
                    "gpc_ref": "I.1.1",
                    "subsector_th": "อาคารที่อยู่อาศัย",
                    "subsector_en": "Residential buildings",
                    "scope": 1,
                    "co2e": 850.0,
                    "lines": 3,
                    "data_quality": "H",
                }
            ],
            "method_notes": [
                {"method": "fuel_combustion", "lines": 3, "co2e": 850.0, "origins": ["IPCC"]}
            ],
        },
        "sections": {
            "reduction": {
                "kind": "reduction",
                "actions": [
                    {
                        "code": "M01",
                        "name_th": "โซลาร์รูฟท็อป",
                        "name_en": "Rooftop solar",
                        "owner_agency": "สำนักงานพลังงานจังหวัด",
                        "kpi": {
                            "name_th": "กำลังผลิตติดตั้ง",
                            "name_en": "Installed capacity",
                            "unit": "kW",
                            "baseline": 0,
                            "baseline_year": 2022,
                            "target": 500,
                            "target_year": 2027,
                        },
                        "budget_lines": [
                            {"fiscal_year": 2024, "amount": 1_000_000.0, "source": "provincial"},
                            {"fiscal_year": 2025, "amount": 500_000.0, "source": "provincial"},
                        ],
                        "budget_total": 1_500_000.0,
                        "development_plan": None,
                    }
                ],
                "result": {
                    "base_year": 2022,
                    "report_year": 2027,
                    "basis": "basic_plus",
                    "basis_label_th": "BASIC+",
                    "basis_label_en": "BASIC+",
                    "years": years,
                    "totals": {"basic_plus": {"bau": bau, "plan": plan}},
                    "summary": {
                        "report_year": 2027,
                        "bau": 2000.0,
                        "plan": 1812.5,
                        "reduction": 187.5,
                        "budget_total_thb": 1_500_000.0,
                        "targets": [{"name": "ndc_unconditional", "value": 1610.0, "plan": 2000.0}],
                    },
                    "measures": [
                        {
                            "measure": "M01",
                            "name_th": "โซลาร์รูฟท็อป",
                            "name_en": "Rooftop solar",
                            "start_year": 2024,
                            "abatement": 187.5,
                            "levelised_cost_per_t": -350.0,
                        }
                    ],
                    "targets": [
                        {
                            "name": "ndc_unconditional",
                            "title_th": "ลดลง 30% จากกรณีปกติ (BAU) ในปี 2573",
                            "title_en": "30 % below BAU in 2030",
                            "year": 2030,
                            "basis_label_th": "BASIC+",
                            "basis_label_en": "BASIC+",
                            "source": "Thailand's 2nd Updated NDC (2022)",
                        }
                    ],
                    "macc": {"year": 2027, "rows": []},
                    "costs": {"by_fiscal_year": []},
                },
            },
            "adaptation": {
                "kind": "adaptation",
                "actions": [
                    {
                        "code": "A01",
                        "name_th": "แก้มลิง",
                        "name_en": "Retention areas",
                        "owner_agency": "สำนักงานชลประทาน",
                        "kpi": {},
                        "budget_lines": [
                            {"fiscal_year": 2024, "amount": 250_000.0, "source": "local"}
                        ],
                        "budget_total": 250_000.0,
                        "development_plan": {
                            "strategy": {"code": "S2", "name_th": "น้ำ", "name_en": "Water"},
                            "project": None,
                        },
                    }
                ],
                "result": None,
            },
        },
        "consultation": [
            {
                "number": 1,
                "received": "2024-02-10",
                "section_kind": "adaptation",
                "section_th": "แผนปฏิบัติการด้านการปรับตัว",
                "section_en": "Adaptation action plan",
                "name": "",
                "affiliation": "",
                "text": "ขอให้เพิ่มแก้มลิงในอำเภอเมือง",
                "answer": "เพิ่มไว้ในกิจกรรม A01 แล้ว",
            }
        ],
        "monitoring": {
            "working_group": [
                {
                    "agency_code": "PNREO",
                    "agency_th": "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด",
                    "agency_en": "Provincial Natural Resources and Environment Office",
                    "role": "secretary",
                    "contact_title": "ผู้อำนวยการ",
                }
            ],
            "periods": [
                {
                    "fiscal_year": 2025,
                    "number": 1,
                    "starts": "2024-10-01",
                    "ends": "2025-03-31",
                    "due": "2025-04-30",
                    "state": "open",
                }
            ],
        },
    }


def _table(doc, key: str) -> Table:
    return next(t for t in doc.tables() if t.key == key)


def _pdftotext(data: bytes, tmp_path) -> tuple[str, int]:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    # SARA AM is written decomposed in the PDF (pdf.text_for_pdf): compare in NFKC
    text = unicodedata.normalize("NFKC", text)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
    pages = int(next(line for line in info.decode().splitlines() if line.startswith("Pages:"))[6:])
    return text, pages


# ------------------------------------------------------------------ the chapters and figures


def test_the_chapters_come_in_the_order_a_plan_is_read():
    doc = build_document(sample_export(), "th")
    assert [c.key for c in doc.chapters] == [
        "summary",
        "province",
        "inventory",
        "reduction",
        "risk",
        "adaptation",
        "integration",
        "monitoring",
        "annexes",
    ]
    assert [c.title for c in doc.chapters] == [th for _en, th in CHAPTERS.values()]
    assert doc.running_head == "จังหวัดกำแพงเพชร · ระยะเวลาของแผน พ.ศ. 2566-2570"


def test_sector_shares_and_totals_by_hand():
    doc = build_document(sample_export(), "th")
    sectors = _table(doc, "inventory_sectors")
    # shares of 900 + 300 + 300 = 1,500 t: 900 / 1500 = 60.0 %, 300 / 1500 = 20.0 % twice
    assert [row[-1] for row in sectors.rows] == ["60.0", "20.0", "20.0"]
    assert [row[-2] for row in sectors.rows] == ["900", "300", "300"]
    totals = dict((r[0], r[1]) for r in _table(doc, "inventory_totals").rows)
    assert totals["BASIC+"] == "1,500"
    assert totals["CO2 จากชีวมวล (รายงานแยก ไม่รวมในยอดรวม)"] == "56"  # 55.5 rounds to 56
    # only the key categories are listed (is_key), with cumulative 0.5667 -> 56.7 %
    assert _table(doc, "key_categories").rows == [["I.1", "CO2", "อาคารที่อยู่อาศัย", "850", "56.7"]]


def test_bau_table_in_buddhist_era_and_the_reduction_by_hand():
    doc = build_document(sample_export(), "th")
    rows = _table(doc, "bau").rows
    # milestones within 2022-2030: base 2022, start 2023, report/end 2027, 2030
    assert [r[0] for r in rows] == ["2565", "2566", "2570", "2573"]
    # 2030: BAU 1500 + 8*100 = 2,300; plan 2300 - 8*37.5 = 2,000; 300 t = 13.0 % of 2,300
    assert rows[-1] == ["2573", "2,300", "2,000", "300", "13.0"]
    english = build_document(sample_export(), "en")
    assert [r[0] for r in _table(english, "bau").rows] == ["2022", "2023", "2027", "2030"]


def test_budget_of_all_actions_by_year_and_source_by_hand():
    doc = build_document(sample_export(), "en")
    table = _table(doc, "budget_by_source")
    assert table.columns == ["Fiscal year", "Local administrations", "Provincial budget", "Total"]
    # 2024: local 250,000 + provincial 1,000,000 = 1,250,000; 2025: provincial 500,000;
    # all: 250,000 + 1,500,000 = 1,750,000
    assert table.rows == [
        ["2024", "250,000", "1,000,000", "1,250,000"],
        ["2025", "0", "500,000", "500,000"],
        ["Total", "250,000", "1,500,000", "1,750,000"],
    ]
    integration = _table(doc, "integration").rows
    assert integration[1][:5] == [
        "Adaptation",
        "A01",
        "Retention areas",
        "สำนักงานชลประทาน",
        "S2 Water",
    ]
    assert integration[0][4] == "not linked yet"


def test_monitoring_and_annexes_hold_the_working_group_and_periods():
    doc = build_document(sample_export(), "th")
    periods = _table(doc, "periods").rows
    assert periods == [["2568", "1", "1 ตุลาคม 2567", "31 มีนาคม 2568", "30 เมษายน 2568"]]
    group = _table(doc, "annex_working_group").rows
    assert group == [["1", "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด", "เลขานุการ", "ผู้อำนวยการ"]]
    # a section without a result says so instead of leaving the chapter empty
    risk = next(c for c in doc.chapters if c.key == "risk")
    assert "ยังไม่มี" in risk.blocks[0].text


def test_the_consultation_annex_lists_the_comments_and_answers():
    doc = build_document(sample_export(), "th")
    assert _table(doc, "consultation").rows == [
        [
            "1",
            "10 กุมภาพันธ์ 2567",
            "แผนปฏิบัติการด้านการปรับตัว",
            "ไม่ระบุชื่อ",
            "ขอให้เพิ่มแก้มลิงในอำเภอเมือง",
            "เพิ่มไว้ในกิจกรรม A01 แล้ว",
        ]
    ]
    without = sample_export()
    del without["consultation"]
    assert all(t.key != "consultation" for t in build_document(without, "th").tables())


def test_an_export_is_checked_whole_with_every_problem_located():
    broken = sample_export()
    broken["schema"] = "something/else"
    del broken["plan"]["title_th"]
    broken["plan"]["end_year"] = None
    broken["province"] = {}
    with pytest.raises(InputError) as caught:
        check_export(broken, "plan.json")
    columns = {p.column for p in caught.value.problems}
    assert columns == {"schema", "plan.title_th", "plan.end_year", "province"}
    assert all(
        p.file == "plan.json" and p.message_th and p.message_en for p in caught.value.problems
    )


def test_user_text_is_escaped_and_loads_nothing():
    export = sample_export()
    export["plan"]["title_th"] = 'แผน <img src="http://127.0.0.1:9/x.png"> & <b>ตัวหนา</b>'
    page = html(build_document(export, "th"))
    assert "&lt;img src=&#34;http://127.0.0.1:9/x.png&#34;&gt;" in page
    assert '<img src="http' not in page


# ------------------------------------------------------------------ PDF


@needs_poppler
def test_the_thai_pdf_holds_chapters_province_totals_and_page_furniture(tmp_path):
    data = render_pdf(build_document(sample_export(), "th"))
    assert data.startswith(b"%PDF")
    text, pages = _pdftotext(data, tmp_path)
    for _en, th in CHAPTERS.values():
        assert unicodedata.normalize("NFKC", th) in text, th
    assert unicodedata.normalize("NFKC", "กำแพงเพชร") in text
    assert "1,500" in text and "1,000" in text  # BASIC+ and BASIC totals
    assert "สารบัญ" in text
    # the province and the plan period on every page but the cover, numbered pages
    assert text.count("ระยะเวลาของแผน พ.ศ. 2566-2570") >= pages - 1
    assert f"หน้า 2 / {pages}" in text
    # the table of contents gives each chapter a page number: "1. บทสรุปสำหรับผู้บริหาร .... 3"
    toc = text.split("สารบัญ", 1)[1]
    title = unicodedata.normalize("NFKC", "บทสรุปสำหรับผู้บริหาร")
    line = next(x for x in toc.splitlines() if title in x)
    assert line.rstrip()[-1].isdigit()


@needs_poppler
def test_the_english_pdf_uses_common_era(tmp_path):
    text, _pages = _pdftotext(render_pdf(build_document(sample_export(), "en")), tmp_path)
    assert "Summary for executives" in text and "Kamphaeng Phet" in text
    assert "Kamphaeng Phet · plan period 2023-2027" in text
    assert "2,300" in text and "2565" not in text


@needs_poppler
def test_a_pdf_page_renders_thai_text_to_a_non_blank_image(tmp_path):
    from PIL import Image

    path = tmp_path / "plan.pdf"
    path.write_bytes(render_pdf(build_document(sample_export(), "th")))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "3", "-l", "3", str(path), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark / (image.width * image.height) > 0.01  # text and table rules, not a blank page
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout
    assert b"Sarabun" in fonts


@needs_poppler
def test_figures_are_embedded(tmp_path):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (400, 200), "#2f6f8f").save(png, format="PNG")
    charts = {"inventory": {"sectors": png.getvalue()}}
    data = render_pdf(build_document(sample_export(), "th", charts=charts))
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    assert len(images.stdout.decode().splitlines()) - 2 == 1  # two header lines, one image
    text, _ = _pdftotext(data, tmp_path)
    assert "ภาพที่ 1: การปล่อยก๊าซเรือนกระจกรายภาค" in text


# ------------------------------------------------------------------ DOCX


def test_the_docx_holds_the_same_tables_and_page_furniture():
    import docx

    doc = build_document(sample_export(), "th")
    opened = docx.Document(io.BytesIO(render_docx(doc)))
    tables = doc.tables()
    assert len(opened.tables) == len(tables)
    for made, expected in zip(opened.tables, tables, strict=True):
        assert [c.text for c in made.rows[0].cells] == expected.columns
        assert [[c.text for c in r.cells] for r in made.rows[1:]] == expected.rows
        header = made.rows[0]._tr.trPr.xml
        assert "w:tblHeader" in header and "w:cantSplit" in header
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{i}. {th}" for i, (_en, th) in enumerate(CHAPTERS.values(), start=1)]
    assert opened.sections[0].header.paragraphs[0].text == doc.running_head
    footer = opened.sections[0].footer.paragraphs[0]._p.xml
    assert " PAGE " in footer


def test_the_docx_is_a_valid_package_with_a_table_of_contents():
    data = make_document(sample_export(), "docx", "en", charts_apart=False)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert 'TOC \\o "1-2"' in body
    assert "Summary for executives" in body


def test_make_document_reports_progress_and_refuses_unknown_formats():
    seen = []
    make_document(
        sample_export(), "docx", "th", progress=lambda *a: seen.append(a), charts_apart=False
    )
    assert [d for d, _t, _m in seen] == [0, 1, 2, 3] and {t for _d, t, _m in seen} == {3}
    assert all(" / " in m for _d, _t, m in seen)
    with pytest.raises(ValueError):
        make_document(sample_export(), "odt", "th")
    with pytest.raises(ValueError):
        make_document(sample_export(), "pdf", "fr")
