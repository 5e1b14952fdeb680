"""Engine: GPC totals, scopes, GWP sets, derived lines, notation keys, batch = single.

Expected values are derived by hand from GPC v1.1 Table 4.1 (which reference
counts in which total) and the AR4/AR5/AR6 GWP-100 values.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from climateplan.inventory import compute_batch, compute_inventory

# TGO grid factor for inventory year 2023: the 2022-2024 vintage, 0.4750 kgCO2e/kWh.
# T&D losses 6.81 % (EPPO Energy Statistics 2014), GPC Ch 6.3: losses = use x l / (1 - l).
GRID_EF_T_PER_KWH = 0.4750 / 1000
TD = 0.0681
SCOPE2 = 1_000_000 * GRID_EF_T_PER_KWH  # 475 t
TD_LOSS = 1_000_000 * TD / (1 - TD) * GRID_EF_T_PER_KWH  # 34.711... t

ROWS = [
    {"gpc_ref": "I.1.1", "method": "direct", "activity": "CO2", "amount": "1000", "unit": "t"},
    {"gpc_ref": "I.4.4", "method": "direct", "activity": "CO2", "amount": "500", "unit": "t"},
    {
        "gpc_ref": "I.1.2",
        "method": "electricity",
        "activity": "grid",
        "amount": "1000",
        "unit": "MWh",
    },
    {"gpc_ref": "III.1.2", "method": "direct", "activity": "CH4", "amount": "10", "unit": "t"},
    {"gpc_ref": "III.1.3", "method": "direct", "activity": "CH4", "amount": "1", "unit": "t"},
    {"gpc_ref": "V.1", "method": "direct", "activity": "CH4", "amount": "2000", "unit": "kg"},
    {"gpc_ref": "IV.2", "method": "direct", "activity": "HFC-134a", "amount": "0.1", "unit": "t"},
    {"gpc_ref": "VI.1", "method": "direct", "activity": "CO2", "amount": "7", "unit": "t"},
    {
        "gpc_ref": "II.1.1",
        "method": "direct",
        "activity": "CO2_biogenic",
        "amount": "50",
        "unit": "t",
    },
    {
        "gpc_ref": "I.2.1",
        "method": "",
        "activity": "",
        "amount": "",
        "unit": "",
        "notation_key": "NO",
    },
]
CH4_AR5, HFC134A_AR5 = 28, 1300


def test_gpc_totals_by_hand(make_activity):
    result = compute_inventory(make_activity(ROWS))
    t = result.totals
    # BASIC: I.1.1 1000 + I.1.2 475 + III.1.2 10 t CH4 x 28 = 280
    assert t["basic"] == pytest.approx(1000 + SCOPE2 + 10 * CH4_AR5)
    # BASIC+: BASIC + I.1.3 T&D + V.1 2 t CH4 x 28 + IV.2 0.1 t HFC-134a x 1300
    assert t["basic_plus"] == pytest.approx(
        1000 + SCOPE2 + 280 + TD_LOSS + 2 * CH4_AR5 + 0.1 * HFC134A_AR5
    )
    # Territorial (all scope 1): I.1.1 + I.4.4 500 + III.1.3 1 t x 28 + V.1 + IV.2
    assert t["territorial"] == pytest.approx(1000 + 500 + 28 + 56 + 130)
    assert t["scope1"] == pytest.approx(t["territorial"])
    assert t["scope2"] == pytest.approx(475.0)
    # scope 3: III.1.2 + I.1.3; VI.1 (7 t) is outside every GPC total
    assert t["scope3"] == pytest.approx(280 + TD_LOSS)
    # biogenic CO2 beside the totals, never in them
    assert t["biogenic_co2"] == pytest.approx(50)
    assert pytest.approx(34.7113, abs=1e-4) == TD_LOSS


def test_derived_td_line_and_notation_key(make_activity):
    result = compute_inventory(make_activity(ROWS))
    lines = result.lines
    derived = lines[lines["derived"]]
    assert list(derived["gpc_ref"]) == ["I.1.3"]
    assert derived["scope"].iloc[0] == 3
    assert derived["row"].iloc[0] == 4  # the input line it came from
    nk = lines[lines["notation_key"] == "NO"]
    assert list(nk["gpc_ref"]) == ["I.2.1"] and nk["co2e"].iloc[0] == 0
    table = result.gpc_table  # one row per GPC reference number
    assert table.loc["I.2.1", "scope1_nk"] == "NO"
    assert table.loc["I.1.2", "scope2"] == pytest.approx(SCOPE2)
    assert table.loc["I.4.4", "grid_supplied"] == pytest.approx(500)


# AR6: methane of fuel combustion (I.1.1, IPCC 1.A.4.b) is fossil, 29.8 (AR6 WG1 Ch 7
# Table 7.15), not the single 27.9 of Table 7.SM.7
@pytest.mark.parametrize(
    ("gwp", "ch4", "n2o"), [("AR4", 25, 298), ("AR5", 28, 265), ("AR6", 29.8, 273)]
)
def test_gwp_set_is_applied(make_activity, gwp, ch4, n2o):
    rows = [
        {"gpc_ref": "I.1.1", "method": "direct", "activity": "CH4", "amount": "10", "unit": "t"},
        {"gpc_ref": "I.1.1", "method": "direct", "activity": "N2O", "amount": "1", "unit": "t"},
    ]
    result = compute_inventory(make_activity(rows, gwp=gwp))
    assert result.totals["basic"] == pytest.approx(10 * ch4 + 1 * n2o)
    assert result.by_gas.loc["CH4", "co2e"] == pytest.approx(10 * ch4)


def test_batch_equals_single(make_activity):
    a = make_activity(ROWS, province="TH-62", year=2023)
    b = make_activity(ROWS[:3], province="TH-50", year=2020, gwp="AR6")
    _, totals = compute_batch([a, b])
    for data in (a, b):
        single = compute_inventory(data).totals
        for key, value in single.items():
            assert totals.loc[data.meta.key, key] == pytest.approx(value)
    # 2020 uses the 2016-2018 vintage (0.4999 kg/kWh): latest vintage ended before the year
    assert totals.loc["TH-50/2020", "scope2"] == pytest.approx(1_000_000 * 0.4999 / 1000)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(min_value=0.01, max_value=1e6), st.floats(min_value=0.01, max_value=1e6))
def test_doubling_every_amount_doubles_every_total(make_activity, x, y):
    rows = [
        {
            "gpc_ref": "I.1.1",
            "method": "fuel_combustion",
            "activity": "lpg",
            "amount": x,
            "unit": "t",
        },
        {
            "gpc_ref": "I.3.2",
            "method": "electricity",
            "activity": "grid",
            "amount": y,
            "unit": "MWh",
        },
        {
            "gpc_ref": "V.1",
            "method": "enteric_fermentation",
            "activity": "buffalo",
            "amount": y,
            "unit": "head",
        },
        {
            "gpc_ref": "V.3",
            "method": "rice_cultivation",
            "activity": "rainfed_regular",
            "amount": x,
            "unit": "rai",
        },
    ]
    once = compute_inventory(make_activity(rows)).totals
    doubled = [{**r, "amount": 2 * r["amount"]} for r in rows]
    twice = compute_inventory(make_activity(doubled)).totals
    for key in once:
        assert twice[key] == pytest.approx(2 * once[key], rel=1e-9)
