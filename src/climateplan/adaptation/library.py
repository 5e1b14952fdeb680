"""The library of adaptation options: filtering, and a starter action file from it.

Officers start from the library and adapt: ``climateplan adapt options --hazard flood
-o my_actions.csv --as-actions`` writes one action row per option with the library's
values filled in and the province's own columns (areas, costs, years, scores) left
blank to fill.
"""

from __future__ import annotations

import pandas as pd

from climateplan.adaptation import reference
from climateplan.errors import InputError, Problem
from climateplan.risk.index.framework import load_framework

STARTER_COLUMNS = (
    "code", "option", "name_en", "name_th", "hazards", "sectors", "type", "areas",
    "vulnerable_groups", "lead_agency", "co_agencies", "funding", "status", "capital_thb",
    "running_thb_per_year", "start_year", "end_year", "lifetime_years", "effectiveness",
    "feasibility_technical", "feasibility_institutional", "co_benefits_score",
    "likelihood_reduction", "consequence_reduction", "eai_reduction_pct",
    "avoided_eai_thb_per_year", "mitigation_measure", "co_benefits",
)  # fmt: skip


def _contains(column: pd.Series, value: str) -> pd.Series:
    return column.str.split(";").map(lambda parts: value in parts)


def filter_options(
    *,
    hazard: str | None = None,
    sector: str | None = None,
    kind: str | None = None,
    search: str | None = None,
) -> pd.DataFrame:
    """The options answering ``hazard``, in ``sector``, of type ``kind``, whose Thai or
    English name holds ``search``; unknown filter values are refused."""
    table = reference.options()
    fw = load_framework()
    problems = []
    checks = (
        ("--hazard", hazard, set(fw.hazards)),
        ("--sector", sector, set(fw.nap_sectors)),
        ("--type", kind, set(reference.vocabulary("action_type").index)),
    )
    for option, value, allowed in checks:
        if value is not None and value not in allowed:
            shown = ", ".join(sorted(allowed))
            problems.append(
                Problem(
                    f"{option}: unknown value {value!r}: expected one of {shown}",
                    f"{option}: ไม่รู้จักค่า {value!r}: ต้องเป็นหนึ่งใน {shown}",
                )
            )
    if problems:
        raise InputError(problems)
    keep = pd.Series(True, index=table.index)
    if hazard:
        keep &= _contains(table["hazards"], hazard)
    if sector:
        keep &= _contains(table["sectors"], sector)
    if kind:
        keep &= table["type"] == kind
    if search:
        text = search.lower()
        keep &= table["en"].str.lower().str.contains(text, regex=False) | table["th"].str.contains(
            search, regex=False
        )
    return table[keep].reset_index(drop=True)


def starter_actions(options: pd.DataFrame) -> pd.DataFrame:
    """One action row per option: the library's values, the province's columns blank."""
    rows = pd.DataFrame("", index=options.index, columns=list(STARTER_COLUMNS))
    rows["code"] = [f"A{i + 1:02d}" for i in range(len(options))]
    rows["option"] = options["id"]
    rows["name_en"] = options["en"]
    rows["name_th"] = options["th"]
    for column in ("hazards", "sectors", "type", "vulnerable_groups", "lead_agency"):
        rows[column] = options[column]
    rows["co_agencies"] = options["co_agencies"]
    rows["areas"] = "province"
    rows["status"] = "planned"
    for column in ("lifetime_years", "effectiveness", "likelihood_reduction"):
        rows[column] = options[column].astype(int).astype(str)
    rows["consequence_reduction"] = options["consequence_reduction"].astype(int).astype(str)
    rows["mitigation_measure"] = options["mitigation_measure"]
    rows["co_benefits"] = options["co_benefits_en"]
    return rows
