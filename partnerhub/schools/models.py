"""Schools, their coordinators (skolevejledere), classes per school year, pupils and the classes' praktik weeks.

A pupil is known by name, birth month/year and class, never by a CPR number; the row carries its own removal date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.accounts.models import User
from partnerhub.extensions import Model, db, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.reference.models import Town
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

coordinator_schools = Table(
    "coordinator_schools", db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True),
)


class School(Model):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id"), index=True)  # its location (the Town's lat/lon)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    town: Mapped[Town] = relationship()
    coordinators: Mapped[list[User]] = relationship(secondary=coordinator_schools, order_by="User.name")
    classes: Mapped[list[SchoolClass]] = relationship(back_populates="school", cascade="all, delete-orphan",
                                                      passive_deletes=True,
                                                      order_by="(SchoolClass.school_year.desc(), SchoolClass.name)")


class SchoolClass(Model):
    __tablename__ = "school_classes"
    __table_args__ = (UniqueConstraint("school_id", "school_year", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    school_year: Mapped[int]  # the autumn year: 2026 means the school year 2026/27
    grade: Mapped[int]  # 7-10
    name: Mapped[str] = mapped_column(String(20))  # e.g. "8.A"

    school: Mapped[School] = relationship(back_populates="classes")
    pupils: Mapped[list[Pupil]] = relationship(back_populates="school_class", cascade="all, delete-orphan",
                                               passive_deletes=True, order_by="(Pupil.first_name, Pupil.id)")
    praktik_weeks: Mapped[list[PraktikWeek]] = relationship(back_populates="school_class",
                                                            cascade="all, delete-orphan", passive_deletes=True,
                                                            order_by="PraktikWeek.starts_on")

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}/{(self.school_year + 1) % 100:02d}"

    @property
    def school_year_ends_on(self) -> date:
        """The school year ends on 31 July of the following calendar year."""
        return date(self.school_year + 1, 7, 31)


class Pupil(Model):
    __tablename__ = "pupils"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_class_id: Mapped[int] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str | None] = mapped_column(String(80))
    birth_year: Mapped[int]
    birth_month: Mapped[int | None]  # 1-12
    email: Mapped[str | None] = mapped_column(String(254))  # the pupil's own, for the invitation
    guardian_name: Mapped[str | None] = mapped_column(String(120))
    guardian_email: Mapped[str | None] = mapped_column(String(254))
    guardian_phone: Mapped[str | None] = mapped_column(String(20))
    contact_needs: Mapped[str | None] = mapped_column(Text)  # what a host needs to know
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    remove_after: Mapped[date]  # retention: the end of the school year plus the configured period

    school_class: Mapped[SchoolClass] = relationship(back_populates="pupils")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    @property
    def school(self) -> School:
        return self.school_class.school

    def age_on(self, day: date) -> int:
        """The lowest age the pupil can have on that day: the birthday counts only after the birth month has ended
        (the young-worker rules' reckoning, matching.young_workers.age_on; not imported, so a model loads no
        engine)."""
        month = self.birth_month if self.birth_month and 1 <= self.birth_month <= 12 else 12
        return day.year - self.birth_year - (1 if day.month <= month else 0)


class PraktikWeek(Model):
    __tablename__ = "praktik_weeks"
    __table_args__ = (UniqueConstraint("school_class_id", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_class_id: Mapped[int] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]  # a Monday
    days: Mapped[int]  # 1-5

    school_class: Mapped[SchoolClass] = relationship(back_populates="praktik_weeks")

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=self.days - 1)

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _ = self.starts_on.isocalendar()
        return year, week


class ReferralStatus(LabelledEnum):
    REQUESTED = "requested", _l("Venter på forælders samtykke")
    GIVEN = "given", _l("Forælder har givet samtykke")
    DECLINED = "declined", _l("Forælder har sagt nej")
    WITHDRAWN = "withdrawn", _l("Samtykket er trukket tilbage")
    CANCELLED = "cancelled", _l("Trukket tilbage af skolen")


REFERRAL_TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.REQUESTED: frozenset({ReferralStatus.GIVEN, ReferralStatus.DECLINED, ReferralStatus.CANCELLED}),
    ReferralStatus.GIVEN: frozenset({ReferralStatus.WITHDRAWN, ReferralStatus.CANCELLED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
    ReferralStatus.CANCELLED: frozenset(),
}


class PupilReferral(Model):
    """"Kunne have gavn af Ungeenheden": the coordinator's flag, the guardian's answer by a mailed link, and the
    youth profile staff start from it. Only hashes of the links are stored."""

    __tablename__ = "pupil_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)  # the coordinator's, shown to the guardian and to staff
    status: Mapped[ReferralStatus] = mapped_column(str_enum(ReferralStatus), default=ReferralStatus.REQUESTED,
                                                   index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the guardian's answer link, used once
    expires_at: Mapped[datetime]
    withdraw_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    guardian_reason: Mapped[str | None] = mapped_column(Text)  # why the guardian declined or withdrew
    youth_profile_id: Mapped[int | None] = mapped_column(ForeignKey("youth_profiles.id", ondelete="SET NULL"))
    started_at: Mapped[datetime | None]
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    pupil: Mapped[Pupil] = relationship(backref=db.backref("referrals", cascade="all, delete-orphan",
                                                           passive_deletes=True))
    youth_profile: Mapped[YouthProfile | None] = relationship()

    def answerable(self, now: datetime) -> bool:
        return self.status is ReferralStatus.REQUESTED and now < self.expires_at
