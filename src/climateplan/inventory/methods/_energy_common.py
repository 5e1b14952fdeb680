"""Shared machinery of the energy, transport and IPPU methods (not a method module).

Speed: every method here is linear in the line's amount, so the factors are
resolved once per distinct *key* (activity, amount kind, sub-sector, the line's
parameters ...) and each line's emissions are its amount times the per-unit
result of its key. A national batch of 100,000 lines has a few hundred keys, so
the factor look-ups (:func:`climateplan.reference.factors.resolve`, itself cached
per distinct key combination) and the source and problem strings cost next to
nothing, and a line costs one multiply. The keys are a dict of NumPy arrays
(:data:`Keys`), not a DataFrame: for a handful of keys, pandas' cost per column
access would be most of the method's time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference._data import data_path
from climateplan.reference.factors import (
    Resolved,
    distinct_combinations,
    join_sources,
    key_rows,
    resolve,
)

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
FUEL_PARAMS = ("param_ncv", "param_ncv_volume", "param_density", "param_co2_ef")

# The distinct keys of a method's lines: column name -> one value per key.
Keys = dict[str, np.ndarray]


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


@lru_cache(maxsize=16)
def _catalogue_column(column: str) -> dict[str, str]:
    return dict(zip(fuel_catalogue().index, fuel_catalogue()[column], strict=True))


def fuel_property(column: str, fuels: np.ndarray) -> np.ndarray:
    """A column of the fuel catalogue for each fuel ("" for a fuel it does not list)."""
    mapping = _catalogue_column(column)
    return np.array([mapping.get(f, "") for f in fuels.tolist()], dtype=object)


def text(values: np.ndarray) -> np.ndarray:
    """Object array of str ("" for missing), so that '+' concatenates element-wise."""
    return np.array(["" if v is None or v != v else str(v) for v in values], dtype=object)


def _given(values: np.ndarray) -> np.ndarray:
    """Whether a param is given: a number, or non-blank text."""
    if values.dtype.kind == "f":
        return ~np.isnan(values)
    return text(values) != ""


# --- grouping lines by key ---------------------------------------------------------------


def distinct_keys(lines: pd.DataFrame, columns: list[str], param_columns: list[str]):
    """The distinct keys of ``lines`` (:data:`Keys`) and each line's key id.

    The line's ``source`` is part of the key only where a parameter is given: it
    is quoted in the factor source of an input factor.
    """
    params = [c for c in param_columns if c in lines.columns]
    arrays = {c: lines[c].to_numpy() for c in (*columns, *params)}
    given = np.zeros(len(lines), dtype=bool)
    for col in params:
        given |= _given(arrays[col])
    group_by = list(arrays.values())
    if given.any():
        source = np.where(given, lines["source"].to_numpy(object), "")
        group_by.append(source)
    codes, first = distinct_combinations(*group_by)
    keys = {c: values[first] for c, values in arrays.items()}
    keys["source"] = text(source[first]) if given.any() else np.full(len(first), "", object)
    return keys, codes


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
        out = []
        for key, column, en, th in self.items:
            for line_id in line_ids[codes == key].tolist():
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
    main: Resolved  # the CO2 factor (of the fossil part, else of the bio part)
    problems: KeyProblems


def _component_keys(keys: Keys, part: str, blend: np.ndarray) -> Keys:
    """Keys for one component (fossil or bio part); input overrides only for pure fuels."""
    frame = dict(keys)
    frame["_fuel"] = fuel_property(part, keys["fuel"])
    for col in FUEL_PARAMS:
        if col in frame:
            frame[col] = np.where(blend, np.nan, frame[col])
    return frame


@dataclass
class _Component:
    fuel: np.ndarray  # component fuel code per key ("" when the fuel has no such part)
    co2_ef: Resolved  # t CO2 / TJ
    ncv: Resolved  # TJ / t
    density: Resolved  # t / m3
    energy_per_volume: np.ndarray  # TJ / m3 used for volume amounts
    volume_source: np.ndarray


def _component(keys: Keys, part: str, blend: np.ndarray) -> _Component:
    frame = _component_keys(keys, part, blend)

    def fuel_factor(parameter: str, param_unit: str, unit: str, label: str) -> Resolved:
        return resolve(
            frame,
            family="fuels",
            parameter=parameter,
            keys={"fuel": "_fuel"},
            unit=unit,
            param=f"param_{parameter}",
            param_unit=param_unit,
            label=label,
        )

    co2_ef = fuel_factor("co2_ef", "kg/TJ", "t/TJ", "CO2 EF")
    ncv = fuel_factor("ncv", "TJ/Gg", "TJ/t", "NCV")
    density = fuel_factor("density", "kg/L", "t/m**3", "density")
    ncv_volume = fuel_factor("ncv_volume", "MJ/L", "TJ/m**3", "NCV per volume")
    # Volume -> energy: an NCV per volume (input, else Thai) wins, unless the input
    # gives a mass NCV or a density, which asks for density x NCV (input beats shipped).
    mass_route_asked = (ncv.origin == "input") | (density.origin == "input")
    use_volumetric = ~ncv_volume.missing & ((ncv_volume.origin == "input") | ~mass_route_asked)
    energy_per_volume = np.where(use_volumetric, ncv_volume.value, density.value * ncv.value)
    volume_source = np.where(
        use_volumetric, ncv_volume.source, join_sources(density.source, ncv.source)
    )
    return _Component(frame["_fuel"], co2_ef, ncv, density, energy_per_volume, volume_source)


def _technology_rows() -> set[tuple[str, str, str]]:
    """(mode, fuel, technology) of the mobile CH4 factors that name a technology."""
    return {
        (row.get("mode", ""), row.get("fuel", ""), row["technology"])
        for row in key_rows("mobile", "ch4_ef")
        if "technology" in row
    }


def fuel_emissions(keys: Keys) -> FuelResult:
    """Tonnes of CO2, biogenic CO2, CH4, N2O per canonical unit of each key's amount.

    ``keys`` columns: fuel, amount_kind (energy/mass/volume), table ("stationary" or
    "mobile"), sector, mode, technology, the fuel params (param_ncv ...) and source.

    IPCC 2006 Vol 2 Ch 2 Eq 2.1 (stationary) and Ch 3 Eq 3.2.1 and the mode equations
    (mobile): emissions = fuel (TJ) x EF (kg/TJ); mass -> TJ by NCV; volume -> TJ by
    a Thai NCV per litre, else by density x NCV. A blend's fossil part gives CO2 and
    its bio part biogenic CO2; CH4 and N2O come from the whole blend with the
    factors of its fossil base fuel (the engine, not the fuel, sets them).
    """
    problems = KeyProblems()
    kind_of_fuel = fuel_property("kind", keys["fuel"])
    blend = kind_of_fuel == "blend"
    biomass = kind_of_fuel == "biomass"
    amount_kind = keys["amount_kind"]
    is_energy = amount_kind == "energy"
    is_mass = amount_kind == "mass"
    is_volume = amount_kind == "volume"

    # biofuel volume share s: the blend's (input, else shipped), 0 fossil, 1 biomass
    share = resolve(
        keys,
        family="fuels",
        parameter="bio_share",
        keys={"fuel": "fuel"},
        unit="percent",
        param="param_bio_share_pct",
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
    nonco2 = {**keys, "_nonco2_fuel": fuel_property("nonco2_fuel", keys["fuel"])}
    stationary = keys["table"] == "stationary"
    gas = {}
    for g in ("ch4", "n2o"):
        common = {
            "parameter": f"{g}_ef",
            "unit": "t/TJ",
            "param": f"param_{g}_ef",
            "param_unit": "kg/TJ",
            "label": f"{g.upper()} EF",
        }
        st = resolve(
            nonco2, family="stationary", keys={"sector": "sector", "fuel": "_nonco2_fuel"}, **common
        )
        mo = resolve(
            nonco2,
            family="mobile",
            keys={"mode": "mode", "fuel": "_nonco2_fuel", "technology": "technology"},
            **common,
        )
        gas[g] = st.where(stationary, mo)
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
        joined = join_sources(comp.co2_ef.source, conversion, split)
        joined = np.where(blend, "[" + text(comp.fuel) + "] " + joined, joined)
        return np.where(present, joined, "")

    source = join_sources(
        np.where(blend, share.source, ""),
        part_source(fossil, has_fossil),
        part_source(bio, has_bio),
        gas["ch4"].source,
        gas["n2o"].source,
    )
    main = fossil.co2_ef.where(has_fossil, bio.co2_ef)

    # --- problems (the validator reports them; compute refuses them)
    fuel_name = text(keys["fuel"])
    for col in FUEL_PARAMS:
        if col in keys:
            problems.add(
                blend & _given(keys[col]),
                col,
                f"{col} cannot be used with the blended fuel "
                + fuel_name
                + ": enter its fossil and bio parts as two lines (e.g. diesel and biodiesel)"
                " to give each its own factor",
                f"ใช้ {col} กับเชื้อเพลิงผสม "
                + fuel_name
                + " ไม่ได้: ให้แยกเป็นสองบรรทัด (เช่น diesel และ biodiesel) เพื่อระบุค่าของแต่ละส่วน",
            )
    if "param_bio_share_pct" in keys:
        problems.add(
            ~blend & _given(keys["param_bio_share_pct"]),
            "param_bio_share_pct",
            "param_bio_share_pct applies only to blended fuels (gasohol_e10, gasohol_e20, "
            "gasohol_e85, diesel_b7, diesel_b10, diesel_b20)",
            "param_bio_share_pct ใช้ได้กับเชื้อเพลิงผสมเท่านั้น (gasohol_e10, gasohol_e20, "
            "gasohol_e85, diesel_b7, diesel_b10, diesel_b20)",
        )
    for comp, present in ((fossil, has_fossil), (bio, has_bio)):
        name = text(comp.fuel)
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
        stationary, "sector " + text(keys["sector"]), "transport mode " + text(keys["mode"])
    )
    where_th = np.where(
        stationary, "ภาคส่วน " + text(keys["sector"]), "รูปแบบการขนส่ง " + text(keys["mode"])
    )
    nonco2_name = text(nonco2["_nonco2_fuel"])
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
    tech = text(keys["technology"])
    if (tech != "").any():
        valid = _technology_rows()
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
    return FuelResult(co2, co2_bio, ch4, n2o, source, main, problems)


def add_fuel_keys(keys: Keys, fuel: np.ndarray) -> Keys:
    """Add the key columns of :func:`fuel_emissions` to distinct keys holding subsector,
    amount_kind and (optionally) param_technology."""
    subsector = keys["subsector"].tolist()
    sector = np.array([STATIONARY_SECTOR.get(s, "") for s in subsector], dtype=object)
    technology = keys.get("param_technology", np.full(len(sector), "", dtype=object))
    return {
        **keys,
        "fuel": np.asarray(fuel, dtype=object),
        "sector": sector,
        "mode": np.array([TRANSPORT_MODE.get(s, "") for s in subsector], dtype=object),
        "table": np.where(sector != "", "stationary", "mobile").astype(object),
        "technology": text(technology),
    }
