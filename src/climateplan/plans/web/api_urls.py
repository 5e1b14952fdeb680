"""API endpoints of plans and their sections (under ``/api/``, before the inventory API,
whose catch-all 404 stays last)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from climateplan.plans.web import api

# SimpleRouter: the API's root view belongs to the inventory API's router
router = SimpleRouter()
router.register("plans", api.PlanViewSet, basename="plan")

urlpatterns = [path("", include(router.urls))]
