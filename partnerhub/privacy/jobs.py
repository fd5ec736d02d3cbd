"""The retention rule as a background job, and its schedule on RQ."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from partnerhub.jobs.models import BackgroundJob
from partnerhub.jobs.service import handler, job_queue
from partnerhub.privacy.service import run_retention


def register_jobs() -> None:
    """Called by create_app, so the web process and the worker both know the job."""
    handler("retention")(retention_job)


def retention_job(job: BackgroundJob, progress) -> dict:
    progress("retention", 0.1)
    report = run_retention(None, dry_run=False)
    return {"anonymised": len(report.youth), "kept": report.kept_in_effort, "audit_deleted": report.audit_events,
            "superseded_proposals_deleted": report.superseded_proposals}


def scheduled_retention(every_seconds: int) -> None:
    """Runs on an RQ worker inside the app context, then books its own next run."""
    from partnerhub.jobs.service import submit

    submit(None, "retention", {"scheduled": True})
    schedule_next(timedelta(seconds=every_seconds))


def schedule_next(every: timedelta) -> None:
    from redis import Redis

    queue = job_queue(Redis.from_url(current_app.config["REDIS_URL"]))
    queue.enqueue_in(every, scheduled_retention, int(every.total_seconds()))
