"""What each kind of scheduling rule accepts as a value, so the planner can always read what the admin saved."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

_WHOLE_NUMBER = re.compile(r"\d{1,3}")
_RATIO = re.compile(r"\+?1 per (\d{1,3})(?: ordinary employees)?(?: beyond)?(?: \(always at least (\d{1,2})\))?")
_BOOLEAN_WORDS = ("true", "false", "required", "not required")
# The whole-number units and their ranges: a rule outside them is a typo, not a change in the law.
_NUMBER_RANGES = {"weeks": (1, 52), "weeks total": (1, 104), "months": (1, 36), "years": (10, 25), "hours": (1, 60),
                  "hour of day": (0, 23)}


def _number_problem(value: str, low: int, high: int) -> str | None:
    if not _WHOLE_NUMBER.fullmatch(value) or not low <= int(value) <= high:
        return _("Skriv et helt tal mellem %(low)d og %(high)d.", low=low, high=high)
    return None


def _is_iso_date(text: str) -> bool:
    try:
        return len(text) == 10 and 2000 <= date.fromisoformat(text).year <= 2100
    except ValueError:
        return False


def _date_problem(value: str) -> str | None:
    """One date, or several separated by ' / ' (a reform that starts in phases)."""
    if not all(_is_iso_date(part.strip()) for part in value.split("/")):
        return _("Skriv en dato som ÅÅÅÅ-MM-DD, fx 2027-01-01. Flere datoer skilles med ' / '.")
    return None


def rule_value_problem(unit: str, value: str) -> str | None:
    """Returns why a value does not fit the rule's unit, or None; every unit in the rules data has a check."""
    if unit in _NUMBER_RANGES:
        return _number_problem(value, *_NUMBER_RANGES[unit])
    if unit == "persons":
        match = _RATIO.fullmatch(value)
        if match is None or any(group is not None and int(group) == 0 for group in match.groups()):
            return _("Skriv forholdet som fx '1 per 5 ordinary employees (always at least 1)', så PartnerHub "
                     "kan regne med det.")
        return None
    if unit == "bool":
        if value not in _BOOLEAN_WORDS:
            return _("Skriv et af ordene: %(words)s.", words=", ".join(_BOOLEAN_WORDS))
        return None
    if unit == "date":
        return _date_problem(value)
    return _("Reglen har en enhed (%(unit)s), som PartnerHub ikke kan kontrollere.", unit=unit)
