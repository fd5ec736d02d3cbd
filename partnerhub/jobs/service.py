"""Submitting and running background jobs; features register a handler per job kind."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from partnerhub.extensions import db
from partnerhub.jobs.models import JOB_TRANSITIONS, BackgroundJob, JobFailure, JobStatus
from partnerhub.timeutil import utcnow

if TYPE_CHECKING:
    from partnerhub.accounts.models import User

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
Handler = Callable[[BackgroundJob, Progress], dict | None]
_HANDLERS: dict[str, Handler] = {}


class JobError(Exception):
    """A refused job transition."""


def job_queue(connection: Any) -> Any:
    """The app's RQ queue; its name is config, so parallel test runs never take each other's jobs."""
    from rq import Queue

    return Queue(current_app.config["RQ_QUEUE_NAME"], connection=connection)


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Registers the function that does the work of one job kind."""

    def register(function: Handler) -> Handler:
        _HANDLERS[kind] = function
        return function

    return register


def move(job: BackgroundJob, new_status: JobStatus) -> None:
    """The one way a job's status changes; it refuses moves the workflow does not allow."""
    if new_status not in JOB_TRANSITIONS[job.status]:
        raise JobError(f"job {job.id}: {job.status} -> {new_status} is not allowed")
    job.status = new_status
    now = utcnow()
    if new_status is JobStatus.RUNNING:
        job.started_at, job.heartbeat_at = now, now
    elif new_status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        job.finished_at = now
    elif new_status is JobStatus.QUEUED:
        job.progress, job.stage, job.error, job.started_at, job.finished_at = 0.0, None, None, None, None


def submit(actor: User | None, kind: str, payload: dict | None = None) -> BackgroundJob:
    """Commits the job row first, so the worker (another process) can always find it; a scheduled job has no actor."""
    if kind not in _HANDLERS:
        raise JobError(f"unknown job kind {kind!r}")
    job = BackgroundJob(kind=kind, payload=payload or {}, created_by_id=actor.id if actor is not None else None)
    db.session.add(job)
    db.session.commit()
    dispatch(job)
    return job


def dispatch(job: BackgroundJob) -> None:
    """RQ when Redis answers; otherwise a thread here, with a warning, so a Redis outage never stops the work."""
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        try:
            from redis import Redis

            queue = job_queue(Redis.from_url(redis_url, socket_connect_timeout=2))
            queue.enqueue(run_job, job.id, job_timeout=current_app.config["JOB_TIMEOUT_SECONDS"])
            job.runner = "rq"
            db.session.commit()
            return
        except Exception as error:  # noqa: BLE001 - any Redis failure falls back to in-process
            log.warning("Redis unavailable (%s); running job %s in-process instead", error, job.id)
    job.runner = "inprocess"
    db.session.commit()
    if current_app.config.get("JOBS_RUN_SYNCHRONOUSLY"):
        run_job(job.id)
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # Flask types the proxy as Flask
    threading.Thread(target=_run_in_app, args=(app, job.id), daemon=True, name=f"job-{job.id}").start()


def _run_in_app(app: Flask, job_id: int) -> None:
    with app.app_context():
        run_job(job_id)


class Heartbeat:
    """Beats from a thread of its own while the job runs, so a long step without progress reports still looks
    alive, and a killed worker goes quiet at once (JOB_STALE_AFTER_SECONDS later it is declared dead)."""

    def __init__(self, app: Flask, job_id: int, every_seconds: float) -> None:
        self.app, self.job_id, self.every = app, job_id, every_seconds
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name=f"job-{job_id}-heartbeat")

    def __enter__(self) -> Heartbeat:
        if self.every > 0:
            self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=self.every + 5)

    def _beat(self) -> None:
        with self.app.app_context():
            while not self.stop.wait(self.every):
                try:
                    db.session.execute(
                        db.update(BackgroundJob)
                        .where(BackgroundJob.id == self.job_id, BackgroundJob.status == JobStatus.RUNNING)
                        .values(heartbeat_at=utcnow()))
                    db.session.commit()
                except SQLAlchemyError as error:  # a busy database: the next beat tries again
                    db.session.rollback()
                    log.warning("Job %s: heartbeat not written (%s)", self.job_id, error)
            db.session.remove()


def run_job(job_id: int) -> None:
    """Runs one job inside an app context; a failure is logged in full and shown to staff in plain words."""
    job = db.session.get(BackgroundJob, job_id)
    if job is None or job.status is not JobStatus.QUEUED:
        return
    move(job, JobStatus.RUNNING)
    db.session.commit()

    def report(stage: str, fraction: float) -> None:
        job.stage, job.progress, job.heartbeat_at = stage[:64], max(0.0, min(1.0, fraction)), utcnow()
        db.session.commit()

    app = current_app._get_current_object()  # type: ignore[attr-defined]  # Flask types the proxy as Flask
    try:
        with Heartbeat(app, job_id, app.config["JOB_HEARTBEAT_SECONDS"]):
            result = _HANDLERS[job.kind](job, report)
    except Exception:
        log.exception("Job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        failed = db.session.get(BackgroundJob, job_id)
        if failed is not None:  # the row is gone only if someone deleted it meanwhile: nothing left to mark
            failed.error = JobFailure.CRASHED.value
            move(failed, JobStatus.FAILED)
            db.session.commit()
        return
    job.result = result
    job.progress = 1.0
    move(job, JobStatus.SUCCEEDED)
    db.session.commit()


def fail_stale_jobs(max_silence: timedelta) -> int:
    """A job whose worker died stops sending heartbeats; marking it failed lets staff run it again."""
    cutoff = utcnow() - max_silence
    stale = db.session.scalars(
        db.select(BackgroundJob).where(BackgroundJob.status == JobStatus.RUNNING, BackgroundJob.heartbeat_at < cutoff)
    ).all()
    for job in stale:
        _declare_dead(job)
    db.session.commit()
    return len(stale)


def _declare_dead(job: BackgroundJob) -> None:
    log.error("Job %s (%s) sent no heartbeat since %s: its worker is gone; marked failed", job.id, job.kind,
              job.heartbeat_at)
    job.error = JobFailure.WORKER_LOST.value
    move(job, JobStatus.FAILED)


def record_lost_workers(kind: str, payload: dict) -> int:
    """Writes down what the pages already show (BackgroundJob.worker_lost) for the running jobs of `kind` whose
    payload holds `payload`; called by a POST that runs that work again, never by a GET. The caller commits."""
    running = db.session.scalars(
        db.select(BackgroundJob).where(BackgroundJob.kind == kind, BackgroundJob.status == JobStatus.RUNNING)).all()
    lost = [job for job in running if job.worker_lost and payload.items() <= job.payload.items()]
    for job in lost:
        _declare_dead(job)
    return len(lost)


def scheduled_submit(kind: str, every_seconds: int) -> None:
    """Runs on an RQ worker inside the app context: submits one job of `kind`, then books its own next run."""
    submit(None, kind, {"scheduled": True})
    schedule_every(kind, timedelta(seconds=every_seconds))


def schedule_every(kind: str, every: timedelta) -> None:
    """Books a job of `kind` on RQ after `every`; it re-books itself, so a worker with the scheduler keeps it going.
    Needs REDIS_URL (the CLI commands refuse without it)."""
    from redis import Redis

    queue = job_queue(Redis.from_url(current_app.config["REDIS_URL"]))
    queue.enqueue_in(every, scheduled_submit, kind, int(every.total_seconds()))


def retry(job: BackgroundJob) -> None:
    move(job, JobStatus.QUEUED)
    db.session.commit()
    dispatch(job)
