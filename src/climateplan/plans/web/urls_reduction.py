"""Pages of the plan's reduction section (under ``plans/<pk>/reduction/``); the section
itself is ``plans:section pk "reduction"``. Every POST names the plan revision."""

from django.urls import path

from climateplan.plans.web import views_reduction as views

urlpatterns = [
    path("drivers/", views.drivers_save, name="reduction_drivers"),
    path("drivers/defaults/", views.drivers_defaults, name="reduction_defaults"),
    path("upload/", views.upload, name="reduction_upload"),
    path("template.xlsx", views.template, name="reduction_template"),
    path("measures/new/", views.measure_add, name="reduction_measure_add"),
    path("measures/library/", views.library_add, name="reduction_library_add"),
    path("measure/<str:code>/edit/", views.measure_edit, name="reduction_measure_edit"),
    path("measure/<str:code>/delete/", views.measure_delete, name="reduction_measure_delete"),
    path("targets/", views.target_add, name="reduction_target_add"),
    path("targets/national/", views.targets_national, name="reduction_targets_national"),
    path("targets/<int:index>/delete/", views.target_delete, name="reduction_target_delete"),
    path("settings/", views.settings_save, name="reduction_settings"),
    path("recompute/", views.recompute, name="reduction_recompute"),
    path("download/<str:fmt>/", views.download, name="reduction_download"),
]
