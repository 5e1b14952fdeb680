"""Key category analysis, IPCC 2006 Vol 1 Ch 4 Approach 1: expected values by hand."""

import numpy as np
import pandas as pd
import pytest

from climateplan.errors import InputError
from climateplan.inventory.key_categories import (
    category_emissions,
    key_categories,
    level_assessment,
    trend_assessment,
)

GAS_COLS = ("co2e_co2", "co2e_ch4", "co2e_n2o", "co2e_other")


def lines_frame(rows, inventory="TH-50/2023"):
    """A hand-made result frame with the engine's columns that the analysis reads."""
    base = {
        "inventory": inventory,
        "notation_key": "",
        "in_basic": True,
        "in_basic_plus": True,
        "in_territorial": True,
        "ipcc_category": "",
        "sector": "",
        "subsector": "",
        **dict.fromkeys(GAS_COLS, 0.0),
    }
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["co2e"] = frame[list(GAS_COLS)].sum(axis=1)
    return frame


def four_categories():
    # I.1.1 CO2 = 400 + 200 = 600 (two lines of one category add up first),
    # II.1.1 CO2 = 250, V.3 CH4 = 120, III.1.1 CH4 = 30; sum |E| = 1000 t CO2e.
    return lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e_co2": 400.0},
            {"gpc_ref": "I.1.1", "co2e_co2": 200.0},
            {"gpc_ref": "II.1.1", "co2e_co2": 250.0},
            {"gpc_ref": "V.3", "co2e_ch4": 120.0},
            {"gpc_ref": "III.1.1", "co2e_ch4": 30.0},
            # outside BASIC+ (GPC Table 4.1: I.4.4 territorial only): not analysed
            {"gpc_ref": "I.4.4", "co2e_co2": 5000.0, "in_basic_plus": False, "in_basic": False},
            # a notation-key line carries no emissions even if a value slipped in
            {"gpc_ref": "IV.1", "co2e_co2": 9999.0, "notation_key": "IE"},
        ]
    )


def test_level_assessment_four_categories_by_hand():
    """IPCC 2006 Vol 1 Ch 4 Eq 4.1: L = |E_x| / sum |E_y|, sorted, cumulated, cut at 95 %."""
    table = level_assessment(four_categories())
    assert list(zip(table["category"], table["gas"], strict=True)) == [
        ("I.1.1", "CO2"),
        ("II.1.1", "CO2"),
        ("V.3", "CH4"),
        ("III.1.1", "CH4"),
    ]
    np.testing.assert_allclose(table["emissions_co2e"], [600.0, 250.0, 120.0, 30.0])
    # levels: 600/1000, 250/1000, 120/1000, 30/1000
    np.testing.assert_allclose(table["level"], [0.60, 0.25, 0.12, 0.03])
    # cumulative: 0.60, 0.60+0.25 = 0.85, 0.85+0.12 = 0.97, 0.97+0.03 = 1.00
    np.testing.assert_allclose(table["cumulative"], [0.60, 0.85, 0.97, 1.00])
    # key while the cumulative share *before* the category is below 0.95:
    # 0 < .95, .60 < .95, .85 < .95 (V.3 crosses 95 % and is key), .97 >= .95 (not key)
    assert table["is_key_level"].tolist() == [True, True, True, False]
    assert table["rank_level"].tolist() == [1, 2, 3, 4]
    assert table["description_en"].iloc[0].startswith("Residential buildings")
    assert table["description_th"].iloc[0].startswith("อาคารที่อยู่อาศัย")


def test_level_assessment_uses_absolute_values_of_removals():
    # Eq 4.1 takes |E|: a sink of -300 weighs like a source of 300.
    # sum |E| = 500 + 300 + 200 = 1000 -> levels .5, .3, .2; cumulative .5, .8, 1.0
    frame = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e_co2": 500.0},
            {"gpc_ref": "V.2", "co2e_co2": -300.0},
            {"gpc_ref": "V.3", "co2e_ch4": 200.0},
        ]
    )
    table = level_assessment(frame)
    assert table["category"].tolist() == ["I.1.1", "V.2", "V.3"]
    np.testing.assert_allclose(table["emissions_co2e"], [500.0, -300.0, 200.0])
    np.testing.assert_allclose(table["level"], [0.5, 0.3, 0.2])
    np.testing.assert_allclose(table["cumulative"], [0.5, 0.8, 1.0])
    # before-shares 0, .5, .8 are all < .95: all key
    assert table["is_key_level"].all()


def test_level_assessment_threshold_and_total_are_parameters():
    frame = four_categories()
    # threshold 0.80: before-shares 0, .60 < .80 key; .85 >= .80 not key
    table = level_assessment(frame, threshold=0.80)
    assert table["is_key_level"].tolist() == [True, True, False, False]
    # territorial boundary adds I.4.4 (5000): sum |E| = 6000, its level 5000/6000
    terr = level_assessment(frame, total="territorial")
    assert terr["category"].iloc[0] == "I.4.4"
    assert terr["level"].iloc[0] == pytest.approx(5000.0 / 6000.0)


def test_level_assessment_by_ipcc_category_without_gas():
    frame = lines_frame(
        [
            {"gpc_ref": "I.1.1", "ipcc_category": "1.A.4.b", "co2e_co2": 90.0, "co2e_ch4": 10.0},
            {"gpc_ref": "I.2.1", "ipcc_category": "1.A.4.a", "co2e_co2": 300.0},
        ]
    )
    table = level_assessment(frame, by=("ipcc_category",))
    # keyed on total CO2e: 1.A.4.a = 300, 1.A.4.b = 90 + 10 = 100; levels .75, .25
    assert table["category"].tolist() == ["1.A.4.a", "1.A.4.b"]
    assert table["gas"].tolist() == ["", ""]
    np.testing.assert_allclose(table["level"], [0.75, 0.25])
    assert "Commercial" in table["description_en"].iloc[0]


def test_level_assessment_runs_per_inventory():
    a = lines_frame(
        [{"gpc_ref": "I.1.1", "co2e_co2": 300.0}, {"gpc_ref": "V.3", "co2e_ch4": 100.0}]
    )
    b = lines_frame([{"gpc_ref": "I.1.1", "co2e_co2": 10.0}], inventory="TH-40/2023")
    table = level_assessment(pd.concat([a, b], ignore_index=True))
    # each inventory has its own denominator: 300/400, 100/400 and 10/10
    got = table.set_index(["inventory", "category"])["level"]
    assert got[("TH-50/2023", "I.1.1")] == pytest.approx(0.75)
    assert got[("TH-50/2023", "V.3")] == pytest.approx(0.25)
    assert got[("TH-40/2023", "I.1.1")] == pytest.approx(1.0)


def three_category_years():
    base = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e_co2": 100.0},
            {"gpc_ref": "II.1.1", "co2e_co2": 60.0},
            {"gpc_ref": "V.3", "co2e_ch4": 40.0},
        ],
        inventory="TH-50/2018",
    )
    latest = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e_co2": 130.0},
            {"gpc_ref": "II.1.1", "co2e_co2": 45.0},
            {"gpc_ref": "V.3", "co2e_ch4": 45.0},
        ]
    )
    return latest, base


def test_trend_assessment_three_categories_by_hand():
    """IPCC 2006 Vol 1 Ch 4 Eq 4.2:
    T = |E_x0| / sum|E_y0| * | (E_xt - E_x0)/|E_x0| - (sum E_yt - sum E_y0)/|sum E_y0| |.
    """
    latest, base = three_category_years()
    table = trend_assessment(latest, base)
    # base sum = 100 + 60 + 40 = 200; latest sum = 130 + 45 + 45 = 220
    # total trend = (220 - 200) / 200 = 0.10
    t_i11 = 100 / 200 * abs((130 - 100) / 100 - 0.10)  # 0.5 * |0.30 - 0.10| = 0.100
    t_ii11 = 60 / 200 * abs((45 - 60) / 60 - 0.10)  # 0.3 * |-0.25 - 0.10| = 0.105
    t_v3 = 40 / 200 * abs((45 - 40) / 40 - 0.10)  # 0.2 * |0.125 - 0.10| = 0.005
    assert (t_i11, t_ii11, t_v3) == pytest.approx((0.100, 0.105, 0.005))
    got = table.set_index("category")
    assert got.loc["I.1.1", "trend"] == pytest.approx(0.100)
    assert got.loc["II.1.1", "trend"] == pytest.approx(0.105)
    assert got.loc["V.3", "trend"] == pytest.approx(0.005)
    # sum T = 0.21; contributions 0.105/0.21 = .5, 0.100/0.21 = .47619, 0.005/0.21 = .02381
    assert table["category"].tolist() == ["II.1.1", "I.1.1", "V.3"]
    np.testing.assert_allclose(table["trend_contribution"], [0.5, 0.1 / 0.21, 0.005 / 0.21])
    np.testing.assert_allclose(table["trend_cumulative"], [0.5, 0.205 / 0.21, 1.0])
    # before-shares: 0, .5 (< .95, key), .97619 (>= .95: V.3 not key on trend)
    assert table["is_key_trend"].tolist() == [True, True, False]
    np.testing.assert_allclose(table["base_emissions_co2e"], [60.0, 100.0, 40.0])


def test_trend_assessment_category_in_one_year_only():
    base = lines_frame(
        [{"gpc_ref": "I.1.1", "co2e_co2": 150.0}, {"gpc_ref": "V.3", "co2e_ch4": 50.0}],
        inventory="TH-50/2018",
    )
    latest = lines_frame(
        [{"gpc_ref": "I.1.1", "co2e_co2": 180.0}, {"gpc_ref": "III.1.1", "co2e_ch4": 20.0}]
    )
    table = trend_assessment(latest, base).set_index("category")
    # base sum = 200 (= sum |E0|), latest sum = 200: total trend = 0
    # I.1.1: 150/200 * |30/150 - 0| = 0.75 * 0.2 = 0.15
    assert table.loc["I.1.1", "trend"] == pytest.approx(0.15)
    # V.3 gone (E_t = 0): 50/200 * |(0 - 50)/50 - 0| = 0.25 * 1 = 0.25
    assert table.loc["V.3", "trend"] == pytest.approx(0.25)
    # III.1.1 new (E_0 = 0): expanded Eq 4.2 gives |E_t| / sum|E_0| = 20/200 = 0.10
    assert table.loc["III.1.1", "trend"] == pytest.approx(0.10)
    assert table.loc["III.1.1", "base_emissions_co2e"] == 0.0
    assert table.loc["V.3", "emissions_co2e"] == 0.0


def test_key_categories_combines_level_and_trend():
    latest, base = three_category_years()
    table = key_categories(latest, base).set_index("category")
    # level in latest year: 130/220, 45/220, 45/220; cumulative .5909, .7955, 1.0
    assert table.loc["I.1.1", "level"] == pytest.approx(130 / 220)
    # V.3 is key on level (before-share (130 + 45)/220 = .7955 < .95) but not on trend
    assert bool(table.loc["V.3", "is_key_level"])
    assert not bool(table.loc["V.3", "is_key_trend"])
    assert bool(table.loc["V.3", "is_key"])
    assert table.loc["II.1.1", "trend"] == pytest.approx(0.105)
    expected = [
        "category",
        "gas",
        "description_en",
        "description_th",
        "emissions_co2e",
        "level",
        "cumulative",
        "is_key_level",
        "base_emissions_co2e",
        "trend",
        "trend_contribution",
        "trend_cumulative",
        "is_key_trend",
        "is_key",
    ]
    assert [c for c in expected if c not in table.reset_index().columns] == []


def test_key_categories_without_base_year():
    table = key_categories(four_categories())
    assert table["trend"].isna().all()
    assert not table["is_key_trend"].any()
    assert table["is_key"].tolist() == [True, True, True, False]


def test_category_emissions_ignores_notation_keys_and_zero_categories():
    table = category_emissions(four_categories())
    assert "IV.1" not in set(table["category"])  # IE line
    assert (table["emissions_co2e"] != 0).all()
    assert table["emissions_co2e"].sum() == pytest.approx(1000.0)


def test_trend_needs_one_inventory_each_and_a_nonzero_base():
    latest, base = three_category_years()
    both = pd.concat([latest, base], ignore_index=True)
    with pytest.raises(ValueError, match=r"one inventory.*บัญชี"):
        trend_assessment(both, base)
    empty_base = lines_frame([{"gpc_ref": "I.1.1", "co2e_co2": 0.0}], inventory="TH-50/2018")
    with pytest.raises(ValueError, match=r"undefined.*คำนวณแนวโน้มไม่ได้"):
        trend_assessment(latest, empty_base)


def test_bad_arguments_are_reported_together_in_both_languages():
    frame = four_categories().drop(columns=["co2e_n2o", "in_basic_plus"])
    with pytest.raises(InputError) as err:
        level_assessment(frame)
    text = str(err.value) + err.value.summary("th")
    assert "co2e_n2o" in text and "in_basic_plus" in text
    assert "แหล่งปล่อยหลัก" in err.value.summary("th")
    with pytest.raises(InputError) as err:
        level_assessment(four_categories(), threshold=1.5, total="everything")
    assert len(err.value.problems) == 2
