"""The successor plan: the next period's plan prepared from a finished or reviewed one.

A plan may be succeeded once it is the latest approved or published version and either
its period has ended (today is after its last year) or it has an end-of-plan review the
province has endorsed (or that has gone further). The successor is a new plan (version
1, draft) made through :func:`services.create_plan`, with ``predecessor`` set, and:

- reduction: drivers re-defaulted for the new base year (:func:`core.default_drivers`);
  targets re-aligned to the national targets in force on the day it is prepared
  (:func:`core.national_targets`, which reads ``mitigation_national_targets.csv`` with
  each row's validity: a new NDC is a data change); the province's own targets kept
  when their year is still in the future; the grid path kept from the new base year on;
- the unfinished actions carried over: an action whose latest accepted progress report
  (of a period started by today, on any version of the plan) is not *completed* or
  *cancelled*, or that has no such report. Each keeps its code, gets ``carried_from``,
  budget lines of the new period only, years within the new period and its KPI baseline
  moved to the last reported value;
- risk and adaptation: start from the predecessor's inputs, to be re-assessed.

Lessons learned in the predecessor's reviews may then be linked to the successor's
actions (:func:`link_lesson`). A new version of the successor keeps both links
(:func:`keep_succession`).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from climateplan.errors import InputError, Problem
from climateplan.inventory.web.models import Inventory
from climateplan.monitoring import summary
from climateplan.monitoring.kpis import INDICATOR_PREFIX, KPI_KEY
from climateplan.plans import reduction as core
from climateplan.plans.period import check_period, to_be
from climateplan.plans.web import services
from climateplan.plans.web.access import PlanAccess
from climateplan.plans.web.handler_reduction import inputs_of
from climateplan.plans.web.models import (
    PLAN_LOCKED_STATES,
    Action,
    Lesson,
    Plan,
    PlanChange,
    PlanReview,
    ReviewState,
    SectionKind,
)
from climateplan.plans.web.sections import ActionData
from climateplan.site.workflow import WorkflowError, locked_write

ACTION_KINDS = (SectionKind.REDUCTION, SectionKind.ADAPTATION)
# An end-of-plan review counts once the province has endorsed it.
REVIEWED_STATES = frozenset(
    {
        ReviewState.ENDORSED,
        ReviewState.SUBMITTED,
        ReviewState.RETURNED,
        ReviewState.APPROVED,
        ReviewState.PUBLISHED,
    }
)
GROUND_ENDED = "ended"
GROUND_REVIEWED = "reviewed"


def _denied(en: str, th: str) -> PermissionDenied:
    return PermissionDenied(f"{en} / {th}")


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def version_chain(plan: Plan) -> list[Plan]:
    """The plan and its earlier versions, newest first."""
    out, node = [], plan
    while node is not None:
        out.append(node)
        node = node.previous
    return out


# --------------------------------------------------------------------------- eligibility


def end_review(plan: Plan) -> PlanReview | None:
    """The plan's (any version's) latest end-of-plan review the province has endorsed."""
    return (
        PlanReview.objects.filter(
            plan__in=[p.pk for p in version_chain(plan)],
            kind=PlanReview.Kind.END,
            state__in=REVIEWED_STATES,
        )
        .order_by("-as_of", "-pk")
        .first()
    )


def finished_ground(plan: Plan, today: dt.date | None = None) -> str | None:
    """Why the plan may be succeeded: its period ended (``ended``), or it has an
    end-of-plan review (``reviewed``); None when neither (or it is not the latest
    approved or published version)."""
    if not plan.is_latest or plan.state not in PLAN_LOCKED_STATES:
        return None
    if _today(today).year > plan.end_year:
        return GROUND_ENDED
    if end_review(plan) is not None:
        return GROUND_REVIEWED
    return None


def successor_of(plan: Plan) -> Plan | None:
    """The latest version of the plan that succeeds ``plan`` (any of its versions)."""
    return (
        Plan.objects.filter(predecessor__in=[p.pk for p in version_chain(plan)], is_latest=True)
        .order_by("-start_year")
        .first()
    )


_UNKNOWN = object()


def can_prepare(
    access: PlanAccess, plan: Plan, today: dt.date | None = None, successor=_UNKNOWN
) -> bool:
    """The province's editors prepare the successor of its finished or reviewed plan
    (``successor``: :func:`successor_of` the plan, where the caller has read it)."""
    return (
        access.can_create(plan.province)
        and finished_ground(plan, today) is not None
        and (successor_of(plan) if successor is _UNKNOWN else successor) is None
    )


# --------------------------------------------------------------------------- what carries over


@dataclass
class ActionOutcome:
    """One action of the predecessor and what happens to it in the successor."""

    action: Action
    kind: str
    status: str  # the latest accepted report's status, or summary.NOT_REPORTED
    report: object | None  # that ProgressReport
    carried: bool


def action_outcomes(plan: Plan, today: dt.date | None = None) -> list[ActionOutcome]:
    """Every reduction measure and adaptation action of ``plan`` with its latest accepted
    status (reports of periods started by ``today``, on any version of the plan, matched
    by section and code) and whether it carries over (not completed or cancelled)."""
    from climateplan.monitoring.web.models import ProgressReport

    day = _today(today)
    actions = list(
        Action.objects.filter(section__plan=plan, section__kind__in=ACTION_KINDS)
        .select_related("section")
        .prefetch_related("budget_lines")
        .order_by("section__kind", "position", "pk")
    )
    reports = list(
        ProgressReport.objects.filter(
            action__section__plan__in=[p.pk for p in version_chain(plan)],
            period__starts__lte=day,
        ).select_related("period", "action__section")
    )
    keys = {(a.section.kind, a.code): a.pk for a in actions}
    by_id = {r.pk: r for r in reports}
    records = summary.Records.of(
        actions=[{"id": pk} for pk in keys.values()],
        periods=[
            {
                "id": r.period_id,
                "fiscal_year": r.period.fiscal_year,
                "number": r.period.number,
                "starts": r.period.starts,
                "ends": r.period.ends,
                "due": r.period.due,
                "state": r.period.state,
            }
            for r in {r.period_id: r for r in reports}.values()
        ],
        reports=[
            {
                "id": r.pk,
                "action_id": keys.get((r.action.section.kind, r.action.code)),
                "period_id": r.period_id,
                "state": r.state,
                "status": r.status,
            }
            for r in reports
            if (r.action.section.kind, r.action.code) in keys
        ],
    )
    latest = summary.latest_accepted(records)
    last = (
        {}
        if latest.empty
        else {int(a): int(i) for a, i in zip(latest["action_id"], latest["id"], strict=True)}
    )
    out = []
    for a in actions:
        report = by_id.get(last.get(a.pk, -1))
        status = report.status if report is not None else summary.NOT_REPORTED
        out.append(
            ActionOutcome(
                action=a,
                kind=a.section.kind,
                status=status,
                report=report,
                carried=status not in summary.DONE,
            )
        )
    return out


def _reported_values(report) -> dict[str, float]:
    values = {}
    for entry in (report.kpi_values or []) if report is not None else []:
        try:
            values[str(entry["key"])] = float(entry["value"])
        except (KeyError, TypeError, ValueError):
            continue
    return values


def carried_action(outcome: ActionOutcome, start_year: int, end_year: int) -> ActionData:
    """The predecessor's action as the successor starts it: budget lines of the new
    period only, years within the new period, KPI baselines at the last reported values."""
    data = ActionData.of(outcome.action)
    data.budget = [b for b in data.budget if start_year <= int(b["fiscal_year"]) <= end_year]
    first = max(data.start_year or start_year, start_year)
    last = data.end_year if data.end_year and data.end_year >= first else end_year
    data.start_year, data.end_year = min(first, end_year), min(last, end_year)
    report = outcome.report
    values = _reported_values(report)
    year = report.period.fiscal_year if report is not None else None
    if KPI_KEY in values and data.kpi:
        data.kpi = {**data.kpi, "baseline": values[KPI_KEY], "baseline_year": year}
    indicators = (data.data or {}).get("indicators")
    if isinstance(indicators, list):
        data.data = copy.deepcopy(data.data)
        for i, row in enumerate(data.data["indicators"]):
            key = f"{INDICATOR_PREFIX}{i}"
            if isinstance(row, dict) and key in values:
                row["baseline"] = values[key]
                row["baseline_year"] = year
    return data


# --------------------------------------------------------------------------- targets


@dataclass
class TargetRow:
    name: str
    before: dict | None
    after: dict | None
    why: str  # "national" | "kept" | "dropped" | "new"


def _stored_targets(plan: Plan) -> list[dict]:
    section = plan.sections.filter(kind=SectionKind.REDUCTION).first()
    inputs = dict(section.inputs or {}) if section is not None else {}
    if "targets" not in inputs:
        return core.national_targets(plan.base_year)
    return [dict(t) for t in inputs["targets"] or []]


def successor_targets(
    plan: Plan, base_year: int, today: dt.date | None = None
) -> tuple[list[dict], list[TargetRow]]:
    """The successor's targets (the national ones in force on ``today`` for the new base
    year, then the province's own ones whose year is still to come) and, for the
    preview, each target before and after."""
    day = _today(today)
    national = core.national_targets(base_year, as_of=day)
    before = _stored_targets(plan)
    own = [
        t
        for t in before
        if not t.get("national") and _year(t) is not None and _year(t) > max(day.year, base_year)
    ]
    after = national + own
    rows: list[TargetRow] = []
    before_national = {t.get("name"): t for t in before if t.get("national")}
    for t in national:
        old = before_national.pop(t["name"], None)
        rows.append(TargetRow(t["name"], old, t, "national" if old else "new"))
    for t in before_national.values():
        rows.append(TargetRow(str(t.get("name")), t, None, "dropped"))
    kept_ids = {id(t) for t in own}
    for t in before:
        if t.get("national"):
            continue
        rows.append(
            TargetRow(
                str(t.get("name")),
                t,
                t if id(t) in kept_ids else None,
                "kept" if id(t) in kept_ids else "dropped",
            )
        )
    return after, rows


def _year(target: dict) -> int | None:
    try:
        return int(target.get("year"))
    except (TypeError, ValueError):
        return None


def successor_reduction_inputs(
    plan: Plan, *, province: str, base_year: int, end_year: int, today: dt.date | None = None
) -> dict:
    section = plan.sections.filter(kind=SectionKind.REDUCTION).first()
    stored = dict(section.inputs or {}) if section is not None else {}
    targets, _ = successor_targets(plan, base_year, today)
    grid = [g for g in stored.get("grid") or [] if (_year(g) or 0) >= base_year]
    inputs = {k: v for k, v in stored.items() if k not in ("drivers", "targets", "grid")}
    inputs["targets"] = targets
    inputs["grid"] = grid
    # the defaults cover the projection (to the plan's end or its last target's year), as
    # the reduction page's "use the defaults" does
    inputs["drivers"] = []
    try:
        last = inputs_of(inputs, [], base_year).to_year() or 0
    except (InputError, TypeError, ValueError, KeyError):
        last = 0
    inputs["drivers"] = core.default_drivers(province, base_year, max(last, end_year))
    return inputs


# --------------------------------------------------------------------------- preview and create


@dataclass
class Preview:
    plan: Plan
    ground: str | None
    review: PlanReview | None
    carried: list[ActionOutcome] = field(default_factory=list)
    left: list[ActionOutcome] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)


def preview(plan: Plan, *, base_year: int | None = None, today: dt.date | None = None) -> Preview:
    """What the successor would take over from ``plan`` (shown before it is made)."""
    outcomes = action_outcomes(plan, today)
    targets = []
    if base_year is not None:
        _, targets = successor_targets(plan, base_year, today)
    return Preview(
        plan=plan,
        ground=finished_ground(plan, today),
        review=end_review(plan),
        carried=[o for o in outcomes if o.carried],
        left=[o for o in outcomes if not o.carried],
        targets=targets,
    )


def _check_request(
    access: PlanAccess,
    plan: Plan,
    *,
    start_year: int | None,
    end_year: int | None,
    base_inventory: Inventory | None,
    today: dt.date,
) -> list[Problem]:
    problems: list[Problem] = []
    if start_year is None or end_year is None:
        problems.append(
            Problem(
                "give the first and last years of the successor plan",
                "กรุณาระบุปีเริ่มต้นและปีสิ้นสุดของแผนฉบับต่อไป",
                column="start_year",
            )
        )
    else:
        problems += check_period(start_year, end_year)
        if start_year <= plan.end_year:
            problems.append(
                Problem(
                    f"the successor must start after the plan it succeeds ends ({plan.end_year}); "
                    f"{start_year} overlaps its period {plan.start_year}-{plan.end_year}",
                    f"แผนฉบับต่อไปต้องเริ่มหลังแผนเดิมสิ้นสุด (พ.ศ. {to_be(plan.end_year)}) "
                    f"ปี พ.ศ. {to_be(start_year)} ซ้อนกับช่วงของแผนเดิม พ.ศ. "
                    f"{to_be(plan.start_year)}-{to_be(plan.end_year)}",
                    column="start_year",
                    value=str(start_year),
                )
            )
    if base_inventory is None:
        problems.append(
            Problem(
                "choose the base-year inventory of the successor (an approved or published "
                "inventory of the province)",
                "กรุณาเลือกบัญชีก๊าซเรือนกระจกปีฐานของแผนฉบับต่อไป (บัญชีของจังหวัดที่อนุมัติหรือเผยแพร่แล้ว)",
                column="base_inventory",
            )
        )
    else:
        problems += services._check_base_inventory(
            base_inventory, plan.province, base_inventory.year
        )
        if start_year is not None and base_inventory.year > start_year:
            problems.append(
                Problem(
                    f"the base inventory's year {base_inventory.year} is after the successor "
                    f"starts ({start_year}): the base year is before or at the start",
                    f"บัญชีปีฐานเป็นของปี พ.ศ. {to_be(base_inventory.year)} ซึ่งอยู่หลังปีเริ่มต้นของแผน "
                    f"(พ.ศ. {to_be(start_year)}) ปีฐานต้องอยู่ก่อนหรือในปีที่แผนเริ่ม",
                    column="base_inventory",
                    value=str(base_inventory.pk),
                )
            )
    return problems


def create_successor(
    access: PlanAccess,
    user,
    plan: Plan,
    *,
    start_year: int | None,
    end_year: int | None,
    base_inventory: Inventory | None,
    title_th: str,
    title_en: str = "",
    today: dt.date | None = None,
) -> Plan:
    """Prepare the successor of ``plan`` (see the module); InputError lists every
    problem at once and nothing is saved."""
    day = _today(today)
    if not access.can_create(plan.province):
        raise _denied(
            "only the province's editors prepare its next plan",
            "เฉพาะผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่จัดทำแผนฉบับต่อไปได้",
        )
    if finished_ground(plan, day) is None:
        raise WorkflowError(
            "only the latest approved or published version of a plan whose period has ended, "
            "or that has an endorsed end-of-plan review, can be succeeded",
            "จัดทำแผนฉบับต่อไปได้จากฉบับล่าสุดที่อนุมัติหรือเผยแพร่แล้ว ซึ่งสิ้นสุดช่วงเวลาของแผนแล้ว "
            "หรือมีการทบทวนระยะสิ้นสุดแผนที่จังหวัดให้ความเห็นชอบแล้ว",
        )
    existing = successor_of(plan)
    if existing is not None:
        raise WorkflowError(
            f"this plan already has a successor ({existing.start_year}-{existing.end_year})",
            f"แผนนี้มีแผนฉบับต่อไปแล้ว (พ.ศ. {to_be(existing.start_year)}-{to_be(existing.end_year)})",
        )
    problems = _check_request(
        access,
        plan,
        start_year=start_year,
        end_year=end_year,
        base_inventory=base_inventory,
        today=day,
    )
    if problems:
        raise InputError(problems)
    base_year = base_inventory.year
    outcomes = [o for o in action_outcomes(plan, day) if o.carried]
    reduction_inputs = successor_reduction_inputs(
        plan, province=plan.province, base_year=base_year, end_year=end_year, today=day
    )
    old_sections = {s.kind: s for s in plan.sections.all()}

    with transaction.atomic():
        new = services.create_plan(
            access,
            user,
            province=plan.province,
            kind=plan.kind,
            title_th=title_th,
            title_en=title_en,
            start_year=start_year,
            end_year=end_year,
            base_year=base_year,
            base_inventory=base_inventory,
        )
        new.refresh_from_db()

        def check(row: Plan) -> None:
            if not access.can_edit_plan(row):
                raise WorkflowError("the new plan cannot be changed", "แก้ไขแผนใหม่ไม่ได้")

        with locked_write(Plan, new.pk, expected_revision=new.revision, check=check) as row:
            row.predecessor = plan
            row.save(update_fields=["predecessor"])
            sections = {s.kind: s for s in row.sections.all()}
            sections[SectionKind.REDUCTION].inputs = reduction_inputs
            for kind in (SectionKind.RISK, SectionKind.ADAPTATION):
                if kind in old_sections:
                    sections[kind].inputs = copy.deepcopy(old_sections[kind].inputs or {})
            for kind in ACTION_KINDS:
                section = sections[kind]
                section.save(update_fields=["inputs", "updated_at"])
                mine = [o for o in outcomes if o.kind == kind]
                services.sync_actions(
                    section, [carried_action(o, start_year, end_year) for o in mine]
                )
                for o in mine:
                    Action.objects.filter(section=section, code=o.action.code).update(
                        carried_from=o.action
                    )
            sections[SectionKind.RISK].save(update_fields=["inputs", "updated_at"])
            services.record(
                row,
                user,
                PlanChange.Action.CREATE,
                old={"predecessor": plan.pk},
                new={
                    "predecessor": plan.pk,
                    "carried": sorted(f"{o.kind}:{o.action.code}" for o in outcomes),
                    "targets": [t.get("name") for t in reduction_inputs["targets"]],
                },
            )
        services.record(
            plan,
            user,
            PlanChange.Action.EDIT,
            item="successor",
            new={"successor": row.pk, "start_year": start_year, "end_year": end_year},
        )
    services.recompute_all(row, user)
    row.refresh_from_db()
    return row


def keep_succession(old: Plan, new: Plan) -> None:
    """A new version keeps the plan it succeeds and which of its actions carry the
    predecessor's (by section and code); called by :func:`services.revise`."""
    if old.predecessor_id and not new.predecessor_id:
        Plan.objects.filter(pk=new.pk).update(predecessor_id=old.predecessor_id)
        new.predecessor_id = old.predecessor_id
    for kind, code, source in Action.objects.filter(
        section__plan=old, carried_from__isnull=False
    ).values_list("section__kind", "code", "carried_from"):
        Action.objects.filter(section__plan=new, section__kind=kind, code=code).update(
            carried_from=source
        )


# --------------------------------------------------------------------------- lessons


def predecessor_lessons(successor: Plan) -> list[Lesson]:
    """The lessons learned in the reviews of the plan this one succeeds (any version)."""
    if successor.predecessor_id is None:
        return []
    chain = [p.pk for p in version_chain(successor.predecessor)]
    return list(
        Lesson.objects.filter(review__plan__in=chain)
        .select_related("review", "action")
        .prefetch_related("leads_to")
        .order_by("review__as_of", "position", "pk")
    )


def successor_actions(successor: Plan) -> list[Action]:
    return list(
        Action.objects.filter(section__plan=successor, section__kind__in=ACTION_KINDS)
        .select_related("section")
        .order_by("section__kind", "position", "pk")
    )


def link_lesson(
    access: PlanAccess,
    user,
    successor: Plan,
    lesson: Lesson,
    action_ids: list[int],
    *,
    expected_revision,
) -> Lesson:
    """Say which of the successor's actions a lesson's recommendations lead to (replaces
    the lesson's links into this successor; links into other plans stay)."""
    if not access.can_edit_plan(successor):
        raise _denied("you cannot edit this plan", "คุณแก้ไขแผนนี้ไม่ได้")
    if lesson.pk not in {x.pk for x in predecessor_lessons(successor)}:
        raise _denied("that lesson belongs to another plan's review", "บทเรียนนั้นเป็นของการทบทวนแผนอื่น")
    mine = {a.pk: a for a in successor_actions(successor)}
    unknown = [str(i) for i in action_ids if i not in mine]
    if unknown:
        raise InputError(
            [
                Problem(
                    "these actions are not actions of this plan: " + ", ".join(unknown),
                    "มาตรการเหล่านี้ไม่ใช่มาตรการของแผนนี้: " + ", ".join(unknown),
                    column="actions",
                    value=", ".join(unknown),
                )
            ]
        )
    with locked_write(
        Plan,
        successor.pk,
        expected_revision=expected_revision,
        check=services._may_edit_plan(access),
    ) as row:
        lesson.leads_to.remove(*[a for a in lesson.leads_to.all() if a.pk in mine])
        lesson.leads_to.add(*[mine[i] for i in action_ids])
        services.record(
            row,
            user,
            PlanChange.Action.EDIT,
            item=f"lesson:{lesson.pk}",
            new={"lesson": lesson.pk, "actions": sorted(mine[i].code for i in action_ids)},
        )
    return lesson


__all__ = [
    "GROUND_ENDED",
    "GROUND_REVIEWED",
    "ActionOutcome",
    "Preview",
    "action_outcomes",
    "can_prepare",
    "carried_action",
    "create_successor",
    "end_review",
    "finished_ground",
    "keep_succession",
    "link_lesson",
    "predecessor_lessons",
    "preview",
    "successor_of",
    "successor_targets",
    "version_chain",
]
