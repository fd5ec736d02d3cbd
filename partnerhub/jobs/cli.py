"""`flask worker`: an RQ worker that runs jobs inside this app's context."""

from __future__ import annotations

import click
from flask import Flask, current_app

from partnerhub.jobs.service import job_queue


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
    connection = Redis.from_url(redis_url)
    Worker([job_queue(connection)], connection=connection).work(burst=burst, with_scheduler=True)


def register(app: Flask) -> None:
    app.cli.add_command(worker_command)
