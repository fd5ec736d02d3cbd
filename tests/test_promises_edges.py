"""Issue 14: what a probing visitor can learn about accounts from logging in and registering."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from partnerhub.accounts import service as accounts
from partnerhub.permissions import Role
from tests import factories
from tests.conftest import PASSWORD, login


@pytest.fixture
def hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the method and parameters of every hash a login verifies against."""
    seen: list[str] = []
    real_check = accounts.check_password_hash

    def spy(pwhash: str, password: str) -> bool:
        seen.append(pwhash.split("$")[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    return seen


def test_login_does_the_same_hash_work_for_an_unknown_email(app, client, hash_checks, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")
    user = factories.user_for_role(Role.STAFF)
    user.password_hash = generate_password_hash(PASSWORD, method="scrypt")
    invited = factories.user_for_role(Role.STAFF, password_hash=None)

    for email in (user.email, "ingen-her@eksempel.dk", invited.email):
        response = login(client, email, "forkert-adgangskode-123")
        assert response.status_code == 200 and "forkert" in response.get_data(as_text=True)

    known, unknown, not_yet_chosen = hash_checks
    assert known.startswith("scrypt:") and unknown == known and not_yet_chosen == known

