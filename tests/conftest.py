"""Fixtures: one app per database backend (SQLite always, PostgreSQL when reachable), clients and logins.

Under CI=true a missing PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session
from sqlalchemy.orm import scoped_session, sessionmaker

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.worker_cache import forget_everything
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = factories.PASSWORD
# `make test-fast` sets TEST_FUZZ=quick: the fuzz tests then try a fixed sample of their inputs; `make test`, CI and a
# plain pytest run try every one.
QUICK_FUZZ = os.environ.get("TEST_FUZZ", "full") == "quick"


def _postgres_problem() -> str | None:
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    return None


def require_or_skip(problem: str | None, what: str) -> None:
    """Locally a missing service skips with a clear reason; in CI it fails, so nothing is silently untested."""
    if problem is None:
        return
    message = f"{what} er ikke tilgængelig ({problem})"
    if IN_CI:
        pytest.fail(message + " – CI kræver den.", pytrace=False)
    pytest.skip(message + " – springer over.")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Connection settings for one backend; PostgreSQL gets its own schema so parallel runs never collide."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite"
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True}}
        return
    require_or_skip(_postgres_problem(), f"PostgreSQL på {POSTGRES_URL}")
    schema = f"pytest_{uuid.uuid4().hex[:10]}"
    admin_engine = sa.create_engine(POSTGRES_URL)
    with admin_engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {
            "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"options": f"-csearch_path={schema}", "application_name": schema},
            },
            "schema": schema,
        }
    finally:
        with admin_engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin_engine.dispose()


class FreshContextClient(FlaskClient):
    """Gives every request its own app context, as production does, so g and the session never leak between
    requests; afterwards the test's own session forgets what it had loaded."""

    def open(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def app(database: dict) -> Iterator[Flask]:
    settings = {key: value for key, value in database.items() if key != "schema"}
    application = create_app(TestConfig, **settings)
    application.test_client_class = FreshContextClient
    with application.app_context():
        db.create_all()  # tests only; the app itself changes the schema through migrations
    yield application
    with application.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class _ConnectionSession(Session):
    """A session on the test's one connection: Flask-SQLAlchemy's own get_bind would take a fresh pool connection,
    which cannot see the test's uncommitted rows."""

    def get_bind(self, *args: object, **kwargs: object) -> sa.Connection:  # noqa: ARG002 - one connection for all
        if threading.get_ident() != self.info["test_thread"]:
            raise RuntimeError("A thread used the database inside a rolled-back test; a connection is not shared "
                               "between threads, so mark the test @pytest.mark.committing.")
        return self.bind


@contextmanager
def _outer_transaction() -> Iterator[sa.Connection]:
    """One connection in a transaction that is rolled back at the end."""
    connection = db.engine.connect()
    # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN/SAVEPOINT/ROLLBACK itself.
    sqlite = connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
    if sqlite is not None:
        sqlite_isolation, sqlite.isolation_level = sqlite.isolation_level, None
    transaction = connection.begin()
    if sqlite is not None:
        connection.exec_driver_sql("BEGIN")
    try:
        yield connection
    finally:
        transaction.rollback()
        if sqlite is not None:
            sqlite.isolation_level = sqlite_isolation
        connection.close()


@contextmanager
def _session_on(connection: sa.Connection) -> Iterator[None]:
    """Binds db.session, in this app context and in every one a request or job pushes, to the connection; a commit
    only releases a savepoint."""
    app_session = db.session
    options = {**app_session.session_factory.kw, "class_": _ConnectionSession, "bind": connection,
               "join_transaction_mode": "create_savepoint", "info": {"test_thread": threading.get_ident()}}
    factory = sessionmaker(**options)
    db.session = scoped_session(factory, scopefunc=app_session.registry.scopefunc)
    try:
        yield
    finally:
        db.session.remove()
        db.session = app_session


@contextmanager
def _rolled_back_session(shared: sa.Connection | None = None) -> Iterator[None]:
    """The test's database work happens in a transaction rolled back at the end: its own connection's, or a savepoint
    on the module's shared connection (see module_rows)."""
    if shared is None:
        with _outer_transaction() as connection, _session_on(connection):
            yield
        return
    savepoint = shared.begin_nested()
    try:
        with _session_on(shared):
            yield
    finally:
        if savepoint.is_active:
            savepoint.rollback()


@pytest.fixture(scope="module")
def module_rows(app: Flask) -> Iterator[sa.Connection]:
    """Rows many tests of a module only read, built once: a module-scoped fixture that asks for this one writes them
    (with db.session) into a transaction held open for the module, and each test of the module then runs inside it,
    in a savepoint rolled back after the test, so nothing a test writes reaches the next. Rolled back at the end."""
    with app.app_context(), _outer_transaction() as connection, _session_on(connection):
        yield connection


@pytest.fixture(autouse=True)
def _app_context(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests that use the app run inside its context, each in a transaction rolled back afterwards.

    A test marked `committing` (other connections, threads, subprocesses, migrations) commits for real and the
    tables are emptied after it instead.
    """
    if "app" not in request.fixturenames:
        yield
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        if request.node.get_closest_marker("committing") is None:
            shared = request.getfixturevalue("module_rows") if "module_rows" in request.fixturenames else None
            try:
                with _rolled_back_session(shared):
                    yield
            finally:  # what the workers kept was built from rows that are now rolled back
                forget_everything(application)
            return
        try:
            yield
        finally:
            db.session.rollback()
            _empty_all_tables()
            db.session.remove()
            forget_everything(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def login(client: FlaskClient, email: str, password: str = PASSWORD):  # noqa: ANN201
    return client.post("/log-ind", data={"email": email, "password": password})


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[..., object]:
    """Creates a user of the role (with the company or profile it needs) and logs the client in as them."""

    def _login_as(role: Role | str, **kwargs: object):  # noqa: ANN202
        user = factories.user_for_role(Role(role), **kwargs)
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return _login_as


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001, ARG001
    """Says per backend what ran, so a CI log shows at a glance that PostgreSQL and the browser were exercised."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if "tests/browser/" in nodeid:
                group = "browser (Chromium + axe)"
            elif "[postgresql" in nodeid:
                group = "PostgreSQL"
            elif "[sqlite" in nodeid:
                group = "SQLite"
            else:
                group = "engine/other"
            counts.setdefault(group, {}).setdefault(outcome, 0)
            counts[group][outcome] += 1
    terminalreporter.section("PartnerHub: tests per backend")
    for group, outcomes in sorted(counts.items()):
        terminalreporter.write_line(f"{group}: " + ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items())))
