"""Reference data: provinces, GPC catalogue, GWP sets."""

import pytest

from climateplan.reference import find_province, gpc_catalogue, gpc_entry, gwp, provinces


def test_77_provinces_with_codes_names_and_regions():
    table = provinces()
    assert len(table) == 77
    assert table["code"].is_unique
    assert table["code"].str.fullmatch(r"TH-\d\d").all()
    assert table[["name_th", "name_en", "region_en", "region_th", "source"]].notna().all().all()
    assert find_province("TH-10")["name_en"] == "Bangkok"
    assert find_province("เชียงใหม่")["code"] == "TH-50"
    assert find_province(50)["name_th"] == "เชียงใหม่"
    assert find_province("khon kaen")["code"] == "TH-40"


def test_unknown_province_message_is_bilingual():
    with pytest.raises(KeyError, match=r"TH-50.*ไม่รู้จักจังหวัด"):
        find_province("TH-99")


@pytest.mark.parametrize(
    ("ref", "scope", "basic", "basic_plus", "territorial"),
    [
        # GPC v1.1 Table 4.1 / Ch 8 reporting table
        ("I.1.1", 1, True, True, True),
        ("I.1.2", 2, True, True, False),
        ("I.1.3", 3, False, True, False),  # T&D losses: BASIC+ only
        ("I.4.4", 1, False, False, True),  # generation supplied to grid: territorial only
        ("II.1.3", 3, False, True, False),  # transboundary journeys: BASIC+
        ("III.1.1", 1, True, True, True),
        ("III.1.2", 3, True, True, False),  # waste exported: scope 3 yet in BASIC
        ("III.4.3", 1, False, False, True),  # waste imported: territorial only
        ("IV.1", 1, False, True, True),
        ("V.3", 1, False, True, True),
        ("VI.1", 3, False, False, False),
    ],
)
def test_gpc_inclusion_rules(ref, scope, basic, basic_plus, territorial):
    row = gpc_entry(ref)
    assert (row["scope"], row["in_basic"], row["in_basic_plus"], row["in_territorial"]) == (
        scope,
        basic,
        basic_plus,
        territorial,
    )


def test_gpc_catalogue_complete_and_sourced():
    cat = gpc_catalogue()
    # 8 stationary sub-sectors (6 x 3 scopes + I.4.4 + I.7.1 + I.8.1 = 21),
    # transport 4 x 3 + off-road 2 = 14, waste 4 x 3 = 12, IV.1, IV.2, V.1-V.3, VI.1 = 6
    assert len(cat) == 21 + 14 + 12 + 6
    assert cat["source"].str.contains("GPC").all()
    assert gpc_entry("III.1.1")["ipcc_category"] == "4.A"
    assert gpc_entry("II.1.1")["ipcc_category"] == "1.A.3.b"


@pytest.mark.parametrize(
    ("gas", "gwp_set", "value"),
    [
        ("CH4", "AR4", 25),  # AR4 WG1 Table 2.14
        ("N2O", "AR4", 298),
        ("CH4", "AR5", 28),  # AR5 WG1 Table 8.A.1
        ("N2O", "AR5", 265),
        ("SF6", "AR5", 23500),
        ("CH4", "AR6", 27.9),  # AR6 WG1 Table 7.SM.7
        ("N2O", "AR6", 273),
        ("HFC-134a", "AR5", 1300),
        ("CO2", "AR6", 1),
    ],
)
def test_gwp_values(gas, gwp_set, value):
    assert gwp(gas, gwp_set) == pytest.approx(value)


def test_unknown_gwp_set():
    with pytest.raises(KeyError, match="AR4, AR5, AR6"):
        gwp("CH4", "SAR")
