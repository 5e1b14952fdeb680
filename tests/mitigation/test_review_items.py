"""Independent checks of the reduction-planning rules, each worked out by hand.

Base lines are stated in each test (tests/mitigation/helpers.py builds them with AR5:
CH4 28, N2O 265, IPCC AR5 WG1 Table 8.A.1). GPC v1.1 Table 4.1 / Table 8.1 (shipped
gpc_catalogue.csv): I.1.2 (grid electricity, scope 2) is in BASIC and BASIC+; I.1.3
(its T&D losses, scope 3) in BASIC+ only; V (AFOLU) in BASIC+ only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from climateplan.errors import InputError, ProblemCollector
from climateplan.mitigation import (
    load_inputs,
    make_plan,
    measure,
    parse_target_spec,
    plan_from_frames,
    read_drivers,
    write_plan,
)
from climateplan.mitigation.analysis import target_paths
from tests.mitigation.helpers import base_of, drivers_frame, line


def spec(text):
    collector = ProblemCollector()
    targets = parse_target_spec(text, collector=collector)
    collector.raise_if_any()
    return targets


def read(path):
    return pd.read_csv(path, encoding="utf-8-sig")


def test_run_on_basic_with_a_target_on_basic_plus_every_file_states_its_basis(tmp_path):
    # electricity 1,000 t (BASIC, BASIC+); rice 100 t CH4 x 28 = 2,800 t (BASIC+ only).
    # Held flat (no drivers). Efficiency -20 % on I.1.2 and AWD -50 % of the rice CH4,
    # both at full uptake from 2023. Run on BASIC; target 30 % below BAU on BASIC+.
    base = base_of(
        [
            line(0, "I.1.2", "electricity", "grid", co2=1000.0),
            line(1, "V.3", "rice_cultivation", "irrigated_continuous", ch4=100.0),
        ]
    )
    eff = measure(
        id="eff",
        kind="intensity",
        selector={"gpc_ref": "I.1.2"},
        effect=0.2,
        uptake=1.0,
        start_year=2023,
    )
    awd = measure(
        id="awd",
        kind="emission_factor",
        selector={"method": "rice_cultivation"},
        gases=("ch4",),
        effect=0.5,
        uptake=1.0,
        start_year=2023,
    )
    result = plan_from_frames(
        base,
        None,
        to_year=2030,
        measures=[eff, awd],
        targets=spec("t30=bau:30@2030,basis=basic_plus"),
        basis="basic",
    )
    write_plan(result, tmp_path)
    # the run's basis: BASIC. Measures: efficiency 1000 x 0.2 = 200 t; AWD 0 t (rice is
    # not in BASIC)
    measures = read(tmp_path / "measures.csv").set_index("measure")
    assert set(measures["basis"]) == {"basic"}
    assert measures.loc["eff", "abatement"] == pytest.approx(200.0)
    assert measures.loc["awd", "abatement"] == pytest.approx(0.0)
    by_sector = read(tmp_path / "by_sector.csv")
    assert set(by_sector["basis"]) == {"basic"} and "V" not in set(by_sector["sector"])
    impacts = read(tmp_path / "measure_impacts.csv")
    assert set(impacts["basis"]) == {"basic"}
    # the target's own basis: BAU BASIC+ 3,800 t; target 0.7 x 3,800 = 2,660 t; planned
    # 2030 = 800 + 1,400 = 2,200 t; gap = 2,200 - 2,660 = -460 t (reached); required
    # 1,140 t, achieved 1,600 t
    gap = read(tmp_path / "gap.csv").set_index(["scenario", "year"])
    assert set(gap["basis"]) == {"basic_plus"}
    row = gap.loc[("planned", 2030)]
    assert row["target_value"] == pytest.approx(2660.0)
    assert row["emissions"] == pytest.approx(2200.0)
    assert row["gap"] == pytest.approx(-460.0)
    assert row["required_reduction"] == pytest.approx(1140.0)
    targets = read(tmp_path / "targets.csv")
    assert set(targets["basis"]) == {"basic_plus"}
    # what closes it, on BASIC+: AWD 2,800 x 0.5 = 1,400 t = 122.81 % of 1,140 t
    contributions = read(tmp_path / "gap_contributions.csv")
    assert set(contributions["basis"]) == {"basic_plus"}
    awd_rows = contributions.loc[contributions.astype(str).eq("awd").any(axis=1)]
    assert len(awd_rows) == 1
    numbers = awd_rows.select_dtypes("number").to_numpy(float)
    assert np.isclose(numbers, 1400.0).any() and np.isclose(numbers, 1400 / 1140 * 100).any()


def test_a_measure_on_the_losses_after_one_on_consumption():
    # consumption I.1.2 1,000 t and its T&D losses I.1.3 80 t (derived). Efficiency -20 %
    # on I.1.2 (order 1; its derived losses follow), then -50 % on the losses alone
    # (order 2). 2030: I.1.2 = 1000 x 0.8 = 800; I.1.3 = 80 x 0.8 x 0.5 = 32.
    # BASIC = 800; BASIC+ = 832. Impacts: efficiency 200 + 16 = 216, losses measure 32.
    base = base_of(
        [
            line(0, "I.1.2", "electricity", "grid", co2=1000.0),
            # the engine gives a derived row its parent's line id (row)
            line(0, "I.1.3", "electricity", "grid", co2=80.0, derived=True),
        ]
    )
    eff = measure(
        id="eff",
        kind="intensity",
        selector={"gpc_ref": "I.1.2"},
        effect=0.2,
        uptake=1.0,
        start_year=2023,
        order=1.0,
    )
    losses = measure(
        id="losses",
        kind="intensity",
        selector={"gpc_ref": "I.1.3"},
        effect=0.5,
        uptake=1.0,
        start_year=2023,
        order=2.0,
    )
    plan = plan_from_frames(base, None, to_year=2030, measures=[eff, losses]).plan
    totals = plan.totals("planned")
    assert totals["basic"][-1] == pytest.approx(800.0)
    assert totals["basic_plus"][-1] == pytest.approx(832.0)
    # alone, the losses measure leaves consumption at 1,000 t: BASIC+ 1,000 + 40
    alone = plan_from_frames(base, None, to_year=2030, measures=[losses]).plan
    assert alone.totals("planned")["basic"][-1] == pytest.approx(1000.0)
    assert alone.totals("planned")["basic_plus"][-1] == pytest.approx(1040.0)


def test_a_measure_started_before_the_base_year_mid_ramp():
    # diesel 5,000 t, base year 2022, held flat; activity -50 % at uptake 80 % ramped over
    # 6 years from 2020. u(t) = 0.8 x min(1, (t - 2020 + 1) / 6) from 2023 on:
    #   2023: 0.8 x 4/6 = 0.53333 -> 5000 x (1 - 0.26667) = 3,666.67 t
    #   2024: 0.8 x 5/6 = 0.66667 -> 5000 x (1 - 0.33333) = 3,333.33 t
    #   2025: 0.8              -> 5000 x (1 - 0.4)     = 3,000 t; the base year unchanged
    base = base_of([line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0)])
    old = measure(
        id="old",
        kind="activity",
        selector={"subsector": "II.1"},
        effect=0.5,
        uptake=0.8,
        start_year=2020,
        ramp_years=6,
    )
    result = plan_from_frames(base, None, to_year=2026, measures=[old])
    totals = result.plan.totals("planned")["basic_plus"]
    assert totals[0] == pytest.approx(5000.0)
    assert totals[1] == pytest.approx(5000 * (1 - 0.8 * 4 / 6 * 0.5))
    assert totals[2] == pytest.approx(5000 * (1 - 0.8 * 5 / 6 * 0.5))
    assert totals[3] == pytest.approx(3000.0)
    assert [w for w in result.warnings if "'old'" in w.message_en or "old" in w.message_en]


def test_a_driver_cut_to_zero_by_a_growth_of_minus_100_pct_is_named_with_its_year():
    # GPP 100 in 2022, -100 %/yr: 0 in 2023; electricity with elasticity 0.8 to GPP
    # cannot grow from 0 after 2023: the message names GPP and 2023 (พ.ศ. 2566)
    table = read_drivers(
        drivers_frame(
            [
                {"driver": "gpp", "year": "2022", "value": "100", "growth_pct": "-100"},
                {
                    "driver": "electricity_demand",
                    "year": "2022",
                    "value": "5",
                    "elasticity": "0.8",
                    "elasticity_to": "gpp",
                },
            ]
        )
    )
    with pytest.raises(InputError) as info:
        table.levels(np.arange(2022, 2027))
    text = " ".join(p.message_en for p in info.value.problems)
    assert "'gpp' falls to zero in 2023" in text
    assert "2566" in " ".join(p.message_th for p in info.value.problems)


def test_target_in_tonnes_below_a_growing_bau_and_its_path():
    # diesel 5,000 t, +2 %/yr (vehicle_stock drives road transport, shipped mapping):
    # BAU 2030 = 5000 x 1.02^8 = 5,858.2969 t; "at least 500 t below BAU" = 5,358.2969 t;
    # the path runs linearly from 5,000 t (2022): 2026 = 5000 + 4/8 x 358.2969 = 5,179.1485
    base = base_of([line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0)])
    drivers = drivers_frame([{"driver": "vehicle_stock", "year": "2022", "growth_pct": "2"}])
    result = plan_from_frames(base, drivers, to_year=2030, targets=spec("bt=bau_t:500@2030"))
    paths = target_paths(result.plan, result.targets).set_index("year")["value"]
    assert paths[2030] == pytest.approx(5000 * 1.02**8 - 500)
    assert paths[2026] == pytest.approx(5000 + 0.5 * (5000 * 1.02**8 - 500 - 5000))


def test_every_file_problem_and_the_checks_against_the_inventory_in_one_run(tmp_path):
    # a drivers file with a negative value, a measures file with an effect of 150 %,
    # and a second measure whose selector finds no line: all three in one InputError
    (tmp_path / "drivers.csv").write_text(
        "driver,year,value\npopulation,2022,-5\n", encoding="utf-8"
    )
    (tmp_path / "measures.csv").write_text(
        "id,kind,subsector,effect_pct,uptake_pct,start_year\n"
        "bad,activity,II.1,150,50,2025\n"
        "nowhere,activity,IV.1,10,50,2025\n",
        encoding="utf-8",
    )
    inventory = tmp_path / "activity.csv"
    inventory.write_text(
        "gpc_ref,method,activity,amount,unit,source\nII.1.1,fuel_combustion,diesel,1000000,L,t\n",
        encoding="utf-8",
    )
    # with a collector, load_inputs keeps what was read cleanly and make_plan checks it
    # against the inventory (docs/mitigation.md, "In Python"; the CLI does the same)
    inputs = load_inputs(
        inventory,
        drivers=tmp_path / "drivers.csv",
        measures=tmp_path / "measures.csv",
        province="TH-50",
        year=2022,
        gwp="AR5",
        collector=ProblemCollector(),
    )
    with pytest.raises(InputError) as info:
        make_plan(inputs, to_year=2030)
    problems = info.value.problems
    files = {p.file for p in problems}
    assert {"drivers.csv", "measures.csv"} <= files
    text = " | ".join(p.message_en for p in problems)
    assert "measure 'nowhere' targets lines that do not exist" in text
    assert any(p.row == 3 and p.file == "measures.csv" for p in problems)
    assert any(p.row == 2 and p.file == "measures.csv" for p in problems)
    assert any(p.file == "drivers.csv" and p.row == 2 for p in problems)
    assert not list(tmp_path.glob("plan.json"))


def test_the_python_example_of_the_docs_runs_as_written(tmp_path, monkeypatch):
    import re
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "mitigation.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    shutil.copytree(root / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/mitigation.md", "exec"), {})
    assert (tmp_path / "plan" / "plan.json").exists()
