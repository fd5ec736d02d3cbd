"""Login, logout, sessions, passwords, invitations and rate limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask

from partnerhub.accounts.models import Invitation, User
from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db, limiter
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow
from tests import factories
from tests.conftest import PASSWORD, login


@pytest.mark.parametrize(
    ("role", "home"),
    [("company", "/virksomhed"), ("youth", "/ung"), ("staff", "/medarbejder"), ("admin", "/admin/")],
)
def test_each_role_lands_on_its_own_home(login_as, client, role: str, home: str) -> None:
    login_as(role)
    response = client.get("/hjem")
    assert response.status_code == 302 and response.headers["Location"] == home
    assert client.get(home).status_code == 200


def test_wrong_password_is_refused_and_logged(client) -> None:
    user = factories.UserFactory()
    response = login(client, user.email, "forkert-adgangskode-123")
    assert response.status_code == 200
    assert "E-mail eller adgangskode er forkert." in response.get_data(as_text=True)
    assert client.get("/medarbejder").status_code == 302
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "login_failed")) is not None


def test_login_form_keeps_the_typed_email(client) -> None:
    page = login(client, "ukendt@eksempel.dk", "forkert-adgangskode-123").get_data(as_text=True)
    assert 'value="ukendt@eksempel.dk"' in page


def test_deactivated_user_cannot_log_in(client) -> None:
    user = factories.UserFactory(active=False)
    assert login(client, user.email).status_code == 200
    assert client.get("/medarbejder").status_code == 302


def test_login_is_case_insensitive_on_email(client) -> None:
    user = factories.UserFactory(email="mette@eksempel.dk")
    assert login(client, " Mette@Eksempel.DK ").status_code == 302
    assert user.id


def test_next_parameter_only_allows_local_paths(client) -> None:
    user = factories.UserFactory()
    response = client.post("/log-ind?next=https://evil.example/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/hjem"
    client.post("/log-ud")
    response = client.post("/log-ind?next=/medarbejder/unge", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/medarbejder/unge"


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_session_is_renewed_at_login(client) -> None:
    user = factories.UserFactory()
    client.get("/log-ind")
    with client.session_transaction() as session:
        session["planted"] = "fixation"
    login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:0"


def test_old_cookie_is_dead_after_logout(app: Flask, client) -> None:
    user = factories.UserFactory()
    login(client, user.email)
    stolen = _session_cookie(client)
    assert client.post("/log-ud").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/medarbejder")
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]


def test_idle_timeout_logs_out(app: Flask, client) -> None:
    user = factories.UserFactory()
    login(client, user.email)
    with client.session_transaction() as session:
        session["last_seen"] = int(session["last_seen"]) - int(app.config["IDLE_TIMEOUT"].total_seconds()) - 5
    response = client.get("/medarbejder")
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]
    assert client.get("/medarbejder").status_code == 302


def test_session_cookie_flags(client) -> None:
    user = factories.UserFactory()
    response = login(client, user.email)
    cookie_header = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie_header and "SameSite=Lax" in cookie_header


def test_passwords_are_hashed_with_a_slow_hash(app: Flask) -> None:
    from partnerhub.accounts.service import create_user

    user = create_user(email="ny@eksempel.dk", name="Ny", role=Role.STAFF, password="lang-og-sjov-adgangskode")
    db.session.commit()
    assert user.password_hash is not None
    assert "lang-og-sjov-adgangskode" not in user.password_hash
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"].split(":")[0])


def test_production_hash_method_is_scrypt() -> None:
    from partnerhub.config import Config

    assert Config.PASSWORD_HASH_METHOD == "scrypt"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("kort", "være mindst 12 tegn"),
        ("x" * 129, "højst være 128 tegn"),
        ("password1234", "for almindelig"),
        ("aaaaaaaaaaaaaaa", "for almindelig"),
        ("sofie.jensen-hemmelig", "e-mailadresse"),
    ],
)
def test_password_policy(password: str, reason: str, app: Flask) -> None:
    from partnerhub.accounts.service import password_problem

    with app.test_request_context():
        assert reason in (password_problem(password, email="sofie.jensen@eksempel.dk") or "")


def test_password_policy_accepts_a_long_passphrase(app: Flask) -> None:
    from partnerhub.accounts.service import password_problem

    with app.test_request_context():
        assert password_problem("blå cykel under æbletræet") is None


def _link_in_last_mail(recipient: str) -> str:
    message = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None
    match = re.search(r"https?://\S+", message.body)
    assert match
    return match.group(0).replace("http://localhost", "")


def test_password_reset_by_token_mail_is_single_use(client) -> None:
    user = factories.UserFactory(email="glemsom@eksempel.dk")
    response = client.post("/glemt-adgangskode", data={"email": "glemsom@eksempel.dk"})
    assert response.status_code == 302
    link = _link_in_last_mail("glemsom@eksempel.dk")
    new_password = "en helt ny og lang kode"
    response = client.post(link, data={"password": new_password, "password_confirm": new_password})
    assert response.status_code == 302 and response.headers["Location"] == "/log-ind"
    assert login(client, user.email, new_password).status_code == 302
    client.post("/log-ud")
    again = client.post(link, data={"password": "endnu en ny lang kode", "password_confirm": "endnu en ny lang kode"})
    assert again.status_code == 302 and "glemt-adgangskode" in again.headers["Location"]


def test_password_reset_for_unknown_email_says_the_same(client) -> None:
    response = client.post("/glemt-adgangskode", data={"email": "findes.ikke@eksempel.dk"}, follow_redirects=True)
    assert "Hvis e-mailen findes hos os" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_reset_form_rerenders_with_the_policy_reason(client) -> None:
    factories.UserFactory(email="glemsom@eksempel.dk")
    client.post("/glemt-adgangskode", data={"email": "glemsom@eksempel.dk"})
    link = _link_in_last_mail("glemsom@eksempel.dk")
    page = client.post(link, data={"password": "kort", "password_confirm": "kort"}).get_data(as_text=True)
    assert "være mindst 12 tegn" in page


def test_invitation_link_is_single_use_and_expires(client, login_as) -> None:
    login_as("staff")
    response = client.post(
        "/medarbejder/unge/ny",
        data={"first_name": "Dennis", "last_name": "", "birth_year": utcnow().year - 20, "email": "dennis@eksempel.dk"},
    )
    assert response.status_code == 302
    link = _link_in_last_mail("dennis@eksempel.dk")
    client.post("/log-ud")
    refused = client.post(link, data={"password": "dennis-er-min-kode", "password_confirm": "dennis-er-min-kode",
                                      "privacy_read": "y"})
    assert refused.status_code == 200 and "e-mailadresse" in refused.get_data(as_text=True)
    password = "en lang kode til mig"
    response = client.post(link, data={"password": password, "password_confirm": password, "privacy_read": "y"})
    assert response.status_code == 302
    assert client.get("/ung").status_code == 200
    client.post("/log-ud")
    assert client.get(link).status_code == 404

    invitation = db.session.scalars(db.select(Invitation)).one()
    invitation.used_at = None
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(link).status_code == 404


def test_password_change_ends_other_sessions(app: Flask, client) -> None:
    user = factories.UserFactory()
    login(client, user.email)
    other_device = app.test_client()
    login(other_device, user.email)
    new_password = "skiftet til en ny lang kode"
    response = client.post(
        "/konto", data={"current_password": PASSWORD, "password": new_password, "password_confirm": new_password}
    )
    assert response.status_code == 302
    assert client.get("/medarbejder").status_code == 200
    assert other_device.get("/medarbejder").status_code == 302


def test_password_change_with_wrong_current_password_rerenders(client) -> None:
    user = factories.UserFactory()
    login(client, user.email)
    page = client.post(
        "/konto",
        data={"current_password": "forkert", "password": "ny lang kode her", "password_confirm": "ny lang kode her"},
    ).get_data(as_text=True)
    assert "Din nuværende adgangskode er forkert." in page
    assert db.session.get(User, user.id).password_changed_at is None


@pytest.fixture
def strict_limits(app: Flask):
    originals = {key: app.config[key] for key in ("LOGIN_RATE_LIMIT_PER_IP", "LOGIN_RATE_LIMIT_PER_ACCOUNT")}
    app.config.update(LOGIN_RATE_LIMIT_PER_IP="6 per minute", LOGIN_RATE_LIMIT_PER_ACCOUNT="3 per minute")
    limiter.reset()
    yield
    app.config.update(originals)
    limiter.reset()


def test_login_is_rate_limited_per_account(client, strict_limits) -> None:
    user = factories.UserFactory()
    for _ in range(3):
        assert login(client, user.email, "forkert-forkert-1").status_code == 200
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "For mange forsøg" in response.get_data(as_text=True)


def test_login_is_rate_limited_per_ip(client, strict_limits) -> None:
    for number in range(6):
        assert login(client, f"person{number}@eksempel.dk", "forkert-forkert-1").status_code == 200
    assert login(client, "person99@eksempel.dk", "forkert-forkert-1").status_code == 429


def test_rate_limit_does_not_count_page_views(client, strict_limits) -> None:
    for _ in range(10):
        assert client.get("/log-ind").status_code == 200


def test_csrf_is_required_on_posts(app: Flask, client) -> None:
    user = factories.UserFactory()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = login(client, user.email)
        assert response.status_code == 400
        page = client.get("/log-ind").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/log-ind", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_idle_timeout_keeps_the_chosen_language(app: Flask, client) -> None:
    user = factories.UserFactory()
    client.post("/sprog", data={"lang": "en"})
    login(client, user.email)
    with client.session_transaction() as session:
        session["last_seen"] = int(session["last_seen"]) - int(app.config["IDLE_TIMEOUT"].total_seconds()) - 5
    client.get("/medarbejder")
    assert '<html lang="en">' in client.get("/log-ind").get_data(as_text=True)
