"""The plan workflow: create, edit sections, recompute, endorse, submit, review, revise.

Pages and API call these functions and nothing else changes a plan, so the rules hold
whichever door a change comes through (the inventory's rules, for plans):

- permission: :mod:`climateplan.plans.web.access` decides (PermissionDenied);
- optimistic locking: each change names the plan ``revision`` it was made on
  (:class:`~climateplan.site.workflow.Conflict` otherwise, nothing written);
- commit-time checks: computing happens first, outside any transaction; then one
  short transaction locks the plan's row and checks state, version, permission and
  revision again before writing (:func:`climateplan.site.workflow.locked_write`);
- sections compute through their handler (:mod:`climateplan.plans.web.sections`),
  which calls the core; a write whose inputs the core refuses saves nothing;
- history: every change is recorded with user, time, old and new values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from climateplan.errors import InputError, Problem
from climateplan.inventory.web.models import Inventory
from climateplan.inventory.web.models import State as InventoryState
from climateplan.plans.checklist import CheckItem, missing
from climateplan.plans.period import check_period, to_be
from climateplan.plans.web import sections as registry
from climateplan.plans.web.access import (
    PLAN_TRANSITIONS,
    SECTION_TRANSITIONS,
    PlanAccess,
)
from climateplan.plans.web.models import (
    SECTION_ORDER,
    Action,
    BudgetLine,
    Plan,
    PlanChange,
    PlanComment,
    PlanState,
    Section,
    SectionKind,
    SectionState,
    set_section_result,
)
from climateplan.plans.web.sections import ActionData, Candidate, Computed
from climateplan.reference import find_province
from climateplan.site.workflow import Conflict, WorkflowError, expect_revision, locked, locked_write

__all__ = ["Conflict", "WorkflowError"]

USABLE_INVENTORY_STATES = (InventoryState.APPROVED, InventoryState.PUBLISHED)
COMMENT_MAX = 4000
# A meeting of the provincial working group or committee, numbered within its year:
# "1/2567" (first meeting of BE 2567); the year may be given in CE as well.
MEETING_NUMBER = re.compile(r"^\s*\d{1,3}\s*/\s*\d{4}\s*$")


def _denied(en: str, th: str) -> PermissionDenied:
    return PermissionDenied(f"{en} / {th}")


def record(
    plan: Plan,
    user,
    action: str,
    *,
    section_kind: str = "",
    item: str = "",
    old=None,
    new=None,
    revision: int | None = None,
) -> PlanChange:
    return PlanChange.objects.create(
        plan=plan,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        section_kind=section_kind,
        item=item[:80],
        old=old,
        new=new,
        revision=plan.revision if revision is None else revision,
    )


# --------------------------------------------------------------------------- reading helpers


def section_of(plan: Plan, kind: str) -> Section:
    return plan.sections.get(kind=kind)


def actions_of(section: Section) -> list[ActionData]:
    return [ActionData.of(a) for a in section.actions.prefetch_related("budget_lines")]


def candidate_of(section: Section, plan: Plan | None = None) -> Candidate:
    plan = plan or section.plan
    return Candidate(
        plan=plan, section=section, inputs=dict(section.inputs or {}), actions=actions_of(section)
    )


# Checklists and staleness are shown on every plan page, for every section (the tabs
# carry the count of missing items); computing them reads every action and, for the
# reduction plan, checks its inputs against the engine (about 0.1 s). They depend only
# on the plan (its revision moves with every write), its sections (their updated_at
# moves with every recompute) and the inventories of its base year, so pages keep them
# under a key made of those; the workflow's own checks always compute afresh.
SECTION_STATE_CACHE_SECONDS = 600


def plan_stamp(plan: Plan) -> str:
    """Changes whenever anything a plan's checklists depend on changes."""
    loaded = getattr(plan, "_prefetched_objects_cache", {}).get("sections")
    if loaded is not None:  # a page that read the plan's sections: their latest save is here
        sections = {"t": max((s.updated_at for s in loaded), default=None)}
    else:
        sections = Section.objects.filter(plan_id=plan.pk).aggregate(t=Max("updated_at"))
    inventories = Inventory.objects.filter(province=plan.province, year=plan.base_year).aggregate(
        n=Count("id"), t=Max("updated_at")
    )
    times = [v.timestamp() if v else 0 for v in (sections["t"], inventories["t"])]
    return (
        f"{plan.pk}-{plan.revision}-{plan.state}-{plan.base_inventory_id}-{times[0]:.6f}-"
        f"{inventories['n']}-{times[1]:.6f}"
    )


def is_stale(
    section: Section, plan: Plan | None = None, *, cached: bool = True, stamp: str | None = None
) -> bool:
    """True when the stored result was computed from other inputs than the section has now."""
    if section.kind == SectionKind.INVENTORY:
        return False
    plan = plan or section.plan
    if not cached:
        return section.input_stamp != registry.digest(candidate_of(section, plan))
    key = f"plan-stale:{section.kind}:{stamp or plan_stamp(plan)}"
    value = cache.get(key)
    if value is None:
        value = section.input_stamp != registry.digest(candidate_of(section, plan))
        cache.set(key, value, SECTION_STATE_CACHE_SECONDS)
    return value


def checklist(
    section: Section, plan: Plan | None = None, *, cached: bool = True, stamp: str | None = None
) -> list[CheckItem]:
    """The section's checklist; ``stamp``: the plan's :func:`plan_stamp`, when the caller
    has just taken it (a page asks for every section's list at once)."""
    plan = plan or section.plan
    if not cached:
        return registry.handler(section.kind).checklist(section, plan)
    key = f"plan-checklist:{section.kind}:{stamp or plan_stamp(plan)}"
    items = cache.get(key)
    if items is None:
        items = registry.handler(section.kind).checklist(section, plan)
        cache.set(key, items, SECTION_STATE_CACHE_SECONDS)
    return items


def plan_checklist(plan: Plan) -> dict[str, list[CheckItem]]:
    return {s.kind: checklist(s, plan) for s in ordered_sections(plan)}


def ordered_sections(plan: Plan) -> list[Section]:
    by_kind = {s.kind: s for s in plan.sections.all()}
    return [by_kind[k] for k in SECTION_ORDER if k in by_kind]


def newer_base_inventory(plan: Plan) -> Inventory | None:
    """A newer approved or published version of the plan's base inventory, if any."""
    base = plan.base_inventory
    if base is None:
        return None
    newer = (
        Inventory.objects.filter(
            province=base.province,
            year=base.year,
            version__gt=base.version,
            state__in=USABLE_INVENTORY_STATES,
        )
        .order_by("-version")
        .first()
    )
    return newer


# --------------------------------------------------------------------------- create and edit


def _check_base_inventory(
    inventory: Inventory | None, province: str, base_year: int
) -> list[Problem]:
    if inventory is None:
        return []
    problems = []
    if inventory.province != province:
        problems.append(
            Problem(
                "the base inventory belongs to another province",
                "บัญชีปีฐานเป็นของจังหวัดอื่น",
                column="base_inventory",
                value=str(inventory.pk),
            )
        )
    if inventory.state not in USABLE_INVENTORY_STATES:
        problems.append(
            Problem(
                "the base inventory must be approved or published: submit it for review first",
                "บัญชีปีฐานต้องได้รับอนุมัติหรือเผยแพร่แล้ว กรุณาส่งบัญชีให้ตรวจก่อน",
                column="base_inventory",
                value=str(inventory.pk),
            )
        )
    if inventory.year != base_year:
        problems.append(
            Problem(
                f"the base inventory is of {inventory.year}, not of the base year {base_year}",
                f"บัญชีที่เลือกเป็นของปี พ.ศ. {to_be(inventory.year)} ไม่ใช่ปีฐาน พ.ศ. {to_be(base_year)}",
                column="base_inventory",
                value=str(inventory.pk),
            )
        )
    return problems


def create_plan(
    access: PlanAccess,
    user,
    *,
    province: str,
    title_th: str,
    title_en: str = "",
    start_year: int,
    end_year: int,
    base_year: int,
    kind: str = Plan.Kind.PROVINCIAL,
    base_inventory: Inventory | None = None,
    calibration: Iterable[Inventory] = (),
) -> Plan:
    """A new draft plan with its four sections; InputError lists every problem."""
    if not access.can_create(province):
        raise _denied(
            "only the province's editors create its plans", "เฉพาะผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่สร้างแผนได้"
        )
    find_province(province)
    problems = check_period(start_year, end_year, base_year)
    problems += _check_base_inventory(base_inventory, province, base_year)
    calibration = list(calibration)
    for inv in calibration:
        if inv.province != province or inv.year >= base_year:
            problems.append(
                Problem(
                    f"calibration inventory {inv.year} must be an earlier year of the same "
                    "province",
                    f"บัญชีสำหรับปรับเทียบปี พ.ศ. {to_be(inv.year)} ต้องเป็นปีก่อนปีฐานของจังหวัดเดียวกัน",
                    column="calibration",
                    value=str(inv.pk),
                )
            )
    if not title_th.strip():
        problems.append(
            Problem("the plan needs a Thai title", "กรุณาใส่ชื่อแผนภาษาไทย", column="title_th")
        )
    if Plan.objects.filter(province=province, start_year=start_year, end_year=end_year).exists():
        problems.append(
            Problem(
                f"the province already has a plan for {start_year}-{end_year}: open it, or open "
                "a new version of it",
                f"จังหวัดมีแผนช่วง พ.ศ. {to_be(start_year)}-{to_be(end_year)} อยู่แล้ว กรุณาเปิดแผนนั้น "
                "หรือเปิดแก้ไขเป็นฉบับใหม่",
                column="start_year",
                value=str(start_year),
            )
        )
    if problems:
        raise InputError(problems)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                province=province,
                kind=kind,
                title_th=title_th.strip(),
                title_en=title_en.strip(),
                start_year=start_year,
                end_year=end_year,
                base_year=base_year,
                base_inventory=base_inventory,
                created_by=user,
            )
            if calibration:
                plan.calibration_inventories.set(calibration)
            for kind_ in SECTION_ORDER:
                Section.objects.create(plan=plan, kind=kind_)
            record(plan, user, PlanChange.Action.CREATE, new=plan_snapshot(plan))
    except IntegrityError as exc:  # a concurrent create of the same period
        raise InputError(
            [
                Problem(
                    "the province already has a plan for this period",
                    "จังหวัดมีแผนในช่วงเวลานี้อยู่แล้ว",
                    column="start_year",
                )
            ]
        ) from exc
    if base_inventory is not None:
        recompute_all(plan, user)
    return plan


def plan_snapshot(plan: Plan) -> dict:
    return {
        "title_th": plan.title_th,
        "title_en": plan.title_en,
        "kind": plan.kind,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "base_year": plan.base_year,
        "base_inventory": plan.base_inventory_id,
        "calibration": sorted(plan.calibration_inventories.values_list("pk", flat=True))
        if plan.pk
        else [],
    }


def _may_edit_plan(access: PlanAccess) -> Callable[[Plan], None]:
    def check(row: Plan) -> None:
        if not access.can_edit_plan(row):
            raise WorkflowError(
                f"this plan is {row.state} and cannot be changed now",
                "แผนนี้อยู่ในสถานะที่แก้ไขไม่ได้ในขณะนี้",
            )

    return check


def edit_plan(
    access: PlanAccess,
    user,
    plan: Plan,
    *,
    expected_revision,
    title_th: str,
    title_en: str,
    start_year: int,
    end_year: int,
    base_year: int,
    base_inventory: Inventory | None,
    calibration: Iterable[Inventory] = (),
) -> Plan:
    """Change the plan's own fields; sections recompute when the base changes."""
    if not access.can_edit_plan(plan):
        raise _denied("you cannot edit this plan", "คุณแก้ไขแผนนี้ไม่ได้")
    problems = check_period(start_year, end_year, base_year)
    problems += _check_base_inventory(base_inventory, plan.province, base_year)
    if not title_th.strip():
        problems.append(
            Problem("the plan needs a Thai title", "กรุณาใส่ชื่อแผนภาษาไทย", column="title_th")
        )
    if (
        Plan.objects.filter(province=plan.province, start_year=start_year, end_year=end_year)
        .exclude(pk=plan.pk)
        .exclude(pk__in=_versions(plan))
        .exists()
    ):
        problems.append(
            Problem(
                "the province already has another plan for this period",
                "จังหวัดมีแผนอื่นในช่วงเวลานี้อยู่แล้ว",
                column="start_year",
            )
        )
    if problems:
        raise InputError(problems)
    calibration = list(calibration)
    old = plan_snapshot(plan)
    with locked_write(
        Plan, plan.pk, expected_revision=expected_revision, check=_may_edit_plan(access)
    ) as row:
        row.title_th, row.title_en = title_th.strip(), title_en.strip()
        row.start_year, row.end_year, row.base_year = start_year, end_year, base_year
        base_changed = row.base_inventory_id != (base_inventory.pk if base_inventory else None)
        row.base_inventory = base_inventory
        row.save()
        row.calibration_inventories.set(calibration)
        record(row, user, PlanChange.Action.EDIT, old=old, new=plan_snapshot(row))
    if base_changed or old["calibration"] != sorted(i.pk for i in calibration):
        recompute_all(row, user)
    return row


def _versions(plan: Plan) -> list[int]:
    ids, node = [], plan.previous
    while node is not None:
        ids.append(node.pk)
        node = node.previous
    return ids


def _may_edit_section(access: PlanAccess, kind: str) -> Callable[[Plan], None]:
    def check(row: Plan) -> None:
        section = row.sections.get(kind=kind)
        if not access.can_edit(section, row):
            raise WorkflowError(
                "this section cannot be changed now (the plan is under review, approved, or "
                "this section is not returned to you)",
                "แก้ไขส่วนนี้ไม่ได้ในขณะนี้ (แผนอยู่ระหว่างการตรวจ อนุมัติแล้ว หรือส่วนนี้ไม่ได้ถูกส่งกลับให้แก้ไข)",
            )

    return check


def compute_candidate(candidate: Candidate) -> tuple[Computed, str]:
    """Run the section's handler on candidate inputs (slow; outside any transaction)."""
    computed = registry.handler(candidate.section.kind).compute(candidate)
    return computed, registry.digest(candidate)


def write_section(
    access: PlanAccess,
    user,
    section: Section,
    *,
    expected_revision,
    inputs: dict | None = None,
    actions: list[ActionData] | None = None,
    change: str = PlanChange.Action.EDIT,
    item: str = "",
    old=None,
    new=None,
) -> Section:
    """Replace a section's inputs and/or actions, recomputed; nothing saved if refused.

    ``inputs`` / ``actions`` None keep the stored ones. The handler computes first
    (InputError: the write is refused and nothing changes); then one locked write
    stores inputs, actions, result and the history entry.
    """
    plan = section.plan
    if not access.can_edit(section, plan):
        raise _denied("you cannot edit this section", "คุณแก้ไขส่วนนี้ไม่ได้")
    expect_revision(Plan, plan.pk, expected_revision)
    if actions is not None:
        actions = [normalised(a) for a in actions]
    current = candidate_of(section, plan)
    candidate = Candidate(
        plan=plan,
        section=section,
        inputs=current.inputs if inputs is None else inputs,
        actions=current.actions if actions is None else actions,
    )
    computed, stamp = compute_candidate(candidate)
    with locked_write(
        Plan,
        plan.pk,
        expected_revision=expected_revision,
        check=_may_edit_section(access, section.kind),
    ) as row:
        fresh = row.sections.get(kind=section.kind)
        fresh.inputs = candidate.inputs
        if actions is not None:
            sync_actions(fresh, actions)
        _store(fresh, computed, stamp)
        record(row, user, change, section_kind=section.kind, item=item, old=old, new=new)
    return fresh


def _store(section: Section, computed: Computed, stamp: str) -> None:
    section.summary = computed.summary or {}
    section.problems = computed.problems or []
    section.warnings = computed.warnings or []
    section.input_stamp = stamp
    section.computed_at = timezone.now()
    section.save()
    set_section_result(section, computed.document)


def normalised(action: ActionData) -> ActionData:
    """The action as it reads back once stored (budget lines complete, in fiscal-year
    order), so that the stamp of what was computed equals the stamp of what is stored."""
    budget = []
    for b in action.budget:
        try:
            budget.append(
                {
                    "fiscal_year": int(b["fiscal_year"]),
                    "amount": float(b["amount"]),
                    "kind": b.get("kind") or BudgetLine.Kind.CAPITAL,
                    "source": b["source"],
                    "note": b.get("note", "") or "",
                }
            )
        except (KeyError, TypeError, ValueError):
            return action  # not a storable line: the handler's checks refuse it
    budget.sort(key=lambda b: b["fiscal_year"])
    return replace(action, budget=budget)


def sync_actions(section: Section, actions: list[ActionData]) -> None:
    """Make the section's Action rows match ``actions`` by code, keeping the rows (and so
    what later refers to them) of actions that stay."""
    existing = {a.code: a for a in section.actions.all()}
    wanted = {a.code for a in actions}
    section.actions.exclude(code__in=wanted).delete()
    for position, data in enumerate(actions, start=1):
        row = existing.get(data.code) or Action(section=section, code=data.code)
        row.position = position
        row.name_th, row.name_en = data.name_th, data.name_en
        row.library_id = data.library_id
        row.data = data.data
        row.owner_agency = data.owner_agency
        row.co_agencies = data.co_agencies
        row.start_year, row.end_year = data.start_year, data.end_year
        row.kpi = data.kpi
        row.save()
        row.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(
                action=row,
                fiscal_year=int(b["fiscal_year"]),
                amount=float(b["amount"]),
                kind=b.get("kind") or BudgetLine.Kind.CAPITAL,
                source=b["source"],
                note=b.get("note", "") or "",
            )
            for b in data.budget
        )


def recompute(access: PlanAccess | None, user, section: Section) -> Section:
    """Recompute a section from its stored inputs (after its base or risk result changed).

    Runs for editable sections only; a locked section keeps the result it was approved with.
    """
    plan = section.plan
    if not section.is_editable:
        return section
    if access is not None and not access.can_edit(section, plan):
        raise _denied("you cannot recompute this section", "คุณคำนวณส่วนนี้ใหม่ไม่ได้")
    candidate = candidate_of(section, plan)
    try:
        computed, stamp = compute_candidate(candidate)
    except InputError as error:
        computed = Computed(document=None, problems=[p.to_dict() for p in error.problems])
        stamp = registry.digest(candidate)

    def check(row: Plan) -> None:
        fresh = row.sections.get(kind=section.kind)
        if not fresh.is_editable:
            raise WorkflowError("the section was locked meanwhile", "ส่วนนี้ถูกล็อกระหว่างการคำนวณ")

    with locked(Plan, plan.pk, check=check) as row:
        fresh = row.sections.get(kind=section.kind)
        if registry.digest(candidate_of(fresh, row)) != stamp:
            return fresh  # the inputs changed meanwhile: that write stored its own result
        _store(fresh, computed, stamp)
        record(row, user, PlanChange.Action.COMPUTE, section_kind=section.kind)
    return fresh


def recompute_all(plan: Plan, user) -> None:
    """Recompute every editable section, in order (the adaptation plan reads the risk result)."""
    for section in ordered_sections(plan):
        if section.kind != SectionKind.INVENTORY and section.is_editable:
            try:
                recompute(None, user, section)
            except WorkflowError:
                continue


def rebase(access: PlanAccess, user, plan: Plan, *, expected_revision) -> Plan:
    """Move the plan onto the newer approved version of its base inventory, and recompute."""
    if not access.can_edit_plan(plan):
        raise _denied("you cannot edit this plan", "คุณแก้ไขแผนนี้ไม่ได้")
    newer = newer_base_inventory(plan)
    if newer is None:
        raise WorkflowError(
            "the base inventory has no newer approved version", "บัญชีปีฐานไม่มีฉบับใหม่ที่อนุมัติแล้ว"
        )
    with locked_write(
        Plan, plan.pk, expected_revision=expected_revision, check=_may_edit_plan(access)
    ) as row:
        old = row.base_inventory_id
        row.base_inventory = newer
        row.save(update_fields=["base_inventory"])
        record(
            row,
            user,
            PlanChange.Action.REBASE,
            old={"base_inventory": old},
            new={"base_inventory": newer.pk},
        )
    recompute_all(row, user)
    return row


# --------------------------------------------------------------------------- workflow


def _sections_missing(plan: Plan) -> list[tuple[Section, list[CheckItem]]]:
    out = []
    for section in ordered_sections(plan):
        if section.state in (SectionState.APPROVED, SectionState.PUBLISHED):
            continue
        items = missing(checklist(section, plan, cached=False))
        if items or is_stale(section, plan, cached=False):
            out.append((section, items))
    return out


def _incomplete_error(plan: Plan) -> WorkflowError | None:
    gaps = _sections_missing(plan)
    if not gaps:
        return None
    en = "; ".join(
        f"{SectionKind(s.kind).label.split(' / ')[0]}: "
        + (", ".join(i.en for i in items) if items else "result out of date (recompute)")
        for s, items in gaps
    )
    th = "; ".join(
        f"{SectionKind(s.kind).label.split(' / ')[1]}: "
        + (", ".join(i.th for i in items) if items else "ผลลัพธ์ไม่เป็นปัจจุบัน (กรุณาคำนวณใหม่)")
        for s, items in gaps
    )
    return WorkflowError(f"the plan is not complete yet: {en}", f"แผนยังไม่ครบถ้วน: {th}")


def endorsement_problems(
    body: str, meeting: str, date, authority: str, *, subject: str = "plan", example: str = "1/2567"
) -> list[Problem]:
    """What is missing or wrong in an endorsement's record (of a plan or of a review)."""
    problems = []
    if not body.strip():
        problems.append(
            Problem(
                f"name the body that endorsed the {subject} (working group or committee)",
                "กรุณาระบุคณะทำงานหรือคณะกรรมการที่ให้ความเห็นชอบ",
                column="body",
            )
        )
    if not meeting.strip():
        problems.append(
            Problem(
                f"give the meeting number (e.g. {example})",
                f"กรุณาระบุครั้งที่ประชุม (เช่น {example})",
                column="meeting",
            )
        )
    elif not MEETING_NUMBER.match(meeting):
        problems.append(
            Problem(
                f"write the meeting number as number/year, e.g. {example}",
                f"กรุณาเขียนครั้งที่ประชุมเป็น ครั้งที่/ปี เช่น {example}",
                column="meeting",
                value=meeting.strip()[:32],
            )
        )
    if not authority.strip():
        problems.append(
            Problem(
                "name the endorsing authority (chair and position)",
                "กรุณาระบุผู้มีอำนาจให้ความเห็นชอบ (ประธานและตำแหน่ง)",
                column="authority",
            )
        )
    if date is None or date > timezone.localdate():
        problems.append(
            Problem(
                "the meeting date must be given and not in the future",
                "ต้องระบุวันที่ประชุม และต้องไม่เป็นวันในอนาคต",
                column="date",
            )
        )
    return problems


def endorse(
    access: PlanAccess,
    user,
    plan: Plan,
    *,
    expected_revision,
    body: str,
    meeting: str,
    date: dt.date,
    authority: str,
    note: str = "",
) -> Plan:
    """Record the province's endorsement (working group or committee meeting)."""
    if not access.can_transition(plan, "endorse"):
        raise _denied(
            "only the province's approver records its endorsement, on a draft plan",
            "เฉพาะผู้รับรองแผนของจังหวัดเท่านั้นที่บันทึกการให้ความเห็นชอบ และต้องเป็นแผนฉบับร่าง",
        )
    problems = endorsement_problems(body, meeting, date, authority)
    if problems:
        raise InputError(problems)
    error = _incomplete_error(plan)
    if error:
        raise error

    def check(row: Plan) -> None:
        if not access.can_transition(row, "endorse"):
            raise WorkflowError("the plan is no longer a draft", "แผนไม่ได้อยู่ในสถานะร่างแล้ว")
        err = _incomplete_error(row)
        if err:
            raise err

    with locked_write(Plan, plan.pk, expected_revision=expected_revision, check=check) as row:
        row.state = PlanState.ENDORSED
        row.endorsement_body = body.strip()[:300]
        row.endorsement_meeting = meeting.strip()[:32]
        row.endorsement_date = date
        row.endorsement_authority = authority.strip()[:300]
        row.endorsement_note = note.strip()[:1000]
        row.endorsed_by = user
        row.endorsed_at = timezone.now()
        row.save()
        record(
            row,
            user,
            PlanChange.Action.ENDORSE,
            old={"state": PlanState.DRAFT},
            new={
                "state": PlanState.ENDORSED,
                "body": row.endorsement_body,
                "meeting": row.endorsement_meeting,
                "date": date.isoformat(),
                "authority": row.endorsement_authority,
            },
        )
    return row


def transition(
    access: PlanAccess, user, plan: Plan, action: str, *, expected_revision, comment: str = ""
):
    """Move the whole plan: withdraw, submit, approve, publish, or revise (a new version)."""
    if action == "endorse":
        raise WorkflowError("use the endorsement form", "กรุณาใช้แบบฟอร์มบันทึกการให้ความเห็นชอบ")
    if action not in PLAN_TRANSITIONS:
        raise WorkflowError(f"unknown action {action!r}", f"ไม่รู้จักการดำเนินการ {action!r}")
    if not access.can_transition(plan, action):
        raise _denied("you cannot do this with this plan now", "คุณไม่สามารถดำเนินการนี้กับแผนนี้ได้ในขณะนี้")
    if action == "revise":
        return revise(access, user, plan, expected_revision=expected_revision)
    if action == "submit":
        error = _incomplete_error(plan)
        if error:
            raise error
    if action == "approve":
        returned = plan.sections.filter(state=SectionState.RETURNED).exists()
        if returned:
            raise WorkflowError(
                "a section is returned: the province must fix and resubmit it first",
                "มีส่วนที่ถูกส่งกลับ จังหวัดต้องแก้ไขและส่งใหม่ก่อน",
            )
    target = PLAN_TRANSITIONS[action][1]

    def check(row: Plan) -> None:
        if not access.can_transition(row, action):
            raise WorkflowError(
                f"the plan moved to {row.state} meanwhile",
                "สถานะของแผนเปลี่ยนไประหว่างนี้ กรุณาโหลดหน้าใหม่",
            )

    now = timezone.now()
    with locked_write(Plan, plan.pk, expected_revision=expected_revision, check=check) as row:
        old_state = row.state
        row.state = target
        sections = row.sections.all()
        if action == "withdraw":
            row.endorsed_at = None
            row.endorsed_by = None
        elif action == "submit":
            row.submitted_at = now
            sections.filter(state__in=[SectionState.DRAFT, SectionState.RETURNED]).update(
                state=SectionState.SUBMITTED
            )
        elif action == "approve":
            row.approved_at = now
            sections.filter(state=SectionState.SUBMITTED).update(state=SectionState.APPROVED)
        elif action == "publish":
            row.published_at = now
            sections.update(state=SectionState.PUBLISHED)
        row.save()
        if comment.strip():
            PlanComment.objects.create(plan=row, author=user, text=comment.strip()[:COMMENT_MAX])
        record(
            row,
            user,
            PlanChange.Action.WITHDRAW if action == "withdraw" else PlanChange.Action.TRANSITION,
            old={"state": old_state},
            new={"state": target, "comment": comment.strip()[:COMMENT_MAX]},
        )
    return row


def review_section(
    access: PlanAccess,
    user,
    section: Section,
    action: str,
    *,
    expected_revision,
    comment: str = "",
    item: str = "",
) -> Section:
    """A reviewer returns (with a comment) or approves one section of a plan under review.

    Returning a section returns the plan: the province fixes that section (the others
    stay locked) and resubmits.
    """
    plan = section.plan
    if action not in SECTION_TRANSITIONS:
        raise WorkflowError(f"unknown action {action!r}", f"ไม่รู้จักการดำเนินการ {action!r}")
    if not access.can_review_section(section, action, plan):
        raise _denied("you cannot review this section now", "คุณตรวจส่วนนี้ไม่ได้ในขณะนี้")
    if action == "return" and not comment.strip():
        raise InputError(
            [
                Problem(
                    "say what must change: a returned section needs a comment",
                    "กรุณาระบุสิ่งที่ต้องแก้ไข การส่งกลับต้องมีความเห็นประกอบ",
                    column="comment",
                )
            ]
        )
    target = SECTION_TRANSITIONS[action][1]

    def check(row: Plan) -> None:
        fresh = row.sections.get(kind=section.kind)
        if not access.can_review_section(fresh, action, row):
            raise WorkflowError("the section moved on meanwhile", "สถานะของส่วนนี้เปลี่ยนไประหว่างนี้")

    with locked_write(Plan, plan.pk, expected_revision=expected_revision, check=check) as row:
        fresh = row.sections.get(kind=section.kind)
        old = fresh.state
        fresh.state = target
        fresh.save(update_fields=["state", "updated_at"])
        if action == "return" and row.state != PlanState.RETURNED:
            row.state = PlanState.RETURNED
            row.save(update_fields=["state"])
        if comment.strip():
            PlanComment.objects.create(
                plan=row,
                section_kind=section.kind,
                item=item[:80],
                author=user,
                text=comment.strip()[:COMMENT_MAX],
            )
        record(
            row,
            user,
            PlanChange.Action.SECTION,
            section_kind=section.kind,
            item=item,
            old={"state": old},
            new={"state": target, "comment": comment.strip()[:COMMENT_MAX]},
        )
    return fresh


def revise(access: PlanAccess, user, plan: Plan, *, expected_revision) -> Plan:
    """A new draft version of an approved or published plan; the old one stays as it was."""

    def check(row: Plan) -> None:
        if not access.can_transition(row, "revise"):
            raise WorkflowError(
                "only the latest approved or published version can be revised",
                "เปิดแก้ไขได้เฉพาะฉบับล่าสุดที่อนุมัติหรือเผยแพร่แล้ว",
            )

    with locked_write(Plan, plan.pk, expected_revision=expected_revision, check=check) as old:
        old.is_latest = False
        old.save(update_fields=["is_latest"])
        new = Plan.objects.create(
            province=old.province,
            kind=old.kind,
            title_th=old.title_th,
            title_en=old.title_en,
            start_year=old.start_year,
            end_year=old.end_year,
            base_year=old.base_year,
            base_inventory=old.base_inventory,
            version=old.version + 1,
            previous=old,
            created_by=user,
        )
        new.calibration_inventories.set(old.calibration_inventories.all())
        for section in ordered_sections(old):
            copy = Section.objects.create(
                plan=new,
                kind=section.kind,
                inputs=section.inputs,
                summary=section.summary,
                problems=section.problems,
                warnings=section.warnings,
                input_stamp="",
                computed_at=section.computed_at,
            )
            if section.result is not None:
                set_section_result(copy, section.result)
            sync_actions(copy, actions_of(section))
        # The new version keeps the monitoring set-up (working group, links, funding).
        from climateplan.monitoring.web.services import carry_over
        from climateplan.plans.web import services_successor as successor

        carry_over(old, new)
        successor.keep_succession(old, new)  # its predecessor and carried-over actions
        record(old, user, PlanChange.Action.REVISE, new={"version": new.version, "plan": new.pk})
        record(new, user, PlanChange.Action.REVISE, old={"version": old.version, "plan": old.pk})
    recompute_all(new, user)
    return new


# --------------------------------------------------------------------------- comments


def can_discuss(access: PlanAccess, plan: Plan) -> bool:
    return access.can_comment(plan)


def add_comment(
    access: PlanAccess,
    user,
    plan: Plan,
    text: str,
    *,
    section_kind: str = "",
    item: str = "",
    parent: PlanComment | None = None,
) -> PlanComment:
    if not access.can_comment(plan):
        raise _denied(
            "comments are open while the plan is under review", "แสดงความเห็นได้เมื่อแผนอยู่ระหว่างการตรวจ"
        )
    text = (text or "").strip()
    if not text:
        raise InputError([Problem("the comment is empty", "ความเห็นว่างเปล่า", column="text")])
    if len(text) > COMMENT_MAX:
        raise InputError(
            [
                Problem(
                    f"the comment is longer than {COMMENT_MAX} characters",
                    f"ความเห็นยาวเกิน {COMMENT_MAX} ตัวอักษร",
                    column="text",
                )
            ]
        )
    if section_kind and section_kind not in SectionKind.values:
        raise InputError(
            [Problem("unknown section", "ไม่รู้จักส่วนของแผน", column="section", value=section_kind)]
        )
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise _denied("that comment belongs to another plan", "ความเห็นนั้นเป็นของแผนอื่น")
        parent = parent.parent or parent
        section_kind, item = parent.section_kind, parent.item
    with locked(Plan, plan.pk) as row:
        comment = PlanComment.objects.create(
            plan=row,
            section_kind=section_kind,
            item=item[:80],
            author=user,
            text=text,
            parent=parent,
        )
        record(
            row,
            user,
            PlanChange.Action.COMMENT,
            section_kind=section_kind,
            item=item,
            new={"text": text},
        )
    return comment


def set_comment_resolved(
    access: PlanAccess, user, comment: PlanComment, resolved: bool
) -> PlanComment:
    plan = comment.plan
    if not (access.role.is_reviewer or (access.own(plan) and access.role.is_editor)):
        raise _denied("you cannot change this comment", "คุณเปลี่ยนสถานะความเห็นนี้ไม่ได้")
    if comment.parent_id is not None:
        comment = comment.parent
    with locked(Plan, plan.pk) as row:
        comment.resolved_at = timezone.now() if resolved else None
        comment.resolved_by = user if resolved else None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        record(
            row,
            user,
            PlanChange.Action.RESOLVE if resolved else PlanChange.Action.UNRESOLVE,
            section_kind=comment.section_kind,
            item=comment.item,
        )
    return comment
