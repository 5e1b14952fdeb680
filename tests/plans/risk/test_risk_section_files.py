"""Downloads and chart data rebuilt from the stored document, and the checklist."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from climateplan.plans.risk import (
    chart_data,
    checklist,
    compute,
    files,
    map_geojson,
)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def document(mini_inputs):
    mini_inputs.indicators[0]["source"] = '=HYPERLINK("http://x")'
    mini_inputs.period = "2021-2050"  # the projection period shown in the summary
    return compute(mini_inputs, "TH-50")


def test_files_from_the_stored_document(document):
    stored = json.loads(json.dumps(document))  # as the web layer keeps it
    out = files(stored, "th")
    for name in (
        "risk_profile.xlsx",
        "scores.csv",
        "register.csv",
        "hazard_sector.csv",
        "profile.json",
        "districts.csv",
    ):
        assert name in out
    for name in (
        "hazard_scores.png",
        "sector_scores.png",
        "risk_matrix.png",
        "hazard_sector.png",
        "map.png",
        "district_map_f_rain.png",
    ):
        assert out[name].startswith(PNG)
    assert json.loads(out["profile.json"])["inputs_digest"] == document["inputs_digest"]
    # the user's text is made inert in every export (reports.cells)
    assert "'=HYPERLINK" in out["indicators.csv"].decode("utf-8-sig")
    book = load_workbook(io.BytesIO(out["risk_profile.xlsx"]))
    assert book.sheetnames[0] == "สรุป"
    cells = [c.value for row in book["ตัวชี้วัด"].iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in cells)
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    summary = dict(r for r in book["สรุป"].iter_rows(values_only=True) if len(r) == 2)
    # Thai documents give years in the Buddhist Era: 2021-2050 + 543 = 2564-2593
    assert summary["ช่วงปีคาดการณ์"] == "พ.ศ. 2564-2593"
    assert summary["ภัยที่มีความเสี่ยงสูงสุด"] == "ความร้อน, อุทกภัย"
    english = load_workbook(io.BytesIO(files(stored, "en")["risk_profile.xlsx"]))
    assert english.sheetnames[0] == "summary"
    summary = dict(r for r in english["summary"].iter_rows(values_only=True) if len(r) == 2)
    assert summary["Projection period"] == "2021-2050"
    assert summary["Top hazards"] == "Heat, Flood"
    assert "register" in english.sheetnames


def test_synthetic_marks_every_title_and_file(mini_inputs):
    mini_inputs.synthetic["gridded"] = True
    document = compute(mini_inputs, "TH-50")
    data = chart_data(document, "en")
    for key in ("hazard_bars", "sector_bars", "matrix", "hazard_sector", "districts"):
        assert data[key]["title"].startswith("SYNTHETIC DATA"), key
    assert chart_data(document, "th")["matrix"]["title"].startswith("ข้อมูลสังเคราะห์")
    out = files(document, "en")
    summary = load_workbook(io.BytesIO(out["risk_profile.xlsx"]))["summary"]
    assert summary["A1"].value.startswith("SYNTHETIC DATA")
    assert "True" in out["register.csv"].decode("utf-8-sig").splitlines()[1]


def test_chart_data_places_the_register(document):
    data = chart_data(document, "en")
    # flood: likelihood 3, consequence 2 (test_risk_section_compute); heat: 3 and 3
    assert data["matrix"]["text"][2][1] == "Flood"
    assert data["matrix"]["text"][2][2] == "Heat"
    # P x C = 6 and 9 are both "medium", the second of the four matrix levels
    assert data["matrix"]["z"][2][1] == 1 and data["matrix"]["z"][2][2] == 1
    assert data["hazard_bars"]["labels"] == ["Flood", "Heat"]
    assert data["hazard_bars"]["values"][0] == pytest.approx(96 ** (1 / 3))
    districts = data["districts"]["indicators"][0]
    assert districts["locations"] == ["TH-5001", "TH-5002"]
    assert districts["scores"] == pytest.approx([2.0, 8.0])
    # 2.0 is "low" (2.0 <= s < 3.5), 8.0 "very high" (>= 6.5): the class colours
    assert districts["colours"] == ["#91cf60", "#d73027"]
    outlines = data["districts"]["outlines"]
    assert len(outlines) == 25 and len(outlines["TH-5001"]["x"]) == len(outlines["TH-5001"]["y"])
    assert chart_data(document, "th")["hazard_bars"]["labels"] == ["อุทกภัย", "ความร้อน"]


def test_map_geojson_holds_the_districts():
    geo = map_geojson("เชียงใหม่")
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) == 25  # Chiang Mai's 25 amphoe in the shipped boundaries
    first = geo["features"][0]
    assert first["id"] == "TH-5001" and first["properties"]["name_th"] == "เมืองเชียงใหม่"


def test_checklist_follows_the_section(mini_inputs):
    items = {i.key: i for i in checklist(mini_inputs, None)}
    assert items["indicators"].done and items["gridded"].done
    assert not items["computed"].done and not items["up_to_date"].done
    document = compute(mini_inputs, "TH-50")
    items = {i.key: i for i in checklist(mini_inputs, document)}
    assert all(i.done for i in items.values())
    # a changed input makes the result out of date; a removed value is listed with
    # where officers find it (the framework's source)
    mini_inputs.indicators = [r for r in mini_inputs.indicators if r["indicator"] != "poverty"]
    items = {i.key: i for i in checklist(mini_inputs, document)}
    assert not items["up_to_date"].done
    assert not items["indicators"].done and "poverty" in items["indicators"].en
    assert items["indicators"].hint_th.startswith("หาค่าได้จาก")
    # synthetic inputs: advice only, never in the way
    mini_inputs.synthetic["indicators"] = True
    advice = {i.key: i for i in checklist(mini_inputs, document)}["real_data"]
    assert not advice.done and not advice.blocking


def test_checklist_reports_a_broken_framework():
    from climateplan.plans.risk import RiskInputs

    items = checklist(RiskInputs(framework_yaml="framework: [", framework_name="x.yaml"), None)
    assert [(i.key, i.done) for i in items] == [("framework", False)]
    assert "x.yaml" in items[0].hint_en


def test_checklist_leaves_out_coastal_indicators_inland():
    from climateplan.plans.risk import RiskInputs

    inland = {i.key: i for i in checklist(RiskInputs(), None, province="TH-50")}["indicators"]
    coast = {i.key: i for i in checklist(RiskInputs(), None, province="TH-20")}["indicators"]
    # coastal_erosion_length and lecz_population_share apply to the 23 coastal provinces
    # only (risk/data/coastal_provinces_th.csv): Chon Buri (TH-20) lacks them, Chiang Mai not
    assert "coastal_erosion_length" in coast.en and "lecz_population_share" in coast.en
    assert "coastal_erosion_length" not in inland.en
