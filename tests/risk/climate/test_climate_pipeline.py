"""The output contract, scenarios and ensembles, and the command line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from climateplan.risk.climate import OUTPUT_COLUMNS, compute_province_indices, parameter
from climateplan.risk.climate.synthetic import SyntheticClimateSettings, generate_synthetic_climate


def constant_member(grid_file, path, tx, start, end, model, scenario, pr=2.0):
    return grid_file(
        path,
        {"tasmax": tx, "tasmin": tx - 8.0, "pr": pr},
        start,
        end,
        attrs={"source_id": model, "experiment_id": scenario},
    )


def test_output_contract_and_change_by_hand(tmp_path, grid_file):
    # CMIP layout: historical 2001-2002 and ssp585 2003-2006 per model, split files.
    files = []
    for model, bias in (("A", 0.0), ("B", 1.0), ("C", 3.0)):
        files.append(
            constant_member(
                grid_file, tmp_path / f"{model}_h.nc", 30 + bias, 2001, 2002, model, "historical"
            )
        )
        files.append(
            constant_member(
                grid_file, tmp_path / f"{model}_s.nc", 32 + bias, 2003, 2006, model, "ssp585"
            )
        )
    table = compute_province_indices(
        files,
        "2001-2002,2003-2004,2005-2006",
        "2001-2002",
        indices=["txx", "tx_days_above_32.5", "prcptot"],
        scheduler="synchronous",
    )
    assert list(table.columns) == OUTPUT_COLUMNS
    assert set(table["province"]) == {f"TH-{c}" for c in table["province"].str[3:]}
    assert table["province"].nunique() == 77
    assert len(table) == 77 * 3 * 3  # provinces x indices x (baseline + two future periods)
    base = table[table["period"] == "2001-2002"]
    assert set(base["scenario"]) == {"historical"}
    assert set(table.loc[table["period"] != "2001-2002", "scenario"]) == {"ssp585"}
    txx = table[table["index"] == "txx"].set_index(["province", "period"])
    # Baseline TXx per model 30, 31, 33 -> median 31; future 32, 33, 35 -> median 33.
    # change = 33 - 31 = 2 degC; spread (3 models < 5): min/max 32 and 35.
    # change_pct is NaN for degC (a ratio of Celsius temperatures means nothing).
    row = txx.loc[("TH-50", "2005-2006")]
    assert row["value"] == pytest.approx(33.0) and row["baseline"] == pytest.approx(31.0)
    assert row["change"] == pytest.approx(2.0) and np.isnan(row["change_pct"])
    assert row["spread_low"] == pytest.approx(32.0) and row["spread_high"] == pytest.approx(35.0)
    assert row["n_models"] == 3 and row["unit"] == "degC"
    hot = table[table["index"] == "tx_days_above_32p5"].set_index(["province", "period"])
    # TX > 32.5: baseline models 30, 31, 33 -> 0, 0, 365 days -> median 0;
    # future 32, 33, 35 -> 0, 365 (2005) / 365 (2006), 365 -> median 365 days.
    # change_pct with a baseline of 0 is NaN.
    row = hot.loc[("TH-10", "2005-2006")]
    assert row["baseline"] == 0 and row["value"] == pytest.approx(365.0)
    assert np.isnan(row["change_pct"])
    wet = table[table["index"] == "prcptot"].set_index(["province", "period"])
    # 2 mm every day: 2003-2004 has a leap year: (365 x 2 + 366 x 2) / 2 = 731 mm/yr;
    # baseline 2001-2002: 730 mm/yr. change_pct = 100 x 1 / 730.
    row = wet.loc[("TH-90", "2003-2004")]
    assert row["value"] == pytest.approx(731.0) and row["baseline"] == pytest.approx(730.0)
    assert row["change_pct"] == pytest.approx(100 / 730)


def test_spread_uses_percentiles_from_five_models(tmp_path, grid_file):
    assert parameter("ensemble_min_members_for_percentiles") == 5
    files = [
        constant_member(
            grid_file, tmp_path / f"m{i}.nc", 30.0 + i, 2001, 2002, f"M{i}", "historical"
        )
        for i in range(5)
    ]
    table = compute_province_indices(
        files, "2001-2002", "2001-2002", indices=["txx"], scheduler="synchronous"
    )
    # Values 30..34: median 32; numpy linear percentiles: 10th = 30 + 0.4 x 1 = 30.4,
    # 90th = 33 + 0.6 x 1 = 33.6.
    np.testing.assert_allclose(table["value"], 32.0, atol=1e-5)
    np.testing.assert_allclose(table["spread_low"], 30.4, atol=1e-5)
    np.testing.assert_allclose(table["spread_high"], 33.6, atol=1e-5)


def test_district_zones_add_a_district_column(tmp_path, grid_file):
    path = constant_member(grid_file, tmp_path / "d.nc", 31.0, 2001, 2001, "D", "historical")
    table = compute_province_indices(
        [path], "2001-2001", "2001-2001", indices=["txx"], zones="district", scheduler="synchronous"
    )
    assert list(table.columns) == ["province", "district", *OUTPUT_COLUMNS[1:]]
    assert table["district"].nunique() == 928
    assert (table["district"].str[:5] == table["province"]).all()


def test_synthetic_pipeline_threads_and_sync_agree(synthetic_small):
    kwargs = dict(
        periods="1990-1992,1993-1995",
        baseline="1990-1992",
        indices=["txx", "cdd", "rx5day", "tx90p"],
    )
    threads = compute_province_indices(synthetic_small, **kwargs)
    sync = compute_province_indices(
        synthetic_small, scheduler="synchronous", block_memory_mb=5, **kwargs
    )
    pd.testing.assert_frame_equal(threads, sync)
    assert threads["value"].notna().all()


def test_cli_synth_and_indices_and_bad_input(tmp_path):
    from climateplan.cli.main import app

    runner = CliRunner()
    out = tmp_path / "grid"
    result = runner.invoke(
        app,
        [
            "risk",
            "synth-climate",
            "--out",
            str(out),
            "--start",
            "2001",
            "--end",
            "2003",
            "--resolution",
            "1.0",
            "--models",
            "1",
            "--seed",
            "2",
            "--variables",
            "tasmax,tasmin,pr",
        ],
    )
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.nc"))
    assert len(files) == 1
    target = tmp_path / "indices.csv"
    result = runner.invoke(
        app,
        [
            "risk",
            "indices",
            str(files[0]),
            "--periods",
            "2001-2002,2003-2003",
            "--baseline",
            "2001-2002",
            "--indices",
            "txx,cdd",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(target)
    assert list(table.columns) == OUTPUT_COLUMNS and len(table) == 77 * 2 * 2
    # Bad input: a period outside the data and an unknown index: exit 1, nothing written.
    bad_target = tmp_path / "bad.csv"
    result = runner.invoke(
        app,
        [
            "risk",
            "indices",
            str(files[0]),
            "--periods",
            "2001-2009",
            "--baseline",
            "2001-2009",
            "--indices",
            "txx,nonsense",
            "-o",
            str(bad_target),
        ],
    )
    assert result.exit_code == 1
    assert not bad_target.exists()
    assert "nonsense" in result.output
    # Output, option and input problems come together in one report.
    result = runner.invoke(
        app,
        [
            "risk",
            "indices",
            str(files[0]),
            "--periods",
            "2001-2002,20x3",
            "--baseline",
            "2001-2002",
            "--indices",
            "txx,nonsense",
            "--zones",
            "county",
            "-o",
            str(tmp_path / "out.txt"),
        ],
    )
    assert result.exit_code == 1
    for text in ("nonsense", "20x3", "--zones", ".txt", "4 problem(s)"):
        assert text in result.output, text
    assert not (tmp_path / "out.txt").exists()
    for help_args in (["risk", "indices", "--help"], ["risk", "synth-climate", "--help"]):
        result = runner.invoke(app, help_args)
        assert result.exit_code == 0
        assert "ดัชนี" in result.output or "ข้อมูล" in result.output


def test_synthetic_generator_is_seeded_and_cf_compliant(tmp_path):
    import xarray as xr

    settings = SyntheticClimateSettings(
        start_year=2001,
        end_year=2001,
        resolution=2.0,
        models=1,
        seed=5,
        calendar="360_day",
        variables=("tasmax", "pr"),
    )
    (a,) = generate_synthetic_climate(tmp_path / "a", settings)
    (b,) = generate_synthetic_climate(tmp_path / "b", settings)
    with xr.open_dataset(a, decode_times=False) as da, xr.open_dataset(b, decode_times=False) as db:
        np.testing.assert_array_equal(da.tasmax.values, db.tasmax.values)
        assert (
            da.tasmax.attrs["units"] == "K"
            and da.tasmax.attrs["standard_name"] == "air_temperature"
        )
        assert da.pr.attrs["units"] == "kg m-2 s-1"
        assert da.pr.attrs["standard_name"] == "precipitation_flux"
        assert da.time.attrs["calendar"] == "360_day" and da.sizes["time"] == 360
        assert da.attrs["Conventions"] == "CF-1.8"


def test_synthetic_climate_has_monsoon_seasons_and_trends(synthetic_small):
    import xarray as xr

    with xr.open_dataset(synthetic_small[0]) as ds:
        pr = ds.pr * 86400
        north = pr.sel(lat=18.5, lon=99.5, method="nearest")
        monthly = north.groupby("time.month").mean()
        wet = float(monthly.sel(month=[6, 7, 8, 9]).mean())
        dry = float(monthly.sel(month=[12, 1, 2]).mean())
        assert wet > 4 * dry  # wet season May-October, dry season November-April
        south_east = pr.sel(lat=7.5, lon=100.5, method="nearest").groupby("time.month").mean()
        assert int(np.argmax(south_east.values)) + 1 in (10, 11, 12)  # north-east monsoon rains
        tx = ds.tasmax - 273.15
        north_tx = tx.sel(lat=18.5, lon=99.5, method="nearest").groupby("time.month").mean()
        assert int(np.argmax(north_tx.values)) + 1 in (3, 4, 5)  # hottest before the monsoon


def test_distributed_client_gives_the_same_table(synthetic_small):
    from distributed import Client

    kwargs = dict(periods="1990-1992,1993-1995", baseline="1990-1992", indices=["txx", "cdd"])
    local = compute_province_indices(synthetic_small, scheduler="synchronous", **kwargs)
    seen = []
    with Client(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as client:
        remote = compute_province_indices(
            synthetic_small,
            scheduler=client,
            progress=lambda done, total: seen.append((done, total)),
            **kwargs,
        )
    pd.testing.assert_frame_equal(local, remote)
    assert seen and seen[-1][0] == seen[-1][1]
