"""The young person's last employer, and staff flags on companies (the reason is for staff only)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company
from partnerhub.extensions import Model, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile


class LastEmployer(Model):
    """Where the young person last had a job, and when it ended; the young person or staff record it.

    The employer is a company in PartnerHub (then the matcher can keep it out) or just a name."""

    __tablename__ = "youth_last_employers"

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), unique=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    employer_name: Mapped[str | None] = mapped_column(String(160))  # an employer outside PartnerHub
    ended_on: Mapped[date | None]  # None: still employed there, or not known
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    profile: Mapped[YouthProfile] = relationship()
    company: Mapped[Company | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def name(self) -> str:
        return self.company.name if self.company is not None else (self.employer_name or "")


class FlagStatus(LabelledEnum):
    ACTIVE = "active", _l("Markeret")
    LIFTED = "lifted", _l("Ophævet")


FLAG_TRANSITIONS: dict[FlagStatus, frozenset[FlagStatus]] = {
    FlagStatus.ACTIVE: frozenset({FlagStatus.LIFTED}),
    FlagStatus.LIFTED: frozenset(),
}


class CompanyFlag(Model):
    """A staff member's flag on a company (a labour conflict, abuse ...): no proposals there until it is lifted.
    The reason is shown to staff only: never to the company, a young person or in management's figures."""

    __tablename__ = "company_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    status: Mapped[FlagStatus] = mapped_column(str_enum(FlagStatus), default=FlagStatus.ACTIVE, index=True)
    reason: Mapped[str] = mapped_column(Text)
    flagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    flagged_at: Mapped[datetime] = mapped_column(default=utcnow)
    lift_note: Mapped[str | None] = mapped_column(Text)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lifted_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship()
    flagged_by: Mapped[User | None] = relationship(foreign_keys=[flagged_by_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])

    @property
    def is_active(self) -> bool:
        return self.status is FlagStatus.ACTIVE
