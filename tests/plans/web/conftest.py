"""Fixtures of the plan platform tests: users of every role, approved inventories, plans.

Settings and the inventory fixtures come from tests/web/conftest.py (imported here so
this folder runs on its own).
"""

from __future__ import annotations

import pytest

from tests.web.conftest import (  # noqa: F401 - fixtures and helpers shared with the inventory tests
    PASSWORD,
    _empty_cache,
    advance,
    draft,
    make_user,
    published,
    quick_inventory,
    small_csv,
)


@pytest.fixture
def users(db):
    """One user per role; the provincial ones in Chiang Mai (TH-50), others of Lampang (TH-52)."""
    return {
        "admin": make_user("admin", "national_admin"),
        "reviewer": make_user("reviewer", "national_reviewer"),
        "editor": make_user("editor", "provincial_editor", "TH-50"),
        "approver": make_user("approver", "provincial_approver", "TH-50"),
        "viewer": make_user("viewer", "provincial_viewer", "TH-50"),
        "other_editor": make_user("other_editor", "provincial_editor", "TH-52"),
        "other_approver": make_user("other_approver", "provincial_approver", "TH-52"),
        "other_viewer": make_user("other_viewer", "provincial_viewer", "TH-52"),
        "no_role": make_user("no_role", None),
    }


@pytest.fixture
def base_inventory(users):
    """An approved Chiang Mai 2022 inventory (the small CSV's lines and result)."""
    return quick_inventory("TH-50", 2022, "approved")


def make_plan(users, base_inventory, *, title="แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่"):
    """A draft Chiang Mai plan 2023-2027 (BE 2566-2570) on the approved 2022 inventory."""
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    editor = users["editor"]
    return services.create_plan(
        plan_access_for(editor),
        editor,
        province="TH-50",
        title_th=title,
        title_en="Chiang Mai climate change plan",
        start_year=2023,
        end_year=2027,
        base_year=2022,
        base_inventory=base_inventory,
    )


@pytest.fixture
def plan(users, base_inventory):
    return make_plan(users, base_inventory)
