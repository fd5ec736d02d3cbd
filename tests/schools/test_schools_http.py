"""Schools (issue 15): staff create schools and invite coordinators; a coordinator sees only their own school, keeps
classes, pupils (birth month/year, never a CPR number) and praktik weeks, and invites a pupil to a login."""

from __future__ import annotations

from datetime import date

import pytest

from partnerhub.accounts.models import User
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reference.service import load_reference
from partnerhub.schools.models import PraktikWeek, Pupil, School, SchoolClass
from partnerhub.timeutil import utcnow
from tests import factories
from tests.conftest import login
from tests.schools.helpers import audit_actions, links_to, path, school_with_class


@pytest.fixture
def ref(app) -> None:
    load_reference()
    db.session.commit()


def _pupil_form(school_class: SchoolClass, **overrides: object) -> dict:
    return {"first_name": "Sofie", "last_name": "Holm", "birth_month": "3", "birth_year": str(utcnow().year - 14),
            "school_class": str(school_class.id), "guardian_email": "mor.holm@eksempel.dk",
            "guardian_name": "Mette Holm", "guardian_phone": "20 30 40 50", **overrides}


def test_staff_create_a_school_and_invite_a_coordinator_who_sets_a_password(client, login_as, ref) -> None:
    login_as(Role.STAFF)
    page = client.get("/medarbejder/skoler")
    assert page.status_code == 200 and "Opret en skole" in page.get_data(as_text=True)
    town = db.session.scalars(db.select(factories.Town).order_by(factories.Town.name)).first()
    assert client.post("/medarbejder/skoler", data={"name": "", "town": ""}).status_code == 422
    response = client.post("/medarbejder/skoler", data={"name": "Juelsminde Skole", "town": str(town.id)})
    school = db.session.scalar(db.select(School).where(School.name == "Juelsminde Skole"))
    assert response.status_code == 302 and school.town_id == town.id
    invited = client.post(f"/medarbejder/skoler/{school.id}", data={"name": "Karin Vejleder",
                                                                     "email": "Karin@Skole.dk"})
    assert invited.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "karin@skole.dk"))
    assert user.role is Role.COORDINATOR and school.coordinators == [user] and not user.has_password
    [link] = links_to("karin@skole.dk")
    client.post("/log-ud")
    assert client.post(path(link), data={"password": "Et-langt-kodeord-42", "password_confirm": "Et-langt-kodeord-42"}
                       ).status_code == 302
    assert login(client, "karin@skole.dk", "Et-langt-kodeord-42").status_code == 302
    home = client.get("/hjem", follow_redirects=True).get_data(as_text=True)
    assert "Juelsminde Skole" in home and "Importér en klasseliste" in home


@pytest.mark.parametrize("town", ["9223372036854775808", "99999999999999999999999", "0", "-1", "x"])
def test_a_town_that_is_no_town_is_a_message_with_the_name_kept(client, login_as, ref, town: str) -> None:
    """Found by the form fuzz: a number too large for the database was a 500 on SQLite."""
    login_as(Role.STAFF)
    response = client.post("/medarbejder/skoler", data={"name": "Juelsminde Skole", "town": town})
    assert response.status_code == 422
    assert 'value="Juelsminde Skole"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(School).where(School.name == "Juelsminde Skole")) is None


def test_inviting_an_existing_coordinator_links_a_second_school(client, login_as, ref) -> None:
    first = factories.SchoolFactory()
    coordinator = factories.user_for_role(Role.COORDINATOR, school=first)
    second = factories.SchoolFactory()
    login_as(Role.STAFF)
    client.post(f"/medarbejder/skoler/{second.id}", data={"name": "x", "email": coordinator.email})
    assert coordinator in second.coordinators and coordinator in first.coordinators
    refused = client.post(f"/medarbejder/skoler/{second.id}", data={"name": "x", "email": coordinator.email})
    assert refused.status_code == 422 and "allerede skolevejleder" in refused.get_data(as_text=True)


def test_a_coordinator_sees_only_their_own_school(client, login_as) -> None:
    mine, my_class = school_with_class()
    other, other_class = school_with_class()
    other_pupil = factories.PupilFactory(school_class=other_class, first_name="Fremmed")
    login_as(Role.COORDINATOR, school=mine)
    home = client.get("/skole").get_data(as_text=True)
    assert mine.name in home and other.name not in home
    assert client.get(f"/skole/klasser/{my_class.id}").status_code == 200
    assert client.get(f"/skole/klasser/{other_class.id}").status_code == 404
    assert client.get(f"/skole/elever/{other_pupil.id}").status_code == 404
    assert client.post(f"/skole/elever/{other_pupil.id}/slet").status_code == 404
    assert client.get(f"/skole/{other.id}/import").status_code == 404
    assert db.session.get(Pupil, other_pupil.id) is not None


def test_classes_pupils_and_counts(client, login_as) -> None:
    school = factories.SchoolFactory()
    login_as(Role.COORDINATOR, school=school)
    year = utcnow().year if utcnow().month >= 8 else utcnow().year - 1
    assert client.post(f"/skole/{school.id}/klasser/ny", data={"school_year": str(year), "grade": "11",
                                                               "name": "11.A"}).status_code == 422
    assert client.post(f"/skole/{school.id}/klasser/ny", data={"school_year": str(year), "grade": "8",
                                                               "name": "8.A"}).status_code == 302
    school_class = db.session.scalar(db.select(SchoolClass).where(SchoolClass.school_id == school.id))
    again = client.post(f"/skole/{school.id}/klasser/ny", data={"school_year": str(year), "grade": "8", "name": "8.a"})
    assert again.status_code == 422 and "findes allerede" in again.get_data(as_text=True)
    assert client.post(f"/skole/klasser/{school_class.id}/elever/ny", data=_pupil_form(school_class)).status_code \
        == 302
    pupil = db.session.scalar(db.select(Pupil))
    assert (pupil.birth_month, pupil.remove_after) == (3, date(year + 1, 7, 31) + client.application.config[
        "PUPIL_RETENTION_AFTER_SCHOOL_YEAR"])
    assert "1 elev" in client.get("/skole").get_data(as_text=True)
    factories.PupilFactory(school_class=school_class)
    assert "2 elever" in client.get("/skole").get_data(as_text=True)


def test_a_cpr_number_is_refused_in_any_field_and_the_form_keeps_what_was_typed(client, login_as) -> None:
    school, school_class = school_with_class()
    login_as(Role.COORDINATOR, school=school)
    for field, value in (("last_name", "010212-1234"), ("contact_needs", "CPR 0102121234"),
                         ("guardian_name", "Mette 010212 1234")):
        response = client.post(f"/skole/klasser/{school_class.id}/elever/ny",
                               data=_pupil_form(school_class, **{field: value}))
        page = response.get_data(as_text=True)
        assert response.status_code == 422, field
        assert "Det ligner et CPR-nummer" in page and "Sofie" in page
    assert db.session.scalar(db.select(db.func.count(Pupil.id))) == 0


def test_edit_and_remove_a_pupil(client, login_as) -> None:
    school, school_class = school_with_class()
    pupil = factories.PupilFactory(school_class=school_class)
    login_as(Role.COORDINATOR, school=school)
    page = client.get(f"/skole/elever/{pupil.id}")
    assert page.status_code == 200 and pupil.first_name in page.get_data(as_text=True)
    assert client.post(f"/skole/elever/{pupil.id}", data=_pupil_form(school_class, first_name="Ny")).status_code \
        == 302
    assert db.session.get(Pupil, pupil.id).first_name == "Ny"
    pupil_id = pupil.id
    assert client.post(f"/skole/elever/{pupil_id}/slet").status_code == 302
    db.session.expire_all()
    assert db.session.get(Pupil, pupil_id) is None


def test_a_pupil_under_13_cannot_be_offered_tasters_and_it_shows(client, login_as) -> None:
    school, school_class = school_with_class(grade=7, name="7.A")
    factories.PupilFactory(school_class=school_class, first_name="Lille", birth_year=utcnow().year - 12,
                           birth_month=12)
    login_as(Role.COORDINATOR, school=school)
    page = client.get(f"/skole/klasser/{school_class.id}").get_data(as_text=True)
    assert "Under 13 år: kan ikke få tilbud om praktik" in page


def test_every_view_of_a_pupil_list_and_a_pupil_is_audit_logged(client, login_as) -> None:
    school, school_class = school_with_class()
    pupil = factories.PupilFactory(school_class=school_class)
    login_as(Role.COORDINATOR, school=school)
    client.get(f"/skole/klasser/{school_class.id}")
    client.get(f"/skole/elever/{pupil.id}")
    login_as(Role.STAFF)
    client.get(f"/skole/klasser/{school_class.id}")
    assert len(audit_actions("pupil_list_viewed")) == 2
    assert [event.object_id for event in audit_actions("pupil_viewed")] == [str(pupil.id)]


def test_praktik_weeks_by_iso_week_or_monday_shown_in_danish(client, login_as) -> None:
    school, school_class = school_with_class()
    login_as(Role.COORDINATOR, school=school)
    url = f"/skole/klasser/{school_class.id}"
    assert client.post(url, data={"week-week": "9", "week-year": "2027", "week-days": "5"}).status_code == 302
    second = client.post(url, data={"week-monday": "17.03.2027", "week-days": "3"})  # a Wednesday
    assert second.status_code == 302, second.get_data(as_text=True)[-3000:]
    weeks = db.session.scalars(db.select(PraktikWeek).order_by(PraktikWeek.starts_on)).all()
    assert [(w.starts_on, w.days) for w in weeks] == [(date(2027, 3, 1), 5), (date(2027, 3, 15), 3)]
    page = client.get(url).get_data(as_text=True)
    assert "uge 9 (1. – 5. marts 2027)" in page and "uge 11 (15. – 17. marts 2027)" in page
    bad = client.post(url, data={"week-week": "54", "week-year": "2027", "week-days": "6"})
    assert bad.status_code == 422 and "1 til 5 dage" in bad.get_data(as_text=True)
    twice = client.post(url, data={"week-week": "9", "week-year": "2027", "week-days": "2"})
    assert twice.status_code == 422 and "allerede praktik i den uge" in twice.get_data(as_text=True)
    client.post("/sprog", data={"lang": "en"})
    assert "week 9 (1 – 5 March 2027)" in client.get(url).get_data(as_text=True)


def test_a_pupil_is_invited_by_mail_and_sees_class_and_praktik_week(client, login_as) -> None:
    school, school_class = school_with_class(name="8.B")
    db.session.add(PraktikWeek(school_class_id=school_class.id, starts_on=date(2027, 3, 1), days=5))
    pupil = factories.PupilFactory(school_class=school_class, first_name="Emil", email="emil@elev.dk")
    login_as(Role.COORDINATOR, school=school)
    assert client.post(f"/skole/elever/{pupil.id}/inviter").status_code == 302
    [link] = links_to("emil@elev.dk")
    assert db.session.get(Pupil, pupil.id).user.role is Role.PUPIL
    client.post("/log-ud")
    client.post(path(link), data={"password": "Elev-kodeord-1234", "password_confirm": "Elev-kodeord-1234",
                                  "privacy_read": "y"})
    assert login(client, "emil@elev.dk", "Elev-kodeord-1234").status_code == 302
    home = client.get("/hjem", follow_redirects=True).get_data(as_text=True)
    assert "Hej Emil" in home and "8.B" in home and "uge 9 (1. – 5. marts 2027)" in home
    # The way on to the wishes is a link in the page itself (a merge once put it inside <title>).
    assert 'href="/elev/erhvervspraktik"' in home.split("<main")[1]
    assert "<title>" in home and "href=" not in home.split("<title>")[1].split("</title>")[0]


def test_an_invited_pupil_reads_what_is_kept_about_them_and_ticks_it(client, login_as) -> None:
    """A 13-year-old is told, in words for a pupil, what PartnerHub keeps, who sees it and when it is deleted,
    before their account starts; without the tick nothing happens, and the audit log keeps that they read it."""
    from partnerhub.audit.models import AuditEvent

    school, school_class = school_with_class(name="7.A")
    pupil = factories.PupilFactory(school_class=school_class, first_name="Alma", email="alma@elev.dk")
    login_as(Role.COORDINATOR, school=school)
    client.post(f"/skole/elever/{pupil.id}/inviter")
    [link] = links_to("alma@elev.dk")
    client.post("/log-ud")
    page = client.get(path(link)).get_data(as_text=True)
    assert "Din skolevejleder" in page and "slettes" in page and "CPR-nummer" in page
    refused = client.post(path(link), data={"password": "Elev-kodeord-1234", "password_confirm": "Elev-kodeord-1234"})
    assert refused.status_code == 200 and "sæt flueben" in refused.get_data(as_text=True)
    assert db.session.get(Pupil, pupil.id).user.password_hash is None
    client.post(path(link), data={"password": "Elev-kodeord-1234", "password_confirm": "Elev-kodeord-1234",
                                  "privacy_read": "y"})
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "invitation_accepted"))
    assert event.detail == {"privacy_notice_read": True}


def test_without_an_email_the_coordinator_gets_a_link_to_show(client, login_as) -> None:
    school, school_class = school_with_class()
    pupil = factories.PupilFactory(school_class=school_class, email=None)
    login_as(Role.COORDINATOR, school=school)
    page = client.post(f"/skole/elever/{pupil.id}/inviter")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "/invitation/" in text
    link = text.split("<code>")[1].split("</code>")[0]
    client.post("/log-ud")
    assert client.get(path(link)).status_code == 200


def test_a_pupils_age_is_the_young_worker_rules_age(app) -> None:
    from partnerhub.matching.young_workers import age_on

    for month in (None, 1, 6, 12):
        pupil = Pupil(first_name="x", birth_year=2012, birth_month=month)
        for day in (date(2026, 1, 1), date(2026, 6, 15), date(2026, 6, 30), date(2026, 7, 1), date(2026, 12, 31)):
            assert pupil.age_on(day) == age_on(2012, month, day), (month, day)
