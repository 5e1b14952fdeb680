"""Who a request's user is for the platform: role and province.

The one place a user's role is decided; every permission check of the site
(pages, API, querysets) goes through :func:`role_of` and
:mod:`climateplan.inventory.web.access`.
"""

from __future__ import annotations

from dataclasses import dataclass

from climateplan.site.models import PROVINCIAL_ROLES, Role

PUBLIC = "public"


@dataclass(frozen=True)
class UserRole:
    role: str  # a Role value, or "public" for anonymous users and users without a role
    province: str = ""  # TH-xx for provincial roles
    user_id: int | None = None
    agency: str = ""  # agency code, for agency reporters

    @property
    def is_national(self) -> bool:
        return self.role in (Role.NATIONAL_ADMIN, Role.NATIONAL_REVIEWER)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.NATIONAL_REVIEWER

    @property
    def is_editor(self) -> bool:
        return self.role == Role.PROVINCIAL_EDITOR

    @property
    def is_approver(self) -> bool:
        """Records the provincial endorsement of a plan."""
        return self.role == Role.PROVINCIAL_APPROVER

    @property
    def is_agency_reporter(self) -> bool:
        """Reports progress on the actions of their agency (``agency``) in their province."""
        return self.role == Role.AGENCY_REPORTER

    @property
    def is_provincial(self) -> bool:
        return self.role in PROVINCIAL_ROLES

    @property
    def is_public(self) -> bool:
        return self.role == PUBLIC

    def label(self) -> str:
        if self.is_public:
            return "public / สาธารณะ"
        return Role(self.role).label


ANONYMOUS = UserRole(PUBLIC)


def role_of(user) -> UserRole:
    """The role of a user (anonymous and role-less users are the public).

    A superuser without a profile is a national administrator, so the first
    account made with ``createsuperuser`` can manage the others.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_climateplan_role", None)
    if cached is not None:
        return cached
    profile = getattr(user, "profile", None) if _has_profile(user) else None
    if profile is not None:
        role = UserRole(profile.role, profile.province or "", user.pk, profile.agency or "")
    elif user.is_superuser:
        role = UserRole(Role.NATIONAL_ADMIN, "", user.pk)
    else:
        role = UserRole(PUBLIC, "", user.pk)
    user._climateplan_role = role
    return role


def _has_profile(user) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        user.profile  # noqa: B018 - touching the relation is the test
    except ObjectDoesNotExist:
        return False
    return True
