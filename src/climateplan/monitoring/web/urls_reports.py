"""The "Progress reports" pages of a plan (under ``plans/<pk>/monitoring/reports/``)."""

from django.urls import path

from climateplan.monitoring.web import views_reports as views

urlpatterns = [
    path("", views.periods, name="periods"),
    path("generate/", views.generate, name="periods_generate"),
    path("<int:period>/", views.period_detail, name="period"),
    path("<int:period>/state/", views.period_state, name="period_state"),
    path("<int:period>/due/", views.period_due, name="period_due"),
    path("<int:period>/actions/<int:action>/", views.report, name="report"),
    path("<int:period>/actions/<int:action>/review/", views.review, name="report_review"),
    path("evidence/<int:evidence>/", views.evidence, name="evidence"),
]
