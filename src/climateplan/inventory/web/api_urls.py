from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from climateplan.inventory.web import api, factor_api
from climateplan.site.token_api import TokenView

router = DefaultRouter()
router.register("provinces", api.ProvinceViewSet, basename="province")
router.register("inventories", api.InventoryViewSet, basename="inventory")
router.register("factors", factor_api.EmissionFactorViewSet, basename="factor")

urlpatterns = [
    path("", include(router.urls)),
    path("token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
