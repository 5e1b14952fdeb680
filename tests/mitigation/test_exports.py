"""Every CSV the planning engine writes goes through the shared export sanitiser."""

from __future__ import annotations

import io

import pandas as pd

from climateplan.mitigation import measure, plan_from_frames
from climateplan.mitigation.export import plan_files
from tests.mitigation.helpers import base_of, drivers_frame, line


def test_text_typed_by_a_user_cannot_become_a_formula_in_the_plan_csv():
    formula = '=HYPERLINK("http://evil.example","click")'
    cut = measure(
        id="shift",
        name_en=formula,
        name_th="@SUM(A1)",
        kind="activity",
        selector={"subsector": "II.1"},
        effect=0.1,
        uptake=1.0,
        start_year=2023,
        source="+cmd",
    )
    result = plan_from_frames(
        base_of([line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0)]),
        drivers_frame([{"driver": "vehicle_stock", "year": "2022", "growth_pct": "2"}]),
        to_year=2025,
        measures=[cut],
    )
    files = plan_files(result, with_charts=False)
    assert files["measures.csv"][:3] == b"\xef\xbb\xbf"  # UTF-8 BOM for Excel
    table = pd.read_csv(io.BytesIO(files["measures.csv"]), encoding="utf-8-sig")
    assert table.loc[0, "name_en"] == "'" + formula
    assert table.loc[0, "name_th"] == "'@SUM(A1)"
    assert table.loc[0, "source"] == "'+cmd"
    # numbers stay numbers: a negative fuel-switch impact or a cost is never quoted
    assert pd.api.types.is_float_dtype(table["abatement"])
