"""The reduction section's pages: who sees and edits what, uploads, measures, targets,
downloads and the language of years."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from climateplan.plans.web.models import Plan, PlanState
from tests.plans.web.test_reduction_handler import (
    BAU_2030,
    DRIVERS,
    SETTINGS,
    TARGETS,
    burners,
    one_line_plan,
)


def page(plan) -> str:
    return reverse("plans:section", args=[plan.pk, "reduction"])


def login(client, user):
    client.force_login(user)
    return client


def english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    return client


def revision(plan) -> int:
    return Plan.objects.get(pk=plan.pk).revision


@pytest.fixture
def small_plan(users):
    return one_line_plan(users)


def write_reduction(users, plan, **changes) -> None:
    """The province's editor writes the plan's reduction section through the services."""
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    editor = users["editor"]
    services.write_section(
        plan_access_for(editor),
        editor,
        plan.sections.get(kind="reduction"),
        expected_revision=revision(plan),
        **changes,
    )


@pytest.fixture
def filled(small_plan, users):
    """The one-line plan with drivers, the burners measure and a province target."""
    write_reduction(
        users,
        small_plan,
        inputs={"drivers": DRIVERS, "targets": TARGETS, "settings": SETTINGS},
        actions=[burners()],
    )
    small_plan.refresh_from_db()
    return small_plan


def test_editor_sees_the_edit_controls_and_results(client, users, filled):
    login(client, users["editor"])
    response = client.get(page(filled))
    assert response.status_code == 200
    html = response.content.decode()
    for marker in ('id="drivers-form"', 'id="measure-add"', 'id="target-form"', 'id="library"'):
        assert marker in html
    assert 'id="reduction-chart-data"' in html
    # BAU 2030 = 1,000 x 1.01^8 = 1,082.86 t, shown rounded
    assert f"{BAU_2030:,.0f}" in html


def test_thai_page_shows_buddhist_era_years_english_common_era(client, users, filled):
    login(client, users["viewer"])
    html = client.get(page(filled)).content.decode()
    # report year 2030 CE = 2573 BE; the fiscal year 2026 of a budget line = 2569 BE
    assert "BAU 2573" in html and "BAU 2030" not in html
    assert '"year_labels": ["2565"' in html  # chart axis from 2022 CE = 2565 BE
    english(client)
    html = client.get(page(filled)).content.decode()
    assert "BAU 2030" in html and "BAU 2573" not in html
    assert '"year_labels": ["2022"' in html


def test_viewer_reads_without_edit_controls(client, users, filled):
    login(client, users["viewer"])
    html = client.get(page(filled)).content.decode()
    assert 'id="drivers-form"' not in html and 'id="measure-add"' not in html
    assert 'id="gap-table"' in html
    response = client.post(
        reverse("plans:reduction_defaults", args=[filled.pk]), {"revision": revision(filled)}
    )
    assert response.status_code == 403


def test_a_readers_tables_follow_every_edit(client, users, filled):
    """The tables a reader sees are kept per state of the section: an editor's change of
    a measure shows on the reader's next visit, in both languages."""
    login(client, users["viewer"])
    assert "เตาแก๊สประสิทธิภาพสูง" in client.get(page(filled)).content.decode()
    write_reduction(
        users,
        filled,
        actions=[burners(name_th="เตาชีวมวลประหยัดพลังงาน", name_en="Efficient biomass stoves")],
    )
    html = client.get(page(filled)).content.decode()
    assert "เตาชีวมวลประหยัดพลังงาน" in html and "เตาแก๊สประสิทธิภาพสูง" not in html
    assert "Efficient biomass stoves" in english(client).get(page(filled)).content.decode()


def test_reviewer_reads_and_cannot_edit(client, users, filled):
    login(client, users["reviewer"])
    response = client.get(page(filled))
    assert response.status_code == 200
    assert 'id="drivers-form"' not in response.content.decode()
    before = revision(filled)
    response = client.post(
        reverse("plans:reduction_target_add", args=[filled.pk]),
        {"revision": before, "kind": "bau_relative", "value": "10", "year": "2030"},
    )
    assert response.status_code == 403
    assert revision(filled) == before


def test_other_province_and_public_get_404_until_published(client, users, filled):
    login(client, users["other_editor"])
    assert client.get(page(filled)).status_code == 404
    assert (
        client.get(reverse("plans:reduction_download", args=[filled.pk, "xlsx"])).status_code == 404
    )
    client.logout()
    assert client.get(page(filled)).status_code == 404
    Plan.objects.filter(pk=filled.pk).update(state=PlanState.PUBLISHED)
    filled.sections.update(state="published")
    response = client.get(page(filled))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="gap-table"' in html and 'id="drivers-form"' not in html


def test_defaults_fill_the_drivers_with_sources(client, users, small_plan):
    login(client, users["editor"])
    before = revision(small_plan)
    response = client.post(
        reverse("plans:reduction_defaults", args=[small_plan.pk]), {"revision": before}
    )
    assert response.status_code == 302
    section = small_plan.sections.get(kind="reduction")
    drivers = section.inputs["drivers"]
    assert {d["driver"] for d in drivers} == {"population", "gpp"}
    assert all(d["is_default"] and d["source"] for d in drivers)
    assert section.result is not None and revision(small_plan) == before + 1
    html = client.get(page(small_plan)).content.decode()
    assert 'id="drivers-default"' in html


def test_national_targets_filled_on_first_open(client, users, small_plan):
    login(client, users["editor"])
    html = client.get(page(small_plan)).content.decode()
    assert 'id="targets-national-default"' in html
    assert "ndc_unconditional" in html and "carbon_neutrality_2050" in html


def test_add_and_delete_a_province_target(client, users, filled):
    login(client, users["editor"])
    response = client.post(
        reverse("plans:reduction_target_add", args=[filled.pk]),
        {
            "revision": revision(filled),
            "name": "cm_2030",
            "kind": "below_bau_tonnes",
            "value": "100",
            "year": "2573",  # BE, read as 2030
            "source": "มติคณะกรรมการ 1/2567",
        },
    )
    assert response.status_code == 302
    section = filled.sections.get(kind="reduction")
    target = section.inputs["targets"][-1]
    assert target["year"] == 2030 and target["kind"] == "below_bau_tonnes"
    names = [t["name"] for t in section.result["targets"]]
    assert "cm_2030" in names
    index = len(section.inputs["targets"]) - 1
    client.post(
        reverse("plans:reduction_target_delete", args=[filled.pk, index]),
        {"revision": revision(filled)},
    )
    section = filled.sections.get(kind="reduction")
    assert [t["name"] for t in section.inputs["targets"]] == ["province"]


def test_conflict_asks_to_reload(client, users, filled):
    login(client, users["editor"])
    stale = revision(filled) - 1
    response = client.post(
        reverse("plans:reduction_target_add", args=[filled.pk]),
        {"revision": stale, "kind": "bau_relative", "value": "10", "year": "2030"},
        follow=True,
    )
    assert "โหลดใหม่" in response.content.decode()
    assert len(filled.sections.get(kind="reduction").inputs["targets"]) == 1


def test_bad_upload_is_located_and_nothing_saved(client, users, filled):
    login(client, users["editor"])
    before = revision(filled)
    csv = "driver,year,value,growth_pct\npopulation,2022,1000000,1\ngpp,20x2,,abc\n"
    upload = io.BytesIO(csv.encode())
    upload.name = "drivers.csv"
    response = client.post(
        reverse("plans:reduction_upload", args=[filled.pk]),
        {"revision": before, "table": "drivers", "file": upload},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="problems"' in html and "drivers.csv" in html
    # the bad row is row 3 of the file (header = row 1)
    cells = r"<td>([^<]*)</td><td>([^<]*)</td><td class=\"num\">(\d*)</td><td>([^<]*)</td>"
    rows = re.findall(r'<tr class="problem">' + cells, html)
    assert ("drivers.csv", "3") in {(f, r) for f, _s, r, _c in rows}
    assert {"year", "growth_pct"} <= {c for *_x, c in rows}
    assert revision(filled) == before
    assert filled.sections.get(kind="reduction").inputs["drivers"] == DRIVERS


def test_upload_of_a_too_large_file_is_refused_before_reading(client, users, filled, settings):
    settings.UPLOAD_MAX_BYTES = 100
    login(client, users["editor"])
    before = revision(filled)
    upload = io.BytesIO(b"driver,year,value\n" + b"population,2022,1\n" * 20)
    upload.name = "drivers.csv"
    response = client.post(
        reverse("plans:reduction_upload", args=[filled.pk]),
        {"revision": before, "table": "drivers", "file": upload},
    )
    assert response.status_code == 400
    assert revision(filled) == before


def test_good_upload_replaces_the_table(client, users, filled):
    login(client, users["editor"])
    csv = "driver,year,value,growth_pct,source\npopulation,2565,1000000,2,สำนักงานสถิติจังหวัด\n"
    upload = io.BytesIO(csv.encode())
    upload.name = "drivers.csv"
    response = client.post(
        reverse("plans:reduction_upload", args=[filled.pk]),
        {"revision": revision(filled), "table": "drivers", "file": upload},
    )
    assert response.status_code == 302
    section = filled.sections.get(kind="reduction")
    assert section.inputs["drivers"][0]["growth_pct"] == 2
    # 1,000 t x 1.02^8 = 1,171.66 t in 2030
    i = section.result["years"].index(2030)
    assert section.result["totals"][section.result["basis"]]["bau"][i] == pytest.approx(
        1000 * 1.02**8
    )


def measure_post(plan, **fields) -> dict:
    data = {
        "revision": revision(plan),
        "id": "burners2",
        "name_th": "เตาประหยัดพลังงาน",
        "name_en": "Efficient stoves",
        "kind": "emission_factor",
        "status": "planned",
        "gpc_ref": "I.1.1",
        "gases": "co2",
        "effect_pct": "20",
        "uptake_pct": "50",
        "ramp_years": "1",
        "start_year": "2569",
        "owner_agency": "สำนักงานพลังงานจังหวัด",
        "co_agencies": ["สำนักงานจังหวัด", ""],
        "budget-fiscal_year": ["2569", ""],
        "budget-amount": ["120000", ""],
        "budget-kind": ["capital", "capital"],
        "budget-source": ["provincial", ""],
        "budget-note": ["", ""],
        "kpi_name_th": "ครัวเรือน",
        "kpi_unit": "ครัวเรือน",
        "kpi_target": "1000",
        "kpi_target_year": "2573",
    }
    data.update(fields)
    return data


def test_overlapping_measure_gets_the_ordering_rule_on_the_form(client, users, filled):
    login(client, users["editor"])
    before = revision(filled)
    response = client.post(
        reverse("plans:reduction_measure_add", args=[filled.pk]), measure_post(filled)
    )
    assert response.status_code == 400
    html = response.content.decode()
    # both act on the CO2 of I.1.1 without an order: the core tells which order to give
    assert "lpg_burners" in html and "burners2" in html
    assert "order" in html and "ตัวเลขน้อยทำก่อน" in html
    assert revision(filled) == before
    # with distinct orders the measure is saved
    response = client.post(
        reverse("plans:reduction_measure_add", args=[filled.pk]),
        measure_post(filled, order="20"),
    )
    assert response.status_code == 400  # lpg_burners still has no order
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    section = filled.sections.get(kind="reduction")
    services.write_section(
        plan_access_for(users["editor"]),
        users["editor"],
        section,
        expected_revision=revision(filled),
        actions=[burners(data={**burners().data, "order": 10})],
    )
    response = client.post(
        reverse("plans:reduction_measure_add", args=[filled.pk]),
        measure_post(filled, order="20"),
    )
    assert response.status_code == 302
    action = section.actions.get(code="burners2")
    assert action.start_year == 2026 and action.co_agencies == ["สำนักงานจังหวัด"]
    line = action.budget_lines.get()
    assert (line.fiscal_year, line.amount, line.source) == (2026, 120000.0, "provincial")
    assert action.kpi["target_year"] == 2030


def test_library_add_edit_and_delete_a_measure(client, users, filled):
    login(client, users["editor"])
    # the library's efficient air conditioners act on electricity of I.1 ... the one-line
    # inventory has only LPG, so the core refuses it and names the column
    response = client.post(
        reverse("plans:reduction_library_add", args=[filled.pk]),
        {"revision": revision(filled), "library_id": "led_street_lights"},
    )
    assert response.status_code == 400
    assert "led_street_lights" in response.content.decode()
    edit = reverse("plans:reduction_measure_edit", args=[filled.pk, "lpg_burners"])
    html = client.get(edit).content.decode()
    assert 'value="2568"' in html  # start year 2025 shown in BE
    response = client.post(edit, measure_post(filled, id="lpg_burners", effect_pct="30"))
    assert response.status_code == 302
    section = filled.sections.get(kind="reduction")
    assert section.actions.get(code="lpg_burners").data["effect_pct"] == 30
    client.post(
        reverse("plans:reduction_measure_delete", args=[filled.pk, "lpg_burners"]),
        {"revision": revision(filled)},
    )
    assert not section.actions.exists()


def test_downloads_from_the_stored_result_sanitised(client, users, filled):
    from openpyxl import load_workbook

    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    section = filled.sections.get(kind="reduction")
    services.write_section(
        plan_access_for(users["editor"]),
        users["editor"],
        section,
        expected_revision=revision(filled),
        actions=[burners(name_th="=HYPERLINK(1)", name_en="=cmd|calc")],
    )
    login(client, users["viewer"])
    response = client.get(reverse("plans:reduction_download", args=[filled.pk, "xlsx"]))
    assert response.status_code == 200
    assert "TH-50-2566-2570" in response["Content-Disposition"]
    book = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    )
    texts = [
        c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert "'=HYPERLINK(1)" in texts
    assert not any(t.startswith("=") for t in texts)
    english(client)
    response = client.get(reverse("plans:reduction_download", args=[filled.pk, "csv"]))
    assert "TH-50-2023-2027" in response["Content-Disposition"]
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "gap.csv" in names and "by_sector.csv" in names
    response = client.get(reverse("plans:reduction_download", args=[filled.pk, "png"]))
    pngs = zipfile.ZipFile(io.BytesIO(response.content))
    assert "gap.png" in pngs.namelist()
    assert pngs.read("gap.png")[:8] == b"\x89PNG\r\n\x1a\n"
    response = client.get(reverse("plans:reduction_download", args=[filled.pk, "json"]))
    assert response.json()["result"]["summary"]["bau"] == pytest.approx(BAU_2030)
    assert (
        client.get(reverse("plans:reduction_download", args=[filled.pk, "exe"])).status_code == 404
    )


def test_workbook_round_trip_and_library_names(client, users, small_plan):
    """The blank workbook downloaded, filled with a measure that starts from the library,
    and uploaded: its drivers, targets and the measure are read (names from the library)."""
    from openpyxl import load_workbook

    login(client, users["editor"])
    response = client.get(reverse("plans:reduction_template", args=[small_plan.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert {"drivers", "measures", "budget", "targets"} <= set(book.sheetnames)
    sheet = book["measures"]
    header = [c.value for c in sheet[1]]
    row = dict.fromkeys(header)
    row.update({"id": "lpg_eff", "from_library": "efficient_air_conditioners"})
    # efficient air conditioners act on electricity of I.1: the one-line inventory has only
    # LPG, so the measure is pointed at the LPG line instead
    row.update({"subsector": "I.1", "method": "fuel_combustion", "owner_agency": "พลังงานจังหวัด"})
    sheet.append([row[h] for h in header])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "plan.xlsx"
    before = revision(small_plan)
    response = client.post(
        reverse("plans:reduction_upload", args=[small_plan.pk]),
        {"revision": before, "file": buffer},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    section = small_plan.sections.get(kind="reduction")
    assert revision(small_plan) == before + 1
    assert {d["driver"] for d in section.inputs["drivers"]} == {"population", "gpp"}
    action = section.actions.get(code="lpg_eff")
    assert action.library_id == "efficient_air_conditioners"
    assert action.name_th and action.name_en  # the library's names
    assert action.data["from_library"] == "efficient_air_conditioners"


def test_measure_form_for_editors_only(client, users, filled):
    url = reverse("plans:reduction_measure_add", args=[filled.pk])
    login(client, users["viewer"])
    assert client.get(url).status_code == 403
    login(client, users["editor"])
    html = client.get(url).content.decode()
    assert 'id="measure-form"' in html and 'id="agency-list"' in html
    assert "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด" in html  # the agencies list


def test_recompute_after_the_base_changes(client, users, filled):
    from climateplan.plans.web import services

    section = filled.sections.get(kind="reduction")
    # a stored result made from other inputs is out of date until recomputed
    section.input_stamp = "old"
    section.save(update_fields=["input_stamp"])
    assert services.is_stale(section)
    login(client, users["editor"])
    assert 'id="stale-notice"' in client.get(page(filled)).content.decode()
    client.post(reverse("plans:reduction_recompute", args=[filled.pk]), {"revision": 0})
    assert not services.is_stale(filled.sections.get(kind="reduction"))


def test_one_language_per_page(client, users, filled):
    """Thai pages carry no English text of the site's own; English pages no Thai letter
    (data people typed, such as agency names, is marked as data)."""
    from tests.web.test_pages_language import english_catalogue, visible_texts

    catalogue = english_catalogue()
    urls = [page(filled), reverse("plans:reduction_measure_edit", args=[filled.pk, "lpg_burners"])]
    login(client, users["editor"])
    for url in urls:
        texts = visible_texts(client.get(url).content.decode(), "th")
        untranslated = [t for t in texts if t in catalogue]
        assert not untranslated, (url, untranslated)
    english(client)
    for url in urls:
        texts = visible_texts(client.get(url).content.decode(), "en")
        thai = [t for t in texts if re.search(r"[\u0E00-\u0E7F]", t)]
        assert not thai, (url, thai)


def test_settings_basis_and_projection_end(client, users, filled):
    login(client, users["editor"])
    response = client.post(
        reverse("plans:reduction_settings", args=[filled.pk]),
        {"revision": revision(filled), "basis": "basic", "to_year": "2578"},  # BE 2578 = 2035
    )
    assert response.status_code == 302
    section = filled.sections.get(kind="reduction")
    assert section.inputs["settings"] == {"basis": "basic", "to_year": 2035}
    assert section.result["basis"] == "basic" and section.result["years"][-1] == 2035
    before = revision(filled)
    response = client.post(
        reverse("plans:reduction_settings", args=[filled.pk]),
        {"revision": before, "basis": "everything", "to_year": "2020"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "everything" in html and "to_year" in html
    assert revision(filled) == before


def test_drivers_table_saved_from_the_page(client, users, filled):
    """The drivers table as the page posts it: a row edited, a row added (BE year), one
    removed; cells the table does not show (interpolation) are kept."""
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    section = filled.sections.get(kind="reduction")
    drivers = [
        {**DRIVERS[0], "interpolation": "geometric"},
        {"driver": "gpp", "year": 2022, "growth_pct": 3},
    ]
    services.write_section(
        plan_access_for(users["editor"]),
        users["editor"],
        section,
        expected_revision=revision(filled),
        inputs={"drivers": drivers, "targets": TARGETS, "settings": SETTINGS},
    )
    login(client, users["editor"])
    html = client.get(page(filled)).content.decode()
    assert 'name="drv-interpolation" value="geometric"' in html
    assert 'name="drv-year" value="2565"' in html  # 2022 shown in BE
    blank = {"elasticity": "", "elasticity_to": "", "interpolation": "", "province": ""}
    post = {
        "revision": revision(filled),
        "drv-index": ["0", "1", ""],
        "drv-driver": ["population", "gpp", "rice_area"],
        "drv-year": ["2565", "2565", "2565"],
        "drv-value": ["1000000", "", "5000"],
        "drv-growth_pct": ["2", "3", "0"],
        "drv-unit": ["person", "", "rai"],
        "drv-source": ["สำนักทะเบียนราษฎร", "", "สำนักงานเกษตรจังหวัด"],
        "drv-note": ["", "", ""],
        "drv-remove": ["1"],
    }
    for name in blank:
        post[f"drv-{name}"] = ["geometric" if name == "interpolation" else "", "", ""]
    response = client.post(reverse("plans:reduction_drivers", args=[filled.pk]), post)
    assert response.status_code == 302
    stored = filled.sections.get(kind="reduction").inputs["drivers"]
    assert [d["driver"] for d in stored] == ["population", "rice_area"]
    assert stored[0]["growth_pct"] == 2 and stored[0]["interpolation"] == "geometric"
    assert stored[1]["year"] == 2022 and stored[1]["value"] == 5000


def test_measure_texts_must_fit(client, users, filled):
    login(client, users["editor"])
    before = revision(filled)
    response = client.post(
        reverse("plans:reduction_measure_add", args=[filled.pk]),
        measure_post(filled, id="x" * 40, name_th="ก" * 301, order="20"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "32" in html and "300" in html
    assert revision(filled) == before


def test_drivers_and_units_named_in_the_page_language(client, users, small_plan):
    """The viewer's drivers table (the national defaults: population in "person", GPP as
    "index (real GPP)") names each driver and unit in the page's language
    (reference/data/mitigation_drivers.csv: population = "จำนวนประชากร" / "Population",
    gpp = "ผลิตภัณฑ์มวลรวมจังหวัด (ราคาคงที่)"; units: "คน" / "persons"), not the stored ids."""
    login(client, users["editor"])
    client.post(
        reverse("plans:reduction_defaults", args=[small_plan.pk]),
        {"revision": revision(small_plan)},
    )

    def drivers_table() -> str:
        html = client.get(page(small_plan)).content.decode()
        start = html.index('id="drivers-table"')
        return html[start : html.index("</table>", start)]

    login(client, users["viewer"])
    table = drivers_table()
    assert "<td>จำนวนประชากร" in table and "<td>คน</td>" in table
    assert "<td>ผลิตภัณฑ์มวลรวมจังหวัด (ราคาคงที่)" in table
    assert "<td>ดัชนี (GPP ราคาคงที่)</td>" in table
    assert "<td>population" not in table and "<td>person</td>" not in table
    assert "<td>gpp" not in table and "index (real GPP)" not in table
    english(client)
    table = drivers_table()
    assert "<td>Population" in table and "<td>persons</td>" in table
    assert "<td>Gross provincial product (real)" in table


def test_target_kind_clean_and_the_plan_basis_named(client, users, filled):
    """The province target (kind bau_relative, no basis given) shows the clean kind label
    and "the plan's basis" with the plan's basis named (BASIC+, the default)."""
    login(client, users["viewer"])
    html = client.get(page(filled)).content.decode()
    table = html[
        html.index('id="targets-table"') : html.index("</table>", html.index('id="targets-table"'))
    ]
    assert '<td class="rd-kind">ร้อยละที่ลดลงจากกรณีปกติ (BAU) ในปีเป้าหมาย</td>' in table
    assert "..." not in table
    assert '<td class="rd-basis">ตามขอบเขตของแผน (BASIC+)' in table
    english(client)
    html = client.get(page(filled)).content.decode()
    assert '<td class="rd-kind">% below BAU in the target year</td>' in html
    assert '<td class="rd-basis">the plan&#x27;s basis (BASIC+)' in html  # ' escaped


def test_national_targets_notice_follows_the_stored_targets(client, users, small_plan):
    """Saving another part (the drivers) stores the national targets unchanged: the notice
    stays; once a target is deleted, the targets are no longer the national ones."""
    login(client, users["editor"])
    client.post(
        reverse("plans:reduction_defaults", args=[small_plan.pk]),
        {"revision": revision(small_plan)},
    )
    section = small_plan.sections.get(kind="reduction")
    assert "targets" in section.inputs  # saved at least once
    html = client.get(page(small_plan)).content.decode()
    assert 'id="targets-national-default"' in html
    client.post(
        reverse("plans:reduction_target_delete", args=[small_plan.pk, 0]),
        {"revision": revision(small_plan)},
    )
    html = client.get(page(small_plan)).content.decode()
    assert 'id="targets-national-default"' not in html


def test_chart_targets_carry_names_in_both_languages(client, users, small_plan):
    """The gap chart's targets are named, not by id: ndc_unconditional is "NDC แบบไม่มี
    เงื่อนไข 2573" in Thai (2030 + 543) and "NDC, unconditional 2030" in English."""
    import json

    login(client, users["editor"])
    client.post(
        reverse("plans:reduction_defaults", args=[small_plan.pk]),
        {"revision": revision(small_plan)},
    )
    html = client.get(page(small_plan)).content.decode()
    found = re.search(r'<script id="reduction-chart-data"[^>]*>(.*?)</script>', html, re.S)
    data = json.loads(found.group(1))
    ndc = next(t for t in data["targets"] if t["name"] == "ndc_unconditional")
    assert ndc["name_th"] == "NDC แบบไม่มีเงื่อนไข 2573"
    assert ndc["name_en"] == "NDC, unconditional 2030"
