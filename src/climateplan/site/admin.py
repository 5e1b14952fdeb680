"""Django admin for national administrators: users, roles, populations."""

from django.contrib import admin
from django.utils.functional import lazy

from climateplan.site.bilingual import tr
from climateplan.site.models import Profile

# evaluated per request, so the admin's own titles follow the language switch
_tr = lazy(tr, str)
admin.site.site_header = _tr("ClimatePlan TH administration", "การจัดการระบบ ClimatePlan TH")
admin.site.site_title = _tr("ClimatePlan TH administration", "การจัดการระบบ ClimatePlan TH")
admin.site.index_title = _tr("Users, roles and reference data", "ผู้ใช้ บทบาท และข้อมูลอ้างอิง")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "province", "agency")
    list_filter = ("role", "province")
    search_fields = ("user__username", "province", "agency")
