"""A matcher run whose worker is killed mid-run: the round shows it failed, can be run again, and no
half-written proposals remain."""

from __future__ import annotations

import signal
import time

import pytest
from flask import Flask

from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob, JobStatus
from partnerhub.planning.models import Proposal
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_round, start_worker_for_a_queued_run

# The worker is another process on its own connection, so the rows must really be committed.
pytestmark = pytest.mark.committing

WORKER = """
import json, os, sys, time
from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.jobs.service import run_job
from partnerhub.planning.services import rounds

def slow_plan(instance, options=None, progress=None):
    progress("similarity", 0.5)
    time.sleep(120)  # killed long before this returns

rounds.matching.plan = slow_plan
settings = json.loads(os.environ["SETTINGS"])
app = create_app(TestConfig, **settings)
with app.app_context():
    run_job(int(sys.argv[1]))
"""


def _wait_for(predicate, seconds: float = 30) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_killed_matcher_run_fails_cleanly_and_can_be_rerun(app: Flask, client, database: dict, world: World,
                                                          project_root) -> None:  # noqa: ANN001
    round_ = make_round(world.periods, [add_youth(world, "Ada"), add_youth(world, "Bo")])
    # The worker is the separate process that gets killed.
    job, worker = start_worker_for_a_queued_run(WORKER, round_, world.staff.id, database, project_root)
    try:
        assert _wait_for(lambda: db.session.get(BackgroundJob, job.id).stage == "similarity")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

    assert db.session.get(BackgroundJob, job.id).status is JobStatus.RUNNING
    assert db.session.scalar(db.select(db.func.count(Proposal.id)).where(Proposal.round_id == round_.id)) == 0

    app.config["JOB_STALE_AFTER_SECONDS"] = 0
    try:
        login(client, world.staff.email)
        page = client.get(f"/medarbejder/planlaegning/{round_.id}/koersel/{job.id}").get_data(as_text=True)
        assert "mislykkedes" in page
        # Looking writes nothing (a GET commits only the audit log); running it again records the failure.
        assert db.session.get(BackgroundJob, job.id).status is JobStatus.RUNNING
        response = client.post(f"/medarbejder/planlaegning/{round_.id}/koer")
    finally:
        app.config["JOB_STALE_AFTER_SECONDS"] = 900
    assert db.session.get(BackgroundJob, job.id).status is JobStatus.FAILED

    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Proposal.id)).where(Proposal.round_id == round_.id)) == 2
