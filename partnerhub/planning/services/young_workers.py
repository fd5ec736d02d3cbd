"""The young-worker rules in the app: the engine's own check (matching.young_workers) read with the admin's rule
values and the company's declared hours, and its findings said in plain Danish. Manual edits, offers and starts
all pass through here, so the planner and the pages can never disagree."""

from __future__ import annotations

from datetime import date

from flask_babel import format_decimal

from partnerhub.companies.models import Company, CompanyCapacity, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.matching import young_workers as rules
from partnerhub.planning.models import Placement
from partnerhub.reference.service import young_worker_rules
from partnerhub.youth.models import YouthProfile


def _minutes(text: str | None) -> int | None:
    hours, _sep, minutes = (text or "").partition(":")
    if not (hours.isdigit() and minutes.isdigit()) or int(hours) > 24 or int(minutes) > 59:
        return None
    return int(hours) * 60 + int(minutes)


def schedule_of(capacity: CompanyCapacity | None) -> rules.WorkSchedule | None:
    """The company's days and hours in a period as the engine reads them; None when it has not declared them."""
    if capacity is None:
        return None
    start, end = _minutes(capacity.hours_from), _minutes(capacity.hours_to)
    if start is None or end is None:
        return None
    return rules.WorkSchedule(weekdays=tuple(capacity.weekday_list), start_minute=start, end_minute=end)


def minor_work_code(company: Company) -> str:
    return company.minor_work.value if company.minor_work is not None else rules.MINOR_WORK_NOT_SAID


def age_on(profile: YouthProfile, day: date) -> int | None:
    """The lowest age the young person can have on `day` (birth month and year only); None without a birth year."""
    return rules.age_on(profile.birth_year, profile.birth_month, day) if profile.birth_year else None


def violations(profile: YouthProfile, company: Company, capacity: CompanyCapacity | None, starts_on: date,
               ends_on: date) -> list[rules.Violation]:
    """Every young-worker rule the plan would break, checked at the young person's age on each of its days."""
    if not profile.birth_year:
        return []
    return rules.check_days(profile.birth_year, profile.birth_month, starts_on, ends_on, schedule_of(capacity),
                            minor_work_code(company), young_worker_rules())


def _capacity(company_id: int, period_id: int) -> CompanyCapacity | None:
    return db.session.scalar(db.select(CompanyCapacity).where(CompanyCapacity.company_id == company_id,
                                                              CompanyCapacity.period_id == period_id))


def item_errors(profile: YouthProfile, company: Company, period: PlanningPeriod) -> list[str]:
    """The refusals for one company in one period of a rotation, in Danish."""
    capacity = _capacity(company.id, period.id)
    return [message(v, company, capacity)
            for v in violations(profile, company, capacity, period.starts_on, period.ends_on)]


def placement_errors(placement: Placement) -> list[str]:
    """The same check for a placement about to start: the company may have changed its hours since the offer."""
    capacity = _capacity(placement.company_id, placement.period_id)
    return [message(v, placement.company, capacity)
            for v in violations(placement.profile, placement.company, capacity, placement.starts_on,
                                placement.ends_on)]


def _number(value: float) -> str:
    return format_decimal(round(value, 1), format="#,##0.#")


def message(violation: rules.Violation, company: Company, capacity: CompanyCapacity | None) -> str:
    """One sentence per broken rule, with the age and the figures that break it."""
    figures = dict(violation.figures)
    age, name = violation.age, company.name
    if violation.code == rules.UNDER_MIN_AGE:
        return _("Den unge er %(age)d år. Unge under %(limit)d år må ikke komme i praktik.", age=age,
                 limit=int(figures["limit"]))
    if violation.code == rules.COMPANY_NOT_DECLARED:
        return _("%(company)s har ikke sagt, hvilke opgaver der passer til unge under 18. Den unge er %(age)d år og "
                 "kan ikke komme i praktik der, før virksomheden har gjort det.", company=name, age=age)
    if violation.code == rules.COMPANY_NO_MINORS:
        return _("%(company)s har ikke opgaver til unge under 18, og den unge er %(age)d år.", company=name, age=age)
    if violation.code == rules.LIGHT_WORK_ONLY:
        return _("Den unge er %(age)d år og må kun lave lette opgaver. %(company)s har kun opgaver til unge fra "
                 "%(limit)d år.", age=age, company=name, limit=int(figures["limit"]))
    if violation.code == rules.HOURS_PER_DAY:
        return _("Unge under 18 må højst arbejde %(limit)s timer om dagen. Hos %(company)s er arbejdsdagen "
                 "%(hours)s timer.", limit=_number(figures["limit"]), company=name, hours=_number(figures["hours"]))
    if violation.code == rules.HOURS_PER_WEEK:
        return _("Unge under 18 må højst arbejde %(limit)s timer om ugen. Hos %(company)s bliver det %(hours)s "
                 "timer.", limit=_number(figures["limit"]), company=name, hours=_number(figures["hours"]))
    return _("Unge under 18 må ikke arbejde mellem kl. %(start)02d og kl. %(end)02d. Hos %(company)s er arbejdstiden "
             "%(hours_from)s–%(hours_to)s.", start=int(figures["from"]), end=int(figures["until"]), company=name,
             hours_from=capacity.hours_from if capacity else "", hours_to=capacity.hours_to if capacity else "")
