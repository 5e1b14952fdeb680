"""The permission matrix of plans: every role x plans in every state, of the user's own
province (Chiang Mai, TH-50) and of another (Lampang, TH-52) x every URL of the
``plans`` and ``national`` namespaces and every /api/plans endpoint.

The URL patterns are enumerated from the resolver, so a page added later without an
entry in :data:`RULES` fails :func:`test_every_url_has_a_rule` (add its rule there).

Expected answers come from the rules in the docstring of ``plans/web/access.py``,
written here independently of the code:

- the public reads published plans only; a provincial user reads every plan of their
  province and published plans elsewhere; national users read every plan;
- internals (history, review comments, a job's progress) are for the province's own
  people and national users;
- the province's editor creates plans of the province and edits the plan and its
  sections while the plan is a draft or returned (a section only while it is a draft
  or returned itself); submits an endorsed or returned plan; opens a new version of an
  approved or published plan;
- the province's approver records or withdraws the endorsement of a draft plan and may
  submit it;
- national reviewers comment, return or approve sections of a plan under review, and
  approve and publish plans; national administrators read;
- reviews of a plan: the province's editors start one on an approved or published plan
  and write a draft one (narrative, lessons), its approver endorses it, national
  reviewers return, approve and publish it; a review not published is an internal of
  the plan (404 to everyone else);
- a plan outside the user's view answers 404 (never 403); a change the role never may
  make answers 403; a change the role may make, but not in this state, is refused (403,
  or a redirect with a message on pages, 409 in the API); a refused change leaves the
  plan as it was (revision, state, sections, comments, actions, history).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from climateplan.plans.web import help as plan_help
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import (
    Action,
    ClimateJob,
    Lesson,
    Plan,
    PlanChange,
    PlanComment,
    PlanDocument,
    PlanReview,
    PlanState,
    Section,
    SectionState,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "admin",
    "reviewer",
    "editor",
    "approver",
    "viewer",
    "other_editor",
    "other_approver",
    "other_viewer",
]
ROLE_OF = {
    "anonymous": ("public", ""),
    "no_role": ("public", ""),
    "admin": ("admin", ""),
    "reviewer": ("reviewer", ""),
    "editor": ("editor", "TH-50"),
    "approver": ("approver", "TH-50"),
    "viewer": ("viewer", "TH-50"),
    "other_editor": ("editor", "TH-52"),
    "other_approver": ("approver", "TH-52"),
    "other_viewer": ("viewer", "TH-52"),
}
STATES = [
    PlanState.DRAFT,
    PlanState.ENDORSED,
    PlanState.SUBMITTED,
    PlanState.RETURNED,
    PlanState.APPROVED,
    PlanState.PUBLISHED,
]
PROVINCES = ["TH-50", "TH-52"]
KINDS = ["inventory", "reduction", "risk", "adaptation"]
EDITABLE = {PlanState.DRAFT, PlanState.RETURNED}
UNDER_REVIEW = {PlanState.SUBMITTED, PlanState.RETURNED}


def section_states(state: str) -> dict[str, str]:
    """The sections of a plan in each state (a returned plan: its reduction section was
    returned, the others wait on the reviewer)."""
    if state in (PlanState.DRAFT, PlanState.ENDORSED):
        return dict.fromkeys(KINDS, SectionState.DRAFT)
    if state == PlanState.SUBMITTED:
        return dict.fromkeys(KINDS, SectionState.SUBMITTED)
    if state == PlanState.RETURNED:
        return {**dict.fromkeys(KINDS, SectionState.SUBMITTED), "reduction": "returned"}
    if state == PlanState.APPROVED:
        return dict.fromkeys(KINDS, SectionState.APPROVED)
    return dict.fromkeys(KINDS, SectionState.PUBLISHED)


# --------------------------------------------------------------------------- the rules


@dataclasses.dataclass(frozen=True)
class Ctx:
    """One role facing one plan, with what the rules say about it."""

    role: str
    kind: str  # public, admin, reviewer, editor, approver, viewer
    province: str  # the user's province ("" for others)
    plan_province: str
    state: str

    @property
    def national(self) -> bool:
        return self.kind in ("admin", "reviewer")

    @property
    def own(self) -> bool:
        return self.province == self.plan_province

    @property
    def reads(self) -> bool:
        return self.national or self.own or self.state == PlanState.PUBLISHED

    @property
    def internals(self) -> bool:
        return self.national or self.own

    @property
    def editor(self) -> bool:
        return self.kind == "editor" and self.own

    @property
    def approver(self) -> bool:
        return self.kind == "approver" and self.own

    @property
    def reviewer(self) -> bool:
        return self.kind == "reviewer"

    def edits_section(self, kind: str) -> bool:
        return (
            self.editor
            and self.state in EDITABLE
            and section_states(self.state)[kind] in (SectionState.DRAFT, SectionState.RETURNED)
        )

    def transition(self, action: str) -> tuple[bool, bool]:
        """(allowed now, allowed to the role in some state)."""
        capable = {
            "withdraw": self.approver,
            "submit": self.editor or self.approver,
            "approve": self.reviewer,
            "publish": self.reviewer,
            "revise": self.editor,
        }[action]
        states = {
            "withdraw": {PlanState.ENDORSED},
            "submit": {PlanState.ENDORSED, PlanState.RETURNED},
            "approve": {PlanState.SUBMITTED},
            "publish": {PlanState.APPROVED},
            "revise": {PlanState.APPROVED, PlanState.PUBLISHED},
        }[action]
        return capable and self.state in states, capable

    def reviews(self, kind: str) -> bool:
        return (
            self.reviewer
            and self.state in UNDER_REVIEW
            and section_states(self.state)[kind] == SectionState.SUBMITTED
        )


@dataclasses.dataclass
class Attempt:
    client: str  # "page" or "api"
    method: str
    url: str
    data: dict | None
    expected: set[int]
    write: bool  # a refused write must change nothing
    format: str = "json"  # of an API request's body


PAGE_ALLOWED = {200, 302, 400}
LOGIN = 3020  # a redirect to the login page (told apart from other redirects by attempt())
API_ALLOWED = {200, 201, 400, 409}


def read(ctx: Ctx, *, internal: bool = False, missing_ok: bool = False) -> set[int]:
    """A reading: 200 when the role reads it, 404 otherwise; ``missing_ok`` for a file the
    section has no result for yet (404 then too)."""
    if ctx.reads and (ctx.internals or not internal):
        return {200, 404} if missing_ok else {200}
    return {404}


def write(
    ctx: Ctx, allowed: bool, capable: bool, *, api: bool, internal: bool = False
) -> tuple[set[int], bool]:
    """(expected answers, refused?) of a change."""
    if not ctx.reads or (internal and not ctx.internals):
        return {404}, True
    if allowed:
        return (API_ALLOWED if api else PAGE_ALLOWED), False
    if capable:  # the role may, but not in this state
        return ({403, 409} if api else {302, 403}), True
    if ctx.role == "anonymous" and not api:
        return {LOGIN, 403}, True  # the public is asked to log in, or refused
    if api and ctx.role == "anonymous":
        return {401, 403}, True
    return {403}, True


def page_write(ctx, url, data, allowed, capable, **kw) -> Attempt:
    expected, refused = write(ctx, allowed, capable, api=False, **kw)
    return Attempt("page", "post", url, data, expected, refused)


def api_write(ctx, method, url, data, allowed, capable, **kw) -> Attempt:
    expected, refused = write(ctx, allowed, capable, api=True, **kw)
    return Attempt("api", method, url, data, expected, refused)


def page_read(ctx, url, **kw) -> Attempt:
    return Attempt("page", "get", url, None, read(ctx, **kw), False)


def api_read(ctx, url, **kw) -> Attempt:
    return Attempt("api", "get", url, None, read(ctx, **kw), False)


# --------------------------------------------------------------------------- per URL name

PlanRule = Callable[[Ctx, "World", Plan], list[Attempt]]


def _section_edit(
    kind: str, path: str, data=None, *, get: bool = False, also: frozenset = frozenset()
) -> PlanRule:
    """A page of one section that changes it (and, with ``get``, its form); ``also``:
    other answers of an allowed request (the request's data aside from permission)."""

    def rule(ctx: Ctx, world, plan: Plan) -> list[Attempt]:
        url = f"/plans/{plan.pk}/{kind}/{path}".format(**world.items(plan))
        allowed = ctx.edits_section(kind)
        body = {"revision": plan.revision, **(data or {})}
        for key, value in list(body.items()):
            if isinstance(value, str) and "{" in value:
                body[key] = value.format(**world.items(plan))
        attempts = [page_write(ctx, url, body, allowed, ctx.editor)]
        if allowed:
            attempts[0].expected |= also
        if get:
            expected, _ = write(ctx, allowed, ctx.editor, api=False)
            expected = {200} if allowed else expected
            attempts.append(Attempt("page", "get", url, None, expected, False))
        return attempts

    return rule


def _section_read(kind: str, path: str, **kw) -> PlanRule:
    def rule(ctx: Ctx, world, plan: Plan) -> list[Attempt]:
        url = f"/plans/{plan.pk}/{kind}/{path}".format(**world.items(plan))
        return [page_read(ctx, url, **kw)]

    return rule


def _plan_read(path: str, **kw) -> PlanRule:
    return lambda ctx, world, plan: [page_read(ctx, f"/plans/{plan.pk}/{path}", **kw)]


def _edit_plan(ctx, world, plan):
    url = f"/plans/{plan.pk}/edit/"
    allowed = ctx.editor and ctx.state in EDITABLE
    expected, _ = write(ctx, allowed, ctx.editor, api=False)
    return [
        Attempt("page", "get", url, None, {200} if allowed else expected, False),
        page_write(ctx, url, {"revision": plan.revision}, allowed, ctx.editor),
    ]


def _transitions_page(ctx, world, plan):
    out = []
    for action in ("withdraw", "submit", "approve", "publish", "revise"):
        allowed, capable = ctx.transition(action)
        data = {"action": action, "revision": plan.revision, "comment": "c"}
        out.append(page_write(ctx, f"/plans/{plan.pk}/transition/", data, allowed, capable))
    return out


def _endorse_page(ctx, world, plan):
    url = f"/plans/{plan.pk}/endorse/"
    allowed = ctx.approver and ctx.state == PlanState.DRAFT
    expected, _ = write(ctx, allowed, ctx.approver, api=False)
    return [
        Attempt("page", "get", url, None, {302} if allowed else expected, False),
        page_write(ctx, url, {"revision": plan.revision}, allowed, ctx.approver),
    ]


def _rebase_page(ctx, world, plan):
    allowed = ctx.editor and ctx.state in EDITABLE
    data = {"revision": plan.revision}
    return [page_write(ctx, f"/plans/{plan.pk}/rebase/", data, allowed, ctx.editor)]


def _can_comment(ctx: Ctx) -> tuple[bool, bool]:
    capable = ctx.reviewer or ctx.editor
    return capable and ctx.state in UNDER_REVIEW, capable


def _comment_page(ctx, world, plan):
    allowed, capable = _can_comment(ctx)
    data = {"text": "ตรวจแล้ว", "revision": plan.revision}
    return [page_write(ctx, f"/plans/{plan.pk}/comment/", data, allowed, capable, internal=True)]


def _resolve_page(ctx, world, plan):
    comment = world.comments[plan.pk]
    allowed = ctx.reviewer or ctx.editor
    url = f"/plans/{plan.pk}/comments/{comment}/resolve/"
    return [page_write(ctx, url, {"resolve": "1"}, allowed, allowed, internal=True)]


def _review_page(ctx, world, plan):
    out = []
    for kind in KINDS:
        for action in ("return", "approve"):
            data = {"action": action, "revision": plan.revision, "comment": "แก้ไขตาราง"}
            url = f"/plans/{plan.pk}/{kind}/review/"
            out.append(page_write(ctx, url, data, ctx.reviews(kind), ctx.reviewer))
    return out


def _section_pages(ctx, world, plan):
    return [page_read(ctx, f"/plans/{plan.pk}/{kind}/") for kind in KINDS]


# ---- API


def _api_detail(ctx, world, plan):
    url = f"/api/plans/{plan.pk}/"
    allowed = ctx.editor and ctx.state in EDITABLE
    data = {"revision": plan.revision, "title_en": "Changed"}
    return [api_read(ctx, url), api_write(ctx, "patch", url, data, allowed, ctx.editor)]


def _api_transition(ctx, world, plan):
    out = []
    for action in ("withdraw", "submit", "approve", "publish", "revise"):
        allowed, capable = ctx.transition(action)
        data = {"action": action, "revision": plan.revision, "comment": "c"}
        url = f"/api/plans/{plan.pk}/transition/"
        out.append(api_write(ctx, "post", url, data, allowed, capable))
    return out


def _api_endorse(ctx, world, plan):
    allowed = ctx.approver and ctx.state == PlanState.DRAFT
    url = f"/api/plans/{plan.pk}/endorse/"
    return [api_write(ctx, "post", url, {"revision": plan.revision}, allowed, ctx.approver)]


def _api_section(ctx, world, plan):
    out = []
    for kind in KINDS:
        url = f"/api/plans/{plan.pk}/sections/{kind}/"
        out.append(api_read(ctx, url))
        data = {"revision": plan.revision, "inputs": {}}
        out.append(api_write(ctx, "put", url, data, ctx.edits_section(kind), ctx.editor))
    return out


def _api_result(ctx, world, plan):
    return [api_read(ctx, f"/api/plans/{plan.pk}/sections/{kind}/result/") for kind in KINDS]


def _api_review(ctx, world, plan):
    out = []
    for kind in KINDS:
        for action in ("return", "approve"):
            data = {"action": action, "revision": plan.revision, "comment": "แก้ไขตาราง"}
            url = f"/api/plans/{plan.pk}/sections/{kind}/review/"
            out.append(api_write(ctx, "post", url, data, ctx.reviews(kind), ctx.reviewer))
    return out


def _measure(code: str, revision: int) -> dict:
    return {"code": code, "name_th": "มาตรการทดสอบ", "revision": revision}


def _api_actions(ctx, world, plan):
    out = []
    for kind in ("reduction", "adaptation"):
        url = f"/api/plans/{plan.pk}/sections/{kind}/actions/"
        out.append(api_read(ctx, url))
        data = _measure("NEW-1", plan.revision)
        out.append(api_write(ctx, "post", url, data, ctx.edits_section(kind), ctx.editor))
    return out


def _api_action(ctx, world, plan):
    out = []
    for kind in ("reduction", "adaptation"):
        code = world.items(plan)[f"{kind}_code"]
        url = f"/api/plans/{plan.pk}/sections/{kind}/actions/{code}/"
        allowed = ctx.edits_section(kind)
        out.append(api_read(ctx, url))
        out.append(api_write(ctx, "put", url, _measure(code, plan.revision), allowed, ctx.editor))
        out.append(
            api_write(ctx, "delete", f"{url}?revision={plan.revision}", None, allowed, ctx.editor)
        )
    return out


def _api_upload(ctx, world, plan):
    out = []
    for kind in ("reduction", "risk"):
        url = f"/api/plans/{plan.pk}/sections/{kind}/upload/"
        data = {"revision": plan.revision}
        item = api_write(ctx, "post", url, data, ctx.edits_section(kind), ctx.editor)
        item.format = "multipart"
        out.append(item)
    return out


def _api_comments(ctx, world, plan):
    url = f"/api/plans/{plan.pk}/comments/"
    allowed, capable = _can_comment(ctx)
    return [
        api_read(ctx, url, internal=True),
        api_write(ctx, "post", url, {"text": "ตรวจแล้ว"}, allowed, capable, internal=True),
    ]


def _api_history(ctx, world, plan):
    return [api_read(ctx, f"/api/plans/{plan.pk}/history/", internal=True)]


def _document_request(ctx, world, plan):
    """Asking for a plan document: the province's own people and national users (signed
    in, seeing the plan's internals); an incomplete request comes back with a message, so
    nothing is queued here."""
    url = f"/plans/{plan.pk}/documents/request/"
    allowed = ctx.internals
    return [page_write(ctx, url, {"format": "pdf"}, allowed, allowed, internal=True)]


def _document_pages(ctx, world, plan):
    """A finished document of the plan's state: its row for everyone who reads the plan
    (the public: published plans only); its download has no stored file here (404)."""
    base = f"/plans/{plan.pk}/documents/{world.items(plan)['document']}"
    return [page_read(ctx, f"{base}/status/"), page_read(ctx, f"{base}/download/", missing_ok=True)]


def _review_start(ctx, world, plan):
    """Starting a review: the province's editors, of an approved or published plan (a date
    before the plan's period comes back with a problem, so nothing is made here)."""
    allowed = ctx.editor and ctx.state in (PlanState.APPROVED, PlanState.PUBLISHED)
    data = {"kind": "end", "as_of": "1/1/2500"}
    return [page_write(ctx, f"/plans/{plan.pk}/reviews/new/", data, allowed, ctx.editor)]


def _review_base(world, plan) -> str:
    return f"/plans/{plan.pk}/reviews/{world.reviews[plan.pk]}/"


def _review_read(ctx, world, plan):
    """A draft review: the province's own people and national users only."""
    return [page_read(ctx, _review_base(world, plan), internal=True)]


def _review_edit(path: str, data: dict) -> PlanRule:
    """Writing a draft review (narrative, lessons): the province's editors."""

    def rule(ctx, world, plan):
        url = _review_base(world, plan) + path.format(lesson=world.lessons[plan.pk])
        body = {"revision": 1, **data}
        return [page_write(ctx, url, body, ctx.editor, ctx.editor, internal=True)]

    return rule


def _review_endorse(ctx, world, plan):
    """The province's approver endorses a draft review (an empty form: 400, nothing saved)."""
    url = _review_base(world, plan) + "endorse/"
    return [page_write(ctx, url, {"revision": 1}, ctx.approver, ctx.approver, internal=True)]


def _review_transition(ctx, world, plan):
    """Nothing moves a draft review but the endorsement: the roles that may move it in
    another state are refused with a message, the others with 403."""
    capable = {
        "withdraw": ctx.approver,
        "submit": ctx.editor or ctx.approver,
        "return": ctx.reviewer,
        "approve": ctx.reviewer,
        "publish": ctx.reviewer,
    }
    url = _review_base(world, plan) + "transition/"
    return [
        page_write(
            ctx, url, {"action": a, "revision": 1, "comment": "c"}, False, able, internal=True
        )
        for a, able in capable.items()
    ]


def _successor_prepare(ctx, world, plan):
    """Preparing the successor: a page of the province's editors (an internal of the plan);
    a plan is succeeded once approved or published and its period has ended (the world's
    plans have only draft reviews). The form posted lacks the base inventory: an allowed
    post comes back with the problem, nothing is made."""
    url = f"/plans/{plan.pk}/successor/"
    finished = ctx.state in (PlanState.APPROVED, PlanState.PUBLISHED) and (
        plan.end_year < dt.date.today().year
    )
    refused, _ = write(ctx, False, False, api=False, internal=True)
    data = {"start_year": 2090, "end_year": 2094, "title_th": "แผน"}
    return [
        Attempt("page", "get", url, None, {200} if ctx.editor else refused, False),
        page_write(ctx, url, data, ctx.editor and finished, ctx.editor, internal=True),
    ]


def _successor_carried(ctx, world, plan):
    """A carried-over action's history: the world's actions carry nothing over (404)."""
    return [
        Attempt(
            "page", "get", f"/plans/{plan.pk}/successor/carried/reduction/M-1/", None, {404}, False
        )
    ]


def _successor_lessons(ctx, world, plan):
    """The predecessor's lessons linked to the plan's actions: read by the plan's internals;
    linked by the province's editors while the plan is editable (a lesson of the plan's own
    review, not of a predecessor's, comes back as a problem)."""
    url = f"/plans/{plan.pk}/successor/lessons/"
    data = {"revision": plan.revision, "lesson": world.lessons[plan.pk]}
    allowed = ctx.editor and ctx.state in EDITABLE
    return [
        page_read(ctx, url, internal=True),
        page_write(ctx, url, data, allowed, ctx.editor, internal=True),
    ]


def _consultation_items(world, plan) -> tuple[int, int]:
    """A closed consultation of the plan (it opens the draft to no one) with one pending
    comment from the public; made once per plan of the world."""
    from django.utils import timezone

    from climateplan.plans.web.models import Consultation, PublicComment

    made = world.__dict__.setdefault("consultations", {})
    if plan.pk not in made:
        now = timezone.now()
        consultation = Consultation.objects.create(
            plan=plan,
            opens=now - dt.timedelta(days=40),
            closes=now - dt.timedelta(days=10),
            state=Consultation.State.CLOSED,
        )
        comment = PublicComment.objects.create(
            consultation=consultation, text="ควรเพิ่มจุดรับฟังในอำเภอรอบนอก"
        )
        made[plan.pk] = (consultation.pk, comment.pk)
    return made[plan.pk]


def _consultation_comment(ctx, world, plan):
    """A comment on a plan without an open consultation: whoever reads the plan is sent
    back with a message (nothing stored); the others find no plan."""
    _consultation_items(world, plan)
    url = f"/plans/{plan.pk}/consultation/comment/"
    data = {"text": "ความคิดเห็นต่อร่างแผนฉบับนี้", "token": ""}
    return [Attempt("page", "post", url, data, {302} if ctx.reads else {404}, True)]


def _consultation_open(ctx, world, plan):
    """Opening one: the province's editors, on a draft or endorsed plan (an empty form comes
    back with its problems); managing a consultation is an internal of the plan."""
    allowed = ctx.editor and ctx.state in (PlanState.DRAFT, PlanState.ENDORSED)
    url = f"/plans/{plan.pk}/consultation/open/"
    return [page_write(ctx, url, {}, allowed, ctx.editor, internal=True)]


def _consultation_manage(path: str, data: dict, *, now: bool) -> PlanRule:
    """Closing, extending (``now``: never allowed on the world's closed consultation) and
    the summary (allowed to the province's editors; an empty one comes back)."""

    def rule(ctx, world, plan):
        consultation, _ = _consultation_items(world, plan)
        url = f"/plans/{plan.pk}/consultation/{consultation}/{path}"
        allowed = ctx.editor and not now
        return [page_write(ctx, url, data, allowed, ctx.editor, internal=True)]

    return rule


def _consultation_moderation(ctx, world, plan):
    """The moderation queue: the province's editors (404 to those without the internals)."""
    _consultation_items(world, plan)
    refused, _ = write(ctx, False, False, api=False, internal=True)
    url = f"/plans/{plan.pk}/consultation/moderation/"
    return [Attempt("page", "get", url, None, {200} if ctx.editor else refused, False)]


def _consultation_comment_write(path: str, data: dict) -> PlanRule:
    """Publishing or answering a comment: the province's editors, in any state."""

    def rule(ctx, world, plan):
        _, comment = _consultation_items(world, plan)
        url = f"/plans/{plan.pk}/consultation/comments/{comment}/{path}"
        return [page_write(ctx, url, data, ctx.editor, ctx.editor, internal=True)]

    return rule


PLAN_RULES: dict[str, PlanRule] = {
    "plans:detail": _plan_read(""),
    "plans:edit": _edit_plan,
    "plans:transition": _transitions_page,
    "plans:endorse": _endorse_page,
    "plans:rebase": _rebase_page,
    "plans:comment": _comment_page,
    "plans:resolve": _resolve_page,
    "plans:history": _plan_read("history/", internal=True),
    "plans:review_section": _review_page,
    "plans:section": _section_pages,
    # the reduction section
    "plans:reduction_drivers": _section_edit("reduction", "drivers/"),
    "plans:reduction_defaults": _section_edit("reduction", "drivers/defaults/"),
    "plans:reduction_upload": _section_edit("reduction", "upload/"),
    "plans:reduction_template": _section_read("reduction", "template.xlsx"),
    "plans:reduction_measure_add": _section_edit("reduction", "measures/new/", get=True),
    "plans:reduction_library_add": _section_edit("reduction", "measures/library/"),
    "plans:reduction_measure_edit": _section_edit(
        "reduction", "measure/{reduction_code}/edit/", get=True
    ),
    "plans:reduction_measure_delete": _section_edit(
        "reduction", "measure/{reduction_code}/delete/"
    ),
    "plans:reduction_target_add": _section_edit("reduction", "targets/"),
    "plans:reduction_targets_national": _section_edit("reduction", "targets/national/"),
    "plans:reduction_target_delete": _section_edit("reduction", "targets/0/delete/"),
    "plans:reduction_recompute": _section_edit("reduction", "recompute/"),
    "plans:reduction_settings": _section_edit("reduction", "settings/"),
    "plans:reduction_download": _section_read("reduction", "download/xlsx/", missing_ok=True),
    # the risk section
    "plans:risk_framework": _section_edit("risk", "framework/"),
    "plans:risk_indicator_upload": _section_edit("risk", "indicators/upload/"),
    "plans:risk_indicator_table": _section_edit("risk", "indicators/table/"),
    "plans:risk_template": _section_read("risk", "indicators/template.xlsx"),
    "plans:risk_example": _section_edit("risk", "example/"),
    "plans:risk_gridded_upload": _section_edit("risk", "gridded/upload/"),
    "plans:risk_netcdf_upload": _section_edit("risk", "netcdf/upload/"),
    "plans:risk_job_status": _section_read("risk", "jobs/{job}/status/", internal=True),
    "plans:risk_job_cancel": _section_edit("risk", "jobs/cancel/", {"job": "{job}"}),
    # a finished job without index rows has nothing to apply (404 to the editor too)
    "plans:risk_job_apply": _section_edit(
        "risk", "jobs/apply/", {"job": "{job}"}, also=frozenset({404})
    ),
    "plans:risk_download": _section_read("risk", "download/register.csv", missing_ok=True),
    # the adaptation section
    "plans:adaptation_settings": _section_edit("adaptation", "settings/"),
    "plans:adaptation_reasons": _section_edit("adaptation", "reasons/"),
    "plans:adaptation_action_add": _section_edit("adaptation", "actions/new/", get=True),
    "plans:adaptation_action_edit": _section_edit(
        "adaptation", "actions/{adaptation_code}/", get=True
    ),
    "plans:adaptation_action_delete": _section_edit(
        "adaptation", "actions/{adaptation_code}/delete/"
    ),
    "plans:adaptation_download": _section_read(
        "adaptation", "downloads/actions.csv", missing_ok=True
    ),
    # the plan's documents
    "plans:documents": _plan_read("documents/"),
    "plans:document_export": _plan_read("documents/export.json"),
    "plans:document_request": _document_request,
    "plans:document_status": _document_pages,
    "plans:document_download": _document_pages,
    # the plan's reviews
    "plans:reviews": _plan_read("reviews/"),
    "plans:review_start": _review_start,
    "plans:review": _review_read,
    "plans:review_narrative": _review_edit("narrative/", {"summary_th": "สรุป"}),
    "plans:review_lesson_add": _review_edit("lessons/", {"scope": "plan", "barriers": "งบ"}),
    "plans:review_lesson_delete": _review_edit("lessons/{lesson}/delete/", {}),
    "plans:review_endorse": _review_endorse,
    "plans:review_transition": _review_transition,
    # the successor plan
    "plans:successor": _successor_prepare,
    "plans:successor_carried": _successor_carried,
    "plans:successor_lessons": _successor_lessons,
    # the public consultation
    "plans:consultation": _plan_read("consultation/"),
    "plans:consultation_comment": _consultation_comment,
    "plans:consultation_open": _consultation_open,
    "plans:consultation_close": _consultation_manage("close/", {}, now=True),
    "plans:consultation_extend": _consultation_manage("extend/", {"closes": ""}, now=True),
    "plans:consultation_summary": _consultation_manage("summary/", {"summary_th": ""}, now=False),
    "plans:consultation_moderation": _consultation_moderation,
    "plans:consultation_moderate": _consultation_comment_write("moderate/", {"action": "publish"}),
    "plans:consultation_answer": _consultation_comment_write("answer/", {"answer": "ขอบคุณ"}),
    # the API
    "plan-detail": _api_detail,
    "plan-transition": _api_transition,
    "plan-endorse": _api_endorse,
    "plan-section": _api_section,
    "plan-section-result": _api_result,
    "plan-section-review": _api_review,
    "plan-section-actions": _api_actions,
    "plan-section-action": _api_action,
    "plan-section-upload": _api_upload,
    "plan-comments": _api_comments,
    "plan-history": _api_history,
}

# URLs that do not name a plan: (role) -> attempts
SiteRule = Callable[[str], list[Attempt]]


def _province_pages(role: str) -> list[Attempt]:
    out = [Attempt("page", "get", f"/provinces/{p}/plans/", None, {200}, False) for p in PROVINCES]
    out.append(Attempt("page", "get", "/provinces/TH-99/plans/", None, {404}, False))
    return out


def _create_pages(role: str) -> list[Attempt]:
    kind, own = ROLE_OF[role]
    refused = {LOGIN, 403} if role == "anonymous" else {403}
    out = []
    for province in PROVINCES:
        allowed = kind == "editor" and own == province
        url = f"/provinces/{province}/plans/new/"
        out.append(Attempt("page", "get", url, None, {200} if allowed else refused, False))
        # an incomplete form: the editor gets it back with problems, nothing is created
        data = {"title_th": ""}
        out.append(Attempt("page", "post", url, data, {400} if allowed else refused, True))
    return out


def _help_pages(role: str) -> list[Attempt]:
    return [Attempt("page", "get", "/help/", None, {200}, False)]


def _help_page(role: str) -> list[Attempt]:
    slug = plan_help.available()[0].slug
    return [
        Attempt("page", "get", f"/help/{slug}/", None, {200}, False),
        Attempt("page", "get", "/help/no-such-guide/", None, {404}, False),
    ]


def _national_review(role: str) -> list[Attempt]:
    kind, _ = ROLE_OF[role]
    national = kind in ("admin", "reviewer")
    # the public is asked to log in; other users find no such page
    expected = {LOGIN} if role == "anonymous" else {200} if national else {404}
    return [Attempt("page", "get", "/national/review/", None, expected, False)]


def _api_list(role: str) -> list[Attempt]:
    kind, own = ROLE_OF[role]
    out = [Attempt("api", "get", "/api/plans/", None, {200}, False)]
    for province in PROVINCES:
        allowed = kind == "editor" and own == province
        data = {"province": province, "title_th": "", "start_year": 2040}
        refused = {401, 403} if role == "anonymous" else {403}
        out.append(Attempt("api", "post", "/api/plans/", data, {400} if allowed else refused, True))
    return out


SITE_RULES: dict[str, SiteRule] = {
    "plans:province": _province_pages,
    "plans:create": _create_pages,
    "plans:help_index": _help_pages,
    "plans:help": _help_page,
    "national:plans": lambda role: [Attempt("page", "get", "/national/plans/", None, {200}, False)],
    "national:review": _national_review,
    "national:rollup": lambda role: [
        Attempt("page", "get", "/national/rollup/", None, {200}, False)
    ],
    # the roll-up's CSV is public: 404 only while no published plan has a reduction result
    "national:rollup_csv": lambda role: [
        Attempt("page", "get", "/national/rollup/national-rollup-ndc.csv", None, {200, 404}, False)
    ],
    "plan-list": _api_list,
}
RULES = set(PLAN_RULES) | set(SITE_RULES)


# --------------------------------------------------------------------------- the world


class World:
    """Twelve plans: both provinces x every state, each with a comment, a measure, an
    adaptation action, a finished climate job and a finished plan document."""

    def __init__(self, users):
        self.plans: dict[tuple[str, str], Plan] = {}
        self.comments: dict[int, int] = {}
        self.jobs: dict[int, int] = {}
        self.documents: dict[int, int] = {}
        self.reviews: dict[int, int] = {}
        self.lessons: dict[int, int] = {}
        for province in PROVINCES:
            editor = users["editor" if province == "TH-50" else "other_editor"]
            for s_index, state in enumerate(STATES):
                plan = services.create_plan(
                    plan_access_for(editor),
                    editor,
                    province=province,
                    title_th=f"แผน {province} {state}",
                    start_year=2023 + s_index,
                    end_year=2027 + s_index,
                    base_year=2022,
                )
                states = section_states(state)
                for kind, section_state in states.items():
                    Section.objects.filter(plan=plan, kind=kind).update(state=section_state)
                Plan.objects.filter(pk=plan.pk).update(state=state)
                sections = {s.kind: s for s in plan.sections.all()}
                Action.objects.create(section=sections["reduction"], code="M-1", name_th="ม")
                Action.objects.create(section=sections["adaptation"], code="A-1", name_th="ก")
                self.comments[plan.pk] = PlanComment.objects.create(
                    plan=plan, author=users["reviewer"], text="ตรวจตาราง", section_kind="risk"
                ).pk
                self.jobs[plan.pk] = ClimateJob.objects.create(
                    section=sections["risk"], status=ClimateJob.Status.DONE
                ).pk
                self.documents[plan.pk] = PlanDocument.objects.create(
                    plan=plan, revision=1, plan_state=state, status=PlanDocument.Status.DONE
                ).pk
                review = PlanReview.objects.create(
                    plan=plan, kind="end", as_of=dt.date(2024, 9, 30), title_th="การทบทวน"
                )
                self.reviews[plan.pk] = review.pk
                self.lessons[plan.pk] = Lesson.objects.create(
                    review=review, scope="plan", what_worked="ประชุมสม่ำเสมอ"
                ).pk
                self.plans[(province, state)] = Plan.objects.get(pk=plan.pk)

    def items(self, plan: Plan) -> dict:
        return {
            "reduction_code": "M-1",
            "adaptation_code": "A-1",
            "job": self.jobs[plan.pk],
            "document": self.documents[plan.pk],
        }


@pytest.fixture
def world(users) -> World:
    return World(users)


def clients_for(role: str, users) -> dict:
    page, api = Client(), APIClient()
    if role != "anonymous":
        page.force_login(users[role])
        token, _ = Token.objects.get_or_create(user=users[role])
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return {"page": page, "api": api}


def snapshot(plan: Plan) -> tuple:
    row = Plan.objects.get(pk=plan.pk)
    return (
        row.revision,
        row.state,
        row.endorsed_at,
        tuple(Section.objects.filter(plan=plan).order_by("kind").values_list("state", "inputs")),
        tuple(
            Action.objects.filter(section__plan=plan)
            .order_by("pk")
            .values_list("code", "name_th", "name_en")
        ),
        tuple(PlanComment.objects.filter(plan=plan).values_list("pk", "text", "resolved_at")),
        PlanChange.objects.filter(plan=plan).count(),
        Plan.objects.filter(province=plan.province).count(),
        ClimateJob.objects.filter(section__plan=plan).exclude(status="done").count(),
    )


def attempt(clients, item: Attempt, plan: Plan | None):
    """One request, rolled back afterwards so that every attempt meets the same world;
    returns (status, changed?)."""
    client = clients[item.client]
    kwargs = {"format": item.format} if item.client == "api" and item.method != "get" else {}
    with transaction.atomic():
        before = snapshot(plan) if plan is not None else Plan.objects.count()
        call = getattr(client, item.method)
        answer = call(item.url, item.data, **kwargs) if item.data is not None else call(item.url)
        after = snapshot(plan) if plan is not None else Plan.objects.count()
        transaction.set_rollback(True)
    status = answer.status_code
    if status == 302 and answer.headers.get("Location", "").startswith(
        resolve_url(settings.LOGIN_URL)
    ):
        status = LOGIN
    return status, before != after


# --------------------------------------------------------------------------- the tests


def _names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    names = set(walk(get_resolver().url_patterns))
    return {
        n
        for n in names
        if n.startswith(("plans:", "national:")) or (n.startswith("plan-") and ":" not in n)
    }


def test_every_url_has_a_rule():
    unknown = sorted(_names() - RULES)
    assert not unknown, (
        f"URL names without an entry in the permission matrix: {unknown}; add their rules to "
        "PLAN_RULES or SITE_RULES in tests/plans/web/test_permissions_plans.py"
    )
    gone = sorted(RULES - _names())
    assert not gone, f"rules for URL names that no longer exist: {gone}"


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(role, users, world):
    kind, province = ROLE_OF[role]
    clients = clients_for(role, users)
    failures = []
    for name, rule in SITE_RULES.items():
        for item in rule(role):
            status, changed = attempt(clients, item, None)
            if status not in item.expected:
                failures.append((name, item.method, item.url, status, sorted(item.expected)))
            if item.write and changed:
                failures.append((name, item.method, item.url, "changed the plans", status))
    for (plan_province, state), plan in world.plans.items():
        ctx = Ctx(role, kind, province, plan_province, state)
        for name, rule in PLAN_RULES.items():
            for item in rule(ctx, world, plan):
                status, changed = attempt(clients, item, plan)
                where = (name, state, plan_province, item.method, item.url)
                if status not in item.expected:
                    failures.append((*where, status, sorted(item.expected), item.data))
                if item.write and changed:
                    failures.append((*where, "a refused change changed the plan", status))
    assert not failures, "\n".join(str(f) for f in failures)
