"""The write path of reporting periods, progress reports, their evidence and review.

Slow work (checking the values with :mod:`climateplan.monitoring.reports`, reading and
type-checking the evidence with :mod:`climateplan.uploads`) happens first; then one
short transaction under the row lock and revision (:func:`services.monitoring_write`
for periods, :func:`services.report_write` for a report) checks permission and state
as they are at commit time and writes. Anything refused leaves nothing behind (a file
written for a write that fails is removed again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from climateplan.errors import InputError, Problem
from climateplan.monitoring import periods as core_periods
from climateplan.monitoring.kpis import action_kpis
from climateplan.monitoring.reports import ReportValues
from climateplan.monitoring.web.access import (
    REPORT_EDITABLE_STATES,
    MonitoringAccess,
    agency_code_of,
)
from climateplan.monitoring.web.models import (
    Agency,
    Evidence,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from climateplan.monitoring.web.services import (
    monitoring_write,
    record_event,
    report_write,
)
from climateplan.plans.web.models import Action, Plan
from climateplan.reports.cells import atomic_write
from climateplan.site.workflow import Conflict, WorkflowError
from climateplan.uploads import (
    EVIDENCE_MAX_BYTES,
    check_evidence,
    evidence_content_type,
    evidence_suffix,
)

EVIDENCE_FOLDER = "evidence"
MAX_EVIDENCE_FILES = 10  # per save


def kpis_of(action: Action):
    return action_kpis(action.kpi, action.data)


def period_text(period: ReportingPeriod, lang: str) -> str:
    return core_periods.period_label(
        period.fiscal_year, period.number, period.starts, period.ends, lang
    )


# --------------------------------------------------------------------------- periods


def generate_periods(
    access: MonitoringAccess, plan: Plan, *, expected_revision, months: int, due_days: int
) -> int:
    """Keep the plan's reporting rhythm and add the periods of its fiscal years that do
    not overlap a period it has; returns the number added."""
    problems = core_periods.check_rhythm(months, due_days)
    if problems:
        raise InputError(problems)
    wanted = core_periods.plan_periods(plan.start_year, plan.end_year, months, due_days)
    with monitoring_write(access, plan, expected_revision=expected_revision) as row:
        row.period_months = months
        row.due_days = due_days
        row.save(update_fields=["period_months", "due_days"])
        have = list(ReportingPeriod.objects.filter(plan=plan).values_list("starts", "ends"))
        new = [
            ReportingPeriod(
                plan=plan,
                fiscal_year=p.fiscal_year,
                number=p.number,
                starts=p.starts,
                ends=p.ends,
                due=p.due,
            )
            for p in wanted
            if not any(core_periods.overlaps(p.starts, p.ends, s, e) for s, e in have)
        ]
        ReportingPeriod.objects.bulk_create(new)
    return len(new)


PERIOD_MOVES = {
    # action: (from states, to state)
    "open": ({ReportingPeriod.State.PLANNED, ReportingPeriod.State.CLOSED}, "open"),
    "close": ({ReportingPeriod.State.OPEN}, "closed"),
}


def set_period_state(
    access: MonitoringAccess, plan: Plan, period_id: int, move: str, *, expected_revision
) -> ReportingPeriod:
    """Open (or reopen) or close a period of the plan."""
    if move not in PERIOD_MOVES:
        raise WorkflowError(f"unknown change {move!r}", f"ไม่รู้จักการเปลี่ยนแปลง {move!r}")
    sources, target = PERIOD_MOVES[move]
    with monitoring_write(access, plan, expected_revision=expected_revision):
        period = ReportingPeriod.objects.select_for_update().get(pk=period_id, plan=plan)
        label_en, label_th = period_text(period, "en"), period_text(period, "th")
        if move == "open" and not access.is_monitored(plan):
            raise WorkflowError(
                f"{label_en}: a period opens once the plan is approved",
                f"{label_th}: เปิดรอบการรายงานได้เมื่อแผนได้รับอนุมัติแล้ว",
            )
        if period.state not in sources:
            raise WorkflowError(
                f"{label_en} is {period.get_state_display().split(' / ')[0].lower()}: "
                "it cannot be changed that way",
                f"{label_th} อยู่ในสถานะ{period.get_state_display().split(' / ')[-1]} "
                "จึงเปลี่ยนแปลงเช่นนี้ไม่ได้",
            )
        period.state = target
        now = timezone.now()
        if target == "open":
            period.opened_at = now
            period.closed_at = None
        else:
            period.closed_at = now
        period.save(update_fields=["state", "opened_at", "closed_at"])
    return period


def set_period_due(
    access: MonitoringAccess, plan: Plan, period_id: int, due: dt.date | None, *, expected_revision
) -> ReportingPeriod:
    """Move a period's due date (on or after the day the period ends)."""
    period = ReportingPeriod.objects.get(pk=period_id, plan=plan)
    label_en, label_th = period_text(period, "en"), period_text(period, "th")
    if due is None or due < period.ends:
        ends = period.ends
        ends_th = f"{ends.day} {core_periods.THAI_MONTHS[ends.month - 1]} {ends.year + 543}"
        ends_en = f"{ends.day} {core_periods.ENGLISH_MONTHS[ends.month - 1]} {ends.year}"
        raise InputError(
            [
                Problem(
                    f"{label_en}: the due date is a date on or after the period ends "
                    f"({ends_en}), written day/month/year",
                    f"{label_th}: วันครบกำหนดส่งต้องเป็นวันที่สิ้นรอบ ({ends_th}) หรือหลังจากนั้น "
                    "เขียนเป็น วัน/เดือน/ปี พ.ศ.",
                    column="due",
                )
            ]
        )
    with monitoring_write(access, plan, expected_revision=expected_revision):
        period = ReportingPeriod.objects.select_for_update().get(pk=period_id, plan=plan)
        period.due = due
        period.save(update_fields=["due"])
    return period


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class EvidenceFile:
    """An uploaded evidence file that passed the guard, held in memory until the write."""

    name: str
    data: bytes
    sha256: str
    suffix: str
    content_type: str


def evidence_limit() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))


def read_evidence(uploads) -> tuple[list[EvidenceFile], list[Problem]]:
    """The evidence files of a request, each checked by the upload guard (type by name
    and first bytes, size) before it is read whole; every problem at once."""
    limit = evidence_limit()
    files: list[EvidenceFile] = []
    problems: list[Problem] = []
    uploads = [u for u in uploads if u is not None]
    if len(uploads) > MAX_EVIDENCE_FILES:
        problems.append(
            Problem(
                f"{len(uploads)} files attached at once; at most {MAX_EVIDENCE_FILES}",
                f"แนบไฟล์พร้อมกัน {len(uploads)} ไฟล์ เกิน {MAX_EVIDENCE_FILES} ไฟล์",
                column="evidence",
            )
        )
        return [], problems
    for upload in uploads:
        name = Path(str(upload.name or "evidence")).name[:200]
        size = int(upload.size or 0)
        head = b""
        if size <= limit:
            upload.seek(0)
            head = upload.read(4096)
            upload.seek(0)
        found = check_evidence(name, size, head, limit)
        if found:
            problems.extend(found)
            continue
        data = upload.read(limit + 1)
        if len(data) > limit:  # the size the client declared was wrong
            problems.extend(check_evidence(name, len(data), head, limit))
            continue
        files.append(
            EvidenceFile(
                name=name,
                data=data,
                sha256=hashlib.sha256(data).hexdigest(),
                suffix=evidence_suffix(name),
                content_type=evidence_content_type(name),
            )
        )
    return files, problems


def evidence_root() -> Path:
    return Path(settings.DATA_DIR) / EVIDENCE_FOLDER


def evidence_relpath(plan_id: int, report_id: int, sha256: str, suffix: str) -> str:
    return f"{EVIDENCE_FOLDER}/{int(plan_id)}/{int(report_id)}/{sha256}{suffix}"


def evidence_file(evidence: Evidence) -> Path | None:
    """The stored file of an evidence row, only inside the evidence folder."""
    root = evidence_root().resolve()
    path = (Path(settings.DATA_DIR) / evidence.path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def _store(plan: Plan, report: ProgressReport, files: list[EvidenceFile], user) -> list[Path]:
    """Write the files (content-addressed, atomically) and their rows; returns the paths
    this call created, for removal if the transaction fails."""
    created: list[Path] = []
    for item in files:
        rel = evidence_relpath(plan.pk, report.pk, item.sha256, item.suffix)
        path = Path(settings.DATA_DIR) / rel
        if not path.exists():
            atomic_write(path, item.data)
            created.append(path)
        Evidence.objects.create(
            report=report,
            path=rel,
            name=item.name,
            content_type=item.content_type,
            size=len(item.data),
            sha256=item.sha256,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        )
    return created


# --------------------------------------------------------------------------- reports


def why_not_editable(
    access: MonitoringAccess, report: ProgressReport, plan: Plan
) -> tuple[str, str] | None:
    """Why this user may not change the report now (None when they may), located."""
    action, period = report.action, report.period
    where_en = f"{action.code}, {period_text(period, 'en')}"
    where_th = f"{action.code}, {period_text(period, 'th')}"
    if not access.is_monitored(plan):
        return (
            f"{where_en}: progress is reported on the latest approved version of the plan",
            f"{where_th}: รายงานความก้าวหน้าได้เฉพาะแผนฉบับล่าสุดที่ได้รับอนุมัติแล้ว",
        )
    if period.plan_id != plan.pk:
        return (
            f"{where_en}: the period is not one of this plan's",
            f"{where_th}: รอบการรายงานนี้ไม่ใช่ของแผนนี้",
        )
    if period.state != ReportingPeriod.State.OPEN:
        return (
            f"{where_en}: the period is not open for reports "
            f"({period.get_state_display().split(' / ')[0].lower()})",
            f"{where_th}: รอบการรายงานนี้ไม่ได้เปิดรับรายงาน "
            f"({period.get_state_display().split(' / ')[-1]})",
        )
    if not access.reportable_actions(plan).filter(pk=action.pk).exists():
        return (
            f"{where_en}: your agency does not report on this action",
            f"{where_th}: หน่วยงานของคุณไม่ได้รับผิดชอบรายงานมาตรการนี้",
        )
    if report.pk and report.state not in REPORT_EDITABLE_STATES:
        if report.state == ReportState.ACCEPTED:
            return (
                f"{where_en}: the report was accepted and is locked",
                f"{where_th}: รายงานได้รับการรับรองแล้วและถูกล็อก แก้ไขไม่ได้",
            )
        return (
            f"{where_en}: the report was submitted and awaits review; it can be changed "
            "once it is returned",
            f"{where_th}: รายงานส่งแล้วและรอการพิจารณา แก้ไขได้เมื่อถูกส่งกลับ",
        )
    return None


def _agency_for(access: MonitoringAccess, action: Action) -> Agency | None:
    agency = access.agency()
    if agency is not None:
        return agency
    code = agency_code_of(action.owner_agency)
    return Agency.objects.filter(code=code).first() if code else None


def save_report(
    access: MonitoringAccess,
    plan: Plan,
    action: Action,
    period: ReportingPeriod,
    user,
    *,
    expected_revision,
    values: ReportValues,
    files: list[EvidenceFile] = (),
    submit: bool = False,
) -> ProgressReport:
    """Save (and optionally submit) the report of ``action`` for ``period``.

    ``expected_revision`` is the report's revision the form was made on, ``"0"`` for a
    report that did not exist yet. Raises WorkflowError / Conflict when refused.
    """
    created_paths: list[Path] = []

    def check(row: ProgressReport) -> None:
        row = ProgressReport.objects.select_related("action", "period").get(pk=row.pk)
        fresh_plan = Plan.objects.get(pk=plan.pk)
        reason = why_not_editable(access, row, fresh_plan)
        if reason:
            raise WorkflowError(*reason)

    try:
        with transaction.atomic():
            report = (
                ProgressReport.objects.select_for_update()
                .filter(action=action, period=period)
                .first()
            )
            if report is None:
                if str(expected_revision) != "0":
                    raise Conflict(0)
                probe = ProgressReport(action=action, period=period, state=ReportState.DRAFT)
                reason = why_not_editable(access, probe, Plan.objects.get(pk=plan.pk))
                if reason:
                    raise WorkflowError(*reason)
                try:
                    with transaction.atomic():
                        report = ProgressReport.objects.create(
                            action=action,
                            period=period,
                            agency=_agency_for(access, action),
                            status=values.status,
                            created_by=user,
                        )
                except IntegrityError as exc:  # someone made it a moment ago
                    raise Conflict(1) from exc
                expected_revision = report.revision
            elif str(expected_revision) == "0":
                raise Conflict(report.revision)
            with report_write(report, expected_revision=expected_revision, check=check) as row:
                row.status = values.status
                row.reason = values.reason
                row.percent = values.percent
                row.disbursed = values.disbursed
                row.kpi_values = values.kpi_values
                row.comment = values.comment
                if submit:
                    row.state = ReportState.SUBMITTED
                    row.submitted_by = user
                    row.submitted_at = timezone.now()
                row.save()
                created_paths = _store(plan, row, list(files), user)
                if files:
                    record_event(
                        row,
                        ReportEvent.Kind.EVIDENCE,
                        user,
                        ", ".join(f.name for f in files),
                    )
                record_event(
                    row, ReportEvent.Kind.SUBMIT if submit else ReportEvent.Kind.SAVE, user
                )
                return row
    except BaseException:
        for path in created_paths:
            if not Evidence.objects.filter(path=str(path.relative_to(settings.DATA_DIR))).exists():
                path.unlink(missing_ok=True)
        raise


def remove_evidence(
    access: MonitoringAccess,
    plan: Plan,
    report: ProgressReport,
    evidence_id: int,
    user,
    *,
    expected_revision,
) -> None:
    """Remove an evidence file of an editable report (the file goes when no row uses it)."""

    def check(row: ProgressReport) -> None:
        row = ProgressReport.objects.select_related("action", "period").get(pk=row.pk)
        reason = why_not_editable(access, row, Plan.objects.get(pk=plan.pk))
        if reason:
            raise WorkflowError(*reason)

    with report_write(report, expected_revision=expected_revision, check=check) as row:
        evidence = Evidence.objects.get(pk=evidence_id, report=row)
        path, name = evidence.path, evidence.name
        evidence.delete()
        record_event(row, ReportEvent.Kind.REMOVE_EVIDENCE, user, name)
        if not Evidence.objects.filter(path=path).exists():
            transaction.on_commit(lambda: (Path(settings.DATA_DIR) / path).unlink(missing_ok=True))


def review_report(
    access: MonitoringAccess,
    plan: Plan,
    report: ProgressReport,
    user,
    *,
    expected_revision,
    decision: str,
    comment: str,
) -> ProgressReport:
    """Accept a submitted report (it is locked) or return it with a comment."""
    comment = str(comment or "").strip()
    where_en = f"{report.action.code}, {period_text(report.period, 'en')}"
    where_th = f"{report.action.code}, {period_text(report.period, 'th')}"
    if decision not in ("accept", "return"):
        raise WorkflowError(f"unknown decision {decision!r}", f"ไม่รู้จักการพิจารณา {decision!r}")
    if decision == "return" and not comment:
        raise InputError(
            [
                Problem(
                    f"{where_en}: say what to correct when returning a report",
                    f"{where_th}: กรุณาระบุสิ่งที่ต้องแก้ไขเมื่อส่งรายงานกลับ",
                    column="review_comment",
                )
            ]
        )
    if len(comment) > 4000:
        raise InputError(
            [
                Problem(
                    f"{where_en}: the comment is {len(comment):,} characters; at most 4,000",
                    f"{where_th}: ความเห็นยาว {len(comment):,} ตัวอักษร เกิน 4,000 ตัวอักษร",
                    column="review_comment",
                )
            ]
        )

    def check(row: ProgressReport) -> None:
        if not access.can_review(row, Plan.objects.get(pk=plan.pk)):
            if row.state != ReportState.SUBMITTED:
                raise WorkflowError(
                    f"{where_en}: only a submitted report is reviewed (it is "
                    f"{row.get_state_display().split(' / ')[0].lower()})",
                    f"{where_th}: พิจารณาได้เฉพาะรายงานที่ส่งแล้ว "
                    f"(สถานะปัจจุบัน: {row.get_state_display().split(' / ')[-1]})",
                )
            raise WorkflowError(
                f"{where_en}: only the province's editors review reports",
                f"{where_th}: ผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่พิจารณารายงานได้",
            )

    with report_write(report, expected_revision=expected_revision, check=check) as row:
        row.state = ReportState.ACCEPTED if decision == "accept" else ReportState.RETURNED
        row.review_comment = comment
        row.reviewed_by = user
        row.reviewed_at = timezone.now()
        row.save()
        record_event(
            row,
            ReportEvent.Kind.ACCEPT if decision == "accept" else ReportEvent.Kind.RETURN,
            user,
            comment,
        )
    if decision == "accept":
        refresh_achieved_of(plan)
    return row


def refresh_achieved_of(plan: Plan) -> None:
    """The estimated achieved reductions of the plan's accepted reports, recomputed
    after the review is committed (outside its transaction)."""
    try:
        from climateplan.monitoring.web.achieved import refresh_achieved
    except ImportError:  # pragma: no cover - the module ships with monitoring
        return
    refresh_achieved(plan)


__all__ = [
    "EvidenceFile",
    "evidence_file",
    "generate_periods",
    "kpis_of",
    "period_text",
    "read_evidence",
    "remove_evidence",
    "review_report",
    "save_report",
    "set_period_due",
    "set_period_state",
    "why_not_editable",
]
