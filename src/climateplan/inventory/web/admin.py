"""Reference data the national administrator keeps in the database: populations."""

from django.contrib import admin

from climateplan.inventory.web.models import Population


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ("province", "year", "population", "source")
    list_filter = ("year",)
    search_fields = ("province",)
