# ruff: noqa: RUF012 - Django declares options as mutable class attributes
"""The end of a plan's cycle: its review (mid-term or end-of-plan) with lessons learned,
and public consultation on a draft.

A review belongs to one plan version; its figures are assembled from what the platform
holds (inventories, accepted progress reports, funding, the risk register) by
:mod:`climateplan.plans.review` and kept with the review (``figures``), so an endorsed or
published review shows the figures it was endorsed with. Its narrative is the
province's. It follows the plan workflow (draft -> endorsed -> submitted ->
returned/approved -> published) with its own revision.

A consultation opens a draft plan to the public for a period: anyone may comment, the
province moderates and answers, and the answers are published with the final plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft / ร่าง"
    ENDORSED = "endorsed", "Endorsed in the province / จังหวัดให้ความเห็นชอบแล้ว"
    SUBMITTED = "submitted", "Submitted for national review / ส่งตรวจระดับประเทศแล้ว"
    RETURNED = "returned", "Returned / ส่งกลับแก้ไข"
    APPROVED = "approved", "Approved / อนุมัติแล้ว"
    PUBLISHED = "published", "Published / เผยแพร่แล้ว"


class PlanReview(models.Model):
    """A mid-term or end-of-plan review of one plan version."""

    class Kind(models.TextChoices):
        END = "end", "End-of-plan review / การทบทวนผลการดำเนินงานระยะสิ้นสุดแผน"
        MID = "mid", "Mid-term review / การทบทวนผลการดำเนินงานระยะกลางแผน"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.END)
    as_of = models.DateField()  # the figures count what was known up to this date
    title_th = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True, default="")
    state = models.CharField(max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    # The province's narrative, by chapter key: {"summary": {"th": "...", "en": "..."}, ...}
    narrative = models.JSONField(default=dict, blank=True)
    # The assembled figures (climateplan.plans.review), refreshed while the review is a
    # draft or returned, kept as they were once it is endorsed.
    figures = models.JSONField(default=dict, blank=True)
    figures_at = models.DateTimeField(null=True, blank=True)
    endorsement_body = models.CharField(max_length=300, blank=True, default="")
    endorsement_meeting = models.CharField(max_length=32, blank=True, default="")
    endorsement_date = models.DateField(null=True, blank=True)
    endorsement_authority = models.CharField(max_length=300, blank=True, default="")
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True, default="", max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-as_of", "-pk"]
        verbose_name = "plan review / การทบทวนแผน"
        verbose_name_plural = "plan reviews / การทบทวนแผน"

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} review {self.as_of} ({self.state})"

    @property
    def is_editable(self) -> bool:
        return self.state in (ReviewState.DRAFT, ReviewState.RETURNED)


class Lesson(models.Model):
    """A lesson learned (what worked, barriers, recommendations) for an action, a sector
    or the plan as a whole; a recommendation may lead to actions of the successor plan."""

    class Scope(models.TextChoices):
        PLAN = "plan", "The plan as a whole / แผนโดยรวม"
        SECTOR = "sector", "A sector / รายสาขา"
        ACTION = "action", "An action / รายมาตรการหรือกิจกรรม"

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="lessons")
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.ACTION)
    action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    sector = models.CharField(max_length=64, blank=True, default="")
    agency = models.CharField(max_length=32, blank=True, default="")  # agency code
    what_worked = models.TextField(blank=True, default="", max_length=4000)
    barriers = models.TextField(blank=True, default="", max_length=4000)
    recommendations = models.TextField(blank=True, default="", max_length=4000)
    # The successor plan's actions this lesson's recommendations lead to.
    leads_to = models.ManyToManyField("plans.Action", blank=True, related_name="from_lessons")
    position = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "position", "pk"]
        verbose_name = "lesson learned / บทเรียน"
        verbose_name_plural = "lessons learned / บทเรียน"


class Consultation(models.Model):
    """A period in which the public may comment on a draft plan."""

    class State(models.TextChoices):
        OPEN = "open", "Open for comments / เปิดรับฟังความคิดเห็น"
        CLOSED = "closed", "Closed / ปิดรับฟังความคิดเห็นแล้ว"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="consultations")
    opens = models.DateTimeField()
    closes = models.DateTimeField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    intro_th = models.TextField(blank=True, default="", max_length=4000)
    intro_en = models.TextField(blank=True, default="", max_length=4000)
    # The province's summary of what it heard and changed (the consultation annex).
    summary_th = models.TextField(blank=True, default="", max_length=8000)
    summary_en = models.TextField(blank=True, default="", max_length=8000)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-opens"]
        constraints = [
            models.CheckConstraint(
                name="consultation_closes_after_it_opens",
                condition=models.Q(closes__gt=models.F("opens")),
            )
        ]
        verbose_name = "public consultation / การรับฟังความคิดเห็น"
        verbose_name_plural = "public consultations / การรับฟังความคิดเห็น"


class PublicComment(models.Model):
    """A comment from the public on a plan under consultation (shown once moderated)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation / รอตรวจสอบ"
        PUBLISHED = "published", "Shown / เผยแพร่แล้ว"
        REJECTED = "rejected", "Not shown / ไม่เผยแพร่"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    section_kind = models.CharField(max_length=16, blank=True, default="")  # "" = the plan
    name = models.CharField(max_length=120, blank=True, default="")
    affiliation = models.CharField(max_length=200, blank=True, default="")
    email = models.EmailField(blank=True, default="")  # never shown
    text = models.TextField(max_length=4000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    moderation_note = models.CharField(max_length=500, blank=True, default="")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, default="", max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    client_hash = models.CharField(max_length=64, blank=True, default="")  # salted, for throttling
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "status"])]
        verbose_name = "public comment / ความคิดเห็นจากประชาชน"
        verbose_name_plural = "public comments / ความคิดเห็นจากประชาชน"
