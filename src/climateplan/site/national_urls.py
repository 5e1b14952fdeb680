"""Pages that span capabilities: the national overview of plans and the reviewer's queue."""

urlpatterns: list = []
