from django.urls import path

from climateplan.inventory.web import factor_views, views

app_name = "inventory"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("geo/provinces.geojson", views.provinces_geojson, name="provinces_geojson"),
    path("compare/", views.compare, name="compare"),
    path("factors/", factor_views.factor_list, name="factors"),
    path("provinces/<str:code>/", views.province, name="province"),
    path("provinces/<str:code>/create/", views.create, name="create"),
    path("provinces/<str:code>/<int:year>/", views.latest_inventory_redirect, name="province_year"),
    path("inventories/<int:pk>/", views.detail, name="detail"),
    path("inventories/<int:pk>/upload/", views.upload, name="upload"),
    path("inventories/<int:pk>/lines/new/", views.line_edit, name="line_add"),
    path("inventories/<int:pk>/lines/<int:line_id>/", views.line_edit, name="line_edit"),
    path("inventories/<int:pk>/lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
    path("inventories/<int:pk>/transition/", views.transition, name="transition"),
    path("inventories/<int:pk>/comment/", views.comment, name="comment"),
    path("inventories/<int:pk>/history/", views.history, name="history"),
    path("inventories/<int:pk>/download/<str:fmt>/", views.download, name="download"),
]
