"""API endpoints of plans and their sections (under ``/api/``)."""

urlpatterns: list = []
