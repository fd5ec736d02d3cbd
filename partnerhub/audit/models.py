"""The audit log: who did what to whose data, when, and whether it was allowed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from partnerhub.extensions import Model
from partnerhub.timeutil import utcnow


class AuditEvent(Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    # The person whose personal data was touched, so an access export can list who saw their data.
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    ip: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[dict | None] = mapped_column(JSON)


def register_listeners() -> None:
    """Called by create_app; idempotent, since the listener is on every ORM session and tests build many apps."""
    if not event.contains(Session, "before_flush", _refuse_audit_changes):
        event.listen(Session, "before_flush", _refuse_audit_changes)


def _refuse_audit_changes(session: Session, flush_context: object, instances: object) -> None:
    """The app may only append to the audit log; retention runs outside the ORM session."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("Audit-loggen kan kun udvides, ikke ændres.")
