"""The KPIs an action is reported on, and a reported value taken into the KPI's unit.

A reduction measure has one KPI (``Action.kpi``: name, unit, baseline, target); an
adaptation action has output and outcome indicators (``Action.data["indicators"]``).
Each gets a stable key (``"kpi"``, ``"indicator:0"``, ``"indicator:1"`` ...) that a
progress report's values refer to.

A reporter may type a value in another unit of the same kind (0.12 MWp for a KPI in
kWp, 3 ha for one in rai): it is converted with the one pint registry
(:mod:`climateplan.units`). Counted things (air conditioners, persons, households,
ponds ...) have no physical dimension: their value is taken only with the KPI's own
word or with no unit at all, so that "5 villages" never lands in a KPI of households.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from climateplan.errors import Problem
from climateplan.units import UnitError, conversion_factor, parse_unit

KPI_KEY = "kpi"
INDICATOR_PREFIX = "indicator:"

# Words for counted things: plain counts, never converted into one another.
COUNT_WORDS = frozenset(
    {
        "unit",
        "units",
        "person",
        "persons",
        "people",
        "household",
        "households",
        "village",
        "villages",
        "pond",
        "ponds",
        "lamp",
        "lamps",
        "building",
        "buildings",
        "คน",
        "ครัวเรือน",
        "หมู่บ้าน",
        "บ่อ",
        "หลอด",
        "อาคาร",
        "เครื่อง",
        "แห่ง",
    }
)
# Peak power of solar panels (Wp, kWp, MWp): watts under standard test conditions,
# converted like watts but never mixed with plain power.
_PEAK = re.compile(r"^([a-zA-Zµ]*W)p$")


@dataclass(frozen=True)
class Kpi:
    """One KPI of an action, as a progress report asks for it."""

    key: str
    kind: str  # "kpi" (a reduction measure's), "output" or "outcome" (an indicator)
    name_th: str
    name_en: str
    unit: str
    baseline: float | None = None
    target: float | None = None
    target_year: int | None = None

    def name(self, lang: str) -> str:
        return (self.name_en or self.name_th) if lang == "en" else (self.name_th or self.name_en)


def _number(value) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def action_kpis(kpi: dict | None, data: dict | None) -> list[Kpi]:
    """The KPIs of an action from its ``kpi`` and ``data`` fields, in a stable order."""
    out: list[Kpi] = []
    kpi = kpi or {}
    if kpi.get("name_th") or kpi.get("name_en") or kpi.get("unit"):
        out.append(
            Kpi(
                key=KPI_KEY,
                kind="kpi",
                name_th=str(kpi.get("name_th") or ""),
                name_en=str(kpi.get("name_en") or ""),
                unit=str(kpi.get("unit") or "").strip(),
                baseline=_number(kpi.get("baseline")),
                target=_number(kpi.get("target")),
                target_year=kpi.get("target_year"),
            )
        )
    for i, row in enumerate((data or {}).get("indicators") or []):
        if not isinstance(row, dict):
            continue
        out.append(
            Kpi(
                key=f"{INDICATOR_PREFIX}{i}",
                kind=str(row.get("kind") or "output"),
                name_th=str(row.get("name_th") or ""),
                name_en=str(row.get("name_en") or ""),
                unit=str(row.get("unit") or "").strip(),
                baseline=_number(row.get("baseline")),
                target=_number(row.get("target")),
                target_year=row.get("year"),
            )
        )
    return out


def _plain(word: str) -> str:
    return " ".join(str(word or "").split()).casefold()


def is_count(unit: str) -> bool:
    """Whether a KPI's unit is a word for counted things (a known count word, or any
    word the unit registry does not know, such as "trees" or "districts")."""
    plain = _plain(unit)
    if not plain or plain in COUNT_WORDS:
        return True
    if _PEAK.match(unit.strip()):
        return False
    try:
        parse_unit(unit)
    except UnitError:
        return True
    return False


def _same_count_word(entered: str, expected: str) -> bool:
    a, b = _plain(entered), _plain(expected)
    return a == b or a.rstrip("s") == b.rstrip("s")


def unit_problem(kpi: Kpi, entered_unit: str, *, column: str) -> Problem:
    """The problem of a value typed in a unit the KPI cannot take."""
    expected_en = kpi.unit or "(no unit)"
    expected_th = kpi.unit or "(ไม่มีหน่วย)"
    count = is_count(kpi.unit)
    return Problem(
        f"{kpi.name('en')}: the unit {entered_unit!r} cannot be taken as {expected_en}: "
        f"enter the value in {expected_en}" + ("" if count else " or a unit of the same kind"),
        f"{kpi.name('th')}: หน่วย {entered_unit!r} แปลงเป็น {expected_th} ไม่ได้ "
        f"กรุณากรอกค่าเป็น {expected_th}" + ("" if count else " หรือหน่วยชนิดเดียวกัน"),
        column=column,
        value=entered_unit,
    )


def convert(value: float, entered_unit: str, kpi: Kpi, *, column: str) -> float:
    """``value`` in ``entered_unit`` taken into the KPI's unit.

    Raises :class:`UnitMismatch` (a ValueError carrying the bilingual :class:`Problem`)
    when the unit is unknown or of another kind.
    """
    entered = str(entered_unit or "").strip()
    if not entered or _plain(entered) == _plain(kpi.unit):
        return float(value)
    if is_count(kpi.unit):
        if _same_count_word(entered, kpi.unit):
            return float(value)
        raise UnitMismatch(unit_problem(kpi, entered, column=column))
    src, dst = _PEAK.match(entered), _PEAK.match(kpi.unit)
    if bool(src) != bool(dst):  # peak watts and plain watts are not the same thing
        raise UnitMismatch(unit_problem(kpi, entered, column=column))
    from_unit = src.group(1) if src else entered
    to_unit = dst.group(1) if dst else kpi.unit
    try:
        return float(value) * conversion_factor(from_unit, to_unit)
    except UnitError as exc:
        raise UnitMismatch(unit_problem(kpi, entered, column=column)) from exc


class UnitMismatch(ValueError):
    """A reported value's unit that the KPI cannot take (with its bilingual problem)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


__all__ = [
    "COUNT_WORDS",
    "INDICATOR_PREFIX",
    "KPI_KEY",
    "Kpi",
    "UnitMismatch",
    "action_kpis",
    "convert",
    "is_count",
    "unit_problem",
]
