"""Uploaded NetCDF checked before any work, and a tiny synthetic grid through
compute_gridded (province and district rows, progress reported)."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.errors import InputError
from climateplan.plans.risk import (
    NetcdfLimits,
    check_netcdf,
    compute_gridded,
    framework_indices,
)
from climateplan.plans.risk.geo import district_codes
from climateplan.risk.index.framework import load_framework

# A 0.5-degree grid over Chiang Mai (lon 98.01-99.57, lat 17.24-20.15): cell centres
# lat 17.0..20.5 and lon 97.75..99.75, so cell edges reach 16.75-20.75 and 97.5-100.0.
LAT = np.arange(17.0, 20.51, 0.5)
LON = np.arange(97.75, 99.76, 0.5)


def hot_days(times):
    """TX 36 degC on 1-10 January of every year, 30 degC on every other day."""
    days = np.array([t.dayofyr for t in times])
    return np.where(days <= 10, 36.0, 30.0)


def test_not_netcdf_is_refused(tmp_path):
    path = tmp_path / "climate.nc"
    path.write_text("this is not a NetCDF file", encoding="utf-8")
    problems = check_netcdf(path, province="TH-50")
    assert len(problems) == 1
    assert problems[0].file == "climate.nc"
    assert "not NetCDF" in problems[0].message_en and "ไม่ใช่ NetCDF" in problems[0].message_th


def test_malformed_netcdf_problems_are_located(tmp_path, nc_file):
    path = nc_file(
        tmp_path / "bad.nc",
        lat=LAT,
        lon=LON,
        variables={"tasmax": 30.0, "tasmin": 20.0},
        units={"tasmax": "furlongs"},
    )
    problems = check_netcdf(path, province="TH-50", name="upload.nc")
    located = {(p.file, p.column) for p in problems}
    assert ("upload.nc", "pr") in located  # missing variable
    assert ("upload.nc", "tasmax") in located  # unknown units
    units = next(p for p in problems if p.column == "tasmax")
    assert "furlongs" in units.message_en and "furlongs" in units.message_th


def test_grid_must_cover_the_province(tmp_path, nc_file):
    path = nc_file(
        tmp_path / "south.nc",
        lat=np.arange(6.0, 8.1, 0.5),
        lon=LON,
        variables={"tasmax": 30.0, "tasmin": 20.0, "pr": 2.0},
    )
    problems = check_netcdf(path, province="TH-50")
    assert len(problems) == 1
    assert "does not cover the province TH-50" in problems[0].message_en
    # the same file is fine without a province to cover
    assert check_netcdf(path) == []


def test_size_and_variable_limits(tmp_path, nc_file):
    path = nc_file(
        tmp_path / "ok.nc", lat=LAT, lon=LON, variables={"tasmax": 30.0, "tasmin": 20.0, "pr": 2.0}
    )
    assert check_netcdf(path, province="TH-50") == []
    # 730 days x 8 x 5 cells x 3 variables = 87,600 values
    problems = check_netcdf(path, NetcdfLimits(max_values=80_000, max_variables=2))
    messages = " ".join(p.message_en for p in problems)
    assert "87,600 values" in messages and "3 variables" in messages
    problems = check_netcdf(path, NetcdfLimits(max_bytes=100))
    assert "limit" in problems[0].message_en


def test_tiny_grid_through_compute_gridded(tmp_path, nc_file):
    path = nc_file(
        tmp_path / "tiny.nc",
        lat=LAT,
        lon=LON,
        variables={"tasmax": hot_days, "tasmin": 20.0, "pr": 2.0},
    )
    calls = []
    rows = compute_gridded(
        [path],
        "TH-50",
        baseline="2001-2002",
        periods=[],
        indices=["txx", "tx_days_above_35"],
        progress=lambda done, total, message: calls.append((done, total, message)),
    )
    districts = district_codes("TH-50")
    # one province row and one row per district (25) for each of the two indices
    assert len(rows) == 2 * (1 + len(districts))
    assert {r["district"] for r in rows} == {"", *districts}
    for row in rows:
        # every cell has TX 36 on 10 days a year, 30 otherwise: TXx = 36 degC,
        # days above 35 = 10 per year (mean of 2001 and 2002), whatever the weights
        expected = 36.0 if row["index"] == "txx" else 10.0
        assert row["value"] == pytest.approx(expected)
        assert row["province"] == "TH-50" and row["period"] == "2001-2002"
    # progress: (0, 1) while checking, then one call per engine task, then (total, total)
    assert calls[0][:2] == (0, 1)
    total = calls[-1][1]
    assert calls[-1][:2] == (total, total)
    assert len(calls) == total  # 1 check + (total - 2) tasks + 1 end
    done = [c[0] for c in calls]
    assert done == sorted(done)
    assert all(" / " in c[2] for c in calls)  # Thai / English


def test_compute_gridded_refuses_bad_files_before_work(tmp_path, nc_file):
    path = nc_file(tmp_path / "short.nc", lat=LAT, lon=LON, variables={"tasmax": 30.0})
    calls = []
    with pytest.raises(InputError) as error:
        compute_gridded(
            [path],
            "TH-50",
            baseline="1985-2014",
            periods=[],
            indices=["txx", "rx1day"],
            progress=lambda *a: calls.append(a),
        )
    problem = error.value.problems[0]
    assert (problem.column, problem.file) == ("pr", str(path))  # rx1day needs pr
    assert len(calls) == 1  # only the "checking" step: nothing was computed


def test_framework_indices_cover_indicators_and_register():
    names = framework_indices(load_framework())
    for name in ("r95ptot", "rx5day", "cdd_from_aug", "tx_days_above_35", "rx1day", "r20mm"):
        assert name in names
    assert len(names) == len(set(names))


def test_computed_rows_feed_the_section(tmp_path, nc_file, mini_inputs):
    """compute_gridded's rows are stored as they are and read back by compute()."""
    from climateplan.plans.risk import compute

    path = nc_file(
        tmp_path / "rain.nc",
        lat=LAT,
        lon=LON,
        start=1985,
        end=2014,
        variables={"tasmax": 30.0, "tasmin": 20.0, "pr": 2.0},
    )
    rows = compute_gridded([path], "TH-50", indices=["rx5day"], periods=[])
    # 2 mm every day: the wettest 5 days hold 5 x 2 = 10 mm in every zone
    assert {round(r["value"], 9) for r in rows} == {10.0}
    mini_inputs.gridded = rows
    document = compute(mini_inputs, "TH-50")
    flood = next(h for h in document["hazards"] if h["context"] == "flood")
    # f_rain 10 mm on [0, 60] -> 10 x 10 / 60 = 1.667; f_pop 1.0; HE = (1.667 + 1) / 2 = 4/3
    assert flood["hazard_exposure"] == pytest.approx(4 / 3)
    districts = document["districts"]["indicators"][0]["rows"]
    assert len(districts) == 25 and districts[0]["score"] == pytest.approx(10 / 6)


def test_runs_on_a_distributed_scheduler_address(tmp_path, nc_file):
    """With a scheduler address, the tasks run on that dask.distributed cluster (here an
    in-process one) and give the same rows as local threads."""
    distributed = pytest.importorskip("distributed")
    path = nc_file(
        tmp_path / "tiny.nc",
        lat=LAT,
        lon=LON,
        variables={"tasmax": hot_days, "tasmin": 20.0, "pr": 2.0},
    )
    options = {"baseline": "2001-2002", "periods": [], "indices": ["tx_days_above_35"]}
    local = compute_gridded([path], "TH-50", **options)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        calls = []
        remote = compute_gridded(
            [path],
            "TH-50",
            scheduler=cluster.scheduler_address,
            progress=lambda *a: calls.append(a),
            **options,
        )
    assert remote == local
    assert calls[-1][0] == calls[-1][1]


def test_one_variable_per_file_is_checked_as_a_set(tmp_path, nc_file):
    """CMIP6 models come with one variable per file (the same source_id): together
    they are complete."""
    files = [
        nc_file(
            tmp_path / f"{v}.nc", lat=LAT, lon=LON, variables={v: value}, attrs={"source_id": "M1"}
        )
        for v, value in (("tasmax", 30.0), ("tasmin", 20.0), ("pr", 2.0))
    ]
    assert check_netcdf(files, province="TH-50", name=["a.nc", "b.nc", "c.nc"]) == []
    problems = check_netcdf(files[:2], province="TH-50", name=["a.nc", "b.nc"])
    assert [(p.file, p.column) for p in problems] == [("a.nc, b.nc", "pr")]
