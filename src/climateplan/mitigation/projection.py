"""Business-as-usual projection of a base-year inventory, line by line, year by year.

For line l with base-year emissions E_l,c (component c: CO2, CH4, N2O, other
gases in t CO2e; biogenic CO2 in t) the projection in year t is::

    E_l,c(t) = E_l,c(b) x D_l(t) / D_l(b) x (1 + i_l)^(t - b) x G_l(t)

- D_l: the line's driver (a product of drivers, see mapping), b the base year;
- i_l: the mapping's intensity change per year (default 0), plus the sector trend
  fitted by calibration when one is applied;
- G_l(t) = EF_grid(t) / EF_grid(b) for electricity lines when a grid path is
  given, else 1.

The emission factors of a line are held at their base-year values (a business as
usual without new measures); only the activity moves, except for the grid. The
whole projection is one (lines x years x components) array.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.mitigation._tables import MAX_YEAR
from climateplan.mitigation.baseline import COMPONENTS, BaseInventory
from climateplan.mitigation.drivers import CONSTANT, DriverTable
from climateplan.mitigation.grid import GRID_METHOD, GridPath
from climateplan.mitigation.mapping import DriverMapping, resolve_drivers
from climateplan.mitigation.selectors import line_keys


@dataclass
class Projection:
    """BAU emissions of every line for every year from the base year on."""

    base: BaseInventory
    years: np.ndarray  # (T,) consecutive years, years[0] == base year (or earlier, back-cast)
    lines: pd.DataFrame  # base lines + driver, intensity_change, grid
    activity: np.ndarray  # (lines, T): driver index x intensity trend
    grid_factor: np.ndarray  # (T,): EF_grid(t) / EF_grid(base); ones without a path
    emissions: np.ndarray  # (lines, T, components)
    driver_levels: pd.DataFrame  # years x drivers used
    warnings: list[Problem] = field(default_factory=list)
    keys: dict = field(default_factory=dict, repr=False)  # normalised selector columns

    @property
    def base_year(self) -> int:
        return self.base.year

    def year_index(self, year: int) -> int:
        return int(year - self.years[0])


def check_horizon(
    base_year: int, to_year: int, collector: ProblemCollector, *, what: str = "--to"
) -> bool:
    """The projection must end after the base year and within the supported years."""
    if to_year <= base_year:
        collector.add(
            f"the projection end year {to_year} is not after the base year {base_year}",
            f"ปีสิ้นสุดการคาดการณ์ {to_year} (พ.ศ. {to_year + 543}) ไม่ได้อยู่หลังปีฐาน {base_year} "
            f"(พ.ศ. {base_year + 543})",
            column=what,
        )
        return False
    if to_year > MAX_YEAR:
        collector.add(
            f"the projection end year {to_year} is after {MAX_YEAR}",
            f"ปีสิ้นสุดการคาดการณ์ {to_year} เกินปี ค.ศ. {MAX_YEAR}",
            column=what,
        )
        return False
    return True


def project(
    base: BaseInventory,
    drivers: DriverTable | None,
    *,
    to_year: int,
    mapping: DriverMapping | None = None,
    grid: GridPath | None = None,
    from_year: int | None = None,
    sector_trends: Mapping[str, float] | None = None,
    collector: ProblemCollector | None = None,
) -> Projection | None:
    """Project ``base`` to ``to_year`` (and back to ``from_year`` for calibration).

    ``sector_trends``: extra intensity change per year (fraction) by GPC sector, as
    fitted by :func:`climateplan.mitigation.calibration.calibrate`.
    Problems go to ``collector`` (returns None then); without one they are raised.
    """
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    result = None
    if check_horizon(base.year, to_year, collector):
        start = min(base.year, from_year if from_year is not None else base.year)
        years = np.arange(start, to_year + 1)
        result = _project(base, drivers, years, mapping, grid, sector_trends, collector)
    if own:
        collector.raise_if_any()
    return result


def _project(base, drivers, years, mapping, grid, sector_trends, collector):
    lines = base.lines.copy()
    available = set(drivers.names) if drivers is not None else set()
    keys = line_keys(lines)
    resolved = resolve_drivers(lines, available, mapping, keys=keys)
    used = sorted({d for product in resolved.factors for d in product} - {CONSTANT})
    n_problems = len(collector.problems)
    if drivers is not None and used:
        levels = drivers.levels(years, province=base.province, collector=collector)
        levels = levels[[c for c in used if c in levels.columns]]
    else:
        levels = pd.DataFrame(index=years)
    base_pos = base.year - int(years[0])
    loc = drivers.location() if drivers is not None else {}
    for name in levels.columns:
        if levels[name].iloc[base_pos] == 0:
            collector.add(
                f"driver {name!r} is 0 in the base year {base.year}: lines cannot be scaled from 0",
                f"ตัวขับเคลื่อน {name!r} มีค่าเป็น 0 ในปีฐาน {base.year}: ไม่สามารถคำนวณอัตราส่วนจากศูนย์ได้",
                column="value",
                **loc,
            )
    grid_factor = np.ones(len(years))
    if grid is not None:
        grid_factor = grid.relative(years, base.year, collector=collector)
        if np.isfinite(grid_factor).all() and grid.values(np.array([base.year]))[0] == 0:
            collector.add(
                f"the grid emission factor is 0 in the base year {base.year}",
                f"ค่าการปล่อยก๊าซของไฟฟ้าเป็น 0 ในปีฐาน {base.year}",
                column="ef",
                file=grid.file,
            )
    if len(collector.problems) > n_problems:
        return None
    # index of each driver product relative to the base year: (products, T)
    index = np.ones((len(resolved.factors), len(years)))
    for k, product in enumerate(resolved.factors):
        for name in product:
            if name == CONSTANT:
                continue
            series = levels[name].to_numpy(float)
            index[k] *= series / series[base_pos]
    change = resolved.intensity_change.copy()
    if sector_trends:
        change = change + lines["sector"].map(dict(sector_trends)).fillna(0.0).to_numpy(float)
    offsets = (years - base.year)[None, :]
    activity = index[resolved.code] * (1.0 + change[:, None]) ** offsets
    is_grid = lines["method"].to_numpy(object) == GRID_METHOD
    scale = activity * np.where(is_grid[:, None], grid_factor[None, :], 1.0)
    emissions = base.emissions[:, None, :] * scale[:, :, None]
    lines["driver"] = resolved.expression
    lines["intensity_change"] = change
    lines["grid"] = is_grid
    return Projection(
        base=base,
        years=years,
        lines=lines,
        activity=activity,
        grid_factor=grid_factor,
        emissions=emissions,
        driver_levels=levels,
        warnings=list(resolved.warnings),
        keys=keys,
    )


def projection_long(projection: Projection) -> pd.DataFrame:
    """Line x year table (one row per line and year) of a projection, in tCO2e."""
    lines = projection.lines
    n, t = projection.activity.shape
    co2e = projection.emissions[..., :4].sum(axis=-1)
    frame = pd.DataFrame(
        {
            "line_key": np.repeat(lines["line_key"].to_numpy(), t),
            "gpc_ref": np.repeat(lines["gpc_ref"].to_numpy(), t),
            "sector": np.repeat(lines["sector"].to_numpy(), t),
            "scope": np.repeat(lines["scope"].to_numpy(), t),
            "method": np.repeat(lines["method"].to_numpy(), t),
            "activity": np.repeat(lines["activity"].to_numpy(), t),
            "driver": np.repeat(lines["driver"].to_numpy(), t),
            "year": np.tile(projection.years, n),
            "activity_index": projection.activity.reshape(-1),
            "co2e": co2e.reshape(-1),
        }
    )
    for c, name in enumerate(COMPONENTS):
        column = "co2_biogenic" if name == "biogenic" else f"co2e_{name}"
        frame[column] = projection.emissions[..., c].reshape(-1)
    return frame
