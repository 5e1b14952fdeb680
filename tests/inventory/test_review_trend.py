"""Independent check: trend uncertainty (IPCC 2006 Vol 1 Ch 3 Table 3.2, Approach 1)
through `climateplan inventory compute --base-year`, and the base-year options.

Two categories, direct CO2 (t CO2e = t), combined line uncertainty U given on the line;
the command splits U evenly between activity data (E) and factor (F) when only U is
given: E = F = U / sqrt(2) (docs/inventory/key-categories-and-uncertainty.md).

            base C   latest D   U     E = F = U / sqrt(2)
  I.1.1      100       150      10 %  7.0710678 %
  III.1.1    100        50      40 %  28.2842712 %
  sum        200       200            trend = (200 - 200) / 200 = 0 %

Table 3.2, column by column (I.1.1 | III.1.1):
  G = sqrt(E^2 + F^2)           = U: 10 | 40
  H = (G D)^2 / (sum D)^2       = 1500^2 / 40000 = 56.25 | 2000^2 / 40000 = 100
  level uncertainty             = sqrt(56.25 + 100) = sqrt(156.25) = 12.5 %
  I = (0.01 D + sum D - 0.01 C - sum C) / (0.01 C + sum C) x 100 - trend
                                = (1.5 + 200 - 1 - 200) / 201 x 100 = 0.2487562
                                | (0.5 + 200 - 1 - 200) / 201 x 100 = -0.2487562
  J = D / sum C                 = 150 / 200 = 0.75 | 50 / 200 = 0.25
  K = I x F                     = 0.2487562 x 7.0710678 = 1.7589721
                                | -0.2487562 x 28.2842712 = -7.0358884
  L = J x E x sqrt(2)           = 0.75 x 10 = 7.5 | 0.25 x 40 = 10
  M = K^2 + L^2                 = 3.0939828 + 56.25 = 59.3439828
                                | 49.5037251 + 100 = 149.5037251
  trend uncertainty             = sqrt(59.3439828 + 149.5037251) = sqrt(208.8477079)
                                = 14.4515642 percentage points
"""

from __future__ import annotations

import pytest

from ._review import cli, compute_json, write

LATEST = """
gpc_ref,method,activity,amount,unit,uncertainty_pct
I.1.1,direct,CO2,150,t,10
III.1.1,direct,CO2,50,t,40
"""
BASE = """
gpc_ref,method,activity,amount,unit,uncertainty_pct
I.1.1,direct,CO2,100,t,10
III.1.1,direct,CO2,100,t,40
"""


def _trend(doc, total="basic_plus"):
    rows = [r for r in doc["trend_uncertainty"] if r["total"] == total]
    return {r["category"]: r for r in rows}


@pytest.mark.parametrize("base_year", ["2019", "2562"])  # CE or BE (2019 + 543)
def test_trend_uncertainty_by_hand_through_the_cli(tmp_path, base_year):
    base = write(tmp_path / "base.csv", BASE)
    doc = compute_json(tmp_path, LATEST, "--base-year", base, "--base-year-year", base_year)
    rows = _trend(doc)
    a, b, total = rows["I.1.1"], rows["III.1.1"], rows["total"]
    assert (a["base_emissions_co2e"], a["emissions_co2e"]) == (100.0, 150.0)
    assert (b["base_emissions_co2e"], b["emissions_co2e"]) == (100.0, 50.0)
    assert a["ad_uncertainty_pct"] == pytest.approx(7.0710678, rel=1e-7)
    assert b["ef_uncertainty_pct"] == pytest.approx(28.2842712, rel=1e-7)
    assert a["level_variance_contribution"] == pytest.approx(56.25)
    assert b["level_variance_contribution"] == pytest.approx(100.0)
    assert a["type_a_sensitivity_pct"] == pytest.approx(0.2487562, rel=1e-6)
    assert b["type_a_sensitivity_pct"] == pytest.approx(-0.2487562, rel=1e-6)
    assert a["type_b_sensitivity_pct"] == pytest.approx(0.75)
    assert b["type_b_sensitivity_pct"] == pytest.approx(0.25)
    assert a["trend_uncertainty_ef_pct"] == pytest.approx(1.7589721, rel=1e-6)
    assert b["trend_uncertainty_ef_pct"] == pytest.approx(-7.0358884, rel=1e-6)
    assert a["trend_uncertainty_ad_pct"] == pytest.approx(7.5)
    assert b["trend_uncertainty_ad_pct"] == pytest.approx(10.0)
    assert a["trend_variance_contribution"] == pytest.approx(59.3439828, rel=1e-6)
    assert b["trend_variance_contribution"] == pytest.approx(149.5037251, rel=1e-6)
    assert total["trend_pct"] == pytest.approx(0.0)
    assert total["combined_uncertainty_pct"] == pytest.approx(12.5)
    assert total["trend_uncertainty_pct"] == pytest.approx(14.4515642, rel=1e-6)


def _compute_with_base(tmp_path, *base_options):
    src = write(tmp_path / "latest.csv", LATEST)
    base = write(tmp_path / "base.csv", BASE)
    out = tmp_path / "out.json"
    result = cli(
        "inventory",
        "compute",
        src,
        "--province",
        "TH-50",
        "--year",
        "2023",
        "--base-year",
        base,
        *base_options,
        "--format",
        "json",
        "-o",
        out,
    )
    return result, out


def test_csv_base_year_without_its_year_names_the_option_in_both_languages(tmp_path):
    result, out = _compute_with_base(tmp_path)
    assert result.exit_code != 0 and not out.exists()
    assert "file base.csv: base-year file: no inventory year" in result.output
    assert "--base-year-year" in result.output
    assert "ไฟล์ base.csv: ไฟล์ปีฐาน:" in result.output


def test_a_later_base_year_is_refused(tmp_path):
    result, out = _compute_with_base(tmp_path, "--base-year-year", "2025")
    assert result.exit_code != 0 and not out.exists()
    assert "the base year 2025 is after the inventory year 2023" in result.output
    # Thai in Buddhist Era: 2025 + 543 = 2568, 2023 + 543 = 2566
    assert "ปีฐาน พ.ศ. 2568 อยู่หลังปีของบัญชี พ.ศ. 2566" in result.output


def test_a_base_year_of_another_province_is_refused(tmp_path):
    result, out = _compute_with_base(
        tmp_path, "--base-year-year", "2019", "--base-year-province", "TH-10"
    )
    assert result.exit_code != 0 and not out.exists()
    assert "file base.csv, column province" in result.output
    assert "TH-10" in result.output and "TH-50" in result.output
    assert "--base-year-province" in result.output
    assert "ไฟล์ base.csv, คอลัมน์ province" in result.output


def test_an_unknown_base_year_province_names_the_base_year_file(tmp_path):
    result, out = _compute_with_base(
        tmp_path, "--base-year-year", "2019", "--base-year-province", "TH-99"
    )
    assert result.exit_code != 0 and not out.exists()
    assert "base-year file: unknown province 'TH-99'" in result.output
    assert "ไฟล์ปีฐาน: ไม่รู้จักจังหวัด 'TH-99'" in result.output
