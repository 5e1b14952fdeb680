"""``climateplan worker`` runs the queued climate jobs of the site's database, and
``climateplan serve`` stops the worker it started."""

from __future__ import annotations

import signal
import subprocess

import pytest
from typer.testing import CliRunner

from climateplan.cli import serve
from climateplan.cli.main import app
from climateplan.plans.web.models import ClimateJob
from tests.plans.web.test_risk_jobs import (  # noqa: F401 - fixtures of the job tests
    data_dir,
    mini_plan,
    queued_job,
    rain_nc,
)


# The worker closes its database connections between tasks, as a long-running process
# must; inside a test's transaction that connection cannot close (PostgreSQL), so this
# test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_job(mini_plan, users, rain_nc):  # noqa: F811
    job = queued_job(mini_plan, users, rain_nc)
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        result = CliRunner().invoke(app, ["worker", "--batch", "--interval", "0.1"])
    finally:  # the worker installs its own signal handlers in this process
        for number, handler in kept.items():
            signal.signal(number, handler)
    assert result.exit_code == 0, result.output
    job.refresh_from_db()
    assert job.status == ClimateJob.Status.DONE and job.options["merged"] is True


class FakeProcess:
    """A worker that ignores the first SIGTERM while it finishes its task."""

    def __init__(self, stops_after: int):
        self.signals = 0
        self.stops_after = stops_after
        self.killed = False

    def poll(self):
        return 0 if self.signals >= self.stops_after or self.killed else None

    def terminate(self):
        self.signals += 1

    def kill(self):
        self.killed = True

    def wait(self, timeout=None):
        if self.poll() is None:
            raise subprocess.TimeoutExpired("worker", timeout)
        return 0


def test_serve_stops_its_worker_with_a_second_sigterm_when_it_is_busy():
    idle = FakeProcess(stops_after=1)
    serve.stop_worker(idle, echo=lambda *_: None)
    assert idle.signals == 1 and not idle.killed
    busy = FakeProcess(stops_after=2)  # the second SIGTERM stops the running task
    serve.stop_worker(busy, echo=lambda *_: None)
    assert busy.signals == 2 and not busy.killed
    stuck = FakeProcess(stops_after=99)
    serve.stop_worker(stuck, echo=lambda *_: None)
    assert stuck.killed
    serve.stop_worker(None)  # --no-worker: nothing to stop
