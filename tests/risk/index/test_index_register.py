"""GCoM-shaped register: probability and consequence levels, expected change from the
ensemble spread, timeframe, and the 5 x 5 matrix, all derived by hand.

Mapping (framework settings.register): level = 1 + number of the bounds [2, 4, 6, 8]
that the 0-10 score reaches; matrix level by P x C: < 5 low, < 10 medium, < 17 high,
else very high. Indicator scores as in test_index_scoring.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from climateplan.risk.index.framework import Band, Label
from climateplan.risk.index.register import (
    build_register,
    classify_change,
    combine_changes,
    risk_matrix,
    score_to_level,
    timeframe_of,
)
from climateplan.risk.index.scoring import compute_index
from climateplan.risk.index.values import load_values, read_gridded_table


@pytest.fixture
def register(mini, mini_tables):
    table, gridded = mini_tables
    result = compute_index(mini, load_values(mini, table, gridded))
    return build_register(result, read_gridded_table(gridded))


def entry(register, province, hazard):
    e = register.entries
    return e[(e["province"] == province) & (e["hazard"] == hazard)].iloc[0]


def test_score_to_level_boundaries():
    levels = score_to_level(
        np.array([0.0, 1.99, 2.0, 4.0, 5.0, 7.99, 8.0, 10.0, np.nan]), (2.0, 4.0, 6.0, 8.0)
    )
    assert levels.iloc[:8].tolist() == [1, 1, 2, 3, 3, 4, 5, 5]
    assert pd.isna(levels.iloc[8])


def test_flood_entry_by_hand(register):
    flood = entry(register, "TH-50", "flood")
    # probability from the current-hazard indicator f_rain alone: score 5.0 -> level 3
    assert flood["probability_score"] == pytest.approx(5.0)
    assert flood["probability"] == 3
    assert (flood["probability_crf"], flood["probability_crf_th"]) == ("moderate", "ปานกลาง")
    # consequence = (exposure x V x LCC)^(1/3) = (1.0 x 5.0 x 6.4)^(1/3) = 32^(1/3) = 3.17
    # -> level 2 (2 <= 3.17 < 4), CRF "low"
    assert flood["consequence_score"] == pytest.approx(32 ** (1 / 3))
    assert flood["consequence"] == 2
    assert flood["consequence_crf"] == "low"
    # P x C = 6 -> medium (5 <= 6 < 10)
    assert flood["risk_level"] == 6
    assert flood["matrix_level"] == "medium"
    # rx5day 2021-2050: change spread +0.6..+5.4 (value 30.6..35.4 mm less the 30 mm
    # baseline) above zero -> increase; 2051-2080 change -1..+7 straddles zero with a
    # median +3 mm beyond the 1.5 mm tolerance -> not known; the first window with a
    # change is reported, middle year 2035.5 -> medium term (2031-2050)
    assert flood["change_intensity"] == "increase"
    assert flood["change_intensity_th"] == "เพิ่มขึ้น"
    assert flood["change_intensity_period"] == "2021-2050"
    assert flood["change_frequency"] == "not_known"  # no frequency index named for flood
    assert flood["timeframe"] == "medium"
    assert "rx5day 2051-2080 ssp245" in flood["change_basis"]
    assert flood["nap_sectors_en"] == "Water management"
    assert flood["vulnerable_groups_th"] == "ผู้สูงอายุ"


def test_heat_entry_without_exposure_indicator(register):
    heat = entry(register, "TH-50", "heat")
    # probability: h_days 5.0 -> level 3; consequence without an exposure indicator:
    # (V x LCC)^(1/2) = (5.0 x 6.4)^(1/2) = 32^(1/2) = 5.66 -> level 3; 3 x 3 = 9 medium
    assert heat["probability"] == 3
    assert heat["consequence_score"] == pytest.approx(32**0.5)
    assert heat["consequence"] == 3
    assert heat["matrix_level"] == "medium"
    assert heat["change_intensity"] == "not_known" and heat["timeframe"] == ""


def test_unknown_consequence_is_do_not_know(register):
    flood = entry(register, "TH-10", "flood")
    # probability: f_rain 54 mm -> 9.0 -> level 5; exposure f_pop missing -> no consequence
    assert flood["probability"] == 5
    assert pd.isna(flood["consequence"])
    assert flood["consequence_crf_en"] == "Do not know"
    assert pd.isna(flood["risk_level"])


@pytest.mark.parametrize(
    ("change", "low", "high", "baseline", "n", "sign", "tol_abs", "expected"),
    [
        # spread = ensemble spread of the change; tolerance 5 % of the baseline = 5
        (10, 2, 18, 100, 5, 1, np.nan, "increase"),  # whole spread above zero
        (-10, -18, -2, 100, 5, 1, np.nan, "decrease"),  # whole spread below zero
        (1, -3, 4, 100, 5, 1, np.nan, "no_change"),  # spread within +/- 5
        (6, -10, 20, 100, 5, 1, np.nan, "not_known"),  # models disagree, median 6 > 5
        (3, -10, 20, 100, 5, 1, np.nan, "no_change"),  # models disagree, median 3 <= 5
        (8, np.nan, np.nan, 100, 1, 1, np.nan, "increase"),  # one model: 8 > 5
        (2, np.nan, np.nan, 100, 1, 1, np.nan, "no_change"),  # one model: |2| <= 5
        (-7, np.nan, np.nan, 100, 1, 1, np.nan, "decrease"),
        (10, 2, 18, 100, 5, -1, np.nan, "decrease"),  # index falls as the hazard grows
        (np.nan, np.nan, np.nan, 100, 5, 1, np.nan, "not_known"),
        (4, 1, 7, np.nan, 5, 1, np.nan, "increase"),  # no baseline: the spread decides
        # TXx in degC with an absolute tolerance of 0.5 degC (a 5 % rule would mean 2 degC)
        (0.3, 0.1, 0.45, 38.0, 5, 1, 0.5, "no_change"),
        (1.2, 0.6, 1.9, 38.0, 5, 1, 0.5, "increase"),
    ],
)
def test_classify_change(change, low, high, baseline, n, sign, tol_abs, expected):
    arrays = (np.array([v], dtype=float) for v in (change, low, high, baseline, n))
    assert classify_change(*arrays, sign, 5.0, tol_abs)[0] == expected


def test_combine_changes():
    assert combine_changes(pd.Series(["increase", "no_change"])) == "increase"
    assert combine_changes(pd.Series(["increase", "decrease"])) == "not_known"
    assert combine_changes(pd.Series(["no_change", "no_change"])) == "no_change"
    assert combine_changes(pd.Series(["no_change", "not_known"])) == "not_known"


TIMEFRAMES = (
    Band("short", Label("Short-term", "ระยะสั้น"), 2030),
    Band("medium", Label("Medium-term", "ระยะกลาง"), 2050),
    Band("long", Label("Long-term", "ระยะยาว"), None),
)


def test_timeframe_from_middle_year():
    assert timeframe_of("2015-2044", TIMEFRAMES) == "short"  # middle 2029.5
    assert timeframe_of("2021-2050", TIMEFRAMES) == "medium"  # 2035.5
    assert timeframe_of("2041-2060", TIMEFRAMES) == "long"  # 2050.5 is after 2050
    assert timeframe_of("2035-2065", TIMEFRAMES) == "medium"  # 2050.0 is the last medium year
    assert timeframe_of("2051-2080", TIMEFRAMES) == "long"  # 2065.5


def test_matrix_places_each_hazard(register, mini):
    matrix = risk_matrix(register.for_province("TH-50"), mini)
    assert len(matrix) == 25
    cell = matrix.set_index(["probability", "consequence"])
    assert cell.loc[(3, 2), "hazards"] == "flood"
    assert cell.loc[(3, 3), "hazards"] == "heat"
    assert cell.loc[(3, 3), "hazards_th"] == "ความร้อน"
    # levels by P x C: 4 low, 5 medium, 10 high, 16 high, 17+ very high
    assert cell.loc[(1, 4), "matrix_level"] == "low"
    assert cell.loc[(1, 5), "matrix_level"] == "medium"
    assert cell.loc[(2, 5), "matrix_level"] == "high"
    assert cell.loc[(4, 4), "matrix_level"] == "high"
    assert cell.loc[(4, 5), "matrix_level"] == "very_high"
    assert (cell["hazards"] != "").sum() == 2
