# ruff: noqa: F811 - pytest fixtures imported from the shared conftest modules
"""The successor plan: what carries over from a finished plan, targets re-aligned to the
national targets in force, a new NDC as a data change, new versions keeping
``carried_from``, scoping and refused input (located, bilingual, nothing saved).

The predecessor is the monitoring tests' Chiang Mai plan 2023-2027 (base year 2022),
published, with measures M01-M03 and adaptation actions CM-A01, CM-A02. Its progress
reports (accepted unless said otherwise), made here directly (the reporting workflow is
tested in tests/monitoring):

    M01     on track (FY2027/1), then completed (FY2027/2)      -> left behind
    M02     cancelled (FY2027/1)                                -> left behind
    M03     delayed (FY2027/1, KPI 750 persons); a SUBMITTED,
            not accepted, "completed" (FY2027/2)                -> carried
    CM-A01  on track (FY2027/1, indicator 420 ponds); an accepted
            "completed" of a period starting after today        -> carried
    CM-A02  no report                                           -> carried

"Today" is 1 February 2028 (after the plan's last year, 2027) unless a test says
otherwise; the successor runs 2028-2032 on an approved 2025 inventory.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied

from climateplan.errors import InputError
from climateplan.mitigation import targets as mitigation_targets
from climateplan.plans.web import services
from climateplan.plans.web import services_successor as successor
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import (
    Action,
    BudgetLine,
    Lesson,
    Plan,
    PlanReview,
    Section,
)
from climateplan.reference._data import data_path
from tests.monitoring.web.conftest import (  # noqa: F401 - shared fixtures
    draft_plan,
    monitored_plan,
    users,
)
from tests.plans.web.conftest import quick_inventory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2028, 2, 1)


@pytest.fixture
def new_base(users):
    """An approved Chiang Mai inventory of 2025: the successor's base year."""
    return quick_inventory("TH-50", 2025, "approved")


def _period(plan, fy, number, starts, ends):
    from climateplan.monitoring.web.models import ReportingPeriod

    return ReportingPeriod.objects.create(
        plan=plan,
        fiscal_year=fy,
        number=number,
        starts=starts,
        ends=ends,
        due=ends + dt.timedelta(days=30),
        state="closed",
    )


def _report(action, period, status, state="accepted", kpi_values=(), percent=0):
    from climateplan.monitoring.web.models import ProgressReport

    return ProgressReport.objects.create(
        action=action,
        period=period,
        status=status,
        state=state,
        percent=percent,
        kpi_values=list(kpi_values),
    )


@pytest.fixture
def finished(monitored_plan):
    """The published plan with the reports of the module's table, M03 running 2025-2029
    with budget lines in FY2025 (before the successor) and FY2028, FY2029 (in it), and the
    province's own targets of 2026 (past by 2028) and 2035 (still to come)."""
    plan = monitored_plan
    acts = {a.code: a for a in Action.objects.filter(section__plan=plan)}
    p1 = _period(plan, 2027, 1, dt.date(2026, 10, 1), dt.date(2027, 3, 31))
    p2 = _period(plan, 2027, 2, dt.date(2027, 4, 1), dt.date(2027, 9, 30))
    later = _period(plan, 2028, 2, dt.date(2028, 4, 1), dt.date(2028, 9, 30))
    _report(acts["M01"], p1, "on_track", percent=60)
    _report(acts["M01"], p2, "completed", percent=100)
    _report(acts["M02"], p1, "cancelled")
    _report(acts["M03"], p1, "delayed", kpi_values=[{"key": "kpi", "value": 750}], percent=30)
    _report(acts["M03"], p2, "completed", state="submitted", percent=100)
    _report(acts["CM-A01"], p1, "on_track", kpi_values=[{"key": "indicator:0", "value": 420}])
    _report(acts["CM-A01"], later, "completed", percent=100)
    m03 = acts["M03"]
    Action.objects.filter(pk=m03.pk).update(start_year=2025, end_year=2029)
    m03.budget_lines.all().delete()
    for fy, amount in ((2025, 300_000), (2028, 200_000), (2029, 100_000)):
        BudgetLine.objects.create(
            action=m03, fiscal_year=fy, amount=amount, source="environment_fund"
        )
    section = plan.sections.get(kind="reduction")
    inputs = dict(section.inputs)
    national = [dict(t) for t in inputs["targets"] if t.get("national")]
    own = []
    for name, year, value in (("province_2026", 2026, 10.0), ("province_2035", 2035, 50.0)):
        row = {
            k: v
            for k, v in national[0].items()
            if k not in ("national", "description_en", "description_th", "valid_from", "valid_to")
        }
        row.update(name=name, year=year, value=value, is_default=False, source="จังหวัด")
        own.append(row)
    inputs["targets"] = national + own
    Section.objects.filter(pk=section.pk).update(inputs=inputs)
    plan.refresh_from_db()
    return plan


def _make(users, plan, base, *, today=TODAY, start=2028, end=2032, **kw):
    editor = users["editor"]
    return successor.create_successor(
        plan_access_for(editor),
        editor,
        plan,
        start_year=start,
        end_year=end,
        base_inventory=base,
        title_th=kw.pop("title_th", "แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่ 2571-2575"),
        title_en="Chiang Mai climate change plan 2028-2032",
        today=today,
        **kw,
    )


def _actions(plan):
    return {
        (a.section.kind, a.code): a
        for a in Action.objects.filter(section__plan=plan)
        .select_related("section", "carried_from")
        .prefetch_related("budget_lines")
    }


# --------------------------------------------------------------------------- what carries over


def test_the_successor_carries_exactly_the_unfinished_actions(users, finished, new_base):
    new = _make(users, finished, new_base)
    assert new.predecessor_id == finished.pk
    assert (new.version, new.state, new.is_latest) == (1, "draft", True)
    assert (new.start_year, new.end_year, new.base_year) == (2028, 2032, 2025)
    carried = _actions(new)
    assert set(carried) == {
        ("reduction", "M03"),
        ("adaptation", "CM-A01"),
        ("adaptation", "CM-A02"),
    }
    old = {(a.section.kind, a.code): a.pk for a in Action.objects.filter(section__plan=finished)}
    for key, action in carried.items():
        assert action.carried_from_id == old[key]


def test_budget_years_and_kpi_baselines_of_a_carried_action(users, finished, new_base):
    carried = _actions(_make(users, finished, new_base))
    m03 = carried[("reduction", "M03")]
    # FY2025 is before the successor (2028-2032): dropped; FY2028 and FY2029 kept
    assert [(b.fiscal_year, b.amount) for b in m03.budget_lines.all()] == [
        (2028, 200_000.0),
        (2029, 100_000.0),
    ]
    # 2025-2029 within 2028-2032: from 2028 (the successor's first year) to 2029
    assert (m03.start_year, m03.end_year) == (2028, 2029)
    # the KPI baseline is the last accepted value (750 persons, FY2027/1); the submitted
    # "completed" of FY2027/2 is not accepted and changes nothing; the target stays
    assert m03.kpi["baseline"] == 750
    assert m03.kpi["baseline_year"] == 2027
    assert m03.kpi["target"] == 2_000
    ponds = carried[("adaptation", "CM-A01")]
    assert ponds.data["indicators"][0]["baseline"] == 420
    # CM-A02 ends in 2027, before the successor starts: it runs the new period
    a02 = carried[("adaptation", "CM-A02")]
    assert (a02.start_year, a02.end_year) == (2028, 2032)


def test_a_report_of_a_period_after_today_does_not_count(users, finished):
    outcomes = {o.action.code: o for o in successor.action_outcomes(finished, TODAY)}
    assert outcomes["CM-A01"].status == "on_track"
    assert outcomes["CM-A02"].status == "not_reported"
    assert {c for c, o in outcomes.items() if not o.carried} == {"M01", "M02"}
    # once that period has started, CM-A01's completion counts and it stays behind
    later = {o.action.code: o for o in successor.action_outcomes(finished, dt.date(2028, 5, 1))}
    assert later["CM-A01"].carried is False


def test_risk_and_adaptation_start_from_the_predecessors_inputs(users, finished, new_base):
    new = _make(users, finished, new_base)
    for kind in ("risk", "adaptation"):
        assert new.sections.get(kind=kind).inputs == finished.sections.get(kind=kind).inputs


# --------------------------------------------------------------------------- targets


def test_targets_realigned_to_the_national_targets_in_force(users, finished, new_base):
    new = _make(users, finished, new_base)
    inputs = new.sections.get(kind="reduction").inputs
    rows = {t["name"]: t for t in inputs["targets"]}
    # mitigation_national_targets.csv in force on 1 Feb 2028, all after the base year 2025:
    # NDC 30 % and 40 % below BAU in 2030 (2nd updated NDC, 2 Nov 2022), carbon
    # neutrality 2050 and net zero GHG 2065 (LT-LEDS 2022); the province's own 2035
    # target (still to come) is kept, its 2026 one (past) is not.
    assert set(rows) == {
        "ndc_unconditional",
        "ndc_conditional",
        "carbon_neutrality_2050",
        "net_zero_2065",
        "province_2035",
    }
    assert (rows["ndc_unconditional"]["value"], rows["ndc_unconditional"]["year"]) == (30.0, 2030)
    assert (rows["ndc_conditional"]["value"], rows["ndc_conditional"]["year"]) == (40.0, 2030)
    assert rows["carbon_neutrality_2050"]["year"] == 2050
    assert rows["net_zero_2065"]["year"] == 2065
    assert rows["province_2035"]["value"] == 50.0
    assert "NDC" in rows["ndc_unconditional"]["source"]
    # drivers start again from the defaults of the new base year
    assert {d["year"] for d in inputs["drivers"]} >= {2025}
    assert min(d["year"] for d in inputs["drivers"]) == 2025
    assert all(d.get("is_default") for d in inputs["drivers"])


def test_a_new_ndc_is_a_data_change(users, finished, new_base, tmp_path, monkeypatch):
    """A second targets table (a made-up later NDC, for this test only): the 2030 NDC rows
    end on 31 Dec 2027 and a 2035 target of 45 % below BAU is in force from 1 Jan 2028.
    The successor takes it with no change of code."""
    table = pd.read_csv(data_path("mitigation_national_targets.csv"), dtype=str).fillna("")
    table.loc[table["name"].str.startswith("ndc_"), "valid_to"] = "2027-12-31"
    later = table.iloc[[0]].copy()
    later["name"], later["year"], later["reduction_pct"] = "ndc_2035", "2035", "45"
    later["valid_from"], later["valid_to"] = "2028-01-01", ""
    later["source"] = "Later NDC (test table)"
    path = tmp_path / "mitigation_national_targets.csv"
    pd.concat([table, later]).to_csv(path, index=False)
    monkeypatch.setattr(
        mitigation_targets,
        "_national_targets",
        lambda: tuple(mitigation_targets.read_targets(path)),
    )
    new = _make(users, finished, new_base)
    rows = {t["name"]: t for t in new.sections.get(kind="reduction").inputs["targets"]}
    assert set(rows) == {"ndc_2035", "carbon_neutrality_2050", "net_zero_2065", "province_2035"}
    assert (rows["ndc_2035"]["value"], rows["ndc_2035"]["year"]) == (45.0, 2035)
    # the preview says which went and which came
    _, preview = successor.successor_targets(finished, 2025, TODAY)
    why = {r.name: r.why for r in preview}
    assert why["ndc_unconditional"] == "dropped"
    assert why["ndc_2035"] == "new"
    assert why["province_2026"] == "dropped"
    assert why["province_2035"] == "kept"


# --------------------------------------------------------------------------- versions


def test_a_new_version_keeps_carried_from_and_its_predecessor(users, finished, new_base):
    new = _make(users, finished, new_base)
    Section.objects.filter(plan=new).update(state="published")
    Plan.objects.filter(pk=new.pk).update(state="published")
    new.refresh_from_db()
    editor = users["editor"]
    v2 = services.revise(plan_access_for(editor), editor, new, expected_revision=new.revision)
    before = {k: a.carried_from_id for k, a in _actions(new).items()}
    after = {k: a.carried_from_id for k, a in _actions(v2).items()}
    assert after == before
    assert all(after.values())
    assert v2.predecessor_id == finished.pk  # the new version still succeeds the plan
    assert successor.successor_of(finished) == v2


# --------------------------------------------------------------------------- when and who


def test_a_plan_with_an_endorsed_end_review_may_be_succeeded_before_its_end(
    users, finished, new_base
):
    early = dt.date(2027, 8, 1)  # the period 2023-2027 has not ended
    assert successor.finished_ground(finished, early) is None
    review = PlanReview.objects.create(
        plan=finished, kind="end", as_of=dt.date(2027, 6, 30), title_th="ทบทวน"
    )
    assert successor.finished_ground(finished, early) is None  # a draft review is not enough
    PlanReview.objects.filter(pk=review.pk).update(state="endorsed")
    assert successor.finished_ground(finished, early) == "reviewed"
    new = _make(users, finished, new_base, today=early)
    assert new.predecessor_id == finished.pk


def test_a_draft_plan_or_a_running_one_is_not_succeeded(users, draft_plan, new_base):
    with pytest.raises(services.WorkflowError):
        _make(users, draft_plan, new_base)
    assert not Plan.objects.filter(predecessor=draft_plan).exists()


def test_only_once(users, finished, new_base):
    _make(users, finished, new_base)
    with pytest.raises(services.WorkflowError):
        _make(users, finished, new_base, start=2033, end=2037)
    assert Plan.objects.filter(predecessor=finished).count() == 1


@pytest.mark.parametrize("role", ["approver", "viewer", "other_editor", "reviewer", "admin"])
def test_other_roles_may_not_prepare_it(users, finished, new_base, role):
    with pytest.raises(PermissionDenied):
        successor.create_successor(
            plan_access_for(users[role]),
            users[role],
            finished,
            start_year=2028,
            end_year=2032,
            base_inventory=new_base,
            title_th="แผน",
            today=TODAY,
        )
    assert not Plan.objects.filter(predecessor=finished).exists()


# --------------------------------------------------------------------------- bad input


def _problems(users, plan, base, **kw) -> InputError:
    count = Plan.objects.count()
    with pytest.raises(InputError) as info:
        _make(users, plan, base, **kw)
    assert Plan.objects.count() == count  # nothing saved
    assert not Plan.objects.filter(predecessor=plan).exists()
    for p in info.value.problems:
        assert p.message_en and p.message_th and p.column
    return info.value


def test_an_overlapping_period_is_refused(users, finished, new_base):
    error = _problems(users, finished, new_base, start=2027, end=2031)
    (problem,) = error.problems
    assert problem.column == "start_year"
    assert "2027" in problem.message_en and "2570" in problem.message_th  # 2027 + 543


def test_a_base_inventory_of_another_province_or_not_approved_is_refused(users, finished):
    lampang = quick_inventory("TH-52", 2025, "approved")
    error = _problems(users, finished, lampang)
    assert [p.column for p in error.problems] == ["base_inventory"]
    assert "another province" in error.problems[0].message_en
    draft = quick_inventory("TH-50", 2026, "draft")
    error = _problems(users, finished, draft)
    assert [p.column for p in error.problems] == ["base_inventory"]
    assert "approved or published" in error.problems[0].message_en


def test_every_problem_at_once(users, finished):
    """An overlapping period, an end before the start and no base inventory: all three."""
    error = _problems(users, finished, None, start=2026, end=2025)
    assert sorted(p.column for p in error.problems) == ["base_inventory", "end_year", "start_year"]


# --------------------------------------------------------------------------- lessons


def test_lessons_of_the_predecessor_lead_to_the_successors_actions(users, finished, new_base):
    review = PlanReview.objects.create(
        plan=finished, kind="end", as_of=dt.date(2027, 9, 30), title_th="ทบทวน", state="endorsed"
    )
    m03_old = Action.objects.get(section__plan=finished, code="M03")
    lesson = Lesson.objects.create(
        review=review, scope="action", action=m03_old, recommendations="อบรมผ่านสหกรณ์"
    )
    new = _make(users, finished, new_base)
    m03 = Action.objects.get(section__plan=new, code="M03")
    editor = users["editor"]
    successor.link_lesson(
        plan_access_for(editor), editor, new, lesson, [m03.pk], expected_revision=new.revision
    )
    assert list(lesson.leads_to.values_list("pk", flat=True)) == [m03.pk]
    other = Action.objects.get(section__plan=finished, code="M01")
    new.refresh_from_db()
    with pytest.raises(InputError):  # an action of another plan
        successor.link_lesson(
            plan_access_for(editor), editor, new, lesson, [other.pk], expected_revision=new.revision
        )
    assert list(lesson.leads_to.values_list("pk", flat=True)) == [m03.pk]


# --------------------------------------------------------------------------- pages


@pytest.fixture
def reviewed(finished, monkeypatch):
    """The finished plan with an end-of-plan review the province has endorsed; the pages
    run on the module's "today" (1 February 2028)."""
    monkeypatch.setattr(successor, "_today", lambda today=None: today or TODAY)
    PlanReview.objects.create(
        plan=finished,
        kind="end",
        as_of=dt.date(2026, 9, 30),
        title_th="รายงานการทบทวนระยะสิ้นสุดแผน",
        title_en="End-of-plan review",
        state="endorsed",
    )
    return finished


def _client(user, lang="th"):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    client.post(reverse("site:set_language"), {"language": lang, "next": "/"})
    return client


def test_the_page_previews_what_carries_over(users, reviewed, new_base):
    page = _client(users["editor"]).get(f"/plans/{reviewed.pk}/successor/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="successor-form"' in html
    for code in ("M03", "CM-A01", "CM-A02"):
        assert f'class="carried" data-code="{code}"' in html
    for code in ("M01", "M02"):
        assert f'class="left" data-code="{code}"' in html
    assert 'data-target="ndc_unconditional"' in html
    assert 'id="ground"' in html and "สิ้นสุดแล้ว" in html  # the ground named: 2023-2027 ended
    # the Thai form proposes the next period in BE: 2028-2032 -> 2571-2575
    assert 'value="2571"' in html and 'value="2575"' in html


def test_the_page_prepares_it_and_the_badges_link_the_history(users, reviewed, new_base):
    client = _client(users["editor"])
    answer = client.post(
        f"/plans/{reviewed.pk}/successor/",
        {
            "title_th": "แผนเชียงใหม่ 2571-2575",
            "start_year": "2571",
            "end_year": "2575",
            "base_inventory": str(new_base.pk),
        },
    )
    assert answer.status_code == 302
    new = Plan.objects.get(predecessor=reviewed)
    assert (new.start_year, new.end_year) == (2028, 2032)  # BE 2571-2575 less 543
    assert answer.headers["Location"] == f"/plans/{new.pk}/"
    head = client.get(f"/plans/{new.pk}/").content.decode()
    assert 'id="succeeds"' in head and f"/plans/{reviewed.pk}/" in head
    old_head = client.get(f"/plans/{reviewed.pk}/").content.decode()
    assert 'id="succeeded-by"' in old_head and 'id="prepare-successor"' not in old_head
    reduction = client.get(f"/plans/{new.pk}/reduction/").content.decode()
    history = f"/plans/{new.pk}/successor/carried/reduction/M03/"
    assert history in reduction and "ยกมาจาก" in reduction
    adaptation = client.get(f"/plans/{new.pk}/adaptation/").content.decode()
    assert f"/plans/{new.pk}/successor/carried/adaptation/CM-A02/" in adaptation
    page = client.get(history)
    assert page.status_code == 200
    text = page.content.decode()
    assert "ล่าช้า" in text  # its delayed report in the predecessor
    # the public reads neither the draft successor nor its history
    from django.test import Client

    assert Client().get(history).status_code == 404
    assert _client(users["other_editor"]).get(history).status_code == 404


def test_the_page_refuses_bad_input_with_every_problem(users, reviewed):
    lampang = quick_inventory("TH-52", 2025, "approved")
    count = Plan.objects.count()
    answer = _client(users["editor"], "en").post(
        f"/plans/{reviewed.pk}/successor/",
        {"title_th": "แผน", "start_year": "2026", "end_year": "2030", "base_inventory": ""},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert 'id="problems"' in html
    assert "overlaps its period 2023-2027" in html
    assert "choose the base-year inventory" in html
    assert Plan.objects.count() == count
    # another province's inventory is not even offered
    assert f'value="{lampang.pk}"' not in html


def test_who_sees_the_page(users, reviewed):
    url = f"/plans/{reviewed.pk}/successor/"
    assert _client(users["editor"]).get(url).status_code == 200
    for role in ("approver", "viewer", "reviewer", "admin"):
        assert _client(users[role]).get(url).status_code == 403, role
    for role in ("other_editor", "other_viewer"):
        assert _client(users[role]).get(url).status_code == 404, role


def test_lessons_page_links_a_recommendation(users, reviewed, new_base):
    review = reviewed.reviews.get()
    m03_old = Action.objects.get(section__plan=reviewed, code="M03")
    lesson = Lesson.objects.create(
        review=review, scope="action", action=m03_old, recommendations="อบรมผ่านสหกรณ์"
    )
    new = _make(users, reviewed, new_base)
    m03 = Action.objects.get(section__plan=new, code="M03")
    client = _client(users["editor"])
    url = f"/plans/{new.pk}/successor/lessons/"
    assert "อบรมผ่านสหกรณ์" in client.get(url).content.decode()
    answer = client.post(url, {"revision": new.revision, "lesson": lesson.pk, "actions": m03.pk})
    assert answer.status_code == 302
    assert list(lesson.leads_to.all()) == [m03]
    assert _client(users["viewer"]).post(url, {"lesson": lesson.pk}).status_code == 403


def test_the_public_reads_the_badge_of_a_published_successor_without_its_history(
    users, reviewed, new_base
):
    from django.test import Client

    new = _make(users, reviewed, new_base)
    Section.objects.filter(plan=new).update(state="published")
    Plan.objects.filter(pk=new.pk).update(state="published")
    html = Client().get(f"/plans/{new.pk}/reduction/").content.decode()
    assert "ยกมาจาก" in html and f'href="/plans/{reviewed.pk}/"' in html
    assert "/successor/carried/" not in html  # the reports are internals of the plan
    old = Client().get(f"/plans/{reviewed.pk}/").content.decode()
    assert 'id="succeeded-by"' in old and 'id="prepare-successor"' not in old
