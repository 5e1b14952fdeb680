"""NetCDF uploads of the risk section and the background job: files checked before
anything is queued, a tiny grid computed through the task (progress recorded, rows
added to the section), a section locked meanwhile left unchanged, the status endpoint
scoped, a queued job cancelled, and no job left "running" after an error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from climateplan.plans.risk import RiskInputs
from climateplan.plans.web import services, tasks
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import ClimateJob, Plan, PlanState, Section, SectionState
from tests.plans.risk.conftest import write_nc

MINI = Path(__file__).parents[1] / "risk" / "data" / "mini_framework.yaml"
# A 0.5-degree grid over Chiang Mai (lon 98.01-99.57, lat 17.24-20.15): cell edges reach
# 16.75-20.75 and 97.5-100.0, so the province and its 25 districts are covered.
LAT = np.arange(17.0, 20.51, 0.5)
LON = np.arange(97.75, 99.76, 0.5)


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(name, plan, *args) -> str:
    return reverse(f"plans:{name}", args=[plan.pk, *args])


def risk_of(plan) -> Section:
    return Section.objects.get(plan=plan, kind="risk")


def revision(plan) -> int:
    return Plan.objects.get(pk=plan.pk).revision


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def mini_plan(plan, users):
    """The plan's risk section on the mini framework (one gridded indicator: rx5day
    1985-2014), with its table indicators filled in."""
    inputs = RiskInputs(
        framework_yaml=MINI.read_text(encoding="utf-8"),
        framework_name="mini_framework.yaml",
        indicators=[
            {
                "province": "TH-50",
                "indicator": name,
                "value": value,
                "year": "2022",
                "source": "test",
                "synthetic": False,
            }
            for name, value in (("f_pop", 12.0), ("h_days", 45.0), ("poverty", 15.0), ("beds", 2.0))
        ],
    )
    services.write_section(
        plan_access_for(users["editor"]),
        users["editor"],
        risk_of(plan),
        expected_revision=revision(plan),
        inputs=inputs.to_dict(),
    )
    return plan


@pytest.fixture(scope="module")
def rain_nc(tmp_path_factory) -> bytes:
    """Daily tasmax, tasmin and pr over Chiang Mai, 1985-2014; pr 2 mm every day, so the
    wettest 5 days of every year hold 5 x 2 = 10 mm (rx5day = 10 mm everywhere)."""
    path = write_nc(
        tmp_path_factory.mktemp("nc") / "cm.nc",
        lat=LAT,
        lon=LON,
        start=1985,
        end=2014,
        variables={"tasmax": 32.0, "tasmin": 22.0, "pr": 2.0},
    )
    return path.read_bytes()


def upload(plan, user, *files, scenario=""):
    return client_for(user).post(
        url("risk_netcdf_upload", plan),
        {"revision": revision(plan), "scenario": scenario, "files": list(files)},
    )


def nc(name, data):
    return SimpleUploadedFile(name, data, content_type="application/x-netcdf")


# --------------------------------------------------------------------------- checks first


def test_a_malformed_netcdf_is_refused_before_anything_is_queued(mini_plan, users, data_dir):
    response = upload(mini_plan, users["editor"], nc("rain.nc", b"CDF\x01 but nothing after"))
    assert response.status_code == 400
    problems = response.context["problems"]
    assert problems and all(p.file == "rain.nc" for p in problems)
    assert "ยังไม่มีการบันทึกใด ๆ" in response.content.decode("utf-8")
    assert not ClimateJob.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not any((data_dir / "uploads" / "netcdf").iterdir())  # the staged file is gone


def test_missing_variables_are_located_by_file_and_variable(mini_plan, users, tmp_path):
    path = write_nc(tmp_path / "t.nc", lat=LAT, lon=LON, variables={"tasmax": 30.0})
    response = upload(mini_plan, users["editor"], nc("only_tasmax.nc", path.read_bytes()))
    assert response.status_code == 400
    located = {(p.file, p.column) for p in response.context["problems"]}
    assert ("only_tasmax.nc", "pr") in located and ("only_tasmax.nc", "tasmin") in located
    assert not ClimateJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(mini_plan, users, settings, rain_nc):
    settings.NETCDF_MAX_BYTES = 1024
    response = upload(mini_plan, users["editor"], nc("big.nc", rain_nc))
    assert response.status_code == 400
    problem = response.context["problems"][0]
    assert problem.file == "big.nc" and "CLIMATEPLAN_NETCDF_MAX_MB" in problem.message_en
    assert not ClimateJob.objects.exists()


def test_only_the_provinces_editor_uploads(mini_plan, users, rain_nc):
    assert upload(mini_plan, users["viewer"], nc("a.nc", rain_nc)).status_code == 403
    assert upload(mini_plan, users["other_editor"], nc("a.nc", rain_nc)).status_code == 404
    assert not ClimateJob.objects.exists()


# --------------------------------------------------------------------------- the job


def queued_job(plan, users, rain_nc) -> ClimateJob:
    response = upload(plan, users["editor"], nc("../../etc/cm rain.nc", rain_nc))
    assert response.status_code == 302
    job = ClimateJob.objects.get()
    assert job.status == ClimateJob.Status.QUEUED
    return job


def test_the_job_is_queued_with_safe_file_names(mini_plan, users, rain_nc, data_dir):
    job = queued_job(mini_plan, users, rain_nc)
    assert job.files == [str(data_dir / "uploads" / "netcdf" / str(job.pk) / "01.nc")]
    assert Path(job.files[0]).read_bytes() == rain_nc
    assert job.options["names"] == ["cm rain.nc"]  # the name as shown, never a path
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.queue_name == "climate" and task.args_kwargs["args"] == [job.pk]


def test_the_task_computes_records_progress_and_adds_the_rows(mini_plan, users, rain_nc):
    job = queued_job(mini_plan, users, rain_nc)
    before = revision(mini_plan)
    assert tasks.compute_climate_job.call(job.pk) == "merged"
    job.refresh_from_db()
    assert job.status == ClimateJob.Status.DONE and job.options["merged"] is True
    assert job.total > 0 and job.done == job.total and job.percent == 100
    assert job.started_at and job.finished_at
    assert "added" in job.message_en and "เพิ่ม" in job.message_th
    section = risk_of(mini_plan)
    assert revision(mini_plan) == before + 1  # one write through the plan's write path
    grid = RiskInputs.from_dict(section.inputs).gridded
    assert grid == job.rows
    province = [r for r in grid if r["district"] == "" and r["index"] == "rx5day"]
    # rx5day: pr 2 mm/day on every day -> 5 x 2 = 10 mm in every year, cell and zone
    assert province[0]["value"] == pytest.approx(10.0)
    assert len({r["district"] for r in grid if r["district"]}) == 25
    document = section.result
    f_rain = next(i for i in document["indicators"] if i["indicator"] == "f_rain")
    # docs/risk/index.md section 1: 10 mm on [0, 60] -> 10 x 10 / 60 = 1.667
    assert f_rain["score"] == pytest.approx(10 * 10 / 60)
    assert document["districts"]["indicators"][0]["indicator"] == "f_rain"
    assert not Path(job.files[0]).parent.exists()  # the uploaded files are removed


def test_a_job_ending_after_submission_leaves_the_locked_section_alone(mini_plan, users, rain_nc):
    job = queued_job(mini_plan, users, rain_nc)
    # the plan is submitted while the job waits (the workflow's own path is tested elsewhere)
    Plan.objects.filter(pk=mini_plan.pk).update(state=PlanState.SUBMITTED)
    Section.objects.filter(plan=mini_plan).update(state=SectionState.SUBMITTED)
    inputs_before = risk_of(mini_plan).inputs
    before = revision(mini_plan)
    assert tasks.run_climate_job(job.pk) == "kept"
    job.refresh_from_db()
    assert job.status == ClimateJob.Status.DONE and job.options["merged"] is False
    assert "locked" in job.message_en and "ล็อก" in job.message_th
    assert job.rows  # kept with the job
    assert risk_of(mini_plan).inputs == inputs_before
    assert revision(mini_plan) == before


def test_a_queued_job_is_cancelled(mini_plan, users, rain_nc):
    job = queued_job(mini_plan, users, rain_nc)
    response = client_for(users["editor"]).post(url("risk_job_cancel", mini_plan), {"job": job.pk})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ClimateJob.Status.CANCELLED
    assert not DBTaskResult.objects.filter(id=job.task_id).exists()
    assert tasks.run_climate_job(job.pk) == "skipped"  # a worker that got it anyway


def test_an_error_never_leaves_the_job_running(mini_plan, users, rain_nc, monkeypatch):
    job = queued_job(mini_plan, users, rain_nc)

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(tasks.risk, "compute_gridded", broken)
    with pytest.raises(MemoryError):
        tasks.run_climate_job(job.pk)
    job.refresh_from_db()
    assert job.status == ClimateJob.Status.FAILED and job.finished_at is not None
    assert "MemoryError" in job.message_en and "MemoryError" in job.message_th


def test_progress_is_written_at_most_once_a_second(mini_plan, users, rain_nc):
    job = queued_job(mini_plan, users, rain_nc)
    times = iter([0.0, 0.4, 0.9, 1.2, 1.5, 1.6])
    writer = tasks.ProgressWriter(job.pk, clock=lambda: next(times))
    writer(0, 10, "ตรวจสอบ / checking")  # t=0.0: first, written
    writer(1, 10, "งาน 1 / task 1")  # t=0.4: skipped
    writer(2, 10, "งาน 2 / task 2")  # t=0.9: skipped
    writer(3, 10, "งาน 3 / task 3")  # t=1.2: 1.2 s after the last write, written
    writer(4, 10, "งาน 4 / task 4")  # t=1.5: skipped
    writer(10, 10, "เสร็จสิ้น / done")  # t=1.6: the last step is always written
    assert writer.writes == 3
    job.refresh_from_db()
    assert (job.done, job.total) == (10, 10)
    assert (job.message_th, job.message_en) == ("เสร็จสิ้น", "done")


# --------------------------------------------------------------------------- status


def test_the_status_endpoint_is_scoped(mini_plan, users, rain_nc):
    job = queued_job(mini_plan, users, rain_nc)
    ClimateJob.objects.filter(pk=job.pk).update(
        status=ClimateJob.Status.RUNNING,
        done=3,
        total=12,
        message_en="computing",
        message_th="คำนวณ",
    )
    status = url("risk_job_status", mini_plan, job.pk)
    response = client_for(users["viewer"]).get(status)
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert 'value="3"' in body and 'max="12"' in body and "25 %" in body
    assert 'hx-trigger="every 2s"' in body
    for who in ("other_viewer", "other_editor", "no_role"):
        assert client_for(users[who]).get(status).status_code == 404
    assert client_for(None).get(status).status_code == 404
    # a job of another plan is not reachable through this plan's address
    assert (
        client_for(users["viewer"]).get(url("risk_job_status", mini_plan, job.pk + 1)).status_code
        == 404
    )


def test_a_finished_job_tells_the_watching_page_to_reload(mini_plan, users, rain_nc):
    job = queued_job(mini_plan, users, rain_nc)
    ClimateJob.objects.filter(pk=job.pk).update(status=ClimateJob.Status.FAILED)
    response = client_for(users["editor"]).get(
        url("risk_job_status", mini_plan, job.pk), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode("utf-8")
