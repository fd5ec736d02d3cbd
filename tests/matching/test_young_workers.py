"""The young-worker rules as an engine hard rule: no placement under 13, light work at 13-14, and under 18 at most
8 hours a day and 40 a week, never 20:00-06:00, checked at the age on each day of the plan. No app, no database."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerhub.matching import Instance, Period, PlanOptions, WorkSchedule, YoungWorkerRules, plan
from partnerhub.matching import young_workers as yw
from tests.matching.matching_builders import company, youth

RULES = YoungWorkerRules()
START = date(2027, 3, 1)  # a Monday
WEEKDAYS = (1, 2, 3, 4, 5)
DAY = WorkSchedule(WEEKDAYS, 8 * 60, 15 * 60)
EVENING = WorkSchedule(WEEKDAYS, 16 * 60, 21 * 60)


def periods(n: int = 1, start: date = START, weeks: int = 4) -> tuple[Period, ...]:
    return tuple(Period(i, f"P{i}", start + timedelta(weeks=weeks * i),
                        start + timedelta(weeks=weeks * (i + 1)) - timedelta(days=3)) for i in range(n))


def solve(ys, cs, n: int = 1, start: date = START) -> set[tuple[str, str]]:
    inst = Instance(periods=periods(n, start), youth=tuple(ys), companies=tuple(cs), young_worker_rules=RULES)
    return {(a.youth_id, a.company_id) for a in plan(inst, PlanOptions(explain=False)).assignments}


def aged(yid: str, years: int, month: int = 1, **kw):
    """A young person who turns `years` in `month` of the round's year (so is that age from the month after)."""
    return youth(yid, birth_year=START.year - years, birth_month=month, available_periods=(0,), rotation_k=1, **kw)


def test_an_evening_company_is_never_proposed_for_a_16_year_old_but_a_day_company_is() -> None:
    ys = [aged("y16", 16)]
    cs = [company("evening", capacity=(1,), schedules=(EVENING,), minor_work=yw.MINOR_WORK_YOUTH),
          company("day", capacity=(1,), schedules=(DAY,), minor_work=yw.MINOR_WORK_YOUTH)]
    assert solve(ys, cs) == {("y16", "day")}
    assert solve(ys, cs[:1]) == set()


def test_an_adult_may_take_the_evening_company() -> None:
    cs = [company("evening", capacity=(1,), schedules=(EVENING,))]  # has not said anything about minors
    assert solve([aged("y19", 19)], cs) == {("y19", "evening")}


def test_a_company_that_has_not_said_or_said_no_is_never_proposed_for_a_minor() -> None:
    for minor_work in (yw.MINOR_WORK_NOT_SAID, yw.MINOR_WORK_NONE):
        cs = [company("c", capacity=(1,), schedules=(DAY,), minor_work=minor_work)]
        assert solve([aged("y15", 15)], cs) == set(), minor_work


def test_a_14_year_old_gets_light_work_only_and_a_12_year_old_nothing() -> None:
    cs = [company("youth", capacity=(1,), schedules=(DAY,), minor_work=yw.MINOR_WORK_YOUTH),
          company("light", capacity=(1,), schedules=(DAY,), minor_work=yw.MINOR_WORK_LIGHT)]
    assert solve([aged("y14", 14)], cs) == {("y14", "light")}
    assert solve([aged("y12", 12)], cs) == set()


def test_the_age_on_each_day_counts_a_birthday_before_the_period_frees_the_evening() -> None:
    """Born in January: 18 from February, so a March period may be in the evening; born in April: still 17."""
    cs = [company("evening", capacity=(1,), schedules=(EVENING,), minor_work=yw.MINOR_WORK_YOUTH)]
    assert solve([aged("jan", 18, month=1)], cs) == {("jan", "evening")}
    assert solve([aged("apr", 18, month=4)], cs) == set()


def test_more_than_8_hours_a_day_or_40_a_week_is_refused_for_a_minor() -> None:
    long_day = WorkSchedule(WEEKDAYS, 7 * 60, 16 * 60)  # 9 hours
    six_days = WorkSchedule((1, 2, 3, 4, 5, 6), 8 * 60, 15 * 60 + 30)  # 7.5 h x 6 = 45 h
    for schedule in (long_day, six_days):
        cs = [company("c", capacity=(1,), schedules=(schedule,), minor_work=yw.MINOR_WORK_YOUTH)]
        assert solve([aged("y16", 16)], cs) == set()
        assert solve([aged("y20", 20)], cs) == {("y20", "c")}


def test_the_lowest_possible_age_is_used_an_unknown_month_counts_as_december() -> None:
    assert yw.age_on(2010, 5, date(2027, 5, 31)) == 16  # the birthday may be the 31st
    assert yw.age_on(2010, 5, date(2027, 6, 1)) == 17
    assert yw.age_on(2010, None, date(2027, 12, 31)) == 16


# ---- the property: whatever the instance, no assignment breaks a rule on any day -------------------------------

def _reference_age(birth_year: int, birth_month: int | None, day: date) -> int:
    """Independent of the engine: whole years since the first day after the birth month ended."""
    month = birth_month or 12
    first_day_older = date(birth_year + (month // 12), month % 12 + 1, 1)
    years = day.year - first_day_older.year
    if (day.month, day.day) < (first_day_older.month, first_day_older.day):
        years -= 1
    return years


def _reference_breaks(y, c, period: Period) -> bool:
    """Reads the law's rules directly: minute by minute, day by day, week by week."""
    schedule = c.schedules[period.index]
    minutes = {(schedule.start_minute + m) % 1440 for m in range(schedule.minutes_per_day)}
    night = any(m >= RULES.no_work_from * 60 or m < RULES.no_work_until * 60 for m in minutes)
    week_hours: dict[tuple[int, int], float] = {}
    day = period.starts_on
    while day <= period.ends_on:
        age = _reference_age(y.birth_year, y.birth_month, day)
        if day.isoweekday() in schedule.weekdays and age < 18:
            if age < 13 or c.minor_work in ("", "none") or (age < 15 and c.minor_work != "light"):
                return True
            if schedule.minutes_per_day > 8 * 60 or night:
                return True
            week = day.isocalendar()[:2]
            week_hours[week] = week_hours.get(week, 0) + schedule.minutes_per_day / 60
            if week_hours[week] > 40:
                return True
        day += timedelta(days=1)
    return False


schedules = st.builds(lambda days, start, length: WorkSchedule(tuple(sorted(days)), start * 30, (start * 30 + length
                                                                                               * 30) % 1440),
                      st.sets(st.integers(1, 7), min_size=1, max_size=7), st.integers(0, 47), st.integers(6, 24))


@st.composite
def young_instances(draw) -> Instance:
    n_periods = draw(st.integers(1, 3))
    start = START + timedelta(weeks=draw(st.integers(0, 52)))
    ys = [youth(f"y{i}", birth_year=start.year - draw(st.integers(11, 20)),
                birth_month=draw(st.none() | st.integers(1, 12)), rotation_k=n_periods,
                available_periods=tuple(range(n_periods)))
          for i in range(draw(st.integers(1, 5)))]
    cs = [company(f"c{i}", capacity=tuple(draw(st.integers(0, 2)) for _ in range(n_periods)),
                  schedules=tuple(draw(schedules) for _ in range(n_periods)),
                  minor_work=draw(st.sampled_from(("", "none", "youth", "light"))))
          for i in range(draw(st.integers(1, 5)))]
    return Instance(periods=periods(n_periods, start), youth=tuple(ys), companies=tuple(cs),
                    young_worker_rules=RULES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(young_instances())
def test_no_plan_ever_breaks_the_age_or_hours_rules(inst: Instance) -> None:
    by_id = {y.id: y for y in inst.youth}
    companies = {c.id: c for c in inst.companies}
    result = plan(inst, PlanOptions(explain=False))
    for a in result.assignments:
        assert not _reference_breaks(by_id[a.youth_id], companies[a.company_id], inst.periods[a.period]), a


def test_the_property_is_not_vacuous_minors_are_placed_where_the_rules_allow() -> None:
    """The reference agrees with the engine on a mixed instance: minors get the allowed pairs, nothing else."""
    ys = [aged("y13", 13), aged("y16", 16), aged("y17", 17, month=12)]
    cs = [company("light", capacity=(1,), schedules=(DAY,), minor_work="light"),
          company("youth", capacity=(1,), schedules=(DAY,), minor_work="youth"),
          company("late", capacity=(1,), schedules=(WorkSchedule(WEEKDAYS, 14 * 60, 20 * 60),), minor_work="youth")]
    placed = solve(ys, cs)
    assert ("y13", "light") in placed and len(placed) == 3
    assert all(not _reference_breaks(next(y for y in ys if y.id == yid), next(c for c in cs if c.id == cid),
                                     periods()[0]) for yid, cid in placed)
