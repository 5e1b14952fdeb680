"""Independent check: the readers' messages on files a newcomer may have.

A UTF-16 CSV without a byte-order mark, and an XLSX whose amount cell is a formula
written by a program without its computed value: each is reported with its place, in
Thai and English, with what to do; nothing is written. A UTF-16 CSV with its
byte-order mark (what Excel's "Unicode text" writes) is read.
"""

from __future__ import annotations

from openpyxl import Workbook

from ._review import cli

CSV = (
    "gpc_ref,method,activity,amount,unit,param_basis\n"
    "III.2.1,biological_treatment,composting,1000,t,wet\n"
)


def _compute(path, tmp_path, *extra):
    out = tmp_path / "out.json"
    result = cli("inventory", "compute", path, *extra, "--format", "json", "-o", out)
    return result, out


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes(CSV.encode("utf-16"))  # with its byte-order mark
    result, out = _compute(path, tmp_path, "--province", "TH-50", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_utf16_without_bom_names_the_accepted_encodings(tmp_path):
    path = tmp_path / "u16le.csv"
    path.write_bytes(CSV.encode("utf-16-le"))
    result, out = _compute(path, tmp_path, "--province", "TH-50", "--year", "2023")
    assert result.exit_code != 0 and not out.exists()
    assert "file u16le.csv:" in result.output and "ไฟล์ u16le.csv:" in result.output
    assert "UTF-8" in result.output and "byte-order mark" in result.output
    assert "CSV UTF-8" in result.output  # what to do in Excel


def test_formula_without_cached_value_is_located(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "activity"
    sheet.append(["gpc_ref", "method", "activity", "amount", "unit", "param_basis"])
    sheet.append(["III.2.1", "biological_treatment", "composting", "=500*2", "t", "wet"])
    meta = book.create_sheet("meta")
    meta.append(["key", "value"])
    meta.append(["province", "TH-50"])
    meta.append(["year", 2023])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    result, out = _compute(path, tmp_path)
    assert result.exit_code != 0 and not out.exists()
    assert "file formula.xlsx, sheet activity, row 2, column amount" in result.output
    assert "ไฟล์ formula.xlsx, ชีต activity, แถว 2, คอลัมน์ amount" in result.output
    assert "=500*2" in result.output
    assert "Paste Special > Values" in result.output


def test_every_parameter_problem_is_reported_at_once_with_its_place(tmp_path):
    path = tmp_path / "params.csv"
    path.write_text(
        "gpc_ref,method,activity,amount,unit,param_basis,param_fraction_burned,"
        "param_technology\n"
        "III.2.1,biological_treatment,composting,10,t,soggy,,\n"
        "V.3,crop_residue_burning,rice,10,t,,1.5,\n"
        "V.3,crop_residue_burning,rice,10,t,,abc,\n"
        'V.3,crop_residue_burning,rice,10,t,,"-0,5",\n'
        "III.3.1,incineration,msw,10,t,,,\n",
        encoding="utf-8",
    )
    result = cli("inventory", "validate", path, "--province", "TH-50", "--year", "2023")
    assert result.exit_code != 0
    english = [line.strip() for line in result.output.splitlines() if "file params.csv" in line]
    assert english == [
        "file params.csv, row 2, column param_basis: param_basis 'soggy' must be one of dry, wet",
        "file params.csv, row 3, column param_fraction_burned: param_fraction_burned = 1.5 is "
        "above its maximum 1 1",
        "file params.csv, row 4, column param_fraction_burned: param_fraction_burned 'abc' is "
        "not a number (unit 1)",
        "file params.csv, row 5, column param_fraction_burned: param_fraction_burned = -0,5 is "
        "below its minimum 0 1",
        "file params.csv, row 6, column param_technology: method 'incineration' needs "
        "parameter param_technology (incinerator type, for the CH4 and N2O factors "
        "(Tables 5.3 and 5.6))",
    ]
    assert "ไฟล์ params.csv, แถว 6, คอลัมน์ param_technology" in result.output
