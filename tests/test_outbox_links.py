"""Issue 14: the development outbox never hands one user another user's reset or invitation link."""

from __future__ import annotations

import re

import pytest

from partnerhub.accounts.service import invite
from partnerhub.extensions import db, mail
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from tests import factories
from tests.conftest import login


def _mail_to(email: str) -> OutboxMessage:
    return db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == email)
                              .order_by(OutboxMessage.id.desc())).first()


@pytest.mark.parametrize("viewer_role", [Role.STAFF, Role.ADMIN])
@pytest.mark.parametrize("suppress_send", [True, False])
def test_outbox_never_shows_another_users_reset_or_invitation_link(
        app, client, login_as, viewer_role: Role, suppress_send: bool, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "OUTBOX_VISIBLE_TO_STAFF", True)
    monkeypatch.setitem(app.config, "MAIL_SUPPRESS_SEND", suppress_send)
    victim = factories.user_for_role(Role.ADMIN if viewer_role is Role.STAFF else Role.STAFF)
    invited = factories.user_for_role(Role.STAFF, password_hash=None)
    with mail.record_messages() as sent:
        assert client.post("/glemt-adgangskode", data={"email": victim.email}).status_code == 302
        with app.test_request_context():
            invite(None, invited)
        db.session.commit()
    real_bodies = " ".join(message.body for message in sent)
    assert "/nulstil-adgangskode/" in real_bodies and "/invitation/" in real_bodies  # the real mails keep the links

    login_as(viewer_role)
    for message in (_mail_to(victim.email), _mail_to(invited.email)):
        page = client.get(f"/medarbejder/udbakke/{message.id}").get_data(as_text=True)
        assert "link skjult" in page
        assert "/nulstil-adgangskode/" not in page and "/invitation/" not in page
        token = re.search(r"/(?:nulstil-adgangskode|invitation)/(\S+)", message.body).group(1)
        assert token not in page
    assert "/nulstil-adgangskode/" not in client.get("/medarbejder/udbakke").get_data(as_text=True)


def test_outbox_shows_the_viewer_their_own_reset_link(client, login_as) -> None:
    staff = login_as(Role.STAFF)
    client.post("/log-ud")
    client.post("/glemt-adgangskode", data={"email": staff.email})
    login(client, staff.email)
    page = client.get(f"/medarbejder/udbakke/{_mail_to(staff.email).id}").get_data(as_text=True)
    assert "/nulstil-adgangskode/" in page and "link skjult" not in page
