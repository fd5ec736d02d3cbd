"""With REDIS_URL set, the matcher run goes through RQ and a worker (as `flask worker` starts it) runs it."""

from __future__ import annotations

from flask import Flask

from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob, JobStatus
from partnerhub.planning.models import Proposal, RoundStatus
from partnerhub.planning.services import rounds
from tests.conftest import require_or_skip
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_round
from tests.test_jobs import REDIS_URL, _redis_problem


def test_with_redis_the_matcher_run_goes_through_rq(app: Flask, world: World) -> None:
    require_or_skip(_redis_problem(), f"Redis på {REDIS_URL}")
    from redis import Redis
    from rq import SimpleWorker

    from partnerhub.jobs.service import job_queue

    connection = Redis.from_url(REDIS_URL)
    queue = job_queue(connection)
    queue.empty()
    profile = add_youth(world, "Ada")
    round_ = make_round(world.periods, [profile])
    app.config["REDIS_URL"] = REDIS_URL
    try:
        job = rounds.start_run(world.staff, round_)
        db.session.commit()
        db.session.refresh(job)
        assert job.runner == "rq" and job.status is JobStatus.QUEUED  # the request did not run the matcher
        assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0
        SimpleWorker([queue], connection=connection).work(burst=True)
    finally:
        app.config["REDIS_URL"] = None
        queue.empty()
    db.session.expire_all()
    job = db.session.get(BackgroundJob, job.id)
    assert job.status is JobStatus.SUCCEEDED, job.error
    assert job.result["proposals"] == 1
    assert db.session.get(type(round_), round_.id).status is RoundStatus.PROPOSED
