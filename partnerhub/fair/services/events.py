"""Fair events: companies sign up for a booth (one workflow), staff confirm it, young people register to come."""

from __future__ import annotations

from datetime import date

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.fair.models import SIGNUP_TRANSITIONS, BoothSignup, FairAttendee, FairEvent, SignupState
from partnerhub.fair.services.common import FairError
from partnerhub.i18n import gettext as _
from partnerhub.reference.models import TradeArea
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile


def save_event(actor: User, event: FairEvent | None, *, name: str, held_on: date, time_text: str, place: str,
               quiet_hour: str | None, description: str | None, area_ids: list[int]) -> FairEvent:
    """A new fair, or a fair moved to another day, cannot be in the past; a past fair keeps its day when edited."""
    if held_on < utcnow().date() and (event is None or event.held_on != held_on):
        raise FairError(_("Datoen kan ikke ligge før i dag."))
    if event is None:
        event = FairEvent(created_by_id=actor.id)
        db.session.add(event)
    event.name, event.held_on, event.time_text, event.place = name, held_on, time_text, place
    event.quiet_hour, event.description = quiet_hour or None, description or None
    event.areas = list(db.session.scalars(db.select(TradeArea).where(TradeArea.id.in_(area_ids)))) if area_ids else []
    db.session.flush()
    record(actor, "fair_event_saved", object_type="fair_event", object_id=event.id)
    return event


def upcoming_events() -> list[FairEvent]:
    today = utcnow().date()
    return list(db.session.scalars(db.select(FairEvent).where(FairEvent.held_on >= today)
                                   .order_by(FairEvent.held_on)))


def all_events() -> list[FairEvent]:
    return list(db.session.scalars(db.select(FairEvent).order_by(FairEvent.held_on.desc())))


def signup_of(event: FairEvent, company: Company) -> BoothSignup | None:
    return db.session.scalar(db.select(BoothSignup).where(BoothSignup.event_id == event.id,
                                                          BoothSignup.company_id == company.id))


def sign_up_booth(actor: User, event: FairEvent, company: Company, *, booth_name: str, trade_area_id: int,
                  staff_count: int, needs: str | None) -> BoothSignup:
    """One booth per company and event; signing up again after withdrawing reopens the same signup."""
    if event.held_on < utcnow().date():
        raise FairError(_("Messen er allerede holdt."))
    if trade_area_id not in {a.id for a in event.areas}:
        raise FairError(_("Vælg et af messens fagområder."))
    signup = signup_of(event, company)
    if signup is None:
        signup = BoothSignup(event=event, company_id=company.id, state=SignupState.PENDING)
        db.session.add(signup)
    elif signup.state is SignupState.WITHDRAWN:
        change_signup_state(actor, signup, SignupState.PENDING)
    elif signup.state is SignupState.DECLINED:
        raise FairError(_("Ungeenheden har sagt nej til standen. Kontakt Ungeenheden, hvis I har spørgsmål."))
    signup.booth_name, signup.trade_area_id = booth_name, trade_area_id
    signup.staff_count, signup.needs = staff_count, (needs or "").strip() or None
    db.session.flush()
    record(actor, "fair_booth_signup_saved", object_type="fair_booth_signup", object_id=signup.id,
           detail={"event_id": event.id, "company_id": company.id})
    return signup


def change_signup_state(actor: User, signup: BoothSignup, new_state: SignupState) -> None:
    """The one place a signup's state changes; a move the workflow does not allow is refused."""
    if new_state not in SIGNUP_TRANSITIONS[signup.state]:
        raise FairError(_("Standen kan ikke gå fra %(old)s til %(new)s.", old=signup.state.label,
                          new=new_state.label))
    old = signup.state
    signup.state = new_state
    signup.state_changed_at = utcnow()
    db.session.flush()
    record(actor, "fair_booth_signup_state", object_type="fair_booth_signup", object_id=signup.id,
           detail={"from": str(old), "to": str(new_state)})


def confirmed_booths(event: FairEvent) -> list[BoothSignup]:
    """The booths that will be there, by area then name: the order of the booth list and the floor plan."""
    booths = [s for s in event.signups if s.state is SignupState.CONFIRMED]
    return sorted(booths, key=lambda s: (s.trade_area.name_da, s.booth_name.lower()))


def attendee_of(event: FairEvent, profile: YouthProfile) -> FairAttendee | None:
    return db.session.scalar(db.select(FairAttendee).where(FairAttendee.event_id == event.id,
                                                           FairAttendee.youth_profile_id == profile.id))


def register_attendee(actor: User, event: FairEvent, profile: YouthProfile) -> FairAttendee:
    if event.held_on < utcnow().date():
        raise FairError(_("Messen er allerede holdt."))
    attendee = attendee_of(event, profile)
    if attendee is None:
        attendee = FairAttendee(event=event, youth_profile_id=profile.id, registered_by_id=actor.id)
        db.session.add(attendee)
        db.session.flush()
        record(actor, "fair_attendee_registered", object_type="fair_event", object_id=event.id,
               subject_user_id=profile.user_id)
    return attendee


def unregister_attendee(actor: User, event: FairEvent, profile: YouthProfile) -> None:
    attendee = attendee_of(event, profile)
    if attendee is not None:
        record(actor, "fair_attendee_unregistered", object_type="fair_event", object_id=event.id,
               subject_user_id=profile.user_id)
        db.session.delete(attendee)
        db.session.flush()
