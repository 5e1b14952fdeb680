"""What a province can start its reduction plan from, each row with its source and
``is_default: true`` (the checklist advises replacing defaults with provincial data).

- drivers: population on the national projection (NESDC), real GPP growing as
  national real GDP (EIU long-term outlook), from ``reference/data/plan_default_drivers.csv``;
  the level of population in the base year is the province's registered population
  when ``province_population.csv`` ships it;
- targets: the national targets valid today (``mitigation_national_targets.csv``);
- measures: the shipped library (``mitigation_measures.csv``).

No grid emission factor path is a default: none is officially published per year
(docs/mitigation.md); without a path the grid factor stays at the base year.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

from climateplan.errors import InputError, Problem
from climateplan.mitigation.mapping import driver_catalogue
from climateplan.mitigation.measures import KIND_LABELS, library_table
from climateplan.mitigation.targets import national_targets as engine_national_targets
from climateplan.plans.reduction.inputs import TARGET_KINDS, normalise_target_kind
from climateplan.reference._data import data_path

DRIVERS_FILE = "plan_default_drivers.csv"
_FORM_KINDS = {engine: form for form, engine in TARGET_KINDS.items()}


@lru_cache(maxsize=1)
def _default_driver_data() -> pd.DataFrame:
    return pd.read_csv(data_path(DRIVERS_FILE), dtype={"year": int, "value": float})


@lru_cache(maxsize=1)
def _province_population() -> pd.DataFrame:
    return pd.read_csv(data_path("province_population.csv"), dtype={"code": str, "year": int})


def _segment_rates(points: pd.DataFrame) -> list[tuple[int, float, str]]:
    """(from year, growth % per year, source) of each segment between projection points
    (geometric: the rate that joins one point to the next); the last rate continues."""
    pts = points.sort_values("year")
    years = pts["year"].to_numpy(int)
    values = pts["value"].to_numpy(float)
    rates = []
    for i in range(len(years) - 1):
        rate = ((values[i + 1] / values[i]) ** (1.0 / (years[i + 1] - years[i])) - 1.0) * 100.0
        rates.append((int(years[i]), float(rate), str(pts["source"].iloc[i + 1])))
    rates.append((int(years[-1]), rates[-1][1], str(pts["note"].iloc[-1])))
    return rates


def _rows_from_rates(
    driver: str, rates: list[tuple[int, float, str]], base_year: int, unit: str
) -> list[dict]:
    """Engine rows: the rate in force in the base year from the base year, then each
    later change of rate (earlier rates are carried back to the base year)."""
    starts = [y for y, _, _ in rates]
    current = max([i for i, y in enumerate(starts) if y <= base_year], default=0)
    rows = []
    for i in range(current, len(rates)):
        year, rate, source = rates[i]
        rows.append(
            {
                "driver": driver,
                "year": base_year if i == current else year,
                "growth_pct": round(rate, 4),
                "unit": unit,
                "source": source,
                "is_default": True,
            }
        )
    return rows


def default_drivers(province: str, base_year: int, to_year: int) -> list[dict]:
    """Drivers rows (engine format) covering ``base_year``..``to_year``: population and
    GPP, each with its source and ``is_default: True``."""
    data = _default_driver_data()
    population = data.loc[data["driver"] == "population"]
    rows = _rows_from_rates("population", _segment_rates(population), base_year, "person")
    registered = _province_population()
    known = registered.loc[(registered["code"] == province) & (registered["year"] == base_year)]
    if len(known):
        rows[0]["value"] = int(known["population"].iloc[0])
        rows[0]["source"] = f"{known['source'].iloc[0]}; growth: {rows[0]['source']}"
    growth = data.loc[data["driver"] == "gdp_growth_pct"].sort_values("year")
    rates = [(int(r.year), float(r.value), str(r.source)) for r in growth.itertuples()]
    rows += [
        {**row, "driver": "gpp", "unit": "index (real GPP)"}
        for row in _rows_from_rates("gpp", rates, base_year, "index")
    ]
    return [r for r in rows if r["year"] <= max(to_year, base_year)]


def national_targets(base_year: int, as_of: date | None = None) -> list[dict]:
    """The national targets valid on ``as_of`` (default today) as target rows of the form,
    ``national: True``: NDC 30 % and 40 % below BAU in 2030, carbon neutrality 2050,
    net zero GHG 2065; only those after ``base_year``."""
    rows = []
    for t in engine_national_targets(as_of):
        if t.year <= base_year:
            continue
        rows.append(
            {
                "name": t.name,
                "kind": _FORM_KINDS.get(t.kind, t.kind),
                "value": t.reduction * 100.0
                if t.kind in ("bau_relative", "base_relative")
                else (t.value if t.kind in ("absolute", "bau_tonnes") else None),
                "year": t.year,
                "basis": t.basis,
                "source": t.source,
                "valid_from": t.valid_from,
                "valid_to": t.valid_to,
                "description_en": t.describe("en"),
                "description_th": t.describe("th"),
                "national": True,
                "is_default": True,
            }
        )
    return rows


def library_measures(sector: str | None = None) -> list[dict]:
    """The shipped library as plain rows (bilingual names, kind labels, sources and
    assumptions), optionally of one GPC sector (I ... VI)."""
    frame = library_table()
    out = []
    for rec in frame.to_dict("records"):
        sector_of = _sector_of(rec)
        if sector and sector_of != sector.upper():
            continue
        kind_en, kind_th = KIND_LABELS.get(rec["kind"], (rec["kind"], rec["kind"]))
        out.append({**rec, "sector_of": sector_of, "kind_en": kind_en, "kind_th": kind_th})
    return out


def _sector_of(rec: dict) -> str:
    for column in ("gpc_ref", "subsector", "sector"):
        text = str(rec.get(column) or "").split(";")[0].strip()
        if text:
            return text.split(".")[0].upper()
    return ""


def measure_from_library(library_id: str) -> dict:
    """A measure row ready to customise: the library's cells, ``library_id`` set, and the
    plan attributes empty (owner, budget, KPI)."""
    rows = {r["id"]: r for r in library_measures()}
    if library_id not in rows:
        raise InputError(
            [
                Problem(
                    f"{library_id!r} is not a measure of the library",
                    f"ไม่มี {library_id!r} ในคลังมาตรการ",
                    column="library_id",
                    value=str(library_id),
                )
            ]
        )
    rec = dict(rows[library_id])
    for extra in ("sector_of", "kind_en", "kind_th"):
        rec.pop(extra, None)
    row = {k: v for k, v in rec.items() if v not in ("", None)}
    row.update(
        {
            "library_id": library_id,
            "owner_agency": "",
            "co_agencies": [],
            "budget": [],
            "kpi": {},
        }
    )
    return row


def all_default(rows: list[dict]) -> bool:
    return bool(rows) and all(bool(r.get("is_default")) for r in rows)


# Units of the drivers as people read them (the stored unit is the key; a unit not
# listed is shown as it was typed).
UNIT_LABELS = {
    "person": ("persons", "คน"),
    "index": ("index", "ดัชนี"),
    "index (real GPP)": ("index (real GPP)", "ดัชนี (GPP ราคาคงที่)"),
    "THB": ("THB", "บาท"),
    "head": ("head", "ตัว"),
    "kWh": ("kWh", "กิโลวัตต์ชั่วโมง"),
    "kg/person/day": ("kg per person per day", "กิโลกรัมต่อคนต่อวัน"),
    "rai": ("rai", "ไร่"),
    "t": ("t", "ตัน"),
    "t N": ("t N", "ตันไนโตรเจน"),
    "unit": ("units", "หน่วย"),
    "vehicle": ("vehicles", "คัน"),
    "% per year": ("% per year", "ร้อยละต่อปี"),
}


@lru_cache(maxsize=1)
def _driver_names() -> dict[str, tuple[str, str]]:
    """Standard driver name -> (English, Thai) label, from the shipped driver catalogue."""
    return {
        str(r["driver"]): (str(r["label_en"]), str(r["label_th"]))
        for r in driver_catalogue().to_dict("records")
    }


def driver_label(driver: object, lang: str = "th") -> str:
    """The driver's name in ``lang`` (a name outside the catalogue is shown as typed)."""
    text = str(driver or "").strip()
    names = _driver_names().get(text)
    if names is None:
        return text
    return names[1] if lang == "th" else names[0]


def unit_label(unit: object, lang: str = "th") -> str:
    """A driver's unit in ``lang`` (a unit not in :data:`UNIT_LABELS` is shown as typed)."""
    text = str(unit or "").strip()
    names = UNIT_LABELS.get(text)
    if names is None:
        return text
    return names[1] if lang == "th" else names[0]


def _target_key(row: dict) -> tuple:
    value = row.get("value")
    try:
        value = round(float(value), 6) if value not in (None, "") else None
    except (TypeError, ValueError):
        value = str(value)
    try:
        year = int(row.get("year"))
    except (TypeError, ValueError):
        year = row.get("year")
    return (
        str(row.get("name") or ""),
        normalise_target_kind(row.get("kind")),
        value,
        year,
        str(row.get("basis") or ""),
    )


def targets_are_national(rows: list[dict], base_year: int, as_of: date | None = None) -> bool:
    """Whether ``rows`` hold exactly the national targets of :func:`national_targets`
    (same names, kinds, values, years and bases, in any order): what was stored is
    compared, not whether the targets were ever saved."""
    national = national_targets(base_year, as_of)
    if not rows or len(rows) != len(national):
        return False
    return sorted(map(_target_key, rows), key=repr) == sorted(map(_target_key, national), key=repr)


__all__ = [
    "all_default",
    "default_drivers",
    "driver_label",
    "library_measures",
    "measure_from_library",
    "national_targets",
    "targets_are_national",
    "unit_label",
]
