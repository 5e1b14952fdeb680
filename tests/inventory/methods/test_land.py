"""Forest land (GPC V.2): removals and emissions of living biomass, IPCC 2006 Vol 4 Tier 1.

Every expected value is worked by hand from the equations and the default tables
(Asia (continental) values of Vol 4 Ch 4), with CO2 = C x 44/12:

- gains, Eq 2.9 and 2.10: dC = A x GW x (1 + R) x CF
- losses by disturbance or conversion, Eq 2.14 and 2.16: dC = A x (BW x (1 + R) - B_after) x fd x CF
- wood removals, Eq 2.12: dC = H x BCEF_R x (1 + R) x CF
"""

from __future__ import annotations

import pytest
from _lines import run

from climateplan.errors import InputError
from climateplan.inventory import compute_inventory
from climateplan.inventory.key_categories import level_assessment

CO2_PER_C = 44 / 12
CF = 0.47  # Table 4.3, tropical and subtropical


def test_growth_of_old_moist_deciduous_forest_is_a_removal():
    # 10,000 ha, GW 2.0 t d.m./ha/yr (Table 4.9, > 20 y), R 0.24 (Table 4.4, BW > 125 t/ha)
    # 10,000 x 2.0 x 1.24 x 0.47 = 11,656 t C -> x 44/12 = 42,738.67 t CO2 taken up
    result = run("forest_growth", [{"activity": "tropical_moist_deciduous", "amount": 10_000}])
    assert result["co2"].iloc[0] == pytest.approx(-10_000 * 2.0 * 1.24 * CF * CO2_PER_C)
    assert result["co2"].iloc[0] == pytest.approx(-42_738.6667, rel=1e-7)
    assert "Table 4.9" in result["factor_source"].iloc[0]


def test_young_forest_grows_faster():
    # land converted to forest / stands <= 20 y: tropical dry forest GW 6.0 (Table 4.9),
    # R 0.28 (Table 4.4, BW > 20 t/ha): 100 ha x 6.0 x 1.28 x 0.47 = 360.96 t C = 1,323.52 t CO2
    result = run(
        "forest_growth",
        [{"activity": "tropical_dry", "amount": 100, "param_age_class": "young"}],
    )
    assert result["co2"].iloc[0] == pytest.approx(-1_323.52)


def test_plantation_growth_given_on_the_line():
    # rubber: GW and R from the line (t d.m./ha/yr, ratio): 50 ha x 8 x 1.2 x 0.47 = 225.6 t C
    # = 827.2 t CO2
    result = run(
        "forest_growth",
        [
            {
                "activity": "rubber_plantation",
                "amount": 50,
                "param_growth": 8,
                "param_root_shoot": 0.2,
            }
        ],
    )
    assert result["co2"].iloc[0] == pytest.approx(-827.2)
    assert result["factor_origin"].iloc[0] == "input"


def test_plantation_default_from_a_national_row_and_the_line_still_wins(extra_factor):
    # No IPCC plantation default is shipped (Table 4.10 and Table 4.5 are not in
    # factors_land.csv): without a factor a teak line is refused, naming param_growth and
    # param_root_shoot.
    from _lines import method_lines

    from climateplan.inventory.methods import get_method
    from climateplan.inventory.methods.land import forest_types, validate_growth

    teak = {"activity": "teak_plantation", "amount": 100}
    problems = validate_growth(method_lines("forest_growth", [teak]))
    assert sorted(p[1] for p in problems) == ["param_growth", "param_root_shoot"]

    # A national administrator adds Thai rows for teak (test values, not published
    # figures): GW 6.0 t d.m./ha/yr for stands older than 20 years, R 0.25.
    source = "test national teak plantation row"
    extra_factor(
        "land",
        {
            "parameter": "growth",
            "forest_type": "teak_plantation",
            "age_class": "old",
            "value": 6.0,
            "unit": "t/ha/yr",
            "origin": "TH",
            "source": source,
        },
    )
    extra_factor(
        "land",
        {
            "parameter": "root_shoot",
            "forest_type": "teak_plantation",
            "value": 0.25,
            "unit": "1",
            "origin": "TH",
            "source": source,
        },
    )
    # teak is listed once among the forest types, now with its factors
    assert forest_types().count("teak_plantation") == 1
    assert "teak_plantation" in get_method("forest_growth").activities()

    # Eq 2.9/2.10, dC = A x GW x (1 + R) x CF:
    #   row default: 100 ha x 6.0 x (1 + 0.25) x 0.47 = 352.5 t C; x 44/12 = 1,292.5 t CO2
    #   the line's own GW 4.0 wins: 100 x 4.0 x 1.25 x 0.47 = 235 t C = 861.6667 t CO2
    lines = [teak, {**teak, "param_growth": 4.0}]
    assert validate_growth(method_lines("forest_growth", lines)) == []
    result = run("forest_growth", lines)
    assert result["co2"].tolist() == pytest.approx([-1_292.5, -861.666667])
    assert result["factor_origin"].tolist() == ["TH", "input"]
    assert source in result["factor_source"].iloc[0]


def test_deforestation_of_dry_forest():
    # 80 ha (500 rai x 0.16), BW 130 t d.m./ha (Table 4.7), R 0.28, fd 1, nothing after:
    # 80 x 130 x 1.28 x 0.47 = 6,256.64 t C -> 22,941.01 t CO2 emitted
    result = run("forest_loss", [{"activity": "tropical_dry", "amount": 80}])
    assert result["co2"].iloc[0] == pytest.approx(22_941.0133, rel=1e-7)


def test_disturbance_loses_a_fraction_and_conversion_keeps_what_grows_after():
    # fire on 10 ha of rainforest, fd 0.3: 10 x 280 x 1.37 x 0.3 x 0.47 = 540.876 t C
    # = 1,983.212 t CO2; conversion of 10 ha of rainforest to an orchard holding 20 t d.m./ha:
    # 10 x (280 x 1.37 - 20) x 0.47 = 1,708.92 t C = 6,266.04 t CO2
    result = run(
        "forest_loss",
        [
            {"activity": "tropical_rainforest", "amount": 10, "param_fraction_lost": 0.3},
            {"activity": "tropical_rainforest", "amount": 10, "param_biomass_after": 20},
        ],
    )
    assert result["co2"].tolist() == pytest.approx([1_983.212, 6_266.04])


def test_wood_removal():
    # 2,000 m3, BCEF_R 1.1 t/m3 (given), R 0.24: 2,000 x 1.1 x 1.24 x 0.47 = 1,282.16 t C
    # = 4,701.25 t CO2
    result = run(
        "wood_removal",
        [{"activity": "tropical_moist_deciduous", "amount": 2_000, "param_bcef_r": 1.1}],
    )
    assert result["co2"].iloc[0] == pytest.approx(4_701.2533, rel=1e-7)


ROWS = [
    # removal: 10,000 ha old moist deciduous forest -> -42,738.67 t CO2 (see above)
    {
        "gpc_ref": "V.2",
        "method": "forest_growth",
        "activity": "tropical_moist_deciduous",
        "amount": "10000",
        "unit": "ha",
    },
    # emission: 500 rai of dry forest cleared -> +22,941.01 t CO2 (see above)
    {
        "gpc_ref": "V.2",
        "method": "forest_loss",
        "activity": "tropical_dry",
        "amount": "500",
        "unit": "rai",
    },
    # a removal measured outside the system, entered directly: -100 t CO2
    {"gpc_ref": "V.2", "method": "direct", "activity": "CO2", "amount": "-100", "unit": "t"},
    {"gpc_ref": "I.1.1", "method": "direct", "activity": "CO2", "amount": "1000", "unit": "t"},
]
REMOVAL = -42_738.6667 - 100
LOSS = 22_941.0133


def test_totals_stay_gross_with_removals_beside_them(make_activity):
    result = compute_inventory(make_activity(ROWS))
    t = result.totals
    # gross: BASIC = I.1.1 1,000; BASIC+ = territorial = 1,000 + 22,941.01 (V.2 is BASIC+)
    assert t["basic"] == pytest.approx(1_000)
    assert t["basic_plus"] == pytest.approx(1_000 + LOSS)
    assert t["territorial"] == pytest.approx(1_000 + LOSS)
    assert t["scope1"] == pytest.approx(1_000 + LOSS)
    # removals = -42,738.67 - 100 = -42,838.67; net = gross + removals = -18,897.65
    assert t["removals"] == pytest.approx(REMOVAL)
    assert t["net_basic_plus"] == pytest.approx(1_000 + LOSS + REMOVAL)
    assert t["net_territorial"] == pytest.approx(1_000 + LOSS + REMOVAL)
    lines = result.lines.set_index("method")
    # contract: a removal line has negative co2 and co2e, only in sector V
    removals = result.lines[result.lines["removal"]]
    assert (removals["co2"] < 0).all() and (removals["co2e"] < 0).all()
    assert set(removals["sector"]) == {"V"}
    assert not lines.loc["forest_loss", "removal"]
    # the GPC table keeps V.2's gross emission in scope 1 and its removals beside it
    assert result.gpc_table.loc["V.2", "scope1"] == pytest.approx(LOSS)
    assert result.gpc_table.loc["V.2", "removals"] == pytest.approx(REMOVAL)
    assert result.by_sector.loc["V", "co2e"] == pytest.approx(LOSS)
    assert result.by_sector.loc["V", "removals"] == pytest.approx(REMOVAL)


def test_a_negative_amount_is_refused_everywhere_but_a_co2_removal_on_v2(make_activity):
    rows = [
        {"gpc_ref": "V.2", "method": "direct", "activity": "CH4", "amount": "-1", "unit": "t"},
        {"gpc_ref": "V.1", "method": "direct", "activity": "CO2", "amount": "-1", "unit": "t"},
        {"gpc_ref": "I.1.1", "method": "direct", "activity": "CO2", "amount": "-1", "unit": "t"},
        {
            "gpc_ref": "V.2",
            "method": "forest_growth",
            "activity": "tropical_dry",
            "amount": "-5",
            "unit": "ha",
        },
    ]
    with pytest.raises(InputError) as error:
        make_activity(rows)
    negative = [p for p in error.value.problems if p.column == "amount"]
    assert [p.row for p in negative] == [2, 3, 4, 5]
    assert "V.2" in negative[0].message_en and "V.2" in negative[0].message_th


def test_removals_count_by_absolute_value_in_the_level_assessment(make_activity):
    # IPCC 2006 Vol 1 Ch 4 Eq 4.1: L = |E| / sum |E| over BASIC+ categories.
    # V.2 CO2 nets its lines: 22,941.01 - 42,838.67 = -19,897.65; I.1.1 CO2 = 1,000.
    # sum |E| = 20,897.65; L(V.2) = 19,897.65 / 20,897.65 = 0.95215
    result = compute_inventory(make_activity(ROWS))
    level = level_assessment(result.lines).set_index(["category", "gas"])
    v2 = LOSS + REMOVAL
    assert level.loc[("V.2", "CO2"), "emissions_co2e"] == pytest.approx(v2)
    assert level.loc[("V.2", "CO2"), "level"] == pytest.approx(abs(v2) / (abs(v2) + 1_000))
    assert level.loc[("I.1.1", "CO2"), "level"] == pytest.approx(1_000 / (abs(v2) + 1_000))


def test_uncertainty_of_the_gross_totals_leaves_removals_out(make_activity):
    # the totals the uncertainty is computed for are the gross ones: 1,000 + 22,941.01
    from climateplan.inventory.uncertainty import propagate

    result = compute_inventory(make_activity(ROWS))
    emissions = propagate(result.lines).set_index("total")["emissions_co2e"]
    for total in ("basic_plus", "territorial", "scope1"):
        assert emissions[total] == pytest.approx(result.totals[total])
        assert emissions[total] == pytest.approx(1_000 + LOSS)


def test_gross_removals_and_net_in_json_csv_and_xlsx(make_activity, tmp_path):
    from openpyxl import load_workbook

    from climateplan.inventory.export import csv_bytes, to_dict
    from climateplan.reports.inventory_xlsx import write_xlsx

    result = compute_inventory(make_activity(ROWS))
    totals = to_dict(result)["totals"]
    assert totals["basic_plus"] == pytest.approx(1_000 + LOSS)
    assert totals["removals"] == pytest.approx(REMOVAL)
    assert totals["net_basic_plus"] == pytest.approx(1_000 + LOSS + REMOVAL)
    # CSV: signed CO2e and the removal flag of every line
    text = csv_bytes(result).decode("utf-8-sig").splitlines()
    header = text[0].split(",")
    flags = [row.split(",")[header.index("removal")] for row in text[1:]]
    assert flags == ["True", "False", "True", "False"]
    # XLSX: the totals block of the GPC table sheet
    write_xlsx(result, tmp_path / "inventory.xlsx")
    sheet = load_workbook(tmp_path / "inventory.xlsx")["GPC table"]
    block = {r[0]: r[3] for r in sheet.iter_rows(values_only=True) if r[0] in totals}
    assert block["removals"] == pytest.approx(REMOVAL)
    assert block["net_territorial"] == pytest.approx(1_000 + LOSS + REMOVAL)
    v2 = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "V.2")
    assert v2[3] == pytest.approx(LOSS) and v2[6] == pytest.approx(REMOVAL)


def test_csv_totals_beside_the_lines(make_activity, tmp_path):
    import pandas as pd

    from climateplan.inventory.export import totals_csv_path, write_csv

    result = compute_inventory(make_activity(ROWS))
    write_csv(result, tmp_path / "lines.csv")
    totals = pd.read_csv(totals_csv_path(tmp_path / "lines.csv"), encoding="utf-8-sig")
    value = totals.set_index("total")["t_co2e"]
    assert value["basic_plus"] == pytest.approx(1_000 + LOSS)
    assert value["removals"] == pytest.approx(REMOVAL)
    assert value["net_basic_plus"] == pytest.approx(1_000 + LOSS + REMOVAL)
    assert "การดูดกลับ" in totals.set_index("total").at["removals", "label_th"]


def test_mountain_forest_loss_needs_its_biomass(make_activity):
    # Table 4.7 gives a range (50-220 t/ha) for tropical mountain systems: the line gives BW.
    # 10 ha x 150 x (1 + 0.27) x 0.47 = 895.35 t C = 3,282.95 t CO2
    row = {
        "gpc_ref": "V.2",
        "method": "forest_loss",
        "activity": "tropical_mountain",
        "amount": "10",
        "unit": "ha",
    }
    with pytest.raises(InputError) as error:
        make_activity([row])
    assert [p.column for p in error.value.problems] == ["param_biomass"]
    result = compute_inventory(make_activity([{**row, "param_biomass": "150"}]))
    assert result.lines["co2"].iloc[0] == pytest.approx(3_282.95)
