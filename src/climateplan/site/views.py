"""Log in and out, switch the language, and the error pages (403, 404, 500)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from climateplan.site.bilingual import tr


class LoginView(auth_views.LoginView):
    template_name = "site/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["username"].label = tr("User name", "ชื่อผู้ใช้")
        form.fields["password"].label = tr("Password", "รหัสผ่าน")
        form.error_messages["invalid_login"] = tr(
            "Wrong user name or password. After several failures the account is locked for a "
            "while.",
            "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง หากผิดหลายครั้ง บัญชีจะถูกล็อกชั่วคราว",
        )
        return form


@require_POST
def logout_view(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_POST
def set_language(request):
    """Remember the chosen language in a cookie (Thai is the default)."""
    language = request.POST.get("language", "")
    response = redirect(_safe_next(request))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
    return response


# --------------------------------------------------------------------------- error pages


def permission_denied(request, exception=None):
    """403; a visitor who is not logged in is sent to the login page first (with ``next``).

    Only for page reads (GET/HEAD): a refused POST stays a 403 so nothing is retried
    after the login without the user seeing it.
    """
    user = getattr(request, "user", None)
    if request.method in ("GET", "HEAD") and not getattr(user, "is_authenticated", False):
        # a long query string is dropped from ``next``: Django refuses redirects over 16 KB
        target = request.get_full_path()
        return redirect_to_login(target if len(target) <= 2000 else request.path[:2000])
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


FALLBACK_500 = (
    "<!doctype html><html><head><meta charset='utf-8'><title>500</title></head><body>"
    "<h1>ขออภัย ระบบขัดข้อง / Sorry, something went wrong</h1>"
    "<p>ระบบบันทึกปัญหาไว้แล้ว กรุณาลองใหม่อีกครั้งภายหลัง / The problem has been logged; "
    "please try again later.</p><p><a href='/'>ClimatePlan TH</a></p></body></html>"
)


def server_error(request):
    """500 in the site's layout, without the context processors (which may be what failed)."""
    try:
        body = loader.get_template("500.html").render({"request": request})
    except Exception:  # the layout itself failed: a plain bilingual page
        logging.getLogger(__name__).exception("500 page could not be rendered")
        return HttpResponseServerError(FALLBACK_500)
    return HttpResponse(body, status=500)
