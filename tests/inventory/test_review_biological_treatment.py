"""Independent check: biological treatment of solid waste through the command line.

IPCC 2006 Vol 5 Ch 4 Table 4.1 (p 4.6), wet-weight basis: composting 4 g CH4 and
0.3 g N2O per kg of waste treated; anaerobic digestion at biogas facilities 1 g CH4
per kg (N2O assumed negligible). Eq 4.1 / 4.2: CH4 = M x EF (g/kg x t = kg; /1000 = t).
AR5 GWP-100 (IPCC AR5 WG1 Table 8.7, without feedbacks): CH4 28, N2O 265.
"""

from __future__ import annotations

import pytest

from ._review import compute_json, line

CSV = """
gpc_ref,method,activity,amount,unit,param_basis
III.2.1,biological_treatment,composting,1000,t,wet
III.2.1,biological_treatment,anaerobic_digestion,500,t,wet
"""


def test_composting_and_digestion_table_4_1_through_the_cli(tmp_path):
    doc = compute_json(tmp_path, CSV)
    assert doc["gwp"] == "AR5"
    compost = line(doc, activity="composting")
    # 1,000 t = 1,000,000 kg x 4 g/kg = 4,000,000 g = 4.0 t CH4
    assert compost["ch4"] == pytest.approx(4.0)
    # 1,000,000 kg x 0.3 g/kg = 300,000 g = 0.3 t N2O
    assert compost["n2o"] == pytest.approx(0.3)
    assert compost["co2"] == 0.0
    # 4.0 x 28 + 0.3 x 265 = 112 + 79.5 = 191.5 t CO2e
    assert compost["co2e"] == pytest.approx(191.5)
    digester = line(doc, activity="anaerobic_digestion")
    # 500 t = 500,000 kg x 1 g/kg = 0.5 t CH4; x 28 = 14 t CO2e
    assert digester["ch4"] == pytest.approx(0.5)
    assert digester["n2o"] == pytest.approx(0.0)
    assert digester["co2e"] == pytest.approx(14.0)
    # III.2.1 is scope 1 and in BASIC, BASIC+ and territorial: 191.5 + 14 = 205.5
    for total in ("basic", "basic_plus", "territorial", "scope1"):
        assert doc["totals"][total] == pytest.approx(205.5), total
    assert "Table 4.1" in compost["factor_source"]


def test_dry_weight_basis_uses_the_dry_column(tmp_path):
    # Table 4.1, dry-weight basis: composting 10 g CH4 and 0.6 g N2O per kg dry waste:
    # 100 t dry = 100,000 kg x 10 g = 1.0 t CH4; x 0.6 g = 0.06 t N2O
    # 1.0 x 28 + 0.06 x 265 = 28 + 15.9 = 43.9 t CO2e
    doc = compute_json(
        tmp_path,
        """
gpc_ref,method,activity,amount,unit,param_basis
III.2.1,biological_treatment,composting,100,t,dry
""",
    )
    compost = line(doc, activity="composting")
    assert compost["ch4"] == pytest.approx(1.0)
    assert compost["n2o"] == pytest.approx(0.06)
    assert compost["co2e"] == pytest.approx(43.9)
