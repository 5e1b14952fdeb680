"""The scoping of monitoring (``climateplan.monitoring.web.access``) for every role.

The expectations are written from the rules in the module's docstring, independently
of the code:

- national reviewers and administrators read every plan's monitoring; the province's
  own people (editor, approver, viewer, agency reporter) read their province's plans;
  the other province's people, users without a role and the public read nothing;
- only the province's editor manages (working group, links, periods, meetings,
  reviews), and only on the latest plan version;
- an agency reporter reports on the actions their agency owns or co-operates in (the
  conftest's Chiang Mai plan: M01 PEO+PEA, M02 PEA+PEO, M03 PLTO+PAEO, CM-A01 LDD+DOAE,
  CM-A02 PHO+TMD), so PEO -> M01, M02; PEA -> M01, M02; PHO -> CM-A02; a PAEO reporter
  of Lampang reports nothing in Chiang Mai although PAEO co-operates in M03;
- reports are made on the latest version of an approved or published plan, in an
  open period; an agency reporter reads the reports of their actions only.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from climateplan.monitoring.web.access import monitoring_access_for
from climateplan.monitoring.web.models import (
    Agency,
    ProgressReport,
    ReportingPeriod,
    ReportState,
)
from climateplan.plans.web.models import Action, Plan

pytestmark = pytest.mark.django_db

ALL_ACTIONS = {"M01", "M02", "M03", "CM-A01", "CM-A02"}
# who reads Chiang Mai's monitoring (TH-50)
READERS_TH50 = {
    "admin",
    "reviewer",
    "editor",
    "approver",
    "viewer",
    "reporter",
    "reporter_pea",
    "reporter_pho",
}
EVERYONE = [
    "anonymous",
    "no_role",
    "admin",
    "reviewer",
    "editor",
    "approver",
    "viewer",
    "reporter",
    "reporter_pea",
    "reporter_pho",
    "other_editor",
    "other_approver",
    "other_viewer",
    "other_reporter",
]
# the actions each user may report on in Chiang Mai's plan (empty: none)
REPORTABLE_TH50 = {
    "editor": ALL_ACTIONS,
    "reporter": {"M01", "M02"},
    "reporter_pea": {"M01", "M02"},
    "reporter_pho": {"CM-A02"},
}


def access(users, name):
    user = AnonymousUser() if name == "anonymous" else users[name]
    return monitoring_access_for(user)


def period(plan, number, state, starts):
    """A half-year period of fiscal year 2025 CE (FY2568 BE)."""
    ends = starts + datetime.timedelta(days=180)
    return ReportingPeriod.objects.create(
        plan=plan,
        fiscal_year=2025,
        number=number,
        starts=starts,
        ends=ends,
        due=ends + datetime.timedelta(days=30),
        state=state,
    )


def action(plan, code) -> Action:
    return Action.objects.get(section__plan=plan, code=code)


def lampang_plan() -> Plan:
    return Plan.objects.create(
        province="TH-52",
        title_th="แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดลำปาง",
        start_year=2023,
        end_year=2027,
        base_year=2022,
        state="published",
    )


def test_reading_and_managing_for_every_role(users, monitored_plan):
    lampang = lampang_plan()
    for name in EVERYONE:
        acc = access(users, name)
        assert acc.can_view(monitored_plan) is (name in READERS_TH50), name
        assert acc.can_manage(monitored_plan) is (name == "editor"), name
        # Lampang's plan: only national users (no Lampang user in this matrix reads
        # Chiang Mai, and no Chiang Mai user reads Lampang)
        national = name in ("admin", "reviewer")
        lampang_people = name.startswith("other_")
        assert acc.can_view(lampang) is (national or lampang_people), name
        assert acc.can_manage(lampang) is (name == "other_editor"), name
        plans = set(acc.plans().values_list("pk", flat=True))
        expected = set()
        if name in READERS_TH50:
            expected.add(monitored_plan.pk)
        if national or lampang_people:
            expected.add(lampang.pk)
        assert plans == expected, name


def test_reportable_actions_for_every_role(users, monitored_plan):
    for name in EVERYONE:
        codes = set(
            access(users, name).reportable_actions(monitored_plan).values_list("code", flat=True)
        )
        assert codes == REPORTABLE_TH50.get(name, set()), name


def test_other_province_reporter_reports_nothing_even_for_an_agency_it_names(users):
    # The Lampang reporter's agency (PAEO) co-operates in Chiang Mai's M03, and in a
    # Lampang plan that names PAEO it reports on that action.
    from climateplan.plans.web.models import Section

    lampang = lampang_plan()
    section = Section.objects.create(plan=lampang, kind="reduction")
    Action.objects.create(
        section=section,
        code="LP-01",
        name_th="อบรมเกษตรกร",
        owner_agency="สำนักงานเกษตรจังหวัด",
    )
    Action.objects.create(section=section, code="LP-02", name_th="อื่น ๆ", owner_agency="กรมพัฒนาที่ดิน")
    acc = access(users, "other_reporter")
    assert set(acc.reportable_actions(lampang).values_list("code", flat=True)) == {"LP-01"}
    # a Chiang Mai reporter of the same kind of agency sees nothing of Lampang
    assert not access(users, "reporter").reportable_actions(lampang).exists()


def test_inactive_or_foreign_agency_reports_nothing(users, monitored_plan):
    Agency.objects.filter(code="PHO").update(active=False)
    assert not access(users, "reporter_pho").reportable_actions(monitored_plan).exists()
    # a Bangkok department's reporter registered in Chiang Mai reports nothing there
    bma = Agency.objects.filter(province="TH-10").first()
    assert bma is not None, "the shipped agencies include the BMA departments"
    from tests.monitoring.web.conftest import make_reporter

    odd = make_reporter("bma_in_cm", "TH-50", bma.code)
    assert not monitoring_access_for(odd).reportable_actions(monitored_plan).exists()


def test_can_report_by_period_state_plan_state_and_version(users, monitored_plan):
    open_period = period(monitored_plan, 1, "open", datetime.date(2024, 10, 1))
    planned = period(monitored_plan, 2, "planned", datetime.date(2025, 4, 1))
    closed = period(monitored_plan, 3, "closed", datetime.date(2024, 4, 1))
    m01 = action(monitored_plan, "M01")
    a02 = action(monitored_plan, "CM-A02")
    for name in EVERYONE:
        acc = access(users, name)
        mine = REPORTABLE_TH50.get(name, set())
        assert acc.can_report(m01, open_period, monitored_plan) is ("M01" in mine), name
        assert acc.can_report(a02, open_period, monitored_plan) is ("CM-A02" in mine), name
        for shut in (planned, closed):
            assert not acc.can_report(m01, shut, monitored_plan), (name, shut.state)

    editor = access(users, "editor")
    reporter = access(users, "reporter")
    # an approved plan is monitored as a published one
    Plan.objects.filter(pk=monitored_plan.pk).update(state="approved")
    monitored_plan.refresh_from_db()
    assert editor.can_report(m01, open_period, monitored_plan)
    assert reporter.can_report(m01, open_period, monitored_plan)
    # a draft (or submitted) plan is not reported on
    for state in ("draft", "endorsed", "submitted", "returned"):
        Plan.objects.filter(pk=monitored_plan.pk).update(state=state)
        monitored_plan.refresh_from_db()
        assert not editor.is_monitored(monitored_plan), state
        assert not editor.can_report(m01, open_period, monitored_plan), state
        assert not reporter.can_report(m01, open_period, monitored_plan), state


def test_older_version_is_read_but_neither_reported_on_nor_managed(users, monitored_plan):
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    open_period = period(monitored_plan, 1, "open", datetime.date(2024, 10, 1))
    m01 = action(monitored_plan, "M01")
    new = services.revise(
        plan_access_for(users["editor"]),
        users["editor"],
        monitored_plan,
        expected_revision=monitored_plan.revision,
    )
    old = Plan.objects.get(pk=monitored_plan.pk)
    assert not old.is_latest and new.is_latest
    for name in EVERYONE:
        acc = access(users, name)
        assert acc.can_view(old) is (name in READERS_TH50), name
        assert not acc.can_manage(old), name
        assert not acc.is_monitored(old), name
        assert not acc.can_report(m01, open_period, old), name
    # the new version is a draft: managed by the editor, not yet reported on
    assert access(users, "editor").can_manage(new)
    assert not access(users, "editor").is_monitored(new)


def test_a_period_of_another_plan_is_not_reportable(users, monitored_plan):
    lampang = lampang_plan()
    foreign = period(lampang, 1, "open", datetime.date(2024, 10, 1))
    m01 = action(monitored_plan, "M01")
    assert not access(users, "editor").can_report(m01, foreign, monitored_plan)
    assert not access(users, "reporter").can_report(m01, foreign, monitored_plan)


def _reports(plan, period_row):
    made = {}
    for code in sorted(ALL_ACTIONS):
        made[code] = ProgressReport.objects.create(
            action=action(plan, code), period=period_row, status="on_track"
        )
    return made


def test_reports_are_filtered_by_role(users, monitored_plan):
    open_period = period(monitored_plan, 1, "open", datetime.date(2024, 10, 1))
    _reports(monitored_plan, open_period)
    lampang = lampang_plan()
    for name in EVERYONE:
        acc = access(users, name)
        codes = set(acc.reports(monitored_plan).values_list("action__code", flat=True))
        if name.startswith("reporter"):
            expected = REPORTABLE_TH50[name]
        elif name in READERS_TH50:
            expected = ALL_ACTIONS
        else:
            expected = set()
        assert codes == expected, name
        # the filter as a Q gives the same rows
        by_q = ProgressReport.objects.filter(period__plan=monitored_plan)
        if acc.can_view(monitored_plan):
            by_q = by_q.filter(acc.report_filter(monitored_plan))
            assert set(by_q.values_list("action__code", flat=True)) == expected, name
        # a queryset given in is narrowed to the plan too
        assert not acc.reports(lampang, ProgressReport.objects.all()).exists(), name


def test_edit_and_review_follow_the_report_state(users, monitored_plan):
    open_period = period(monitored_plan, 1, "open", datetime.date(2024, 10, 1))
    report = _reports(monitored_plan, open_period)["M01"]
    editor = access(users, "editor")
    reporter = access(users, "reporter")
    pho = access(users, "reporter_pho")
    approver = access(users, "approver")
    expected = {
        # state: (editor edits, PEO reporter edits, editor reviews)
        ReportState.DRAFT: (True, True, False),
        ReportState.RETURNED: (True, True, False),
        ReportState.SUBMITTED: (False, False, True),
        ReportState.ACCEPTED: (False, False, False),
    }
    for state, (editor_edits, reporter_edits, reviews) in expected.items():
        ProgressReport.objects.filter(pk=report.pk).update(state=state)
        report.refresh_from_db()
        assert editor.can_edit_report(report, monitored_plan) is editor_edits, state
        assert reporter.can_edit_report(report, monitored_plan) is reporter_edits, state
        assert not pho.can_edit_report(report, monitored_plan), state
        assert not approver.can_edit_report(report, monitored_plan), state
        assert editor.can_review(report, monitored_plan) is reviews, state
        for name in EVERYONE:
            if name != "editor":
                assert not access(users, name).can_review(report, monitored_plan), (name, state)
    # a closed period: nothing is edited any more
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state="closed")
    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.DRAFT)
    report = ProgressReport.objects.get(pk=report.pk)
    assert not editor.can_edit_report(report, monitored_plan)
    assert not reporter.can_edit_report(report, monitored_plan)
