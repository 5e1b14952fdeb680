# ruff: noqa: RUF012 - DRF declares options as mutable class attributes
"""Emission factors in the API: ``/api/factors/`` (added rows) and ``/api/factors/all/``.

Every authenticated user reads (the factors behind the numbers are no secret to
the people who enter and check them); only a national administrator adds or
changes a row. Rows are deactivated (PATCH ``{"active": false}``), not deleted.
Validation problems answer 400 with the field and a message in English and Thai.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from climateplan.inventory.web.factor_store import factor_problems, search_factors
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


class EmissionFactorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Emission factors added by national administrators (read: every signed-in user)."""

    queryset = EmissionFactor.objects.all()
    serializer_class = EmissionFactorSerializer
    permission_classes = [FactorPermission]

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="words to find (all must occur)"),
            OpenApiParameter("family", str, description="one factor family"),
        ],
        responses=FactorListingSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="all")
    def all_factors(self, request):
        """Every factor the engine uses now: shipped tables and active added rows."""
        rows = search_factors(
            request.query_params.get("q", ""), request.query_params.get("family", "")
        )
        return Response(FactorListingSerializer(rows, many=True).data)
