"""Issue 14: what a probing visitor can learn about accounts from logging in and registering."""

from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from partnerhub.accounts import service as accounts
from partnerhub.accounts.models import User
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from tests import factories
from tests.conftest import PASSWORD, login
from tests.test_registration import company_form, youth_form


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



def _registration_answer(client, url: str, data: dict) -> tuple:
    """Everything a visitor sees of a registration: status, where it sends them, the message, whether logged in."""
    response = client.post(url, data=data)
    landing = client.get(response.headers.get("Location", url)).get_data(as_text=True)
    flashed = re.findall(r'<p class="flash [^"]*"[^>]*>(.*?)</p>', landing, re.S)
    logged_in = client.get("/konto").status_code == 200
    return response.status_code, response.headers.get("Location"), flashed, logged_in


@pytest.mark.parametrize(("url", "form", "existing_role"), [
    ("/opret/ung", youth_form, Role.YOUTH), ("/opret/ung", youth_form, Role.ADMIN),
    ("/opret/virksomhed", company_form, Role.COMPANY), ("/opret/virksomhed", company_form, Role.STAFF)])
def test_registering_a_taken_email_answers_as_a_new_one_and_mails_the_owner(
        app, url: str, form, existing_role: Role) -> None:
    new = _registration_answer(app.test_client(), url, form(email="ny@eksempel.dk", cvr="31415926"))
    owner = factories.user_for_role(existing_role, email="har-en@eksempel.dk")
    users_before = db.session.scalar(db.select(db.func.count(User.id)))
    taken = _registration_answer(app.test_client(), url, form(email="har-en@eksempel.dk", cvr="10150817"))

    assert new[0] == 302 and new[1] == "/log-ind" and not new[3]
    assert (taken[0], taken[1], taken[3]) == (new[0], new[1], new[3])
    assert [text.replace("har-en@", "ny@") for text in taken[2]] == new[2] and "Tak!" in new[2][0]
    assert db.session.scalar(db.select(db.func.count(User.id))) == users_before
    mail_to_owner = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == owner.email)).one()
    assert "prøvede at oprette" in mail_to_owner.subject and mail_to_owner.recipient_user_id == owner.id
    assert "/log-ind" in mail_to_owner.body and "/glemt-adgangskode" in mail_to_owner.body
    assert "Velkommen" in db.session.scalars(db.select(OutboxMessage)
                                             .where(OutboxMessage.recipient == "ny@eksempel.dk")).one().subject


def test_a_taken_email_costs_the_same_password_hashing_as_a_new_one(app, monkeypatch) -> None:
    hashed: list[str] = []
    real_hash = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda password: hashed.append(password) or real_hash(password))
    app.test_client().post("/opret/ung", data=youth_form(email="ny@eksempel.dk"))
    new_account = len(hashed)
    app.test_client().post("/opret/ung", data=youth_form(email="ny@eksempel.dk"))
    assert new_account == 1 and len(hashed) - new_account == 1
