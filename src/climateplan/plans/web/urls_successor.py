"""The successor plan (under ``plans/<pk>/successor/``): preparing it from a finished
plan, a carried-over action's history, the predecessor's lessons linked to its actions."""

from django.urls import path

from climateplan.plans.web import views_successor as views

urlpatterns = [
    path("", views.prepare, name="successor"),
    path("carried/<str:kind>/<str:code>/", views.carried, name="successor_carried"),
    path("lessons/", views.lessons, name="successor_lessons"),
]
