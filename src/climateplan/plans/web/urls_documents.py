"""The plan's documents (under ``plans/<pk>/documents/``): the list and the request,
a document's progress and download, and the plan export (JSON)."""

from django.urls import path

from climateplan.plans.web import views_documents as views

urlpatterns = [
    path("", views.documents, name="documents"),
    path("request/", views.request_view, name="document_request"),
    path("export.json", views.export_json, name="document_export"),
    path("<int:document_id>/status/", views.status, name="document_status"),
    path("<int:document_id>/download/", views.download, name="document_download"),
]
