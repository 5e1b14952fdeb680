"""The permission matrix of monitoring: every role x every URL of the ``monitoring``
namespace and every monitoring API route, on a published Chiang Mai plan (TH-50) with a
period, reports, evidence, a working group, a meeting, links, funding and a development
plan.

The URL patterns are enumerated from the resolver, so a page added later without an
entry in :data:`RULES` fails :func:`test_every_url_has_a_rule` (add its rule there).

Expected answers come from the rules of ``monitoring/web/access.py`` (its docstring),
written here independently of the code:

- the plan's monitoring is read by national users and the province's own people
  (editor, approver, viewer, agency reporters); anyone else meets a 404 (the public may
  be asked to log in first);
- only the province's editor (the working group's secretariat) manages: working group,
  periods, links, funding, meetings, development plans, reviews; another reader who
  tries answers 403;
- an agency reporter reports on the actions their agency owns or co-operates in and
  reads only those actions' reports and evidence (another agency's report is a 404);
- a write that is refused changes nothing (members, periods, reports, evidence,
  meetings, links, funding, development plans, the monitoring revision);
- a view that only takes POST answers 405 to GET, whoever asks.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from climateplan.monitoring.web.models import (
    ActionLink,
    Agency,
    DevelopmentItem,
    DevelopmentPlan,
    Evidence,
    Funding,
    Meeting,
    MeetingDecision,
    Monitoring,
    ProgressReport,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.plans.web.models import Action

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "admin",
    "reviewer",
    "editor",
    "approver",
    "viewer",
    "reporter",  # PEO: M01 (owner), M02 (co-operating)
    "reporter_pho",  # PHO: CM-A02
    "other_editor",
    "other_viewer",
    "other_reporter",
]
NATIONAL = {"admin", "reviewer"}
OWN = {"editor", "approver", "viewer", "reporter", "reporter_pho"}
READERS = NATIONAL | OWN
# the actions each reporter reports on (the editor reports on all)
REPORTS_ON = {"reporter": {"M01", "M02"}, "reporter_pho": {"CM-A02"}}

LOGIN = 3020  # a redirect to the login page (told apart from other redirects)
PAGE_ALLOWED = {200, 302, 400, 409}
API_ALLOWED = {200, 201, 400, 409}


@dataclasses.dataclass
class Attempt:
    client: str  # "page" or "api"
    method: str
    url: str
    data: dict | None
    expected: set[int]
    write: bool  # a refused write must change nothing
    format: str = "json"  # of an API request's body


def _outside(role: str) -> set[int]:
    return {LOGIN, 404} if role == "anonymous" else {404}


def reads(role: str) -> bool:
    return role in READERS


def page_get(role: str, url: str, *, allowed: bool | None = None) -> Attempt:
    """A page the plan's readers read (``allowed`` narrows it further: 404 otherwise)."""
    ok = reads(role) if allowed is None else allowed
    return Attempt("page", "get", url, None, {200} if ok else _outside(role), False)


def page_post(role: str, url: str, data: dict, *, allowed: bool, hidden: bool = False) -> Attempt:
    """A change: the allowed get their answer; readers who may not make it 403; those
    outside (or, ``hidden``, to whom the record is not shown) 404."""
    if allowed:
        expected = PAGE_ALLOWED
    elif not reads(role) or hidden:
        expected = _outside(role)
    else:
        expected = {403}
    return Attempt("page", "post", url, data, expected, not allowed)


def post_only(url: str) -> Attempt:
    return Attempt("page", "get", url, None, {405}, False)


def api_get(role: str, url: str, *, allowed: bool | None = None) -> Attempt:
    ok = reads(role) if allowed is None else allowed
    return Attempt("api", "get", url, None, {200} if ok else {404}, False)


def api_write(
    role: str, method: str, url: str, data: dict, *, allowed: bool, hidden: bool = False
) -> Attempt:
    if allowed:
        expected = API_ALLOWED
    elif not reads(role) or hidden:
        expected = {404}
    else:
        expected = {403}
    return Attempt("api", method, url, data, expected, not allowed)


def manages(role: str) -> bool:
    return role == "editor"


def reports_on(role: str, code: str) -> bool:
    return role == "editor" or code in REPORTS_ON.get(role, set())


def sees_report_of(role: str, code: str) -> bool:
    """An agency reporter reads their actions' reports only; other readers read all."""
    if role in REPORTS_ON:
        return code in REPORTS_ON[role]
    return reads(role)


# --------------------------------------------------------------------------- the world


class World:
    def __init__(self, users, plan, data_dir):
        self.plan = plan
        self.monitoring = Monitoring.objects.get_or_create(plan=plan)[0]
        self.period = ReportingPeriod.objects.create(
            plan=plan,
            fiscal_year=2025,
            number=1,
            starts=datetime.date(2024, 10, 1),
            ends=datetime.date(2025, 3, 31),
            due=datetime.date(2025, 4, 30),
            state="open",
        )
        self.actions = {a.code: a for a in Action.objects.filter(section__plan=plan)}
        self.m01 = ProgressReport.objects.create(
            action=self.actions["M01"],
            period=self.period,
            agency=Agency.objects.get(code="PEO"),
            status="on_track",
            percent=30,
        )
        self.a02 = ProgressReport.objects.create(
            action=self.actions["CM-A02"],
            period=self.period,
            agency=Agency.objects.get(code="PHO"),
            status="on_track",
            state="submitted",
        )
        # evidence of M01 with its file where the reports' services keep them
        sha = "b" * 64
        rel = f"evidence/{plan.pk}/{self.m01.pk}/{sha}.pdf"
        path = data_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        self.evidence = Evidence.objects.create(
            report=self.m01,
            path=rel,
            name="ภาพถ่าย.pdf",
            content_type="application/pdf",
            size=path.stat().st_size,
            sha256=sha,
        )
        self.member = WorkingGroupMember.objects.create(
            plan=plan, agency=Agency.objects.get(code="PEO"), role="member"
        )
        self.meeting = Meeting.objects.create(
            plan=plan,
            number="1/2568",
            date=datetime.date(2025, 5, 15),
            period=self.period,
            minutes="ที่ประชุมรับทราบความก้าวหน้า",
        )
        decision = MeetingDecision.objects.create(meeting=self.meeting, text="เร่งรัดการติดตั้ง")
        decision.actions.add(self.actions["M01"])
        self.devplan = DevelopmentPlan.objects.create(
            province="TH-50", start_year=2023, end_year=2027, title_th="แผนพัฒนาจังหวัดเชียงใหม่"
        )
        strategy = DevelopmentItem.objects.create(
            development_plan=self.devplan, level="strategy", code="S1", name_th="พลังงานสะอาด"
        )
        DevelopmentItem.objects.create(
            development_plan=self.devplan,
            level="project",
            code="P1",
            parent=strategy,
            name_th="โซลาร์รูฟท็อป",
        )
        ActionLink.objects.create(action=self.actions["M01"], strategy=strategy, rationale="ลดไฟฟ้า")
        Funding.objects.create(
            action=self.actions["M01"], fiscal_year=2025, amount=500_000, source="provincial"
        )

    def snapshot(self) -> tuple:
        plan = self.plan
        return (
            Monitoring.objects.filter(plan=plan).values_list("revision", "development_plan_id")[0],
            tuple(
                WorkingGroupMember.objects.filter(plan=plan)
                .order_by("pk")
                .values_list("agency_id", "role", "position", "contact_name")
            ),
            tuple(
                ReportingPeriod.objects.filter(plan=plan)
                .order_by("pk")
                .values_list("state", "due", "starts")
            ),
            tuple(
                ProgressReport.objects.filter(period__plan=plan)
                .order_by("pk")
                .values_list("state", "revision", "percent", "comment", "review_comment")
            ),
            Evidence.objects.count(),
            tuple(
                Meeting.objects.filter(plan=plan)
                .order_by("pk")
                .values_list("number", "date", "minutes")
            ),
            MeetingDecision.objects.filter(meeting__plan=plan).count(),
            tuple(ActionLink.objects.order_by("pk").values_list("strategy_id", "rationale")),
            tuple(Funding.objects.order_by("pk").values_list("amount", "fiscal_year")),
            tuple(
                DevelopmentItem.objects.order_by("pk").values_list(
                    "development_plan_id", "code", "name_th"
                )
            ),
            DevelopmentPlan.objects.count(),
        )


# --------------------------------------------------------------------------- the rules

Rule = Callable[[str, World], list[Attempt]]
P = "/plans/{pk}/monitoring/"


def _u(world: World, tail: str) -> str:
    return (P + tail).format(pk=world.plan.pk)


def _read(tail: str) -> Rule:
    return lambda role, w: [page_get(role, _u(w, tail))]


def _manage_post(tail: str, data: Callable[[World], dict] | None = None) -> Rule:
    def rule(role, w):
        url = _u(w, tail.format(w=w))
        body = {"revision": w.monitoring.revision, **(data(w) if data else {})}
        return [post_only(url), page_post(role, url, body, allowed=manages(role))]

    return rule


def _manage_form(tail: str) -> Rule:
    """A form of the secretariat (GET and POST)."""

    def rule(role, w):
        url = _u(w, tail.format(w=w))
        refused = {403} if reads(role) else _outside(role)
        return [
            Attempt("page", "get", url, None, {200} if manages(role) else refused, False),
            page_post(role, url, {"revision": w.monitoring.revision}, allowed=manages(role)),
        ]

    return rule


def _report_page(role, w):
    out = []
    for report, code in ((w.m01, "M01"), (w.a02, "CM-A02")):
        url = _u(w, f"reports/{w.period.pk}/actions/{w.actions[code].pk}/")
        seen = sees_report_of(role, code)
        out.append(page_get(role, url, allowed=seen))
        body = {"revision": report.revision, "status": "on_track", "percent": "50"}
        item = page_post(role, url, body, allowed=reports_on(role, code), hidden=not seen)
        if report.state == "submitted" and reports_on(role, code):
            # a submitted report waits on its review: those who report on it are told
            # so (refused, located), and nothing changes
            item.expected, item.write = {403, 409}, True
        out.append(item)
    return out


def _review_page(role, w):
    url = _u(w, f"reports/{w.period.pk}/actions/{w.actions['CM-A02'].pk}/review/")
    body = {"revision": w.a02.revision, "decision": "return", "review_comment": "แนบหลักฐาน"}
    return [
        post_only(url),
        page_post(
            role, url, body, allowed=manages(role), hidden=not sees_report_of(role, "CM-A02")
        ),
    ]


def _evidence_page(role, w):
    return [
        page_get(
            role, _u(w, f"reports/evidence/{w.evidence.pk}/"), allowed=sees_report_of(role, "M01")
        )
    ]


def _integration_action(role, w):
    url = _u(w, f"integration/actions/{w.actions['M01'].pk}/")
    return [
        page_get(role, url),
        page_post(role, url, {"revision": w.monitoring.revision}, allowed=manages(role)),
    ]


def _proposal(role, w):
    out = []
    for fmt in ("docx", "xlsx"):
        url = _u(w, f"integration/actions/{w.actions['M01'].pk}/proposal.{fmt}")
        out.append(page_get(role, url))
    return out


# province-scoped development plans (TH-50): read by national users and the province's
# people, written by its editor
D = "/provinces/TH-50/development-plans/"


def _devplan_read(tail: str) -> Rule:
    return lambda role, w: [page_get(role, D + tail.format(w=w))]


def _devplan_post(tail: str, data: dict | None = None) -> Rule:
    def rule(role, w):
        url = D + tail.format(w=w)
        return [post_only(url), page_post(role, url, data or {}, allowed=manages(role))]

    return rule


def _national(role, w):
    """Every province's status: national users and any province's own people (their row
    with figures, the others without); the public is asked to sign in; others 404."""
    expected = {LOGIN} if role == "anonymous" else {404} if role == "no_role" else {200}
    return [Attempt("page", "get", "/national/monitoring/", None, expected, False)]


def _agencies(role, w):
    return [
        Attempt("page", "get", "/agencies/", None, {LOGIN} if role == "anonymous" else {200}, False)
    ]


# ---- the API
A = "/api/plans/{pk}/monitoring/"


def _a(w: World, tail: str) -> str:
    return (A + tail).format(pk=w.plan.pk)


def _api_read(tail: str) -> Rule:
    return lambda role, w: [api_get(role, _a(w, tail))]


def _api_reports(role, w):
    url = _a(w, "reports/")
    body = {"period": w.period.pk, "action": "M02", "status": "on_track"}
    return [
        api_get(role, url),
        api_write(role, "post", url, body, allowed=reports_on(role, "M02")),
    ]


def _api_report(role, w):
    out = []
    for report, code in ((w.m01, "M01"), (w.a02, "CM-A02")):
        url = _a(w, f"reports/{report.pk}/")
        seen = sees_report_of(role, code)
        out.append(api_get(role, url, allowed=seen))
        body = {"revision": report.revision, "status": "on_track", "percent": 50}
        out.append(
            api_write(role, "put", url, body, allowed=reports_on(role, code), hidden=not seen)
        )
    return out


def _api_submit(role, w):
    url = _a(w, f"reports/{w.m01.pk}/submit/")
    seen = sees_report_of(role, "M01")
    return [
        api_write(
            role,
            "post",
            url,
            {"revision": w.m01.revision},
            allowed=reports_on(role, "M01"),
            hidden=not seen,
        )
    ]


def _api_review(role, w):
    url = _a(w, f"reports/{w.a02.pk}/review/")
    seen = sees_report_of(role, "CM-A02")
    body = {"action": "return", "revision": w.a02.revision, "comment": "แนบหลักฐาน"}
    return [api_write(role, "post", url, body, allowed=manages(role), hidden=not seen)]


def _api_evidence(role, w):
    seen = sees_report_of(role, "M01")
    file_url = _a(w, f"reports/{w.m01.pk}/evidence/{w.evidence.pk}/")
    upload = api_write(
        role,
        "post",
        _a(w, f"reports/{w.m01.pk}/evidence/"),
        {"revision": w.m01.revision},
        allowed=reports_on(role, "M01"),
        hidden=not seen,
    )
    upload.format = "multipart"
    return [api_get(role, file_url, allowed=seen), upload]


def _api_agencies(role, w):
    return [Attempt("api", "get", "/api/monitoring/agencies/", None, {200}, False)]


RULES: dict[str, Rule] = {
    # the plan's monitoring pages
    "monitoring:dashboard": _read(""),
    "monitoring:periods": _read("reports/"),
    "monitoring:periods_generate": _manage_post(
        "reports/generate/", lambda w: {"period_months": "6", "due_days": "30"}
    ),
    "monitoring:period": lambda role, w: [page_get(role, _u(w, f"reports/{w.period.pk}/"))],
    "monitoring:period_state": _manage_post(
        "reports/{w.period.pk}/state/", lambda w: {"move": "close"}
    ),
    "monitoring:period_due": _manage_post(
        "reports/{w.period.pk}/due/", lambda w: {"due": "2025-05-31"}
    ),
    "monitoring:report": _report_page,
    "monitoring:report_review": _review_page,
    "monitoring:evidence": _evidence_page,
    "monitoring:group": _read("group/"),
    "monitoring:group_add": _manage_post(
        "group/add/", lambda w: {"agency": "PEA", "role": "member"}
    ),
    "monitoring:group_add_action_agencies": _manage_post("group/add-action-agencies/"),
    "monitoring:group_add_bangkok": _manage_post("group/add-bangkok/"),
    "monitoring:group_edit": _manage_post(
        "group/{w.member.pk}/edit/", lambda w: {"role": "chair", "contact_name": "ก"}
    ),
    "monitoring:group_remove": _manage_post("group/{w.member.pk}/remove/"),
    "monitoring:group_move": _manage_post(
        "group/{w.member.pk}/move/", lambda w: {"direction": "up"}
    ),
    "monitoring:integration": _read("integration/"),
    "monitoring:integration_devplan": _manage_post(
        "integration/development-plan/", lambda w: {"development_plan": str(w.devplan.pk)}
    ),
    "monitoring:integration_annex": _read("integration/annex.xlsx"),
    "monitoring:integration_action": _integration_action,
    "monitoring:integration_proposal": _proposal,
    "monitoring:meetings": _read("meetings/"),
    "monitoring:meeting_new": _manage_form("meetings/new/"),
    "monitoring:meeting": lambda role, w: [page_get(role, _u(w, f"meetings/{w.meeting.pk}/"))],
    "monitoring:meeting_edit": _manage_form("meetings/{w.meeting.pk}/edit/"),
    "monitoring:meeting_delete": _manage_post("meetings/{w.meeting.pk}/delete/"),
    "monitoring:meeting_report": lambda role, w: [
        page_get(role, _u(w, f"meetings/{w.meeting.pk}/report/"))
    ],
    "monitoring:meeting_xlsx": lambda role, w: [
        page_get(role, _u(w, f"meetings/{w.meeting.pk}/report.xlsx"))
    ],
    # the province's development plans
    "monitoring:devplans": _devplan_read(""),
    "monitoring:devplan_create": _devplan_post("new/"),
    "monitoring:devplan_template": _devplan_read("template.xlsx"),
    "monitoring:devplan": _devplan_read("{w.devplan.pk}/"),
    "monitoring:devplan_import": _devplan_post("{w.devplan.pk}/import/"),
    "monitoring:devplan_item": _devplan_post("{w.devplan.pk}/items/"),
    "monitoring:devplan_item_delete": _devplan_post("{w.devplan.pk}/items/delete/", {"code": "P1"}),
    "monitoring:devplan_download": _devplan_read("{w.devplan.pk}/development_plan.xlsx"),
    # agencies and the national overview
    "monitoring:agencies": _agencies,
    "monitoring:national": _national,
    # the API
    "monitoring-plan-periods": _api_read("periods/"),
    "monitoring-plan-working-group": _api_read("working-group/"),
    "monitoring-plan-actions": _api_read("actions/"),
    "monitoring-report-list": _api_reports,
    "monitoring-report-detail": _api_report,
    "monitoring-report-submit": _api_submit,
    "monitoring-report-review": _api_review,
    "monitoring-report-evidence-upload": _api_evidence,
    "monitoring-report-evidence-file": lambda role, w: [],  # with the upload's rule
    "monitoring-agency-list": _api_agencies,
}


# --------------------------------------------------------------------------- running


def _names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    names = set(walk(get_resolver().url_patterns))
    return {n for n in names if n.startswith(("monitoring:", "monitoring-"))}


def test_every_url_has_a_rule():
    unknown = sorted(_names() - set(RULES))
    assert not unknown, (
        f"URL names without an entry in the permission matrix: {unknown}; add their rules to "
        "RULES in tests/monitoring/web/test_permissions_monitoring.py"
    )
    gone = sorted(set(RULES) - _names())
    assert not gone, f"rules for URL names that no longer exist: {gone}"


def clients_for(role: str, users) -> dict:
    page, api = Client(), APIClient()
    if role != "anonymous":
        page.force_login(users[role])
        api.force_login(users[role])
    return {"page": page, "api": api}


def attempt(clients, item: Attempt, world: World) -> tuple[int, bool, bytes]:
    """One request, rolled back afterwards so every attempt meets the same world."""
    client = clients[item.client]
    kwargs = {"format": item.format} if item.client == "api" and item.method != "get" else {}
    with transaction.atomic():
        before = world.snapshot()
        call = getattr(client, item.method)
        answer = call(item.url, item.data, **kwargs) if item.data is not None else call(item.url)
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        after = world.snapshot()
        transaction.set_rollback(True)
    status = answer.status_code
    if status == 302 and answer.headers.get("Location", "").startswith(
        resolve_url(django_settings.LOGIN_URL)
    ):
        status = LOGIN
    return status, before != after, body


# Texts of the world that only its readers may see (no leak in a refusal).
SECRETS = ("ที่ประชุมรับทราบความก้าวหน้า", "เร่งรัดการติดตั้ง", "ภาพถ่าย.pdf")


@pytest.fixture
def world(users, monitored_plan, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return World(users, monitored_plan, tmp_path)


@pytest.mark.slow
def test_the_matrix(users, world):
    failures = []
    for role in ROLES:
        clients = clients_for(role, users)
        for name, rule in RULES.items():
            for item in rule(role, world):
                status, changed, body = attempt(clients, item, world)
                where = (role, name, item.method, item.url)
                if status not in item.expected:
                    failures.append((*where, status, sorted(item.expected)))
                if item.write and changed:
                    failures.append((*where, "a refused change changed the world", status))
                if status in (404, 405, LOGIN) or (status == 403 and not reads(role)):
                    text = body.decode("utf-8", "replace")
                    leaked = [s for s in SECRETS if s in text]
                    if leaked:
                        failures.append((*where, status, "refusal shows", leaked))
    assert not failures, "\n".join(str(f) for f in failures)


def _text_of(answer) -> str:
    """A page's text, or a workbook's cell values."""
    import io

    from openpyxl import load_workbook

    body = b"".join(answer.streaming_content) if answer.streaming else answer.content
    if answer["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(body))
        return " ".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row)
    return body.decode("utf-8", "replace")


def test_a_reporter_reads_no_other_agencys_report_anywhere(users, world):
    """The health office's accepted report on CM-A02 (its reason and comment) shows to
    the secretariat on the period, meeting and dashboard pages and in the meeting's
    workbook, and to the energy office's reporter nowhere."""
    w = world
    ProgressReport.objects.filter(pk=w.a02.pk).update(
        state="accepted",
        status="delayed",
        reason="เหตุผลของสาธารณสุขเท่านั้น",
        comment="ความเห็นของสาธารณสุขเท่านั้น",
    )
    urls = [
        _u(w, ""),
        _u(w, "reports/"),
        _u(w, f"reports/{w.period.pk}/"),
        _u(w, f"meetings/{w.meeting.pk}/"),
        _u(w, f"meetings/{w.meeting.pk}/report/"),
        _u(w, f"meetings/{w.meeting.pk}/report.xlsx"),
        f"/api/plans/{w.plan.pk}/monitoring/reports/",
    ]
    texts = ("เหตุผลของสาธารณสุขเท่านั้น", "ความเห็นของสาธารณสุขเท่านั้น")
    seen_by_editor = set()
    for name in ("editor", "reporter"):
        clients = clients_for(name, users)
        for url in urls:
            client = clients["api" if url.startswith("/api/") else "page"]
            answer = client.get(url)
            assert answer.status_code == 200, (name, url)
            found = [t for t in texts if t in _text_of(answer)]
            if name == "editor":
                seen_by_editor.update((url, t) for t in found)
            else:
                assert not found, (url, found)
    # the texts are there to be seen: the meeting's progress report shows both
    meeting_report = _u(w, f"meetings/{w.meeting.pk}/report/")
    assert {(meeting_report, t) for t in texts} <= seen_by_editor
