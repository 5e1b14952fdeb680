# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""From plan to action: agencies, the plan's working group, the provincial development
plan and the links of actions to it, funding, reporting periods, progress reports with
their evidence and history, working-group meetings, reminders.

Everything hangs on a plan version (:class:`~climateplan.plans.web.models.Plan`) and its
actions (:class:`~climateplan.plans.web.models.Action`, reduction measures and
adaptation actions alike). A plan's monitoring records share one row lock and revision,
:class:`Monitoring`; a progress report has its own (:mod:`climateplan.site.workflow`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from climateplan.plans.web.models import Action, Plan
from climateplan.site.models import validate_province_code


class Agency(models.Model):
    """An agency that owns or co-operates in actions and sits in working groups.

    Shipped from ``reference/agencies`` (with each row's source) and editable by
    administrators; a row with a province belongs to that province only (the BMA
    departments to Bangkok, TH-10).
    """

    class Level(models.TextChoices):
        NATIONAL = "national", "National body / หน่วยงานระดับประเทศ"
        PROVINCIAL = "provincial", "Provincial office / ส่วนราชการระดับจังหวัด"
        LOCAL = "local", "Local administration / องค์กรปกครองส่วนท้องถิ่น"
        BMA = "bma", "Bangkok department / สำนักของกรุงเทพมหานคร"
        OTHER = "other", "Other / อื่น ๆ"

    code = models.CharField(max_length=32, unique=True)
    name_th = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True, default="")
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.PROVINCIAL)
    province = models.CharField(
        max_length=5, blank=True, default="", validators=[validate_province_code]
    )
    source = models.CharField(max_length=500, blank=True, default="")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = "agency / หน่วยงาน"
        verbose_name_plural = "agencies / หน่วยงาน"

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    def name(self, lang: str) -> str:
        return (self.name_en or self.name_th) if lang == "en" else self.name_th


class Monitoring(models.Model):
    """A plan's monitoring settings, and the row lock and revision its records share."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="monitoring")
    revision = models.PositiveIntegerField(default=1)
    # Reporting rhythm offered when periods are generated (months per period of the
    # fiscal year) and days after a period's end that a report is due.
    period_months = models.PositiveSmallIntegerField(default=6)
    due_days = models.PositiveSmallIntegerField(default=30)
    # Days before a due date that reporters are reminded.
    remind_days = models.PositiveSmallIntegerField(default=14)
    development_plan = models.ForeignKey(
        "DevelopmentPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "plan monitoring / การติดตามผลแผน"
        verbose_name_plural = "plan monitoring / การติดตามผลแผน"

    def __str__(self) -> str:
        return f"monitoring of {self.plan}"


class WorkingGroupMember(models.Model):
    """A member agency of a plan's working group, with its contact person."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair / ประธาน"
        SECRETARY = "secretary", "Secretary / เลขานุการ"
        MEMBER = "member", "Member / คณะทำงาน"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="working_group")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    position = models.PositiveIntegerField(default=0)
    contact_name = models.CharField(max_length=200, blank=True, default="")
    contact_title = models.CharField(max_length=200, blank=True, default="")  # ตำแหน่ง
    contact_email = models.EmailField(blank=True, default="")
    contact_phone = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="one_membership_per_agency")
        ]
        verbose_name = "working group member / คณะทำงาน"
        verbose_name_plural = "working group members / คณะทำงาน"


class DevelopmentPlan(models.Model):
    """A province's development plan (แผนพัฒนาจังหวัด) for a period, by its structure."""

    province = models.CharField(max_length=5, validators=[validate_province_code], db_index=True)
    start_year = models.PositiveSmallIntegerField()  # CE
    end_year = models.PositiveSmallIntegerField()
    title_th = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True, default="")
    source_file = models.CharField(max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province", "-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "start_year", "end_year"],
                name="one_development_plan_per_period",
            )
        ]
        verbose_name = "provincial development plan / แผนพัฒนาจังหวัด"
        verbose_name_plural = "provincial development plans / แผนพัฒนาจังหวัด"

    def __str__(self) -> str:
        return f"{self.province} {self.start_year}-{self.end_year} {self.title_th}"


class DevelopmentItem(models.Model):
    """A development issue, strategy, programme or project of a development plan."""

    class Level(models.TextChoices):
        ISSUE = "issue", "Development issue / ประเด็นการพัฒนา"
        STRATEGY = "strategy", "Strategy / กลยุทธ์"
        PROGRAMME = "programme", "Programme / แผนงาน"
        PROJECT = "project", "Project / โครงการ"

    development_plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="items"
    )
    level = models.CharField(max_length=16, choices=Level.choices)
    code = models.CharField(max_length=40)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name_th = models.CharField(max_length=500)
    name_en = models.CharField(max_length=500, blank=True, default="")
    position = models.PositiveIntegerField(default=0)
    # Projects: the agency that carries it, its budget (THB) and fiscal year (CE year in
    # which the fiscal year ends), as the development plan states them.
    agency = models.CharField(max_length=300, blank=True, default="")
    budget = models.FloatField(null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["development_plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["development_plan", "code"], name="one_item_code_per_development_plan"
            )
        ]
        verbose_name = "development plan item / รายการในแผนพัฒนาจังหวัด"
        verbose_name_plural = "development plan items / รายการในแผนพัฒนาจังหวัด"

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"


class ActionLink(models.Model):
    """An action's place in the provincial development plan and the text of its project sheet."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="link")
    strategy = models.ForeignKey(
        DevelopmentItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        DevelopmentItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rationale = models.TextField(blank=True, default="", max_length=4000)  # หลักการและเหตุผล
    objectives = models.TextField(blank=True, default="", max_length=4000)  # วัตถุประสงค์
    targets = models.TextField(blank=True, default="", max_length=4000)  # เป้าหมาย
    activities = models.TextField(blank=True, default="", max_length=4000)  # กิจกรรม
    location = models.CharField(max_length=300, blank=True, default="")  # พื้นที่ดำเนินการ
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "action link / ความเชื่อมโยงกับแผนพัฒนาจังหวัด"
        verbose_name_plural = "action links / ความเชื่อมโยงกับแผนพัฒนาจังหวัด"


class FundingSource(models.TextChoices):
    """Where money for an action comes from (the plan's budget sources, and the
    provincial cluster budget, งบกลุ่มจังหวัด, which funds projects of a cluster)."""

    PROVINCIAL = "provincial", "Provincial budget / งบประมาณจังหวัด"
    PROVINCIAL_CLUSTER = "provincial_cluster", "Provincial cluster budget / งบประมาณกลุ่มจังหวัด"
    LOCAL = "local", "Local administrations / องค์กรปกครองส่วนท้องถิ่น"
    MINISTRY = "ministry", "Line ministry / งบประมาณกระทรวง กรม"
    ENVIRONMENT_FUND = "environment_fund", "Environment Fund / กองทุนสิ่งแวดล้อม"
    PRIVATE = "private", "Private sector / ภาคเอกชน"
    INTERNATIONAL = "international", "International / ความร่วมมือระหว่างประเทศ"


class Funding(models.Model):
    """Money actually allocated to an action (a budget act, a fund's grant, a company's
    commitment), against the plan's budget lines which say what it needs."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="fundings")
    fiscal_year = models.PositiveSmallIntegerField()  # CE year in which the fiscal year ends
    amount = models.FloatField()  # THB
    source = models.CharField(max_length=24, choices=FundingSource.choices)
    project = models.ForeignKey(
        DevelopmentItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=200, blank=True, default="")  # document number
    note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["action", "fiscal_year", "pk"]
        constraints = [
            models.CheckConstraint(name="funding_not_negative", condition=models.Q(amount__gte=0))
        ]
        verbose_name = "funding / งบประมาณที่ได้รับ"
        verbose_name_plural = "funding / งบประมาณที่ได้รับ"


class ReportingPeriod(models.Model):
    """A period agencies report on (e.g. the first half of fiscal year 2568), with its due date."""

    class State(models.TextChoices):
        PLANNED = "planned", "Not open yet / ยังไม่เปิด"
        OPEN = "open", "Open for reports / เปิดรับรายงาน"
        CLOSED = "closed", "Closed / ปิดแล้ว"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_periods")
    fiscal_year = models.PositiveSmallIntegerField()  # CE year in which the fiscal year ends
    number = models.PositiveSmallIntegerField()  # 1, 2 ... within the fiscal year
    starts = models.DateField()
    ends = models.DateField()
    due = models.DateField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PLANNED)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "starts"], name="one_period_per_start"),
            models.CheckConstraint(
                name="period_ends_after_it_starts", condition=models.Q(ends__gte=models.F("starts"))
            ),
            models.CheckConstraint(
                name="period_due_after_it_ends", condition=models.Q(due__gte=models.F("ends"))
            ),
        ]
        verbose_name = "reporting period / รอบการรายงาน"
        verbose_name_plural = "reporting periods / รอบการรายงาน"

    def __str__(self) -> str:
        return f"{self.plan_id} FY{self.fiscal_year}/{self.number} {self.starts}..{self.ends}"


class ReportState(models.TextChoices):
    DRAFT = "draft", "Draft / ร่าง"
    SUBMITTED = "submitted", "Submitted / ส่งแล้ว"
    RETURNED = "returned", "Returned / ส่งกลับแก้ไข"
    ACCEPTED = "accepted", "Accepted / รับรายงานแล้ว"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started / ยังไม่เริ่ม"
    ON_TRACK = "on_track", "On track / เป็นไปตามแผน"
    DELAYED = "delayed", "Delayed / ล่าช้า"
    COMPLETED = "completed", "Completed / แล้วเสร็จ"
    CANCELLED = "cancelled", "Cancelled / ยกเลิก"


class ProgressReport(models.Model):
    """An agency's report on one action for one period."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=16, choices=ActionStatus.choices)
    reason = models.TextField(blank=True, default="", max_length=2000)
    percent = models.FloatField(default=0)  # 0-100, cumulative
    disbursed = models.FloatField(default=0)  # THB in the period
    # Values of the action's KPIs (the measure's KPI, the adaptation action's output and
    # outcome indicators), cumulative, each in its KPI's own unit and as entered:
    # [{"key": "kpi" | "indicator:0", "value": 120.0, "unit": "kWp",
    #   "entered_value": 0.12, "entered_unit": "MWp"}] (monitoring.kpis names the keys).
    kpi_values = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True, default="", max_length=4000)
    # Reduction measures: the estimated achieved reduction (t CO2e per year) the KPI
    # value stands for, set when the report is accepted.
    achieved_t = models.FloatField(null=True, blank=True)
    review_comment = models.TextField(blank=True, default="", max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "action__section__kind", "action__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "period"], name="one_report_per_action_period"
            ),
            models.CheckConstraint(
                name="report_percent_0_100",
                condition=models.Q(percent__gte=0) & models.Q(percent__lte=100),
            ),
            models.CheckConstraint(
                name="report_disbursed_not_negative", condition=models.Q(disbursed__gte=0)
            ),
        ]
        indexes = [models.Index(fields=["period", "state"])]
        verbose_name = "progress report / รายงานความก้าวหน้า"
        verbose_name_plural = "progress reports / รายงานความก้าวหน้า"

    def __str__(self) -> str:
        return f"{self.action.code} {self.period} ({self.state})"

    @property
    def is_locked(self) -> bool:
        return self.state == ReportState.ACCEPTED


class ReportEvent(models.Model):
    """The history of a progress report: every save, submission, return and acceptance."""

    class Kind(models.TextChoices):
        SAVE = "save", "Saved / บันทึก"
        SUBMIT = "submit", "Submitted / ส่งรายงาน"
        RETURN = "return", "Returned / ส่งกลับแก้ไข"
        ACCEPT = "accept", "Accepted / รับรายงาน"
        EVIDENCE = "evidence", "Added evidence / แนบหลักฐาน"
        REMOVE_EVIDENCE = "remove_evidence", "Removed evidence / ลบหลักฐาน"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField()
    snapshot = models.JSONField(default=dict, blank=True)  # the report's fields after the event
    comment = models.TextField(blank=True, default="", max_length=4000)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "report history / ประวัติรายงาน"
        verbose_name_plural = "report history / ประวัติรายงาน"


class Evidence(models.Model):
    """A file that backs a progress report (PDF or image), stored under the data directory."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    path = models.CharField(max_length=500)  # relative to settings.DATA_DIR
    name = models.CharField(max_length=255)  # the file name as uploaded (shown, never a path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]
        verbose_name = "evidence / หลักฐาน"
        verbose_name_plural = "evidence / หลักฐาน"


class Meeting(models.Model):
    """A meeting of the plan's working group (ครั้งที่ 1/2568)."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person / ประชุม ณ ห้องประชุม"
        ONLINE = "online", "Online / ประชุมออนไลน์"
        HYBRID = "hybrid", "In person and online / ประชุมแบบผสม"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    number = models.CharField(max_length=16)  # "1/2568": meeting number / BE year
    date = models.DateField()
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(max_length=300, blank=True, default="")
    link = models.URLField(blank=True, default="")
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    attendees = models.ManyToManyField(WorkingGroupMember, blank=True, related_name="meetings")
    other_attendees = models.TextField(blank=True, default="", max_length=4000)
    agenda = models.TextField(blank=True, default="", max_length=8000)
    minutes = models.TextField(blank=True, default="", max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_meeting_per_number")
        ]
        verbose_name = "working group meeting / การประชุมคณะทำงาน"
        verbose_name_plural = "working group meetings / การประชุมคณะทำงาน"

    def __str__(self) -> str:
        return f"{self.plan_id} meeting {self.number} {self.date}"


class MeetingDecision(models.Model):
    """A decision (มติที่ประชุม) of a meeting, linked to the actions it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(max_length=4000)
    actions = models.ManyToManyField(Action, blank=True, related_name="meeting_decisions")
    due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = "meeting decision / มติที่ประชุม"
        verbose_name_plural = "meeting decisions / มติที่ประชุม"


class Reminder(models.Model):
    """A reminder e-mail sent for an action's report of a period (sent once per kind and person)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon / ใกล้ครบกำหนด"
        OVERDUE = "overdue", "Overdue / เลยกำหนด"

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    recipient = models.EmailField()
    actions = models.JSONField(default=list)  # the action codes the reminder listed
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "agency", "kind", "recipient"], name="one_reminder_per_kind"
            )
        ]
        verbose_name = "reminder / การแจ้งเตือน"
        verbose_name_plural = "reminders / การแจ้งเตือน"
