"""Schools: who sees which school and pupil, the staff's schools and coordinators, the coordinator's classes,
pupils and praktik weeks, the pupil's invitation, and retention. Services take the acting user and refuse others."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale, format_date

from partnerhub.accounts.models import Invitation, User
from partnerhub.accounts.service import create_user, email_taken, invite, normalise_email
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.privacy.cpr import looks_like_cpr
from partnerhub.reference.models import Town
from partnerhub.schools.models import PraktikWeek, Pupil, School, SchoolClass, coordinator_schools
from partnerhub.security import public_url
from partnerhub.timeutil import utcnow

GRADES = (7, 8, 9, 10)
YOUNGEST_FOR_TASTERS = 13  # under 13 no placement (the young-worker rules); the pupil is shown as not offered any


class SchoolError(Exception):
    """A refusal with a translated message, shown next to the form."""


# ---- who sees what -------------------------------------------------------------------------------------------------

def coordinator_school_ids(user: User) -> set[int]:
    """The schools a coordinator works for; empty for anyone else."""
    if user.role is not Role.COORDINATOR:
        return set()
    rows = db.session.execute(
        db.select(coordinator_schools.c.school_id).where(coordinator_schools.c.user_id == user.id))
    return {row[0] for row in rows}


def pupil_for_user(user: User) -> Pupil | None:
    """The pupil record behind a pupil's login."""
    if user.role is not Role.PUPIL:
        return None
    return db.session.scalar(db.select(Pupil).where(Pupil.user_id == user.id))


def coordinator_can_see_pupil(user: User, pupil: Pupil) -> bool:
    return pupil.school_class.school_id in coordinator_school_ids(user)


def can_see_school(user: User, school: School) -> bool:
    return user.role is Role.STAFF or school.id in coordinator_school_ids(user)


def _require_school(actor: User, school: School) -> None:
    if not can_see_school(actor, school):
        raise PermissionError("not this school's coordinator")


def _require_staff(actor: User) -> None:
    if actor.role is not Role.STAFF:
        raise PermissionError("staff only")


def schools_of(user: User) -> list[School]:
    """Staff see every school; a coordinator only their own."""
    query = db.select(School).order_by(School.name)
    if user.role is not Role.STAFF:
        query = query.where(School.id.in_(coordinator_school_ids(user) or {-1}))
    return list(db.session.scalars(query))


# ---- school years, ages, weeks ------------------------------------------------------------------------------------

def current_school_year(today: date | None = None) -> int:
    """The autumn year of the school year running on that day (a new year starts on 1 August)."""
    today = today or utcnow().date()
    return today.year if today.month >= 8 else today.year - 1


def remove_after(school_year: int) -> date:
    """A pupil is kept until the end of the school year (31 July) plus the configured period."""
    return date(school_year + 1, 7, 31) + current_app.config["PUPIL_RETENTION_AFTER_SCHOOL_YEAR"]


def age_today(pupil: Pupil) -> int:
    return pupil.age_on(utcnow().date())


def too_young_for_tasters(pupil: Pupil, day: date | None = None) -> bool:
    return pupil.age_on(day or utcnow().date()) < YOUNGEST_FOR_TASTERS


def monday_of(iso_year: int, iso_week: int) -> date:
    return date.fromisocalendar(iso_year, iso_week, 1)


def week_label(week: PraktikWeek) -> str:
    """ "uge 10 (2. – 6. marts 2027)" in Danish, "week 10 (2 – 6 March 2027)" in English."""
    _year, number = week.iso_week
    start, end = week.starts_on, week.ends_on
    if start == end:
        span = format_date(start, "d. MMMM y") if _is_danish() else format_date(start, "d MMMM y")
    elif start.month == end.month:
        span = (f"{start.day}. – {format_date(end, 'd. MMMM y')}" if _is_danish()
                else f"{start.day} – {format_date(end, 'd MMMM y')}")
    else:
        span = (f"{format_date(start, 'd. MMMM')} – {format_date(end, 'd. MMMM y')}" if _is_danish()
                else f"{format_date(start, 'd MMMM')} – {format_date(end, 'd MMMM y')}")
    return _("uge %(number)d (%(span)s)", number=number, span=span)


def _is_danish() -> bool:
    from partnerhub.i18n import get_locale

    locale = get_locale()
    return locale is None or locale.language == "da"


# ---- staff: schools and coordinators ------------------------------------------------------------------------------

def create_school(actor: User, *, name: str, town: Town) -> School:
    _require_staff(actor)
    name = name.strip()
    if db.session.scalar(db.select(School.id).where(db.func.lower(School.name) == name.lower())):
        raise SchoolError(_("Der findes allerede en skole med det navn."))
    school = School(name=name, town_id=town.id)
    db.session.add(school)
    db.session.flush()
    record(actor, "school_created", object_type="school", object_id=school.id, detail={"name": name})
    return school


def invite_coordinator(actor: User, school: School, *, name: str, email: str) -> User:
    """A new coordinator gets an invitation to set a password; an existing coordinator is linked to one more school
    (and told by mail). Any other account with that e-mail is refused."""
    _require_staff(actor)
    email = normalise_email(email)
    existing = db.session.scalar(db.select(User).where(User.email == email))
    if existing is not None:
        if existing.role is not Role.COORDINATOR:
            raise SchoolError(_("E-mailen bruges allerede af en anden slags bruger."))
        if existing in school.coordinators:
            raise SchoolError(_("%(name)s er allerede skolevejleder på skolen.", name=existing.name))
        school.coordinators.append(existing)
        db.session.flush()
        with force_locale(existing.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            send_mail(existing.email, _("Du er skolevejleder på %(school)s", school=school.name), _(
                "Hej %(name)s\n\nDu kan nu også se %(school)s i PartnerHub:\n%(link)s\n\n"
                "Venlig hilsen\nUngeenheden, Hedensted Kommune",
                name=existing.name, school=school.name, link=public_url("schools.coordinator_home")),
                recipient_user_id=existing.id)
        record(actor, "coordinator_linked", object_type="school", object_id=school.id, subject_user_id=existing.id)
        return existing
    user = create_user(email=email, name=name, role=Role.COORDINATOR)
    school.coordinators.append(user)
    db.session.flush()
    record(actor, "user_created", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"role": str(Role.COORDINATOR), "school_id": school.id})
    invite(actor, user)
    return user


def remove_coordinator(actor: User, school: School, user: User) -> None:
    _require_staff(actor)
    if user in school.coordinators:
        school.coordinators.remove(user)
        record(actor, "coordinator_unlinked", object_type="school", object_id=school.id, subject_user_id=user.id)


# ---- classes ------------------------------------------------------------------------------------------------------

def grade_of(name: str) -> int | None:
    """ "8.A" -> 8, "10 x" -> 10: the grade is the number a class name starts with."""
    digits = ""
    for char in name.strip():
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits and int(digits) in GRADES else None


def find_class(school: School, school_year: int, name: str) -> SchoolClass | None:
    return db.session.scalar(db.select(SchoolClass).where(
        SchoolClass.school_id == school.id, SchoolClass.school_year == school_year,
        db.func.lower(SchoolClass.name) == name.strip().lower()))


def create_class(actor: User, school: School, *, school_year: int, grade: int, name: str) -> SchoolClass:
    _require_school(actor, school)
    if grade not in GRADES:
        raise SchoolError(_("Klassetrinnet skal være 7, 8, 9 eller 10."))
    if find_class(school, school_year, name):
        raise SchoolError(_("Klassen %(name)s findes allerede i skoleåret.", name=name.strip()))
    school_class = SchoolClass(school_id=school.id, school_year=school_year, grade=grade, name=name.strip())
    db.session.add(school_class)
    db.session.flush()
    record(actor, "school_class_created", object_type="school_class", object_id=school_class.id,
           detail={"school_id": school.id, "name": school_class.name, "school_year": school_year})
    return school_class


def classes_of(school: School, school_year: int | None = None) -> list[SchoolClass]:
    query = db.select(SchoolClass).where(SchoolClass.school_id == school.id)
    if school_year is not None:
        query = query.where(SchoolClass.school_year == school_year)
    return list(db.session.scalars(query.order_by(SchoolClass.school_year.desc(), SchoolClass.grade,
                                                  SchoolClass.name)))


def pupil_counts(class_ids: list[int]) -> dict[int, int]:
    if not class_ids:
        return {}
    rows = db.session.execute(db.select(Pupil.school_class_id, db.func.count(Pupil.id))
                              .where(Pupil.school_class_id.in_(class_ids)).group_by(Pupil.school_class_id))
    return {class_id: count for class_id, count in rows}


def log_pupil_list_viewed(actor: User, school_class: SchoolClass) -> None:
    """Every view of a pupil list is in the audit log."""
    record(actor, "pupil_list_viewed", object_type="school_class", object_id=school_class.id,
           detail={"school_id": school_class.school_id, "pupils": len(school_class.pupils)})


def log_pupil_viewed(actor: User, pupil: Pupil) -> None:
    record(actor, "pupil_viewed", object_type="pupil", object_id=pupil.id, subject_user_id=pupil.user_id)


# ---- pupils -------------------------------------------------------------------------------------------------------

PUPIL_FIELDS = ("first_name", "last_name", "birth_year", "birth_month", "email", "guardian_name", "guardian_email",
                "guardian_phone", "contact_needs")


def cpr_problem(values: dict) -> str | None:
    """A CPR-looking value in any field is refused with a clear message, before it reaches the database."""
    for value in values.values():
        if isinstance(value, str) and looks_like_cpr(value):
            return _("Det ligner et CPR-nummer. PartnerHub gemmer aldrig CPR-numre – skriv kun fødselsmåned og "
                     "-år.")
    return None


def pupil_email_problem(email: str | None, pupil: Pupil | None = None) -> str | None:
    if not email:
        return None
    email = normalise_email(email)
    if pupil is not None and pupil.user is not None and pupil.user.email == email:
        return None
    if email_taken(email):
        return _("E-mailen %(email)s bruges allerede af en anden bruger.", email=email)
    return None


def add_pupil(actor: User, school_class: SchoolClass, **values: object) -> Pupil:
    _require_school(actor, school_class.school)
    problem = cpr_problem(values)
    if problem:
        raise SchoolError(problem)
    pupil = Pupil(school_class_id=school_class.id, created_by_id=actor.id,
                  remove_after=remove_after(school_class.school_year),
                  **{key: values.get(key) for key in PUPIL_FIELDS})
    if pupil.email:
        pupil.email = normalise_email(pupil.email)
    db.session.add(pupil)
    db.session.flush()
    record(actor, "pupil_added", object_type="pupil", object_id=pupil.id,
           detail={"school_class_id": school_class.id})
    return pupil


def update_pupil(actor: User, pupil: Pupil, *, school_class: SchoolClass | None = None, **values: object) -> None:
    _require_school(actor, pupil.school)
    problem = cpr_problem(values)
    if problem:
        raise SchoolError(problem)
    for key in PUPIL_FIELDS:
        if key in values:
            setattr(pupil, key, values[key])
    if pupil.email:
        pupil.email = normalise_email(pupil.email)
    if school_class is not None and school_class.id != pupil.school_class_id:
        _require_school(actor, school_class.school)
        pupil.school_class = school_class
        pupil.remove_after = remove_after(school_class.school_year)
    if pupil.user is not None:
        pupil.user.name = pupil.display_name
    db.session.flush()
    record(actor, "pupil_updated", object_type="pupil", object_id=pupil.id, subject_user_id=pupil.user_id)


def remove_pupil(actor: User | None, pupil: Pupil, *, reason: str = "removed") -> None:
    """Deletes the pupil and their referrals; their login (if any) is anonymised and closed, so the audit log's
    rows still add up without naming them."""
    if actor is not None:
        _require_school(actor, pupil.school)
    from partnerhub.schools.models import PupilReferral

    user = pupil.user
    pupil_id = pupil.id
    # Explicitly, not by the database's cascade: SQLite does not enforce foreign keys.
    db.session.execute(db.delete(PupilReferral).where(PupilReferral.pupil_id == pupil_id))
    db.session.delete(pupil)
    db.session.flush()
    if user is not None:
        _close_pupil_account(user)
    record(actor, "pupil_removed", object_type="pupil", object_id=pupil_id,
           subject_user_id=user.id if user else None, detail={"reason": reason})


def _close_pupil_account(user: User) -> None:
    from partnerhub.accounts.service import end_all_sessions
    from partnerhub.outbox.models import OutboxMessage
    from partnerhub.privacy.service import _blank_audit_free_text

    user.email = f"slettet-elev-{user.id}@partnerhub.invalid"
    user.name = "Slettet elev"
    user.password_hash = None
    user.active = False
    user.anonymised_at = utcnow()
    end_all_sessions(user)
    _blank_audit_free_text(user)
    db.session.execute(db.delete(Invitation).where(Invitation.user_id == user.id))
    db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.recipient_user_id == user.id))


# ---- the pupil's own login ----------------------------------------------------------------------------------------

def invite_pupil(actor: User, pupil: Pupil) -> str:
    """Creates the pupil's login (Role.PUPIL) on first use and sends the set-password link to the pupil's e-mail;
    without an e-mail the link is only returned, for the coordinator to show or print. Returns the link."""
    _require_school(actor, pupil.school)
    if pupil.user is not None and pupil.user.has_password:
        raise SchoolError(_("%(name)s har allerede valgt en adgangskode og kan logge ind.", name=pupil.first_name))
    if pupil.user is None:
        email = pupil.email or f"elev-{pupil.id}-{utcnow():%Y%m%d%H%M%S}@elev.partnerhub.invalid"
        if email_taken(email):
            raise SchoolError(_("E-mailen %(email)s bruges allerede af en anden bruger.", email=email))
        pupil.user = create_user(email=email, name=pupil.display_name, role=Role.PUPIL)
        db.session.flush()
    elif pupil.email and pupil.user.email != pupil.email:
        pupil.user.email = pupil.email
    db.session.execute(db.update(Invitation).where(Invitation.user_id == pupil.user.id, Invitation.used_at.is_(None))
                       .values(expires_at=utcnow()))  # an older link stops working
    if pupil.email:
        token = invite(actor, pupil.user)
    else:
        token = _invitation_without_mail(actor, pupil.user)
    return public_url("accounts.accept_invitation", token=token)


def _invitation_without_mail(actor: User, user: User) -> str:
    from partnerhub.accounts.service import new_invitation

    token = new_invitation(actor, user)
    record(actor, "invitation_created", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"shown_to_coordinator": True})
    return token


# ---- praktik weeks ------------------------------------------------------------------------------------------------

def add_praktik_week(actor: User, school_class: SchoolClass, *, starts_on: date, days: int) -> PraktikWeek:
    _require_school(actor, school_class.school)
    monday = starts_on - timedelta(days=starts_on.weekday())
    if not 1 <= days <= 5:
        raise SchoolError(_("En praktikuge har 1 til 5 dage."))
    if db.session.scalar(db.select(PraktikWeek.id).where(PraktikWeek.school_class_id == school_class.id,
                                                         PraktikWeek.starts_on == monday)):
        raise SchoolError(_("Klassen har allerede praktik i den uge."))
    week = PraktikWeek(school_class_id=school_class.id, starts_on=monday, days=days)
    db.session.add(week)
    db.session.flush()
    record(actor, "praktik_week_added", object_type="school_class", object_id=school_class.id,
           detail={"starts_on": monday.isoformat(), "days": days})
    return week


def remove_praktik_week(actor: User, week: PraktikWeek) -> None:
    _require_school(actor, week.school_class.school)
    record(actor, "praktik_week_removed", object_type="school_class", object_id=week.school_class_id,
           detail={"starts_on": week.starts_on.isoformat()})
    db.session.delete(week)


# ---- retention ----------------------------------------------------------------------------------------------------

def pupils_past_retention(today: date | None = None) -> list[Pupil]:
    today = today or utcnow().date()
    return list(db.session.scalars(db.select(Pupil).where(Pupil.remove_after < today).order_by(Pupil.id)))


def run_pupil_retention(actor: User | None, *, dry_run: bool, today: date | None = None) -> int:
    """Deletes pupils past their removal date (the school year's end plus the set period); called by the
    privacy package's retention run."""
    due = pupils_past_retention(today)
    if not dry_run:
        for pupil in due:
            remove_pupil(None, pupil, reason="retention")
    return len(due)
