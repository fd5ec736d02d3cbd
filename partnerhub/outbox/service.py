"""Sending mail through Flask-Mail while keeping a copy in the outbox."""

from __future__ import annotations

import logging
import re

from flask import current_app, url_for
from flask_mail import Message

from partnerhub.accounts.models import User
from partnerhub.extensions import db, mail
from partnerhub.i18n import gettext as _
from partnerhub.outbox.models import OutboxMessage

log = logging.getLogger(__name__)


def send_mail(recipient: str, subject: str, body: str, recipient_user_id: int | None = None) -> OutboxMessage:
    """Keeps the outbox copy even when delivery fails, so a lost reset mail can be found and resent."""
    message = OutboxMessage(recipient=recipient, recipient_user_id=recipient_user_id, subject=subject, body=body)
    db.session.add(message)
    try:
        mail.send(Message(subject=subject, recipients=[recipient], body=body))
        message.delivered = not current_app.config["MAIL_SUPPRESS_SEND"]
    except OSError:
        log.warning("Mail to user %s could not be delivered; it stays in the outbox", recipient_user_id)
    return message


def recent_messages(limit: int = 100) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))


# Links that let whoever holds them into the recipient's account.
_SECRET_LINK_ENDPOINTS = ("accounts.reset_password", "accounts.accept_invitation")


def _secret_link_pattern() -> re.Pattern[str]:
    placeholder = "PLACEHOLDER"
    prefixes = [url_for(endpoint, token=placeholder).removesuffix(placeholder) for endpoint in _SECRET_LINK_ENDPOINTS]
    return re.compile(r"(?:https?://[^\s/]+)?(?:" + "|".join(map(re.escape, prefixes)) + r")\S+")


def displayed_body(message: OutboxMessage, viewer: User) -> str:
    """Masks reset and invitation links of other users, so a staff login can never take over another account."""
    if message.recipient_user_id is not None and message.recipient_user_id == viewer.id:
        return message.body
    return _secret_link_pattern().sub(_("[link skjult – kun modtageren kan se det]"), message.body)
