"""Eligibility as a hard rule: (young person, company) pairs that may not be proposed, each with a stable code.

The rules read a young person's history (their last employer, their earlier placements) and a company's (its
interns over the last months, a staff flag), which the engine does not hold. So the app computes the pairs from
its data, with the arithmetic below, and hands them over as `Instance.ineligible`; the engine removes them before
it scores and plans, so the relaxation and its bounds are computed on the same filtered candidate graph. Manual
edits in the app are checked with the same functions, so the matcher and the pages can never disagree.

The values come from the admin's rules table (scheduling_rules.csv), so a change of policy is an edit, not a release.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

# Stable codes for a broken eligibility rule; the app turns each into a Danish sentence. The order is the order
# in which an explanation names them.
COMPANY_FLAGGED = "company_flagged"  # a staff member flagged the company (a labour conflict, abuse ...)
LAST_EMPLOYER = "last_employer"  # the young person's last employer, within the configured months
SAME_COMPANY_DURATION = "same_company_duration"  # already as long at this company as the rules allow
COMPANY_LOAD = "company_load"  # the company has had as many interns as its ordinary staff allow
ELIGIBILITY_CODES = (COMPANY_FLAGGED, LAST_EMPLOYER, SAME_COMPANY_DURATION, COMPANY_LOAD)


@dataclass(frozen=True, slots=True)
class EligibilityRules:
    """The rule values; the defaults are scheduling_rules.csv as shipped."""

    last_employer_months: int = 12  # not at the last employer until this many months after the job ended
    same_company_max_weeks: int = 26  # total weeks in placements at one company, over all rounds
    load_months: int = 12  # the window the company's interns are counted over
    load_per_employee: int = 2  # interns in that window per ordinary employee (a company counts as at least 1)
    internships_without_outcome: int = 3  # more placements than this without education or a job: a warning


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of a shorter month)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def last_employer_blocks(ended_on: date | None, starts_on: date, months: int) -> bool:
    """True when the job ended less than `months` before the placement starts, or has not ended (no end date)."""
    return ended_on is None or ended_on > months_before(starts_on, months)


def duration_exceeded(earlier_days: int, new_days: int, max_weeks: int) -> bool:
    """True when the earlier placements at the company and this one together last longer than the rules allow."""
    return earlier_days + new_days > max_weeks * 7


def load_limit(employees: int | None, per_employee: int) -> int:
    """Interns a company may have had in the window: per ordinary employee, a company without any counted as 1."""
    return per_employee * max(employees or 0, 1)


def load_exceeded(interns: int, employees: int | None, per_employee: int) -> bool:
    """True when one more intern would take the company over its load."""
    return interns + 1 > load_limit(employees, per_employee)


def eligibility_bans(ineligible: Mapping[tuple[str, str], str], youth_index: Mapping[str, int],
                     company_index: Mapping[str, int]) -> dict[tuple[int, int], str]:
    """The instance's ineligible pairs as (youth, company) index pairs with their codes; unknown ids are ignored
    (a company outside the round cannot be proposed anyway)."""
    out: dict[tuple[int, int], str] = {}
    for (youth_id, company_id), code in ineligible.items():
        y, c = youth_index.get(youth_id), company_index.get(company_id)
        if y is not None and c is not None:
            out[(y, c)] = code
    return out


def ordered_codes(codes: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The distinct codes in the explanation's order (known codes first, then any other, sorted)."""
    known = [c for c in ELIGIBILITY_CODES if c in codes]
    return tuple(known + sorted(set(codes) - set(ELIGIBILITY_CODES)))
