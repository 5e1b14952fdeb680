# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""Plans, their sections, actions and budget lines, endorsement, review comments,
history and background climate jobs.

A plan belongs to a province and a period (stored in Common Era years, shown in
Buddhist Era on Thai pages) and has versions: an approved plan is locked, and a
revision is a new version that keeps the old one. Its sections (base inventory,
reduction plan, risk profile, adaptation plan) each hold their inputs as the JSON
form of their core module (:mod:`climateplan.plans.reduction`,
:mod:`climateplan.plans.risk`, :mod:`climateplan.plans.adaptation`) and the result
document the core computed from them. Reduction measures and adaptation actions are
both :class:`Action` rows, with owner agencies and :class:`BudgetLine` rows, so that
later reporting can refer to them.

Every write takes the plan's row lock and revision (:mod:`climateplan.site.workflow`):
one revision per plan covers all its sections.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from climateplan.site.models import validate_province_code


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft / ร่าง"
    ENDORSED = "endorsed", "Endorsed in the province / จังหวัดให้ความเห็นชอบแล้ว"
    SUBMITTED = "submitted", "Submitted for national review / ส่งตรวจระดับประเทศแล้ว"
    RETURNED = "returned", "Returned / ส่งกลับแก้ไข"
    APPROVED = "approved", "Approved / อนุมัติแล้ว"
    PUBLISHED = "published", "Published / เผยแพร่แล้ว"


class SectionState(models.TextChoices):
    DRAFT = "draft", "Draft / ร่าง"
    SUBMITTED = "submitted", "Submitted / ส่งตรวจแล้ว"
    RETURNED = "returned", "Returned / ส่งกลับแก้ไข"
    APPROVED = "approved", "Approved / อนุมัติแล้ว"
    PUBLISHED = "published", "Published / เผยแพร่แล้ว"


class SectionKind(models.TextChoices):
    INVENTORY = "inventory", "GHG inventory / บัญชีก๊าซเรือนกระจก"
    REDUCTION = "reduction", "GHG reduction plan / แผนลดก๊าซเรือนกระจก"
    RISK = "risk", "Climate risk profile / ข้อมูลความเสี่ยงจากการเปลี่ยนแปลงสภาพภูมิอากาศ"
    ADAPTATION = "adaptation", "Adaptation action plan / แผนปฏิบัติการด้านการปรับตัว"


SECTION_ORDER = (
    SectionKind.INVENTORY,
    SectionKind.REDUCTION,
    SectionKind.RISK,
    SectionKind.ADAPTATION,
)
# Plan states in which the province may still change sections (those in DRAFT/RETURNED).
PLAN_EDITABLE_STATES = frozenset({PlanState.DRAFT, PlanState.RETURNED})
SECTION_EDITABLE_STATES = frozenset({SectionState.DRAFT, SectionState.RETURNED})
PLAN_LOCKED_STATES = frozenset({PlanState.APPROVED, PlanState.PUBLISHED})


class Plan(models.Model):
    """One version of one province's climate change plan for one period."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", "Provincial climate change plan / แผนจังหวัด"
        MASTER = "master", "Bangkok master plan / แผนแม่บทกรุงเทพมหานคร"

    province = models.CharField(max_length=5, validators=[validate_province_code], db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PROVINCIAL)
    title_th = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True, default="")
    start_year = models.PositiveSmallIntegerField()  # CE; shown as BE in Thai
    end_year = models.PositiveSmallIntegerField()
    base_year = models.PositiveSmallIntegerField()  # CE: the base inventory's year
    base_inventory = models.ForeignKey(
        "inventory.Inventory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    # Earlier inventories the reduction plan calibrates its sector trends on.
    calibration_inventories = models.ManyToManyField(
        "inventory.Inventory", blank=True, related_name="calibrated_plans"
    )
    version = models.PositiveIntegerField(default=1)
    is_latest = models.BooleanField(default=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    # The plan this one succeeds (the previous period's plan, reviewed): not a version.
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    state = models.CharField(max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    # The province's endorsement (provincial climate working group or committee).
    endorsement_body = models.CharField(max_length=300, blank=True, default="")
    endorsement_meeting = models.CharField(max_length=32, blank=True, default="")  # "1/2567"
    endorsement_date = models.DateField(null=True, blank=True)
    endorsement_authority = models.CharField(max_length=300, blank=True, default="")
    endorsement_note = models.CharField(max_length=1000, blank=True, default="")
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["province", "-start_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "start_year", "end_year", "version"],
                name="one_plan_version_number_per_period",
            ),
            models.UniqueConstraint(
                fields=["province", "start_year", "end_year"],
                condition=models.Q(is_latest=True),
                name="one_latest_plan_per_period",
            ),
            models.CheckConstraint(
                name="plan_ends_after_it_starts",
                condition=models.Q(end_year__gte=models.F("start_year")),
            ),
        ]
        indexes = [models.Index(fields=["state", "province"])]
        verbose_name = "plan / แผน"
        verbose_name_plural = "plans / แผน"

    def __str__(self) -> str:
        return f"{self.province} {self.start_year}-{self.end_year} v{self.version} ({self.state})"

    @property
    def is_editable(self) -> bool:
        return self.is_latest and self.state in PLAN_EDITABLE_STATES

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_at is not None


class Section(models.Model):
    """One section of a plan: its state, stored inputs and computed result."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=16, choices=SectionKind.choices)
    state = models.CharField(
        max_length=16, choices=SectionState.choices, default=SectionState.DRAFT
    )
    # The section's inputs in the JSON form of its core module (measures and adaptation
    # actions are Action rows, not here).
    inputs = models.JSONField(default=dict, blank=True)
    # Small figures copied out of the result for lists, the national overview and roll-up.
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # Problem.to_dict() of the last compute
    warnings = models.JSONField(default=list, blank=True)
    # A digest of what the stored result was computed from; differs from the digest of
    # the current inputs when the result is out of date.
    input_stamp = models.CharField(max_length=64, blank=True, default="")
    computed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="one_section_of_a_kind_per_plan")
        ]
        # Read on every page that shows other plans' sections or the stamp of all of them;
        # both indexes cover their queries, so the rows (long JSON inputs and results,
        # stored after the short columns) are never read for them:
        # - one kind's sections in one state, with their plan and last change (the risk
        #   profile's comparison with other provinces' published profiles);
        # - the last change of any section (the national pages' stamp).
        indexes = [
            models.Index(fields=["kind", "state", "plan", "updated_at"], name="section_kind_state"),
            models.Index(fields=["updated_at"], name="section_updated"),
        ]
        verbose_name = "plan section / ส่วนของแผน"
        verbose_name_plural = "plan sections / ส่วนของแผน"

    def __str__(self) -> str:
        return f"{self.plan} {self.kind} ({self.state})"

    @property
    def result(self) -> dict | None:
        try:
            return self.result_document.document
        except SectionResult.DoesNotExist:
            return None

    @property
    def is_editable(self) -> bool:
        return self.plan.is_editable and self.state in SECTION_EDITABLE_STATES


class SectionResult(models.Model):
    """The result document of a section (large), apart from the section's own row."""

    section = models.OneToOneField(
        Section, on_delete=models.CASCADE, primary_key=True, related_name="result_document"
    )
    document = models.JSONField()


def set_section_result(section: Section, document: dict | None) -> None:
    """Store (or clear, with None) a section's result document."""
    if document is None:
        SectionResult.objects.filter(section=section).delete()
        section._state.fields_cache.pop("result_document", None)
        return
    record, _ = SectionResult.objects.update_or_create(
        section=section, defaults={"document": document}
    )
    section._state.fields_cache["result_document"] = record


class Action(models.Model):
    """A reduction measure or an adaptation action of a plan, with its owner and budget."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(max_length=32)
    name_th = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True, default="")
    library_id = models.CharField(max_length=64, blank=True, default="")
    # The engine's own fields of the measure or action (its core module's row format).
    data = models.JSONField(default=dict, blank=True)
    owner_agency = models.CharField(max_length=200, blank=True, default="")
    co_agencies = models.JSONField(default=list, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)  # CE
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # {name_th, name_en, unit, baseline, baseline_year, target, target_year}
    kpi = models.JSONField(default=dict, blank=True)
    # An unfinished action of the predecessor plan this one carries over (with its history).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    class Meta:
        ordering = ["section", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="one_action_code_per_section")
        ]
        verbose_name = "action / มาตรการหรือกิจกรรม"
        verbose_name_plural = "actions / มาตรการและกิจกรรม"

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"


class BudgetLine(models.Model):
    """Money for an action in one Thai fiscal year (1 October - 30 September), by source."""

    class Source(models.TextChoices):
        PROVINCIAL = "provincial", "Provincial budget / งบประมาณจังหวัด"
        LOCAL = "local", "Local administrations / องค์กรปกครองส่วนท้องถิ่น"
        MINISTRY = "ministry", "Line ministry / งบประมาณกระทรวง กรม"
        ENVIRONMENT_FUND = "environment_fund", "Environment Fund / กองทุนสิ่งแวดล้อม"
        PRIVATE = "private", "Private sector / ภาคเอกชน"
        INTERNATIONAL = "international", "International / ความร่วมมือระหว่างประเทศ"

    class Kind(models.TextChoices):
        CAPITAL = "capital", "Capital / งบลงทุน"
        OPERATING = "operating", "Running cost / ค่าดำเนินการ"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    fiscal_year = models.PositiveSmallIntegerField()  # CE year in which the fiscal year ends
    amount = models.FloatField()  # Thai baht
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CAPITAL)
    source = models.CharField(max_length=24, choices=Source.choices)
    note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["action", "fiscal_year", "pk"]
        constraints = [
            models.CheckConstraint(name="budget_not_negative", condition=models.Q(amount__gte=0))
        ]
        verbose_name = "budget line / รายการงบประมาณ"
        verbose_name_plural = "budget lines / รายการงบประมาณ"


class PlanComment(models.Model):
    """A reviewer's comment on a plan, a section or one item of a section, or a reply.

    ``item`` names the item in the section (``measure:EE-01``, ``target:ndc-30``,
    ``indicator:flood_exposure``); empty for the section as a whole.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    section_kind = models.CharField(
        max_length=16, choices=SectionKind.choices, blank=True, default=""
    )
    item = models.CharField(max_length=80, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "plan review comment / ความเห็นต่อแผน"
        verbose_name_plural = "plan review comments / ความเห็นต่อแผน"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class PlanChange(models.Model):
    """The plan's history: who changed what, when, with old and new values."""

    class Action(models.TextChoices):
        CREATE = "create", "Created / สร้าง"
        EDIT = "edit", "Edited / แก้ไข"
        UPLOAD = "upload", "Uploaded a file / อัปโหลดไฟล์"
        ADD = "add", "Added / เพิ่ม"
        DELETE = "delete", "Deleted / ลบ"
        COMPUTE = "compute", "Recomputed / คำนวณใหม่"
        REBASE = "rebase", "Changed the base inventory / เปลี่ยนบัญชีปีฐาน"
        ENDORSE = "endorse", "Recorded the provincial endorsement / บันทึกการให้ความเห็นชอบของจังหวัด"
        WITHDRAW = "withdraw", "Withdrew the endorsement / ถอนการให้ความเห็นชอบ"
        TRANSITION = "transition", "Changed state / เปลี่ยนสถานะ"
        SECTION = "section", "Reviewed a section / ตรวจส่วนของแผน"
        COMMENT = "comment", "Commented / แสดงความเห็น"
        RESOLVE = "resolve", "Marked a comment resolved / ปิดประเด็นความเห็น"
        UNRESOLVE = "unresolve", "Reopened a comment / เปิดประเด็นความเห็นอีกครั้ง"
        REVISE = "revise", "Opened a new version / เปิดแก้ไขเป็นฉบับใหม่"
        JOB = "job", "Background computation / งานคำนวณเบื้องหลัง"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    section_kind = models.CharField(max_length=16, blank=True, default="")
    item = models.CharField(max_length=80, blank=True, default="")
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    revision = models.PositiveIntegerField()  # the plan revision this change produced

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "plan change / การแก้ไขแผน"
        verbose_name_plural = "plan changes / การแก้ไขแผน"


class ClimateJob(models.Model):
    """Gridded climate indices computed from uploaded NetCDF files as a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting / รอคิว"
        RUNNING = "running", "Running / กำลังคำนวณ"
        DONE = "done", "Finished / เสร็จแล้ว"
        FAILED = "failed", "Failed / ไม่สำเร็จ"
        CANCELLED = "cancelled", "Cancelled / ยกเลิกแล้ว"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="climate_jobs")
    task_id = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message_th = models.CharField(max_length=500, blank=True, default="")
    message_en = models.CharField(max_length=500, blank=True, default="")
    files = models.JSONField(default=list, blank=True)  # stored upload paths (under the data dir)
    options = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)  # the index-table rows it produced
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "climate computation / งานคำนวณดัชนีภูมิอากาศ"
        verbose_name_plural = "climate computations / งานคำนวณดัชนีภูมิอากาศ"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class PlanDocument(models.Model):
    """The plan document (PDF or DOCX, Thai or English) made in the background from one
    revision of a plan, kept as a file under the data folder.

    A document is made from the plan as it was at ``revision``; once the plan is
    published, the document of that revision never changes (a new request returns the
    stored file).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting / รอคิว"
        RUNNING = "running", "Being made / กำลังจัดทำ"
        DONE = "done", "Ready / พร้อมดาวน์โหลด"
        FAILED = "failed", "Failed / ไม่สำเร็จ"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"

    class Lang(models.TextChoices):
        TH = "th", "ไทย"
        EN = "en", "English"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents")
    # A review report when set (made from the review's revision), else the plan document.
    review = models.ForeignKey(
        "plans.PlanReview",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    revision = models.PositiveIntegerField()  # the plan revision it was made from
    plan_state = models.CharField(max_length=16, choices=PlanState.choices)
    lang = models.CharField(max_length=2, choices=Lang.choices, default=Lang.TH)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.PDF)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message_th = models.CharField(max_length=500, blank=True, default="")
    message_en = models.CharField(max_length=500, blank=True, default="")
    task_id = models.CharField(max_length=64, blank=True, default="")
    path = models.CharField(max_length=500, blank=True, default="")  # relative to DATA_DIR
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "revision", "lang", "format"])]
        verbose_name = "plan document / เอกสารแผน"
        verbose_name_plural = "plan documents / เอกสารแผน"

    def __str__(self) -> str:
        return f"{self.plan_id} r{self.revision} {self.lang}.{self.format} ({self.status})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def filename(self) -> str:
        return (
            f"plan-{self.plan_id}-v{self.plan.version}-r{self.revision}-{self.lang}.{self.format}"
        )


# The end of a plan's cycle (reviews, lessons, consultation) lives in its own module.
from climateplan.plans.web.models_review import (  # noqa: E402
    Consultation,
    Lesson,
    PlanReview,
    PublicComment,
    ReviewState,
)

__all__ = [
    "Action",
    "BudgetLine",
    "ClimateJob",
    "Consultation",
    "Lesson",
    "Plan",
    "PlanChange",
    "PlanComment",
    "PlanDocument",
    "PlanReview",
    "PublicComment",
    "ReviewState",
    "Section",
    "SectionResult",
]
