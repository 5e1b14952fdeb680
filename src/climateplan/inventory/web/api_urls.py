from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from climateplan.inventory.web import api, factor_api


class ThrottledObtainAuthToken(ObtainAuthToken):
    """POST username and password, get a token (throttled; failed logins count for lockout)."""

    throttle_scope = "token"


router = DefaultRouter()
router.register("provinces", api.ProvinceViewSet, basename="province")
router.register("inventories", api.InventoryViewSet, basename="inventory")
router.register("factors", factor_api.EmissionFactorViewSet, basename="factor")

urlpatterns = [
    path("", include(router.urls)),
    path("token/", ThrottledObtainAuthToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
