"""API tokens that expire, die with a password change and can be revoked.

DRF's ``Token`` model keeps one key per user with its creation time. A token older
than ``API_TOKEN_LIFETIME_DAYS`` is refused (and deleted); ``POST /api/token/`` then
issues a new one. Changing a user's password or deactivating the user deletes their
tokens (a ``pre_save`` signal, so the admin, ``changepassword`` and ``set_password``
all count); ``DELETE /api/token/`` (:mod:`climateplan.site.token_api`) and the
account page revoke them on request.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def lifetime() -> timedelta:
    return timedelta(days=float(settings.API_TOKEN_LIFETIME_DAYS))


def expires_at(token: Token) -> datetime:
    return token.created + lifetime()


def is_expired(token: Token, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at(token)


def issue_token(user) -> Token:
    """The user's valid token, a new one when there is none or it has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def revoke_tokens(user) -> int:
    """Delete every API token of a user; the number deleted."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused once the token is older than its lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise AuthenticationFailed(
                "token expired: ask for a new one at /api/token/ / "
                "โทเคนหมดอายุ: ขอโทเคนใหม่ที่ /api/token/"
            )
        return user, token


def rotate_tokens_on_change(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save`` of the user model: a new password or deactivation ends every token."""
    if raw or instance.pk is None:
        return
    fields = kwargs.get("update_fields")
    if fields is not None and not {"password", "is_active"} & set(fields):
        return  # e.g. last_login on each login
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password or (before["is_active"] and not instance.is_active):
        revoke_tokens(instance)


def connect_signals() -> None:
    from django.db.models.signals import pre_save

    pre_save.connect(
        rotate_tokens_on_change,
        sender=get_user_model(),
        dispatch_uid="climateplan-rotate-tokens",
    )
