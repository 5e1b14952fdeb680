"""Independent check: implausible amounts through the command line.

- 1e306 t of LPG cannot be computed (1e306 t x 47.3 TJ/Gg x 63.1 t/TJ overflows a
  float once summed and squared for the uncertainty): refused, located, nothing written.
- 1e15 t of LPG is computable: 1e15 t = 1e12 Gg x 47.3 TJ/Gg = 4.73e13 TJ;
  CO2e (AR5) = 4.73e13 x (63.1 + 0.005 x 28 + 0.0001 x 265) = 4.73e13 x 63.2665
  = 2.99250545e15 t, far above Thailand's national total (BUR4, 2018, excluding
  LULUCF: 372,648.77 Gg = 372,648,770 t): accepted with a located warning.
"""

from __future__ import annotations

import pytest

from ._review import cli, compute_json, write


def test_1e306_is_refused_with_file_row_and_column(tmp_path):
    src = write(
        tmp_path / "big.csv",
        "gpc_ref,method,activity,amount,unit\nI.1.1,fuel_combustion,lpg,10,t\n"
        "I.1.1,fuel_combustion,lpg,1e306,t",
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
    assert "file big.csv, row 3, column amount" in result.output
    assert "ไฟล์ big.csv, แถว 3, คอลัมน์ amount" in result.output
    assert "cannot be computed" in result.output


def test_1e15_is_computed_with_a_located_warning(tmp_path):
    doc = compute_json(
        tmp_path, "gpc_ref,method,activity,amount,unit\nI.1.1,fuel_combustion,lpg,1e15,t"
    )
    assert doc["totals"]["basic"] == pytest.approx(2.99250545e15)
    (warning,) = doc["warnings"]
    assert (warning["file"], warning["row"], warning["column"]) == ("activity.csv", 2, "amount")
    assert "372,648,770" in warning["message_en"] and "372,648,770" in warning["message_th"]
    # the Thai message names the year in Buddhist Era: 2018 + 543 = 2561
    assert "2561" in warning["message_th"] and "2018" in warning["message_en"]


def test_validate_warns_and_passes(tmp_path):
    src = write(
        tmp_path / "big.csv",
        "gpc_ref,method,activity,amount,unit\nI.1.1,fuel_combustion,lpg,1e15,t",
    )
    result = cli("inventory", "validate", src, "--province", "TH-50", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert "warning file big.csv, row 2, column amount" in result.output
    assert "คำเตือน ไฟล์ big.csv, แถว 2, คอลัมน์ amount" in result.output
