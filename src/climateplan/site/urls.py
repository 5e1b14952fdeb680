"""URLs of the site: pages, accounts, language switch, API, admin."""

from django.contrib import admin
from django.urls import include, path

from climateplan.site import account_views, views

site_patterns = (
    [
        path("accounts/login/", views.LoginView.as_view(), name="login"),
        path("accounts/logout/", views.logout_view, name="logout"),
        path("accounts/", account_views.account, name="account"),
        path("accounts/tokens/revoke/", account_views.revoke_tokens, name="revoke_tokens"),
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
