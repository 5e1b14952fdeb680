"""Shared machinery of the energy, transport and IPPU methods (not a method module).

Speed: every method here is linear in the line's amount, so the factors are
resolved once per distinct *key* (activity, amount kind, sub-sector, the line's
parameters ...) and each line's emissions are its amount times the per-unit
result of its key. A national batch of 100,000 lines has a few hundred keys, so
the factor look-ups cost next to nothing and a line costs one multiply. Shipped
factors are found with ``factors.lookup`` (same precedence rules as ``resolve``)
once per universe of key values and cached (:func:`_shipped`).

Why a private ratio resolver: :func:`climateplan.units.conversion_factor` rejects
dimensionless units (a bare number to pint), yet blend shares, loss shares and
t CO2 per t clinker are ratios; :func:`resolve_ratio` converts those units with
pint directly and keeps the precedence input > Thai > IPCC of ``resolve``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference._data import data_path
from climateplan.reference.factors import (
    ORIGIN_RANK,
    OTHER_ORIGIN_RANK,
    Resolved,
    factor_table,
    join_sources,
    lookup,
)
from climateplan.units import conversion_factor, ureg

FUEL_CATALOGUE_FILE = "energy_fuels.csv"

# GPC sub-sector -> which IPCC table gives CH4/N2O per TJ (GPC v1.1 Table 4.1 IPCC refs).
# I.6 (1.A.5, non-specified) has no IPCC table: the commercial/institutional factors
# (Table 2.4) stand in, as the closest mixed small-combustion category.
STATIONARY_SECTOR = {
    "I.1": "residential",  # 1.A.4.b, Table 2.5
    "I.2": "commercial",  # 1.A.4.a, Table 2.4
    "I.3": "manufacturing",  # 1.A.2, Table 2.3
    "I.4": "energy_industries",  # 1.A.1, Table 2.2
    "I.5": "agriculture",  # 1.A.4.c, Table 2.5
    "I.6": "commercial",  # 1.A.5, no IPCC table: Table 2.4 stands in
}
TRANSPORT_MODE = {
    "II.1": "road",  # 1.A.3.b, Table 3.2.2
    "II.2": "rail",  # 1.A.3.c, Table 3.4.1
    "II.3": "navigation",  # 1.A.3.d, Table 3.5.3
    "II.4": "aviation",  # 1.A.3.a, Table 3.6.5
    "II.5": "off_road",  # 1.A.3.e.ii, Table 3.3.1
}
TECHNOLOGIES = ("uncontrolled", "oxidation_catalyst", "low_mileage_1995", "4_stroke", "2_stroke")


@lru_cache(maxsize=1)
def fuel_catalogue() -> pd.DataFrame:
    """Fuels known to the energy methods, indexed by code (see ``data/energy_fuels.csv``).

    Columns: name_en, name_th, kind (fossil, biomass, blend), state, fossil_part,
    bio_part (component fuel codes, "" when none), nonco2_fuel (the fuel whose
    CH4/N2O factors apply), ipcc_fuel, source.
    """
    table = pd.read_csv(data_path(FUEL_CATALOGUE_FILE), dtype=str, keep_default_na=False)
    return table.set_index("fuel", drop=False)


def fuel_codes() -> tuple[str, ...]:
    return tuple(fuel_catalogue().index)


# --- grouping lines by key ---------------------------------------------------------------


def key_codes(columns: list[pd.Series | np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Group id of every row over ``columns`` and the position of each group's first row.

    NaN is a value of its own (a blank parameter). Group ids follow first appearance.
    """
    n = len(columns[0]) if columns else 0
    combined = np.zeros(n, dtype=np.int64)
    for col in columns:
        codes, uniques = pd.factorize(col, use_na_sentinel=False)
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes)
        combined = combined.astype(np.int64)
    if n == 0:
        return combined, np.zeros(0, dtype=np.int64)
    first = np.unique(combined, return_index=True)[1]
    return combined, first


def distinct_keys(lines: pd.DataFrame, columns: list[str], param_columns: list[str]):
    """The distinct keys of ``lines`` as a small frame, and each line's key id.

    Grouping works on the lines' own columns (factorised, no per-line frame is
    built). The line's ``source`` is part of the key only where a parameter is
    given: it is quoted in the factor source of an input factor.
    """
    params = [c for c in param_columns if c in lines.columns]
    given = np.zeros(len(lines), dtype=bool)
    for col in params:
        values = lines[col]
        if pd.api.types.is_numeric_dtype(values):
            given |= values.notna().to_numpy()
        else:
            given |= (values.fillna("") != "").to_numpy()
    group_by: list = [lines[c] for c in (*columns, *params)]
    if given.any():
        source = np.where(given, lines["source"].fillna("").astype(str).to_numpy(object), "")
        group_by.append(source)
    else:
        source = None
    codes, first = key_codes(group_by)
    keys = lines[[*columns, *params]].iloc[first].reset_index(drop=True)
    keys["source"] = source[first] if source is not None else ""
    return keys, codes


def result_frame(lines: pd.DataFrame, rows: np.ndarray | None = None, **columns) -> pd.DataFrame:
    """The result frame of ``base.empty_result`` for ``lines`` (or the boolean ``rows``
    of them), with ``columns`` filled in.

    Text columns stay object dtype: pandas would otherwise copy 100,000 factor-source
    strings into an Arrow string array, which costs more than the whole calculation.
    Only ``line_id`` and the index of ``lines`` are read (selecting rows of the whole
    input frame would copy every column).
    """
    line_id = lines["line_id"].to_numpy()
    index = lines.index
    if rows is not None:
        line_id, index = line_id[rows], index[rows]
    n = len(line_id)
    data = {"line_id": pd.Series(line_id, index=index)}
    for gas in ("co2", "co2_biogenic", "ch4", "n2o"):
        data[gas] = pd.Series(columns.get(gas, np.zeros(n)), index=index, dtype=float)
    for text in ("other_gas", "factor_source", "factor_origin", "gpc_ref"):
        if text == "gpc_ref" and text not in columns:
            continue
        values = columns.get(text, "")
        data[text] = pd.Series(
            np.broadcast_to(np.asarray(values, dtype=object), (n,)), index=index, dtype=object
        )
    data["other_t"] = pd.Series(columns.get("other_t", np.zeros(n)), index=index, dtype=float)
    return pd.DataFrame(data, index=index)


# --- factor resolution ------------------------------------------------------------------


@dataclass(frozen=True)
class _ShippedFactors:
    """Best shipped factor for every combination of a table's key values."""

    position: dict  # key tuple -> row in the arrays below
    value: np.ndarray
    origin: np.ndarray
    source: np.ndarray
    factor_id: np.ndarray
    known: tuple[frozenset, ...]  # values each key column names
    wildcard: tuple[bool, ...]  # whether the column has wildcard (blank) rows


@lru_cache(maxsize=256)
def _shipped(family: str, parameter: str, key_cols: tuple[str, ...], unit: str) -> _ShippedFactors:
    """One :func:`~climateplan.reference.factors.lookup` over the small universe of key
    combinations (each column's values, plus "" for a blank), cached: repeated method
    calls then cost a dictionary look-up per distinct key instead of table merges.
    """
    table = factor_table(family)
    rows = table[table["parameter"] == parameter]
    axes = [[*sorted(set(rows[c].dropna().astype(str))), ""] for c in key_cols]
    grid = pd.MultiIndex.from_product(axes, names=list(key_cols)).to_frame(index=False)
    found = lookup(family, parameter, grid, unit=unit)
    combos = list(grid.itertuples(index=False, name=None))
    return _ShippedFactors(
        position={combo: i for i, combo in enumerate(combos)},
        value=found.value,
        origin=found.origin,
        source=found.source,
        factor_id=found.factor_id,
        known=tuple(frozenset(a) for a in axes),
        wildcard=tuple(bool(rows[c].isna().any()) for c in key_cols),
    )


def resolve_in(
    keys: pd.DataFrame,
    *,
    param: str,
    family: str,
    parameter: str,
    key_map: dict[str, str],
    param_unit: str,
    calc_unit: str,
    label: str,
) -> Resolved:
    """Factor per key with precedence input > Thai > IPCC, like ``factors.resolve``.

    The shipped factor comes from :func:`_shipped` (``lookup`` once per key universe);
    an input ``param`` (given in ``param_unit``) replaces it. Values are returned in
    ``calc_unit``; source strings quote the unit the user or the table used.
    """
    n = len(keys)
    shipped = _shipped(family, parameter, tuple(key_map), param_unit)
    columns = []
    for i, lcol in enumerate(key_map.values()):
        values = [("" if v is None or v != v else str(v)) for v in keys[lcol].tolist()]
        if shipped.wildcard[i]:
            # a value the table does not name matches only the blank (wildcard) rows
            values = [v if v in shipped.known[i] else "" for v in values]
        columns.append(values)
    # distinct keys are few (hundreds at most): a dictionary look-up each
    pos = np.array([shipped.position.get(k, -1) for k in zip(*columns, strict=True)], dtype=int)
    if n == 0:
        pos = np.zeros(0, dtype=int)
    hit = pos >= 0
    value = np.full(n, np.nan)
    origin = np.full(n, "", dtype=object)
    source = np.full(n, "", dtype=object)
    fid = np.full(n, "", dtype=object)
    value[hit] = shipped.value[pos[hit]]
    origin[hit] = shipped.origin[pos[hit]]
    source[hit] = shipped.source[pos[hit]]
    fid[hit] = shipped.factor_id[pos[hit]]
    _apply_input(keys, param, param_unit, value, origin, source, fid)
    has = source != ""
    source[has] = label + ": " + source[has]
    scale = conversion_factor(param_unit, calc_unit)
    return Resolved(value * scale, origin, source, fid)


def _apply_input(keys, param, unit, value, origin, source, fid) -> None:
    """A factor given on the line replaces the shipped one (quoting the line's source)."""
    if param not in keys.columns:
        return
    given = pd.to_numeric(keys[param], errors="coerce").to_numpy(float)
    use = ~np.isnan(given)
    if not use.any():
        return
    value[use] = given[use]
    origin[use] = "input"
    fid[use] = "input"
    quoted = keys["source"].fillna("").astype(str).to_numpy(object)[use]
    source[use] = np.array(
        [
            f"input {param} = {v:g} {unit}" + (f" ({s})" if s else "")
            for v, s in zip(given[use], quoted, strict=True)
        ],
        dtype=object,
    )


def _ratio_scale(unit: str, target: str) -> float:
    return float(ureg.Quantity(1.0, unit).to(target).magnitude)


def resolve_ratio(
    keys: pd.DataFrame,
    *,
    param: str,
    family: str,
    parameter: str,
    key_map: dict[str, str],
    unit: str,
    label: str,
) -> Resolved:
    """Precedence input > Thai > IPCC for a dimensionless factor (share, ratio, t/t).

    Matches the table's key columns in ``key_map`` exactly (no wildcards are needed
    for these factors). ``unit`` ("percent", "dimensionless") is both the unit of
    the input parameter and of the value returned.
    """
    n = len(keys)
    value = np.full(n, np.nan)
    origin = np.full(n, "", dtype=object)
    source = np.full(n, "", dtype=object)
    fid = np.full(n, "", dtype=object)
    table = factor_table(family)
    rows = table[table["parameter"] == parameter]
    if n and not rows.empty:
        left = pd.DataFrame({t: keys[c].astype(object).to_numpy() for t, c in key_map.items()})
        left["_pos"] = np.arange(n)
        cols = list(key_map)
        right = rows[[*cols, "value", "unit", "origin", "label", "factor_id"]].copy()
        right["_rank"] = rows["origin"].map(ORIGIN_RANK).fillna(OTHER_ORIGIN_RANK).to_numpy()
        merged = left.merge(right.astype({c: object for c in cols}), on=cols, how="inner")
        best = merged.sort_values(["_pos", "_rank"]).drop_duplicates("_pos")
        if not best.empty:
            scale = best["unit"].map(lambda u: _ratio_scale(u, unit)).to_numpy(float)
            pos = best["_pos"].to_numpy()
            value[pos] = best["value"].to_numpy(float) * scale
            origin[pos] = best["origin"].to_numpy(object)
            source[pos] = best["label"].to_numpy(object)
            fid[pos] = best["factor_id"].to_numpy(object)
    _apply_input(keys, param, unit, value, origin, source, fid)
    has = source != ""
    source[has] = label + ": " + source[has]
    return Resolved(value, origin, source, fid)


# --- problems ---------------------------------------------------------------------------


@dataclass
class KeyProblems:
    """Problems found per distinct key, expanded to lines by :meth:`for_lines`."""

    items: list[tuple[int, str, str, str]] = field(default_factory=list)

    def add(self, mask: np.ndarray, column: str, en: np.ndarray | str, th: np.ndarray | str):
        positions = np.flatnonzero(mask)
        en_arr = np.broadcast_to(np.asarray(en, dtype=object), mask.shape)
        th_arr = np.broadcast_to(np.asarray(th, dtype=object), mask.shape)
        for k in positions:
            self.items.append((int(k), column, str(en_arr[k]), str(th_arr[k])))

    def __bool__(self) -> bool:
        return bool(self.items)

    def for_lines(self, codes: np.ndarray, line_ids: np.ndarray) -> list[tuple]:
        if not self.items:
            return []
        lines_of = pd.Series(line_ids).groupby(codes).apply(list)
        out = []
        for key, column, en, th in self.items:
            for line_id in lines_of.get(key, []):
                out.append((int(line_id), column, en, th))
        return out

    def raise_if_any(self, method: str) -> None:
        if self.items:
            _, column, en, th = self.items[0]
            raise ValueError(
                f"{method}: lines were not validated before compute ({column}: {en}) / "
                f"{method}: ข้อมูลยังไม่ผ่านการตรวจสอบก่อนคำนวณ ({column}: {th})"
            )


# --- fuel combustion core (shared by fuel_combustion and vehicle_km) --------------------


@dataclass
class FuelResult:
    """Per distinct key: tonnes of each gas per canonical unit of amount."""

    co2: np.ndarray
    co2_biogenic: np.ndarray
    ch4: np.ndarray
    n2o: np.ndarray
    source: np.ndarray
    origin: np.ndarray
    problems: KeyProblems


def _component_keys(keys: pd.DataFrame, part: str, blend: np.ndarray) -> pd.DataFrame:
    """Keys for one component (fossil or bio part); input overrides only for pure fuels."""
    cat = fuel_catalogue()
    frame = keys.copy()
    frame["_fuel"] = cat[part].reindex(keys["fuel"]).fillna("").to_numpy(object)
    for col in ("param_ncv", "param_ncv_volume", "param_density", "param_co2_ef"):
        if col in frame.columns:
            frame[col] = np.where(blend, np.nan, frame[col].to_numpy(float))
    return frame


@dataclass
class _Component:
    fuel: np.ndarray  # component fuel code per key ("" when the fuel has no such part)
    co2_ef: Resolved  # t CO2 / TJ
    ncv: Resolved  # TJ / t
    density: Resolved  # t / m3
    energy_per_volume: np.ndarray  # TJ / m3 used for volume amounts
    volume_source: np.ndarray


def _component(keys: pd.DataFrame, part: str, blend: np.ndarray) -> _Component:
    frame = _component_keys(keys, part, blend)
    common = {"family": "fuels", "key_map": {"fuel": "_fuel"}}
    co2_ef = resolve_in(
        frame,
        param="param_co2_ef",
        parameter="co2_ef",
        param_unit="kg/TJ",
        calc_unit="t/TJ",
        label="CO2 EF",
        **common,
    )
    ncv = resolve_in(
        frame,
        param="param_ncv",
        parameter="ncv",
        param_unit="TJ/Gg",
        calc_unit="TJ/t",
        label="NCV",
        **common,
    )
    density = resolve_in(
        frame,
        param="param_density",
        parameter="density",
        param_unit="kg/L",
        calc_unit="t/m**3",
        label="density",
        **common,
    )
    ncv_volume = resolve_in(
        frame,
        param="param_ncv_volume",
        parameter="ncv_volume",
        param_unit="MJ/L",
        calc_unit="TJ/m**3",
        label="NCV per volume",
        **common,
    )
    # Volume -> energy: an NCV per volume (input, else Thai) wins, unless the input
    # gives a mass NCV or a density, which asks for density x NCV (input beats shipped).
    mass_route_asked = (ncv.origin == "input") | (density.origin == "input")
    use_volumetric = ~ncv_volume.missing & ((ncv_volume.origin == "input") | ~mass_route_asked)
    energy_per_volume = np.where(use_volumetric, ncv_volume.value, density.value * ncv.value)
    volume_source = np.where(
        use_volumetric, ncv_volume.source, join_sources(density.source, ncv.source)
    )
    return _Component(
        frame["_fuel"].to_numpy(object), co2_ef, ncv, density, energy_per_volume, volume_source
    )


def _text(values) -> np.ndarray:
    """Object array of str, so that '+' concatenates element-wise."""
    return np.asarray(pd.Series(values).fillna("").astype(str).to_numpy(object), dtype=object)


def fuel_emissions(keys: pd.DataFrame) -> FuelResult:
    """Tonnes of CO2, biogenic CO2, CH4, N2O per canonical unit of each key's amount.

    ``keys`` columns: fuel, amount_kind (energy/mass/volume), table ("stationary" or
    "mobile"), sector, mode, technology, the fuel params (param_ncv ...) and source.

    IPCC 2006 Vol 2 Ch 2 Eq 2.1 (stationary) and Ch 3 Eq 3.2.1 and the mode equations
    (mobile): emissions = fuel (TJ) x EF (kg/TJ); mass -> TJ by NCV; volume -> TJ by
    a Thai NCV per litre, else by density x NCV. A blend's fossil part gives CO2 and
    its bio part biogenic CO2; CH4 and N2O come from the whole blend with the
    factors of its fossil base fuel (the engine, not the fuel, sets them).
    """
    cat = fuel_catalogue()
    problems = KeyProblems()
    kind_of_fuel = cat["kind"].reindex(keys["fuel"]).to_numpy(object)
    blend = kind_of_fuel == "blend"
    biomass = kind_of_fuel == "biomass"
    amount_kind = keys["amount_kind"].to_numpy(object)
    is_energy = amount_kind == "energy"
    is_mass = amount_kind == "mass"
    is_volume = amount_kind == "volume"

    # biofuel volume share s: the blend's (input, else shipped), 0 fossil, 1 biomass
    share = resolve_ratio(
        keys,
        param="param_bio_share_pct",
        family="fuels",
        parameter="bio_share",
        key_map={"fuel": "fuel"},
        unit="percent",
        label="biofuel volume share",
    )
    s = np.where(blend, share.value / 100.0, np.where(biomass, 1.0, 0.0))
    has_fossil = s < 1.0
    has_bio = s > 0.0
    fossil = _component(keys, "fossil_part", blend)
    bio = _component(keys, "bio_part", blend)

    with np.errstate(invalid="ignore", divide="ignore"):
        # share of the amount, in its own kind (mass or energy), that is the bio part
        mass_f, mass_b = (1 - s) * fossil.density.value, s * bio.density.value
        energy_f, energy_b = (1 - s) * fossil.energy_per_volume, s * bio.energy_per_volume
        w_mass = np.where(blend, mass_b / (mass_f + mass_b), s)
        w_energy = np.where(blend, energy_b / (energy_f + energy_b), s)
        tj = {}  # TJ of each part per canonical unit of amount
        for name, comp, w_m, w_e, v, present in (
            ("fossil", fossil, 1 - w_mass, 1 - w_energy, 1 - s, has_fossil),
            ("bio", bio, w_mass, w_energy, s, has_bio),
        ):
            per_unit = np.select(
                [is_energy, is_mass, is_volume],
                [w_e, w_m * comp.ncv.value, v * comp.energy_per_volume],
                default=np.nan,
            )
            tj[name] = np.where(present, per_unit, 0.0)
    co2 = tj["fossil"] * np.where(has_fossil, fossil.co2_ef.value, 0.0)
    co2_bio = tj["bio"] * np.where(has_bio, bio.co2_ef.value, 0.0)

    # CH4 / N2O by the sector (stationary) or transport mode (mobile) of the line
    nonco2 = keys.copy()
    nonco2["_nonco2_fuel"] = cat["nonco2_fuel"].reindex(keys["fuel"]).fillna("").to_numpy(object)
    stationary = keys["table"].to_numpy(object) == "stationary"
    gas = {}
    for g in ("ch4", "n2o"):
        common = {
            "param": f"param_{g}_ef",
            "parameter": f"{g}_ef",
            "param_unit": "kg/TJ",
            "calc_unit": "t/TJ",
            "label": f"{g.upper()} EF",
        }
        st = resolve_in(
            nonco2,
            family="stationary",
            key_map={"sector": "sector", "fuel": "_nonco2_fuel"},
            **common,
        )
        mo = resolve_in(
            nonco2,
            family="mobile",
            key_map={"mode": "mode", "fuel": "_nonco2_fuel", "technology": "technology"},
            **common,
        )
        gas[g] = Resolved(
            np.where(stationary, st.value, mo.value),
            np.where(stationary, st.origin, mo.origin),
            np.where(stationary, st.source, mo.source),
            np.where(stationary, st.factor_id, mo.factor_id),
        )
    tj_total = tj["fossil"] + tj["bio"]
    ch4 = tj_total * gas["ch4"].value
    n2o = tj_total * gas["n2o"].value

    # sources: only the factors each key used; a blend names its parts
    def part_source(comp: _Component, present: np.ndarray) -> np.ndarray:
        conversion = np.select(
            [is_mass, is_volume, blend & is_energy],
            [comp.ncv.source, comp.volume_source, comp.volume_source],
            default="",
        )
        split = np.where(blend & is_mass, comp.density.source, "")
        text = join_sources(comp.co2_ef.source, conversion, split)
        text = np.where(blend, "[" + _text(comp.fuel) + "] " + text, text)
        return np.where(present, text, "")

    source = join_sources(
        np.where(blend, share.source, ""),
        part_source(fossil, has_fossil),
        part_source(bio, has_bio),
        gas["ch4"].source,
        gas["n2o"].source,
    )
    origin = np.where(has_fossil, fossil.co2_ef.origin, bio.co2_ef.origin)

    # --- problems (the validator reports them; compute refuses them)
    fuel_name = _text(keys["fuel"])
    for col in ("param_ncv", "param_ncv_volume", "param_density", "param_co2_ef"):
        if col in keys.columns:
            problems.add(
                blend & keys[col].notna().to_numpy(),
                col,
                f"{col} cannot be used with the blended fuel "
                + fuel_name
                + ": enter its fossil and bio parts as two lines (e.g. diesel and biodiesel)"
                " to give each its own factor",
                f"ใช้ {col} กับเชื้อเพลิงผสม "
                + fuel_name
                + " ไม่ได้: ให้แยกเป็นสองบรรทัด (เช่น diesel และ biodiesel) เพื่อระบุค่าของแต่ละส่วน",
            )
    if "param_bio_share_pct" in keys.columns:
        problems.add(
            ~blend & keys["param_bio_share_pct"].notna().to_numpy(),
            "param_bio_share_pct",
            "param_bio_share_pct applies only to blended fuels (gasohol_e10, gasohol_e20, "
            "gasohol_e85, diesel_b7, diesel_b10, diesel_b20)",
            "param_bio_share_pct ใช้ได้กับเชื้อเพลิงผสมเท่านั้น (gasohol_e10, gasohol_e20, "
            "gasohol_e85, diesel_b7, diesel_b10, diesel_b20)",
        )
    for comp, present in ((fossil, has_fossil), (bio, has_bio)):
        name = _text(comp.fuel)
        problems.add(
            present & comp.co2_ef.missing,
            "param_co2_ef",
            "no CO2 emission factor for " + name + ": give param_co2_ef (kg/TJ)",
            "ไม่มีค่าการปล่อย CO2 ของ " + name + ": ให้ระบุ param_co2_ef (kg/TJ)",
        )
        problems.add(
            present & is_mass & np.isnan(comp.ncv.value),
            "param_ncv",
            "no net calorific value for "
            + name
            + ": give param_ncv (TJ/Gg) or the amount in energy (TJ, GJ)",
            "ไม่มีค่าความร้อนสุทธิของ " + name + ": ให้ระบุ param_ncv (TJ/Gg) หรือให้ปริมาณเป็นพลังงาน (TJ, GJ)",
        )
        problems.add(
            present & (is_volume | (blend & is_energy)) & np.isnan(comp.energy_per_volume),
            "unit",
            "cannot convert a volume of "
            + name
            + " to energy (no density or NCV per volume): give the amount in t or TJ, or give"
            " param_density (kg/L) with param_ncv, or param_ncv_volume (MJ/L)",
            "แปลงปริมาตรของ "
            + name
            + " เป็นพลังงานไม่ได้ (ไม่มีความหนาแน่นหรือค่าความร้อนต่อปริมาตร): ให้ปริมาณเป็น t"
            " หรือ TJ หรือระบุ param_density (kg/L) กับ param_ncv หรือ param_ncv_volume (MJ/L)",
        )
        problems.add(
            present & blend & is_mass & np.isnan(comp.density.value),
            "unit",
            "cannot split the mass of a blend: no density of " + name + "; give litres or TJ",
            "แยกมวลของเชื้อเพลิงผสมไม่ได้: ไม่มีความหนาแน่นของ " + name + " ให้ปริมาณเป็นลิตรหรือ TJ",
        )
    where_en = np.where(
        stationary, "sector " + _text(keys["sector"]), "transport mode " + _text(keys["mode"])
    )
    where_th = np.where(
        stationary, "ภาคส่วน " + _text(keys["sector"]), "รูปแบบการขนส่ง " + _text(keys["mode"])
    )
    nonco2_name = _text(nonco2["_nonco2_fuel"])
    for g in ("ch4", "n2o"):
        problems.add(
            gas[g].missing,
            f"param_{g}_ef",
            f"no {g.upper()} factor for fuel "
            + nonco2_name
            + " in "
            + where_en
            + f": check the fuel and the gpc_ref, or give param_{g}_ef (kg/TJ)",
            f"ไม่มีค่าการปล่อย {g.upper()} ของเชื้อเพลิง "
            + nonco2_name
            + " ใน"
            + where_th
            + f": ตรวจสอบเชื้อเพลิงและรหัส gpc_ref หรือระบุ param_{g}_ef (kg/TJ)",
        )
    # a technology must exist for the fuel and mode, else it would be silently ignored
    tech = _text(keys["technology"])
    if (tech != "").any():
        mobile = factor_table("mobile")
        rows = mobile[(mobile["parameter"] == "ch4_ef") & mobile["technology"].notna()]
        valid = set(zip(rows["mode"], rows["fuel"], rows["technology"], strict=True))
        # distinct keys are few: a set test per key is cheap
        ok = np.array(
            [
                t == "" or (m, f, t) in valid
                for m, f, t in zip(keys["mode"], nonco2["_nonco2_fuel"], tech, strict=True)
            ],
            dtype=bool,
        )
        options = "; ".join(sorted({f"{f} in {m}: {t}" for m, f, t in valid}))
        problems.add(
            ~ok,
            "param_technology",
            f"param_technology applies only to {options} (leave it blank otherwise)",
            f"param_technology ใช้ได้เฉพาะ {options} (กรณีอื่นให้เว้นว่าง)",
        )
    return FuelResult(co2, co2_bio, ch4, n2o, source, origin, problems)


def add_fuel_keys(keys: pd.DataFrame, fuel: np.ndarray | pd.Series) -> pd.DataFrame:
    """Add the key columns of :func:`fuel_emissions` to distinct keys holding subsector,
    amount_kind and (optionally) param_technology."""
    subsector = keys["subsector"].astype(str)
    sector = subsector.map(STATIONARY_SECTOR).fillna("").to_numpy(object)
    keys = keys.copy()
    keys["fuel"] = np.asarray(fuel, dtype=object)
    keys["sector"] = sector
    keys["mode"] = subsector.map(TRANSPORT_MODE).fillna("").to_numpy(object)
    keys["table"] = np.where(sector != "", "stationary", "mobile")
    keys["technology"] = (
        keys["param_technology"].fillna("").astype(str).to_numpy(object)
        if "param_technology" in keys.columns
        else ""
    )
    return keys
