"""A background job's lasting record, so a page can show progress and a killed job shows as failed."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from partnerhub.extensions import Model, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum, label_of
from partnerhub.timeutil import utcnow


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class JobFailure(enum.StrEnum):
    """What staff are told about a failed job; the technical error goes to the log, never to a page."""

    CRASHED = "crashed"  # the work itself raised an error
    WORKER_LOST = "worker_lost"  # the worker stopped sending heartbeats (killed, restarted, out of memory)


FAILURE_MESSAGES = {
    JobFailure.CRASHED: _l("Kørslen stoppede på grund af en fejl hos os, og intet blev gemt. Prøv at køre den "
                           "igen. Sker det igen, så kontakt IT-supporten."),
    JobFailure.WORKER_LOST: _l("Kørslen stoppede uden at blive færdig, fordi den computer, der kørte den, holdt op "
                               "med at svare. Intet blev gemt. Kør den igen."),
}


class JobStage(LabelledEnum):
    """The stages a job reports (the matcher's and the retention run's); the progress page shows the words."""

    PREPARING = "preparing", _l("gør klar")
    SIMILARITY = "similarity", _l("finder de bedste match")
    PLANNING = "planning", _l("lægger planen")
    DONE = "done", _l("færdig")
    RETENTION = "retention", _l("rydder op")


# A failed job may be queued again; a finished one is final.
JOB_TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.FAILED}),
    JobStatus.RUNNING: frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED}),
    JobStatus.FAILED: frozenset({JobStatus.QUEUED}),
    JobStatus.SUCCEEDED: frozenset(),
}


class BackgroundJob(Model):
    __tablename__ = "background_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus), default=JobStatus.QUEUED, index=True)
    progress: Mapped[float] = mapped_column(default=0.0)
    stage: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON)
    runner: Mapped[str] = mapped_column(String(16), default="inprocess")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]

    @property
    def worker_lost(self) -> bool:
        """Running, but silent for JOB_STALE_AFTER_SECONDS: its worker is gone. Pages show it as failed without
        writing (a GET commits nothing); `flask jobs check` or the next run of the work records it."""
        if self.status is not JobStatus.RUNNING or self.heartbeat_at is None:
            return False
        silence = timedelta(seconds=current_app.config["JOB_STALE_AFTER_SECONDS"])
        return self.heartbeat_at < utcnow() - silence

    @property
    def shown_status(self) -> JobStatus:
        """The status a page shows: a job whose worker went silent reads as failed before the sweep records it."""
        return JobStatus.FAILED if self.worker_lost else self.status

    @property
    def is_finished(self) -> bool:
        return self.shown_status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def stage_label(self) -> str:
        return label_of(JobStage, self.stage)

    @property
    def failure_message(self) -> str:
        """The plain message for staff; an error stored before the failure codes reads as a crash."""
        if self.worker_lost:
            return str(FAILURE_MESSAGES[JobFailure.WORKER_LOST])
        failure = next((known for known in JobFailure if known.value == self.error), JobFailure.CRASHED)
        return str(FAILURE_MESSAGES[failure])
