"""The CLI commands the README promises: demo data with printed logins, and creating staff accounts."""

from __future__ import annotations

from flask import Flask

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company
from partnerhub.demo.service import DEMO_LOGINS, DEMO_PASSWORD, DEMO_YOUTH_COUNT
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord
from tests.conftest import login


def test_seed_demo_prints_one_login_per_role_and_is_idempotent(app: Flask, client) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for demo in DEMO_LOGINS:
        assert demo.email in first.output
    assert "Ledelse" in first.output and "ledelse@demo.partnerhub.dk" in first.output  # management (issue 14)
    assert DEMO_PASSWORD in first.output
    users_after_first = db.session.scalar(db.select(db.func.count(User.id)))
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert db.session.scalar(db.select(db.func.count(User.id))) == users_after_first
    assert db.session.scalar(db.select(db.func.count(YouthProfile.id))) == DEMO_YOUTH_COUNT
    assert db.session.scalar(db.select(db.func.count(Company.id))) == 41
    readiness = db.session.scalars(db.select(YouthStaffRecord.readiness)).all()
    assert set(readiness) == set(Readiness) and len(readiness) == DEMO_YOUTH_COUNT
    assert {user.role for user in db.session.scalars(db.select(User))} == set(Role)
    for demo in DEMO_LOGINS:
        assert login(client, demo.email, DEMO_PASSWORD).status_code == 302
        client.post("/log-ud")


def test_seed_demo_is_refused_where_demo_data_is_not_allowed(app: Flask) -> None:
    app.config["DEMO_DATA_ALLOWED"] = False
    try:
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    finally:
        app.config["DEMO_DATA_ALLOWED"] = True
    assert result.exit_code != 0 and "slået fra" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_create_user_makes_a_staff_account_that_can_log_in(app: Flask, client) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "Mette@Hedensted.dk", "--name", "Mette", "--role", "staff",
              "--password", "ungeenheden er bedst"]
    )
    assert result.exit_code == 0, result.output
    assert login(client, "mette@hedensted.dk", "ungeenheden er bedst").headers["Location"] == "/hjem"


def test_create_user_refuses_a_weak_password_with_the_reason(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "a@hedensted.dk", "--name", "A", "--role", "admin", "--password", "kort"]
    )
    assert result.exit_code != 0 and "mindst 12 tegn" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
