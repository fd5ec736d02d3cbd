"""Demo schools: Juelsminde Skole with a coordinator, three classes of the running school year with pupils and
praktik weeks, a pupil login, one pupil under 13 and one pupil flagged for the youth unit with the guardian's
consent. Idempotent; fictional names, birth month and year only."""

from __future__ import annotations

from datetime import date, timedelta

from partnerhub.accounts.models import User
from partnerhub.extensions import db
from partnerhub.reference.models import Town
from partnerhub.schools import service
from partnerhub.schools.models import PraktikWeek, Pupil, PupilReferral, ReferralStatus, School, SchoolClass
from partnerhub.timeutil import utcnow

DEMO_SCHOOL = ("Juelsminde Skole", "Juelsminde")
DEMO_SECOND_SCHOOL = ("Hedensted Skole", "Hedensted")
COORDINATOR_EMAIL = "vejleder@demo.partnerhub.dk"
PUPIL_EMAIL = "elev@demo.partnerhub.dk"
# (class, grade, praktik ISO week in the spring, days, pupils as (first, last, birth month, age reached in the
# autumn's calendar year))
CLASSES = (
    ("8.A", 8, 10, 5, (("Freja", "Lund", 4, 14), ("Noah", "Kristensen", 9, 14), ("Ida", "Mikkelsen", 1, 14),
                       ("Oliver", "Bach", 6, 14), ("Alma", "Thomsen", 11, 13), ("Lucas", "Holm", 2, 14))),
    ("9.B", 9, 6, 3, (("Emma", "Poulsen", 3, 15), ("William", "Nørgaard", 7, 15), ("Clara", "Dam", 12, 15),
                      ("Oscar", "Vestergaard", 5, 15))),
    ("7.C", 7, 14, 2, (("Karla", "Frost", 10, 12), ("Malthe", "Juhl", 3, 13))),
)
OTHER_CLASS = ("8.A", 8, 11, 5, (("Johan", "Berg", 8, 14), ("Laura", "Skov", 2, 14)))
DEMO_PUPIL = ("8.A", "Freja")  # has the pupil login
FLAGGED = ("9.B", "Oscar", "Meget fravær i 9. klasse; praktisk anlagt og glad for at bruge hænderne.")


def _school(name: str, town_name: str) -> School:
    school = db.session.scalar(db.select(School).where(School.name == name))
    if school is None:
        town = db.session.scalar(db.select(Town).where(Town.name == town_name)) or db.session.scalars(
            db.select(Town).order_by(Town.name)).first()
        if town is None:
            raise RuntimeError("no towns: load the reference data (flask load-reference) before the demo")
        school = School(name=name, town_id=town.id)
        db.session.add(school)
        db.session.flush()
    return school


def seed_schools(staff: User, coordinator: User, pupil_user: User) -> None:
    school = _school(*DEMO_SCHOOL)
    second = _school(*DEMO_SECOND_SCHOOL)  # another school: the coordinator's view is visibly limited to their own
    if coordinator not in school.coordinators:
        school.coordinators.append(coordinator)
    year = service.current_school_year()
    for target, name, grade, week, days, pupils in [(school, *row) for row in CLASSES] + [(second, *OTHER_CLASS)]:
        school_class = service.find_class(target, year, name)
        if school_class is None:
            school_class = SchoolClass(school_id=target.id, school_year=year, grade=grade, name=name)
            db.session.add(school_class)
            db.session.flush()
            monday = date.fromisocalendar(year + 1, week, 1)
            db.session.add(PraktikWeek(school_class_id=school_class.id, starts_on=monday, days=days))
            for first, last, month, age in pupils:
                db.session.add(Pupil(
                    school_class_id=school_class.id, first_name=first, last_name=last, birth_month=month,
                    birth_year=year - age,
                    guardian_name=f"Forælder {last}", guardian_email=f"mor.{first.lower()}@eksempel.dk",
                    guardian_phone="75 12 34 56", created_by_id=coordinator.id,
                    remove_after=service.remove_after(year)))
            db.session.flush()
        if target is school and name == DEMO_PUPIL[0]:
            pupil = next(p for p in school_class.pupils if p.first_name == DEMO_PUPIL[1])
            if pupil.user_id is None:
                pupil.user_id, pupil.email = pupil_user.id, pupil_user.email
                pupil_user.name = pupil.display_name
        if target is school and name == FLAGGED[0]:
            pupil = next(p for p in school_class.pupils if p.first_name == FLAGGED[1])
            if not db.session.scalar(db.select(PupilReferral.id).where(PupilReferral.pupil_id == pupil.id)):
                asked = utcnow() - timedelta(days=3)
                db.session.add(PupilReferral(
                    pupil_id=pupil.id, reason=FLAGGED[2], status=ReferralStatus.GIVEN,
                    token_hash=f"demo-referral-{pupil.id}".ljust(64, "0"), requested_at=asked,
                    expires_at=asked + timedelta(days=14), answered_at=asked + timedelta(days=1),
                    requested_by_id=coordinator.id))
    db.session.flush()
