"""The working group's meetings: the list, a meeting's record (new, edit, read) and its
progress report, as a printable page and an XLSX workbook.

Everyone who reads the plan's monitoring reads the meetings (an agency reporter's
progress report covers their agency's actions only); the province's editor records
them, with the revision the page was made on.
"""

from __future__ import annotations

import pandas as pd
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from climateplan.errors import InputError
from climateplan.monitoring import exports_meeting as xm
from climateplan.monitoring import progress_table as pt
from climateplan.monitoring.periods import period_label
from climateplan.monitoring.web import services_meetings as meetings
from climateplan.monitoring.web.access import MonitoringAccess
from climateplan.monitoring.web.context import monitored_plan, monitoring_context
from climateplan.monitoring.web.models import Meeting, WorkingGroupMember
from climateplan.plans.web.models import Plan
from climateplan.reference.provinces import provinces
from climateplan.site.bilingual import is_thai, tr
from climateplan.site.workflow import WorkflowError

FIELD_LABELS = {
    "number": ("Meeting number", "ครั้งที่"),
    "date": ("Date", "วันที่ประชุม"),
    "mode": ("Mode", "รูปแบบการประชุม"),
    "location": ("Place", "สถานที่"),
    "link": ("Meeting link", "ลิงก์การประชุม"),
    "period": ("Reporting period reviewed", "รอบการรายงานที่พิจารณา"),
    "attendees": ("Attendees", "ผู้เข้าประชุม"),
    "other_attendees": ("Other attendees", "ผู้เข้าร่วมประชุมอื่น"),
    "agenda": ("Agenda", "ระเบียบวาระ"),
    "minutes": ("Minutes", "บันทึกการประชุม"),
    "decisions": ("Decisions", "มติที่ประชุม"),
}
BLANK_DECISIONS = 3


def _lang() -> str:
    return "th" if is_thai() else "en"


def problem_rows(problems, lang: str) -> list[dict]:
    rows = []
    for p in problems:
        label = FIELD_LABELS.get(str(p.column or ""))
        rows.append(
            {
                "label": (label[1] if lang == "th" else label[0]) if label else "",
                "message": p.message_th if lang == "th" else p.message_en,
            }
        )
    return rows


def _list_url(plan: Plan) -> str:
    return reverse("monitoring:meetings", args=[plan.pk])


def _meeting_or_404(plan: Plan, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(plan=plan, pk=pk)
        .select_related("period")
        .prefetch_related("attendees__agency", "decisions__actions")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def _managed(request, pk: int) -> tuple[Plan, MonitoringAccess]:
    plan, access = monitored_plan(request, pk)
    if not access.can_manage(plan):
        raise PermissionDenied(
            tr(
                "only the province's editors record the working group's meetings",
                "ผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่บันทึกการประชุมคณะทำงานได้",
            )
        )
    return plan, access


def period_name(period, lang: str) -> str:
    if period is None:
        return ""
    return period_label(period.fiscal_year, period.number, period.starts, period.ends, lang)


@require_GET
def meeting_list(request, pk: int):
    plan, access = monitored_plan(request, pk)
    lang = _lang()
    context = monitoring_context(request, plan, access, "meetings")
    rows = (
        Meeting.objects.filter(plan=plan)
        .select_related("period")
        .prefetch_related("decisions")
        .order_by("-date", "-pk")
    )
    context["meetings"] = [
        {
            "meeting": m,
            "period": period_name(m.period, lang),
            "decisions": len(m.decisions.all()),
            "attendees": m.attendees.count(),
        }
        for m in rows
    ]
    return render(request, "monitoring/meetings.html", context)


def _form_context(request, plan, access, data: meetings.MeetingInput, meeting=None, **extra):
    lang = _lang()
    context = monitoring_context(request, plan, access, "meetings")
    actions = list(
        meetings.monitored_actions(plan).select_related("section").order_by("section__kind")
    )
    actions.sort(key=lambda a: (meetings.ORDER.get(a.section.kind, 9), a.position, a.pk))
    decisions = list(data.decisions)
    decisions += [meetings.DecisionInput() for _ in range(BLANK_DECISIONS)]
    context.update(
        {
            "meeting": meeting,
            "values": data,
            "decision_rows": [{"index": i, "row": d} for i, d in enumerate(decisions)],
            "decision_count": len(decisions),
            "mode_choices": Meeting.Mode.choices,
            "periods": [
                (p.pk, period_name(p, lang)) for p in plan.reporting_periods.order_by("starts")
            ],
            "members": [
                (m.pk, m.agency.name(lang), m.get_role_display())
                for m in WorkingGroupMember.objects.filter(plan=plan)
                .select_related("agency")
                .order_by("position", "pk")
            ],
            "actions": [
                (a.pk, a.code, a.name_th if lang == "th" else (a.name_en or a.name_th))
                for a in actions
            ],
            "problems": [],
            **extra,
        }
    )
    return context


def _save(request, plan, access, meeting=None):
    data = meetings.MeetingInput.from_post(request.POST)
    revision = request.POST.get("revision")
    try:
        if meeting is None:
            meeting = meetings.create_meeting(access, plan, request.user, data, revision=revision)
        else:
            meeting = meetings.update_meeting(access, plan, meeting, data, revision=revision)
    except InputError as error:
        context = _form_context(
            request,
            plan,
            access,
            data,
            meeting,
            problems=problem_rows(error.problems, _lang()),
        )
        return render(request, "monitoring/meeting_form.html", context, status=400)
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        if meeting is None:
            return redirect(reverse("monitoring:meeting_new", args=[plan.pk]))
        return redirect(reverse("monitoring:meeting_edit", args=[plan.pk, meeting.pk]))
    messages.success(
        request,
        tr(f"Meeting {meeting.number} saved", f"บันทึกการประชุมครั้งที่ {meeting.number} แล้ว"),
    )
    return redirect(reverse("monitoring:meeting", args=[plan.pk, meeting.pk]))


@require_http_methods(["GET", "POST"])
def meeting_new(request, pk: int):
    plan, access = _managed(request, pk)
    if request.method == "POST":
        return _save(request, plan, access)
    data = meetings.MeetingInput(
        attendees=list(WorkingGroupMember.objects.filter(plan=plan).values_list("pk", flat=True))
    )
    latest = plan.reporting_periods.order_by("-starts").first()
    if latest is not None:
        data.period = str(latest.pk)
    return render(
        request, "monitoring/meeting_form.html", _form_context(request, plan, access, data)
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int, meeting: int):
    plan, access = _managed(request, pk)
    row = _meeting_or_404(plan, meeting)
    if request.method == "POST":
        return _save(request, plan, access, row)
    data = meetings.MeetingInput.from_meeting(row, _lang())
    return render(
        request,
        "monitoring/meeting_form.html",
        _form_context(request, plan, access, data, row),
    )


@require_POST
def meeting_delete(request, pk: int, meeting: int):
    plan, access = _managed(request, pk)
    row = _meeting_or_404(plan, meeting)
    try:
        meetings.delete_meeting(access, plan, row.pk, revision=request.POST.get("revision"))
    except WorkflowError as error:
        messages.error(request, tr(error.message_en, error.message_th))
        return redirect(reverse("monitoring:meeting", args=[plan.pk, row.pk]))
    messages.success(
        request,
        tr(f"Meeting {row.number} deleted", f"ลบการประชุมครั้งที่ {row.number} แล้ว"),
    )
    return redirect(_list_url(plan))


def progress_context(plan, access, meeting, lang: str) -> dict:
    """The meeting's progress report: every action's status for its period, by agency
    and by sector (the same tables as the workbook)."""
    actions, reports = meetings.progress_records(plan, access, meeting.period)
    table = pt.action_table(actions, reports)
    labels = pt.sector_labels()
    rows = []
    for r in table.to_dict("records"):
        rows.append(
            {
                **r,
                "name": r["name_th"] if lang == "th" else r["name_en"],
                "agency_name": r["agency_th"] if lang == "th" else r["agency_en"],
                "status_label": pt.status_label(r["status"], lang),
                "state_label": pt.state_label(r["state"], lang),
                "kind_label": pt.kind_label(r["kind"], lang),
                "sector_names": [
                    labels.get(k, (k, k))[1 if lang == "th" else 0] for k in r["sectors"]
                ],
                "reported": r["status"] != pt.NOT_REPORTED[0],
            }
        )
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(row["agency"], {"name": row["agency_name"], "rows": []})
        group["rows"].append(row)

    def summary(frame):
        out = []
        for s in frame.to_dict("records"):
            out.append(
                {
                    **s,
                    "label": s["label_th"] if lang == "th" else s["label_en"],
                    "counts": [s[k] for k in pt.STATUS_KEYS],
                }
            )
        return out

    by_agency = summary(pt.by_agency(table))
    for s in by_agency:
        s["rows"] = groups.get(s["key"], {}).get("rows", [])
    heads = [(k, th if lang == "th" else en) for k, en, th in (*pt.STATUSES, pt.NOT_REPORTED)]
    totals = summary(pd.DataFrame([pt.totals(table)]))[0] if len(table) else None
    if totals is not None:
        totals["chips"] = [(k, label, totals[k]) for k, label in heads]
    return {
        "rows": rows,
        "by_agency": by_agency,
        "by_sector": summary(pt.by_sector(table, labels)),
        "totals": totals,
        "status_heads": heads,
        "only_own_actions": access.role.is_agency_reporter,
    }


@require_GET
def meeting_detail(request, pk: int, meeting: int):
    plan, access = monitored_plan(request, pk)
    row = _meeting_or_404(plan, meeting)
    lang = _lang()
    context = monitoring_context(request, plan, access, "meetings")
    context.update(
        {
            "meeting": row,
            "period_name": period_name(row.period, lang),
            "attendees": [(m.agency.name(lang), m.get_role_display()) for m in row.attendees.all()],
            "decisions": [
                {
                    "decision": d,
                    "actions": sorted(d.actions.all(), key=lambda a: a.code),
                }
                for d in row.decisions.all()
            ],
            **progress_context(plan, access, row, lang),
        }
    )
    return render(request, "monitoring/meeting_detail.html", context)


def _province_names(code: str) -> tuple[str, str]:
    table = provinces()
    hit = table[table["code"] == code]
    if not len(hit):
        return code, code
    return str(hit.iloc[0]["name_th"]), str(hit.iloc[0]["name_en"])


@require_GET
def meeting_report(request, pk: int, meeting: int):
    """The printable progress report (A4, no navigation)."""
    plan, access = monitored_plan(request, pk)
    row = _meeting_or_404(plan, meeting)
    lang = _lang()
    th, en = _province_names(plan.province)
    context = {
        "plan": plan,
        "lang": lang,
        "meeting": row,
        "province_name": th if lang == "th" else en,
        "plan_title": plan.title_th if lang == "th" else (plan.title_en or plan.title_th),
        "period_name": period_name(row.period, lang),
        **progress_context(plan, access, row, lang),
    }
    return render(request, "monitoring/meeting_report.html", context)


@require_GET
def meeting_xlsx(request, pk: int, meeting: int):
    plan, access = monitored_plan(request, pk)
    row = _meeting_or_404(plan, meeting)
    lang = _lang()
    th, en = _province_names(plan.province)
    header = xm.MeetingHeader(
        province_th=th,
        province_en=en,
        plan_title_th=plan.title_th,
        plan_title_en=plan.title_en,
        plan_start=plan.start_year,
        plan_end=plan.end_year,
        meeting_number=row.number,
        meeting_date=row.date,
        period_th=period_name(row.period, "th"),
        period_en=period_name(row.period, "en"),
    )
    actions, reports = meetings.progress_records(plan, access, row.period)
    data = xm.workbook(header, pt.action_table(actions, reports), lang)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{xm.file_name(header, lang)}"'
    return response
