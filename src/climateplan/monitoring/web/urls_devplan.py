"""A province's development plans (``provinces/<code>/development-plans/``)."""

from django.urls import path

from climateplan.monitoring.web import views_devplan as views

urlpatterns = [
    path("", views.devplan_list, name="devplans"),
    path("new/", views.devplan_create, name="devplan_create"),
    path("template.xlsx", views.devplan_template, name="devplan_template"),
    path("<int:dp>/", views.devplan_detail, name="devplan"),
    path("<int:dp>/import/", views.devplan_import, name="devplan_import"),
    path("<int:dp>/items/", views.devplan_item, name="devplan_item"),
    path("<int:dp>/items/delete/", views.devplan_item_delete, name="devplan_item_delete"),
    path("<int:dp>/development_plan.xlsx", views.devplan_download, name="devplan_download"),
]
