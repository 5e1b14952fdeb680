"""Factor look-up and precedence (reference/factors.py): the one mechanism every method uses.

Expected values are the published numbers as the shipped tables give them
(document and table named at each), converted by hand.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from climateplan.reference._data import data_path
from climateplan.reference.factors import (
    add_factors,
    clear_added_factors,
    distinct_combinations,
    input_sources,
    join_sources,
    lookup,
    resolve,
)


@pytest.fixture
def added():
    """add_factors for one test; every added row is forgotten when it ends."""
    try:
        yield add_factors
    finally:
        clear_added_factors()


def _csv_line(family: str, **match) -> int:
    """Line number (header = 1) of the CSV row whose cells equal ``match``."""
    with open(data_path(f"factors_{family}.csv"), encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if all(row[k] == v for k, v in match.items()):
                return number
    raise AssertionError(f"no row {match} in factors_{family}.csv")


def test_exact_key_beats_wildcard_row():
    # IPCC 2006 Vol 4 Ch 11 Table 11.1: EF1 = 0.01 for any N input (blank keys in the
    # table), EF1FR = 0.003 on flooded rice, EF3PRP,CPP = 0.02 for dung of cattle,
    # poultry and pigs on pasture.
    found = lookup(
        "soils",
        "ef_direct",
        {
            "input": ["synthetic_n", "synthetic_n", "manure_pasture_cpp_n"],
            "water": ["", "flooded_rice", ""],
        },
        unit="1",
    )
    assert found.value.tolist() == pytest.approx([0.01, 0.003, 0.02])
    assert found.origin.tolist() == ["IPCC"] * 3
    assert "EF1FR" in found.source[1] and "EF3PRP,CPP" in found.source[2]


def test_thai_factor_beats_ipcc_default():
    # Lignite NCV: IPCC 2006 Vol 2 Table 1.2 gives 11.9 TJ/Gg; the Thai heating-value
    # table gives 2,500.24 kcal/kg = 10,468.5 kJ/kg = 10.4685 MJ/kg (= TJ/Gg). Thai wins.
    found = lookup("fuels", "ncv", {"fuel": ["lignite", "diesel"]}, unit="TJ/Gg")
    assert found.value.tolist() == pytest.approx([10.4685, 43.0])
    assert found.origin.tolist() == ["TH", "IPCC"]
    assert (
        found.factor_id[0]
        == f"fuels:{_csv_line('fuels', parameter='ncv', fuel='lignite', origin='TH')}"
    )


def test_unit_conversion_to_the_unit_asked():
    # 10.4685 MJ/kg = 10.4685 GJ/t = 0.0104685 TJ/t; IPCC diesel 43 TJ/Gg = 0.043 TJ/t
    found = lookup("fuels", "ncv", {"fuel": ["lignite", "diesel"]}, unit="TJ/t")
    assert found.value.tolist() == pytest.approx([0.0104685, 0.043])
    # the source quotes the table's own value and unit, whatever unit was asked
    assert found.source[1].endswith("[43 TJ/Gg]")


def test_dimensionless_units_convert():
    # Urea 46-0-0 is 46 percent N (Thai Fertilizer Act grade): 0.46 as a fraction.
    assert lookup("soils", "n_content", {"input": ["urea_46_0_0"]}, unit="1").value[0] == (
        pytest.approx(0.46)
    )
    assert lookup("soils", "n_content", {"input": ["urea_46_0_0"]}, unit="percent").value[
        0
    ] == pytest.approx(46.0)
    # IPCC 2006 Vol 4 Table 2.5: 2.7 g CH4 per kg dry matter = 0.0027 kg/kg
    gef = lookup("residue_burning", "gef", {"gas": ["ch4", "n2o"]}, unit="fraction")
    assert gef.value.tolist() == pytest.approx([2.7 / 1000, 0.07 / 1000])
    assert lookup("residue_burning", "gef", {"gas": ["ch4"]}, unit="g/kg").value[0] == 2.7


def test_validity_years_select_the_row_in_force():
    # TGO grid factors: 0.4999 kg/kWh usable up to 2026-03-31, 0.4750 from 2026-01-01.
    # Asked without a vintage, the year decides; in 2026 both are valid and the
    # first row of the file wins (same key specificity, same origin).
    found = lookup(
        "electricity",
        "grid_ef",
        {"grid": ["thailand"] * 4},
        unit="kg/kWh",
        year=np.array([2025, 2026, 2027, 2030]),
    )
    assert found.value.tolist() == pytest.approx([0.4999, 0.4999, 0.475, 0.475])
    # without a year, validity is not checked: the first row
    assert lookup("electricity", "grid_ef", {"grid": ["thailand"]}, unit="kg/kWh").value[0] == (
        pytest.approx(0.4999)
    )


def test_a_key_without_a_row_gives_nan_and_blank_text():
    found = lookup("fuels", "ncv", {"fuel": ["no_such_fuel", None, np.nan]}, unit="TJ/t")
    assert np.isnan(found.value).all() and found.missing.all()
    assert found.origin.tolist() == found.source.tolist() == found.factor_id.tolist() == [""] * 3


def test_keyless_parameter_gives_a_value_for_every_line():
    # IPCC 2006 Vol 4 Ch 5 Eq 5.2: SFs,r = 1 when no soil or cultivar factor is known
    found = lookup("rice", "sfsr", {}, unit="1", size=4)
    assert found.value.tolist() == [1.0] * 4
    lines = pd.DataFrame({"param_sfsr": [np.nan, 0.9, np.nan]})
    got = resolve(lines, family="rice", parameter="sfsr", keys={}, unit="1", param="param_sfsr")
    assert got.value.tolist() == pytest.approx([1.0, 0.9, 1.0])
    assert got.origin.tolist() == ["IPCC", "input", "IPCC"]


def test_added_thai_factor_wins_and_clear_removes_it(added):
    # Rice baseline EFc: IPCC 2006 Vol 4 Table 5.11, 1.30 kg CH4/ha/day (a wildcard row).
    keys = {"water_regime": ["irrigated_continuous"]}
    assert lookup("rice", "baseline_ef", keys, unit="kg/ha/day").value[0] == pytest.approx(1.3)
    added(
        "rice",
        [
            {
                "parameter": "baseline_ef",
                "value": 1.8,
                "unit": "kg/ha/day",
                "origin": "TH",
                "source": "test Thai EFc",
            }
        ],
    )
    found = lookup("rice", "baseline_ef", keys, unit="kg/ha/day")
    assert found.value[0] == pytest.approx(1.8)
    assert found.origin[0] == "TH"
    assert found.factor_id[0] == "rice:added-1"
    assert found.source[0] == "test Thai EFc [1.8 kg/ha/day]"
    clear_added_factors()
    again = lookup("rice", "baseline_ef", keys, unit="kg/ha/day")
    assert again.value[0] == pytest.approx(1.3) and again.origin[0] == "IPCC"


def test_added_rows_without_source_or_with_a_bad_unit_are_refused(added):
    good = {"parameter": "sfsr", "value": 0.9, "unit": "1", "origin": "TH", "source": "test"}
    with pytest.raises(ValueError, match=r"row 2: source blank.*แถว 2.*row 3: value"):
        added("rice", [good, {**good, "source": ""}, {**good, "unit": "kg per zzz"}])
    # nothing was added: the shipped SFs,r (IPCC 2006 Vol 4 Eq 5.2, 1.0) still applies
    assert lookup("rice", "sfsr", {}, unit="1", size=1).value[0] == 1.0


def test_resolve_input_beats_thai_beats_ipcc_with_units_and_labels():
    # Lignite NCV: Thai 10.4685 MJ/kg; diesel: IPCC 43 TJ/Gg; the third line types
    # 12.5 TJ/Gg (= 0.0125 TJ/t) with its own data source.
    lines = pd.DataFrame(
        {
            "activity": ["lignite", "diesel", "lignite"],
            "param_ncv": [np.nan, np.nan, 12.5],
            "source": ["", "", "plant report"],
        }
    )
    got = resolve(
        lines,
        family="fuels",
        parameter="ncv",
        keys={"fuel": "activity"},
        unit="TJ/t",
        param="param_ncv",
        param_unit="TJ/Gg",
        label="NCV",
    )
    assert got.value.tolist() == pytest.approx([0.0104685, 0.043, 0.0125])
    assert got.origin.tolist() == ["TH", "IPCC", "input"]
    assert got.factor_id[2] == "input"
    assert got.source[0].startswith("NCV: Thai fuel heating-value table")
    assert got.source[2] == "NCV: input param_ncv = 12.5 TJ/Gg (plant report)"
    # lines sharing a factor share a code; the input line has its own
    assert got.codes[0] != got.codes[1] != got.codes[2]


def test_resolve_keys_as_arrays_and_same_codes_for_same_factor():
    lines = pd.DataFrame({"amount": [1.0, 2.0, 3.0]})
    got = resolve(
        lines,
        family="soils",
        parameter="ef_direct",
        keys={
            "input": np.array(["synthetic_n"] * 3, dtype=object),
            "water": ["", "flooded_rice", ""],
        },
        unit="1",
    )
    assert got.value.tolist() == pytest.approx([0.01, 0.003, 0.01])
    assert got.codes[0] == got.codes[2] != got.codes[1]


def test_input_sources_hide_plain_number_units_and_quote_line_source():
    text = input_sources(
        "param_x", np.array([0.5, 2.5]), "1", np.array(["", "survey"], dtype=object)
    )
    assert text.tolist() == ["input param_x = 0.5", "input param_x = 2.5 (survey)"]
    assert input_sources("param_y", np.array([3.0]), "g/kg").tolist() == ["input param_y = 3 g/kg"]


def test_join_sources_skips_blanks():
    joined = join_sources(
        np.array(["a", "", "c"], dtype=object), np.array(["b", "x", ""], dtype=object)
    )
    assert joined.tolist() == ["a; b", "x", "c"]


def test_distinct_combinations_codes_and_first_rows():
    codes, first = distinct_combinations(["a", "b", "a", None], [1, 1, 1, 1])
    assert codes.tolist() == [0, 1, 0, 2]
    assert first.tolist() == [0, 1, 3]


def test_many_lines_resolve_per_distinct_key():
    # 200,000 lines of two fuels cost two table look-ups, not 200,000
    fuel = np.array(["lignite", "diesel"] * 100_000, dtype=object)
    found = lookup("fuels", "ncv", {"fuel": fuel}, unit="TJ/Gg")
    assert found.value[:2].tolist() == pytest.approx([10.4685, 43.0])
    assert set(np.unique(found.codes)) == {0, 1}


def test_listing_has_each_column_once_and_every_row(added):
    from climateplan.reference.factors import all_factors, families

    added("rice", [{"parameter": "sfsr", "value": 0.9, "unit": "1", "origin": "TH", "source": "t"}])
    table = all_factors()
    assert table.columns.is_unique
    shipped = sum(len(_read_csv_rows(f)) for f in families())
    assert len(table) == shipped + 1  # the added row is listed too
    assert table.loc[table["factor_id"] == "rice:added-1", "applies_to"].iloc[0] == ""


def _read_csv_rows(family: str) -> list[dict]:
    with open(data_path(f"factors_{family}.csv"), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_key_rows_list_what_each_row_applies_to(added):
    from climateplan.reference.factors import key_rows

    # factors_soils.csv rows 2-5: EF1 (any input), EF1FR (flooded rice), EF3PRP CPP and SO
    assert key_rows("soils", "ef_direct")[:2] == ({}, {"water": "flooded_rice"})
    added(
        "soils",
        [
            {
                "parameter": "ef_direct",
                "input": "x_n",
                "value": 0.01,
                "unit": "1",
                "origin": "TH",
                "source": "test",
            }
        ],
    )
    assert key_rows("soils", "ef_direct")[-1] == {"input": "x_n"}


def test_shipped_rows_keep_their_ids_when_factors_are_added(added):
    # an added Thai factor for food waste must not blank the ids of the shipped rows:
    # paper keeps the IPCC 2006 Vol 5 Table 2.4 row (DOC 0.40), food takes the added one
    added("waste", [{"parameter": "doc", "waste_type": "food", "value": "0.2", "unit": "1",
                     "origin": "TH", "source": "test source"}])  # fmt: skip
    found = lookup("waste", "doc", {"waste_type": ["paper", "food"]}, unit="1")
    assert found.value.tolist() == pytest.approx([0.40, 0.2])
    paper_row = _csv_line("waste", parameter="doc", waste_type="paper")
    assert found.factor_id.tolist() == [f"waste:{paper_row}", "waste:added-1"]
    from climateplan.reference.factors import factor_table

    table = factor_table("waste").set_index("factor_id")
    assert table.loc[f"waste:{paper_row}", "value"] == pytest.approx(0.40)
