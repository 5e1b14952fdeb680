"""Django admin for national administrators: users, roles, populations."""

from django.contrib import admin

from climateplan.site.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "province")
    list_filter = ("role", "province")
    search_fields = ("user__username", "province")
