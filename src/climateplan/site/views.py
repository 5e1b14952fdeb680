"""Log in and out, and switch the language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
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
