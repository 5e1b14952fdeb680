from django.apps import AppConfig


class InventoryWebConfig(AppConfig):
    name = "climateplan.inventory.web"
    label = "inventory"
    verbose_name = "GHG inventories / บัญชีก๊าซเรือนกระจก"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Emission factors added by the national administrator: reload the engine's added
        # rows whenever one changes, and once at start-up (docs/web.md, "Emission factors"):
        # on the first request, not here, since Django advises against queries during
        # initialisation and `migrate` must run on an empty database.
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from climateplan.inventory.web import factor_store
        from climateplan.inventory.web.models import EmissionFactor

        post_save.connect(factor_store.on_change, sender=EmissionFactor, dispatch_uid="factors")
        post_delete.connect(factor_store.on_change, sender=EmissionFactor, dispatch_uid="factors")
        request_started.connect(factor_store.load_at_startup, dispatch_uid="factors-startup")
