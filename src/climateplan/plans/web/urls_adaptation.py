"""Pages of the plan's adaptation section (under ``plans/<pk>/adaptation/``)."""

urlpatterns: list = []
