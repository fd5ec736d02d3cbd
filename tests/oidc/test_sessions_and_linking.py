"""Sessions, logout, account linking and password login per audience, for people who sign in through a provider."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask

from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.oidc.models import Audience, OidcIdentity
from partnerhub.permissions import Role
from tests import factories
from tests.conftest import PASSWORD, login
from tests.oidc.conftest import LOA_CLAIM, STAFF_GROUP, mock_login, query_of
from tests.oidc.test_sign_in import STAFF_SUB, YOUTH_SUB, events, logged_in_as


def _linked_youth(client) -> User:
    user = factories.user_for_role(Role.YOUTH, email="sara@eksempel.dk")
    db.session.add(OidcIdentity(user_id=user.id, audience=Audience.YOUTH,
                                issuer=client.application.config["OIDC_PROVIDERS"]["youth"]["issuer"],
                                subject=YOUTH_SUB))
    db.session.commit()
    return user


def test_the_session_is_renewed_at_login(client) -> None:
    _linked_youth(client)
    with client.session_transaction() as flask_session:
        flask_session["planted"] = "by-an-attacker"
    assert mock_login(client, "ung", YOUTH_SUB).headers["Location"] == "/hjem"
    with client.session_transaction() as flask_session:
        assert "planted" not in flask_session and flask_session.get("last_seen")


def test_logout_ends_the_session_here_and_at_the_provider(client) -> None:
    user = _linked_youth(client)
    mock_login(client, "ung", YOUTH_SUB)
    old_cookie = client.get_cookie("session").value
    response = client.post("/log-ud")
    location = response.headers["Location"]
    provider = client.application.config["OIDC_PROVIDERS"]["youth"]["issuer"]
    assert location.startswith(f"{provider}/oauth2/end_session?")
    assert query_of(location)["post_logout_redirect_uri"] == "http://localhost/"
    assert query_of(location)["id_token_hint"].count(".") == 2
    assert [e.subject_user_id for e in events("oidc_logout")] == [user.id]
    client.set_cookie("session", old_cookie)  # a copy of the cookie from before the logout
    assert client.get("/ung").status_code == 302
    assert logged_in_as(client) is None or client.get("/ung").headers["Location"].startswith("/log-ind")


def test_a_password_logout_does_not_go_to_a_provider(client, login_as) -> None:
    login_as(Role.YOUTH)
    assert client.post("/log-ud").headers["Location"] == "/"
    assert events("oidc_logout") == []


def test_the_idle_timeout_holds_for_provider_logins(client) -> None:
    _linked_youth(client)
    mock_login(client, "ung", YOUTH_SUB)
    with client.session_transaction() as flask_session:
        flask_session["last_seen"] = int(time.time()) - 31 * 60
    response = client.get("/ung")
    assert response.status_code == 302 and response.headers["Location"].endswith("/log-ind")


def test_a_password_account_is_linked_once_after_both_logins(client, set_mock_user) -> None:
    user = factories.user_for_role(Role.YOUTH, email="sara@eksempel.dk")
    db.session.commit()
    set_mock_user(YOUTH_SUB, {"email": "sara@eksempel.dk"})
    mock_login(client, "ung", YOUTH_SUB)
    wrong = client.post("/log-ind/ung/kobl", data={"link-link_email": "sara@eksempel.dk",
                                                    "link-link_password": "forkert-forkert-forkert"})
    assert wrong.status_code == 422 and "E-mail eller adgangskode er forkert." in wrong.get_data(as_text=True)
    response = client.post("/log-ind/ung/kobl", data={"link-link_email": "sara@eksempel.dk",
                                                       "link-link_password": PASSWORD})
    assert response.status_code == 302 and logged_in_as(client) == user.id
    assert [e.subject_user_id for e in events("oidc_linked")] == [user.id]
    client.post("/log-ud")
    assert mock_login(client, "ung", YOUTH_SUB).headers["Location"] == "/hjem"  # no second linking

    client.post("/log-ud")
    other_subject = "another-mitid-subject-0002"
    set_mock_user(other_subject, {"email": "sara@eksempel.dk"})
    mock_login(client, "ung", other_subject)
    again = client.post("/log-ind/ung/kobl", data={"link-link_email": "sara@eksempel.dk",
                                                    "link-link_password": PASSWORD})
    assert again.status_code == 422 and "allerede koblet" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(OidcIdentity.id))) == 1


def test_a_staff_account_cannot_be_linked_to_a_young_persons_login(client, set_mock_user) -> None:
    staff = factories.user_for_role(Role.STAFF, email="lise@hedensted.dk")
    db.session.commit()
    set_mock_user(YOUTH_SUB, {})
    mock_login(client, "ung", YOUTH_SUB)
    response = client.post("/log-ind/ung/kobl", data={"link-link_email": staff.email,
                                                       "link-link_password": PASSWORD})
    assert response.status_code == 422 and logged_in_as(client) is None
    assert events("oidc_login_refused")[-1].detail["reason"] == "wrong_audience"


def test_a_staff_member_whose_email_has_a_password_account_links_it(client, set_mock_user) -> None:
    staff = factories.user_for_role(Role.STAFF, email="lise@hedensted.dk")
    db.session.commit()
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "groups": [STAFF_GROUP], LOA_CLAIM: "High"})
    assert mock_login(client, "medarbejder", STAFF_SUB).headers["Location"].endswith("/log-ind/medarbejder/ny")
    client.post("/log-ind/medarbejder/kobl", data={"link-link_email": staff.email, "link-link_password": PASSWORD})
    assert logged_in_as(client) == staff.id


def test_an_admin_unlinks_and_the_users_sessions_end(app: Flask, client, set_mock_user) -> None:
    user = _linked_youth(client)
    mock_login(client, "ung", YOUTH_SUB)
    youth_cookie = client.get_cookie("session").value
    identity = db.session.scalar(db.select(OidcIdentity))
    admin_client = app.test_client()
    admin = factories.user_for_role(Role.ADMIN)
    db.session.commit()
    login(admin_client, admin.email)
    listing = admin_client.get("/admin/logins").get_data(as_text=True)
    assert user.email in listing and "Fjern koblingen" in listing
    assert admin_client.post(f"/admin/logins/{identity.id}/fjern").status_code == 302
    assert db.session.scalar(db.select(db.func.count(OidcIdentity.id))) == 0
    event = events("oidc_unlinked")[0]
    assert (event.actor_id, event.subject_user_id) == (admin.id, user.id)
    client.set_cookie("session", youth_cookie)
    assert client.get("/ung").status_code == 302
    assert mock_login(client, "ung", YOUTH_SUB).headers["Location"].endswith("/log-ind/ung/ny")


def test_the_login_page_has_a_button_per_provider(client) -> None:
    page = client.get("/log-ind").get_data(as_text=True)
    for slug, text in (("ung", "Log ind med MitID – for unge"),
                       ("virksomhed", "Log ind med MitID Erhverv – for virksomheder"),
                       ("medarbejder", "Log ind med kommunens login – for medarbejdere")):
        assert f'action="/log-ind/{slug}"' in page
        assert f'<button type="submit" class="button button-primary">{text}</button>' in page
    assert 'name="password"' in page
    with client.session_transaction() as flask_session:
        flask_session["lang"] = "en"
    english = client.get("/log-ind").get_data(as_text=True)
    assert "Sign in with MitID – for young people" in english


def test_password_login_can_be_switched_off_per_audience(app: Flask, client, login_as, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PASSWORD_LOGIN_DISABLED_FOR", frozenset({"staff"}))
    staff = factories.user_for_role(Role.STAFF)
    db.session.commit()
    response = login(client, staff.email)
    assert response.status_code == 200 and logged_in_as(client) is None
    assert "Medarbejdere logger ind med kommunens login, ikke med adgangskode." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "login_refused")).outcome == "denied"
    login_as(Role.YOUTH)  # other audiences keep their passwords


def test_with_passwords_off_for_everyone_the_page_shows_only_the_buttons(app: Flask, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PASSWORD_LOGIN_DISABLED_FOR", frozenset({"youth", "company", "staff"}))
    page = client.get("/log-ind").get_data(as_text=True)
    assert 'name="password"' not in page and 'action="/log-ind/ung"' in page
    response = client.get("/opret/ung")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/log-ind"


def test_an_invitation_cannot_set_a_password_where_passwords_are_off(app: Flask, client, monkeypatch) -> None:
    from partnerhub.accounts.service import invite

    monkeypatch.setitem(app.config, "PASSWORD_LOGIN_DISABLED_FOR", frozenset({"staff"}))
    staff = factories.user_for_role(Role.STAFF, password_hash=None)
    with app.test_request_context():
        token = invite(None, staff)
    db.session.commit()
    response = client.post(f"/invitation/{token}", data={"password": PASSWORD, "password_confirm": PASSWORD})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/log-ind"
    db.session.refresh(staff)
    assert staff.password_hash is None and logged_in_as(client) is None


def test_a_staff_account_an_admin_created_without_a_password_is_linked_by_the_idp(client, set_mock_user) -> None:
    staff = factories.user_for_role(Role.STAFF, email="lise@hedensted.dk", password_hash=None)
    db.session.commit()
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "groups": [STAFF_GROUP], LOA_CLAIM: "High"})
    assert mock_login(client, "medarbejder", STAFF_SUB).headers["Location"] == "/hjem"
    assert logged_in_as(client) == staff.id
    assert [e.subject_user_id for e in events("oidc_linked")] == [staff.id]


def test_the_session_cookie_stays_within_what_browsers_keep(client, set_mock_user) -> None:
    """The ID token is kept for the logout hint; with twenty group ids the cookie is still under 4 KB."""
    groups = [STAFF_GROUP] + [f"3f2a9c1e-0b4d-4e8f-9a7b-{n:012d}" for n in range(20)]
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "name": "Lise Dahl", "groups": groups,
                              LOA_CLAIM: "Substantial"})
    response = mock_login(client, "medarbejder", STAFF_SUB)
    assert response.headers["Location"] == "/hjem"
    assert len(client.get_cookie("session").value) < 4000
