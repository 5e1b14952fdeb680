"""Pages: they render in Thai and English, show the numbers, and the forms work."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from climateplan.inventory.web.models import Inventory, Population, State

from .conftest import DATA, PASSWORD, quick_inventory

pytestmark = pytest.mark.django_db


def test_overview_is_thai_by_default_and_switches_to_english(client, users):
    quick_inventory("TH-50", 2023, State.PUBLISHED)
    # Thai even when the browser prefers English: English only by the user's switch
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'lang="th"' in text and "ภาพรวมประเทศ" in text
    assert "2566" in text  # 2023 CE shown in the Buddhist Era
    switched = client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    english = client.get("/").content.decode()
    assert 'lang="en"' in english and "National overview" in english
    assert ">2023<" in english


def test_overview_lists_77_provinces_the_map_and_the_national_sum(client, users):
    a = quick_inventory("TH-50", 2023, State.PUBLISHED)
    quick_inventory("TH-52", 2023, State.PUBLISHED)
    quick_inventory("TH-10", 2023, State.DRAFT)  # not public: not in the sum
    Population.objects.create(province="TH-50", year=2023, population=1_000_000, source="test")
    page = client.get("/")
    text = page.content.decode()
    assert text.count('<td><a href="/provinces/TH-') == 77
    assert page.context["data"].national["basic_plus"] == pytest.approx(2 * a.total_basic_plus)
    html = page.context["map_html"]
    # the map is SVG drawn by the server (no script, base map, tiles or WebGL): 77 province
    # shapes, drawn in three layers (total, per capita, status) that radio buttons switch
    assert html.count('<path id="map-TH-') == 77
    assert html.count('<g class="map-layer map-layer-') == 3
    assert html.count('type="radio"') == 3
    layers = html.split('<g class="map-layer map-layer-')[1:]
    total, per_capita, status = (layer.split("</g>")[0] for layer in layers)
    # each shape links to its province page and names its value in a tooltip
    assert f"<title>เชียงใหม่: {a.total_basic_plus:,.0f} tCO2e</title>" in total
    # per capita: BASIC+ divided by the population of the inventory year
    assert f"<title>เชียงใหม่: {a.total_basic_plus / 1_000_000:,.2f} tCO2e/คน</title>" in per_capita
    # the public sees published inventories only: Bangkok's draft does not exist for them
    assert "<title>กรุงเทพมหานคร: ยังไม่มีบัญชี</title>" in status
    bangkok = '<a href="/provinces/TH-10/"><title>กรุงเทพมหานคร: –</title>'
    assert bangkok + '<use href="#map-TH-10" fill="#eceff1"/>' in total  # no total: grey
    assert "plotly" not in text  # the overview loads no chart library at all


def test_plotly_and_geojson_are_served_locally(client):
    js = client.get("/static/vendor/plotly-basic.min.js")
    assert js.status_code == 200
    geo = client.get("/geo/provinces.geojson")
    assert geo.status_code == 200
    features = json.loads(geo.content)["features"]
    assert len(features) == 77


def test_province_page_shows_totals_charts_trend_and_quality(client, users):
    for year in (2021, 2022, 2023):
        quick_inventory("TH-50", year, State.PUBLISHED)
    page = client.get("/provinces/TH-50/")
    assert page.status_code == 200
    context = page.context
    assert set(context["charts"]) == {"sector", "scope", "gas"}
    assert context["trend"]["data"][0]["x"] == ["2564", "2565", "2566"]
    quality = {q["quality"]: q["lines"] for q in context["quality"]}
    # small_inventory.csv: 1 H (electricity), 2 M (LPG, diesel), 1 L (buffalo), 1 NK line
    assert quality["H"] == 1 and quality["M"] == 2 and quality["L"] == 1
    assert "chart-sector" in page.content.decode()


def test_inventory_page_shows_gpc_table_lines_and_uncertainty(client, users, draft):
    client.force_login(users["editor"])
    page = client.get(f"/inventories/{draft.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="gpc-table"' in text and 'id="uncertainty"' in text
    assert "IPCC 2006" in text  # factor sources of the lines
    # notation key NO of I.3.1 appears in the GPC table
    row = next(r for r in page.context["gpc_rows"] if not r["heading"] and r["subsector"] == "I.3")
    assert row["scope1_nk"] == "NO"


def test_upload_page_shows_problems_per_row_and_column(client, users):
    client.force_login(users["editor"])
    client.post("/provinces/TH-50/create/", {"province": "TH-50", "year": "2566", "gwp": "AR5"})
    inventory = Inventory.objects.get(province="TH-50", year=2023)  # 2566 BE -> 2023
    with open(DATA / "bad_inventory.csv", "rb") as handle:
        page = client.post(
            f"/inventories/{inventory.pk}/upload/",
            {"file": handle, "mode": "replace", "revision": inventory.revision},
        )
    assert page.status_code == 400
    text = page.content.decode()
    assert text.count('class="problem"') == 4
    assert "ติดลบ" in text  # the Thai message of the negative amount
    assert Inventory.objects.get(pk=inventory.pk).line_count == 0


def test_upload_then_submit_through_the_pages(client, users):
    client.force_login(users["editor"])
    client.post("/provinces/TH-50/create/", {"province": "TH-50", "year": "2023", "gwp": "AR5"})
    inventory = Inventory.objects.get(province="TH-50", year=2023)
    with open(DATA / "small_inventory.csv", "rb") as handle:
        answer = client.post(
            f"/inventories/{inventory.pk}/upload/",
            {"file": handle, "mode": "replace", "revision": inventory.revision},
        )
    assert answer.status_code == 302
    inventory.refresh_from_db()
    assert inventory.line_count == 5
    answer = client.post(
        f"/inventories/{inventory.pk}/transition/",
        {"action": "submit", "revision": inventory.revision},
    )
    inventory.refresh_from_db()
    assert inventory.state == State.SUBMITTED


def test_line_form_add_edit_and_stale_revision(client, users, draft):
    client.force_login(users["editor"])
    form = client.get(f"/inventories/{draft.pk}/lines/new/")
    assert form.status_code == 200
    partial = client.get(f"/inventories/{draft.pk}/lines/new/", headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b'id="line-form"' in partial.content
    stale = draft.revision
    data = {
        "revision": stale,
        "gpc_ref": "I.2.1",
        "method": "fuel_combustion",
        "activity": "lpg",
        "amount": "100",
        "unit": "t",
        "data_quality": "M",
        "source": "test",
    }
    assert client.post(f"/inventories/{draft.pk}/lines/new/", data).status_code == 302
    # the same form posted again on the old revision: refused, nothing added
    again = client.post(f"/inventories/{draft.pk}/lines/new/", data, follow=True)
    assert "someone else changed" in again.content.decode() or "มีผู้อื่นแก้ไข" in again.content.decode()
    assert draft.lines.count() == 6
    bad = client.post(
        f"/inventories/{draft.pk}/lines/new/",
        {**data, "revision": stale + 1, "unit": "head"},
    )
    assert bad.status_code == 400 and b'class="problem"' in bad.content


def test_downloads(client, users, published):
    for fmt, kind in (
        ("json", "application/json"),
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats"),
    ):
        answer = client.get(f"/inventories/{published.pk}/download/{fmt}/")
        assert answer.status_code == 200, fmt
        assert answer["Content-Type"].startswith(kind)
        assert f"TH-50-2023-v1.{fmt}" in answer["Content-Disposition"]
    document = json.loads(client.get(f"/inventories/{published.pk}/download/json/").content)
    assert document["totals"] == published.result["totals"]
    csv_text = client.get(f"/inventories/{published.pk}/download/csv/").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("row,gpc_ref")


def test_history_page(client, users, draft):
    client.force_login(users["viewer"])
    page = client.get(f"/inventories/{draft.pk}/history/")
    assert page.status_code == 200
    assert b"editor" in page.content


def test_comparison(client, users):
    quick_inventory("TH-50", 2023, State.PUBLISHED)
    quick_inventory("TH-52", 2023, State.PUBLISHED)
    page = client.get("/compare/", {"province": ["TH-50", "TH-52"], "year": "2023"})
    assert page.status_code == 200
    assert [e["code"] for e in page.context["entries"]] == ["TH-50", "TH-52"]
    assert all(e["inventory"] is not None for e in page.context["entries"])


def test_login_and_throttling(client, users, settings):
    assert (
        client.post("/accounts/login/", {"username": "editor", "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "viewer", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_signed_in_users_role_is_read_with_the_user(client, users):
    """A password sign-in keeps the user's profile (role, province) with the user: the
    role is read in the user's query, and a changed role is seen on the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert (
        client.post("/accounts/login/", {"username": "editor", "password": PASSWORD}).status_code
        == 302
    )
    assert client.session["_auth_user_backend"] == (
        "climateplan.site.auth_backend.ProfileModelBackend"
    )
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/accounts/")
    assert page.status_code == 200
    user_reads = [q["sql"] for q in queries.captured_queries if '"auth_user"' in q["sql"]]
    profile_reads = [q["sql"] for q in queries.captured_queries if '"accounts_profile"' in q["sql"]]
    assert len(user_reads) == 1 and '"accounts_profile"' in user_reads[0]
    assert profile_reads == user_reads  # no query of its own
    assert page.context["user_role"].role == "provincial_editor"
    assert page.context["user_role"].province == "TH-50"
    profile = users["editor"].profile
    profile.role, profile.province = "provincial_viewer", "TH-52"
    profile.save()
    page = client.get("/accounts/")
    assert (page.context["user_role"].role, page.context["user_role"].province) == (
        "provincial_viewer",
        "TH-52",
    )


def test_overview_cache_follows_every_change(client, users):
    first = quick_inventory("TH-50", 2023, State.PUBLISHED)
    assert client.get("/").context["data"].national["provinces"] == 1
    cached = client.get("/")
    assert "data" not in cached.context  # served from the cache
    second = quick_inventory("TH-52", 2023, State.PUBLISHED)
    fresh = client.get("/")
    assert fresh.context["data"].national["basic_plus"] == pytest.approx(
        first.total_basic_plus + second.total_basic_plus
    )
    # a national reviewer has another scope: never the public's cached page
    client.force_login(users["reviewer"])
    quick_inventory("TH-10", 2023, State.DRAFT)
    statuses = {r.code: r.status for r in client.get("/").context["data"].rows}
    assert statuses["TH-10"] == State.DRAFT
