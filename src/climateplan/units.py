"""The one pint unit registry of ClimatePlan TH.

Every capability converts units here, once, at the edge of the calculation.
Thai units that provincial data actually arrive in are defined too: area in rai
(1 rai = 1,600 m2, Royal Institute of Thailand; Weights and Measures Act B.E. 2542),
and Thai words for common units, so that a workbook typed in Thai converts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pint

# ":auto:" caches the parsed definitions in the user cache folder: start-up 0.13 s -> 0.02 s
ureg = pint.UnitRegistry(cache_folder=":auto:")
# Counting units: pint has no dimension for animals or people, and mixing them up
# (kg per head vs kg per person) is an error we want pint to catch.
ureg.define("head = [livestock] = heads = animal = animals")
ureg.define("person = [population] = persons = people = capita = inhabitant")
ureg.define("vehicle = [vehicle] = vehicles")
ureg.define("rai = 1600 * m**2")
ureg.define("ngan = 400 * m**2")
ureg.define("square_wah = 4 * m**2 = wah2 = tarang_wah")
ureg.define("fraction = 1 = ratio")  # dimensionless factors (shares, scaling factors)

# Thai and common spreadsheet spellings -> pint expressions.
_ALIASES = {
    "ลิตร": "L",
    "ล.": "L",
    "ลบ.ม.": "m**3",
    "ลูกบาศก์เมตร": "m**3",
    "ตัน": "t",
    "กก.": "kg",
    "กิโลกรัม": "kg",
    "กิโลวัตต์ชั่วโมง": "kWh",
    "หน่วย": "kWh",  # Thai electricity bills count "units" = kWh
    "เมกะวัตต์ชั่วโมง": "MWh",
    "ไร่": "rai",
    "งาน": "ngan",
    "ตารางวา": "square_wah",
    "เฮกตาร์": "ha",
    "ตัว": "head",
    "คน": "person",
    "กิโลเมตร": "km",
    "กม.": "km",
    "คัน": "vehicle",
    "tonne": "t",
    "tonnes": "t",
    "ton": "t",
    "tons": "t",
    "liter": "L",
    "litre": "L",
    "litres": "L",
    "liters": "L",
    "l": "L",
    "vkm": "km",
    "vehicle-km": "km",
    "veh-km": "km",
    "Mt": "Mt",
    "kt": "kt",
    "Gg": "Gg",
    "scf": "ft**3",
    "mmbtu": "MMBtu",
}
_POWER = re.compile(r"(?<=[A-Za-z])([23])\b")  # m3 -> m**3, km2 -> km**2


class UnitError(ValueError):
    """A unit string pint cannot read, or a unit of the wrong kind."""


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Quantity:
    """Parse a unit as typed in a workbook ("m3", "ลิตร", "kWh", "t", "head", "1000 L").

    Returns a quantity so that scaled units such as "1000 L" or "Mt" keep their factor.
    """
    raw = str(text).strip()
    if not raw:
        raise UnitError("empty unit")
    expr = _ALIASES.get(raw, _ALIASES.get(raw.lower(), raw))
    expr = _POWER.sub(r"**\1", expr)
    try:
        quantity = ureg.Quantity(expr)
    except Exception as exc:  # pint raises several exception types for bad strings
        raise UnitError(f"unknown unit {raw!r}") from exc
    if not isinstance(quantity, pint.Quantity):
        quantity = ureg.Quantity(quantity)
    if raw != "1" and re.fullmatch(r"[\d.,eE+\-\s]+", raw):  # "12" is a number, not a unit
        raise UnitError(f"{raw!r} is a number, not a unit")
    return quantity


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier taking a number in ``from_unit`` to ``to_unit``.

    Raises UnitError when the unit is unknown or of another dimension.
    Cached: a workbook has few distinct units, so converting a whole column
    costs one pint call per distinct unit, then one vectorised multiply.
    """
    src = parse_unit(from_unit)
    dst = parse_unit(to_unit)
    try:
        return float((src / dst).to("dimensionless").magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(f"cannot convert {from_unit!r} to {to_unit!r}") from exc


def dimensionality(unit: str) -> str:
    """The pint dimensionality of a unit, as a string such as '[mass]'."""
    return str(parse_unit(unit).dimensionality)


def is_dimension(unit: str, target: str) -> bool:
    """Whether ``unit`` converts to ``target`` (both unit strings)."""
    try:
        conversion_factor(unit, target)
    except UnitError:
        return False
    return True
