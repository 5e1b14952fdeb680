from django.apps import AppConfig


class PlansWebConfig(AppConfig):
    name = "climateplan.plans.web"
    label = "plans"
    verbose_name = "Climate change plans / แผนการเปลี่ยนแปลงสภาพภูมิอากาศ"
    default_auto_field = "django.db.models.BigAutoField"
