"""The demo's populations come from the shipped reference data, with their sources."""

from __future__ import annotations

import pytest

from climateplan.inventory.web import dashboard
from climateplan.inventory.web.access import access_for
from climateplan.inventory.web.demo import DEMO_PROVINCES, load_populations
from climateplan.inventory.web.models import Population, State

from .conftest import quick_inventory

pytestmark = pytest.mark.django_db


def test_demo_loads_the_reference_populations_with_their_sources():
    codes = [code for code, _, _ in DEMO_PROVINCES]
    count = load_populations(codes)
    # five provinces, 2020-2023 each
    assert count == Population.objects.count() == 5 * 4
    chiang_mai = Population.objects.get(province="TH-50", year=2023)
    # DOPA registration at 31 Dec 2023, announced by the Ministry of Interior on 11 Feb 2024
    assert chiang_mai.population == 1_797_074
    assert "DOPA" in chiang_mai.source and "กรมการปกครอง" in chiang_mai.source
    estimate = Population.objects.get(province="TH-62", year=2023)
    assert "Estimate" in estimate.source and "ค่าประมาณ" in estimate.source


def test_per_capita_uses_the_registered_population_of_the_inventory_year(users):
    from django.contrib.auth.models import AnonymousUser

    inventory = quick_inventory("TH-50", 2023, State.PUBLISHED)
    load_populations(["TH-50"])
    rows = {r.code: r for r in dashboard.overview(access_for(AnonymousUser())).rows}
    # BASIC+ / 1,797,074 people (Chiang Mai, 31 Dec 2023)
    assert rows["TH-50"].per_capita == pytest.approx(inventory.total_basic_plus / 1_797_074)


def test_any_province_with_a_shipped_figure_loads_it_with_its_publication():
    # Udon Thani is not a demo province; its 2021 figure is the NSO Statistical Yearbook 2022,
    # Table 1.6: municipal 482,791 + non-municipal 1,083,719 = 1,566,510
    assert load_populations(["TH-41"]) == 1
    udon = Population.objects.get(province="TH-41", year=2021)
    assert udon.population == 482_791 + 1_083_719 == 1_566_510
    assert "Statistical Yearbook Thailand 2022" in udon.source
    assert "สำนักงานสถิติแห่งชาติ" in udon.source
