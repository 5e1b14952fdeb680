"""Emission factors a national administrator adds, kept in the database and fed to the engine.

The engine reads factors from its shipped tables plus rows given with
:func:`climateplan.reference.factors.add_factors`. This module keeps the
engine's added rows equal to the active :class:`EmissionFactor` rows:

- on save and delete of a row (signals, connected in the app's ``ready``);
- at start-up (the first request of a process; skipped when the table does not
  exist yet, so ``migrate`` runs on an empty database);
- before every recompute (:func:`ensure_current`, called by
  ``services.evaluate``): a stamp of the table (count, newest change, highest
  id) is compared with the one this process loaded, so a change made in another
  server process is picked up by the next recompute here, for one cheap query.

Only recomputes pick a factor up, and only draft and returned inventories are
ever recomputed: approved and published inventories keep their stored results.
"""

from __future__ import annotations

import math
import threading
import uuid

from django.db import DatabaseError, connection
from django.db.models import Count, Max

from climateplan.reference.factors import (
    add_factors,
    all_factors,
    clear_added_factors,
    factor_table,
    families,
    key_columns,
)
from climateplan.units import UnitError, conversion_factor, parse_unit

_lock = threading.Lock()
_loaded_stamp: tuple | None = None


def _message(en: str, th: str) -> str:
    return f"{en} / {th}"


def shipped_rows(family: str):
    """The shipped rows of a family (without rows added at run time)."""
    table = factor_table(family)
    return table[~table["factor_id"].astype(str).str.contains(":added-", regex=False)]


def factor_problems(row) -> dict[str, list[str]]:
    """Everything wrong with an EmissionFactor row, by field, in English and Thai.

    The family must be shipped; the parameter must be one the family's shipped
    table has (so a method asks for it); the keys must be the family's key
    columns; the unit must convert to the unit of the shipped rows of that
    parameter (so the engine can use the value); a source is required.
    """
    problems: dict[str, list[str]] = {}

    def add(field: str, en: str, th: str) -> None:
        problems.setdefault(field, []).append(_message(en, th))

    known = families()
    family = (row.family or "").strip()
    parameter = (row.parameter or "").strip()
    if family not in known:
        add(
            "family",
            f"unknown factor family {family!r}: expected one of {', '.join(known)}",
            f"ไม่รู้จักกลุ่มค่าการปล่อย {family!r}: ต้องเป็นหนึ่งใน {', '.join(known)}",
        )
    shipped_units: list[str] = []
    if family in known:
        table = shipped_rows(family)
        parameters = sorted(set(table["parameter"].dropna().astype(str)))
        if parameter not in parameters:
            add(
                "parameter",
                f"family {family!r} has no parameter {parameter!r}: expected one of "
                f"{', '.join(parameters)}",
                f"กลุ่ม {family!r} ไม่มีพารามิเตอร์ {parameter!r}: ต้องเป็นหนึ่งใน {', '.join(parameters)}",
            )
        else:
            shipped_units = sorted(set(table.loc[table["parameter"] == parameter, "unit"]))
        keys = row.keys if row.keys is not None else {}
        allowed = key_columns(family)
        if not isinstance(keys, dict):
            add(
                "keys",
                'keys must be an object of key column to value, e.g. {"fuel": "diesel"}',
                'คอลัมน์กุญแจต้องเป็นออบเจกต์ เช่น {"fuel": "diesel"}',
            )
        else:
            wrong = sorted(set(keys) - set(allowed))
            if wrong:
                add(
                    "keys",
                    f"family {family!r} has no key column {', '.join(wrong)}: its key columns "
                    f"are {', '.join(allowed) or '(none)'}",
                    f"กลุ่ม {family!r} ไม่มีคอลัมน์กุญแจ {', '.join(wrong)}: คอลัมน์กุญแจคือ "
                    f"{', '.join(allowed) or '(ไม่มี)'}",
                )
    unit = (row.unit or "").strip()
    try:
        parse_unit(unit)
    except (UnitError, ValueError):
        add(
            "unit",
            f"unit {unit!r} is not a unit the system reads (e.g. kg/TJ, t/TJ, TJ/Gg)",
            f"ระบบอ่านหน่วย {unit!r} ไม่ได้ (เช่น kg/TJ, t/TJ, TJ/Gg)",
        )
    else:
        for expected in shipped_units:
            try:
                conversion_factor(unit, expected)
            except (UnitError, ValueError):
                add(
                    "unit",
                    f"unit {unit!r} does not convert to {expected!r}, the unit of "
                    f"{family}:{parameter}",
                    f"หน่วย {unit!r} แปลงเป็น {expected!r} ซึ่งเป็นหน่วยของ {family}:{parameter} ไม่ได้",
                )
    if row.value is None or not math.isfinite(float(row.value)):
        add("value", "a finite number is needed", "ต้องเป็นตัวเลขที่มีค่าจำกัด")
    if not (row.source or "").strip():
        add(
            "source",
            "every factor needs its source (document, table, page)",
            "ค่าการปล่อยทุกค่าต้องระบุแหล่งที่มา (เอกสาร ตาราง หน้า)",
        )
    if row.valid_from and row.valid_to and row.valid_from > row.valid_to:
        add(
            "valid_to",
            "valid to is before valid from",
            "วันที่สิ้นสุดอยู่ก่อนวันที่เริ่มใช้",
        )
    return problems


def _core_row(row) -> dict[str, str]:
    """An EmissionFactor as a row of the engine's factor table (text cells)."""
    cells = {
        "parameter": row.parameter,
        "value": repr(float(row.value)),
        "unit": row.unit,
        "origin": row.origin,
        "valid_from": row.valid_from.isoformat() if row.valid_from else "",
        "valid_to": row.valid_to.isoformat() if row.valid_to else "",
        "source": f"{row.source} (added factor #{row.pk})",
        "note": row.note or "",
    }
    cells.update({k: str(v) for k, v in (row.keys or {}).items() if str(v).strip()})
    return cells


def _stamp() -> tuple:
    from climateplan.inventory.web.models import EmissionFactor

    found = EmissionFactor.objects.aggregate(n=Count("id"), t=Max("updated_at"), m=Max("id"))
    return (found["n"], found["t"], found["m"])


def load_factors() -> int:
    """Replace the engine's added factors by the active rows; returns how many were loaded."""
    global _loaded_stamp
    from climateplan.inventory.web.models import EmissionFactor

    with _lock:
        stamp = _stamp()
        by_family: dict[str, list[dict]] = {}
        for row in EmissionFactor.objects.filter(active=True).order_by("pk"):
            by_family.setdefault(row.family, []).append(_core_row(row))
        clear_added_factors()
        for family, rows in by_family.items():
            add_factors(family, rows)
        _loaded_stamp = stamp
    return sum(len(rows) for rows in by_family.values())


def ensure_current() -> None:
    """Reload when the table changed since this process loaded it (another process's edit)."""
    if _stamp() != _loaded_stamp:
        load_factors()


def forget_loaded() -> None:
    """Drop the added factors and the stamp (tests: the next recompute reloads)."""
    global _loaded_stamp
    with _lock:
        clear_added_factors()
        _loaded_stamp = None


def load_at_startup(**kwargs) -> None:
    """Load once per process, on its first request, if the table exists.

    Connected to ``request_started`` by the app's ``ready`` and disconnected here at
    once, so the cost is paid by one request; later changes come through
    :func:`on_change` and :func:`ensure_current`.
    """
    from django.core.signals import request_started

    from climateplan.inventory.web.models import EmissionFactor

    request_started.disconnect(dispatch_uid="factors-startup")
    try:
        if EmissionFactor._meta.db_table in connection.introspection.table_names():
            load_factors()
    except DatabaseError:
        pass  # no database yet (collectstatic, a fresh install): the first recompute loads


def on_change(sender, instance, **kwargs) -> None:
    """Signal handler: a row was saved or deleted."""
    load_factors()


LISTING_COLUMNS = (
    "factor_id",
    "family",
    "parameter",
    "applies_to",
    "value",
    "unit",
    "origin",
    "valid_from",
    "valid_to",
    "source",
    "note",
)


# The listing of every factor with its search text, built once per set of factor tables:
# the engine's tables are cached objects that are replaced whenever added factors change
# (climateplan.reference.factors), so holding them here both keys the listing and keeps
# their identities from being reused. Building it takes most of a second.
_listing: tuple | None = None  # (tables, records, search texts, generation)
_generation = 0
_PROCESS = uuid.uuid4().hex


def _current_tables() -> tuple:
    return tuple(factor_table(family) for family in families())


def _listing_rows() -> tuple[list[dict], list[str], int]:
    """Every factor as a listing record, its lower-case search text, and a number that
    changes whenever the listing does (for caches of pages built from it)."""
    global _listing, _generation
    tables = _current_tables()
    current = _listing
    if (
        current is not None
        and len(current[0]) == len(tables)
        and all(a is b for a, b in zip(current[0], tables, strict=True))
    ):
        return current[1], current[2], current[3]
    table = all_factors()
    table = table.loc[:, ~table.columns.duplicated()]  # all_factors() repeats "parameter"
    texts = (
        table[["family", "parameter", "applies_to", "origin", "source", "note"]]
        .fillna("")
        .astype(str)
        .agg(" ".join, axis=1)
        .str.lower()
        .tolist()
    )
    found = table.loc[:, list(LISTING_COLUMNS)].copy()
    for column in ("valid_from", "valid_to"):
        found[column] = found[column].dt.strftime("%Y-%m-%d")
    found["added"] = found["factor_id"].astype(str).str.contains(":added-", regex=False)
    records = found.astype(object).where(found.notna(), None).to_dict("records")
    with _lock:
        _generation += 1
        _listing = (tables, records, texts, _generation)
    return records, texts, _generation


def listing_generation() -> str:
    """Changes whenever the factors the engine uses change; unique to this process, so a
    cache shared by several processes never mixes their listings."""
    ensure_current()
    return f"{_PROCESS}-{_listing_rows()[2]}"


def search_factors(query: str = "", family: str = "") -> list[dict]:
    """Shipped and added factors (those the engine uses now), filtered by family and by
    words that must all occur in the family, parameter, keys, origin, source or note."""
    ensure_current()
    records, texts, _ = _listing_rows()
    words = query.lower().split()
    return [
        dict(record)
        for record, text in zip(records, texts, strict=True)
        if (not family or record["family"] == family) and all(w in text for w in words)
    ]
