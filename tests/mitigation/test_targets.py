"""Targets: NDC-form BAU-relative, base-relative, absolute, net zero; paths; gap analysis."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.errors import InputError, ProblemCollector
from climateplan.mitigation import (
    measure,
    national_targets,
    parse_target_spec,
    plan_from_frames,
    read_targets,
)
from climateplan.mitigation.analysis import gap_contributions, gap_table, target_paths
from tests.mitigation.helpers import base_of, drivers_frame, line

GROWTH = drivers_frame([{"driver": "vehicle_stock", "year": "2022", "growth_pct": "2"}])
BASE = base_of([line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0)])
BAU_2030 = 5000 * 1.02**8  # = 5858.2969050


def spec(text):
    collector = ProblemCollector()
    targets = parse_target_spec(text, collector=collector)
    collector.raise_if_any()
    return targets


def test_bau_relative_target_ndc_form_and_linear_path():
    result = plan_from_frames(
        BASE, GROWTH, to_year=2040, targets=spec("ndc30=bau:30@2030") + spec("ndc40=bau:40@2030")
    )
    paths = target_paths(result.plan, result.targets).set_index(["target", "year"])["value"]
    assert pytest.approx(5858.296905) == BAU_2030
    # 30 % below BAU in 2030: 0.7 x 5858.2969050 = 4100.8078335
    assert paths["ndc30", 2030] == pytest.approx(4100.8078335)
    # 40 %: 0.6 x 5858.2969050 = 3514.9781430
    assert paths["ndc40", 2030] == pytest.approx(3514.9781430)
    # linear from the base year: 2026 = 5000 + (4100.8078335 - 5000) x 4/8 = 4550.4039168
    assert paths["ndc30", 2026] == pytest.approx(4550.4039168)
    assert paths["ndc30", 2022] == pytest.approx(5000.0)
    # after the last point the path stays flat
    assert paths["ndc30", 2040] == pytest.approx(4100.8078335)


def test_base_relative_absolute_and_net_zero_points():
    targets = spec("cut=base:25@2030,netzero@2050") + spec("cap=abs:4000@2030")
    result = plan_from_frames(BASE, GROWTH, to_year=2050, targets=targets)
    paths = target_paths(result.plan, result.targets).set_index(["target", "year"])["value"]
    # 25 % below the base year: 0.75 x 5000 = 3750 in 2030, then linear to 0 in 2050
    assert paths["cut", 2030] == pytest.approx(3750.0)
    assert paths["cut", 2040] == pytest.approx(1875.0)
    assert paths["cut", 2050] == pytest.approx(0.0)
    assert paths["cap", 2030] == pytest.approx(4000.0)
    # 2024 on the way to the absolute point: 5000 + (4000 - 5000) x 2/8 = 4750
    assert paths["cap", 2024] == pytest.approx(4750.0)


def test_gap_analysis_and_what_closes_it():
    cut = measure(
        id="modal_shift",
        name_en="Modal shift",
        name_th="เปลี่ยนรูปแบบการเดินทาง",
        kind="activity",
        selector={"subsector": "II.1"},
        effect=0.1,
        uptake=1.0,
        start_year=2023,
    )
    result = plan_from_frames(
        BASE, GROWTH, to_year=2030, measures=[cut], targets=spec("ndc30=bau:30@2030")
    )
    gap = gap_table(result.plan, result.targets).set_index(["scenario", "year"])
    row = gap.loc[("planned", 2030)]
    # plan: 0.9 x 5858.2969050 = 5272.4672145; target 4100.8078335
    assert row["emissions"] == pytest.approx(5272.4672145)
    assert row["gap"] == pytest.approx(5272.4672145 - 4100.8078335)
    # required 0.3 x BAU = 1757.4890715; achieved 0.1 x BAU = 585.8296905: a third closed
    assert row["required_reduction"] == pytest.approx(1757.4890715)
    assert row["achieved_reduction"] == pytest.approx(585.8296905)
    assert row["closed_pct"] == pytest.approx(100 / 3)
    assert not row["on_track"]
    assert gap.loc[("bau", 2030), "gap"] == pytest.approx(1757.4890715)
    contributions = gap_contributions(result.plan, result.targets)
    by = contributions.set_index("contributor")
    assert by.loc["measure", "reduction"] == pytest.approx(585.8296905)
    assert by.loc["sector", "code"] == "II"
    assert by.loc["sector", "share_of_required_pct"] == pytest.approx(100 / 3)
    assert by.loc["remaining_gap", "reduction"] == pytest.approx(1171.6593810)


def test_target_year_before_base_year_and_bad_specs():
    with pytest.raises(InputError) as info:
        plan_from_frames(BASE, GROWTH, to_year=2030, targets=spec("old=bau:30@2020"))
    (problem,) = info.value.problems
    assert "not after the base year 2022" in problem.message_en
    assert "พ.ศ. 2563" in problem.message_th
    collector = ProblemCollector()
    parse_target_spec("bau@2030,base:120@2030,foo:3@2030", collector=collector)
    messages = " ".join(p.message_en for p in collector.problems)
    assert "needs a number" in messages and "between 0 and 100" in messages
    assert "cannot read the target 'foo:3@2030'" in messages


def test_targets_table_and_shipped_national_targets():
    frame = drivers_frame(
        [
            {"name": "ndc", "kind": "bau_relative", "year": "2573", "reduction_pct": "30"},
            {"name": "ndc", "kind": "net_zero", "year": "2065"},
            {"name": "bad", "kind": "bau_relative", "year": "2030", "reduction_pct": "130"},
        ]
    )
    with pytest.raises(InputError) as info:
        read_targets(frame)
    assert [(p.row, p.column) for p in info.value.problems] == [(4, "reduction_pct")]
    targets = read_targets(frame.iloc[:2])
    assert [(t.kind, t.year, t.reduction) for t in targets] == [
        ("bau_relative", 2030, 0.3),  # 2573 BE = 2030 CE
        ("net_zero", 2065, 0.0),
    ]
    national = {t.name: t for t in national_targets()}
    assert national["ndc_unconditional"].reduction == pytest.approx(0.30)
    assert national["ndc_conditional"].reduction == pytest.approx(0.40)
    assert national["net_zero_2065"].year == 2065
    assert all("NDC" in t.source or "LT-LEDS" in t.source for t in national.values())


def test_ndc_targets_beyond_the_horizon_are_left_out_with_a_warning():
    result = plan_from_frames(BASE, GROWTH, to_year=2030, targets=spec("ndc"))
    assert sorted(t.name for t in result.targets) == ["ndc_conditional", "ndc_unconditional"]
    assert any("net_zero_2065" in w.message_en for w in result.warnings)
    gap = gap_table(result.plan, result.targets)
    np.testing.assert_allclose(
        gap.loc[(gap["scenario"] == "bau") & (gap["year"] == 2030), "target_value"].sort_values(),
        sorted([0.6 * BAU_2030, 0.7 * BAU_2030]),
    )
