"""The plan's working group (plans/<pk>/monitoring/group/)."""

from django.urls import path

from climateplan.monitoring.web import views_group as views

urlpatterns = [
    path("", views.group_page, name="group"),
    path("add/", views.add, name="group_add"),
    path("add-action-agencies/", views.add_action_agencies, name="group_add_action_agencies"),
    path("add-bangkok/", views.add_bangkok_group, name="group_add_bangkok"),
    path("<int:member>/edit/", views.edit, name="group_edit"),
    path("<int:member>/remove/", views.remove, name="group_remove"),
    path("<int:member>/move/", views.move, name="group_move"),
]
