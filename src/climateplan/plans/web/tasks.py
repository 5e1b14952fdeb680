"""Background work of the plan pages: gridded climate indices from uploaded NetCDF files.

:func:`compute_climate_job` is a Django task (django-tasks, queue ``climate``) that the
risk section's NetCDF upload enqueues once the files passed
:func:`climateplan.plans.risk.check_netcdf`. The worker (``climateplan worker``, or the
one ``climateplan serve`` starts) runs it: it claims the job (queued -> running),
computes the indices with :func:`climateplan.plans.risk.compute_gridded`, writing the
progress on the job at most once a second for the page's progress bar, keeps the rows on
the job and then adds them to the section's inputs through the plan's one write path
(:func:`climateplan.plans.web.services.write_section`, with the plan revision of that
moment). A section submitted or approved while the job ran is left as it is: the job
ends with a message saying so and keeps its rows. Whatever happens, the job never stays
"running": any error ends it as failed with the reason.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from climateplan.errors import InputError, Problem
from climateplan.plans import risk
from climateplan.plans.web.handler_risk import framework_of
from climateplan.plans.web.models import ClimateJob, PlanChange, Section
from climateplan.site.workflow import Conflict, WorkflowError

logger = logging.getLogger(__name__)

QUEUE = "climate"
PROGRESS_EVERY_S = 1.0  # the job row is written at most this often while computing
MERGE_ATTEMPTS = 3  # another write may take the plan revision between read and write
MESSAGE_MAX = 500  # ClimateJob.message_* length


def _split(message: str) -> tuple[str, str]:
    """The core's progress text "ไทย / English" as (Thai, English)."""
    th, sep, en = str(message).partition(" / ")
    return (th, en) if sep else (message, message)


def _finish(job_id: int, status: str, en: str, th: str, **fields) -> None:
    ClimateJob.objects.filter(pk=job_id).update(
        status=status,
        message_en=en[:MESSAGE_MAX],
        message_th=th[:MESSAGE_MAX],
        finished_at=timezone.now(),
        **fields,
    )


def claim(job_id: int) -> ClimateJob | None:
    """The job, marked running, if it is still queued (a cancelled or finished job is
    left alone and None returned)."""
    with transaction.atomic():
        claimed = ClimateJob.objects.filter(pk=job_id, status=ClimateJob.Status.QUEUED).update(
            status=ClimateJob.Status.RUNNING,
            started_at=timezone.now(),
            message_en="starting",
            message_th="กำลังเริ่ม",
        )
    if not claimed:
        return None
    return ClimateJob.objects.select_related("section__plan", "created_by").get(pk=job_id)


class ProgressWriter:
    """``progress(done, total, message)`` for compute_gridded: writes the job row at most
    every ``every`` seconds (and always the first and the last step)."""

    def __init__(self, job_id: int, every: float = PROGRESS_EVERY_S, clock=time.monotonic):
        self.job_id = job_id
        self.every = every
        self.clock = clock
        self.last: float | None = None
        self.writes = 0

    def __call__(self, done: int, total: int, message: str) -> None:
        now = self.clock()
        final = total > 0 and done >= total
        if self.last is not None and now - self.last < self.every and not final:
            return
        self.last = now
        th, en = _split(message)
        ClimateJob.objects.filter(pk=self.job_id).update(
            done=max(int(done), 0),
            total=max(int(total), 0),
            message_th=th[:MESSAGE_MAX],
            message_en=en[:MESSAGE_MAX],
        )
        self.writes += 1


def merge_rows(job: ClimateJob, rows: list[dict]) -> tuple[bool, str, str]:
    """Put the job's rows into the section's gridded inputs (replacing the earlier ones)
    through services.write_section; (merged, message_en, message_th)."""
    from climateplan.plans.web import services
    from climateplan.plans.web.access import plan_access_for

    user = job.created_by
    access = plan_access_for(user)
    for _attempt in range(MERGE_ATTEMPTS):
        section = Section.objects.select_related("plan").get(pk=job.section_id)
        plan = section.plan
        if not section.is_editable or not access.can_edit(section, plan):
            break
        inputs = risk.RiskInputs.from_dict(section.inputs) if section.inputs else risk.RiskInputs()
        inputs.gridded = rows
        inputs.synthetic["gridded"] = any(bool(r.get("synthetic")) for r in rows)
        try:
            services.write_section(
                access,
                user,
                section,
                expected_revision=plan.revision,
                inputs=inputs.to_dict(),
                change=PlanChange.Action.JOB,
                item=f"climate-job:{job.pk}",
                new={"rows": len(rows), "files": job.options.get("names", [])},
            )
        except Conflict:
            continue  # someone saved meanwhile: read the section again and retry
        except (WorkflowError, PermissionDenied):
            break
        except InputError as error:
            problems = "; ".join(p.format("en") for p in error.problems[:3])
            problems_th = "; ".join(p.format("th") for p in error.problems[:3])
            return (
                False,
                f"the indices were computed but the section refused them: {problems}",
                f"คำนวณดัชนีแล้วแต่ส่วนความเสี่ยงไม่รับข้อมูล: {problems_th}",
            )
        return (
            True,
            f"done: {len(rows)} index rows added to the risk profile and recomputed",
            f"เสร็จแล้ว: เพิ่มดัชนี {len(rows)} แถวในโปรไฟล์ความเสี่ยงและคำนวณใหม่แล้ว",
        )
    return (
        False,
        f"the indices were computed ({len(rows)} rows) but not added: the risk section was "
        "submitted or locked while the job ran; the rows are kept with this job",
        f"คำนวณดัชนีแล้ว ({len(rows)} แถว) แต่ไม่ได้เพิ่มในแผน: ส่วนความเสี่ยงถูกส่งตรวจหรือล็อกระหว่างการคำนวณ "
        "ข้อมูลยังเก็บไว้กับงานนี้",
    )


def run_climate_job(job_id: int, *, scheduler: str | None = None) -> str:
    """The work of :func:`compute_climate_job` (callable directly, e.g. from tests)."""
    job = claim(job_id)
    if job is None:
        return "skipped"
    try:
        section = job.section
        inputs = risk.RiskInputs.from_dict(section.inputs) if section.inputs else risk.RiskInputs()
        options = job.options or {}
        rows = risk.compute_gridded(
            [Path(p) for p in job.files],
            section.plan.province,
            framework=framework_of(inputs),
            period=inputs.period,
            scenario=options.get("scenario") or None,
            progress=ProgressWriter(job.pk),
            scheduler=scheduler if scheduler is not None else (settings.DASK_SCHEDULER or None),
        )
        ClimateJob.objects.filter(pk=job.pk).update(rows=rows)
        merged, en, th = merge_rows(job, rows)
        options = {**options, "merged": merged}
        _finish(job.pk, ClimateJob.Status.DONE, en, th, options=options)
        return "merged" if merged else "kept"
    except InputError as error:
        _finish(
            job.pk,
            ClimateJob.Status.FAILED,
            "the climate files could not be used: see the problems",
            "ใช้ไฟล์ข้อมูลภูมิอากาศไม่ได้: ดูรายการปัญหา",
            problems=[p.to_dict() for p in error.problems],
        )
        return "failed"
    except BaseException as error:  # never leave the job "running"
        logger.exception("climate job %s failed", job_id)
        _finish(
            job.pk,
            ClimateJob.Status.FAILED,
            f"the computation stopped with an error ({type(error).__name__}); ask the "
            "administrator to look at the worker's log",
            f"การคำนวณหยุดเพราะเกิดข้อผิดพลาด ({type(error).__name__}) "
            "กรุณาแจ้งผู้ดูแลระบบให้ตรวจบันทึกของ worker",
            problems=[
                Problem(
                    f"{type(error).__name__}: {error}"[:400],
                    f"{type(error).__name__}: {error}"[:400],
                ).to_dict()
            ],
        )
        raise
    finally:
        remove_files(job)


def remove_files(job: ClimateJob) -> None:
    """The job's uploaded files (its own folder ``uploads/netcdf/<job id>/``) once it ended:
    climate files are large, and the rows it produced are kept on the job."""
    for folder in {Path(p).parent for p in job.files or []}:
        if folder.name == str(job.pk):
            shutil.rmtree(folder, ignore_errors=True)


@task(queue_name=QUEUE)
def compute_climate_job(job_id: int) -> str:
    """Gridded climate indices of one ClimateJob (see the module doc)."""
    return run_climate_job(job_id)
