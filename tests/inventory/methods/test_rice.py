"""Rice cultivation CH4 (IPCC 2006 Vol 4 Ch 5 Eq 5.1-5.3), worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from _lines import method_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method
from climateplan.units import conversion_factor

SPEC = get_method("rice_cultivation")


def test_worked_example_1000_rai_single_drainage_120_days():
    # 1,000 rai x 0.16 ha/rai = 160 ha (the engine converts; 1 rai = 1,600 m2)
    area_ha = 1_000 * conversion_factor("rai", "ha")
    assert area_ha == pytest.approx(160.0)
    # Eq 5.1/5.2: CH4 = A x t x EFc x SFw x SFp x SFo x SFs,r
    #   = 160 ha x 120 d x 1.30 kg/ha/d (Table 5.11) x 0.60 (Table 5.12, single aeration)
    #     x 1.00 (Table 5.13, pre-season not flooded <180 d) x 1 x 1 = 14,976 kg = 14.976 t
    lines = method_lines(
        "rice_cultivation",
        [
            {
                "activity": "irrigated_single_drainage",
                "amount": area_ha,
                "param_season_days": 120,
            }
        ],
    )
    result = SPEC.compute(lines)
    assert result["ch4"].iloc[0] == pytest.approx(160 * 120 * 1.30 * 0.60 / 1000)
    assert result["ch4"].iloc[0] == pytest.approx(14.976)
    assert result["factor_origin"].iloc[0] == "IPCC"
    for table in ("Table 5.11", "Table 5.12", "Table 5.13"):
        assert table in result["factor_source"].iloc[0]


def test_amount_is_taken_in_hectares():
    # The method multiplies the amount as hectares: 160 (ha) must not be read as rai.
    lines = method_lines(
        "rice_cultivation",
        [{"activity": "irrigated_continuous", "amount": 160, "param_season_days": 100}],
    )
    assert SPEC.amount_units == {"area": "ha"}
    assert SPEC.compute(lines)["ch4"].iloc[0] == pytest.approx(160 * 100 * 1.30 * 1.0 / 1000)


def test_worked_example_second_rice_with_organic_amendments():
    # 100 ha of regular rainfed second rice after a long dry pre-season, with 2 t/ha straw
    # incorporated shortly before planting and 5 t/ha compost:
    # Eq 5.3: SFo = (1 + 2 x 1.0 + 5 x 0.05)^0.59  (CFOA, Table 5.14)
    sfo = (1 + 2 * 1.0 + 5 * 0.05) ** 0.59
    # t = 110 days: shipped default for the second season (a documented assumption)
    # CH4 = 100 x 110 x 1.30 x 0.28 (Table 5.12 regular rainfed) x 0.68 (Table 5.13 >180 d)
    #       x SFo / 1000
    expected = 100 * 110 * 1.30 * 0.28 * 0.68 * sfo / 1000
    lines = method_lines(
        "rice_cultivation",
        [
            {
                "activity": "rainfed_regular",
                "amount": 100,
                "param_season": "second",
                "param_pre_season": "non_flooded_long",
                "param_oa_straw_short": 2,
                "param_oa_compost": 5,
            }
        ],
    )
    result = SPEC.compute(lines)
    assert result["ch4"].iloc[0] == pytest.approx(expected)
    assert "SFo" in result["factor_source"].iloc[0]
    assert "110 day" in result["factor_source"].iloc[0]


@pytest.mark.parametrize(
    ("regime", "sfw"),
    [
        # IPCC 2006 Vol 4 Table 5.12, disaggregated case
        ("irrigated_continuous", 1.00),
        ("irrigated_single_drainage", 0.60),
        ("irrigated_multiple_drainage", 0.52),
        ("rainfed_regular", 0.28),
        ("rainfed_drought_prone", 0.25),
        ("deep_water", 0.31),
        ("upland", 0.0),
    ],
)
def test_water_regime_scaling_factors(regime, sfw):
    # major season default of 120 days; 1 ha
    lines = method_lines("rice_cultivation", [{"activity": regime, "amount": 1}])
    assert SPEC.compute(lines)["ch4"].iloc[0] == pytest.approx(1 * 120 * 1.30 * sfw / 1000)


def test_flooded_pre_season_factor():
    # Table 5.13: flooded pre-season (>30 d) SFp = 1.90; 10 ha, 100 days, continuous flooding
    lines = method_lines(
        "rice_cultivation",
        [
            {
                "activity": "irrigated_continuous",
                "amount": 10,
                "param_season_days": 100,
                "param_pre_season": "flooded_long",
            }
        ],
    )
    assert SPEC.compute(lines)["ch4"].iloc[0] == pytest.approx(10 * 100 * 1.30 * 1.90 / 1000)


def test_precedence_input_over_thai_over_ipcc(extra_factor):
    rows = [
        {"activity": "irrigated_continuous", "amount": 10, "param_season_days": 100},
        {
            "activity": "irrigated_continuous",
            "amount": 10,
            "param_season_days": 100,
            "param_baseline_ef": 2.0,
        },
    ]
    result = SPEC.compute(method_lines("rice_cultivation", rows))
    assert result["ch4"].tolist() == pytest.approx([10 * 100 * 1.30 / 1000, 10 * 100 * 2.0 / 1000])
    assert result["factor_origin"].tolist() == ["IPCC", "input"]

    extra_factor(
        "rice",
        {
            "parameter": "baseline_ef",
            "value": 1.80,
            "unit": "kg/ha/day",
            "origin": "TH",
            "source": "test Thai baseline factor",
        },
    )
    result = SPEC.compute(method_lines("rice_cultivation", rows))
    assert result["ch4"].tolist() == pytest.approx([10 * 100 * 1.80 / 1000, 10 * 100 * 2.0 / 1000])
    assert result["factor_origin"].tolist() == ["TH", "input"]


def test_thai_scaling_factor_beats_ipcc_and_input_beats_both(extra_factor):
    extra_factor(
        "rice",
        {
            "parameter": "sfw",
            "water_regime": "irrigated_multiple_drainage",
            "value": 0.45,
            "unit": "1",
            "origin": "TH",
            "source": "test Thai AWD factor",
        },
    )
    rows = [
        {"activity": "irrigated_multiple_drainage", "amount": 1, "param_season_days": 100},
        {
            "activity": "irrigated_multiple_drainage",
            "amount": 1,
            "param_season_days": 100,
            "param_sfw": 0.4,
        },
    ]
    result = SPEC.compute(method_lines("rice_cultivation", rows))
    assert result["ch4"].tolist() == pytest.approx(
        [100 * 1.30 * 0.45 / 1000, 100 * 1.30 * 0.4 / 1000]
    )
    assert "test Thai AWD factor" in result["factor_source"].iloc[0]


def test_activities_are_the_water_regimes():
    assert set(SPEC.activities()) == {
        "irrigated_continuous",
        "irrigated_single_drainage",
        "irrigated_multiple_drainage",
        "rainfed_regular",
        "rainfed_drought_prone",
        "deep_water",
        "upland",
    }


@settings(max_examples=15, deadline=None)
@given(
    areas=st.lists(
        st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e6)), min_size=1, max_size=6
    )
)
def test_doubling_area_doubles_ch4(areas):
    regimes = SPEC.activities()
    rows = [{"activity": regimes[i % len(regimes)], "amount": a} for i, a in enumerate(areas)]
    once = SPEC.compute(method_lines("rice_cultivation", rows))
    twice = SPEC.compute(
        method_lines("rice_cultivation", [{**r, "amount": 2 * r["amount"]} for r in rows])
    )
    np.testing.assert_allclose(twice["ch4"], 2 * once["ch4"], rtol=1e-12, atol=0)


def test_rai_line_through_validation_reaches_the_method_in_hectares():
    # End to end: the engine converts 1,000 rai to 160 ha before calling the method.
    import pandas as pd

    from climateplan.inventory.activity import InventoryMeta, validate_activity
    from climateplan.inventory.engine import compute_lines

    raw = pd.DataFrame(
        [
            {
                "gpc_ref": "V.3",
                "method": "rice_cultivation",
                "activity": "irrigated_single_drainage",
                "amount": "1000",
                "unit": "ไร่",
                "param_season_days": "120",
            }
        ],
        index=[2],
    )
    data = validate_activity(raw, InventoryMeta("TH-30", 2023, "AR5"), file="rice.csv")
    assert data.lines["amount"].iloc[0] == pytest.approx(160.0)
    result = compute_lines(data.lines)
    assert result["ch4"].iloc[0] == pytest.approx(160 * 120 * 1.30 * 0.60 / 1000)
