"""Energy and service of inventory lines, and the grid factor in force, for fuel switches.

An electric-vehicle measure replaces a *service* (vehicle-km), not a share of the
fossil CO2 of a fuel line: a litre of gasohol E85 drives a car about as far as its
energy allows, while the inventory counts only the CO2 of its 15 % gasoline (the
ethanol's CO2 is biogenic, outside the totals). The electricity that replaces the
fuel therefore follows the energy of the whole blend::

    energy (MJ)   = litres x NCV of the blend (MJ/L)
    km            = energy / energy use of the vehicles replaced (MJ/km)
    kWh           = km x energy use of the electric vehicles (kWh/km)
    t CO2e        = kWh x grid emission factor in force (t/kWh) x EF_grid(t)/EF_grid(b)

while the avoided emissions are the line's own (fossil CO2, CH4, N2O). The NCV of a
blend is that of its parts by volume share (IPCC 2006 Vol 2 Ch 1; Thai NCV per litre
where DEDE publishes one, else density x NCV), resolved from the shipped factors
(``reference/data/factors_fuels.csv``) exactly as the inventory engine converts a
volume to energy. Lines computed from vehicle-km (method ``vehicle_km``) give the
km themselves; a fuel line without a usable amount (a blend given in tonnes, lines
built in code) gets its energy back from its fossil and biogenic CO2 and the CO2
factors of its parts.

The grid factor in force is the one the inventory used: its scope-2 electricity
lines' CO2e per kWh; an inventory without electricity lines takes the TGO factor of
its year from ``reference/data/factors_electricity.csv`` by the engine's vintage rule.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference.factors import lookup
from climateplan.units import UnitError, conversion_factor

MJ_PER_TJ = 1e6  # SI prefixes: 1 TJ = 10^6 MJ
VEHICLE_KM = "vehicle_km"
SEPARATOR = "\x1f"  # joins fuel and unit into one key; in no code or unit


def _per_unit(unit: str, target: str) -> float:
    try:
        return conversion_factor(unit, target)
    except UnitError:
        return float("nan")


def _fuel_factor(parameter: str, fuels: np.ndarray, unit: str) -> np.ndarray:
    if len(fuels) == 0:
        return np.zeros(0)
    return lookup("fuels", parameter, {"fuel": fuels}, unit=unit).value


def _energy_per_volume(fuels: np.ndarray) -> np.ndarray:
    """TJ per m3 of each pure fuel: Thai NCV per volume, else density x NCV."""
    volumetric = _fuel_factor("ncv_volume", fuels, "TJ/m**3")
    by_mass = _fuel_factor("density", fuels, "t/m**3") * _fuel_factor("ncv", fuels, "TJ/t")
    return np.where(np.isnan(volumetric), by_mass, volumetric)


def _fuel_parts(fuels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fossil part, bio part and biofuel volume share of each fuel code."""
    from climateplan.inventory.methods._energy_common import fuel_property

    kind = fuel_property("kind", fuels)
    share = _fuel_factor("bio_share", fuels, "percent") / 100.0
    share = np.where(kind == "blend", share, np.where(kind == "biomass", 1.0, 0.0))
    return fuel_property("fossil_part", fuels), fuel_property("bio_part", fuels), share


def energy_per_amount(fuels: np.ndarray, units: np.ndarray) -> np.ndarray:
    """TJ per unit of amount for each distinct (fuel, unit) pair (NaN when unknown)."""
    fossil, bio, share = _fuel_parts(fuels)
    epv = {name: _energy_per_volume(parts) for name, parts in (("f", fossil), ("b", bio))}
    blend_per_m3 = np.where(fossil != "", (1 - share) * epv["f"], 0.0) + np.where(
        bio != "", share * epv["b"], 0.0
    )
    pure_ncv = _fuel_factor("ncv", fuels, "TJ/t")
    out = np.full(len(fuels), np.nan)
    for i, unit in enumerate(units):
        if np.isfinite(per := _per_unit(unit, "TJ")):
            out[i] = per
        elif np.isfinite(per := _per_unit(unit, "m**3")):
            out[i] = per * blend_per_m3[i]
        elif np.isfinite(per := _per_unit(unit, "t")) and 0 < share[i] < 1:
            out[i] = np.nan  # a blend's mass cannot be split without both densities
        elif np.isfinite(per):
            out[i] = per * pure_ncv[i]
    return out


def line_service(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Base-year energy (MJ, fuel lines) and km (vehicle_km lines) of each line; NaN
    where the line does not tell it. Computed once per distinct (fuel, unit)."""
    n = len(lines)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    amount = pd.to_numeric(lines["amount"], errors="coerce").to_numpy(float)
    unit = lines["unit"].fillna("").astype(str).to_numpy(object)
    method = lines["method"].astype(str).to_numpy(object)
    fuel = lines["activity"].astype(str).to_numpy(object)
    codes, uniques = pd.factorize(fuel + SEPARATOR + unit)
    pairs = [u.split(SEPARATOR, 1) for u in uniques]
    tj = energy_per_amount(
        np.array([p[0] for p in pairs], dtype=object), np.array([p[1] for p in pairs], dtype=object)
    )[codes]
    km_per_unit = np.array([_per_unit(p[1], "km") for p in pairs])[codes]
    energy = amount * tj
    vehicle_km = method == VEHICLE_KM
    missing = ~np.isfinite(energy) & ~vehicle_km
    if missing.any():
        energy[missing] = energy_from_emissions(lines.loc[missing])
    km = np.where(vehicle_km, amount * km_per_unit, np.nan)
    return np.where(vehicle_km, np.nan, energy * MJ_PER_TJ), km


def line_service_km(lines: pd.DataFrame, mj_per_km: float) -> np.ndarray:
    """Vehicle-km each line stands for in the base year (NaN when it cannot be told).

    Fuel lines: energy / ``mj_per_km``; vehicle_km lines: their own km.
    """
    energy_mj, km = line_service(lines)
    return np.where(np.isnan(km), energy_mj / mj_per_km, km)


def energy_from_emissions(lines: pd.DataFrame) -> np.ndarray:
    """TJ of fuel lines without a usable amount (a blend given in tonnes, lines built
    without their activity): fossil CO2 / CO2 factor of the fossil part + biogenic CO2 /
    CO2 factor of the bio part (IPCC 2006 Vol 2 Eq 2.1 read backwards, shipped
    factors), NaN when neither part tells it."""
    fuel = lines["activity"].astype(str).to_numpy(object)
    fossil, bio, _share = _fuel_parts(fuel)
    ef_fossil = _fuel_factor("co2_ef", fossil, "t/TJ")
    ef_bio = _fuel_factor("co2_ef", bio, "t/TJ")
    co2 = lines["co2"].to_numpy(float)
    biogenic = lines["biogenic"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_f = np.where(fossil != "", co2 / ef_fossil, 0.0)
        part_b = np.where((bio != "") & (biogenic > 0), biogenic / ef_bio, 0.0)
    total = part_f + part_b
    return np.where(np.isfinite(total) & (total > 0), total, np.nan)


def grid_factor_in_force(base) -> tuple[float, str]:
    """Grid emission factor (t CO2e/kWh) the base-year inventory used, and where from."""
    lines = base.lines
    scope2 = (lines["method"].to_numpy(object) == "electricity") & ~lines["derived"].to_numpy(bool)
    if scope2.any():
        kwh = pd.to_numeric(lines["amount"], errors="coerce").to_numpy(float)[scope2]
        units, codes = np.unique(
            lines["unit"].fillna("").astype(str).to_numpy(object)[scope2].astype(str),
            return_inverse=True,
        )
        per = np.array([_per_unit(u, "kWh") for u in units])[codes]  # once per unit
        energy = float(np.nansum(kwh * per))
        co2e = float(base.emissions[scope2][:, :4].sum())
        if energy > 0 and co2e > 0:
            return co2e / energy, (
                f"grid factor of the inventory's own electricity lines "
                f"({co2e / energy * 1000:.4f} kg CO2e/kWh)"
            )
    return _tgo_grid_factor(int(base.year))


@lru_cache(maxsize=64)
def _tgo_grid_factor(year: int) -> tuple[float, str]:
    """TGO grid factor of an inventory year by the engine's vintage rule (read once per
    year: 77 provincial plans of one year share it)."""
    from climateplan.inventory.methods.electricity import GRID, choose_vintage

    vintage = choose_vintage([year])
    found = lookup(
        "electricity",
        "grid_ef",
        {"grid": np.array([GRID], dtype=object), "vintage": np.asarray(vintage, dtype=object)},
        unit="t/kWh",
    )
    return float(found.value[0]), str(found.source[0])
