"""Landfill methods: methane commitment (GPC Eq 8.3/8.4) and first-order decay
(IPCC 2006 Vol 5 Ch 3 Eq 3.1-3.6). Expected values are worked by hand from the
equations and the factor values of the cited tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _lines import method_lines
from _lines import run as run_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method
from climateplan.inventory.methods.landfill_fod import decomposed_fraction
from climateplan.reference.factors import factor_table

C_TO_CH4 = 16 / 12
FIRST_LINE_ID = 100  # line ids as in a batch where other lines come first


def make_lines(method: str, rows: list[dict], **kw) -> pd.DataFrame:
    return method_lines(method, rows, first_line_id=FIRST_LINE_ID, **kw)


def run(method: str, rows: list[dict], **kw) -> pd.DataFrame:
    return run_lines(method, rows, first_line_id=FIRST_LINE_ID, **kw)


# --------------------------------------------------------------------- commitment


def test_commitment_bulk_msw_uncategorised_site():
    # GPC Eq 8.4: L0 = MCF x DOC x DOCf x F x 16/12 with
    # MCF 0.6 (Table 3.1 uncategorised), DOC 0.1659 / 1.007 (msw, Table 2.3 SE Asia shares
    # normalised by their printed sum 1.007, x Table 2.4), DOCf 0.5, F 0.5  ->
    # L0 = 0.6 x 0.1647468 x 0.5 x 0.5 x 16/12 = 0.03294935 t CH4/t
    # GPC Eq 8.3: 1000 t x 0.03294935 x (1 - 0) x (1 - 0) = 32.94935 t CH4
    result = run("landfill_commitment", [{"activity": "msw", "amount": 1000.0}])
    assert result["ch4"].iloc[0] == pytest.approx(1000 * 0.6 * 0.1659 / 1.007 * 0.5 * 0.5 * 16 / 12)
    assert result["ch4"].iloc[0] == pytest.approx(32.94935, rel=1e-6)
    assert result[["co2", "co2_biogenic", "n2o", "other_t"]].to_numpy().sum() == 0
    assert result["factor_origin"].iloc[0] == "IPCC"
    source = result["factor_source"].iloc[0]
    for part in ("DOC:", "DOCf:", "MCF:", "F:", "OX:", "Table 3.1"):
        assert part in source


def test_commitment_recovery_fraction_and_oxidising_cover():
    # food, managed anaerobic: L0 = 1.0 x 0.15 x 0.5 x 0.5 x 16/12 = 0.05 t CH4/t
    # 1000 t -> 50 t; f_rec 0.3 -> 35 t; OX 0.1 (Table 3.2, oxidising cover) -> 31.5 t
    rows = [
        {
            "activity": "food",
            "amount": 1000.0,
            "param_site_type": "managed_anaerobic",
            "param_cover": "oxidising",
            "param_recovery_fraction": 0.3,
        }
    ]
    result = run("landfill_commitment", rows)
    assert result["ch4"].iloc[0] == pytest.approx(50 * (1 - 0.3) * (1 - 0.1))


def test_commitment_recovered_tonnes_ipcc_eq_3_1():
    # IPCC Eq 3.1: (generated - R) x (1 - OX) = (50 - 10) x (1 - 0) = 40 t CH4
    rows = [
        {
            "activity": "food",
            "amount": 1000.0,
            "param_site_type": "managed_anaerobic",
            "param_recovered_ch4": 10.0,
        }
    ]
    assert run("landfill_commitment", rows)["ch4"].iloc[0] == pytest.approx(40.0)


def test_commitment_site_types_follow_table_3_1():
    rows = [
        {"activity": "paper", "amount": 100.0, "param_site_type": site}
        for site in ("managed_semi_aerobic", "unmanaged_deep", "unmanaged_shallow")
    ]
    result = run("landfill_commitment", rows)
    # paper DOC 0.40: 100 x MCF x 0.40 x 0.5 x 0.5 x 16/12 with MCF 0.5, 0.8, 0.4
    expected = [100 * mcf * 0.40 * 0.5 * 0.5 * C_TO_CH4 for mcf in (0.5, 0.8, 0.4)]
    assert result["ch4"].to_numpy() == pytest.approx(expected)


def test_inert_waste_has_no_methane():
    rows = [{"activity": a, "amount": 500.0} for a in ("plastics", "glass", "metal", "other_inert")]
    assert run("landfill_commitment", rows)["ch4"].to_numpy() == pytest.approx([0, 0, 0, 0])


def test_input_factors_beat_table_values():
    # DOC 0.2 (input) instead of 0.15 (Table 2.4); MCF 0.7 instead of 0.6:
    # 1000 x 0.7 x 0.2 x 0.5 x 0.5 x 16/12 = 46.667 t
    rows = [{"activity": "food", "amount": 1000.0, "param_doc": 0.2, "param_mcf": 0.7}]
    result = run("landfill_commitment", rows)
    assert result["ch4"].iloc[0] == pytest.approx(1000 * 0.7 * 0.2 * 0.5 * 0.5 * 16 / 12)
    assert result["factor_origin"].iloc[0] == "input"
    assert "input param_doc = 0.2" in result["factor_source"].iloc[0]


def test_msw_doc_is_the_composition_weighted_sum():
    # IPCC 2006 Vol 5 Ch 2 Eq 2.4: DOC = sum(DOC_i x W_i), over the msw_share rows,
    # the Table 2.3 shares normalised by their printed sum (100.7 %) so W sums to 1
    table = factor_table("waste")
    shares = table[table["parameter"] == "msw_share"].set_index("waste_type")["value"]
    doc = table[table["parameter"] == "doc"].set_index("waste_type")["value"]
    assert shares.sum() == pytest.approx(1.007)  # as printed
    derived = float((shares / shares.sum() * doc.reindex(shares.index)).sum())
    by_hand = (0.15 * 0.435 + 0.40 * 0.129 + 0.43 * 0.099 + 0.24 * 0.027) / 1.007
    assert derived == pytest.approx(by_hand)  # 0.1659 / 1.007 = 0.1647468
    assert doc["msw"] == pytest.approx(derived, rel=1e-9)


def test_commitment_validation_messages():
    rows = [
        {"activity": "food", "amount": 10.0, "param_recovered_ch4": 5.0},  # > 0.3 t generated
        {
            "activity": "food",
            "amount": 10.0,
            "param_recovered_ch4": 0.1,
            "param_recovery_fraction": 0.1,
        },
    ]
    lines = make_lines("landfill_commitment", rows)
    problems = get_method("landfill_commitment").validate(lines)
    assert [(p[0], p[1]) for p in problems] == [
        (101, "param_recovered_ch4"),
        (100, "param_recovered_ch4"),
    ]
    assert "not both" in problems[0][2] and "ไม่ใช่ทั้งสองอย่าง" in problems[0][3]
    assert "exceeds" in problems[1][2] and "มากกว่า" in problems[1][3]


# ----------------------------------------------------------------------------- FOD


def test_fod_food_deposit_three_years_earlier():
    # Deposit 1000 t food in 2020, inventory year 2023, tropical wet k = 0.40 (Table 3.3),
    # uncategorised site MCF 0.6.
    # Eq 3.2: DDOCm = 1000 x 0.15 x 0.5 x 0.6 = 45 t C
    # M = 13 (decay starts 1 Jan 2021), Eq 3.4-3.5: decomposed in 2023 =
    #   45 x e^(-0.40 x (2023 - 2020 - 1)) x (1 - e^(-0.40)) = 45 x 0.449329 x 0.329680
    # Eq 3.6: CH4 = decomposed x F x 16/12 = 6.66609 x 0.5 x 16/12 = 4.44406 t
    rows = [{"activity": "food", "amount": 1000.0, "activity_year": 2020}]
    result = run("landfill_fod", rows)
    expected = 45 * math.exp(-0.40 * 2) * (1 - math.exp(-0.40)) * 0.5 * 16 / 12
    assert result["ch4"].iloc[0] == pytest.approx(expected)
    assert result["ch4"].iloc[0] == pytest.approx(4.44406, rel=1e-5)
    assert "k:" in result["factor_source"].iloc[0]
    assert "delay M:" in result["factor_source"].iloc[0]


def test_fod_deposit_emits_nothing_in_its_own_year_and_all_from_the_next():
    # M = 13: the first year of decay is the year after deposition, in which
    # 1 - e^(-k) of DDOCm decomposes: msw 100 t, k 0.17 (bulk, tropical wet):
    # 100 x (0.1659 / 1.007) x 0.5 x 0.6 x (1 - e^(-0.17)) x 0.5 x 16/12
    rows = [
        {"activity": "msw", "amount": 100.0, "activity_year": 2023},
        {"activity": "msw", "amount": 100.0, "activity_year": 2022},
    ]
    result = run("landfill_fod", rows)
    first_year = 100 * 0.1659 / 1.007 * 0.5 * 0.6 * (1 - math.exp(-0.17)) * 0.5 * 16 / 12
    assert result["ch4"].to_numpy() == pytest.approx([0.0, first_year])


def test_fod_tropical_dry_uses_the_dry_k():
    # paper, dry tropics: k = 0.045 (Table 3.3); deposit 2021, inventory 2023:
    # 1000 x 0.40 x 0.5 x 0.6 x e^(-0.045 x 1) x (1 - e^(-0.045)) x 0.5 x 16/12
    rows = [
        {
            "activity": "paper",
            "amount": 1000.0,
            "activity_year": 2021,
            "param_climate_zone": "tropical_dry",
        }
    ]
    result = run("landfill_fod", rows)
    expected = 1000 * 0.40 * 0.5 * 0.6 * math.exp(-0.045) * (1 - math.exp(-0.045)) * 0.5 * 16 / 12
    assert result["ch4"].iloc[0] == pytest.approx(expected)


def test_fod_input_k_beats_table():
    rows = [{"activity": "wood", "amount": 1000.0, "activity_year": 2022, "param_k": 0.1}]
    result = run("landfill_fod", rows)
    # 1000 x 0.43 x 0.5 x 0.6 x (1 - e^(-0.1)) x 0.5 x 16/12
    expected = 1000 * 0.43 * 0.5 * 0.6 * (1 - math.exp(-0.1)) * 0.5 * 16 / 12
    assert result["ch4"].iloc[0] == pytest.approx(expected)
    assert "input param_k = 0.1" in result["factor_source"].iloc[0]


def test_fod_recovery_and_oxidation_as_eq_3_1():
    # generated as in test_fod_food_deposit_three_years_earlier with MCF 1.0:
    # 75 t C x e^-0.8 x (1 - e^-0.4) x 0.5 x 16/12 = 7.40677 t; R = 2 t; OX 0.1
    rows = [
        {
            "activity": "food",
            "amount": 1000.0,
            "activity_year": 2020,
            "param_site_type": "managed_anaerobic",
            "param_cover": "oxidising",
            "param_recovered_ch4": 2.0,
        }
    ]
    generated = 75 * math.exp(-0.8) * (1 - math.exp(-0.4)) * 0.5 * 16 / 12
    assert run("landfill_fod", rows)["ch4"].iloc[0] == pytest.approx((generated - 2.0) * 0.9)


DECAYING = ("food", "garden", "paper", "wood", "textiles", "nappies", "sewage_sludge", "msw")


@pytest.mark.parametrize("zone", ["tropical_wet", "tropical_dry"])
def test_fod_invariant_total_over_time_equals_commitment(zone):
    """A single deposit's emissions summed over every later inventory year equal its
    methane commitment: sum over T >= y of the decomposed shares is 1 (Eq 3.4-3.5)."""
    horizon = 1500  # e^(-0.025 x 1500) ~ 5e-17 for the slowest (wood, dry): tail negligible
    deposit_year = 2000
    rows = []
    for waste in DECAYING:
        for year in range(deposit_year, deposit_year + horizon):
            rows.append(
                {
                    "activity": waste,
                    "amount": 1000.0,
                    "activity_year": deposit_year,
                    "year": year,
                    "param_climate_zone": zone,
                    "param_site_type": "unmanaged_deep",
                    "param_cover": "oxidising",
                }
            )
    fod_lines = make_lines("landfill_fod", rows)
    fod = get_method("landfill_fod").compute(fod_lines)
    totals = fod.groupby(fod_lines["activity"].to_numpy())["ch4"].sum()

    commitment = run(
        "landfill_commitment",
        [
            {
                "activity": waste,
                "amount": 1000.0,
                "param_site_type": "unmanaged_deep",
                "param_cover": "oxidising",
            }
            for waste in DECAYING
        ],
    )
    committed = pd.Series(commitment["ch4"].to_numpy(), index=list(DECAYING))
    for waste in DECAYING:
        assert totals[waste] == pytest.approx(committed[waste], rel=1e-10), waste
    # and by hand for food: 1000 x 0.8 x 0.15 x 0.5 x 0.5 x 16/12 x (1 - 0.1) = 36 t
    assert totals["food"] == pytest.approx(36.0, rel=1e-10)


@pytest.mark.parametrize("start_month", [1.0, 7.0, 13.0])
def test_decomposed_shares_sum_to_one_for_any_delay(start_month):
    k = np.array([0.035, 0.17, 0.4])[:, None]
    years = np.arange(0, 3000, dtype=float)[None, :]
    shares = decomposed_fraction(k, years, np.full_like(k, start_month))
    assert shares.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0], rel=1e-12)
    # M = 7: decay runs half of the deposition year: 1 - e^(-k x 6/12)
    if start_month == 7.0:
        assert shares[:, 0] == pytest.approx(1 - np.exp(-k[:, 0] * 0.5))


def test_fod_validation_deposit_after_inventory_year_and_missing_k():
    rows = [
        {"activity": "food", "amount": 10.0, "activity_year": 2025},
        {"activity": "plastics", "amount": 10.0, "activity_year": 2010, "param_doc": 0.1},
        {"activity": "food", "amount": 10.0, "activity_year": 2010},
    ]
    lines = make_lines("landfill_fod", rows)
    problems = get_method("landfill_fod").validate(lines)
    where = [(p[0], p[1]) for p in problems]
    assert (100, "activity_year") in where
    assert (101, "param_k") in where
    assert len(problems) == 2
    late = next(p for p in problems if p[1] == "activity_year")
    assert "2025" in late[2] and "2023" in late[2]
    assert "2568" in late[3] and "2566" in late[3]  # Buddhist Era in the Thai message
    with pytest.raises(ValueError):
        get_method("landfill_fod").compute(lines.iloc[[0]])


# ------------------------------------------------------------------- properties


@settings(max_examples=15, deadline=None)
@given(
    amounts=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=8),
    ages=st.lists(st.integers(0, 60), min_size=8, max_size=8),
)
def test_doubling_amounts_doubles_emissions(amounts, ages):
    kinds = ["food", "paper", "wood", "msw", "garden", "textiles", "nappies", "plastics"]
    rows = [
        {"activity": kinds[i], "amount": a, "activity_year": 2023 - ages[i]}
        for i, a in enumerate(amounts)
    ]
    doubled = [{**r, "amount": 2 * r["amount"]} for r in rows]
    for method in ("landfill_fod", "landfill_commitment"):
        compute = get_method(method).compute
        once = compute(make_lines(method, rows))["ch4"].to_numpy()
        twice = compute(make_lines(method, doubled))["ch4"].to_numpy()
        assert twice == pytest.approx(2 * once, rel=1e-12, abs=1e-12)


def test_specs_follow_the_contract():
    for name in ("landfill_commitment", "landfill_fod"):
        spec = get_method(name)
        assert spec.scopes == frozenset({1, 3})
        assert spec.allows("III.1.1", 1) and spec.allows("III.1.2", 3)
        assert not spec.allows("III.2.1", 1)
        assert spec.example["activity"] in spec.activities()
        assert set(spec.example) >= {"gpc_ref", "method", "activity", "amount", "unit", "params"}
        assert {p.name for p in spec.params} >= set(spec.example["params"])
        assert all(p.description_th and p.description_en for p in spec.params)
    assert get_method("landfill_fod").needs_activity_year
    assert "msw" in get_method("landfill_fod").activities()
