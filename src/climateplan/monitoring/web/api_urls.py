"""API endpoints of monitoring (under ``/api/``, before the plans' API: the paths under
``plans/<id>/monitoring/`` never meet the plans' own)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from climateplan.inventory.web.api import ID_PATTERN
from climateplan.monitoring.web import api

PLAN = rf"plans/(?P<plan_pk>{ID_PATTERN})/monitoring"

# SimpleRouter: the API's root view belongs to the inventory API's router
router = SimpleRouter()
router.register(rf"{PLAN}/reports", api.ReportViewSet, basename="monitoring-report")
router.register(PLAN, api.PlanMonitoringViewSet, basename="monitoring-plan")
router.register("monitoring/agencies", api.AgencyViewSet, basename="monitoring-agency")

urlpatterns = [path("", include(router.urls))]
