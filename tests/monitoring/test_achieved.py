"""Estimated achieved reductions, worked by hand.

Method (climateplan.monitoring.achieved, docs/monitoring/achieved-reductions.md):
the KPI share f = (v - b) / (T - b) clipped to [0, 1]; the measure runs in the plan's
engine with uptake f x planned uptake, in full from the first projected year. The
engine's measure equations (docs/mitigation.md, "Measures, order and overlaps"):
activity, intensity, emission factor measures multiply the targeted lines' components
by (1 - u(t) x effect), one after the other in the order of application.
"""

from __future__ import annotations

import pytest

from climateplan.errors import InputError
from climateplan.monitoring import achieved
from climateplan.plans.reduction import ReductionInputs, compute
from tests.mitigation.helpers import line
from tests.plans.reduction.helpers import inventory_document

KPI = {"unit": "units", "baseline": 0, "target": 10_000, "baseline_year": 2022, "target_year": 2030}


def one_line() -> dict:
    """Household electricity 1,000 t CO2 in 2022 (I.1.2); no driver, no grid path: the
    BAU holds 1,000 t every year (docs/mitigation.md, "BAU projection", D = G = 1)."""
    return inventory_document([line(0, "I.1.2", "electricity", "grid", co2=1000.0)])


def measure(mid: str, kind: str, effect: float, uptake: float, order: float, **extra) -> dict:
    return {
        "id": mid,
        "name_th": mid,
        "kind": kind,
        "gpc_ref": "I.1.2",
        "effect_pct": effect,
        "uptake_pct": uptake,
        "start_year": 2025,
        "ramp_years": 4,
        "order": order,
        "kpi": dict(KPI),
        **extra,
    }


AIRCON = measure("aircon", "intensity", 20, 50, 10)  # efficient appliances
CLEAN = measure("clean", "emission_factor", 50, 100, 20)  # cleaner supply, after aircon


def inputs(*rows) -> ReductionInputs:
    return ReductionInputs(measures=[dict(r) for r in rows], settings={"to_year": 2030})


@pytest.mark.parametrize(
    ("baseline", "target", "value", "share"),
    [
        (0, 10_000, 4_000, 0.4),  # 4000 / 10000
        ("1,000", "11,000", "5,000", 0.4),  # (5000 - 1000) / (11000 - 1000), text cells
        (0, 10_000, 12_000, 1.0),  # beyond the target: clipped to 1
        (0, 10_000, -50, 0.0),  # below the baseline: clipped to 0
        (5_000, 1_000, 2_000, 0.75),  # a falling KPI: (2000 - 5000) / (1000 - 5000)
        (0, 0, 10, None),  # T = b: no share
        (None, 10_000, 10, None),
        (0, 10_000, None, None),
    ],
)
def test_share(baseline, target, value, share):
    assert achieved.achieved_share(baseline, target, value) == share


def test_report_share_reads_the_kpi_entry():
    values = [{"key": "indicator:0", "value": 9}, {"key": "kpi", "value": 2_500, "unit": "units"}]
    assert achieved.kpi_value(values) == 2_500
    assert achieved.report_share(KPI, values) == pytest.approx(0.25)  # 2500 / 10000
    assert achieved.report_share({}, values) is None
    assert achieved.report_share(KPI, []) is None


def test_one_measure_by_hand():
    # v = 4,000 of 0 -> 10,000 units: f = 0.4; the measure in full from 2023 (first
    # projected year) at uptake 0.4 x 50 % = 20 %:
    #   1,000 t x 0.20 (effect) x 0.50 (uptake) x 0.4 (f) = 40 t a year
    table = achieved.achieved_reductions(one_line(), inputs(AIRCON), {"aircon": 0.4})
    assert list(table.index) == ["aircon"]
    assert list(table.columns) == list(range(2023, 2031))  # the base year is observed data
    assert table.loc["aircon"].to_list() == pytest.approx([40.0] * 8)
    # the plan itself ramps from 2025 over 4 years: 2025 = 1,000 x 0.2 x 0.5 x 1/4 = 25 t,
    # 2028 and after = 100 t
    planned = achieved.planned_path(compute(one_line(), inputs(AIRCON)))
    assert planned.loc["aircon", 2024] == pytest.approx(0.0)
    assert planned.loc["aircon", 2025] == pytest.approx(25.0)
    assert planned.loc["aircon", 2030] == pytest.approx(100.0)


def test_two_overlapping_measures_by_hand():
    # aircon (order 10) first: f = 0.4 -> 1,000 x 0.2 x 0.5 x 0.4 = 40 t, leaving 960 t;
    # clean (order 20) at f = 0.5 acts on what is left:
    #   960 x 0.50 (effect) x 1.00 (uptake) x 0.5 (f) = 240 t
    # (alone it would give 1,000 x 0.5 x 0.5 = 250 t); together 280 t of 1,000.
    shares = {"aircon": 0.4, "clean": 0.5}
    table = achieved.achieved_reductions(one_line(), inputs(AIRCON, CLEAN), shares)
    assert table.loc["aircon", 2026] == pytest.approx(40.0)
    assert table.loc["clean", 2026] == pytest.approx(240.0)
    alone = achieved.achieved_reductions(one_line(), inputs(AIRCON, CLEAN), {"clean": 0.5})
    assert alone.loc["aircon", 2026] == pytest.approx(0.0)  # no report: uptake 0
    assert alone.loc["clean", 2026] == pytest.approx(250.0)


def test_end_year_is_kept():
    # a measure that ends in 2026 reduces nothing after it (its end year as planned)
    ending = {**AIRCON, "end_year": 2026}
    table = achieved.achieved_reductions(one_line(), inputs(ending), {"aircon": 1.0})
    # f = 1: 1,000 x 0.2 x 0.5 = 100 t in 2023-2026, 0 from 2027
    assert table.loc["aircon", 2026] == pytest.approx(100.0)
    assert table.loc["aircon", 2027] == pytest.approx(0.0)


def test_broken_inputs_raise_every_problem():
    bad = {**AIRCON, "effect_pct": 150}
    with pytest.raises(InputError) as error:
        achieved.achieved_reductions(one_line(), inputs(bad), {"aircon": 0.4})
    assert any(p.column == "effect_pct" for p in error.value.problems)


def test_year_in_clips_to_the_projection():
    assert achieved.year_in([2023, 2024, 2025], 2024) == 2024
    assert achieved.year_in([2023, 2024, 2025], 2021) == 2023
    assert achieved.year_in([2023, 2024, 2025], 2031) == 2025
    assert achieved.year_in([], 2024) is None
