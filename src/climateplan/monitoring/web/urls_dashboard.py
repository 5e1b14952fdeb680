"""The plan's monitoring dashboard (``plans/<pk>/monitoring/``)."""

from django.urls import path

from climateplan.monitoring.web import views_dashboard

urlpatterns = [path("", views_dashboard.dashboard, name="dashboard")]
