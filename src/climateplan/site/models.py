# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""Accounts: each user's role and, for provincial roles, their one province."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from climateplan.reference import provinces


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", "National administrator / ผู้ดูแลระบบระดับประเทศ"
    NATIONAL_REVIEWER = "national_reviewer", "National reviewer / ผู้ตรวจสอบระดับประเทศ"
    PROVINCIAL_EDITOR = "provincial_editor", "Provincial editor / ผู้จัดทำข้อมูลจังหวัด"
    PROVINCIAL_VIEWER = "provincial_viewer", "Provincial viewer / ผู้ดูข้อมูลจังหวัด"
    # Records the province's endorsement of a plan (the provincial climate working group
    # or committee) before it goes to national review; reads like a viewer otherwise.
    PROVINCIAL_APPROVER = "provincial_approver", "Provincial approver / ผู้รับรองแผนระดับจังหวัด"
    # A person of one agency (a line agency, a local administration, a Bangkok
    # department) of a province: reads the province's plans and reports progress on the
    # actions their agency owns or co-operates in, nothing else.
    AGENCY_REPORTER = "agency_reporter", "Agency reporter / ผู้รายงานผลของหน่วยงาน"


PROVINCIAL_ROLES = (
    Role.PROVINCIAL_EDITOR,
    Role.PROVINCIAL_VIEWER,
    Role.PROVINCIAL_APPROVER,
    Role.AGENCY_REPORTER,
)  # ordered: migrations stay stable


def province_choices() -> list[tuple[str, str]]:
    table = provinces()
    return [(r.code, f"{r.code} {r.name_th} / {r.name_en}") for r in table.itertuples()]


def validate_province_code(code: str) -> None:
    if code and code not in set(provinces()["code"]):
        raise ValidationError(
            f"unknown province code {code!r} / ไม่รู้จักรหัสจังหวัด {code!r}", code="province"
        )


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    province = models.CharField(
        max_length=5,
        blank=True,
        default="",
        validators=[validate_province_code],
        help_text="ISO 3166-2:TH code, for provincial roles only / รหัสจังหวัด เฉพาะบทบาทระดับจังหวัด",
    )
    agency = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text=(
            "Agency code, for agency reporters only (Monitoring > Agencies) / "
            "รหัสหน่วยงาน เฉพาะผู้รายงานผลของหน่วยงาน"
        ),
    )

    class Meta:
        verbose_name = "profile / ข้อมูลผู้ใช้"
        verbose_name_plural = "profiles / ข้อมูลผู้ใช้"
        constraints = [
            models.CheckConstraint(
                name="provincial_roles_have_a_province",
                condition=(
                    models.Q(role__in=[r.value for r in PROVINCIAL_ROLES], province__gt="")
                    | (
                        ~models.Q(role__in=[r.value for r in PROVINCIAL_ROLES])
                        & models.Q(province="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="agency_reporters_have_an_agency",
                condition=(
                    models.Q(role="agency_reporter", agency__gt="")
                    | (~models.Q(role="agency_reporter") & models.Q(agency=""))
                ),
            ),
        ]

    def clean(self) -> None:
        if self.role in PROVINCIAL_ROLES and not self.province:
            raise ValidationError(
                {"province": "a provincial role needs a province / บทบาทระดับจังหวัดต้องระบุจังหวัด"}
            )
        if self.role not in PROVINCIAL_ROLES and self.province:
            raise ValidationError(
                {"province": "national roles have no province / บทบาทระดับประเทศไม่ต้องระบุจังหวัด"}
            )
        if self.role == Role.AGENCY_REPORTER and not self.agency:
            raise ValidationError(
                {"agency": "an agency reporter needs an agency / ผู้รายงานผลต้องระบุหน่วยงาน"}
            )
        if self.role != Role.AGENCY_REPORTER and self.agency:
            raise ValidationError(
                {"agency": "only agency reporters have an agency / ระบุหน่วยงานเฉพาะผู้รายงานผล"}
            )

    def __str__(self) -> str:
        return f"{self.user} ({self.role} {self.province} {self.agency})".strip()
