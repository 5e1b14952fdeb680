"""Django settings of the ClimatePlan TH site, read from the environment.

Every secret and every deployment choice comes from an environment variable
(docs/deploy.md lists them); nothing secret lives in the repository.

- ``CLIMATEPLAN_SECRET_KEY`` (or ``SECRET_KEY``): required unless debugging; the
  demo (``climateplan serve --demo``) generates one and keeps it in its data folder.
- ``DATABASE_URL``: any URL dj-database-url understands (``postgres://...``);
  default a SQLite file in ``CLIMATEPLAN_DATA_DIR``.
- ``CLIMATEPLAN_DEBUG``: ``1`` turns debug on (never in production).
- ``CLIMATEPLAN_HTTPS``: ``1`` (the default when not debugging) makes cookies
  secure, redirects to HTTPS and sends HSTS; ``0`` for a plain-HTTP server on the
  loopback address only (the demo).
- ``CLIMATEPLAN_ALLOWED_HOSTS``, ``CLIMATEPLAN_CSRF_TRUSTED_ORIGINS``: comma lists.
- ``CLIMATEPLAN_BEHIND_PROXY``: ``1`` when a TLS proxy sets ``X-Forwarded-Proto``.
- ``CLIMATEPLAN_TRUSTED_PROXIES``: how many proxies in front of the site append to
  ``X-Forwarded-For`` (default 1 behind a proxy, else 0); the client address for
  login and API throttling is read past them (:mod:`climateplan.site.client_ip`).
- ``CLIMATEPLAN_EMAIL_BACKEND`` (default Django's console backend: messages are
  written to the server's output), ``CLIMATEPLAN_EMAIL_HOST``, ``_PORT`` (587),
  ``_HOST_USER``, ``_HOST_PASSWORD``, ``_USE_TLS`` (1), ``CLIMATEPLAN_EMAIL_FROM``:
  the reminders sent to agency reporters (docs/deploy.md).
- ``CLIMATEPLAN_SITE_URL``: the address links in e-mails point to.
- ``CLIMATEPLAN_TOKEN_DAYS``: days an API token lives (default 30).
- ``CLIMATEPLAN_UPLOAD_MAX_MB``: largest activity workbook accepted (default 5);
  ``CLIMATEPLAN_UPLOAD_MAX_UNPACKED_MB`` (50), ``CLIMATEPLAN_UPLOAD_MAX_RATIO`` (100),
  ``CLIMATEPLAN_UPLOAD_MAX_LINES`` (20000 lines per inventory),
  ``CLIMATEPLAN_LINES_PER_PAGE`` (200), ``CLIMATEPLAN_SQLITE_TIMEOUT`` (10 s).
- ``CLIMATEPLAN_EVIDENCE_MAX_MB``: largest evidence file (PDF or image) attached to a
  progress report (default 10); files are kept under ``DATA_DIR/evidence``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SITE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(
    os.environ.get("CLIMATEPLAN_DATA_DIR") or Path.home() / ".local" / "share" / "climateplan"
)

DEBUG = _flag("CLIMATEPLAN_DEBUG")
HTTPS = _flag("CLIMATEPLAN_HTTPS", default=not DEBUG)

SECRET_KEY = os.environ.get("CLIMATEPLAN_SECRET_KEY") or os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CLIMATEPLAN_SECRET_KEY is not set: give the site a secret key in the environment "
            "(docs/deploy.md) / ไม่ได้ตั้งค่า CLIMATEPLAN_SECRET_KEY: กรุณากำหนดกุญแจลับในตัวแปรสภาพแวดล้อม"
        )
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()  # debug only: sessions end with the process

ALLOWED_HOSTS = _list("CLIMATEPLAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _list("CLIMATEPLAN_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "climateplan.site.apps.SiteConfig",
    "climateplan.inventory.web.apps.InventoryWebConfig",
    "climateplan.plans.web.apps.PlansWebConfig",
    "climateplan.monitoring.web.apps.MonitoringWebConfig",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "climateplan.site.middleware.DatabaseBusyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "climateplan.site.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "climateplan.site.urls"
WSGI_APPLICATION = "climateplan.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "climateplan.site.context.site_context",
            ],
            "builtins": [
                "climateplan.site.templatetags.bilingual",
                "django.templatetags.i18n",
                "django.templatetags.static",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'climateplan.sqlite3'}",
        conn_max_age=int(os.environ.get("CLIMATEPLAN_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL: readers never wait for a writer (pages stay up during an upload's write).
    # Writers queue for the lock up to CLIMATEPLAN_SQLITE_TIMEOUT seconds instead of
    # failing at once (then 503 with Retry-After, site.middleware); IMMEDIATE takes the
    # write lock when a transaction starts, so two editors never deadlock upgrading a
    # read lock. Write transactions are short: files are parsed and computed before.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": float(os.environ.get("CLIMATEPLAN_SQLITE_TIMEOUT", "10")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # Connections are kept (CLIMATEPLAN_DB_CONN_MAX_AGE, per server thread) as for
    # PostgreSQL: opening one and setting its pragmas on every request cost about a
    # millisecond a page; in WAL mode a kept connection holds no snapshot between
    # requests (each request's reads start afresh in autocommit).

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins
    # Django's model backend, reading the user's profile with the user (one query)
    "climateplan.site.auth_backend.ProfileModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "site:login"
LOGIN_REDIRECT_URL = "inventory:overview"
LOGOUT_REDIRECT_URL = "inventory:overview"

# Failed-login throttling (django-axes): 5 failures per user name and address lock it
# for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("CLIMATEPLAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "site/locked_out.html"
# The address is the client's behind CLIMATEPLAN_TRUSTED_PROXIES proxies, never the proxy's
# (every user would share one lock) nor one a client wrote into X-Forwarded-For.
CLIMATEPLAN_TRUSTED_PROXIES = int(
    os.environ.get("CLIMATEPLAN_TRUSTED_PROXIES")
    or ("1" if _flag("CLIMATEPLAN_BEHIND_PROXY") else "0")
)
AXES_CLIENT_IP_CALLABLE = "climateplan.site.client_ip.client_ip"

# API tokens expire and are deleted when their user's password changes or the user is
# deactivated (climateplan.site.tokens).
API_TOKEN_LIFETIME_DAYS = float(os.environ.get("CLIMATEPLAN_TOKEN_DAYS", "30"))

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "climateplan_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CLIMATEPLAN_STATIC_ROOT") or DATA_DIR / "static")
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "climateplan.site.staticstorage.CompressedStaticFiles"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Overview and province pages cache their body per process, keyed by a stamp of the data
# (docs/web.md); CLIMATEPLAN_PAGE_CACHE=0 turns it off (benchmarks of the uncached path).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if _flag("CLIMATEPLAN_PAGE_CACHE", default=True)
        else "django.core.cache.backends.dummy.DummyCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

UPLOAD_MAX_BYTES = int(float(os.environ.get("CLIMATEPLAN_UPLOAD_MAX_MB", "5")) * 1024 * 1024)
# An XLSX is a zip: its unpacked size, compression ratio and line count are bounded
# too, before parsing (climateplan.uploads; docs/deploy.md).
UPLOAD_MAX_UNPACKED_BYTES = int(
    float(os.environ.get("CLIMATEPLAN_UPLOAD_MAX_UNPACKED_MB", "50")) * 1024 * 1024
)
UPLOAD_MAX_RATIO = float(os.environ.get("CLIMATEPLAN_UPLOAD_MAX_RATIO", "100"))
UPLOAD_MAX_LINES = int(os.environ.get("CLIMATEPLAN_UPLOAD_MAX_LINES", "20000"))
EVIDENCE_MAX_BYTES = int(float(os.environ.get("CLIMATEPLAN_EVIDENCE_MAX_MB", "10")) * 1024 * 1024)
LINES_PER_PAGE = int(os.environ.get("CLIMATEPLAN_LINES_PER_PAGE", "200"))
# Background work (gridded climate indices from NetCDF): Django tasks with the database
# backend; `climateplan serve` starts a worker beside the server, and production runs
# `climateplan worker` as its own service (docs/deploy.md). CLIMATEPLAN_DASK_SCHEDULER
# is a dask.distributed scheduler address for jobs larger than one machine.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CLIMATEPLAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "climate"],
    }
}
# E-mail (reminders to agency reporters before a report is due and when it is overdue).
EMAIL_BACKEND = os.environ.get(
    "CLIMATEPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("CLIMATEPLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CLIMATEPLAN_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CLIMATEPLAN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CLIMATEPLAN_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("CLIMATEPLAN_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("CLIMATEPLAN_EMAIL_FROM", "ClimatePlan TH <noreply@localhost>")
SITE_URL = os.environ.get("CLIMATEPLAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DASK_SCHEDULER = os.environ.get("CLIMATEPLAN_DASK_SCHEDULER", "")
NETCDF_MAX_BYTES = int(float(os.environ.get("CLIMATEPLAN_NETCDF_MAX_MB", "2048")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Security headers: always on; cookie and transport settings when served over HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("CLIMATEPLAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if _flag("CLIMATEPLAN_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # the token class first: an unauthenticated request answers 401 with
        # "WWW-Authenticate: Token", not 403
        "climateplan.site.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("CLIMATEPLAN_TOKEN_RATE", "10/minute")},
    # anonymous throttling keys on the address past the trusted proxies, not on the
    # whole (client-written) X-Forwarded-For header
    "NUM_PROXIES": CLIMATEPLAN_TRUSTED_PROXIES,
    # JSON only, as the schema documents; people try the API on its Swagger page
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ClimatePlan TH API",
    "DESCRIPTION": (
        "Provincial climate change plans of Thailand: provinces, GHG inventories (activity "
        "lines, results, workflow) and plans (base inventory, reduction plan, risk profile, "
        "adaptation plan, endorsement and review). API บัญชีก๊าซเรือนกระจกและแผนการเปลี่ยนแปลง"
        "สภาพภูมิอากาศระดับจังหวัด"
    ),
    "VERSION": "1",
    # the same choice sets appear under several field names (kind, state, section):
    # one named schema component each
    "ENUM_NAME_OVERRIDES": {
        "PlanStateEnum": "climateplan.plans.web.models.PlanState",
        "SectionKindEnum": "climateplan.plans.web.models.SectionKind",
        "PlanKindEnum": "climateplan.plans.web.models.Plan.Kind",
        "BudgetKindEnum": "climateplan.plans.web.models.BudgetLine.Kind",
        "BudgetSourceEnum": "climateplan.plans.web.models.BudgetLine.Source",
        # inventories and plan sections share these five states
        "WorkflowStateEnum": "climateplan.inventory.web.models.State",
        "ReportStateEnum": "climateplan.monitoring.web.models.ReportState",
        "PeriodStateEnum": "climateplan.monitoring.web.models.ReportingPeriod.State",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Content-Security-Policy (django-csp): the site's own scripts only, no inline script or
# event handler; style sheets from the site (docs/deploy.md, docs/decisions.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Plotly.js inserts <style> elements and style attributes as it draws; styles
        # cannot run code, and no style sheet loads from elsewhere
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CLIMATEPLAN_LOG_LEVEL", "WARNING")},
}
