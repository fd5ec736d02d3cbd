"""Who sees which school and pupil; the rest of the schools feature's rules come in later."""

from __future__ import annotations

from partnerhub.accounts.models import User
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.schools.models import Pupil, coordinator_schools


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
