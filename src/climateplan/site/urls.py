"""URLs of the site: pages, accounts, language switch, the blank workbook, API, admin."""

from django.contrib import admin
from django.urls import include, path

from climateplan.inventory.web import views as inventory_views
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
    path(
        "templates/activity-workbook.xlsx",
        inventory_views.activity_template,
        name="activity_template",
    ),
    path("api/", include("climateplan.monitoring.web.api_urls")),
    path("api/", include("climateplan.plans.web.api_urls")),
    path("api/", include("climateplan.inventory.web.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("climateplan.site.national_urls")),
    path("", include("climateplan.monitoring.web.urls")),
    path("", include("climateplan.plans.web.urls")),
    path("", include("climateplan.inventory.web.urls")),
]

# Error pages in the site's layout, in the visitor's language (site/templates/40x.html, 500.html).
handler403 = "climateplan.site.views.permission_denied"
handler404 = "climateplan.site.views.page_not_found"
handler500 = "climateplan.site.views.server_error"
