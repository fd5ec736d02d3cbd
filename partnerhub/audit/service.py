"""Writing the audit log; every personal-data view, change, export and denial goes through record()."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from flask import Flask, Response, current_app, has_request_context, request
from flask_login import AnonymousUserMixin
from sqlalchemy import Select, event
from sqlalchemy.orm import Session, SessionTransaction, scoped_session

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db

if TYPE_CHECKING:
    from partnerhub.accounts.models import User

# Who did it: a user, someone not logged in (a failed login, a denied page) or the system itself (CLI, jobs).
Actor: TypeAlias = "User | AnonymousUserMixin | None"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITTEN = "partnerhub_written_tables"  # Session.info key: the tables this transaction has flushed to
# The only tables a GET may write, each with its reason. Anything else a read commits raises WriteDuringReadError.
WRITABLE_DURING_READS = {
    AuditEvent.__tablename__: "every access to personal data is logged, reads included",
}


View = TypeVar("View", bound=Callable[..., Any])


class WriteDuringReadError(RuntimeError):
    """A GET (or HEAD) request tried to commit something other than the audit log."""


def writes_on_get(reason: str) -> Callable[[View], View]:
    """Marks a view whose GET is a write by protocol (an OpenID Connect callback signs the person in), with why."""
    def mark(view: View) -> View:
        view.writes_on_get = reason  # type: ignore[attr-defined]
        return view
    return mark


def _view_writes_on_get() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_on_get", None))


def init_app(app: Flask) -> None:
    """A read writes only the audit log, and that is committed here, once, after the page is built."""
    app.after_request(commit_access_log)
    for name, listener in (("after_flush", _note_written_tables), ("before_commit", _refuse_writes_during_reads),
                           ("after_transaction_end", _forget_written_tables)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def commit_access_log(response: Response) -> Response:
    """Every access to personal data is logged: audit events a view left pending are committed here, after the
    page is built. On a read anything else pending is refused by the commit; elsewhere it is left to roll back."""
    written = _written_tables(db.session)
    if written and (request.method in READ_METHODS or written == {AuditEvent.__tablename__}):
        db.session.commit()
    return response


def _written_tables(session: Session | scoped_session[Any]) -> set[str]:
    return session.info.get(_WRITTEN, set()) | _changed_tables(session)


def _changed_tables(session: Session | scoped_session[Any]) -> set[str]:
    changed = [*session.new, *session.deleted, *(obj for obj in session.dirty if session.is_modified(obj))]
    return {getattr(obj, "__tablename__", type(obj).__name__) for obj in changed}


def _note_written_tables(session: Session, flush_context: object) -> None:
    session.info.setdefault(_WRITTEN, set()).update(_changed_tables(session))


def _forget_written_tables(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a savepoint, is over
        session.info.pop(_WRITTEN, None)


def _refuse_writes_during_reads(session: Session) -> None:
    """No commit during a GET: a read that changes data is a bug, found here, not by a crawler or a prefetch."""
    if not has_request_context() or request.method not in READ_METHODS or _view_writes_on_get():
        return
    written = _written_tables(session)
    if written - WRITABLE_DURING_READS.keys():
        raise WriteDuringReadError(f"{request.method} {request.path} wrote {sorted(written)}")


def record(
    actor: Actor,
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | str | None = None,
    subject_user_id: int | None = None,
    outcome: str = "ok",
    detail: dict | None = None,
) -> AuditEvent:
    """Adds an event to the current transaction, so it commits (or rolls back) with the change it describes."""
    user = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        actor_id=user.id if user is not None else None,
        actor_role=str(user.role) if user is not None else None,
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


def record_now(actor: Actor, action: str, **kwargs: Any) -> None:
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
) -> Select[tuple[AuditEvent]]:
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
