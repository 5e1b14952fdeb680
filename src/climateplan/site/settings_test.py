"""Settings for the test suite: the site's settings with a throwaway key and fast hashing.

The database is an in-memory SQLite unless ``DATABASE_URL`` names another (the
PostgreSQL tests: scripts/ci_services.sh).
"""

import os

from django.core.management.utils import get_random_secret_key

os.environ.setdefault("CLIMATEPLAN_SECRET_KEY", "tests-only-" + get_random_secret_key())
os.environ.setdefault("CLIMATEPLAN_HTTPS", "0")

from climateplan.site.settings import *  # noqa: F403
from climateplan.site.settings import DATABASES

if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
