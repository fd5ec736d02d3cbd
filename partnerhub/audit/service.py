"""Writing the audit log; every personal-data view, change, export and denial goes through record()."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import has_request_context, request

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db


def record(
    actor: Any,
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | str | None = None,
    subject_user_id: int | None = None,
    outcome: str = "ok",
    detail: dict | None = None,
) -> AuditEvent:
    """Adds an event to the current transaction, so it commits (or rolls back) with the change it describes."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        actor_id=actor.id if authenticated else None,
        actor_role=str(actor.role) if authenticated else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        subject_user_id=subject_user_id,
        outcome=outcome,
        ip=request.remote_addr if has_request_context() else None,
        detail=detail,
    )
    db.session.add(event)
    return event


def record_now(actor: Any, action: str, **kwargs: Any) -> None:
    """For events that must survive a failed request (a denial): written in its own commit."""
    record(actor, action, **kwargs)
    db.session.commit()


def search(
    *,
    action: str | None = None,
    actor_email: str | None = None,
    subject_email: str | None = None,
    outcome: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
):  # noqa: ANN201 - a Select for paginate()
    """The admin's audit search; the dates are whole days, both included."""
    from partnerhub.accounts.models import User

    query = db.select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if outcome:
        query = query.where(AuditEvent.outcome == outcome)
    if actor_email:
        query = query.where(AuditEvent.actor_id.in_(db.select(User.id).where(User.email == actor_email.lower())))
    if subject_email:
        query = query.where(
            AuditEvent.subject_user_id.in_(db.select(User.id).where(User.email == subject_email.lower()))
        )
    if date_from:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(date_from, time.min))
    if date_to:
        query = query.where(AuditEvent.occurred_at < datetime.combine(date_to + timedelta(days=1), time.min))
    return query
