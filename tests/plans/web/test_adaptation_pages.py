"""The adaptation section on the platform: who sees what, writes refused with located
bilingual problems and nothing saved, downloads from the stored result (sanitised),
the result going out of date when the risk result changes, and the language of years."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import Plan, PlanState, set_section_result
from climateplan.plans.web.sections import ActionData
from tests.plans.adaptation.example import risk_document

KIND = "adaptation"


def page(plan) -> str:
    return reverse("plans:section", args=[plan.pk, KIND])


def revision(plan) -> int:
    return Plan.objects.get(pk=plan.pk).revision


def english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    return client


def give_risk_result(plan, stamp: str = "risk-1") -> None:
    """The plan's risk section with the Chiang Mai result of the synthetic example inputs."""
    risk = plan.sections.get(kind="risk")
    risk.input_stamp = stamp
    risk.save(update_fields=["input_stamp", "updated_at"])  # as a recompute does
    set_section_result(risk, risk_document("TH-50"))


def farm_ponds(code: str = "CM-01", name_en: str = "Farm ponds") -> ActionData:
    return ActionData(
        code=code,
        name_th="บ่อน้ำในไร่นา",
        name_en=name_en,
        owner_agency="LDD",
        co_agencies=["LAO"],
        start_year=2026,
        end_year=2027,
        data={
            "hazards": ["drought"],
            "sectors": ["agriculture"],
            "areas": ["province"],
            "vulnerable_groups": ["farmers"],
            "type": "structural",
            "status": "planned",
            "lifetime_years": 10,
            "effectiveness": 4,
            "feasibility_technical": 4,
            "feasibility_institutional": 3,
            "co_benefits_score": 3,
            "likelihood_reduction": 1,
            "consequence_reduction": 1,
            "indicators": [
                {
                    "kind": "output",
                    "name_th": "บ่อ",
                    "name_en": "Ponds",
                    "unit": "ponds",
                    "baseline": 0,
                    "target": 400,
                    "year": 2027,
                }
            ],
        },
        budget=[
            {
                "fiscal_year": 2026,
                "amount": 1_000_000.0,
                "kind": "capital",
                "source": "provincial",
                "note": "",
            },
            {
                "fiscal_year": 2027,
                "amount": 50_000.0,
                "kind": "operating",
                "source": "local",
                "note": "",
            },
        ],
    )


@pytest.fixture
def adapted(plan, users):
    """The draft Chiang Mai plan with a risk result and one action computed."""
    give_risk_result(plan)
    editor = users["editor"]
    services.write_section(
        plan_access_for(editor),
        editor,
        plan.sections.get(kind=KIND),
        expected_revision=revision(plan),
        actions=[farm_ponds()],
    )
    plan.refresh_from_db()
    return plan


def test_editor_sees_register_library_form_results_and_downloads(client, users, adapted):
    client.force_login(users["editor"])
    response = client.get(page(adapted))
    assert response.status_code == 200
    html = response.content.decode()
    for marker in (
        'id="register-table"',
        'id="library-table"',
        'id="add-action"',
        'id="weights-form"',
        'id="ranking-table"',
        'id="coverage-table"',
        'id="matrix-after"',
        'id="economics-table"',
        'id="downloads"',
        'id="adaptation-charts"',
        'id="synthetic-notice"',
    ):
        assert marker in html, marker
    # budget total of the action: 1,000,000 + 50,000 = 1,050,000 THB
    assert "1,050,000" in html


def test_viewer_reads_without_edit_controls(client, users, adapted):
    client.force_login(users["viewer"])
    html = client.get(page(adapted)).content.decode()
    assert 'id="ranking-table"' in html
    assert 'id="add-action"' not in html and 'id="weights-form"' not in html
    add = reverse("plans:adaptation_action_add", args=[adapted.pk])
    assert client.get(add).status_code == 403


def test_other_province_gets_404_and_public_only_published(client, users, adapted):
    client.force_login(users["other_viewer"])
    assert client.get(page(adapted)).status_code == 404
    download = reverse("plans:adaptation_download", args=[adapted.pk, "gcom_adaptation.csv"])
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(page(adapted)).status_code == 404
    Plan.objects.filter(pk=adapted.pk).update(state=PlanState.PUBLISHED)
    adapted.sections.update(state="published")
    assert client.get(page(adapted)).status_code == 200
    assert client.get(download).status_code == 200


def test_page_without_a_risk_result_says_so_with_a_link(client, users, plan):
    client.force_login(users["editor"])
    html = client.get(page(plan)).content.decode()
    assert 'id="no-risk"' in html
    assert reverse("plans:section", args=[plan.pk, "risk"]) in html


def _post_action(client, plan, **over):
    data = {
        "revision": revision(plan),
        "code": "CM-02",
        "name_th": "แผนรับมือความร้อน",
        "name_en": "Heat-health action plan",
        "type": "policy",
        "status": "planned",
        "hazards": ["heat"],
        "sectors": ["public_health"],
        "owner_agency": "PHO",
        "co_agencies": "LAO",
        "start_year": "2569",  # BE on the Thai page = 2026 CE
        "end_year": "2570",
        "lifetime_years": "5",
        "effectiveness": "4",
        "feasibility_technical": "4",
        "feasibility_institutional": "4",
        "co_benefits_score": "3",
        "likelihood_reduction": "0",
        "consequence_reduction": "1",
        # one filled row and the form's blank rows (their kind select keeps its default)
        "budget_fiscal_year": ["2569", "", ""],
        "budget_kind": ["capital", "capital", "capital"],
        "budget_source": ["provincial", "", ""],
        "budget_amount": ["300000", "", ""],
        "budget_note": ["", "", ""],
    }
    data.update(over)
    return client.post(reverse("plans:adaptation_action_add", args=[plan.pk]), data)


def test_action_form_saves_and_reads_buddhist_era_years(client, users, adapted):
    client.force_login(users["editor"])
    before = revision(adapted)
    response = _post_action(client, adapted)
    assert response.status_code == 302
    action = adapted.sections.get(kind=KIND).actions.get(code="CM-02")
    assert (action.start_year, action.end_year) == (2026, 2027)  # 2569 - 543, 2570 - 543
    assert [b.fiscal_year for b in action.budget_lines.all()] == [2026]
    assert revision(adapted) == before + 1
    document = adapted.sections.get(kind=KIND).result
    assert {a["code"] for a in document["actions"]} == {"CM-01", "CM-02"}


def test_bad_action_is_refused_with_located_bilingual_problems_and_nothing_saved(
    client, users, adapted
):
    client.force_login(users["editor"])
    before = revision(adapted)
    response = _post_action(
        client,
        adapted,
        hazards=["coastal"],  # not in Chiang Mai's register
        sectors=["water", "rocketry"],
        owner_agency="NOPE",
        type="magic",
        budget_amount=["-5", "", ""],
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-problems"' in html
    for text in ("coastal", "rocketry", "NOPE", "magic", "-5"):
        assert text in html, text
    # located by the form's own fields: each problem named by its field's label and
    # shown beside the field, never in the file's words (sheet, row, column)
    assert "ชีต actions" not in html and "คอลัมน์" not in html and "แถว 3" not in html
    assert "<strong>ภัยในทะเบียนความเสี่ยง</strong> (coastal)" in html
    assert "<strong>หน่วยงานหลัก</strong> (NOPE)" in html
    agency_error = html[html.index('id="error-owner_agency"') :]
    assert agency_error.startswith('id="error-owner_agency">ไม่รู้จักหน่วยงานนี้ กรุณาเลือกจากรายชื่อ')
    for field in ("hazards", "sectors", "owner_agency", "type", "budget"):
        assert f'id="error-{field}"' in html, field
    hazards_box = html[html.index('id="f-hazards"') : html.index('id="f-sectors"')]
    assert 'id="error-hazards"' in hazards_box and "coastal" in hazards_box
    assert revision(adapted) == before
    assert not adapted.sections.get(kind=KIND).actions.filter(code="CM-02").exists()
    english(client)
    html = _post_action(client, adapted, hazards=["coastal"]).content.decode()
    assert "sheet actions" not in html and "column hazards" not in html
    assert "<strong>Hazards of the register</strong> (coastal)" in html
    assert "is not in the risk register" in html


def test_weights_summing_to_zero_are_refused(client, users, adapted):
    client.force_login(users["editor"])
    before = revision(adapted)
    post = {"revision": before, "weights_preset": "custom"}
    post |= {f"w_{c}": "0" for c in ("risk", "effectiveness", "cost", "equity")}
    response = client.post(reverse("plans:adaptation_settings", args=[adapted.pk]), post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "ผลรวมของน้ำหนักเป็นศูนย์" in html
    assert revision(adapted) == before
    assert adapted.sections.get(kind=KIND).inputs.get("weights_preset", "balanced") == "balanced"


def test_stale_when_the_risk_result_changes(client, users, adapted):
    section = adapted.sections.get(kind=KIND)
    assert not services.is_stale(section, adapted)
    give_risk_result(adapted, stamp="risk-2")  # the risk section was recomputed from new inputs
    section.refresh_from_db()
    assert services.is_stale(section, adapted)
    client.force_login(users["editor"])
    assert 'id="stale-notice"' in client.get(page(adapted)).content.decode()
    client.post(
        reverse("plans:transition", args=[adapted.pk]),
        {"action": "recompute", "kind": KIND, "back": KIND, "revision": revision(adapted)},
    )
    section.refresh_from_db()
    assert not services.is_stale(section, adapted)
    assert 'id="stale-notice"' not in client.get(page(adapted)).content.decode()


def test_downloads_are_sanitised(client, users, plan):
    give_risk_result(plan)
    editor = users["editor"]
    services.write_section(
        plan_access_for(editor),
        editor,
        plan.sections.get(kind=KIND),
        expected_revision=revision(plan),
        actions=[farm_ponds(name_en='=HYPERLINK("http://x","y")')],
    )
    client.force_login(users["viewer"])
    for name in ("gcom_adaptation.csv", "actions_en.csv"):
        response = client.get(reverse("plans:adaptation_download", args=[plan.pk, name]))
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        values = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert '\'=HYPERLINK("http://x","y")' in values
        assert '=HYPERLINK("http://x","y")' not in values
    from openpyxl import load_workbook

    response = client.get(
        reverse("plans:adaptation_download", args=[plan.pk, "adaptation_plan_en.xlsx"])
    )
    book = load_workbook(io.BytesIO(response.content))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    png = client.get(reverse("plans:adaptation_download", args=[plan.pk, "priority_th.png"]))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_thai_page_years_in_buddhist_era_english_in_common_era(client, users, adapted):
    client.force_login(users["viewer"])
    html = client.get(page(adapted)).content.decode()
    # the action runs 2026-2027 CE = 2569-2570 BE
    assert "2569–2570" in html and "2026–2027" not in html
    english(client)
    html = client.get(page(adapted)).content.decode()
    assert "2026–2027" in html and "2569–2570" not in html


def test_library_option_opens_a_prefilled_form(client, users, adapted):
    client.force_login(users["editor"])
    url = reverse("plans:adaptation_action_add", args=[adapted.pk]) + "?option=farm_ponds"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="farm_ponds"' in html and 'id="agency-list"' in html


def test_other_province_editor_cannot_write_and_nothing_changes(client, users, adapted):
    client.force_login(users["other_editor"])
    before = revision(adapted)
    response = _post_action(client, adapted)
    assert response.status_code == 404
    delete = reverse("plans:adaptation_action_delete", args=[adapted.pk, "CM-01"])
    assert client.post(delete, {"revision": before}).status_code == 404
    assert revision(adapted) == before
    assert adapted.sections.get(kind=KIND).actions.filter(code="CM-01").exists()


def test_a_stale_revision_is_refused_and_nothing_written(client, users, adapted):
    client.force_login(users["editor"])
    before = revision(adapted)
    response = _post_action(client, adapted, revision=before - 1)
    assert response.status_code == 302  # back to the page with the conflict message
    assert revision(adapted) == before
    assert not adapted.sections.get(kind=KIND).actions.filter(code="CM-02").exists()
    page_html = client.get(response["Location"]).content.decode()
    assert "CM-02" not in page_html


def test_reason_makes_an_uncovered_high_risk_complete(client, users, plan):
    give_risk_result(plan)
    editor = users["editor"]
    heat_only = farm_ponds()
    heat_only.data["hazards"] = ["heat"]  # drought (high) has no action now
    services.write_section(
        plan_access_for(editor),
        editor,
        plan.sections.get(kind=KIND),
        expected_revision=revision(plan),
        actions=[heat_only],
    )
    section = plan.sections.get(kind=KIND)
    blocking = [i.key for i in services.checklist(section, plan) if i.blocking and not i.done]
    assert blocking == ["coverage:drought"]
    client.force_login(editor)
    client.post(
        reverse("plans:adaptation_reasons", args=[plan.pk]),
        {
            "revision": revision(plan),
            "reason_hazard": ["drought"],
            "reason_th": ["อยู่ในแผนงานภัยแล้งของกรมชลประทาน"],
            "reason_en": ["Covered by the Royal Irrigation Department's drought programme"],
        },
    )
    section = plan.sections.get(kind=KIND)
    assert section.result["summary"]["high_risks_with_reason"] == 1
    assert not [i for i in services.checklist(section, plan) if i.blocking and not i.done]


# --------------------------------------------------------------------------- names and scales


def test_agencies_show_by_name_in_the_pages_language(client, users, adapted):
    """farm_ponds() stores the code LDD: the shipped agencies table
    (adaptation/data/agencies.csv) names it กรมพัฒนาที่ดิน / Land Development
    Department, so the actions table shows the name, never the code."""
    client.force_login(users["editor"])
    html = client.get(page(adapted)).content.decode()
    row = html[html.index('id="action-CM-01"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="agency">กรมพัฒนาที่ดิน</td>' in row and ">LDD<" not in row
    english(client)
    html = client.get(page(adapted)).content.decode()
    assert '<td class="agency">Land Development Department</td>' in html


def test_the_form_stores_the_agencys_thai_name_and_shows_it_in_the_pages_language(
    client, users, adapted
):
    """The lead agency typed as the code PHO is stored as its Thai name
    (สำนักงานสาธารณสุขจังหวัด), as reduction measures store theirs, and the English
    edit form shows Provincial Public Health Office."""
    client.force_login(users["editor"])
    assert _post_action(client, adapted).status_code == 302
    action = adapted.sections.get(kind=KIND).actions.get(code="CM-02")
    assert action.owner_agency == "สำนักงานสาธารณสุขจังหวัด"
    assert action.co_agencies == ["องค์กรปกครองส่วนท้องถิ่น (เทศบาลและ อบต.)"]
    english(client)
    edit = reverse("plans:adaptation_action_edit", args=[adapted.pk, "CM-02"])
    html = client.get(edit).content.decode()
    assert 'id="f-owner" list="agency-list" value="Provincial Public Health Office"' in html


def test_co_benefits_of_a_library_option_come_in_both_languages(client, users, adapted):
    """The option flood_retention_area (adaptation/data/options.csv) has the co-benefits
    "Dry-season water storage; fisheries" / "เก็บน้ำไว้ใช้ในฤดูแล้ง; แหล่งประมง"."""
    client.force_login(users["editor"])
    url = reverse("plans:adaptation_action_add", args=[adapted.pk]) + "?option=flood_retention_area"
    html = client.get(url).content.decode()
    assert 'name="co_benefits_th" value="เก็บน้ำไว้ใช้ในฤดูแล้ง; แหล่งประมง"' in html
    assert 'name="co_benefits" value="Dry-season water storage; fisheries"' in html


def test_both_pages_name_their_risk_scale(client, users, adapted):
    """The register's level is the 5 x 5 matrix level (likelihood x consequence); the
    risk page's class is the 0-10 index: each page says which, and how they differ."""
    client.force_login(users["editor"])
    html = client.get(page(adapted)).content.decode()
    register = html[
        html.index('id="register-table"') : html.index(
            "</table>", html.index('id="register-table"')
        )
    ]
    assert "ระดับในเมทริกซ์ความเสี่ยง" in register and "(โอกาส x ผลกระทบ)" in register
    assert 'id="adapt-scales"' in html and "ระดับดัชนีความเสี่ยง (0-10)" in html
    english(client)
    html = client.get(page(adapted)).content.decode()
    assert "Risk matrix level" in html and "risk index class (0-10)" in html
