"""The waste factor table against the 2006 IPCC Guidelines, Vol 5.

Expected values are typed from the published tables (table named at each), not
read back from the shipped file.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from climateplan.inventory import compute_inventory
from climateplan.reference._data import DATA_DIR
from climateplan.reference.factors import factor_table, lookup


def _value(parameter: str, **keys) -> float:
    found = lookup("waste", parameter, {k: [v] for k, v in keys.items()}, unit="g/kg")
    return float(found.value[0])


@pytest.mark.parametrize(
    ("treatment", "basis", "ch4", "n2o"),
    [
        # IPCC 2006 Vol 5 Ch 4 Table 4.1, p 4.6 (g per kg waste treated):
        # composting: CH4 10 (dry) / 4 (wet), N2O 0.6 (dry) / 0.3 (wet);
        # anaerobic digestion at biogas facilities: CH4 2 (dry) / 1 (wet), N2O negligible
        ("composting", "wet", 4.0, 0.3),
        ("composting", "dry", 10.0, 0.6),
        ("anaerobic_digestion", "wet", 1.0, 0.0),
        ("anaerobic_digestion", "dry", 2.0, 0.0),
    ],
)
def test_biological_treatment_factors_are_the_2006_table_4_1(treatment, basis, ch4, n2o):
    assert _value("ch4_ef", treatment=treatment, basis=basis) == pytest.approx(ch4)
    assert _value("n2o_ef", treatment=treatment, basis=basis) == pytest.approx(n2o)


def test_no_2019_refinement_value_is_mixed_into_the_defaults():
    # every Table 4.1 row names the 2006 Guidelines as its source and origin IPCC
    table = factor_table("waste")
    rows = table[table["parameter"].isin(["ch4_ef", "n2o_ef"]) & table["treatment"].notna()]
    bio = rows[rows["treatment"].isin(["composting", "anaerobic_digestion"])]
    assert len(bio) == 8
    assert set(bio["origin"]) == {"IPCC"}
    assert bio["source"].str.startswith("IPCC 2006 Vol 5 Ch 4 Table 4.1").all()
    assert not (bio["value"].isin([0.24, 0.8])).any()


def test_worked_check_1000_t_composted_wet_ar5(make_activity):
    # 1,000 t composted, wet weight (IPCC 2006 Vol 5 Ch 4 Eq 4.1, 4.2, Table 4.1):
    # CH4 = 1000 t x 4 g/kg = 4.0 t; N2O = 1000 t x 0.3 g/kg = 0.3 t
    # AR5 GWP-100 (WG1 Table 8.A.1): CH4 28, N2O 265 -> 4.0 x 28 + 0.3 x 265 = 112 + 79.5
    # = 191.5 t CO2e
    data = make_activity(
        [
            {
                "gpc_ref": "III.2.1",
                "method": "biological_treatment",
                "activity": "composting",
                "amount": "1000",
                "unit": "t",
                "param_basis": "wet",
            }
        ]
    )
    lines = compute_inventory(data).lines
    assert lines["ch4"].sum() == pytest.approx(4.0)
    assert lines["n2o"].sum() == pytest.approx(0.3)
    assert lines["co2e"].sum() == pytest.approx(191.5)


# IPCC 2006 Vol 5 Ch 2 Table 2.3, South-Eastern Asia, % of wet weight, as printed
SE_ASIA_PRINTED = {
    "food": 43.5,
    "paper": 12.9,
    "wood": 9.9,
    "textiles": 2.7,
    "rubber_leather": 0.9,
    "plastics": 7.2,
    "metal": 3.3,
    "glass": 4.0,
    "other_inert": 16.3,
}


def _by_type(parameter: str) -> pd.Series:
    table = factor_table("waste")
    return table[table["parameter"] == parameter].set_index("waste_type")["value"]


def test_composition_is_table_2_3_as_printed_and_normalised_where_used():
    shares = _by_type("msw_share")
    assert shares.to_dict() == pytest.approx({k: v / 100 for k, v in SE_ASIA_PRINTED.items()})
    # 43.5 + 12.9 + 9.9 + 2.7 + 0.9 + 7.2 + 3.3 + 4.0 + 16.3 = 100.7 %
    assert shares.sum() == pytest.approx(1.007)
    # the composition every derived msw value uses is the printed one divided by 1.007,
    # which sums to 1
    assert (shares / 1.007).sum() == pytest.approx(1.0, abs=1e-12)
    # DOC (Eq 2.4, Table 2.4 DOC food 15 %, paper 40 %, wood 43 %, textiles 24 %):
    # (0.15 x 0.435 + 0.40 x 0.129 + 0.43 x 0.099 + 0.24 x 0.027) / 1.007
    # = (0.06525 + 0.0516 + 0.04257 + 0.00648) / 1.007 = 0.1659 / 1.007 = 0.16474677
    assert _by_type("doc")["msw"] == pytest.approx(0.16474677, rel=1e-7)
    # dry matter (Table 2.4: 40, 90, 85, 80, 84, 100, 100, 100, 90 %):
    # 0.174 + 0.1161 + 0.08415 + 0.0216 + 0.00756 + 0.072 + 0.033 + 0.04 + 0.1467
    # = 0.69511, / 1.007 = 0.69027805
    assert _by_type("dry_matter")["msw"] == pytest.approx(0.69027805, rel=1e-7)
    # the normalisation is said where the shares are
    notes = factor_table("waste").set_index(["parameter", "waste_type"])["note"]
    assert "1.007" in notes[("msw_share", "food")]
    assert "normalised" in notes[("doc", "msw")]


# Words about how the package was made have no place in shipped data.
PROCESS_WORDS = re.compile(r"issue ?#?\d|this session|in this work|\breview", re.IGNORECASE)


def test_shipped_data_speaks_of_sources_only():
    found = []
    for path in sorted(DATA_DIR.iterdir()):
        if path.suffix.lower() not in {".csv", ".md", ".txt", ".json"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if PROCESS_WORDS.search(line):
                found.append(f"{path.name}:{number}")
    assert found == []
