"""Class and level bounds under floating point: a score on a bound belongs to the class
(or level) the bound starts, also when floating point lands it a hair below.

Bounds of the default framework (docs/risk/index.md, section 5; INFORM Risk classes):
very low < 2.0 <= low < 3.5 <= medium < 5.0 <= high < 6.5 <= very high; register
levels: 1 + number of the bounds 2, 4, 6, 8 reached; matrix cells by P x C: < 5 low,
5-9 medium, 10-16 high, >= 17 very high.
"""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.risk.index.framework import load_framework
from climateplan.risk.index.register import score_to_level
from climateplan.risk.index.scoring import classify, geometric_mean

FW = load_framework()
CLASSES = FW.settings.classes
CLASS_BOUNDS = [(2.0, "very_low", "low"), (3.5, "low", "medium"), (5.0, "medium", "high"),
                (6.5, "high", "very_high")]  # fmt: skip


@pytest.mark.parametrize(("bound", "below", "above"), CLASS_BOUNDS)
def test_class_at_every_bound(bound, below, above):
    just_under_in_float = np.nextafter(bound, 0.0)  # the bound, up to float64 rounding
    scores = np.array([bound, just_under_in_float, bound - 0.01])
    assert list(classify(scores, CLASSES)) == [above, above, below]


def test_geometric_means_that_are_bounds_in_exact_arithmetic():
    # (5 x 5 x 5)^(1/3) = 125^(1/3) = 5 exactly; float64 gives 4.999999999999999
    five = geometric_mean(np.array([5.0]), np.array([5.0]), np.array([5.0]))
    assert five[0] < 5.0  # the floating-point trap is real
    assert classify(five, CLASSES)[0] == "high"  # 5.0 starts "high" (INFORM 5.0-6.4)
    # (2 x 2 x 2)^(1/3) = 2 -> "low"; (6.5^3)^(1/3) = 6.5 -> "very high"
    two = geometric_mean(np.array([2.0]), np.array([2.0]), np.array([2.0]))
    six5 = geometric_mean(np.array([6.5]), np.array([6.5]), np.array([6.5]))
    assert classify(two, CLASSES)[0] == "low"
    assert classify(six5, CLASSES)[0] == "very_high"


@pytest.mark.parametrize(("bound", "level"), [(2.0, 2), (4.0, 3), (6.0, 4), (8.0, 5)])
def test_register_level_at_every_bound(bound, level):
    scores = np.array([bound, np.nextafter(bound, 0.0), bound - 0.01])
    assert list(score_to_level(scores, (2.0, 4.0, 6.0, 8.0))) == [level, level, level - 1]


def test_register_level_of_cube_root_64():
    # (4 x 4 x 4)^(1/3) = 64^(1/3) = 4 exactly (float64: 3.9999999999999996);
    # level = 1 + #{2, 4} reached = 3
    four = geometric_mean(np.array([4.0]), np.array([4.0]), np.array([4.0]))
    assert score_to_level(four, (2.0, 4.0, 6.0, 8.0))[0] == 3


@pytest.mark.parametrize(
    ("product", "level"),
    [(4, "low"), (5, "medium"), (9, "medium"), (10, "high"), (16, "high"), (17, "very_high")],
)
def test_matrix_levels_at_every_bound(product, level):
    assert classify(np.array([float(product)]), FW.settings.register.matrix_levels)[0] == level
