"""A pupil's ranked wishes for the class's praktik week: added, moved, removed, and closed once allocation ran."""

from __future__ import annotations

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.matching.taster import MAX_WISHES
from partnerhub.schools.models import PraktikWeek, Pupil
from partnerhub.tasters.models import TasterRun, TasterSlot, TasterWish
from partnerhub.tasters.services import slots as slot_service
from partnerhub.tasters.services.common import TasterError, can_see_pupil, require, today


def weeks_of(pupil: Pupil) -> list[PraktikWeek]:
    """The class's praktik weeks that have not ended, soonest first."""
    return [week for week in pupil.school_class.praktik_weeks if week.ends_on >= today()]


def week_of(pupil: Pupil, week_id: int) -> PraktikWeek | None:
    week = db.session.get(PraktikWeek, week_id)
    return week if week is not None and week.school_class_id == pupil.school_class_id else None


def wishes_of(pupil: Pupil, week: PraktikWeek) -> list[TasterWish]:
    return list(db.session.scalars(db.select(TasterWish).where(
        TasterWish.pupil_id == pupil.id, TasterWish.praktik_week_id == week.id).order_by(TasterWish.rank)))


def is_closed(week: PraktikWeek) -> bool:
    """Wishes close when an allocation has run for the week, for the pupil's school or for all schools."""
    school_id = week.school_class.school_id
    return db.session.scalar(db.select(db.func.count(TasterRun.id)).where(
        TasterRun.week_starts_on == week.starts_on,
        (TasterRun.school_id == school_id) | TasterRun.school_id.is_(None))) > 0


def choosable(pupil: Pupil, week: PraktikWeek) -> list[TasterSlot]:
    """The slots in the pupil's week that the pupil is old enough for (age on the week's first day)."""
    age = pupil.age_on(week.starts_on)
    return [slot for slot in slot_service.slots_in(week.starts_on, week.ends_on) if slot.min_age <= age]


def _check_open(actor: User, pupil: Pupil, week: PraktikWeek) -> None:
    require(can_see_pupil(actor, pupil) and week.school_class_id == pupil.school_class_id)
    if is_closed(week):
        raise TasterError(_("Fordelingen er lavet, så ønskerne kan ikke ændres længere. Tal med din vejleder."))


def add_wish(actor: User, pupil: Pupil, week: PraktikWeek, slot: TasterSlot) -> TasterWish:
    _check_open(actor, pupil, week)
    current = wishes_of(pupil, week)
    if any(wish.slot_id == slot.id for wish in current):
        raise TasterError(_("Det forløb har du allerede på listen."))
    if len(current) >= MAX_WISHES:
        raise TasterError(_("Du kan højst ønske %(n)d forløb. Fjern et, før du tilføjer et nyt.", n=MAX_WISHES))
    if slot not in slot_service.slots_in(week.starts_on, week.ends_on):
        raise TasterError(_("Forløbet ligger ikke i din praktikuge."))
    if slot.min_age > pupil.age_on(week.starts_on):
        raise TasterError(_("Forløbet er for elever fra %(age)d år.", age=slot.min_age))
    wish = TasterWish(pupil_id=pupil.id, praktik_week_id=week.id, slot_id=slot.id, rank=len(current) + 1,
                      entered_by_id=actor.id)
    db.session.add(wish)
    db.session.flush()
    record(actor, "taster_wish_added", object_type="pupil", object_id=pupil.id, subject_user_id=pupil.user_id,
           detail={"slot": slot.id, "rank": wish.rank})
    return wish


def wish_of(pupil: Pupil, wish_id: int) -> TasterWish | None:
    wish = db.session.get(TasterWish, wish_id)
    return wish if wish is not None and wish.pupil_id == pupil.id else None


def move_wish(actor: User, wish: TasterWish, up: bool) -> None:
    _check_open(actor, wish.pupil, wish.week)
    current = wishes_of(wish.pupil, wish.week)
    index = current.index(wish)
    other = index - 1 if up else index + 1
    if 0 <= other < len(current):
        current[index], current[other] = current[other], current[index]
        _renumber(current)
        record(actor, "taster_wish_moved", object_type="pupil", object_id=wish.pupil_id,
               subject_user_id=wish.pupil.user_id, detail={"slot": wish.slot_id, "rank": wish.rank})


def remove_wish(actor: User, wish: TasterWish) -> None:
    _check_open(actor, wish.pupil, wish.week)
    pupil, week = wish.pupil, wish.week
    db.session.delete(wish)
    db.session.flush()
    _renumber(wishes_of(pupil, week))
    record(actor, "taster_wish_removed", object_type="pupil", object_id=pupil.id, subject_user_id=pupil.user_id,
           detail={"slot": wish.slot_id})


def _renumber(wishes: list[TasterWish]) -> None:
    """Ranks 1..n in list order; written in two steps so no two rows share a rank in between."""
    for offset, wish in enumerate(wishes):
        wish.rank = 100 + offset
    db.session.flush()
    for rank, wish in enumerate(wishes, start=1):
        wish.rank = rank
    db.session.flush()


def apply(actor: User, pupil: Pupil, week: PraktikWeek, action: str) -> bool:
    """One button on the wish page: "add:<slot id>", "up:", "down:" or "remove:<wish id>". False when the wish
    is not the pupil's (a 404); junk is ignored."""
    verb, _sep, raw_id = action.partition(":")
    if not raw_id.isdigit() or len(raw_id) > 9 or verb not in ("add", "up", "down", "remove"):
        return True
    if verb == "add":
        slot = next((s for s in choosable(pupil, week) if s.id == int(raw_id)), None)
        if slot is None:
            raise TasterError(_("Det forløb kan ikke vælges i din praktikuge."))
        add_wish(actor, pupil, week, slot)
        return True
    wish = wish_of(pupil, int(raw_id))
    if wish is None or wish.praktik_week_id != week.id:
        return False
    if verb == "remove":
        remove_wish(actor, wish)
    else:
        move_wish(actor, wish, up=verb == "up")
    return True
