"""Helpers shared by the waste methods (landfill, biological treatment, incineration,
wastewater): parameter columns, factor look-up per distinct key combination, and
source strings.

Why factor look-ups go through :func:`factor` rather than straight to
:func:`climateplan.reference.factors.resolve`: a national batch hands a method tens
of thousands of lines that share a handful of key combinations (waste type x site
type x climate zone ...). Looking the shipped factor up once per combination and
broadcasting it keeps a 50,000-line call well under a second; input params
(``param_<name>``) still override per line, with the same precedence (input > TH >
IPCC) and source strings as ``resolve``. Dimensionless factors (fractions, g/kg)
go through the AFOLU ``ratio_factor`` because ``resolve`` cannot convert
dimensionless units yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.inventory.methods._afolu import dimensionless_factor, ratio_factor
from climateplan.reference.factors import Resolved, factor_table, join_sources, resolve

# The unit name of plain fractions in ParamSpecs (0..1; no conversion needed).
FRACTION = "fraction"


def table_keys(family: str, parameter: str, column: str) -> tuple[str, ...]:
    """Distinct non-blank values of a key column among the rows of one parameter."""
    table = factor_table(family)
    values = table.loc[table["parameter"] == parameter, column].dropna().unique()
    return tuple(sorted(str(v) for v in values))


def _clean_text(values: pd.Series, default: str) -> pd.Categorical:
    """Trim and lower-case text, per distinct value; blank -> ``default``.

    Returned as a Categorical so that later look-ups group lines by integer code
    instead of hashing the strings again.
    """
    codes, uniques = pd.factorize(values)  # on the Series: Arrow strings stay fast
    clean = np.array([str(u).strip().lower() for u in uniques] + [default], dtype=object)
    clean[clean == ""] = default
    clean_codes, categories = pd.factorize(clean)  # "Food" and "food" become one
    line_codes = clean_codes[np.where(codes >= 0, codes, len(uniques))]
    return pd.Categorical.from_codes(line_codes, categories=pd.Index(categories, dtype=object))


def activity_values(lines: pd.DataFrame) -> pd.Categorical:
    return _clean_text(lines["activity"], "")


def text_param(lines: pd.DataFrame, name: str, default: str = "") -> pd.Categorical:
    """A text param, trimmed and lower-cased; blank (or absent) -> ``default``."""
    column = f"param_{name}"
    if column not in lines:
        return pd.Categorical.from_codes(np.zeros(len(lines), dtype=np.int8), [default])
    return _clean_text(lines[column], default)


def number_param(lines: pd.DataFrame, name: str) -> np.ndarray:
    """A numeric param as floats, NaN where blank (or absent)."""
    column = f"param_{name}"
    if column not in lines:
        return np.full(len(lines), np.nan)
    return pd.to_numeric(lines[column], errors="coerce").to_numpy(float)


def _codes(values) -> tuple[np.ndarray, int]:
    if isinstance(values, LineFactor):
        return values.codes, int(values.codes.max(initial=-1)) + 1
    if isinstance(values, pd.Categorical):
        return values.codes.astype(np.int64), len(values.categories)
    code, uniques = pd.factorize(np.asarray(values, dtype=object))
    return code.astype(np.int64), len(uniques)


def combination_codes(*arrays) -> np.ndarray:
    """Dense integer code (0..m-1) per distinct combination of the arrays' values."""
    combo = np.zeros(len(arrays[0]) if arrays else 0, dtype=np.int64)
    for array in arrays:
        code, count = _codes(array)
        # re-factorise after each step so the combined code stays dense (no overflow)
        combo, _ = pd.factorize(combo * (count + 1) + code + 1)
    return combo.astype(np.int64)


def first_positions(codes: np.ndarray) -> np.ndarray:
    """Position of the first line of each dense code 0..m-1 (no sort needed)."""
    count = int(codes.max()) + 1 if len(codes) else 0
    first = np.empty(count, dtype=np.int64)
    positions = np.arange(len(codes))
    first[codes[::-1]] = positions[::-1]  # the last write per code is its first line
    return first


@dataclass
class LineFactor(Resolved):
    """A :class:`Resolved` that also knows which lines share the same factor and source
    (``codes``), so that source strings are joined once per combination."""

    codes: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))

    def __len__(self) -> int:
        return len(self.value)


def only_where(line_factor: LineFactor, mask: np.ndarray) -> LineFactor:
    """The factor with its source kept only where ``mask`` holds (it was used there)."""
    return LineFactor(
        value=line_factor.value,
        origin=line_factor.origin,
        source=np.where(mask, line_factor.source, ""),
        factor_id=line_factor.factor_id,
        codes=np.where(mask, line_factor.codes + 1, 0),
    )


def note_where(mask: np.ndarray, text: str) -> pd.Categorical:
    """A per-line note: ``text`` where ``mask`` holds, else blank (cheap to join)."""
    return pd.Categorical.from_codes(np.asarray(mask, dtype=np.int8), categories=["", text])


def _pick(values, positions: np.ndarray) -> np.ndarray:
    """Values at some positions, without materialising a whole Categorical."""
    if isinstance(values, pd.Categorical):
        return np.asarray(values.categories, dtype=object)[values.codes[positions]]
    return np.asarray(values, dtype=object)[positions]


def _values_at(part, positions: np.ndarray) -> np.ndarray:
    if isinstance(part, LineFactor):
        return part.source[positions]
    return _pick(part, positions)


def join_distinct_sources(*parts) -> np.ndarray:
    """:func:`join_sources` computed once per distinct combination of the parts.

    A part is a :class:`LineFactor` (its sources), a Categorical of notes (see
    :func:`note_where`) or an array of per-line notes.
    """
    if not parts or len(parts[0]) == 0:
        return np.array([], dtype=object)
    codes = combination_codes(*parts)
    first = first_positions(codes)
    return join_sources(*(_values_at(part, first) for part in parts))[codes]


def factor(
    lines: pd.DataFrame,
    *,
    family: str,
    parameter: str,
    keys: dict[str, np.ndarray | pd.Categorical],
    label: str,
    unit: str | None = None,
    param: str | None = None,
    param_unit: str | None = None,
) -> LineFactor:
    """One factor per line: the input param if given, else the best shipped factor.

    ``keys`` maps the table's key columns to per-line values. ``unit`` is the unit
    the method computes in for a dimensional factor; ``None`` means dimensionless
    (the value comes back as a plain ratio, e.g. g/kg -> 0.001). ``param`` names
    the input column (``param_<name>``), typed in ``param_unit``.
    """
    n = len(lines)
    if n == 0:
        empty = np.array([], dtype=object)
        return LineFactor(np.array([], dtype=float), empty, empty, empty)
    codes = combination_codes(*keys.values())
    first = first_positions(codes)
    columns = tuple(keys)
    distinct_rows = tuple(
        zip(
            *(_pick(values, first).tolist() for values in keys.values()),
            strict=True,
        )
    )
    # id() of the (cached) table makes a reloaded table a new cache key
    shipped = _shipped(id(factor_table(family)), family, parameter, unit, columns, distinct_rows)
    shipped_source = shipped.source.copy()
    has = shipped_source != ""
    shipped_source[has] = label + ": " + shipped_source[has]
    value = shipped.value[codes]
    origin = shipped.origin[codes]
    source = shipped_source[codes]
    factor_id = shipped.factor_id[codes]
    if param is not None:
        given = number_param(lines, param)
        use = ~np.isnan(given)
        if use.any():
            scale = (
                dimensionless_factor(param_unit)
                if unit is None and param_unit not in (None, FRACTION)
                else 1.0
            )
            value[use] = given[use] * scale
            origin[use] = "input"
            factor_id[use] = "input"
            source[use] = label + ": " + _input_sources(lines, param, given, use, param_unit)
            input_codes, _ = pd.factorize(source[use])
            codes = codes.copy()
            codes[use] = len(first) + input_codes
    return LineFactor(value, origin, source, factor_id, codes)


@lru_cache(maxsize=4096)
def _shipped(
    table_token: int, family: str, parameter: str, unit: str | None, columns: tuple, rows: tuple
) -> Resolved:
    """Shipped factor for each distinct key combination (cached: the tables are fixed
    for the life of the process, and a session computes the same combinations again)."""
    distinct = pd.DataFrame(list(rows), columns=list(columns), dtype=object)
    distinct["source"] = ""
    key_map = {col: col for col in columns}
    if unit is None:
        return ratio_factor(distinct, family=family, parameter=parameter, keys=key_map)
    return resolve(distinct, param="", family=family, parameter=parameter, keys=key_map, unit=unit)


def _input_sources(lines, param, given, use, unit) -> np.ndarray:
    numbers = pd.Series(given[use]).map("{:g}".format).to_numpy(object)
    text = f"input param_{param} = " + numbers + (f" {unit}" if unit else "")
    if "source" not in lines:
        return text
    line_source = lines["source"].fillna("").astype(str).to_numpy(object)[use]
    return np.where(line_source != "", text + " (" + line_source + ")", text)


def missing_problems(
    lines: pd.DataFrame, missing: dict[str, np.ndarray], what_en: str = "", what_th: str = ""
) -> list[tuple[int, str, str, str]]:
    """'No default factor, give it in param_x' for every line lacking a factor."""
    ids = lines["line_id"].to_numpy()
    activity = lines["activity"].astype(str).to_numpy()
    problems = []
    for column, gaps in missing.items():
        name = column.removeprefix("param_")
        for line_id, act in zip(ids[gaps], activity[gaps], strict=True):
            problems.append(
                (
                    int(line_id),
                    column,
                    f"no default {name} for {act!r}{what_en}: give it in {column}",
                    f"ไม่มีค่าเริ่มต้นของ {name} สำหรับ {act!r}{what_th} ให้ระบุในคอลัมน์ {column}",
                )
            )
    return problems


def rows_with(
    lines: pd.DataFrame, mask: np.ndarray, column: str, message_en: str, message_th: str
) -> list[tuple[int, str, str, str]]:
    """The same problem for every line where ``mask`` holds."""
    return [
        (int(line_id), column, message_en, message_th)
        for line_id in lines["line_id"].to_numpy()[mask]
    ]
