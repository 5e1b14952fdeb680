"""Helpers shared by every calculation method (not a method module).

Factors themselves are resolved with :func:`climateplan.reference.factors.resolve`
(the one precedence mechanism: input > Thai > IPCC); this module holds what the
methods do around it: reading params, joining the source strings of several
factors, listing problems and building the result frame.

Speed: a method gets up to a few hundred thousand lines holding a few distinct
values, so text is cleaned, formatted and joined once per distinct value (or
combination of values) and spread back with NumPy indexing. Text stays in NumPy
object arrays: pandas 3 would otherwise copy every string into an Arrow string
array, which costs more than the calculation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.reference.factors import (
    Resolved,
    distinct_combinations,
    join_sources,
    key_rows,
)

# The unit of plain fractions (0..1) in ParamSpecs: a dimensionless pint unit.
FRACTION = "fraction"
GAS_RESULTS = ("co2", "co2_biogenic", "ch4", "n2o", "other_t")
TEXT_RESULTS = ("other_gas", "factor_source", "factor_origin", "factor_id")

Problem = tuple[int, str, str, str]  # (line_id, column, message_en, message_th)


# --- params --------------------------------------------------------------------------------


def clean_text(values: pd.Series | np.ndarray, default: str = "") -> np.ndarray:
    """Text trimmed and lower-cased (object array); blank or missing -> ``default``.

    Cleaned once per distinct value: "Food " and "food" become one key.
    """
    codes, uniques = pd.factorize(values)  # on a Series: Arrow strings stay fast
    clean = np.array([str(u).strip().lower() for u in uniques] + [default], dtype=object)
    clean[clean == ""] = default
    return clean[np.where(codes >= 0, codes, len(uniques))]


def text_param(lines: pd.DataFrame, name: str, default: str = "") -> np.ndarray:
    """Text param ``param_<name>``, trimmed and lower-cased; blank (or absent) -> ``default``."""
    column = f"param_{name}"
    if column not in lines.columns:
        return np.full(len(lines), default, dtype=object)
    return clean_text(lines[column], default)


def same_for_all(lines: pd.DataFrame, value: str) -> pd.Categorical:
    """One key value for every line (a Categorical: nothing to hash when looked up)."""
    return pd.Categorical.from_codes(np.zeros(len(lines), dtype=np.int8), categories=[value])


def number_param(lines: pd.DataFrame, name: str) -> np.ndarray:
    """Numeric param ``param_<name>`` as floats, NaN where blank (or absent)."""
    column = f"param_{name}"
    if column not in lines.columns:
        return np.full(len(lines), np.nan)
    values = lines[column]
    if pd.api.types.is_float_dtype(values.dtype):
        return values.to_numpy(float)
    return pd.to_numeric(values, errors="coerce").to_numpy(float)


def table_keys(family: str, parameter: str, column: str) -> tuple[str, ...]:
    """Distinct non-blank values of a key column among the rows of one parameter
    (e.g. the valid activity codes of a method)."""
    return tuple(sorted({row[column] for row in key_rows(family, parameter) if column in row}))


# --- source strings ------------------------------------------------------------------------

SourcePart = Resolved | pd.Categorical | np.ndarray


def _grouping(part: SourcePart):
    """What :func:`distinct_combinations` groups a part by (cheap integer codes if any)."""
    if isinstance(part, Resolved):
        return part.group_codes()
    return part


def _text_at(part: SourcePart, positions: np.ndarray) -> np.ndarray:
    if isinstance(part, Resolved):
        return part.source[positions]
    if isinstance(part, pd.Categorical):
        return np.asarray(part.categories, dtype=object)[part.codes[positions]]
    return np.asarray(part, dtype=object)[positions]


def join_unique(*parts: SourcePart) -> np.ndarray:
    """:func:`~climateplan.reference.factors.join_sources` of several parts, computed
    once per distinct combination of them and spread to the lines.

    A part is a :class:`Resolved` factor (its sources), a Categorical of notes
    (:func:`note_where`) or an array of per-line text. Lines repeat the same few
    sources, so this avoids joining strings line by line.
    """
    if not parts or len(parts[0]) == 0:
        return np.array([], dtype=object)
    codes, first = distinct_combinations(*(_grouping(part) for part in parts))
    return join_sources(*(_text_at(part, first) for part in parts))[codes]


def note_where(mask: np.ndarray, text: str) -> pd.Categorical:
    """A per-line note: ``text`` where ``mask`` holds, else blank (cheap to join)."""
    return pd.Categorical.from_codes(np.asarray(mask, dtype=np.int8), categories=["", text])


def only_where(factor: Resolved, mask: np.ndarray) -> Resolved:
    """The factor with its source kept only where ``mask`` holds (where it was used)."""
    return Resolved(
        factor.value,
        factor.origin,
        np.where(mask, factor.source, ""),
        factor.factor_id,
        np.where(mask, factor.group_codes() + 1, 0),
    )


# --- problems ------------------------------------------------------------------------------


def problems_where(
    lines: pd.DataFrame, mask: np.ndarray, column: str, message_en: str, message_th: str
) -> list[Problem]:
    """The same validation problem for every line where ``mask`` holds."""
    ids = lines["line_id"].to_numpy()[np.asarray(mask, dtype=bool)]
    return [(int(i), column, message_en, message_th) for i in ids]


def no_default_problems(
    lines: pd.DataFrame, missing: dict[str, np.ndarray], what_en: str = "", what_th: str = ""
) -> list[Problem]:
    """'No default <name> for <activity>: give it in param_<name>' per line lacking a factor."""
    ids = lines["line_id"].to_numpy()
    activity = lines["activity"].to_numpy(object)
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


# --- results -------------------------------------------------------------------------------


def result_frame(
    lines: pd.DataFrame,
    rows: np.ndarray | None = None,
    *,
    main: Resolved | None = None,
    **columns,
) -> pd.DataFrame:
    """The result frame of a method (columns of ``base.RESULT_COLUMNS``) for ``lines``,
    or for the boolean ``rows`` of them, with ``columns`` filled in: scalars, arrays
    per line of ``lines`` (then taken at ``rows``) or per selected row; gases
    default to 0, text to "".

    ``main`` is the method's main factor: its origin and id fill ``factor_origin``
    and ``factor_id`` unless those are given. A ``gpc_ref`` column is added only
    when given (derived rows). Only ``line_id`` and the index of ``lines`` are read.
    """
    if main is not None:
        columns.setdefault("factor_origin", main.origin)
        columns.setdefault("factor_id", main.factor_id)
    line_id = lines["line_id"].to_numpy()
    index = lines.index
    if rows is not None:
        line_id, index = line_id[rows], index[rows]
        columns = {
            k: (v[rows] if isinstance(v, np.ndarray) and v.shape == rows.shape else v)
            for k, v in columns.items()
        }
    n = len(line_id)
    data: dict = {"line_id": line_id}
    for gas in GAS_RESULTS:
        data[gas] = np.broadcast_to(np.asarray(columns.get(gas, 0.0), dtype=float), (n,))
    texts = [*TEXT_RESULTS, *(["gpc_ref"] if "gpc_ref" in columns else [])]
    for text in texts:
        values = np.broadcast_to(np.asarray(columns.get(text, ""), dtype=object), (n,))
        # an object Series keeps the strings as they are (no Arrow conversion)
        data[text] = pd.Series(values, index=index, dtype=object)
    unknown = set(columns) - set(GAS_RESULTS) - set(texts)
    if unknown:
        raise TypeError(f"result_frame: unknown columns {sorted(unknown)}")
    return pd.DataFrame(data, index=index)
