"""The plan pages: the province's plans, create and edit forms, the overview with its
workflow and endorsement, section review and comments, history and the inventory
section; what each role sees and may do; Buddhist Era on Thai pages, Common Era on
English ones.

The reduction, risk and adaptation handlers are the workflow tests' stub (complete
checklists), so the pages are tested on their own.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from climateplan.plans.web.models import Plan, PlanComment, PlanState, SectionState
from tests.plans.web.conftest import quick_inventory
from tests.plans.web.test_services_workflow import (  # noqa: F401 - the autouse stub fixture
    endorse,
    fresh,
    move,
    review,
    stub_handlers,
    submitted,
)


def client_for(user=None, lang: str = "th") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    if lang != "th":
        client.post(reverse("site:set_language"), {"language": lang, "next": "/"})
    return client


def page(client, name, *args, **kwargs):
    return client.get(reverse(name, args=args), **kwargs)


def text_of(response) -> str:
    return response.content.decode("utf-8")


# --------------------------------------------------------------------------- province


def test_province_page_lists_plans_and_offers_new_plan_to_editors(plan, users):
    body = text_of(page(client_for(users["editor"]), "plans:province", "TH-50"))
    assert plan.title_th in body
    assert 'id="new-plan"' in body
    # Chiang Mai's plan 2023-2027 is BE 2566-2570 on the Thai page
    assert "พ.ศ. 2566-2570" in body
    viewer = text_of(page(client_for(users["viewer"]), "plans:province", "TH-50"))
    assert plan.title_th in viewer and 'id="new-plan"' not in viewer


def test_province_page_in_english_shows_ce_years(plan, users):
    body = text_of(page(client_for(users["editor"], "en"), "plans:province", "TH-50"))
    assert "2023-2027" in body and "2566" not in body


def test_public_sees_only_published_plans(plan, users):
    anonymous = text_of(page(client_for(), "plans:province", "TH-50"))
    assert plan.title_th not in anonymous and 'id="no-plans"' in anonymous
    assert page(client_for(), "plans:detail", plan.pk).status_code == 404
    submitted(plan, users)
    move(plan, users, "reviewer", "approve")
    move(plan, users, "reviewer", "publish")
    public = client_for()
    assert plan.title_th in text_of(page(public, "plans:province", "TH-50"))
    detail = page(public, "plans:detail", plan.pk)
    assert detail.status_code == 200
    assert 'id="workflow"' not in text_of(detail)  # no internals for the public
    assert page(public, "plans:history", plan.pk).status_code == 404
    assert page(public, "plans:section", plan.pk, "inventory").status_code == 200


def test_another_provinces_draft_is_404(plan, users):
    for who in ("other_editor", "other_viewer", "other_approver", "no_role"):
        client = client_for(users[who])
        assert page(client, "plans:detail", plan.pk).status_code == 404
        assert page(client, "plans:section", plan.pk, "risk").status_code == 404
        assert page(client, "plans:history", plan.pk).status_code == 404


def test_unknown_section_and_province_are_404(plan, users):
    client = client_for(users["editor"])
    assert page(client, "plans:section", plan.pk, "budget").status_code == 404
    assert page(client, "plans:province", "TH-99").status_code == 404


# --------------------------------------------------------------------------- create / edit


def test_create_form_lists_the_approved_inventories(users, base_inventory):
    quick_inventory("TH-50", 2021, "draft")  # a draft is not offered
    body = text_of(page(client_for(users["editor"]), "plans:create", "TH-50"))
    assert f'value="{base_inventory.pk}"' in body
    assert "ปี 2565" in body  # the 2022 inventory in BE
    assert body.count('name="calibration"') == 1  # one approved inventory to offer


def test_create_form_explains_when_there_is_no_inventory(users):
    body = text_of(page(client_for(users["editor"]), "plans:create", "TH-50"))
    assert 'id="no-inventory"' in body
    assert reverse("inventory:province", args=["TH-50"]) in body


@pytest.mark.parametrize("who", ["viewer", "approver", "reviewer", "other_editor"])
def test_only_the_provinces_editor_creates(users, who):
    assert page(client_for(users[who]), "plans:create", "TH-50").status_code == 403


def test_create_in_thai_takes_be_years(users, base_inventory):
    response = client_for(users["editor"]).post(
        reverse("plans:create", args=["TH-50"]),
        {
            "title_th": "แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่",
            "kind": "provincial",
            "start_year": "2566",
            "end_year": "2570",
            "base_year": "",
            "base_inventory": str(base_inventory.pk),
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{plan.pk}/")
    # BE 2566 - 543 = CE 2023; BE 2570 - 543 = 2027; base year blank: the inventory's 2022
    assert (plan.start_year, plan.end_year, plan.base_year) == (2023, 2027, 2022)


def test_create_in_english_takes_ce_years(users, base_inventory):
    client_for(users["editor"], "en").post(
        reverse("plans:create", args=["TH-50"]),
        {
            "title_th": "แผนจังหวัดเชียงใหม่",
            "title_en": "Chiang Mai plan",
            "kind": "provincial",
            "start_year": "2023",
            "end_year": "2027",
            "base_year": "2022",
            "base_inventory": str(base_inventory.pk),
        },
    )
    plan = Plan.objects.get()
    assert (plan.start_year, plan.end_year, plan.base_year) == (2023, 2027, 2022)


def test_create_shows_every_problem_and_saves_nothing(users, base_inventory):
    response = client_for(users["editor"]).post(
        reverse("plans:create", args=["TH-50"]),
        {
            "title_th": "",
            "kind": "provincial",
            "start_year": "2570",
            "end_year": "2566",  # ends before it starts
            "base_year": "2568",  # not the inventory's year (2565)
            "base_inventory": str(base_inventory.pk),
        },
    )
    assert response.status_code == 400
    body = text_of(response)
    assert not Plan.objects.exists()
    assert "กรุณาใส่ชื่อแผนภาษาไทย" in body
    assert "ปีสิ้นสุดของแผน (พ.ศ. 2566) มาก่อนปีเริ่มต้น (พ.ศ. 2570)" in body
    assert "ไม่ใช่ปีฐาน พ.ศ. 2568" in body
    assert body.count('class="problem"') == 3  # title, end before start, inventory's year


def test_edit_shows_the_years_as_the_language_reads_them(plan, users):
    thai = text_of(page(client_for(users["editor"]), "plans:edit", plan.pk))
    assert 'value="2566"' in thai and 'value="2570"' in thai and 'value="2565"' in thai
    english = text_of(page(client_for(users["editor"], "en"), "plans:edit", plan.pk))
    assert 'value="2023"' in english and 'value="2027"' in english


def test_edit_saves_and_refuses_a_stale_revision(plan, users):
    client = client_for(users["editor"])
    form = {
        "title_th": "แผนฉบับปรับปรุง",
        "start_year": "2566",
        "end_year": "2570",
        "base_year": "2565",
        "base_inventory": str(plan.base_inventory_id),
        "revision": str(fresh(plan).revision),
    }
    assert client.post(reverse("plans:edit", args=[plan.pk]), form).status_code == 302
    assert fresh(plan).title_th == "แผนฉบับปรับปรุง"
    late = client.post(
        reverse("plans:edit", args=[plan.pk]), {**form, "title_th": "มาช้า"}, follow=True
    )
    assert "มีผู้อื่นแก้ไขข้อมูลนี้" in text_of(late)
    assert fresh(plan).title_th == "แผนฉบับปรับปรุง"


def test_edit_is_refused_to_others(plan, users):
    assert page(client_for(users["viewer"]), "plans:edit", plan.pk).status_code == 403
    assert page(client_for(users["reviewer"]), "plans:edit", plan.pk).status_code == 403
    assert page(client_for(users["other_editor"]), "plans:edit", plan.pk).status_code == 404


# --------------------------------------------------------------------------- overview


def test_overview_shows_sections_checklists_and_summary(plan, users):
    body = text_of(page(client_for(users["editor"]), "plans:detail", plan.pk))
    for kind in ("inventory", "reduction", "risk", "adaptation"):
        assert f'id="card-{kind}"' in body
    assert 'data-key="total_basic_plus"' in body
    assert "รายการตรวจสอบ" in body


def test_overview_risk_card_reads_in_the_pages_language_with_one_decimal(plan, users):
    """The risk card: the 0-10 index with one decimal (4.66 -> 4.7, as on the risk
    page), hazards by their framework name (flood = อุทกภัย / Flood, drought = ภัยแล้ง /
    Drought) with one decimal (5.06 -> 5.1, 4.77 -> 4.8), and each scale named: the
    index class (0-10) apart from the risk matrix count (likelihood x consequence)."""
    from climateplan.plans.web.models import Section

    Section.objects.filter(plan=plan, kind="risk").update(
        summary={
            "overall_score": 4.66,
            "overall_class": "medium",
            "overall_class_en": "Medium",
            "overall_class_th": "ปานกลาง",
            "top_hazards": [
                {"hazard": "flood", "risk": 5.06, "class": "high"},
                {"hazard": "drought", "risk": 4.77, "class": "medium"},
            ],
            "high_risks": 1,
            "register_entries": 5,
        }
    )
    body = text_of(page(client_for(users["editor"]), "plans:detail", plan.pk))
    card = body[
        body.index('id="card-risk"') : body.index("</article>", body.index('id="card-risk"'))
    ]
    assert '<dd class="num" data-key="overall_score">4.7</dd>' in card
    assert 'data-key="overall_class">ปานกลาง</dd>' in card
    assert "อุทกภัย (5.1)" in card and "ภัยแล้ง (4.8)" in card
    assert "flood" not in card.replace('data-hazard="flood"', "")
    assert "ระดับดัชนีความเสี่ยง (0-10)" in card
    assert "เมทริกซ์ความเสี่ยง (โอกาส x ผลกระทบ)" in card
    english = text_of(page(client_for(users["editor"], "en"), "plans:detail", plan.pk))
    card = english[english.index('id="card-risk"') :]
    assert "Flood (5.1)" in card and "Drought (4.8)" in card
    assert 'data-key="overall_class">Medium</dd>' in card


def test_approver_sees_the_endorsement_form_and_records_it_in_be(plan, users):
    client = client_for(users["approver"])
    assert 'id="endorse"' in text_of(page(client, "plans:detail", plan.pk))
    response = client.post(
        reverse("plans:endorse", args=[plan.pk]),
        {
            "revision": str(fresh(plan).revision),
            "body": "คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่",
            "meeting": "1/2567",
            "date": "15/3/2567",  # BE 2567 = CE 2024
            "authority": "ผู้ว่าราชการจังหวัดเชียงใหม่",
        },
        follow=True,
    )
    plan = fresh(plan)
    assert plan.state == PlanState.ENDORSED
    assert plan.endorsement_date.isoformat() == "2024-03-15"
    assert "15 มี.ค. 2567" in text_of(response)
    english = text_of(page(client_for(users["approver"], "en"), "plans:detail", plan.pk))
    assert "15 Mar 2024" in english


def test_endorsement_form_errors_are_shown_and_nothing_saved(plan, users):
    response = client_for(users["approver"]).post(
        reverse("plans:endorse", args=[plan.pk]),
        {
            "revision": str(fresh(plan).revision),
            "body": "",
            "meeting": "ครั้งแรก",
            "date": "15/3/2567",
            "authority": "",
        },
    )
    assert response.status_code == 400
    body = text_of(response)
    assert body.count('class="problem"') == 3  # body, meeting, authority
    assert "1/2567" in body
    assert fresh(plan).state == PlanState.DRAFT


def test_endorsement_form_says_what_is_missing(plan, users):
    from tests.plans.web.test_services_workflow import StubHandler

    StubHandler.missing = {"adaptation"}
    body = text_of(page(client_for(users["approver"]), "plans:detail", plan.pk))
    assert 'id="endorse-gaps"' in body and "กรอกข้อมูลครบ" in body


@pytest.mark.parametrize("who", ["editor", "viewer", "reviewer"])
def test_only_the_approver_endorses_through_the_page(plan, users, who):
    assert 'id="endorse"' not in text_of(page(client_for(users[who]), "plans:detail", plan.pk))
    response = client_for(users[who]).post(
        reverse("plans:endorse", args=[plan.pk]),
        {"revision": "1", "body": "x", "meeting": "1/2567", "date": "1/1/2567", "authority": "x"},
    )
    assert response.status_code == 403


def test_workflow_buttons_follow_the_role(plan, users):
    endorse(plan, users)
    editor = text_of(page(client_for(users["editor"]), "plans:detail", plan.pk))
    assert 'id="action-submit"' in editor
    reviewer = text_of(page(client_for(users["reviewer"]), "plans:detail", plan.pk))
    assert 'id="action-submit"' not in reviewer
    client_for(users["editor"]).post(
        reverse("plans:transition", args=[plan.pk]),
        {"action": "submit", "revision": str(fresh(plan).revision)},
    )
    assert fresh(plan).state == PlanState.SUBMITTED
    reviewer = text_of(page(client_for(users["reviewer"]), "plans:detail", plan.pk))
    assert 'id="action-approve"' in reviewer and 'id="approve-risk"' in reviewer


def test_a_transition_on_an_old_revision_shows_a_message(plan, users):
    endorse(plan, users)
    response = client_for(users["editor"], "en").post(
        reverse("plans:transition", args=[plan.pk]),
        {"action": "submit", "revision": str(fresh(plan).revision - 1)},
        follow=True,
    )
    assert "someone else changed this" in text_of(response)
    assert fresh(plan).state == PlanState.ENDORSED


def test_a_refused_transition_is_403(plan, users):
    response = client_for(users["viewer"]).post(
        reverse("plans:transition", args=[plan.pk]),
        {"action": "withdraw", "revision": str(fresh(plan).revision)},
    )
    assert response.status_code == 403


def test_recompute_a_stale_section(plan, users):
    section = fresh(plan).sections.get(kind="reduction")
    section.inputs = {"changed": True}
    section.save(update_fields=["inputs"])
    client = client_for(users["editor"])
    assert 'id="recompute-reduction"' in text_of(page(client, "plans:detail", plan.pk))
    client.post(
        reverse("plans:transition", args=[plan.pk]),
        {"action": "recompute", "kind": "reduction", "revision": str(fresh(plan).revision)},
    )
    assert 'id="recompute-reduction"' not in text_of(page(client, "plans:detail", plan.pk))


# --------------------------------------------------------------------------- review


def test_reviewer_returns_a_section_from_its_page_with_a_comment(plan, users):
    submitted(plan, users)
    client = client_for(users["reviewer"])
    section_page = text_of(page(client, "plans:section", plan.pk, "inventory"))
    assert 'id="review-return"' in section_page and 'id="review-approve"' in section_page
    url = reverse("plans:review_section", args=[plan.pk, "inventory"])
    no_comment = client.post(
        url,
        {"action": "return", "comment": "", "revision": str(fresh(plan).revision)},
        follow=True,
    )
    assert "การส่งกลับต้องมีความเห็นประกอบ" in text_of(no_comment)
    assert fresh(plan).sections.get(kind="inventory").state == SectionState.SUBMITTED
    client.post(
        url,
        {
            "action": "return",
            "comment": "ใช้บัญชีฉบับล่าสุด",
            "item": "base",
            "back": "inventory",
            "revision": str(fresh(plan).revision),
        },
    )
    assert fresh(plan).state == PlanState.RETURNED
    comment = PlanComment.objects.get()
    assert (comment.section_kind, comment.item) == ("inventory", "base")
    # the province sees the thread on the section's page and answers it
    editor = client_for(users["editor"])
    body = text_of(page(editor, "plans:section", plan.pk, "inventory"))
    assert "ใช้บัญชีฉบับล่าสุด" in body and 'id="review-return"' not in body
    editor.post(
        reverse("plans:comment", args=[plan.pk]),
        {"text": "เปลี่ยนแล้ว", "parent": str(comment.pk), "back": "inventory"},
    )
    editor.post(reverse("plans:resolve", args=[plan.pk, comment.pk]), {"resolve": "1"})
    comment.refresh_from_db()
    assert comment.replies.get().text == "เปลี่ยนแล้ว" and comment.is_resolved


def test_comments_are_closed_outside_review(plan, users):
    response = client_for(users["reviewer"], "en").post(
        reverse("plans:comment", args=[plan.pk]), {"text": "early"}
    )
    assert response.status_code == 403
    assert not PlanComment.objects.exists()


def test_the_public_cannot_comment_even_on_a_published_plan(plan, users):
    submitted(plan, users)
    move(plan, users, "reviewer", "approve")
    move(plan, users, "reviewer", "publish")
    response = client_for().post(reverse("plans:comment", args=[plan.pk]), {"text": "hello"})
    assert response.status_code == 404


def test_a_new_version_from_the_page_keeps_the_old_read_only(plan, users):
    submitted(plan, users)
    move(plan, users, "reviewer", "approve")
    client = client_for(users["editor"])
    response = client.post(
        reverse("plans:transition", args=[plan.pk]),
        {"action": "revise", "revision": str(fresh(plan).revision)},
    )
    new = Plan.objects.get(is_latest=True)
    assert response["Location"].endswith(f"/plans/{new.pk}/") and new.version == 2
    old = text_of(page(client, "plans:detail", plan.pk))
    assert "ฉบับเก่า เก็บไว้แบบอ่านอย่างเดียว" in old and 'id="action-' not in old


# --------------------------------------------------------------------------- history, section


def test_history_describes_changes_in_be_and_ce(plan, users):
    endorse(plan, users)
    thai = text_of(page(client_for(users["viewer"]), "plans:history", plan.pk))
    assert "บันทึกการให้ความเห็นชอบของจังหวัด" in thai
    assert "15 มี.ค. 2567" in thai  # the meeting date, BE
    assert "2566" in thai and "<del>ร่าง</del>" in thai  # the created period; old state
    english = text_of(page(client_for(users["viewer"], "en"), "plans:history", plan.pk))
    assert "Recorded the provincial endorsement" in english and "15 Mar 2024" in english
    assert "<ins>2023</ins>" in english


def test_inventory_section_shows_the_base_inventory(plan, users):
    body = text_of(page(client_for(users["editor"]), "plans:section", plan.pk, "inventory"))
    assert reverse("inventory:detail", args=[plan.base_inventory_id]) in body
    assert "ปี 2565" in body  # 2022 in BE
    assert 'data-total="basic_plus"' in body
    assert 'id="change-base"' in body
    viewer = text_of(page(client_for(users["viewer"]), "plans:section", plan.pk, "inventory"))
    assert 'id="change-base"' not in viewer


@pytest.mark.parametrize("who", ["viewer", "reviewer", "approver"])
def test_only_the_editor_recomputes(plan, users, who):
    response = client_for(users[who]).post(
        reverse("plans:transition", args=[plan.pk]),
        {"action": "recompute", "kind": "reduction", "revision": str(fresh(plan).revision)},
    )
    assert response.status_code == 403


def test_an_unreadable_meeting_date_is_listed_with_the_other_problems(plan, users):
    response = client_for(users["approver"]).post(
        reverse("plans:endorse", args=[plan.pk]),
        {
            "revision": str(fresh(plan).revision),
            "body": "",
            "meeting": "1/2567",
            "date": "31/2/2567",  # no 31 February
            "authority": "ผู้ว่าราชการจังหวัดเชียงใหม่",
        },
    )
    assert response.status_code == 400
    body = text_of(response)
    assert body.count('class="problem"') == 2  # the body and the date
    assert "กรุณาเขียนวันที่เป็น วัน/เดือน/ปี พ.ศ." in body
    assert fresh(plan).state == PlanState.DRAFT


def test_every_section_page_carries_the_review_column(plan, users):
    from climateplan.plans.web.models import SectionResult

    submitted(plan, users)
    SectionResult.objects.filter(section__plan=plan).delete()  # the stub's results are no document
    client = client_for(users["reviewer"])
    for kind in ("inventory", "reduction", "risk", "adaptation"):
        response = page(client, "plans:section", plan.pk, kind)
        if response.status_code == 404:  # a section whose pages are not installed
            continue
        body = text_of(response)
        assert response.status_code == 200, kind
        assert 'id="review-return"' in body and 'id="checklist"' in body, kind
        assert reverse("plans:help", args=[kind]) in body, kind


def test_history_shows_an_edit_old_to_new_in_be(plan, users):
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    services.edit_plan(
        plan_access_for(users["editor"]),
        users["editor"],
        fresh(plan),
        expected_revision=fresh(plan).revision,
        title_th=plan.title_th,
        title_en=plan.title_en,
        start_year=2023,
        end_year=2028,  # BE 2570 -> 2571
        base_year=2022,
        base_inventory=plan.base_inventory,
    )
    thai = text_of(page(client_for(users["editor"]), "plans:history", plan.pk))
    assert "<del>2570</del> → <ins>2571</ins>" in thai
    english = text_of(page(client_for(users["editor"], "en"), "plans:history", plan.pk))
    assert "<del>2027</del> → <ins>2028</ins>" in english
    assert "Last year" in english
