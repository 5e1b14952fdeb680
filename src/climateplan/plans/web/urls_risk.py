"""Pages of the plan's risk section (under ``plans/<pk>/risk/``)."""

urlpatterns: list = []
