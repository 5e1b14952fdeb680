"""Risk register per province in the shape of the Global Covenant of Mayors Common
Reporting Framework (CRF v6.1, section 5.2 and Annex D), and the 5 x 5 likelihood x
consequence matrix.

For each hazard of the framework (the mapping is documented in docs/risk/index.md):

- current probability (1-5) from the hazard's *current hazard* indicators (role
  ``hazard``) aggregated like the hazard & exposure dimension;
- current consequence (1-5) from the geometric mean of the hazard's exposure score
  (role ``exposure``), its vulnerability and its lack of coping capacity;
- a 0-10 score becomes a level with the framework's four bounds:
  level = 1 + (number of bounds the score is at or above);
- expected change in intensity and in frequency from the gridded indices the
  framework names for the hazard: "increase" when the whole ensemble spread of the
  change (gridded spread_low / spread_high, the 10th / 90th percentiles of the value,
  minus the baseline) is above zero, "decrease" when below, "no change" when it stays
  within the tolerance (+/- ``no_change_pct`` % of the baseline, or an absolute
  ``no_change`` given for the index), else "not known";
- timeframe of the earliest projection window showing a change, from its middle year;
- NAP sectors and vulnerable groups from the framework;
- a hazard limited to some provinces (``occurs_in``, e.g. coastal hazards) has no row
  for the other provinces: it is not applicable there, neither scored nor placed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from climateplan.risk.index.framework import HISTORICAL, Band, Framework, period_years
from climateplan.risk.index.scoring import (
    RiskIndexResult,
    aggregate,
    bounds_reached,
    classify,
    geometric_mean,
)
from climateplan.risk.index.values import normalise_scenario

CHANGE_LABELS = {
    "increase": ("Increase", "เพิ่มขึ้น"),
    "decrease": ("Decrease", "ลดลง"),
    "no_change": ("No change", "ไม่เปลี่ยนแปลง"),
    "not_known": ("Not known", "ไม่ทราบ"),
}
UNKNOWN_LEVEL = ("Do not know", "ไม่ทราบ")


@dataclass
class Register:
    entries: pd.DataFrame  # one row per province x hazard
    changes: pd.DataFrame  # the gridded rows behind each expected change, classified

    def for_province(self, code: str) -> pd.DataFrame:
        return self.entries[self.entries["province"] == code].reset_index(drop=True)


def score_to_level(scores: np.ndarray, bounds: tuple[float, ...]) -> pd.Series:
    """0-10 scores -> levels 1-5 (<NA> for NaN): 1 + the number of bounds reached
    (compared after rounding, so (4 x 4 x 4)^(1/3) = 3.9999999999999996 reaches 4)."""
    scores = np.asarray(scores, dtype=float)
    level = 1 + bounds_reached(scores, bounds)
    return pd.Series(level, dtype="Int64").mask(np.isnan(scores))


def classify_change(
    change: np.ndarray,
    change_low: np.ndarray,
    change_high: np.ndarray,
    baseline: np.ndarray,
    n_models: np.ndarray,
    sign: np.ndarray | int,
    no_change_pct: float,
    no_change_abs: np.ndarray | float = np.nan,
) -> np.ndarray:
    """The expected change of each gridded row: increase, decrease, no_change, not_known.

    ``change`` is the ensemble-median change from the baseline; ``change_low`` and
    ``change_high`` the ensemble spread of the change. ``sign`` -1 turns an index that
    falls as the hazard grows around. The no-change tolerance is ``no_change_abs`` (in
    the index's unit) where given, else ``no_change_pct`` % of the baseline.

    With a spread (two or more models): the whole spread within the tolerance -> no
    change; above zero -> increase; below zero -> decrease; else the models disagree:
    no change if the median change is within the tolerance, not known otherwise.
    Without a spread: the median change against the tolerance."""
    sign = np.asarray(sign, dtype=float)
    c = sign * np.asarray(change, dtype=float)
    a, b = sign * np.asarray(change_low, dtype=float), sign * np.asarray(change_high, dtype=float)
    lo, hi = np.fmin(a, b), np.fmax(a, b)
    baseline = np.abs(np.asarray(baseline, dtype=float))
    absolute = np.broadcast_to(np.asarray(no_change_abs, dtype=float), c.shape)
    tolerance = np.where(np.isfinite(absolute), absolute, no_change_pct / 100.0 * baseline)
    n_models = np.nan_to_num(np.asarray(n_models, dtype=float), nan=1.0)
    has_spread = (n_models >= 2) & np.isfinite(lo) & np.isfinite(hi)
    known_tol = np.isfinite(tolerance)
    with_spread = np.select(
        [
            known_tol & (lo >= -tolerance) & (hi <= tolerance),
            lo > 0,
            hi < 0,
            known_tol & (np.abs(c) <= tolerance),
        ],
        ["no_change", "increase", "decrease", "no_change"],
        "not_known",
    )
    without_spread = np.select(
        [
            known_tol & (c > tolerance),
            known_tol & (c < -tolerance),
            known_tol & (np.abs(c) <= tolerance),
        ],
        ["increase", "decrease", "no_change"],
        "not_known",
    )
    label = np.where(has_spread, with_spread, without_spread)
    return np.where(np.isfinite(c), label, "not_known")


def combine_changes(labels: pd.Series) -> str:
    """Several indices of one hazard and window: agreeing directions win; opposite
    directions -> not known; no_change only when every index says so."""
    found = set(labels)
    up, down = "increase" in found, "decrease" in found
    if up and not down:
        return "increase"
    if down and not up:
        return "decrease"
    if found == {"no_change"}:
        return "no_change"
    return "not_known"


def timeframe_of(period: str, timeframes: tuple[Band, ...]) -> str:
    """The timeframe whose last middle year (``below``) the period's middle year is at
    or before; the last timeframe has no bound."""
    years = period_years(period)
    if years is None:
        return ""
    middle = (years[0] + years[1]) / 2
    for band in timeframes:
        if band.below is None or middle <= band.below:
            return band.id
    return timeframes[-1].id


def build_register(
    result: RiskIndexResult,
    gridded: pd.DataFrame | None = None,
    scenario: str | None = None,
) -> Register:
    """The GCoM-shaped register for every province and hazard of the result."""
    fw = result.framework
    settings = fw.settings.register
    scenario = normalise_scenario(scenario or settings.scenario)
    ids = fw.used_indicators()
    scores = result.indicator_scores.reindex(columns=ids).to_numpy()
    inds = [fw.indicators[i] for i in ids]
    index = result.provinces
    changes = _classified_changes(fw, gridded, scenario)
    frames = []
    for hazard in fw.hazards.values():
        applies = np.array([ind.applies_to_hazard(hazard.id) for ind in inds])
        roles = np.array([ind.role for ind in inds])
        hazard_only = aggregate(
            fw,
            scores,
            ids,
            applies & (roles == "hazard"),
            hazard.id,
            effective=False,
            province_codes=index,
        )
        exposure_only = aggregate(
            fw,
            scores,
            ids,
            applies & (roles == "exposure"),
            hazard.id,
            effective=False,
            province_codes=index,
        )
        context = result.contexts[("hazard", hazard.id)]
        probability_score = hazard_only["hazard_exposure"].score
        parts = [context["vulnerability"], context["lack_of_coping_capacity"]]
        if exposure_only["hazard_exposure"].applicable:
            parts.insert(0, exposure_only["hazard_exposure"])
        consequence_score = geometric_mean(*(p.score for p in parts))
        frame = pd.DataFrame(
            {
                "province": index,
                "hazard": hazard.id,
                "hazard_en": hazard.name.en,
                "hazard_th": hazard.name.th,
                "hazard_short_en": hazard.short.en,
                "hazard_short_th": hazard.short.th,
                "gcom_hazard_en": hazard.gcom.en,
                "gcom_hazard_th": hazard.gcom.th,
                "risk_score": context["risk"].score,
                "probability_score": probability_score,
                "consequence_score": consequence_score,
            }
        )
        frame["probability"] = score_to_level(probability_score, settings.probability_bounds)
        frame["consequence"] = score_to_level(consequence_score, settings.consequence_bounds)
        frame["nap_sectors"] = ",".join(hazard.nap_sectors)
        frame["nap_sectors_en"] = "; ".join(fw.nap_sectors[s].en for s in hazard.nap_sectors)
        frame["nap_sectors_th"] = "; ".join(fw.nap_sectors[s].th for s in hazard.nap_sectors)
        groups = hazard.vulnerable_groups
        frame["vulnerable_groups"] = ",".join(groups)
        frame["vulnerable_groups_en"] = "; ".join(fw.vulnerable_groups[g].en for g in groups)
        frame["vulnerable_groups_th"] = "; ".join(fw.vulnerable_groups[g].th for g in groups)
        if hazard.provinces is not None:  # cannot occur there: not in the register at all
            frame = frame[frame["province"].isin(list(hazard.provinces))]
        frames.append(frame)
    entries = pd.concat(frames, ignore_index=True)
    entries = _add_labels(entries, fw)
    entries = _add_changes(entries, changes, fw)
    return Register(entries=entries, changes=changes)


def _add_labels(entries: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    settings = fw.settings.register
    bands = fw.settings.classes
    entries["risk_class"] = classify(entries["risk_score"].to_numpy(), bands)
    for what in ("probability", "consequence"):
        level = entries[what]
        crf = pd.Series("", index=entries.index, dtype=object)
        crf_en = pd.Series(UNKNOWN_LEVEL[0], index=entries.index, dtype=object)
        crf_th = pd.Series(UNKNOWN_LEVEL[1], index=entries.index, dtype=object)
        assigned = level.isna().to_numpy().copy()
        for crf_id, label, max_level in settings.crf_levels:
            hit = (~assigned) & (level.fillna(0).to_numpy() <= max_level)
            crf[hit], crf_en[hit], crf_th[hit] = crf_id, label.en, label.th
            assigned |= hit
        entries[f"{what}_crf"], entries[f"{what}_crf_en"], entries[f"{what}_crf_th"] = (
            crf,
            crf_en,
            crf_th,
        )
    product = (entries["probability"] * entries["consequence"]).astype("Float64")
    entries["risk_level"] = product.astype("Int64")
    level_ids = classify(product.to_numpy(dtype=float, na_value=np.nan), settings.matrix_levels)
    labels = {b.id: b.label for b in settings.matrix_levels}
    entries["matrix_level"] = level_ids
    entries["matrix_level_en"] = [labels[i].en if i else UNKNOWN_LEVEL[0] for i in level_ids]
    entries["matrix_level_th"] = [labels[i].th if i else UNKNOWN_LEVEL[1] for i in level_ids]
    return entries


def _classified_changes(fw: Framework, gridded: pd.DataFrame | None, scenario: str) -> pd.DataFrame:
    wanted = [
        (hazard.id, kind, spec.index.lower(), spec.sign, spec.no_change)
        for hazard in fw.hazards.values()
        for kind in ("intensity", "frequency")
        for spec in getattr(hazard, kind)
    ]
    columns = ["hazard", "kind", "index", "sign", "no_change_abs"]
    wanted_frame = pd.DataFrame(wanted, columns=columns)
    if gridded is None or gridded.empty or wanted_frame.empty:
        return pd.DataFrame(
            columns=[*columns, "province", "period", "scenario", "change", "label", "timeframe"]
        )
    rows = gridded[(gridded["scenario"] == scenario) & (gridded["scenario"] != HISTORICAL)]
    table = wanted_frame.merge(rows, on="index", how="inner")
    # the gridded table's spread is the ensemble 10th-90th percentile of the *value*;
    # against the baseline ensemble median it becomes the spread of the change
    table["change_low"] = table["spread_low"] - table["baseline"]
    table["change_high"] = table["spread_high"] - table["baseline"]
    table["label"] = classify_change(
        table["change"].to_numpy(dtype=float),
        table["change_low"].to_numpy(dtype=float),
        table["change_high"].to_numpy(dtype=float),
        table["baseline"].to_numpy(dtype=float),
        table["n_models"].to_numpy(dtype=float),
        table["sign"].to_numpy(dtype=float),
        fw.settings.register.no_change_pct,
        table["no_change_abs"].to_numpy(dtype=float),
    )
    periods = table["period"].drop_duplicates()
    frames = {p: timeframe_of(p, fw.settings.register.timeframes) for p in periods}
    table["timeframe"] = table["period"].map(frames)
    table["start"] = table["period"].map(lambda p: (period_years(p) or (9999, 9999))[0])
    keep = [
        "province",
        "hazard",
        "kind",
        "index",
        "sign",
        "period",
        "start",
        "scenario",
        "timeframe",
        "baseline",
        "change",
        "change_pct",
        "spread_low",
        "spread_high",
        "change_low",
        "change_high",
        "n_models",
        "label",
    ]
    return table[keep].sort_values(["province", "hazard", "kind", "start", "index"])


def _add_changes(entries: pd.DataFrame, changes: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    keys = ["province", "hazard"]
    for kind in ("intensity", "frequency"):
        entries[f"change_{kind}"] = "not_known"
        entries[f"change_{kind}_period"] = ""
    entries["timeframe"] = ""
    entries["change_basis"] = ""
    if not changes.empty:
        per_window = (
            changes.groupby([*keys, "kind", "start", "period", "timeframe"])["label"]
            .agg(combine_changes)
            .reset_index()
            .sort_values([*keys, "kind", "start"])
        )
        directional = per_window[per_window["label"].isin(["increase", "decrease"])]
        first_change = directional.drop_duplicates([*keys, "kind"], keep="first")
        last_window = per_window.drop_duplicates([*keys, "kind"], keep="last")
        chosen = pd.concat([first_change, last_window]).drop_duplicates([*keys, "kind"])
        for kind in ("intensity", "frequency"):
            part = chosen[chosen["kind"] == kind].set_index(keys)
            at = pd.MultiIndex.from_frame(entries[keys])
            entries[f"change_{kind}"] = part["label"].reindex(at).fillna("not_known").to_numpy()
            entries[f"change_{kind}_period"] = part["period"].reindex(at).fillna("").to_numpy()
        earliest = directional.sort_values("start").drop_duplicates(keys, keep="first")
        at = pd.MultiIndex.from_frame(entries[keys])
        entries["timeframe"] = (
            earliest.set_index(keys)["timeframe"].reindex(at).fillna("").to_numpy()
        )
        basis = changes.assign(
            text=changes["index"]
            + " "
            + changes["period"]
            + " "
            + changes["scenario"]
            + ": "
            + changes["change"].map(lambda v: f"{v:+.3g}")
            + " ["
            + changes["change_low"].map(lambda v: f"{v:+.3g}")
            + ", "
            + changes["change_high"].map(lambda v: f"{v:+.3g}")
            + "] -> "
            + changes["label"]
        )
        joined = basis.groupby(keys)["text"].agg("; ".join)
        entries["change_basis"] = (
            joined.reindex(pd.MultiIndex.from_frame(entries[keys])).fillna("").to_numpy()
        )
    for kind in ("intensity", "frequency"):
        col = entries[f"change_{kind}"]
        entries[f"change_{kind}_en"] = col.map(lambda c: CHANGE_LABELS[c][0])
        entries[f"change_{kind}_th"] = col.map(lambda c: CHANGE_LABELS[c][1])
    labels = {b.id: b.label for b in fw.settings.register.timeframes}
    entries["timeframe_en"] = entries["timeframe"].map(
        lambda t: labels[t].en if t else "Not applicable / not known"
    )
    entries["timeframe_th"] = entries["timeframe"].map(
        lambda t: labels[t].th if t else "ไม่มีการเปลี่ยนแปลงหรือไม่ทราบ"
    )
    return entries


def risk_matrix(entries: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The 5 x 5 likelihood x consequence matrix of one province's register: one row per
    cell, with the cell's level and the hazards placed in it."""
    settings = framework.settings.register
    cells = pd.DataFrame(
        [(p, c) for p in range(1, 6) for c in range(1, 6)], columns=["probability", "consequence"]
    )
    cells["risk_level"] = cells["probability"] * cells["consequence"]
    cells["matrix_level"] = classify(cells["risk_level"].to_numpy(float), settings.matrix_levels)
    labels = {b.id: b.label for b in settings.matrix_levels}
    cells["matrix_level_en"] = cells["matrix_level"].map(lambda i: labels[i].en)
    cells["matrix_level_th"] = cells["matrix_level"].map(lambda i: labels[i].th)
    placed = entries.dropna(subset=["probability", "consequence"]).astype(
        {"probability": int, "consequence": int}
    )
    grouped = placed.groupby(["probability", "consequence"])
    for col, src in (
        ("hazards", "hazard"),
        ("hazards_en", "hazard_en"),
        ("hazards_th", "hazard_th"),
        ("hazards_short_en", "hazard_short_en"),
        ("hazards_short_th", "hazard_short_th"),
    ):
        joined = grouped[src].agg(", ".join)
        cells[col] = (
            joined.reindex(pd.MultiIndex.from_frame(cells[["probability", "consequence"]]))
            .fillna("")
            .to_numpy()
        )
    return cells
