"""Working-group meetings: record a meeting (its number such as ครั้งที่ 1/2568, date,
mode, attendees, agenda, minutes, decisions linked to actions) and build its progress
report (every action's status for the period it reviews).

Input is read and checked first, every problem named at once (:class:`InputError`,
nothing saved); the write then goes through :func:`services.monitoring_write` (the
plan's monitoring lock, revision and permission at commit time).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.monitoring import progress_table as pt
from climateplan.monitoring.web.access import (
    MonitoringAccess,
    action_agencies,
    agency_index,
    monitored_actions,
)
from climateplan.monitoring.web.models import (
    Agency,
    Meeting,
    MeetingDecision,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.monitoring.web.services import monitoring_write
from climateplan.plans.period import BE_OFFSET
from climateplan.plans.web.models import Plan
from climateplan.site.workflow import WorkflowError

# "1/2568", "ครั้งที่ 1/2568", "1 / 2568": the meeting's number in its year (Buddhist Era).
NUMBER = re.compile(r"^\s*(?:ครั้งที่\s*)?(\d{1,3})\s*/\s*(\d{4})\s*$")
MAX_DECISIONS = 30
LIMITS = {"location": 300, "other_attendees": 4000, "agenda": 8000, "minutes": 20000}


def fiscal_year_of(day: dt.date) -> int:
    """The Thai fiscal year (CE year it ends in) of a day: 1 October starts the next one."""
    return day.year + 1 if day.month >= 10 else day.year


def parse_number(text: str, day: dt.date | None) -> tuple[str, list[Problem]]:
    """The number as stored ("1/2568") and its problems: a number from 1, a Buddhist Era
    year that is the meeting's calendar or fiscal year (a meeting of October to December
    may be counted in the new fiscal year)."""
    match = NUMBER.match(str(text or ""))
    if not match:
        return "", [
            Problem(
                message_en="the meeting number is the number / Buddhist Era year, e.g. 1/2568",
                message_th="ครั้งที่ประชุมต้องอยู่ในรูป ลำดับ/ปี พ.ศ. เช่น 1/2568",
                column="number",
                value=str(text or ""),
            )
        ]
    number, year = int(match.group(1)), int(match.group(2))
    problems = []
    if number < 1:
        problems.append(
            Problem(
                message_en="the meeting number starts at 1",
                message_th="ลำดับการประชุมเริ่มที่ 1",
                column="number",
                value=text,
            )
        )
    if day is not None:
        allowed = {day.year + BE_OFFSET, fiscal_year_of(day) + BE_OFFSET}
        if year not in allowed:
            years = " or ".join(str(y) for y in sorted(allowed))
            years_th = " หรือ ".join(str(y) for y in sorted(allowed))
            problems.append(
                Problem(
                    message_en=(
                        f"the year of the number ({year}) is not the meeting's year in the "
                        f"Buddhist Era ({years}); a Common Era year? add 543"
                    ),
                    message_th=(
                        f"ปีของครั้งที่ประชุม ({year}) ไม่ตรงกับปี พ.ศ. ของวันประชุม ({years_th}) "
                        "หากเป็นปี ค.ศ. ให้บวก 543"
                    ),
                    column="number",
                    value=text,
                )
            )
    return f"{number}/{year}", problems


DATE_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date | None:
    """15/5/2568 (Buddhist Era, as Thai documents write it), 15/5/2025 or 2025-05-15;
    a year above 2400 is Buddhist Era. None when it is no date."""
    text = str(text or "")
    m = DATE_DMY.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = DATE_ISO.match(text)
        if not m:
            return None
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year > 2400:
        year -= BE_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_input(day: dt.date | None, lang: str) -> str:
    """A date as the form shows it: 15/5/2568 on Thai pages, 2025-05-15 on English ones."""
    if day is None:
        return ""
    if lang == "th":
        return f"{day.day}/{day.month}/{day.year + BE_OFFSET}"
    return day.isoformat()


@dataclass
class DecisionInput:
    text: str = ""
    actions: list[int] = field(default_factory=list)
    due: str = ""


@dataclass
class MeetingInput:
    number: str = ""
    date: str = ""
    mode: str = Meeting.Mode.IN_PERSON
    location: str = ""
    link: str = ""
    period: str = ""
    attendees: list[int] = field(default_factory=list)
    other_attendees: str = ""
    agenda: str = ""
    minutes: str = ""
    decisions: list[DecisionInput] = field(default_factory=list)

    @classmethod
    def from_post(cls, post) -> MeetingInput:
        def ids(values) -> list[int]:
            return [int(v) for v in values if str(v).isascii() and str(v).isdigit()]

        decisions = []
        rows = post.get("decision_rows", "0")
        count = int(rows) if rows.isascii() and rows.isdigit() else 0
        for i in range(min(count, MAX_DECISIONS + 5)):
            decisions.append(
                DecisionInput(
                    text=str(post.get(f"decision_text_{i}", "")).strip(),
                    actions=ids(post.getlist(f"decision_actions_{i}")),
                    due=str(post.get(f"decision_due_{i}", "")).strip(),
                )
            )
        return cls(
            number=str(post.get("number", "")).strip(),
            date=str(post.get("date", "")).strip(),
            mode=str(post.get("mode", "")).strip(),
            location=" ".join(str(post.get("location", "")).split()),
            link=str(post.get("link", "")).strip(),
            period=str(post.get("period", "")).strip(),
            attendees=ids(post.getlist("attendees")),
            other_attendees=str(post.get("other_attendees", "")).strip(),
            agenda=str(post.get("agenda", "")).strip(),
            minutes=str(post.get("minutes", "")).strip(),
            decisions=decisions,
        )

    @classmethod
    def from_meeting(cls, meeting: Meeting, lang: str) -> MeetingInput:
        return cls(
            number=meeting.number,
            date=date_input(meeting.date, lang),
            mode=meeting.mode,
            location=meeting.location,
            link=meeting.link,
            period=str(meeting.period_id or ""),
            attendees=list(meeting.attendees.values_list("pk", flat=True)),
            other_attendees=meeting.other_attendees,
            agenda=meeting.agenda,
            minutes=meeting.minutes,
            decisions=[
                DecisionInput(
                    text=d.text,
                    actions=list(d.actions.values_list("pk", flat=True)),
                    due=date_input(d.due, lang),
                )
                for d in meeting.decisions.all()
            ],
        )


@dataclass
class CheckedMeeting:
    number: str
    date: dt.date
    mode: str
    location: str
    link: str
    period: ReportingPeriod | None
    attendees: list[WorkingGroupMember]
    other_attendees: str
    agenda: str
    minutes: str
    decisions: list[tuple[str, list[int], dt.date | None]]


def check_meeting(plan: Plan, data: MeetingInput, *, meeting: Meeting | None) -> CheckedMeeting:
    """Every problem of the form at once (InputError), or the values to save."""
    problems = ProblemCollector()
    day = parse_date(data.date)
    if day is None:
        problems.add(
            "the meeting's date: day/month/year, e.g. 15/5/2568 (Buddhist Era) or 2025-05-15",
            "วันที่ประชุม: วัน/เดือน/ปี เช่น 15/5/2568 (พ.ศ.) หรือ 2025-05-15",
            column="date",
            value=data.date,
        )
    number, number_problems = parse_number(data.number, day)
    problems.extend(number_problems)
    if number and not number_problems:
        clash = Meeting.objects.filter(plan=plan, number=number)
        if meeting is not None:
            clash = clash.exclude(pk=meeting.pk)
        if clash.exists():
            problems.add(
                f"the plan has a meeting {number} already",
                f"แผนนี้มีการประชุมครั้งที่ {number} แล้ว",
                column="number",
                value=data.number,
            )
    if data.mode not in Meeting.Mode.values:
        problems.add(
            "the mode is in person, online or both",
            "รูปแบบการประชุมต้องเป็น ณ ห้องประชุม ออนไลน์ หรือแบบผสม",
            column="mode",
            value=data.mode,
        )
    if data.link:
        scheme = urlsplit(data.link).scheme.lower()
        try:
            URLValidator(schemes=["http", "https"])(data.link)
            valid = scheme in ("http", "https") and len(data.link) <= 200
        except ValidationError:
            valid = False
        if not valid:
            problems.add(
                "the meeting link must be a web address starting with https:// or http://",
                "ลิงก์การประชุมต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย https:// หรือ http://",
                column="link",
                value=data.link[:200],
            )
    if data.mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID) and not data.link:
        problems.add(
            "an online meeting needs its link",
            "การประชุมออนไลน์ต้องระบุลิงก์การประชุม",
            column="link",
        )
    if data.mode in (Meeting.Mode.IN_PERSON, Meeting.Mode.HYBRID) and not data.location:
        problems.add(
            "a meeting in person needs its place",
            "การประชุม ณ ห้องประชุมต้องระบุสถานที่",
            column="location",
        )
    for name, limit in LIMITS.items():
        if len(getattr(data, name)) > limit:
            problems.add(f"at most {limit:,} characters", f"ไม่เกิน {limit:,} ตัวอักษร", column=name)
    period = None
    if data.period:
        period = ReportingPeriod.objects.filter(
            plan=plan,
            pk=int(data.period) if data.period.isascii() and data.period.isdigit() else -1,
        ).first()
        if period is None:
            problems.add(
                "choose a reporting period of this plan",
                "กรุณาเลือกรอบการรายงานของแผนนี้",
                column="period",
                value=data.period,
            )
    members = {m.pk: m for m in WorkingGroupMember.objects.filter(plan=plan)}
    attendees = [members[i] for i in data.attendees if i in members]
    if len(attendees) != len(set(data.attendees)):
        problems.add(
            "an attendee is no longer a member of the working group (reload the page)",
            "ผู้เข้าประชุมบางหน่วยงานไม่ได้เป็นคณะทำงานแล้ว (กรุณาโหลดหน้าใหม่)",
            column="attendees",
        )
    action_ids = set(monitored_actions(plan).values_list("pk", flat=True))
    decisions = []
    for i, d in enumerate(data.decisions, start=1):
        if not d.text and not d.actions and not d.due:
            continue
        if not d.text:
            problems.add(
                f"decision {i}: write the decision",
                f"มติที่ {i}: กรุณาระบุข้อความมติ",
                column="decisions",
            )
        if len(d.text) > 4000:
            problems.add(
                f"decision {i}: at most 4,000 characters",
                f"มติที่ {i}: ไม่เกิน 4,000 ตัวอักษร",
                column="decisions",
            )
        if set(d.actions) - action_ids:
            problems.add(
                f"decision {i}: an action is not one of this plan's",
                f"มติที่ {i}: มีมาตรการที่ไม่ใช่ของแผนนี้",
                column="decisions",
            )
        due = None
        if d.due:
            due = parse_date(d.due)
            if due is None:
                problems.add(
                    f"decision {i}: the due date is day/month/year, e.g. 30/9/2568",
                    f"มติที่ {i}: วันที่กำหนดเสร็จต้องอยู่ในรูป วัน/เดือน/ปี เช่น 30/9/2568",
                    column="decisions",
                    value=d.due,
                )
            elif day is not None and due < day:
                problems.add(
                    f"decision {i}: the due date is before the meeting",
                    f"มติที่ {i}: วันที่กำหนดเสร็จอยู่ก่อนวันประชุม",
                    column="decisions",
                    value=d.due,
                )
        decisions.append((d.text, sorted(set(d.actions)), due))
    if len(decisions) > MAX_DECISIONS:
        problems.add(
            f"at most {MAX_DECISIONS} decisions per meeting",
            f"บันทึกมติได้ไม่เกิน {MAX_DECISIONS} ข้อต่อการประชุม",
            column="decisions",
        )
    problems.raise_if_any()
    return CheckedMeeting(
        number=number,
        date=day,
        mode=data.mode,
        location=data.location,
        link=data.link,
        period=period,
        attendees=attendees,
        other_attendees=data.other_attendees,
        agenda=data.agenda,
        minutes=data.minutes,
        decisions=decisions,
    )


def _save(meeting: Meeting, checked: CheckedMeeting) -> Meeting:
    for name in ("number", "date", "mode", "location", "link", "period"):
        setattr(meeting, name, getattr(checked, name))
    for name in ("other_attendees", "agenda", "minutes"):
        setattr(meeting, name, getattr(checked, name))
    meeting.save()
    meeting.attendees.set(checked.attendees)
    meeting.decisions.all().delete()
    for position, (text, actions, due) in enumerate(checked.decisions):
        decision = MeetingDecision.objects.create(
            meeting=meeting, position=position, text=text, due=due
        )
        decision.actions.set(actions)
    return meeting


def create_meeting(access: MonitoringAccess, plan: Plan, user, data: MeetingInput, *, revision):
    checked = check_meeting(plan, data, meeting=None)
    with monitoring_write(access, plan, expected_revision=revision):
        if Meeting.objects.filter(plan=plan, number=checked.number).exists():
            raise InputError([_taken(checked.number)])
        meeting = Meeting(plan=plan, created_by=user if user.is_authenticated else None)
        return _save(meeting, checked)


def _taken(number: str) -> Problem:
    return Problem(
        message_en=f"the plan has a meeting {number} already",
        message_th=f"แผนนี้มีการประชุมครั้งที่ {number} แล้ว",
        column="number",
        value=number,
    )


def _meeting(plan: Plan, pk) -> Meeting:
    meeting = Meeting.objects.filter(plan=plan, pk=pk).first()
    if meeting is None:
        raise WorkflowError(
            "that meeting is no longer recorded (reload the page)",
            "ไม่พบการประชุมนี้แล้ว (กรุณาโหลดหน้าใหม่)",
        )
    return meeting


def update_meeting(
    access: MonitoringAccess, plan: Plan, meeting: Meeting, data: MeetingInput, *, revision
):
    checked = check_meeting(plan, data, meeting=meeting)
    with monitoring_write(access, plan, expected_revision=revision):
        row = _meeting(plan, meeting.pk)
        if Meeting.objects.filter(plan=plan, number=checked.number).exclude(pk=row.pk).exists():
            raise InputError([_taken(checked.number)])
        return _save(row, checked)


def delete_meeting(access: MonitoringAccess, plan: Plan, pk, *, revision) -> None:
    with monitoring_write(access, plan, expected_revision=revision):
        _meeting(plan, pk).delete()


# ---- the meeting's progress report


ORDER = {"reduction": 0, "adaptation": 1}


def progress_records(
    plan: Plan, access: MonitoringAccess, period: ReportingPeriod | None
) -> tuple[list[dict], list[dict]]:
    """(actions, reports) as plain records for :mod:`climateplan.monitoring.progress_table`.

    An agency reporter sees their agency's actions only (and their reports): the table
    then covers those actions, never the others as "not reported".
    """
    index = agency_index()
    agencies = {a.code: a for a in Agency.objects.all()}
    if access.role.is_agency_reporter:
        actions = access.reportable_actions(plan)
    else:
        actions = monitored_actions(plan)
    actions = sorted(
        actions.select_related("section"),
        key=lambda a: (ORDER.get(a.section.kind, 9), a.position, a.pk),
    )
    records = []
    for a in actions:
        owner, _ = action_agencies(a, index)
        agency = agencies.get(owner)
        co = []
        for name in a.co_agencies or []:
            code = index.get(" ".join(str(name).split()).casefold(), "")
            co.append(agencies[code].name_th if code in agencies else str(name))
        records.append(
            {
                "id": a.pk,
                "code": a.code,
                "kind": a.section.kind,
                "name_th": a.name_th,
                "name_en": a.name_en or a.name_th,
                "agency": owner or a.owner_agency,
                "agency_th": agency.name_th if agency else a.owner_agency,
                "agency_en": (agency.name_en or agency.name_th) if agency else a.owner_agency,
                "co_agencies": co,
                "sectors": pt.action_sectors(a.section.kind, a.data),
            }
        )
    reports = []
    if period is not None:
        ids = [r["id"] for r in records]
        for r in access.reports(plan).filter(period=period, action_id__in=ids):
            reports.append(
                {
                    "action": r.action_id,
                    "status": r.status,
                    "state": r.state,
                    "percent": r.percent,
                    "disbursed": r.disbursed,
                    "reason": r.reason,
                    "comment": r.comment,
                    "revision": r.revision,
                    "updated": r.updated_at,
                }
            )
    return records, reports


__all__ = [
    "CheckedMeeting",
    "DecisionInput",
    "MeetingInput",
    "check_meeting",
    "create_meeting",
    "date_input",
    "delete_meeting",
    "parse_date",
    "parse_number",
    "progress_records",
    "update_meeting",
]
