"""Multi-criteria prioritisation of adaptation actions and its sensitivity to the weights.

Method (docs/adaptation.md):

1. Each criterion's raw value per action (the register risk answered, effectiveness,
   present value of cost, feasibility, co-benefits, urgency, equity, the province's
   own criteria).
2. Normalisation to 0-1 on the criterion's *fixed* scale (criteria.csv or the weights
   file): linear ``(x - min) / (max - min)`` or logarithmic ``(ln x - ln min) /
   (ln max - ln min)``, clipped to [0, 1], turned round (``1 - n``) where lower is
   better. Fixed scales, not the spread of the actions at hand, so adding or removing
   an action never changes the others' normalised values (no rank reversal).
3. Weighted sum: ``score = sum_k w_k n_k / sum_k w_k``, shown x 100. Rank 1 = highest;
   ties share the best rank.
4. Sensitivity: each weight multiplied by ``1 + u``, u uniform in [-spread, +spread],
   independently, for S samples; per sample the weighted sums of every action
   (one matrix product) and the ranks; reported: the probability of staying in the
   top N, the median and 5-95 % range of the rank. And, one weight at a time (the
   others keep their proportions), the weight at which the first-ranked action changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.adaptation import reference
from climateplan.errors import InputError, Problem, ProblemCollector
from climateplan.mitigation._tables import read_table
from climateplan.uploads import check_file

TRANSFORMS = ("linear", "log")
DIRECTIONS = ("higher_better", "lower_better")


@dataclass(frozen=True)
class Criterion:
    id: str
    en: str
    th: str
    min: float
    max: float
    transform: str
    direction: str
    column: str  # the action-file column of a province's own criterion ("" built in)


@dataclass
class Weights:
    criteria: list[Criterion]
    weights: np.ndarray  # as given (not normalised)
    name: str  # preset name or file name

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    @property
    def normalised(self) -> np.ndarray:
        return self.weights / self.weights.sum()

    def custom_columns(self) -> dict[str, tuple[float, float]]:
        return {c.column: (c.min, c.max) for c in self.criteria if c.column}


def builtin_criteria() -> dict[str, Criterion]:
    table = reference.criteria()
    return {
        cid: Criterion(
            cid,
            r["en"],
            r["th"],
            float(r["min"]),
            float(r["max"]),
            r["transform"],
            r["direction"],
            "",
        )
        for cid, r in table.iterrows()
    }


def preset_weights(name: str) -> Weights:
    table = reference.presets()
    rows = table[table["preset"] == name]
    if rows.empty:
        names = ", ".join(sorted(table["preset"].unique()))
        raise InputError(
            [
                Problem(
                    f"unknown weight preset {name!r}: expected one of {names} "
                    "or a weights file (.csv/.xlsx)",
                    f"ไม่รู้จักชุดน้ำหนัก {name!r}: ต้องเป็นหนึ่งใน {names} หรือไฟล์น้ำหนัก (.csv/.xlsx)",
                )
            ]
        )
    known = builtin_criteria()
    return Weights([known[c] for c in rows["criterion"]], rows["weight"].to_numpy(float), name)


def read_weights(source: str | Path) -> Weights:
    """A preset name (criteria.csv's weight_presets) or a weights table: ``criterion,
    weight`` and, for a province's own criterion, ``en, th, column, min, max,
    transform, direction``. Weights are 0 or more and must not all be zero."""
    text = str(source)
    if not Path(text).suffix and not Path(text).exists():
        return preset_weights(text)
    path = Path(text)
    collector = ProblemCollector()
    if path.exists():
        problems = check_file(path)
        if problems:
            raise InputError(problems)
    table = read_table(path, sheet="weights", collector=collector)
    collector.raise_if_any()
    location = table.location()
    frame = table.frame
    for column in ("criterion", "weight"):
        if column not in frame.columns:
            collector.add(f"missing column {column!r}", f"ไม่มีคอลัมน์ {column!r}", **location, row=1)
    collector.raise_if_any()
    known = builtin_criteria()
    criteria, weights, seen = [], [], set()
    for row, record in frame.iterrows():
        cell = {k: str(v).strip() for k, v in record.items()}
        if not any(cell.values()):
            continue
        cid = cell["criterion"]
        where = dict(**location, row=int(row))
        if cid in seen:
            collector.add(
                f"criterion {cid!r} is listed twice",
                f"เกณฑ์ {cid!r} ซ้ำ",
                **where,
                column="criterion",
            )
        seen.add(cid)
        try:
            weight = float(cell["weight"])
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or weight < 0:
            collector.add(
                f"expected a weight of 0 or more, found {cell['weight']!r}",
                f"น้ำหนักต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป แต่พบ {cell['weight']!r}",
                **where,
                column="weight",
                value=cell["weight"],
            )
            continue
        if cid in known:
            criteria.append(known[cid])
            weights.append(weight)
            continue
        criterion = _own_criterion(cid, cell, collector, where)
        if criterion is not None:
            criteria.append(criterion)
            weights.append(weight)
    if not criteria and not collector:
        collector.add("no criterion is listed", "ไม่มีเกณฑ์ในไฟล์", **location)
    elif weights and sum(weights) <= 0 and not collector:
        collector.add(
            "the weights sum to zero: give at least one criterion a weight above 0",
            "ผลรวมของน้ำหนักเป็นศูนย์: ต้องให้น้ำหนักมากกว่า 0 แก่อย่างน้อยหนึ่งเกณฑ์",
            **location,
            column="weight",
        )
    collector.raise_if_any()
    return Weights(criteria, np.array(weights, dtype=float), path.name)


def _own_criterion(
    cid: str, cell: dict, collector: ProblemCollector, where: dict
) -> Criterion | None:
    """A province's own criterion: every field of its scale is needed."""
    known = ", ".join(builtin_criteria())
    if not cell.get("en") or not cell.get("th"):
        collector.add(
            f"{cid!r} is not a built-in criterion ({known}): a province's own criterion needs "
            "en, th, min, max, transform and direction",
            f"{cid!r} ไม่ใช่เกณฑ์ที่มีให้ ({known}): เกณฑ์ของจังหวัดต้องระบุ en, th, min, max, "
            "transform และ direction",
            **where,
            column="criterion",
            value=cid,
        )
        return None
    ok = True
    try:
        low, high = float(cell.get("min", "")), float(cell.get("max", ""))
        if not (math.isfinite(low) and math.isfinite(high) and high > low):
            raise ValueError
    except ValueError:
        collector.add(
            "min and max must be numbers with max above min",
            "min และ max ต้องเป็นตัวเลขและ max มากกว่า min",
            **where,
            column="min",
        )
        ok, low, high = False, 0.0, 1.0
    transform = cell.get("transform") or "linear"
    if transform not in TRANSFORMS or (transform == "log" and low <= 0):
        collector.add(
            f"transform must be one of {', '.join(TRANSFORMS)} (log needs min above 0)",
            f"transform ต้องเป็นหนึ่งใน {', '.join(TRANSFORMS)} (log ต้องมี min มากกว่า 0)",
            **where,
            column="transform",
            value=transform,
        )
        ok = False
    direction = cell.get("direction") or "higher_better"
    if direction not in DIRECTIONS:
        collector.add(
            f"direction must be one of {', '.join(DIRECTIONS)}",
            f"direction ต้องเป็นหนึ่งใน {', '.join(DIRECTIONS)}",
            **where,
            column="direction",
            value=direction,
        )
        ok = False
    if not ok:
        return None
    return Criterion(
        cid, cell["en"], cell["th"], low, high, transform, direction, cell.get("column") or cid
    )


# --------------------------------------------------------------------------- the arithmetic


def normalise(values: np.ndarray, criteria: list[Criterion]) -> np.ndarray:
    """Raw values (actions x criteria) -> 0-1 on each criterion's fixed scale."""
    values = np.asarray(values, dtype=float)
    low = np.array([c.min for c in criteria])
    high = np.array([c.max for c in criteria])
    log = np.array([c.transform == "log" for c in criteria])
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(log, np.log(np.clip(values, low, None)), values)
        lo = np.where(log, np.log(low), low)
        hi = np.where(log, np.log(high), high)
        n = np.clip((x - lo) / (hi - lo), 0.0, 1.0)
    lower_better = np.array([c.direction == "lower_better" for c in criteria])
    return np.where(lower_better, 1.0 - n, n)


def weighted_sum(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Scores (0-1) of each action; ``weights`` one row or a matrix of samples (S x C):
    then the result is actions x samples."""
    weights = np.asarray(weights, dtype=float)
    if weights.ndim == 1:
        return normalised @ (weights / weights.sum())
    return normalised @ (weights / weights.sum(axis=1, keepdims=True)).T


def rank_high_first(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score; ties share the best rank."""
    return pd.Series(scores).rank(ascending=False, method="min").to_numpy(int)


def weight_samples(weights: np.ndarray, spread: float, samples: int, seed: int) -> np.ndarray:
    """S x C weights, each ``w_k (1 + u)`` with u ~ U(-spread, +spread), independently."""
    rng = np.random.default_rng(seed)
    factors = 1.0 + rng.uniform(-spread, spread, size=(samples, len(weights)))
    return np.asarray(weights, dtype=float)[None, :] * factors


def sensitivity(
    normalised: np.ndarray, weights: np.ndarray, *, spread: float, samples: int, top: int, seed: int
) -> pd.DataFrame:
    """Per action: probability of being first and of being in the top ``top``, and the
    median and 5-95 % range of its rank over Monte Carlo weight samples.

    Vectorised: one matrix product (samples x actions), one sort per sample row, and a
    histogram of ranks per action (``bincount``) from which the nearest-rank
    percentiles are read. Equal scores keep the order of the sort."""
    n_actions = normalised.shape[0]
    top = min(top, n_actions)
    w = weight_samples(weights, spread, samples, seed)
    w /= w.sum(axis=1, keepdims=True)
    scores = w @ np.asarray(normalised, dtype=float).T  # samples x actions, contiguous
    order = np.argsort(-scores, axis=1)  # best first, per sample
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, n_actions + 1)[None, :], axis=1)
    cells = np.arange(n_actions)[None, :] * n_actions + (ranks - 1)
    counts = np.bincount(cells.ravel(), minlength=n_actions * n_actions)
    counts = counts.reshape(n_actions, n_actions)  # action x rank
    share = counts.cumsum(axis=1) / samples

    def nearest_rank(q: float) -> np.ndarray:
        return (share >= q - 1e-12).argmax(axis=1) + 1

    return pd.DataFrame(
        {
            "p_top": counts[:, :top].sum(axis=1) / samples,
            "p_first": counts[:, 0] / samples,
            "rank_median": nearest_rank(0.5),
            "rank_p05": nearest_rank(0.05),
            "rank_p95": nearest_rank(0.95),
        }
    )


def switch_weights(
    normalised: np.ndarray, weights: np.ndarray, ids: list[str], codes: list[str]
) -> pd.DataFrame:
    """One weight at a time: moving criterion k's share t from 0 to 1 while the other
    weights keep their proportions, each action's score is the line
    ``t n_ak + (1 - t) b_a`` (b_a: its score on the other criteria). The first-ranked
    action changes where another action's line first crosses its line; reported for
    each criterion: the crossing below and above the current share and the action
    that takes the lead there."""
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    scores = normalised @ w
    leader = int(np.argmax(scores))
    rows = []
    for k, cid in enumerate(ids):
        current = w[k]
        rest = 1.0 - current
        if rest <= 0:
            rows.append(_switch_row(cid, current, codes[leader], None, None, None, None))
            continue
        others = np.delete(np.arange(len(w)), k)
        b = normalised[:, others] @ (w[others] / rest)
        slope = (normalised[:, k] - b) - (normalised[leader, k] - b[leader])
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (b[leader] - b) / slope
        t[leader] = np.nan
        valid = np.isfinite(t) & (t >= 0) & (t <= 1)
        below = valid & (t < current) & (slope < 0)  # overtakes when the share falls
        above = valid & (t > current) & (slope > 0)  # overtakes when the share rises
        down = int(np.nanargmax(np.where(below, t, np.nan))) if below.any() else None
        up = int(np.nanargmin(np.where(above, t, np.nan))) if above.any() else None
        rows.append(
            _switch_row(
                cid,
                current,
                codes[leader],
                None if down is None else t[down],
                None if down is None else codes[down],
                None if up is None else t[up],
                None if up is None else codes[up],
            )
        )
    return pd.DataFrame(rows)


def _switch_row(cid, current, leader, down, down_code, up, up_code) -> dict:
    return {
        "criterion": cid,
        "weight_share": current,
        "first_ranked": leader,
        "lead_changes_below": down,
        "new_first_below": down_code or "",
        "lead_changes_above": up,
        "new_first_above": up_code or "",
    }
