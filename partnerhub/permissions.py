"""Roles and access checks, declared at the edge of each view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum

F = TypeVar("F", bound=Callable[..., Any])


class Role(LabelledEnum):
    COMPANY = "company", _l("Virksomhed (HR)")
    YOUTH = "youth", _l("Ung")
    STAFF = "staff", _l("Medarbejder i Ungeenheden")
    ADMIN = "admin", _l("Administrator")
    # Read-only: the results in numbers (aggregates, small counts hidden), never a person.
    MANAGEMENT = "management", _l("Ledelse")
    # A school's vejleder (UU/KUI contact); sees only their own school(s).
    COORDINATOR = "coordinator", _l("Skolevejleder")
    # A pupil in grade 7-10 with a login from the coordinator's invitation.
    PUPIL = "pupil", _l("Elev")


# Who may read the results in numbers (dashboard, business case, aggregate exports); named once, used by each view.
RESULTS_READERS = (Role.STAFF, Role.ADMIN, Role.MANAGEMENT)


def role_required(*roles: Role) -> Callable[[F], F]:
    """Refuses anyone outside the named roles; anonymous users go to the login page first."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from partnerhub.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Marks a view as open to everyone, so the access-matrix test knows it was meant to be."""
    view.allowed_roles = "public"  # type: ignore[attr-defined]
    return view
