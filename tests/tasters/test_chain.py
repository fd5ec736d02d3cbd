"""The consent chain: the company confirms, the guardian consents by a mailed single-use link (or declines with a
reason, or withdraws), the coordinator approves; each step tells the next, and everyone sees where it stands.
Then the praktikseddel (page and PDF), the answers after the week, one request list for the company, and what a
hosting company may see of a pupil."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.tasters.models import BookingStatus, HostAgain, TasterBooking
from tests import factories
from tests.tasters.helpers import hr_company, last_link, monday, slot_for, week_for

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def chain(login_as) -> dict:
    company, hr = hr_company()
    school_class = factories.SchoolClassFactory()
    coordinator = factories.user_for_role(Role.COORDINATOR, school=school_class.school)
    week = week_for(school_class, monday(3))
    slot = slot_for(company, monday(3), places=2)
    pupil = factories.PupilFactory(school_class=school_class, contact_needs="Har ordblindhed: læs højt for mig")
    pupil_user = factories.user_for_role(Role.PUPIL, pupil=pupil)
    booking = TasterBooking(pupil_id=pupil.id, slot_id=slot.id, praktik_week_id=week.id, wish_rank=1)
    db.session.add(booking)
    db.session.commit()
    return {"company": company, "hr": hr, "coordinator": coordinator, "pupil": pupil, "week": week, "slot": slot,
            "booking": booking, "pupil_user": pupil_user}


def _login(client, user) -> None:
    client.post("/log-ud")
    response = client.post("/log-ind", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302


def _status(booking) -> BookingStatus:
    db.session.expire_all()
    return db.session.get(TasterBooking, booking.id).status


def _confirm(client, chain) -> None:
    _login(client, chain["hr"])
    response = client.post(f"/virksomhed/erhvervspraktik/plads/{chain['booking'].id}/svar", data={"answer": "yes"})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_the_whole_chain_to_the_praktikseddel(client, chain) -> None:
    booking, pupil = chain["booking"], chain["pupil"]
    _confirm(client, chain)
    assert _status(booking) is BookingStatus.AWAITING_GUARDIAN
    link = last_link(pupil.guardian_email, "/samtykke/erhvervspraktik/")
    client.post("/log-ud")
    page = client.get(link).get_data(as_text=True)
    assert chain["company"].name in page and "08:00–14:00" in page and "Mester Jensen, 75 12 34 56" in page
    assert "mandag, tirsdag" in page
    assert client.post(link, data={"answer": "yes"}).status_code == 200
    assert _status(booking) is BookingStatus.AWAITING_SCHOOL
    assert client.get(link).status_code == 404  # single use
    assert last_link(chain["coordinator"].email, "/erhvervspraktik/plads/")
    # The coordinator approves; the company is told.
    _login(client, chain["coordinator"])
    page = client.get(f"/erhvervspraktik/plads/{booking.id}").get_data(as_text=True)
    assert "Venter på skolens godkendelse" in page
    assert client.post(f"/skole/erhvervspraktik/plads/{booking.id}/godkend").status_code == 302
    assert _status(booking) is BookingStatus.APPROVED
    assert "Praktiksedlen er klar" in db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.recipient == chain["hr"].email).order_by(OutboxMessage.id.desc())).first().body
    assert last_link(chain["pupil_user"].email, f"/erhvervspraktik/plads/{booking.id}/praktikseddel")
    # The praktikseddel, for each party.
    for user in (chain["coordinator"], chain["hr"], chain["pupil_user"]):
        _login(client, user)
        assert client.get(f"/erhvervspraktik/plads/{booking.id}/praktikseddel").status_code == 200
        response = client.get(f"/erhvervspraktik/plads/{booking.id}/praktikseddel.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).split())
        for expected in ("Praktikseddel", pupil.display_name, chain["company"].name,
                         chain["week"].starts_on.strftime("%d.%m.%Y"), "08:00–14:00", "Mester Jensen",
                         "Statens Erstatningsordning", chain["coordinator"].name):
            assert expected in text, expected


def test_the_guardian_declines_with_a_reason_and_the_school_is_told(client, chain) -> None:
    _confirm(client, chain)
    link = last_link(chain["pupil"].guardian_email, "/samtykke/erhvervspraktik/")
    client.post("/log-ud")
    response = client.post(link, data={"answer": "no"})
    assert response.status_code == 422 and "Skriv kort, hvorfor du siger nej" in response.get_data(as_text=True)
    client.post(link, data={"answer": "no", "reason": "Han skal til tandlæge den uge"})
    assert _status(chain["booking"]) is BookingStatus.GUARDIAN_DECLINED
    assert "Han skal til tandlæge den uge" in db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.recipient == chain["coordinator"].email).order_by(OutboxMessage.id.desc())).first().body
    _login(client, chain["coordinator"])
    page = client.get(f"/erhvervspraktik/plads/{chain['booking'].id}").get_data(as_text=True)
    assert "Forælder eller værge har sagt nej" in page and "Stoppet" in page


def test_the_guardian_withdraws_a_consent(client, chain) -> None:
    _confirm(client, chain)
    link = last_link(chain["pupil"].guardian_email, "/samtykke/erhvervspraktik/")
    client.post("/log-ud")
    client.post(link, data={"answer": "yes"})
    withdraw = last_link(chain["pupil"].guardian_email, "/samtykke/erhvervspraktik/tilbagekald/")
    assert client.get(withdraw).status_code == 200
    client.post(withdraw, data={"reason": "Vi har fundet en anden plads"})
    assert _status(chain["booking"]) is BookingStatus.WITHDRAWN
    assert client.get(withdraw).status_code == 404


def test_an_expired_link_does_not_work(client, chain, app) -> None:
    _confirm(client, chain)
    link = last_link(chain["pupil"].guardian_email, "/samtykke/erhvervspraktik/")
    from partnerhub.tasters.models import TasterConsent

    consent = db.session.scalars(db.select(TasterConsent)).one()
    consent.expires_at = consent.requested_at - dt.timedelta(seconds=1)
    db.session.commit()
    client.post("/log-ud")
    assert client.get(link).status_code == 404


def test_illegal_moves_are_refused(client, chain) -> None:
    booking = chain["booking"]
    _login(client, chain["coordinator"])
    response = client.post(f"/skole/erhvervspraktik/plads/{booking.id}/godkend", follow_redirects=True)
    assert "Pladsen er allerede" in response.get_data(as_text=True)
    assert _status(booking) is BookingStatus.AWAITING_COMPANY


def test_the_company_declines_with_a_reason(client, chain) -> None:
    _login(client, chain["hr"])
    url = f"/virksomhed/erhvervspraktik/plads/{chain['booking'].id}/svar"
    assert client.post(url, data={"answer": "no"}).status_code == 422
    client.post(url, data={"answer": "no", "reason": "Mesteren er syg"})
    assert _status(chain["booking"]) is BookingStatus.COMPANY_DECLINED


def test_one_request_list_across_schools_showing_only_name_class_and_contact_needs(client, chain) -> None:
    other_class = factories.SchoolClassFactory()
    other_week = week_for(other_class, monday(3))
    other = factories.PupilFactory(school_class=other_class, first_name="Fra", last_name="Andenskole")
    db.session.add(TasterBooking(pupil_id=other.id, slot_id=chain["slot"].id, praktik_week_id=other_week.id))
    db.session.commit()
    _login(client, chain["hr"])
    page = client.get("/virksomhed/erhvervspraktik/forespoergsler").get_data(as_text=True)
    assert chain["pupil"].display_name in page and "Fra Andenskole" in page
    assert chain["pupil"].school.name in page and other_class.school.name in page
    assert "Har ordblindhed" in page
    for shown in (page, client.get(f"/erhvervspraktik/plads/{chain['booking'].id}").get_data(as_text=True)):
        assert chain["pupil"].guardian_email not in shown and chain["pupil"].guardian_name not in shown
        assert str(chain["pupil"].birth_year) not in shown
    # Another company sees none of it.
    client.post("/log-ud")
    _company, other_hr = hr_company()
    _login(client, other_hr)
    assert client.get(f"/erhvervspraktik/plads/{chain['booking'].id}").status_code == 404
    assert chain["pupil"].display_name not in client.get("/virksomhed/erhvervspraktik/forespoergsler").get_data(
        as_text=True)


def test_after_the_week_the_company_answers_host_again_and_the_pupil_reflects(client, chain) -> None:
    booking = chain["booking"]
    booking.status = BookingStatus.APPROVED
    db.session.commit()
    _login(client, chain["hr"])
    url = f"/virksomhed/erhvervspraktik/plads/{booking.id}/efter-ugen"
    response = client.post(url, data={"host_again": "yes", "certificate": "Mødte til tiden"})
    assert response.status_code == 422 and "når praktikugen er slut" in response.get_data(as_text=True)
    chain["week"].starts_on = monday(-2)
    db.session.commit()
    assert "Vil I gerne have en elev igen?" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"host_again": "yes", "certificate": "Mødte til tiden"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(TasterBooking, booking.id).host_again is HostAgain.YES
    _login(client, chain["pupil_user"])
    response = client.post(f"/elev/erhvervspraktik/plads/{booking.id}/refleksion",
                           data={"reflection": "Jeg vil gerne være tømrer"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(TasterBooking, booking.id).reflection == "Jeg vil gerne være tømrer"


def test_a_guardian_who_has_not_answered_is_reminded_with_a_new_link(client, chain, app) -> None:
    """As for the youth unit's minors: `flask guardians remind` reminds a guardian whose link is still open after
    GUARDIAN_REMINDER_AFTER, at most GUARDIAN_MAX_REMINDERS times, with a new link (the old one stops)."""
    from partnerhub.tasters.models import TasterConsent

    _confirm(client, chain)
    first = last_link(chain["pupil"].guardian_email, "/samtykke/erhvervspraktik/")
    runner = app.test_cli_runner()
    assert "taster reminders sent: 0" in runner.invoke(args=["guardians", "remind"]).output  # too soon
    consent = db.session.scalars(db.select(TasterConsent)).one()
    consent.requested_at -= app.config["GUARDIAN_REMINDER_AFTER"] + dt.timedelta(hours=1)
    db.session.commit()
    assert "taster reminders sent: 1" in runner.invoke(args=["guardians", "remind"]).output
    second = last_link(chain["pupil"].guardian_email, "/samtykke/erhvervspraktik/")
    assert second != first
    client.post("/log-ud")
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    reminder = db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.recipient == chain["pupil"].guardian_email).order_by(OutboxMessage.id.desc())).first()
    assert reminder.subject.startswith("Påmindelse")
    for _ in range(3):
        db.session.expire_all()
        consent = db.session.scalars(db.select(TasterConsent)).one()
        consent.reminded_at -= app.config["GUARDIAN_REMINDER_AFTER"] + dt.timedelta(hours=1)
        db.session.commit()
        runner.invoke(args=["guardians", "remind"])
    db.session.expire_all()
    assert db.session.scalars(db.select(TasterConsent)).one().reminders == app.config["GUARDIAN_MAX_REMINDERS"]
