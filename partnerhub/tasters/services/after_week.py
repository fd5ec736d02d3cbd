"""After the week: the company answers "Vil I gerne have en elev igen?" with a short certificate, and the pupil
writes a short reflection. Both only once the week has ended, and only for an approved place."""

from __future__ import annotations

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company
from partnerhub.i18n import gettext as _
from partnerhub.schools.models import Pupil
from partnerhub.tasters.models import BookingStatus, HostAgain, TasterBooking
from partnerhub.tasters.services.common import TasterError, require, today
from partnerhub.timeutil import utcnow


def is_over(booking: TasterBooking) -> bool:
    return booking.status is BookingStatus.APPROVED and booking.week.ends_on <= today()


def _check(booking: TasterBooking) -> None:
    if booking.status is not BookingStatus.APPROVED:
        raise TasterError(_("Der kan kun svares for en godkendt plads."))
    if booking.week.ends_on > today():
        raise TasterError(_("Der kan svares, når praktikugen er slut (%(date)s).",
                            date=booking.week.ends_on.strftime("%d.%m.%Y")))


def company_answer(actor: User, company: Company, booking: TasterBooking, *, host_again: HostAgain,
                   certificate: str | None) -> None:
    require(booking.slot.company_id == company.id)
    _check(booking)
    booking.host_again, booking.certificate = host_again, certificate or None
    booking.company_answered_at, booking.company_answered_by_id = utcnow(), actor.id
    record(actor, "taster_host_again", object_type="taster_booking", object_id=booking.id,
           subject_user_id=booking.pupil.user_id, detail={"host_again": str(host_again)})


def reflect(actor: User, pupil: Pupil, booking: TasterBooking, *, text: str) -> None:
    require(booking.pupil_id == pupil.id)
    _check(booking)
    booking.reflection, booking.reflected_at = text, utcnow()
    record(actor, "taster_reflection", object_type="taster_booking", object_id=booking.id,
           subject_user_id=pupil.user_id)
