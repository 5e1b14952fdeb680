# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""REST API under /api/ (Django REST framework; OpenAPI schema at /api/schema/).

Same permissions as the pages: every endpoint reads through
``access_for(user).inventories()`` and every change goes through
:mod:`climateplan.inventory.web.services`. Writes name the ``revision`` they
were made on; a stale revision answers 409. Validation problems answer 400 with
``problems``: each with ``message_en``, ``message_th``, ``file``, ``sheet``,
``row``, ``column``, ``value``.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from climateplan.errors import InputError
from climateplan.inventory.activity import check_line_cells
from climateplan.inventory.web import dashboard, services
from climateplan.inventory.web.access import TRANSITIONS, access_for
from climateplan.inventory.web.models import (
    GWP_CHOICES,
    ActivityLine,
    Change,
    Inventory,
    ResultDocument,
    ReviewComment,
    State,
)
from climateplan.site.uploads import read_uploaded

# --------------------------------------------------------------------------- serializers


class ProblemSerializer(serializers.Serializer):
    message_en = serializers.CharField()
    message_th = serializers.CharField()
    file = serializers.CharField(allow_null=True)
    sheet = serializers.CharField(allow_null=True)
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True)


class ProblemsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    problems = ProblemSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    detail_th = serializers.CharField(required=False)
    current_revision = serializers.IntegerField(required=False)


# What each kind of operation may answer besides its success (documented in the schema).
READ_ERRORS = {
    400: ProblemsSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorSerializer}
PROVINCES_CACHE_SECONDS = 600  # the data stamp in the key makes any change show at once
LIST_CACHE_SECONDS = 600  # keys hold a data stamp or the revision: a change shows at once
LARGEST_ID = 10**18 - 1  # ids in paths: at most 18 digits, so always a 64-bit integer
ID_PATTERN = "[0-9]{1,18}"


def problem_list(detail, column: str | None = None) -> list[dict]:
    """DRF validation errors as the API's located problems (one per message)."""
    if isinstance(detail, dict):
        return [p for key, value in detail.items() for p in problem_list(value, str(key))]
    if isinstance(detail, list):
        return [p for item in detail for p in problem_list(item, column)]
    text = str(detail)
    where = f"{column}: " if column and column != "non_field_errors" else ""
    return [
        {
            "message_en": f"{where}{text}",
            "message_th": f"ค่าไม่ถูกต้อง {where}{text}",
            "file": None,
            "sheet": None,
            "row": None,
            "column": None if column == "non_field_errors" else column,
            "value": None,
        }
    ]


class BoundedPagination(LimitOffsetPagination):
    """limit 1..1000 and offset 0..10^9, documented; other values answer 400."""

    max_limit = 1000
    max_offset = 10**9

    def _bounded(self, request, name: str, low: int, high: int, default):
        text = request.query_params.get(name)
        if text is None or text == "":
            return default
        field = serializers.IntegerField(min_value=low, max_value=high)
        try:
            return field.run_validation(text)
        except ValidationError as exc:
            raise ValidationError({name: exc.detail}) from exc

    def get_limit(self, request):
        return self._bounded(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request):
        return self._bounded(request, self.offset_query_param, 0, self.max_offset, 0)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: (1, self.max_limit),
            self.offset_query_param: (0, self.max_offset),
        }
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"] = {"type": "integer", "minimum": low, "maximum": high}
        return parameters


class InventoryFilterSerializer(serializers.Serializer):
    province = serializers.RegexField(
        r"^TH-[0-9]{2}$", required=False, help_text="ISO 3166-2:TH code, e.g. TH-50"
    )
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    state = serializers.ChoiceField(choices=State.values, required=False)
    latest = serializers.BooleanField(
        required=False, default=False, help_text="only the newest version of each year"
    )


class RevisionQuerySerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="the inventory revision of this change"
    )


class ProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()
    region_th = serializers.CharField()
    region_en = serializers.CharField()
    status = serializers.CharField(help_text="workflow state of the newest inventory you may see")
    status_year = serializers.IntegerField(allow_null=True)
    published_year = serializers.IntegerField(allow_null=True)
    published_inventory = serializers.IntegerField(allow_null=True)
    basic = serializers.FloatField(allow_null=True)
    basic_plus = serializers.FloatField(allow_null=True)
    territorial = serializers.FloatField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    per_capita = serializers.FloatField(allow_null=True)


class InventorySerializer(serializers.ModelSerializer):
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Inventory
        fields = [
            "id",
            "province",
            "year",
            "gwp",
            "version",
            "state",
            "revision",
            "is_latest",
            "previous",
            "line_count",
            "totals",
            "result_problems",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "published_at",
        ]
        read_only_fields = fields

    def get_totals(self, obj: Inventory) -> dict[str, float | None]:
        return {
            "basic": obj.total_basic,
            "basic_plus": obj.total_basic_plus,
            "territorial": obj.total_territorial,
            "biogenic_co2": obj.total_biogenic_co2,
        }


class InventoryCreateSerializer(serializers.Serializer):
    province = serializers.CharField(help_text="ISO 3166-2:TH code, e.g. TH-50")
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    gwp = serializers.ChoiceField(choices=GWP_CHOICES, default="AR5")


class LineSerializer(serializers.ModelSerializer):
    revision = serializers.IntegerField(
        write_only=True, help_text="the inventory revision this change was made on"
    )
    params = serializers.DictField(child=serializers.CharField(), required=False)

    class Meta:
        model = ActivityLine
        fields = [
            "id",
            "position",
            "gpc_ref",
            "method",
            "activity",
            "amount",
            "unit",
            "notation_key",
            "data_quality",
            "activity_year",
            "uncertainty_pct",
            "source",
            "note",
            "params",
            "revision",
        ]
        read_only_fields = ["id", "position"]

    def validate(self, attrs):
        """The core's line rules (climateplan.inventory.activity.check_line_cells), the same
        the upload and the page's form apply; problems answer 400 with ``problems``."""
        cells = {
            k: v for k, v in attrs.items() if k not in ("revision", "params") and v is not None
        }
        for name, value in (attrs.get("params") or {}).items():
            cells[name if name.startswith("param_") else f"param_{name}"] = value
        problems = check_line_cells(cells)
        if problems:
            raise InputError(problems)
        return attrs


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    mode = serializers.ChoiceField(choices=["replace", "append"], default="replace")
    revision = serializers.IntegerField()


class UploadResultSerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    revision = serializers.IntegerField()


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(TRANSITIONS))
    revision = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True)
    line = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ReviewComment
        fields = ["id", "line", "position", "author", "text", "created_at"]


class CommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    line = serializers.IntegerField(required=False, allow_null=True)


class ChangeSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, allow_null=True)

    class Meta:
        model = Change
        fields = ["id", "at", "user", "action", "position", "old", "new", "revision"]


# --------------------------------------------------------------------------- views


def _problems_response(error: InputError) -> Response:
    count = len(error.problems)
    return Response(
        {
            "detail": f"{count} problem(s) in the input / พบปัญหา {count} รายการ",
            "problems": [p.to_dict() for p in error.problems],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class WorkflowErrorsMixin:
    """Map the workflow's exceptions to HTTP answers (400 always as located problems)."""

    def handle_exception(self, exc):
        if isinstance(exc, InputError):
            return _problems_response(exc)
        if isinstance(exc, ValidationError):
            problems = problem_list(exc.detail)
            count = len(problems)
            return Response(
                {
                    "detail": f"{count} problem(s) in the request / พบปัญหา {count} รายการในคำขอ",
                    "problems": problems,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(exc, services.Conflict):
            return Response(
                {
                    "detail": exc.message_en,
                    "detail_th": exc.message_th,
                    "current_revision": exc.current_revision,
                },
                status=status.HTTP_409_CONFLICT,
            )
        if isinstance(exc, services.WorkflowError):
            return Response(
                {"detail": exc.message_en, "detail_th": exc.message_th},
                status=status.HTTP_409_CONFLICT,
            )
        if isinstance(exc, DjangoPermissionDenied):
            exc = PermissionDenied()
        return super().handle_exception(exc)


class ProvinceViewSet(viewsets.ViewSet):
    """The 77 provinces with the status and published totals you may see."""

    lookup_field = "code"
    serializer_class = ProvinceSerializer

    def _rows(self, request):
        # cached like the overview page: per audience and a stamp of the data, so any
        # change shows at once (the status texts are English/Thai codes, not the language)
        access = access_for(request.user)
        key = f"api-provinces:{access.scope_key()}:{dashboard.data_stamp()}"
        rows = cache.get(key)
        if rows is None:
            data = dashboard.overview(access)
            fields = list(ProvinceSerializer().fields)
            rows = {
                r.code: {
                    **{k: getattr(r, k) for k in fields if hasattr(r, k)},
                    "per_capita": r.per_capita,
                }
                for r in data.rows
            }
            cache.set(key, rows, PROVINCES_CACHE_SECONDS)
        return rows

    @extend_schema(responses={200: ProvinceSerializer(many=True)})
    def list(self, request):
        return Response(list(self._rows(request).values()))

    @extend_schema(
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="TH-xx")],
        responses={200: ProvinceSerializer, 404: ErrorSerializer},
    )
    def retrieve(self, request, code=None):
        rows = self._rows(request)
        if code not in rows:
            raise Http404
        return Response(rows[code])


class InventoryViewSet(
    WorkflowErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Inventories you may see; create, upload, lines, results, transitions."""

    serializer_class = InventorySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = BoundedPagination
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        query = access_for(self.request.user).inventories()
        if self.action != "list":
            return query
        # a plain dict: an empty value is a value to check, not an absent parameter
        params = InventoryFilterSerializer(data=self.request.query_params.dict())
        params.is_valid(raise_exception=True)
        wanted = params.validated_data
        if wanted.get("province"):
            query = query.filter(province=wanted["province"])
        if wanted.get("year") is not None:
            query = query.filter(year=wanted["year"])
        if wanted.get("state"):
            query = query.filter(state=wanted["state"])
        if wanted.get("latest"):
            query = query.filter(is_latest=True)
        return query.order_by("province", "-year", "-version")

    def _inventory(self, pk) -> Inventory:
        return get_object_or_404(access_for(self.request.user).inventories(), pk=pk)

    @extend_schema(
        parameters=[InventoryFilterSerializer],
        responses={200: InventorySerializer(many=True), 400: ProblemsSerializer},
    )
    def list(self, request, *args, **kwargs):
        # cached like /api/provinces/: per audience (who sees the same inventories), the
        # whole address (filters, limit, offset; the page links hold the host) and a stamp
        # of the data, so any change shows at once; a refused query is never cached
        key = ":".join(
            [
                "api-inventories",
                access_for(request.user).scope_key(),
                hashlib.sha256(request.build_absolute_uri().encode("utf-8")).hexdigest(),
                dashboard.data_stamp(),
            ]
        )
        data = cache.get(key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            cache.set(key, data, LIST_CACHE_SECONDS)
        return Response(data)

    @extend_schema(responses={200: InventorySerializer, **READ_ERRORS})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=InventoryCreateSerializer,
        responses={201: InventorySerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        serializer = InventoryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            inventory = services.create_inventory(request.user, **serializer.validated_data)
        except KeyError as exc:
            raise Http404 from exc
        return Response(InventorySerializer(inventory).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, **READ_ERRORS},
        description="The engine's result (JSON schema climateplan.inventory/1, "
        "docs/inventory/results.md); null while the inventory has no valid lines.",
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        inventory = self._inventory(pk)
        # The stored JSON text as it is: decoding and encoding ~0.5 MB per request would
        # be most of the answer's time.
        text = (
            ResultDocument.objects.filter(inventory=inventory)
            .annotate(text=Cast("document", TextField()))
            .values_list("text", flat=True)
            .first()
        )
        return HttpResponse(text or "null", content_type="application/json")

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={200: UploadResultSerializer, **WRITE_ERRORS, 413: ErrorSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request, pk=None):
        inventory = self._inventory(pk)
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload_file = serializer.validated_data["file"]
        outcome = services.upload(
            request.user,
            inventory,
            upload_file.name,
            read_uploaded(upload_file),  # the upload guard: never reads an oversized file
            expected_revision=serializer.validated_data["revision"],
            mode=serializer.validated_data["mode"],
        )
        return Response({"lines": outcome.lines, "revision": outcome.revision})

    @extend_schema(
        methods=["GET"],
        responses={200: LineSerializer(many=True), **READ_ERRORS},
        summary="Activity lines",
    )
    @extend_schema(
        methods=["POST"],
        request=LineSerializer,
        responses={201: LineSerializer, **WRITE_ERRORS},
        summary="Add an activity line",
    )
    @action(detail=True, methods=["get", "post"])
    def lines(self, request, pk=None):
        inventory = self._inventory(pk)
        if request.method == "GET":
            # the revision changes with every write, so a cached list is never stale
            key = ":".join(
                [
                    "api-lines",
                    str(inventory.pk),
                    str(inventory.revision),
                    f"{inventory.updated_at.timestamp():.6f}" if inventory.updated_at else "-",
                ]
            )
            data = cache.get(key)
            if data is None:
                data = LineSerializer(inventory.lines.all(), many=True).data
                cache.set(key, data, LIST_CACHE_SECONDS)
            return Response(data)
        serializer = LineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        revision = values.pop("revision")
        line = services.save_line(request.user, inventory, values, expected_revision=revision)
        return Response(LineSerializer(line).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        parameters=[OpenApiParameter("line_id", int, OpenApiParameter.PATH)],
        responses={200: LineSerializer, **READ_ERRORS},
        summary="One activity line",
    )
    @extend_schema(
        methods=["PUT", "PATCH"],
        parameters=[OpenApiParameter("line_id", int, OpenApiParameter.PATH)],
        request=LineSerializer,
        responses={200: LineSerializer, **WRITE_ERRORS},
        summary="Change an activity line",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[
            OpenApiParameter("line_id", int, OpenApiParameter.PATH),
            RevisionQuerySerializer,
        ],
        responses={204: None, **WRITE_ERRORS},
        summary="Delete an activity line",
    )
    @action(
        detail=True,
        methods=["get", "put", "patch", "delete"],
        url_path=rf"lines/(?P<line_id>{ID_PATTERN})",
        url_name="line-detail",
    )
    def line_detail(self, request, pk=None, line_id=None):
        inventory = self._inventory(pk)
        line = get_object_or_404(ActivityLine, pk=line_id, inventory=inventory)
        if request.method == "GET":
            return Response(LineSerializer(line).data)
        if request.method == "DELETE":
            query = RevisionQuerySerializer(data=request.query_params.dict())
            query.is_valid(raise_exception=True)
            services.delete_line(
                request.user,
                inventory,
                line,
                expected_revision=query.validated_data["revision"],
            )
            return Response(status=status.HTTP_204_NO_CONTENT)
        partial = request.method == "PATCH"
        serializer = LineSerializer(line, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = {name: getattr(line, name) for name in services.LINE_FIELDS}
        values["params"] = dict(line.params or {})
        values.update(serializer.validated_data)
        revision = values.pop("revision", None)
        saved = services.save_line(
            request.user, inventory, values, expected_revision=revision, line=line
        )
        return Response(LineSerializer(saved).data)

    @extend_schema(
        request=TransitionSerializer,
        responses={200: InventorySerializer, **WRITE_ERRORS},
        description="submit, return (with a comment), approve, publish; reopen answers the "
        "new draft version.",
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        inventory = self._inventory(pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.transition(
            request.user,
            inventory,
            serializer.validated_data["action"],
            expected_revision=serializer.validated_data["revision"],
            comment=serializer.validated_data.get("comment", ""),
        )
        return Response(InventorySerializer(result).data)

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True), **READ_ERRORS})
    @extend_schema(
        methods=["POST"],
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        inventory = self._inventory(pk)
        access = access_for(request.user)
        if not access.sees_internals(inventory):
            raise Http404
        if request.method == "GET":
            comments = inventory.comments.select_related("author")  # one query, not one per row
            return Response(CommentSerializer(comments, many=True).data)
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = None
        if serializer.validated_data.get("line"):
            line = get_object_or_404(
                ActivityLine, pk=serializer.validated_data["line"], inventory=inventory
            )
        comment = services.add_comment(
            request.user, inventory, serializer.validated_data["text"], line=line
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ChangeSerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        inventory = self._inventory(pk)
        if not access_for(request.user).sees_internals(inventory):
            raise Http404
        changes = inventory.changes.select_related("user")  # one query, not one per row
        return Response(ChangeSerializer(changes, many=True).data)
