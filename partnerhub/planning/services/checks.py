"""The rules a rotation is checked against: hard rules refuse, softer rules (ratio, needs, travel, the legal length
of a praktik) only warn, so staff decide with the facts in front of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from partnerhub.companies import service as companies
from partnerhub.companies.models import Company, CompanyCapacity, PlanningPeriod
from partnerhub.eligibility.service import pair_errors as eligibility_errors
from partnerhub.eligibility.service import progress_warning
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import ngettext
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning.models import PlanningRound, Proposal
from partnerhub.planning.services.common import today
from partnerhub.planning.services.placements import busy_periods
from partnerhub.planning.services.seats import free_seats, seats_taken
from partnerhub.planning.services.weekdays import shared_weekdays
from partnerhub.planning.services.young_workers import item_errors as young_worker_errors
from partnerhub.reference import service as reference_service
from partnerhub.reference.models import SchedulingRule
from partnerhub.reference.service import town_distance_km
from partnerhub.youth.models import Readiness, YouthProfile

# Which scheduling rule holds the legal maximum length of one praktik offer for each readiness group.
DURATION_RULE = {
    Readiness.OBVIOUSLY_READY: "praktik_max_uddparat",
    Readiness.READY: "praktik_max_uddparat",
    Readiness.ACTIVITY_READY: "praktik_max_aktparat",
}
TRAVEL_WARNING_SHARE = 0.8  # a trip longer than this share of the young person's limit gets a "close to" warning


@dataclass
class Check:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def max_weeks_for(readiness: Readiness | None) -> tuple[int | None, SchedulingRule | None]:
    """The legal maximum of one praktik offer for a readiness group, read from the scheduling rules (data, not code)."""
    if readiness is None:
        return None, None
    rule = reference_service.rule_by_key(DURATION_RULE[readiness])
    if rule is None or not str(rule.value).strip().isdigit():
        return None, rule
    return int(rule.value), rule


def duration_warnings(period_weeks: int, profiles: list[YouthProfile]) -> list[str]:
    """One warning per readiness group whose legal maximum is shorter than the round's periods."""
    counts: dict[Readiness, int] = defaultdict(int)
    for profile in profiles:
        readiness = profile.staff_record.readiness if profile.staff_record else None
        if readiness is not None:
            counts[readiness] += 1
    return group_duration_warnings(period_weeks, counts)


def group_duration_warnings(period_weeks: int, counts: dict[Readiness, int]) -> list[str]:
    """The same warnings from the number of young people in each group (a saved round counts them in SQL)."""
    warnings = []
    for readiness, count in sorted(counts.items(), key=lambda kv: kv[0].value):
        weeks, rule = max_weeks_for(readiness)
        if weeks is not None and rule is not None and period_weeks > weeks:
            warnings.append(ngettext(
                "%(num)d ung er %(group)s: en praktik må højst vare %(max)d uger (%(basis)s), men perioderne er "
                "%(weeks)d uger.",
                "%(num)d unge er %(group)s: en praktik må højst vare %(max)d uger (%(basis)s), men perioderne er "
                "%(weeks)d uger.", count, group=readiness.label.lower(), max=weeks,
                basis=rule.legal_basis or rule.key, weeks=period_weeks))
    return warnings


def distance_km(profile: YouthProfile, company: Company) -> float | None:
    km = town_distance_km(profile.town, company.town)
    return None if km is None else round(km, 1)


@dataclass(frozen=True)
class ItemFacts:
    """What the soft rules compare for one item of a rotation, as plain values: the proposal page and the rotation
    check take them from their objects (`item_facts`), the round's review list from one query of columns, and both
    warn alike."""

    company_name: str
    ratio_limit: int  # how many the company may have in praktik at once (companies.ratio_limit)
    unmet_needs: bool  # the young person needs adjustments the company has not said it can make
    distance_km: float | None  # as distance_km(): None when a town is missing
    travel_limit_km: float  # as adapter.max_travel_km()
    max_weeks: int | None  # the legal maximum of one praktik for the young person's group (max_weeks_for)
    earliest_start: date | None
    starts_on: date  # the period's
    ends_on: date


def item_facts(profile: YouthProfile, company: Company, period: PlanningPeriod) -> ItemFacts:
    # The company's needs are only read (a lazy load) for a young person who needs adjustments.
    return ItemFacts(
        company_name=company.name, ratio_limit=companies.ratio_limit(company),
        unmet_needs=profile.needs_adjustments and not company.suits_special_needs,
        distance_km=distance_km(profile, company), travel_limit_km=adapter.max_travel_km(profile),
        max_weeks=max_weeks_for(profile.staff_record.readiness if profile.staff_record else None)[0],
        earliest_start=profile.earliest_start, starts_on=period.starts_on, ends_on=period.ends_on)


def item_warnings(profile: YouthProfile, company: Company, period: PlanningPeriod, *, extra_seat: bool = True,
                  taken: int | None = None) -> list[str]:
    """Ratio rule, special needs, travel and the legal duration: shown to staff, never a silent refusal.
    A list page passes `taken` from one query for all its items, instead of one query per item."""
    if taken is None:
        taken = seats_taken(company.id, period.id)
    return facts_warnings(item_facts(profile, company, period), extra_seat=extra_seat, taken=taken)


def facts_warnings(facts: ItemFacts, *, extra_seat: bool, taken: int) -> list[str]:
    """The rules of item_warnings over the plain facts, with the seats the company already has taken."""
    warnings = []
    if taken + (1 if extra_seat else 0) > facts.ratio_limit:
        warnings.append(_("Rimelighedskravet: %(company)s må højst have %(limit)d i praktik på én gang.",
                          company=facts.company_name, limit=facts.ratio_limit))
    if facts.unmet_needs:
        warnings.append(_("Den unge har brug for hensyn, og %(company)s har ikke skrevet, at de kan tage hensyn.",
                          company=facts.company_name))
    warnings.extend(_travel_warnings(facts.distance_km, facts.travel_limit_km))
    weeks = ((facts.ends_on - facts.starts_on).days + 3) // 7
    if facts.max_weeks is not None and weeks > facts.max_weeks:
        warnings.append(_("Perioden er %(weeks)d uger; en praktik må højst vare %(max)d uger for den unges målgruppe.",
                          weeks=weeks, max=facts.max_weeks))
    if facts.earliest_start and facts.earliest_start > facts.starts_on:
        warnings.append(_("Den unge kan først starte %(date)s.", date=facts.earliest_start.strftime("%d.%m.%Y")))
    return warnings


def weekday_warnings(profile: YouthProfile, company: Company, capacity: CompanyCapacity | None) -> list[str]:
    """The matcher never proposes a company the young person shares too few weekdays with; a choice by hand may,
    with this warning."""
    common = len(shared_weekdays(profile, capacity))
    needed = adapter.availability_rules().min_common_weekdays
    if common >= needed:
        return []
    return [ngettext("Den unge og %(company)s kan kun %(num)d fælles ugedag; matcheren kræver mindst %(min)d.",
                     "Den unge og %(company)s kan kun %(num)d fælles ugedage; matcheren kræver mindst %(min)d.",
                     common, company=company.name, min=needed)]


def _travel_warnings(km: float | None, limit_km: float) -> list[str]:
    if km is None:
        return [_("Afstanden kendes ikke (by mangler).")]
    if km > limit_km:
        return [_("%(km)s km – længere end de %(limit)s km, den unge kan rejse.", km=km, limit=limit_km)]
    if km > TRAVEL_WARNING_SHARE * limit_km:
        return [_("%(km)s km – tæt på grænsen for, hvor langt den unge kan rejse.", km=km)]
    return []


def check_rotation(round_: PlanningRound, profile: YouthProfile, companies_by_period: dict[int, int],
                   proposal: Proposal | None = None) -> Check:
    """Hard rules refuse (capacity, never the same company twice, at most k companies, the round's periods, the
    young-worker and the eligibility rules); softer rules only warn."""
    check = Check()
    period_ids = {rp.period_id for rp in round_.periods}
    if not companies_by_period:
        check.errors.append(_("Vælg mindst én virksomhed."))
    if set(companies_by_period) - period_ids:
        check.errors.append(_("Perioden hører ikke til runden."))
        return check
    company_ids = list(companies_by_period.values())
    if len(set(company_ids)) != len(company_ids):
        check.errors.append(_("Den samme virksomhed må ikke komme to gange i et forløb."))
    if len(set(company_ids)) > round_.rotation_k:
        check.errors.append(_("Højst %(k)d virksomheder pr. ung i denne runde.", k=round_.rotation_k))
    busy = busy_periods(profile.id, proposal.id if proposal else None)
    progress = progress_warning(profile)
    if progress:
        check.warnings.append(progress)
    for period_id, company_id in companies_by_period.items():
        company = db.session.get(Company, company_id)
        period = db.session.get_one(PlanningPeriod, period_id)
        if company is None or not company.is_approved:
            check.errors.append(_("Virksomheden findes ikke eller er ikke godkendt."))
            continue
        holds = proposal is not None and any(
            p.period_id == period_id and p.company_id == company_id and p.holds_seat
            for p in proposal.placements)
        if not holds and free_seats(company_id, period_id) < 1:
            check.errors.append(_("%(company)s har ingen ledig plads i %(period)s.", company=company.name,
                                  period=period.name))
        if period_id in busy:
            check.errors.append(_("Den unge er allerede i praktik i %(period)s.", period=period.name))
        if period.starts_on < today():
            check.warnings.append(_("%(period)s startede %(date)s. Tjek, at virksomheden og den unge kan nå at "
                                    "starte nu.", period=period.name, date=period.starts_on.strftime("%d.%m.%Y")))
        check.errors.extend(young_worker_errors(profile, company, period))
        check.errors.extend(eligibility_errors(profile, company, period, proposal.id if proposal else None))
        check.warnings.extend(item_warnings(profile, company, period, extra_seat=not holds))
        check.warnings.extend(weekday_warnings(profile, company, db.session.scalar(db.select(CompanyCapacity).where(
            CompanyCapacity.company_id == company_id, CompanyCapacity.period_id == period_id))))
    return check
