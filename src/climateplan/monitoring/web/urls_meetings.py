"""The working group's meetings (plans/<pk>/monitoring/meetings/)."""

from django.urls import path

from climateplan.monitoring.web import views_meetings as views

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("<int:meeting>/", views.meeting_detail, name="meeting"),
    path("<int:meeting>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:meeting>/delete/", views.meeting_delete, name="meeting_delete"),
    path("<int:meeting>/report/", views.meeting_report, name="meeting_report"),
    path("<int:meeting>/report.xlsx", views.meeting_xlsx, name="meeting_xlsx"),
]
