""""Kunne have gavn af Ungeenheden" (issue 15): the coordinator flags a pupil with a reason, the guardian consents
through a mailed single-use link, and only then staff see the pupil and can start a youth profile from it."""

from __future__ import annotations

from partnerhub.extensions import db
from partnerhub.guardians.models import Guardian
from partnerhub.permissions import Role
from partnerhub.schools.models import PupilReferral, ReferralStatus
from partnerhub.youth.models import YouthProfile
from tests import factories
from tests.schools.helpers import links_to, path, school_with_class


def _flag(client, login_as, **pupil_kwargs):
    school, school_class = school_with_class()
    pupil = factories.PupilFactory(school_class=school_class, first_name="Oskar", guardian_phone="20304050",
                                   **pupil_kwargs)
    login_as(Role.COORDINATOR, school=school)
    assert client.post(f"/skole/elever/{pupil.id}/ungeenheden", data={"reason": ""}).status_code == 422
    assert client.post(f"/skole/elever/{pupil.id}/ungeenheden",
                       data={"reason": "Meget fravær, praktisk anlagt"}).status_code == 302
    client.post("/log-ud")
    return pupil


def test_staff_see_a_flagged_pupil_only_after_the_guardian_consents(client, login_as) -> None:
    pupil = _flag(client, login_as)
    [answer] = links_to(pupil.guardian_email)
    login_as(Role.STAFF)
    assert "Oskar" not in client.get("/medarbejder/ungeenheden-fra-skolen").get_data(as_text=True)
    client.post("/log-ud")
    page = client.get(path(answer)).get_data(as_text=True)
    assert "Meget fravær, praktisk anlagt" in page
    assert client.post(path(answer), data={"answer": "yes"}).status_code == 200
    assert client.get(path(answer)).status_code == 404  # single use
    login_as(Role.STAFF)
    listed = client.get("/medarbejder/ungeenheden-fra-skolen").get_data(as_text=True)
    assert "Oskar" in listed and "Meget fravær" in listed


def test_a_declined_flag_never_reaches_staff(client, login_as) -> None:
    pupil = _flag(client, login_as)
    [answer] = links_to(pupil.guardian_email)
    client.post(path(answer), data={"answer": "no", "reason": ""})
    referral = db.session.scalar(db.select(PupilReferral))
    assert referral.status is ReferralStatus.DECLINED
    login_as(Role.STAFF)
    assert "Oskar" not in client.get("/medarbejder/ungeenheden-fra-skolen").get_data(as_text=True)


def test_a_withdrawn_consent_takes_the_pupil_off_the_list(client, login_as) -> None:
    pupil = _flag(client, login_as)
    client.post(path(links_to(pupil.guardian_email)[0]), data={"answer": "yes"})
    withdraw = links_to(pupil.guardian_email)[-1]
    assert "/ungeenheden/samtykke/tilbagekald/" in withdraw
    assert client.post(path(withdraw), data={"reason": ""}).status_code == 422
    assert client.post(path(withdraw), data={"reason": "Vi har talt om det"}).status_code == 200
    login_as(Role.STAFF)
    assert "Oskar" not in client.get("/medarbejder/ungeenheden-fra-skolen").get_data(as_text=True)


def test_staff_start_a_youth_profile_from_the_consented_pupil(client, login_as) -> None:
    pupil = _flag(client, login_as, email="oskar@elev.dk")
    client.post(path(links_to(pupil.guardian_email)[0]), data={"answer": "yes"})
    referral = db.session.scalar(db.select(PupilReferral))
    login_as(Role.STAFF)
    assert client.post(f"/medarbejder/ungeenheden-fra-skolen/{referral.id}/start",
                       data={"email": "forkert"}).status_code == 422
    response = client.post(f"/medarbejder/ungeenheden-fra-skolen/{referral.id}/start",
                           data={"email": "oskar.ung@eksempel.dk"})
    assert response.status_code == 302
    profile = db.session.scalar(db.select(YouthProfile).where(YouthProfile.first_name == "Oskar"))
    assert (profile.birth_year, profile.birth_month) == (pupil.birth_year, pupil.birth_month)
    guardian = db.session.scalar(db.select(Guardian).where(Guardian.youth_profile_id == profile.id))
    assert guardian.email == pupil.guardian_email
    assert links_to("oskar.ung@eksempel.dk")  # the youth invitation
    db.session.refresh(referral)
    assert referral.youth_profile_id == profile.id
    again = client.post(f"/medarbejder/ungeenheden-fra-skolen/{referral.id}/start",
                        data={"email": "oskar2@eksempel.dk"})
    assert again.status_code == 422


def test_a_coordinator_cannot_flag_another_schools_pupil(client, login_as) -> None:
    _school, other_class = school_with_class()
    pupil = factories.PupilFactory(school_class=other_class)
    login_as(Role.COORDINATOR)
    assert client.post(f"/skole/elever/{pupil.id}/ungeenheden", data={"reason": "x"}).status_code == 404
    assert db.session.scalar(db.select(db.func.count(PupilReferral.id))) == 0


def test_a_flag_without_a_reason_keeps_the_pupils_saved_details_on_the_page(client, login_as) -> None:
    school, school_class = school_with_class()
    pupil = factories.PupilFactory(school_class=school_class, first_name="Oskar", last_name="Nielsen")
    login_as(Role.COORDINATOR, school=school)
    page = client.post(f"/skole/elever/{pupil.id}/ungeenheden", data={"reason": ""})
    assert page.status_code == 422
    assert 'value="Nielsen"' in page.get_data(as_text=True)
