"""A matcher run whose worker dies: its own heartbeat thread kept it alive while it worked, so it goes quiet at
once; the scheduled `flask jobs check` marks it failed within the stale limit, and staff see a plain message and the
re-run button, never the technical error."""

from __future__ import annotations

import signal
import time

import pytest
from flask import Flask

from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob, JobStatus
from partnerhub.planning.services import rounds as service
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_round, start_worker_for_a_queued_run

# The matcher reports once, then works silently for two minutes: only the heartbeat thread shows it is alive.
WORKER = """
import json, os, sys, time
from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.jobs.service import run_job
from partnerhub.planning.services import rounds as service

def silent_plan(instance, options=None, progress=None):
    progress("similarity", 1.0)
    time.sleep(120)

service.matching.plan = silent_plan
app = create_app(TestConfig, JOB_HEARTBEAT_SECONDS=0.3, **json.loads(os.environ["SETTINGS"]))
with app.app_context():
    run_job(int(sys.argv[1]))
"""


def _job(job_id: int) -> BackgroundJob:
    db.session.expire_all()
    return db.session.get(BackgroundJob, job_id)


def _wait_for(predicate, seconds: float = 30) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.committing  # a worker subprocess reads the job row: it must really be committed
def test_a_dead_worker_is_found_by_the_scheduled_check_and_staff_can_rerun(app: Flask, client, database: dict,
                                                                          world: World, project_root) -> None:  # noqa: ANN001
    round_ = make_round(world.periods, [add_youth(world, "Ada"), add_youth(world, "Bo")])
    job, worker = start_worker_for_a_queued_run(WORKER, round_, world.staff.id, database, project_root)
    try:
        assert _wait_for(lambda: _job(job.id).stage == "similarity", seconds=120)  # a busy machine starts slowly
        reported = _job(job.id).heartbeat_at
        assert _wait_for(lambda: _job(job.id).heartbeat_at > reported, seconds=30), "no beat during a silent step"
        app.config["JOB_STALE_AFTER_SECONDS"] = 5
        time.sleep(1)
        runner = app.test_cli_runner()
        assert "Ingen døde jobs" in runner.invoke(args=["jobs", "check"]).output  # alive: it keeps beating
        assert _job(job.id).status is JobStatus.RUNNING
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    app.config["JOB_STALE_AFTER_SECONDS"] = 1  # no beat can come any more: a short limit finds it sooner
    try:  # quiet since the kill: the next check after the stale limit finds it
        assert _wait_for(lambda: "1 job(s)" in runner.invoke(args=["jobs", "check"]).output, seconds=60)
    finally:
        app.config["JOB_STALE_AFTER_SECONDS"] = 60
    assert _job(job.id).status is JobStatus.FAILED

    login(client, world.staff.email)
    page = client.get(f"/medarbejder/planlaegning/{round_.id}/koersel/{job.id}").get_data(as_text=True)
    assert "Kørslen mislykkedes" in page and "holdt op med at svare" in page
    assert "worker_lost" not in page and "Error" not in page and "Arbejder" not in page
    assert f'action="/medarbejder/planlaegning/{round_.id}/koer"' in page and "Kør matcheren igen" in page
    assert client.post(f"/medarbejder/planlaegning/{round_.id}/koer").status_code == 302
    assert _job(db.session.get(type(round_), round_.id).last_job_id).status is JobStatus.SUCCEEDED


def test_a_crashed_run_shows_a_plain_message_not_the_database_error(app: Flask, client, world: World,
                                                                     monkeypatch) -> None:  # noqa: ANN001
    from sqlalchemy.exc import IntegrityError

    def broken_plan(instance, options=None, progress=None):  # noqa: ANN001, ANN202, ARG001
        raise IntegrityError("INSERT INTO proposals (secret_column) VALUES (?)", {}, Exception("UNIQUE failed"))

    monkeypatch.setattr(service.matching, "plan", broken_plan)
    round_ = make_round(world.periods, [add_youth(world, "Ada")])
    login(client, world.staff.email)
    response = client.post(f"/medarbejder/planlaegning/{round_.id}/koer")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kørslen mislykkedes" in page and "Prøv at køre den igen" in page
    assert "INSERT" not in page and "IntegrityError" not in page and "UNIQUE" not in page
    assert "Kør matcheren igen" in page


def test_looking_at_a_silent_job_writes_nothing_and_the_rerun_records_it(app: Flask, client, world: World) -> None:  # noqa: ANN001
    """A GET commits nothing but the audit log: the page shows the silent worker's job as failed and offers the
    re-run, and the POST that runs it again (or `flask jobs check`) writes the failure down."""
    from datetime import timedelta

    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from partnerhub.jobs.models import JobFailure
    from partnerhub.timeutil import utcnow

    round_ = make_round(world.periods, [add_youth(world, "Ada")])
    job = BackgroundJob(kind=service.JOB_KIND, payload={"round_id": round_.id}, status=JobStatus.RUNNING,
                        stage="similarity", started_at=utcnow() - timedelta(minutes=20),
                        heartbeat_at=utcnow() - timedelta(minutes=10), created_by_id=world.staff.id)
    db.session.add(job)
    db.session.flush()
    round_.last_job_id = job.id
    db.session.flush()
    login(client, world.staff.email)

    flushed: list[str] = []

    def note_jobs_flushed(session: Session, context: object, instances: object) -> None:  # noqa: ARG001
        flushed.extend(f"job {row.id}" for row in (*session.new, *session.dirty, *session.deleted)
                       if isinstance(row, BackgroundJob))

    event.listen(Session, "before_flush", note_jobs_flushed)
    try:
        page = client.get(f"/medarbejder/planlaegning/{round_.id}/koersel/{job.id}").get_data(as_text=True)
        round_page = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    finally:
        event.remove(Session, "before_flush", note_jobs_flushed)
    assert flushed == []
    assert _job(job.id).status is JobStatus.RUNNING and _job(job.id).error is None
    assert "Kørslen mislykkedes" in page and "holdt op med at svare" in page and "Arbejder" not in page
    assert f'action="/medarbejder/planlaegning/{round_.id}/koer"' in page and "Kør matcheren igen" in page
    assert "Matcheren kører" not in round_page

    assert client.post(f"/medarbejder/planlaegning/{round_.id}/koer").status_code == 302
    assert _job(job.id).status is JobStatus.FAILED and _job(job.id).error == JobFailure.WORKER_LOST.value
