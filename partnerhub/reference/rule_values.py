"""What each kind of scheduling rule accepts as a value, so the planner can always read what the admin saved."""

from __future__ import annotations

import re
from datetime import date

from partnerhub.i18n import gettext as _

_WHOLE_NUMBER = re.compile(r"\d{1,3}")
_RATIO = re.compile(r"\+?1 per (\d{1,3})(?: ordinary employees)?(?: beyond)?(?: \(always at least (\d{1,2})\))?")
_BOOLEAN_WORDS = ("true", "false", "required", "not required")
# An admin writes Danish; the stored value stays in the file's form, which the planner reads.
_DANISH_RATIO = re.compile(r"(\+?)1 pr\.? (\d{1,3})(?: almindelige? ansatte)?( derudover)?"
                           r"(?: \(altid mindst (\d{1,2})\))?", re.IGNORECASE)
_DANISH_BOOLEAN = {"ja": "true", "nej": "false", "påkrævet": "required", "ikke påkrævet": "not required"}
# The whole-number units and their ranges: a rule outside them is a typo, not a change in the law.
# "days": how late in a period a young person may start (0 = on its first day); "weekdays": common days a week.
_NUMBER_RANGES = {"weeks": (1, 52), "weeks total": (1, 104), "months": (1, 36), "days": (0, 28), "weekdays": (1, 7),
                  "years": (10, 25), "hours": (1, 60), "hour of day": (0, 23), "per employee": (1, 20),
                  "placements": (1, 20)}


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


def stored_rule_value(unit: str, value: str) -> str:
    """The value as the rules file writes it: '1 pr. 6 almindelige ansatte (altid mindst 1)' is stored as
    '1 per 6 ordinary employees (always at least 1)', 'ja' as 'true'; anything else is kept as typed."""
    if unit == "bool":
        return _DANISH_BOOLEAN.get(value.lower(), value)
    match = _DANISH_RATIO.fullmatch(value) if unit == "persons" else None
    if match is None:
        return value
    plus, per, beyond, minimum = match.groups()
    return (f"{plus}1 per {per} ordinary employees" + (" beyond" if beyond else "")
            + (f" (always at least {minimum})" if minimum else ""))


def rule_value_problem(unit: str, value: str) -> str | None:
    """Returns why a value does not fit the rule's unit, or None; every unit in the rules data has a check."""
    if unit in _NUMBER_RANGES:
        return _number_problem(value, *_NUMBER_RANGES[unit])
    if unit == "persons":
        match = _RATIO.fullmatch(value)
        if match is None or any(group is not None and int(group) == 0 for group in match.groups()):
            return _("Skriv forholdet som fx '1 pr. 5 almindelige ansatte (altid mindst 1)', så PartnerHub "
                     "kan regne med det.")
        return None
    if unit == "bool":
        if value not in _BOOLEAN_WORDS:
            return _("Skriv et af ordene: %(words)s.", words=", ".join(_DANISH_BOOLEAN))
        return None
    if unit == "date":
        return _date_problem(value)
    return _("Reglen har en enhed (%(unit)s), som PartnerHub ikke kan kontrollere.", unit=unit)
