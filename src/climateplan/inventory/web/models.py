# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""Inventories, their activity lines, review comments, change history and populations.

An activity line holds the cells of one row of the engine's input format
(docs/inventory/input-format.md) so the engine validates and computes a stored
inventory exactly as it would the same rows in a workbook.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from climateplan.reference import GWP_SETS
from climateplan.site.models import validate_province_code


class State(models.TextChoices):
    DRAFT = "draft", "Draft / ร่าง"
    SUBMITTED = "submitted", "Submitted / ส่งตรวจแล้ว"
    RETURNED = "returned", "Returned / ส่งกลับแก้ไข"
    APPROVED = "approved", "Approved / อนุมัติแล้ว"
    PUBLISHED = "published", "Published / เผยแพร่แล้ว"


EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
LOCKED_STATES = frozenset({State.APPROVED, State.PUBLISHED})
GWP_CHOICES = [(name, name) for name in GWP_SETS]


class Inventory(models.Model):
    """One version of one province's inventory for one year."""

    province = models.CharField(max_length=5, validators=[validate_province_code], db_index=True)
    year = models.PositiveSmallIntegerField()
    gwp = models.CharField(max_length=8, choices=GWP_CHOICES, default="AR5")
    version = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    # Optimistic locking: every change must name the revision it was made on.
    revision = models.PositiveIntegerField(default=1)
    # The newest version of its province and year (older versions are kept, read-only).
    is_latest = models.BooleanField(default=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The engine's result document lives in ResultDocument (large: ~0.5 MB for 300 lines)
    # so lists and overviews never read it; its totals are copied here.
    result_problems = models.JSONField(default=list, blank=True)
    total_basic = models.FloatField(null=True, blank=True)
    total_basic_plus = models.FloatField(null=True, blank=True)
    total_territorial = models.FloatField(null=True, blank=True)
    total_biogenic_co2 = models.FloatField(null=True, blank=True)
    line_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["province", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "version"], name="one_version_number_per_year"
            ),
            models.UniqueConstraint(
                fields=["province", "year"],
                condition=models.Q(is_latest=True),
                name="one_latest_version_per_year",
            ),
        ]
        indexes = [models.Index(fields=["state", "province", "year"])]
        verbose_name = "inventory / บัญชีก๊าซเรือนกระจก"
        verbose_name_plural = "inventories / บัญชีก๊าซเรือนกระจก"

    def __str__(self) -> str:
        return f"{self.province}/{self.year} v{self.version} ({self.state})"

    @property
    def result(self) -> dict | None:
        """The engine's result (schema climateplan.inventory/1) of the current lines."""
        try:
            return self.result_document.document
        except ResultDocument.DoesNotExist:
            return None

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES and self.is_latest

    @property
    def is_locked(self) -> bool:
        return not self.is_editable


class ResultDocument(models.Model):
    """The engine's JSON result of an inventory, apart from the inventory's own row."""

    inventory = models.OneToOneField(
        Inventory, on_delete=models.CASCADE, primary_key=True, related_name="result_document"
    )
    document = models.JSONField()


def set_result(inventory: Inventory, document: dict | None) -> None:
    """Store (or clear, with None) an inventory's result document."""
    if document is None:
        ResultDocument.objects.filter(inventory=inventory).delete()
        if hasattr(inventory, "_state") and "result_document" in inventory._state.fields_cache:
            del inventory._state.fields_cache["result_document"]
        return
    record, _ = ResultDocument.objects.update_or_create(
        inventory=inventory, defaults={"document": document}
    )
    inventory._state.fields_cache["result_document"] = record


class ActivityLine(models.Model):
    """One activity line: the cells of one row of the engine's input table."""

    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="lines")
    # The row number problems are reported on: the spreadsheet row for uploaded lines,
    # the next free number for lines added in the browser.
    position = models.PositiveIntegerField()
    gpc_ref = models.CharField(max_length=16)
    method = models.CharField(max_length=64, blank=True, default="")
    activity = models.CharField(max_length=128, blank=True, default="")
    amount = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=32, blank=True, default="")
    notation_key = models.CharField(max_length=2, blank=True, default="")
    data_quality = models.CharField(max_length=1, blank=True, default="")
    activity_year = models.PositiveSmallIntegerField(null=True, blank=True)
    uncertainty_pct = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=500, blank=True, default="")
    note = models.CharField(max_length=1000, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)  # {"param_<name>": "text"}

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["inventory", "position"], name="one_line_per_row")
        ]
        verbose_name = "activity line / รายการข้อมูลกิจกรรม"
        verbose_name_plural = "activity lines / รายการข้อมูลกิจกรรม"

    def __str__(self) -> str:
        return f"{self.gpc_ref} {self.method} {self.activity}"


class ReviewComment(models.Model):
    """A reviewer's comment on an inventory, on one line or on the whole, or a reply to one.

    A comment with no ``parent`` opens a thread; replies (the officer's answer, the
    reviewer's follow-up) point to it. A thread is open until someone marks it resolved.
    """

    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="comments")
    line = models.ForeignKey(
        ActivityLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    position = models.PositiveIntegerField(null=True, blank=True)  # kept if the line goes
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "review comment / ความเห็นของผู้ตรวจสอบ"
        verbose_name_plural = "review comments / ความเห็นของผู้ตรวจสอบ"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Change(models.Model):
    """The history: who changed what, when, with the old and the new values."""

    class Action(models.TextChoices):
        CREATE = "create", "Created / สร้าง"
        UPLOAD = "upload", "Uploaded a file / อัปโหลดไฟล์"
        LINE_ADD = "line_add", "Added a line / เพิ่มรายการ"
        LINE_EDIT = "line_edit", "Edited a line / แก้ไขรายการ"
        LINE_DELETE = "line_delete", "Deleted a line / ลบรายการ"
        TRANSITION = "transition", "Changed state / เปลี่ยนสถานะ"
        COMMENT = "comment", "Commented / แสดงความเห็น"
        REOPEN = "reopen", "Reopened as a new version / เปิดแก้ไขเป็นฉบับใหม่"
        RESOLVE = "resolve", "Marked a comment resolved / ปิดประเด็นความเห็น"
        UNRESOLVE = "unresolve", "Reopened a comment / เปิดประเด็นความเห็นอีกครั้ง"

    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    position = models.PositiveIntegerField(null=True, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    revision = models.PositiveIntegerField()  # the inventory revision this change produced

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "change / การแก้ไข"
        verbose_name_plural = "changes / การแก้ไข"


class Population(models.Model):
    """Population of a province in a year, for per-capita figures (national reference data)."""

    province = models.CharField(max_length=5, validators=[validate_province_code])
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_population_per_year")
        ]
        ordering = ["province", "year"]
        verbose_name = "population / ประชากร"
        verbose_name_plural = "populations / ประชากร"


class EmissionFactor(models.Model):
    """A factor row a national administrator adds at run time (docs/web.md, "Emission factors").

    Active rows are loaded into the engine beside the shipped tables
    (:mod:`climateplan.inventory.web.factor_store`), so an administrator's Thai factor
    is preferred to the IPCC default in every later recompute of a draft or returned
    inventory. Approved and published inventories keep their stored results.
    Validation is in :meth:`clean` (called by the admin form and the API).
    """

    class Origin(models.TextChoices):
        TH = "TH", "Thai national / ค่าของประเทศไทย"
        IPCC = "IPCC", "IPCC default / ค่าตั้งต้นของ IPCC"
        OTHER = "other", "Other / อื่น ๆ"

    family = models.CharField(max_length=32)
    parameter = models.CharField(max_length=64)
    keys = models.JSONField(
        default=dict,
        blank=True,
        help_text='what the factor applies to, by key column: {"fuel": "diesel"} / '
        "ใช้กับอะไร ตามคอลัมน์กุญแจ",
    )
    value = models.FloatField()
    unit = models.CharField(max_length=32)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.TH)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=500,
        help_text="document, table, page / เอกสาร ตาราง หน้า",
    )
    note = models.CharField(max_length=1000, blank=True, default="")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family", "parameter", "pk"]
        verbose_name = "emission factor / ค่าการปล่อย"
        verbose_name_plural = "emission factors / ค่าการปล่อย"

    def __str__(self) -> str:
        keys = ", ".join(f"{k}={v}" for k, v in (self.keys or {}).items())
        return f"{self.family}:{self.parameter} [{keys}] {self.value:g} {self.unit} ({self.origin})"

    def clean(self) -> None:
        from climateplan.inventory.web.factor_store import factor_problems

        problems = factor_problems(self)
        if problems:
            from django.core.exceptions import ValidationError

            raise ValidationError(problems)
