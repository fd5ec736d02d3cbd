"""A young person's "curious" marks from the fair: what caught their eye, company or whole trade area."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.companies.models import Company
from partnerhub.extensions import Model, db, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.reference.models import TradeArea, _english
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile


class CuriosityLevel(LabelledEnum):
    CURIOUS = "curious", _l("Nysgerrig")
    WANT_TO_TRY = "want_to_try", _l("Vil gerne prøve")


class CuriousMark(Model):
    __tablename__ = "curious_marks"
    __table_args__ = (
        CheckConstraint("(company_id IS NULL) <> (trade_area_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    trade_area_id: Mapped[int | None] = mapped_column(ForeignKey("trade_areas.id", ondelete="CASCADE"), index=True)
    level: Mapped[CuriosityLevel] = mapped_column(str_enum(CuriosityLevel), default=CuriosityLevel.CURIOUS)
    reflection: Mapped[str | None] = mapped_column(String(500))  # "what caught you?"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company | None] = relationship(viewonly=True)
    trade_area: Mapped[TradeArea | None] = relationship(viewonly=True)
    profile: Mapped[YouthProfile] = relationship(viewonly=True)


# The icons bundled in static/img/fair-icons.svg; a booth or an area picks one by key.
ICON_KEYS = (
    "heart", "blocks", "bag", "office", "ball", "pot", "leaf", "bed", "hammer", "gear", "truck", "plug", "brush",
    "broom", "scissors", "star",
)


class AreaBooth(Model):
    """What a trade area's booth says at the fair; data an admin edits, so texts change without a deploy."""

    __tablename__ = "fair_area_booths"

    id: Mapped[int] = mapped_column(primary_key=True)
    trade_area_id: Mapped[int] = mapped_column(ForeignKey("trade_areas.id", ondelete="CASCADE"), unique=True)
    icon: Mapped[str] = mapped_column(String(20), default="star")
    work_da: Mapped[str] = mapped_column(String(400))  # what the work is like, in plain words
    work_en: Mapped[str] = mapped_column(String(400))
    day_da: Mapped[str] = mapped_column(String(600))  # "a day here could look like …"
    day_en: Mapped[str] = mapped_column(String(600))
    easy_da: Mapped[str] = mapped_column(String(200))  # easy-read: one or two short sentences
    easy_en: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime | None]

    trade_area: Mapped[TradeArea] = relationship()

    def text(self, field: str) -> str:
        """The Danish or English text of one field, following the person's language."""
        return getattr(self, f"{field}_en" if _english() else f"{field}_da")


class CompanyBooth(Model):
    """A company's own booth: its pitch in its own words; what a young person does stays on the company."""

    __tablename__ = "fair_company_booths"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), unique=True)
    pitch: Mapped[str | None] = mapped_column(String(600))
    icon: Mapped[str | None] = mapped_column(String(20))  # a bundled illustration when there is no photo
    updated_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship(backref=db.backref("booth", uselist=False, cascade="all, delete-orphan"))
    photos: Mapped[list[BoothPhoto]] = relationship(back_populates="booth", cascade="all, delete-orphan",
                                                    order_by="BoothPhoto.id")


class BoothPhoto(Model):
    """An uploaded photo, stored under the instance folder by a random name and served through a view."""

    __tablename__ = "fair_booth_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("fair_company_booths.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    alt_text: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    booth: Mapped[CompanyBooth] = relationship(back_populates="photos")


fair_event_areas = Table(
    "fair_event_areas", db.metadata,
    Column("event_id", ForeignKey("fair_events.id", ondelete="CASCADE"), primary_key=True),
    Column("trade_area_id", ForeignKey("trade_areas.id"), primary_key=True),
)


class FairEvent(Model):
    """A real fair day: where, when and which trade areas have a booth there."""

    __tablename__ = "fair_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date] = mapped_column(index=True)
    time_text: Mapped[str] = mapped_column(String(40))  # "kl. 10–14", as staff want it shown
    place: Mapped[str] = mapped_column(String(200))
    quiet_hour: Mapped[str | None] = mapped_column(String(200))  # the calmer version for young people with needs
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    areas: Mapped[list[TradeArea]] = relationship(secondary=fair_event_areas, order_by="TradeArea.name_da")
    signups: Mapped[list[BoothSignup]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                      order_by="BoothSignup.id")
    attendees: Mapped[list[FairAttendee]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                         order_by="FairAttendee.id")


class SignupState(LabelledEnum):
    PENDING = "pending", _l("Afventer Ungeenheden")
    CONFIRMED = "confirmed", _l("Bekræftet")
    DECLINED = "declined", _l("Afvist")
    WITHDRAWN = "withdrawn", _l("Trukket tilbage")

# Staff confirm or decline; the company may withdraw until the day; a withdrawn company may sign up again.
SIGNUP_TRANSITIONS: dict[SignupState, frozenset[SignupState]] = {
    SignupState.PENDING: frozenset({SignupState.CONFIRMED, SignupState.DECLINED, SignupState.WITHDRAWN}),
    SignupState.CONFIRMED: frozenset({SignupState.WITHDRAWN, SignupState.DECLINED}),
    SignupState.DECLINED: frozenset({SignupState.CONFIRMED}),
    SignupState.WITHDRAWN: frozenset({SignupState.PENDING}),
}


class BoothSignup(Model):
    """A company's booth at one fair event; one per company and event."""

    __tablename__ = "fair_booth_signups"
    __table_args__ = (UniqueConstraint("event_id", "company_id", name="uq_fair_booth_signups_event_company"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("fair_events.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    booth_name: Mapped[str] = mapped_column(String(120))
    trade_area_id: Mapped[int] = mapped_column(ForeignKey("trade_areas.id"), index=True)
    staff_count: Mapped[int]
    needs: Mapped[str | None] = mapped_column(String(500))  # power, a table, space for a machine …
    state: Mapped[SignupState] = mapped_column(str_enum(SignupState), default=SignupState.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state_changed_at: Mapped[datetime | None]

    event: Mapped[FairEvent] = relationship(back_populates="signups")
    company: Mapped[Company] = relationship()
    trade_area: Mapped[TradeArea] = relationship()


class FairAttendee(Model):
    """A young person coming to a fair event; registered by themselves or by staff."""

    __tablename__ = "fair_attendees"
    __table_args__ = (UniqueConstraint("event_id", "youth_profile_id", name="uq_fair_attendees_event_youth"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("fair_events.id", ondelete="CASCADE"), index=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[FairEvent] = relationship(back_populates="attendees")
    profile: Mapped[YouthProfile] = relationship()
