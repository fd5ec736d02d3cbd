"""Companies that host internships; HR users act for one company each."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.extensions import db, str_enum
from partnerhub.timeutil import utcnow

if TYPE_CHECKING:
    from partnerhub.accounts.models import User


class CompanyStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(COMPANY_STATUS_LABELS[self])


COMPANY_STATUS_LABELS = {
    CompanyStatus.PENDING: _l("Afventer godkendelse"),
    CompanyStatus.APPROVED: _l("Godkendt"),
    CompanyStatus.REJECTED: _l("Afvist"),
}

# Staff may reconsider a rejection, but an approved partner is never silently un-approved.
COMPANY_TRANSITIONS: dict[CompanyStatus, frozenset[CompanyStatus]] = {
    CompanyStatus.PENDING: frozenset({CompanyStatus.APPROVED, CompanyStatus.REJECTED}),
    CompanyStatus.REJECTED: frozenset({CompanyStatus.APPROVED}),
    CompanyStatus.APPROVED: frozenset(),
}


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    cvr: Mapped[str] = mapped_column(String(8), unique=True)
    status: Mapped[CompanyStatus] = mapped_column(str_enum(CompanyStatus), default=CompanyStatus.PENDING, index=True)
    status_changed_at: Mapped[datetime | None]  # who changed it is in the audit log
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    hr_users: Mapped[list[User]] = relationship(
        back_populates="company", foreign_keys="User.company_id", order_by="User.id"
    )

    @property
    def is_approved(self) -> bool:
        return self.status is CompanyStatus.APPROVED
