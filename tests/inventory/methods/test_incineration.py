"""Incineration and open burning: IPCC 2006 Vol 5 Ch 5 Eq 5.1 (CO2), 5.4 (CH4) and 5.5
(N2O), factors from Tables 2.4, 5.2, 5.3, 5.6 and Sections 5.4.2-5.4.3, worked by hand."""

from __future__ import annotations

import pytest
from _lines import method_lines, run
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method
from climateplan.reference.factors import factor_table

C_TO_CO2 = 44 / 12


def test_incineration_of_plastics_continuous_stoker():
    # Eq 5.1: 100 t x dm 1.0 x CF 0.75 x FCF 1.0 x OF 1.0 x 44/12 = 275 t fossil CO2
    # Eq 5.4: 100 t x 0.2 kg/Gg (Table 5.3) = 100 t x 0.2e-6 = 2e-5 t CH4
    # Eq 5.5: 100 t x 50 g/t (Table 5.6) = 5,000 g = 0.005 t N2O
    rows = [{"activity": "plastics", "amount": 100.0, "param_technology": "continuous_stoker"}]
    result = run("incineration", rows)
    assert result["co2"].iloc[0] == pytest.approx(100 * 1.0 * 0.75 * 1.0 * 1.0 * 44 / 12)
    assert result["co2"].iloc[0] == pytest.approx(275.0)
    assert result["co2_biogenic"].iloc[0] == pytest.approx(0.0)
    assert result["ch4"].iloc[0] == pytest.approx(100 * 0.2e-6)
    assert result["n2o"].iloc[0] == pytest.approx(0.005)


def test_incineration_of_bulk_msw_batch_stoker():
    # msw: dm 0.69511 / 1.007 (Table 2.3 SE Asia shares normalised by their printed sum),
    # CF 0.3393236 (dry), FCF 0.2633181 (ratios: the normalisation cancels)
    # carbon = 1000 x 0.6902781 x 0.3393236 = 234.2276 t C, all oxidised (OF 1.0)
    # fossil CO2 = 234.2276 x 0.2633181 x 44/12 = 226.15 t; biogenic = 234.2276 x 0.7366819 x 44/12
    # CH4: 1000 t x 60 kg/Gg = 0.06 t; N2O: 1000 t x 60 g/t = 0.06 t (batch type)
    rows = [{"activity": "msw", "amount": 1000.0, "param_technology": "batch_stoker"}]
    result = run("incineration", rows)
    carbon = 1000 * 0.69511 / 1.007 * 0.3393236
    assert result["co2"].iloc[0] == pytest.approx(carbon * 0.2633181 * C_TO_CO2)
    assert result["co2_biogenic"].iloc[0] == pytest.approx(carbon * (1 - 0.2633181) * C_TO_CO2)
    assert result["ch4"].iloc[0] == pytest.approx(0.06)
    assert result["n2o"].iloc[0] == pytest.approx(0.06)


def test_open_burning_of_paper():
    # Eq 5.1 with OF 0.58 (Table 5.2): 100 x 0.9 x 0.46 x 0.58 = 24.012 t C oxidised
    # fossil: 24.012 x 0.01 x 44/12 = 0.88044 t CO2; biogenic: 24.012 x 0.99 x 44/12
    # CH4: 100 t x 6,500 g/t = 0.65 t (Section 5.4.2)
    # N2O: 150 g per t dry (Section 5.4.3) x 100 t x dm 0.9 = 13,500 g = 0.0135 t
    result = run("open_burning", [{"activity": "paper", "amount": 100.0}])
    carbon = 100 * 0.9 * 0.46 * 0.58
    assert result["co2"].iloc[0] == pytest.approx(carbon * 0.01 * C_TO_CO2)
    assert result["co2"].iloc[0] == pytest.approx(0.88044)
    assert result["co2_biogenic"].iloc[0] == pytest.approx(carbon * 0.99 * C_TO_CO2)
    assert result["ch4"].iloc[0] == pytest.approx(0.65)
    assert result["n2o"].iloc[0] == pytest.approx(150e-6 * 100 * 0.9)
    source = result["factor_source"].iloc[0]
    assert "Table 5.2" in source and "5.4.2" in source and "5.4.3" in source


def test_food_waste_carbon_is_all_biogenic():
    result = run("open_burning", [{"activity": "food", "amount": 10.0}])
    # 10 x 0.4 x 0.38 x 0.58 x 44/12, FCF 0
    assert result["co2"].iloc[0] == 0
    assert result["co2_biogenic"].iloc[0] == pytest.approx(10 * 0.4 * 0.38 * 0.58 * 44 / 12)


def test_input_factors_beat_table_values():
    # a measured fossil share 0.4 and dry matter 0.6 for msw:
    # 1000 x 0.6 x 0.3393236 x 0.4 x 1.0 x 44/12
    rows = [
        {
            "activity": "msw",
            "amount": 1000.0,
            "param_technology": "continuous_stoker",
            "param_fossil_carbon_fraction": 0.4,
            "param_dry_matter": 0.6,
            "param_n2o_ef": 20.0,
        }
    ]
    result = run("incineration", rows)
    assert result["co2"].iloc[0] == pytest.approx(1000 * 0.6 * 0.3393236 * 0.4 * C_TO_CO2)
    assert result["n2o"].iloc[0] == pytest.approx(1000 * 20e-6)
    assert "input param_fossil_carbon_fraction = 0.4" in result["factor_source"].iloc[0]


def test_open_burning_input_n2o_factor_is_per_wet_tonne():
    rows = [{"activity": "msw", "amount": 1000.0, "param_n2o_ef": 100.0}]
    result = run("open_burning", rows)
    assert result["n2o"].iloc[0] == pytest.approx(1000 * 100e-6)  # not multiplied by dm


def test_msw_rows_are_the_composition_weighted_values():
    """The derived msw dm, CF and FCF equal the Table 2.3 x Table 2.4 sums (Eq 5.2)."""
    table = factor_table("waste")

    def by_type(parameter):
        return table[table["parameter"] == parameter].set_index("waste_type")["value"]

    share = by_type("msw_share")
    dm, cf, fcf = (
        by_type("dry_matter"),
        by_type("carbon_fraction"),
        by_type("fossil_carbon_fraction"),
    )
    parts = share.index
    share = share / share.sum()  # the printed shares sum to 1.007: normalised to a whole
    dry = (share * dm[parts]).sum()
    carbon = (share * dm[parts] * cf[parts]).sum()
    fossil = (share * dm[parts] * cf[parts] * fcf[parts]).sum()
    assert dm["msw"] == pytest.approx(dry, rel=1e-9)
    assert cf["msw"] == pytest.approx(carbon / dry, rel=1e-6)
    assert fcf["msw"] == pytest.approx(fossil / carbon, rel=1e-6)
    # by hand, food + paper + wood + textiles + rubber + plastics + metal + glass + other:
    assert dry * 1.007 == pytest.approx(
        0.435 * 0.4
        + 0.129 * 0.9
        + 0.099 * 0.85
        + 0.027 * 0.8
        + 0.009 * 0.84
        + 0.072 * 1.0
        + 0.033
        + 0.040
        + 0.163 * 0.9
    )


def test_validation_reports_missing_factors_bilingually():
    # a technology without Table 5.3/5.6 factors (the engine also rejects it as not one
    # of the choices) leaves CH4 and N2O without a default: both columns are named
    lines = method_lines(
        "incineration",
        [{"activity": "msw", "amount": 1.0, "param_technology": "rotary_kiln"}],
    )
    problems = get_method("incineration").validate(lines)
    assert {p[1] for p in problems} == {"param_ch4_ef", "param_n2o_ef"}
    assert all("ให้ระบุ" in p[3] for p in problems)


@settings(max_examples=15, deadline=None)
@given(amounts=st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=6))
def test_doubling_amounts_doubles_emissions(amounts):
    kinds = ["msw", "plastics", "paper", "food", "textiles", "rubber_leather"]
    for method, extra in (
        ("incineration", {"param_technology": "semi_continuous_stoker"}),
        ("open_burning", {}),
    ):
        rows = [{"activity": kinds[i], "amount": a, **extra} for i, a in enumerate(amounts)]
        compute = get_method(method).compute
        once = compute(method_lines(method, rows))
        twice = compute(method_lines(method, [{**r, "amount": 2 * r["amount"]} for r in rows]))
        for gas in ("co2", "co2_biogenic", "ch4", "n2o"):
            assert twice[gas].to_numpy() == pytest.approx(2 * once[gas].to_numpy(), rel=1e-12)


def test_specs_follow_the_contract():
    for name in ("incineration", "open_burning"):
        spec = get_method(name)
        assert spec.scopes == frozenset({1, 3})
        assert spec.allows("III.3.1", 1) and spec.allows("III.3.2", 3)
        assert "msw" in spec.activities() and "plastics" in spec.activities()
        assert spec.example["activity"] in spec.activities()
    technology = next(p for p in get_method("incineration").params if p.name == "technology")
    assert technology.required and "batch_stoker" in technology.choices
