"""Uploads of the risk section: the indicator table, the gridded index table and CF
NetCDF climate files.

Each reader first passes the file through the shared upload guard
(:mod:`climateplan.uploads`: type, size, unpacked size and ratio of a workbook, row
limit while streaming), then hands the table to the risk engine's own validators
(:mod:`climateplan.risk.index.values`), adding what a plan section needs: every row
must belong to the plan's province (and, for district rows, to one of its districts),
and a unit given beside a value must be the framework's. Every problem is collected and
raised at once, located (file, sheet, row, column) in Thai and English; on any problem
nothing is returned, so the caller keeps nothing.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import InputError, Problem, ProblemCollector, sort_problems
from climateplan.plans.period import BE_OFFSET
from climateplan.reference.provinces import find_province
from climateplan.risk.index.framework import Framework
from climateplan.risk.index.values import (
    _canonical_unit,
    read_gridded_table,
    read_indicator_table,
    resolve_provinces,
)
from climateplan.tables import read_csv_table
from climateplan.uploads import (
    DEFAULT_LIMITS,
    MB,
    UploadLimits,
    check_archive,
    check_upload,
    too_many_rows,
)

INDICATOR_SHEET = "indicators"  # the template's data sheet (the first sheet is read otherwise)
GRIDDED_SHEET = "indices"
NETCDF_SUFFIXES = (".nc", ".nc4", ".netcdf")
# NetCDF classic (CDF1/2/5) and NetCDF-4 (HDF5) file signatures.
NETCDF_MAGIC = (b"CDF\x01", b"CDF\x02", b"CDF\x05", b"\x89HDF\r\n\x1a\n")
# The daily variables the engine's default indices need (heat-stress days also use
# hurs when present): docs/risk/climate.md, "Input data and validation".
NETCDF_REQUIRED = ("tasmax", "tasmin", "pr")
NETCDF_OPTIONAL = ("hurs", "tas")


@dataclasses.dataclass(frozen=True)
class NetcdfLimits:
    """How large an uploaded climate file may be. A provincial 0.25-degree grid of
    three variables over 30 years is about 0.1 GB as float32; the defaults leave room
    for ensembles of several models and the whole country."""

    max_bytes: int = 2048 * MB
    max_variables: int = 12  # data variables in one file
    max_values: int = 2_000_000_000  # cells x days x members of all variables


DEFAULT_NETCDF_LIMITS = NetcdfLimits()


# ------------------------------------------------------------------------ table reading


def _stage(data: bytes, filename: str, folder: Path) -> Path:
    path = folder / ("upload" + Path(filename or "").suffix.lower())
    path.write_bytes(data)
    return path


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


def _read_xlsx(
    path: Path, filename: str, sheet: str, limits: UploadLimits, problems: ProblemCollector
) -> tuple[pd.DataFrame | None, str | None]:
    """The named sheet (else the first) as text cells indexed by spreadsheet row,
    streamed in read-only mode and stopped at the row limit."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError on broken files
        problems.add(
            f"cannot open the workbook ({type(exc).__name__}): expected an .xlsx file",
            f"เปิดเวิร์กบุ๊กไม่ได้ ({type(exc).__name__}): ต้องเป็นไฟล์ .xlsx",
            file=filename,
        )
        return None, None
    try:
        names = {s.strip().lower(): s for s in book.sheetnames}
        sheet_name = names.get(sheet, book.sheetnames[0])
        rows = []
        for number, row in enumerate(book[sheet_name].iter_rows(values_only=True), start=1):
            if number > limits.max_rows + 1:
                problems.extend(
                    [too_many_rows(limits.max_rows, file=filename, sheet=sheet_name, row=number)]
                )
                return None, sheet_name
            rows.append(row)
    finally:
        book.close()
    if not rows:
        return pd.DataFrame(), sheet_name
    header = [_cell_text(c).lower() for c in rows[0]]
    width = len(header)
    body = [[_cell_text(c) for c in (list(r) + [None] * width)[:width]] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame = frame.loc[:, [h != "" for h in header]]
    frame.index = np.arange(2, len(frame) + 2)
    return frame, sheet_name


def read_table_upload(
    data: bytes,
    filename: str,
    limits: UploadLimits,
    problems: ProblemCollector,
    sheet: str,
) -> tuple[pd.DataFrame | None, str | None]:
    """An uploaded CSV or XLSX as text cells indexed by spreadsheet row (blank rows
    dropped, their numbers kept), after the shared upload guard; None on a problem."""
    guard = check_upload(filename, len(data), data[:4096], limits)
    if guard:
        problems.extend(guard)
        return None, None
    with tempfile.TemporaryDirectory(prefix="climateplan-risk-") as folder:
        path = _stage(data, filename, Path(folder))
        if path.suffix == ".xlsx":
            archive = check_archive(path, limits)
            if archive:
                problems.extend([dataclasses.replace(p, file=filename) for p in archive])
                return None, None
            frame, sheet_name = _read_xlsx(path, filename, sheet, limits, problems)
        else:
            collector = ProblemCollector()
            frame = read_csv_table(path, collector, max_rows=limits.max_rows)
            problems.extend([dataclasses.replace(p, file=filename) for p in collector.problems])
            sheet_name = None
    if frame is None:
        return None, sheet_name
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    frame = frame.map(lambda v: str(v).strip() if v is not None else "")
    if not frame.empty:
        frame = frame.loc[~(frame == "").all(axis=1)]
    return frame, sheet_name


def _relocate(problems: list[Problem], rows: np.ndarray, filename: str, sheet: str | None):
    """The engine numbers rows by position in the frame it got; give them the
    spreadsheet's numbers (blank rows dropped before) and the upload's name."""
    out = []
    for p in problems:
        row = p.row
        if row is not None and row >= 2 and row - 2 < len(rows):
            row = int(rows[row - 2])
        out.append(dataclasses.replace(p, file=filename, sheet=sheet, row=row))
    return out


def _other_province(
    frame: pd.DataFrame,
    codes: pd.Series,
    province: pd.Series,
    problems: ProblemCollector,
    where: dict,
) -> None:
    wrong = codes.notna() & codes.ne(province["code"])
    for row, text, code in zip(
        frame.index[wrong], frame.loc[wrong, "province"], codes[wrong], strict=True
    ):
        problems.add(
            f"this row is for {code} ({text}), not for this plan's province "
            f"{province['code']} ({province['name_en']}): upload only the province's rows",
            f"แถวนี้เป็นของ {code} ({text}) ไม่ใช่จังหวัดของแผนนี้ {province['code']} "
            f"({province['name_th']}): กรุณาอัปโหลดเฉพาะแถวของจังหวัด",
            row=int(row),
            column="province",
            value=str(text),
            **where,
        )


def _year_ce(text: str) -> str:
    """A data year as Common Era: Thai users often write the Buddhist Era (2565)."""
    match = re.fullmatch(r"\s*(\d{4})(\.0)?\s*", str(text))
    if match and int(match.group(1)) > 2400:
        return str(int(match.group(1)) - BE_OFFSET)
    return str(text).strip()


# ---------------------------------------------------------------------- indicator table


def read_indicator_upload(
    data: bytes,
    filename: str,
    province: str,
    limits: UploadLimits = DEFAULT_LIMITS,
    framework: Framework | None = None,
) -> list[dict]:
    """The rows of an uploaded indicator table (the template, or any table with the
    columns ``province, indicator, value`` and optionally ``year, source, unit``), as
    stored in :class:`RiskInputs.indicators`. Rows without a value are left out (the
    indicator stays missing). Raises InputError with every problem."""
    from climateplan.risk.index.framework import load_framework

    framework = framework or load_framework()
    problems = ProblemCollector()
    prov = _find(province, problems)
    frame, sheet = read_table_upload(data, filename, limits, problems, INDICATOR_SHEET)
    if frame is None or prov is None:  # each comes with its problem
        raise InputError(sort_problems(problems.problems))
    where = {"file": filename, "sheet": sheet}
    if frame.empty:
        problems.add(
            "the table has no rows: fill in the values of the template and upload it again",
            "ตารางไม่มีข้อมูล: กรุณากรอกค่าในแม่แบบแล้วอัปโหลดอีกครั้ง",
            **where,
        )
        problems.raise_if_any()
    rows = frame.index.to_numpy()
    engine = ProblemCollector()
    table = read_indicator_table(
        frame.reset_index(drop=True), framework, file_name=filename, problems=engine
    )
    problems.extend(_relocate(engine.problems, rows, filename, sheet))
    if "province" in frame.columns:
        _other_province(frame, resolve_provinces(frame["province"]), prov, problems, where)
    if "unit" in frame.columns and "indicator" in frame.columns:
        _unit_problems(frame, framework, problems, where)
    if problems:
        raise InputError(sort_problems(problems.problems))
    table = table.assign(row=rows[table["row"].to_numpy() - 2])
    table = table[table["value"].notna()]
    return [
        {
            "province": r.province,
            "indicator": r.indicator,
            "value": float(r.value),
            "year": _year_ce(r.year),
            "source": str(r.source),
            "synthetic": bool(r.synthetic),
        }
        for r in table.itertuples()
    ]


def _unit_problems(
    frame: pd.DataFrame, framework: Framework, problems: ProblemCollector, where: dict
) -> None:
    for row, ind_id, unit in zip(frame.index, frame["indicator"], frame["unit"], strict=True):
        ind = framework.indicators.get(str(ind_id).strip())
        if ind is None or not str(unit).strip():
            continue
        if _canonical_unit(unit) != _canonical_unit(ind.unit):
            problems.add(
                f"indicator {ind.id} is in {unit!r} here but the framework's bounds are in "
                f"{ind.unit!r}: convert the value to {ind.unit}",
                f"ตัวชี้วัด {ind.id} ใช้หน่วย {unit!r} แต่ขอบเขตในกรอบดัชนีใช้หน่วย {ind.unit!r}: "
                f"กรุณาแปลงค่าเป็น {ind.unit}",
                row=int(row),
                column="unit",
                value=str(unit),
                **where,
            )


def _find(province: str, problems: ProblemCollector) -> pd.Series | None:
    try:
        return find_province(province)
    except KeyError as exc:
        text = str(exc.args[0])
        problems.add(text.split(" / ")[0], text.split(" / ")[-1], value=str(province))
        return None


# ----------------------------------------------------------------- gridded index table


def read_gridded_upload(
    data: bytes,
    filename: str,
    province: str,
    limits: UploadLimits = DEFAULT_LIMITS,
) -> list[dict]:
    """The rows of an uploaded gridded index table (the table of ``climateplan risk
    indices``, optionally with a ``district`` column), as stored in
    :class:`RiskInputs.gridded`. Raises InputError with every problem."""
    from climateplan.plans.risk.geo import district_codes

    problems = ProblemCollector()
    prov = _find(province, problems)
    frame, sheet = read_table_upload(data, filename, limits, problems, GRIDDED_SHEET)
    if frame is None or prov is None:  # each comes with its problem
        raise InputError(sort_problems(problems.problems))
    where = {"file": filename, "sheet": sheet}
    if frame.empty:
        problems.add("the table has no rows", "ตารางไม่มีข้อมูล", **where)
        problems.raise_if_any()
    district = (
        frame["district"].astype(str).str.strip()
        if "district" in frame.columns
        else pd.Series("", index=frame.index)
    )
    known = set(district_codes(prov["code"]))
    odd = district.ne("") & ~district.map(_district_code).isin(known)
    for row, text in zip(frame.index[odd], district[odd], strict=True):
        problems.add(
            f"district {text!r} is not a district of {prov['code']} ({prov['name_en']}); "
            "expected a code such as " + (min(known) if known else "TH-5001"),
            f"อำเภอ {text!r} ไม่ใช่อำเภอของ {prov['code']} ({prov['name_th']}) ต้องเป็นรหัส เช่น "
            + (min(known) if known else "TH-5001"),
            row=int(row),
            column="district",
            value=text,
            **where,
        )
    if "province" in frame.columns:
        _other_province(frame, resolve_provinces(frame["province"]), prov, problems, where)
    tables = []
    # The engine checks one zone's rows at a time (its duplicate check is per
    # province x index x period x scenario); district rows are checked per district.
    for key, part in frame.groupby(district.map(_district_code), sort=False):
        engine = ProblemCollector()
        body = part.drop(columns=[c for c in ("district",) if c in part.columns])
        table = read_gridded_table(body.reset_index(drop=True), file_name=filename, problems=engine)
        problems.extend(_relocate(engine.problems, part.index.to_numpy(), filename, sheet))
        if not engine:
            tables.append(table.assign(district=key))
    if problems:
        raise InputError(sort_problems(problems.problems))
    table = pd.concat(tables, ignore_index=True)
    columns = [
        "province",
        "district",
        "index",
        "unit",
        "period",
        "scenario",
        "value",
        "baseline",
        "change",
        "change_pct",
        "spread_low",
        "spread_high",
        "n_models",
        "years_dropped_pct",
        "synthetic",
    ]
    from climateplan.plans.risk.inputs import frame_rows

    return frame_rows(table[columns])


def _district_code(text: str) -> str:
    """'TH-5001', 'TH5001' or '5001' -> 'TH-5001'; '' stays ''."""
    text = str(text).strip().upper().replace(" ", "")
    if not text:
        return ""
    digits = re.sub(r"^TH-?", "", text)
    return f"TH-{digits}" if digits.isdigit() else text


# ------------------------------------------------------------------------------- NetCDF


def check_netcdf(
    path: str | Path | Sequence[str | Path],
    limits: NetcdfLimits = DEFAULT_NETCDF_LIMITS,
    province: str | None = None,
    *,
    name: str | Sequence[str] | None = None,
) -> list[Problem]:
    """Every problem of uploaded CF NetCDF files, before any work. Each file: type and
    size, that it opens, the number of variables and values, units, daily time and
    lat/lon coordinates (the engine's own checks), and that the grid covers the
    province's bounding box. The files together (give all files of one upload at once,
    as models often come with one variable per file): every model and scenario has the
    daily tasmax, tasmin and pr, and the engine's checks across files (calendars, grids,
    overlapping years). ``name`` gives the names users know the files by. Empty: the
    files may be used."""
    from climateplan.risk.climate.io import open_members

    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    if name is None:
        shown = [p.name for p in paths]
    else:
        shown = [name] if isinstance(name, str) else list(name)
    problems: list[Problem] = []
    names: set[str] = set()
    clean = True
    for one, label in zip(paths, shown, strict=True):
        found, variables = _check_one(one, label, limits, province)
        problems += found
        names |= variables
        clean = clean and not found
    by_path = {str(p): label for p, label in zip(paths, shown, strict=True)}
    members = None
    if clean:
        try:
            members = open_members([str(p) for p in paths])
        except InputError as error:  # across files: calendars, grids, overlaps
            problems += [_renamed(p, by_path) for p in error.problems]
    if members is None:  # the variables of the files that could be read, together
        wanted = [v for v in NETCDF_REQUIRED if v not in names] if names else []
        problems += [_missing(v, ", ".join(shown)) for v in wanted]
        return problems
    for member in members:
        files = ", ".join(by_path.get(f, Path(f).name) for f in member.files)
        problems += [_missing(v, files) for v in NETCDF_REQUIRED if v not in member.pieces]
    return problems


def _renamed(problem: Problem, by_path: dict[str, str]) -> Problem:
    if problem.file is None:
        return problem
    parts = [by_path.get(f.strip(), Path(f.strip()).name) for f in problem.file.split(",")]
    return dataclasses.replace(problem, file=", ".join(parts))


def _missing(variable: str, files: str) -> Problem:
    return Problem(
        f"variable {variable!r} is missing: the risk indices need daily "
        f"{', '.join(NETCDF_REQUIRED)} (CF names), in one file or one file per variable",
        f"ไม่มีตัวแปร {variable!r}: ดัชนีความเสี่ยงต้องใช้ข้อมูลรายวัน {', '.join(NETCDF_REQUIRED)} "
        "(ชื่อตามมาตรฐาน CF) ในไฟล์เดียวหรือแยกไฟล์ละตัวแปร",
        file=files,
        column=variable,
    )


def _check_one(
    path: Path, shown: str, limits: NetcdfLimits, province: str | None
) -> tuple[list[Problem], set[str]]:
    """The checks one file allows; returns its problems and its data variables."""
    import xarray as xr

    from climateplan.risk.climate.io import open_members

    problems: list[Problem] = []
    if not path.is_file():
        return [Problem("file not found", "ไม่พบไฟล์", file=shown)], set()
    with path.open("rb") as handle:
        head = handle.read(4096)
    problems += check_upload(
        shown,
        path.stat().st_size,
        head,
        UploadLimits(max_bytes=limits.max_bytes),
        suffixes=NETCDF_SUFFIXES,
    )
    if head and not head.startswith(NETCDF_MAGIC):
        problems.append(
            Problem(
                "the file is not NetCDF (neither classic NetCDF nor NetCDF-4/HDF5): upload the "
                "daily CF NetCDF files of tasmax, tasmin and pr",
                "ไฟล์นี้ไม่ใช่ NetCDF (ไม่ใช่ NetCDF แบบคลาสสิกหรือ NetCDF-4/HDF5): กรุณาอัปโหลดไฟล์ "
                "CF NetCDF รายวันของ tasmax, tasmin และ pr",
                file=shown,
            )
        )
    if problems:
        return problems, set()
    try:
        with xr.open_dataset(path, decode_times=False, cache=False) as ds:
            names = [str(v) for v in ds.data_vars]
            climate = [v for v in names if v in (*NETCDF_REQUIRED, *NETCDF_OPTIONAL)]
            values = sum(int(np.prod(ds[v].shape)) for v in climate)
    except Exception as exc:  # any reader error
        problems.append(
            Problem(f"cannot read as NetCDF: {exc}", f"อ่านเป็นไฟล์ NetCDF ไม่ได้: {exc}", file=shown)
        )
        return problems, set()
    if len(names) > limits.max_variables:
        problems.append(
            Problem(
                f"the file has {len(names)} variables; at most {limits.max_variables} are "
                "accepted: keep the daily tasmax, tasmin, pr (and hurs)",
                f"ไฟล์มีตัวแปร {len(names)} ตัว รับได้ไม่เกิน {limits.max_variables} ตัว: "
                "ให้เหลือเฉพาะ tasmax, tasmin, pr (และ hurs) รายวัน",
                file=shown,
            )
        )
    if values > limits.max_values:
        problems.append(
            Problem(
                f"the file holds {values:,} values (cells x days x variables); the limit is "
                f"{limits.max_values:,}: cut it to the province and the periods needed",
                f"ไฟล์มีข้อมูล {values:,} ค่า (ช่องกริด x วัน x ตัวแปร) เกินขีดจำกัด "
                f"{limits.max_values:,} ค่า: กรุณาตัดให้เหลือเฉพาะจังหวัดและช่วงปีที่ใช้",
                file=shown,
            )
        )
    try:
        members = open_members([str(path)])
    except InputError as error:  # coordinates, time axis, units, plausibility
        problems += [dataclasses.replace(p, file=shown) for p in error.problems]
        return problems, set(names)
    if province is not None and members:
        problems += _coverage(members[0], province, shown)  # one file: one grid
    return problems, set(names)


def _coverage(member, province: str, shown: str) -> list[Problem]:
    from climateplan.plans.risk.geo import province_bounds
    from climateplan.risk.climate.io import cell_edges

    lon_min, lat_min, lon_max, lat_max = province_bounds(province)
    lat_edges = np.sort(cell_edges(member.lat))
    lon_edges = np.sort(cell_edges(member.lon))
    covered = (
        lon_edges[0] <= lon_min
        and lon_edges[-1] >= lon_max
        and lat_edges[0] <= lat_min
        and lat_edges[-1] >= lat_max
    )
    if covered:
        return []
    return [
        Problem(
            f"the grid (lon {lon_edges[0]:.2f} to {lon_edges[-1]:.2f}, lat {lat_edges[0]:.2f} "
            f"to {lat_edges[-1]:.2f}) does not cover the province {province} (lon "
            f"{lon_min:.2f} to {lon_max:.2f}, lat {lat_min:.2f} to {lat_max:.2f})",
            f"กริด (ลองจิจูด {lon_edges[0]:.2f} ถึง {lon_edges[-1]:.2f} ละติจูด {lat_edges[0]:.2f} "
            f"ถึง {lat_edges[-1]:.2f}) ไม่ครอบคลุมจังหวัด {province} (ลองจิจูด {lon_min:.2f} ถึง "
            f"{lon_max:.2f} ละติจูด {lat_min:.2f} ถึง {lat_max:.2f})",
            file=shown,
            column="lat/lon",
        )
    ]


# ------------------------------------------------------------- expected annual impact

EAI_TABLES = ("events", "exposure", "impact_functions")


def read_eai_uploads(
    uploads: dict[str, tuple[bytes, str]],
    province: str,
    limits: UploadLimits = DEFAULT_LIMITS,
) -> dict[str, list[dict]]:
    """The three tables of the expected annual impact (``uploads``: ``events``,
    ``exposure``, ``impact_functions`` -> (bytes, file name)), validated by the risk
    engine's readers and together (an event's hazard needs an impact function), with
    event and exposure rows of another province refused. Returns the stored rows of
    each; raises InputError with every problem of the three files."""
    from climateplan.plans.risk.inputs import frame_rows
    from climateplan.risk.index.eai import (
        load_eai,
        read_events,
        read_exposure,
        read_impact_functions,
    )

    problems = ProblemCollector()
    prov = _find(province, problems)
    missing = [k for k in EAI_TABLES if k not in uploads]
    if missing:
        problems.add(
            "expected annual impact needs all three tables: events, exposure and impact "
            f"functions (missing: {', '.join(missing)})",
            "การคำนวณผลกระทบเฉลี่ยรายปีต้องใช้ครบสามตาราง: เหตุการณ์ ทรัพย์สินที่เสี่ยง และฟังก์ชันผลกระทบ "
            f"(ขาด: {', '.join(missing)})",
        )
        problems.raise_if_any()
    frames: dict[str, pd.DataFrame] = {}
    sheets: dict[str, str | None] = {}
    for kind in EAI_TABLES:
        data, filename = uploads[kind]
        frame, sheet = read_table_upload(data, filename, limits, problems, kind)
        if frame is None:
            continue
        sheets[kind] = sheet
        where = {"file": filename, "sheet": sheet}
        if prov is not None and kind != "impact_functions" and "province" in frame.columns:
            _other_province(frame, resolve_provinces(frame["province"]), prov, problems, where)
        frames[kind] = frame
    readers = {
        "events": read_events,
        "exposure": read_exposure,
        "impact_functions": read_impact_functions,
    }
    for kind, frame in frames.items():
        engine = ProblemCollector()
        readers[kind](frame.reset_index(drop=True), engine, file_name=uploads[kind][1])
        problems.extend(
            _relocate(engine.problems, frame.index.to_numpy(), uploads[kind][1], sheets[kind])
        )
    if problems or len(frames) < len(EAI_TABLES):
        raise InputError(sort_problems(problems.problems))
    try:  # what needs the three together: an impact function for every event's hazard
        load_eai(*(frames[k].reset_index(drop=True) for k in EAI_TABLES))
    except InputError as error:  # only the events can be at fault here
        events, name = frames["events"], uploads["events"][1]
        relocated = _relocate(error.problems, events.index.to_numpy(), name, sheets["events"])
        raise InputError(relocated) from None
    return {k: frame_rows(frames[k].reset_index(drop=True)) for k in EAI_TABLES}


# ----------------------------------------------------------------------- framework file

FRAMEWORK_SUFFIXES = (".yaml", ".yml")


def read_framework_upload(data: bytes, filename: str, limits: UploadLimits = DEFAULT_LIMITS) -> str:
    """The text of an uploaded framework file (YAML, docs/risk/index.md "The framework
    file") once the upload guard and the engine's validation pass; stored as
    ``RiskInputs.framework_yaml``. Raises InputError with every problem (YAML line and
    the path inside the file, such as ``components.flood.indicators[2].weight``)."""
    from climateplan.risk.index.framework import parse_framework
    from climateplan.tables import decode_text

    problems = check_upload(filename, len(data), data[:4096], limits, suffixes=FRAMEWORK_SUFFIXES)
    if problems:
        raise InputError(problems)
    text = decode_text(data)
    if text is None:
        raise InputError(
            [
                Problem(
                    "the framework file is not UTF-8 text: save it as UTF-8",
                    "ไฟล์กรอบดัชนีไม่ใช่ข้อความ UTF-8: กรุณาบันทึกเป็น UTF-8",
                    file=filename,
                )
            ]
        )
    parse_framework(text, filename)
    return text
