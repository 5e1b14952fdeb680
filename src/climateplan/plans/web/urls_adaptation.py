"""Pages of the plan's adaptation section (under ``plans/<pk>/adaptation/``)."""

from django.urls import path

from climateplan.plans.web import views_adaptation as views

urlpatterns = [
    path("settings/", views.settings_save, name="adaptation_settings"),
    path("reasons/", views.reasons_save, name="adaptation_reasons"),
    path("actions/new/", views.action_add, name="adaptation_action_add"),
    path("actions/<str:code>/", views.action_edit, name="adaptation_action_edit"),
    path("actions/<str:code>/delete/", views.action_delete, name="adaptation_action_delete"),
    path("downloads/<str:name>", views.download, name="adaptation_download"),
]
