from django.apps import AppConfig


class MonitoringWebConfig(AppConfig):
    name = "climateplan.monitoring.web"
    label = "monitoring"
    verbose_name = "Plan monitoring / การติดตามผลแผน"
    default_auto_field = "django.db.models.BigAutoField"
