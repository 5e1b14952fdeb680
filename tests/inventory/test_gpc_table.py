"""GPC reporting table: every GPC reference keeps its own row, value and notation key.

GPC v1.1 Table 4.1 / Table 8.1: within a waste sub-sector, III.x.1 (waste generated
and treated inside) and III.x.3 (generated outside, treated inside) are both scope 1;
III.x.1 counts in BASIC and BASIC+, III.x.3 only in the territorial total. Each
reference is reported on its own, so neither may hide the other, and a notation
key given for one reference (III.3.3 = NO) belongs to that reference only.

Expected values by hand, AR5 GWP-100 (IPCC AR5 WG1 Table 8.7): CH4 = 28.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from climateplan.inventory import compute_inventory
from climateplan.inventory.export import csv_bytes, from_dict, to_dict, write_csv
from climateplan.reports.inventory_xlsx import build_workbook, write_xlsx

CH4_AR5 = 28

ROWS = [
    # III.1.1: 10 t CH4 x 28 = 280 tCO2e (scope 1, BASIC, BASIC+, territorial)
    {"gpc_ref": "III.1.1", "method": "direct", "activity": "CH4", "amount": "10", "unit": "t"},
    # III.1.3: 1 t CH4 x 28 = 28 tCO2e (scope 1, territorial only)
    {"gpc_ref": "III.1.3", "method": "direct", "activity": "CH4", "amount": "1", "unit": "t"},
    # III.3.1: 100 t CO2 = 100 tCO2e (scope 1, BASIC, BASIC+, territorial)
    {"gpc_ref": "III.3.1", "method": "direct", "activity": "CO2", "amount": "100", "unit": "t"},
    # III.3.3: not occurring
    {"gpc_ref": "III.3.3", "method": "", "activity": "", "amount": "", "unit": ""}
    | {"notation_key": "NO"},
]
III_1_1 = 10 * CH4_AR5  # 280
III_1_3 = 1 * CH4_AR5  # 28
III_3_1 = 100.0


@pytest.fixture
def result(make_activity):
    return compute_inventory(make_activity(ROWS))


def test_each_reference_keeps_its_own_value(result):
    table = result.gpc_table
    assert table.loc["III.1.1", "scope1"] == pytest.approx(III_1_1)
    assert table.loc["III.1.3", "scope1"] == pytest.approx(III_1_3)
    assert table.loc["III.3.1", "scope1"] == pytest.approx(III_3_1)
    assert table.loc["III.3.1", "scope1_nk"] == ""
    # the notation key stays on III.3.3 and does not cover III.3.1's value
    assert pd.isna(table.loc["III.3.3", "scope1"])
    assert table.loc["III.3.3", "scope1_nk"] == "NO"
    # a reference's value sits in its own scope's column only
    assert pd.isna(table.loc["III.1.2", "scope3"]) and table.loc["III.1.2", "scope3_nk"] == ""
    assert pd.isna(table.loc["III.1.1", "scope2"]) and pd.isna(table.loc["III.1.1", "scope3"])


def test_aggregated_cells_are_the_sum_of_what_they_aggregate(result):
    table = result.gpc_table
    t = result.totals
    # BASIC = III.1.1 + III.3.1 = 280 + 100 = 380; III.1.3 is outside BASIC/BASIC+
    assert table.loc["III.1.1", "basic"] == pytest.approx(III_1_1)
    assert table.loc["III.1.3", "basic"] == 0.0 and table.loc["III.1.3", "basic_plus"] == 0.0
    assert table.loc["III.1.3", "territorial"] == pytest.approx(III_1_3)
    assert t["basic"] == pytest.approx(380.0)
    assert table["basic"].sum() == pytest.approx(t["basic"])
    assert table["basic_plus"].sum() == pytest.approx(t["basic_plus"])
    # territorial = every scope 1: 280 + 28 + 100 = 408
    assert t["territorial"] == pytest.approx(408.0)
    assert table["territorial"].sum() == pytest.approx(t["territorial"])
    assert pd.to_numeric(table["scope1"]).sum() == pytest.approx(t["scope1"])
    # the sub-sector aggregate of III.1 holds both references: 280 + 28 = 308
    assert result.by_subsector.loc["III.1", "co2e"] == pytest.approx(308.0)


def test_json_keeps_one_record_per_reference(result):
    doc = to_dict(result)
    records = {r["gpc_ref"]: r for r in doc["gpc_table"]}
    assert records["III.1.1"]["scope1"] == pytest.approx(III_1_1)
    assert records["III.1.3"]["scope1"] == pytest.approx(III_1_3)
    assert records["III.3.3"]["scope1"] is None and records["III.3.3"]["scope1_nk"] == "NO"
    assert records["III.3.1"]["scope1"] == pytest.approx(III_3_1)
    assert records["III.1.3"]["subsector"] == "III.1"
    # every aggregate keeps its key as a field (sub-sector III.1 = 280 + 28 = 308)
    assert {r["subsector"]: r["co2e"] for r in doc["by_subsector"]}["III.1"] == pytest.approx(308)
    assert {r["sector"] for r in doc["by_sector"]} == {"III"}
    assert {r["scope"] for r in doc["by_scope"]} == {1}
    # and it loads back to the same table
    again = from_dict(doc)
    assert to_dict(again)["gpc_table"] == doc["gpc_table"]


def _xlsx_rows(book) -> dict[str, list]:
    sheet = book["GPC table"]
    return {
        row[0]: list(row)
        for row in sheet.iter_rows(min_row=6, values_only=True)
        if isinstance(row[0], str) and re.fullmatch(r"[IVX]+(\.\d+)+", row[0])
    }


def test_xlsx_has_one_row_per_reference(result, tmp_path):
    write_xlsx(result, tmp_path / "inventory.xlsx")
    rows = _xlsx_rows(load_workbook(tmp_path / "inventory.xlsx"))
    # columns: ref, Thai, English, scope 1, scope 2, scope 3, removals, BASIC, BASIC+, territorial
    assert rows["III.1.1"][3] == pytest.approx(III_1_1)
    assert rows["III.1.3"][3] == pytest.approx(III_1_3)
    assert rows["III.3.1"][3] == pytest.approx(III_3_1)
    assert rows["III.3.3"][3] == "NO"
    assert rows["III.1.1"][7] == pytest.approx(III_1_1)  # BASIC
    assert rows["III.1.3"][7] == 0 and rows["III.1.3"][9] == pytest.approx(III_1_3)
    assert len(rows) == 53  # every reference of the catalogue
    assert sum(r[7] for r in rows.values()) == pytest.approx(result.totals["basic"])


def test_csv_lines_hold_both_references(result, tmp_path):
    write_csv(result, tmp_path / "lines.csv")
    frame = pd.read_csv(tmp_path / "lines.csv", encoding="utf-8-sig", keep_default_na=False)
    co2e = frame.set_index("gpc_ref")["co2e"]
    assert co2e["III.1.1"] == pytest.approx(III_1_1)
    assert co2e["III.1.3"] == pytest.approx(III_1_3)
    assert frame.set_index("gpc_ref").loc["III.3.3", "notation_key"] == "NO"
    assert csv_bytes(result) == (tmp_path / "lines.csv").read_bytes()


def test_xlsx_text_cells_are_sanitised(make_activity):
    rows = [dict(ROWS[0], source='=HYPERLINK("http://x")')]
    book = build_workbook(compute_inventory(make_activity(rows)))
    values = [c.value for row in book["Lines"].iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x")' in values
    buffer = io.BytesIO()
    book.save(buffer)


def test_stored_result_with_subsector_table_still_loads(result):
    """A document stored before per-reference rows (sub-sector rows, no removals)."""
    doc = to_dict(result)
    old = {k: v for k, v in doc.items() if k != "warnings"}
    old["totals"] = {
        k: v for k, v in doc["totals"].items() if k not in ("removals", "net_basic_plus")
    }
    old["totals"].pop("net_territorial")
    old["gpc_table"] = [
        {"subsector": "III.1", "sector": "III", "scope1": 28.0, "scope1_nk": "", "basic": 280.0}
    ]
    for record in old["by_gpc_ref"]:
        record.pop("removals", None)
    for record in old["lines"]:
        record.pop("removal", None)
    loaded = from_dict(old)
    # no removals stored: removals 0, net = gross
    assert loaded.totals["removals"] == 0.0
    assert loaded.totals["net_basic_plus"] == pytest.approx(loaded.totals["basic_plus"])
    assert loaded.totals["net_territorial"] == pytest.approx(408.0)
    # the table is rebuilt per reference from the stored by_gpc_ref: nothing lost
    assert loaded.gpc_table.loc["III.1.1", "scope1"] == pytest.approx(III_1_1)
    assert loaded.gpc_table.loc["III.1.3", "scope1"] == pytest.approx(III_1_3)
    assert loaded.gpc_table.loc["III.3.3", "scope1_nk"] == "NO"
    book = build_workbook(loaded)
    assert _xlsx_rows(book)["III.1.3"][3] == pytest.approx(III_1_3)
