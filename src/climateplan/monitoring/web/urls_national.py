"""National monitoring (``national/monitoring/``): every province's implementation status."""

from django.urls import path

from climateplan.monitoring.web import national

urlpatterns = [path("", national.national, name="national")]
