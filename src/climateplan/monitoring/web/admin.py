"""Monitoring in the administration, for national administrators only.

Agencies are kept here (the shipped list grows with a province's own agencies). The
other monitoring records are shown to look things up; they are changed through the
monitoring pages, whose write path checks the plan's lock, revision and scoping, so
they are read-only here.
"""

from django.contrib import admin

from climateplan.monitoring.web.models import (
    ActionLink,
    Agency,
    DevelopmentItem,
    DevelopmentPlan,
    Evidence,
    Funding,
    Meeting,
    MeetingDecision,
    Monitoring,
    ProgressReport,
    Reminder,
    ReportEvent,
    ReportingPeriod,
    WorkingGroupMember,
)
from climateplan.site.roles import role_of


class AdministratorsOnly(admin.ModelAdmin):
    """Shown to national administrators alone, whatever Django permissions a staff user holds."""

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
        return self._is_admin(request)


class ReadOnly(AdministratorsOnly):
    """Looked up here, changed through the monitoring pages."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(AdministratorsOnly):
    """Agencies are deactivated rather than deleted once reports or members name them
    (the database refuses deleting an agency that has reports or memberships)."""

    list_display = ("code", "name_th", "name_en", "level", "province", "active", "source")
    list_filter = ("level", "province", "active")
    search_fields = ("code", "name_th", "name_en", "source")
    list_editable = ("active",)
    ordering = ("level", "province", "code")


@admin.register(Monitoring)
class MonitoringAdmin(ReadOnly):
    list_display = ("plan", "revision", "period_months", "due_days", "remind_days", "updated_at")
    search_fields = ("plan__title_th", "plan__title_en", "plan__province")


@admin.register(WorkingGroupMember)
class WorkingGroupMemberAdmin(ReadOnly):
    list_display = ("plan", "agency", "role", "contact_name", "contact_email", "contact_phone")
    list_filter = ("role", "plan__province")
    search_fields = ("agency__code", "agency__name_th", "contact_name", "contact_email")


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(ReadOnly):
    list_display = ("province", "start_year", "end_year", "title_th", "created_by", "updated_at")
    list_filter = ("province",)
    search_fields = ("title_th", "title_en")


@admin.register(DevelopmentItem)
class DevelopmentItemAdmin(ReadOnly):
    list_display = ("development_plan", "level", "code", "name_th", "agency", "budget")
    list_filter = ("level", "development_plan__province")
    search_fields = ("code", "name_th", "name_en", "agency")


@admin.register(ActionLink)
class ActionLinkAdmin(ReadOnly):
    list_display = ("action", "strategy", "project", "updated_at")
    search_fields = ("action__code", "action__name_th")


@admin.register(Funding)
class FundingAdmin(ReadOnly):
    list_display = ("action", "fiscal_year", "amount", "source", "reference")
    list_filter = ("source", "fiscal_year")
    search_fields = ("action__code", "action__name_th", "reference")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnly):
    list_display = ("plan", "fiscal_year", "number", "starts", "ends", "due", "state")
    list_filter = ("state", "fiscal_year", "plan__province")


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "user", "revision", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnly):
    list_display = ("action", "period", "agency", "state", "status", "percent", "disbursed")
    list_filter = ("state", "status", "period__plan__province")
    search_fields = ("action__code", "action__name_th", "agency__code", "comment")
    inlines = (ReportEventInline,)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly):
    list_display = ("report", "name", "content_type", "size", "uploaded_by", "uploaded_at")
    search_fields = ("name", "sha256")


class MeetingDecisionInline(admin.TabularInline):
    model = MeetingDecision
    extra = 0
    can_delete = False
    fields = ("position", "text", "due")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("plan", "number", "date", "mode", "period")
    list_filter = ("mode", "plan__province")
    search_fields = ("number", "agenda", "minutes")
    inlines = (MeetingDecisionInline,)


@admin.register(Reminder)
class ReminderAdmin(ReadOnly):
    list_display = ("period", "agency", "kind", "recipient", "sent_at")
    list_filter = ("kind",)
    search_fields = ("recipient", "agency__code")
