"""Issue 14: a young person invited by staff reads and ticks the same privacy notice as one who registers, and the
audit log keeps that they did; staff and HR invitations have no such notice."""

from __future__ import annotations

import re

from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow

NOTICE = "Vi gemmer ikke dit CPR-nummer."
TICK = "Jeg har læst, hvad PartnerHub gemmer om mig, og hvorfor"
PASSWORD = "en lang kode til mig selv"


def _invitation_link(email: str) -> str:
    body = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == email)
                              .order_by(OutboxMessage.id.desc())).first().body
    return re.search(r"https?://[^/\s]+(/invitation/\S+)", body).group(1)


def _invite_youth(client, login_as, email: str) -> str:
    login_as(Role.STAFF)
    created = client.post("/medarbejder/unge/ny", data={"first_name": "Dina", "last_name": "",
                                                        "birth_year": utcnow().year - 19, "email": email})
    assert created.status_code == 302
    client.post("/log-ud")
    return _invitation_link(email)


def test_an_invited_young_person_sees_and_must_tick_the_privacy_notice(client, login_as) -> None:
    link = _invite_youth(client, login_as, "dina@eksempel.dk")
    page = client.get(link).get_data(as_text=True)
    assert NOTICE in page and TICK in page and 'href="/dine-data"' in page

    refused = client.post(link, data={"password": PASSWORD, "password_confirm": PASSWORD})
    assert refused.status_code == 200 and "Læs teksten om dine data, og sæt flueben." in refused.get_data(as_text=True)
    user = db.session.scalar(db.select(User).where(User.email == "dina@eksempel.dk"))
    assert user.password_hash is None  # nothing was set without the tick

    accepted = client.post(link, data={"password": PASSWORD, "password_confirm": PASSWORD, "privacy_read": "y"})
    assert accepted.status_code == 302 and client.get("/ung").status_code == 200
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "invitation_accepted",
                                                          AuditEvent.subject_user_id == user.id))
    assert event.detail == {"privacy_notice_read": True}


def test_self_registration_records_the_privacy_notice_the_same_way(client) -> None:
    page = client.get("/opret/ung").get_data(as_text=True)
    assert NOTICE in page and TICK in page
    response = client.post("/opret/ung", data={
        "first_name": "Emil", "last_name": "", "birth_year": utcnow().year - 18, "birth_month": "1",
        "email": "emil@eksempel.dk",
        "password": PASSWORD, "password_confirm": PASSWORD, "privacy_read": "y"})
    assert response.status_code == 302
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "youth_registered"))
    assert event.detail == {"privacy_notice_read": True}


def test_an_invited_staff_member_gets_no_youth_privacy_notice(app, client) -> None:
    from partnerhub.accounts.service import create_user, invite

    with app.test_request_context():
        staff = create_user(email="ny@kommune.example", name="Nina", role=Role.STAFF)
        invite(None, staff)
    db.session.commit()
    link = _invitation_link("ny@kommune.example")
    page = client.get(link).get_data(as_text=True)
    assert NOTICE not in page and TICK not in page
    assert client.post(link, data={"password": PASSWORD, "password_confirm": PASSWORD}).status_code == 302
