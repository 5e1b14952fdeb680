"""Multi-criteria analysis worked by hand (docs/adaptation.md, "Prioritisation")."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.adaptation import build_plan
from climateplan.adaptation.mca import (
    Criterion,
    normalise,
    rank_high_first,
    read_weights,
    sensitivity,
    switch_weights,
    weighted_sum,
)
from climateplan.errors import InputError

from .conftest import action_line, write_actions, write_weights


def test_four_actions_three_criteria_by_hand():
    """Effectiveness 1-5 linear; cost log10 scale 1e5-1e9 THB, lower better; technical
    feasibility 1-5 linear; weights 50 / 30 / 20 (criteria.csv scales).

    effectiveness n = (x - 1) / 4:  A 5 -> 1, B 3 -> 0.5, C 4 -> 0.75, D 1 -> 0
    cost n = 1 - (log10 x - 5) / 4: A 1e6 -> 0.75, B 1e5 -> 1, C 1e8 -> 0.25, D 1e9 -> 0
    feasibility n = (x - 1) / 4:    A 3 -> 0.5, B 5 -> 1, C 4 -> 0.75, D 1 -> 0
    A = 0.5 x 1    + 0.3 x 0.75 + 0.2 x 0.5  = 0.825
    B = 0.5 x 0.5  + 0.3 x 1    + 0.2 x 1    = 0.75
    C = 0.5 x 0.75 + 0.3 x 0.25 + 0.2 x 0.75 = 0.6
    D = 0
    """
    criteria = [
        Criterion("effectiveness", "", "", 1, 5, "linear", "higher_better", ""),
        Criterion("cost", "", "", 1e5, 1e9, "log", "lower_better", ""),
        Criterion("feasibility_technical", "", "", 1, 5, "linear", "higher_better", ""),
    ]
    values = np.array([[5, 1e6, 3], [3, 1e5, 5], [4, 1e8, 4], [1, 1e9, 1]], dtype=float)
    n = normalise(values, criteria)
    np.testing.assert_allclose(n[:, 1], [0.75, 1.0, 0.25, 0.0])
    scores = weighted_sum(n, np.array([50.0, 30.0, 20.0]))
    np.testing.assert_allclose(scores, [0.825, 0.75, 0.6, 0.0])
    assert list(rank_high_first(scores)) == [1, 2, 3, 4]


def test_values_beyond_the_scale_are_clipped_and_ties_share_the_best_rank():
    criteria = [Criterion("effectiveness", "", "", 1, 5, "linear", "higher_better", "")]
    n = normalise(np.array([[7.0], [5.0], [0.0]]), criteria)  # 7 -> 1 (clipped), 0 -> 0
    np.testing.assert_allclose(n[:, 0], [1.0, 1.0, 0.0])
    assert list(rank_high_first(weighted_sum(n, np.array([1.0])))) == [1, 1, 3]


def test_plan_ranks_four_actions_on_the_register_risk_effectiveness_and_feasibility(
    tmp_path, profile
):
    """The risk criterion reads the register: the highest P x C among the hazards answered
    (flood 16, drought 6, heat 2), on the 1-25 scale: n = (x - 1) / 24.

    A1 flood:        risk 16 -> 15/24 = 0.625, effectiveness 5 -> 1,    institutional 2 -> 0.25
    A2 drought:      risk  6 ->  5/24,         effectiveness 4 -> 0.75, institutional 5 -> 1
    A3 heat;drought: risk max(2, 6) = 6 -> 5/24, effectiveness 2 -> 0.25, institutional 4 -> 0.75
    A4 flood;heat:   risk 16 -> 0.625,         effectiveness 1 -> 0,    institutional 1 -> 0
    weights risk 2, effectiveness 1, institutional 1 -> 0.5, 0.25, 0.25
    A1 = 0.3125 + 0.25 + 0.0625 = 0.625 -> 62.5
    A2 = 0.5 x 5/24 + 0.1875 + 0.25 = 0.541667 -> 54.1667
    A3 = 0.5 x 5/24 + 0.0625 + 0.1875 = 0.354167 -> 35.4167
    A4 = 0.3125 -> 31.25
    """
    actions = write_actions(
        tmp_path / "actions.csv",
        action_line("A1", hazards="flood", effectiveness=5, feasibility_institutional=2),
        action_line("A2", hazards="drought", effectiveness=4, feasibility_institutional=5),
        action_line(
            "A3",
            hazards="heat;drought",
            sectors="public_health",
            effectiveness=2,
            feasibility_institutional=4,
        ),
        action_line("A4", hazards="flood;heat", effectiveness=1, feasibility_institutional=1),
    )
    weights = write_weights(
        tmp_path / "w.csv", {"risk": 2, "effectiveness": 1, "feasibility_institutional": 1}
    )
    plan = build_plan(actions, profile, weights=weights)
    got = plan.priority.set_index("code")
    assert got.loc["A1", "score"] == pytest.approx(62.5)
    assert got.loc["A2", "score"] == pytest.approx(100 * (0.5 * 5 / 24 + 0.1875 + 0.25))
    assert got.loc["A3", "score"] == pytest.approx(100 * (0.5 * 5 / 24 + 0.0625 + 0.1875))
    assert got.loc["A4", "score"] == pytest.approx(31.25)
    assert list(plan.priority["code"]) == ["A1", "A2", "A3", "A4"]
    assert list(plan.priority["rank"]) == [1, 2, 3, 4]
    # the points per criterion add up to the score
    points = got[["risk_points", "effectiveness_points", "feasibility_institutional_points"]]
    np.testing.assert_allclose(points.sum(axis=1), got["score"])


def test_urgency_and_equity_read_the_register(tmp_path, profile):
    """Urgency: earliest timeframe of the answered hazards (short 3, medium or not known
    2, long 1; scale 1-3): flood short -> 3 -> n 1; heat long -> 1 -> n 0.
    Equity: share of the register's vulnerable groups of the answered hazards that the
    action serves: heat names elderly, children, chronic_disease, outdoor_workers,
    low_income (5); serving elderly and children -> 2/5 = 0.4."""
    actions = write_actions(
        tmp_path / "actions.csv",
        action_line("U1", hazards="flood"),
        action_line(
            "U2", hazards="heat", sectors="public_health", vulnerable_groups="elderly;children"
        ),
    )
    weights = write_weights(tmp_path / "w.csv", {"urgency": 1, "equity": 1})
    plan = build_plan(actions, profile, weights=weights)
    values = plan.criteria_values
    assert values.loc["U1", "urgency"] == 3 and values.loc["U2", "urgency"] == 1
    assert values.loc["U2", "equity"] == pytest.approx(0.4)
    assert values.loc["U1", "equity"] == 0


def test_lead_changes_at_the_weight_worked_by_hand():
    """Two actions, two criteria: A = (1, 0.2), B = (0.4, 0.8), weights 0.7 / 0.3.
    Share t of criterion 1: A = 0.2 + 0.8 t, B = 0.8 - 0.4 t, equal at t = 0.5.
    Now t = 0.7: A leads (0.76 against 0.52); B takes the lead below t = 0.5, never above.
    Criterion 2 (share s = 1 - t): equal at s = 0.5, above the current 0.3."""
    n = np.array([[1.0, 0.2], [0.4, 0.8]])
    table = switch_weights(n, np.array([0.7, 0.3]), ["c1", "c2"], ["A", "B"]).set_index("criterion")
    assert table.loc["c1", "first_ranked"] == "A"
    assert table.loc["c1", "lead_changes_below"] == pytest.approx(0.5)
    assert table.loc["c1", "new_first_below"] == "B"
    assert np.isnan(table.loc["c1", "lead_changes_above"])
    assert table.loc["c2", "lead_changes_above"] == pytest.approx(0.5)
    assert table.loc["c2", "new_first_above"] == "B"


def test_monte_carlo_stays_when_the_flip_is_out_of_reach_and_splits_when_it_is_not():
    """Same two actions. Weights 0.7 / 0.3 within +/-20 %: the share of criterion 1 is at
    least 0.56 / (0.56 + 0.36) = 0.609 > 0.5, so A is first in every sample (p = 1).
    Weights 0.5 / 0.5 within +/-50 %: A is first when u1 > u2, probability 1/2 by
    symmetry (10,000 samples: standard error 0.005)."""
    n = np.array([[1.0, 0.2], [0.4, 0.8]])
    stable = sensitivity(n, np.array([0.7, 0.3]), spread=0.2, samples=10_000, top=1, seed=3)
    assert stable["p_first"].tolist() == [1.0, 0.0]
    assert stable["rank_p05"].tolist() == [1, 2] and stable["rank_p95"].tolist() == [1, 2]
    split = sensitivity(n, np.array([0.5, 0.5]), spread=0.5, samples=10_000, top=1, seed=3)
    assert split.loc[0, "p_first"] == pytest.approx(0.5, abs=0.02)
    assert split.loc[0, "p_top"] + split.loc[1, "p_top"] == pytest.approx(1.0)


def test_presets_and_weights_files(tmp_path):
    preset = read_weights("balanced")
    assert preset.normalised.sum() == pytest.approx(1.0)
    with pytest.raises(InputError) as error:
        read_weights(write_weights(tmp_path / "zero.csv", {"risk": 0, "cost": 0}))
    assert "sum to zero" in str(error.value)
    with pytest.raises(InputError) as error:
        read_weights(write_weights(tmp_path / "neg.csv", {"risk": -1, "cost": 2}))
    problem = error.value.problems[0]
    assert (problem.row, problem.column) == (2, "weight")
    assert "0 or more" in problem.message_en and "ตั้งแต่ 0" in problem.message_th
    with pytest.raises(InputError) as error:
        read_weights(write_weights(tmp_path / "own.csv", {"beauty": 1}))
    assert "own criterion" in str(error.value)
    with pytest.raises(InputError):
        read_weights("no_such_preset")
