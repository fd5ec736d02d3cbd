"""Accounts: one login per person, with a role and (for HR) the company it acts for."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.extensions import Model, str_enum
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow

if TYPE_CHECKING:
    from partnerhub.companies.models import Company


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login identity: bumping it kills every session cookie issued before (logout, password change).
    session_generation: Mapped[int] = mapped_column(default=0)
    locale: Mapped[str | None] = mapped_column(String(5))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    # Set when erasure or retention replaced the person's identity; the row stays so aggregates still add up.
    anonymised_at: Mapped[datetime | None]

    company: Mapped[Company | None] = relationship(back_populates="hr_users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at login and on every request
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class Invitation(Model):
    """A single-use, expiring link that lets an invited person set their own password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
