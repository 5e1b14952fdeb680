"""The whole index on the mini framework (tests/risk/index/data/mini_framework.yaml),
every expectation worked out by hand from the indicator values in conftest.py.

Indicator scores (s = 10 (x - min) / (max - min); beds is "higher is better": 10 - s):
    TH-50: f_rain 30/60 -> 5.0, f_pop 6/60 -> 1.0, h_days 30/60 -> 5.0,
           poverty 30/60 -> 5.0, beds 10 - 10 * 3.6/10 = 6.4
    TH-10: f_rain 54/60 -> 9.0, f_pop missing, h_days 48/60 -> 8.0,
           poverty 12/60 -> 2.0, beds 10 - 10 * 5/10 = 5.0
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from climateplan.risk.index.framework import parse_framework
from climateplan.risk.index.scoring import compute_index
from climateplan.risk.index.values import load_values


@pytest.fixture
def result(mini, mini_tables):
    table, gridded = mini_tables
    return compute_index(mini, load_values(mini, table, gridded))


def node(result, province, node_id, kind="overall", context="all"):
    s = result.scores
    row = s[
        (s["province"] == province)
        & (s["node"] == node_id)
        & (s["context_kind"] == kind)
        & (s["context"] == context)
    ]
    assert len(row) == 1, (province, node_id, kind, context)
    return row.iloc[0]


def test_indicator_scores(result):
    s = result.indicator_scores
    assert s.loc["TH-50"].to_dict() == pytest.approx(
        {"f_rain": 5.0, "f_pop": 1.0, "h_days": 5.0, "poverty": 5.0, "beds": 6.4}
    )
    assert s.loc["TH-10", "f_rain"] == pytest.approx(9.0)
    assert math.isnan(s.loc["TH-10", "f_pop"])


def test_complete_province_by_hand(result):
    # flood component = (5.0 + 1.0) / 2 = 3.0; heat component = 5.0
    assert node(result, "TH-50", "flood")["score"] == pytest.approx(3.0)
    # HE = mean of the two hazard components = (3.0 + 5.0) / 2 = 4.0
    assert node(result, "TH-50", "hazard_exposure")["score"] == pytest.approx(4.0)
    assert node(result, "TH-50", "vulnerability")["score"] == pytest.approx(5.0)
    assert node(result, "TH-50", "lack_of_coping_capacity")["score"] == pytest.approx(6.4)
    # risk = (4 x 5 x 6.4)^(1/3) = 128^(1/3) = 5.04 -> "high" (5.0 <= s < 6.5)
    risk = node(result, "TH-50", "risk")
    assert risk["score"] == pytest.approx(128 ** (1 / 3))
    assert risk["class"] == "high"
    assert (risk["class_en"], risk["class_th"]) == ("High", "สูง")
    assert risk["coverage"] == pytest.approx(1.0)
    assert risk["status"] == "ok"


def test_missing_value_is_reported_and_never_zero(result):
    # TH-10 lacks f_pop: the flood component has 1 of 2 equal weights = coverage 0.5,
    # below min_coverage 0.6 -> no flood score, flagged
    flood = node(result, "TH-10", "flood")
    assert flood["coverage"] == pytest.approx(0.5)
    assert math.isnan(flood["score"])
    assert flood["status"] == "low_coverage"
    # the hazards category covers (0.5 + 1.0) / 2 = 0.75 >= 0.6: its score is the mean
    # over the components that have one: heat alone = 8.0 (not (0 + 8) / 2 = 4)
    he = node(result, "TH-10", "hazard_exposure")
    assert he["score"] == pytest.approx(8.0)
    assert he["coverage"] == pytest.approx(0.75)
    # risk = (8 x 2 x 5)^(1/3) = 80^(1/3) = 4.31 -> medium; coverage (0.75 + 1 + 1) / 3
    risk = node(result, "TH-10", "risk")
    assert risk["score"] == pytest.approx(80 ** (1 / 3))
    assert risk["class"] == "medium"
    assert risk["coverage"] == pytest.approx(2.75 / 3)
    missing = result.missing
    assert missing[["province", "indicator"]].values.tolist() == [["TH-10", "f_pop"]]
    assert missing["name_th"].iloc[0] == "ประชากรในพื้นที่น้ำท่วม"


def test_lower_minimum_coverage_keeps_the_partial_component(mini_text, mini_tables):
    fw = parse_framework(mini_text.replace("min_coverage: 0.6", "min_coverage: 0.5"), "m.yaml")
    table, gridded = mini_tables
    result = compute_index(fw, load_values(fw, table, gridded))
    # flood = f_rain alone = 9.0; HE = (9.0 + 8.0) / 2 = 8.5
    assert node(result, "TH-10", "flood")["score"] == pytest.approx(9.0)
    assert node(result, "TH-10", "hazard_exposure")["score"] == pytest.approx(8.5)


def test_ranks(result):
    # 5.04 (TH-50) above 4.31 (TH-10)
    assert node(result, "TH-50", "risk")["rank"] == 1
    assert node(result, "TH-10", "risk")["rank"] == 2


def test_per_hazard_scores(result):
    # flood: HE = flood component only = 3.0; V = 5.0 and LCC = 6.4 (tagged "all")
    # risk = (3 x 5 x 6.4)^(1/3) = 96^(1/3) = 4.58
    flood = node(result, "TH-50", "risk", "hazard", "flood")
    assert flood["score"] == pytest.approx(96 ** (1 / 3))
    assert node(result, "TH-50", "hazard_exposure", "hazard", "flood")["score"] == pytest.approx(
        3.0
    )
    # heat: HE = 5.0 -> (5 x 5 x 6.4)^(1/3) = 160^(1/3) = 5.43
    assert node(result, "TH-50", "risk", "hazard", "heat")["score"] == pytest.approx(160 ** (1 / 3))
    # TH-10 has no flood score (flood coverage 0.5 < 0.6): flagged, not zero, unranked
    flood10 = node(result, "TH-10", "risk", "hazard", "flood")
    assert math.isnan(flood10["score"]) and flood10["status"] == "low_coverage"
    assert pd.isna(flood10["rank"])
    # heat for TH-10: (8 x 2 x 5)^(1/3) = 80^(1/3)
    assert node(result, "TH-10", "risk", "hazard", "heat")["score"] == pytest.approx(80 ** (1 / 3))


def test_per_sector_scores(result):
    # water: f_rain, f_pop, poverty, beds -> HE = flood component only -> same as flood risk
    assert node(result, "TH-50", "risk", "sector", "water")["score"] == pytest.approx(96 ** (1 / 3))
    # public health: h_days, poverty, beds -> same as heat risk
    public = node(result, "TH-50", "risk", "sector", "public_health")
    assert public["score"] == pytest.approx(160 ** (1 / 3))


def test_drivers_are_the_largest_weighted_contributions(result):
    d = result.drivers
    top = d[(d["province"] == "TH-50") & (d["context_kind"] == "overall")]
    # contributions (effective weight in its dimension x score):
    # f_rain 0.5*0.5*5 = 1.25, f_pop 0.25*1 = 0.25, h_days 0.5*5 = 2.5, poverty 1*5 = 5,
    # beds 1*6.4 = 6.4 -> the two largest: beds, poverty (settings.drivers = 2)
    assert top["indicator"].tolist() == ["beds", "poverty"]
    assert top["contribution"].tolist() == pytest.approx([6.4, 5.0])
    top10 = d[(d["province"] == "TH-10") & (d["context_kind"] == "overall")]
    # TH-10: h_days carries the whole HE (flood withheld): 1 * 8 = 8; beds 5; poverty 2
    assert top10["indicator"].tolist() == ["h_days", "beds"]
    assert result.table("overall").set_index("province").loc["TH-50", "drivers"] == (
        "beds (+6.4); poverty (+5.0)"
    )


def test_effective_weights_reproduce_every_score(mini, mini_tables):
    # the recursive weighted means equal one weighted sum of indicator scores
    table, gridded = mini_tables
    result = compute_index(mini, load_values(mini, table, gridded), keep_effective=True)
    scores = np.nan_to_num(result.indicator_scores.to_numpy())
    for (_, _), nodes in result.contexts.items():
        for node_id, ns in nodes.items():
            if not ns.applicable or node_id == "risk":
                continue
            ok = ~np.isnan(ns.score)
            assert np.allclose((ns.effective * scores).sum(axis=1)[ok], ns.score[ok])


def test_wide_tables(result):
    overall = result.table("overall")
    assert list(overall["province"]) == ["TH-10", "TH-50"]
    assert {"risk", "hazard_exposure", "class", "rank", "drivers", "name_th"} <= set(
        overall.columns
    )
    hazards = result.table("hazard")
    assert len(hazards) == 4  # 2 provinces x 2 hazards
