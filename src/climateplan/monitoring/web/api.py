# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""A plan's monitoring in the REST API (under ``/api/plans/<id>/monitoring/`` and
``/api/monitoring/``).

The same rules as the monitoring pages: every plan is read through
``monitoring_access_for(user).plans()`` (a plan outside your view answers 404), and an
agency reporter reads the reports of their agency's actions only (another report is a
404 too). Changes of a report go through the reports' services (the same write path as
the report pages: permission and state checked on the locked report, at commit time);
they name the report ``revision`` they were made on (409 with ``current_revision`` when
stale). Bad input answers 400 with located bilingual ``problems``, nothing saved.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from climateplan.errors import InputError, Problem
from climateplan.inventory.web.api import (
    ID_PATTERN,
    READ_ERRORS,
    WRITE_ERRORS,
    BoundedPagination,
    WorkflowErrorsMixin,
)
from climateplan.monitoring.kpis import action_kpis
from climateplan.monitoring.reports import KpiEntry, ReportValues, check_report
from climateplan.monitoring.web import serializers as s
from climateplan.monitoring.web import services_reports
from climateplan.monitoring.web.access import (
    action_agencies,
    agency_index,
    monitored_actions,
    monitoring_access_for,
)
from climateplan.monitoring.web.models import (
    Agency,
    Evidence,
    Funding,
    ProgressReport,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.plans.web.models import Plan

PLAN_PARAMETER = OpenApiParameter(
    "plan_pk", int, OpenApiParameter.PATH, description="the plan's id", pattern=ID_PATTERN
)


class PlanScopedMixin(WorkflowErrorsMixin):
    """The plan of the address, as the user may see it (404 otherwise); both are looked
    up once per request (a view instance serves one request)."""

    def _access(self):
        if getattr(self, "_monitoring_access", None) is None:
            self._monitoring_access = monitoring_access_for(self.request.user)
        return self._monitoring_access

    def _plan(self) -> Plan:
        if getattr(self, "_scoped_plan", None) is None:
            self._scoped_plan = get_object_or_404(self._access().plans(), pk=self.kwargs["plan_pk"])
        return self._scoped_plan


@extend_schema(parameters=[PLAN_PARAMETER], tags=["monitoring"])
class PlanMonitoringViewSet(PlanScopedMixin, viewsets.GenericViewSet):
    """A plan's reporting periods, working group and monitored actions."""

    pagination_class = None
    serializer_class = s.PeriodSerializer
    queryset = ReportingPeriod.objects.none()  # the schema's model; reads go through _plan

    @extend_schema(responses={200: s.PeriodSerializer(many=True), **READ_ERRORS})
    @action(detail=False, methods=["get"])
    def periods(self, request, plan_pk=None):
        plan = self._plan()
        rows = ReportingPeriod.objects.filter(plan=plan).order_by("starts")
        return Response(s.PeriodSerializer(rows, many=True).data)

    @extend_schema(responses={200: s.MemberSerializer(many=True), **READ_ERRORS})
    @action(detail=False, methods=["get"], url_path="working-group", url_name="working-group")
    def working_group(self, request, plan_pk=None):
        plan = self._plan()
        rows = WorkingGroupMember.objects.filter(plan=plan).select_related("agency")
        return Response(s.MemberSerializer(rows, many=True).data)

    @extend_schema(
        responses={200: s.MonitoredActionSerializer(many=True), **READ_ERRORS},
        description="The plan's reduction measures and adaptation actions with their "
        "agencies (as named and by code), KPIs, link to the provincial development plan "
        "and the money allocated; reportable says whether you may report on it.",
    )
    @action(detail=False, methods=["get"])
    def actions(self, request, plan_pk=None):
        plan = self._plan()
        access = self._access()
        mine = set(access.reportable_actions(plan).values_list("pk", flat=True))
        index = agency_index()
        rows = (
            monitored_actions(plan)
            .select_related("section", "link__strategy", "link__project")
            .prefetch_related(
                Prefetch("fundings", queryset=Funding.objects.order_by("fiscal_year", "pk"))
            )
            .order_by("section__kind", "position", "pk")
        )
        answer = []
        for row in rows:
            owner, co = action_agencies(row, index)
            link = row.link if hasattr(row, "link") else None  # no link yet: no row
            answer.append(
                {
                    "id": row.pk,
                    "code": row.code,
                    "kind": row.section.kind,
                    "name_th": row.name_th,
                    "name_en": row.name_en,
                    "owner_agency": row.owner_agency,
                    "owner_code": owner,
                    "co_agencies": [str(a) for a in row.co_agencies or []],
                    "co_codes": co,
                    "start_year": row.start_year,
                    "end_year": row.end_year,
                    "kpis": [vars(k) for k in action_kpis(row.kpi, row.data)],
                    "link": link,
                    "funding": list(row.fundings.all()),
                    "reportable": row.pk in mine,
                }
            )
        return Response(s.MonitoredActionSerializer(answer, many=True).data)


REPORT_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="the report's id", pattern=ID_PATTERN
)


@extend_schema(parameters=[PLAN_PARAMETER], tags=["monitoring"])
class ReportViewSet(PlanScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A plan's progress reports (an agency reporter: their agency's actions' only): read,
    create and change a draft, submit it; the working group's secretariat accepts or
    returns a submitted report."""

    serializer_class = s.ReportSerializer
    pagination_class = BoundedPagination
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN
    queryset = ProgressReport.objects.none()  # the schema's model; reads go through access

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.kwargs.get("plan_pk") is not None and not getattr(self, "swagger_fake_view", False):
            context.update(access=self._access(), plan=self._plan())
        return context

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressReport.objects.none()
        plan = self._plan()
        query = (
            self._access()
            .reports(plan)
            .select_related("action__section", "agency", "submitted_by", "reviewed_by")
        )
        if self.action != "list":
            return query
        params = s.ReportFilterSerializer(data=self.request.query_params.dict())
        params.is_valid(raise_exception=True)
        wanted = params.validated_data
        if wanted.get("period"):
            query = query.filter(period_id=wanted["period"])
        if wanted.get("state"):
            query = query.filter(state=wanted["state"])
        if wanted.get("action"):
            query = query.filter(action__code=wanted["action"])
        return query.order_by("period__starts", "action__section__kind", "action__position", "pk")

    def _report(self, pk) -> ProgressReport:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _detail(self, report: ProgressReport, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            ProgressReport.objects.select_related(
                "action__section", "agency", "submitted_by", "reviewed_by"
            )
            .prefetch_related("evidence__uploaded_by", "events__user")
            .get(pk=report.pk)
        )
        return Response(
            s.ReportDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(
        parameters=[s.ReportFilterSerializer],
        responses={200: s.ReportSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[REPORT_ID],
        responses={200: s.ReportDetailSerializer, **READ_ERRORS},
        description="One report with its evidence files and its history.",
    )
    def retrieve(self, request, plan_pk=None, pk=None):
        return self._detail(self._report(pk))

    # ---- writing (through the reports' services)
    def _refused(self) -> PermissionDenied:
        return PermissionDenied(
            "you do not report on this action: an agency reports on the actions it owns or "
            "co-operates in, the province's editors on every action / คุณไม่ได้รับผิดชอบ"
            "รายงานมาตรการนี้: หน่วยงานรายงานเฉพาะมาตรการที่เป็นเจ้าของหรือร่วมดำเนินการ "
            "ผู้จัดทำข้อมูลของจังหวัดรายงานได้ทุกมาตรการ"
        )

    @staticmethod
    def _values(action_row, data: dict) -> ReportValues:
        """The report's values checked by the core (every problem at once, located)."""
        entries = [
            KpiEntry(key=e["key"], value=e["value"], unit=e.get("unit", "")) for e in data["kpis"]
        ]
        return check_report(
            status=data["status"],
            reason=data["reason"],
            percent=data["percent"],
            disbursed=data["disbursed"],
            kpis=services_reports.kpis_of(action_row),
            entries=entries,
            comment=data["comment"],
        )

    @extend_schema(
        request=s.ReportCreateSerializer,
        responses={201: s.ReportDetailSerializer, **WRITE_ERRORS},
        description="A new draft report on an action for a period (open, of this plan). "
        "Agency reporters report on their agency's actions, the province's editors on "
        "any. KPI values are converted into each KPI's unit. A report that exists already "
        "answers 409 (change it with PUT).",
    )
    def create(self, request, plan_pk=None):
        plan = self._plan()
        access = self._access()
        # who may report at all is decided first: a refused user learns nothing of the rules
        reportable = access.reportable_actions(plan)
        if not reportable.exists():
            raise self._refused()
        serializer = s.ReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action_row = monitored_actions(plan).filter(code=data["action"]).first()
        period = ReportingPeriod.objects.filter(plan=plan, pk=data["period"]).first()
        problems = []
        if action_row is None:
            problems.append(
                Problem(
                    f"the plan has no measure or adaptation action {data['action']!r}",
                    f"แผนนี้ไม่มีมาตรการหรือแนวทางการปรับตัวรหัส {data['action']!r}",
                    column="action",
                    value=data["action"],
                )
            )
        if period is None:
            problems.append(
                Problem(
                    f"the plan has no reporting period {data['period']}",
                    f"แผนนี้ไม่มีรอบการรายงานหมายเลข {data['period']}",
                    column="period",
                    value=str(data["period"]),
                )
            )
        if problems:
            raise InputError(problems)
        if not reportable.filter(pk=action_row.pk).exists():
            raise self._refused()
        values = self._values(action_row, data)
        report = services_reports.save_report(
            access, plan, action_row, period, request.user, expected_revision="0", values=values
        )
        return self._detail(report, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[REPORT_ID],
        request=s.ReportUpdateSerializer,
        responses={200: s.ReportDetailSerializer, **WRITE_ERRORS},
        description="Replace the values of a draft or returned report (it stays a draft "
        "until it is submitted).",
    )
    def update(self, request, plan_pk=None, pk=None):
        plan = self._plan()
        report = self._report(pk)
        access = self._access()
        if not access.reportable_actions(plan).filter(pk=report.action_id).exists():
            raise self._refused()
        serializer = s.ReportUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        values = self._values(report.action, data)
        saved = services_reports.save_report(
            access,
            plan,
            report.action,
            report.period,
            request.user,
            expected_revision=data["revision"],
            values=values,
        )
        return self._detail(saved)

    @extend_schema(
        parameters=[REPORT_ID],
        request=s.ReportSubmitSerializer,
        responses={200: s.ReportDetailSerializer, **WRITE_ERRORS},
        description="Submit a draft or returned report, as saved, to the working group's "
        "secretariat for review.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, plan_pk=None, pk=None):
        plan = self._plan()
        report = self._report(pk)
        access = self._access()
        if not access.reportable_actions(plan).filter(pk=report.action_id).exists():
            raise self._refused()
        serializer = s.ReportSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        values = self._stored_values(report)
        values.comment = data["comment"].strip() or report.comment
        saved = services_reports.save_report(
            access,
            plan,
            report.action,
            report.period,
            request.user,
            expected_revision=data["revision"],
            values=values,
            submit=True,
        )
        return self._detail(saved)

    @extend_schema(
        parameters=[REPORT_ID],
        request=s.ReportReviewSerializer,
        responses={200: s.ReportDetailSerializer, **WRITE_ERRORS},
        description="The working group's secretariat (the province's editors) accepts a "
        "submitted report (it is then locked) or returns it with a comment saying what to "
        "correct.",
    )
    @action(detail=True, methods=["post"])
    def review(self, request, plan_pk=None, pk=None):
        plan = self._plan()
        report = self._report(pk)
        access = self._access()
        if not access.can_manage(plan):
            raise PermissionDenied(
                "only the province's editors review reports / ผู้จัดทำข้อมูลของจังหวัดเท่านั้นที่พิจารณารายงานได้"
            )
        serializer = s.ReportReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services_reports.review_report(
            access,
            plan,
            report,
            request.user,
            expected_revision=data["revision"],
            decision=data["action"],
            comment=data["comment"],
        )
        return self._detail(saved)

    # ---- evidence
    def _stored_values(self, report: ProgressReport) -> ReportValues:
        return ReportValues(
            status=report.status,
            reason=report.reason,
            percent=report.percent,
            disbursed=report.disbursed,
            kpi_values=list(report.kpi_values or []),
            comment=report.comment,
        )

    @extend_schema(
        parameters=[REPORT_ID],
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.ReportDetailSerializer, **WRITE_ERRORS},
        description="Attach evidence files (PDF, PNG, JPEG or WebP; type checked by name "
        "and content, size by the site's evidence limit) to a draft or returned report; "
        "its values stay as saved.",
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        url_path="evidence",
        url_name="evidence-upload",
    )
    def evidence(self, request, plan_pk=None, pk=None):
        plan = self._plan()
        report = self._report(pk)
        access = self._access()
        if not access.reportable_actions(plan).filter(pk=report.action_id).exists():
            raise self._refused()
        serializer = s.EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        files, problems = services_reports.read_evidence(request.FILES.getlist("file"))
        if problems:
            raise InputError(problems)
        saved = services_reports.save_report(
            access,
            plan,
            report.action,
            report.period,
            request.user,
            expected_revision=serializer.validated_data["revision"],
            values=self._stored_values(report),
            files=files,
        )
        return self._detail(saved, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            REPORT_ID,
            OpenApiParameter(
                "evidence_pk",
                int,
                OpenApiParameter.PATH,
                description="the evidence file's id",
                pattern=ID_PATTERN,
            ),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/webp"): OpenApiTypes.BINARY,
            **READ_ERRORS,
        },
        description="An evidence file of the report, always as a download.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"evidence/(?P<evidence_pk>{ID_PATTERN})",
        url_name="evidence-file",
    )
    def evidence_file(self, request, plan_pk=None, pk=None, evidence_pk=None):
        report = self._report(pk)
        row = get_object_or_404(Evidence, pk=evidence_pk, report=report)
        path = services_reports.evidence_file(row)
        if path is None:
            raise Http404
        response = FileResponse(
            path.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


@extend_schema(tags=["monitoring"])
class AgencyViewSet(WorkflowErrorsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The agencies that own or co-operate in actions and sit in working groups, with the
    source of each shipped row (``province``: the province it belongs to, if only one)."""

    serializer_class = s.AgencySerializer
    pagination_class = None
    queryset = Agency.objects.filter(active=True).order_by("level", "code")

    @extend_schema(
        parameters=[s.AgencyFilterSerializer],
        responses={200: s.AgencySerializer(many=True), 400: READ_ERRORS[400]},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        query = super().get_queryset()
        params = s.AgencyFilterSerializer(data=self.request.query_params.dict())
        params.is_valid(raise_exception=True)
        wanted = params.validated_data
        if wanted.get("province"):
            # the agencies of every province, and those of the one asked for
            query = query.filter(province__in=["", wanted["province"]])
        if wanted.get("level"):
            query = query.filter(level=wanted["level"])
        return query
