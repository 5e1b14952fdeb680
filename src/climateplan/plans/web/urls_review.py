"""The plan's reviews (under ``plans/<pk>/reviews/``): the list, starting a review, a
review's page, its narrative, lessons learned and workflow."""

from django.urls import path

from climateplan.plans.web import views_review as views

urlpatterns = [
    path("", views.reviews, name="reviews"),
    path("new/", views.start, name="review_start"),
    path("<int:review_id>/", views.review, name="review"),
    path("<int:review_id>/narrative/", views.narrative, name="review_narrative"),
    path("<int:review_id>/lessons/", views.lesson_add, name="review_lesson_add"),
    path(
        "<int:review_id>/lessons/<int:lesson_id>/delete/",
        views.lesson_delete,
        name="review_lesson_delete",
    ),
    path("<int:review_id>/endorse/", views.endorse, name="review_endorse"),
    path("<int:review_id>/transition/", views.transition, name="review_transition"),
]
