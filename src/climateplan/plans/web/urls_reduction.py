"""Pages of the plan's reduction section (under ``plans/<pk>/reduction/``)."""

urlpatterns: list = []
