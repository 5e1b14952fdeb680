"""The sign-in backend: Django's model backend, reading a signed-in user's profile (role,
province, agency) in the same query as the user.

Every page and API call of a signed-in user reads the role (``site.roles.role_of``); with
Django's own backend that took a second query on every request.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ProfileModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("profile")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
