"""Minors on the forms (issue 15): registration from 13 by birth month and year, a guardian recorded under 18,
and companies saying which of their tasks suit people under 18."""

from __future__ import annotations

import pytest

from partnerhub.audit.models import AuditEvent
from partnerhub.companies.models import MinorWork
from partnerhub.extensions import db
from partnerhub.guardians.models import Guardian
from partnerhub.permissions import Role
from partnerhub.reference.models import TradeArea
from partnerhub.reference.service import load_reference
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from tests.test_profiles import _company_profile, _youth_profile
from tests.test_registration import youth_form

GUARDIAN = {"guardian_name": "Lone Holm", "guardian_email": "Lone@Eksempel.dk", "guardian_phone": "75 12 34 56"}


@pytest.fixture
def ref(app) -> None:
    load_reference()
    db.session.commit()


def test_a_pupil_turning_13_this_year_registers_with_a_guardian(client, ref) -> None:
    """The bug in the issue: a pupil born 2013 was refused in 2026; now the rules' lowest age (13) decides."""
    data = youth_form(birth_year=str(utcnow().year - 13), birth_month="", **GUARDIAN)
    response = client.post("/opret/ung", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    profile = db.session.scalars(db.select(YouthProfile)).one()
    assert profile.birth_year == utcnow().year - 13
    guardian = db.session.scalars(db.select(Guardian)).one()
    assert (guardian.name, guardian.email, guardian.phone) == ("Lone Holm", "lone@eksempel.dk", "75 12 34 56")
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "guardian_recorded"))


def test_a_15_year_old_without_a_guardian_is_asked_for_one_and_keeps_what_was_typed(client, ref) -> None:
    page = client.post("/opret/ung", data=youth_form(birth_year=str(utcnow().year - 15), birth_month="3",
                                                     guardian_name="Lone Holm"))
    text = page.get_data(as_text=True)
    assert "Under 18 år: skriv e-mailen på din forælder eller værge." in text
    assert "Under 18 år: skriv telefonnummeret på din forælder eller værge." in text
    assert 'value="Lone Holm"' in text and '<option selected value="3">' in text
    assert db.session.scalar(db.select(db.func.count(YouthProfile.id))) == 0


def test_the_month_makes_the_age_exact_a_12_year_old_is_refused(client, ref) -> None:
    """Born in December 13 years ago: still 12 until the month is over, so refused; January of that year is 13."""
    year = utcnow().year - 13
    refused = client.post("/opret/ung", data=youth_form(birth_year=str(year), birth_month="12", **GUARDIAN))
    assert "mellem 13 og 29" in refused.get_data(as_text=True)
    if utcnow().month > 1:
        assert client.post("/opret/ung", data=youth_form(birth_year=str(year), birth_month="1",
                                                         **GUARDIAN)).status_code == 302


def test_registration_asks_for_month_and_year_never_a_cpr_number(client, ref) -> None:
    page = client.get("/opret/ung").get_data(as_text=True)
    assert 'name="birth_month"' in page and "Måned og år er nok. Vi spørger aldrig om CPR-nummer." in page
    assert "cpr" not in page.lower().replace("cpr-nummer", "")  # no field for one


def test_a_bad_guardian_phone_and_month_are_explained(client, ref) -> None:
    text = client.post("/opret/ung", data=youth_form(birth_month="13", **{**GUARDIAN, "guardian_phone": "12"})
                       ).get_data(as_text=True)
    assert "Vælg en måned fra listen." in text and "Skriv telefonnummeret med 8 cifre" in text


def test_a_young_person_records_and_changes_the_guardian_on_the_profile(client, login_as, ref) -> None:
    user = login_as(Role.YOUTH)
    minor = {"birth_year": str(utcnow().year - 16), "birth_month": "5"}
    missing = client.post("/ung/profil", data=_youth_profile(**minor))
    assert missing.status_code == 422 and "Under 18 år: skriv navnet" in missing.get_data(as_text=True)
    assert client.post("/ung/profil", data=_youth_profile(**minor, **GUARDIAN)).status_code == 302
    db.session.refresh(user.youth_profile)
    assert user.youth_profile.birth_month == 5 and user.youth_profile.guardian.name == "Lone Holm"
    page = client.get("/ung/profil").get_data(as_text=True)
    assert 'value="Lone Holm"' in page and '<option selected value="5">' in page
    changed = {**GUARDIAN, "guardian_name": "Per Holm"}
    assert client.post("/ung/profil", data=_youth_profile(**minor, **changed)).status_code == 302
    assert db.session.scalars(db.select(Guardian)).one().name == "Per Holm"


def test_staff_see_the_guardian_on_the_young_persons_page(client, login_as, ref) -> None:
    login_as(Role.STAFF)
    client.post("/medarbejder/unge/ny", data={"first_name": "Sisse", "birth_year": str(utcnow().year - 15),
                                              "birth_month": "2", "email": "sisse@eksempel.dk", **GUARDIAN})
    profile = db.session.scalars(db.select(YouthProfile)).one()
    page = client.get(f"/medarbejder/unge/{profile.id}").get_data(as_text=True)
    assert "Lone Holm · lone@eksempel.dk · 75 12 34 56" in page


def test_a_company_says_which_tasks_suit_people_under_18(client, login_as, ref) -> None:
    user = login_as(Role.COMPANY)
    area = db.session.scalars(db.select(TradeArea)).first()
    base = _company_profile(cvr=user.company.cvr, trade_areas=[str(area.id)])
    page = client.get("/virksomhed/profil").get_data(as_text=True)
    assert "Har I opgaver til unge under 18?" in page and "Ikke svaret endnu" in page
    no_tasks = client.post("/virksomhed/profil", data={**base, "minor_work": "youth"})
    assert no_tasks.status_code == 422 and "Skriv, hvilke opgaver en ung under 18 må lave" in no_tasks.get_data(
        as_text=True)
    saved = client.post("/virksomhed/profil", data={**base, "minor_work": "light", "minor_tasks_ok": "Pakke varer",
                                                    "minor_tasks_not": "Truck, kemikalier"})
    assert saved.status_code == 302
    db.session.refresh(user.company)
    assert user.company.minor_work is MinorWork.LIGHT
    assert (user.company.minor_tasks_ok, user.company.minor_tasks_not) == ("Pakke varer", "Truck, kemikalier")
    assert '<option selected value="light">' in client.get("/virksomhed/profil").get_data(as_text=True)
    bad = client.post("/virksomhed/profil", data={**base, "minor_work": "hacker"})
    assert bad.status_code == 422 and "Vælg fra listen." in bad.get_data(as_text=True)
