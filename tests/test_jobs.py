"""Background jobs: in-process by default, RQ on Redis when configured, a fallback when Redis is down."""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta

import pytest
from flask import Flask

from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob, JobStatus
from partnerhub.jobs.service import JobError, fail_stale_jobs, handler, move, retry, submit
from partnerhub.timeutil import utcnow
from tests.conftest import require_or_skip

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
attempts: dict[str, int] = {}


@handler("test-sum")
def _sum(job: BackgroundJob, progress) -> dict:  # noqa: ANN001
    numbers = job.payload["numbers"]
    total = 0
    for index, number in enumerate(numbers, start=1):
        total += number
        progress("summing", index / len(numbers))
    return {"total": total}


@handler("test-flaky")
def _flaky(job: BackgroundJob, progress) -> dict:  # noqa: ANN001
    attempts[job.payload["key"]] = attempts.get(job.payload["key"], 0) + 1
    if attempts[job.payload["key"]] == 1:
        raise RuntimeError("first attempt fails")
    return {"attempt": attempts[job.payload["key"]]}


def test_in_process_job_runs_and_records_its_result(app: Flask) -> None:
    job = submit(None, "test-sum", {"numbers": [1, 2, 3, 4]})
    db.session.refresh(job)
    assert job.status is JobStatus.SUCCEEDED and job.result == {"total": 10}
    assert job.progress == 1.0 and job.runner == "inprocess" and job.finished_at is not None


def test_failed_job_logs_the_error_shows_a_plain_message_and_can_run_again(
        app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="partnerhub.jobs.service"):
        job = submit(None, "test-flaky", {"key": f"k{time.time_ns()}"})
    db.session.refresh(job)
    assert job.status is JobStatus.FAILED and "first attempt fails" in caplog.text
    assert job.error == "crashed" and "first attempt fails" not in job.failure_message
    assert "Prøv at køre den igen" in job.failure_message
    retry(job)
    db.session.refresh(job)
    assert job.status is JobStatus.SUCCEEDED and job.result == {"attempt": 2} and job.error is None


@pytest.mark.committing  # the job runs in a thread, on its own connection
def test_threaded_in_process_job_does_not_block_the_caller(app: Flask) -> None:
    app.config["JOBS_RUN_SYNCHRONOUSLY"] = False
    try:
        job = submit(None, "test-sum", {"numbers": list(range(50))})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            db.session.expire_all()
            if db.session.get(BackgroundJob, job.id).is_finished:
                break
            time.sleep(0.05)
    finally:
        app.config["JOBS_RUN_SYNCHRONOUSLY"] = True
    job = db.session.get(BackgroundJob, job.id)
    assert job.status is JobStatus.SUCCEEDED and job.result == {"total": sum(range(50))}


def test_unknown_kind_and_illegal_moves_are_refused(app: Flask) -> None:
    with pytest.raises(JobError):
        submit(None, "no-such-job")
    job = submit(None, "test-sum", {"numbers": [1]})
    with pytest.raises(JobError):
        move(job, JobStatus.RUNNING)


def test_a_silent_running_job_is_marked_failed(app: Flask) -> None:
    job = BackgroundJob(kind="test-sum", payload={"numbers": [1]}, status=JobStatus.RUNNING,
                        heartbeat_at=utcnow() - timedelta(minutes=10))
    db.session.add(job)
    db.session.commit()
    assert fail_stale_jobs(timedelta(minutes=5)) == 1
    assert db.session.get(BackgroundJob, job.id).status is JobStatus.FAILED


def test_redis_down_falls_back_to_in_process_with_a_warning(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        with caplog.at_level(logging.WARNING, logger="partnerhub.jobs.service"):
            job = submit(None, "test-sum", {"numbers": [5, 5]})
    finally:
        app.config["REDIS_URL"] = None
    db.session.refresh(job)
    assert job.status is JobStatus.SUCCEEDED and job.runner == "inprocess"
    assert "Redis unavailable" in caplog.text


def _redis_problem() -> str | None:
    from redis import Redis

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        return str(error)[:200]
    return None


def test_with_redis_the_job_goes_through_rq_and_a_worker_runs_it(app: Flask) -> None:
    require_or_skip(_redis_problem(), f"Redis på {REDIS_URL}")
    from redis import Redis
    from rq import SimpleWorker

    from partnerhub.jobs.service import job_queue

    connection = Redis.from_url(REDIS_URL)
    queue = job_queue(connection)
    queue.empty()
    app.config["REDIS_URL"] = REDIS_URL
    try:
        job = submit(None, "test-sum", {"numbers": [2, 3]})
        db.session.refresh(job)
        assert job.runner == "rq" and job.status is JobStatus.QUEUED
        SimpleWorker([queue], connection=connection).work(burst=True)
    finally:
        app.config["REDIS_URL"] = None
        queue.empty()
    db.session.expire_all()
    job = db.session.get(BackgroundJob, job.id)
    assert job.status is JobStatus.SUCCEEDED and job.result == {"total": 5}
