"""The reviewer's queue (/national/review/): national reviewers and administrators only,
plans submitted or returned and submitted inventories, the oldest wait first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.plans.web.conftest import make_plan, quick_inventory

pytestmark = pytest.mark.django_db

URL = "/national/review/"


def _at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 1, day, hour, 0, tzinfo=dt.UTC)


@pytest.fixture
def queue(users, base_inventory):
    """Four things waiting, created in another order than they waited:

    - plan A (TH-50) submitted 10 Jan 2026, reduction and risk waiting;
    - plan B (TH-52) submitted 5 Jan 2026, all four sections waiting;
    - plan C (TH-51) returned: its adaptation section returned 7 Jan 2026;
    - inventory (TH-53, 2024) submitted 6 Jan 2026.
    Not waiting: a draft plan (TH-54), a published one (TH-55), an approved inventory.
    """
    from climateplan.plans.web.models import Plan, PlanChange, PlanComment, Section

    def plan(province, start, state, sections, **fields):
        row = Plan.objects.create(
            province=province,
            title_th=f"แผน {province}",
            title_en=f"Plan {province}",
            start_year=start,
            end_year=start + 4,
            base_year=start - 1,
            state=state,
            **fields,
        )
        for kind in ("inventory", "reduction", "risk", "adaptation"):
            Section.objects.create(plan=row, kind=kind, state=sections.get(kind, "approved"))
        return row

    a = make_plan(users, base_inventory)
    Plan.objects.filter(pk=a.pk).update(state="submitted", submitted_at=_at(10))
    Section.objects.filter(plan=a, kind__in=["reduction", "risk"]).update(state="submitted")
    b = plan(
        "TH-52",
        2024,
        "submitted",
        dict.fromkeys(("inventory", "reduction", "risk", "adaptation"), "submitted"),
        submitted_at=_at(5),
    )
    c = plan("TH-51", 2024, "returned", {"adaptation": "returned"}, submitted_at=_at(2))
    change = PlanChange.objects.create(
        plan=c,
        action="section",
        section_kind="adaptation",
        old={"state": "submitted"},
        new={"state": "returned", "comment": "add the budget"},
        revision=2,
    )
    PlanChange.objects.filter(pk=change.pk).update(at=_at(7))
    plan("TH-54", 2024, "draft", {})
    plan("TH-55", 2024, "published", {}, submitted_at=_at(1))
    inventory = quick_inventory("TH-53", 2024, "submitted")
    type(inventory).objects.filter(pk=inventory.pk).update(submitted_at=_at(6))
    quick_inventory("TH-56", 2024, "approved")
    # plan B: two open threads (one with a reply), one resolved thread
    first = PlanComment.objects.create(plan=b, section_kind="risk", text="check the indicators")
    PlanComment.objects.create(plan=b, text="reply", parent=first)
    PlanComment.objects.create(plan=b, section_kind="reduction", text="source of the drivers")
    PlanComment.objects.create(plan=b, text="done", resolved_at=_at(6))
    return {"A": a, "B": b, "C": c, "inventory": inventory}


@pytest.mark.parametrize("who", ["editor", "approver", "viewer", "other_editor", "no_role"])
def test_only_national_users_see_the_queue(client, users, who):
    client.force_login(users[who])
    assert client.get(URL).status_code == 404  # as any page outside the user's view


def test_the_public_is_asked_to_log_in(client, users):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("site:login"))


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewers_and_admins_see_the_queue_oldest_first(client, users, queue, who):
    client.force_login(users[who])
    page = client.get(URL).content.decode()
    order = re.findall(r'<tr data-kind="(\w+)" data-pk="(\d+)"', page)
    # waiting since: B 5 Jan, inventory 6 Jan, C (returned) 7 Jan, A 10 Jan
    assert order == [
        ("plan", str(queue["B"].pk)),
        ("inventory", str(queue["inventory"].pk)),
        ("plan", str(queue["C"].pk)),
        ("plan", str(queue["A"].pk)),
    ]
    assert re.search(r'id="queue-waiting">2<', page)  # A and B
    assert re.search(r'id="queue-returned">1<', page)  # C
    assert re.search(r'id="queue-inventories">1<', page)


def test_rows_name_waiting_sections_threads_and_dates_in_buddhist_era(client, users, queue):
    client.force_login(users["reviewer"])
    page = client.get(URL).content.decode()
    rows = {
        (kind, int(pk)): body
        for kind, pk, body in re.findall(
            r'<tr data-kind="(\w+)" data-pk="(\d+)">(.*?)</tr>', page, re.S
        )
    }
    b = rows["plan", queue["B"].pk]
    # 5 Jan 2026 CE = 5 ม.ค. 2569 BE (2026 + 543)
    assert "5 ม.ค. 2569" in b
    assert b.count('<span class="tag">') == 4  # all four sections wait
    # two open top-level threads (a reply is not a thread, a resolved one is closed)
    assert '<span class="tag open">2</span>' in b
    a = rows["plan", queue["A"].pk]
    assert "แผนลดก๊าซเรือนกระจก" in a and "ข้อมูลความเสี่ยง" in a
    assert "บัญชีก๊าซเรือนกระจก</span>" not in a  # the approved inventory section does not wait
    assert reverse("plans:detail", args=[queue["A"].pk]) in a
    c = rows["plan", queue["C"].pk]
    assert "7 ม.ค. 2569" in c and "แผนปฏิบัติการด้านการปรับตัว" in c
    inventory = rows["inventory", queue["inventory"].pk]
    assert reverse("inventory:detail", args=[queue["inventory"].pk]) in inventory
    assert "6 ม.ค. 2569" in inventory and "2567" in inventory  # the 2024 inventory

    client.post("/language/", {"language": "en", "next": URL})
    english = client.get(URL).content.decode()
    assert "5 Jan 2026" in english and "2569" not in english


def test_queue_takes_a_fixed_number_of_queries(client, users, queue, django_assert_max_num_queries):
    client.force_login(users["reviewer"])
    # session, user, profile; plans; sections; threads; inventories; inventory threads
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
