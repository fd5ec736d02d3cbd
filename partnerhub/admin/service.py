"""Admin workflows on accounts."""

from __future__ import annotations

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user, end_all_sessions, invite
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role


class AdminError(Exception):
    """A refusal with a translated message."""


def create_staff_user(actor: User, *, name: str, email: str, role: Role) -> User:
    """Staff, admins and management get an invitation rather than a password chosen by someone else."""
    if role not in (Role.STAFF, Role.ADMIN, Role.MANAGEMENT):
        raise AdminError(_("Her kan kun oprettes medarbejdere, administratorer og ledelse."))
    user = create_user(email=email, name=name, role=role)
    record(actor, "user_created", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"role": str(role)})
    invite(actor, user)
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    if user.id == actor.id and not active:
        raise AdminError(_("Du kan ikke deaktivere dig selv."))
    user.active = active
    if not active:
        end_all_sessions(user)
    record(actor, "user_activated" if active else "user_deactivated", object_type="user", object_id=user.id,
           subject_user_id=user.id)


def all_users(role: Role | None = None) -> list[User]:
    query = db.select(User).order_by(User.role, User.name)
    if role is not None:
        query = query.where(User.role == role)
    return list(db.session.scalars(query))
