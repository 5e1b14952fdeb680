"""URLs of the site: pages, accounts, language switch, API, admin."""

from django.contrib import admin
from django.urls import include, path

from climateplan.site import views

site_patterns = (
    [
        path("accounts/login/", views.LoginView.as_view(), name="login"),
        path("accounts/logout/", views.logout_view, name="logout"),
        path("language/", views.set_language, name="set_language"),
    ],
    "site",
)

urlpatterns = [
    path("", include(site_patterns)),
    path("api/", include("climateplan.inventory.web.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("climateplan.inventory.web.urls")),
]
