"""Young people's workflows. Staff actions take the staff user, so the audit log says who did it."""

from __future__ import annotations

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user, invite
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.youth.models import YouthProfile


def register_youth(*, first_name: str, last_name: str | None, birth_year: int, email: str, password: str,
                   locale: str | None = None) -> User:
    user = create_user(email=email, name=first_name, role=Role.YOUTH, password=password)
    user.locale = locale
    db.session.add(YouthProfile(user_id=user.id, first_name=first_name, last_name=last_name or None,
                                birth_year=birth_year))
    record(user, "youth_registered", object_type="user", object_id=user.id, subject_user_id=user.id)
    return user


def create_and_invite_youth(actor: User, *, first_name: str, last_name: str | None, birth_year: int | None,
                            email: str) -> YouthProfile:
    """Staff create the profile now; the young person chooses a password through the mailed link."""
    user = create_user(email=email, name=first_name, role=Role.YOUTH)
    profile = YouthProfile(user_id=user.id, first_name=first_name, last_name=last_name or None,
                           birth_year=birth_year, created_by_id=actor.id)
    db.session.add(profile)
    db.session.flush()
    record(actor, "youth_created", object_type="youth", object_id=profile.id, subject_user_id=user.id)
    invite(actor, user)
    return profile


def resend_invitation(actor: User, profile: YouthProfile) -> None:
    invite(actor, profile.user)


def all_profiles() -> list[YouthProfile]:
    return list(db.session.scalars(db.select(YouthProfile).order_by(YouthProfile.first_name, YouthProfile.id)))


def profile_for(user: User) -> YouthProfile | None:
    return db.session.scalar(db.select(YouthProfile).where(YouthProfile.user_id == user.id))


def view_profile(actor: User, profile: YouthProfile) -> YouthProfile:
    """Staff reading a young person's profile is personal-data access, and is logged as such."""
    record(actor, "youth_viewed", object_type="youth", object_id=profile.id, subject_user_id=profile.user_id)
    return profile
