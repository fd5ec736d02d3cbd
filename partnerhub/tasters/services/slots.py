"""A company's taster slots: the young-worker rules checked at the slot's minimum age, the safety points, and the
lists the fair, the pupils' wish page and the allocation read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_decimal

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.extensions import db
from partnerhub.forms import weekdays_to_text
from partnerhub.i18n import gettext as _
from partnerhub.matching import young_workers as rules
from partnerhub.reference.service import young_worker_rules
from partnerhub.schools.models import PraktikWeek
from partnerhub.tasters.models import HOLDS_PLACE, TasterBooking, TasterSlot
from partnerhub.tasters.services.common import TasterError
from partnerhub.timeutil import utcnow

MAX_PLACES = 20
MAX_DAYS = 28  # a slot is a day, a week or a few weeks


class SlotRefused(TasterError):
    """The slot breaks the rules; every reason, each in Danish."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def _minutes(text: str) -> int:
    hours, _sep, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def _number(value: float) -> str:
    return format_decimal(round(value, 1), format="#,##0.#")


def rule_problems(*, min_age: int, starts_on: date, ends_on: date, weekdays: list[int], hours_from: str,
                  hours_to: str) -> list[str]:
    """The young-worker rules (matching.young_workers, with the admin's values) at the slot's minimum age: the
    youngest pupil who may come. One Danish sentence per broken rule."""
    limits = young_worker_rules()
    problems: list[str] = []
    if min_age < limits.no_placement_under:
        problems.append(_("Elever under %(limit)d år må ikke komme i praktik. Vælg en mindstealder på %(limit)d år "
                          "eller mere.", limit=limits.no_placement_under))
        return problems
    if min_age >= limits.adult_age:
        return problems
    schedule = rules.WorkSchedule(weekdays=tuple(weekdays), start_minute=_minutes(hours_from),
                                  end_minute=_minutes(hours_to))
    minor_work = rules.MINOR_WORK_LIGHT if min_age < limits.light_work_under else rules.MINOR_WORK_YOUTH
    # The youngest pupil allowed: min_age on every day of the slot (born in December of this year).
    birth_year = starts_on.year - min_age - 1
    for violation in rules.check_days(birth_year, 12, starts_on, ends_on, schedule, minor_work, limits):
        figures = dict(violation.figures)
        if violation.code == rules.HOURS_PER_DAY:
            problems.append(_("Elever på %(age)d år må højst arbejde %(limit)s timer om dagen. Arbejdsdagen "
                              "%(start)s–%(end)s er %(hours)s timer.", age=min_age, limit=_number(figures["limit"]),
                              start=hours_from, end=hours_to, hours=_number(figures["hours"])))
        elif violation.code == rules.HOURS_PER_WEEK:
            problems.append(_("Elever på %(age)d år må højst arbejde %(limit)s timer om ugen. Med de valgte dage "
                              "bliver det %(hours)s timer.", age=min_age, limit=_number(figures["limit"]),
                              hours=_number(figures["hours"])))
        elif violation.code == rules.NIGHT_WORK:
            problems.append(_("Elever under 18 må ikke arbejde mellem kl. %(start)02d og kl. %(end)02d. Tidsrummet "
                              "%(hours_from)s–%(hours_to)s går ind i det. Vælg en tid i dagtimerne.",
                              start=int(figures["from"]), end=int(figures["until"]), hours_from=hours_from,
                              hours_to=hours_to))
    return problems


@dataclass
class SlotInput:
    title: str
    starts_on: date
    ends_on: date
    weekdays: list[int]
    places: int
    hours_from: str
    hours_to: str
    min_age: int
    tasks: str
    bring: str | None
    contact_name: str
    contact_phone: str
    risk_assessed: bool
    tasks_suit_age: bool
    insurance_understood: bool


def slot_problems(data: SlotInput) -> list[str]:
    problems = []
    if data.ends_on < data.starts_on:
        problems.append(_("Slutdatoen skal være samme dag som startdatoen eller senere."))
    elif (data.ends_on - data.starts_on).days >= MAX_DAYS:
        problems.append(_("Et praktikforløb kan højst vare %(days)d dage. Opret flere, hvis I har flere uger.",
                          days=MAX_DAYS))
    elif not any((data.starts_on + timedelta(days=n)).isoweekday() in data.weekdays
                 for n in range((data.ends_on - data.starts_on).days + 1)):
        problems.append(_("Ingen af de valgte ugedage ligger mellem start- og slutdatoen."))
    if not (data.risk_assessed and data.tasks_suit_age and data.insurance_understood):
        problems.append(_("Bekræft alle tre punkter om sikkerhed og forsikring, før forløbet kan slås op."))
    if not problems:
        problems += rule_problems(min_age=data.min_age, starts_on=data.starts_on, ends_on=data.ends_on,
                                  weekdays=data.weekdays, hours_from=data.hours_from, hours_to=data.hours_to)
    return problems


def save_slot(actor: User, company: Company, slot: TasterSlot | None, data: SlotInput) -> TasterSlot:
    """Creates or changes a slot after every rule and safety point is met; refuses with every reason at once."""
    if slot is not None and slot.company_id != company.id:
        raise PermissionError("another company's slot")
    problems = slot_problems(data)
    if problems:
        raise SlotRefused(problems)
    if slot is not None and data.places < booked_places(slot):
        raise SlotRefused([_("Der er allerede %(n)d elever på forløbet. Antallet af pladser kan ikke være mindre.",
                             n=booked_places(slot))])
    created = slot is None
    if slot is None:
        slot = TasterSlot(company_id=company.id)
        db.session.add(slot)
    else:
        slot.updated_at = utcnow()
    slot.title, slot.starts_on, slot.ends_on = data.title, data.starts_on, data.ends_on
    slot.weekdays, slot.places = weekdays_to_text(sorted(data.weekdays)), data.places
    slot.hours_from, slot.hours_to, slot.min_age = data.hours_from, data.hours_to, data.min_age
    slot.tasks, slot.bring = data.tasks, data.bring or None
    slot.contact_name, slot.contact_phone = data.contact_name, data.contact_phone
    slot.risk_assessed, slot.tasks_suit_age = data.risk_assessed, data.tasks_suit_age
    slot.insurance_understood = data.insurance_understood
    db.session.flush()
    record(actor, "taster_slot_created" if created else "taster_slot_changed", object_type="taster_slot",
           object_id=slot.id, detail={"safety_confirmed": True, "min_age": data.min_age})
    return slot


def withdraw_slot(actor: User, company: Company, slot: TasterSlot) -> None:
    if slot.company_id != company.id:
        raise PermissionError("another company's slot")
    if booked_places(slot):
        raise TasterError(_("Der er elever på forløbet. Sig nej til dem under Forespørgsler først."))
    slot.withdrawn_at = utcnow()
    record(actor, "taster_slot_withdrawn", object_type="taster_slot", object_id=slot.id)


def slot_of(company: Company, slot_id: int) -> TasterSlot | None:
    slot = db.session.get(TasterSlot, slot_id)
    return slot if slot is not None and slot.company_id == company.id else None


def company_slots(company: Company) -> list[TasterSlot]:
    return list(db.session.scalars(db.select(TasterSlot).where(TasterSlot.company_id == company.id)
                                   .order_by(TasterSlot.starts_on.desc(), TasterSlot.id)))


def booked_places(slot: TasterSlot, week_starts_on: date | None = None) -> int:
    """Places held by live bookings, in one week when given (a slot over several weeks has its places each week)."""
    query = db.select(db.func.count(TasterBooking.id)).where(TasterBooking.slot_id == slot.id,
                                                               TasterBooking.status.in_(HOLDS_PLACE))
    if week_starts_on is not None:
        query = query.join(PraktikWeek, PraktikWeek.id == TasterBooking.praktik_week_id).where(
            PraktikWeek.starts_on == week_starts_on)
    return db.session.scalar(query) or 0


def slots_in(starts_on: date, ends_on: date, *, company: Company | None = None) -> list[TasterSlot]:
    """Open slots of approved companies with at least one working day from starts_on to ends_on."""
    query = (db.select(TasterSlot).join(Company).where(
        TasterSlot.withdrawn_at.is_(None), Company.status == CompanyStatus.APPROVED,
        TasterSlot.starts_on <= ends_on, TasterSlot.ends_on >= starts_on)
        .order_by(Company.name, TasterSlot.starts_on, TasterSlot.id))
    if company is not None:
        query = query.where(TasterSlot.company_id == company.id)
    return [slot for slot in db.session.scalars(query) if slot.days_in(starts_on, ends_on)]


def upcoming_slots(company: Company) -> list[TasterSlot]:
    """The company's open slots that have not ended: the fair booth's "Prøv en dag / en uge"."""
    today = utcnow().date()
    return [slot for slot in company_slots(company) if slot.is_open and slot.ends_on >= today]


@dataclass
class BoothSlots:
    """What the fair booth shows under "Prøv en dag / en uge"; for a pupil, only slots in their praktik week."""

    slots: list[TasterSlot]
    week: PraktikWeek | None = None
    pupil: object | None = None


def booth_slots(viewer: User | None, company: Company) -> BoothSlots | None:
    """The company's open slots; a pupil sees those in their next praktik week they are old enough for."""
    from partnerhub.permissions import Role
    from partnerhub.schools.service import pupil_for_user

    if viewer is not None and getattr(viewer, "is_authenticated", False) and viewer.role is Role.PUPIL:
        pupil = pupil_for_user(viewer)
        weeks = [w for w in pupil.school_class.praktik_weeks if w.ends_on >= utcnow().date()] if pupil else []
        if not weeks:
            return BoothSlots([], None, pupil)
        week = weeks[0]
        age = pupil.age_on(week.starts_on)  # type: ignore[union-attr]
        return BoothSlots([s for s in slots_in(week.starts_on, week.ends_on, company=company) if s.min_age <= age],
                          week, pupil)
    found = upcoming_slots(company) if company.is_approved else []
    return BoothSlots(found) if found else None
