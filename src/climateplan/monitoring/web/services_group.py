"""The plan's working group: member agencies with their contact persons and roles.

Every change goes through :func:`services.monitoring_write` (the plan's monitoring row
lock, revision and permission at commit time). Input is checked first, every problem
named at once (:class:`InputError`); the rules that depend on the other members (one
chair, one secretary, an agency once) are checked again on the locked rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Max, Q

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.monitoring.web.access import (
    MonitoringAccess,
    action_agencies,
    agency_index,
    monitored_actions,
)
from climateplan.monitoring.web.models import Agency, WorkingGroupMember
from climateplan.monitoring.web.services import monitoring_write
from climateplan.plans.web.models import Plan
from climateplan.site.workflow import WorkflowError

Role = WorkingGroupMember.Role
SINGLE_ROLES = {
    Role.CHAIR: ("a chair", "ประธาน"),
    Role.SECRETARY: ("a secretary", "เลขานุการ"),
}
PHONE_CHARACTERS = set("0123456789+-() ,#ext.")
# Plans of Bangkok offer the Bangkok Master Plan working group (reference.agencies).
BANGKOK = "TH-10"


@dataclass
class MemberInput:
    agency: str = ""  # agency code
    role: str = Role.MEMBER
    contact_name: str = ""
    contact_title: str = ""
    contact_email: str = ""
    contact_phone: str = ""

    @classmethod
    def from_post(cls, post) -> MemberInput:
        return cls(
            agency=str(post.get("agency", "")).strip(),
            role=str(post.get("role", Role.MEMBER)).strip(),
            contact_name=" ".join(str(post.get("contact_name", "")).split()),
            contact_title=" ".join(str(post.get("contact_title", "")).split()),
            contact_email=str(post.get("contact_email", "")).strip(),
            contact_phone=" ".join(str(post.get("contact_phone", "")).split()),
        )


def province_agencies(plan: Plan):
    """The agencies a plan's working group may seat: active, of every province or of the plan's."""
    return Agency.objects.filter(active=True).filter(Q(province="") | Q(province=plan.province))


def check_member(plan: Plan, data: MemberInput, *, new: bool) -> Agency | None:
    """The member's agency when everything is right; InputError naming each problem otherwise."""
    problems = ProblemCollector()
    agency = None
    if new:
        if not data.agency:
            problems.add("choose the agency", "กรุณาเลือกหน่วยงาน", column="agency")
        else:
            agency = province_agencies(plan).filter(code=data.agency).first()
            if agency is None:
                problems.add(
                    "unknown agency for this province: choose one from the list",
                    "ไม่พบหน่วยงานนี้สำหรับจังหวัดของแผน กรุณาเลือกจากรายชื่อ",
                    column="agency",
                    value=data.agency,
                )
    if data.role not in Role.values:
        problems.add(
            "the role must be chair, secretary or member",
            "บทบาทต้องเป็นประธาน เลขานุการ หรือคณะทำงาน",
            column="role",
            value=data.role,
        )
    for name, limit in (("contact_name", 200), ("contact_title", 200)):
        if len(getattr(data, name)) > limit:
            problems.add(
                f"at most {limit} characters",
                f"ไม่เกิน {limit} ตัวอักษร",
                column=name,
            )
    if data.contact_email:
        try:
            validate_email(data.contact_email)
        except ValidationError:
            problems.add(
                "not an e-mail address (name@example.go.th)",
                "ไม่ใช่ที่อยู่อีเมล (เช่น name@example.go.th)",
                column="contact_email",
                value=data.contact_email,
            )
    if data.contact_phone and (
        len(data.contact_phone) > 40 or not set(data.contact_phone) <= PHONE_CHARACTERS
    ):
        problems.add(
            "a telephone number has digits, spaces, +, - and brackets only (at most 40)",
            "หมายเลขโทรศัพท์ประกอบด้วยตัวเลข ช่องว่าง + - และวงเล็บ (ไม่เกิน 40 ตัวอักษร)",
            column="contact_phone",
            value=data.contact_phone,
        )
    problems.raise_if_any()
    return agency


def _single_roles(plan: Plan, role: str, member_pk: int | None) -> None:
    """One chair and one secretary at most (checked on the locked plan's members)."""
    if role not in SINGLE_ROLES:
        return
    holder = (
        WorkingGroupMember.objects.filter(plan=plan, role=role)
        .exclude(pk=member_pk)
        .select_related("agency")
        .first()
    )
    if holder is not None:
        en, th = SINGLE_ROLES[role]
        raise InputError(
            [
                _problem(
                    f"the working group has {en} already ({holder.agency.name_th}): "
                    "make that member a plain member first",
                    f"คณะทำงานมี{th}แล้ว ({holder.agency.name_th}) "
                    "กรุณาเปลี่ยนบทบาทของหน่วยงานนั้นเป็นคณะทำงานก่อน",
                    "role",
                    role,
                )
            ]
        )


def _problem(en, th, column, value=None) -> Problem:
    return Problem(message_en=en, message_th=th, column=column, value=value)


def _next_position(plan: Plan) -> int:
    top = WorkingGroupMember.objects.filter(plan=plan).aggregate(m=Max("position"))["m"]
    return 0 if top is None else top + 1


def add_member(access: MonitoringAccess, plan: Plan, data: MemberInput, *, revision):
    agency = check_member(plan, data, new=True)
    with monitoring_write(access, plan, expected_revision=revision):
        if WorkingGroupMember.objects.filter(plan=plan, agency=agency).exists():
            raise InputError(
                [
                    _problem(
                        "this agency is a member already",
                        "หน่วยงานนี้เป็นคณะทำงานอยู่แล้ว",
                        "agency",
                        data.agency,
                    )
                ]
            )
        _single_roles(plan, data.role, None)
        return WorkingGroupMember.objects.create(
            plan=plan,
            agency=agency,
            role=data.role,
            position=_next_position(plan),
            contact_name=data.contact_name,
            contact_title=data.contact_title,
            contact_email=data.contact_email,
            contact_phone=data.contact_phone,
        )


def _member(plan: Plan, pk) -> WorkingGroupMember:
    member = WorkingGroupMember.objects.filter(plan=plan, pk=pk).first()
    if member is None:
        raise WorkflowError(
            "that member is no longer in the working group (reload the page)",
            "ไม่พบหน่วยงานนี้ในคณะทำงานแล้ว (กรุณาโหลดหน้าใหม่)",
        )
    return member


def edit_member(access: MonitoringAccess, plan: Plan, pk, data: MemberInput, *, revision):
    check_member(plan, data, new=False)
    with monitoring_write(access, plan, expected_revision=revision):
        member = _member(plan, pk)
        _single_roles(plan, data.role, member.pk)
        for name in ("role", "contact_name", "contact_title", "contact_email", "contact_phone"):
            setattr(member, name, getattr(data, name))
        member.save()
        return member


def remove_member(access: MonitoringAccess, plan: Plan, pk, *, revision) -> None:
    with monitoring_write(access, plan, expected_revision=revision):
        member = _member(plan, pk)
        member.delete()


def move_member(access: MonitoringAccess, plan: Plan, pk, step: int, *, revision) -> None:
    """Move a member one place up (``step`` -1) or down (+1) in the list."""
    with monitoring_write(access, plan, expected_revision=revision):
        members = list(WorkingGroupMember.objects.filter(plan=plan).order_by("position", "pk"))
        index = next((i for i, m in enumerate(members) if m.pk == int(pk)), None)
        if index is None:
            _member(plan, pk)  # raises
            return
        other = index + (1 if step > 0 else -1)
        if not 0 <= other < len(members):
            return
        members[index], members[other] = members[other], members[index]
        for position, m in enumerate(members):
            if m.position != position:
                m.position = position
                m.save(update_fields=["position"])


def action_agency_codes(plan: Plan) -> list[str]:
    """The agencies that own or co-operate in the plan's actions, in the plan's order
    (owners before co-operating agencies), known agencies of the plan's province only."""
    index = agency_index()
    codes: list[str] = []
    actions = list(monitored_actions(plan).order_by("section__kind", "position", "pk"))
    owners = [action_agencies(a, index) for a in actions]
    for owner, _ in owners:
        if owner and owner not in codes:
            codes.append(owner)
    for _, co in owners:
        for code in co:
            if code not in codes:
                codes.append(code)
    allowed = set(province_agencies(plan).values_list("code", flat=True))
    return [c for c in codes if c in allowed]


def _add_many(plan: Plan, codes: list[str], roles: dict[str, str]) -> int:
    have = set(WorkingGroupMember.objects.filter(plan=plan).values_list("agency__code", flat=True))
    taken = set(
        WorkingGroupMember.objects.filter(plan=plan, role__in=list(SINGLE_ROLES)).values_list(
            "role", flat=True
        )
    )
    agencies = {a.code: a for a in province_agencies(plan).filter(code__in=codes)}
    position = _next_position(plan)
    added = 0
    for code in codes:
        if code in have or code not in agencies:
            continue
        role = roles.get(code, Role.MEMBER)
        if role in taken:
            role = Role.MEMBER
        elif role in SINGLE_ROLES:
            taken.add(role)
        WorkingGroupMember.objects.create(
            plan=plan, agency=agencies[code], role=role, position=position
        )
        position += 1
        added += 1
    return added


def add_action_agencies(access: MonitoringAccess, plan: Plan, *, revision) -> int:
    """Add every agency that owns or co-operates in the plan's actions (members kept);
    returns how many were added."""
    codes = action_agency_codes(plan)
    with monitoring_write(access, plan, expected_revision=revision):
        return _add_many(plan, codes, {})


def add_bangkok_group(access: MonitoringAccess, plan: Plan, *, revision) -> int:
    """Bangkok's plans: the working group of the Bangkok Master Plan on Climate Change,
    the eleven BMA departments with the Department of Environment as chair
    (``reference.agencies.bma_departments``); returns how many were added."""
    from climateplan.reference.agencies import bma_departments

    if plan.province != BANGKOK:
        raise WorkflowError(
            "the Bangkok Master Plan working group is for Bangkok's plans only",
            "คณะทำงานตามแผนแม่บทกรุงเทพมหานครใช้ได้กับแผนของกรุงเทพมหานครเท่านั้น",
        )
    table = bma_departments()
    codes = list(table["code"])
    roles = {r.code: r.working_group for r in table.itertuples() if r.working_group == "chair"}
    with monitoring_write(access, plan, expected_revision=revision):
        return _add_many(plan, codes, roles)


__all__ = [
    "MemberInput",
    "action_agency_codes",
    "add_action_agencies",
    "add_bangkok_group",
    "add_member",
    "check_member",
    "edit_member",
    "move_member",
    "province_agencies",
    "remove_member",
]
