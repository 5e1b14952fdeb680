from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Accounts and roles, base templates, bilingual template tags."""

    name = "climateplan.site"
    label = "accounts"
    verbose_name = "Accounts and roles / บัญชีผู้ใช้และบทบาท"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from climateplan.site.tokens import connect_signals

        connect_signals()
