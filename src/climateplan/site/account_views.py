"""The account page: who you are, your API token and a button that revokes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from rest_framework.authtoken.models import Token

from climateplan.site import tokens
from climateplan.site.bilingual import tr


@require_GET
@login_required
def account(request):
    token = Token.objects.filter(user=request.user).first()
    return render(
        request,
        "site/account.html",
        {
            "token": token,
            "token_expires": tokens.expires_at(token) if token else None,
            "token_expired": tokens.is_expired(token) if token else False,
            "lifetime_days": tokens.lifetime().days,
        },
    )


@require_POST
@login_required
def revoke_tokens(request):
    count = tokens.revoke_tokens(request.user)
    messages.success(
        request,
        tr(
            f"{count} API token(s) revoked: scripts using them are refused from now on.",
            f"ยกเลิกโทเคน API {count} รายการแล้ว: สคริปต์ที่ใช้โทเคนเหล่านี้จะถูกปฏิเสธ",
        ),
    )
    return redirect("site:account")
