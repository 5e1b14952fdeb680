"""Independent check: forest land removals and emissions, gross / removals / net.

IPCC 2006 Vol 4 Ch 2, gain-loss method for living biomass, Tier 1:
- gains, Eq 2.9 / 2.10: delta C_G = A x G_W x (1 + R) x CF (t C/yr); x 44/12 -> t CO2
- losses by conversion (deforestation), Eq 2.16 with Tier 1 fd = 1 and nothing left on
  the land: L = A x B_W x (1 + R) x CF; x 44/12 -> t CO2
Defaults (Asia (continental)), reference/data/factors_land.csv:
- Table 4.9, G_W tropical dry forest, stands > 20 years: 1.5 t d.m./ha/yr
- Table 4.7, B_W tropical moist deciduous forest: 180 t d.m./ha
- Table 4.4, R tropical dry forest (above-ground biomass > 20 t/ha): 0.28;
  tropical moist deciduous (above-ground biomass > 125 t/ha): 0.24
- Table 4.3, CF tropical and subtropical: 0.47 t C/t d.m.

GPC v1.1: V.2 (land) is scope 1 in BASIC+ and territorial, not in BASIC; removals are
reported beside the gross totals (net = gross + removals).
"""

from __future__ import annotations

import pytest

from ._review import cli, compute_json, line, write

CSV = """
gpc_ref,method,activity,amount,unit,param_age_class
V.2,forest_growth,tropical_dry,1000,ha,old
V.2,forest_loss,tropical_moist_deciduous,50,ha,
V.2,direct,CO2,-200,t,
I.1.1,direct,CO2,100,t,
"""
# gain: 1000 ha x 1.5 x (1 + 0.28) x 0.47 = 1000 x 1.5 x 1.28 x 0.47 = 902.4 t C
#       902.4 x 44/12 = 3,308.8 t CO2 removed
GAIN = -3308.8
# loss: 50 ha x 180 x (1 + 0.24) x 0.47 = 50 x 180 x 1.24 x 0.47 = 5,245.2 t C
#       5,245.2 x 44/12 = 19,232.4 t CO2 emitted
LOSS = 19232.4
DIRECT = -200.0
STATIONARY = 100.0


def test_gross_removals_and_net_totals(tmp_path):
    doc = compute_json(tmp_path, CSV)
    growth = line(doc, method="forest_growth")
    assert growth["co2"] == pytest.approx(GAIN)
    assert growth["co2e"] == pytest.approx(GAIN)
    assert growth["removal"] is True
    loss = line(doc, method="forest_loss")
    assert loss["co2e"] == pytest.approx(LOSS)
    assert loss["removal"] is False
    removal = line(doc, method="direct", gpc_ref="V.2")
    assert removal["co2e"] == pytest.approx(DIRECT) and removal["removal"] is True
    totals = doc["totals"]
    # BASIC has no V.2: 100
    assert totals["basic"] == pytest.approx(STATIONARY)
    # BASIC+ and territorial are gross: 100 + 19,232.4 = 19,332.4 (removals left out)
    assert totals["basic_plus"] == pytest.approx(19332.4)
    assert totals["territorial"] == pytest.approx(19332.4)
    # removals: -3,308.8 - 200 = -3,508.8
    assert totals["removals"] == pytest.approx(-3508.8)
    # net: 19,332.4 - 3,508.8 = 15,823.6
    assert totals["net_basic_plus"] == pytest.approx(15823.6)
    assert totals["net_territorial"] == pytest.approx(15823.6)
    v2 = next(r for r in doc["gpc_table"] if r["gpc_ref"] == "V.2")
    assert v2["removals"] == pytest.approx(-3508.8)
    assert v2["basic_plus"] == pytest.approx(LOSS)


def test_young_stands_and_rai(tmp_path):
    # 625 rai = 625 x 1,600 m2 = 1,000,000 m2 = 100 ha (1 rai = 1,600 m2)
    # Table 4.9, tropical moist deciduous forest, Asia (continental), <= 20 years: 9.0
    # 100 x 9.0 x (1 + 0.24) x 0.47 = 524.52 t C; x 44/12 = 1,923.24 t CO2 removed
    doc = compute_json(
        tmp_path,
        """
gpc_ref,method,activity,amount,unit,param_age_class
V.2,forest_growth,tropical_moist_deciduous,625,rai,young
""",
    )
    assert line(doc, method="forest_growth")["co2e"] == pytest.approx(-1923.24)


@pytest.mark.parametrize("ref", ["V.1", "I.1.1", "III.1.1"])
def test_a_signed_removal_elsewhere_than_v2_is_refused_with_its_place(tmp_path, ref):
    src = write(
        tmp_path / "neg.csv",
        f"gpc_ref,method,activity,amount,unit\nV.2,direct,CO2,-10,t\n{ref},direct,CO2,-200,t",
    )
    out = tmp_path / "out.json"
    result = cli(
        "inventory",
        "compute",
        src,
        "--province",
        "TH-50",
        "--year",
        "2023",
        "--format",
        "json",
        "-o",
        out,
    )
    assert result.exit_code != 0
    assert not out.exists()
    text = result.output
    # English and Thai, file, row 3 (the header is row 1), column amount
    assert "file neg.csv, row 3, column amount" in text
    assert "ไฟล์ neg.csv, แถว 3, คอลัมน์ amount" in text
    assert "negative" in text and "ติดลบ" in text
    assert "V.2" in text
    # the V.2 removal of row 2 is accepted: only one problem
    assert "row 2" not in text


def _land(parameter):
    from climateplan.reference.factors import factor_table

    table = factor_table("land")
    rows = table[table["parameter"] == parameter]
    return rows


def test_shipped_forest_factors_agree_with_their_tables():
    # Table 4.4 gives R by above-ground biomass class; the class follows from the
    # forest type's B_W in Table 4.7 (Asia (continental)):
    #   tropical moist deciduous: B_W 180 > 125 t/ha -> R = 0.24 (0.20 below 125)
    #   tropical dry:             B_W 130 >  20 t/ha -> R = 0.28 (0.56 below 20)
    #   tropical rainforest 0.37, shrubland 0.40, mountain systems 0.27 (one class each)
    r = dict(zip(_land("root_shoot")["forest_type"], _land("root_shoot")["value"], strict=True))
    bw = dict(zip(_land("biomass")["forest_type"], _land("biomass")["value"], strict=True))
    assert bw["tropical_moist_deciduous"] > 125 and r["tropical_moist_deciduous"] == 0.24
    assert bw["tropical_dry"] > 20 and r["tropical_dry"] == 0.28
    assert (r["tropical_rainforest"], r["tropical_shrubland"], r["tropical_mountain"]) == (
        0.37,
        0.40,
        0.27,
    )
    # Table 4.3: CF tropical and subtropical 0.47 (range 0.44-0.49)
    (cf,) = _land("carbon_fraction")["value"]
    assert cf == 0.47
    # Table 4.9: stands of 20 years or less grow faster than older stands, every type
    growth = _land("growth")
    by_type = growth.pivot_table(index="forest_type", columns="age_class", values="value")
    assert (by_type["young"] > by_type["old"]).all()
    # every row cites its table of Vol 4 Ch 4
    for parameter, table in (
        ("growth", "Table 4.9"),
        ("root_shoot", "Table 4.4"),
        ("carbon_fraction", "Table 4.3"),
        ("biomass", "Table 4.7"),
    ):
        assert _land(parameter)["source"].str.contains(table, regex=False).all(), parameter
