"""Downloads and chart data of the adaptation section, rebuilt from the stored document:
Buddhist Era years in Thai, Common Era in English, the before/after matrix cells, and
every file named by download_names can be built."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from climateplan.plans.adaptation import chart_data, compute, download_names, file
from tests.plans.adaptation.example import risk_document
from tests.plans.adaptation.test_section_compute import INPUTS, three_actions


@pytest.fixture(scope="module")
def document():
    return compute(risk_document("TH-50"), INPUTS, three_actions())


def test_cost_chart_years_buddhist_era_in_thai_common_era_in_english(document):
    th = chart_data(document, "th")["cost"]
    en = chart_data(document, "en")["cost"]
    # the budget lines fall in fiscal years 2026 and 2027 CE = 2569 and 2570 BE
    assert th["data"][0]["x"] == ["2569", "2570"]
    assert en["data"][0]["x"] == ["2026", "2027"]
    assert th["layout"]["xaxis"]["title"]["text"] == "ปีงบประมาณ (พ.ศ.)"
    # million THB per year summed over sectors: 2026 1.15, 2027 100.05 (hand: see the
    # compute tests' budget lines)
    totals = [sum(t["y"][i] for t in en["data"]) for i in range(2)]
    assert totals == pytest.approx([1.15, 100.05])
    timeline = chart_data(document, "th")["timeline"]
    assert timeline["layout"]["xaxis"]["ticktext"][0] == "2569"


def test_matrix_cells_before_and_after(document):
    matrix = chart_data(document, "en")["matrix"]

    # rows run from likelihood 5 (first) to 1; columns consequence 1..5
    def cell(name, p, c):
        return matrix[name][5 - p]["cells"][c - 1]

    # drought now 4 x 3 (high); after A1's reductions (1, 1): 3 x 2 (medium)
    assert "Drought" in cell("before", 4, 3)["hazards"]
    assert cell("before", 4, 3)["level"] == "high"
    assert "Drought" in cell("after", 3, 2)["hazards"]
    assert cell("after", 3, 2)["level"] == "medium"


def test_every_download_builds_and_thai_files_use_buddhist_era(document):
    for lang in ("th", "en"):
        for name in download_names(lang):
            _type, body = file(document, name, lang)
            assert body, name
    _, body = file(document, "costs_th.csv", "th")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["fiscal_year"] for r in rows} == {"2569", "2570"}
    _, body = file(document, "costs_en.csv", "en")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["fiscal_year"] for r in rows} == {"2026", "2027"}
    _, body = file(document, "adaptation_plan_th.xlsx", "th")
    book = load_workbook(io.BytesIO(body))
    assert "มาตรการ" in book.sheetnames and "GCoM" in book.sheetnames
    _, body = file(document, "gcom_adaptation.csv", "en")
    gcom = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [g["Action ID"] for g in gcom] == ["A1", "A2", "A3"]
    with pytest.raises(KeyError):
        file(document, "../../etc/passwd", "en")


def test_charts_of_a_synthetic_profile_carry_the_label(document):
    from PIL import Image

    from climateplan.plans.adaptation.files import png

    assert document["synthetic"]  # the example inputs are synthetic
    labelled = Image.open(io.BytesIO(png(document, "timeline", "en")))
    plain = Image.open(io.BytesIO(png({**document, "synthetic": False}, "timeline", "en")))
    assert labelled.height == plain.height + 34  # the band saying "SYNTHETIC DATA, not real"
    assert labelled.getpixel((2, 2)) != plain.getpixel((2, 2))
