from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from climateplan.inventory.web import api, factor_api
from climateplan.site.token_api import TokenView

SCHEMA_CACHE_SECONDS = 24 * 3600


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other address under /api/ (a malformed id included): 404 in JSON, as the API
    answers everywhere, not the site's HTML page."""
    return JsonResponse(
        {"detail": "not found / ไม่พบ"},
        status=404,
    )


router = DefaultRouter()
router.register("provinces", api.ProvinceViewSet, basename="province")
router.register("inventories", api.InventoryViewSet, basename="inventory")
router.register("factors", factor_api.EmissionFactorViewSet, basename="factor")

urlpatterns = [
    path("", include(router.urls)),
    path("token/", TokenView.as_view(), name="api-token"),
    # the schema is the same until the code changes: generated once a day per process
    path(
        "schema/", cache_page(SCHEMA_CACHE_SECONDS)(SpectacularAPIView.as_view()), name="api-schema"
    ),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"", api_not_found),
]
