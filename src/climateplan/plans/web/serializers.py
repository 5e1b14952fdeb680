# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""Request and answer shapes of the plans API (:mod:`climateplan.plans.web.api`).

Years are Common Era in the API (the pages show Buddhist Era in Thai); amounts in Thai
baht. Every write names the plan ``revision`` it was made on.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from climateplan.plans.reduction.upload import CSV_TABLES
from climateplan.plans.web.access import PLAN_TRANSITIONS, SECTION_TRANSITIONS
from climateplan.plans.web.models import (
    BudgetLine,
    Plan,
    PlanChange,
    PlanComment,
    PlanState,
    SectionKind,
    SectionState,
)

YEAR_MIN, YEAR_MAX = 1990, 2200  # CE years the API accepts (the period rules check the rest)
REVISION_HELP = "the plan revision this change was made on (409 with current_revision if stale)"
# the plan's own transitions in the API; the endorsement has its own endpoint
API_TRANSITIONS = [a for a in PLAN_TRANSITIONS if a != "endorse"]
RISK_TABLES = ("indicators", "gridded")


def _revision_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=REVISION_HELP)


def _year_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


# --------------------------------------------------------------------------- plans


class PlanFilterSerializer(serializers.Serializer):
    province = serializers.RegexField(
        r"^TH-[0-9]{2}$", required=False, help_text="ISO 3166-2:TH code, e.g. TH-50"
    )
    state = serializers.ChoiceField(choices=PlanState.choices, required=False)
    period = serializers.RegexField(
        r"^[0-9]{4}-[0-9]{4}$",
        required=False,
        help_text="start and end year of the plan in CE, e.g. 2023-2027",
    )
    latest = serializers.BooleanField(
        required=False, default=False, help_text="only the newest version of each plan"
    )


class SectionStateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SectionKind.choices)
    state = serializers.ChoiceField(choices=SectionState.choices)


class PlanSerializer(serializers.ModelSerializer):
    sections = serializers.SerializerMethodField()
    calibration = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "province",
            "kind",
            "title_th",
            "title_en",
            "start_year",
            "end_year",
            "base_year",
            "base_inventory",
            "calibration",
            "version",
            "is_latest",
            "previous",
            "state",
            "revision",
            "endorsement_body",
            "endorsement_meeting",
            "endorsement_date",
            "endorsement_authority",
            "endorsement_note",
            "endorsed_at",
            "sections",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "published_at",
        ]
        read_only_fields = fields

    @extend_schema_field(SectionStateSerializer(many=True))
    def get_sections(self, obj: Plan) -> list[dict]:
        order = list(SectionKind.values)
        rows = sorted(obj.sections.all(), key=lambda s: order.index(s.kind))
        return [{"kind": s.kind, "state": s.state} for s in rows]

    def get_calibration(self, obj: Plan) -> list[int]:
        return sorted(i.pk for i in obj.calibration_inventories.all())


class PlanCreateSerializer(serializers.Serializer):
    province = serializers.RegexField(r"^TH-[0-9]{2}$", help_text="ISO 3166-2:TH code, e.g. TH-50")
    kind = serializers.ChoiceField(choices=Plan.Kind.choices, default=Plan.Kind.PROVINCIAL)
    title_th = serializers.CharField(max_length=300)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    start_year = _year_field(help_text="first year of the plan (CE)")
    end_year = _year_field(help_text="last year of the plan (CE)")
    base_year = _year_field(help_text="year of the base inventory (CE)")
    base_inventory = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="an approved inventory's id"
    )
    calibration = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        max_length=50,
        help_text="ids of earlier inventories the reduction plan calibrates on",
    )


class PlanPatchSerializer(serializers.Serializer):
    """The plan's own fields (each optional: the others keep their value)."""

    revision = _revision_field()
    title_th = serializers.CharField(max_length=300, required=False)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    start_year = _year_field(required=False)
    end_year = _year_field(required=False)
    base_year = _year_field(required=False)
    base_inventory = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    calibration = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=50
    )


class PlanTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=API_TRANSITIONS,
        help_text="withdraw (the endorsement), submit, approve, publish, revise (a new version)",
    )
    revision = _revision_field()
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class EndorseSerializer(serializers.Serializer):
    revision = _revision_field()
    body = serializers.CharField(max_length=300, help_text="working group or committee")
    meeting = serializers.CharField(max_length=32, help_text="meeting number/year, e.g. 1/2567")
    date = serializers.DateField(help_text="date of the meeting (not in the future)")
    authority = serializers.CharField(max_length=300, help_text="chair and position")
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


# --------------------------------------------------------------------------- sections


class CheckItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    done = serializers.BooleanField()
    blocking = serializers.BooleanField()
    th = serializers.CharField()
    en = serializers.CharField()
    hint_th = serializers.CharField(allow_blank=True)
    hint_en = serializers.CharField(allow_blank=True)


class SectionSerializer(serializers.Serializer):
    """A section as the API reads it. ``inputs``, ``problems``, ``warnings`` and
    ``checklist`` are the section's internals: null for readers outside the province
    (the public and other provinces read published plans without them)."""

    plan = serializers.IntegerField()
    plan_revision = serializers.IntegerField(help_text="name it in the next write")
    kind = serializers.ChoiceField(choices=SectionKind.choices)
    state = serializers.ChoiceField(choices=SectionState.choices)
    editable = serializers.BooleanField(help_text="you may change it now")
    summary = serializers.DictField()
    stale = serializers.BooleanField(help_text="the stored result predates the inputs")
    has_result = serializers.BooleanField()
    computed_at = serializers.DateTimeField(allow_null=True)
    inputs = serializers.DictField(allow_null=True)
    problems = serializers.ListField(child=serializers.DictField(), allow_null=True)
    warnings = serializers.ListField(child=serializers.DictField(), allow_null=True)
    checklist = CheckItemSerializer(many=True, allow_null=True)


class SectionInputsSerializer(serializers.Serializer):
    revision = _revision_field()
    inputs = serializers.DictField(help_text="the section's inputs in its core module's form")


class SectionReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(SECTION_TRANSITIONS))
    revision = _revision_field()
    comment = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="required to return a section",
    )
    item = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="the item of the section the comment is about, e.g. measure:EE-01",
    )


# --------------------------------------------------------------------------- actions


class BudgetLineSerializer(serializers.Serializer):
    fiscal_year = _year_field(help_text="CE year in which the Thai fiscal year ends")
    amount = serializers.FloatField(min_value=0, max_value=1e15, help_text="Thai baht")
    kind = serializers.ChoiceField(
        choices=BudgetLine.Kind.choices, required=False, default=BudgetLine.Kind.CAPITAL
    )
    source = serializers.ChoiceField(choices=BudgetLine.Source.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ActionSerializer(serializers.Serializer):
    """A reduction measure or adaptation action; ``data`` holds the engine's own fields."""

    code = serializers.RegexField(r"^[^/\s][^/]{0,31}$", max_length=32)
    name_th = serializers.CharField(max_length=300)
    name_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    library_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    data = serializers.DictField(required=False, default=dict)
    owner_agency = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    co_agencies = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=50
    )
    start_year = _year_field(required=False, allow_null=True, default=None)
    end_year = _year_field(required=False, allow_null=True, default=None)
    kpi = serializers.DictField(required=False, default=dict)
    budget = BudgetLineSerializer(many=True, required=False, default=list)

    def validate(self, attrs):
        start, end = attrs.get("start_year"), attrs.get("end_year")
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError(
                {"end_year": "the action ends before it starts / ปีสิ้นสุดอยู่ก่อนปีเริ่มต้น"}
            )
        return attrs


class ActionWriteSerializer(ActionSerializer):
    revision = _revision_field()


class RevisionQuerySerializer(serializers.Serializer):
    revision = _revision_field()


# --------------------------------------------------------------------------- uploads


class SectionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX or CSV, within the site's upload limits")
    revision = _revision_field()
    table = serializers.ChoiceField(
        choices=[*CSV_TABLES, *RISK_TABLES],
        required=False,
        allow_blank=True,
        default="",
        help_text="reduction: the table a CSV holds (drivers, grid_ef, measures, targets; a "
        "workbook holds them all); risk: indicators (the indicator template) or gridded "
        "(the table of climate indices)",
    )


class UploadAnswerSerializer(serializers.Serializer):
    tables = serializers.ListField(child=serializers.CharField())
    rows = serializers.IntegerField()
    section = SectionSerializer()


# --------------------------------------------------------------------------- comments, history


class PlanCommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True)
    section = serializers.CharField(source="section_kind", read_only=True)

    class Meta:
        model = PlanComment
        fields = ["id", "section", "item", "author", "text", "parent", "created_at", "resolved_at"]
        read_only_fields = fields


class PlanCommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    section = serializers.ChoiceField(
        choices=SectionKind.choices, required=False, allow_blank=True, default=""
    )
    item = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    parent = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="the comment this replies to"
    )


class PlanChangeSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, allow_null=True)
    section = serializers.CharField(source="section_kind", read_only=True)

    class Meta:
        model = PlanChange
        fields = ["id", "at", "user", "action", "section", "item", "old", "new", "revision"]
        read_only_fields = fields
