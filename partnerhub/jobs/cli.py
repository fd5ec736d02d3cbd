"""`flask worker`: an RQ worker that runs jobs inside this app's context; `flask jobs check`: the dead-job sweep."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from partnerhub.backup.service import hold_serving_lock
from partnerhub.jobs.service import fail_stale_jobs, job_queue

jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("check")
def check_command() -> None:
    """Mark running jobs whose heartbeat stopped as failed (run it every minute from cron or a systemd timer)."""
    seconds = current_app.config["JOB_STALE_AFTER_SECONDS"]
    failed = fail_stale_jobs(timedelta(seconds=seconds))
    click.echo(f"{failed} job(s) uden hjerteslag i {seconds} s er markeret som mislykkede." if failed
               else "Ingen døde jobs.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run background jobs from Redis (REDIS_URL)."""
    from redis import Redis
    from rq import Worker

    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url:
        raise click.ClickException(
            "REDIS_URL er ikke sat. Uden Redis kører jobs i selve appen, så der er ingen brug for en worker."
        )
    # A restore of the SQLite file waits for (refuses while) this worker runs: see partnerhub/backup.
    serving_lock = hold_serving_lock(current_app.config["SQLALCHEMY_DATABASE_URI"])  # noqa: F841 - held until exit
    connection = Redis.from_url(redis_url)
    Worker([job_queue(connection)], connection=connection).work(burst=burst, with_scheduler=True)


def register(app: Flask) -> None:
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)
