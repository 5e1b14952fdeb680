"""The plan's public consultation (under ``plans/<pk>/consultation/``): the public page and
its comment form, the province's moderation queue and management forms."""

from django.urls import path

from climateplan.plans.web import views_consultation as views

urlpatterns = [
    path("", views.consultation, name="consultation"),
    path("comment/", views.comment, name="consultation_comment"),
    path("open/", views.open_consultation, name="consultation_open"),
    path("<int:consultation_id>/close/", views.close, name="consultation_close"),
    path("<int:consultation_id>/extend/", views.extend, name="consultation_extend"),
    path("<int:consultation_id>/summary/", views.summary, name="consultation_summary"),
    path("moderation/", views.moderation, name="consultation_moderation"),
    path(
        "comments/<int:comment_id>/moderate/",
        views.moderate,
        name="consultation_moderate",
    ),
    path("comments/<int:comment_id>/answer/", views.answer, name="consultation_answer"),
]
