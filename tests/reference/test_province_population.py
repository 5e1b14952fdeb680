"""Registered populations shipped for per-capita figures (reference province_population.csv)."""

from __future__ import annotations

from climateplan.reference.provinces import NATIONAL, province_population


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
    for year, total in by_year.items():
        assert total < national[year]
    # Bangkok is the largest province: about 8.3 % of the kingdom in 2023
    # (5,471,588 / 66,052,615 = 0.0828)
    assert round(_value("TH-10", 2023) / national[2023], 4) == 0.0828
