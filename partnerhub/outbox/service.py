"""Sending mail through Flask-Mail while keeping a copy in the outbox."""

from __future__ import annotations

import logging

from flask import current_app
from flask_mail import Message

from partnerhub.extensions import db, mail
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
