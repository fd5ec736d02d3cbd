"""A guardian of a young person under 18, and each consent request for one placement.

Only hashes of the mailed links are stored, so a database leak opens nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.extensions import Model, db, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.planning.models import Placement
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile


class ConsentStatus(LabelledEnum):
    REQUESTED = "requested", _l("Venter på svar")
    GIVEN = "given", _l("Samtykke givet")
    DECLINED = "declined", _l("Sagt nej")
    WITHDRAWN = "withdrawn", _l("Samtykke trukket tilbage")
    REPLACED = "replaced", _l("Erstattet af en ny anmodning")


CONSENT_TRANSITIONS: dict[ConsentStatus, frozenset[ConsentStatus]] = {
    ConsentStatus.REQUESTED: frozenset({ConsentStatus.GIVEN, ConsentStatus.DECLINED, ConsentStatus.REPLACED}),
    ConsentStatus.GIVEN: frozenset({ConsentStatus.WITHDRAWN}),
    ConsentStatus.DECLINED: frozenset(),
    ConsentStatus.WITHDRAWN: frozenset(),
    ConsentStatus.REPLACED: frozenset(),
}
# A move into one of these needs the guardian's reason.
CONSENT_NEEDS_REASON = frozenset({ConsentStatus.DECLINED, ConsentStatus.WITHDRAWN})


class Guardian(Model):
    """The parent or guardian (forælder / værge) of a young person under 18; no account, no CPR number."""

    __tablename__ = "guardians"

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]

    profile: Mapped[YouthProfile] = relationship(backref=db.backref("guardian", uselist=False,
                                                                    cascade="all, delete-orphan"))


class GuardianConsent(Model):
    """One request for the guardian's consent to one placement, and the answer (also a later withdrawal)."""

    __tablename__ = "guardian_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id", ondelete="CASCADE"), index=True)
    status: Mapped[ConsentStatus] = mapped_column(str_enum(ConsentStatus), default=ConsentStatus.REQUESTED,
                                                  index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the answer link, used once
    expires_at: Mapped[datetime]
    withdraw_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # mailed with the consent
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_at: Mapped[datetime | None]
    reminders: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)  # why the guardian declined or withdrew

    placement: Mapped[Placement] = relationship()
    guardian: Mapped[Guardian] = relationship()

    @property
    def is_given(self) -> bool:
        return self.status is ConsentStatus.GIVEN

    @property
    def is_waiting(self) -> bool:
        return self.status is ConsentStatus.REQUESTED

    def answerable(self, now: datetime) -> bool:
        """The answer link works once, until it expires."""
        return self.status is ConsentStatus.REQUESTED and now < self.expires_at
