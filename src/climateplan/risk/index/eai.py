"""Optional quantitative risk: expected annual impact (EAI) from a hazard event set.

    EAI(province, asset type) = sum over events e in the province of
                                f_e x DR_(hazard, asset type)(I_e) x E(province, asset type)

with f_e the annual frequency of event e, I_e its intensity there, DR the damage ratio
(0-1) read from a piecewise-linear impact function (held flat beyond its first and last
points), and E the exposed value. This is the usual event-set form of the average
annual loss (e.g. UNDRR Global Assessment Report risk metrics; CLIMADA's expected
annual impact).

Inputs (CSV or XLSX):

- events: ``event_id, hazard, province, intensity, annual_frequency`` (``place``
  optional, for the reader): one row per event and province it reaches;
- exposure: ``province, asset_type, value`` (``unit`` optional);
- impact functions: ``hazard, asset_type, intensity, damage_ratio`` (``source``
  optional), at least two points per function, intensities strictly increasing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.risk.index.values import (
    _check_columns,
    _duplicates,
    _numbers,
    _open,
    _province_problems,
    _rows,
    resolve_provinces,
)

Source = str | Path | pd.DataFrame


def _prepare(source: Source, required: tuple[str, ...], problems: ProblemCollector, name=None):
    frame, file_name = _open(source, None, problems, name)
    if frame is None:
        return None, {}
    where = {"file": file_name}
    if not _check_columns(frame, required, problems, where):
        return None, where
    return frame, where


def _negative(values: pd.Series, column: str, problems: ProblemCollector, where: dict) -> None:
    for row, value in zip(_rows(values < 0), values[values < 0], strict=True):
        problems.add(
            f"{column} must not be negative, got {value:g}",
            f"{column} ต้องไม่ติดลบ แต่พบ {value:g}",
            row=row,
            column=column,
            value=str(value),
            **where,
        )


def read_events(source: Source, problems: ProblemCollector, file_name=None) -> pd.DataFrame:
    required = ("event_id", "hazard", "province", "intensity", "annual_frequency")
    frame, where = _prepare(source, required, problems, file_name)
    if frame is None:
        return pd.DataFrame(columns=list(required))
    codes = resolve_provinces(frame["province"])
    _province_problems(frame, codes, problems, where)
    out = pd.DataFrame(
        {
            "event_id": frame["event_id"].astype(str),
            "hazard": frame["hazard"].astype(str).str.strip().str.lower(),
            "province": codes,
            "intensity": _numbers(frame, "intensity", problems, where, required=True),
            "annual_frequency": _numbers(frame, "annual_frequency", problems, where, True),
            "row": np.arange(len(frame)) + 2,
        }
    )
    _negative(out["annual_frequency"], "annual_frequency", problems, where)
    _duplicates(
        out[["event_id", "province"]], problems, where, "event and province", "เหตุการณ์และจังหวัด"
    )
    out["file"] = where["file"]
    return out


def read_exposure(source: Source, problems: ProblemCollector, file_name=None) -> pd.DataFrame:
    required = ("province", "asset_type", "value")
    frame, where = _prepare(source, required, problems, file_name)
    if frame is None:
        return pd.DataFrame(columns=list(required))
    codes = resolve_provinces(frame["province"])
    _province_problems(frame, codes, problems, where)
    out = pd.DataFrame(
        {
            "province": codes,
            "asset_type": frame["asset_type"].astype(str).str.strip().str.lower(),
            "value": _numbers(frame, "value", problems, where, required=True),
            "unit": frame["unit"].astype(str) if "unit" in frame else "",
        }
    )
    _negative(out["value"], "value", problems, where)
    _duplicates(
        out[["province", "asset_type"]],
        problems,
        where,
        "province and asset type",
        "จังหวัดและประเภททรัพย์สิน",
    )
    return out


def read_impact_functions(
    source: Source, problems: ProblemCollector, file_name=None
) -> pd.DataFrame:
    required = ("hazard", "asset_type", "intensity", "damage_ratio")
    frame, where = _prepare(source, required, problems, file_name)
    if frame is None:
        return pd.DataFrame(columns=list(required))
    out = pd.DataFrame(
        {
            "hazard": frame["hazard"].astype(str).str.strip().str.lower(),
            "asset_type": frame["asset_type"].astype(str).str.strip().str.lower(),
            "intensity": _numbers(frame, "intensity", problems, where, required=True),
            "damage_ratio": _numbers(frame, "damage_ratio", problems, where, required=True),
            "source": frame["source"].astype(str) if "source" in frame else "",
        }
    )
    ratio = out["damage_ratio"]
    outside = (ratio < 0) | (ratio > 1)
    for row, value in zip(_rows(outside), ratio[outside], strict=True):
        problems.add(
            f"damage_ratio must be between 0 and 1, got {value:g}",
            f"damage_ratio ต้องอยู่ระหว่าง 0 ถึง 1 แต่พบ {value:g}",
            row=row,
            column="damage_ratio",
            value=str(value),
            **where,
        )
    _duplicates(
        out[["hazard", "asset_type", "intensity"]],
        problems,
        where,
        "hazard, asset type and intensity",
        "ภัย ประเภททรัพย์สิน และความรุนแรง",
    )
    points = out.groupby(["hazard", "asset_type"])["intensity"].count()
    for (hazard, asset), count in points[points < 2].items():
        problems.add(
            f"impact function {hazard}/{asset} needs at least two points, has {count}",
            f"ฟังก์ชันผลกระทบ {hazard}/{asset} ต้องมีอย่างน้อยสองจุด แต่มี {count}",
            **where,
        )
    return out


def damage_ratio(intensity: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Piecewise-linear damage ratio; flat beyond the first and last points."""
    order = np.argsort(xs)
    return np.interp(np.asarray(intensity, dtype=float), xs[order], ys[order])


def expected_annual_impact(
    events: pd.DataFrame, exposure: pd.DataFrame, functions: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """EAI per province, hazard and asset type (see module doc), and notes on exposure
    that no impact function covers. Vectorised: one interpolation per function."""
    notes: list[Problem] = []
    pairs = events.merge(exposure, on="province", how="inner")
    covered = functions[["hazard", "asset_type"]].drop_duplicates()
    pairs = pairs.merge(covered.assign(_has=True), on=["hazard", "asset_type"], how="left")
    uncovered = pairs.loc[pairs["_has"].isna(), ["hazard", "asset_type"]].drop_duplicates()
    for hazard, asset in uncovered.itertuples(index=False):
        notes.append(
            Problem(
                f"no impact function for hazard {hazard} and asset type {asset}: counted as "
                "no damage",
                f"ไม่มีฟังก์ชันผลกระทบของภัย {hazard} กับทรัพย์สินประเภท {asset}: ถือว่าไม่เสียหาย",
            )
        )
    pairs = pairs[pairs["_has"].notna()].drop(columns="_has").reset_index(drop=True)
    ratio = np.zeros(len(pairs))
    for (hazard, asset), points in functions.groupby(["hazard", "asset_type"]):
        rows = ((pairs["hazard"] == hazard) & (pairs["asset_type"] == asset)).to_numpy()
        ratio[rows] = damage_ratio(
            pairs.loc[rows, "intensity"].to_numpy(),
            points["intensity"].to_numpy(dtype=float),
            points["damage_ratio"].to_numpy(dtype=float),
        )
    pairs["damage_ratio"] = ratio
    pairs["annual_impact"] = pairs["annual_frequency"] * ratio * pairs["value"]
    table = (
        pairs.groupby(["province", "hazard", "asset_type"], as_index=False)
        .agg(
            exposure_value=("value", "first"),
            n_events=("event_id", "nunique"),
            eai=("annual_impact", "sum"),
        )
        .sort_values(["province", "hazard", "asset_type"])
        .reset_index(drop=True)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        table["eai_share_of_exposure"] = np.where(
            table["exposure_value"] > 0, table["eai"] / table["exposure_value"], np.nan
        )
    return table, notes


def load_eai(
    events: Source, exposure: Source, functions: Source
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and validate the three tables (every problem at once), then compute EAI."""
    problems = ProblemCollector()
    ev = read_events(events, problems)
    ex = read_exposure(exposure, problems)
    fn = read_impact_functions(functions, problems)
    if not problems and not ev.empty:
        known = set(fn["hazard"])
        for row in ev.loc[~ev["hazard"].isin(known)].itertuples():
            problems.add(
                f"no impact function for hazard {row.hazard!r}; functions exist for: "
                f"{', '.join(sorted(known))}",
                f"ไม่มีฟังก์ชันผลกระทบของภัย {row.hazard!r} มีสำหรับ: {', '.join(sorted(known))}",
                file=row.file,
                row=int(row.row),
                column="hazard",
                value=row.hazard,
            )
    problems.raise_if_any()
    return expected_annual_impact(ev, ex, fn)


def eai_by_province(table: pd.DataFrame) -> pd.DataFrame:
    """EAI summed per province (over hazards and asset types)."""
    return table.groupby("province", as_index=False)["eai"].sum()
