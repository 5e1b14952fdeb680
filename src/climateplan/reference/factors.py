"""Emission factors and method parameters, with their sources and precedence.

Each family of factors is one CSV file ``data/factors_<family>.csv`` in long
form, one value per row::

    parameter, <key columns...>, value, unit, origin, valid_from, valid_to, source, note

- ``parameter`` names the quantity (``ncv``, ``co2_ef``, ``ch4_ef``, ``doc`` ...).
- key columns (``fuel``, ``sector``, ``waste_type`` ...) say what it applies to;
  an empty key cell is a wildcard that matches any value, used after exact rows.
- ``unit`` is a pint unit string; values are converted to the unit the method asks for.
- ``origin`` ranks the factor: ``TH`` (Thai national: TGO, DEDE, ...) is preferred
  to ``IPCC`` (2006 IPCC Guidelines defaults); any other origin ranks after both.
- ``source`` names document, table and page. Every row must have one.

Precedence: a factor given in the input line (a ``param_<name>``
column) > a Thai national factor > the IPCC default. :func:`resolve` applies it
vectorised over all lines of a method and returns, per line, the value, its
origin, a human-readable source string for the result line and the id of the
table row used; :func:`lookup` is the same without the input column. This is the
one factor-resolution mechanism of the package: every calculation method uses it.

Speed: a method gets up to a few hundred thousand lines holding a few distinct
key combinations. Lines are factorised into those combinations, each is resolved
once (cached across calls until the tables change) and the answer is spread back
to the lines with NumPy indexing; no table merge, no per-line Python.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.reference._data import DATA_DIR, data_path
from climateplan.units import UnitError, conversion_factor

ORIGIN_RANK = {"input": 0, "TH": 1, "IPCC": 2}
OTHER_ORIGIN_RANK = 3
BASE_COLUMNS = ("parameter", "value", "unit", "origin", "valid_from", "valid_to", "source", "note")


def families() -> list[str]:
    """Names of the shipped factor families (``fuels``, ``waste`` ...)."""
    return sorted(p.stem.removeprefix("factors_") for p in DATA_DIR.glob("factors_*.csv"))


# Factors added at run time (a national administrator's new Thai factor, a test's
# extra row): kept beside the shipped tables, never written into the package.
_ADDED: dict[str, list[dict[str, str]]] = {}


def _read_rows(family: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a family's CSV as text (the csv module: a few hundred rows
    are read in well under a millisecond, several times faster than a DataFrame)."""
    with open(data_path(f"factors_{family}.csv"), encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


@lru_cache(maxsize=64)
def factor_table(family: str) -> pd.DataFrame:
    """The whole table of one family (shipped rows, then added ones), with
    ``factor_id`` ("family:row" for shipped rows, row as numbered in the file with
    the header as row 1; "family:added-N" for added rows), ``rank`` and ``label``.
    Blank cells are NaN; text columns hold Python strings (object dtype)."""
    header, rows = _read_rows(family)
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    ids = [f"{family}:{i + 2}" for i in range(len(rows))]
    added = _ADDED.get(family, [])
    for name in {k for row in added for k in row} - set(columns) - {"factor_id"}:
        columns[name] = [""] * len(rows)
    for name, cells in columns.items():
        cells.extend(row.get(name, "") for row in added)
    ids.extend(row["factor_id"] for row in added)
    missing = [c for c in ("parameter", "value", "unit", "origin", "source") if c not in columns]
    if missing:
        raise ValueError(f"factors_{family}.csv lacks columns {missing}")
    no_source = [i for i, text in zip(ids, columns["source"], strict=True) if not text.strip()]
    if no_source:
        raise ValueError(f"factors_{family}: rows {no_source} have no source")
    n = len(ids)
    data: dict = {"factor_id": np.array(ids, dtype=object), "family": np.full(n, family, object)}
    for name, cells in columns.items():
        data[name] = np.array([c if c != "" else np.nan for c in cells], dtype=object)
    data["value"] = np.array([float(v) for v in columns["value"]])
    for name in ("valid_from", "valid_to"):
        data[name] = pd.to_datetime(pd.Series(data.get(name, np.full(n, np.nan)), dtype=object))
    data.setdefault("note", np.full(n, np.nan, dtype=object))
    data["rank"] = np.array(
        [ORIGIN_RANK.get(o, OTHER_ORIGIN_RANK) for o in columns["origin"]], dtype=int
    )
    data["label"] = np.array(
        [
            f"{source} [{value:g} {unit}]"
            for source, value, unit in zip(
                columns["source"], data["value"], columns["unit"], strict=True
            )
        ],
        dtype=object,
    )
    # object Series keep the strings as they are (pandas would make Arrow strings)
    return pd.DataFrame(
        {k: pd.Series(v, dtype=object) if v.dtype == object else v for k, v in data.items()}
    )


def add_factors(family: str, rows: list[dict] | pd.DataFrame) -> None:
    """Add factor rows to a family at run time (same columns as the CSV; ``source`` required).

    An added Thai factor (origin "TH") is preferred to the IPCC default from then on.
    Rows get ids "family:added-N". Undo with :func:`clear_added_factors`. Rows
    lacking a parameter, a numeric value, a unit pint reads, an origin or a source
    are refused (ValueError naming each row and what is wrong), nothing is added.
    """
    frame = pd.DataFrame(rows).astype(str).replace({"nan": "", "None": ""})
    problems = []
    for i, row in enumerate(frame.to_dict("records"), start=1):
        blank = [c for c in ("parameter", "value", "unit", "origin", "source") if not row.get(c)]
        if blank:
            problems.append(
                f"row {i}: {', '.join(blank)} blank / แถว {i}: ไม่มีค่า {', '.join(blank)}"
            )
            continue
        try:
            float(row["value"])
            conversion_factor(row["unit"], row["unit"])
        except (ValueError, UnitError):
            problems.append(
                f"row {i}: value {row['value']!r} or unit {row['unit']!r} unreadable / "
                f"แถว {i}: อ่านค่า {row['value']!r} หรือหน่วย {row['unit']!r} ไม่ได้"
            )
    if problems:
        raise ValueError(
            f"factors_{family}: cannot add factors / เพิ่มค่าแฟกเตอร์ไม่ได้: " + "; ".join(problems)
        )
    added = _ADDED.setdefault(family, [])
    for row in frame.to_dict("records"):
        added.append({**row, "factor_id": f"{family}:added-{len(added) + 1}"})
    _clear_caches()


def clear_added_factors() -> None:
    """Forget every factor added with :func:`add_factors`."""
    _ADDED.clear()
    _clear_caches()


def _clear_caches() -> None:
    factor_table.cache_clear()
    _cells.cache_clear()
    _key_columns.cache_clear()
    _family_rows.cache_clear()
    _best.cache_clear()


@lru_cache(maxsize=64)
def _cells(family: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Column names, rows of text cells and factor ids of a family: shipped rows, then
    added ones, columns as :func:`factor_table` has them. Plain Python: the look-up
    needs no DataFrame (building eleven of them cost a command a tenth of a second)."""
    header, rows = _read_rows(family)
    added = _ADDED.get(family, [])
    extra = [k for k in dict.fromkeys(k for row in added for k in row) if k not in header]
    extra = [k for k in extra if k != "factor_id"]
    names = (*header, *extra)
    width = len(header)
    cells = [tuple(row[:width]) + ("",) * (len(names) - min(len(row), width)) for row in rows]
    cells += [tuple(row.get(name, "") for name in names) for row in added]
    ids = [f"{family}:{i + 2}" for i in range(len(rows))] + [row["factor_id"] for row in added]
    missing = [c for c in ("parameter", "value", "unit", "origin", "source") if c not in names]
    if missing:
        raise ValueError(f"factors_{family}.csv lacks columns {missing}")
    at = names.index("source")
    no_source = [i for i, row in zip(ids, cells, strict=True) if not row[at].strip()]
    if no_source:
        raise ValueError(f"factors_{family}: rows {no_source} have no source")
    return names, tuple(cells), tuple(ids)


@lru_cache(maxsize=64)
def _key_columns(family: str) -> tuple[str, ...]:
    names, _, _ = _cells(family)
    skip = {"factor_id", "family", "rank", "label", *BASE_COLUMNS}
    return tuple(c for c in names if c not in skip)


def key_columns(family: str) -> list[str]:
    """The key columns of a family's table (what a factor applies to)."""
    return list(_key_columns(family))


def all_factors() -> pd.DataFrame:
    """Every factor of every family (shipped and added) in one long table, for listings:
    factor_id, family, parameter, applies_to ("fuel=diesel, sector=..."), value, unit,
    origin, valid_from, valid_to, source, note."""
    frames = []
    for fam in families():
        table = factor_table(fam).copy()
        keys = key_columns(fam)
        table["applies_to"] = (
            table[keys]
            .astype("object")
            .apply(lambda r: ", ".join(f"{k}={v}" for k, v in r.items() if pd.notna(v)), axis=1)
            if keys
            else ""
        )
        rest = [c for c in BASE_COLUMNS if c != "parameter"]
        frames.append(table[["factor_id", "family", "parameter", "applies_to", *rest]])
    return pd.concat(frames, ignore_index=True)


@dataclass
class Resolved:
    """Per-line result of :func:`lookup` and :func:`resolve`, aligned with the lines.

    ``codes`` groups the lines: lines with the same code share value, origin,
    source and factor id (one code per distinct key combination, and one per
    distinct factor given in the input). Joining source strings or formatting
    them once per code instead of once per line is what keeps 100,000-line
    batches fast (see ``methods/_common.join_unique``).
    """

    value: np.ndarray  # float, in the unit asked for; NaN where nothing was found
    origin: np.ndarray  # "input", "TH", "IPCC", ... or "" where nothing was found
    source: np.ndarray  # human-readable source per line ("" where nothing was found)
    factor_id: np.ndarray  # "family:row" of the table row used, "input" or ""
    codes: np.ndarray | None = None  # int per line, see above; None: group by source

    def __len__(self) -> int:
        return len(self.value)

    @property
    def missing(self) -> np.ndarray:
        return np.isnan(self.value)

    def group_codes(self) -> np.ndarray:
        """Dense integer code per line (lines with one code share every field)."""
        if self.codes is None:
            self.codes = pd.factorize(self.source)[0].astype(np.int64)
        return self.codes

    def take(self, positions: np.ndarray) -> Resolved:
        """The factors at ``positions`` (e.g. spread from distinct keys to lines)."""
        return Resolved(
            self.value[positions],
            self.origin[positions],
            self.source[positions],
            self.factor_id[positions],
            self.group_codes()[positions],
        )

    def where(self, mask: np.ndarray, other: Resolved) -> Resolved:
        """This factor where ``mask`` holds, ``other`` elsewhere (element-wise)."""
        mine, theirs = self.group_codes(), other.group_codes()
        offset = int(mine.max(initial=-1)) + 1
        return Resolved(
            np.where(mask, self.value, other.value),
            np.where(mask, self.origin, other.origin),
            np.where(mask, self.source, other.source),
            np.where(mask, self.factor_id, other.factor_id),
            np.where(mask, mine, theirs + offset),
        )


@dataclass(frozen=True)
class _Row:
    keys: dict  # key column -> value; a blank cell (wildcard) is absent
    value: float
    unit: str
    origin: str
    rank: int
    year_from: float
    year_to: float
    label: str
    factor_id: str


@lru_cache(maxsize=64)
def _family_rows(family: str) -> dict[str, tuple[_Row, ...]]:
    """The rows of a family as plain records, by parameter, in file order (cached);
    the same values, units, origins, labels and validity years as :func:`factor_table`."""
    names, cells, ids = _cells(family)
    at = {name: i for i, name in enumerate(names)}
    keys = [(k, at[k]) for k in _key_columns(family)]

    def year(text: str, default: float) -> float:
        return pd.Timestamp(text).year if text else default

    def text(cell: str) -> str:
        return cell if cell != "" else "nan"  # as str() of the table's NaN

    rows: dict[str, list[_Row]] = {}
    for cell, fid in zip(cells, ids, strict=True):
        value = float(cell[at["value"]])
        unit, source = text(cell[at["unit"]]), cell[at["source"]]
        origin = cell[at["origin"]]
        row = _Row(
            keys={k: cell[i] for k, i in keys if cell[i] != ""},
            value=value,
            unit=unit,
            origin=text(origin),
            rank=ORIGIN_RANK.get(origin, OTHER_ORIGIN_RANK),
            year_from=year(cell[at["valid_from"]], -np.inf) if "valid_from" in at else -np.inf,
            year_to=year(cell[at["valid_to"]], np.inf) if "valid_to" in at else np.inf,
            label=f"{source} [{value:g} {cell[at['unit']]}]",
            factor_id=fid,
        )
        rows.setdefault(text(cell[at["parameter"]]), []).append(row)
    return {parameter: tuple(found) for parameter, found in rows.items()}


def key_rows(family: str, parameter: str) -> tuple[dict[str, str], ...]:
    """The key cells of each row of one parameter (blank cells left out), in file
    order, added rows included: what a factor applies to, e.g. the valid codes."""
    return tuple(dict(row.keys) for row in _family_rows(family).get(parameter, ()))


@lru_cache(maxsize=65536)
def _best(
    family: str, parameter: str, key_items: tuple, year: float | None, unit: str
) -> tuple[float, str, str, str]:
    """Best row for one combination of key values: (value in ``unit``, origin, label, id).

    A row matches when each of its non-blank key cells equals the given value
    (a blank given value matches blank cells only); the most specific match wins
    (more exact keys), then the better origin (TH before IPCC), then file order.
    Key columns not given are not compared; with ``year`` None, validity periods
    are not checked.
    """
    given = dict(key_items)
    best: _Row | None = None
    best_order = None
    for position, row in enumerate(_family_rows(family).get(parameter, ())):
        if year is not None and not row.year_from <= year <= row.year_to:
            continue
        specificity = 0
        for col, value in row.keys.items():
            if col not in given:
                continue
            if given[col] != value:
                break
            specificity += 1
        else:
            order = (-specificity, row.rank, position)
            if best_order is None or order < best_order:
                best, best_order = row, order
    if best is None:
        return (np.nan, "", "", "")
    scale = 1.0 if best.unit == unit else conversion_factor(best.unit, unit)
    return (
        best.value * scale,
        best.origin,
        best.label,
        best.factor_id,
    )


# --- distinct combinations ---------------------------------------------------------------

KeyValues = np.ndarray | pd.Series | pd.Categorical | pd.Index | Sequence


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _key_text(value) -> str:
    """A key value as the table writes it: '' when missing, 2023.0 as '2023'."""
    if _is_missing(value):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _factorize(values: KeyValues) -> tuple[np.ndarray, int]:
    """Integer code per element (-1 for missing) and the number of distinct values."""
    if isinstance(values, pd.Categorical):
        return values.codes.astype(np.int64), len(values.categories)
    if isinstance(values, pd.Series | pd.Index):
        codes, uniques = pd.factorize(values)  # Arrow strings: dictionary-encoded in C
    else:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64), len(uniques)


# Up to this many rows, grouping in a Python dictionary beats pandas' hash tables,
# whose fixed cost per call (tens of microseconds per column) dominates small inputs.
SMALL = 64


def _small_list(values: KeyValues) -> list:
    """Values as a list of hashable Python objects, every missing value as None."""
    if isinstance(values, pd.Categorical):
        return values.codes.tolist()
    if isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy(dtype=object)
    out = np.asarray(values).tolist()
    return [None if _is_missing(v) else v for v in out]


def distinct_combinations(*columns: KeyValues) -> tuple[np.ndarray, np.ndarray]:
    """Dense code per row over ``columns`` (0..m-1 in order of first appearance) and
    the position of each code's first row.

    Hash-based (no sort of the rows); a missing value is a value of its own. The
    rows of a method hold few distinct combinations, so work done per code instead
    of per row costs next to nothing.
    """
    n = len(columns[0]) if columns else 0
    if n <= SMALL:
        seen: dict = {}
        codes = np.empty(n, dtype=np.int64)
        first = []
        for i, key in enumerate(zip(*(_small_list(c) for c in columns), strict=True)):
            code = seen.setdefault(key, len(seen))
            if code == len(first):
                first.append(i)
            codes[i] = code
        return codes, np.array(first, dtype=np.int64)
    combined = np.zeros(n, dtype=np.int64)
    span = 1
    for column in columns:
        codes, distinct = _factorize(column)
        count = distinct + 1
        if span * count >= 2**62:  # keep the combined code dense and within int64
            combined, _ = pd.factorize(combined)
            span = int(combined.max(initial=-1)) + 1
        combined = combined * count + (codes + 1)
        span *= count
    codes, distinct = pd.factorize(combined)
    codes = codes.astype(np.int64)
    first = np.empty(len(distinct), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)  # the last write per code is its first row
    return codes, first


def _values_at(values: KeyValues, positions: np.ndarray) -> np.ndarray:
    """The values at a few positions, without converting the whole column."""
    if isinstance(values, pd.Categorical):
        codes = values.codes[positions]
        picked = np.asarray(values.categories, dtype=object)[codes]
        return np.where(codes < 0, None, picked)
    if isinstance(values, pd.Series | pd.Index) and len(values) > SMALL:
        return values.take(positions).to_numpy(dtype=object)  # no whole-column conversion
    return np.asarray(values, dtype=object)[positions]


def _as_key_arrays(keys, size: int | None) -> tuple[dict[str, KeyValues], int]:
    if isinstance(keys, pd.DataFrame):
        return {c: keys[c] for c in keys.columns}, len(keys)
    keys = dict(keys)
    if size is None:
        if not keys:
            raise ValueError("lookup: give size when no key column is given")
        size = len(next(iter(keys.values())))
    return keys, size


@dataclass
class _Distinct:
    """Factors per distinct key combination, and each line's combination."""

    value: np.ndarray
    origin: np.ndarray
    source: np.ndarray
    factor_id: np.ndarray
    codes: np.ndarray  # per line


def _lookup_distinct(family, parameter, keys, *, unit, year, size) -> _Distinct:
    arrays, n = _as_key_arrays(keys, size)
    table_keys = _key_columns(family)
    cols = [c for c in arrays if c in table_keys]
    columns = [arrays[c] for c in cols]
    if year is not None:
        columns.append(np.broadcast_to(np.asarray(year, dtype=float), (n,)))
    if columns:
        codes, first = distinct_combinations(*columns)
    else:
        codes = np.zeros(n, dtype=np.int64)
        first = np.zeros(1 if n else 0, dtype=np.int64)
    # the key values of each distinct combination, as text (few: a Python loop is fine)
    picked = [_values_at(column, first) for column in columns[: len(cols)]]
    years = np.asarray(columns[-1], dtype=float)[first] if year is not None else None
    answers = [
        _best(
            family,
            parameter,
            tuple((c, _key_text(picked[j][i])) for j, c in enumerate(cols)),
            None if years is None else float(years[i]),
            unit,
        )
        for i in range(len(first))
    ]
    return _Distinct(
        value=np.array([a[0] for a in answers], dtype=float),
        origin=np.array([a[1] for a in answers], dtype=object),
        source=np.array([a[2] for a in answers], dtype=object),
        factor_id=np.array([a[3] for a in answers], dtype=object),
        codes=codes,
    )


def lookup(
    family: str,
    parameter: str,
    keys: pd.DataFrame | Mapping[str, KeyValues],
    *,
    unit: str,
    year: int | np.ndarray | pd.Series | None = None,
    size: int | None = None,
) -> Resolved:
    """Best shipped (or added) factor per line, converted to ``unit``.

    ``keys`` gives the lines' key values by table key column: a DataFrame, or a
    mapping of column to array, Series or Categorical (``size``, the number of
    lines, is needed only when the mapping is empty: a keyless parameter).
    Columns the table does not have are ignored; table key columns not given
    are not compared. A missing or blank value matches blank (wildcard) cells only.

    Exact key matches win over wildcard rows; among equally specific rows the
    better origin wins (TH before IPCC, then other origins), then file order.
    With ``year``, rows whose validity period does not include that year are
    skipped. Values are converted from the table unit to ``unit`` (dimensionless
    units such as "1", "percent", "g/kg" or "fraction" included); a line with no
    matching row gets NaN, origin, source and factor id "".

    Vectorised by distinct key combination: the lines are factorised into the
    few combinations they hold, each combination is resolved once (and cached
    across calls), and the answers are spread back to the lines.
    """
    found = _lookup_distinct(family, parameter, keys, unit=unit, year=year, size=size)
    c = found.codes
    return Resolved(found.value[c], found.origin[c], found.source[c], found.factor_id[c], c)


NO_UNIT_SHOWN = frozenset({"", "1", "fraction", "dimensionless", "ratio"})


def format_numbers(values: np.ndarray, template: str = "{:g}") -> np.ndarray:
    """``template`` of each value (object array), formatting each distinct value once."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return np.array([], dtype=object)
    unique, inverse = np.unique(values, return_inverse=True)
    return np.array([template.format(u) for u in unique], dtype=object)[inverse.ravel()]


def input_sources(
    param: str, values: np.ndarray, unit: str, line_source: np.ndarray | None = None
) -> np.ndarray:
    """Source strings of factors given in the input: "input param_x = 2.5 g/kg (survey)".

    ``unit`` is the unit the value was typed in (not shown for plain numbers);
    the line's own data source is quoted where it has one. Each distinct
    (value, line source) pair is formatted once.
    """
    values = np.asarray(values, dtype=float)
    quoted = np.full(len(values), "", dtype=object) if line_source is None else line_source
    codes, first = distinct_combinations(values, quoted)
    shown = "" if unit in NO_UNIT_SHOWN else f" {unit}"
    text = []
    for value, source in zip(values[first].tolist(), _small_list(quoted[first]), strict=True):
        line = f"input {param} = {value:g}{shown}"
        text.append(f"{line} ({source})" if source else line)
    return np.array(text, dtype=object)[codes]


# The lines of a method: a DataFrame, or a mapping of column name to per-line array
# (methods that work on their few distinct keys keep them as arrays: no pandas cost).
Lines = pd.DataFrame | Mapping[str, KeyValues]


def _size(lines: Lines) -> int:
    if isinstance(lines, pd.DataFrame):
        return len(lines)
    return len(next(iter(lines.values()))) if lines else 0


def _column(lines: Lines, ref: str | KeyValues) -> KeyValues:
    return lines[ref] if isinstance(ref, str) else ref


def _numbers(values) -> np.ndarray:
    if isinstance(values, pd.Series | np.ndarray) and values.dtype.kind == "f":
        return values.to_numpy(float) if isinstance(values, pd.Series) else values
    return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float)


def _line_sources(lines: Lines, use: np.ndarray) -> np.ndarray | None:
    if "source" not in lines:
        return None
    sources = np.asarray(lines["source"], dtype=object)[use]
    return np.array(["" if _is_missing(s) else str(s) for s in sources], dtype=object)


def resolve(
    lines: Lines,
    *,
    family: str,
    parameter: str,
    keys: Mapping[str, str | KeyValues],
    unit: str,
    param: str | None = None,
    param_unit: str | None = None,
    year: int | np.ndarray | pd.Series | None = None,
    label: str | None = None,
) -> Resolved:
    """Factor per line with precedence input > Thai national > IPCC default.

    ``lines`` is a DataFrame or a mapping of column name to per-line array (and
    its ``source`` column, if any, is quoted in the source of an input factor).
    ``keys`` maps table key columns to a line column name or to per-line values
    (array, Series or Categorical aligned with ``lines``): ``{"fuel": "activity"}``;
    an empty mapping gives a keyless parameter's value to every line. ``param``
    is the line column holding a factor given in the input (``param_<name>``),
    typed in ``param_unit`` (default ``unit``); values come back in ``unit``.
    ``label`` prefixes each source string ("CO2 EF: ...") so that a line's
    factor_source reads as a list. Source strings of shipped factors quote the
    table's own value and unit; those of input factors the value as typed.
    """
    n = _size(lines)
    found = _lookup_distinct(
        family,
        parameter,
        {col: _column(lines, ref) for col, ref in keys.items()},
        unit=unit,
        year=year,
        size=n,
    )
    distinct_source = found.source
    if label:
        distinct_source = np.where(distinct_source != "", label + ": " + distinct_source, "")
    codes = found.codes
    value = found.value[codes]
    origin = found.origin[codes]
    source = distinct_source[codes]
    fid = found.factor_id[codes]
    if param and param in lines:
        given = _numbers(lines[param])
        use = np.flatnonzero(~np.isnan(given))
        if len(use):
            typed_unit = param_unit or unit
            value[use] = given[use] * conversion_factor(typed_unit, unit)
            origin[use] = "input"
            fid[use] = "input"
            text = input_sources(param, given[use], typed_unit, _line_sources(lines, use))
            if label:
                text = label + ": " + text
            source[use] = text
            text_codes, _ = distinct_combinations(text)
            codes = codes.copy()
            codes[use] = len(found.value) + text_codes
    return Resolved(value, origin, source, fid, codes)


def join_sources(*parts: np.ndarray) -> np.ndarray:
    """Join per-line source strings of several factors with '; ', skipping blanks.

    Element-wise on object arrays (no per-row Python loop over a DataFrame).
    """
    if not parts:
        return np.array([], dtype=object)
    out = np.asarray(parts[0], dtype=object).copy()
    for part in parts[1:]:
        part = np.asarray(part, dtype=object)
        both = (out != "") & (part != "")
        out = np.where(both, out + "; " + part, out + part)
    return out
