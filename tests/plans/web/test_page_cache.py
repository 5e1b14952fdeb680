"""The public's pages of a published plan are kept until the plan changes, carry each
visitor's own CSRF token, and are never kept for signed-in users or unpublished plans."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from climateplan.plans.web.models import Plan, PlanState

pytestmark = pytest.mark.django_db


def _publish(plan: Plan) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    plan.sections.update(state="published")
    plan.refresh_from_db()
    return plan


def _token(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_public_page_is_kept_and_each_visitor_gets_a_token_of_their_own(plan):
    _publish(plan)
    url = reverse("plans:detail", args=[plan.pk])
    first, second = Client(), Client()
    a = first.get(url)
    b = second.get(url)
    assert a.status_code == b.status_code == 200
    html_a, html_b = a.content.decode(), b.content.decode()
    assert plan.title_th in html_b
    # the second page came from the cache (same body) but carries its visitor's token
    assert _token(html_a) != _token(html_b)
    assert "csrf-" not in html_b
    # that token works: the language switch (a POST) is accepted with the second cookie
    response = second.post(
        reverse("site:set_language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": _token(html_b)},
    )
    assert response.status_code == 302


def test_the_page_is_kept_until_the_plan_changes(plan, users):
    _publish(plan)
    url = reverse("plans:detail", args=[plan.pk])
    assert plan.title_th in Client().get(url).content.decode()
    # a write behind the workflow's back (no new revision): the kept page is served
    Plan.objects.filter(pk=plan.pk).update(title_th="แผนที่เปลี่ยนชื่อแล้ว")
    assert "แผนที่เปลี่ยนชื่อแล้ว" not in Client().get(url).content.decode()
    # every workflow write takes a new revision: the page is built again
    Plan.objects.filter(pk=plan.pk).update(revision=plan.revision + 1)
    assert "แผนที่เปลี่ยนชื่อแล้ว" in Client().get(url).content.decode()


def test_unpublished_and_signed_in_pages_are_not_kept(plan, users, client):
    url = reverse("plans:detail", args=[plan.pk])
    assert Client().get(url).status_code in (302, 404)  # a draft: not the public's
    client.force_login(users["editor"])
    before = client.get(url).content.decode()
    Plan.objects.filter(pk=plan.pk).update(title_th="ชื่อใหม่ของร่าง")  # no revision change
    after = client.get(url).content.decode()
    assert "ชื่อใหม่ของร่าง" in after and "ชื่อใหม่ของร่าง" not in before
