# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""Request and answer shapes of the monitoring API (:mod:`climateplan.monitoring.web.api`).

Years are Common Era (fiscal years named by the CE year in which they end: fiscal year
2025 is 1 October 2024 - 30 September 2025, FY2568 BE); amounts in Thai baht; KPI
values in each KPI's own unit. Every change of a report names the report ``revision``
it was made on.
"""

from __future__ import annotations

from rest_framework import serializers

from climateplan.monitoring.web.models import (
    ActionLink,
    ActionStatus,
    Agency,
    Evidence,
    Funding,
    FundingSource,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
    ReportState,
    WorkingGroupMember,
)

REVISION_HELP = "the report revision this change was made on (409 with current_revision if stale)"
TEXT_MAX = 4000
REASON_MAX = 2000
# KPI keys as monitoring.kpis names them: "kpi", "indicator:0", ...
KPI_KEY_PATTERN = r"^(kpi|indicator:[0-9]{1,4})$"


def _revision_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=REVISION_HELP)


def person(user) -> str | None:
    """The name shown for a person who did something (their full name, else their login)."""
    if user is None:
        return None
    return user.get_full_name() or user.username


# --------------------------------------------------------------------------- reading


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name_th", "name_en", "level", "province", "source"]


class PeriodSerializer(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(
        help_text="CE year in which the fiscal year ends (2025 = FY2568 BE, Oct 2024 - Sep 2025)"
    )

    class Meta:
        model = ReportingPeriod
        fields = ["id", "fiscal_year", "number", "starts", "ends", "due", "state"]


class KpiValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.FloatField(help_text="in the KPI's unit")
    unit = serializers.CharField(allow_blank=True)
    entered_value = serializers.FloatField(required=False)
    entered_unit = serializers.CharField(required=False, allow_blank=True)


class ReportActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.CharField(help_text="reduction or adaptation")
    name_th = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)


class ReportSerializer(serializers.ModelSerializer):
    action = serializers.SerializerMethodField()
    period = serializers.IntegerField(source="period_id")
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    kpi_values = KpiValueSerializer(many=True)
    submitted_by = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    editable = serializers.SerializerMethodField(help_text="you may change or submit it now")
    reviewable = serializers.SerializerMethodField(help_text="you may accept or return it now")

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "action",
            "period",
            "agency",
            "state",
            "revision",
            "status",
            "reason",
            "percent",
            "disbursed",
            "kpi_values",
            "comment",
            "achieved_t",
            "review_comment",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "created_at",
            "updated_at",
            "editable",
            "reviewable",
        ]

    def _ctx(self):
        return self.context.get("access"), self.context.get("plan")

    def get_action(self, report) -> ReportActionSerializer:
        action = report.action
        return {
            "id": action.pk,
            "code": action.code,
            "kind": action.section.kind,
            "name_th": action.name_th,
            "name_en": action.name_en,
        }

    def get_submitted_by(self, report) -> str | None:
        return person(report.submitted_by)

    def get_reviewed_by(self, report) -> str | None:
        return person(report.reviewed_by)

    def get_editable(self, report) -> bool:
        access, plan = self._ctx()
        return bool(access and plan and access.can_edit_report(report, plan))

    def get_reviewable(self, report) -> bool:
        access, plan = self._ctx()
        return bool(access and plan and access.can_review(report, plan))


class EvidenceSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]

    def get_uploaded_by(self, evidence) -> str | None:
        return person(evidence.uploaded_by)


class ReportEventSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = ReportEvent
        fields = ["kind", "user", "at", "revision", "comment"]

    def get_user(self, event) -> str | None:
        return person(event.user)


class ReportDetailSerializer(ReportSerializer):
    evidence = EvidenceSerializer(many=True)
    history = ReportEventSerializer(many=True, source="events")

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "evidence", "history"]


class ReportFilterSerializer(serializers.Serializer):
    period = serializers.IntegerField(
        required=False, min_value=1, max_value=10**18 - 1, help_text="a reporting period's id"
    )
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)
    action = serializers.CharField(
        required=False, max_length=32, help_text="the code of a measure or adaptation action"
    )


class MemberSerializer(serializers.ModelSerializer):
    agency = AgencySerializer()

    class Meta:
        model = WorkingGroupMember
        fields = [
            "agency",
            "role",
            "position",
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
        ]


class KpiSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='"kpi" (a measure\'s) or "indicator:<n>"')
    kind = serializers.CharField(help_text="kpi, output or outcome")
    name_th = serializers.CharField(allow_blank=True)
    name_en = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(allow_blank=True)
    baseline = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    target_year = serializers.IntegerField(allow_null=True)


class LinkSerializer(serializers.ModelSerializer):
    strategy = serializers.SerializerMethodField()
    project = serializers.SerializerMethodField()

    class Meta:
        model = ActionLink
        fields = [
            "strategy",
            "project",
            "rationale",
            "objectives",
            "targets",
            "activities",
            "location",
        ]

    @staticmethod
    def _item(item) -> dict | None:
        if item is None:
            return None
        return {"code": item.code, "name_th": item.name_th, "name_en": item.name_en}

    def get_strategy(self, link) -> dict | None:
        return self._item(link.strategy)

    def get_project(self, link) -> dict | None:
        return self._item(link.project)


class FundingSerializer(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(help_text="CE year in which the fiscal year ends")
    source = serializers.ChoiceField(choices=FundingSource.choices)

    class Meta:
        model = Funding
        fields = ["fiscal_year", "amount", "source", "reference", "note"]


class MonitoredActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.CharField(help_text="reduction or adaptation")
    name_th = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    owner_agency = serializers.CharField(
        allow_blank=True, help_text="the agency as the plan names it"
    )
    owner_code = serializers.CharField(
        allow_blank=True, help_text="its agency code (blank when it names no known agency)"
    )
    co_agencies = serializers.ListField(child=serializers.CharField())
    co_codes = serializers.ListField(child=serializers.CharField())
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    kpis = KpiSerializer(many=True)
    link = LinkSerializer(allow_null=True)
    funding = FundingSerializer(many=True)
    reportable = serializers.BooleanField(help_text="you may report on it")


# --------------------------------------------------------------------------- writing


class KpiEntrySerializer(serializers.Serializer):
    key = serializers.RegexField(KPI_KEY_PATTERN, help_text='"kpi" or "indicator:<n>"')
    value = serializers.CharField(
        allow_blank=True, max_length=40, help_text="the number reached (blank: not reported)"
    )
    unit = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text="its unit (blank: the KPI's own)",
    )


class ReportValuesSerializer(serializers.Serializer):
    """The values of a report. Anything else in the body (state, agency, revision of
    another record, reviewer fields) is not read."""

    status = serializers.ChoiceField(choices=ActionStatus.choices)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_MAX
    )
    # ranges are checked with the report's other rules, so every problem comes at once
    percent = serializers.FloatField(
        required=False, default=0, help_text="0-100, cumulative (100 when completed)"
    )
    disbursed = serializers.FloatField(
        required=False, default=0, help_text="THB disbursed in the period, 0 or more"
    )
    kpis = KpiEntrySerializer(many=True, required=False, default=list, max_length=100)
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX
    )


class ReportCreateSerializer(ReportValuesSerializer):
    period = serializers.IntegerField(
        min_value=1, max_value=10**18 - 1, help_text="the reporting period's id (an open one)"
    )
    action = serializers.CharField(
        max_length=32, help_text="the code of the measure or adaptation action"
    )


class ReportUpdateSerializer(ReportValuesSerializer):
    revision = _revision_field()


class ReportSubmitSerializer(serializers.Serializer):
    revision = _revision_field()
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX
    )


class ReportReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("accept", "accept"), ("return", "return")],
        help_text="accept (the report is locked) or return it to the agency (comment required)",
    )
    revision = _revision_field()
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX
    )


class AgencyFilterSerializer(serializers.Serializer):
    province = serializers.RegexField(
        r"^TH-[0-9]{2}$",
        required=False,
        help_text="ISO 3166-2:TH code: the agencies of every province and of this one",
    )
    level = serializers.ChoiceField(choices=Agency.Level.choices, required=False)


class EvidenceUploadSerializer(serializers.Serializer):
    revision = _revision_field()
    file = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        max_length=10,
        help_text="one or more files (PDF, PNG, JPEG or WebP)",
    )
