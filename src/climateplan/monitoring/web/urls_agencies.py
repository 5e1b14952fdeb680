"""The agencies page (under /agencies/)."""

from django.urls import path

from climateplan.monitoring.web import views_agencies

urlpatterns = [path("", views_agencies.agencies, name="agencies")]
