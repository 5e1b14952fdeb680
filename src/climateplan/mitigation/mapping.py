"""Which driver moves which inventory line.

A mapping table (CSV, or sheet ``mapping`` of a workbook) has the selector
columns of :mod:`climateplan.mitigation.selectors` plus::

    driver               a driver expression (below)
    intensity_change_pct yearly change of emissions per unit of driver, % (default 0);
                         e.g. -1 for an autonomous efficiency gain of 1 % a year
    source, note         free text

A driver expression is a product of drivers (``population*waste_per_person``)
with fallbacks separated by ``|``: the first alternative whose drivers are all
given is used; ``constant`` (the line stays at its base-year level) is always
available. Example: ``vehicle_stock|population|constant``.

Precedence: rows of the user's mapping come before the shipped default mapping
(``reference/data/mitigation_driver_mapping.csv``); within one table the row
with more filled selector cells wins, then the earlier row. Every line gets
exactly one row; lines that end on ``constant`` only because a driver was not
given are listed in the warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.mitigation._tables import CellReader, check_columns, drop_blank_rows, read_table
from climateplan.mitigation.drivers import CONSTANT, driver_name
from climateplan.mitigation.selectors import (
    SELECTOR_COLUMNS,
    Selector,
    line_keys,
    parse_selector,
)
from climateplan.reference._data import data_path

OPTIONAL = (*SELECTOR_COLUMNS, "intensity_change_pct", "source", "note")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class MappingRule:
    selector: Selector
    alternatives: tuple[tuple[str, ...], ...]  # each alternative: a product of drivers
    intensity_change: float  # fraction per year
    row: int
    origin: str  # "user" or "default"
    text: str  # the expression as written


@dataclass
class DriverMapping:
    rules: list[MappingRule]
    file: str | None = None
    sheet: str | None = None

    def ordered(self) -> list[MappingRule]:
        """Rules in precedence order: more specific first, then file order."""
        return sorted(self.rules, key=lambda r: (-r.selector.specificity, r.row))


@dataclass
class LineDrivers:
    """The driver of each line, as resolved against the drivers that were given."""

    expression: np.ndarray  # the alternative used, e.g. "population*waste_per_person"
    factors: list[tuple[str, ...]]  # unique products, indexed by ``code``
    code: np.ndarray  # per line, index into ``factors``
    intensity_change: np.ndarray  # per line, fraction per year
    warnings: list[Problem] = field(default_factory=list)


def parse_expression(text: str) -> tuple[tuple[str, ...], ...] | None:
    """``"a*b|c|constant"`` -> (("a", "b"), ("c",), ("constant",)); None if malformed."""
    alternatives = []
    for alt in str(text).split("|"):
        names = tuple(driver_name(n) for n in alt.split("*"))
        if not names or any(not _NAME.match(n) for n in names):
            return None
        alternatives.append(names)
    return tuple(alternatives) if alternatives else None


def read_mapping(
    source: str | Path | pd.DataFrame,
    *,
    collector: ProblemCollector | None = None,
    origin: str = "user",
) -> DriverMapping | None:
    """Read and check a mapping table; problems to ``collector`` or raised at once."""
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    table = read_table(source, sheet="mapping", collector=collector)
    result = None
    if table is not None and check_columns(
        table,
        required=("driver",),
        optional=OPTIONAL,
        collector=collector,
        what_en="driver mapping",
        what_th="การจับคู่ตัวขับเคลื่อน (mapping)",
    ):
        cells = CellReader(table, collector)
        rules = []
        frame = drop_blank_rows(table.frame)
        for row in frame.index:
            selector = parse_selector(cells, row)
            expr = parse_expression(frame.at[row, "driver"])
            if frame.at[row, "driver"] == "" or expr is None:
                cells.add(
                    row,
                    "driver",
                    f"driver expression {frame.at[row, 'driver']!r} is not valid: use driver names "
                    "joined by '*' for a product and '|' for fallbacks, e.g. "
                    "'population*waste_per_person|population|constant'",
                    f"นิพจน์ตัวขับเคลื่อน {frame.at[row, 'driver']!r} ไม่ถูกต้อง: ใช้ชื่อตัวขับเคลื่อนเชื่อมด้วย '*' "
                    "สำหรับผลคูณ และ '|' สำหรับตัวเลือกสำรอง เช่น "
                    "'population*waste_per_person|population|constant'",
                    frame.at[row, "driver"],
                )
                continue
            change = cells.number(row, "intensity_change_pct", minimum=-100.0, unit=" %")
            rules.append(
                MappingRule(
                    selector=selector,
                    alternatives=expr,
                    intensity_change=(change or 0.0) / 100.0,
                    row=int(row),
                    origin=origin,
                    text=frame.at[row, "driver"],
                )
            )
        result = DriverMapping(rules=rules, file=table.file, sheet=table.sheet)
    if own:
        collector.raise_if_any()
    return result


@lru_cache(maxsize=1)
def default_mapping() -> DriverMapping:
    """The shipped default mapping (reference/data/mitigation_driver_mapping.csv)."""
    path = data_path("mitigation_driver_mapping.csv")
    mapping = read_mapping(path, origin="default")
    assert mapping is not None
    return mapping


def resolve_drivers(
    lines: pd.DataFrame,
    available: set[str],
    mapping: DriverMapping | None = None,
    *,
    keys: dict[str, np.ndarray] | None = None,
) -> LineDrivers:
    """Assign one driver expression to every line (vectorised per mapping rule)."""
    rules = (mapping.ordered() if mapping else []) + _default_rules()
    keys = line_keys(lines) if keys is None else keys
    n = len(lines)
    chosen = np.full(n, -1)
    for i, rule in enumerate(rules):
        free = chosen < 0
        if not free.any():
            break
        chosen[free & rule.selector.mask(keys)] = i
    # the default table ends with a catch-all rule, so every line has one
    available = set(available) | {CONSTANT}
    factors: list[tuple[str, ...]] = []
    index: dict[tuple[str, ...], int] = {}
    code = np.zeros(n, dtype=int)
    expression = np.empty(n, dtype=object)
    change = np.zeros(n)
    fallback: dict[tuple[str, str], list[int]] = {}
    for i in np.unique(chosen):
        rule = rules[i]
        sel = chosen == i
        alt = next((a for a in rule.alternatives if set(a) <= available), (CONSTANT,))
        product = tuple(sorted(set(alt) - {CONSTANT})) or (CONSTANT,)
        if product not in index:
            index[product] = len(factors)
            factors.append(product)
        code[sel] = index[product]
        expression[sel] = "*".join(product)
        change[sel] = rule.intensity_change
        wanted = rule.alternatives[0]
        if product == (CONSTANT,) and wanted != (CONSTANT,):
            fallback.setdefault((rule.text, rule.origin), []).extend(np.flatnonzero(sel).tolist())
    warnings = []
    for (text, _origin), idx in fallback.items():
        refs = sorted(set(lines["gpc_ref"].to_numpy()[idx]))
        shown = ", ".join(refs[:8]) + (" ..." if len(refs) > 8 else "")
        warnings.append(
            Problem(
                f"{len(idx)} line(s) ({shown}) are held at their base-year level: none of the "
                f"drivers {text!r} was given",
                f"{len(idx)} รายการ ({shown}) คงที่เท่าปีฐาน: ไม่ได้ให้ข้อมูลตัวขับเคลื่อนใดใน {text!r}",
            )
        )
    return LineDrivers(
        expression=expression,
        factors=factors,
        code=code,
        intensity_change=change,
        warnings=warnings,
    )


@lru_cache(maxsize=1)
def _default_rules() -> list[MappingRule]:
    return default_mapping().ordered()


def mapping_table() -> pd.DataFrame:
    """The shipped default mapping as a table (for listings and docs)."""
    return pd.read_csv(data_path("mitigation_driver_mapping.csv"), dtype=str, keep_default_na=False)


def driver_catalogue() -> pd.DataFrame:
    """The standard driver names with Thai/English labels, unit and typical statistic."""
    return pd.read_csv(data_path("mitigation_drivers.csv"), dtype=str, keep_default_na=False)
