"""Thailand's 77 provinces (76 provinces and Bangkok).

Names and DOPA codes come from the ``geothai`` package (data CC-BY-4.0); the
six-region scheme and centre points from the shipped ``province_regions.csv``
(see data/ATTRIBUTION.md). ISO 3166-2:TH codes equal DOPA codes ("TH-50").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import geothai
import pandas as pd

from climateplan.reference._data import data_path


@lru_cache(maxsize=1)
def provinces() -> pd.DataFrame:
    """One row per province: code (TH-xx), dopa_code, name_th, name_en, region, centre, source."""
    names = pd.DataFrame(
        [(p.code, p.name_th, p.name_en) for p in geothai.provinces()],
        columns=["dopa_code", "name_th", "name_en"],
    )
    regions = pd.read_csv(data_path("province_regions.csv"), dtype={"dopa_code": str})
    table = names.merge(regions, on="dopa_code", how="left", validate="one_to_one")
    if table["region6_en"].isna().any() or len(table) != 77:
        missing = table.loc[table["region6_en"].isna(), "dopa_code"].tolist()
        raise RuntimeError(f"province reference incomplete: no region for {missing}")
    table = table.rename(
        columns={"iso3166_2": "code", "region6_en": "region_en", "region6_th": "region_th"}
    )
    table["source"] = (
        "Names and codes: geothai " + geothai.DATA_VERSION + " (CC-BY-4.0); " + table["source"]
    )
    cols = ["code", "dopa_code", "name_th", "name_en", "region_en", "region_th", "lat", "lng"]
    return table[[*cols, "source"]].sort_values("code").reset_index(drop=True)


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table = provinces()
    keys: dict[str, str] = {}
    for row in table.itertuples():
        for key in (row.code, row.dopa_code, row.name_th, row.name_en, row.code.replace("-", "")):
            keys[str(key).strip().casefold()] = row.code
    return keys


def find_province(text: str | int) -> pd.Series:
    """The province row for a code ("TH-50", "50", 50), Thai or English name.

    Raises KeyError with a bilingual message when nothing matches.
    """
    key = str(text).strip()
    leading = re.match(r"^(TH-?\d{2})(\s|$)", key, flags=re.IGNORECASE)
    if leading:  # "TH-50 เชียงใหม่", as the template's drop-down list shows it
        key = leading.group(1)
    if key.isdigit():
        key = key.zfill(2)
    code = _lookup().get(key.casefold())
    if code is None:
        raise KeyError(
            f"unknown province {text!r}: expected an ISO 3166-2:TH code such as TH-50, "
            f"a DOPA code or a province name / ไม่รู้จักจังหวัด {text!r}: "
            "ต้องเป็นรหัส ISO 3166-2:TH เช่น TH-50 รหัสจังหวัดของกรมการปกครอง หรือชื่อจังหวัด"
        )
    return _province_row(code).copy()


@lru_cache(maxsize=128)
def _province_row(code: str) -> pd.Series:
    # a page asks for its province several times; the table does not change while running
    table = provinces()
    return table.loc[table["code"] == code].iloc[0]


NATIONAL = "TH"  # the code of the whole country's row in province_population.csv
POPULATION_STATUS = ("official", "estimate")


@lru_cache(maxsize=1)
def province_population() -> pd.DataFrame:
    """Registered population by province and year, for per-capita figures.

    Columns: code (TH-xx; "TH" for the whole country), year (CE), population, status
    ("official": the Department of Provincial Administration's registration statistics
    at 31 December; "estimate": a rounded figure, labelled so in Thai and English in
    its source) and source. See data/ATTRIBUTION.md.
    """
    table = pd.read_csv(
        data_path("province_population.csv"),
        dtype={"code": str, "year": int, "population": int, "status": str, "source": str},
    )
    known = set(provinces()["code"]) | {NATIONAL}
    unknown = sorted(set(table["code"]) - known)
    bad_status = sorted(set(table["status"]) - set(POPULATION_STATUS))
    if unknown or bad_status or table.duplicated(["code", "year"]).any():
        raise RuntimeError(
            f"province_population.csv: unknown codes {unknown}, statuses {bad_status} "
            "or a province and year given twice"
        )
    return table


def provinces_geojson_path() -> Path:
    """Province boundaries (GeoJSON, WGS84), property ADM1_PCODE 'TH50'. See ATTRIBUTION.md."""
    return data_path("th_provinces_adm1.geojson")


def districts_geojson_path() -> Path:
    """District (amphoe) boundaries (GeoJSON, WGS84), property ADM2_PCODE. See ATTRIBUTION.md."""
    return data_path("th_districts_adm2.geojson")
