"""Independent check: the South-Eastern Asia MSW composition and what is derived from it.

IPCC 2006 Vol 5 Ch 2 Table 2.3 (MSW composition, South-Eastern Asia, % wet weight):
food 43.5, paper 12.9, wood 9.9, textiles 2.7, rubber/leather 0.9, plastics 7.2,
metal 3.3, glass 4.0, other 16.3 -> printed sum 100.7 %, so each share is divided by
1.007 where the composition is used (docs/methods/waste.md).
Table 2.4 (DOC, % wet weight): food 15, paper 40, wood 43, textiles 24 (rubber 0 in a
landfill, the others inert). Dry matter (% wet weight): food 40, paper 90, wood 85,
textiles 80, rubber/leather 84, plastics/metal/glass 100, other inert 90.
"""

from __future__ import annotations

import pytest

from climateplan.reference.factors import factor_table

from ._review import compute_json, line

PRINTED = {
    "food": 0.435,
    "paper": 0.129,
    "wood": 0.099,
    "textiles": 0.027,
    "rubber_leather": 0.009,
    "plastics": 0.072,
    "metal": 0.033,
    "glass": 0.040,
    "other_inert": 0.163,
}


def _values(parameter):
    table = factor_table("waste")
    rows = table[table["parameter"] == parameter]
    return dict(zip(rows["waste_type"], rows["value"].astype(float), strict=True))


def test_shipped_shares_are_the_printed_table_2_3():
    shares = _values("msw_share")
    assert shares == pytest.approx(PRINTED)
    # 43.5 + 12.9 + 9.9 + 2.7 + 0.9 + 7.2 + 3.3 + 4.0 + 16.3 = 100.7 %
    assert sum(shares.values()) == pytest.approx(1.007)


def test_msw_doc_and_dry_matter_are_normalised():
    # DOC = (0.15 x 0.435 + 0.40 x 0.129 + 0.43 x 0.099 + 0.24 x 0.027) / 1.007
    #     = (0.06525 + 0.0516 + 0.04257 + 0.00648) / 1.007 = 0.1659 / 1.007 = 0.16474677
    assert _values("doc")["msw"] == pytest.approx(0.16474677, rel=1e-7)
    # dm = (0.435 x 0.40 + 0.129 x 0.90 + 0.099 x 0.85 + 0.027 x 0.80 + 0.009 x 0.84
    #       + 0.072 + 0.033 + 0.040 + 0.163 x 0.90) / 1.007
    #    = (0.174 + 0.1161 + 0.08415 + 0.0216 + 0.00756 + 0.145 + 0.1467) / 1.007
    #    = 0.69511 / 1.007 = 0.69027805
    assert _values("dry_matter")["msw"] == pytest.approx(0.69027805, rel=1e-7)


def test_landfill_commitment_of_msw_through_the_cli(tmp_path):
    # GPC v1.1 Eq 8.3/8.4 (IPCC 2006 Vol 5 Eq 3.1 defaults): CH4 = MSW x MCF x DOC x
    # DOCf x F x 16/12 x (1 - OX); unmanaged deep site MCF 0.8 (Vol 5 Table 3.1),
    # DOCf 0.5, F 0.5, OX 0 (Table 3.2, not a managed covered site):
    # 1,000 x 0.8 x 0.16474677 x 0.5 x 0.5 x 16/12 = 43.932473 t CH4; x 28 = 1,230.109 t
    doc = compute_json(
        tmp_path,
        """
gpc_ref,method,activity,amount,unit,param_site_type
III.1.1,landfill_commitment,msw,1000,t,unmanaged_deep
""",
    )
    landfill = line(doc, method="landfill_commitment")
    assert landfill["ch4"] == pytest.approx(43.932473, rel=1e-7)
    assert landfill["co2e"] == pytest.approx(1230.1092, rel=1e-7)
    assert "Table 2.3" in landfill["factor_source"]
