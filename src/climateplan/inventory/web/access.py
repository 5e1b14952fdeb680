"""Who may see and do what with inventories: the one scoping helper.

Every page, API endpoint and query of the inventory goes through
:func:`access_for`. Rules:

- anonymous public: published inventories only;
- provincial viewer: every inventory of their province, published ones elsewhere;
- provincial editor: as a viewer, and creates, edits, submits and reopens the
  inventories of their own province;
- national reviewer: reads every inventory, comments, returns, approves, publishes;
- national administrator: reads every inventory, manages users and reference data.

An inventory outside a user's view does not exist for them (404, never 403), so
URL guessing cannot even confirm that a draft exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from climateplan.inventory.web.models import (
    EDITABLE_STATES,
    LOCKED_STATES,
    Inventory,
    State,
)
from climateplan.site.roles import UserRole, role_of

# action -> (states it starts from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED),
    "return": (frozenset({State.SUBMITTED}), State.RETURNED),
    "approve": (frozenset({State.SUBMITTED}), State.APPROVED),
    "publish": (frozenset({State.APPROVED}), State.PUBLISHED),
    "reopen": (LOCKED_STATES, State.DRAFT),
}
TRANSITION_LABELS = {
    "submit": ("Submit for review", "ส่งตรวจ"),
    "return": ("Return for changes", "ส่งกลับให้แก้ไข"),
    "approve": ("Approve", "อนุมัติ"),
    "publish": ("Publish", "เผยแพร่"),
    "reopen": ("Reopen as a new version", "เปิดแก้ไขเป็นฉบับใหม่"),
}


@dataclass(frozen=True)
class Access:
    role: UserRole

    # ---- reading
    def inventory_filter(self) -> Q:
        published = Q(state=State.PUBLISHED)
        if self.role.is_national:
            return Q()
        if self.role.is_provincial:
            return Q(province=self.role.province) | published
        return published

    def inventories(self, queryset: QuerySet | None = None) -> QuerySet:
        """The inventories this user may read (every list and lookup starts here)."""
        base = Inventory.objects.all() if queryset is None else queryset
        return base.filter(self.inventory_filter())

    def scope_key(self) -> str:
        """Users with the same key see the same inventories (for caching shared pages)."""
        if self.role.is_national:
            return "national"
        if self.role.is_provincial:
            return f"province-{self.role.province}"
        return "public"

    def can_view(self, inventory: Inventory) -> bool:
        if self.role.is_national:
            return True
        if self.role.is_provincial and inventory.province == self.role.province:
            return True
        return inventory.state == State.PUBLISHED

    def sees_internals(self, inventory: Inventory) -> bool:
        """History and review comments: national users and the province's own people."""
        return self.role.is_national or (
            self.role.is_provincial and inventory.province == self.role.province
        )

    # ---- writing
    def can_create(self, province: str) -> bool:
        return self.role.is_editor and province == self.role.province

    def can_edit(self, inventory: Inventory) -> bool:
        return (
            self.role.is_editor
            and inventory.province == self.role.province
            and inventory.state in EDITABLE_STATES
            and inventory.is_latest
        )

    def can_comment(self, inventory: Inventory) -> bool:
        return self.role.is_reviewer and inventory.state == State.SUBMITTED

    def can_transition(self, inventory: Inventory, action: str) -> bool:
        if action not in TRANSITIONS or not inventory.is_latest:
            return False
        sources, _ = TRANSITIONS[action]
        if inventory.state not in sources:
            return False
        own = self.role.is_editor and inventory.province == self.role.province
        if action in ("submit", "reopen"):
            return own
        return self.role.is_reviewer

    def transitions(self, inventory: Inventory) -> list[str]:
        return [a for a in TRANSITIONS if self.can_transition(inventory, a)]


def access_for(user) -> Access:
    return Access(role_of(user))
