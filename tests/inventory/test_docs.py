"""The documentation of the input format shows one example row per method, and each
example is itself a valid line: the docs cannot drift from the code."""

from pathlib import Path

from climateplan.inventory import InventoryMeta, compute_inventory, validate_activity
from climateplan.inventory.docs import render_into
from climateplan.inventory.methods import methods
from tests.inventory.conftest import table

DOC = Path(__file__).resolve().parents[2] / "docs" / "inventory" / "input-format.md"


def test_input_format_doc_is_current():
    text = DOC.read_text(encoding="utf-8")
    assert render_into(text) == text, "run: python scripts/update_docs.py"
    for name in methods():
        assert f"### `{name}`" in text


def test_every_method_example_validates_and_emits():
    for name, spec in methods().items():
        row = {k: v for k, v in spec.example.items() if k != "params"}
        row.update({f"param_{k}": v for k, v in (spec.example.get("params") or {}).items()})
        row.setdefault("method", name)
        data = validate_activity(table([row]), InventoryMeta("TH-62", 2023, "AR5"))
        result = compute_inventory(data)
        # a removal (forest growth) is a negative amount of CO2: non-zero all the same
        assert result.lines["co2e"].sum() + result.lines["co2_biogenic"].sum() != 0, name
