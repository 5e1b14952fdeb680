"""Independent check: AR6 methane by origin through the command line.

IPCC AR6 WG1 (2021) Ch 7 Table 7.15, GWP-100: CH4-fossil 29.8, CH4-non fossil 27.0;
N2O 273 (Table 7.15). Fuel combustion (IPCC 1.A) burns fossil fuel: 29.8; enteric
fermentation (IPCC 3.A.1) is methane of plant carbon: 27.0.

LPG, IPCC 2006 Vol 2 Ch 1 Table 1.2 NCV 47.3 TJ/Gg, Table 1.4 CO2 63,100 kg/TJ,
Ch 2 Table 2.5 (residential) CH4 5 kg/TJ, N2O 0.1 kg/TJ:
  1,000 t = 1 Gg x 47.3 = 47.3 TJ
  CO2 47.3 x 63.1 t/TJ = 2,984.63 t; CH4 47.3 x 5 kg = 236.5 kg = 0.2365 t;
  N2O 47.3 x 0.1 kg = 4.73 kg = 0.00473 t
  CO2e = 2,984.63 + 0.2365 x 29.8 + 0.00473 x 273 = 2,984.63 + 7.0477 + 1.29129
       = 2,992.96899 t
Dairy cattle, IPCC 2006 Vol 4 Ch 10 Table 10.11 (Asia): 68 kg CH4/head/yr:
  100 head x 68 kg = 6.8 t CH4; x 27.0 = 183.6 t CO2e
"""

from __future__ import annotations

import pytest

from ._review import compute_json, line

CSV = """
gpc_ref,method,activity,amount,unit
I.1.1,fuel_combustion,lpg,1000,t
V.1,enteric_fermentation,dairy_cattle,100,head
"""


def test_fossil_and_non_fossil_methane_under_ar6(tmp_path):
    doc = compute_json(tmp_path, CSV, "--gwp", "AR6")
    assert doc["gwp"] == "AR6"
    lpg = line(doc, method="fuel_combustion")
    assert lpg["ch4"] == pytest.approx(0.2365)
    assert lpg["co2e"] == pytest.approx(2992.96899)
    cattle = line(doc, method="enteric_fermentation")
    assert cattle["ch4"] == pytest.approx(6.8)
    assert cattle["co2e"] == pytest.approx(183.6)
    # the GWP line names both values and the table
    assert "29.8" in doc["gwp_source"] and "27" in doc["gwp_source"]
    assert "Table 7.15" in doc["gwp_source"]


def test_ar5_uses_one_methane_value(tmp_path):
    # AR5 (WG1 Table 8.7): CH4 28, N2O 265 for both lines:
    # LPG 2,984.63 + 0.2365 x 28 + 0.00473 x 265 = 2,984.63 + 6.622 + 1.25345 = 2,992.50545
    # cattle 6.8 x 28 = 190.4
    doc = compute_json(tmp_path, CSV, "--gwp", "AR5")
    assert line(doc, method="fuel_combustion")["co2e"] == pytest.approx(2992.50545)
    assert line(doc, method="enteric_fermentation")["co2e"] == pytest.approx(190.4)
