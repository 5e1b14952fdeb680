"""The plan's working group page: its member agencies with their contact persons and
roles, the actions each agency owns or co-operates in and its agency reporters.

Everyone who reads the plan's monitoring reads the page; the province's editor (the
secretariat) changes it. Each form sends the revision the page was made on; a change
made by someone else in between is refused (nothing saved) and named.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from climateplan.errors import InputError, Problem
from climateplan.monitoring.web import services_group as group
from climateplan.monitoring.web.access import MonitoringAccess, action_agencies, monitored_actions
from climateplan.monitoring.web.context import monitored_plan, monitoring_context
from climateplan.monitoring.web.models import WorkingGroupMember
from climateplan.plans.web.models import Plan
from climateplan.site.bilingual import is_thai, tr
from climateplan.site.models import Profile, Role
from climateplan.site.workflow import WorkflowError

TEMPLATE = "monitoring/group.html"
FIELD_LABELS = {
    "agency": ("Agency", "หน่วยงาน"),
    "role": ("Role", "บทบาท"),
    "contact_name": ("Contact person", "ผู้ประสานงาน"),
    "contact_title": ("Position", "ตำแหน่ง"),
    "contact_email": ("E-mail", "อีเมล"),
    "contact_phone": ("Telephone", "โทรศัพท์"),
}


def _lang() -> str:
    return "th" if is_thai() else "en"


def problem_rows(problems: list[Problem], lang: str) -> list[dict]:
    rows = []
    for p in problems:
        label = FIELD_LABELS.get(str(p.column or ""))
        rows.append(
            {
                "field": p.column or "",
                "label": (label[1] if lang == "th" else label[0]) if label else "",
                "message": p.message_th if lang == "th" else p.message_en,
            }
        )
    return rows


def _page(plan: Plan) -> str:
    return reverse("monitoring:group", args=[plan.pk])


def members_with_work(plan: Plan, access: MonitoringAccess, lang: str) -> list[dict]:
    """The members in order, each with the actions its agency owns or co-operates in
    and the agency reporters of the plan's province it has."""
    index = access._agency_index()
    owned: dict[str, list] = {}
    shared: dict[str, list] = {}
    for action in (
        monitored_actions(plan)
        .select_related("section")
        .order_by("section__kind", "position", "pk")
    ):
        owner, co = action_agencies(action, index)
        if owner:
            owned.setdefault(owner, []).append(action)
        for code in co:
            shared.setdefault(code, []).append(action)
    reporters: dict[str, list[str]] = {}
    for username, code in Profile.objects.filter(
        role=Role.AGENCY_REPORTER, province=plan.province, user__is_active=True
    ).values_list("user__username", "agency"):
        reporters.setdefault(code, []).append(username)
    rows = []
    members = WorkingGroupMember.objects.filter(plan=plan).select_related("agency")
    for m in members.order_by("position", "pk"):
        code = m.agency.code
        rows.append(
            {
                "member": m,
                "name": m.agency.name(lang),
                "owned": owned.get(code, []),
                "shared": shared.get(code, []),
                "reporters": sorted(reporters.get(code, [])),
            }
        )
    return rows


def group_context(request, plan, access, **extra) -> dict:
    lang = _lang()
    context = monitoring_context(request, plan, access, "group")
    members = members_with_work(plan, access, lang)
    edit_problems = extra.pop("edit_problems", {})
    edit_values = extra.pop("edit_values", {})
    for row in members:
        m = row["member"]
        row["problems"] = edit_problems.get(m.pk, [])
        row["values"] = edit_values.get(m.pk) or {
            name: getattr(m, name)
            for name in ("role", "contact_name", "contact_title", "contact_email", "contact_phone")
        }
    in_group = {row["member"].agency.code for row in members}
    can_manage = context["can_manage"]
    missing: list = []
    choices: list = []
    if can_manage:
        action_codes = group.action_agency_codes(plan)
        agencies = {a.code: a for a in group.province_agencies(plan)}
        missing = [agencies[c] for c in action_codes if c not in in_group and c in agencies]
        choices = sorted(
            (
                (a.code, a.name(lang), a.get_level_display())
                for a in agencies.values()
                if a.code not in in_group
            ),
            key=lambda c: c[1],
        )
    context.update(
        {
            "members": members,
            "role_choices": WorkingGroupMember.Role.choices,
            "agency_choices": choices,
            "missing_agencies": [{"code": a.code, "name": a.name(lang)} for a in missing],
            "is_bangkok": plan.province == group.BANGKOK,
            "has_chair": any(r["member"].role == "chair" for r in members),
            "has_secretary": any(r["member"].role == "secretary" for r in members),
            "form_values": {"role": WorkingGroupMember.Role.MEMBER},
            "form_problems": [],
            **extra,
        }
    )
    return context


@require_GET
def group_page(request, pk: int):
    plan, access = monitored_plan(request, pk)
    return render(request, TEMPLATE, group_context(request, plan, access))


def _managed(request, pk: int):
    plan, access = monitored_plan(request, pk)
    if not access.can_manage(plan):
        raise PermissionDenied(
            tr(
                "only the province's editors manage the working group",
                "ผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่จัดการคณะทำงานได้",
            )
        )
    return plan, access


def _refused(request, plan, error: WorkflowError):
    messages.error(request, tr(error.message_en, error.message_th))
    return redirect(_page(plan))


@require_POST
def add(request, pk: int):
    plan, access = _managed(request, pk)
    data = group.MemberInput.from_post(request.POST)
    try:
        member = group.add_member(access, plan, data, revision=request.POST.get("revision"))
    except InputError as error:
        context = group_context(
            request,
            plan,
            access,
            form_values=data.__dict__,
            form_problems=problem_rows(error.problems, _lang()),
        )
        return render(request, TEMPLATE, context, status=400)
    except WorkflowError as error:
        return _refused(request, plan, error)
    messages.success(
        request,
        tr(
            f"{member.agency.name_en or member.agency.name_th} added to the working group",
            f"เพิ่ม{member.agency.name_th}ในคณะทำงานแล้ว",
        ),
    )
    return redirect(_page(plan))


@require_POST
def edit(request, pk: int, member: int):
    plan, access = _managed(request, pk)
    data = group.MemberInput.from_post(request.POST)
    try:
        group.edit_member(access, plan, member, data, revision=request.POST.get("revision"))
    except InputError as error:
        context = group_context(
            request,
            plan,
            access,
            edit_problems={int(member): problem_rows(error.problems, _lang())},
            edit_values={int(member): data.__dict__},
        )
        return render(request, TEMPLATE, context, status=400)
    except WorkflowError as error:
        return _refused(request, plan, error)
    messages.success(request, tr("Member saved", "บันทึกข้อมูลคณะทำงานแล้ว"))
    return redirect(f"{_page(plan)}#member-{member}")


@require_POST
def remove(request, pk: int, member: int):
    plan, access = _managed(request, pk)
    try:
        group.remove_member(access, plan, member, revision=request.POST.get("revision"))
    except WorkflowError as error:
        return _refused(request, plan, error)
    messages.success(request, tr("Member removed", "นำหน่วยงานออกจากคณะทำงานแล้ว"))
    return redirect(_page(plan))


@require_POST
def move(request, pk: int, member: int):
    plan, access = _managed(request, pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        group.move_member(access, plan, member, step, revision=request.POST.get("revision"))
    except WorkflowError as error:
        return _refused(request, plan, error)
    return redirect(f"{_page(plan)}#member-{member}")


@require_POST
def add_action_agencies(request, pk: int):
    plan, access = _managed(request, pk)
    try:
        added = group.add_action_agencies(access, plan, revision=request.POST.get("revision"))
    except WorkflowError as error:
        return _refused(request, plan, error)
    messages.success(
        request,
        tr(
            f"{added} agencies of the plan's actions added",
            f"เพิ่มหน่วยงานที่รับผิดชอบและร่วมดำเนินมาตรการของแผน {added} หน่วยงาน",
        ),
    )
    return redirect(_page(plan))


@require_POST
def add_bangkok_group(request, pk: int):
    plan, access = _managed(request, pk)
    try:
        added = group.add_bangkok_group(access, plan, revision=request.POST.get("revision"))
    except WorkflowError as error:
        return _refused(request, plan, error)
    messages.success(
        request,
        tr(
            f"{added} BMA departments of the Bangkok Master Plan working group added",
            f"เพิ่มสำนักของคณะทำงานตามแผนแม่บทกรุงเทพมหานคร {added} สำนัก",
        ),
    )
    return redirect(_page(plan))
