"""Young people's workflows. Staff actions take the staff user, so the audit log says who did it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import format_decimal
from flask_babel.speaklater import LazyString
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user, invite
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.forms import weekdays_to_text
from partnerhub.guardians.service import save_guardian
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.permissions import Role
from partnerhub.reference.models import TradeArea
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, Transport, TravelUnit, YouthProfile, YouthStaffRecord

GuardianDetails = tuple[str | None, str | None, str | None]  # name, e-mail, phone
NO_GUARDIAN: GuardianDetails = (None, None, None)


def register_youth(*, first_name: str, last_name: str | None, birth_year: int, email: str, password: str,
                   locale: str | None = None, birth_month: int | None = None,
                   guardian: GuardianDetails = NO_GUARDIAN) -> User:
    user = create_user(email=email, name=first_name, role=Role.YOUTH, password=password)
    user.locale = locale
    profile = YouthProfile(user_id=user.id, first_name=first_name, last_name=last_name or None,
                           birth_year=birth_year, birth_month=birth_month)
    db.session.add(profile)
    db.session.flush()
    record(user, "youth_registered", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"privacy_notice_read": True})  # the form refuses to register without the tick
    save_guardian(user, profile, name=guardian[0], email=guardian[1], phone=guardian[2])
    return user


def create_and_invite_youth(actor: User, *, first_name: str, last_name: str | None, birth_year: int | None,
                            email: str, birth_month: int | None = None,
                            guardian: GuardianDetails = NO_GUARDIAN) -> YouthProfile:
    """Staff create the profile now; the young person chooses a password through the mailed link. The staff member
    who creates them is their contact person (follow-up goes to them) until someone changes it."""
    user = create_user(email=email, name=first_name, role=Role.YOUTH)
    profile = YouthProfile(user_id=user.id, first_name=first_name, last_name=last_name or None,
                           birth_year=birth_year, birth_month=birth_month, created_by_id=actor.id)
    db.session.add(profile)
    db.session.flush()
    if actor.role is Role.STAFF:
        db.session.add(YouthStaffRecord(profile_id=profile.id, consultant_id=actor.id, updated_by_id=actor.id))
    record(actor, "youth_created", object_type="youth", object_id=profile.id, subject_user_id=user.id)
    save_guardian(actor, profile, name=guardian[0], email=guardian[1], phone=guardian[2])
    invite(actor, user)
    return profile


def resend_invitation(actor: User, profile: YouthProfile) -> None:
    invite(actor, profile.user)


PROFILES_PER_PAGE = 50


def profiles_page(search: str = "", page: int = 1) -> Pagination:
    """Staff's list of young people: a page at a time and searchable by name, since a municipality has thousands."""
    query = (db.select(YouthProfile).options(joinedload(YouthProfile.user))
             .order_by(YouthProfile.first_name, YouthProfile.id))
    words = search.strip()[:80]
    if words:
        pattern = f"%{words}%"
        query = query.where(db.or_(YouthProfile.first_name.ilike(pattern), YouthProfile.last_name.ilike(pattern)))
    return db.paginate(query, page=page, per_page=PROFILES_PER_PAGE, max_per_page=PROFILES_PER_PAGE,
                       error_out=False)


def profile_for(user: User) -> YouthProfile | None:
    return db.session.scalar(db.select(YouthProfile).where(YouthProfile.user_id == user.id))


def profile_for_form(user: User) -> YouthProfile | None:
    """profile_for with what the profile form reads of it (the town, the guardian and the trade areas) in the same
    query: the form would otherwise load each of them on its own."""
    return db.session.scalars(db.select(YouthProfile).where(YouthProfile.user_id == user.id).options(
        joinedload(YouthProfile.town), joinedload(YouthProfile.guardian),
        joinedload(YouthProfile.trade_areas))).unique().first()


def view_profile(actor: User, profile: YouthProfile) -> YouthProfile:
    """Staff reading a young person's profile is personal-data access, and is logged as such."""
    record(actor, "youth_viewed", object_type="youth", object_id=profile.id, subject_user_id=profile.user_id)
    return profile


def update_profile(actor: User, profile: YouthProfile, *, first_name: str, last_name: str | None, birth_year: int,
                   town_id: int | None, transport: Transport, max_travel: int, max_travel_unit: TravelUnit,
                   interests: str, trade_area_ids: Iterable[int], weekdays: list[int], earliest_start: date | None,
                   accommodations: str | None, share_accommodation_details: bool, birth_month: int | None = None,
                   guardian: GuardianDetails = NO_GUARDIAN) -> None:
    """Used by the young person and by staff; retired trade areas already chosen are kept."""
    if actor.role is Role.YOUTH and actor.id != profile.user_id:
        raise PermissionError("a young person edits only their own profile")
    profile.first_name, profile.last_name, profile.birth_year = first_name, last_name or None, birth_year
    profile.birth_month = birth_month
    save_guardian(actor, profile, name=guardian[0], email=guardian[1], phone=guardian[2])
    profile.town_id, profile.transport = town_id, transport
    profile.max_travel, profile.max_travel_unit = max_travel, max_travel_unit
    profile.interests, profile.weekdays, profile.earliest_start = interests, weekdays_to_text(weekdays), earliest_start
    profile.accommodations = accommodations or None
    profile.share_accommodation_details = bool(share_accommodation_details and accommodations)
    ids = set(trade_area_ids)
    kept = [a for a in profile.trade_areas if a.id in ids]  # most saves keep the areas: only new ones are read
    new_ids = ids - {a.id for a in kept}
    with db.session.no_autoflush:  # the changes above are written once, with the rest, by the flush below
        added = list(db.session.scalars(db.select(TradeArea).where(TradeArea.id.in_(new_ids)))) if new_ids else []
    profile.trade_areas = kept + added + [a for a in profile.trade_areas if not a.active and a.id not in ids]
    profile.profile_updated_at = utcnow()
    if actor.id == profile.user_id:
        profile.user.name = first_name
    db.session.flush()
    record(actor, "youth_profile_updated", object_type="youth", object_id=profile.id,
           subject_user_id=profile.user_id)


def staff_record_for(profile: YouthProfile) -> YouthStaffRecord:
    """An unsaved, empty record when staff have not written anything yet (not attached, so nothing is flushed)."""
    return profile.staff_record or YouthStaffRecord(profile_id=profile.id)


def view_notes(actor: User, profile: YouthProfile) -> YouthStaffRecord:
    """Notes are sensitive: every view is logged with who looked, even when there is nothing written yet."""
    record(actor, "youth_notes_viewed", object_type="youth", object_id=profile.id, subject_user_id=profile.user_id)
    return staff_record_for(profile)


def update_staff_record(actor: User, profile: YouthProfile, *, readiness: Readiness | None, effort_focus: str | None,
                        consultant_id: int | None, notes: str | None) -> YouthStaffRecord:
    if actor.role is not Role.STAFF:
        raise PermissionError("only staff keep the staff-only record")
    staff_record = profile.staff_record
    if staff_record is None:
        staff_record = YouthStaffRecord(profile_id=profile.id)
        db.session.add(staff_record)
    changed = [name for name, value in (("readiness", readiness), ("effort_focus", effort_focus or None),
                                        ("consultant_id", consultant_id), ("notes", notes or None))
               if getattr(staff_record, name) != value]
    staff_record.readiness, staff_record.effort_focus = readiness, effort_focus or None
    staff_record.consultant_id, staff_record.notes = consultant_id, notes or None
    staff_record.updated_by_id = actor.id
    staff_record.updated_at = utcnow()
    db.session.flush()
    record(actor, "youth_staff_record_updated", object_type="youth", object_id=profile.id,
           subject_user_id=profile.user_id, detail={"changed": changed})
    return staff_record


def staff_users() -> list[User]:
    return list(db.session.scalars(db.select(User).where(User.role == Role.STAFF, User.active.is_(True))
                                   .order_by(User.name)))


def company_facing_summary(profile: YouthProfile) -> dict:
    """What a placing company may see: first name, interests and needs – never staff-only facts or the surname.

    Accommodations appear only as "needs adjustments" unless the young person agreed to share the details.
    """
    return {
        "first_name": profile.first_name,
        "town": profile.town.name if profile.town else None,
        "interests": profile.interests,
        "transport": profile.transport.label if profile.transport else None,  # so HR can say how to get there
        "trade_areas": [a.name for a in profile.trade_areas],
        "weekdays": profile.weekday_list,
        "earliest_start": profile.earliest_start,
        "needs_adjustments": profile.needs_adjustments,
        "accommodations": profile.accommodations if profile.share_accommodation_details else None,
    }


# Travel limits given in minutes become kilometres at these door-to-door speeds (km/h). They are deliberately
# cautious: a bike at 15 km/h includes stops, public transport at 25 km/h includes waiting and changes on rural
# routes in Hedensted, a car at 50 km/h is country roads, not motorway. The fair and the planner share them.
SPEED_KMH: dict[Transport, float] = {
    Transport.WALK: 5.0,
    Transport.BIKE: 15.0,
    Transport.MOPED: 30.0,
    Transport.PUBLIC: 25.0,
    Transport.CAR: 50.0,
}


# How the travel line names each way of getting around: "på cykel ca. 5 km".
TRAVEL_MODE_PHRASE: dict[Transport, LazyString] = {
    Transport.WALK: _l("til fods"),
    Transport.BIKE: _l("på cykel"),
    Transport.MOPED: _l("på knallert"),
    Transport.PUBLIC: _l("med bus eller tog"),
    Transport.CAR: _l("i bil"),
}


def _km_text(km: float) -> str:
    """Whole km from 10 km up, else one decimal, written the reader's way (5,5 in Danish)."""
    return format_decimal(round(km) if km >= 10 else round(km, 1))


def travel_meaning(profile: YouthProfile | None) -> str | None:
    """What a limit in minutes means in km by the young person's own transport ("på cykel ca. 5 km"), the figure
    the fair and the planner use; None for a limit in km, which needs no translating, or no limit."""
    if profile is None or not profile.max_travel or profile.max_travel_unit is not TravelUnit.MINUTES:
        return None
    km = travel_limit_km(profile)
    if km is None:
        return None
    transport = profile.transport or Transport.PUBLIC
    return _("%(mode)s ca. %(km)s km", mode=TRAVEL_MODE_PHRASE[transport], km=_km_text(km))


def travel_speeds_text() -> str:
    """The speeds minutes are turned into km by, per transport, for the profile form's hint."""
    speeds = [_("%(mode)s %(speed)s km i timen", mode=TRAVEL_MODE_PHRASE[t], speed=format_decimal(SPEED_KMH[t]))
              for t in Transport]
    return _("Skriver du minutter, regner vi dem om til km: %(speeds)s.", speeds=", ".join(speeds))


def travel_limit_km(profile: YouthProfile | None) -> float | None:
    """The young person's own limit in km, or None when they have not said; minutes become km by their transport."""
    if profile is None:
        return None
    return travel_limit_of(profile.max_travel, profile.max_travel_unit, profile.transport)


def travel_limit_of(max_travel: int | None, unit: TravelUnit | None, transport: Transport | None) -> float | None:
    """The same from the three columns, for a list that reads columns rather than profiles."""
    if not max_travel or unit is None:
        return None
    if unit is TravelUnit.KM:
        return float(max_travel)
    speed = SPEED_KMH.get(transport, SPEED_KMH[Transport.PUBLIC]) if transport else SPEED_KMH[Transport.PUBLIC]
    return round(max_travel / 60.0 * speed, 1)
