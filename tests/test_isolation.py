"""The suite's own isolation (tests/conftest.py): a test's commits stay in its rolled-back transaction unless the test
is marked `committing`, and a thread cannot silently share the test's connection."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from partnerhub.accounts.models import User
from partnerhub.extensions import db
from tests import factories


def _users_seen_by_another_connection() -> int:
    with db.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(User.__table__)).scalar_one()


def test_a_commit_inside_a_test_is_only_a_savepoint(app: Flask, client) -> None:
    user = factories.UserFactory()  # the factory commits
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
    assert client.post("/log-ind", data={"email": user.email, "password": factories.PASSWORD}).status_code == 302
    assert _users_seen_by_another_connection() == 0


@pytest.mark.committing
def test_a_committing_test_commits_for_real(app: Flask) -> None:
    factories.UserFactory()
    assert _users_seen_by_another_connection() == 1


def test_a_thread_using_the_database_in_a_rolled_back_test_is_told_to_mark_it(app: Flask) -> None:
    errors: list[BaseException] = []

    def query() -> None:
        with app.app_context():
            try:
                db.session.scalar(sa.select(sa.func.count(User.id)))
            except RuntimeError as error:
                errors.append(error)

    thread = threading.Thread(target=query)
    thread.start()
    thread.join(timeout=30)
    assert len(errors) == 1 and "pytest.mark.committing" in str(errors[0])


@pytest.fixture(scope="module")
def shared_user(app: Flask, module_rows) -> User:
    return factories.UserFactory(email="delt@eksempel.dk")


@pytest.mark.parametrize("attempt", [1, 2])
def test_module_rows_are_built_once_and_what_a_test_writes_is_gone_before_the_next(app: Flask, shared_user: User,
                                                                                  attempt: int) -> None:
    """Whichever attempt runs second would see the first one's user and changed e-mail if its savepoint leaked."""
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
    assert db.session.get(User, shared_user.id).email == "delt@eksempel.dk"
    factories.UserFactory()  # the factory commits: only a savepoint inside the test's own
    db.session.get(User, shared_user.id).email = f"aendret{attempt}@eksempel.dk"
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2
    assert _users_seen_by_another_connection() == 0
