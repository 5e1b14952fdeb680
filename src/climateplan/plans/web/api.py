# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""Plans and their sections in the REST API (under ``/api/plans/``).

The same rules as the plan pages: every plan is read through
``plan_access_for(user).plans()`` (a plan outside your view answers 404, one you see
but may not change answers 403), and every change goes through
:mod:`climateplan.plans.web.services`, which computes through the section's handler
and the core (nothing is calculated here). Writes name the plan ``revision`` they
were made on (409 with ``current_revision`` when stale, or when the plan moved on);
bad input answers 400 with located bilingual ``problems``, nothing saved. Uploads are
read through the site's upload guard and the section's core readers.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from climateplan.errors import InputError, Problem
from climateplan.inventory.web.access import access_for as inventory_access_for
from climateplan.inventory.web.api import (
    ID_PATTERN,
    READ_ERRORS,
    WRITE_ERRORS,
    BoundedPagination,
    ErrorSerializer,
    ProblemsSerializer,
    WorkflowErrorsMixin,
)
from climateplan.plans import reduction as reduction_core
from climateplan.plans import risk as risk_core
from climateplan.plans.web import serializers as s
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.handler_reduction import effective_inputs
from climateplan.plans.web.handler_risk import stored_inputs
from climateplan.plans.web.models import Plan, PlanChange, Section, SectionKind
from climateplan.plans.web.sections import ActionData
from climateplan.site.uploads import read_uploaded, upload_limits

ALL_KINDS = "inventory|reduction|risk|adaptation"
ACTION_KINDS = "reduction|adaptation"  # sections whose items are Action rows
UPLOAD_KINDS = "reduction|risk"  # sections whose tables upload
CODE_PATTERN = "[^/]{1,32}"
INPUT_KINDS = (SectionKind.REDUCTION, SectionKind.RISK, SectionKind.ADAPTATION)


def _kind_parameter(kinds: str) -> OpenApiParameter:
    return OpenApiParameter(
        "kind", str, OpenApiParameter.PATH, enum=kinds.split("|"), description="section kind"
    )


CODE_PARAMETER = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="the measure's or action's code"
)


def _problem(en: str, th: str, **where) -> InputError:
    return InputError([Problem(en, th, **where)])


def section_answer(access, plan: Plan, section: Section) -> dict:
    """The section as the API shows it (internals only for those who see them)."""
    internals = access.sees_internals(plan)
    answer = {
        "plan": plan.pk,
        "plan_revision": plan.revision,
        "kind": section.kind,
        "state": section.state,
        "editable": access.can_edit(section, plan),
        "summary": section.summary or {},
        "stale": services.is_stale(section, plan),
        "has_result": section.result is not None,
        "computed_at": section.computed_at,
        "inputs": None,
        "problems": None,
        "warnings": None,
        "checklist": None,
    }
    if internals:
        answer.update(
            inputs=section.inputs or {},
            problems=list(section.problems or []),
            warnings=list(section.warnings or []),
            checklist=[
                {
                    "key": item.key,
                    "done": item.done,
                    "blocking": item.blocking,
                    "th": item.th,
                    "en": item.en,
                    "hint_th": item.hint_th,
                    "hint_en": item.hint_en,
                }
                for item in services.checklist(section, plan)
            ],
        )
    return s.SectionSerializer(answer).data


class PlanViewSet(
    WorkflowErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Plans you may see; create, edit, endorse, move through the workflow, and their
    sections (inputs, result, review, measures and actions, uploads), comments, history."""

    serializer_class = s.PlanSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = BoundedPagination
    lookup_value_regex = ID_PATTERN

    # ---- lookups (404 outside the user's view)
    def _access(self):
        return plan_access_for(self.request.user)

    def get_queryset(self):
        query = self._access().plans().prefetch_related("sections", "calibration_inventories")
        if self.action != "list":
            return query
        params = s.PlanFilterSerializer(data=self.request.query_params.dict())
        params.is_valid(raise_exception=True)
        wanted = params.validated_data
        if wanted.get("province"):
            query = query.filter(province=wanted["province"])
        if wanted.get("state"):
            query = query.filter(state=wanted["state"])
        if wanted.get("period"):
            start, end = (int(y) for y in wanted["period"].split("-"))
            query = query.filter(start_year=start, end_year=end)
        if wanted.get("latest"):
            query = query.filter(is_latest=True)
        return query.order_by("province", "-start_year", "-version")

    def _plan(self, pk) -> Plan:
        return get_object_or_404(self._access().plans(), pk=pk)

    def _section(self, pk, kind) -> tuple[Plan, Section]:
        plan = self._plan(pk)
        return plan, get_object_or_404(Section, plan=plan, kind=kind)

    def _internal_plan(self, pk) -> Plan:
        """Comments and history: the province's own people and national users only."""
        plan = self._plan(pk)
        if not self._access().sees_internals(plan):
            raise Http404
        return plan

    def _inventory(self, pk, column: str):
        """An inventory the user may see (an unknown or hidden id is a located problem)."""
        if pk is None:
            return None
        found = inventory_access_for(self.request.user).inventories().filter(pk=pk).first()
        if found is None:
            raise _problem(
                f"no inventory {pk} that you can see",
                f"ไม่พบบัญชีก๊าซเรือนกระจกหมายเลข {pk} ที่คุณเข้าถึงได้",
                column=column,
                value=str(pk),
            )
        return found

    def _calibration(self, ids) -> list:
        return [self._inventory(pk, "calibration") for pk in ids]

    def _fresh(self, plan: Plan) -> Plan:
        return Plan.objects.prefetch_related("sections", "calibration_inventories").get(pk=plan.pk)

    # ---- plans
    @extend_schema(
        parameters=[s.PlanFilterSerializer],
        responses={200: s.PlanSerializer(many=True), 400: ProblemsSerializer},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: s.PlanSerializer, **READ_ERRORS})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=s.PlanCreateSerializer,
        responses={201: s.PlanSerializer, **WRITE_ERRORS},
        description="A new draft plan of your province (provincial editors) with its four "
        "sections; years in CE.",
    )
    def create(self, request):
        access = self._access()
        # who may create is decided first: a refused user learns nothing of the rules
        if isinstance(request.data, dict) and not access.can_create(
            str(request.data.get("province", ""))
        ):
            raise PermissionDenied
        serializer = s.PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not access.can_create(serializer.validated_data["province"]):
            raise PermissionDenied
        values = dict(serializer.validated_data)
        plan = services.create_plan(
            access,
            request.user,
            province=values["province"],
            kind=values["kind"],
            title_th=values["title_th"],
            title_en=values["title_en"],
            start_year=values["start_year"],
            end_year=values["end_year"],
            base_year=values["base_year"],
            base_inventory=self._inventory(values.get("base_inventory"), "base_inventory"),
            calibration=self._calibration(values["calibration"]),
        )
        return Response(s.PlanSerializer(self._fresh(plan)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PlanPatchSerializer,
        responses={200: s.PlanSerializer, **WRITE_ERRORS},
        description="Change the plan's own fields while it is a draft or returned.",
    )
    def partial_update(self, request, pk=None):
        plan = self._plan(pk)
        access = self._access()
        if not access.can_edit_plan(plan):
            raise PermissionDenied
        serializer = s.PlanPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        base = (
            self._inventory(values["base_inventory"], "base_inventory")
            if "base_inventory" in values
            else plan.base_inventory
        )
        calibration = (
            self._calibration(values["calibration"])
            if "calibration" in values
            else list(plan.calibration_inventories.all())
        )
        saved = services.edit_plan(
            access,
            request.user,
            plan,
            expected_revision=values["revision"],
            title_th=values.get("title_th", plan.title_th),
            title_en=values.get("title_en", plan.title_en),
            start_year=values.get("start_year", plan.start_year),
            end_year=values.get("end_year", plan.end_year),
            base_year=values.get("base_year", plan.base_year),
            base_inventory=base,
            calibration=calibration,
        )
        return Response(s.PlanSerializer(self._fresh(saved)).data)

    @extend_schema(
        request=s.PlanTransitionSerializer,
        responses={200: s.PlanSerializer, **WRITE_ERRORS},
        description="withdraw the endorsement, submit, approve, publish; revise answers the "
        "new draft version. A comment is kept with the plan.",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        plan = self._plan(pk)
        serializer = s.PlanTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        result = services.transition(
            self._access(),
            request.user,
            plan,
            values["action"],
            expected_revision=values["revision"],
            comment=values["comment"],
        )
        return Response(s.PlanSerializer(self._fresh(result)).data)

    @extend_schema(
        request=s.EndorseSerializer,
        responses={200: s.PlanSerializer, **WRITE_ERRORS},
        description="The province's endorsement (working group or committee meeting) of a "
        "complete draft plan, recorded by the province's approver.",
    )
    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        plan = self._plan(pk)
        access = self._access()
        if not access.can_transition(plan, "endorse"):
            raise PermissionDenied
        serializer = s.EndorseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        revision = values.pop("revision")
        result = services.endorse(access, request.user, plan, expected_revision=revision, **values)
        return Response(s.PlanSerializer(self._fresh(result)).data)

    # ---- sections
    @extend_schema(
        methods=["GET"],
        parameters=[_kind_parameter(ALL_KINDS)],
        responses={200: s.SectionSerializer, **READ_ERRORS},
        summary="A section of the plan",
    )
    @extend_schema(
        methods=["PUT"],
        parameters=[_kind_parameter(ALL_KINDS)],
        request=s.SectionInputsSerializer,
        responses={200: s.SectionSerializer, **WRITE_ERRORS},
        summary="Replace the section's inputs (recomputed by the core)",
        description="The inputs in the section's stored form (docs/plans/); the section "
        "is recomputed and saved in one write, or refused with every problem.",
    )
    @action(
        detail=True,
        methods=["get", "put"],
        url_path=rf"sections/(?P<kind>{ALL_KINDS})",
        url_name="section",
    )
    def section(self, request, pk=None, kind=None):
        plan, section = self._section(pk, kind)
        access = self._access()
        if request.method == "GET":
            return Response(section_answer(access, plan, section))
        if not access.can_edit(section, plan):
            raise PermissionDenied
        serializer = s.SectionInputsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if kind not in INPUT_KINDS:
            raise _problem(
                "the inventory section is the plan's base inventory: change the plan's "
                "base_inventory instead",
                "ส่วนบัญชีก๊าซเรือนกระจกคือบัญชีปีฐานของแผน กรุณาเปลี่ยน base_inventory ของแผนแทน",
                column="inputs",
            )
        inputs = serializer.validated_data["inputs"]
        self._readable(plan, section, inputs)
        self._write(
            access,
            section,
            serializer.validated_data["revision"],
            inputs=inputs,
            new={"inputs": sorted(inputs)},
        )
        return self._section_response(access, plan, kind)

    def _readable(self, plan: Plan, section: Section, inputs: dict) -> None:
        """Inputs the section's core cannot read back (its checklist fails on them) are
        refused before anything is written: the section's pages and the overview read
        them on every view."""
        probe = Section(
            pk=section.pk, plan=plan, kind=section.kind, state=section.state, inputs=inputs
        )
        try:
            services.checklist(probe, plan, cached=False)
        except InputError:
            raise
        except (LookupError, TypeError, ValueError, AttributeError) as error:
            raise self._unreadable(error) from error

    @staticmethod
    def _unreadable(error: Exception) -> InputError:
        return _problem(
            f"the section's inputs are not in its stored form ({type(error).__name__}: "
            f"{str(error)[:200]})",
            f"ข้อมูลนำเข้าของส่วนนี้ไม่อยู่ในรูปแบบที่ระบบจัดเก็บ ({type(error).__name__}: {str(error)[:200]})",
            column="inputs",
        )

    def _write(self, access, section: Section, revision: int, **kwargs) -> Section:
        """One write through the services; inputs the section's core cannot read at all
        (not its stored form) are a located problem, nothing saved."""
        try:
            return services.write_section(
                access, self.request.user, section, expected_revision=revision, **kwargs
            )
        except (LookupError, TypeError, ValueError, AttributeError) as error:
            raise self._unreadable(error) from error

    def _section_response(self, access, plan: Plan, kind: str) -> Response:
        plan = Plan.objects.get(pk=plan.pk)
        return Response(section_answer(access, plan, plan.sections.get(kind=kind)))

    @extend_schema(
        parameters=[_kind_parameter(ALL_KINDS)],
        responses={200: OpenApiTypes.OBJECT, **READ_ERRORS},
        description="The stored result document of the section (as its core module wrote "
        "it); null while the section has no result.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"sections/(?P<kind>{ALL_KINDS})/result",
        url_name="section-result",
    )
    def result(self, request, pk=None, kind=None):
        _plan, section = self._section(pk, kind)
        document = section.result
        if document is None:
            return HttpResponse("null", content_type="application/json")
        return Response(document)

    @extend_schema(
        parameters=[_kind_parameter(ALL_KINDS)],
        request=s.SectionReviewSerializer,
        responses={200: s.SectionSerializer, **WRITE_ERRORS},
        description="National reviewers: return a section (with a comment) or approve it "
        "while the plan is under review.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"sections/(?P<kind>{ALL_KINDS})/review",
        url_name="section-review",
    )
    def review(self, request, pk=None, kind=None):
        plan, section = self._section(pk, kind)
        access = self._access()
        serializer = s.SectionReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        services.review_section(
            access,
            request.user,
            section,
            values["action"],
            expected_revision=values["revision"],
            comment=values["comment"],
            item=values["item"],
        )
        return self._section_response(access, plan, kind)

    # ---- measures and adaptation actions
    def _actions(self, section: Section) -> list[ActionData]:
        return services.actions_of(section)

    @extend_schema(
        methods=["GET"],
        parameters=[_kind_parameter(ACTION_KINDS)],
        responses={200: s.ActionSerializer(many=True), **READ_ERRORS},
        summary="Reduction measures or adaptation actions, with budget lines",
    )
    @extend_schema(
        methods=["POST"],
        parameters=[_kind_parameter(ACTION_KINDS)],
        request=s.ActionWriteSerializer,
        responses={201: s.SectionSerializer, **WRITE_ERRORS},
        summary="Add a measure or action (the section is recomputed)",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        url_path=rf"sections/(?P<kind>{ACTION_KINDS})/actions",
        url_name="section-actions",
    )
    def actions(self, request, pk=None, kind=None):
        plan, section = self._section(pk, kind)
        access = self._access()
        if request.method == "GET":
            rows = [a.as_dict() for a in self._actions(section)]
            return Response(s.ActionSerializer(rows, many=True).data)
        if not access.can_edit(section, plan):
            raise PermissionDenied
        serializer = s.ActionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        revision = values.pop("revision")
        current = self._actions(section)
        if any(a.code == values["code"] for a in current):
            raise _problem(
                f"the section already has {values['code']!r}: change it with PUT instead",
                f"ส่วนนี้มีรหัส {values['code']!r} อยู่แล้ว กรุณาแก้ไขด้วย PUT แทน",
                column="code",
                value=values["code"],
            )
        self._write(
            access,
            section,
            revision,
            actions=[*current, ActionData(**values)],
            change=PlanChange.Action.ADD,
            item=f"action:{values['code']}",
            new={"code": values["code"], "name_th": values["name_th"]},
        )
        answer = self._section_response(access, plan, kind)
        answer.status_code = status.HTTP_201_CREATED
        return answer

    @extend_schema(
        methods=["GET"],
        parameters=[_kind_parameter(ACTION_KINDS), CODE_PARAMETER],
        responses={200: s.ActionSerializer, **READ_ERRORS},
        summary="One measure or action",
    )
    @extend_schema(
        methods=["PUT"],
        parameters=[_kind_parameter(ACTION_KINDS), CODE_PARAMETER],
        request=s.ActionWriteSerializer,
        responses={200: s.SectionSerializer, **WRITE_ERRORS},
        summary="Replace a measure or action (its code may not change)",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[_kind_parameter(ACTION_KINDS), CODE_PARAMETER, s.RevisionQuerySerializer],
        responses={200: s.SectionSerializer, **WRITE_ERRORS},
        summary="Delete a measure or action",
    )
    @action(
        detail=True,
        methods=["get", "put", "delete"],
        url_path=rf"sections/(?P<kind>{ACTION_KINDS})/actions/(?P<code>{CODE_PATTERN})",
        url_name="section-action",
    )
    def action_detail(self, request, pk=None, kind=None, code=None):
        plan, section = self._section(pk, kind)
        access = self._access()
        current = self._actions(section)
        index = next((i for i, a in enumerate(current) if a.code == code), None)
        if index is None:
            raise Http404
        if request.method == "GET":
            return Response(s.ActionSerializer(current[index].as_dict()).data)
        if not access.can_edit(section, plan):
            raise PermissionDenied
        if request.method == "DELETE":
            query = s.RevisionQuerySerializer(data=request.query_params.dict())
            query.is_valid(raise_exception=True)
            removed = current.pop(index)
            self._write(
                access,
                section,
                query.validated_data["revision"],
                actions=current,
                change=PlanChange.Action.DELETE,
                item=f"action:{code}",
                old={"code": removed.code, "name_th": removed.name_th},
            )
            return self._section_response(access, plan, kind)
        serializer = s.ActionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        revision = values.pop("revision")
        if values["code"] != code:
            raise _problem(
                "the code in the body differs from the code in the address",
                "รหัสในเนื้อหาไม่ตรงกับรหัสในที่อยู่",
                column="code",
                value=values["code"],
            )
        old = current[index]
        current[index] = ActionData(**values)
        self._write(
            access,
            section,
            revision,
            actions=current,
            change=PlanChange.Action.EDIT,
            item=f"action:{code}",
            old={"name_th": old.name_th},
            new={"name_th": values["name_th"]},
        )
        return self._section_response(access, plan, kind)

    # ---- uploads
    @extend_schema(
        parameters=[_kind_parameter(UPLOAD_KINDS)],
        request={"multipart/form-data": s.SectionUploadSerializer},
        responses={200: s.UploadAnswerSerializer, **WRITE_ERRORS, 413: ErrorSerializer},
        description="reduction: a workbook of the section's template (drivers, grid_ef, "
        "measures, budget, targets) or one table as CSV (name it in table); risk: the "
        "indicator template (table=indicators) or the gridded climate index table "
        "(table=gridded). Checked by the site's upload limits before it is parsed.",
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        url_path=rf"sections/(?P<kind>{UPLOAD_KINDS})/upload",
        url_name="section-upload",
    )
    def upload(self, request, pk=None, kind=None):
        plan, section = self._section(pk, kind)
        access = self._access()
        if not access.can_edit(section, plan):
            raise PermissionDenied
        serializer = s.SectionUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        upload_file = values["file"]
        table = values["table"]
        limits = upload_limits()
        data = read_uploaded(upload_file, limits)  # the upload guard, before any parsing
        name = upload_file.name or "upload"
        if kind == SectionKind.REDUCTION:
            tables, rows, write = self._reduction_upload(plan, section, data, name, table, limits)
        else:
            tables, rows, write = self._risk_upload(plan, section, data, name, table, limits)
        self._write(
            access,
            section,
            values["revision"],
            change=PlanChange.Action.UPLOAD,
            item=f"{'/'.join(tables) or 'upload'}:{name}"[:80],
            new={"file": name[:200], "tables": tables, "rows": rows},
            **write,
        )
        answer = self._section_response(access, plan, kind).data
        return Response({"tables": tables, "rows": rows, "section": answer})

    def _reduction_upload(self, plan, section, data, name, table, limits):
        if table in s.RISK_TABLES:
            raise _problem(
                f"{table!r} is a table of the risk section; the reduction section reads "
                f"{', '.join(reduction_core.upload.CSV_TABLES)}",
                f"{table!r} เป็นตารางของส่วนความเสี่ยง ส่วนแผนลดก๊าซอ่านตาราง "
                f"{', '.join(reduction_core.upload.CSV_TABLES)}",
                file=name,
                column="table",
                value=table,
            )
        uploaded = reduction_core.read_upload(data, name, table=table or None, limits=limits)
        # measures merge by id as on the section's page (views_reduction._merge_measures)
        from climateplan.plans.web.views_reduction import _merge_measures

        actions = _merge_measures(section, uploaded.measures) if uploaded.measures else None
        inputs = effective_inputs(section.inputs, plan.base_year)
        tables, rows = [], 0
        for key in ("drivers", "grid", "targets"):
            found = getattr(uploaded, key)
            if found:
                inputs[key] = found
                tables.append(key)
                rows += len(found)
        if uploaded.measures:
            tables.append("measures")
            rows += len(uploaded.measures)
        return tables, rows, {"inputs": inputs, "actions": actions}

    def _risk_upload(self, plan, section, data, name, table, limits):
        if table not in s.RISK_TABLES:
            raise _problem(
                "say which table the file is: indicators (the indicator template) or gridded "
                "(the table of climate indices)",
                "กรุณาระบุว่าไฟล์เป็นตารางใด: indicators (แม่แบบตัวชี้วัด) หรือ gridded (ตารางดัชนีภูมิอากาศ)",
                file=name,
                column="table",
                value=table,
            )
        inputs = stored_inputs(section.inputs)
        if table == "indicators":
            found = risk_core.read_indicator_upload(
                data, name, plan.province, limits, framework=inputs.framework()
            )
            inputs.indicators = found
            inputs.synthetic["indicators"] = any(r.get("synthetic") for r in found)
        else:
            found = risk_core.read_gridded_upload(data, name, plan.province, limits)
            inputs.gridded = found
            inputs.synthetic["gridded"] = any(bool(r.get("synthetic")) for r in found)
        return [table], len(found), {"inputs": inputs.to_dict()}

    # ---- comments and history
    @extend_schema(
        methods=["GET"], responses={200: s.PlanCommentSerializer(many=True), **READ_ERRORS}
    )
    @extend_schema(
        methods=["POST"],
        request=s.PlanCommentCreateSerializer,
        responses={201: s.PlanCommentSerializer, **WRITE_ERRORS},
        description="Reviewers comment while the plan is under review; the province's "
        "editors reply.",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, pk=None):
        plan = self._internal_plan(pk)
        if request.method == "GET":
            rows = plan.comments.select_related("author")
            return Response(s.PlanCommentSerializer(rows, many=True).data)
        access = self._access()
        if not access.can_comment(plan):
            raise PermissionDenied
        serializer = s.PlanCommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        parent = None
        if values.get("parent"):
            try:
                parent = plan.comments.get(pk=values["parent"])
            except ObjectDoesNotExist as error:
                raise _problem(
                    "no such comment on this plan",
                    "ไม่พบความเห็นนี้ในแผนนี้",
                    column="parent",
                    value=str(values["parent"]),
                ) from error
        comment = services.add_comment(
            access,
            request.user,
            plan,
            values["text"],
            section_kind=values["section"],
            item=values["item"],
            parent=parent,
        )
        return Response(s.PlanCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.PlanChangeSerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        plan = self._internal_plan(pk)
        return Response(s.PlanChangeSerializer(plan.changes.select_related("user"), many=True).data)
