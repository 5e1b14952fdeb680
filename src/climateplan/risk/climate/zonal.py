"""Area-weighted zonal statistics of gridded values per province or district.

The weight of a grid cell for a zone is the area of their intersection: the fraction of
the cell the polygon covers (exact polygon-rectangle intersection with shapely, in
degree space, where a lat/lon cell is a rectangle) times the cell's area on the sphere
(``dlon * (sin(lat_north) - sin(lat_south))`` steradians, the exact form of the usual
cos(lat) weight). Partial cells at borders and coasts count by their share, and a
province smaller than a cell gets the value of the cell (or cells) it lies in, which a
cell-centre mask would miss.

All weights sit in one sparse matrix (cells touching any zone x zones); a zonal mean of
any number of fields is then one sparse matrix product, and cells without data (NaN,
e.g. sea in a land-only product) drop out by renormalising the weights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from scipy import sparse

from climateplan.reference.provinces import districts_geojson_path, provinces_geojson_path
from climateplan.risk.climate.io import cell_edges

ZONE_LEVELS = ("province", "district")


@dataclass(frozen=True)
class Zones:
    """Polygons with their codes: provinces (TH-50) or districts (TH-5001, in province TH-50)."""

    level: str
    codes: tuple[str, ...]
    province_codes: tuple[str, ...]
    names_th: tuple[str, ...]
    names_en: tuple[str, ...]
    geometries: np.ndarray  # shapely geometries, WGS84 lon/lat

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(lon_min, lat_min, lon_max, lat_max) of all zones."""
        b = shapely.bounds(self.geometries)
        return (
            float(b[:, 0].min()),
            float(b[:, 1].min()),
            float(b[:, 2].max()),
            float(b[:, 3].max()),
        )

    def __len__(self) -> int:
        return len(self.codes)


def _pcode_to_iso(pcode: str) -> str:
    """'TH50' -> 'TH-50'; 'TH5001' -> 'TH-5001'."""
    return f"TH-{pcode[2:]}"


@lru_cache(maxsize=2)
def load_zones(level: str = "province") -> Zones:
    """The shipped province (77) or district (928) boundaries as :class:`Zones`."""
    if level not in ZONE_LEVELS:
        raise ValueError(f"zones must be one of {ZONE_LEVELS}, not {level!r}")
    path = provinces_geojson_path() if level == "province" else districts_geojson_path()
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    key = "ADM1" if level == "province" else "ADM2"
    features = sorted(features, key=lambda f: f["properties"][f"{key}_PCODE"])
    return Zones(
        level=level,
        codes=tuple(_pcode_to_iso(f["properties"][f"{key}_PCODE"]) for f in features),
        province_codes=tuple(_pcode_to_iso(f["properties"]["ADM1_PCODE"]) for f in features),
        names_th=tuple(f["properties"][f"{key}_TH"] for f in features),
        names_en=tuple(f["properties"][f"{key}_EN"] for f in features),
        geometries=np.array([shapely.geometry.shape(f["geometry"]) for f in features]),
    )


def make_zones(codes: list[str], geometries: list, level: str = "custom") -> Zones:
    """Zones from any polygons (tests, other boundaries)."""
    return Zones(
        level=level,
        codes=tuple(codes),
        province_codes=tuple(codes),
        names_th=tuple(codes),
        names_en=tuple(codes),
        geometries=np.asarray(geometries, dtype=object),
    )


@dataclass(frozen=True)
class ZoneWeights:
    """Sparse cell x zone weights for one grid.

    ``rows``/``cols`` give each used cell's position in the file's (lat, lon) order;
    ``matrix[i, z]`` is the area (steradians) of cell i inside zone z.
    """

    zone_codes: tuple[str, ...]
    rows: np.ndarray
    cols: np.ndarray
    matrix: sparse.csr_matrix

    @property
    def n_cells(self) -> int:
        return self.rows.size

    def coverage(self) -> np.ndarray:
        """Summed weight per zone (steradians); > 0 for every zone the grid covers."""
        return np.asarray(self.matrix.sum(axis=0)).ravel()

    def zonal_mean(self, values: np.ndarray) -> np.ndarray:
        """Area-weighted means of ``values`` (..., n_cells) per zone -> (..., n_zones).

        NaN cells are left out and the remaining weights renormalised; a zone whose cells
        are all NaN gets NaN.
        """
        values = np.asarray(values, dtype=np.float64)
        lead = values.shape[:-1]
        flat = values.reshape(-1, values.shape[-1])
        finite = np.isfinite(flat)
        numerator = (self.matrix.T @ np.where(finite, flat, 0.0).T).T
        denominator = (self.matrix.T @ finite.T.astype(np.float64)).T
        with np.errstate(invalid="ignore", divide="ignore"):
            out = numerator / denominator
        out[denominator <= 0] = np.nan
        return out.reshape(*lead, len(self.zone_codes))


def zone_weights(lat: np.ndarray, lon: np.ndarray, zones: Zones) -> ZoneWeights:
    """Exact intersection weights of a rectilinear lat/lon grid (cell centres) with zones.

    ``lat`` and ``lon`` are 1-D cell centres, increasing or decreasing, regular or not.
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    lat_order = np.argsort(lat)
    lon_order = np.argsort(lon)
    lat_edges = cell_edges(lat[lat_order])
    lon_edges = cell_edges(lon[lon_order])
    rows_all, cols_all, zone_all, area_all = [], [], [], []
    for z, geom in enumerate(zones.geometries):
        x0, y0, x1, y1 = shapely.bounds(geom)
        i0 = max(int(np.searchsorted(lat_edges, y0, side="right")) - 1, 0)
        i1 = min(int(np.searchsorted(lat_edges, y1, side="left")), lat.size)
        j0 = max(int(np.searchsorted(lon_edges, x0, side="right")) - 1, 0)
        j1 = min(int(np.searchsorted(lon_edges, x1, side="left")), lon.size)
        if i1 <= i0 or j1 <= j0:
            continue
        ii, jj = np.meshgrid(np.arange(i0, i1), np.arange(j0, j1), indexing="ij")
        ii, jj = ii.ravel(), jj.ravel()
        south, north = lat_edges[ii], lat_edges[ii + 1]
        west, east = lon_edges[jj], lon_edges[jj + 1]
        boxes = shapely.box(west, south, east, north)
        shapely.prepare(geom)
        hit = shapely.intersects(geom, boxes)
        if not hit.any():
            continue
        ii, jj, boxes = ii[hit], jj[hit], boxes[hit]
        south, north, west, east = south[hit], north[hit], west[hit], east[hit]
        fraction = shapely.area(shapely.intersection(boxes, geom)) / (
            (north - south) * (east - west)
        )
        sphere_area = np.deg2rad(east - west) * (
            np.sin(np.deg2rad(north)) - np.sin(np.deg2rad(south))
        )
        keep = fraction > 0
        rows_all.append(lat_order[ii[keep]])
        cols_all.append(lon_order[jj[keep]])
        zone_all.append(np.full(int(keep.sum()), z))
        area_all.append(fraction[keep] * sphere_area[keep])
    if rows_all:
        rows = np.concatenate(rows_all)
        cols = np.concatenate(cols_all)
        zone_idx = np.concatenate(zone_all)
        area = np.concatenate(area_all)
    else:
        rows = cols = zone_idx = np.zeros(0, dtype=int)
        area = np.zeros(0)
    flat = rows * lon.size + cols
    used, cell_idx = np.unique(flat, return_inverse=True)
    matrix = sparse.csr_matrix((area, (cell_idx, zone_idx)), shape=(used.size, len(zones.codes)))
    return ZoneWeights(
        zone_codes=zones.codes,
        rows=used // lon.size,
        cols=used % lon.size,
        matrix=matrix,
    )
