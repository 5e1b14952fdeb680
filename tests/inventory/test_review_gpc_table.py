"""Independent check: the GPC reporting table through the command line, in JSON, CSV
and XLSX.

GPC v1.1 Table 4.1 / Table 8.1: III.x.1 (waste generated and treated inside the
boundary) is scope 1 in BASIC and BASIC+; III.x.3 (generated outside, treated inside)
is scope 1 in the territorial total only. I.1.1 is scope 1 in every total. Each
reference keeps its own row, its own value or its own notation key.

By hand, AR5 GWP-100 (IPCC AR5 WG1 Table 8.7): CH4 28.
- III.1.1: 10 t CH4 x 28 = 280 t CO2e
- III.1.3:  5 t CH4 x 28 = 140 t CO2e
- III.3.1 and III.3.3: NO (not occurring)
- I.1.1: 100 t CO2 (direct) = 100 t CO2e
BASIC = BASIC+ = 280 + 100 = 380; territorial = 380 + 140 = 520.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from ._review import cli, compute_json, write

CSV = """
gpc_ref,method,activity,amount,unit,notation_key
III.1.1,direct,CH4,10,t,
III.1.3,direct,CH4,5,t,
III.3.1,,,,,NO
III.3.3,,,,,NO
I.1.1,direct,CO2,100,t,
"""
EXPECTED = {"III.1.1": 280.0, "III.1.3": 140.0, "I.1.1": 100.0}
BASIC, TERRITORIAL = 380.0, 520.0


def test_json_rows_keep_their_own_value_and_notation_key(tmp_path):
    doc = compute_json(tmp_path, CSV)
    rows = {r["gpc_ref"]: r for r in doc["gpc_table"]}
    assert rows["III.1.1"]["scope1"] == pytest.approx(280.0)
    assert rows["III.1.1"]["basic"] == pytest.approx(280.0)
    assert rows["III.1.1"]["territorial"] == pytest.approx(280.0)
    assert rows["III.1.3"]["scope1"] == pytest.approx(140.0)
    assert rows["III.1.3"]["basic"] == 0.0 and rows["III.1.3"]["basic_plus"] == 0.0
    assert rows["III.1.3"]["territorial"] == pytest.approx(140.0)
    for ref in ("III.3.1", "III.3.3"):
        assert rows[ref]["scope1"] is None and rows[ref]["scope1_nk"] == "NO", ref
    # a key on III.3.x stays there: no other row of the table carries it
    assert {r["gpc_ref"] for r in doc["gpc_table"] if r["scope1_nk"] == "NO"} == {
        "III.3.1",
        "III.3.3",
    }
    assert doc["totals"]["basic"] == pytest.approx(BASIC)
    assert doc["totals"]["basic_plus"] == pytest.approx(BASIC)
    assert doc["totals"]["territorial"] == pytest.approx(TERRITORIAL)
    # the table's columns sum to the totals
    for column, total in (("basic", BASIC), ("basic_plus", BASIC), ("territorial", TERRITORIAL)):
        assert sum(r[column] or 0.0 for r in doc["gpc_table"]) == pytest.approx(total), column


def test_csv_lines_and_totals(tmp_path):
    src = write(tmp_path / "activity.csv", CSV)
    out = tmp_path / "result.csv"
    result = cli(
        "inventory",
        "compute",
        src,
        "--province",
        "TH-50",
        "--year",
        "2023",
        "--format",
        "csv",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    lines = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    by_ref = {}
    for row in lines:
        by_ref.setdefault(row["gpc_ref"], []).append(row)
    for ref, value in EXPECTED.items():
        assert len(by_ref[ref]) == 1, ref
        assert float(by_ref[ref][0]["co2e"]) == pytest.approx(value), ref
    assert by_ref["III.3.1"][0]["notation_key"] == "NO"
    assert by_ref["III.3.3"][0]["notation_key"] == "NO"
    totals_file = tmp_path / "result.totals.csv"
    totals = {
        r["total"]: float(r["t_co2e"])
        for r in csv.DictReader(io.StringIO(totals_file.read_text(encoding="utf-8-sig")))
    }
    assert totals["basic"] == pytest.approx(BASIC)
    assert totals["basic_plus"] == pytest.approx(BASIC)
    assert totals["territorial"] == pytest.approx(TERRITORIAL)
    assert totals["removals"] == 0.0
    assert totals["net_territorial"] == pytest.approx(TERRITORIAL)


def test_xlsx_gpc_sheet_rows(tmp_path):
    src = write(tmp_path / "activity.csv", CSV)
    out = tmp_path / "result.xlsx"
    result = cli(
        "inventory",
        "compute",
        src,
        "--province",
        "TH-50",
        "--year",
        "2023",
        "--format",
        "xlsx",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out, read_only=True)["GPC table"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    header = next(r for r in rows if any(isinstance(c, str) and "BASIC+" in c for c in r[3:]))
    col = {name: i for i, name in enumerate(header)}

    def col_of(word):
        return next(i for name, i in col.items() if isinstance(name, str) and word in name)

    by_ref = {r[0]: r for r in rows if isinstance(r[0], str) and r[0][:1] in "IV"}
    scope1 = 3  # the first value column: scope 1 (value or notation key)
    assert by_ref["III.1.1"][scope1] == pytest.approx(280.0)
    assert by_ref["III.1.3"][scope1] == pytest.approx(140.0)
    assert by_ref["III.3.1"][scope1] == "NO"
    assert by_ref["III.3.3"][scope1] == "NO"
    territorial = col_of("erritorial")
    assert by_ref["III.1.3"][territorial] == pytest.approx(140.0)
    assert by_ref["III.1.1"][territorial] == pytest.approx(280.0)
    values = [r[territorial] for ref, r in by_ref.items() if "." in ref]
    assert sum(v for v in values if isinstance(v, (int, float))) == pytest.approx(TERRITORIAL)
