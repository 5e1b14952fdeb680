# ruff: noqa: RUF012 - DRF declares options as mutable class attributes
"""Emission factors in the API: ``/api/factors/`` (added rows) and ``/api/factors/all/``.

Every authenticated user reads (the factors behind the numbers are no secret to
the people who enter and check them); only a national administrator adds or
changes a row. Rows are deactivated (PATCH ``{"active": false}``), not deleted.
Validation problems answer 400 with the field and a message in English and Thai.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action

from climateplan.inventory.web.api import ID_PATTERN, BoundedPagination, ErrorSerializer
from climateplan.inventory.web.factor_store import factor_problems, families, search_factors
from climateplan.inventory.web.models import EmissionFactor
from climateplan.site.roles import role_of


class FactorPermission(permissions.BasePermission):
    """Read: any authenticated user; write: national administrators only."""

    message = (
        "only a national administrator changes emission factors / "
        "เฉพาะผู้ดูแลระบบระดับประเทศแก้ไขค่าการปล่อยได้"
    )

    def has_permission(self, request, view) -> bool:
        role = role_of(request.user)
        if role.is_public:
            return False
        return request.method in permissions.SAFE_METHODS or role.is_admin


class EmissionFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmissionFactor
        fields = [
            "id",
            "family",
            "parameter",
            "keys",
            "value",
            "unit",
            "origin",
            "valid_from",
            "valid_to",
            "source",
            "note",
            "active",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by", "created_at", "updated_at"]
        extra_kwargs = {"source": {"allow_blank": True}}  # refused below, bilingually

    def validate(self, attrs):
        current = {f: getattr(self.instance, f) for f in self.Meta.fields} if self.instance else {}
        row = EmissionFactor(**{**current, **attrs, "id": current.get("id")})
        problems = factor_problems(row)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


# The factors page reads at most this many characters of a search (factor_views.py).
SEARCH_MAX_CHARS = 200


class FactorSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=SEARCH_MAX_CHARS,
        help_text="words to find (all must occur)",
    )
    family = serializers.ChoiceField(
        choices=sorted(families()), required=False, help_text="one factor family"
    )


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description="each refused field with its messages in English and Thai"
)
AUTH_ERRORS = {400: FIELD_ERRORS, 401: ErrorSerializer, 403: ErrorSerializer}


class FactorListingSerializer(serializers.Serializer):
    factor_id = serializers.CharField()
    family = serializers.CharField()
    parameter = serializers.CharField()
    applies_to = serializers.CharField()
    value = serializers.FloatField()
    unit = serializers.CharField()
    origin = serializers.CharField()
    valid_from = serializers.CharField(allow_null=True)
    valid_to = serializers.CharField(allow_null=True)
    source = serializers.CharField()
    note = serializers.CharField(allow_null=True)
    added = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(responses={200: EmissionFactorSerializer(many=True), **AUTH_ERRORS}),
    retrieve=extend_schema(
        responses={200: EmissionFactorSerializer, **AUTH_ERRORS, 404: ErrorSerializer}
    ),
    create=extend_schema(
        responses={201: EmissionFactorSerializer, 400: FIELD_ERRORS, **AUTH_ERRORS}
    ),
    update=extend_schema(
        responses={
            200: EmissionFactorSerializer,
            400: FIELD_ERRORS,
            **AUTH_ERRORS,
            404: ErrorSerializer,
        }
    ),
    partial_update=extend_schema(
        responses={
            200: EmissionFactorSerializer,
            400: FIELD_ERRORS,
            **AUTH_ERRORS,
            404: ErrorSerializer,
        }
    ),
)
class EmissionFactorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Emission factors added by national administrators (read: every signed-in user)."""

    queryset = EmissionFactor.objects.order_by("pk")
    serializer_class = EmissionFactorSerializer
    permission_classes = [FactorPermission]
    pagination_class = BoundedPagination
    lookup_value_regex = ID_PATTERN

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    @extend_schema(
        parameters=[FactorSearchSerializer],
        responses={
            200: FactorListingSerializer(many=True),
            400: FIELD_ERRORS,
            **AUTH_ERRORS,
        },
    )
    @action(detail=False, methods=["get"], url_path="all")
    def all_factors(self, request):
        """Every factor the engine uses now: shipped tables and active added rows.

        Paginated like every list (``limit``, ``offset``); the search is at most
        200 characters, as on the factors page.
        """
        search = FactorSearchSerializer(data=request.query_params.dict())
        search.is_valid(raise_exception=True)
        rows = search_factors(
            search.validated_data.get("q", "").strip(),
            search.validated_data.get("family", "").strip(),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(FactorListingSerializer(page, many=True).data)
