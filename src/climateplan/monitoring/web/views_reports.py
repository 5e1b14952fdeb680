"""The "Progress reports" pages of a plan: reporting periods (generated from the plan's
rhythm, opened, closed, due dates moved by the secretariat), each period's table of
actions and their reports, the report form of an action for a period (status, reason,
percent, budget disbursed, KPI values in their units, comment, evidence; save or
submit), its review (accept, which locks it, or return with a comment) and history,
and evidence downloads.

Every page reads through the monitoring scoping (:mod:`.access`): a plan, period,
action, report or file outside one's view is a 404. Every write goes through
:mod:`.services_reports` with the revision the page was made on; a refusal or a
conflict is shown in both languages, naming the action and the period, nothing saved.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from climateplan.errors import InputError
from climateplan.monitoring.reports import STATUS_LABELS, check_report, kpi_column, kpi_unit_column
from climateplan.monitoring.web import forms_reports as forms
from climateplan.monitoring.web import services_reports as services
from climateplan.monitoring.web.access import MonitoringAccess, action_agencies, agency_index
from climateplan.monitoring.web.context import monitored_plan, monitoring_context
from climateplan.monitoring.web.models import (
    Agency,
    Evidence,
    ProgressReport,
    ReportingPeriod,
    ReportState,
)
from climateplan.monitoring.web.reminders import is_overdue
from climateplan.site.bilingual import is_thai, tr
from climateplan.site.workflow import Conflict, WorkflowError

DONE_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
STATE_LABELS = {
    "": ("Not reported", "ยังไม่รายงาน"),
    ReportState.DRAFT: ("Draft", "ร่าง"),
    ReportState.SUBMITTED: ("Submitted", "ส่งแล้ว"),
    ReportState.RETURNED: ("Returned", "ส่งกลับแก้ไข"),
    ReportState.ACCEPTED: ("Accepted", "รับรายงานแล้ว"),
}
PERIOD_STATE_LABELS = {
    ReportingPeriod.State.PLANNED: ("Not open yet", "ยังไม่เปิด"),
    ReportingPeriod.State.OPEN: ("Open for reports", "เปิดรับรายงาน"),
    ReportingPeriod.State.CLOSED: ("Closed", "ปิดแล้ว"),
}
SECTION_LABELS = {"reduction": ("Reduction", "ลดก๊าซฯ"), "adaptation": ("Adaptation", "ปรับตัว")}


def _lang() -> str:
    return "th" if is_thai() else "en"


def _action_name(action, lang: str) -> str:
    return action.name_th if lang == "th" else (action.name_en or action.name_th)


def _label(pair: tuple[str, str]) -> str:
    return tr(*pair)


def _today() -> dt.date:
    return timezone.localdate()


def _periods_url(plan) -> str:
    return reverse("monitoring:periods", args=[plan.pk])


def _period_url(plan, period) -> str:
    return reverse("monitoring:period", args=[plan.pk, period.pk])


def _report_url(plan, period, action) -> str:
    return reverse("monitoring:report", args=[plan.pk, period.pk, action.pk])


def _error(request, error: Exception) -> None:
    if isinstance(error, InputError):
        for problem in error.problems:
            field = forms.field_of(problem)
            label = forms.field_label(field, [], _lang()) if field else ""
            text = problem.message_th if is_thai() else problem.message_en
            labelled = label and not text.startswith(label)
            messages.error(request, f"{label}: {text}" if labelled else text)
    else:
        messages.error(request, tr(error.message_en, error.message_th))


class _Agencies:
    """Agency names of actions in the page's language, from one read of the table."""

    def __init__(self) -> None:
        self.index = agency_index()
        self.by_code = {a.code: a for a in Agency.objects.all()}

    def owner(self, action) -> str:
        code, _ = action_agencies(action, self.index)
        agency = self.by_code.get(code)
        if agency is None:
            return action.owner_agency or ""
        return agency.name_th if is_thai() else (agency.name_en or agency.name_th)


def _period_row(period: ReportingPeriod, lang: str) -> dict:
    return {
        "period": period,
        "label": services.period_text(period, lang),
        "state_label": _label(PERIOD_STATE_LABELS[period.state]),
    }


def _actions_for(access: MonitoringAccess, plan):
    if access.role.is_agency_reporter:
        actions = access.reportable_actions(plan)
    else:
        from climateplan.monitoring.web.access import monitored_actions

        actions = monitored_actions(plan)
    return actions.select_related("section").order_by("section__kind", "position", "pk")


def _in_plan_order(actions) -> list:
    """Reduction measures first, then adaptation actions, each in the plan's order."""
    return sorted(actions, key=lambda a: (a.section.kind != "reduction", a.position, a.pk))


# --------------------------------------------------------------------------- periods


@require_GET
def periods(request, pk: int):
    plan, access = monitored_plan(request, pk)
    lang = _lang()
    today = _today()
    context = monitoring_context(request, plan, access, "reports")
    period_list = list(ReportingPeriod.objects.filter(plan=plan).order_by("starts"))
    actions = _in_plan_order(_actions_for(access, plan))
    action_ids = [a.pk for a in actions]
    reports = list(
        access.reports(plan)
        .filter(action_id__in=action_ids)
        .values_list("period_id", "action_id", "state")
    )
    states: dict[tuple[int, int], str] = {(p, a): s for p, a, s in reports}
    rows = []
    for period in period_list:
        row = _period_row(period, lang)
        counts = {key: 0 for key in STATE_LABELS}
        for action in actions:
            counts[states.get((period.pk, action.pk), "")] += 1
        late = period.state != ReportingPeriod.State.PLANNED and period.due < today
        done = counts[ReportState.SUBMITTED] + counts[ReportState.ACCEPTED]
        row.update(
            {
                "counts": [(_label(STATE_LABELS[k]), k or "none", v) for k, v in counts.items()],
                "done": done,
                "total": len(actions),
                "overdue": len(actions) - done if late else 0,
            }
        )
        rows.append(row)
    mine = []
    if access.role.is_agency_reporter:
        for period in period_list:
            if period.state != ReportingPeriod.State.OPEN:
                continue
            for action in actions:
                state = states.get((period.pk, action.pk), "")
                mine.append(
                    {
                        "period_label": services.period_text(period, lang),
                        "action": action,
                        "name": _action_name(action, lang),
                        "state": state or "none",
                        "state_label": _label(STATE_LABELS[state]),
                        "url": _report_url(plan, period, action),
                        "due": period.due,
                        "overdue": is_overdue(period, state, today),
                    }
                )
    monitoring = context["monitoring"]
    context.update(
        {
            "period_rows": rows,
            "my_actions": mine,
            "month_choices": [
                (12, tr("Every 12 months (once a fiscal year)", "ทุก 12 เดือน (ปีงบประมาณละครั้ง)")),
                (6, tr("Every 6 months (two halves)", "ทุก 6 เดือน (ครึ่งปีแรกและครึ่งปีหลัง)")),
                (3, tr("Every 3 months (quarters)", "ทุก 3 เดือน (รายไตรมาส)")),
            ],
            "revision": monitoring.revision,
            "today": today,
        }
    )
    return render(request, "monitoring/reports_periods.html", context)


@require_POST
def generate(request, pk: int):
    plan, access = monitored_plan(request, pk)
    months, days, problems = forms.rhythm_input(request.POST)
    try:
        if problems:
            raise InputError(problems)
        added = services.generate_periods(
            access,
            plan,
            expected_revision=request.POST.get("revision"),
            months=months,
            due_days=days,
        )
    except (InputError, WorkflowError) as error:
        _error(request, error)
    else:
        if added:
            messages.success(
                request,
                tr(f"{added} reporting periods added.", f"เพิ่มรอบการรายงาน {added} รอบแล้ว"),
            )
        else:
            messages.info(
                request,
                tr(
                    "Every fiscal year of the plan already has its periods: nothing added.",
                    "ทุกปีงบประมาณของแผนมีรอบการรายงานครบแล้ว จึงไม่มีการเพิ่ม",
                ),
            )
    return redirect(_periods_url(plan))


@require_POST
def period_state(request, pk: int, period: int):
    plan, access = monitored_plan(request, pk)
    row = get_object_or_404(ReportingPeriod, pk=period, plan=plan)
    try:
        row = services.set_period_state(
            access,
            plan,
            row.pk,
            request.POST.get("move", ""),
            expected_revision=request.POST.get("revision"),
        )
    except (InputError, WorkflowError) as error:
        _error(request, error)
    else:
        label = services.period_text(row, _lang())
        messages.success(
            request,
            tr(f"{label}: open for reports.", f"{label}: เปิดรับรายงานแล้ว")
            if row.state == ReportingPeriod.State.OPEN
            else tr(f"{label}: closed.", f"{label}: ปิดรอบแล้ว"),
        )
    return redirect(_periods_url(plan))


@require_POST
def period_due(request, pk: int, period: int):
    plan, access = monitored_plan(request, pk)
    row = get_object_or_404(ReportingPeriod, pk=period, plan=plan)
    try:
        row = services.set_period_due(
            access,
            plan,
            row.pk,
            forms.date_input(request.POST),
            expected_revision=request.POST.get("revision"),
        )
    except (InputError, WorkflowError) as error:
        _error(request, error)
    else:
        messages.success(
            request,
            tr(
                f"{services.period_text(row, 'en')}: due date moved.",
                f"{services.period_text(row, 'th')}: เปลี่ยนวันครบกำหนดส่งแล้ว",
            ),
        )
    return redirect(_periods_url(plan))


@require_GET
def period_detail(request, pk: int, period: int):
    plan, access = monitored_plan(request, pk)
    row = get_object_or_404(ReportingPeriod, pk=period, plan=plan)
    lang = _lang()
    today = _today()
    context = monitoring_context(request, plan, access, "reports")
    actions = _in_plan_order(_actions_for(access, plan))
    reports = {
        r.action_id: r for r in access.reports(plan).filter(period=row).select_related("agency")
    }
    names = _Agencies()
    lines = []
    for action in actions:
        report = reports.get(action.pk)
        state = report.state if report else ""
        lines.append(
            {
                "action": action,
                "name": _action_name(action, lang),
                "section": _label(SECTION_LABELS.get(action.section.kind, ("", ""))),
                "agency": names.owner(action),
                "report": report,
                "state": state or "none",
                "state_label": _label(STATE_LABELS[state]),
                "status_label": _label(STATUS_LABELS[report.status])
                if report and report.status in STATUS_LABELS
                else "",
                "overdue": is_overdue(row, state, today),
                "url": _report_url(plan, row, action),
            }
        )
    context.update(
        {
            "period_row": _period_row(row, lang),
            "lines": lines,
            "overdue_count": sum(1 for line in lines if line["overdue"]),
            "today": today,
        }
    )
    return render(request, "monitoring/reports_period.html", context)


# --------------------------------------------------------------------------- one report


def _visible_action(access: MonitoringAccess, plan, action_id: int):
    """The action, if this user may read its reports (an agency reporter: their own)."""
    actions = _actions_for(access, plan)
    action = actions.filter(pk=action_id).first()
    if action is None:
        raise Http404
    return action


def _kpi_rows(kpis, report: ProgressReport | None, posted=None) -> list[dict]:
    stored = {v.get("key"): v for v in (report.kpi_values if report else []) or []}
    rows = []
    for kpi in kpis:
        value = stored.get(kpi.key) or {}
        if posted is not None:
            entered = posted.get(kpi_column(kpi.key), "")
            unit = posted.get(kpi_unit_column(kpi.key), kpi.unit)
        else:
            entered = value.get("entered_value", "")
            unit = value.get("entered_unit") or kpi.unit
        rows.append(
            {
                "kpi": kpi,
                "name": kpi.name(_lang()),
                "field": kpi_column(kpi.key),
                "unit_field": kpi_unit_column(kpi.key),
                "entered": ""
                if entered is None
                else f"{entered:g}"
                if isinstance(entered, float)
                else entered,
                "unit": unit,
                "value": value.get("value") if posted is None else None,
                "stored_unit": value.get("unit", kpi.unit),
            }
        )
    return rows


def _report_page(
    request,
    plan,
    access,
    period,
    action,
    *,
    problems=(),
    refusal=None,
    posted=None,
    status=200,
):
    lang = _lang()
    report = (
        ProgressReport.objects.filter(action=action, period=period)
        .select_related("submitted_by", "reviewed_by", "agency")
        .first()
    )
    kpis = services.kpis_of(action)
    if report is not None:
        can_edit = services.why_not_editable(access, report, plan) is None
    else:
        probe = ProgressReport(action=action, period=period, state=ReportState.DRAFT)
        can_edit = services.why_not_editable(access, probe, plan) is None
    context = monitoring_context(request, plan, access, "reports")
    values = posted if posted is not None else {}
    source = report
    context.update(
        {
            "period_row": _period_row(period, lang),
            "action": action,
            "action_name": _action_name(action, lang),
            "agency_name": _Agencies().owner(action),
            "report": report,
            "state": report.state if report else "none",
            "state_label": _label(STATE_LABELS[report.state if report else ""]),
            "status_label": _label(STATUS_LABELS[report.status])
            if report and report.status in STATUS_LABELS
            else "",
            "status_choices": [(k, _label(v)) for k, v in STATUS_LABELS.items()],
            "kpi_rows": _kpi_rows(kpis, report, posted),
            "values": {
                "status": values.get("status", source.status if source else ""),
                "reason": values.get("reason", source.reason if source else ""),
                "percent": values.get("percent", f"{source.percent:g}" if source else ""),
                "disbursed": values.get("disbursed", f"{source.disbursed:g}" if source else ""),
                "comment": values.get("comment", source.comment if source else ""),
            },
            "can_edit": can_edit,
            "can_review": bool(report and access.can_review(report, plan)),
            "evidence": list(report.evidence.all()) if report else [],
            "events": list(report.events.select_related("user")) if report else [],
            "revision": report.revision if report else 0,
            "problems": forms.problem_rows(list(problems), kpis, lang),
            "problem_fields": {forms.field_of(p) for p in problems},
            "refusal": refusal,
            "is_overdue": is_overdue(period, report.state if report else "", _today()),
            "evidence_limit_mb": services.evidence_limit() / (1024 * 1024),
            "period_url": _period_url(plan, period),
        }
    )
    return render(request, "monitoring/reports_report.html", context, status=status)


def _refusal_text(error: WorkflowError) -> str:
    return tr(error.message_en, error.message_th)


@require_http_methods(["GET", "POST"])
def report(request, pk: int, period: int, action: int):
    plan, access = monitored_plan(request, pk)
    period_row = get_object_or_404(ReportingPeriod, pk=period, plan=plan)
    action_row = _visible_action(access, plan, action)
    if request.method == "GET":
        return _report_page(request, plan, access, period_row, action_row)

    intent = request.POST.get("intent", "save")
    existing = ProgressReport.objects.filter(action=action_row, period=period_row).first()
    if intent.startswith("remove:"):
        if existing is None:
            raise Http404
        try:
            evidence_id = int(intent.split(":", 1)[1])
        except ValueError as exc:
            raise Http404 from exc
        get_object_or_404(Evidence, pk=evidence_id, report=existing)
        try:
            services.remove_evidence(
                access,
                plan,
                existing,
                evidence_id,
                request.user,
                expected_revision=request.POST.get("revision"),
            )
        except WorkflowError as error:
            return _report_page(
                request,
                plan,
                access,
                period_row,
                action_row,
                refusal=_refusal_text(error),
                status=409 if isinstance(error, Conflict) else 403,
            )
        messages.success(request, tr("The file was removed.", "ลบไฟล์แล้ว"))
        return redirect(_report_url(plan, period_row, action_row))

    # refuse early (before reading files) what the lock would refuse anyway
    probe = existing or ProgressReport(action=action_row, period=period_row, state="draft")
    reason = services.why_not_editable(access, probe, plan)
    if reason:
        return _report_page(
            request,
            plan,
            access,
            period_row,
            action_row,
            refusal=tr(*reason),
            posted=request.POST,
            status=403,
        )
    kpis = services.kpis_of(action_row)
    files, problems = services.read_evidence(request.FILES.getlist("evidence"))
    try:
        values = check_report(**forms.report_input(request.POST, kpis))
    except InputError as error:
        problems = list(error.problems) + problems
        values = None
    if problems:
        return _report_page(
            request,
            plan,
            access,
            period_row,
            action_row,
            problems=problems,
            posted=request.POST,
            status=400,
        )
    submit = intent == "submit"
    try:
        services.save_report(
            access,
            plan,
            action_row,
            period_row,
            request.user,
            expected_revision=request.POST.get("revision"),
            values=values,
            files=files,
            submit=submit,
        )
    except WorkflowError as error:
        return _report_page(
            request,
            plan,
            access,
            period_row,
            action_row,
            refusal=_refusal_text(error),
            posted=request.POST,
            status=409 if isinstance(error, Conflict) else 403,
        )
    messages.success(
        request,
        tr("The report was submitted for review.", "ส่งรายงานเพื่อพิจารณาแล้ว")
        if submit
        else tr("The draft was saved.", "บันทึกร่างแล้ว"),
    )
    return redirect(_report_url(plan, period_row, action_row))


@require_POST
def review(request, pk: int, period: int, action: int):
    plan, access = monitored_plan(request, pk)
    period_row = get_object_or_404(ReportingPeriod, pk=period, plan=plan)
    action_row = _visible_action(access, plan, action)
    existing = get_object_or_404(
        ProgressReport.objects.select_related("action", "period"),
        action=action_row,
        period=period_row,
    )
    decision = request.POST.get("decision", "")
    try:
        services.review_report(
            access,
            plan,
            existing,
            request.user,
            expected_revision=request.POST.get("revision"),
            decision=decision,
            comment=request.POST.get("review_comment", ""),
        )
    except InputError as error:
        return _report_page(
            request, plan, access, period_row, action_row, problems=error.problems, status=400
        )
    except WorkflowError as error:
        return _report_page(
            request,
            plan,
            access,
            period_row,
            action_row,
            refusal=_refusal_text(error),
            status=409 if isinstance(error, Conflict) else 403,
        )
    messages.success(
        request,
        tr("The report was accepted and is now locked.", "รับรายงานแล้ว รายงานถูกล็อก")
        if decision == "accept"
        else tr("The report was returned to the agency.", "ส่งรายงานกลับไปยังหน่วยงานแล้ว"),
    )
    return redirect(_report_url(plan, period_row, action_row))


@require_GET
def evidence(request, pk: int, evidence: int):
    """An evidence file, only through the scoping, always as a download."""
    plan, access = monitored_plan(request, pk)
    row = get_object_or_404(
        Evidence.objects.select_related("report"),
        pk=evidence,
        report__in=access.reports(plan),
    )
    path = services.evidence_file(row)
    if path is None:
        raise Http404
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
