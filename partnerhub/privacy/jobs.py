"""The retention rule as a background job, and its schedule on RQ."""

from __future__ import annotations

from datetime import timedelta

from partnerhub.jobs.models import BackgroundJob
from partnerhub.jobs.service import handler, schedule_every, scheduled_submit
from partnerhub.privacy.service import run_retention


def register_jobs() -> None:
    """Called by create_app, so the web process and the worker both know the job."""
    handler("retention")(retention_job)


def retention_job(job: BackgroundJob, progress) -> dict:
    progress("retention", 0.1)
    report = run_retention(None, dry_run=False)
    return {"anonymised": len(report.youth), "kept": report.kept_in_effort, "audit_deleted": report.audit_events,
            "superseded_proposals_deleted": report.superseded_proposals, "pupils_deleted": report.pupils}


def scheduled_retention(every_seconds: int) -> None:
    """Kept for runs booked before the schedule moved to jobs.service: it hands over to the shared schedule."""
    scheduled_submit("retention", every_seconds)


def schedule_next(every: timedelta) -> None:
    schedule_every("retention", every)
