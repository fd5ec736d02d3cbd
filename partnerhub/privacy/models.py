"""Retention settings, kept as data so an admin can follow the municipality's rules without a deploy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from partnerhub.extensions import Model
from partnerhub.timeutil import utcnow

DEFAULT_YOUTH_INACTIVE_DAYS = 730
DEFAULT_AUDIT_RETENTION_DAYS = 1825


class RetentionSettings(Model):
    """A single row: how long an inactive young person and an audit event are kept."""

    __tablename__ = "retention_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_inactive_days: Mapped[int] = mapped_column(default=DEFAULT_YOUTH_INACTIVE_DAYS)
    audit_retention_days: Mapped[int] = mapped_column(default=DEFAULT_AUDIT_RETENTION_DAYS)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
