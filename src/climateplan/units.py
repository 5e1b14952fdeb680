"""The one pint unit registry of ClimatePlan TH.

Every capability converts units here, once, at the edge of the calculation.
Thai units that provincial data actually arrive in are defined too: area in rai
(1 rai = 1,600 m2, Royal Institute of Thailand; Weights and Measures Act B.E. 2542),
and Thai words for common units, so that a workbook typed in Thai converts.

Start-up: importing pint costs about 0.2 s (it imports dask when dask is installed),
as much as the rest of a small command's work. The answers of :func:`check_unit` and
:func:`conversion_factor` (pint's own answers) are therefore kept in a small JSON
file in the user cache folder, keyed by the pint version and the text of this module;
a command whose units are all in it never imports pint. ``CLIMATEPLAN_UNIT_CACHE=0``
turns the file off; a missing, unreadable or unwritable file only costs the import.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

# Counting units: pint has no dimension for animals or people, and mixing them up
# (kg per head vs kg per person) is an error we want pint to catch.
DEFINITIONS = (
    "head = [livestock] = heads = animal = animals",
    "person = [population] = persons = people = capita = inhabitant",
    "vehicle = [vehicle] = vehicles",
    "rai = 1600 * m**2",
    "ngan = 400 * m**2",
    "square_wah = 4 * m**2 = wah2 = tarang_wah",
    "fraction = 1 = ratio",  # dimensionless factors (shares, scaling factors)
)


@lru_cache(maxsize=1)
def registry():
    """The pint unit registry with the definitions above (pint imported on first use)."""
    import pint

    # ":auto:" caches the parsed definitions in the user cache folder
    ureg = pint.UnitRegistry(cache_folder=":auto:")
    for definition in DEFINITIONS:
        ureg.define(definition)
    return ureg


def __getattr__(name: str):
    if name == "ureg":  # the registry, for code that reads it as a module attribute
        return registry()
    raise AttributeError(name)


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
def parse_unit(text: str):
    """Parse a unit as typed in a workbook ("m3", "ลิตร", "kWh", "t", "head", "1000 L").

    Returns a pint quantity so that scaled units such as "1000 L" or "Mt" keep their
    factor. To check a unit only, :func:`check_unit` answers without pint when it can.
    """
    import pint

    ureg = registry()
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


# --- the answers of pint, kept between runs ------------------------------------------

_SEPARATOR = "\x1f"


class _AnswerCache:
    """pint's answers (a factor, or the error message) by question, read from and
    written back to one JSON file per pint version and set of definitions."""

    def __init__(self) -> None:
        self.answers: dict[str, list] | None = None
        self.new: dict[str, list] = {}
        self.path: Path | None = None

    def _file(self) -> Path | None:
        if os.environ.get("CLIMATEPLAN_UNIT_CACHE", "1") == "0":
            return None
        try:
            version = metadata.version("pint")
        except metadata.PackageNotFoundError:
            return None
        # keyed by the pint version and this module's text (definitions, aliases, parsing)
        try:
            own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
        except OSError:
            return None
        spec = json.dumps([version, own], ensure_ascii=True)
        key = hashlib.sha256(spec.encode()).hexdigest()[:16]
        try:  # a service account may have no home folder: then no file, only the cost
            base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        except (RuntimeError, KeyError, OSError):
            return None
        return Path(base) / "climateplan" / f"units-{key}.json"

    def _load(self) -> dict[str, list]:
        if self.answers is None:
            self.answers = {}
            self.path = self._file()
            if self.path is not None:
                try:
                    loaded = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(loaded, dict):
                        self.answers = loaded
                except (OSError, ValueError):
                    pass
        return self.answers

    def get(self, key: str) -> list | None:
        return self._load().get(key)

    def put(self, key: str, answer: list) -> None:
        self._load()[key] = answer
        if self.path is not None:
            if not self.new:
                atexit.register(self.save)
            self.new[key] = answer

    def save(self) -> None:
        """Merge this run's new answers into the file (atomically; errors ignored)."""
        if not self.new or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = {}
            if not isinstance(stored, dict):
                stored = {}
            stored.update(self.new)
            handle, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(stored, out, ensure_ascii=False)
            os.replace(tmp, self.path)
            self.new = {}
        except OSError:
            pass


_answers = _AnswerCache()


def _ask(key: str, question) -> float:
    """pint's answer to ``question()`` (a float), from the cache file when it has it."""
    answer = _answers.get(key)
    if answer is None:
        try:
            answer = ["ok", question()]
        except UnitError as error:
            answer = ["error", str(error)]
        _answers.put(key, answer)
    if answer[0] == "error":
        raise UnitError(answer[1])
    return answer[1]


@lru_cache(maxsize=4096)
def check_unit(text: str) -> None:
    """Raise UnitError if ``text`` is not a unit :func:`parse_unit` reads."""
    _ask("unit" + _SEPARATOR + str(text), lambda: (parse_unit(text), 1.0)[1])


def _convert(from_unit: str, to_unit: str) -> float:
    import pint

    src = parse_unit(from_unit)
    dst = parse_unit(to_unit)
    try:
        return float((src / dst).to("dimensionless").magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(f"cannot convert {from_unit!r} to {to_unit!r}") from exc


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier taking a number in ``from_unit`` to ``to_unit``.

    Raises UnitError when the unit is unknown or of another dimension.
    Cached: a workbook has few distinct units, so converting a whole column
    costs one pint call per distinct unit, then one vectorised multiply (and the
    answer is kept for the next run, see the module docstring).
    """
    key = "convert" + _SEPARATOR + str(from_unit) + _SEPARATOR + str(to_unit)
    return _ask(key, lambda: _convert(from_unit, to_unit))


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
