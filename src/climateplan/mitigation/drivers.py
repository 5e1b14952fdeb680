"""Drivers of the business-as-usual projection: population, GPP, sector output, ...

A driver is a yearly series (population, gross provincial product, vehicle stock,
livestock heads, rice area, waste per person, electricity demand, ...). The
projection only uses its *index* relative to the base year, so a driver can be
given in any unit, or as pure growth rates.

Table format (CSV, or sheet ``drivers`` of a workbook), one rule per row::

    driver, year, value, growth_pct, elasticity, elasticity_to, interpolation, province,
    unit, source, note

Rules of a driver are read in year order; each row says what the driver is in its
year and how it moves until the next row of the same driver:

- ``value``: the level in that year (>= 0, in any unit);
- ``growth_pct``: from that year on, level(t) = level(t-1) x (1 + g/100);
- ``elasticity`` + ``elasticity_to``: from that year on, the driver grows as the
  other driver raised to the elasticity, level(t) = level(t-1) x
  (other(t)/other(t-1))^e, i.e. growth = (1 + g_other)^e - 1 (a constant-elasticity
  relation; e.g. electricity demand with elasticity 0.8 to GPP);
- two rows that give only values: the years between are interpolated,
  ``linear`` (default) or ``geometric`` (constant growth rate) per the
  ``interpolation`` cell of the earlier row.

A row may give a value *and* a rule (level in that year, then growth). A first
row with a rule and no value starts the series at 1 (an index). ``province``
(ISO code, blank = every province) lets one file hold drivers for many
provinces; a driver with rows for a province uses only those rows there.

A driver must cover every year the projection needs: years before its first
row, after a last row that gives only a value, or between a value-only row and a
next row without a value are gaps, reported as errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.mitigation._tables import (
    CellReader,
    RawTable,
    check_columns,
    drop_blank_rows,
    read_table,
)
from climateplan.reference import find_province

REQUIRED = ("driver", "year")
OPTIONAL = (
    "value",
    "growth_pct",
    "elasticity",
    "elasticity_to",
    "interpolation",
    "province",
    "unit",
    "source",
    "note",
)
INTERPOLATIONS = {"linear": "linear", "": "linear", "geometric": "geometric", "log": "geometric"}
CONSTANT = "constant"  # the built-in driver that never moves
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def driver_name(text: str) -> str:
    """Driver names are lower case with underscores ("Vehicle stock" -> "vehicle_stock")."""
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower())


@dataclass
class DriverTable:
    """Validated driver rules (one row per rule), ready to be turned into series."""

    rules: pd.DataFrame  # driver, province, year, value, growth, elasticity, elasticity_to,
    # interpolation, row
    file: str | None = None
    sheet: str | None = None
    warnings: list = field(default_factory=list)
    _names: list[str] | None = field(default=None, repr=False, compare=False)
    _groups: dict | None = field(default=None, repr=False, compare=False)

    @property
    def names(self) -> list[str]:
        if self._names is None:
            self._names = sorted(self.rules["driver"].unique())
        return self._names

    def groups(self) -> dict[tuple[str, str], list[dict]]:
        """Rules as plain records per (driver, province), in year order (built once)."""
        if self._groups is None:
            self._groups = {
                key: part.to_dict("records")
                for key, part in self.rules.groupby(["driver", "province"], sort=True)
            }
        return self._groups

    def location(self) -> dict:
        loc: dict = {"file": self.file}
        if self.sheet:
            loc["sheet"] = self.sheet
        return loc

    def levels(
        self,
        years: np.ndarray,
        *,
        province: str | None = None,
        collector: ProblemCollector | None = None,
    ) -> pd.DataFrame:
        """Driver levels for ``years`` (contiguous), one column per driver.

        Gaps and circular elasticities are reported to ``collector`` (raised at once
        when no collector is given); their columns are NaN.
        """
        own = collector is None
        collector = ProblemCollector() if collector is None else collector
        out = build_levels(self, np.asarray(years, int), province, collector)
        if own:
            collector.raise_if_any()
        return out


def read_drivers(
    source: str | Path | pd.DataFrame, *, collector: ProblemCollector | None = None
) -> DriverTable | None:
    """Read and validate a driver table (CSV, sheet ``drivers`` of an XLSX, or a DataFrame).

    Every problem goes to ``collector``; without one, they are raised at once as
    :class:`~climateplan.errors.InputError`.
    """
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    table = read_table(source, sheet="drivers", collector=collector)
    result = None
    if table is not None:
        result = _validate(table, collector)
    if own:
        collector.raise_if_any()
    return result


def _validate(table: RawTable, collector: ProblemCollector) -> DriverTable | None:
    if not check_columns(
        table,
        required=REQUIRED,
        optional=OPTIONAL,
        collector=collector,
        what_en="drivers",
        what_th="ตัวขับเคลื่อน (drivers)",
    ):
        return None
    frame = drop_blank_rows(table.frame)
    cells = CellReader(table, collector)
    if frame.empty:
        cells.add(None, None, "the drivers table has no rows", "ตารางตัวขับเคลื่อนไม่มีข้อมูล")
        return None
    records = []
    provinces: dict[str, str | None] = {}
    for row in frame.index:
        name = driver_name(frame.at[row, "driver"])
        if name == "":
            cells.add(row, "driver", "driver name is missing", "ไม่ได้ระบุชื่อตัวขับเคลื่อน")
        elif not _NAME.match(name) or name == CONSTANT:
            cells.add(
                row,
                "driver",
                f"driver name {frame.at[row, 'driver']!r} must start with a letter and use only "
                f"letters, digits and _ (and cannot be {CONSTANT!r}, which is built in)",
                f"ชื่อตัวขับเคลื่อน {frame.at[row, 'driver']!r} ต้องขึ้นต้นด้วยตัวอักษรภาษาอังกฤษ และใช้ได้เฉพาะ "
                f"ตัวอักษร ตัวเลข และ _ (และห้ามใช้ชื่อ {CONSTANT!r} ซึ่งมีอยู่แล้วในระบบ)",
                frame.at[row, "driver"],
            )
        year = cells.year(row, "year")
        value = cells.number(row, "value", minimum=0.0)
        growth = cells.number(row, "growth_pct", minimum=-100.0, unit=" %")
        elasticity = cells.number(row, "elasticity")
        other = driver_name(frame.at[row, "elasticity_to"])
        if elasticity is not None and other == "":
            cells.add(
                row,
                "elasticity_to",
                "an elasticity needs elasticity_to: the driver it is an elasticity to",
                "ค่าความยืดหยุ่น (elasticity) ต้องระบุ elasticity_to: ตัวขับเคลื่อนที่ใช้อ้างอิง",
            )
        if other != "" and frame.at[row, "elasticity"] == "":
            cells.add(
                row,
                "elasticity",
                "elasticity_to is given without an elasticity",
                "ระบุ elasticity_to แต่ไม่ได้ระบุค่าความยืดหยุ่น (elasticity)",
            )
        raw_cells = [frame.at[row, c] for c in ("value", "growth_pct", "elasticity")]
        if all(c == "" for c in raw_cells):
            cells.add(
                row,
                "value",
                "the row gives no value, growth_pct or elasticity: a blank value is a gap in the "
                "series (remove the row to interpolate between the rows around it)",
                "แถวนี้ไม่มี value, growth_pct หรือ elasticity: ค่าว่างคือช่องว่างในอนุกรม "
                "(ลบแถวนี้ออกหากต้องการประมาณค่าในช่วงระหว่างแถวก่อนและหลัง)",
            )
        if frame.at[row, "growth_pct"] != "" and frame.at[row, "elasticity"] != "":
            cells.add(
                row,
                "elasticity",
                "give either growth_pct or an elasticity in one row, not both",
                "ระบุ growth_pct หรือ elasticity อย่างใดอย่างหนึ่งในแถวเดียว ไม่ใช่ทั้งสองอย่าง",
            )
        interpolation = cells.choice(row, "interpolation", INTERPOLATIONS, default="linear")
        province = frame.at[row, "province"]
        code = None
        if province != "":
            if province not in provinces:
                try:
                    provinces[province] = str(find_province(province)["code"])
                except KeyError:
                    provinces[province] = None
            code = provinces[province]
            if code is None:
                cells.add(
                    row, "province", f"unknown province {province!r}", f"ไม่รู้จักจังหวัด {province!r}"
                )
        records.append(
            {
                "driver": name,
                "province": code or "",
                "year": year,
                "value": np.nan if value is None else value,
                "growth": np.nan if growth is None else growth / 100.0,
                "elasticity": np.nan if elasticity is None else elasticity,
                "elasticity_to": other,
                "interpolation": interpolation or "linear",
                "row": int(row),
            }
        )
    rules = pd.DataFrame(records)
    if rules["year"].isna().any():
        rules = rules.loc[rules["year"].notna()]
    rules["year"] = rules["year"].astype(int)
    dup = rules.duplicated(["driver", "province", "year"], keep="first")
    for _, rec in rules.loc[dup].iterrows():
        cells.add(
            rec["row"],
            "year",
            f"driver {rec['driver']!r} has two rows for {rec['year']}: keep one",
            f"ตัวขับเคลื่อน {rec['driver']!r} มีสองแถวสำหรับปี {rec['year']}: ให้เหลือแถวเดียว",
        )
    known = set(rules["driver"]) | {CONSTANT}
    for _, rec in rules.loc[rules["elasticity_to"] != ""].iterrows():
        if rec["elasticity_to"] not in known:
            cells.add(
                rec["row"],
                "elasticity_to",
                f"elasticity_to names an unknown driver {rec['elasticity_to']!r} "
                f"(drivers in this table: {', '.join(sorted(set(rules['driver'])))})",
                f"elasticity_to อ้างถึงตัวขับเคลื่อนที่ไม่มีในตาราง {rec['elasticity_to']!r}",
            )
    rules = rules.sort_values(["driver", "province", "year"]).reset_index(drop=True)
    # a value-only row followed by a row without a value leaves the years between undefined
    for (_name, _prov), part in rules.groupby(["driver", "province"], sort=False):
        has_rule = part["growth"].notna() | part["elasticity"].notna()
        values = part["value"].notna().to_numpy()
        for i in range(len(part) - 1):
            if values[i] and not has_rule.iloc[i] and not values[i + 1]:
                nxt = part.iloc[i + 1]
                cells.add(
                    nxt["row"],
                    "value",
                    f"driver {nxt['driver']!r}: the row of {part.iloc[i]['year']} gives only a "
                    "value "
                    f"and this row ({nxt['year']}) gives no value, so the years between are a gap: "
                    "give a value here or a growth_pct in the earlier row",
                    f"ตัวขับเคลื่อน {nxt['driver']!r}: แถวปี {part.iloc[i]['year']} มีเพียงค่า value "
                    f"และแถวนี้ (ปี {nxt['year']}) ไม่มีค่า value จึงเกิดช่องว่างในช่วงปีระหว่างกัน: "
                    "ให้ใส่ value ในแถวนี้ หรือใส่ growth_pct ในแถวก่อนหน้า",
                )
    return DriverTable(rules=rules, file=table.file, sheet=table.sheet)


def _rules_for(table: DriverTable, province: str | None) -> dict[str, list[dict]]:
    """Rules per driver for one province (its own rows win over the all-province rows)."""
    groups = table.groups()
    out: dict[str, list[dict]] = {}
    for name in table.names:
        own = groups.get((name, province or "")) if province else None
        rules = own or groups.get((name, ""))
        if rules:
            out[name] = rules
    return out


def build_levels(
    table: DriverTable, years: np.ndarray, province: str | None, collector: ProblemCollector
) -> pd.DataFrame:
    """Yearly levels of every driver over ``years`` (see module docstring for the rules)."""
    rules = _rules_for(table, province)
    loc = table.location()
    first_needed, last_needed = int(years.min()), int(years.max())
    span_start = min([first_needed, *(int(p[0]["year"]) for p in rules.values())])
    span_end = max([last_needed, *(int(p[-1]["year"]) for p in rules.values())])
    span = np.arange(span_start, span_end + 1)
    levels: dict[str, np.ndarray] = {}
    state: dict[str, str] = {}
    cyclic: set[str] = set()
    # driver -> (the driver it has an elasticity to, the year that one fell to zero)
    fell_to_zero: dict[str, tuple[str, int]] = {}

    def compute(name: str, chain: tuple[str, ...]) -> np.ndarray:
        if name in levels:
            return levels[name]
        if name == CONSTANT:
            return np.ones(len(span))
        if state.get(name) == "busy":
            cyclic.update((*chain, name))
            cycle = " -> ".join((*chain, name))
            row = int(rules[name][0]["row"])
            collector.add(
                f"drivers refer to each other through elasticities in a circle ({cycle})",
                f"ตัวขับเคลื่อนอ้างอิงกันเป็นวงผ่านค่าความยืดหยุ่น ({cycle})",
                row=row,
                column="elasticity_to",
                **loc,
            )
            return np.full(len(span), np.nan)
        state[name] = "busy"
        series = _series(name, rules[name], span, compute, (*chain, name), fell_to_zero)
        state[name] = "done"
        levels[name] = series
        return series

    for name in rules:
        compute(name, ())
    first_pos = first_needed - span_start
    needed = {name: values[first_pos : first_pos + len(years)] for name, values in levels.items()}
    for name, values in needed.items():
        missing = years[np.isnan(values)]
        if len(missing) == 0 or name in cyclic:
            continue
        part = rules[name]
        spans = _runs(missing)
        text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)
        where = f" ({province})" if province else ""
        if name in fell_to_zero and fell_to_zero[name][1] < missing[0]:
            other, year = fell_to_zero[name]
            collector.add(
                f"driver {name!r}{where} grows with an elasticity to {other!r}, and {other!r} "
                f"falls to zero in {year}: growth from zero is undefined, so {name!r} has no "
                f"value for {text}; keep {other!r} above zero, or give {name!r} its own value "
                f"or growth_pct from {year + 1}",
                f"ตัวขับเคลื่อน {name!r}{where} เติบโตตามค่าความยืดหยุ่นต่อ {other!r} แต่ {other!r} "
                f"ลดลงเป็นศูนย์ในปี {year} (พ.ศ. {year + 543}): คำนวณการเติบโตจากศูนย์ไม่ได้ "
                f"{name!r} จึงไม่มีค่าสำหรับปี {text}; ให้ {other!r} มีค่ามากกว่าศูนย์ "
                f"หรือระบุ value หรือ growth_pct ของ {name!r} เองตั้งแต่ปี {year + 1}",
                row=int(next(r["row"] for r in reversed(part) if r["year"] <= year)),
                column="elasticity_to",
                **loc,
            )
            continue
        collector.add(
            f"driver {name!r}{where} has no value for {text}: the series has a gap; add a row with "
            "a value, or a growth_pct or elasticity in the row before",
            f"ตัวขับเคลื่อน {name!r}{where} ไม่มีค่าสำหรับปี {text}: อนุกรมมีช่องว่าง ให้เพิ่มแถวที่มี value "
            "หรือใส่ growth_pct หรือ elasticity ในแถวก่อนหน้า",
            row=int(part[-1]["row"] if missing[0] > part[0]["year"] else part[0]["row"]),
            column="year",
            **loc,
        )
    return pd.DataFrame(needed, index=years)


def _runs(values: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive runs of integers: [2031, 2032, 2035] -> [(2031, 2032), (2035, 2035)]."""
    breaks = np.flatnonzero(np.diff(values) != 1)
    starts = np.r_[values[0], values[breaks + 1]]
    ends = np.r_[values[breaks], values[-1]]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _series(
    name, records: list[dict], span: np.ndarray, compute, chain, fell_to_zero: dict
) -> np.ndarray:
    level = np.full(len(span), np.nan)
    first = int(span[0])
    for i, rule in enumerate(records):
        start = int(rule["year"]) - first
        if not np.isnan(rule["value"]):
            level[start] = rule["value"]
        elif i == 0:
            level[start] = 1.0  # growth-only driver: an index starting at 1
        # else: the previous rule carried the level into this year
        end = (int(records[i + 1]["year"]) if i + 1 < len(records) else int(span[-1])) - first
        if end <= start or np.isnan(level[start]):
            continue
        steps = np.arange(1, end - start + 1)
        if not np.isnan(rule["growth"]):
            level[start + 1 : end + 1] = level[start] * (1.0 + rule["growth"]) ** steps
        elif not np.isnan(rule["elasticity"]):
            other = compute(rule["elasticity_to"], chain)
            zero = np.flatnonzero(other[start:end] == 0)
            if zero.size and name not in fell_to_zero:
                fell_to_zero[name] = (rule["elasticity_to"], first + start + int(zero[0]))
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = other[start + 1 : end + 1] / other[start:end]
                growth = np.cumprod(ratio ** rule["elasticity"])
            growth[~np.isfinite(growth)] = np.nan
            level[start + 1 : end + 1] = level[start] * growth
        elif i + 1 < len(records) and not np.isnan(records[i + 1]["value"]):
            target = records[i + 1]["value"]
            fraction = steps / (end - start)
            if rule["interpolation"] == "geometric" and level[start] > 0 and target > 0:
                level[start + 1 : end + 1] = level[start] * (target / level[start]) ** fraction
            else:
                level[start + 1 : end + 1] = level[start] + (target - level[start]) * fraction
    return level


def growth_drivers(
    rates_pct: dict[str, float], base_year: int, *, elasticities: dict | None = None
) -> DriverTable:
    """A driver table of constant growth rates from ``base_year`` (for code and tests).

    ``elasticities``: {driver: (other_driver, elasticity)}.
    """
    rows = [
        {"driver": name, "year": str(base_year), "growth_pct": repr(float(rate))}
        for name, rate in rates_pct.items()
    ]
    for name, (other, e) in (elasticities or {}).items():
        rows.append(
            {
                "driver": name,
                "year": str(base_year),
                "elasticity": repr(float(e)),
                "elasticity_to": other,
            }
        )
    frame = pd.DataFrame(rows).fillna("")
    result = read_drivers(frame)
    assert result is not None
    return result
