"""The index arithmetic, each expectation derived by hand from the INFORM method:
min-max scaling with fixed bounds to 0-10, inversion for "higher is better", log(x + 1)
scaling, clipping, weighted arithmetic means, geometric mean across the three dimensions,
five classes (INFORM Risk bounds 2.0 / 3.5 / 5.0 / 6.5), ranks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from climateplan.risk.index.framework import Band, Label
from climateplan.risk.index.scoring import (
    classify,
    geometric_mean,
    normalise,
    rank_high_first,
    weighted_mean,
)


def score(values, low, high, better=False, log=False):
    s, clipped = normalise(np.array([values], dtype=float), low, high, better, log)
    return s[0], clipped[0]


def test_min_max_with_fixed_bounds():
    # s = 10 * (x - min) / (max - min): 30 on [0, 60] -> 10 * 30 / 60 = 5.0
    s, _ = score([30.0], [0.0], [60.0])
    assert s[0] == pytest.approx(5.0)
    # 150 on [100, 300] -> 10 * 50 / 200 = 2.5 (bounds need not start at zero)
    s, _ = score([150.0], [100.0], [300.0])
    assert s[0] == pytest.approx(2.5)


def test_higher_is_better_is_inverted():
    # 15 on [0, 60] scales to 2.5; for a capacity indicator the score is 10 - 2.5 = 7.5
    s, _ = score([15.0], [0.0], [60.0], better=[True])
    assert s[0] == pytest.approx(7.5)


def test_log_transform_applies_log_x_plus_1_to_value_and_bounds():
    # s = 10 * (ln(99 + 1) - ln(0 + 1)) / (ln(999 + 1) - ln(0 + 1)) = 10 * ln 100 / ln 1000
    #   = 10 * 2 / 3 = 6.667 (ln 100 = 2 ln 10, ln 1000 = 3 ln 10)
    s, _ = score([99.0], [0.0], [999.0], log=[True])
    assert s[0] == pytest.approx(20.0 / 3.0)
    # the same value scaled linearly would score 10 * 99 / 999 = 0.991
    s_lin, _ = score([99.0], [0.0], [999.0])
    assert s_lin[0] == pytest.approx(990.0 / 999.0)


def test_values_beyond_the_bounds_are_clipped_and_flagged():
    s, clipped = score([75.0, -5.0, 60.0, np.nan], [0.0] * 4, [60.0] * 4)
    assert s[0] == pytest.approx(10.0)  # 75 > max 60 -> 10
    assert s[1] == pytest.approx(0.0)  # -5 < min 0 -> 0
    assert s[2] == pytest.approx(10.0)  # on the bound: not clipped
    assert math.isnan(s[3])  # missing stays missing, never 0
    assert clipped.tolist() == [True, True, False, False]


def test_weighted_arithmetic_mean_over_available_children():
    # (1 * 2 + 3 * 8) / (1 + 3) = 26 / 4 = 6.5
    assert weighted_mean(np.array([[2.0, 8.0]]), np.array([1.0, 3.0]))[0] == pytest.approx(6.5)
    # a missing child drops out with its weight: the same 6.5, not (2 + 0 + 24) / 9
    got = weighted_mean(np.array([[2.0, np.nan, 8.0]]), np.array([1.0, 5.0, 3.0]))[0]
    assert got == pytest.approx(6.5)
    # nothing available -> NaN
    assert math.isnan(weighted_mean(np.array([[np.nan, np.nan]]), np.array([1.0, 1.0]))[0])


def test_geometric_mean_across_dimensions():
    # risk = (HE x V x LCC)^(1/3): (4 x 5 x 6.4)^(1/3) = 128^(1/3) = 5.04 (5.0 to one
    # decimal); 5.04^3 = 128.0
    risk = geometric_mean(np.array([4.0]), np.array([5.0]), np.array([6.4]))[0]
    assert risk == pytest.approx(128.0 ** (1 / 3))
    assert round(risk, 1) == 5.0
    # an exact case: (4 x 6.25 x 5)^(1/3) = 125^(1/3) = 5
    assert geometric_mean(np.array([4.0]), np.array([6.25]), np.array([5.0]))[0] == pytest.approx(
        5.0
    )
    # one dimension missing -> no risk score
    assert math.isnan(geometric_mean(np.array([4.0]), np.array([np.nan]), np.array([5.0]))[0])
    # unlike the arithmetic mean (3.33), a zero dimension gives zero risk
    assert geometric_mean(np.array([0.0]), np.array([5.0]), np.array([5.0]))[0] == 0.0


INFORM_CLASSES = (
    Band("very_low", Label("Very low", "ต่ำมาก"), 2.0),
    Band("low", Label("Low", "ต่ำ"), 3.5),
    Band("medium", Label("Medium", "ปานกลาง"), 5.0),
    Band("high", Label("High", "สูง"), 6.5),
    Band("very_high", Label("Very high", "สูงมาก"), None),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "very_low"),
        (1.99, "very_low"),
        (2.0, "low"),  # a score on a bound belongs to the class above (INFORM: 2.0-3.4 low)
        (3.49, "low"),
        (3.5, "medium"),
        (4.99, "medium"),
        (5.0, "high"),
        (6.49, "high"),
        (6.5, "very_high"),
        (10.0, "very_high"),
        (np.nan, ""),
    ],
)
def test_classes_at_their_boundaries(value, expected):
    assert classify(np.array([value]), INFORM_CLASSES)[0] == expected


def test_rank_one_is_the_highest_risk_and_ties_share_a_rank():
    scores = pd.Series([3.0, 7.5, np.nan, 7.5, 1.0], index=list("abcde"))
    ranks = rank_high_first(scores)
    assert ranks["b"] == 1 and ranks["d"] == 1  # tie for the highest
    assert ranks["a"] == 3  # two provinces above it
    assert ranks["e"] == 4
    assert ranks.isna()["c"]  # no score, no rank
