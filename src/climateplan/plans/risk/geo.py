"""The province's boundary and districts, from the shipped boundaries
(``reference/data/th_provinces_adm1.geojson`` and ``th_districts_adm2.geojson``; see
reference/data/ATTRIBUTION.md)."""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import shapely

from climateplan.reference.provinces import districts_geojson_path, find_province
from climateplan.risk.climate.zonal import Zones, load_zones


def province_code(province: str) -> str:
    return str(find_province(province)["code"])


@lru_cache(maxsize=1)
def _district_features() -> tuple[dict, ...]:
    data = json.loads(districts_geojson_path().read_text(encoding="utf-8"))
    return tuple(data["features"])


def _boundary_code(iso: str) -> str:
    """'TH-50' -> 'TH50' (the boundary files' P-codes)."""
    return iso.replace("-", "")


def district_codes(province: str) -> list[str]:
    """The province's districts as ISO-style codes (TH-5001), sorted."""
    pcode = _boundary_code(province_code(province))
    return sorted(
        f"TH-{f['properties']['ADM2_PCODE'][2:]}"
        for f in _district_features()
        if f["properties"]["ADM1_PCODE"] == pcode
    )


def district_names(province: str) -> dict[str, tuple[str, str]]:
    """District code -> (Thai name, English name)."""
    pcode = _boundary_code(province_code(province))
    return {
        f"TH-{f['properties']['ADM2_PCODE'][2:]}": (
            f["properties"]["ADM2_TH"],
            f["properties"]["ADM2_EN"],
        )
        for f in _district_features()
        if f["properties"]["ADM1_PCODE"] == pcode
    }


def map_geojson(province: str) -> dict:
    """The province's districts as a GeoJSON FeatureCollection for the page map; each
    feature's ``id`` and ``properties.code`` are the district code (TH-5001), with the
    Thai and English names."""
    code = province_code(province)
    pcode = _boundary_code(code)
    features = []
    for f in _district_features():
        props = f["properties"]
        if props["ADM1_PCODE"] != pcode:
            continue
        district = f"TH-{props['ADM2_PCODE'][2:]}"
        features.append(
            {
                "type": "Feature",
                "id": district,
                "properties": {
                    "code": district,
                    "province": code,
                    "name_th": props["ADM2_TH"],
                    "name_en": props["ADM2_EN"],
                },
                "geometry": f["geometry"],
            }
        )
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


def province_zones(province: str, with_districts: bool = True) -> Zones:
    """One zone set holding the province and (optionally) its districts, so a single
    pass over the grid gives both (the zonal weights are one sparse matrix)."""
    code = province_code(province)
    provinces = load_zones("province")
    i = provinces.codes.index(code)
    codes = [code]
    geometries = [provinces.geometries[i]]
    names_th = [provinces.names_th[i]]
    names_en = [provinces.names_en[i]]
    if with_districts:
        districts = load_zones("district")
        for j, (d, p) in enumerate(zip(districts.codes, districts.province_codes, strict=True)):
            if p == code:
                codes.append(d)
                geometries.append(districts.geometries[j])
                names_th.append(districts.names_th[j])
                names_en.append(districts.names_en[j])
    return Zones(
        level="custom",
        codes=tuple(codes),
        province_codes=tuple(code for _ in codes),
        names_th=tuple(names_th),
        names_en=tuple(names_en),
        geometries=np.asarray(geometries, dtype=object),
    )


def province_bounds(province: str) -> tuple[float, float, float, float]:
    """(lon_min, lat_min, lon_max, lat_max) of the province's boundary."""
    code = province_code(province)
    provinces = load_zones("province")
    b = shapely.bounds(provinces.geometries[provinces.codes.index(code)])
    return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
