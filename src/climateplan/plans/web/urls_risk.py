"""Pages of the plan's risk section (under ``plans/<pk>/risk/``; the section itself is
``plans:section pk "risk"``)."""

from django.urls import path

from climateplan.plans.web import views_risk as views

urlpatterns = [
    path("framework/", views.framework, name="risk_framework"),
    path("indicators/upload/", views.indicator_upload, name="risk_indicator_upload"),
    path("indicators/table/", views.indicator_table, name="risk_indicator_table"),
    path("indicators/template.<str:fmt>", views.template_download, name="risk_template"),
    path("example/", views.load_example, name="risk_example"),
    path("gridded/upload/", views.gridded_upload, name="risk_gridded_upload"),
    path("netcdf/upload/", views.netcdf_upload, name="risk_netcdf_upload"),
    path("jobs/<int:job_id>/status/", views.job_status, name="risk_job_status"),
    path("jobs/cancel/", views.job_cancel, name="risk_job_cancel"),
    path("jobs/apply/", views.job_apply, name="risk_job_apply"),
    path("download/<str:name>", views.download, name="risk_download"),
]
