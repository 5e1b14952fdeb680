"""Attack tests: the web platform's fixtures (users per role, inventories, an empty cache)."""

from __future__ import annotations

# The web tests' fixtures, shared: importing them here registers them for this folder.
from tests.web.conftest import (  # noqa: F401
    PASSWORD,
    _empty_cache,
    bad_csv,
    draft,
    make_user,
    published,
    quick_inventory,
    small_csv,
    users,
)
