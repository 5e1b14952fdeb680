"""The review report (climateplan.reports.document.review): chapters of the review page,
its figures as tables, the same tables in the PDF and the DOCX, Thai in BE and English
in CE, every problem of a bad export at once."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unicodedata

import pytest

from climateplan.errors import InputError
from climateplan.plans.review.chapters import CHAPTERS
from climateplan.plans.review.figures import ReviewInputs, trend
from climateplan.reports.document.review import (
    SCHEMA,
    build_review_document,
    check_review_export,
    make_review_document,
)

HAS_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
needs_poppler = pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils is not installed")


def review_export() -> dict:
    # The trend is computed by the review core from two inventories (no reduction result):
    # 2018: 1,000,000 t; 2022: 950,000 t -> change (950,000 - 1,000,000) / 1,000,000 = -5.0 %.
    inputs = ReviewInputs(
        start_year=2018,
        end_year=2022,
        base_year=2018,
        as_of=dt.date(2023, 3, 31),
        records=None,
        inventories={2018: 1_000_000.0, 2022: 950_000.0},
    )
    figures = {
        "as_of": "2023-03-31",
        "gwp": "AR5",
        "basis_label_en": "BASIC+",
        "basis_label_th": "BASIC+",
        "trend": trend(inputs),
        "reductions": {
            "year": 2022,
            "measures": [
                {
                    "code": "M1",
                    "name_en": "Rooftop solar on city buildings",
                    "name_th": "โซลาร์รูฟท็อปบนอาคารของเมือง",
                    "agency": "BMA-ENV",
                    "agency_en": "Department of Environment",
                    "agency_th": "สำนักสิ่งแวดล้อม",
                    "planned": 10_000.0,
                    "achieved": 7_500.0,
                    "achieved_pct": 75.0,
                }
            ],
            "sectors": [],
            "agencies": [],
            "total": {"planned": 10_000.0, "achieved": 7_500.0, "achieved_pct": 75.0},
        },
        "actions": {
            "rows": [
                {
                    "code": "M1",
                    "name_en": "Rooftop solar on city buildings",
                    "name_th": "โซลาร์รูฟท็อปบนอาคารของเมือง",
                    "agency": "BMA-ENV",
                    "agency_en": "Department of Environment",
                    "agency_th": "สำนักสิ่งแวดล้อม",
                    "status": "delayed",
                    "percent": 60.0,
                    "reason": "procurement late",
                }
            ],
            "counts": [{"status": "delayed", "actions": 1, "share_pct": 100.0}],
            "total": 1,
        },
        "budget": {
            "sources": [
                {
                    "source": "provincial",
                    "planned": 2_000_000.0,
                    "funded": 1_500_000.0,
                    "disbursed": 1_200_000.0,
                    "disbursed_pct": 60.0,
                }
            ],
            "years": [
                {
                    "fiscal_year": 2022,
                    "planned": 2_000_000.0,
                    "funded": 1_500_000.0,
                    "disbursed": 1_200_000.0,
                }
            ],
            "total": {
                "planned": 2_000_000.0,
                "funded": 1_500_000.0,
                "disbursed": 1_200_000.0,
                "disbursed_pct": 60.0,
            },
        },
        "indicators": {"rows": []},
        "risk": {"rows": [], "after_source": {}},
    }
    return {
        "schema": SCHEMA,
        "plan": {
            "title_th": "แผนแม่บทกรุงเทพมหานคร (สมมติ)",
            "title_en": "Bangkok master plan (fictional)",
            "period_th": "2561-2565",
            "period_en": "2018-2022",
            "version": 1,
        },
        "province": {"code": "TH-10", "name_th": "กรุงเทพมหานคร", "name_en": "Bangkok"},
        "review": {
            "kind": "end",
            "as_of": "2023-03-31",
            "title_th": "รายงานการทบทวนระยะสิ้นสุดแผน",
            "title_en": "End-of-plan review",
            "state": "published",
            "revision": 7,
            "figures": figures,
            "narrative": {
                "summary": {"th": "ลดได้ร้อยละ 75 ของเป้าหมาย", "en": "Three quarters achieved."}
            },
        },
        "lessons": [
            {
                "scope": "action",
                "about_th": "M1 โซลาร์รูฟท็อป",
                "about_en": "M1 rooftop solar",
                "agency": "สำนักสิ่งแวดล้อม",
                "what_worked": "ประกวดราคารวม",
                "barriers": "ขั้นตอนจัดซื้อ",
                "recommendations": "วางแผนจัดซื้อล่วงหน้า",
            }
        ],
    }


def _pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "review.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return unicodedata.normalize("NFKC", text)  # SARA AM is written decomposed


def test_the_chapters_are_those_of_the_review_page_in_order():
    doc = build_review_document(review_export(), "th")
    assert [c.key for c in doc.chapters] == [c.key for c in CHAPTERS]
    assert [c.title for c in doc.chapters] == [c.title_th for c in CHAPTERS]
    en = build_review_document(review_export(), "en")
    assert [c.title for c in en.chapters] == [c.title_en for c in CHAPTERS]


def test_the_trend_table_in_buddhist_era_with_the_change_by_hand():
    doc = build_review_document(review_export(), "th")
    table = next(t for t in doc.tables() if t.key == "review_trend")
    # 2018 + 543 = 2561; 2022 + 543 = 2565; no BAU without a reduction result
    assert [r[:3] for r in table.rows] == [["2561", "1,000,000", "-"], ["2565", "950,000", "-"]]
    emissions = next(c for c in doc.chapters if c.key == "emissions")
    texts = [getattr(b, "text", "") for b in emissions.blocks]
    assert any("-5.0 %" in t and "2561" in t and "2565" in t for t in texts)


def test_the_reductions_total_and_the_budget():
    doc = build_review_document(review_export(), "en")
    measures = next(t for t in doc.tables() if t.key == "review_measures")
    assert measures.rows[-1] == ["", "Total", "", "10,000", "7,500", "75.0 %"]
    budget = next(t for t in doc.tables() if t.key == "review_budget")
    assert budget.rows[0] == ["Provincial budget", "2,000,000", "1,500,000", "1,200,000", "60.0 %"]
    years = next(t for t in doc.tables() if t.key == "review_budget_years")
    assert years.rows[0][0] == "2022"  # CE in English


def test_lessons_and_a_missing_narrative_are_shown():
    doc = build_review_document(review_export(), "th")
    lessons = next(t for t in doc.tables() if t.key == "review_lessons")
    assert lessons.rows[0][0] == "กิจกรรม: M1 โซลาร์รูฟท็อป"
    budget = next(c for c in doc.chapters if c.key == "budget")
    assert budget.blocks[0].text == "ไม่มีคำบรรยายของบทนี้"


def test_a_bad_export_names_every_problem():
    export = review_export()
    export["schema"] = "something/else"
    del export["province"]
    export["review"]["as_of"] = ""
    with pytest.raises(InputError) as caught:
        check_review_export(export, "review.json")
    columns = [p.column for p in caught.value.problems]
    assert columns == ["schema", "province", "review.as_of"]


@needs_poppler
def test_the_thai_pdf_holds_chapters_province_and_figures(tmp_path):
    data = make_review_document(review_export(), "pdf", "th")
    text = _pdftotext(data, tmp_path)
    for chapter in CHAPTERS:  # compared in NFKC, as the text
        assert unicodedata.normalize("NFKC", chapter.title_th) in text
    assert "กรุงเทพมหานคร" in text
    assert "950,000" in text and "-5.0 %" in text and "2565" in text
    assert "7,500" in text and "75.0 %" in text


@needs_poppler
def test_the_english_pdf_uses_common_era(tmp_path):
    text = _pdftotext(make_review_document(review_export(), "pdf", "en"), tmp_path)
    assert "Lessons learned" in text and "Bangkok" in text
    assert "2022" in text and "2565" not in text


@needs_poppler
def test_a_thai_page_renders_to_a_non_blank_image(tmp_path):
    from PIL import Image

    path = tmp_path / "review.pdf"
    path.write_bytes(make_review_document(review_export(), "pdf", "th"))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "4", "-l", "4", str(path), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(1 for v in image.tobytes() if v < 128)  # one byte per pixel in mode "L"
    assert dark > 500


def test_the_docx_holds_the_same_tables():
    import docx

    doc = build_review_document(review_export(), "th")
    opened = docx.Document(io.BytesIO(make_review_document(review_export(), "docx", "th")))
    tables = doc.tables()
    assert len(opened.tables) == len(tables) > 0
    for made, expected in zip(opened.tables, tables, strict=True):
        assert [c.text for c in made.rows[0].cells] == expected.columns
        assert [[c.text for c in r.cells] for r in made.rows[1:]] == expected.rows
    assert opened.sections[0].header.paragraphs[0].text == doc.running_head
