"""The app under faults: a dropped database connection and an unreachable Redis."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sqlalchemy as sa
from flask import Flask

from partnerhub.extensions import db
from tests import factories
from tests.conftest import login


@pytest.mark.committing  # kills every connection of the run, the test's own included
def test_app_recovers_after_the_database_drops_every_connection(app: Flask, client, database: dict) -> None:
    """What a PostgreSQL restart looks like to the app: every pooled connection dies at once."""
    if not database["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("connection termination is a PostgreSQL scenario")
    user = factories.UserFactory()
    login(client, user.email)
    assert client.get("/medarbejder").status_code == 200
    admin = sa.create_engine(database["SQLALCHEMY_DATABASE_URI"])
    with admin.begin() as connection:
        killed = connection.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND application_name = :name"
        ), {"name": database["schema"]}).scalar()
    admin.dispose()
    assert killed >= 1
    db.session().invalidate()  # the test's own session held one of the killed connections
    for _ in range(3):
        assert client.get("/medarbejder").status_code == 200
    assert client.get("/sundhed").get_json() == {"status": "ok"}


REDIS_DOWN_SCRIPT = """
import logging, io, json
from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db
from tests import factories
from tests.conftest import login
log = io.StringIO()
logging.basicConfig(stream=log, level=logging.WARNING)
app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
                 LOGIN_RATE_LIMIT_PER_ACCOUNT="3 per minute")
with app.app_context():
    db.create_all()
    email = factories.UserFactory().email
    client = app.test_client()
    statuses = [login(client, email, "forkert-forkert-1").status_code for _ in range(4)]
    page = client.get("/").status_code
print(json.dumps({"statuses": statuses, "page": page, "log": log.getvalue()}))
"""


def test_redis_down_keeps_the_app_serving_with_memory_rate_limits(project_root) -> None:
    """Its own process, because Flask-Limiter's storage is global to the extension."""
    result = subprocess.run(  # noqa: S603 - fixed script
        [sys.executable, "-c", REDIS_DOWN_SCRIPT], cwd=project_root, capture_output=True, text=True, timeout=120,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == [200, 200, 200, 429]
    assert outcome["page"] == 200
    assert "Rate limit storage unreachable - falling back to in-memory storage" in outcome["log"]
