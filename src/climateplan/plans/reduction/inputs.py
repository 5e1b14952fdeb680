"""The stored form of a plan's reduction section, and its translation to the engine.

The web layer keeps :class:`ReductionInputs` as JSON; every calculation goes through
:mod:`climateplan.mitigation` (drivers, grid path, measures and targets are read by
the engine's own readers, so a form row and a spreadsheet row are checked alike).

Rows are plain dicts. Drivers, grid path and measures use the engine's table columns
(docs/mitigation.md); measures also carry the plan attributes the engine ignores
(:data:`PLAN_MEASURE_FIELDS`); targets use the kinds of :data:`TARGET_KINDS`.
A problem found in a row is located by ``sheet`` (the table: ``drivers``, ``grid_ef``,
``measures``, ``targets``, ``budget``) and ``row`` as in the workbook: the header is
row 1, so the first stored row is row 2.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field, replace

import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.mitigation.drivers import OPTIONAL as DRIVER_OPTIONAL
from climateplan.mitigation.drivers import REQUIRED as DRIVER_REQUIRED
from climateplan.mitigation.measures import COLUMNS as MEASURE_COLUMNS

SCHEMA = "climateplan.plan.reduction.inputs/1"

DRIVER_COLUMNS = (*DRIVER_REQUIRED, *DRIVER_OPTIONAL)
GRID_COLUMNS = ("year", "ef", "unit", "source", "note")
# budget sources of an action (docs/plans/reduction.md)
BUDGET_SOURCES = {
    "provincial": ("provincial budget", "งบประมาณจังหวัด"),
    "local": ("local administrations", "องค์กรปกครองส่วนท้องถิ่น"),
    "ministry": ("ministry or department budget", "งบประมาณกระทรวง/กรม"),
    "environment_fund": ("Environment Fund", "กองทุนสิ่งแวดล้อม"),
    "private": ("private sector", "ภาคเอกชน"),
    "international": ("international support", "ความช่วยเหลือจากต่างประเทศ"),
}
# target kinds of the form -> the engine's kinds (climateplan.mitigation.targets)
TARGET_KINDS = {
    "bau_relative": "bau_relative",
    "base_year_relative": "base_relative",
    "absolute": "absolute",
    "below_bau_tonnes": "bau_tonnes",
    "net_zero": "net_zero",
}
TARGET_KIND_LABELS = {
    "bau_relative": ("% below BAU in the target year", "ร้อยละที่ลดลงจากกรณีปกติ (BAU) ในปีเป้าหมาย"),
    "base_year_relative": ("% below the base year", "ร้อยละที่ลดลงจากปีฐาน"),
    "absolute": ("Cap in the target year (t CO2e)", "เพดานการปล่อยในปีเป้าหมาย (ตัน CO2e)"),
    "below_bau_tonnes": ("Tonnes below BAU (t CO2e)", "ปริมาณที่ลดลงจากกรณีปกติ (ตัน CO2e)"),
    "net_zero": ("Net zero", "สุทธิเป็นศูนย์"),
}
# engine spellings accepted too (a targets sheet in the engine's format)
_TARGET_ALIASES = {
    "base_relative": "base_year_relative",
    "bau_tonnes": "below_bau_tonnes",
    "bau": "bau_relative",
    "base": "base_year_relative",
    "abs": "absolute",
}
KPI_FIELDS = ("name_th", "name_en", "unit", "baseline", "baseline_year", "target", "target_year")
# measure attributes of the plan that the engine does not read
PLAN_MEASURE_FIELDS = ("owner_agency", "co_agencies", "budget", "kpi", "library_id")
DEFAULT_BASIS = "basic_plus"
NATIONAL_HORIZON = 2065  # net zero GHG (LT-LEDS 2022): the last national target year


def normalise_target_kind(kind: object) -> str:
    text = str(kind or "").strip().lower().replace("-", "_").replace(" ", "_")
    return _TARGET_ALIASES.get(text, text)


@dataclass
class ReductionInputs:
    """What an officer enters for the reduction section (stored as JSON)."""

    drivers: list[dict] = field(default_factory=list)
    grid: list[dict] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """A JSON-able dict (store it in a JSON field, or ``json.dumps`` it)."""
        return {
            "schema": SCHEMA,
            "drivers": [_plain(r) for r in self.drivers],
            "grid": [_plain(r) for r in self.grid],
            "measures": [_plain(r) for r in self.measures],
            "targets": [_plain(r) for r in self.targets],
            "settings": _plain(self.settings),
        }

    @classmethod
    def from_json(cls, data: dict | str | bytes | None) -> ReductionInputs:
        if data is None or data == "":
            return cls()
        if isinstance(data, (str, bytes)):
            data = json.loads(data)
        return cls(
            drivers=[dict(r) for r in data.get("drivers") or []],
            grid=[dict(r) for r in data.get("grid") or []],
            measures=[dict(r) for r in data.get("measures") or []],
            targets=[dict(r) for r in data.get("targets") or []],
            settings=dict(data.get("settings") or {}),
        )

    def digest(self) -> str:
        """A fingerprint of the inputs (a stored result names the inputs it was made from)."""
        text = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def basis(self) -> str:
        return str(self.settings.get("basis") or DEFAULT_BASIS)

    def to_year(self) -> int | None:
        """The projection end: as set, else the last target year (at least 2065 when the
        national targets are on); None when neither is known."""
        stated = self.settings.get("to_year")
        if stated not in (None, ""):
            from climateplan.mitigation._tables import parse_year

            return parse_year(cell(stated))
        years = []
        for row in self.targets:
            try:
                years.append(int(row.get("year")))
            except (TypeError, ValueError):
                continue
        if any(row.get("national") for row in self.targets):
            years.append(NATIONAL_HORIZON)
        return max(years) if years else None


def _plain(value):
    """JSON-able copy (NaN -> None, tuples -> lists, numpy scalars -> Python)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def cell(value) -> str:
    """A stored value as the text cell the engine's readers expect."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value if cell(v))
    return str(value).strip()


def frame_of(
    rows: list[dict], columns: tuple[str, ...], *, keep_unknown: bool = True
) -> pd.DataFrame:
    """Rows as a table of text cells in the engine's column names (unknown keys are kept
    so that the engine reports them, unless ``keep_unknown`` is False)."""
    names = list(columns)
    if keep_unknown:
        for row in rows:
            for key in row:
                if key not in names:
                    names.append(key)
    data = [{c: cell(row.get(c)) for c in names} for row in rows]
    frame = pd.DataFrame(data, columns=names, dtype=object)
    return frame.loc[:, [c for c in names if c in columns or (frame[c] != "").any()]]


def measure_engine_rows(rows: list[dict]) -> pd.DataFrame:
    """The measures as the engine's table, plan attributes left out. ``library_id`` only
    records where a row came from (:func:`measure_from_library` copies every library
    cell into the row, so a cell the officer clears stays clear); ``from_library`` is
    the engine's merge, for tables that give only the cells they change."""
    return frame_of(
        [
            {k: v for k, v in row.items() if k not in PLAN_MEASURE_FIELDS and k != "is_default"}
            for row in rows
        ],
        MEASURE_COLUMNS,
    )


def target_engine_rows(rows: list[dict]) -> pd.DataFrame:
    """The targets in the engine's table format (kind, year, reduction_pct or value)."""
    out = []
    for row in rows:
        kind = normalise_target_kind(row.get("kind"))
        engine_kind = TARGET_KINDS.get(kind, cell(row.get("kind")))
        value = row.get("value")
        if value in (None, "") and kind in ("bau_relative", "base_year_relative"):
            value = row.get("reduction_pct")
        item = {
            "name": row.get("name") or "",
            "kind": engine_kind,
            "year": row.get("year"),
            "reduction_pct": value if kind in ("bau_relative", "base_year_relative") else "",
            "value": value if kind in ("absolute", "below_bau_tonnes") else "",
            "reference_year": row.get("reference_year"),
            "basis": row.get("basis"),
            "valid_from": row.get("valid_from"),
            "valid_to": row.get("valid_to"),
            "source": row.get("source") or row.get("basis_text") or "",
            "note": row.get("note"),
        }
        out.append(item)
    columns = (
        "name",
        "kind",
        "year",
        "reduction_pct",
        "value",
        "reference_year",
        "basis",
        "valid_from",
        "valid_to",
        "source",
        "note",
    )
    return frame_of(out, columns, keep_unknown=False)


def _without_flags(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "is_default"} for r in rows]


def driver_engine_rows(rows: list[dict]) -> pd.DataFrame:
    return frame_of(_without_flags(rows), DRIVER_COLUMNS)


def grid_engine_rows(rows: list[dict]) -> pd.DataFrame:
    return frame_of(_without_flags(rows), GRID_COLUMNS)


def located(problems: list[Problem], sheet: str, file: str | None = None) -> list[Problem]:
    """Problems of one table, named by the table (``sheet``) when they name none."""
    return [replace(p, sheet=p.sheet or sheet, file=p.file or file) for p in problems]


def collect(sheet: str, file: str | None = None) -> ProblemCollector:
    return ProblemCollector(file=file, sheet=sheet)
