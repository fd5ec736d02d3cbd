"""What every planning service shares: the refusal with a message, today's date, links in mails, the staff check."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from partnerhub.accounts.models import User
from partnerhub.permissions import Role
from partnerhub.security import public_url
from partnerhub.timeutil import utcnow


class PlanningError(Exception):
    """A refusal with a translated message for the person who asked."""


class CapacityError(PlanningError):
    """The last seat went to someone else."""


def today() -> date:
    """Today in UTC; one function, so a test or a report can fix the date."""
    return utcnow().date()


def add_months(day: date, months: int) -> date:
    """The same day some months later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def link(endpoint: str, **values: Any) -> str:
    """A full link for a mail from PUBLIC_URL alone, in a request, the CLI or a worker (never the Host header)."""
    return public_url(endpoint, **values)


def require_staff(actor: User | None) -> None:
    """Staff-only services refuse everyone else, whichever page or command called them."""
    if getattr(actor, "role", None) is not Role.STAFF:
        raise PermissionError("staff only")
