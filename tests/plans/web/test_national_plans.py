"""The national overview of plans (/national/plans/): the stage of every column per
province, filters, who sees which plans, Buddhist Era years, a bounded number of queries.

Plan and section states are set on the rows directly: these tests check the table the
overview draws from them (the workflow that moves them has its own tests).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.plans.web.conftest import make_plan, make_user, quick_inventory

pytestmark = pytest.mark.django_db

URL = "/national/plans/"


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _set(plan, state, sections: dict[str, str] | None = None, **fields):
    from climateplan.plans.web.models import Plan, Section

    Plan.objects.filter(pk=plan.pk).update(state=state, **fields)
    for kind, section_state in (sections or {}).items():
        Section.objects.filter(plan=plan, kind=kind).update(state=section_state)


def _new_plan(user, province, start, end, base, title, base_inventory=None):
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    return services.create_plan(
        plan_access_for(user),
        user,
        province=province,
        title_th=title,
        title_en=f"{title} (en)",
        start_year=start,
        end_year=end,
        base_year=base,
        base_inventory=base_inventory,
    )


@pytest.fixture
def three(users, base_inventory):
    """Three provinces, three plans in different states.

    - TH-50 Chiang Mai: draft 2023-2027 on its approved 2022 inventory; the reduction
      section has inputs, risk and adaptation none.
    - TH-52 Lampang: returned 2024-2028: reduction and risk submitted (waiting), the
      adaptation plan returned; its newest inventory is a 2022 draft (2021 published).
    - TH-10 Bangkok: published 2023-2030, endorsed, every section published; its newest
      inventory is a published 2021 one.
    """
    from climateplan.plans.web.models import Section

    chiang_mai = make_plan(users, base_inventory)
    Section.objects.filter(plan=chiang_mai, kind="reduction").update(inputs={"measures": []})
    Section.objects.filter(plan=chiang_mai, kind__in=["risk", "adaptation"]).update(inputs={})

    quick_inventory("TH-52", 2021, "published")
    quick_inventory("TH-52", 2022, "draft")
    lampang = _new_plan(users["other_editor"], "TH-52", 2024, 2028, 2022, "แผนลำปาง")
    _set(
        lampang,
        "returned",
        {"reduction": "submitted", "risk": "submitted", "adaptation": "returned"},
    )

    quick_inventory("TH-10", 2021, "published")
    bangkok_editor = make_user("bkk_editor", "provincial_editor", "TH-10")
    bangkok = _new_plan(bangkok_editor, "TH-10", 2023, 2030, 2021, "แผนแม่บทกรุงเทพมหานคร")
    _set(
        bangkok,
        "published",
        dict.fromkeys(("inventory", "reduction", "risk", "adaptation"), "published"),
        endorsed_at=timezone.now(),
    )
    return {"TH-50": chiang_mai, "TH-52": lampang, "TH-10": bangkok}


def test_stage_of_every_column_for_three_provinces(three, users):
    from climateplan.plans.web.access import plan_access_for
    from climateplan.site.national_data import plan_rows

    reviewer = users["reviewer"]
    rows = {r.code: r for r in plan_rows(plan_access_for(reviewer), reviewer)}
    assert len(rows) == 77

    def stages(code):
        r = rows[code]
        return (
            r.stage,
            r.inventory_stage,
            r.inventory_year,
            r.base_year,
            [c.stage for c in r.cells()],
        )

    # Chiang Mai: draft plan; newest inventory = the approved 2022 base; the reduction
    # section has inputs (in progress), risk and adaptation have nothing (not started)
    assert stages("TH-50") == (
        "draft",
        "approved",
        2022,
        2022,
        ["draft", "not_started", "not_started"],
    )
    # Lampang: returned plan; newest inventory is the 2022 draft; no base inventory given
    assert stages("TH-52") == (
        "returned",
        "draft",
        2022,
        2022,
        ["submitted", "submitted", "returned"],
    )
    # Bangkok: published, endorsed
    assert stages("TH-10") == (
        "published",
        "published",
        2021,
        2021,
        ["published", "published", "published"],
    )
    assert rows["TH-10"].endorsed and not rows["TH-50"].endorsed
    # a province without a plan or an inventory
    assert stages("TH-11") == (
        "none",
        "none",
        None,
        None,
        ["not_started", "not_started", "not_started"],
    )


def test_counts_per_stage_and_rows_on_the_page(client, three, users):
    page = _client(client, users["reviewer"]).get(URL).content.decode()
    # 77 provinces: 3 with plans (draft, returned, published), 74 without
    counts = dict(re.findall(r'data-stage="(\w+)">.*?<span class="value">(\d+)</span>', page, re.S))
    assert counts == {
        "none": "74",
        "draft": "1",
        "endorsed": "0",
        "submitted": "0",
        "returned": "1",
        "approved": "0",
        "published": "1",
    }
    assert page.count('<tr data-province="') == 77
    assert 'data-province="TH-52" data-stage="returned"' in page
    # each plan row links to its plan; the later columns say why they are not started
    assert reverse("plans:detail", args=[three["TH-10"].pk]) in page
    assert "Not yet recorded on the platform" in page or "ยังไม่มีการบันทึกบนระบบ" in page


def test_filters_by_region_and_stage(client, three, users):
    c = _client(client, users["reviewer"])
    northern = c.get(URL, {"region": "Northern"}).content.decode()
    shown = re.findall(r'<tr data-province="(TH-\d\d)"', northern)
    # the Northern rows of reference/data/province_regions.csv (six-region scheme)
    assert shown == [
        "TH-50",
        "TH-51",
        "TH-52",
        "TH-53",
        "TH-54",
        "TH-55",
        "TH-56",
        "TH-57",
        "TH-58",
    ]

    published = c.get(URL, {"stage": "published"}).content.decode()
    assert re.findall(r'<tr data-province="(TH-\d\d)"', published) == ["TH-10"]

    both = c.get(URL, {"region": "Northern", "stage": "returned"}).content.decode()
    assert re.findall(r'<tr data-province="(TH-\d\d)"', both) == ["TH-52"]

    nothing = c.get(URL, {"region": "Central", "stage": "returned"}).content.decode()
    assert re.findall(r'<tr data-province="(TH-\d\d)"', nothing) == []


@pytest.mark.parametrize(
    "params",
    [
        {"region": "Atlantis"},
        {"stage": "finished"},
        {"stage": "<script>alert(1)</script>"},
        {"region": "x" * 5000, "stage": "\x00"},
    ],
)
def test_invalid_filters_are_ignored_with_a_message(client, three, users, params):
    response = _client(client, users["reviewer"]).get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<tr data-province="') == 77  # the filter is ignored
    assert "<script>alert(1)</script>" not in page
    refused = [k for k in ("region", "stage") if k in params]
    for key in refused:
        assert f"&#x27;{key}&#x27;" in page  # the message names the parameter


def test_one_bad_filter_keeps_the_good_one(client, three, users):
    page = (
        _client(client, users["reviewer"])
        .get(URL, {"region": "Northern", "stage": "bogus"})
        .content.decode()
    )
    assert len(re.findall(r'<tr data-province="', page)) == 9  # the Northern provinces


def _stage_of(page: str, code: str) -> str:
    return re.search(rf'<tr data-province="{code}" data-stage="(\w+)"', page).group(1)


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [
        (None, False),  # the public
        ("other_viewer", False),  # TH-52
        ("other_editor", False),
        ("viewer", True),  # TH-50
        ("editor", True),
        ("reviewer", True),
        ("admin", True),
    ],
)
def test_draft_of_chiang_mai_seen_by_its_province_and_national_users_only(
    client, three, users, who, sees_draft
):
    page = _client(client, users[who] if who else None).get(URL).content.decode()
    assert _stage_of(page, "TH-50") == ("draft" if sees_draft else "none")
    link = f'href="{reverse("plans:detail", args=[three["TH-50"].pk])}"'
    assert (link in page) is sees_draft
    # everybody sees the published Bangkok plan, linked to its page
    assert _stage_of(page, "TH-10") == "published"
    assert f'href="{reverse("plans:detail", args=[three["TH-10"].pk])}"' in page


def test_public_sees_published_version_while_a_new_one_is_drafted(client, three, users):
    """Bangkok opens version 2 (draft): the public still sees version 1, published."""
    from climateplan.plans.web.models import Plan, Section

    v1 = three["TH-10"]
    Plan.objects.filter(pk=v1.pk).update(is_latest=False)
    v2 = Plan.objects.create(
        province="TH-10",
        title_th="แผนแม่บทกรุงเทพมหานคร",
        start_year=2023,
        end_year=2030,
        base_year=2021,
        version=2,
        previous=v1,
    )
    for kind in ("inventory", "reduction", "risk", "adaptation"):
        Section.objects.create(plan=v2, kind=kind)
    public = client.get(URL).content.decode()
    assert _stage_of(public, "TH-10") == "published"
    assert f'href="{reverse("plans:detail", args=[v1.pk])}"' in public
    client.logout()
    national = _client(client, users["reviewer"]).get(URL).content.decode()
    assert _stage_of(national, "TH-10") == "draft"
    assert f'href="{reverse("plans:detail", args=[v2.pk])}"' in national


def test_a_cached_page_keeps_each_audience_to_its_plans(client, three, users):
    """The reviewer fills the cache first; the public must not get the reviewer's body."""
    _client(client, users["reviewer"]).get(URL)
    client.logout()
    assert _stage_of(client.get(URL).content.decode(), "TH-50") == "none"


def test_a_change_shows_at_once(client, three, users):
    c = _client(client, users["reviewer"])
    assert _stage_of(c.get(URL).content.decode(), "TH-50") == "draft"
    _set(three["TH-50"], "endorsed")
    from climateplan.plans.web.models import Plan

    # every write moves updated_at (locked_write); .update() above does not, so touch it
    plan = Plan.objects.get(pk=three["TH-50"].pk)
    plan.save(update_fields=["updated_at"])
    assert _stage_of(c.get(URL).content.decode(), "TH-50") == "endorsed"


def test_years_in_buddhist_era_in_thai_and_common_era_in_english(client, three, users):
    c = _client(client, users["reviewer"])
    # Chiang Mai plan 2023-2027 CE = 2566-2570 BE (CE + 543); base inventory 2022 = 2565
    thai = c.get(URL).content.decode()
    row = re.search(r'<tr data-province="TH-50".*?</tr>', thai, re.S).group(0)
    assert "2566–2570" in row and "2565" in row and "2023" not in row
    c.post("/language/", {"language": "en", "next": URL})
    english = c.get(URL).content.decode()
    row = re.search(r'<tr data-province="TH-50".*?</tr>', english, re.S).group(0)
    assert "2023–2027" in row and "2022" in row and "2566" not in row
    assert "Chiang Mai" in row and "Draft" in row


def test_map_colours_each_province_by_plan_stage(client, three, users):
    from climateplan.site.national_data import PLAN_STAGE_COLOURS

    page = _client(client, users["reviewer"]).get(URL).content.decode()
    # each province shape is a <use> of its path, filled with its stage's colour
    assert f'href="#planmap-TH-50" fill="{PLAN_STAGE_COLOURS["draft"]}"' in page
    assert f'href="#planmap-TH-10" fill="{PLAN_STAGE_COLOURS["published"]}"' in page
    assert f'href="#planmap-TH-11" fill="{PLAN_STAGE_COLOURS["none"]}"' in page


def _many_plans():
    """77 provinces x 2 plans (2018-2022 published, 2023-2027 draft), every section."""
    from climateplan.plans.web.models import Plan, Section
    from climateplan.reference import provinces

    codes = list(provinces()["code"])
    plans = Plan.objects.bulk_create(
        [
            Plan(
                province=code,
                title_th=f"แผน {code}",
                start_year=start,
                end_year=start + 4,
                base_year=start - 1,
                state=state,
            )
            for code in codes
            for start, state in ((2018, "published"), (2023, "draft"))
        ]
    )
    Section.objects.bulk_create(
        [
            Section(plan=p, kind=k, state="published" if p.state == "published" else "draft")
            for p in plans
            for k in ("inventory", "reduction", "risk", "adaptation")
        ]
    )
    return codes


def test_query_count_is_bounded_with_77_provinces_and_two_plans_each(
    client, users, django_assert_max_num_queries
):
    _many_plans()
    quick_inventory("TH-50", 2022, "published")
    c = _client(client, users["reviewer"])
    # session, user, profile; 4 stamp aggregates; plans; sections; inventories; messages
    with django_assert_max_num_queries(12):
        page = c.get(URL).content.decode()
    # the newest period of each province
    assert len(re.findall(r'<tr data-province="TH-\d\d" data-stage="draft"', page)) == 77
    with django_assert_max_num_queries(8):  # cached body: only the stamp is read
        c.get(URL)


def test_each_row_links_to_the_province_page_where_the_public_sees_published_plans(client, three):
    """From the overview to the province's plans page: the public finds Bangkok's
    published plan there, and nothing of Chiang Mai's draft."""
    overview = client.get(URL).content.decode()
    assert f'href="{reverse("plans:province", args=["TH-10"])}"' in overview
    bangkok = client.get(reverse("plans:province", args=["TH-10"]))
    assert bangkok.status_code == 200
    page = bangkok.content.decode()
    assert "แผนแม่บทกรุงเทพมหานคร" in page
    assert reverse("plans:detail", args=[three["TH-10"].pk]) in page
    chiang_mai = client.get(reverse("plans:province", args=["TH-50"])).content.decode()
    assert reverse("plans:detail", args=[three["TH-50"].pk]) not in chiang_mai
    assert "แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่" not in chiang_mai
    # and the published plan's own page opens for the public
    assert client.get(reverse("plans:detail", args=[three["TH-10"].pk])).status_code == 200
    assert client.get(reverse("plans:detail", args=[three["TH-50"].pk])).status_code == 404


def test_public_counts_only_what_it_can_see(client, three):
    """The public sees published plans only: it is shown the published and 'no plan'
    counts (76 and 1 here: only Bangkok's plan is published), not a 'draft 0'."""
    page = client.get(URL).content.decode()
    counts = dict(re.findall(r'data-stage="(\w+)">.*?<span class="value">(\d+)</span>', page, re.S))
    assert counts == {"none": "76", "published": "1"}
