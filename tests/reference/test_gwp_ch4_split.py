"""AR6 methane: fossil and non-fossil GWP-100 (IPCC AR6 WG1 Ch 7 Table 7.15).

Fossil methane 29.8, non-fossil methane 27.0; AR4 and AR5 keep one CH4 value.
Expected values are worked by hand from the published factors named at each.
"""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.inventory import compute_inventory
from climateplan.reference.gwp import ch4_gwp, ch4_is_fossil, ch4_split, gwp_source

DIESEL_HOME = {  # 100 TJ of diesel burnt in homes (GPC I.1.1, IPCC 1.A.4.b)
    "gpc_ref": "I.1.1",
    "method": "fuel_combustion",
    "activity": "diesel",
    "amount": "100",
    "unit": "TJ",
}
BUFFALO = {  # 1,000 buffalo (GPC V.1, IPCC 3.A)
    "gpc_ref": "V.1",
    "method": "enteric_fermentation",
    "activity": "buffalo",
    "amount": "1000",
    "unit": "head",
}


def test_ar6_values_are_table_7_15():
    assert ch4_split("AR6") == {"fossil": 29.8, "non_fossil": 27.0}
    assert ch4_split("AR5") is None and ch4_split("AR4") is None


def test_fuel_combustion_fossil_and_enteric_fermentation_non_fossil_under_ar6(make_activity):
    data = make_activity([DIESEL_HOME, BUFFALO], gwp="AR6")
    lines = compute_inventory(data).lines.set_index("method")
    # Diesel, 100 TJ (IPCC 2006 Vol 2 Ch 1 Table 1.4 CO2 74,100 kg/TJ; Ch 2 Table 2.5
    # residential CH4 10 kg/TJ, N2O 0.6 kg/TJ):
    #   CO2 = 100 x 74,100 kg = 7,410 t; CH4 = 100 x 10 kg = 1.0 t; N2O = 100 x 0.6 kg = 0.06 t
    #   AR6: CH4 fossil 29.8 (Table 7.15), N2O 273 (Table 7.SM.7)
    #   CO2e = 7,410 + 1.0 x 29.8 + 0.06 x 273 = 7,410 + 29.8 + 16.38 = 7,456.18 t
    diesel = lines.loc["fuel_combustion"]
    assert diesel["ch4"] == pytest.approx(1.0)
    assert diesel["co2e_ch4"] == pytest.approx(29.8)
    assert diesel["co2e"] == pytest.approx(7456.18)
    # Buffalo, 1,000 head x 55 kg CH4/head/yr (IPCC 2006 Vol 4 Ch 10 Table 10.10)
    #   = 55 t CH4; AR6 non-fossil 27.0 (Table 7.15): 55 x 27.0 = 1,485 t CO2e
    buffalo = lines.loc["enteric_fermentation"]
    assert buffalo["ch4"] == pytest.approx(55.0)
    assert buffalo["co2e"] == pytest.approx(1485.0)


def test_ar5_keeps_one_ch4_value(make_activity):
    # AR5 WG1 Table 8.A.1: CH4 28 for both: 1.0 x 28 = 28 and 55 x 28 = 1,540 t CO2e
    lines = compute_inventory(make_activity([DIESEL_HOME, BUFFALO])).lines.set_index("method")
    assert lines.loc["fuel_combustion", "co2e_ch4"] == pytest.approx(28.0)
    assert lines.loc["enteric_fermentation", "co2e_ch4"] == pytest.approx(1540.0)


def test_origin_by_category_and_burnt_biomass():
    fossil = ch4_is_fossil(
        ["1.A.4.b", "1.A.1", "1.B.2", "2.A-2.C, 2.E", "3.A", "4.A", "", "1.A.1"],
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0],
        [0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
    )
    # 1.A with fossil CO2: fossil; 1.A whose CO2 is all biogenic (rice husk): non-fossil;
    # fugitive, industry: fossil; livestock, waste: non-fossil; no category: fossil;
    # a blend (fossil and biogenic CO2): fossil
    assert fossil.tolist() == [True, False, True, True, False, False, True, True]
    values = ch4_gwp("AR6", ["1.A.4.b", "3.A"], [1.0, 0.0], [0.0, 0.0])
    assert np.asarray(values).tolist() == [29.8, 27.0]


def test_the_gwp_line_names_the_split():
    text = gwp_source("AR6")
    assert "Table 7.15" in text and "29.8" in text and "27" in text
    assert "Table 7.15" not in gwp_source("AR5")
