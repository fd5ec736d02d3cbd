"""A pupil's taster data for the access export and the erasure (GDPR art. 15 and 17), for the schools package's
pupil export and erasure to call: every wish, booking and consent request of the pupil."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from partnerhub.extensions import db
from partnerhub.schools.models import Pupil
from partnerhub.tasters.models import TasterBooking, TasterConsent, TasterWish


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_pupil(pupil: Pupil) -> dict[str, Any]:
    """What PartnerHub holds on the pupil's taster internships, in the export's own words."""
    wishes = db.session.scalars(db.select(TasterWish).where(TasterWish.pupil_id == pupil.id)
                                .order_by(TasterWish.praktik_week_id, TasterWish.rank))
    bookings = db.session.scalars(db.select(TasterBooking).where(TasterBooking.pupil_id == pupil.id)
                                  .order_by(TasterBooking.id))
    return {
        "taster_wishes": [{"week": _when(w.week.starts_on), "rank": w.rank, "company": w.slot.company.name,
                           "slot": w.slot.title, "entered_at": _when(w.created_at)} for w in wishes],
        "taster_bookings": [{
            "week": _when(b.week.starts_on), "company": b.slot.company.name, "slot": b.slot.title,
            "wish_rank": b.wish_rank, "status": b.status.label, "reason": b.reason,
            "host_again": b.host_again.label if b.host_again else None, "certificate": b.certificate,
            "reflection": b.reflection, "approved_at": _when(b.approved_at),
            "guardian_consents": [{"status": c.status.label, "requested_at": _when(c.requested_at),
                                   "answered_at": _when(c.answered_at), "withdrawn_at": _when(c.withdrawn_at),
                                   "reason": c.reason} for c in _consents(b)],
        } for b in bookings],
    }


def _consents(booking: TasterBooking) -> list[TasterConsent]:
    return list(db.session.scalars(db.select(TasterConsent).where(TasterConsent.booking_id == booking.id)
                                   .order_by(TasterConsent.id)))


def erase_pupil(pupil: Pupil) -> None:
    """Deletes the pupil's wishes, places and consent requests (the pupil row goes next, so nothing may point at it);
    the reports only count approved places, so nothing a report needs identifies the pupil afterwards."""
    booking_ids = db.select(TasterBooking.id).where(TasterBooking.pupil_id == pupil.id)
    db.session.execute(db.delete(TasterConsent).where(TasterConsent.booking_id.in_(booking_ids)))
    db.session.execute(db.delete(TasterBooking).where(TasterBooking.pupil_id == pupil.id))
    db.session.execute(db.delete(TasterWish).where(TasterWish.pupil_id == pupil.id))
    db.session.flush()
