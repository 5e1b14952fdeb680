"""Regenerate the method examples in docs/inventory/input-format.md from the code."""

from pathlib import Path

from climateplan.inventory.docs import render_into

path = Path(__file__).resolve().parents[1] / "docs" / "inventory" / "input-format.md"
path.write_text(render_into(path.read_text(encoding="utf-8")), encoding="utf-8")
print(f"updated {path}")
