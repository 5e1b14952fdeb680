"""Pages that span capabilities: the national overview of plans, the reviewer's queue and
the national roll-up of published reduction plans."""

from django.urls import path

from climateplan.site import national

app_name = "national"

urlpatterns = [
    path("national/plans/", national.plans_overview, name="plans"),
    path("national/review/", national.review_queue, name="review"),
    path("national/rollup/", national.rollup, name="rollup"),
    path("national/rollup/national-rollup-ndc.csv", national.rollup_csv, name="rollup_csv"),
]
