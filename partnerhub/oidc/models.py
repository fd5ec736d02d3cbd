"""Identities at an external OpenID Connect provider, each linked once to a PartnerHub user."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.accounts.models import User
from partnerhub.extensions import Model, db, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow


class Audience(enum.StrEnum):
    """Who signs in through a provider: young people (MitID), companies (MitID Erhverv), staff (the municipality)."""

    YOUTH = "youth"
    COMPANY = "company"
    STAFF = "staff"

    @property
    def roles(self) -> frozenset[Role]:
        return AUDIENCE_ROLES[self]

    @property
    def label(self) -> str:
        return str(AUDIENCE_LABELS[self])

    @property
    def slug(self) -> str:
        """The audience's part of the sign-in URLs, in Danish like the app's other paths."""
        return AUDIENCE_SLUGS[self]

    @classmethod
    def of_slug(cls, slug: str) -> Audience | None:
        return next((audience for audience, known in AUDIENCE_SLUGS.items() if known == slug), None)

    @classmethod
    def of_role(cls, role: Role) -> Audience:
        return next(audience for audience in cls if role in audience.roles)


AUDIENCE_ROLES = {
    # Pupils sign in like young people; school coordinators are municipal employees like staff.
    Audience.YOUTH: frozenset({Role.YOUTH, Role.PUPIL}),
    Audience.COMPANY: frozenset({Role.COMPANY}),
    Audience.STAFF: frozenset({Role.STAFF, Role.ADMIN, Role.MANAGEMENT, Role.COORDINATOR}),
}

AUDIENCE_SLUGS = {Audience.YOUTH: "ung", Audience.COMPANY: "virksomhed", Audience.STAFF: "medarbejder"}

AUDIENCE_LABELS = {
    Audience.YOUTH: _l("Ung"),
    Audience.COMPANY: _l("Virksomhed"),
    Audience.STAFF: _l("Medarbejder i kommunen"),
}


class OidcIdentity(Model):
    """A provider's subject for one user; the subject is the provider's pseudonym, never a CPR number."""

    __tablename__ = "oidc_identities"
    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_oidc_identities_issuer_subject"),
        UniqueConstraint("user_id", "audience", name="uq_oidc_identities_user_audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    audience: Mapped[Audience] = mapped_column(str_enum(Audience))
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    # The backref lets pages tell "signs in through a provider" from "invited, no password yet".
    user: Mapped[User] = relationship(backref=db.backref("oidc_identities", cascade="all, delete-orphan",
                                                         passive_deletes=True))
