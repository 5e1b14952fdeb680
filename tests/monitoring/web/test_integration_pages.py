"""A plan's integration with the development plan and budget: scoping, the link and
funding form (wrong level refused, nothing half-saved), funding sums worked by hand
from the fixture's budget lines, and the annex and proposal downloads."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from climateplan.monitoring.web import services_integration as services
from climateplan.monitoring.web.models import (
    ActionLink,
    DevelopmentItem,
    DevelopmentPlan,
    Funding,
    Monitoring,
)
from climateplan.monitoring.web.services import monitoring_of

# The fixture's planned budget lines (tests/monitoring/web/conftest.py, plan_spec and the
# demo's adaptation actions), THB by fiscal year (CE):
#   M01  2024-2027 500,000 a year, provincial          = 2,000,000
#   M02  2024, 2025 2,000,000 each, private             = 4,000,000
#   M03  2025 300,000, environment_fund                 =   300,000
#   CM-A01 2024-2027 3,000,000 a year, ministry        = 12,000,000
#   CM-A02 2024 700,000, provincial                     =   700,000
#   plan total                                           = 19,000,000
PLANNED_TOTAL = 2_000_000 + 4_000_000 + 300_000 + 12_000_000 + 700_000


def english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})


def make_devplan(province="TH-50", start=2023) -> DevelopmentPlan:
    devplan = DevelopmentPlan.objects.create(
        province=province, start_year=start, end_year=start + 4, title_th="แผนพัฒนาจังหวัด"
    )
    issue = DevelopmentItem.objects.create(
        development_plan=devplan, level="issue", code="1", name_th="สิ่งแวดล้อม"
    )
    strategy = DevelopmentItem.objects.create(
        development_plan=devplan,
        level="strategy",
        code="1.1",
        parent=issue,
        name_th="ลดก๊าซเรือนกระจก",
        name_en="Cut emissions",
        position=1,
    )
    programme = DevelopmentItem.objects.create(
        development_plan=devplan, level="programme", code="1.1.1", parent=strategy, name_th="พลังงาน"
    )
    DevelopmentItem.objects.create(
        development_plan=devplan,
        level="project",
        code="1.1.1.01",
        parent=programme,
        name_th="โซลาร์ราชการ",
    )
    return devplan


@pytest.fixture
def linked(monitored_plan):
    """The published plan with its development plan chosen."""
    devplan = make_devplan()
    Monitoring.objects.update_or_create(plan=monitored_plan, defaults={"development_plan": devplan})
    return monitored_plan, devplan


def action(plan, code):
    from climateplan.plans.web.models import Action

    return Action.objects.get(section__plan=plan, code=code)


def revision(plan) -> int:
    return monitoring_of(plan).revision


def sheet_url(plan, code):
    return reverse("monitoring:integration_action", args=[plan.pk, action(plan, code).pk])


def post_sheet(client, plan, code, fundings=(), **fields):
    data = {"revision": revision(plan), **fields}
    for name in services.FUNDING_FIELDS:
        data[f"fund_{name}"] = [str(f.get(name, "")) for f in fundings]
    return client.post(sheet_url(plan, code), data)


@pytest.mark.parametrize(
    "who,status",
    [
        ("editor", 200),
        ("viewer", 200),
        ("approver", 200),
        ("reporter", 200),
        ("reviewer", 200),
        ("admin", 200),
        ("other_editor", 404),
        ("other_reporter", 404),
        ("no_role", 404),
    ],
)
def test_who_reads_the_integration_page(client, users, linked, who, status):
    plan, _ = linked
    client.force_login(users[who])
    m01 = action(plan, "M01")
    for url in (
        reverse("monitoring:integration", args=[plan.pk]),
        sheet_url(plan, "M01"),
        reverse("monitoring:integration_annex", args=[plan.pk]),
        reverse("monitoring:integration_proposal", args=[plan.pk, m01.pk, "docx"]),
        reverse("monitoring:integration_proposal", args=[plan.pk, m01.pk, "xlsx"]),
    ):
        assert client.get(url).status_code == status, url


def test_anonymous_gets_404_and_an_action_of_another_plan_too(client, users, linked):
    plan, _ = linked
    assert client.get(reverse("monitoring:integration", args=[plan.pk])).status_code == 404
    client.force_login(users["editor"])
    url = reverse("monitoring:integration_action", args=[plan.pk, 999_999])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who,status", [("viewer", 403), ("reporter", 403), ("other_editor", 404)])
def test_only_the_secretariat_writes(client, users, linked, who, status):
    plan, devplan = linked
    client.force_login(users[who])
    strategy = devplan.items.get(code="1.1")
    response = post_sheet(client, plan, "M01", strategy=strategy.pk)
    assert response.status_code == status
    url = reverse("monitoring:integration_devplan", args=[plan.pk])
    assert client.post(url, {"development_plan": "", "revision": revision(plan)}).status_code == (
        status
    )
    assert not ActionLink.objects.exists()
    assert monitoring_of(plan).development_plan_id == devplan.pk


def test_choose_the_development_plan_of_the_province_only(client, users, monitored_plan):
    plan = monitored_plan
    own, other = make_devplan(), make_devplan("TH-52")
    client.force_login(users["editor"])
    url = reverse("monitoring:integration_devplan", args=[plan.pk])
    page = client.post(url, {"development_plan": other.pk, "revision": revision(plan)}, follow=True)
    assert "กรุณาเลือกแผนพัฒนาจังหวัดของจังหวัดนี้" in page.content.decode()
    assert monitoring_of(plan).development_plan_id is None
    client.post(url, {"development_plan": own.pk, "revision": revision(plan)})
    assert monitoring_of(plan).development_plan_id == own.pk


def test_a_new_development_plan_empties_links_to_the_old_one(client, users, linked):
    plan, devplan = linked
    client.force_login(users["editor"])
    strategy = devplan.items.get(code="1.1")
    project = devplan.items.get(code="1.1.1.01")
    fund = {"fiscal_year": "2568", "amount": "1000", "source": "provincial", "project": project.pk}
    assert (
        post_sheet(
            client, plan, "M01", [fund], strategy=strategy.pk, project=project.pk
        ).status_code
        == 302
    )
    newer = make_devplan(start=2028)
    url = reverse("monitoring:integration_devplan", args=[plan.pk])
    page = client.post(url, {"development_plan": newer.pk, "revision": revision(plan)}, follow=True)
    # Strategy + project of the link, and the funding row's project: 3 links.
    assert "ล้างความเชื่อมโยงกับรายการของแผนพัฒนาจังหวัดเดิม 3 รายการ" in page.content.decode()
    link = ActionLink.objects.get(action=action(plan, "M01"))
    assert (link.strategy_id, link.project_id) == (None, None)
    assert Funding.objects.get().project_id is None


def test_strategy_must_be_a_strategy_and_project_a_project(client, users, linked):
    plan, devplan = linked
    client.force_login(users["editor"])
    strategy = devplan.items.get(code="1.1")
    project = devplan.items.get(code="1.1.1.01")
    fund = {"fiscal_year": "2568", "amount": "1000", "source": "provincial"}
    response = post_sheet(
        client, plan, "M01", [fund], strategy=project.pk, project=strategy.pk, rationale="x"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "1.1.1.01 ไม่ใช่กลยุทธ์" in page and "1.1 ไม่ใช่โครงการ" in page
    assert not ActionLink.objects.exists() and not Funding.objects.exists()


def test_item_of_another_development_plan_refused(client, users, linked):
    plan, _ = linked
    foreign = make_devplan("TH-52").items.get(code="1.1")
    client.force_login(users["editor"])
    response = post_sheet(client, plan, "M01", strategy=foreign.pk)
    assert response.status_code == 400
    assert "กรุณาเลือกรายการจากแผนพัฒนาจังหวัดที่แผนนี้ใช้" in response.content.decode()
    assert not ActionLink.objects.exists()


def test_every_funding_problem_at_once_nothing_saved(client, users, linked):
    plan, _ = linked
    client.force_login(users["editor"])
    rows = [
        {"fiscal_year": "2568", "amount": "100", "source": "provincial"},  # fine
        {"fiscal_year": "1990", "amount": "-5", "source": ""},  # three problems
        {},  # blank: skipped
        {"fiscal_year": "2569", "amount": "abc", "source": "lottery"},  # two problems
    ]
    response = post_sheet(client, plan, "M01", rows)
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('class="problem"') == 5
    assert "แถวงบประมาณที่ 2 ปีงบประมาณ" in page and "แถวงบประมาณที่ 4 จำนวนเงิน" in page
    assert not Funding.objects.exists() and not ActionLink.objects.exists()


def test_stale_revision_refused_nothing_saved(client, users, linked):
    plan, _ = linked
    client.force_login(users["editor"])
    old = revision(plan)
    fund = {"fiscal_year": "2568", "amount": "100", "source": "provincial"}
    assert post_sheet(client, plan, "M01", [fund]).status_code == 302
    data = {"revision": old, "rationale": "ทับของคนอื่น"}
    page = client.post(sheet_url(plan, "M01"), data, follow=True).content.decode()
    assert "มีผู้อื่นแก้ไขข้อมูลนี้" in page
    assert ActionLink.objects.get().rationale == ""
    assert Funding.objects.count() == 1


def fund_the_plan(client, plan, devplan):
    """M01: FY2568 400,000 provincial + FY2569 100,000 Environment Fund, linked to 1.1;
    CM-A02: FY2567 700,000 provincial (its whole cost)."""
    strategy = devplan.items.get(code="1.1")
    rows = [
        {"fiscal_year": "2568", "amount": "400,000", "source": "provincial", "reference": "ง.1"},
        {"fiscal_year": "2569", "amount": "100000", "source": "environment_fund"},
    ]
    assert post_sheet(client, plan, "M01", rows, strategy=strategy.pk).status_code == 302
    rows = [{"fiscal_year": "2567", "amount": "700000", "source": "provincial"}]
    assert post_sheet(client, plan, "CM-A02", rows).status_code == 302


def test_funding_sums_by_source_year_and_strategy(client, users, linked):
    plan, devplan = linked
    client.force_login(users["editor"])
    fund_the_plan(client, plan, devplan)
    m01 = Funding.objects.filter(action=action(plan, "M01")).order_by("fiscal_year")
    assert [(f.fiscal_year, f.amount) for f in m01] == [(2025, 400_000), (2026, 100_000)]
    o = services.funding_overview(plan)
    assert o["planned"] == PLANNED_TOTAL == 19_000_000
    assert o["funded"] == 400_000 + 100_000 + 700_000 == 1_200_000
    assert o["gap"] == 17_800_000
    assert o["share"] == pytest.approx(100 * 1_200_000 / 19_000_000)  # 6.3 %
    by_source = {s["source"]: (s["planned"], s["funded"]) for s in o["by_source"]}
    assert by_source == {
        "provincial": (2_000_000 + 700_000, 400_000 + 700_000),
        "ministry": (12_000_000, 0),
        "environment_fund": (300_000, 100_000),
        "private": (4_000_000, 0),
    }
    by_year = {y["year"]: (y["planned"], y["funded"]) for y in o["by_year"]}
    assert by_year == {
        2024: (500_000 + 2_000_000 + 3_000_000 + 700_000, 700_000),  # 6,200,000
        2025: (500_000 + 2_000_000 + 300_000 + 3_000_000, 400_000),  # 5,800,000
        2026: (500_000 + 3_000_000, 100_000),  # 3,500,000
        2027: (500_000 + 3_000_000, 0),  # 3,500,000
    }
    by_strategy = {
        (g["strategy"].code if g["strategy"] else None): (g["planned"], g["funded"], g["actions"])
        for g in o["by_strategy"]
    }
    assert by_strategy == {
        "1.1": (2_000_000, 500_000, 1),
        None: (19_000_000 - 2_000_000, 700_000, 4),
    }
    assert [r["action"].code for r in o["unfunded"]] == ["M02", "M03", "CM-A01"]
    assert [r["action"].code for r in o["partly"]] == ["M01"]  # 500,000 of 2,000,000
    # The page shows the same figures.
    page = client.get(reverse("monitoring:integration", args=[plan.pk])).content.decode()
    assert "19,000,000" in page and "1,200,000" in page and "17,800,000" in page
    assert 'data-year="2024"><td>2567</td><td class="num">6,200,000</td>' in page
    english(client)
    page = client.get(reverse("monitoring:integration", args=[plan.pk])).content.decode()
    assert 'data-year="2024"><td>2024</td>' in page


def test_annex_from_the_stored_plan(client, users, linked):
    plan, devplan = linked
    client.force_login(users["editor"])
    fund_the_plan(client, plan, devplan)
    client.post(
        sheet_url(plan, "M01"),
        {
            "revision": revision(plan),
            "strategy": devplan.items.get(code="1.1").pk,
            "objectives": "=cmd|' /C calc'!A0",
            "fund_fiscal_year": ["2568"],
            "fund_amount": ["400000"],
            "fund_source": ["provincial"],
        },
    )
    client.force_login(users["viewer"])
    response = client.get(reverse("monitoring:integration_annex", args=[plan.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[3]
    col = {name: i for i, name in enumerate(header)}
    years = [f"งบประมาณ ปี {y} (บาท)" for y in (2567, 2568, 2569, 2570)]
    assert all(y in col for y in years)
    by_code = {r[1]: r for r in rows[4:-1]}
    assert list(by_code) == ["M01", "M02", "M03", "CM-A01", "CM-A02"]
    assert [by_code["M02"][col[y]] for y in years] == [2_000_000, 2_000_000, 0, 0]
    total = rows[-1]
    # Per year, as in the funding test: 6.2 M, 5.8 M, 3.5 M, 3.5 M; all 19 M.
    assert [total[col[y]] for y in years] == [6_200_000, 5_800_000, 3_500_000, 3_500_000]
    assert total[col["รวม (บาท)"]] == 19_000_000
    m01 = by_code["M01"]
    assert m01[col["ความเชื่อมโยงกับกลยุทธ์ของแผนพัฒนาจังหวัด"]] == "1.1 ลดก๊าซเรือนกระจก"
    assert m01[col["วัตถุประสงค์"]] == "'=cmd|' /C calc'!A0"
    assert m01[col["หน่วยงานรับผิดชอบ"]] == "สำนักงานพลังงานจังหวัด"


def test_proposal_of_a_measure_takes_its_reduction_from_the_result(client, users, linked):
    plan, _ = linked
    client.force_login(users["editor"])
    m01 = action(plan, "M01")
    document = plan.sections.get(kind="reduction").result
    # The KPI's target year is 2027: the measure's wedge in 2027 of the stored result.
    index = document["years"].index(2027)
    wedge = next(w for w in document["wedges"] if w["measure"] == "M01")["values"][index]
    expected = f"{wedge:,.2f}" if abs(wedge - round(wedge)) > 1e-9 else f"{wedge:,.0f}"
    url = reverse("monitoring:integration_proposal", args=[plan.pk, m01.pk, "docx"])
    document = docx.Document(io.BytesIO(client.get(url).content))
    paragraphs = [p.text for p in document.paragraphs]
    effect = paragraphs[paragraphs.index("6. ปริมาณก๊าซเรือนกระจกที่คาดว่าจะลดได้") + 1]
    assert effect.startswith(f"{expected} ตันคาร์บอนไดออกไซด์เทียบเท่าต่อปี ในปี 2570")
    budget = [[c.text for c in r.cells] for r in document.tables[1].rows]
    # M01: 500,000 running cost from the provincial budget in FY 2567-2570; 2,000,000.
    assert budget[1:] == [
        ["2567", "ค่าดำเนินการ", "งบประมาณจังหวัด", "500,000"],
        ["2568", "ค่าดำเนินการ", "งบประมาณจังหวัด", "500,000"],
        ["2569", "ค่าดำเนินการ", "งบประมาณจังหวัด", "500,000"],
        ["2570", "ค่าดำเนินการ", "งบประมาณจังหวัด", "500,000"],
        ["รวม", "", "", "2,000,000"],
    ]


def test_proposal_of_an_adaptation_action_in_english(client, users, linked):
    plan, _ = linked
    client.force_login(users["reporter_pho"])
    english(client)
    a01 = action(plan, "CM-A01")
    url = reverse("monitoring:integration_proposal", args=[plan.pk, a01.pk, "xlsx"])
    rows = list(
        load_workbook(io.BytesIO(client.get(url).content)).active.iter_rows(values_only=True)
    )
    pairs = {r[0]: r[1] for r in rows if r and r[0]}
    assert pairs["Project"] == "Farm ponds"
    # Drought, in the sectors the action names (agriculture, water), both of drought's.
    assert pairs["6. Climate risks reduced"] == (
        "Drought (Agriculture and food security, Water management)"
    )
    assert ("Farm ponds dug", "ponds", 0, 1200, 2027) in [tuple(r[:5]) for r in rows]
    bad = reverse("monitoring:integration_proposal", args=[plan.pk, a01.pk, "pdf"])
    assert client.get(bad).status_code == 404
