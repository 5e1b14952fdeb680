"""The national roll-up (/national/rollup/): published reduction plans summed against the
NDC with the engine's roll-up, coverage and population share, chart, table and CSV."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/national/rollup/"
YEARS = list(range(2022, 2031))  # 2022 (base) ... 2030 (the NDC year)


def _document(province: str, bau_2022: float, bau_2030: float, plan_2030: float) -> dict:
    """A stored reduction result (schema climateplan.plan.reduction/1, the parts the
    roll-up reads) whose BAU and plan rise or fall in equal steps from 2022 to 2030."""
    steps = len(YEARS) - 1
    bau = [bau_2022 + (bau_2030 - bau_2022) * i / steps for i in range(len(YEARS))]
    plan = [bau_2022 + (plan_2030 - bau_2022) * i / steps for i in range(len(YEARS))]
    return {
        "schema": "climateplan.plan.reduction/1",
        "province": province,
        "base_year": 2022,
        "gwp": "AR5",
        "basis": "basic_plus",
        "years": YEARS,
        "totals": {
            "basic_plus": {"bau": [v + 50 for v in bau], "plan": [v + 50 for v in plan]},
            "basic_plus_no_land": {"bau": bau, "plan": plan},
        },
        "summary": {"report_year": 2030},
    }


def _plan(province: str, state: str, document: dict | None, start: int = 2023):
    from climateplan.plans.web.models import Plan, Section, set_section_result

    plan = Plan.objects.create(
        province=province,
        title_th=f"แผน {province}",
        start_year=start,
        end_year=2030,
        base_year=2022,
        state=state,
    )
    for kind in ("inventory", "reduction", "risk", "adaptation"):
        section = Section.objects.create(plan=plan, kind=kind, state=state)
        if kind == "reduction" and document is not None:
            set_section_result(section, document)
    return plan


@pytest.fixture
def published_two(db):
    """Chiang Mai and Bangkok published with reduction results; Lampang published without
    one; a Phuket plan with a result but still a draft (not summed)."""
    return {
        # BAU 1,000 t in 2022 rising to 1,200 t in 2030; plan 900 t in 2030
        "TH-50": _plan("TH-50", "published", _document("TH-50", 1000.0, 1200.0, 900.0)),
        # BAU 600 t in 2022 rising to 800 t in 2030; plan 500 t in 2030
        "TH-10": _plan("TH-10", "published", _document("TH-10", 600.0, 800.0, 500.0)),
        "TH-52": _plan("TH-52", "published", None),
        "TH-83": _plan("TH-83", "draft", _document("TH-83", 9000.0, 9000.0, 9000.0)),
    }


def test_rollup_sums_and_ndc_lines_by_hand(published_two):
    from climateplan.site.national_data import rollup_view

    view = rollup_view()
    table = view.table.set_index("year")
    # BAU 2030 = 1,200 + 800 = 2,000 t; plan 2030 = 900 + 500 = 1,400 t
    assert table.loc[2030, "bau"] == pytest.approx(2000.0)
    assert table.loc[2030, "plan"] == pytest.approx(1400.0)
    # 2022 (first common year): BAU 1,000 + 600 = 1,600 t
    assert table.loc[2022, "bau"] == pytest.approx(1600.0)
    # NDC (2nd updated NDC, reference/data/mitigation_national_targets.csv) on the summed BAU:
    # 30 % below BAU in 2030: 0.7 x 2,000 = 1,400 t; 40 %: 0.6 x 2,000 = 1,200 t
    assert table.loc[2030, "target_ndc_unconditional"] == pytest.approx(1400.0)
    assert table.loc[2030, "target_ndc_conditional"] == pytest.approx(1200.0)
    # the line runs straight from the 2022 BAU sum (1,600) to 1,400 in 2030:
    # 2026 is half way: 1,600 + (1,400 - 1,600) x 4/8 = 1,500 t
    assert table.loc[2026, "target_ndc_unconditional"] == pytest.approx(1500.0)
    # coverage: 2 of 77 summed, 75 missing (Lampang among them: published, no result;
    # Phuket: a draft)
    assert view.coverage["provinces"] == 2 and view.coverage["of"] == 77
    assert len(view.coverage["missing"]) == 75
    assert {"TH-52", "TH-83"} <= set(view.coverage["missing"])
    not_summed = [c.code for c in view.contributions if not c.summed]
    assert not_summed == ["TH-52"]


def test_population_share_from_the_reference_table(published_two):
    from climateplan.site.national_data import rollup_view

    share = rollup_view().population
    # province_population.csv, 2023 (the latest year with a national total in which both
    # provinces have a figure): Chiang Mai 1,797,074 + Bangkok 5,471,588 = 7,268,662 of
    # 66,052,615 registered in Thailand = 11.004 %
    assert share["year"] == 2023
    assert share["population"] == 1_797_074 + 5_471_588 == 7_268_662
    assert share["national"] == 66_052_615
    assert share["share_pct"] == pytest.approx(7_268_662 / 66_052_615 * 100)
    assert round(share["share_pct"], 3) == 11.004
    assert share["without_figure"] == []


def test_a_province_without_a_population_figure_is_named_not_guessed(db):
    from climateplan.site.national_data import population_share

    # Lampang (TH-52) has no row in province_population.csv
    share = population_share(["TH-50", "TH-52"])
    assert share["without_figure"] == ["TH-52"]
    assert share["population"] == 1_797_074  # Chiang Mai 2023 only


def test_page_for_the_public_in_thai_with_coverage_chart_and_table(client, published_two):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'id="provinces-summed">2 / 77<', page)
    assert re.search(r'id="population-share">11\.0 %<', page)
    # the missing list names the provinces (Thai names) and links to their plans
    missing = re.search(r'<p id="missing".*?</p>', page, re.S).group(0)
    assert missing.count("<a ") == 75 and "ลำปาง" in missing
    assert reverse("plans:detail", args=[published_two["TH-50"].pk]) in page
    figure = json.loads(
        re.search(
            r'<script id="chart-rollup" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    names = [t["name"] for t in figure["data"]]
    assert len(names) == 4  # BAU, plans, NDC 30 %, NDC 40 %
    # x axis in Buddhist Era on the Thai page: 2022 -> 2565, 2030 -> 2573
    assert figure["data"][0]["x"][0] == "2565" and figure["data"][0]["x"][-1] == "2573"
    assert figure["data"][0]["y"][-1] == pytest.approx(2000.0)
    table = re.search(r'<table id="rollup-table">.*?</table>', page, re.S).group(0)
    assert "<td>2573</td>" in table and "2,000" in table and "1,400" in table


def test_english_page_uses_common_era(client, published_two):
    client.post("/language/", {"language": "en", "next": URL})
    page = client.get(URL).content.decode()
    table = re.search(r'<table id="rollup-table">.*?</table>', page, re.S).group(0)
    assert "<td>2030</td>" in table and "2573" not in table
    assert "Lampang" in page
    # the NDC rows of mitigation_national_targets.csv: 30 % unconditional, 40 % conditional
    assert "NDC: 30 % below BAU in 2030 (unconditional)" in page
    assert "NDC: 40 % below BAU in 2030 (conditional)" in page


def test_csv_download_is_the_table(client, published_two):
    response = client.get(reverse("national:rollup_csv"))
    assert response.status_code == 200
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM of reports.cells.csv_bytes
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    last = rows[-1]
    assert last["ปี_ค.ศ."] == "2030" and last["ปี_พ.ศ."] == "2573"
    assert float(last["bau_ผลรวม_tco2e"]) == pytest.approx(2000.0)
    assert float(last["ndc_unconditional_tco2e"]) == pytest.approx(1400.0)
    assert float(last["ndc_conditional_tco2e"]) == pytest.approx(1200.0)
    assert last["จำนวนจังหวัดที่รวม"] == "2"


def test_no_published_plan_says_so(client, db):
    page = client.get(URL).content.decode()
    assert 'id="rollup-empty"' in page
    assert re.search(r'id="provinces-summed">0 / 77<', page)
    assert client.get(reverse("national:rollup_csv")).status_code == 404


def test_mixed_gwp_sets_are_reported_not_summed(client, db):
    doc = _document("TH-10", 600.0, 800.0, 500.0)
    doc["gwp"] = "AR6"
    _plan("TH-50", "published", _document("TH-50", 1000.0, 1200.0, 900.0))
    _plan("TH-10", "published", doc)
    page = client.get(URL).content.decode()
    problems = re.search(r'id="rollup-problems".*?</div>', page, re.S).group(0)
    assert "AR5, AR6" in problems
    assert "chart-rollup" not in page


def test_newest_published_plan_per_province_is_summed(db):
    """Chiang Mai has two published periods: the newer (2025-2030) is summed."""
    from climateplan.site.national_data import rollup_view

    _plan("TH-50", "published", _document("TH-50", 1000.0, 1200.0, 900.0), start=2023)
    _plan("TH-50", "published", _document("TH-50", 1000.0, 1100.0, 700.0), start=2025)
    table = rollup_view().table.set_index("year")
    assert table.loc[2030, "bau"] == pytest.approx(1100.0)
    assert table.loc[2030, "plan"] == pytest.approx(700.0)


def test_a_new_publication_shows_at_once(client, published_two):
    assert re.search(r'id="provinces-summed">2 / 77<', client.get(URL).content.decode())
    _plan("TH-11", "published", _document("TH-11", 100.0, 100.0, 100.0))
    assert re.search(r'id="provinces-summed">3 / 77<', client.get(URL).content.decode())


def test_ndc_line_stops_at_its_year_and_headline_is_the_ndc_year(client, db):
    """A plan projected to 2032: the NDC lines are blank after 2030 (the engine holds the
    path flat; the NDC says nothing of later years) and the page's figures are of 2030."""
    from climateplan.site.national_data import headline_year, rollup_view

    doc = _document("TH-50", 1000.0, 1200.0, 900.0)
    doc["years"] = [*YEARS, 2031, 2032]
    for series in doc["totals"].values():
        for key in ("bau", "plan"):
            series[key] = [*series[key], series[key][-1], series[key][-1]]
    _plan("TH-50", "published", doc)
    view = rollup_view()
    table = view.table.set_index("year")
    assert table.loc[2030, "target_ndc_unconditional"] == pytest.approx(0.7 * 1200.0)  # 840 t
    assert table.loc[[2031, 2032], "target_ndc_unconditional"].isna().all()
    assert headline_year(view) == 2030
    page = client.get(URL).content.decode()
    assert re.search(r'id="headline-bau">1,200<', page)  # 2030, not 2032


def test_rollup_takes_a_fixed_number_of_queries(
    client, published_two, django_assert_max_num_queries
):
    # uncached: the stamp, the published plans, the parts of their reduction results
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200
    for code in ("TH-11", "TH-12", "TH-13"):  # more provinces, the same queries
        _plan(code, "published", _document(code, 100.0, 120.0, 90.0))
    with django_assert_max_num_queries(5):
        page = client.get(URL).content.decode()
    assert re.search(r'id="provinces-summed">5 / 77<', page)
