"""The inventory page renders the engine's result: one GPC row per reference, gross /
removals / net totals, and the warnings of implausible lines (which do not block).

Hand-derived values (AR5, CH4 = 28, IPCC AR5 WG1 Table 8.7):
- III.1.1 10 t CH4 = 280 tCO2e; III.1.3 1 t CH4 = 28 tCO2e (two rows, both scope 1);
- V.2 forest growth, 10,000 ha of old tropical moist deciduous forest:
  10,000 x 2.0 (IPCC 2006 Vol 4 Table 4.9) x 1.24 (Table 4.4) x 0.47 (Table 4.3) x 44/12
  = 42,738.67 t CO2 removed;
- I.1.1 1e15 t CO2 entered directly: more than Thailand's national total (BUR4) -> warning.
"""

from __future__ import annotations

import pytest

CSV = (
    b"gpc_ref,method,activity,amount,unit,notation_key\n"
    b"III.1.1,direct,CH4,10,t,\n"
    b"III.1.3,direct,CH4,1,t,\n"
    b"III.3.3,,,,,NO\n"
    b"V.2,forest_growth,tropical_moist_deciduous,10000,ha,\n"
    b"I.1.1,direct,CO2,1e15,t,\n"
)


@pytest.fixture
def inventory(users):
    from climateplan.inventory.web import services

    inventory = services.create_inventory(users["editor"], "TH-50", 2023, "AR5")
    services.upload(users["editor"], inventory, "lines.csv", CSV, expected_revision=1)
    inventory.refresh_from_db()
    return inventory


def test_page_shows_each_reference_removals_net_and_warnings(client, users, inventory):
    client.force_login(users["editor"])
    page = client.get(f"/inventories/{inventory.pk}/")
    assert page.status_code == 200
    rows = {r["gpc_ref"]: r for r in page.context["gpc_rows"] if not r["heading"]}
    assert rows["III.1.1"]["scope1"] == pytest.approx(280)
    assert rows["III.1.3"]["scope1"] == pytest.approx(28)
    assert rows["III.3.3"]["scope1_nk"] == "NO"
    assert rows["V.2"]["removals"] == pytest.approx(-42_738.67, abs=0.01)
    text = page.content.decode()
    assert 'data-total="removals">-42,739<' in text
    # net BASIC+ = gross BASIC+ (1e15 + 280) + removals
    totals = inventory.result["totals"]
    assert totals["net_basic_plus"] == pytest.approx(totals["basic_plus"] - 42_738.67)
    assert 'data-total="net_basic_plus"' in text
    assert 'id="result-warnings"' in text and text.count('class="warning"') == 1
    assert inventory.result["warnings"][0]["row"] == 6


def test_api_results_carry_removals_and_warnings(client, users, inventory):
    client.force_login(users["editor"])
    answer = client.get(f"/api/inventories/{inventory.pk}/results/")
    assert answer.status_code == 200
    document = answer.json()
    assert document["totals"]["removals"] == pytest.approx(-42_738.67, abs=0.01)
    assert [w["row"] for w in document["warnings"]] == [6]


def test_upload_of_an_amount_that_cannot_be_computed_is_refused_with_its_row(client, users):
    from climateplan.inventory.web.models import Inventory

    client.force_login(users["editor"])
    client.post("/provinces/TH-50/create/", {"province": "TH-50", "year": "2566", "gwp": "AR5"})
    inventory = Inventory.objects.get(province="TH-50", year=2023)
    body = b"gpc_ref,method,activity,amount,unit\nI.1.1,fuel_combustion,lpg,1e306,t\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        f"/inventories/{inventory.pk}/upload/",
        {
            "file": SimpleUploadedFile("lines.csv", body, content_type="text/csv"),
            "mode": "replace",
            "revision": inventory.revision,
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert text.count('class="problem"') == 1 and "1e+306" in text
    assert Inventory.objects.get(pk=inventory.pk).line_count == 0
