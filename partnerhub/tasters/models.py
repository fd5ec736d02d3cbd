"""A company's taster slots, pupils' ranked wishes, allocation runs, and the booking that carries a pupil's place
through the consent chain (company, guardian, school) to the praktikseddel and the answers after the week.

Only hashes of the guardian's mailed links are stored, so a database leak opens nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.companies.models import Company
from partnerhub.extensions import Model, str_enum
from partnerhub.forms import weekdays_from_text
from partnerhub.guardians.models import ConsentStatus
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.schools.models import PraktikWeek, Pupil, School
from partnerhub.timeutil import utcnow


class TasterSlot(Model):
    """Places for pupils on given days, with the hours, the minimum age and the safety points the company confirmed."""

    __tablename__ = "taster_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date]
    weekdays: Mapped[str] = mapped_column(String(20), default="1,2,3,4,5")  # ISO weekdays, 1 = Monday
    places: Mapped[int]
    hours_from: Mapped[str] = mapped_column(String(5))
    hours_to: Mapped[str] = mapped_column(String(5))
    min_age: Mapped[int]  # 13-17
    tasks: Mapped[str] = mapped_column(Text)
    bring: Mapped[str | None] = mapped_column(Text)  # what to bring (shoes, lunch ...)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_phone: Mapped[str] = mapped_column(String(20))
    # The safety points, each confirmed by the company (who and when is in the audit log too).
    risk_assessed: Mapped[bool] = mapped_column(default=False)
    tasks_suit_age: Mapped[bool] = mapped_column(default=False)
    insurance_understood: Mapped[bool] = mapped_column(default=False)
    withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship()

    @property
    def weekday_list(self) -> list[int]:
        return weekdays_from_text(self.weekdays)

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None

    def days_in(self, starts_on: date, ends_on: date) -> list[date]:
        """The slot's working days that fall from starts_on to ends_on (a pupil's praktik week)."""
        first, last = max(self.starts_on, starts_on), min(self.ends_on, ends_on)
        days = []
        while first <= last:
            if first.isoweekday() in self.weekday_list:
                days.append(first)
            first += timedelta(days=1)
        return days

    @property
    def minutes_per_day(self) -> int:
        start_h, start_m = (int(x) for x in self.hours_from.split(":"))
        end_h, end_m = (int(x) for x in self.hours_to.split(":"))
        return max(0, end_h * 60 + end_m - start_h * 60 - start_m)


class TasterWish(Model):
    """One of a pupil's ranked wishes (1 = most wanted) for one praktik week."""

    __tablename__ = "taster_wishes"
    __table_args__ = (UniqueConstraint("pupil_id", "praktik_week_id", "slot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    praktik_week_id: Mapped[int] = mapped_column(ForeignKey("praktik_weeks.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("taster_slots.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pupil: Mapped[Pupil] = relationship()
    week: Mapped[PraktikWeek] = relationship()
    slot: Mapped[TasterSlot] = relationship()


class TasterRun(Model):
    """One allocation for a week (Monday), for one school or (school_id None) every school with pupils that week.

    The seed is stored so the same wishes and slots give the same result again."""

    __tablename__ = "taster_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_starts_on: Mapped[date] = mapped_column(index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    max_travel_km: Mapped[float | None]
    pupils: Mapped[int] = mapped_column(default=0)
    placed: Mapped[int] = mapped_column(default=0)
    maximum: Mapped[int] = mapped_column(default=0)
    first_choice: Mapped[int] = mapped_column(default=0)
    top_three: Mapped[int] = mapped_column(default=0)
    unplaced: Mapped[dict] = mapped_column(JSON, default=dict)  # pupil id -> the engine's reason code
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    school: Mapped[School | None] = relationship()


class BookingStatus(LabelledEnum):
    """Where a pupil's place stands: company confirms, then the guardian, then the school."""

    AWAITING_COMPANY = "awaiting_company", _l("Venter på virksomheden")
    COMPANY_DECLINED = "company_declined", _l("Virksomheden har sagt nej")
    AWAITING_GUARDIAN = "awaiting_guardian", _l("Venter på forælder eller værge")
    GUARDIAN_DECLINED = "guardian_declined", _l("Forælder eller værge har sagt nej")
    AWAITING_SCHOOL = "awaiting_school", _l("Venter på skolens godkendelse")
    APPROVED = "approved", _l("Godkendt – praktiksedlen er klar")
    WITHDRAWN = "withdrawn", _l("Forælder eller værge har trukket samtykket tilbage")
    CANCELLED = "cancelled", _l("Aflyst")


BOOKING_TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.AWAITING_COMPANY: frozenset({BookingStatus.AWAITING_GUARDIAN, BookingStatus.AWAITING_SCHOOL,
                                               BookingStatus.COMPANY_DECLINED, BookingStatus.CANCELLED}),
    BookingStatus.AWAITING_GUARDIAN: frozenset({BookingStatus.AWAITING_SCHOOL, BookingStatus.GUARDIAN_DECLINED,
                                                BookingStatus.CANCELLED}),
    BookingStatus.AWAITING_SCHOOL: frozenset({BookingStatus.APPROVED, BookingStatus.WITHDRAWN,
                                              BookingStatus.CANCELLED}),
    BookingStatus.APPROVED: frozenset({BookingStatus.WITHDRAWN, BookingStatus.CANCELLED}),
    BookingStatus.COMPANY_DECLINED: frozenset(),
    BookingStatus.GUARDIAN_DECLINED: frozenset(),
    BookingStatus.WITHDRAWN: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
}
# A booking in one of these holds its place in the slot.
HOLDS_PLACE = frozenset({BookingStatus.AWAITING_COMPANY, BookingStatus.AWAITING_GUARDIAN,
                         BookingStatus.AWAITING_SCHOOL, BookingStatus.APPROVED})
# A move into one of these needs a reason.
NEEDS_REASON = frozenset({BookingStatus.COMPANY_DECLINED, BookingStatus.GUARDIAN_DECLINED, BookingStatus.WITHDRAWN})


class HostAgain(LabelledEnum):
    YES = "yes", _l("Ja, gerne")
    MAYBE = "maybe", _l("Måske")
    NO = "no", _l("Nej, ikke lige nu")


class TasterBooking(Model):
    """A pupil's place in a slot for the class's praktik week, from allocation to the answers after the week."""

    __tablename__ = "taster_bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("taster_slots.id", ondelete="CASCADE"), index=True)
    praktik_week_id: Mapped[int] = mapped_column(ForeignKey("praktik_weeks.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("taster_runs.id", ondelete="SET NULL"), index=True)
    wish_rank: Mapped[int | None]  # the rank of the wish it fulfils (1 = first choice)
    status: Mapped[BookingStatus] = mapped_column(str_enum(BookingStatus), default=BookingStatus.AWAITING_COMPANY,
                                                  index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why the company or guardian said no, or withdrew
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime | None]
    company_confirmed_at: Mapped[datetime | None]
    company_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # After the week: the company's answer and short certificate, and the pupil's reflection.
    host_again: Mapped[HostAgain | None] = mapped_column(str_enum(HostAgain))
    certificate: Mapped[str | None] = mapped_column(Text)
    company_answered_at: Mapped[datetime | None]
    company_answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reflection: Mapped[str | None] = mapped_column(Text)
    reflected_at: Mapped[datetime | None]

    pupil: Mapped[Pupil] = relationship()
    slot: Mapped[TasterSlot] = relationship()
    week: Mapped[PraktikWeek] = relationship()

    @property
    def days(self) -> list[date]:
        return self.slot.days_in(self.week.starts_on, self.week.ends_on)

    @property
    def hours(self) -> float:
        """Hours of workplace experience the booking gives: its days times the slot's hours per day."""
        return len(self.days) * self.slot.minutes_per_day / 60

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE


class TasterConsent(Model):
    """One request for the guardian's consent to one booking, and the answer (also a later withdrawal)."""

    __tablename__ = "taster_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("taster_bookings.id", ondelete="CASCADE"), index=True)
    status: Mapped[ConsentStatus] = mapped_column(str_enum(ConsentStatus), default=ConsentStatus.REQUESTED,
                                                  index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the answer link, used once
    expires_at: Mapped[datetime]
    withdraw_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[datetime | None]
    reminders: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)

    booking: Mapped[TasterBooking] = relationship()

    def answerable(self, now: datetime) -> bool:
        return self.status is ConsentStatus.REQUESTED and now < self.expires_at
