from django.apps import AppConfig


class InventoryWebConfig(AppConfig):
    name = "climateplan.inventory.web"
    label = "inventory"
    verbose_name = "GHG inventories / บัญชีก๊าซเรือนกระจก"
    default_auto_field = "django.db.models.BigAutoField"
