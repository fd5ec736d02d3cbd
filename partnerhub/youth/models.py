"""Young people: the profile a young person owns, kept to the minimum needed to find them an internship."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.accounts.models import User
from partnerhub.extensions import db
from partnerhub.timeutil import utcnow


class YouthProfile(db.Model):
    __tablename__ = "youth_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str | None] = mapped_column(String(80))
    birth_year: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], backref=db.backref("youth_profile", uselist=False))

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() if self.last_name else self.first_name
