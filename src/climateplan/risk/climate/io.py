"""Open and validate CF-convention daily climate NetCDF files as ensemble members.

A *member* is one model run of one scenario. It may come from several files (CMIP
writes one variable per file and splits long runs by years) or share a file with other
members (a ``realization`` or ``model`` dimension). Each file's global attributes name
its model (``source_id``, ``model_id``, ``model``; else the file name) and scenario
(``experiment_id``, ``scenario``; else the label the caller gives, ``historical`` by
default).

Validation reads only metadata and one time step per variable, collects every problem
of every file (missing variable, unknown or wrong units, missing or non-monotonic
coordinates, a grid that does not cover the zones, gaps in time, a period outside the
data) and raises them together as one :class:`~climateplan.errors.InputError` with
Thai and English messages. Nothing is computed or written before validation passes.

Values are converted once, at the edge, to degC (temperatures), mm/day (precipitation)
and % (relative humidity) with xclim's pint-based unit utilities; the conversion is kept
as a linear ``scale``/``offset`` pair so that reading a block of cells applies it in
one vectorised step.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import xarray as xr

from climateplan.errors import InputError, ProblemCollector

CANONICAL_UNITS = {"tasmax": "degC", "tasmin": "degC", "tas": "degC", "pr": "mm/d", "hurs": "%"}
PLAUSIBLE_RANGE = {  # after conversion; outside this a unit label is almost surely wrong
    "tasmax": (-40.0, 65.0),
    "tasmin": (-40.0, 65.0),
    "tas": (-40.0, 65.0),
    "pr": (0.0, 2000.0),
    "hurs": (0.0, 105.0),
}
LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "longitude")
MEMBER_DIMS = ("realization", "model", "member")
MODEL_ATTRS = ("source_id", "model_id", "model", "driving_model_id")
SCENARIO_ATTRS = ("experiment_id", "scenario", "experiment")
# Files written by climateplan's synthetic generator carry this global attribute (older
# ones are recognised by their `source`); their indices are labelled synthetic.
SYNTHETIC_ATTR = "climateplan_synthetic"
SYNTHETIC_SOURCE = "climateplan.risk.climate.synthetic"


def is_synthetic(attrs: dict) -> bool:
    """True for a file from climateplan's synthetic generator (global attributes)."""
    flag = str(attrs.get(SYNTHETIC_ATTR, "")).strip().lower()
    return flag in ("1", "true", "yes") or str(attrs.get("source", "")) == SYNTHETIC_SOURCE


HISTORICAL = "historical"
DAYNUM_REFERENCE = "days since 1850-01-01"
_TIME_UNIT_DAYS = {"day": 1.0, "hour": 1 / 24, "minute": 1 / 1440, "second": 1 / 86400}
_READ_LOCK = threading.Lock()


@dataclass(frozen=True, order=True)
class Period:
    """Whole calendar years ``start``..``end`` (inclusive); label ``"1985-2014"``."""

    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def years(self) -> int:
        return self.end - self.start + 1

    def __str__(self) -> str:
        return self.label


_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–:/]\s*(\d{4})\s*$")


def parse_periods(text: str | list[str] | list[Period]) -> list[Period]:
    """``"1985-2014,2021-2050"`` -> periods. Bad entries raise one InputError listing all."""
    items = text.split(",") if isinstance(text, str) else list(text)
    problems = ProblemCollector()
    periods: list[Period] = []
    for item in items:
        if isinstance(item, Period):
            periods.append(item)
            continue
        match = _PERIOD.match(str(item))
        if not match:
            problems.add(
                f"period {item!r} is not of the form START-END with four-digit years, "
                "e.g. 1985-2014",
                f"ช่วงเวลา {item!r} ไม่อยู่ในรูป ปีเริ่ม-ปีสิ้นสุด (ค.ศ. สี่หลัก) เช่น 1985-2014",
                column="periods",
                value=str(item),
            )
            continue
        start, end = int(match[1]), int(match[2])
        if end < start:
            problems.add(
                f"period {item!r} ends before it starts",
                f"ช่วงเวลา {item!r} ปีสิ้นสุดอยู่ก่อนปีเริ่มต้น",
                column="periods",
                value=str(item),
            )
            continue
        periods.append(Period(start, end))
    if not periods and not problems:
        problems.add("no period given", "ไม่ได้ระบุช่วงเวลา", column="periods")
    problems.raise_if_any()
    return periods


@dataclass(frozen=True)
class Conversion:
    """value_canonical = value_file * scale + offset."""

    unit: str
    scale: float
    offset: float


@dataclass(frozen=True)
class VariablePiece:
    """One file's contribution of one variable to a member's time axis."""

    path: str
    name: str  # the variable's name in the file
    selector: tuple[tuple[str, int], ...]  # member dimension index, e.g. (("realization", 2),)
    member_start: int  # position of the file's first time step on the member's time axis
    length: int
    conversion: Conversion
    lat_name: str
    lon_name: str
    dims: tuple[str, ...]


@dataclass
class ClimateMember:
    """One ensemble member: a model run of one scenario, lazily readable by blocks.

    ``lat``/``lon`` are in file order (a descending latitude axis stays descending);
    ``year``/``month``/``dayofyear`` describe every day of the member's time axis.
    """

    model: str
    scenario: str
    calendar: str
    lat: np.ndarray
    lon: np.ndarray
    time: xr.CFTimeIndex
    daynum: np.ndarray  # days since 1850-01-01 in the member's calendar, one per time step
    pieces: dict[str, list[VariablePiece]] = field(default_factory=dict)
    synthetic: bool = False  # from climateplan's synthetic generator: not climate data

    @property
    def key(self) -> tuple[str, str]:
        return (self.model, self.scenario)

    @property
    def files(self) -> list[str]:
        return sorted({p.path for pieces in self.pieces.values() for p in pieces})

    @property
    def variables(self) -> list[str]:
        return sorted(self.pieces)

    @cached_property
    def year(self) -> np.ndarray:
        return np.asarray(self.time.year)

    @cached_property
    def month(self) -> np.ndarray:
        return np.asarray(self.time.month)

    @cached_property
    def day(self) -> np.ndarray:
        return np.asarray(self.time.day)

    @cached_property
    def dayofyear(self) -> np.ndarray:
        return np.asarray(self.time.dayofyear)

    def time_index(self, year: int, month: int = 1, day: int = 1) -> int | None:
        """Position of a date on the time axis, or None when absent."""
        pos = np.flatnonzero((self.year == year) & (self.month == month) & (self.day == day))
        return int(pos[0]) if pos.size else None

    def period_slice(self, period: Period) -> tuple[int, int] | None:
        """[start, stop) of the period's days, or None when the data do not cover it all."""
        start = self.time_index(period.start, 1, 1)
        last_month = 12
        last_day = 30 if self.calendar == "360_day" else 31
        end = self.time_index(period.end, last_month, last_day)
        if start is None or end is None:
            return None
        expected = _days_between(period, self.calendar)
        if end - start + 1 != expected:
            return None
        return start, end + 1

    def read(
        self,
        variable: str,
        time: tuple[int, int],
        rows: tuple[int, int],
        cols: tuple[int, int],
    ) -> np.ndarray:
        """Values (time, rows, cols) in canonical units, float32, read from the files."""
        t0, t1 = time
        out = np.empty((t1 - t0, rows[1] - rows[0], cols[1] - cols[0]), np.float32)
        covered = np.zeros(t1 - t0, dtype=bool)
        for piece in self.pieces[variable]:
            a = max(t0, piece.member_start)
            b = min(t1, piece.member_start + piece.length)
            if a >= b:
                continue
            # netCDF-C and HDF5 are not thread-safe: one read at a time per process.
            with _READ_LOCK, xr.open_dataset(piece.path, decode_times=False, cache=False) as ds:
                da = ds[piece.name]
                indexer = dict(piece.selector)
                indexer[_time_dim(da)] = slice(a - piece.member_start, b - piece.member_start)
                indexer[piece.lat_name] = slice(*rows)
                indexer[piece.lon_name] = slice(*cols)
                da = da.isel(indexer)
                da = da.squeeze(
                    [d for d in da.dims if d not in (_time_dim(da), piece.lat_name, piece.lon_name)]
                )
                values = da.transpose(_time_dim(da), piece.lat_name, piece.lon_name).values
            conv = piece.conversion
            target = out[a - t0 : b - t0]
            # In place, in float32 (the same arithmetic as ClimateMember.dataset).
            np.multiply(values, np.float32(conv.scale), out=target, casting="unsafe")
            if conv.offset != 0.0:
                np.add(target, np.float32(conv.offset), out=target)
            covered[a - t0 : b - t0] = True
        out[~covered] = np.nan
        return out

    def dataset(self, variables: list[str] | None = None, chunks: dict | None = None) -> xr.Dataset:
        """The member as a lazy (dask) Dataset with dims time, lat, lon in canonical units."""
        variables = variables or self.variables
        data = {}
        for variable in variables:
            parts = []
            for piece in self.pieces[variable]:
                ds = xr.open_dataset(piece.path, chunks=chunks or {}, decode_times=False)
                da = ds[piece.name].isel(dict(piece.selector))
                tdim = _time_dim(da)
                da = da.rename({tdim: "time", piece.lat_name: "lat", piece.lon_name: "lon"})
                da = da.squeeze([d for d in da.dims if d not in ("time", "lat", "lon")], drop=True)
                da = da.transpose("time", "lat", "lon").drop_vars(
                    [c for c in da.coords if c not in ("lat", "lon")]
                )
                conv = piece.conversion
                da = (da * conv.scale + conv.offset).astype(np.float32)
                da = da.assign_coords(
                    time=self.time[piece.member_start : piece.member_start + piece.length]
                )
                parts.append(da)
            merged = xr.concat(parts, dim="time") if len(parts) > 1 else parts[0]
            merged.attrs = {"units": CANONICAL_UNITS[variable]}
            data[variable] = merged
        ds = xr.Dataset(data)
        ds = ds.assign_coords(lat=("lat", self.lat), lon=("lon", self.lon))
        return ds


def decode_time(var: xr.DataArray) -> tuple[xr.CFTimeIndex, np.ndarray]:
    """CF time numbers -> (cftime dates, days since 1850-01-01 in the variable's calendar).

    Day numbers come from one conversion of the units' origin plus a scaled copy of the
    raw numbers (decoding every date twice would cost seconds on a century of days).
    """
    import cftime

    units = var.attrs.get("units")
    calendar = var.attrs.get("calendar", "standard")
    if not units or " since " not in units:
        raise ValueError(f"time units {units!r} are not of the form '<unit> since <date>'")
    raw = np.atleast_1d(np.asarray(var.values, dtype=np.float64))
    dates = cftime.num2date(raw, units, calendar, only_use_cftime_datetimes=True)
    word = units.split(" since ")[0].strip().lower().rstrip("s")
    if word not in _TIME_UNIT_DAYS:
        raise ValueError(f"time unit {word!r} not supported")
    origin = cftime.num2date(0.0, units, calendar, only_use_cftime_datetimes=True)
    offset = float(cftime.date2num(origin, DAYNUM_REFERENCE, calendar))
    return xr.CFTimeIndex(dates), raw * _TIME_UNIT_DAYS[word] + offset


def _days_between(period: Period, calendar: str) -> int:
    """Days in the period's years in a CF calendar (arithmetic: no date objects)."""
    years = np.arange(period.start, period.end + 1)
    fixed = {"360_day": 360, "noleap": 365, "365_day": 365, "all_leap": 366, "366_day": 366}
    if calendar in fixed:
        return fixed[calendar] * years.size
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    if calendar == "julian":
        leap = years % 4 == 0
    return int(365 * years.size + leap.sum())


def _time_dim(da: xr.DataArray) -> str:
    for dim in da.dims:
        if dim.lower() in ("time", "t"):
            return dim
    return da.dims[0]


def unit_conversion(units: str | None, variable: str) -> Conversion:
    """Scale/offset from a file's ``units`` attribute to the canonical unit (xclim + pint).

    Raises ValueError naming the unit when it is unknown or of the wrong kind.
    """
    from xclim.core.units import convert_units_to

    if not units:
        raise ValueError("no units attribute")
    target = CANONICAL_UNITS[variable]
    probe = xr.DataArray(np.array([0.0, 1.0]), dims="x", attrs={"units": units})
    try:
        converted = convert_units_to(probe, target, context="hydro")
    except Exception as exc:  # pint and xclim raise several types for bad or wrong units
        raise ValueError(f"cannot convert {units!r} to {target}: {exc}") from exc
    values = np.asarray(converted.values, dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"cannot convert {units!r} to {target}")
    return Conversion(unit=target, scale=float(values[1] - values[0]), offset=float(values[0]))


def _find_coord(ds: xr.Dataset, names: tuple[str, ...]) -> str | None:
    lower = {str(name).lower(): str(name) for name in list(ds.coords) + list(ds.dims)}
    for name in names:
        if name in lower:
            return lower[name]
    for name, var in ds.variables.items():
        if var.attrs.get("standard_name") in ("latitude",) and names == LAT_NAMES:
            return str(name)
        if var.attrs.get("standard_name") in ("longitude",) and names == LON_NAMES:
            return str(name)
    return None


def cell_edges(centres: np.ndarray) -> np.ndarray:
    """Edges of cells from their centres (midpoints; half a spacing beyond the ends)."""
    c = np.asarray(centres, dtype=float)
    if c.size == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = (c[1:] + c[:-1]) / 2
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


@dataclass
class _FileInfo:
    path: str
    model: str
    scenario: str
    calendar: str
    lat: np.ndarray
    lon: np.ndarray
    lat_name: str
    lon_name: str
    time: xr.CFTimeIndex
    daynum: np.ndarray
    member_labels: list[tuple[str, tuple[tuple[str, int], ...]]]  # (model, selector)
    variables: dict[str, tuple[str, Conversion, tuple[str, ...]]]
    synthetic: bool = False


def _inspect_file(path: str, scenario_default: str, problems: ProblemCollector) -> _FileInfo | None:
    n_before = len(problems.problems)
    try:
        ds = xr.open_dataset(path, decode_times=False, cache=False)
    except FileNotFoundError:
        problems.add("file not found", "ไม่พบไฟล์", file=path)
        return None
    except Exception as exc:  # any reader error: not a NetCDF file, bad time units, ...
        problems.add(
            f"cannot read as NetCDF: {exc}",
            f"อ่านเป็นไฟล์ NetCDF ไม่ได้: {exc}",
            file=path,
        )
        return None
    with ds:
        lat_name = _find_coord(ds, LAT_NAMES)
        lon_name = _find_coord(ds, LON_NAMES)
        lat = lon = None
        for name, label, label_th in (
            (lat_name, "latitude", "ละติจูด"),
            (lon_name, "longitude", "ลองจิจูด"),
        ):
            if name is None:
                problems.add(
                    f"no {label} coordinate (expected a variable named "
                    f"{'lat or latitude' if label == 'latitude' else 'lon or longitude'})",
                    f"ไม่มีพิกัด{label_th} (ต้องมีตัวแปรชื่อ "
                    f"{'lat หรือ latitude' if label == 'latitude' else 'lon หรือ longitude'})",
                    file=path,
                    column=label,
                )
                continue
            values = np.asarray(ds[name].values, dtype=float)
            if values.ndim != 1:
                problems.add(
                    f"coordinate {name!r} must be one-dimensional (a regular lat/lon grid), "
                    f"found {values.ndim} dimensions",
                    f"พิกัด {name!r} ต้องเป็นหนึ่งมิติ (กริดละติจูด/ลองจิจูดปกติ) แต่พบ {values.ndim} มิติ",
                    file=path,
                    column=name,
                )
                continue
            steps = np.diff(values)
            if values.size > 1 and not (np.all(steps > 0) or np.all(steps < 0)):
                bad = int(np.flatnonzero(~(steps * np.sign(steps[0]) > 0))[0]) + 1
                problems.add(
                    f"coordinate {name!r} is not strictly monotonic (position {bad}, value "
                    f"{values[bad]:g} after {values[bad - 1]:g})",
                    f"พิกัด {name!r} ไม่เรียงลำดับอย่างเคร่งครัด (ตำแหน่ง {bad} ค่า {values[bad]:g} "
                    f"ต่อจาก {values[bad - 1]:g})",
                    file=path,
                    column=name,
                )
                continue
            if not np.all(np.isfinite(values)):
                problems.add(
                    f"coordinate {name!r} has missing values",
                    f"พิกัด {name!r} มีค่าว่าง",
                    file=path,
                    column=name,
                )
                continue
            if label == "latitude":
                lat = values
            else:
                lon = values
        time = None
        if "time" not in ds.variables:
            problems.add(
                "no time coordinate (expected a variable named time)",
                "ไม่มีพิกัดเวลา (ต้องมีตัวแปรชื่อ time)",
                file=path,
                column="time",
            )
        else:
            try:
                time, daynum = decode_time(ds["time"])
            except Exception as exc:  # undecodable times
                problems.add(
                    f"cannot decode the time coordinate: {exc}",
                    f"แปลงค่าพิกัดเวลาไม่ได้: {exc}",
                    file=path,
                    column="time",
                )
            if time is not None:
                steps = np.diff(daynum)
                if np.any(steps <= 0):
                    bad = int(np.flatnonzero(steps <= 0)[0]) + 1
                    problems.add(
                        f"time is not strictly increasing (step {bad}: {time[bad]} after "
                        f"{time[bad - 1]})",
                        f"เวลาไม่เรียงจากน้อยไปมาก (ลำดับ {bad}: {time[bad]} ต่อจาก {time[bad - 1]})",
                        file=path,
                        column="time",
                    )
                    time = None
                elif np.any(np.abs(steps - 1.0) > 1e-6) and time.size > 1:
                    bad = int(np.flatnonzero(np.abs(steps - 1.0) > 1e-6)[0]) + 1
                    problems.add(
                        f"time steps must be daily without gaps (step {bad}: {time[bad - 1]} -> "
                        f"{time[bad]})",
                        f"ข้อมูลต้องเป็นรายวันต่อเนื่องไม่ขาดหาย (ลำดับ {bad}: "
                        f"{time[bad - 1]} -> {time[bad]})",
                        file=path,
                        column="time",
                    )
                    time = None
        calendar = time.calendar if time is not None else "standard"
        model = next((str(ds.attrs[a]) for a in MODEL_ATTRS if ds.attrs.get(a)), Path(path).stem)
        synthetic = is_synthetic(ds.attrs)
        scenario = next(
            (str(ds.attrs[a]) for a in SCENARIO_ATTRS if ds.attrs.get(a)), scenario_default
        )
        member_dim = next((d for d in ds.dims if str(d).lower() in MEMBER_DIMS), None)
        if member_dim is None:
            member_labels = [(model, ())]
        else:
            coord = ds[member_dim].values if member_dim in ds.coords else None
            member_labels = []
            for i in range(ds.sizes[member_dim]):
                label = (
                    str(coord[i])
                    if coord is not None and coord.dtype.kind in "OUS"
                    else f"{model}-{i + 1}"
                )
                member_labels.append((label, ((str(member_dim), i),)))
        variables = {}
        known_dims = {lat_name, lon_name, member_dim, "time"}
        for variable in CANONICAL_UNITS:
            if variable not in ds.data_vars:
                continue
            da = ds[variable]
            extra = [d for d in da.dims if d not in known_dims and da.sizes[d] > 1]
            if extra or lat_name not in da.dims or lon_name not in da.dims or "time" not in da.dims:
                problems.add(
                    f"variable {variable!r} has dimensions {tuple(da.dims)}; expected time, "
                    f"{lat_name or 'lat'}, {lon_name or 'lon'} (and optionally realization/model)",
                    f"ตัวแปร {variable!r} มีมิติ {tuple(da.dims)} แต่ต้องเป็น time, "
                    f"{lat_name or 'lat'}, {lon_name or 'lon'} (และ realization/model ได้)",
                    file=path,
                    column=variable,
                )
                continue
            units = da.attrs.get("units")
            try:
                conversion = unit_conversion(units, variable)
            except ValueError:
                problems.add(
                    f"variable {variable!r} has unknown or unsuitable units {units!r}; expected "
                    f"units convertible to {CANONICAL_UNITS[variable]} (e.g. "
                    f"{_unit_examples(variable)})",
                    f"ตัวแปร {variable!r} มีหน่วย {units!r} ที่ไม่รู้จักหรือไม่เหมาะสม ต้องเป็นหน่วยที่แปลงเป็น "
                    f"{CANONICAL_UNITS[variable]} ได้ (เช่น {_unit_examples(variable)})",
                    file=path,
                    column=variable,
                    value=str(units),
                )
                continue
            sample = da.isel({"time": 0} if "time" in da.dims else {})
            values = np.asarray(sample.values, dtype=float) * conversion.scale + conversion.offset
            finite = values[np.isfinite(values)]
            low, high = PLAUSIBLE_RANGE[variable]
            if finite.size and not (low <= np.median(finite) <= high):
                problems.add(
                    f"variable {variable!r}: values of the first day (median "
                    f"{np.median(finite):.4g} {conversion.unit} after converting from {units!r}) "
                    f"are implausible; is the units attribute right?",
                    f"ตัวแปร {variable!r}: ค่าของวันแรก (มัธยฐาน {np.median(finite):.4g} "
                    f"{conversion.unit} หลังแปลงจาก {units!r}) ไม่สมเหตุสมผล "
                    "โปรดตรวจสอบแอตทริบิวต์ units",
                    file=path,
                    column=variable,
                    value=str(units),
                )
                continue
            variables[variable] = (variable, conversion, tuple(str(d) for d in da.dims))
        if not variables and len(problems.problems) == n_before:
            problems.add(
                f"no climate variable found; expected some of {', '.join(CANONICAL_UNITS)}",
                f"ไม่พบตัวแปรภูมิอากาศ ต้องมีอย่างน้อยหนึ่งใน {', '.join(CANONICAL_UNITS)}",
                file=path,
            )
    if lat is None or lon is None or time is None:
        return None
    daynum = np.round(daynum, 6)
    return _FileInfo(
        path=path,
        model=model,
        scenario=scenario,
        calendar=calendar,
        lat=lat,
        lon=lon,
        lat_name=lat_name,
        lon_name=lon_name,
        time=time,
        daynum=daynum,
        member_labels=member_labels,
        variables=variables,
        synthetic=synthetic,
    )


def _unit_examples(variable: str) -> str:
    if variable == "pr":
        return "kg m-2 s-1, mm/day, mm d-1"
    if variable == "hurs":
        return "%, 1"
    return "K, degC"


def open_members(
    paths: list[str | Path],
    scenario: str | None = None,
) -> list[ClimateMember]:
    """Inspect files and group them into ensemble members (validating what a file alone can).

    Files with the same model and scenario are joined: their variables are merged and
    their time ranges concatenated. Raises :class:`InputError` with every problem found.
    """
    problems = ProblemCollector()
    infos = [_inspect_file(str(p), scenario or HISTORICAL, problems) for p in paths]
    if not paths:
        problems.add("no climate file given", "ไม่ได้ระบุไฟล์ข้อมูลภูมิอากาศ")
    grouped: dict[tuple[str, str], list[tuple[_FileInfo, tuple]]] = {}
    for info in infos:
        if info is None:
            continue
        for label, selector in info.member_labels:
            scen = scenario or info.scenario
            grouped.setdefault((label, scen), []).append((info, selector))
    members = []
    for (model, scen), entries in sorted(grouped.items()):
        member = _assemble_member(model, scen, entries, problems)
        if member is not None:
            members.append(member)
    problems.raise_if_any()
    return members


def _assemble_member(model, scenario, entries, problems) -> ClimateMember | None:
    first = entries[0][0]
    ok = True
    for info, _ in entries[1:]:
        if info.calendar != first.calendar:
            problems.add(
                f"calendar {info.calendar!r} differs from {first.calendar!r} of {first.path} "
                f"(same model {model!r} and scenario {scenario!r})",
                f"ปฏิทิน {info.calendar!r} ต่างจาก {first.calendar!r} ของ {first.path} "
                f"(แบบจำลอง {model!r} ฉากทัศน์ {scenario!r} เดียวกัน)",
                file=info.path,
                column="time",
            )
            ok = False
        if (
            info.lat.shape != first.lat.shape
            or info.lon.shape != first.lon.shape
            or not (np.allclose(info.lat, first.lat) and np.allclose(info.lon, first.lon))
        ):
            problems.add(
                f"grid differs from the grid of {first.path} (same model {model!r} and "
                f"scenario {scenario!r})",
                f"กริดต่างจากกริดของ {first.path} (แบบจำลอง {model!r} ฉากทัศน์ {scenario!r} เดียวกัน)",
                file=info.path,
            )
            ok = False
    if not ok:
        return None
    # The member's time axis: the union of all files' days, which must not overlap per variable.
    all_days, first_pos = np.unique(
        np.concatenate([info.daynum for info, _ in entries]), return_index=True
    )
    all_dates = np.concatenate([np.asarray(info.time) for info, _ in entries])
    time = xr.CFTimeIndex(all_dates[first_pos])
    pieces: dict[str, list[VariablePiece]] = {}
    for info, selector in sorted(entries, key=lambda e: e[0].daynum[0]):
        start = int(np.searchsorted(all_days, info.daynum[0]))
        for variable, (name, conversion, dims) in info.variables.items():
            existing = pieces.setdefault(variable, [])
            for other in existing:
                if start < other.member_start + other.length and other.member_start < start + len(
                    info.time
                ):
                    problems.add(
                        f"variable {variable!r} of model {model!r}, scenario {scenario!r} overlaps "
                        f"in time with {other.path}",
                        f"ตัวแปร {variable!r} ของแบบจำลอง {model!r} ฉากทัศน์ {scenario!r} "
                        f"มีช่วงเวลาซ้อนกับ {other.path}",
                        file=info.path,
                        column=variable,
                    )
                    ok = False
            existing.append(
                VariablePiece(
                    path=info.path,
                    name=name,
                    selector=selector,
                    member_start=start,
                    length=len(info.time),
                    conversion=conversion,
                    lat_name=info.lat_name,
                    lon_name=info.lon_name,
                    dims=dims,
                )
            )
    if not ok:
        return None
    return ClimateMember(
        model=model,
        scenario=scenario,
        calendar=first.calendar,
        lat=first.lat,
        lon=first.lon,
        time=time,
        daynum=all_days,
        pieces=pieces,
        synthetic=any(info.synthetic for info, _ in entries),
    )


def check_members(
    members: list[ClimateMember],
    periods: list[Period],
    baseline: Period,
    variables: set[str],
    bounds: tuple[float, float, float, float],
) -> None:
    """Check what needs the whole request: variables present, coverage, periods in the data.

    ``bounds`` = (lon_min, lat_min, lon_max, lat_max) of the zones. Raises InputError.
    """
    problems = ProblemCollector()
    lon_min, lat_min, lon_max, lat_max = bounds
    for member in members:
        where = {"file": ", ".join(member.files)}
        label = f"model {member.model!r}, scenario {member.scenario!r}"
        label_th = f"แบบจำลอง {member.model!r} ฉากทัศน์ {member.scenario!r}"
        for variable in sorted(variables - set(member.pieces)):
            problems.add(
                f"{label}: variable {variable!r} is missing (needed by the requested indices)",
                f"{label_th}: ไม่มีตัวแปร {variable!r} (ดัชนีที่ขอต้องใช้)",
                column=variable,
                **where,
            )
        lat_edges = np.sort(cell_edges(member.lat))
        lon_edges = np.sort(cell_edges(member.lon))
        if not (
            lon_edges[0] <= lon_min
            and lon_edges[-1] >= lon_max
            and lat_edges[0] <= lat_min
            and lat_edges[-1] >= lat_max
        ):
            problems.add(
                f"{label}: the grid (lon {lon_edges[0]:.2f} to {lon_edges[-1]:.2f}, lat "
                f"{lat_edges[0]:.2f} to {lat_edges[-1]:.2f}) does not cover Thailand (lon "
                f"{lon_min:.2f} to {lon_max:.2f}, lat {lat_min:.2f} to {lat_max:.2f})",
                f"{label_th}: กริด (ลองจิจูด {lon_edges[0]:.2f} ถึง {lon_edges[-1]:.2f} ละติจูด "
                f"{lat_edges[0]:.2f} ถึง {lat_edges[-1]:.2f}) ไม่ครอบคลุมประเทศไทย (ลองจิจูด "
                f"{lon_min:.2f} ถึง {lon_max:.2f} ละติจูด {lat_min:.2f} ถึง {lat_max:.2f})",
                **where,
            )
    problems.raise_if_any()


def require_period(member: ClimateMember, period: Period, problems: ProblemCollector) -> bool:
    """Add a problem when ``member`` lacks any day of ``period``; True when covered."""
    if member.period_slice(period) is not None:
        return True
    first, last = member.time[0], member.time[-1]
    problems.add(
        f"period {period.label} is outside the data of model {member.model!r}, scenario "
        f"{member.scenario!r} (days {first:%Y-%m-%d} to {last:%Y-%m-%d}, calendar "
        f"{member.calendar}); every day of the period is needed",
        f"ช่วงเวลา {period.label} อยู่นอกช่วงข้อมูลของแบบจำลอง {member.model!r} ฉากทัศน์ "
        f"{member.scenario!r} (วันที่ {first:%Y-%m-%d} ถึง {last:%Y-%m-%d} ปฏิทิน {member.calendar}) "
        "ต้องมีข้อมูลครบทุกวันของช่วงเวลา",
        file=", ".join(member.files),
        column="time",
        value=period.label,
    )
    return False


__all__ = [
    "CANONICAL_UNITS",
    "HISTORICAL",
    "ClimateMember",
    "Conversion",
    "InputError",
    "Period",
    "VariablePiece",
    "cell_edges",
    "check_members",
    "open_members",
    "parse_periods",
    "require_period",
    "unit_conversion",
]
