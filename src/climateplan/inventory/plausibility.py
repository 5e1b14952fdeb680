"""Checks of computed lines: results that cannot be numbers, and amounts nobody emits.

- A line whose emissions are not finite, or so large that the uncertainty of the
  totals cannot be computed from them (an amount of 1e306 t), is refused: an error
  located at the line's file, sheet, row and the ``amount`` column, in Thai and
  English, as every input error.
- A line whose absolute CO2e exceeds its method's plausibility bound is accepted but
  warned about (a typing slip of a few zeros, a unit mistaken for another): the
  bounds live in ``reference/data/plausibility_bounds.csv`` with their source, one
  row per method or ``*`` for every method without its own row. The shipped bound
  is Thailand's whole national inventory: no line of one province can exceed it.

Both are checked on the computed lines, once, when the activity data are validated
(:func:`climateplan.inventory.activity.validate_activity`), so every door (command
line, web upload, API) reports them the same way and nothing is computed or saved
from a refused file.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.errors import Problem
from climateplan.reference._data import data_path

ANY_METHOD = "*"
CHECKED = ("co2", "co2_biogenic", "ch4", "n2o", "other_t", "co2e")
# Not a factor but the limit of double-precision arithmetic: the uncertainty of a total
# squares each line's U x E (U up to 100, i.e. 10,000 %) and adds them, so a line above
# this would overflow there and leave the uncertainty undefined (about 1.3e152 t).
COMPUTABLE_T = float(np.sqrt(np.finfo(float).max)) / 100.0


@lru_cache(maxsize=1)
def plausibility_bounds() -> pd.DataFrame:
    """The shipped bounds (t CO2e per line) by method, with their basis and source."""
    table = pd.read_csv(
        data_path("plausibility_bounds.csv"), dtype=str, keep_default_na=False
    ).set_index("method")
    table["bound_t_co2e"] = pd.to_numeric(table["bound_t_co2e"], errors="raise")
    if ANY_METHOD not in table.index or (table["source"].str.strip() == "").any():
        raise ValueError(
            "plausibility_bounds.csv needs a row for method '*' and a source on every row"
        )
    return table


def _located(lines: pd.DataFrame, at: np.ndarray, file, sheet) -> list[dict]:
    rows = lines["row"].to_numpy()[at]
    return [
        {"file": file, "sheet": sheet, "row": None if pd.isna(r) else int(r), "column": "amount"}
        for r in rows
    ]


def check_results(
    lines: pd.DataFrame, result: pd.DataFrame, *, file: str | None = None, sheet=None
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of the computed ``result`` of the activity ``lines``.

    ``result`` is :func:`climateplan.inventory.engine.compute_lines` of ``lines``
    (its ``line_id`` is the line's position). One problem per input line, however
    many result rows (derived rows) it has.
    """
    values = np.column_stack([result[c].to_numpy(float) for c in CHECKED])
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(values) <= COMPUTABLE_T).all(axis=1)  # NaN and inf fail too
    bad_lines = np.unique(result["line_id"].to_numpy()[bad])
    errors = []
    amounts = lines["input_amount"].to_numpy(float)
    units = lines["input_unit"].to_numpy(object)
    for line, where in zip(bad_lines, _located(lines, bad_lines, file, sheet), strict=True):
        shown = f"{amounts[line]:g} {units[line]}"
        errors.append(
            Problem(
                f"the emissions of this line cannot be computed: the amount {shown} gives a "
                "number that is not finite, or too large for the totals and their uncertainty; "
                "check the amount and its unit",
                f"คำนวณการปล่อยของรายการนี้ไม่ได้: ปริมาณ {shown} ให้ผลที่ไม่ใช่ตัวเลขจำกัด "
                "หรือใหญ่เกินกว่าที่ยอดรวมและความไม่แน่นอนจะคำนวณได้ กรุณาตรวจสอบปริมาณและหน่วย",
                value=str(amounts[line]),
                **where,
            )
        )
    table = plausibility_bounds()
    methods = result["method"].astype(object).fillna("").to_numpy(object)
    named = table.index.to_numpy(object)
    row_of = np.where(np.isin(methods, named), methods, ANY_METHOD)
    bound = table["bound_t_co2e"].reindex(row_of).to_numpy(float)
    co2e = np.abs(result["co2e"].to_numpy(float))
    # per input line: the sum of its result rows (a line and its derived rows)
    line_ids = result["line_id"].to_numpy()
    per_line = pd.Series(co2e).groupby(line_ids).sum()
    limit = pd.Series(bound).groupby(line_ids).first()
    high = per_line.index.to_numpy()[(per_line > limit).to_numpy()]
    high = high[~np.isin(high, bad_lines)]  # refused already
    warnings = []
    basis = table["basis_en"].to_dict()
    basis_th = table["basis_th"].to_dict()
    for line, where in zip(high, _located(lines, high, file, sheet), strict=True):
        key = row_of[np.flatnonzero(line_ids == line)[0]]
        value, cap = float(per_line[line]), float(limit[line])
        warnings.append(
            Problem(
                f"this line gives {value:,.0f} t CO2e, more than {basis[key]} "
                f"({cap:,.0f} t CO2e): check the amount ({amounts[line]:g} "
                f"{units[line]}) and its unit",
                f"รายการนี้คำนวณได้ {value:,.0f} tCO2e มากกว่า{basis_th[key]} "
                f"({cap:,.0f} tCO2e): กรุณาตรวจสอบปริมาณ ({amounts[line]:g} {units[line]}) และหน่วย",
                value=str(amounts[line]),
                **where,
            )
        )
    return errors, warnings
