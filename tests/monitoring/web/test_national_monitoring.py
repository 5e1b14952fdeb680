"""National monitoring: every province's implementation status, scoped per role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.monitoring.web.test_dashboard import add_period, add_report

pytestmark = pytest.mark.django_db

URL = "/national/monitoring/"


@pytest.fixture
def reported(monitored_plan):
    """Chiang Mai's published plan with one closed period of fiscal year 2025 (due 30
    Apr 2025): M01, M02 and CM-A01 reported and accepted, M03 and CM-A02 not."""
    from climateplan.monitoring.web.achieved import refresh_achieved

    period = add_period(monitored_plan, 2025, 1)
    add_report(monitored_plan, "M01", period, kpi=4_000)
    add_report(monitored_plan, "M02", period, status="delayed", kpi=500)
    add_report(monitored_plan, "CM-A01", period)
    refresh_achieved(monitored_plan)
    return monitored_plan


def row(response, code):
    return next(r for r in response.context["rows"] if r["code"] == code)


def test_the_address():
    assert reverse("monitoring:national") == URL


def test_national_users_see_every_province(client, users, reported):
    for name in ("admin", "reviewer"):
        client.force_login(users[name])
        response = client.get(URL)
        assert response.status_code == 200
        assert len(response.context["rows"]) == 77
        cm = row(response, "TH-50")
        assert cm["shown"] and cm["has_plan"]
        # five actions: M02 reported delayed is late; M03 and CM-A02 owe the period
        # (due 30 Apr 2025, long before today): late; M01 and CM-A01 on time -> 2 of 5
        assert (cm["actions"], cm["on_time"], cm["late"]) == (5, 2, 3)
        assert cm["on_time_pct"] == pytest.approx(40.0)
        assert cm["overdue"] == 2
        assert cm["received_pct"] == pytest.approx(60.0)  # 3 of 5
        assert cm["achieved_t"] is not None and cm["achieved_t"] > 0
        assert not row(response, "TH-52")["has_plan"]
        html = response.content.decode()
        assert 'id="monmap"' in html and "เชียงใหม่" in html


def test_province_users_see_their_own_row_only(client, users, reported):
    for name in ("editor", "approver", "viewer", "reporter"):
        client.force_login(users[name])
        response = client.get(URL)
        assert response.status_code == 200, name
        assert row(response, "TH-50")["shown"], name
        assert [r["code"] for r in response.context["rows"] if r["shown"]] == ["TH-50"]
    for name in ("other_editor", "other_viewer", "other_reporter"):
        client.force_login(users[name])
        response = client.get(URL)
        assert response.status_code == 200, name
        cm = row(response, "TH-50")
        assert cm["has_plan"] and not cm["shown"], name
        assert "actions" not in cm
        assert f'href="/plans/{reported.pk}/monitoring/"' not in response.content.decode()


def test_the_public_is_asked_to_sign_in_and_role_less_users_find_nothing(client, users):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(users["no_role"])
    assert client.get(URL).status_code == 404


def test_a_new_accepted_report_shows_at_once(client, users, reported):
    from climateplan.monitoring.web.models import ReportingPeriod

    client.force_login(users["reviewer"])
    assert row(client.get(URL), "TH-50")["received_pct"] == pytest.approx(60.0)
    period = ReportingPeriod.objects.get(plan=reported)
    add_report(reported, "M03", period)
    assert row(client.get(URL), "TH-50")["received_pct"] == pytest.approx(80.0)  # 4 of 5


def test_english_uses_common_era(client, users, reported):
    client.force_login(users["reviewer"])
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    cm = row(client.get(URL), "TH-50")
    assert cm["plan_years"] == "2023–2027"
    assert cm["period"] == "1/FY2025"
    client.post(reverse("site:set_language"), {"language": "th", "next": "/"})
    cm = row(client.get(URL), "TH-50")
    assert cm["plan_years"] == "2566–2570"
    assert cm["period"] == "1/2568"


def test_the_plans_overview_links_here_for_signed_in_users_with_a_role(client, users):
    overview = reverse("national:plans")
    assert URL not in client.get(overview).content.decode()  # the public
    client.force_login(users["viewer"])
    assert URL in client.get(overview).content.decode()
