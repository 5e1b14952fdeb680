"""Expected annual impact: EAI = sum over events of frequency x damage ratio(intensity) x
exposure (event-set average annual loss), checked by hand; bad tables rejected."""

from __future__ import annotations

import pandas as pd
import pytest

from climateplan.errors import InputError
from climateplan.risk.index.eai import damage_ratio, eai_by_province, load_eai
from climateplan.risk.index.examples import example_path

FUNCTIONS = pd.DataFrame(
    {
        "hazard": ["flood"] * 3,
        "asset_type": ["residential"] * 3,
        "intensity": [0.0, 1.0, 2.0],  # m water depth
        "damage_ratio": [0.0, 0.2, 0.5],
    }
)
EXPOSURE = pd.DataFrame(
    {
        "province": ["TH-14", "TH-14"],
        "asset_type": ["residential", "crops"],
        "value": [1000.0, 50.0],
    }
)
EVENTS = pd.DataFrame(
    {
        "event_id": ["A", "B"],
        "hazard": ["flood", "flood"],
        "province": ["Phra Nakhon Si Ayutthaya", "TH-14"],
        "intensity": [1.5, 3.0],
        "annual_frequency": [0.1, 0.01],
    }
)


def test_piecewise_linear_damage_ratio():
    xs, ys = FUNCTIONS["intensity"].to_numpy(), FUNCTIONS["damage_ratio"].to_numpy()
    # 1.5 m: halfway between (1, 0.2) and (2, 0.5) -> 0.2 + 0.5 * (0.5 - 0.2) = 0.35
    # 3 m: beyond the last point -> held at 0.5; -1 m: held at 0.0
    assert damage_ratio([1.5, 3.0, -1.0, 0.5], xs, ys).tolist() == pytest.approx(
        [0.35, 0.5, 0.0, 0.1]
    )


def test_expected_annual_impact_by_hand():
    table, notes = load_eai(EVENTS, EXPOSURE, FUNCTIONS)
    # A: 0.1 / yr x DR(1.5 m) 0.35 x 1000 = 35.0; B: 0.01 / yr x DR(3 m) 0.5 x 1000 = 5.0
    # EAI = 35 + 5 = 40 (per year, in the exposure's unit)
    row = table[(table["province"] == "TH-14") & (table["asset_type"] == "residential")].iloc[0]
    assert row["eai"] == pytest.approx(40.0)
    assert row["n_events"] == 2
    assert row["eai_share_of_exposure"] == pytest.approx(0.04)
    assert eai_by_province(table).set_index("province").loc["TH-14", "eai"] == pytest.approx(40.0)
    # crops have no flood function here: no damage counted, and said so
    assert "crops" not in set(table["asset_type"])
    assert any("asset type crops" in n.message_en for n in notes)


def test_bad_event_exposure_and_function_tables():
    events = EVENTS.copy()
    events.loc[0, "province"] = "Atlantis"
    events.loc[1, "annual_frequency"] = -0.5
    exposure = EXPOSURE.astype({"value": object})
    exposure.loc[1, "value"] = "many"
    functions = FUNCTIONS.copy()
    functions.loc[2, "damage_ratio"] = 1.5
    with pytest.raises(InputError) as info:
        load_eai(events, exposure, functions)
    found = {(p.row, p.column) for p in info.value.problems}
    assert {(2, "province"), (3, "annual_frequency"), (3, "value"), (4, "damage_ratio")} <= found
    assert all(p.message_th for p in info.value.problems)


def test_event_hazard_without_function():
    events = EVENTS.assign(hazard=["flood", "storm"])
    with pytest.raises(InputError) as info:
        load_eai(events, EXPOSURE, FUNCTIONS)
    assert "no impact function for hazard 'storm'" in info.value.problems[0].message_en


def test_shipped_examples_run():
    table, _ = load_eai(
        example_path("example_flood_events_th.csv"),
        example_path("example_exposure_th.csv"),
        example_path("example_impact_functions.csv"),
    )
    assert set(table["province"]) == {"TH-14", "TH-50", "TH-90"}
    assert (table["eai"] > 0).all()


def test_shipped_example_inputs_fit_the_default_framework():
    # the synthetic example tables cover every indicator of the default framework for all
    # 77 provinces, without notes (index names, periods, scenarios and units all match)
    from climateplan.risk.index.examples import EXAMPLE_GRIDDED, EXAMPLE_INDICATORS
    from climateplan.risk.index.framework import load_framework
    from climateplan.risk.index.scoring import compute_index
    from climateplan.risk.index.values import load_values

    fw = load_framework()
    values = load_values(fw, example_path(EXAMPLE_INDICATORS), example_path(EXAMPLE_GRIDDED))
    assert values.values.shape == (77, len(fw.used_indicators()))
    assert values.notes == []
    result = compute_index(fw, values)
    assert result.missing.empty
    overall = result.table("overall")
    assert overall["risk"].between(0, 10).all() and overall["rank"].min() == 1
    assert (
        values.provenance["source"].str.contains("SYNTHETIC")
        | (values.provenance["value_from"] == "gridded")
    ).all()
