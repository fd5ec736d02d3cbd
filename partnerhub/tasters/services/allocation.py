"""Allocation for one praktik week, by the pure engine (partnerhub.matching.taster).

Scope (decided here; the README's "Taster internships" says it too): a run covers one week (its Monday) and
either one school (what a coordinator runs) or every school with a class in praktik that week (what staff run, and
what gives every pupil the same chance, since the slots are shared). A pupil whose earlier booking has got past the
company keeps it and its place; a booking still waiting for the company is replaced by the new run. The seed is
stored on the run, so the same wishes and slots give the same allocation again.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.matching import taster as engine
from partnerhub.permissions import Role
from partnerhub.schools.models import PraktikWeek, Pupil, School, SchoolClass
from partnerhub.schools.service import coordinator_school_ids
from partnerhub.tasters.models import BookingStatus, TasterBooking, TasterRun, TasterWish
from partnerhub.tasters.services import notices
from partnerhub.tasters.services import slots as slot_service
from partnerhub.tasters.services.bookings import transition
from partnerhub.tasters.services.common import TasterError, is_staff, require

REASONS = {
    engine.REASON_NO_WISHES: _l("Har ikke ønsket nogen forløb"),
    engine.REASON_ALL_TOO_FAR: _l("Alle ønskede forløb ligger for langt fra skolen"),
    engine.REASON_ALL_TOO_YOUNG: _l("For ung til alle de ønskede forløb"),
    engine.REASON_FULL: _l("Alle ønskede forløb blev fyldt af andre"),
}


def reason_label(code: str) -> str:
    return str(REASONS.get(code, _l("Fik ikke et forløb")))


def weeks_to_run(actor: User) -> list[tuple[date, list[School]]]:
    """The Mondays with praktik weeks the actor may allocate, each with its schools (coordinators: their own)."""
    query = db.select(PraktikWeek.starts_on, School).join(SchoolClass, PraktikWeek.school_class_id == SchoolClass.id)\
        .join(School, SchoolClass.school_id == School.id).distinct().order_by(PraktikWeek.starts_on, School.name)
    if not is_staff(actor):
        query = query.where(School.id.in_(coordinator_school_ids(actor)))
    found: dict[date, list[School]] = defaultdict(list)
    for starts_on, school in db.session.execute(query):
        if school not in found[starts_on]:
            found[starts_on].append(school)
    return sorted(found.items())


def _weeks_in_scope(week_starts_on: date, school: School | None) -> list[PraktikWeek]:
    query = db.select(PraktikWeek).join(SchoolClass).where(PraktikWeek.starts_on == week_starts_on)
    if school is not None:
        query = query.where(SchoolClass.school_id == school.id)
    return list(db.session.scalars(query.order_by(PraktikWeek.id)))


def _check_scope(actor: User, school: School | None) -> None:
    if is_staff(actor):
        return
    require(actor.role is Role.COORDINATOR and school is not None and school.id in coordinator_school_ids(actor))


def run_allocation(actor: User, week_starts_on: date, school: School | None, *, max_travel_km: float | None = None,
                   seed: int | None = None) -> TasterRun:
    """Allocates every pupil in scope who has no booking past the company, and books the results."""
    _check_scope(actor, school)
    weeks = _weeks_in_scope(week_starts_on, school)
    if not weeks:
        raise TasterError(_("Ingen klasser er i praktik i den uge."))
    seed = secrets.randbelow(2**31) if seed is None else seed
    week_of_pupil: dict[int, PraktikWeek] = {}
    pupils: list[engine.TasterPupil] = []
    ends_on = max(week.ends_on for week in weeks)
    for week in weeks:
        town = week.school_class.school.town
        for pupil in week.school_class.pupils:
            booking = _live_booking(pupil, week)
            if booking is not None and booking.status is BookingStatus.AWAITING_COMPANY:
                transition(actor, booking, BookingStatus.CANCELLED, reason=_("Erstattet af en ny fordeling."))
            elif booking is not None:
                continue  # the company said yes: the pupil keeps the place
            wishes = db.session.scalars(db.select(TasterWish.slot_id).where(
                TasterWish.pupil_id == pupil.id, TasterWish.praktik_week_id == week.id)
                .order_by(TasterWish.rank)).all()
            week_of_pupil[pupil.id] = week
            pupils.append(engine.TasterPupil(id=pupil.id, age_years=pupil.age_on(week.starts_on),
                                             school_lat=town.lat if town else None,
                                             school_lon=town.lon if town else None,
                                             wishes=tuple(wishes[:engine.MAX_WISHES])))
    db.session.flush()
    slots = {slot.id: slot for slot in slot_service.slots_in(week_starts_on, ends_on)}
    engine_slots = [engine.TasterSlot(
        id=slot.id, places=max(0, slot.places - slot_service.booked_places(slot, week_starts_on)),
        min_age=slot.min_age, lat=slot.company.town.lat if slot.company.town else None,
        lon=slot.company.town.lon if slot.company.town else None) for slot in slots.values()]
    result = engine.allocate(pupils, engine_slots, seed=seed, max_travel_km=max_travel_km)
    run = TasterRun(week_starts_on=week_starts_on, school_id=school.id if school else None, seed=seed,
                    max_travel_km=max_travel_km, pupils=len(pupils), placed=result.placed,
                    maximum=result.maximum_placeable, first_choice=result.rank_profile[0],
                    top_three=sum(result.rank_profile[:3]),
                    unplaced={str(pid): code for pid, code in result.unplaced_reasons.items()},
                    created_by_id=actor.id)
    db.session.add(run)
    db.session.flush()
    booked: list[TasterBooking] = []
    for pupil_id, slot_id in result.assignments.items():
        booking = TasterBooking(pupil_id=pupil_id, slot_id=slot_id, praktik_week_id=week_of_pupil[pupil_id].id,
                                run_id=run.id, wish_rank=result.ranks.get(pupil_id),
                                status=BookingStatus.AWAITING_COMPANY)
        db.session.add(booking)
        booked.append(booking)
    db.session.flush()
    record(actor, "taster_allocation_run", object_type="taster_run", object_id=run.id,
           detail={"week": week_starts_on.isoformat(), "school": run.school_id, "seed": seed,
                   "placed": run.placed, "maximum": run.maximum})
    notices.companies_asked(booked)
    return run


def _live_booking(pupil: Pupil, week: PraktikWeek) -> TasterBooking | None:
    for booking in db.session.scalars(db.select(TasterBooking).where(
            TasterBooking.pupil_id == pupil.id, TasterBooking.praktik_week_id == week.id)):
        if booking.holds_place:
            return booking
    return None


def run_of(actor: User, run_id: int) -> TasterRun | None:
    run = db.session.get(TasterRun, run_id)
    if run is None:
        return None
    if is_staff(actor):
        return run
    if actor.role is Role.COORDINATOR and run.school_id is not None and run.school_id in coordinator_school_ids(
            actor):
        return run
    return None


def runs_for(actor: User) -> list[TasterRun]:
    query = db.select(TasterRun).order_by(TasterRun.id.desc()).limit(50)
    if not is_staff(actor):
        query = query.where(TasterRun.school_id.in_(coordinator_school_ids(actor)))
    return list(db.session.scalars(query))


@dataclass
class Unplaced:
    pupil: Pupil
    reason: str


@dataclass
class RunResult:
    run: TasterRun
    bookings: list[TasterBooking]
    unplaced: list[Unplaced]

    @property
    def first_choice_share(self) -> float:
        return self.run.first_choice / self.run.placed if self.run.placed else 0.0


def run_result(actor: User, run: TasterRun) -> RunResult:
    """The run's figures, its bookings and the unplaced pupils with reasons; the coordinator sees their own school."""
    schools = None if is_staff(actor) else coordinator_school_ids(actor)
    bookings = [b for b in db.session.scalars(db.select(TasterBooking).where(TasterBooking.run_id == run.id)
                                              .order_by(TasterBooking.id))
                if schools is None or b.pupil.school.id in schools]
    unplaced = []
    for pupil_id, code in sorted(run.unplaced.items(), key=lambda item: int(item[0])):
        pupil = db.session.get(Pupil, int(pupil_id))
        if pupil is not None and (schools is None or pupil.school.id in schools):
            unplaced.append(Unplaced(pupil, reason_label(code)))
    record(actor, "taster_run_viewed", object_type="taster_run", object_id=run.id)
    return RunResult(run, bookings, unplaced)

