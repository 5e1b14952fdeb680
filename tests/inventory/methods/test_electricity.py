"""electricity: scope-2 grid electricity and the derived scope-3 T&D row, worked by hand
from GPC v1.1 Ch 6.3 and the TGO factors in reference/data/factors_electricity.csv."""

from __future__ import annotations

import pytest
from _lines import method_lines

from climateplan.inventory.methods import get_method
from climateplan.inventory.methods.electricity import choose_vintage

SPEC = get_method("electricity")


def run(*rows):
    lines = method_lines("electricity", list(rows))
    assert SPEC.validate(lines) == []
    return SPEC.compute(lines)


@pytest.mark.parametrize(
    ("year", "vintage"),
    [
        (2015, "2016-2018"),  # before every data period: the earliest vintage
        (2018, "2016-2018"),  # inside the 2016-2018 data period
        (2020, "2016-2018"),  # between periods: the latest period ended before 2020
        (2023, "2022-2024"),  # inside the 2022-2024 data period
        (2026, "2022-2024"),  # after every period: the latest ended before 2026
    ],
)
def test_vintage_rule(year, vintage):
    assert choose_vintage([year])[0] == vintage


@pytest.mark.parametrize(("year", "ef"), [(2015, 0.4999), (2020, 0.4999), (2023, 0.4750)])
def test_scope2_is_consumption_times_tgo_factor(year, ef):
    # 1,000,000 kWh x EF kg CO2e/kWh / 1000 = t, reported as CO2 (TGO gives CO2e only)
    out = run({"gpc_ref": "I.2.2", "activity": "grid", "amount": 1e6, "year": year})
    main = out[out["gpc_ref"] == ""]
    assert len(main) == 1
    assert main.iloc[0]["co2"] == pytest.approx(1e6 * ef / 1000)
    assert main.iloc[0]["ch4"] == 0 and main.iloc[0]["n2o"] == 0
    assert main.iloc[0]["factor_origin"] == "TH"
    assert "TGO" in main.iloc[0]["factor_source"]


def test_derived_td_row():
    # GPC v1.1 Ch 6.3: losses = consumption x loss/(1 - loss) x EF
    # Thai T&D loss 6.81 % (EPPO 2014, derived); 2023 -> 0.4750 kg CO2e/kWh
    out = run({"gpc_ref": "I.1.2", "activity": "grid", "amount": 1e6, "year": 2023})
    assert sorted(out["gpc_ref"]) == ["", "I.1.3"]
    td = out[out["gpc_ref"] == "I.1.3"].iloc[0]
    assert td["line_id"] == 0
    assert td["co2"] == pytest.approx(1e6 * 0.0681 / (1 - 0.0681) * 0.4750 / 1000)  # 34.711 t
    assert "T&D losses" in td["factor_source"] and "6.81 percent" in td["factor_source"]


def test_td_loss_parameter_and_transport_refs():
    out = run(
        # param 10 %: 1e6 x 0.10/0.90 x 0.4750 kg = 52.78 t
        {"gpc_ref": "I.3.2", "activity": "grid", "amount": 1e6, "param_td_loss_pct": 10.0},
        # 0 gives no loss row
        {"gpc_ref": "I.4.2", "activity": "grid", "amount": 1e6, "param_td_loss_pct": 0.0},
        # rail electricity: derived II.2.3
        {"gpc_ref": "II.2.2", "activity": "grid", "amount": 1e6},
        # off-road: GPC has no II.5.3, so no derived row
        {"gpc_ref": "II.5.2", "activity": "grid", "amount": 1e6},
    )
    derived = out[out["gpc_ref"] != ""].set_index("line_id")
    assert sorted(derived["gpc_ref"]) == ["I.3.3", "II.2.3"]
    assert derived.loc[0, "co2"] == pytest.approx(1e6 * 0.10 / 0.90 * 0.4750 / 1000)
    assert "input param_td_loss_pct = 10 percent" in derived.loc[0, "factor_source"]
    assert (out["gpc_ref"] == "").sum() == 4


def test_grid_ef_parameter_overrides_the_vintage():
    out = run(
        {
            "gpc_ref": "I.1.2",
            "activity": "grid",
            "amount": 2000.0,
            "param_grid_ef": 0.61,
            "param_td_loss_pct": 0.0,
            "source": "PEA supplier mix",
        }
    )
    assert out.iloc[0]["co2"] == pytest.approx(2000 * 0.61 / 1000)
    assert out.iloc[0]["factor_origin"] == "input"
    assert "input param_grid_ef = 0.61 kg/kWh (PEA supplier mix)" in out.iloc[0]["factor_source"]


def test_scope3_refs_are_refused_with_an_explanation():
    lines = method_lines(
        "electricity",
        [
            {"gpc_ref": "I.3.3", "activity": "grid", "amount": 10.0},
            {"gpc_ref": "II.1.3", "activity": "grid", "amount": 10.0},
            {"gpc_ref": "I.3.2", "activity": "grid", "amount": 10.0},
        ],
    )
    problems = SPEC.validate(lines)
    assert [(p[0], p[1]) for p in problems] == [(0, "gpc_ref"), (1, "gpc_ref")]
    assert "derived automatically" in problems[0][2] and "I.3.2" in problems[0][2]
    assert "คำนวณการสูญเสีย" in problems[0][3]
    with pytest.raises(ValueError):
        SPEC.compute(lines)


def test_spec_contract():
    assert SPEC.allows("I.1.2", 2) and SPEC.allows("II.5.2", 2)
    assert not SPEC.allows("I.1.1", 1)
    assert SPEC.amount_units == {"energy": "kWh"}
    assert SPEC.example["activity"] in SPEC.activities()
