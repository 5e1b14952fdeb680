"""Registered populations shipped for per-capita figures (reference province_population.csv)."""

from __future__ import annotations

from climateplan.reference.provinces import NATIONAL, province_population, provinces


def _value(code: str, year: int) -> int:
    table = province_population()
    return int(table.loc[(table["code"] == code) & (table["year"] == year), "population"].iloc[0])


def test_every_row_names_its_source_and_estimates_say_so_in_both_languages():
    table = province_population()
    assert table["source"].str.len().min() > 40
    estimates = table[table["status"] == "estimate"]
    assert estimates["source"].str.contains("Estimate").all()
    assert estimates["source"].str.contains("ค่าประมาณ").all()
    official = table[table["status"] == "official"]
    assert official["source"].str.contains("DOPA").all()
    assert official["source"].str.contains("กรมการปกครอง|สำนักทะเบียนกลาง").all()


def test_official_figures_are_the_published_ones():
    # NSO Quarterly Bulletin of Statistics vol. 72 no. 1 (2024), Table 1.1, from DOPA
    # registration at 31 Dec 2023: whole kingdom 66,052,615; Bangkok 5,471,588
    assert _value(NATIONAL, 2023) == 66_052_615
    assert _value("TH-10", 2023) == 5_471_588
    # Ministry of Interior, 11 Feb 2024: the population fell by 37,860 in 2023, so the
    # end-2022 total is 66,052,615 + 37,860 = 66,090,475 (the Royal Gazette figure)
    assert _value(NATIONAL, 2022) - _value(NATIONAL, 2023) == 37_860
    # Royal Gazette, 18 Jan 2022: 66,171,439 at 31 Dec 2021
    assert _value(NATIONAL, 2021) == 66_171_439


def test_no_province_exceeds_the_country_and_official_ones_sum_below_it():
    table = province_population()
    national = table[table["code"] == NATIONAL].set_index("year")["population"]
    official = table[(table["status"] == "official") & (table["code"] != NATIONAL)]
    by_year = official.groupby("year")["population"].sum()
    # every year with a national figure (2021-2023; 2020 has provincial figures only)
    assert set(national.index) == {2021, 2022, 2023}
    for year in national.index:
        assert by_year[year] < national[year]
    # Bangkok is the largest province: about 8.3 % of the kingdom in 2023
    # (5,471,588 / 66,052,615 = 0.0828)
    assert round(_value("TH-10", 2023) / national[2023], 4) == 0.0828


# The 29 provinces whose registered population at 31 Dec 2021 is not shipped yet (no published
# per-province table for that date could be read in full); every other province has its figure.
MISSING_2021 = {
    "TH-14", "TH-16", "TH-20", "TH-21", "TH-22", "TH-24", "TH-25", "TH-27", "TH-31", "TH-33",
    "TH-35", "TH-46", "TH-48", "TH-52", "TH-71", "TH-72", "TH-73", "TH-74", "TH-76", "TH-77",
    "TH-80", "TH-81", "TH-86", "TH-90", "TH-92", "TH-93", "TH-94", "TH-95", "TH-96",
}  # fmt: skip


def _official(year: int):
    table = province_population()
    rows = table[(table["year"] == year) & (table["status"] == "official")]
    return rows[rows["code"] != NATIONAL].set_index("code")["population"]


def test_yearbook_totals_are_municipal_plus_non_municipal_and_agree_with_other_publications():
    # NSO Statistical Yearbook Thailand 2022, Table 1.6 (registration at 31 Dec 2021), p. 82,
    # prints municipal and non-municipal areas; the province total is their sum.
    # Khon Kaen 509,105 + 1,281,758 = 1,790,863, the Royal Gazette figure
    # (Bangkok Post, 19 Jan 2022)
    assert _value("TH-40", 2021) == 509_105 + 1_281_758 == 1_790_863
    # Chaiyaphum 174,410 + 947,855 = 1,122,265, as NSO Social Indicators 2025 Table 1.2.3 prints it
    assert _value("TH-36", 2021) == 174_410 + 947_855 == 1_122_265
    # Amnat Charoen 63,816 + 312,534 = 376,350 and Bueng Kan 97,011 + 324,984 = 421,995: the
    # figures of the faqthai.org list of the 20 smallest provinces at 31 Dec 2021
    assert _value("TH-37", 2021) == 63_816 + 312_534 == 376_350
    assert _value("TH-38", 2021) == 97_011 + 324_984 == 421_995
    # Udon Thani 482,791 + 1,083,719 = 1,566,510
    assert _value("TH-41", 2021) == 1_566_510


def test_2021_figures_are_the_printed_ones():
    # Royal Gazette 18 Jan 2022 (Bangkok Post, 19 Jan 2022): the five largest provinces
    assert _value("TH-10", 2021) == 5_527_994
    assert _value("TH-30", 2021) == 2_634_145
    assert _value("TH-34", 2021) == 1_868_519
    # NSO Social Indicators 2025, Table 1.2.3, 2021 column
    assert _value("TH-57", 2021) == 1_298_425
    # the smallest province of the kingdom, Samut Songkhram (faqthai.org list, rank 1)
    assert _value("TH-75", 2021) == 190_842
    assert _official(2021).min() == 190_842


def test_2023_figures_of_two_nso_publications_agree():
    # Quarterly Bulletin vol. 72 no. 1, Table 1.1 and Social Indicators 2025, Table 1.2.3 both
    # print Samut Prakan 1,372,970, Nonthaburi 1,308,092 and Pathum Thani 1,219,199 for 2023
    assert _value("TH-11", 2023) == 1_372_970
    assert _value("TH-12", 2023) == 1_308_092
    assert _value("TH-13", 2023) == 1_219_199


def test_2021_covers_48_provinces_and_leaves_a_plausible_remainder():
    shipped = _official(2021)
    all_codes = set(provinces()["code"])
    assert set(shipped.index) == all_codes - MISSING_2021
    assert len(shipped) == 77 - 29 == 48
    # Sum of the shipped figures, by source:
    #   Royal Gazette (5): 5,527,994 + 2,634,145 + 1,868,519 + 1,790,863 + 1,789,385 = 13,610,906
    #   Yearbook 2022 Table 1.6 (8): 1,122,265 + 376,350 + 421,995 + 509,001 + 1,566,510
    #       + 638,732 + 516,843 + 948,310 = 6,100,006
    #   Social Indicators 2025 (9): 1,376,230 + 1,296,013 + 1,356,449 + 1,298,425 + 1,288,637
    #       + 1,146,286 + 1,035,028 + 1,190,060 + 1,072,464 = 11,059,592
    #   faqthai.org list (16): 204,526 + 320,432 + 228,376 + 260,433 + 351,484 + 401,139
    #       + 434,580 + 475,875 + 464,505 + 285,916 + 325,116 + 190,842 + 268,016 + 418,785
    #       + 194,573 + 324,835 = 5,149,433
    #   NSO provincial tables (5): Ang Thong 274,763 + Ratchaburi 868,281 + Saraburi 643,963
    #       + Sukhothai 585,352 + Uttaradit 446,148 = 2,818,507
    #   Naresuan University table of NSO data (5): 978,372 + 847,384 + 712,143 + 529,395
    #       + 676,583 = 3,743,877
    #   13,610,906 + 6,100,006 + 11,059,592 + 5,149,433 + 2,818,507 + 3,743,877 = 42,482,321
    assert shipped.sum() == 42_482_321
    # The kingdom (Royal Gazette, 66,171,439) less the shipped 48 leaves 23,689,118 people for
    # the 29 others: 816,866 on average, between the smallest province (190,842) and Bangkok
    remainder = _value(NATIONAL, 2021) - shipped.sum()
    assert remainder == 66_171_439 - 42_482_321 == 23_689_118
    assert 190_842 < remainder / 29 < 5_527_994


def test_provincial_tables_are_municipal_plus_non_municipal_and_agree_with_other_sources():
    # NSO provincial statistics, Table 1.3 (2021): Ratchaburi 292,782 + 575,499 = 868,281,
    # Saraburi 228,937 + 415,026 = 643,963
    assert _value("TH-70", 2021) == 292_782 + 575_499 == 868_281
    assert _value("TH-19", 2021) == 228_937 + 415_026 == 643_963
    # Table 1.2 (2021-2023) of Ang Thong: 71,863 + 202,900 = 274,763, the faqthai.org figure
    assert _value("TH-15", 2021) == 71_863 + 202_900 == 274_763
    assert _value("TH-15", 2023) == 70_019 + 200_707 == 270_726
    # Table 1.2 (2020-2022) of Sukhothai: 129,524 + 455,828 = 585,352, the figure the Naresuan
    # University table prints for 2021 (which also prints Nakhon Sawan 1,035,028, Uttaradit
    # 446,148 and Uthai Thani 325,116, as the NSO and faqthai.org tables do)
    assert _value("TH-64", 2021) == 129_524 + 455_828 == 585_352
    assert _value("TH-60", 2021) == 1_035_028
    assert _value("TH-53", 2021) == 446_148  # also NSO Uttaradit Table 1.1 (2018-2022)
    assert _value("TH-61", 2021) == 325_116
    # Kamphaeng Phet (a demo province) is official for 2020 and 2021 (Naresuan University table:
    # 714,118 and 712,143) and a labelled estimate for 2022-2023
    assert _value("TH-62", 2020) == 714_118
    assert _value("TH-62", 2021) == 712_143
    table = province_population()
    kpp = table[(table["code"] == "TH-62")].set_index("year")["status"]
    assert kpp.to_dict() == {2020: "official", 2021: "official", 2022: "estimate", 2023: "estimate"}
