"""Emission factors added by the national administrator (issue 3: "users, reference data,
emission factors"): validation, who may change them, and what they change.

The one-line inventory burns 100 t of diesel (road transport, GPC II.1.1). CO2 by
IPCC 2006 Vol 2 Ch 1 Eq 1.1 (Tier 1): emissions = fuel consumed (TJ) x EF (kg/TJ), with
fuel in TJ = mass (Gg) x NCV (TJ/Gg), NCV of gas/diesel oil 43.0 TJ/Gg (Table 1.2) and
the default CO2 EF 74,100 kg/TJ (Table 1.4). The administrator's Thai CO2 EF in these
tests, 73,000 kg/TJ, is a made-up test value, not a published factor.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from climateplan.inventory.web import factor_store, services
from climateplan.inventory.web.models import EmissionFactor, Inventory
from climateplan.reference.factors import lookup

from .conftest import advance

pytestmark = pytest.mark.django_db

ONE_LINE = (
    b"gpc_ref,method,activity,amount,unit,notation_key,data_quality,source,note\n"
    b"II.1.1,fuel_combustion,diesel,100,t,,M,Fuel sales (test),\n"
)
# 100 t = 0.1 Gg; 0.1 Gg x 43.0 TJ/Gg = 4.3 TJ
ENERGY_TJ = 100 / 1000 * 43.0
IPCC_CO2_T = ENERGY_TJ * 74100 / 1000  # 4.3 TJ x 74,100 kg/TJ = 318,630 kg = 318.63 t
TH_CO2_T = ENERGY_TJ * 73000 / 1000  # 4.3 TJ x 73,000 kg/TJ = 313,900 kg = 313.9 t

TH_DIESEL = {
    "family": "fuels",
    "parameter": "co2_ef",
    "keys": {"fuel": "diesel"},
    "value": 73000,
    "unit": "kg/TJ",
    "origin": "TH",
    "source": "Test factor for the web tests (not a published value)",
}
OTHER_ROLES = ("reviewer", "editor", "viewer", "other_editor", "other_viewer", "no_role")


@pytest.fixture(autouse=True)
def shipped_factors_only():
    """Every test starts and ends with the shipped factors only (the core is per process)."""
    factor_store.forget_loaded()
    yield
    factor_store.forget_loaded()


def api_as(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def one_line_inventory(users, year: int) -> Inventory:
    inventory = services.create_inventory(users["editor"], "TH-50", year, "AR5")
    services.upload(users["editor"], inventory, "one.csv", ONE_LINE, expected_revision=1)
    inventory.refresh_from_db()
    return inventory


def co2_line(inventory: Inventory) -> dict:
    inventory.refresh_from_db()
    (line,) = inventory.result["lines"]
    return line


def test_thai_factor_used_by_draft_recompute_not_by_approved_inventory(users):
    approved = advance(one_line_inventory(users, 2022), users, "submit", "approve")
    draft = one_line_inventory(users, 2023)
    assert co2_line(draft)["co2"] == pytest.approx(IPCC_CO2_T)
    assert co2_line(draft)["factor_origin"] == "IPCC"
    approved_document = approved.result
    approved_total = approved.total_basic

    answer = api_as(users["admin"]).post("/api/factors/", TH_DIESEL, format="json")
    assert answer.status_code == 201, answer.content
    assert EmissionFactor.objects.get().created_by == users["admin"]

    # the next recompute of the draft (any change: here the same file again) uses it
    services.upload(users["editor"], draft, "one.csv", ONE_LINE, expected_revision=draft.revision)
    line = co2_line(draft)
    assert line["factor_origin"] == "TH"
    assert line["co2"] == pytest.approx(TH_CO2_T)
    assert "Test factor for the web tests" in line["factor_source"]
    assert "[73000 kg/TJ]" in line["factor_source"]

    # the approved inventory keeps what it was approved with
    approved.refresh_from_db()
    assert approved.result == approved_document
    assert approved.total_basic == approved_total
    assert co2_line(approved)["co2"] == pytest.approx(IPCC_CO2_T)
    assert co2_line(approved)["factor_origin"] == "IPCC"
    # and its downloads are rebuilt from the stored result, not recomputed
    downloaded = services.result_of(approved)
    line = downloaded.lines[downloaded.lines["co2"] > 0].iloc[0]
    assert (line["factor_origin"], line["co2"]) == ("IPCC", pytest.approx(IPCC_CO2_T))


def test_deactivating_returns_to_the_ipcc_default(users):
    admin_api = api_as(users["admin"])
    created = admin_api.post("/api/factors/", TH_DIESEL, format="json").json()
    found = lookup("fuels", "co2_ef", {"fuel": ["diesel"]}, unit="kg/TJ")
    assert (found.value[0], found.origin[0]) == (73000, "TH")
    answer = admin_api.patch(f"/api/factors/{created['id']}/", {"active": False}, format="json")
    assert answer.status_code == 200, answer.content
    found = lookup("fuels", "co2_ef", {"fuel": ["diesel"]}, unit="kg/TJ")
    assert (found.value[0], found.origin[0]) == (74100, "IPCC")
    # rows are kept (what a result was computed with stays known): no delete
    assert admin_api.delete(f"/api/factors/{created['id']}/").status_code == 405


def test_change_made_in_another_process_reaches_the_next_recompute(users):
    row = EmissionFactor(**TH_DIESEL)
    row.save()
    draft = one_line_inventory(users, 2023)
    assert co2_line(draft)["co2"] == pytest.approx(TH_CO2_T)
    # another server process saves a new value: no signal here, only the table changes
    EmissionFactor.objects.filter(pk=row.pk).update(value=70000, updated_at=timezone.now())
    services.upload(users["editor"], draft, "one.csv", ONE_LINE, expected_revision=draft.revision)
    # 4.3 TJ x 70,000 kg/TJ = 301,000 kg = 301.0 t
    assert co2_line(draft)["co2"] == pytest.approx(ENERGY_TJ * 70000 / 1000)


@pytest.mark.parametrize("role", [*OTHER_ROLES, "anonymous"])
def test_no_other_role_changes_factors(role, users, client):
    existing = EmissionFactor.objects.create(**TH_DIESEL)
    user = None if role == "anonymous" else users[role]
    api = api_as(user)
    assert api.post("/api/factors/", {**TH_DIESEL, "value": 1}, format="json").status_code in (
        401,
        403,
    )
    patched = api.patch(f"/api/factors/{existing.pk}/", {"value": 1}, format="json")
    assert patched.status_code in (401, 403)
    assert list(EmissionFactor.objects.values_list("value", flat=True)) == [73000]
    # reading: every signed-in user, not the public
    listing = api.get("/api/factors/")
    # unauthenticated: 401 with a WWW-Authenticate challenge; signed in without a role: 403
    assert listing.status_code == {"anonymous": 401, "no_role": 403}.get(role, 200)
    # the page and the Django admin: national administrators only, even for staff users
    if user is not None:
        user.is_staff = True
        user.save()
        client.force_login(user)
    page = client.get("/factors/")
    if user is None:  # anonymous: to the login page first, then back (?next=)
        assert page.status_code == 302 and page["Location"] == "/accounts/login/?next=/factors/"
    else:
        assert page.status_code == 403
    added = client.post("/admin/inventory/emissionfactor/add/", {**TH_DIESEL, "keys": "{}"})
    assert added.status_code in (302, 403)  # anonymous: to the admin login
    assert EmissionFactor.objects.count() == 1


def test_administrator_adds_through_the_django_admin_and_lists_factors(users, client):
    admin = users["admin"]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    form = {**TH_DIESEL, "keys": '{"fuel": "diesel"}', "note": "", "active": "on"}
    answer = client.post("/admin/inventory/emissionfactor/add/", form)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert EmissionFactor.objects.get().created_by == admin
    page = client.get("/factors/", {"q": "diesel co2_ef"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "74100" in text and "73000" in text  # the shipped IPCC row and the added one
    assert "Test factor for the web tests" in text
    # paginated like every API list (the schema's documented shape)
    found = api_as(users["viewer"]).get("/api/factors/all/", {"q": "diesel co2_ef"}).json()
    found = found["results"]
    exact = [r for r in found if r["applies_to"] == "fuel=diesel"]  # not biodiesel
    assert {(r["origin"], r["value"], r["added"]) for r in exact} == {
        ("IPCC", 74100, False),
        ("TH", 73000, True),
    }


@pytest.mark.parametrize(
    ("change", "field", "english", "thai"),
    [
        ({"unit": "kg/L"}, "unit", "does not convert to 'kg/TJ'", "แปลงเป็น"),
        ({"unit": "blorps"}, "unit", "is not a unit the system reads", "ระบบอ่านหน่วย"),
        ({"parameter": "co9_ef"}, "parameter", "has no parameter 'co9_ef'", "ไม่มีพารามิเตอร์"),
        ({"family": "cheese"}, "family", "unknown factor family", "ไม่รู้จักกลุ่ม"),
        ({"keys": {"colour": "red"}}, "keys", "has no key column colour", "ไม่มีคอลัมน์กุญแจ"),
        ({"source": ""}, "source", "needs its source", "ต้องระบุแหล่งที่มา"),
        (
            {"valid_from": "2024-01-01", "valid_to": "2023-01-01"},
            "valid_to",
            "before valid from",
            "ก่อนวันที่เริ่มใช้",
        ),
    ],
)
def test_bad_factors_are_refused_in_both_languages(change, field, english, thai, users):
    answer = api_as(users["admin"]).post("/api/factors/", {**TH_DIESEL, **change}, format="json")
    assert answer.status_code == 400
    (message,) = answer.json()[field]
    assert english in message and thai in message
    assert not EmissionFactor.objects.exists()
    row = EmissionFactor(**{**TH_DIESEL, **change})
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert any(english in m and thai in m for m in error.value.message_dict[field])
    # the engine still has the shipped factor only
    found = lookup("fuels", "co2_ef", {"fuel": ["diesel"]}, unit="kg/TJ")
    assert (found.value[0], found.origin[0]) == (74100, "IPCC")


def test_factor_endpoints_are_in_the_schema(client):
    schema = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    paths = schema.json()["paths"]
    assert {"post", "get"} <= set(paths["/api/factors/"])
    assert "/api/factors/all/" in paths and "patch" in paths["/api/factors/{id}/"]


def test_factor_page_is_linked_for_administrators_only(users):
    from django.test import Client

    for name, linked in (("admin", True), ("reviewer", False), ("editor", False)):
        client = Client()
        client.force_login(users[name])
        page = client.get("/").content.decode()
        assert ('href="/factors/"' in page) is linked, name
