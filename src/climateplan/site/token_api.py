# ruff: noqa: RUF012 - DRF declares options as mutable class attributes
"""``/api/token/``: POST a user name and password for a token, DELETE to revoke yours."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from climateplan.site.tokens import expires_at, issue_token, revoke_tokens


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


_FieldErrors = OpenApiResponse(
    OpenApiTypes.OBJECT, description="each refused field with its messages"
)
_Detail = inline_serializer(
    "TokenErrorSerializer",
    {"detail": serializers.CharField()},
)


class TokenView(APIView):
    """POST a user name and password for a token; DELETE revokes your tokens.

    Throttled by client address (``token`` scope); failed passwords count towards
    the login lock-out like the login page's.
    """

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    serializer_class = AuthTokenSerializer

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_throttles(self):
        if self.request.method == "DELETE":
            return []
        return super().get_throttles()

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, 400: _FieldErrors, 429: _Detail},
        summary="Get an API token",
        auth=[],
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = issue_token(serializer.validated_data["user"])
        return Response({"token": token.key, "expires": expires_at(token)})

    @extend_schema(
        request=None,
        responses={204: None, 401: _Detail},
        summary="Revoke your API tokens",
    )
    def delete(self, request):
        revoke_tokens(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
