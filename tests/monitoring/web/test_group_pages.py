"""The working group page and the agencies page: who reads, who changes, the rules of
the group (one chair, one secretary, an agency once, agencies of the plan's province),
the one-click additions and the revision check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from climateplan.monitoring.web.models import Agency, Monitoring, WorkingGroupMember
from climateplan.monitoring.web.services import monitoring_of

pytestmark = pytest.mark.django_db


def english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    return client


def revision(plan) -> int:
    return monitoring_of(plan).revision


def group_url(plan, name="group", *args):
    return reverse(f"monitoring:{name}", args=[plan.pk, *args])


def add(client, plan, agency, role="member", **kw):
    return client.post(
        group_url(plan, "group_add"),
        {"revision": revision(plan), "agency": agency, "role": role, **kw},
    )


def members(plan) -> list[tuple[str, str]]:
    return list(
        WorkingGroupMember.objects.filter(plan=plan)
        .order_by("position", "pk")
        .values_list("agency__code", "role")
    )


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 200),
        ("approver", 200),
        ("viewer", 200),
        ("reporter", 200),
        ("reviewer", 200),
        ("admin", 200),
        ("other_editor", 404),
        ("other_viewer", 404),
        ("other_reporter", 404),
        ("no_role", 404),
    ],
)
def test_who_reads_the_group_page(client, users, monitored_plan, who, status):
    client.force_login(users[who])
    assert client.get(group_url(monitored_plan)).status_code == status


def test_anonymous_gets_no_group_page(client, monitored_plan):
    assert client.get(group_url(monitored_plan)).status_code == 404


@pytest.mark.parametrize("who", ["approver", "viewer", "reporter", "reviewer", "admin"])
def test_only_the_provinces_editor_changes_the_group(client, users, monitored_plan, who):
    client.force_login(users[who])
    page = client.get(group_url(monitored_plan)).content.decode()
    assert 'id="add-member-form"' not in page
    assert add(client, monitored_plan, "PEO").status_code == 403
    assert members(monitored_plan) == []


def test_other_province_cannot_post(client, users, monitored_plan):
    client.force_login(users["other_editor"])
    assert add(client, monitored_plan, "PEO").status_code == 404
    assert members(monitored_plan) == []


def test_editor_adds_edits_moves_and_removes_members(client, users, monitored_plan):
    client.force_login(users["editor"])
    response = add(
        client,
        monitored_plan,
        "PNREO",
        "secretary",
        contact_name="สมศรี ใจดี",
        contact_email="somsri@example.go.th",
        contact_phone="053 112 233",
    )
    assert response.status_code == 302
    assert add(client, monitored_plan, "PROV", "chair").status_code == 302
    assert add(client, monitored_plan, "PEO").status_code == 302
    assert members(monitored_plan) == [
        ("PNREO", "secretary"),
        ("PROV", "chair"),
        ("PEO", "member"),
    ]
    peo = WorkingGroupMember.objects.get(plan=monitored_plan, agency__code="PEO")
    # move the chair up, to the top
    prov = WorkingGroupMember.objects.get(plan=monitored_plan, agency__code="PROV")
    client.post(
        group_url(monitored_plan, "group_move", prov.pk),
        {"revision": revision(monitored_plan), "direction": "up"},
    )
    assert [c for c, _ in members(monitored_plan)] == ["PROV", "PNREO", "PEO"]
    response = client.post(
        group_url(monitored_plan, "group_edit", peo.pk),
        {
            "revision": revision(monitored_plan),
            "role": "member",
            "contact_name": "นายพลังงาน",
            "contact_title": "พลังงานจังหวัด",
        },
    )
    assert response.status_code == 302
    peo.refresh_from_db()
    assert (peo.contact_name, peo.contact_title) == ("นายพลังงาน", "พลังงานจังหวัด")
    client.post(
        group_url(monitored_plan, "group_remove", peo.pk), {"revision": revision(monitored_plan)}
    )
    assert [c for c, _ in members(monitored_plan)] == ["PROV", "PNREO"]
    page = client.get(group_url(monitored_plan)).content.decode()
    assert "สมศรี ใจดี" in page and "mailto:somsri@example.go.th" in page


def test_one_chair_at_most_with_a_clear_error(client, users, monitored_plan):
    client.force_login(users["editor"])
    add(client, monitored_plan, "PROV", "chair")
    before = revision(monitored_plan)
    response = add(client, monitored_plan, "PNREO", "chair")
    assert response.status_code == 400
    page = response.content.decode()
    assert "คณะทำงานมีประธานแล้ว (สำนักงานจังหวัด)" in page
    assert "ยังไม่มีการบันทึกใด ๆ" in page
    assert members(monitored_plan) == [("PROV", "chair")]
    assert revision(monitored_plan) == before  # nothing written
    # the same through an edit of another member, in English
    add(client, monitored_plan, "PNREO", "secretary")
    pnreo = WorkingGroupMember.objects.get(plan=monitored_plan, agency__code="PNREO")
    english(client)
    response = client.post(
        group_url(monitored_plan, "group_edit", pnreo.pk),
        {"revision": revision(monitored_plan), "role": "chair"},
    )
    assert response.status_code == 400
    assert "the working group has a chair already" in response.content.decode()
    assert members(monitored_plan) == [("PROV", "chair"), ("PNREO", "secretary")]


def test_every_problem_of_the_form_named_at_once(client, users, monitored_plan):
    client.force_login(users["editor"])
    response = add(
        client,
        monitored_plan,
        "BMA_ENV",  # a Bangkok department: not an agency of Chiang Mai
        "boss",
        contact_email="not-an-address",
        contact_phone="call me",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไม่พบหน่วยงานนี้สำหรับจังหวัดของแผน" in page
    assert "บทบาทต้องเป็นประธาน เลขานุการ หรือคณะทำงาน" in page
    assert "ไม่ใช่ที่อยู่อีเมล" in page
    assert "หมายเลขโทรศัพท์ประกอบด้วยตัวเลข" in page
    assert page.count('class="problem"') == 4
    assert members(monitored_plan) == []


def test_an_agency_is_a_member_once(client, users, monitored_plan):
    client.force_login(users["editor"])
    add(client, monitored_plan, "PEO")
    response = add(client, monitored_plan, "PEO")
    assert response.status_code == 400
    assert "หน่วยงานนี้เป็นคณะทำงานอยู่แล้ว" in response.content.decode()
    assert members(monitored_plan) == [("PEO", "member")]


def test_a_stale_revision_is_refused(client, users, monitored_plan):
    client.force_login(users["editor"])
    stale = revision(monitored_plan)
    add(client, monitored_plan, "PEO")
    response = client.post(
        group_url(monitored_plan, "group_add"),
        {"revision": stale, "agency": "PEA", "role": "member"},
        follow=True,
    )
    assert "มีผู้อื่นแก้ไขข้อมูลนี้" in response.content.decode()
    assert members(monitored_plan) == [("PEO", "member")]


def test_add_the_agencies_of_the_plans_actions_in_one_click(client, users, monitored_plan):
    client.force_login(users["editor"])
    add(client, monitored_plan, "PEA", "chair")
    response = client.post(
        group_url(monitored_plan, "group_add_action_agencies"),
        {"revision": revision(monitored_plan)},
    )
    assert response.status_code == 302
    # owners in plan order (adaptation CM-A01 LDD, CM-A02 PHO; reduction M01 PEO, M02 PEA,
    # M03 PLTO), then co-operating agencies (DOAE, TMD, PAEO); PEA was a member already
    assert members(monitored_plan) == [
        ("PEA", "chair"),
        ("LDD", "member"),
        ("PHO", "member"),
        ("PEO", "member"),
        ("PLTO", "member"),
        ("DOAE", "member"),
        ("TMD", "member"),
        ("PAEO", "member"),
    ]
    page = client.get(group_url(monitored_plan)).content.decode()
    assert 'id="all-action-agencies"' in page
    # each member shows its actions and its agency reporters
    assert "reporter_pea" in page and "reporter_pho" in page
    member = page.split('id="member-', 1)[1].split("</li>", 1)[0]  # PEA, the first
    assert "M02" in member and "M01" in member  # owns M02, co-operates in M01
    assert "reporter_pea" in member


def test_bangkok_gets_its_master_plan_working_group(client, users, monitored_plan):
    from climateplan.plans.web.models import Plan

    client.force_login(users["editor"])
    # Chiang Mai has no such button, and the service refuses
    assert 'id="add-bangkok"' not in client.get(group_url(monitored_plan)).content.decode()
    response = client.post(
        group_url(monitored_plan, "group_add_bangkok"),
        {"revision": revision(monitored_plan)},
        follow=True,
    )
    assert "ใช้ได้กับแผนของกรุงเทพมหานครเท่านั้น" in response.content.decode()
    assert members(monitored_plan) == []
    # the same plan as Bangkok's, with a Bangkok editor
    from tests.monitoring.web.conftest import make_user

    Plan.objects.filter(pk=monitored_plan.pk).update(province="TH-10")
    client.force_login(make_user("bkk_editor", "provincial_editor", "TH-10"))
    page = client.get(group_url(monitored_plan)).content.decode()
    assert 'id="add-bangkok"' in page
    client.post(
        group_url(monitored_plan, "group_add_bangkok"), {"revision": revision(monitored_plan)}
    )
    got = members(monitored_plan)
    assert len(got) == 11  # the eleven BMA departments of the list
    assert got[0] == ("BMA_ENV", "chair")  # the Department of Environment chairs it
    assert all(role == "member" for _, role in got[1:])
    assert Monitoring.objects.get(plan=monitored_plan).revision == 2


# ---- the agencies page


def test_agencies_page_for_signed_in_users_with_filters(client, users):
    url = reverse("monitoring:agencies")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(users["viewer"])
    page = client.get(url).content.decode()
    assert "สำนักสิ่งแวดล้อม" in page and "BMA_ENV" in page
    assert 'id="edit-agencies"' not in page
    page = client.get(url, {"level": "bma"}).content.decode()
    assert page.count("<code>BMA_") == 11
    assert "<code>PEO</code>" not in page
    # Chiang Mai: its own agencies and those of every province, no Bangkok department
    page = client.get(url, {"province": "TH-50"}).content.decode()
    assert "<code>PEO</code>" in page and "BMA_ENV" not in page
    # odd parameters show every agency, never an error
    assert client.get(url, {"level": "<x>", "province": "50"}).status_code == 200


def test_national_administrators_get_the_edit_link(client, users):
    client.force_login(users["admin"])
    page = client.get(reverse("monitoring:agencies")).content.decode()
    assert 'id="edit-agencies"' in page
    assert reverse("admin:monitoring_agency_changelist") in page


def test_agencies_page_in_english(client, users):
    client.force_login(users["viewer"])
    english(client)
    page = client.get(reverse("monitoring:agencies"), {"level": "bma"}).content.decode()
    assert "Department of Environment" in page
    assert Agency.objects.filter(level="bma").count() == 11


def test_the_group_is_prepared_before_the_plan_is_approved(client, users, draft_plan):
    client.force_login(users["editor"])
    assert add(client, draft_plan, "PNREO", "secretary").status_code == 302
    assert members(draft_plan) == [("PNREO", "secretary")]


# ---- the administration


def test_administrators_keep_agencies_in_the_administration(client, users):
    from django.contrib.auth import get_user_model

    admin = users["admin"]
    get_user_model().objects.filter(pk=admin.pk).update(is_staff=True)
    client.force_login(admin)
    changelist = reverse("admin:monitoring_agency_changelist")
    page = client.get(changelist, {"level__exact": "bma"}).content.decode()
    assert "BMA_ENV" in page and "PNREO" not in page
    agency = Agency.objects.get(code="PEO")
    response = client.post(
        reverse("admin:monitoring_agency_change", args=[agency.pk]),
        {
            "code": "PEO",
            "name_th": agency.name_th,
            "name_en": "Chiang Mai Provincial Energy Office",
            "level": agency.level,
            "province": "",
            "source": agency.source,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Agency.objects.get(code="PEO").name_en == "Chiang Mai Provincial Energy Office"
    # progress reports are read-only there: changed through the monitoring pages only
    assert client.get(reverse("admin:monitoring_progressreport_add")).status_code == 403
    # the agency of an agency reporter is shown among the profiles (the profiles'
    # administration keeps Django's own permissions: a superuser's)
    from climateplan.site.models import Profile

    get_user_model().objects.filter(pk=admin.pk).update(is_superuser=True)

    label = Profile._meta.app_label
    page = client.get(reverse(f"admin:{label}_profile_changelist")).content.decode()
    assert '<td class="field-agency">PEA</td>' in page


def test_staff_who_are_not_administrators_see_no_monitoring_admin(client, users):
    from django.contrib.auth import get_user_model

    editor = users["editor"]
    get_user_model().objects.filter(pk=editor.pk).update(is_staff=True, is_superuser=True)
    client.force_login(editor)
    response = client.get(reverse("admin:monitoring_agency_changelist"))
    assert response.status_code == 403
