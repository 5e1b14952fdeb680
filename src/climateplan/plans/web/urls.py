"""Plan pages. Each section's own pages (uploads, forms, downloads) come from its module's
URL list, included under ``plans/<pk>/<section>/``; ``plans:section`` shows a section."""

from django.urls import include, path

from climateplan.plans.web import views

app_name = "plans"

urlpatterns = [
    path("provinces/<str:code>/plans/", views.province_plans, name="province"),
    path("provinces/<str:code>/plans/new/", views.create, name="create"),
    path("plans/<int:pk>/", views.detail, name="detail"),
    path("plans/<int:pk>/edit/", views.edit, name="edit"),
    path("plans/<int:pk>/transition/", views.transition, name="transition"),
    path("plans/<int:pk>/endorse/", views.endorse, name="endorse"),
    path("plans/<int:pk>/rebase/", views.rebase, name="rebase"),
    path("plans/<int:pk>/comment/", views.comment, name="comment"),
    path("plans/<int:pk>/comments/<int:comment_id>/resolve/", views.resolve, name="resolve"),
    path("plans/<int:pk>/history/", views.history, name="history"),
    path("plans/<int:pk>/reduction/", include("climateplan.plans.web.urls_reduction")),
    path("plans/<int:pk>/risk/", include("climateplan.plans.web.urls_risk")),
    path("plans/<int:pk>/adaptation/", include("climateplan.plans.web.urls_adaptation")),
    path("plans/<int:pk>/documents/", include("climateplan.plans.web.urls_documents")),
    path("plans/<int:pk>/reviews/", include("climateplan.plans.web.urls_review")),
    path("plans/<int:pk>/successor/", include("climateplan.plans.web.urls_successor")),
    path("plans/<int:pk>/consultation/", include("climateplan.plans.web.urls_consultation")),
    path("plans/<int:pk>/<str:kind>/review/", views.review_section, name="review_section"),
    path("plans/<int:pk>/<str:kind>/", views.section, name="section"),
    path("help/", views.help_index, name="help_index"),
    path("help/<slug:slug>/", views.help_page, name="help"),
]
