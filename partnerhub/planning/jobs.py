"""The follow-up escalation as a background job: unanswered first-week check-ins get a follow-up task, and overdue
tasks get one reminder mail each, on a schedule."""

from __future__ import annotations

from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob
from partnerhub.jobs.service import Progress, handler
from partnerhub.planning.services.checkins import follow_up_missing, invite_open
from partnerhub.planning.services.followup import escalate_overdue

ESCALATION_KIND = "follow-up-escalation"


def register_jobs() -> None:
    """Called by create_app, so the web process and the worker both know the job."""
    handler(ESCALATION_KIND)(escalation_job)


def escalation_job(job: BackgroundJob, progress: Progress) -> dict:
    """Commits the marks and the mails together: a crash sends nothing and marks nothing."""
    progress("escalation", 0.1)
    invite_open()
    check_ins = follow_up_missing()
    reminded = escalate_overdue()
    db.session.commit()
    return {"reminded": reminded, **({"check_ins": check_ins} if check_ins else {})}
