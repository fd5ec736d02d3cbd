"""Shared setup for the schools tests: a school with a coordinator and a class, mails and links."""

from __future__ import annotations

import re

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from tests import factories

LINK = re.compile(r"https?://\S+")


def school_with_class(**class_kwargs):
    school_class = factories.SchoolClassFactory(**class_kwargs)
    return school_class.school, school_class


def links_to(email: str) -> list[str]:
    bodies = db.session.scalars(db.select(OutboxMessage.body).where(OutboxMessage.recipient == email)
                                .order_by(OutboxMessage.id)).all()
    return [link for body in bodies for link in LINK.findall(body)]


def path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def audit_actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))
