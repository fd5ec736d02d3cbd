"""Young people: the profile a young person owns, kept to the minimum needed to find them an internship.

Staff-only facts live in a separate table (YouthStaffRecord), so no company- or youth-facing query can load them
by accident.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.accounts.models import User
from partnerhub.extensions import Model, db, str_enum
from partnerhub.forms import weekday_label, weekdays_from_text
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.reference.models import Town, TradeArea
from partnerhub.timeutil import utcnow

if TYPE_CHECKING:
    from partnerhub.guardians.models import Guardian


class Transport(LabelledEnum):
    WALK = "walk", _l("Går")
    BIKE = "bike", _l("Cykel")
    PUBLIC = "public", _l("Bus eller tog")
    MOPED = "moped", _l("Knallert")
    CAR = "car", _l("Bil")


class TravelUnit(LabelledEnum):
    KM = "km", _l("km")
    MINUTES = "min", _l("minutter")


class Readiness(LabelledEnum):
    """The three groups of youth_categories.csv (LAB § 6); keys are the file's category_key."""

    OBVIOUSLY_READY = "aabenlyst_uddannelsesparat", _l("Åbenlyst uddannelsesparat")
    READY = "uddannelsesparat", _l("Uddannelsesparat")
    ACTIVITY_READY = "aktivitetsparat", _l("Aktivitetsparat")

youth_trade_areas = Table(
    "youth_trade_areas", db.metadata,
    Column("profile_id", ForeignKey("youth_profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("trade_area_id", ForeignKey("trade_areas.id"), primary_key=True),
)


def name_of(first_name: str, last_name: str | None) -> str:
    """The name pages show; a list that reads columns rather than profiles builds it from the same two."""
    return f"{first_name} {last_name}".strip() if last_name else first_name


def adjustments_needed(accommodations: str | None) -> bool:
    """The young person has written an adjustment they need (the matcher's and the checks' one yes/no)."""
    return bool((accommodations or "").strip())


class YouthProfile(Model):
    __tablename__ = "youth_profiles"
    # Staff's list of young people is ordered by name, a page at a time; without it every page sorts them all.
    __table_args__ = (Index("ix_youth_profiles_name_order", "first_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str | None] = mapped_column(String(80))
    birth_year: Mapped[int | None]
    birth_month: Mapped[int | None]  # 1-12, only when an identity provider released the birth date
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"), index=True)
    transport: Mapped[Transport | None] = mapped_column(str_enum(Transport))
    max_travel: Mapped[int | None]
    max_travel_unit: Mapped[TravelUnit | None] = mapped_column(str_enum(TravelUnit))
    interests: Mapped[str | None] = mapped_column(Text)  # in the young person's own words
    weekdays: Mapped[str | None] = mapped_column(String(20))  # ISO weekdays, 1 = Monday
    earliest_start: Mapped[date | None]
    accommodations: Mapped[str | None] = mapped_column(Text)  # self-declared
    share_accommodation_details: Mapped[bool] = mapped_column(default=False)
    profile_updated_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id], backref=db.backref("youth_profile", uselist=False))
    town: Mapped[Town | None] = relationship()
    trade_areas: Mapped[list[TradeArea]] = relationship(secondary=youth_trade_areas, order_by="TradeArea.name_da")
    staff_record: Mapped[YouthStaffRecord | None] = relationship(back_populates="profile", uselist=False,
                                                                 cascade="all, delete-orphan")
    if TYPE_CHECKING:  # the backref of Guardian.profile (partnerhub/guardians/models.py), for the type checker
        guardian: Mapped[Guardian | None]

    @property
    def display_name(self) -> str:
        return name_of(self.first_name, self.last_name)

    @property
    def needs_adjustments(self) -> bool:
        return adjustments_needed(self.accommodations)

    @property
    def weekday_list(self) -> list[int]:
        return weekdays_from_text(self.weekdays)

    @property
    def weekday_label(self) -> str:
        return weekday_label(self.weekdays)

    @property
    def travel_label(self) -> str:
        if not self.max_travel or not self.max_travel_unit:
            return "–"
        return f"{self.max_travel} {self.max_travel_unit.label}"

    @property
    def profile_complete(self) -> bool:
        return bool(self.town_id and self.transport and self.interests and self.weekdays)


class YouthStaffRecord(Model):
    """Staff-only: never shown to companies or young people; every view of the notes is audit-logged."""

    __tablename__ = "youth_staff_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), unique=True)
    readiness: Mapped[Readiness | None] = mapped_column(str_enum(Readiness), index=True)
    effort_focus: Mapped[str | None] = mapped_column(String(300))  # indsatsens fokus
    consultant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    profile: Mapped[YouthProfile] = relationship(back_populates="staff_record")
    consultant: Mapped[User | None] = relationship(foreign_keys=[consultant_id])
