"""Monitoring pages, under a plan (``plans/<pk>/monitoring/``), a province (its
development plans), the agencies and the national overview; one URL module per part."""

from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("plans/<int:pk>/monitoring/", include("climateplan.monitoring.web.urls_dashboard")),
    path("plans/<int:pk>/monitoring/group/", include("climateplan.monitoring.web.urls_group")),
    path(
        "plans/<int:pk>/monitoring/integration/",
        include("climateplan.monitoring.web.urls_integration"),
    ),
    path("plans/<int:pk>/monitoring/reports/", include("climateplan.monitoring.web.urls_reports")),
    path(
        "plans/<int:pk>/monitoring/meetings/", include("climateplan.monitoring.web.urls_meetings")
    ),
    path(
        "provinces/<str:code>/development-plans/",
        include("climateplan.monitoring.web.urls_devplan"),
    ),
    path("agencies/", include("climateplan.monitoring.web.urls_agencies")),
    path("national/monitoring/", include("climateplan.monitoring.web.urls_national")),
]
