"""The plan's integration with the development plan and budget
(``plans/<pk>/monitoring/integration/``)."""

from django.urls import path

from climateplan.monitoring.web import views_integration as views

urlpatterns = [
    path("", views.integration, name="integration"),
    path("development-plan/", views.integration_devplan, name="integration_devplan"),
    path("annex.xlsx", views.integration_annex, name="integration_annex"),
    path("actions/<int:action_pk>/", views.integration_action, name="integration_action"),
    path(
        "actions/<int:action_pk>/proposal.<str:fmt>",
        views.integration_proposal,
        name="integration_proposal",
    ),
]
