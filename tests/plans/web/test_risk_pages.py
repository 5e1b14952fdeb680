"""The risk section's pages: what each role sees, uploads with located errors and nothing
saved, the editable table, the synthetic marking, downloads rebuilt from the stored
document (sanitised), Buddhist Era on Thai pages and Common Era on English ones."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from climateplan.plans.web.models import Plan, PlanState, Section, SectionState


def client_for(user=None, lang: str = "th") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    if lang != "th":
        client.post(reverse("site:set_language"), {"language": lang, "next": "/"})
    return client


def section_url(plan) -> str:
    return reverse("plans:section", args=[plan.pk, "risk"])


def url(name, plan, *args) -> str:
    return reverse(f"plans:{name}", args=[plan.pk, *args])


def text(response) -> str:
    return response.content.decode("utf-8")


def revision(plan) -> int:
    return Plan.objects.get(pk=plan.pk).revision


def risk_of(plan) -> Section:
    return Section.objects.get(plan=plan, kind="risk")


@pytest.fixture
def loaded(plan, users):
    """The plan with the shipped synthetic example values of Chiang Mai."""
    response = client_for(users["editor"]).post(
        url("risk_example", plan), {"revision": revision(plan)}
    )
    assert response.status_code == 302
    section = risk_of(plan)
    assert section.result is not None
    return plan


def publish(plan):
    """The plan and its sections published (the workflow's own path is tested elsewhere)."""
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    Section.objects.filter(plan=plan).update(state=SectionState.PUBLISHED)


# --------------------------------------------------------------------------- roles


def test_editor_sees_the_inputs_forms_and_the_result(loaded, users):
    body = text(client_for(users["editor"]).get(section_url(loaded)))
    for marker in (
        'id="risk-indicator-upload"',
        'id="risk-indicator-table"',
        'id="risk-gridded-upload"',
        'id="risk-netcdf-upload"',
        'id="risk-template-xlsx"',
        'id="risk-overall"',
        'id="risk-matrix"',
        'id="hazard-sector-table"',
        'id="risk-charts"',
        "อุทกภัย",  # hazards named in Thai
    ):
        assert marker in body, marker


@pytest.mark.parametrize("who", ["viewer", "approver", "reviewer", "admin"])
def test_readers_see_the_result_without_the_forms(loaded, users, who):
    response = client_for(users[who]).get(section_url(loaded))
    assert response.status_code == 200
    body = text(response)
    assert 'id="risk-overall"' in body
    assert 'id="risk-indicator-upload"' not in body
    assert 'id="risk-netcdf-upload"' not in body
    assert 'name="value_' not in body


@pytest.mark.parametrize("who", ["other_viewer", "other_editor", "no_role", None])
def test_a_draft_of_another_province_does_not_exist_for_others(loaded, users, who):
    user = users[who] if who else None
    assert client_for(user).get(section_url(loaded)).status_code == 404


def test_the_public_reads_a_published_profile(loaded, users):
    publish(loaded)
    body = text(client_for(None).get(section_url(loaded)))
    assert 'id="risk-overall"' in body and 'id="synthetic-banner"' in body
    assert 'id="risk-indicator-upload"' not in body


def test_posts_of_other_roles_are_refused_and_change_nothing(loaded, users):
    before = revision(loaded)
    data = {"revision": before, "scenario": "ssp585", "period": "2051-2080"}
    target = url("risk_framework", loaded)
    assert client_for(users["viewer"]).post(target, data).status_code == 403
    assert client_for(users["other_editor"]).post(target, data).status_code == 404
    assert client_for(None).post(target, data).status_code == 404
    assert revision(loaded) == before


# --------------------------------------------------------------------------- synthetic, years


def test_synthetic_banner_and_be_years_in_thai(loaded, users):
    body = text(client_for(users["editor"]).get(section_url(loaded)))
    assert 'id="synthetic-banner"' in body and "ข้อมูลตัวอย่างสังเคราะห์" in body
    # the projection period 2021-2050 is BE 2564-2593 on the Thai page
    assert "พ.ศ. 2564-2593" in body
    english = text(client_for(users["editor"], "en").get(section_url(loaded)))
    assert "SYNTHETIC EXAMPLE DATA" in english and "2021-2050" in english
    assert "2564-2593" not in english


def test_no_banner_for_real_data(plan, users):
    body = text(client_for(users["editor"]).get(section_url(plan)))
    assert 'id="synthetic-banner"' not in body
    assert "ยังไม่มีค่าตัวชี้วัด" in body  # why there is no result yet


# --------------------------------------------------------------------------- uploads


def indicator_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["province", "indicator", "value", "year", "source"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_bad_indicator_upload_lists_every_located_problem_and_saves_nothing(loaded, users):
    before = revision(loaded)
    inputs_before = risk_of(loaded).inputs
    data = indicator_csv(
        [
            ["TH-50", "poverty_rate", "12.5", "2565", "NESDC"],  # fine
            ["TH-52", "poverty_rate", "9.0", "2565", "NESDC"],  # Lampang's row
            ["TH-50", "no_such_indicator", "1", "2022", "x"],  # unknown indicator
        ]
    )
    upload = SimpleUploadedFile("indicators.csv", data, content_type="text/csv")
    response = client_for(users["editor"]).post(
        url("risk_indicator_upload", loaded), {"revision": before, "file": upload}
    )
    assert response.status_code == 400
    body = text(response)
    assert "ยังไม่มีการบันทึกใด ๆ" in body  # nothing was saved
    problems = response.context["problems"]
    located = {(p.file, p.row, p.column) for p in problems}
    assert ("indicators.csv", 3, "province") in located  # row 3: the TH-52 row
    assert any(p.row == 4 and p.column == "indicator" for p in problems)
    other = next(p for p in problems if p.row == 3 and p.column == "province")
    assert "TH-52" in other.message_en and "TH-52" in other.message_th
    assert revision(loaded) == before
    assert risk_of(loaded).inputs == inputs_before


def test_editing_the_table_saves_real_values_and_keeps_the_others(loaded, users):
    page = client_for(users["editor"]).get(section_url(loaded))
    shown = [r for r in page.context["indicator_rows"] if not r["gridded"]]
    # the form as the browser sends it back: every row as shown (years in BE), one changed
    data = {"revision": revision(loaded)}
    for row in shown:
        data[f"value_{row['id']}"] = row["value"]
        data[f"year_{row['id']}"] = row["year"]
        data[f"source_{row['id']}"] = row["source"]
    changed, untouched = shown[0]["id"], shown[1]["id"]
    data[f"value_{changed}"] = "7"
    data[f"year_{changed}"] = "2566"  # BE, stored as CE 2023
    data[f"source_{changed}"] = '=HYPERLINK("http://example.invalid")'
    response = client_for(users["editor"]).post(url("risk_indicator_table", loaded), data)
    assert response.status_code == 302
    rows = {r["indicator"]: r for r in risk_of(loaded).inputs["indicators"]}
    assert rows[changed]["value"] == 7.0 and rows[changed]["year"] == "2023"
    assert rows[changed]["synthetic"] is False  # typed by the officer
    assert rows[untouched]["synthetic"] is True  # still the example value
    assert rows[untouched]["value"] == float(shown[1]["value"])
    # the formula typed as a source comes back quoted in the CSV download
    response = client_for(users["editor"]).get(url("risk_download", loaded, "indicators.csv"))
    assert b"'=HYPERLINK" in response.content and b",=HYPERLINK" not in response.content


def test_a_value_out_of_type_is_located_in_the_table(loaded, users):
    page = client_for(users["editor"]).get(section_url(loaded))
    table_ids = [r["id"] for r in page.context["indicator_rows"] if not r["gridded"]]
    before = revision(loaded)
    data = {"revision": before, f"value_{table_ids[1]}": "many"}
    response = client_for(users["editor"]).post(url("risk_indicator_table", loaded), data)
    assert response.status_code == 400
    problems = response.context["problems"]
    # row 3 of the table (header = row 1): the second indicator, column value
    assert any(p.row == 3 and p.column == "value" for p in problems)
    assert table_ids[1] in response.context["error_rows"]
    assert revision(loaded) == before


# --------------------------------------------------------------------------- downloads


def test_templates_list_every_indicator(plan, users):
    response = client_for(users["viewer"]).get(url("risk_template", plan, "csv"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    header = body.splitlines()[0].split(",")
    assert header[:6] == ["province", "indicator", "value", "year", "source", "unit"]
    assert "direction" in header and "suggested_source" in header
    xlsx = client_for(users["viewer"]).get(url("risk_template", plan, "xlsx"))
    assert xlsx.content[:4] == b"PK\x03\x04"
    assert client_for(users["viewer"]).get(url("risk_template", plan, "pdf")).status_code == 404


def test_downloads_come_from_the_stored_document_marked_synthetic(loaded, users):
    client = client_for(users["viewer"])
    response = client.get(url("risk_download", loaded, "scores.csv"))
    assert response.status_code == 200
    assert "SYNTHETIC_risk_TH-50_scores.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and all(r["synthetic_inputs"] == "True" for r in rows)
    book = client.get(url("risk_download", loaded, "risk_profile.xlsx"))
    assert book.content[:4] == b"PK\x03\x04"
    assert client.get(url("risk_download", loaded, "secrets.txt")).status_code == 404
    # another province's viewer cannot reach the draft's files
    other = client_for(users["other_viewer"]).get(url("risk_download", loaded, "scores.csv"))
    assert other.status_code == 404


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_each_language_shows_only_its_own_words(loaded, users, who):
    from tests.web.test_pages_language import THAI, english_catalogue, visible_texts

    english = text(client_for(users[who], "en").get(section_url(loaded)))
    thai_words = [t for t in visible_texts(english, "en") if THAI.search(t)]
    assert thai_words == []
    catalogue = english_catalogue()
    thai = text(client_for(users[who]).get(section_url(loaded)))
    labels = [t for t in visible_texts(thai, "th") if t in catalogue]
    assert labels == []


# --------------------------------------------------------------------------- how values read


def _row_html(body: str, indicator: str) -> str:
    start = body.index(f'id="indicator-{indicator}"')
    return body[start : body.index("</tr>", start)]


def test_year_ranges_are_buddhist_era_on_both_ends_in_thai(loaded, users):
    """The shipped example data of Chiang Mai (TH-50, risk/data/example_indicators_th.csv)
    dates tropical_cyclone_frequency 1951-2020 and storm_disaster_declarations
    2012-2021: BE = CE + 543, so 1951+543 = 2494, 2020+543 = 2563, 2012+543 = 2555,
    2021+543 = 2564."""
    publish(loaded)
    thai = text(client_for().get(section_url(loaded)))
    assert '<td class="nowrap">2494-2563</td>' in _row_html(thai, "tropical_cyclone_frequency")
    assert "2555-2564" in _row_html(thai, "storm_disaster_declarations")
    assert '<td class="nowrap">1951-2020</td>' not in thai
    english = text(client_for(lang="en").get(section_url(loaded)))
    assert '<td class="nowrap">1951-2020</td>' in _row_html(english, "tropical_cyclone_frequency")
    assert '<td class="nowrap">2012-2021</td>' in _row_html(english, "storm_disaster_declarations")


def test_a_be_year_range_typed_back_is_stored_in_ce(loaded, users):
    """The editor's table shows 2555-2564 (BE) for 2012-2021; sending the form back
    unchanged keeps 2012-2021 (2555-543, 2564-543) and the example value's marking."""
    page = client_for(users["editor"]).get(section_url(loaded))
    shown = [r for r in page.context["indicator_rows"] if not r["gridded"]]
    data = {"revision": revision(loaded)}
    for row in shown:
        data[f"value_{row['id']}"] = row["value"]
        data[f"year_{row['id']}"] = row["year"]
        data[f"source_{row['id']}"] = row["source"]
    assert data["year_storm_disaster_declarations"] == "2555-2564"
    response = client_for(users["editor"]).post(url("risk_indicator_table", loaded), data)
    assert response.status_code == 302
    rows = {r["indicator"]: r for r in risk_of(loaded).inputs["indicators"]}
    assert rows["storm_disaster_declarations"]["year"] == "2012-2021"
    assert rows["storm_disaster_declarations"]["synthetic"] is True


def test_values_units_and_scenarios_read_in_the_pages_language(loaded, users):
    """gpp_per_capita of TH-50 is 88868.9 THB/person/year in the example data: shown
    with a thousands separator as 88,868.9; its unit is บาท/คน/ปี on the Thai page.
    Climate indices name their scenario: historical is the past reference period,
    ssp245 keeps its code SSP2-4.5 with a gloss."""
    publish(loaded)
    thai = text(client_for().get(section_url(loaded)))
    gpp = _row_html(thai, "gpp_per_capita")
    assert "88,868.9" in gpp and "88868.9" not in gpp
    assert "(บาท/คน/ปี)" in gpp and "THB/person/year" not in gpp
    assert "ช่วงอ้างอิงในอดีต (historical)" in thai
    assert "SSP2-4.5 (การปล่อยระดับปานกลาง)" in thai
    assert "· ssp245 ·" not in thai and "· ssp245<" not in thai
    english = text(client_for(lang="en").get(section_url(loaded)))
    gpp = _row_html(english, "gpp_per_capita")
    assert "88,868.9" in gpp and "(THB/person/year)" in gpp
    assert "SSP2-4.5 (intermediate emissions)" in english


@pytest.mark.parametrize(
    "value, shown",
    [
        (243316.88, "243,316.88"),  # two decimals kept, separator every three digits
        (11597.99, "11,597.99"),
        (4.5, "4.5"),  # 4.50 -> trailing zero dropped
        (1000, "1,000"),  # 1,000.00 -> no decimals left
        (0.0123, "0.0123"),  # below one: three significant digits (4 decimals)
        (0, "0"),
        (-2.345, "-2.35"),  # rounded to two decimals
    ],
)
def test_shown_number(value, shown):
    from climateplan.plans.web.views_risk import _shown_number

    assert _shown_number(value) == shown


def _gridded_list(body: str) -> list[str]:
    """The lines of the page's list of gridded indices (index · period · scenario)."""
    import re

    found = re.search(r'<ul class="risk-index-list">(.*?)</ul>', body, re.S)
    assert found, "no list of gridded indices"
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    ]


def test_the_list_of_gridded_indices_follows_an_upload(loaded, users):
    """The list (one line per index, period and scenario of the stored rows) is built once
    per state of the section: a new upload shows the new rows at once, in each language."""
    editor = client_for(users["editor"])
    reader = client_for(users["viewer"], lang="en")
    before = _gridded_list(text(reader.get(section_url(loaded))))
    assert len(before) > 2
    header = "province,index,unit,period,scenario,value,baseline,change\n"
    rows = (
        "TH-50,txx,degC,1985-2014,historical,35.1,35.1,0\n"
        "TH-50,txx,degC,2021-2050,ssp245,36.2,35.1,1.1\n"
    )
    response = editor.post(
        url("risk_gridded_upload", loaded),
        {
            "revision": revision(loaded),
            "file": SimpleUploadedFile("gridded.csv", (header + rows).encode(), "text/csv"),
        },
    )
    assert response.status_code == 302
    # historical: 1985-2014; SSP2-4.5 named as the framework's scenario list names it
    after_en = _gridded_list(text(reader.get(section_url(loaded))))
    assert len(after_en) == 2
    assert after_en[0] == "txx · 1985-2014 · historical (reference period)"
    assert after_en[1].startswith("txx · 2021-2050 · ") and "4.5" in after_en[1]
    # Thai: Buddhist Era years (1985 + 543 = 2528, 2014 + 543 = 2557)
    after_th = _gridded_list(text(client_for(users["viewer"]).get(section_url(loaded))))
    assert after_th[0] == "txx · พ.ศ. 2528-2557 · ช่วงอ้างอิงในอดีต (historical)"
