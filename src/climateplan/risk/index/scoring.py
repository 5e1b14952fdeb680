"""Scores 0-10, weighted means, geometric mean across dimensions, classes, ranks, drivers.

The arithmetic (documented with worked examples in docs/risk/index.md):

1. Normalisation with the indicator's fixed bounds, after clipping the value to them::

       s = 10 * (t(x) - t(min)) / (t(max) - t(min)),   t(x) = x  or  log(x + 1)

   and ``s = 10 - s`` for indicators where higher is better.
2. Components, categories and dimensions are weighted arithmetic means of their
   children over the children that have a score; a node's coverage is the weighted
   share of its applicable indicators that have a value. Below the framework's
   ``min_coverage`` a node's score is NaN and flagged, never zero.
3. Risk = (HE x V x LCC)^(1/3), the geometric mean of the three dimensions (INFORM).
4. The same aggregation runs per hazard (only indicators tagged with the hazard or
   "all", and hazard components of that hazard) and per NAP sector (only indicators
   tagged with the sector).

Everything is vectorised over provinces: each node is one NumPy operation on a
provinces x children array.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from climateplan.errors import Problem
from climateplan.reference.provinces import provinces
from climateplan.risk.index.framework import DIMENSIONS, Band, Framework
from climateplan.risk.index.values import IndicatorValues

RISK = "risk"
# Scores are compared with class bounds after rounding to this many decimals, so that a
# score that is a bound in exact arithmetic but not in floating point, such as
# (5 x 5 x 5)^(1/3) = 4.999999999999999, lands in the class the bound starts. Scores are
# shown with one or two decimals; nine is far below that and far above float64 error.
BOUND_DECIMALS = 9


# --------------------------------------------------------------------------- arithmetic


def normalise(
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    higher_is_better: np.ndarray,
    log: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores 0-10 for a provinces x indicators array (NaN stays NaN) and a mask of
    the values that were clipped to the bounds. Bound arrays broadcast over columns."""
    values = np.asarray(values, dtype=float)
    low = np.broadcast_to(np.asarray(low, dtype=float), values.shape[-1:])
    high = np.broadcast_to(np.asarray(high, dtype=float), values.shape[-1:])
    log = np.broadcast_to(np.asarray(log, dtype=bool), values.shape[-1:])
    better = np.broadcast_to(np.asarray(higher_is_better, dtype=bool), values.shape[-1:])
    clipped_values = np.clip(values, low, high)
    clipped = ~np.isnan(values) & (clipped_values != values)
    x = np.where(log, np.log1p(np.where(log, clipped_values, 0.0)), clipped_values)
    t_low = np.where(log, np.log1p(np.where(log, low, 0.0)), low)
    t_high = np.where(log, np.log1p(np.where(log, high, 0.0)), high)
    score = 10.0 * (x - t_low) / (t_high - t_low)
    score = np.where(better, 10.0 - score, score)
    return score, clipped


def weighted_mean(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise weighted arithmetic mean over the columns that have a score (NaN where
    none has)."""
    scores = np.asarray(scores, dtype=float)
    weights = np.broadcast_to(np.asarray(weights, dtype=float), scores.shape)
    present = ~np.isnan(scores)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (w * np.nan_to_num(scores)).sum(axis=1) / total, np.nan)


def geometric_mean(*dimensions: np.ndarray) -> np.ndarray:
    """(d1 x d2 x ... x dn)^(1/n), NaN where any dimension is NaN."""
    stacked = np.vstack([np.asarray(d, dtype=float) for d in dimensions])
    return np.prod(stacked, axis=0) ** (1.0 / len(dimensions))


def bounds_reached(scores: np.ndarray, bounds) -> np.ndarray:
    """How many of the ascending ``bounds`` each score reaches (is at or above), after
    rounding both to ``BOUND_DECIMALS`` decimals; NaN counts as 0."""
    scores = np.round(np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0), BOUND_DECIMALS)
    bounds = np.round(np.asarray(bounds, dtype=float), BOUND_DECIMALS)
    return np.searchsorted(bounds, scores, side="right")


def classify(scores: np.ndarray, bands: tuple[Band, ...]) -> np.ndarray:
    """The class id of each score: the first class whose upper bound it is below
    ("" for NaN). A score equal to a bound belongs to the class above it (compared
    after rounding, see ``BOUND_DECIMALS``)."""
    scores = np.asarray(scores, dtype=float)
    bounds = np.array([b.below for b in bands[:-1]], dtype=float)
    position = bounds_reached(scores, bounds)
    ids = np.array([b.id for b in bands], dtype=object)[position]
    return np.where(np.isnan(scores), "", ids)


def rank_high_first(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest score; ties share the best rank; NaN gets no rank."""
    return scores.rank(ascending=False, method="min", na_option="keep").astype("Int64")


# ---------------------------------------------------------------------------- aggregation


@dataclass
class NodeScore:
    """A node's result over provinces: score, coverage, and (when asked for) each
    indicator's effective weight in the score (rows sum to 1 where there is a score)."""

    score: np.ndarray
    coverage: np.ndarray
    effective: np.ndarray | None  # provinces x indicators; None when not kept
    applicable: bool
    flagged: np.ndarray  # coverage below the minimum: score withheld
    column: int = -1  # an indicator leaf: its column (its effective weight is implicit)
    # per province: False where the node cannot apply (a hazard that cannot occur
    # there, e.g. coastal hazards inland); None: applies in every province
    applies: np.ndarray | None = None

    def applies_in(self, n_prov: int) -> np.ndarray:
        if not self.applicable:
            return np.zeros(n_prov, dtype=bool)
        return np.ones(n_prov, dtype=bool) if self.applies is None else self.applies


def aggregate(
    framework: Framework,
    scores: np.ndarray,
    indicator_ids: list[str],
    indicator_mask: np.ndarray,
    hazard: str | None = None,
    effective: bool = True,
    keep_effective: bool = False,
    province_codes: pd.Index | None = None,
) -> dict[str, NodeScore]:
    """Score every node of the hierarchy for all provinces.

    ``indicator_mask`` marks the indicators that belong to the context; ``hazard``
    keeps hazard components of other hazards out. Nodes with no applicable indicator
    are "not applicable" (NaN, and left out of their parent). ``effective`` also
    carries each indicator's effective weight up the tree (for drivers); below the
    dimensions those matrices are freed on the way unless ``keep_effective``.
    With ``province_codes`` (the rows' provinces), a component of a hazard limited to
    some provinces (``occurs_in``) is not applicable elsewhere: NaN, and left out of
    its parent there (neither scored 0 nor counted as missing)."""
    n_prov, n_ind = scores.shape
    codes = None if province_codes is None else np.asarray(province_codes, dtype=str)
    column = {ind: j for j, ind in enumerate(indicator_ids)}
    min_coverage = framework.settings.min_coverage
    results: dict[str, NodeScore] = {}
    present_all = ~np.isnan(scores)
    no_flags = np.zeros(n_prov, dtype=bool)
    # a child's effective-weight matrix is freed once its last parent has used it
    pending_parents: dict[str, int] = {}
    for node in framework.nodes_in_order():
        for child in node.children:
            if child.kind != "indicator":
                pending_parents[child.ref] = pending_parents.get(child.ref, 0) + 1

    def leaf(ind_id: str) -> NodeScore:
        j = column[ind_id]
        return NodeScore(
            score=scores[:, j],
            coverage=present_all[:, j].astype(float),
            effective=None,
            applicable=bool(indicator_mask[j]),
            flagged=no_flags,
            column=j,
        )

    for node in framework.nodes_in_order():
        if node.hazards and hazard is not None and hazard not in node.hazards:
            results[node.id] = _not_applicable(n_prov)
            continue
        kids = [leaf(c.ref) if c.kind == "indicator" else results[c.ref] for c in node.children]
        keep = [i for i, k in enumerate(kids) if k.applicable and node.children[i].weight > 0]
        if not keep:
            results[node.id] = _not_applicable(n_prov)
            continue
        limited = framework.node_provinces(node) if codes is not None else None
        own = None if limited is None else np.isin(codes, list(limited))
        weights = np.array([node.children[i].weight for i in keep])
        child_scores = np.column_stack([kids[i].score for i in keep])
        child_coverage = np.column_stack([kids[i].coverage for i in keep])
        if own is None and all(kids[i].applies is None for i in keep):
            applies = None
            coverage = child_coverage @ weights / weights.sum()
            present = ~np.isnan(child_scores)
            w = np.where(present, weights, 0.0)
        else:
            child_applies = np.column_stack([kids[i].applies_in(n_prov) for i in keep])
            w_applies = np.where(child_applies, weights, 0.0)
            if own is not None:
                w_applies[~own] = 0.0
            w_total = w_applies.sum(axis=1)
            applies = w_total > 0
            with np.errstate(invalid="ignore", divide="ignore"):
                coverage = np.where(
                    applies,
                    (np.nan_to_num(child_coverage) * w_applies).sum(axis=1) / w_total,
                    np.nan,
                )
            present = ~np.isnan(child_scores) & child_applies
            w = np.where(present, w_applies, 0.0)
        total = w.sum(axis=1)
        share = np.divide(w, total[:, None], out=np.zeros_like(w), where=total[:, None] > 0)
        score = np.where(total > 0, (share * np.nan_to_num(child_scores)).sum(axis=1), np.nan)
        flagged = coverage < min_coverage
        score = np.where(flagged, np.nan, score)
        if applies is not None:
            score = np.where(applies, score, np.nan)
        eff = None
        if effective:
            eff = np.zeros((n_prov, n_ind))
            for k, i in enumerate(keep):
                if kids[i].column >= 0:
                    eff[:, kids[i].column] += share[:, k]
                else:
                    eff += share[:, [k]] * kids[i].effective
            eff[np.isnan(score)] = 0.0
            for child in node.children:
                if child.kind != "indicator":
                    pending_parents[child.ref] -= 1
                    if pending_parents[child.ref] == 0 and not keep_effective:
                        results[child.ref].effective = None
        results[node.id] = NodeScore(score, coverage, eff, True, flagged, applies=applies)
    return results


def _not_applicable(n_prov: int, n_ind: int = 0) -> NodeScore:
    return NodeScore(
        score=np.full(n_prov, np.nan),
        coverage=np.full(n_prov, np.nan),
        effective=None,
        applicable=False,
        flagged=np.zeros(n_prov, dtype=bool),
    )


# -------------------------------------------------------------------------------- result


@dataclass
class RiskIndexResult:
    """Everything the index computed, as tables (see docs/risk/index.md for columns)."""

    framework: Framework
    values: IndicatorValues
    indicator_scores: pd.DataFrame  # province x indicator, 0-10
    clipped: pd.DataFrame  # province x indicator, bool
    scores: pd.DataFrame  # long: every context x node x province
    drivers: pd.DataFrame  # long: province x context x driver rank
    missing: pd.DataFrame  # long: province x missing indicator
    contexts: dict[tuple[str, str], dict[str, NodeScore]] = field(repr=False)
    notes: list[Problem] = field(default_factory=list)

    @property
    def provinces(self) -> pd.Index:
        return self.indicator_scores.index

    def table(self, context_kind: str = "overall") -> pd.DataFrame:
        """Wide table of one context kind: a row per province (and hazard or sector) with
        risk, the three dimensions, class, rank, coverage and drivers."""
        long = self.scores[
            (self.scores["context_kind"] == context_kind)
            & self.scores["node"].isin([RISK, *DIMENSIONS])
        ]
        long = long.astype({c: str for c in ("province", "context", "node")})
        keys = ["province", "context"]
        wide = long.pivot_table(
            index=keys, columns="node", values="score", aggfunc="first", dropna=False
        )
        wide = wide.reindex(columns=[RISK, *DIMENSIONS])
        risk_rows = long[long["node"] == RISK].set_index(keys)
        for col in ("class", "class_en", "class_th", "rank", "coverage", "status"):
            values = risk_rows[col]
            wide[col] = (
                values.astype(str) if isinstance(values.dtype, pd.CategoricalDtype) else values
            )
        drivers = self.driver_text(context_kind)
        wide["drivers"] = drivers.reindex(wide.index).fillna("")
        wide = wide.reset_index()
        names = provinces().set_index("code")
        wide.insert(1, "name_th", wide["province"].map(names["name_th"]))
        wide.insert(2, "name_en", wide["province"].map(names["name_en"]))
        if context_kind == "overall":
            wide = wide.drop(columns="context")
        return wide

    def driver_text(self, context_kind: str) -> pd.Series:
        if self.drivers.empty:
            return pd.Series(dtype=str)
        d = self.drivers[self.drivers["context_kind"] == context_kind]
        text = d["indicator"].astype(str) + " (+" + d["contribution"].round(2).astype(str) + ")"
        keys = [d["province"].astype(str), d["context"].astype(str)]
        return text.groupby(keys).agg("; ".join)


# ------------------------------------------------------------------------------- compute


def _contexts(framework: Framework, ids: list[str]) -> list[tuple[str, str, np.ndarray, Any]]:
    inds = [framework.indicators[i] for i in ids]
    everything = np.ones(len(ids), dtype=bool)
    out = [("overall", "all", everything, None)]
    for hazard_id in framework.hazards:
        mask = np.array([ind.applies_to_hazard(hazard_id) for ind in inds])
        out.append(("hazard", hazard_id, mask, hazard_id))
    for sector_id in framework.nap_sectors:
        mask = np.array([sector_id in ind.nap_sectors for ind in inds])
        out.append(("sector", sector_id, mask, None))
    return out


def compute_index(
    framework: Framework, values: IndicatorValues, keep_effective: bool = False
) -> RiskIndexResult:
    """Scores, classes, ranks, drivers and missing-value report for every province.

    ``keep_effective`` keeps every node's provinces x indicators matrix of effective
    weights in ``result.contexts`` (memory grows with provinces x nodes x contexts);
    by default they are dropped once the drivers are known."""
    ids = framework.used_indicators()
    raw = values.values.reindex(columns=ids)
    inds = [framework.indicators[i] for i in ids]
    score_array, clipped_array = normalise(
        raw.to_numpy(dtype=float),
        np.array([i.min for i in inds]),
        np.array([i.max for i in inds]),
        np.array([i.direction == "higher_is_better" for i in inds]),
        np.array([i.transform == "log" for i in inds]),
    )
    indicator_scores = pd.DataFrame(score_array, index=raw.index, columns=raw.columns)
    clipped = pd.DataFrame(clipped_array, index=raw.index, columns=raw.columns)

    contexts: dict[tuple[str, str], dict[str, NodeScore]] = {}
    blocks: list[tuple[str, str, str, NodeScore]] = []
    driver_frames = []
    dim_of = framework.dimension_of_indicators()
    for kind, key, mask, hazard in _contexts(framework, ids):
        nodes = aggregate(
            framework,
            score_array,
            ids,
            mask,
            hazard,
            keep_effective=keep_effective,
            province_codes=raw.index,
        )
        dims = [nodes[d] for d in DIMENSIONS]
        applicable = all(d.applicable for d in dims)
        risk_score = geometric_mean(*(d.score for d in dims)) if applicable else None
        if risk_score is None:
            nodes[RISK] = _not_applicable(len(raw), len(ids))
        else:
            coverage = np.mean([d.coverage for d in dims], axis=0)
            flagged = np.isnan(risk_score) & np.any([d.flagged for d in dims], axis=0)
            applies = None
            if any(d.applies is not None for d in dims):
                applies = np.all([d.applies_in(len(raw)) for d in dims], axis=0)
                coverage = np.where(applies, coverage, np.nan)
            nodes[RISK] = NodeScore(risk_score, coverage, None, True, flagged, applies=applies)
        contexts[(kind, key)] = nodes
        listed = (
            [RISK, *DIMENSIONS, *framework.categories, *framework.components]
            if kind == "overall"
            else [RISK, *DIMENSIONS]
        )
        for node_id in listed:
            ns = nodes[node_id]
            if ns.applicable:
                blocks.append((kind, key, node_id, ns))
        if nodes[RISK].applicable:
            driver_frames.append((kind, key, _drivers(framework, ids, dim_of, nodes, score_array)))
        if not keep_effective:
            for ns in nodes.values():
                ns.effective = None
    scores = _long_scores(framework, raw.index, blocks)
    drivers = _drivers_table(raw.index, ids, dim_of, driver_frames)
    return RiskIndexResult(
        framework=framework,
        values=values,
        indicator_scores=indicator_scores,
        clipped=clipped,
        scores=scores,
        drivers=drivers,
        missing=_missing(framework, raw),
        contexts=contexts,
        notes=list(values.notes),
    )


def _labels(values: list[str]) -> pd.Categorical:
    """A column of repeated labels, stored once (a categorical), in first-seen order."""
    categories = list(dict.fromkeys(values))
    lookup = {v: i for i, v in enumerate(categories)}
    return pd.Categorical.from_codes([lookup[v] for v in values], categories=categories)


def _long_scores(
    framework: Framework, index: pd.Index, blocks: list[tuple[str, str, str, NodeScore]]
) -> pd.DataFrame:
    """One row per province x (context, node) block, built from arrays in one go:
    label columns are categoricals, so 100,000 provinces x 70 blocks stay cheap."""
    n, n_blocks = len(index), len(blocks)
    block_of_row = np.repeat(np.arange(n_blocks), n)
    score = np.concatenate([b[3].score for b in blocks]) if blocks else np.array([])
    coverage = np.concatenate([b[3].coverage for b in blocks]) if blocks else np.array([])
    flagged = np.concatenate([b[3].flagged for b in blocks]) if blocks else np.array([])
    not_applicable = (
        np.concatenate([~b[3].applies_in(n) for b in blocks])
        if blocks
        else np.array([], dtype=bool)
    )
    status_code = np.where(not_applicable, 3, np.where(flagged, 2, np.where(np.isnan(score), 1, 0)))

    def per_block(values: list[str]) -> pd.Categorical:
        cat = _labels(values)
        return pd.Categorical.from_codes(cat.codes[block_of_row], categories=cat.categories)

    table = pd.DataFrame(
        {
            "province": pd.Categorical.from_codes(
                np.tile(np.arange(n), n_blocks), categories=index.astype(str)
            ),
            "context_kind": per_block([b[0] for b in blocks]),
            "context": per_block([b[1] for b in blocks]),
            "node": per_block([b[2] for b in blocks]),
            "node_kind": per_block([_node_kind(framework, b[2]) for b in blocks]),
            "score": score,
            "coverage": coverage,
            "status": pd.Categorical.from_codes(
                status_code, categories=["ok", "missing", "low_coverage", "not_applicable"]
            ),
        }
    )
    bands = framework.settings.classes
    bounds = np.array([b.below for b in bands[:-1]], dtype=float)
    # 0 = no score, 1..5 = the classes (same rule as classify())
    codes = np.where(np.isnan(score), 0, 1 + bounds_reached(score, bounds))
    order = ["", *(b.id for b in bands)]
    table["class"] = pd.Categorical.from_codes(codes, categories=order)
    table["class_en"] = pd.Categorical.from_codes(
        codes, categories=["", *(b.label.en for b in bands)]
    )
    table["class_th"] = pd.Categorical.from_codes(
        codes, categories=["", *(b.label.th for b in bands)]
    )
    # rank within each block (one context and node across provinces): 1 = highest
    rank = (
        pd.DataFrame(score.reshape(n_blocks, n))
        .rank(axis=1, ascending=False, method="min", na_option="keep")
        .to_numpy()
        .ravel()
    )
    rank = pd.Series(rank)
    table["rank"] = rank.astype("Int64").to_numpy()
    return table


def _node_kind(framework: Framework, node_id: str) -> str:
    if node_id == RISK:
        return RISK
    if node_id in DIMENSIONS:
        return "dimension"
    return "category" if node_id in framework.categories else "component"


def _drivers(
    framework: Framework,
    ids: list[str],
    dim_of: dict[str, str],
    nodes: dict[str, NodeScore],
    score_array: np.ndarray,
) -> dict[str, np.ndarray]:
    """The indicators adding most points to a dimension score (effective weight x score),
    top N per province; the contribution is in points of the 0-10 dimension score.
    Returned as arrays (province position, indicator position, ...) for one context."""
    n = framework.settings.drivers
    effective = np.zeros_like(score_array)
    for dim in DIMENSIONS:
        cols = [j for j, i in enumerate(ids) if dim_of[i] == dim]
        effective[:, cols] = nodes[dim].effective[:, cols]
    contribution = effective * np.nan_to_num(score_array)
    top = np.argsort(-contribution, axis=1, kind="stable")[:, :n]
    rows = np.repeat(np.arange(len(score_array)), top.shape[1])
    cols = top.ravel()
    keep = contribution[rows, cols] > 0
    return {
        "row": rows[keep],
        "col": cols[keep],
        "driver_rank": np.tile(np.arange(1, top.shape[1] + 1), len(score_array))[keep],
        "indicator_score": score_array[rows, cols][keep],
        "effective_weight": effective[rows, cols][keep],
        "contribution": contribution[rows, cols][keep],
    }


def _drivers_table(
    index: pd.Index,
    ids: list[str],
    dim_of: dict[str, str],
    parts: list[tuple[str, str, dict[str, np.ndarray]]],
) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame()
    lengths = [len(p[2]["row"]) for p in parts]
    block = np.repeat(np.arange(len(parts)), lengths)
    joined = {k: np.concatenate([p[2][k] for p in parts]) for k in parts[0][2]}
    kinds = _labels([p[0] for p in parts])
    keys = _labels([p[1] for p in parts])
    dims = _labels([dim_of[i] for i in ids])
    return pd.DataFrame(
        {
            "province": pd.Categorical.from_codes(joined["row"], categories=index.astype(str)),
            "context_kind": pd.Categorical.from_codes(kinds.codes[block], kinds.categories),
            "context": pd.Categorical.from_codes(keys.codes[block], keys.categories),
            "driver_rank": joined["driver_rank"],
            "indicator": pd.Categorical.from_codes(joined["col"], categories=ids),
            "dimension": pd.Categorical.from_codes(dims.codes[joined["col"]], dims.categories),
            "indicator_score": joined["indicator_score"],
            "effective_weight": joined["effective_weight"],
            "contribution": joined["contribution"],
        }
    )


def not_applicable_mask(framework: Framework, raw: pd.DataFrame) -> pd.DataFrame:
    """province x indicator: True where the indicator cannot apply (all its hazards are
    limited to provinces that do not include this one)."""
    out = pd.DataFrame(False, index=raw.index, columns=raw.columns)
    for ind_id in raw.columns:
        limited = framework.indicator_provinces(ind_id)
        if limited is not None:
            out[ind_id] = ~raw.index.isin(list(limited))
    return out


def _missing(framework: Framework, raw: pd.DataFrame) -> pd.DataFrame:
    stacked = (raw.isna() & ~not_applicable_mask(framework, raw)).stack()
    gaps = stacked[stacked].reset_index()[["province", "indicator"]]
    inds = framework.indicators
    gaps["name_en"] = gaps["indicator"].map(lambda i: inds[i].name.en)
    gaps["name_th"] = gaps["indicator"].map(lambda i: inds[i].name.th)
    gaps["value_from"] = gaps["indicator"].map(lambda i: inds[i].value_from)
    gaps["expected_source"] = gaps["indicator"].map(
        lambda i: (
            inds[i].source
            if inds[i].gridded is None
            else f"{inds[i].gridded.index} {inds[i].gridded.period} {inds[i].gridded.scenario} "
            f"{inds[i].gridded.statistic}"
        )
    )
    return gaps


# ------------------------------------------------------------------ hazard x NAP sector


def hazard_sector_scores(result: RiskIndexResult) -> pd.DataFrame:
    """Risk of every hazard in every NAP sector, per province (long table).

    The same aggregation as the per-hazard and per-sector results, with the indicators
    tagged with both: hazard h (or "all") and sector s; Risk_hs = (HE_hs x V_hs x
    LCC_hs)^(1/3). A pair without an indicator in one of the three dimensions, or a
    hazard that cannot occur in the province, is "not_applicable" (no score). ``linked``
    is True where the framework lists the sector for the hazard (its register row)."""
    fw = result.framework
    ids = fw.used_indicators()
    scores = result.indicator_scores.reindex(columns=ids).to_numpy(dtype=float)
    inds = [fw.indicators[i] for i in ids]
    codes = result.provinces
    n = len(codes)
    bands = fw.settings.classes
    frames = []
    for hazard in fw.hazards.values():
        occurs = np.ones(n, dtype=bool)
        if hazard.provinces is not None:
            occurs = np.isin(np.asarray(codes, dtype=str), list(hazard.provinces))
        for sector_id, sector in fw.nap_sectors.items():
            mask = np.array(
                [ind.applies_to_hazard(hazard.id) and sector_id in ind.nap_sectors for ind in inds]
            )
            nodes = aggregate(
                fw, scores, ids, mask, hazard.id, effective=False, province_codes=codes
            )
            dims = [nodes[d] for d in DIMENSIONS]
            applies = occurs.copy()
            if all(d.applicable for d in dims):
                risk = geometric_mean(*(d.score for d in dims))
                for d in dims:
                    applies &= d.applies_in(n)
                coverage = np.mean([d.coverage for d in dims], axis=0)
            else:
                risk = np.full(n, np.nan)
                applies[:] = False
                coverage = np.full(n, np.nan)
            risk = np.where(applies, risk, np.nan)
            status = np.where(~applies, "not_applicable", np.where(np.isnan(risk), "missing", "ok"))
            frame = pd.DataFrame(
                {
                    "province": codes.astype(str),
                    "hazard": hazard.id,
                    "hazard_en": hazard.name.en,
                    "hazard_th": hazard.name.th,
                    "sector": sector_id,
                    "sector_en": sector.en,
                    "sector_th": sector.th,
                    "linked": sector_id in hazard.nap_sectors,
                    "risk": risk,
                    **{d: np.where(applies, nodes[d].score, np.nan) for d in DIMENSIONS},
                    "coverage": np.where(applies, coverage, np.nan),
                    "status": status,
                }
            )
            frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table["class"] = classify(table["risk"].to_numpy(dtype=float), bands)
    labels = {b.id: b.label for b in bands}
    table["class_en"] = table["class"].map(lambda c: labels[c].en if c else "")
    table["class_th"] = table["class"].map(lambda c: labels[c].th if c else "")
    return table
