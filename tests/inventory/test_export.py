"""Output formats: a stored JSON document renders again exactly as computed."""

from pathlib import Path

from openpyxl import load_workbook

from climateplan.inventory import analyse, read_activity
from climateplan.inventory.export import from_dict, to_dict
from climateplan.reports.inventory_xlsx import write_xlsx

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "example_province.xlsx"


def test_json_round_trip_and_xlsx_from_stored_document(tmp_path):
    result = analyse(read_activity(EXAMPLE))
    doc = to_dict(result)
    assert "index" not in doc["key_categories"][0]  # no pandas row numbers leak out
    again = from_dict(doc)
    assert to_dict(again) == doc
    write_xlsx(again, tmp_path / "stored.xlsx")
    write_xlsx(result, tmp_path / "fresh.xlsx")
    stored = load_workbook(tmp_path / "stored.xlsx")["GPC table"]
    fresh = load_workbook(tmp_path / "fresh.xlsx")["GPC table"]
    assert [[c.value for c in r] for r in stored.iter_rows()] == [
        [c.value for c in r] for r in fresh.iter_rows()
    ]
