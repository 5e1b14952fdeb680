"""Write the inventories of the reduction-planning example (fictional data).

``inventory.json`` is the example province's inventory of 2023 (พ.ศ. 2566) computed
from ``../example_province.csv``; ``inventory_2019.json`` and ``inventory_2021.json``
are earlier years for the calibration example, made by scaling every activity amount
(x 0.90 and x 0.95; landfill deposits after the year left out): invented figures,
only for trying the commands.

    python examples/plan/build_plan_example.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from climateplan.inventory import compute_inventory, read_activity
from climateplan.inventory.export import write_json

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "example_province.csv"
PROVINCE = "TH-62"
YEARS = {2023: 1.0, 2021: 0.95, 2019: 0.90}  # year -> scale of every amount (fictional)


def build(out_dir: Path = HERE) -> list[Path]:
    """Write the three inventories into ``out_dir`` (default: this folder)."""
    written = []
    lines = pd.read_csv(SOURCE, dtype=str, keep_default_na=False)
    for year, scale in YEARS.items():
        frame = lines.copy()
        # waste deposited after the inventory year cannot emit in it: drop those rows
        deposit = pd.to_numeric(frame["activity_year"], errors="coerce")
        frame = frame.loc[~(deposit > year)]
        amount = pd.to_numeric(frame["amount"], errors="coerce")
        frame["amount"] = ["" if pd.isna(a) else repr(round(float(a) * scale, 6)) for a in amount]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"example_{year}.csv"
            frame.to_csv(path, index=False)
            data = read_activity(path, province=PROVINCE, year=year, gwp="AR5")
            result = compute_inventory(data)
        out = Path(out_dir) / ("inventory.json" if year == 2023 else f"inventory_{year}.json")
        write_json(result, out)
        written.append(out)
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
