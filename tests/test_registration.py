"""Companies and young people registering, staff approving and inviting."""

from __future__ import annotations

import pytest

from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.extensions import db
from partnerhub.forms import is_valid_cvr
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from tests import factories
from tests.conftest import login

GOOD_PASSWORD = "vi bygger huse i juelsminde"


def company_form(**overrides: str) -> dict:
    data = {
        "company_name": "Hornsyld Smede ApS",
        "cvr": "31415926",
        "name": "Lise Holm",
        "email": "lise@hornsyld-smede.dk",
        "password": GOOD_PASSWORD,
        "password_confirm": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("cvr", "valid"), [("31415926", True), ("31415927", False), ("1234567", False),
                                              ("01415926", False), ("abcdefgh", False), ("10150817", True)])
def test_cvr_modulus_11(cvr: str, valid: bool) -> None:
    assert is_valid_cvr(cvr) is valid


def test_company_registers_as_pending_and_hr_can_log_in(client) -> None:
    response = client.post("/opret/virksomhed", data=company_form(cvr="DK 3141 5926"))
    assert response.status_code == 302 and response.headers["Location"] == "/log-ind"  # the same for a taken e-mail
    assert login(client, "lise@hornsyld-smede.dk", GOOD_PASSWORD).status_code == 302
    company = db.session.scalars(db.select(Company)).one()
    assert company.cvr == "31415926" and company.status is CompanyStatus.PENDING
    assert company.hr_users[0].role is Role.COMPANY
    assert "Afventer godkendelse" in client.get("/virksomhed").get_data(as_text=True)


def test_bad_cvr_rerenders_with_everything_typed(client) -> None:
    response = client.post("/opret/virksomhed", data=company_form(cvr="31415927"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "kontrolcifferet passer ikke" in page
    assert 'value="Hornsyld Smede ApS"' in page and 'value="lise@hornsyld-smede.dk"' in page
    assert 'value="31415927"' in page
    assert db.session.scalar(db.select(db.func.count(Company.id))) == 0


def test_bad_cvr_message_in_english(client) -> None:
    client.post("/sprog", data={"lang": "en"})
    page = client.post("/opret/virksomhed", data=company_form(cvr="31415927")).get_data(as_text=True)
    assert "check digit" in page.lower()


def test_duplicate_cvr_is_refused_with_a_helpful_message(client) -> None:
    factories.CompanyFactory(cvr="31415926")
    page = client.post("/opret/virksomhed", data=company_form()).get_data(as_text=True)
    assert "allerede oprettet" in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_overlong_company_name_is_refused(client) -> None:
    page = client.post("/opret/virksomhed", data=company_form(company_name="x" * 161)).get_data(as_text=True)
    assert "160" in page
    assert db.session.scalar(db.select(db.func.count(Company.id))) == 0


def test_staff_approve_a_pending_company(client, login_as) -> None:
    company = factories.CompanyFactory(status=CompanyStatus.PENDING)
    login_as("staff")
    response = client.post(f"/medarbejder/virksomheder/{company.id}", data={"decision": "approved"})
    assert response.status_code == 302
    assert db.session.get(Company, company.id).status is CompanyStatus.APPROVED
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "company_status_changed")).one()
    assert event.detail == {"from": "pending", "to": "approved"}


def test_an_approved_company_cannot_be_rejected(client, login_as) -> None:
    company = factories.CompanyFactory(status=CompanyStatus.APPROVED)
    login_as("staff")
    response = client.post(f"/medarbejder/virksomheder/{company.id}", data={"decision": "rejected"},
                           follow_redirects=True)
    assert "kan ikke få status" in response.get_data(as_text=True)
    assert db.session.get(Company, company.id).status is CompanyStatus.APPROVED


def youth_form(**overrides: object) -> dict:
    data = {
        "first_name": "Maria",
        "last_name": "",
        "birth_year": str(utcnow().year - 18),
        "birth_month": "1",  # 18 already: no guardian needed
        "email": "maria@eksempel.dk",
        "password": GOOD_PASSWORD,
        "password_confirm": GOOD_PASSWORD,
        "privacy_read": "y",
    }
    data.update(overrides)
    return data


def test_young_person_registers_logs_in_and_lands_home(client) -> None:
    response = client.post("/opret/ung", data=youth_form())
    assert response.status_code == 302 and response.headers["Location"] == "/log-ind"  # the same for a taken e-mail
    assert login(client, "maria@eksempel.dk", GOOD_PASSWORD).status_code == 302
    profile = db.session.scalars(db.select(YouthProfile)).one()
    assert profile.first_name == "Maria" and profile.last_name is None
    assert "Hej Maria" in client.get("/ung").get_data(as_text=True)


@pytest.mark.parametrize("years_old", [12, 31, 80])
def test_birth_year_outside_13_to_29_is_refused(client, years_old: int) -> None:
    page = client.post("/opret/ung", data=youth_form(birth_year=str(utcnow().year - years_old))).get_data(as_text=True)
    assert "mellem 13 og 29" in page
    assert 'value="Maria"' in page
    assert db.session.scalar(db.select(db.func.count(YouthProfile.id))) == 0


def test_birth_year_that_is_not_a_number_is_explained(client) -> None:
    page = client.post("/opret/ung", data=youth_form(birth_year="to tusind")).get_data(as_text=True)
    assert "som et tal" in page


def test_privacy_must_be_acknowledged(client) -> None:
    data = youth_form()
    del data["privacy_read"]
    page = client.post("/opret/ung", data=data).get_data(as_text=True)
    assert "sæt flueben" in page


def test_registration_page_explains_data_use(client) -> None:
    page = client.get("/opret/ung").get_data(as_text=True)
    assert "Hvad gemmer vi om dig?" in page and "CPR-nummer" in page


def test_staff_create_and_invite_a_young_person(client, login_as) -> None:
    login_as("staff")
    response = client.post("/medarbejder/unge/ny", data={"first_name": "Sisse", "last_name": "Holm",
                                                         "birth_year": str(utcnow().year - 17),
                                                         "email": "sisse@eksempel.dk",
                                                         "guardian_name": "Lone Holm",
                                                         "guardian_email": "lone@eksempel.dk",
                                                         "guardian_phone": "75 12 34 56"})
    assert response.status_code == 302
    profile = db.session.scalars(db.select(YouthProfile)).one()
    assert profile.user.password_hash is None and profile.created_by_id is not None
    page = client.get(f"/medarbejder/unge/{profile.id}").get_data(as_text=True)
    assert "Inviteret" in page
    assert db.session.scalar(
        db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "youth_viewed")
    ) == 1


def test_staff_invite_with_taken_email_rerenders(client, login_as) -> None:
    staff = login_as("staff")
    response = client.post("/medarbejder/unge/ny", data={"first_name": "Sisse", "email": staff.email})
    page = response.get_data(as_text=True)
    assert "findes allerede" in page and 'value="Sisse"' in page


def test_error_summary_follows_the_order_of_the_page(client) -> None:
    page = client.post("/opret/ung", data={}).get_data(as_text=True)
    summary = page.split('class="error-summary"')[1].split("</ul>")[0]
    positions = [summary.index(f'href="#{name}"') for name in ("first_name", "birth_year", "email", "password")]
    assert positions == sorted(positions)
