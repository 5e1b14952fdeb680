"""WSGI entry point: ``gunicorn climateplan.site.wsgi`` (docs/deploy.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "climateplan.site.settings")
application = get_wsgi_application()
