"""The grid emission factor path: how power-sector decarbonisation reaches scope 2.

Table format (CSV, or sheet ``grid_ef`` of a workbook)::

    year, ef, unit, source, note
    2023, 0.4750, kgCO2e/kWh, TGO grid EF, data years 2022-2024
    2030, 0.40,   kgCO2e/kWh, assumption: PDP draft
    2050, 0.10,   kgCO2e/kWh, assumption

``unit`` defaults to kgCO2e/kWh (tCO2e/MWh and gCO2e/kWh convert). Years between
given rows are interpolated linearly; the path must cover every projected year
(no extrapolation: a missing end is an error, not a silent flat line).

The projection uses the path *relative to the base year*: an electricity line
(method ``electricity``, its scope-2 row and its derived scope-3 T&D row) is
multiplied by EF(t) / EF(base year). The base year therefore always equals the
inventory, whichever vintage of the TGO factor the inventory used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.mitigation._tables import CellReader, check_columns, drop_blank_rows, read_table
from climateplan.units import UnitError, conversion_factor

GRID_METHOD = "electricity"
CANONICAL_UNIT = "kg/kWh"


def _unit_expr(text: str) -> str:
    # "kgCO2e/kWh" -> "kg/kWh": the gas name is a label, not a unit pint knows
    return str(text).replace("CO2e", "").replace("co2e", "").replace("CO2", "").strip()


@dataclass
class GridPath:
    """Grid emission factor by year (kg CO2e/kWh), with the rows it came from."""

    years: np.ndarray
    ef: np.ndarray
    rows: np.ndarray
    file: str | None = None
    sheet: str | None = None

    def values(self, years: np.ndarray, *, collector: ProblemCollector | None = None) -> np.ndarray:
        """EF for each of ``years`` (linear between given years); uncovered years are errors."""
        own = collector is None
        collector = ProblemCollector() if collector is None else collector
        years = np.asarray(years, int)
        out = np.interp(years, self.years, self.ef)
        outside = (years < self.years.min()) | (years > self.years.max())
        if outside.any():
            bad = years[outside]
            loc = {"file": self.file}
            if self.sheet:
                loc["sheet"] = self.sheet
            collector.add(
                f"the grid emission factor path covers {self.years.min()}-{self.years.max()} but "
                f"the projection needs {bad.min()}-{bad.max()} too: add rows for those years",
                f"เส้นทางค่าการปล่อยก๊าซของไฟฟ้าครอบคลุมปี {self.years.min()}-{self.years.max()} "
                "แต่การคาดการณ์ต้องใช้ปี "
                f"{bad.min()}-{bad.max()} ด้วย: ให้เพิ่มแถวของปีเหล่านั้น",
                column="year",
                **loc,
            )
            out = np.where(outside, np.nan, out)
        if own:
            collector.raise_if_any()
        return out

    def relative(self, years: np.ndarray, base_year: int, **kw) -> np.ndarray:
        """EF(t) / EF(base year) for each of ``years``."""
        values = self.values(np.r_[base_year, np.asarray(years, int)], **kw)
        with np.errstate(divide="ignore", invalid="ignore"):
            return values[1:] / values[0]


def read_grid_path(
    source: str | Path | pd.DataFrame,
    *,
    collector: ProblemCollector | None = None,
    required: bool = True,
) -> GridPath | None:
    """Read and check a grid EF path; problems to ``collector`` or raised at once."""
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    table = read_table(source, sheet="grid_ef", collector=collector, required=required)
    result = None
    if table is not None and check_columns(
        table,
        required=("year", "ef"),
        optional=("unit", "source", "note"),
        collector=collector,
        what_en="grid emission factor",
        what_th="ค่าการปล่อยก๊าซเรือนกระจกของไฟฟ้า (grid_ef)",
    ):
        cells = CellReader(table, collector)
        frame = drop_blank_rows(table.frame)
        years, values, rows = [], [], []
        for row in frame.index:
            year = cells.year(row, "year")
            value = cells.number(row, "ef", required=True, minimum=0.0)
            unit = frame.at[row, "unit"] or "kgCO2e/kWh"
            try:
                factor = conversion_factor(_unit_expr(unit), CANONICAL_UNIT)
            except UnitError:
                cells.add(
                    row,
                    "unit",
                    f"unit {unit!r} is not an emission factor per energy "
                    "(e.g. kgCO2e/kWh, tCO2e/MWh)",
                    f"หน่วย {unit!r} ไม่ใช่ค่าการปล่อยต่อพลังงาน (เช่น kgCO2e/kWh, tCO2e/MWh)",
                    unit,
                )
                continue
            if year is not None and value is not None:
                years.append(year)
                values.append(value * factor)
                rows.append(int(row))
        if not years and not collector:
            cells.add(None, None, "the grid EF table has no rows", "ตารางค่าการปล่อยของไฟฟ้าไม่มีข้อมูล")
        order = np.argsort(years, kind="stable")
        years_arr = np.asarray(years, int)[order]
        dup = np.flatnonzero(np.diff(years_arr) == 0)
        for i in dup:
            cells.add(
                np.asarray(rows)[order][i + 1],
                "year",
                f"two rows for {years_arr[i]}: keep one",
                f"มีสองแถวสำหรับปี {years_arr[i]}: ให้เหลือแถวเดียว",
            )
        if years:
            result = GridPath(
                years=years_arr,
                ef=np.asarray(values, float)[order],
                rows=np.asarray(rows)[order],
                file=table.file,
                sheet=table.sheet,
            )
    if own:
        collector.raise_if_any()
    return result


def grid_path(points: dict[int, float]) -> GridPath:
    """A path from {year: kgCO2e/kWh}, for code and tests."""
    years = np.array(sorted(points), int)
    return GridPath(
        years=years, ef=np.array([points[y] for y in years], float), rows=np.zeros(len(years))
    )
