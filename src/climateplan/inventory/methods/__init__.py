"""Registry of calculation methods.

Every module in this package that defines ``METHODS`` (a list of
:class:`~climateplan.inventory.methods.base.MethodSpec`) is discovered, so a new
method family is one new module and nothing else to register.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from climateplan.inventory.methods.base import MethodSpec, ParamSpec

__all__ = ["MethodSpec", "ParamSpec", "get_method", "methods"]


@lru_cache(maxsize=1)
def methods() -> dict[str, MethodSpec]:
    """All methods by name, discovered from the modules of this package."""
    found: dict[str, MethodSpec] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in {"base", "constants"} or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for spec in getattr(module, "METHODS", []):
            if spec.name in found:
                raise RuntimeError(f"method {spec.name!r} defined twice")
            found[spec.name] = spec
    return found


def get_method(name: str) -> MethodSpec:
    table = methods()
    if name not in table:
        raise KeyError(name)
    return table[name]
