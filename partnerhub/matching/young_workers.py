"""The rules for young workers (under 18) as a hard rule: age, light work, hours per day and week, no night work.

The values come from data (the admin's rules table, sourced from the municipalities' erhvervspraktik guidance on
Arbejdstilsynet's rules), so a change in the law is an edit, not a release. The same function checks the engine's
candidate pairs and every manual edit and start in the app, so the two can never disagree.

Only the birth month and year are known (never a CPR number), so a young person's age on a day is the lowest it
can be: in the birth month the birthday is taken to be the last day of it, and an unknown month counts as December.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports this module for its field types
    from .model import Instance

# How a company has declared its tasks for people under 18 (the app stores the same codes).
MINOR_WORK_NOT_SAID = ""  # the company has not said: never proposed for a minor
MINOR_WORK_NONE = "none"  # no tasks suitable for people under 18
MINOR_WORK_YOUTH = "youth"  # tasks for 15-17-year-olds: never machines, chemicals or heavy lifting
MINOR_WORK_LIGHT = "light"  # light work only, so also for 13-14-year-olds
MINOR_WORK_CODES = (MINOR_WORK_NONE, MINOR_WORK_YOUTH, MINOR_WORK_LIGHT)

# Stable codes for a broken rule; the app turns each into a Danish sentence.
UNDER_MIN_AGE = "under_min_age"
COMPANY_NOT_DECLARED = "company_not_declared"
COMPANY_NO_MINORS = "company_no_minors"
LIGHT_WORK_ONLY = "light_work_only"
HOURS_PER_DAY = "hours_per_day"
HOURS_PER_WEEK = "hours_per_week"
NIGHT_WORK = "night_work"


@dataclass(frozen=True, slots=True)
class YoungWorkerRules:
    """The rule values; the defaults are young_worker_rules.csv as shipped."""

    no_placement_under: int = 13
    light_work_under: int = 15  # "13-14: light work only"
    adult_age: int = 18  # the hours rules apply under this age
    max_hours_day: float = 8.0
    max_hours_week: float = 40.0
    no_work_from: int = 20  # hour of day
    no_work_until: int = 6  # hour of day
    light_work_only: bool = True
    consent_under: int = 18  # a guardian consents below this age (a policy choice, kept as data)


@dataclass(frozen=True, slots=True)
class WorkSchedule:
    """A company's working days (ISO weekdays) and daily hours in a period, in minutes after midnight."""

    weekdays: tuple[int, ...]
    start_minute: int
    end_minute: int  # at or before start_minute: the shift runs past midnight

    @property
    def minutes_per_day(self) -> int:
        span = self.end_minute - self.start_minute
        return span if span > 0 else span + 24 * 60


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule, with the age it was broken at and the figures the message needs."""

    code: str
    age: int
    figures: tuple[tuple[str, float], ...] = field(default=())


def age_on(birth_year: int, birth_month: int | None, day: date) -> int:
    """The lowest age the person can have on `day`: the birthday counts only after the birth month has ended."""
    month = birth_month if birth_month and 1 <= birth_month <= 12 else 12
    return day.year - birth_year - (1 if day.month <= month else 0)


def is_night(schedule: WorkSchedule, rules: YoungWorkerRules) -> bool:
    """True when any minute of the shift falls from `no_work_from` until `no_work_until` the next morning."""
    start, end = schedule.start_minute, schedule.start_minute + schedule.minutes_per_day
    for day_offset in (-1, 0, 1):  # the night before, of and after the shift's own day
        night_start = (day_offset * 24 + rules.no_work_from) * 60
        night_end = ((day_offset + 1) * 24 + rules.no_work_until) * 60
        if start < night_end and night_start < end:
            return True
    return False


def check_days(birth_year: int, birth_month: int | None, starts_on: date, ends_on: date,
               schedule: WorkSchedule | None, minor_work: str, rules: YoungWorkerRules) -> list[Violation]:
    """Every rule broken on any working day from `starts_on` to `ends_on`, at the age on that day; [] when none.

    A day on which the young person is already an adult is not checked, so someone who turns 18 during a
    placement is held to the rules only until then. Without a schedule the company's weekdays are taken as
    Monday to Friday, and the hours cannot break anything.
    """
    found: dict[str, Violation] = {}
    weekdays = schedule.weekdays if schedule else (1, 2, 3, 4, 5)
    week_minutes: dict[tuple[int, int], int] = defaultdict(int)
    day = starts_on
    while day <= ends_on:
        age = age_on(birth_year, birth_month, day)
        if day.isoweekday() in weekdays and age < rules.adult_age:
            for violation in _day_violations(age, schedule, minor_work, rules):
                found.setdefault(violation.code, violation)
            if schedule is not None:
                week_minutes[day.isocalendar()[:2]] += schedule.minutes_per_day
                if week_minutes[day.isocalendar()[:2]] > rules.max_hours_week * 60:
                    found.setdefault(HOURS_PER_WEEK, Violation(HOURS_PER_WEEK, age, (
                        ("hours", week_minutes[day.isocalendar()[:2]] / 60), ("limit", rules.max_hours_week))))
        day += timedelta(days=1)
    return list(found.values())


def _day_violations(age: int, schedule: WorkSchedule | None, minor_work: str,
                    rules: YoungWorkerRules) -> Iterable[Violation]:
    if age < rules.no_placement_under:
        yield Violation(UNDER_MIN_AGE, age, (("limit", rules.no_placement_under),))
        return
    if minor_work == MINOR_WORK_NOT_SAID:
        yield Violation(COMPANY_NOT_DECLARED, age)
    elif minor_work == MINOR_WORK_NONE:
        yield Violation(COMPANY_NO_MINORS, age)
    elif rules.light_work_only and age < rules.light_work_under and minor_work != MINOR_WORK_LIGHT:
        yield Violation(LIGHT_WORK_ONLY, age, (("limit", rules.light_work_under),))
    if schedule is None:
        return
    if schedule.minutes_per_day > rules.max_hours_day * 60:
        yield Violation(HOURS_PER_DAY, age, (("hours", schedule.minutes_per_day / 60),
                                             ("limit", rules.max_hours_day)))
    if is_night(schedule, rules):
        yield Violation(NIGHT_WORK, age, (("from", rules.no_work_from), ("until", rules.no_work_until)))


def young_worker_bans(instance: Instance, youth_index: dict[str, int],
                      company_index: dict[str, int]) -> set[tuple[int, int]]:
    """(youth, company) pairs the engine must never propose: the rules break in a period both could use.

    Only young people with a birth year and periods with dates are checked; adults on every day of the round
    cost one age calculation each.
    """
    rules = instance.young_worker_rules
    if rules is None:
        return set()
    dated = [p for p in instance.periods if p.starts_on is not None and p.ends_on is not None]
    if not dated:
        return set()
    round_start = min(p.starts_on for p in dated if p.starts_on is not None)
    banned: set[tuple[int, int]] = set()
    for youth in instance.youth:
        if youth.birth_year is None or age_on(youth.birth_year, youth.birth_month, round_start) >= rules.adult_age:
            continue
        free = [p for p in dated if p.index in youth.available_periods]
        for company in instance.companies:
            for period in free:
                if company.capacity[period.index] <= 0:
                    continue
                schedule = company.schedules[period.index] if period.index < len(company.schedules) else None
                assert period.starts_on is not None and period.ends_on is not None
                if check_days(youth.birth_year, youth.birth_month, period.starts_on, period.ends_on, schedule,
                              company.minor_work, rules):
                    banned.add((youth_index[youth.id], company_index[company.id]))
                    break
    return banned
