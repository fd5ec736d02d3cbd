"""The consent chain of a pupil's place: the company confirms, the guardian consents, the school approves. One
transition function moves a booking and refuses illegal moves; every move is audit-logged and tells the next."""

from __future__ import annotations

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role
from partnerhub.reference.service import young_worker_rules
from partnerhub.schools.models import PraktikWeek, Pupil
from partnerhub.schools.service import coordinator_school_ids, pupil_for_user
from partnerhub.tasters.models import (
    BOOKING_TRANSITIONS,
    HOLDS_PLACE,
    NEEDS_REASON,
    BookingStatus,
    TasterBooking,
    TasterSlot,
)
from partnerhub.tasters.services.common import TasterError, is_staff, require
from partnerhub.timeutil import utcnow

# The steps everyone sees, in order, with the status that means the step is done.
STEPS = (
    (BookingStatus.AWAITING_COMPANY, (BookingStatus.AWAITING_GUARDIAN, BookingStatus.AWAITING_SCHOOL,
                                      BookingStatus.APPROVED)),
    (BookingStatus.AWAITING_GUARDIAN, (BookingStatus.AWAITING_SCHOOL, BookingStatus.APPROVED)),
    (BookingStatus.AWAITING_SCHOOL, (BookingStatus.APPROVED,)),
)
# Where a stopped booking stopped (its index in STEPS).
STOPPED_AT = {BookingStatus.COMPANY_DECLINED: 0, BookingStatus.GUARDIAN_DECLINED: 1, BookingStatus.WITHDRAWN: 1}


def transition(actor: User | None, booking: TasterBooking, new_status: BookingStatus, *,
               reason: str | None = None) -> None:
    """The one way a booking's status changes."""
    if new_status not in BOOKING_TRANSITIONS[booking.status]:
        raise TasterError(_("Pladsen er allerede '%(status)s'.", status=booking.status.label))
    if new_status in NEEDS_REASON and not (reason or "").strip():
        raise TasterError(_("Skriv en grund."))
    old, now = booking.status, utcnow()
    booking.status, booking.status_changed_at = new_status, now
    if reason:
        booking.reason = reason.strip()
    db.session.flush()
    record(actor, "taster_booking", object_type="taster_booking", object_id=booking.id,
           subject_user_id=booking.pupil.user_id, detail={"from": str(old), "to": str(new_status)})


def needs_consent(booking: TasterBooking) -> bool:
    return booking.pupil.age_on(booking.week.starts_on) < young_worker_rules().consent_under


# ---- who sees which booking -------------------------------------------------------------------------------------

def can_see(user: User, booking: TasterBooking) -> bool:
    """Staff; the pupil's school; the pupil; and the hosting company (for its own slots only)."""
    if is_staff(user):
        return True
    if user.role is Role.COORDINATOR:
        return booking.pupil.school.id in coordinator_school_ids(user)
    if user.role is Role.PUPIL:
        own = pupil_for_user(user)
        return own is not None and own.id == booking.pupil_id
    if user.role is Role.COMPANY:
        return user.company_id is not None and booking.slot.company_id == user.company_id
    return False


def booking_for(user: User, booking_id: int) -> TasterBooking | None:
    """The booking if the user is involved in it; otherwise None (a 404, so ids reveal nothing)."""
    booking = db.session.get(TasterBooking, booking_id)
    return booking if booking is not None and can_see(user, booking) else None


def company_requests(company: Company) -> list[TasterBooking]:
    """One list across every school: the company's bookings, those waiting for it first, then by week."""
    bookings = list(db.session.scalars(db.select(TasterBooking).join(TasterSlot).join(PraktikWeek).where(
        TasterSlot.company_id == company.id).order_by(PraktikWeek.starts_on.desc(), TasterBooking.id)))
    return sorted(bookings, key=lambda b: b.status is not BookingStatus.AWAITING_COMPANY)


def waiting_for_company(company: Company) -> int:
    return db.session.scalar(db.select(db.func.count(TasterBooking.id)).join(TasterSlot).where(
        TasterSlot.company_id == company.id, TasterBooking.status == BookingStatus.AWAITING_COMPANY)) or 0


def pupil_bookings(pupil: Pupil) -> list[TasterBooking]:
    return list(db.session.scalars(db.select(TasterBooking).where(TasterBooking.pupil_id == pupil.id)
                                   .order_by(TasterBooking.id.desc())))


def school_bookings(actor: User, *, status: BookingStatus | None = None) -> list[TasterBooking]:
    """The bookings of the actor's schools' pupils (staff: all), the ones waiting for the school first."""
    from partnerhub.schools.models import SchoolClass

    query = db.select(TasterBooking).join(Pupil).join(SchoolClass).join(
        PraktikWeek, PraktikWeek.id == TasterBooking.praktik_week_id).order_by(PraktikWeek.starts_on.desc(),
                                                                                Pupil.first_name, TasterBooking.id)
    if not is_staff(actor):
        query = query.where(SchoolClass.school_id.in_(coordinator_school_ids(actor)))
    if status is not None:
        query = query.where(TasterBooking.status == status)
    bookings = list(db.session.scalars(query))
    return sorted(bookings, key=lambda b: b.status is not BookingStatus.AWAITING_SCHOOL)


def step_states(booking: TasterBooking) -> list[tuple[str, str]]:
    """Each step of the chain with "done", "now", "stopped" or "later", for the status line everyone sees."""
    labels = (_("Virksomheden bekræfter"), _("Forælder eller værge siger ja"), _("Skolen godkender"))
    stopped_at = STOPPED_AT.get(booking.status)
    out = []
    for index, (label, (waiting, done)) in enumerate(zip(labels, STEPS, strict=True)):
        if stopped_at is not None:
            state = "done" if index < stopped_at else "stopped" if index == stopped_at else "later"
        else:
            state = "done" if booking.status in done else "now" if booking.status is waiting else "later"
        out.append((label, state))
    return out


# ---- the steps --------------------------------------------------------------------------------------------------

def company_answer(actor: User, company: Company, booking: TasterBooking, *, accept: bool,
                   reason: str | None) -> None:
    """The company says yes (the guardian is asked next, or the school when no consent is needed) or no."""
    from partnerhub.tasters.services import consent, notices

    require(booking.slot.company_id == company.id)
    if not accept:
        transition(actor, booking, BookingStatus.COMPANY_DECLINED, reason=reason)
        notices.school_told(booking, _("%(company)s har sagt nej til %(pupil)s: %(reason)s", company=company.name,
                                       pupil=booking.pupil.first_name, reason=booking.reason))
        return
    if booking.status is BookingStatus.AWAITING_COMPANY and _full(booking):
        raise TasterError(_("Alle pladser i den uge er taget."))
    booking.company_confirmed_at, booking.company_confirmed_by_id = utcnow(), actor.id
    if needs_consent(booking):
        transition(actor, booking, BookingStatus.AWAITING_GUARDIAN)
        consent.request(actor, booking)
    else:
        transition(actor, booking, BookingStatus.AWAITING_SCHOOL)
        notices.school_told(booking, _("%(company)s har sagt ja til %(pupil)s. Godkend pladsen.",
                                       company=company.name, pupil=booking.pupil.first_name))


def _full(booking: TasterBooking) -> bool:
    held = db.session.scalar(db.select(db.func.count(TasterBooking.id)).join(PraktikWeek).where(
        TasterBooking.slot_id == booking.slot_id, TasterBooking.id != booking.id,
        TasterBooking.status.in_(HOLDS_PLACE - {BookingStatus.AWAITING_COMPANY}),
        PraktikWeek.starts_on == booking.week.starts_on)) or 0
    return held >= booking.slot.places


def approve(actor: User, booking: TasterBooking) -> None:
    """The school approves: the praktikseddel is ready for the pupil, the school and the company."""
    from partnerhub.tasters.services import notices

    require(can_see(actor, booking) and (is_staff(actor) or actor.role is Role.COORDINATOR))
    transition(actor, booking, BookingStatus.APPROVED)
    booking.approved_at, booking.approved_by_id = utcnow(), actor.id
    notices.approved(booking)


def cancel(actor: User, booking: TasterBooking, reason: str | None) -> None:
    from partnerhub.tasters.services import notices

    require(can_see(actor, booking) and (is_staff(actor) or actor.role is Role.COORDINATOR))
    transition(actor, booking, BookingStatus.CANCELLED, reason=reason or _("Aflyst af skolen."))
    notices.company_told(booking, _("Skolen har aflyst pladsen til %(pupil)s.", pupil=booking.pupil.first_name))
