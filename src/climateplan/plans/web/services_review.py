"""The review of a plan (mid-term or end-of-plan): start it, write its narrative, add
lessons learned, and move it through the plan workflow (endorse, withdraw, submit,
return, approve, publish).

Rules (the plan's, applied to a review; :mod:`climateplan.plans.web.access` decides):

- the province's editors start a review of an approved or published plan and write
  its narrative while it is a draft or returned;
- lessons are added by the editors, and by agency reporters for their agency's
  actions only (a lesson of an action their agency owns or works on);
- the figures (:func:`climateplan.plans.review.review_figures`) are assembled from the
  platform's records; they are stored again with every change while the review is
  editable and kept as they are from the endorsement on;
- every write goes through :func:`climateplan.site.workflow.locked_write` with the
  review's revision (a stale page is a :class:`Conflict`, nothing written), after the
  slow work (reading the records, computing the figures); input problems are listed
  all at once, bilingual and located, and nothing is saved;
- history: each change is a :class:`PlanChange` of the plan with item ``review:<pk>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone

from climateplan.errors import InputError, Problem
from climateplan.plans.review import ReviewInputs, chapter_keys, review_figures
from climateplan.plans.web.access import REVIEW_TRANSITIONS, PlanAccess
from climateplan.plans.web.models import (
    PLAN_LOCKED_STATES,
    Action,
    Lesson,
    Plan,
    PlanChange,
    PlanReview,
    ReviewState,
    Section,
    SectionKind,
)
from climateplan.plans.web.services import endorsement_problems, record
from climateplan.site.workflow import Conflict, WorkflowError, locked, locked_write

__all__ = ["Conflict", "WorkflowError"]

NARRATIVE_MAX = 20_000  # characters of one chapter in one language
LESSON_FIELDS = ("what_worked", "barriers", "recommendations")
FIGURES_CACHE_SECONDS = 600
KIND_TITLES = {
    PlanReview.Kind.END: ("End-of-plan review", "การทบทวนผลการดำเนินงานระยะสิ้นสุดแผน"),
    PlanReview.Kind.MID: ("Mid-term review", "การทบทวนผลการดำเนินงานระยะกลางแผน"),
}


def _denied(en: str, th: str) -> PermissionDenied:
    return PermissionDenied(f"{en} / {th}")


def item_of(review: PlanReview) -> str:
    return f"review:{review.pk}"


# --------------------------------------------------------------------------- figures


def _register(document: dict | None) -> list[dict] | None:
    if not document or not isinstance(document.get("register"), list):
        return None
    return document["register"]


def later_risk(plan: Plan) -> tuple[list[dict] | None, dict | None]:
    """The register of a later risk assessment than the plan's: a newer version's or the
    successor plan's risk section result, when it was computed from other inputs."""
    own = Section.objects.filter(plan=plan, kind=SectionKind.RISK).first()
    own_digest = ((own.result if own else None) or {}).get("inputs_digest")
    newer = Plan.objects.filter(
        province=plan.province,
        start_year=plan.start_year,
        end_year=plan.end_year,
        version__gt=plan.version,
    ).order_by("-version")
    successors = Plan.objects.filter(predecessor=plan).order_by("-start_year", "-version")
    for candidate, en, th in [
        *((p, f"the plan's version {p.version}", f"แผนฉบับที่ {p.version}") for p in newer),
        *(
            (
                p,
                f"the successor plan {p.start_year}-{p.end_year}",
                f"แผนฉบับถัดไป พ.ศ. {p.start_year + 543}-{p.end_year + 543}",
            )
            for p in successors
        ),
    ]:
        section = Section.objects.filter(plan=candidate, kind=SectionKind.RISK).first()
        document = section.result if section is not None else None
        register = _register(document)
        if register is None or (own_digest and document.get("inputs_digest") == own_digest):
            continue
        return register, {"en": en, "th": th, "plan": candidate.pk}
    return None, None


def _base_total(plan: Plan, basis: str) -> float | None:
    inventory = plan.base_inventory
    if inventory is None or not basis:
        return None
    stored = {"basic": "total_basic", "basic_plus": "total_basic_plus"}
    total = getattr(inventory, stored[basis]) if basis in stored else None
    if total is None and inventory.result:
        from climateplan.mitigation.baseline import from_json_dict

        try:
            total = from_json_dict(inventory.result).total(basis)
        except (InputError, KeyError):
            return None
    return None if total is None else float(total)


def _with_review_columns(records, plan: Plan):
    """The monitoring records with what the review shows besides the dashboard's: each
    report's reason, each adaptation indicator's kind (output or outcome)."""
    from climateplan.monitoring.web.models import ProgressReport

    reasons = dict(ProgressReport.objects.filter(period__plan=plan).values_list("id", "reason"))
    records.reports["reason"] = records.reports["id"].map(reasons).fillna("")
    kinds = {}
    for action_id, data in Action.objects.filter(
        section__plan=plan, section__kind=SectionKind.ADAPTATION
    ).values_list("id", "data"):
        for i, item in enumerate((data or {}).get("indicators") or []):
            if isinstance(item, dict):
                kinds[(action_id, f"indicator:{i}")] = str(item.get("kind") or "output")
    if len(records.indicators):
        records.indicators["kind"] = [
            kinds.get((a, k), "")
            for a, k in zip(records.indicators["action_id"], records.indicators["key"], strict=True)
        ]
    return records


def assemble(plan: Plan, as_of: dt.date) -> dict:
    """The review's figures as of a date, from the platform's records (slow: reads the
    plan's monitoring, inventories and risk results)."""
    from climateplan.monitoring.web.dashboard import (
        actual_emissions,
        plan_records,
        reduction_document,
    )

    document = reduction_document(plan)
    basis = (document or {}).get("basis", "basic_plus")
    inventories = {y: v["total"] for y, v in actual_emissions(plan, basis).items()}
    base = _base_total(plan, basis)
    if base is not None:
        inventories[int(plan.base_year)] = base
    risk_section = Section.objects.filter(plan=plan, kind=SectionKind.RISK).first()
    after, source = later_risk(plan)
    inputs = ReviewInputs(
        start_year=plan.start_year,
        end_year=plan.end_year,
        base_year=plan.base_year,
        as_of=as_of,
        records=_with_review_columns(plan_records(plan), plan),
        document=document,
        inventories=inventories,
        risk_before=_register(risk_section.result if risk_section else None) or [],
        risk_after=after,
        risk_after_source=source,
    )
    return review_figures(inputs)


def _stamp(review: PlanReview) -> str:
    from climateplan.monitoring.web.dashboard import data_stamp

    plan = review.plan
    later = Section.objects.filter(
        plan__province=plan.province, kind=SectionKind.RISK, plan__start_year__gte=plan.start_year
    ).aggregate(t=Max("updated_at"), n=Max("plan_id"))
    parts = [data_stamp(plan, "all", review.as_of), later, review.as_of.isoformat()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def current_figures(review: PlanReview) -> dict:
    """What the review shows: its stored figures once endorsed, else the figures of now
    (kept under a stamp of every record they are read from)."""
    if not review.is_editable and review.figures:
        return review.figures
    key = f"plan-review-figures:{review.pk}:{_stamp(review)}"
    figures = cache.get(key)
    if figures is None:
        figures = assemble(review.plan, review.as_of)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures


# --------------------------------------------------------------------------- start


def default_titles(plan: Plan, kind: str) -> tuple[str, str]:
    en, th = KIND_TITLES[PlanReview.Kind(kind)]
    return f"{th} {plan.title_th}"[:300], f"{en}: {plan.title_en or plan.title_th}"[:300]


def start_review(
    access: PlanAccess,
    user,
    plan: Plan,
    *,
    kind: str,
    as_of: dt.date | None,
    title_th: str = "",
    title_en: str = "",
) -> PlanReview:
    """A new review of an approved or published plan, with its figures as of ``as_of``."""
    if not access.can_start_review(plan):
        raise _denied(
            "only the province's editors start a review, of an approved or published plan",
            "เฉพาะผู้จัดทำแผนของจังหวัดเท่านั้นที่เริ่มการทบทวนได้ และแผนต้องได้รับอนุมัติหรือเผยแพร่แล้ว",
        )
    problems = []
    if kind not in PlanReview.Kind.values:
        problems.append(
            Problem(
                "choose the kind of review: end-of-plan or mid-term",
                "กรุณาเลือกประเภทการทบทวน: ระยะสิ้นสุดแผน หรือระยะกลางแผน",
                column="kind",
                value=str(kind)[:20],
            )
        )
    first_day = dt.date(plan.start_year - 1, 10, 1)  # the plan's first fiscal year starts
    if as_of is None:
        problems.append(
            Problem(
                "give the date the figures count up to (day/month/year)",
                "กรุณาระบุวันที่ที่ใช้นับข้อมูลถึง (วัน/เดือน/ปี)",
                column="as_of",
            )
        )
    elif as_of < first_day or as_of > timezone.localdate():
        problems.append(
            Problem(
                f"the date must be within the plan's period (from {first_day:%d/%m/%Y}) "
                "and not in the future",
                f"วันที่ต้องอยู่ในช่วงของแผน (ตั้งแต่ {first_day.day}/{first_day.month}/"
                f"{first_day.year + 543}) และต้องไม่เป็นวันในอนาคต",
                column="as_of",
                value=as_of.isoformat(),
            )
        )
    if len(title_th) > 300 or len(title_en) > 300:
        problems.append(
            Problem(
                "a title has at most 300 characters",
                "ชื่อเรื่องยาวได้ไม่เกิน 300 ตัวอักษร",
                column="title_th" if len(title_th) > 300 else "title_en",
            )
        )
    if problems:
        raise InputError(problems)
    figures = assemble(plan, as_of)  # slow: before the transaction
    th, en = default_titles(plan, kind)

    def check(row: Plan) -> None:
        if not access.can_start_review(row):
            raise WorkflowError(
                f"the plan moved to {row.state} meanwhile",
                "สถานะของแผนเปลี่ยนไประหว่างนี้ กรุณาโหลดหน้าใหม่",
            )

    with locked(Plan, plan.pk, check=check) as row:
        review = PlanReview.objects.create(
            plan=row,
            kind=kind,
            as_of=as_of,
            title_th=title_th.strip() or th,
            title_en=title_en.strip() or en,
            figures=figures,
            figures_at=timezone.now(),
            created_by=user,
        )
        record(
            row,
            user,
            PlanChange.Action.ADD,
            item=item_of(review),
            new={"review": review.pk, "kind": kind, "as_of": as_of.isoformat()},
        )
    return review


# --------------------------------------------------------------------------- edits


def _may_edit(access: PlanAccess):
    def check(row: PlanReview) -> None:
        if not access.can_edit_review(row):
            raise WorkflowError(
                "the review is no longer a draft or returned: it cannot be changed",
                "การทบทวนไม่ได้อยู่ในสถานะร่างหรือส่งกลับแก้ไขแล้ว จึงแก้ไขไม่ได้",
            )

    return check


def save_narrative(
    access: PlanAccess, user, review: PlanReview, *, expected_revision, texts: dict
) -> PlanReview:
    """Write the narrative of one or more chapters: ``{key: {"th": ..., "en": ...}}``."""
    if not access.can_edit_review(review):
        raise _denied(
            "only the province's editors write the review, while it is a draft or returned",
            "เฉพาะผู้จัดทำแผนของจังหวัดเท่านั้นที่เขียนรายงานการทบทวนได้ ขณะเป็นร่างหรือถูกส่งกลับ",
        )
    keys = set(chapter_keys())
    problems = []
    clean: dict[str, dict[str, str]] = {}
    for key, value in texts.items():
        if key not in keys:
            problems.append(
                Problem(
                    f"unknown chapter {key!r}",
                    f"ไม่รู้จักบท {key!r}",
                    column="chapter",
                    value=str(key)[:40],
                )
            )
            continue
        clean[key] = {}
        for lang in ("th", "en"):
            text = str((value or {}).get(lang) or "").replace("\r\n", "\n").strip()
            if len(text) > NARRATIVE_MAX:
                problems.append(
                    Problem(
                        f"the {'Thai' if lang == 'th' else 'English'} text of this chapter has "
                        f"{len(text):,} characters; at most {NARRATIVE_MAX:,}",
                        f"ข้อความภาษา{'ไทย' if lang == 'th' else 'อังกฤษ'}ของบทนี้ยาว "
                        f"{len(text):,} ตัวอักษร ยาวได้ไม่เกิน {NARRATIVE_MAX:,}",
                        column=f"{key}_{lang}",
                    )
                )
            clean[key][lang] = text
    if problems:
        raise InputError(problems)
    figures = assemble(review.plan, review.as_of)
    with locked_write(
        PlanReview, review.pk, expected_revision=expected_revision, check=_may_edit(access)
    ) as row:
        old = {k: row.narrative.get(k) for k in clean}
        row.narrative = {**row.narrative, **clean}
        row.figures, row.figures_at = figures, timezone.now()
        row.save()
        record(
            row.plan,
            user,
            PlanChange.Action.EDIT,
            item=item_of(row),
            old={"narrative": old, "revision": row.revision - 1},
            new={"narrative": clean, "revision": row.revision},
        )
    return row


def lesson_actions(access: PlanAccess, user, plan: Plan):
    """The actions a user may write a lesson about: every monitored action of the plan for
    the editors, their agency's for an agency reporter."""
    from climateplan.monitoring.web.access import monitored_actions, monitoring_access_for

    if access.role.is_editor and access.own(plan):
        return monitored_actions(plan)
    if access.role.is_agency_reporter:
        return monitoring_access_for(user).reportable_actions(plan)
    return Action.objects.none()


def add_lesson(
    access: PlanAccess,
    user,
    review: PlanReview,
    *,
    expected_revision,
    scope: str,
    action_id=None,
    sector: str = "",
    what_worked: str = "",
    barriers: str = "",
    recommendations: str = "",
    sectors: dict[str, str] | None = None,
) -> Lesson:
    """A lesson learned (what worked, barriers, recommendations) for an action, a sector
    or the whole plan; an agency reporter's lessons are of their agency's actions only."""
    plan = review.plan
    if not access.can_add_lesson(review, plan):
        raise _denied(
            "lessons are added by the province's editors and agency reporters, while the "
            "review is a draft or returned",
            "ผู้จัดทำแผนของจังหวัดและผู้รายงานของหน่วยงานเพิ่มบทเรียนได้ ขณะการทบทวนเป็นร่างหรือถูกส่งกลับ",
        )
    texts = {
        "what_worked": what_worked.strip(),
        "barriers": barriers.strip(),
        "recommendations": recommendations.strip(),
    }
    problems = []
    action = None
    if scope not in Lesson.Scope.values:
        problems.append(
            Problem(
                "choose what the lesson is about: an action, a sector or the plan",
                "กรุณาเลือกว่าบทเรียนเป็นของมาตรการหรือกิจกรรม รายสาขา หรือแผนโดยรวม",
                column="scope",
                value=str(scope)[:20],
            )
        )
    elif access.role.is_agency_reporter and scope != Lesson.Scope.ACTION:
        problems.append(
            Problem(
                "an agency writes lessons of its own actions: choose one of them",
                "หน่วยงานเขียนบทเรียนของมาตรการหรือกิจกรรมของตนเอง กรุณาเลือกมาตรการหรือกิจกรรม",
                column="scope",
                value=scope,
            )
        )
    if scope == Lesson.Scope.ACTION:
        allowed = lesson_actions(access, user, plan)
        try:
            action = allowed.filter(pk=int(action_id)).first() if action_id else None
        except (TypeError, ValueError):
            action = None
        if action is None:
            problems.append(
                Problem(
                    "choose one of the plan's actions"
                    + (
                        " that your agency owns or works on"
                        if access.role.is_agency_reporter
                        else ""
                    ),
                    "กรุณาเลือกมาตรการหรือกิจกรรมของแผน"
                    + (
                        "ที่หน่วยงานของคุณรับผิดชอบหรือร่วมดำเนินการ"
                        if access.role.is_agency_reporter
                        else ""
                    ),
                    column="action",
                    value=str(action_id or "")[:20],
                )
            )
    if scope == Lesson.Scope.SECTOR and sector not in (sectors or {}):
        problems.append(
            Problem(
                "choose one of the plan's sectors",
                "กรุณาเลือกสาขาของแผน",
                column="sector",
                value=str(sector)[:40],
            )
        )
    if not any(texts.values()):
        problems.append(
            Problem(
                "write at least one of: what worked, barriers, recommendations",
                "กรุณาเขียนอย่างน้อยหนึ่งช่อง: สิ่งที่ได้ผล อุปสรรค หรือข้อเสนอแนะ",
                column="what_worked",
            )
        )
    for name, text in texts.items():
        if len(text) > 4000:
            problems.append(
                Problem(
                    f"at most 4,000 characters ({len(text):,} given)",
                    f"ยาวได้ไม่เกิน 4,000 ตัวอักษร (มี {len(text):,})",
                    column=name,
                )
            )
    if problems:
        raise InputError(problems)
    agency = ""
    if access.role.is_agency_reporter:
        agency = access.role.agency or ""
    elif action is not None:
        from climateplan.monitoring.web.access import agency_code_of

        agency = agency_code_of(action.owner_agency) or ""
    figures = assemble(plan, review.as_of)

    def check(row: PlanReview) -> None:
        if not access.can_add_lesson(row, plan):
            raise WorkflowError(
                "the review is no longer a draft or returned: lessons cannot be added",
                "การทบทวนไม่ได้อยู่ในสถานะร่างหรือส่งกลับแก้ไขแล้ว จึงเพิ่มบทเรียนไม่ได้",
            )

    with locked_write(
        PlanReview, review.pk, expected_revision=expected_revision, check=check
    ) as row:
        position = (row.lessons.aggregate(m=Max("position"))["m"] or 0) + 1
        lesson = Lesson.objects.create(
            review=row,
            scope=scope,
            action=action if scope == Lesson.Scope.ACTION else None,
            sector=sector if scope == Lesson.Scope.SECTOR else "",
            agency=agency[:32],
            position=position,
            author=user,
            **texts,
        )
        if row.is_editable:
            row.figures, row.figures_at = figures, timezone.now()
            row.save(update_fields=["figures", "figures_at"])
        record(
            plan,
            user,
            PlanChange.Action.ADD,
            item=item_of(row),
            new={
                "lesson": lesson.pk,
                "scope": scope,
                "action": action.code if action else "",
                "sector": lesson.sector,
                "revision": row.revision,
            },
        )
    return lesson


def can_delete_lesson(access: PlanAccess, user, lesson: Lesson, review: PlanReview) -> bool:
    """The editors remove any lesson of an editable review; a reporter their own."""
    if not access.can_add_lesson(review, review.plan):
        return False
    return access.role.is_editor or lesson.author_id == getattr(user, "pk", None)


def delete_lesson(
    access: PlanAccess, user, review: PlanReview, lesson: Lesson, *, expected_revision
) -> None:
    if not can_delete_lesson(access, user, lesson, review):
        raise _denied(
            "you cannot remove this lesson now",
            "คุณลบบทเรียนนี้ไม่ได้ในขณะนี้",
        )

    def check(row: PlanReview) -> None:
        if not can_delete_lesson(access, user, lesson, row):
            raise WorkflowError(
                "the review is no longer a draft or returned",
                "การทบทวนไม่ได้อยู่ในสถานะร่างหรือส่งกลับแก้ไขแล้ว",
            )

    with locked_write(
        PlanReview, review.pk, expected_revision=expected_revision, check=check
    ) as row:
        old = {
            "lesson": lesson.pk,
            "scope": lesson.scope,
            **{k: getattr(lesson, k)[:500] for k in LESSON_FIELDS},
        }
        deleted, _ = Lesson.objects.filter(pk=lesson.pk, review=row).delete()
        if not deleted:
            raise WorkflowError("the lesson was removed meanwhile", "บทเรียนนี้ถูกลบไปแล้ว")
        record(
            row.plan,
            user,
            PlanChange.Action.DELETE,
            item=item_of(row),
            old={**old, "revision": row.revision - 1},
        )


# --------------------------------------------------------------------------- workflow


def endorse_review(
    access: PlanAccess,
    user,
    review: PlanReview,
    *,
    expected_revision,
    body: str,
    meeting: str,
    date: dt.date | None,
    authority: str,
) -> PlanReview:
    """The approver records the provincial endorsement; the figures are assembled one
    last time and kept as they are from now on."""
    if not access.can_transition_review(review, "endorse"):
        raise _denied(
            "only the province's approver records its endorsement, of a draft review",
            "เฉพาะผู้รับรองแผนของจังหวัดเท่านั้นที่บันทึกการให้ความเห็นชอบ และการทบทวนต้องเป็นฉบับร่าง",
        )
    problems = endorsement_problems(
        body, meeting, date, authority, subject="review", example="1/2569"
    )
    if problems:
        raise InputError(problems)
    figures = assemble(review.plan, review.as_of)

    def check(row: PlanReview) -> None:
        if not access.can_transition_review(row, "endorse"):
            raise WorkflowError("the review is no longer a draft", "การทบทวนไม่ได้อยู่ในสถานะร่างแล้ว")

    with locked_write(
        PlanReview, review.pk, expected_revision=expected_revision, check=check
    ) as row:
        row.state = ReviewState.ENDORSED
        row.endorsement_body = body.strip()[:300]
        row.endorsement_meeting = meeting.strip()[:32]
        row.endorsement_date = date
        row.endorsement_authority = authority.strip()[:300]
        row.endorsed_by = user
        row.endorsed_at = timezone.now()
        row.figures, row.figures_at = figures, timezone.now()
        row.save()
        record(
            row.plan,
            user,
            PlanChange.Action.ENDORSE,
            item=item_of(row),
            old={"state": ReviewState.DRAFT},
            new={
                "state": ReviewState.ENDORSED,
                "body": row.endorsement_body,
                "meeting": row.endorsement_meeting,
                "date": date.isoformat(),
                "authority": row.endorsement_authority,
                "revision": row.revision,
            },
        )
    return row


def transition_review(
    access: PlanAccess, user, review: PlanReview, action: str, *, expected_revision, comment=""
) -> PlanReview:
    """withdraw, submit, return (with a comment), approve, publish."""
    if action == "endorse":
        raise WorkflowError("use the endorsement form", "กรุณาใช้แบบฟอร์มบันทึกการให้ความเห็นชอบ")
    if action not in REVIEW_TRANSITIONS:
        raise WorkflowError(f"unknown action {action!r}", f"ไม่รู้จักการดำเนินการ {action!r}")
    if not access.can_transition_review(review, action):
        raise _denied(
            "you cannot do this with this review now",
            "คุณไม่สามารถดำเนินการนี้กับการทบทวนนี้ได้ในขณะนี้",
        )
    comment = (comment or "").strip()
    if action == "return" and not comment:
        raise InputError(
            [
                Problem(
                    "say what must change: a returned review needs a comment",
                    "กรุณาระบุสิ่งที่ต้องแก้ไข การส่งกลับต้องมีความเห็นประกอบ",
                    column="comment",
                )
            ]
        )
    if len(comment) > 4000:
        raise InputError(
            [
                Problem(
                    f"the comment has {len(comment):,} characters; at most 4,000",
                    f"ความเห็นยาว {len(comment):,} ตัวอักษร ยาวได้ไม่เกิน 4,000",
                    column="comment",
                )
            ]
        )
    target = REVIEW_TRANSITIONS[action][1]

    def check(row: PlanReview) -> None:
        if not access.can_transition_review(row, action):
            raise WorkflowError(
                f"the review moved to {row.state} meanwhile",
                "สถานะของการทบทวนเปลี่ยนไประหว่างนี้ กรุณาโหลดหน้าใหม่",
            )

    now = timezone.now()
    with locked_write(
        PlanReview, review.pk, expected_revision=expected_revision, check=check
    ) as row:
        old_state = row.state
        row.state = target
        if action == "withdraw":
            row.endorsed_at = None
            row.endorsed_by = None
        elif action == "submit":
            row.submitted_at = now
        elif action == "return":
            row.review_comment = comment
        elif action == "approve":
            row.approved_at = now
            if comment:
                row.review_comment = comment
        elif action == "publish":
            row.published_at = now
        row.save()
        record(
            row.plan,
            user,
            PlanChange.Action.WITHDRAW if action == "withdraw" else PlanChange.Action.TRANSITION,
            item=item_of(row),
            old={"state": old_state},
            new={"state": target, "comment": comment, "revision": row.revision},
        )
    return row


def history(review: PlanReview, limit: int = 30) -> list[PlanChange]:
    return list(
        PlanChange.objects.filter(plan_id=review.plan_id, item=item_of(review)).select_related(
            "user"
        )[:limit]
    )


def reviewable(plan: Plan) -> bool:
    return plan.state in PLAN_LOCKED_STATES
