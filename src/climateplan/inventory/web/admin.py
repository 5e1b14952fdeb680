"""Reference data the national administrator keeps in the database: populations and
emission factors (added beside the shipped tables; docs/web.md, "Emission factors")."""

from django.contrib import admin

from climateplan.inventory.web.models import EmissionFactor, Population
from climateplan.site.roles import role_of


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ("province", "year", "population", "source")
    list_filter = ("year",)
    search_fields = ("province",)


@admin.action(description="Deactivate (the engine stops using them) / เลิกใช้")
def deactivate(modeladmin, request, queryset):
    for row in queryset:  # one save per row: each reloads the engine's factors (few rows)
        row.active = False
        row.save(update_fields=["active", "updated_at"])


@admin.register(EmissionFactor)
class EmissionFactorAdmin(admin.ModelAdmin):
    """National administrators only, whatever Django permissions a staff user holds.

    Rows are deactivated, not deleted, so what an inventory was computed with stays known.
    """

    list_display = (
        "family",
        "parameter",
        "keys",
        "value",
        "unit",
        "origin",
        "valid_from",
        "valid_to",
        "active",
        "source",
        "created_by",
        "updated_at",
    )
    list_filter = ("family", "origin", "active")
    search_fields = ("family", "parameter", "source", "note")
    readonly_fields = ("created_by", "created_at", "updated_at")
    actions = (deactivate,)

    def _is_admin(self, request) -> bool:
        return role_of(request.user).is_admin

    def has_module_permission(self, request) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_admin(request)

    def has_add_permission(self, request) -> bool:
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
