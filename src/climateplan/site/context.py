"""Template context shared by every page: the user's role and province, languages."""

from __future__ import annotations

from climateplan.site.roles import role_of


def site_context(request) -> dict:
    role = role_of(getattr(request, "user", None))
    return {"user_role": role, "languages": [("th", "ไทย"), ("en", "English")]}
