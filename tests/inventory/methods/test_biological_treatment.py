"""Biological treatment of solid waste: IPCC 2006 Vol 5 Ch 4 Eq 4.1 (CH4) and Eq 4.2
(N2O) with the Table 4.1 factors, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from _lines import method_lines
from _lines import run as run_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.inventory.methods import get_method

METHOD = "biological_treatment"


def make_lines(rows: list[dict], **kw) -> pd.DataFrame:
    return method_lines(METHOD, rows, **kw)


def run(rows: list[dict]) -> pd.DataFrame:
    return run_lines(METHOD, rows)


def test_composting_wet_basis_table_4_1():
    # Eq 4.1: CH4 = M x EF = 1000 t x 4 g/kg = 1000 t x 0.004 = 4 t CH4
    # Eq 4.2: N2O = M x EF = 1000 t x 0.3 g/kg = 0.3 t N2O (2006 Table 4.1, wet weight)
    result = run([{"activity": "composting", "amount": 1000.0}])
    assert result["ch4"].iloc[0] == pytest.approx(1000 * 4 / 1000)
    assert result["n2o"].iloc[0] == pytest.approx(1000 * 0.3 / 1000)
    assert result["co2"].iloc[0] == 0 and result["co2_biogenic"].iloc[0] == 0
    assert "Table 4.1" in result["factor_source"].iloc[0]
    assert result["factor_origin"].iloc[0] == "IPCC"


def test_composting_dry_basis():
    # dry weight: CH4 10 g/kg, N2O 0.6 g/kg -> 250 t dry x 0.010 = 2.5 t; x 0.0006 = 0.15 t
    result = run([{"activity": "composting", "amount": 250.0, "param_basis": "dry"}])
    assert result["ch4"].iloc[0] == pytest.approx(250 * 10 / 1000)
    assert result["n2o"].iloc[0] == pytest.approx(250 * 0.6 / 1000)


def test_anaerobic_digestion_with_recovery():
    # wet basis CH4 1 g/kg, N2O negligible (2006 Table 4.1):
    # Eq 4.1: 2000 t x 0.001 - R 0.6 t = 2.0 - 0.6 = 1.4 t CH4; N2O 0
    rows = [{"activity": "anaerobic_digestion", "amount": 2000.0, "param_recovered_ch4": 0.6}]
    result = run(rows)
    assert result["ch4"].iloc[0] == pytest.approx(2000 * 1 / 1000 - 0.6)
    assert result["n2o"].iloc[0] == 0
    assert "recovered CH4: input" in result["factor_source"].iloc[0]


def test_input_factor_beats_table():
    # a measured 2.5 g CH4/kg replaces the 4 g/kg default: 1000 t x 0.0025 = 2.5 t
    rows = [{"activity": "composting", "amount": 1000.0, "param_ch4_ef": 2.5}]
    result = run(rows)
    assert result["ch4"].iloc[0] == pytest.approx(2.5)
    assert result["n2o"].iloc[0] == pytest.approx(0.3)  # N2O still from Table 4.1
    assert result["factor_origin"].iloc[0] == "input"
    assert "input param_ch4_ef = 2.5 g/kg" in result["factor_source"].iloc[0]


def test_case_and_spaces_in_text_are_tolerated():
    result = run([{"activity": " Composting ", "amount": 100.0, "param_basis": "WET"}])
    assert result["ch4"].iloc[0] == pytest.approx(0.4)


def test_recovery_above_generation_is_an_error():
    lines = make_lines(
        [{"activity": "anaerobic_digestion", "amount": 100.0, "param_recovered_ch4": 1.0}]
    )
    problems = get_method(METHOD).validate(lines)
    # 100 t x 0.0008 = 0.08 t generated < 1 t recovered
    assert [(p[0], p[1]) for p in problems] == [(0, "param_recovered_ch4")]
    assert "exceeds" in problems[0][2] and "มากกว่า" in problems[0][3]


@settings(max_examples=20, deadline=None)
@given(
    amounts=st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=6),
    dry=st.booleans(),
)
def test_doubling_amounts_doubles_emissions(amounts, dry):
    kinds = ["composting", "anaerobic_digestion"]
    basis = "dry" if dry else "wet"
    rows = [
        {"activity": kinds[i % 2], "amount": a, "param_basis": basis} for i, a in enumerate(amounts)
    ]
    compute = get_method(METHOD).compute
    once = compute(make_lines(rows))
    twice = compute(make_lines([{**r, "amount": 2 * r["amount"]} for r in rows]))
    for gas in ("ch4", "n2o"):
        assert twice[gas].to_numpy() == pytest.approx(2 * once[gas].to_numpy(), rel=1e-12)


def test_spec_follows_the_contract():
    spec = get_method(METHOD)
    assert set(spec.activities()) == {"composting", "anaerobic_digestion"}
    assert spec.scopes == frozenset({1, 3})
    assert spec.allows("III.2.2", 3) and not spec.allows("III.1.1", 1)
    assert spec.amount_units == {"mass": "t"}
    assert spec.example["activity"] in spec.activities()
    basis = next(p for p in spec.params if p.name == "basis")
    assert set(basis.choices) == {"wet", "dry"}
