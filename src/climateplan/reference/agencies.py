"""Agencies a plan's measures and actions may name as owner or co-operating agency.

Two shipped tables, each row with its source:

- the adaptation engine's ``adaptation/data/agencies.csv`` (national departments,
  provincial offices, local administrations), read from there, not copied;
- ``reference/data/agencies.csv``: the agencies reduction measures add (energy,
  industry, transport, greenhouse gas), more provincial offices, and the Bangkok
  Metropolitan Administration with its departments of the working group of the
  Bangkok Master Plan on Climate Change 2021-2030 (the Department of Environment
  chairs it).

A row with a ``province`` belongs to that province only: the BMA and its departments
are agencies of Bangkok (TH-10) and are offered for Bangkok's plans alone.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from climateplan.reference._data import data_path

COLUMNS = ("code", "en", "th", "level", "province", "working_group", "source")
LEVELS = ("national", "provincial", "local", "bma")
BANGKOK = "TH-10"


@lru_cache(maxsize=1)
def _platform_rows() -> pd.DataFrame:
    table = pd.read_csv(
        data_path("agencies.csv"), dtype=str, keep_default_na=False, encoding="utf-8"
    )
    return table[list(COLUMNS)]


@lru_cache(maxsize=1)
def _adaptation_rows() -> pd.DataFrame:
    from climateplan.adaptation.reference import agencies as adaptation_agencies

    table = adaptation_agencies()
    table = table.assign(province="", working_group="")
    return table[list(COLUMNS)]


@lru_cache(maxsize=1)
def _all() -> pd.DataFrame:
    table = pd.concat([_adaptation_rows(), _platform_rows()], ignore_index=True)
    duplicated = table["code"][table["code"].duplicated()].tolist()
    if duplicated:
        raise RuntimeError(f"agency codes shipped twice: {duplicated}")
    return table


def agencies(province: str | None = None) -> pd.DataFrame:
    """The agencies (a copy): every shipped row when ``province`` is None, else the rows
    a plan of that province may name (rows of another province left out, so the BMA
    departments only for Bangkok, TH-10)."""
    table = _all()
    if province is not None:
        own = table["province"].eq("") | table["province"].eq(str(province).strip().upper())
        table = table[own]
    return table.reset_index(drop=True).copy()


def extra_agencies(province: str | None = None) -> pd.DataFrame:
    """The rows of ``agencies(province)`` that the adaptation engine does not ship (its
    ``code, en, th`` table of a province's own agencies takes these)."""
    shipped = set(_adaptation_rows()["code"])
    table = agencies(province)
    return table[~table["code"].isin(shipped)].reset_index(drop=True)


def bma_departments() -> pd.DataFrame:
    """The BMA departments of the Bangkok Master Plan working group, the chair first."""
    table = _platform_rows()
    table = table[table["level"].eq("bma")].copy()
    table["_order"] = table["working_group"].ne("chair")
    return table.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def find_agency(text: str, province: str | None = None) -> pd.Series:
    """The row whose code, English or Thai name is ``text`` (case and spaces ignored).

    Raises KeyError with a bilingual message when no agency of the province matches.
    """
    key = " ".join(str(text).split()).casefold()
    table = agencies(province)
    for column in ("code", "th", "en"):
        hit = table[table[column].map(lambda v: " ".join(v.split()).casefold()) == key]
        if len(hit):
            return hit.iloc[0]
    raise KeyError(
        f"unknown agency {text!r}: use a code or name from the agencies list / "
        f"ไม่รู้จักหน่วยงาน {text!r} กรุณาใช้รหัสหรือชื่อจากรายชื่อหน่วยงาน"
    )


def agency_name(text: str, lang: str = "th", province: str | None = None) -> str:
    """The agency's name in ``lang`` ("th" or "en"); the text itself when unknown."""
    try:
        row = find_agency(text, province)
    except KeyError:
        return str(text)
    return str(row["en"] if lang == "en" else row["th"])


__all__ = [
    "BANGKOK",
    "COLUMNS",
    "LEVELS",
    "agencies",
    "agency_name",
    "bma_departments",
    "extra_agencies",
    "find_agency",
]
