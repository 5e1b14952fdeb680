"""Calibration against historical inventories, and the national roll-up."""

from __future__ import annotations

import math

import pytest

from climateplan.errors import InputError, ProblemCollector
from climateplan.mitigation import (
    calibrate,
    measure,
    national_rollup,
    parse_target_spec,
    plan_from_frames,
    read_drivers,
    summary_of,
)
from tests.mitigation.helpers import base_of, drivers_frame, line

DRIVERS = read_drivers(
    drivers_frame([{"driver": "vehicle_stock", "year": "2018", "value": "100", "growth_pct": "2"}])
)


def inventory(year, diesel, rice=100.0):
    rows = [
        line(0, "II.1.1", "fuel_combustion", "diesel", co2=diesel),
        line(1, "V.3", "rice_cultivation", "irrigated_continuous", ch4=rice),
    ]
    return base_of(rows, year=year)


def test_fit_metrics_and_sector_trend_by_hand():
    base = inventory(2022, 5000.0)
    history = [inventory(2018, 4000.0), inventory(2020, 4500.0)]
    result = calibrate(base, history, DRIVERS)
    fit = result.fit.set_index(["sector", "year"])
    # back-cast of transport: 5000 x 1.02^-4 = 4619.2271 (2018), 5000 x 1.02^-2 = 4805.8439 (2020)
    p2018, p2020 = 5000 / 1.02**4, 5000 / 1.02**2
    assert fit.loc[("II", 2018), "projected"] == pytest.approx(p2018)
    assert fit.loc[("II", 2020), "projected"] == pytest.approx(p2020)
    e2018, e2020 = (p2018 - 4000) / 4000 * 100, (p2020 - 4500) / 4500 * 100  # 15.48 %, 6.80 %
    assert fit.loc[("II", 2018), "error_pct"] == pytest.approx(e2018)
    metrics = result.metrics.set_index("sector")
    assert metrics.loc["II", "mape"] == pytest.approx((e2018 + e2020) / 2)
    assert metrics.loc["II", "bias_pct"] == pytest.approx((e2018 + e2020) / 2)
    assert metrics.loc["II", "rmse"] == pytest.approx(
        math.sqrt(((p2018 - 4000) ** 2 + (p2020 - 4500) ** 2) / 2)
    )
    # trend through the base year: ln(1 + k) = sum dt ln(A/P) / sum dt^2, dt = -4, -2
    slope = (-4 * math.log(4000 / p2018) - 2 * math.log(4500 / p2020)) / (16 + 4)
    assert result.trends["II"] == pytest.approx(math.exp(slope) - 1)
    assert result.trends["II"] == pytest.approx(0.035995, abs=1e-6)
    # rice has no driver here and did not change: no error, no trend
    assert metrics.loc["V", "mape"] == pytest.approx(0.0)
    assert result.trends["V"] == pytest.approx(0.0)
    # calibrated: 5000 x 1.02^dt x (1 + k)^dt is closer to the history
    assert metrics.loc["II", "mape_calibrated"] < metrics.loc["II", "mape"]
    assert fit.loc[("II", 2018), "calibrated"] == pytest.approx(
        5000 * 1.02**-4 * (1 + result.trends["II"]) ** -4
    )


def test_calibration_needs_other_years_of_the_same_province():
    base = inventory(2022, 5000.0)
    with pytest.raises(InputError) as info:
        calibrate(
            base,
            [
                inventory(2022, 4000.0),
                base_of(
                    [line(0, "II.1.1", "fuel_combustion", "diesel", co2=1.0)],
                    province="TH-10",
                    year=2019,
                ),
            ],
            DRIVERS,
        )
    messages = " ".join(p.message_en for p in info.value.problems)
    assert "base year itself" in messages and "TH-10, not TH-50" in messages


def test_national_rollup_by_hand():
    growth = drivers_frame(
        [
            {"driver": "vehicle_stock", "year": "2022", "growth_pct": "2"},
            {"driver": "population", "year": "2022", "growth_pct": "1"},
        ]
    )
    cut = measure(
        id="shift",
        kind="activity",
        selector={"subsector": "II.1"},
        effect=0.1,
        uptake=1.0,
        start_year=2023,
    )
    chiang_mai = plan_from_frames(
        base_of([line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0)]),
        growth,
        to_year=2030,
        measures=[cut],
    )
    bangkok = plan_from_frames(
        base_of([line(0, "I.1.2", "electricity", "grid", co2=1000.0)], province="TH-10"),
        growth,
        to_year=2035,
    )
    collector = ProblemCollector()
    targets = parse_target_spec("ndc=bau:30@2030", collector=collector)
    result = national_rollup([summary_of(chiang_mai.plan), summary_of(bangkok.plan)], targets)
    assert result.years.tolist() == list(range(2022, 2031))  # the years both cover
    gap = result.gap.set_index(["scenario", "year"])
    # BAU 2030: 5000 x 1.02^8 + 1000 x 1.01^8 = 5858.2969050 + 1082.8567056 = 6941.1536106
    bau = 5000 * 1.02**8 + 1000 * 1.01**8
    assert gap.loc[("bau", 2030), "emissions"] == pytest.approx(bau)
    # planned: Chiang Mai 0.9 x 5858.2969050; Bangkok has no 'planned': its BAU counts
    planned = 0.9 * 5000 * 1.02**8 + 1000 * 1.01**8
    assert gap.loc[("planned", 2030), "emissions"] == pytest.approx(planned)
    assert gap.loc[("planned", 2030), "target_value"] == pytest.approx(0.7 * bau)
    assert gap.loc[("planned", 2030), "gap"] == pytest.approx(planned - 0.7 * bau)
    assert any("TH-10 has no scenario 'planned'" in w.message_en for w in result.warnings)
    shares = result.provinces.set_index("province")
    assert shares.loc["TH-50", "share_of_national_reduction_pct"] == pytest.approx(100.0)
    # 585.8296905 of the 0.3 x 6941.1536106 = 2082.3460832 required: 28.13 %
    assert shares.loc["TH-50", "share_of_required_pct"] == pytest.approx(
        0.1 * 5000 * 1.02**8 / (0.3 * bau) * 100
    )
    assert shares.loc["TH-10", "reduction"] == pytest.approx(0.0)


def test_rollup_refuses_mixed_gwp_and_duplicates():
    growth = drivers_frame([{"driver": "population", "year": "2022", "growth_pct": "1"}])
    plan = plan_from_frames(
        base_of([line(0, "I.1.2", "electricity", "grid", co2=1.0)]), growth, to_year=2030
    )
    one = summary_of(plan.plan)
    other = summary_of(plan.plan)
    other.gwp = "AR6"
    with pytest.raises(InputError) as info:
        national_rollup([one, other])
    messages = " ".join(p.message_en for p in info.value.problems)
    assert "appears twice" in messages and "different GWP sets" in messages


def test_rollup_applies_each_targets_basis_and_reports_coverage_and_caveat():
    # one province: diesel 5000 t (II.1.1), forest land emissions 1000 t (V.2, land),
    # forest removals -3000 t (V.2); no drivers: flat
    base = base_of(
        [
            line(0, "II.1.1", "fuel_combustion", "diesel", co2=5000.0),
            line(1, "V.2", "land", "forest_land_converted", co2=1000.0),
            line(2, "V.2", "land", "forest_land_remaining", co2=-3000.0),
        ]
    )
    plan = plan_from_frames(base, None, to_year=2066)
    from climateplan.mitigation import national_targets
    from climateplan.mitigation.export import rollup_files

    result = national_rollup([summary_of(plan.plan)], list(national_targets()))
    gap = result.gap.set_index(["target", "scenario", "year"])
    # the NDC (no LULUCF) is set on BASIC+ without land: 5000 t; 30 % below: 3500 t
    assert gap.loc[("ndc_unconditional", "bau", 2030), "basis"] == "basic_plus_no_land"
    assert gap.loc[("ndc_unconditional", "bau", 2030), "target_value"] == pytest.approx(3500.0)
    # net zero 2065 on net BASIC+: 5000 + 1000 - 3000 = 3000 t in 2022 falling to 0
    assert gap.loc[("net_zero_2065", "bau", 2022), "target_value"] == pytest.approx(3000.0)
    assert gap.loc[("net_zero_2065", "bau", 2065), "gap"] == pytest.approx(3000.0)
    # coverage: 1 of 77, the 76 others named; the caveat travels with the result
    assert result.coverage["provinces"] == 1 and result.coverage["of"] == 77
    assert len(result.coverage["missing"]) == 76 and "TH-10" in result.coverage["missing"]
    assert any("1 of 77 provinces" in w.message_en for w in result.warnings)
    files = rollup_files(result)
    import json

    doc = json.loads(files["rollup.json"])
    assert doc["coverage"]["missing_names_en"][0] and "proxy" in doc["caveat_en"]
    assert "LULUCF" in doc["caveat_th"]
    assert files["rollup.png"][:4] == b"\x89PNG"


def test_rollup_applies_the_basis_of_a_targets_file():
    from climateplan.mitigation import read_targets

    # household electricity 1000 t (BASIC and BASIC+) and rice 100 t CH4 = 2800 t CO2e
    # (BASIC+ only); flat
    base = base_of(
        [
            line(0, "I.1.2", "electricity", "grid", co2=1000.0),
            line(1, "V.3", "rice_cultivation", "irrigated_continuous", ch4=100.0),
        ]
    )
    plan = plan_from_frames(base, None, to_year=2030)
    targets = read_targets(
        drivers_frame(
            [
                {
                    "name": "on_basic",
                    "kind": "bau_relative",
                    "year": "2030",
                    "reduction_pct": "30",
                    "basis": "basic",
                },
                {
                    "name": "plain",
                    "kind": "bau_relative",
                    "year": "2030",
                    "reduction_pct": "30",
                    "basis": "",
                },
            ]
        )
    )
    result = national_rollup([summary_of(plan.plan)], targets, basis="basic_plus")
    gap = result.gap.set_index(["target", "scenario", "year"])
    # the file's basis: 0.7 x 1000 = 700 on BASIC; no basis: the roll-up's, 0.7 x 3800 = 2660
    assert gap.loc[("on_basic", "bau", 2030), "basis"] == "basic"
    assert gap.loc[("on_basic", "bau", 2030), "target_value"] == pytest.approx(700.0)
    assert gap.loc[("plain", "bau", 2030), "basis"] == "basic_plus"
    assert gap.loc[("plain", "bau", 2030), "target_value"] == pytest.approx(2660.0)
