"""Signing in per audience through a real provider on loopback, and every refusal the issue lists."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask

from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.extensions import db
from partnerhub.oidc.models import Audience, OidcIdentity
from partnerhub.permissions import Role
from partnerhub.reference import service as reference
from partnerhub.reference.service import load_reference
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from tests import factories
from tests.oidc.conftest import (
    ADMIN_GROUP,
    CLIENT_IDS,
    LOA_CLAIM,
    MANAGEMENT_GROUP,
    STAFF_GROUP,
    approve_at_mock,
    at_own_provider,
    follow_back,
    mock_login,
    own_login,
    query_of,
    start_login,
)

YOUTH_SUB = "9b2f7c1e-mitid-ung-0001"
COMPANY_SUB = "c0ffee42-mitid-erhverv-0001"
STAFF_SUB = "5e1f-kommune-medarbejder-0001"
KNOWN_CVR = "29000018"  # in the recorded CVR sample: Hedensted Tømrer & Snedker ApS, 14 employees


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def logged_in_as(client) -> int | None:
    with client.session_transaction() as flask_session:
        identity = flask_session.get("_user_id")
    return int(identity.split(":")[0]) if identity else None


def refused(response, client, reason: str) -> AuditEvent:
    """The login page again, nobody signed in, and the refusal in the audit log with its reason."""
    assert response.status_code == 302 and response.headers["Location"].endswith("/log-ind")
    assert logged_in_as(client) is None
    matching = [e for e in events("oidc_login_refused") if e.detail["reason"] == reason]
    assert matching, [e.detail for e in events("oidc_login_refused")]
    assert matching[-1].outcome == "denied"
    return matching[-1]


# ---- a good login per audience ---------------------------------------------------------------------------------

def test_young_person_first_login_creates_a_profile_with_birth_year_and_month(client, set_mock_user) -> None:
    set_mock_user(YOUTH_SUB, {"given_name": "Sara", "family_name": "Holm", "email": "sara@eksempel.dk",
                              "birthdate": "2007-05-14"})
    response = mock_login(client, "ung", YOUTH_SUB)
    assert response.headers["Location"].endswith("/log-ind/ung/ny")
    page = client.get("/log-ind/ung/ny").get_data(as_text=True)
    assert 'value="Sara"' in page and 'value="2007"' in page and 'value="sara@eksempel.dk"' in page
    response = client.post("/log-ind/ung/ny", data={"new-first_name": "Sara", "new-last_name": "Holm",
                                                     "new-birth_year": "2007", "new-email": "sara@eksempel.dk",
                                                     "new-privacy_read": "y"})
    assert response.status_code == 302 and response.headers["Location"] == "/hjem"
    user = db.session.scalar(db.select(User).where(User.email == "sara@eksempel.dk"))
    assert user.role is Role.YOUTH and user.password_hash is None and logged_in_as(client) == user.id
    profile = db.session.scalar(db.select(YouthProfile).where(YouthProfile.user_id == user.id))
    assert (profile.birth_year, profile.birth_month) == (2007, 5)
    identity = db.session.scalar(db.select(OidcIdentity).where(OidcIdentity.user_id == user.id))
    assert identity.subject == YOUTH_SUB and identity.audience is Audience.YOUTH
    assert [e.subject_user_id for e in events("oidc_login")] == [user.id]

    client.post("/log-ud")
    again = mock_login(client, "ung", YOUTH_SUB)
    assert again.headers["Location"] == "/hjem" and logged_in_as(client) == user.id
    assert len(events("oidc_login")) == 2


def test_a_15_year_olds_first_mitid_login_asks_for_the_guardian_and_records_them(client, set_mock_user) -> None:
    """The sign-up with a password asks an under-18 for a guardian; so must the first MitID login, or nobody can
    be asked for consent and no placement can ever start."""
    born = utcnow().year - 15
    set_mock_user(YOUTH_SUB, {"given_name": "Ea", "family_name": "Bak", "email": "ea@eksempel.dk",
                              "birthdate": f"{born}-01-14"})
    mock_login(client, "ung", YOUTH_SUB)
    page = client.get("/log-ind/ung/ny").get_data(as_text=True)
    assert "Forælder eller værge (under 18 år)" in page
    base = {"new-first_name": "Ea", "new-last_name": "Bak", "new-birth_year": str(born),
            "new-email": "ea@eksempel.dk", "new-privacy_read": "y"}
    missing = client.post("/log-ind/ung/ny", data=base)
    assert missing.status_code == 422
    assert "Under 18 år: skriv e-mailen på din forælder eller værge" in missing.get_data(as_text=True)
    assert 'value="Ea"' in missing.get_data(as_text=True)  # what was typed stays
    response = client.post("/log-ind/ung/ny", data={**base, "new-guardian_name": "Mie Bak",
                                                     "new-guardian_email": "mie@eksempel.dk",
                                                     "new-guardian_phone": "75 12 34 56"})
    assert response.status_code == 302
    profile = db.session.scalar(db.select(YouthProfile).join(User, User.id == YouthProfile.user_id)
                                .where(User.email == "ea@eksempel.dk"))
    assert profile.birth_month == 1
    assert (profile.guardian.name, profile.guardian.email, profile.guardian.phone) == ("Mie Bak", "mie@eksempel.dk",
                                                                                       "75 12 34 56")


def test_a_later_birth_date_claim_updates_the_profile(client, set_mock_user) -> None:
    profile = factories.YouthProfileFactory(birth_year=2005)
    db.session.add(OidcIdentity(user_id=profile.user_id, audience=Audience.YOUTH, issuer=_issuer(client),
                                subject=YOUTH_SUB))
    db.session.commit()
    set_mock_user(YOUTH_SUB, {"birthdate": "2006-11-02"})
    assert mock_login(client, "ung", YOUTH_SUB).headers["Location"] == "/hjem"
    db.session.refresh(profile)
    assert (profile.birth_year, profile.birth_month) == (2006, 11)


def _issuer(client) -> str:
    return client.application.config["OIDC_PROVIDERS"]["youth"]["issuer"]


def test_company_first_login_with_an_unknown_cvr_registers_it_pending_with_the_registers_facts(
        client, set_mock_user) -> None:
    load_reference()
    db.session.commit()
    set_mock_user(COMPANY_SUB, {"cvr": KNOWN_CVR, "name": "Mette Berg", "email": "mette@toemrer.dk"})
    assert mock_login(client, "virksomhed", COMPANY_SUB).headers["Location"].endswith("/log-ind/virksomhed/ny")
    page = client.get("/log-ind/virksomhed/ny").get_data(as_text=True)
    assert KNOWN_CVR in page and "Hedensted Tømrer &amp; Snedker ApS" in page and 'value="14"' in page
    response = client.post("/log-ind/virksomhed/ny", data={
        "new-company_name": "Hedensted Tømrer & Snedker ApS", "new-address": "Industrivej 4, 8722 Hedensted",
        "new-employees": "14", "new-name": "Mette Berg", "new-email": "mette@toemrer.dk"})
    assert response.status_code == 302
    company = db.session.scalar(db.select(Company).where(Company.cvr == KNOWN_CVR))
    assert company.status is CompanyStatus.PENDING and company.employees == 14
    user = company.hr_users[0]
    assert user.password_hash is None and logged_in_as(client) == user.id
    home = client.get("/virksomhed")
    assert home.status_code == 200
    limit = reference.employer_ratio().limit(14)
    assert f"højst {limit} på én gang" in home.get_data(as_text=True)


def test_company_login_for_a_known_company_lets_a_colleague_join_it(client, set_mock_user) -> None:
    company = factories.CompanyFactory(cvr=KNOWN_CVR)
    db.session.commit()
    set_mock_user(COMPANY_SUB, {"cvr": KNOWN_CVR, "name": "Ole Sand", "email": "ole@toemrer.dk"})
    mock_login(client, "virksomhed", COMPANY_SUB)
    page = client.get("/log-ind/virksomhed/ny").get_data(as_text=True)
    assert company.name in page and "new-company_name" not in page
    client.post("/log-ind/virksomhed/ny", data={"new-name": "Ole Sand", "new-email": "ole@toemrer.dk"})
    user = db.session.scalar(db.select(User).where(User.email == "ole@toemrer.dk"))
    assert user.company_id == company.id and logged_in_as(client) == user.id


def test_company_user_whose_cvr_is_another_companys_is_refused(client, set_mock_user) -> None:
    user = factories.user_for_role(Role.COMPANY)
    db.session.add(OidcIdentity(user_id=user.id, audience=Audience.COMPANY, issuer=_issuer(client),
                                subject=COMPANY_SUB))
    db.session.commit()
    set_mock_user(COMPANY_SUB, {"cvr": KNOWN_CVR})
    response = mock_login(client, "virksomhed", COMPANY_SUB)
    event = refused(response, client, "cvr_mismatch")
    assert event.detail["cvr"] == KNOWN_CVR
    set_mock_user(COMPANY_SUB, {"cvr": user.company.cvr})
    assert mock_login(client, "virksomhed", COMPANY_SUB).headers["Location"] == "/hjem"


@pytest.mark.parametrize(("groups", "role"), [([STAFF_GROUP], Role.STAFF), (["andet", ADMIN_GROUP], Role.ADMIN),
                                              ([MANAGEMENT_GROUP], Role.MANAGEMENT),
                                              ([MANAGEMENT_GROUP, STAFF_GROUP], Role.STAFF)])
def test_staff_groups_give_the_role(client, set_mock_user, groups: list[str], role: Role) -> None:
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "name": "Lise Dahl", "groups": groups,
                              LOA_CLAIM: "Substantial"})
    assert mock_login(client, "medarbejder", STAFF_SUB).headers["Location"] == "/hjem"
    user = db.session.scalar(db.select(User).where(User.email == "lise@hedensted.dk"))
    assert user.role is role and logged_in_as(client) == user.id


def test_management_group_signs_in_read_only(client, set_mock_user) -> None:
    """A leader in the configured group gets the results and nothing with a person in it."""
    set_mock_user(STAFF_SUB, {"email": "lone@hedensted.dk", "name": "Lone Leder", "groups": [MANAGEMENT_GROUP],
                              LOA_CLAIM: "Substantial"})
    mock_login(client, "medarbejder", STAFF_SUB)
    assert client.get("/hjem").headers["Location"] == "/medarbejder/resultater"
    assert client.get("/medarbejder/resultater").status_code == 200
    assert client.get("/medarbejder/unge").status_code == 403


def test_the_management_groups_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from partnerhub.config import _oidc_providers
    from partnerhub.oidc.providers import Provider

    monkeypatch.setenv("OIDC_STAFF_ISSUER", "https://login.hedensted.dk")
    monkeypatch.setenv("OIDC_STAFF_CLIENT_ID", "partnerhub")
    monkeypatch.setenv("OIDC_STAFF_MANAGEMENT_GROUPS", "ledelse, direktion")
    provider = Provider.from_options("staff", _oidc_providers()["staff"])
    assert provider.management_groups == {"ledelse", "direktion"}


def test_staff_without_a_mapped_group_is_refused(client, set_mock_user) -> None:
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "groups": ["alle-ansatte"], LOA_CLAIM: "High"})
    refused(mock_login(client, "medarbejder", STAFF_SUB), client, "no_role")
    assert db.session.scalar(db.select(User).where(User.email == "lise@hedensted.dk")) is None


def test_low_assurance_staff_can_sign_in_but_not_open_the_case_notes(client, set_mock_user) -> None:
    profile = factories.YouthProfileFactory()
    db.session.commit()
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "groups": [STAFF_GROUP], LOA_CLAIM: "Low"})
    mock_login(client, "medarbejder", STAFF_SUB)
    factories.StaffRecordFactory(profile=profile, effort_focus="Fremmøde og struktur")
    db.session.commit()
    detail = client.get(f"/medarbejder/unge/{profile.id}").get_data(as_text=True)
    assert "Skjult: dit login har et for lavt sikringsniveau." in detail and "Fremmøde og struktur" not in detail
    notes = client.get(f"/medarbejder/unge/{profile.id}/sag")
    assert notes.status_code == 403
    text = notes.get_data(as_text=True)
    assert "sikringsniveau \u201dLow\u201d" in text and "mindst \u201dsubstantial\u201d" in text
    client.post("/log-ud")
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "groups": [STAFF_GROUP], LOA_CLAIM: "Substantial"})
    mock_login(client, "medarbejder", STAFF_SUB)
    assert client.get(f"/medarbejder/unge/{profile.id}/sag").status_code == 200
    assert "Fremmøde og struktur" in client.get(f"/medarbejder/unge/{profile.id}").get_data(as_text=True)


def test_the_staff_role_follows_the_groups_at_every_login(client, set_mock_user) -> None:
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "groups": [STAFF_GROUP], LOA_CLAIM: "High"})
    mock_login(client, "medarbejder", STAFF_SUB)
    client.post("/log-ud")
    set_mock_user(STAFF_SUB, {"email": "lise@hedensted.dk", "groups": [ADMIN_GROUP], LOA_CLAIM: "High"})
    mock_login(client, "medarbejder", STAFF_SUB)
    user = db.session.scalar(db.select(User).where(User.email == "lise@hedensted.dk"))
    assert user.role is Role.ADMIN and client.get("/admin/").status_code == 200
    assert events("oidc_role_changed")[0].detail == {"from": "staff", "to": "admin"}


def test_a_deactivated_user_is_refused(client, set_mock_user) -> None:
    user = factories.user_for_role(Role.YOUTH, active=False)
    db.session.add(OidcIdentity(user_id=user.id, audience=Audience.YOUTH, issuer=_issuer(client),
                                subject=YOUTH_SUB))
    db.session.commit()
    set_mock_user(YOUTH_SUB, {})
    refused(mock_login(client, "ung", YOUTH_SUB), client, "inactive")


def test_staff_see_a_provider_account_as_active(client, set_mock_user, login_as) -> None:
    set_mock_user(YOUTH_SUB, {"email": "sara@eksempel.dk", "birthdate": "2007-05-14"})
    mock_login(client, "ung", YOUTH_SUB)
    client.post("/log-ind/ung/ny", data={"new-first_name": "Sara", "new-birth_year": "2007",
                                         "new-email": "sara@eksempel.dk", "new-privacy_read": "y"})
    client.post("/log-ud")
    profile = db.session.scalar(db.select(YouthProfile))
    login_as(Role.STAFF)
    page = client.get(f"/medarbejder/unge/{profile.id}").get_data(as_text=True)
    assert "Inviteret – har ikke valgt adgangskode endnu" not in page and "Send invitationen igen" not in page


def test_a_provider_whose_metadata_names_another_issuer_is_refused(client, use_own_provider) -> None:
    provider = use_own_provider("youth")
    provider.behaviour.metadata_issuer = "https://en-anden-udbyder.example"
    response = client.post("/log-ind/ung")
    assert response.status_code == 302 and response.headers["Location"].endswith("/log-ind")
    assert events("oidc_login_refused")[-1].detail["reason"] == "wrong_issuer"


# ---- refusals ---------------------------------------------------------------------------------------------------

def test_a_wrong_state_is_refused(client, set_mock_user) -> None:
    set_mock_user(YOUTH_SUB, {"email": "sara@eksempel.dk"})
    callback = approve_at_mock(start_login(client, "ung"), YOUTH_SUB)
    forged = callback.replace(f"state={query_of(callback)['state']}", "state=forfalsket")
    refused(follow_back(client, forged), client, "token_invalid")
    assert client.get("/log-ind/ung/ny").headers["Location"].endswith("/log-ind")  # nothing pending either


def test_a_replayed_code_is_refused(client, set_mock_user) -> None:
    set_mock_user(YOUTH_SUB, {"email": "sara@eksempel.dk"})
    first = approve_at_mock(start_login(client, "ung"), YOUTH_SUB)
    assert follow_back(client, first).headers["Location"].endswith("/log-ind/ung/ny")
    # A new login (new state), with the code that was already swapped for tokens: the provider refuses it.
    second = approve_at_mock(start_login(client, "ung"), YOUTH_SUB)
    replay = second.replace(f"code={query_of(second)['code']}", f"code={query_of(first)['code']}")
    event = refused(follow_back(client, replay), client, "token_invalid")
    assert event.detail["error"] == "invalid_grant"


def test_a_token_carrying_a_cpr_number_is_refused_and_nothing_is_stored(client, set_mock_user, caplog) -> None:
    cpr = "0101904521"
    set_mock_user(YOUTH_SUB, {"email": "sara@eksempel.dk", "given_name": "Sara",
                              "dk:gov:saml:attribute:CprNumberIdentifier": cpr})
    with caplog.at_level(logging.WARNING, logger="partnerhub.oidc.service"):
        response = mock_login(client, "ung", YOUTH_SUB)
    event = refused(response, client, "cpr_claim_dropped")
    assert event.detail["claims"] == ["dk:gov:saml:attribute:CprNumberIdentifier"]
    assert "CprNumberIdentifier" in caplog.text and cpr not in caplog.text
    assert db.session.scalar(db.select(db.func.count(OidcIdentity.id))) == 0
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    stored = json.dumps([e.detail for e in db.session.scalars(db.select(AuditEvent))])
    assert cpr not in stored
    with client.session_transaction() as flask_session:
        assert cpr not in json.dumps(dict(flask_session), default=str)


def test_the_cpr_claim_names_are_configuration(app: Flask, client, set_mock_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "OIDC_CPR_CLAIMS", ("mitBrokerCpr",))
    set_mock_user(YOUTH_SUB, {"email": "sara@eksempel.dk", "mitBrokerCpr": "0101904521"})
    refused(mock_login(client, "ung", YOUTH_SUB), client, "cpr_claim_dropped")


def test_a_company_login_without_the_cvr_claim_is_refused(client, set_mock_user) -> None:
    set_mock_user(COMPANY_SUB, {"email": "mette@toemrer.dk"})
    event = refused(mock_login(client, "virksomhed", COMPANY_SUB), client, "missing_claim")
    assert event.detail["claim"] == "cvr"


def test_a_cvr_claim_failing_modulus_11_is_refused(client, set_mock_user) -> None:
    set_mock_user(COMPANY_SUB, {"cvr": "29000019"})
    refused(mock_login(client, "virksomhed", COMPANY_SUB), client, "invalid_cvr")


def test_a_token_signed_with_another_key_is_refused(client, use_own_provider) -> None:
    provider = use_own_provider("youth")
    provider.behaviour.sign_with_unpublished_key = True
    refused(own_login(client, "ung"), client, "token_invalid")


@pytest.mark.parametrize(("exp_offset", "accepted"), [(-600, False), (-20, True)])
def test_an_expired_token_is_refused_beyond_the_clock_skew(client, use_own_provider, exp_offset: int,
                                                           accepted: bool) -> None:
    """OIDC_CLOCK_SKEW_SECONDS is 60: a token 20 seconds past its expiry still counts, ten minutes does not."""
    provider = use_own_provider("youth")
    provider.behaviour.exp_offset = exp_offset
    response = own_login(client, "ung")
    if accepted:
        assert response.headers["Location"].endswith("/log-ind/ung/ny")
    else:
        refused(response, client, "token_invalid")


@pytest.mark.parametrize("azp", [None, CLIENT_IDS["youth"]])
def test_a_token_for_another_client_is_refused(client, use_own_provider, azp: str | None) -> None:
    """Also when it names us as the authorised party: the audience itself must be this client."""
    provider = use_own_provider("youth")
    provider.behaviour.audience = "en-anden-tjeneste"
    provider.behaviour.claims = {"azp": azp} if azp else {}
    refused(own_login(client, "ung"), client, "token_invalid")


def test_a_token_without_an_expiry_is_refused(client, use_own_provider) -> None:
    provider = use_own_provider("youth")
    provider.behaviour.omit = ("exp",)
    refused(own_login(client, "ung"), client, "token_invalid")


def test_a_rotated_signing_key_is_fetched_once_and_accepted(client, use_own_provider) -> None:
    provider = use_own_provider("youth")
    provider.behaviour.claims = {"sub": "rotation-subject-0001"}
    assert own_login(client, "ung").headers["Location"].endswith("/log-ind/ung/ny")
    fetches = provider.jwks_fetches
    assert own_login(client, "ung").headers["Location"].endswith("/log-ind/ung/ny")
    assert provider.jwks_fetches == fetches  # keys are cached while the key id is known
    provider.rotate_key()
    assert own_login(client, "ung").headers["Location"].endswith("/log-ind/ung/ny")
    assert provider.jwks_fetches == fetches + 1


def test_the_code_is_swapped_with_the_pkce_verifier(client, use_own_provider) -> None:
    """The provider checks the verifier against the challenge: a verifier that does not match gets no token."""
    use_own_provider("youth")
    authorization = start_login(client, "ung")
    assert query_of(authorization)["code_challenge_method"] == "S256"
    callback = at_own_provider(authorization)
    with client.session_transaction() as flask_session:
        key = f"_state_youth_{query_of(callback)['state']}"
        state = flask_session[key]
        state["data"]["code_verifier"] = "a-verifier-an-attacker-would-guess-0000000000000"
        flask_session[key] = state
    event = refused(follow_back(client, callback), client, "token_invalid")
    assert event.detail["error"] == "invalid_grant"
