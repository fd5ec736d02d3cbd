"""Who may act on what: the hosting company, the pupil's school, the pupil, staff; and the one error type."""

from __future__ import annotations

from datetime import date

from partnerhub.accounts.models import User
from partnerhub.permissions import Role
from partnerhub.schools.models import Pupil
from partnerhub.schools.service import coordinator_can_see_pupil, coordinator_school_ids, pupil_for_user
from partnerhub.timeutil import utcnow


class TasterError(Exception):
    """A refusal said in Danish to the person who tried."""


def today() -> date:
    return utcnow().date()


def is_staff(user: User | None) -> bool:
    return getattr(user, "role", None) is Role.STAFF


def can_see_pupil(user: User, pupil: Pupil) -> bool:
    """Staff, the pupil's own school's coordinator, and the pupil; a hosting company goes through its bookings."""
    if is_staff(user):
        return True
    if user.role is Role.COORDINATOR:
        return coordinator_can_see_pupil(user, pupil)
    if user.role is Role.PUPIL:
        own = pupil_for_user(user)
        return own is not None and own.id == pupil.id
    return False


def school_scope(user: User) -> set[int] | None:
    """The schools a user acts for: None for staff (all of them), the coordinator's own; nothing for others."""
    if is_staff(user):
        return None
    if user.role is Role.COORDINATOR:
        return coordinator_school_ids(user)
    return set()


def require(condition: bool) -> None:
    if not condition:
        raise PermissionError("not allowed")
