"""Schools, weeks, slots and bookings for the taster tests, built through the models (and the services where the
promise is about them)."""

from __future__ import annotations

import datetime as dt
import re

from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.schools.models import PraktikWeek, Pupil, SchoolClass
from partnerhub.tasters.models import TasterSlot, TasterWish
from partnerhub.timeutil import utcnow
from tests import factories


def monday(weeks_ahead: int = 3) -> dt.date:
    today = utcnow().date()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_ahead)


def week_for(school_class: SchoolClass, starts_on: dt.date | None = None, days: int = 5) -> PraktikWeek:
    week = PraktikWeek(school_class_id=school_class.id, starts_on=starts_on or monday(), days=days)
    db.session.add(week)
    db.session.commit()
    return week


def slot_for(company: Company, starts_on: dt.date | None = None, *, places: int = 2, min_age: int = 13,
             hours: tuple[str, str] = ("08:00", "14:00"), title: str = "En uge i værkstedet") -> TasterSlot:
    starts_on = starts_on or monday()
    slot = TasterSlot(company_id=company.id, title=title, starts_on=starts_on,
                      ends_on=starts_on + dt.timedelta(days=4), weekdays="1,2,3,4,5", places=places,
                      hours_from=hours[0], hours_to=hours[1], min_age=min_age, tasks="Hjælpe til i værkstedet",
                      bring="Madpakke", contact_name="Mester Jensen", contact_phone="75 12 34 56",
                      risk_assessed=True, tasks_suit_age=True, insurance_understood=True)
    db.session.add(slot)
    db.session.commit()
    return slot


def wish(pupil: Pupil, week: PraktikWeek, *slots: TasterSlot) -> None:
    for rank, slot in enumerate(slots, start=1):
        db.session.add(TasterWish(pupil_id=pupil.id, praktik_week_id=week.id, slot_id=slot.id, rank=rank))
    db.session.commit()


def hr_company(**kwargs: object) -> tuple[Company, object]:
    """An approved company with an HR user (for the mails), and that user."""
    user = factories.user_for_role(Role.COMPANY, **kwargs)
    return user.company, user


def last_link(recipient: str, path: str) -> str:
    """The path of the newest link to `path…` mailed to `recipient` (from the outbox)."""
    message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
                                 .order_by(OutboxMessage.id.desc())).first()
    assert message is not None, f"no mail to {recipient}"
    found = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"[^\s]*)", message.body)
    assert found, message.body
    return found.group(1)


def matrix_objects() -> dict:
    """A slot, an approved booking, a pupil's week and a run, none of them the logged-in test user's."""
    from partnerhub.tasters.models import BookingStatus, TasterBooking, TasterRun

    school_class = factories.SchoolClassFactory()
    week = week_for(school_class, monday(3))
    slot = slot_for(factories.CompanyFactory(), monday(3))
    pupil = factories.PupilFactory(school_class=school_class)
    run = TasterRun(week_starts_on=week.starts_on, school_id=school_class.school_id, seed=1)
    db.session.add(run)
    db.session.flush()
    booking = TasterBooking(pupil_id=pupil.id, slot_id=slot.id, praktik_week_id=week.id, run_id=run.id,
                            status=BookingStatus.APPROVED)
    db.session.add(booking)
    db.session.commit()
    return {"taster_slot": slot, "taster_booking": booking, "taster_pupil": pupil, "taster_week": week,
            "taster_run": run}
