"""Site-wide middleware: the chosen language, and a busy database answered politely.

Thai unless the user chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so a
Thai officer on an English-language laptop would get English pages; the platform's
rule is Thai by default, English by the user's choice (kept in a cookie).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import escape

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class DatabaseBusyMiddleware:
    """A database still locked after the wait answers 503 with Retry-After, not 500.

    SQLite (the default database) has one writer at a time; a request that could not
    get the write lock within ``CLIMATEPLAN_SQLITE_TIMEOUT`` seconds has changed
    nothing (its transaction rolled back), so the user is asked to try again.
    """

    RETRY_AFTER_SECONDS = 5
    LOCKED_MESSAGES = ("database is locked", "database table is locked")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        if not any(m in str(exception).lower() for m in self.LOCKED_MESSAGES):
            return None
        logger.warning("database busy on %s %s: %s", request.method, request.path, exception)
        en = (
            "The system is busy saving other work. Nothing of yours was saved: "
            "please try again in a few seconds."
        )
        th = "ระบบกำลังบันทึกงานอื่นอยู่ ข้อมูลของคุณยังไม่ถูกบันทึก กรุณาลองใหม่อีกครั้งในไม่กี่วินาที"
        wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get(
            "Accept", ""
        )
        if wants_json:
            response = JsonResponse({"detail": en, "detail_th": th}, status=503)
        else:
            page = (
                '<!doctype html><html lang="th"><meta charset="utf-8">'
                f"<title>503</title><h1>{escape(th)}</h1><p>{escape(en)}</p></html>"
            )
            response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
