"""Maps database rows to the pure engine's dataclasses and back; the engine itself never sees SQLAlchemy.

Engine ids: young person ``y<profile id>``, company ``c<company id>``, trade area its ``key``, main area its
code, period the round's 0-based position.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from partnerhub import matching
from partnerhub.companies.models import Company, CompanyCapacity, CompanyStatus, PlanningPeriod
from partnerhub.eligibility.service import round_ineligible
from partnerhub.extensions import db
from partnerhub.fair.services.marks import curious_marks_by_youth
from partnerhub.planning.models import Placement, PlacementStatus, PlanningRound, SeatCounter
from partnerhub.planning.services.young_workers import minor_work_code, schedule_of
from partnerhub.reference.models import MainArea, TradeArea
from partnerhub.reference.service import rule_by_key, young_worker_rules
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import travel_limit_km

# A young person who has not said how far they can travel is planned within a bike ride of about an hour.
DEFAULT_MAX_TRAVEL_KM = 15.0
NO_TOWN = "no_town"  # app-level reason: without a town there is no distance, so the engine cannot place them
# The scheduling rules (admin-editable, partnerhub/reference/data/scheduling_rules.csv) behind the engine's
# availability rules; a missing or unreadable rule falls back to the engine's documented default.
LATEST_START_RULE = "praktik_latest_start_days"
MIN_COMMON_WEEKDAYS_RULE = "praktik_min_common_weekdays"


def youth_key(profile_id: int) -> str:
    return f"y{profile_id}"


def company_key(company_id: int) -> str:
    return f"c{company_id}"


def parse_key(key: str) -> int:
    return int(key[1:])


def max_travel_km(profile: YouthProfile) -> float:
    """The young person's own limit, or a bike ride of about an hour when they have not said."""
    return travel_or_default(travel_limit_km(profile))


def travel_or_default(limit: float | None) -> float:
    """A limit from youth.service.travel_limit_of, or the default when the young person has not said."""
    return DEFAULT_MAX_TRAVEL_KM if limit is None else limit


def company_text(company: Company) -> str:
    return " ".join(part for part in (company.tasks_description, company.task_tags) if part)


def _rule_number(key: str, default: int) -> int:
    rule = rule_by_key(key)
    value = str(rule.value).strip() if rule is not None else ""
    return int(value) if value.isdigit() else default


def availability_rules() -> matching.AvailabilityRules:
    """The thresholds of "when a young person can come", read from the scheduling rules (data an admin edits)."""
    default = matching.AvailabilityRules()
    return matching.AvailabilityRules(
        latest_start_days=_rule_number(LATEST_START_RULE, default.latest_start_days),
        min_common_weekdays=_rule_number(MIN_COMMON_WEEKDAYS_RULE, default.min_common_weekdays))


def engine_periods(periods: list[PlanningPeriod]) -> tuple[matching.Period, ...]:
    """With their first and last days, for the start rule and the young-worker rules' check of each day."""
    return tuple(matching.Period(index=i, label=p.name, starts_on=p.starts_on, ends_on=p.ends_on)
                 for i, p in enumerate(periods))


def engine_company(company: Company, capacity: tuple[int, ...], weekdays: tuple[tuple[int, ...], ...] = (),
                   schedules: tuple[matching.WorkSchedule | None, ...] = ()) -> matching.Company:
    """`weekdays`: the days the company declared per period (empty: not known, every day); `schedules`: the
    declared days and hours per period, which the young-worker rules check."""
    town = company.town
    return matching.Company(
        id=company_key(company.id), name=company.name, lat=town.lat if town else 0.0, lon=town.lon if town else 0.0,
        capacity=capacity, trade_areas=tuple(a.key for a in company.trade_areas),
        main_areas=tuple(sorted({a.main_area_code for a in company.trade_areas})), description=company_text(company),
        suits_special_needs=company.suits_special_needs, town=town.name if town else "", weekdays=weekdays,
        schedules=schedules, minor_work=minor_work_code(company),
    )


def primary_main_area(company: Company) -> str:
    """The main area the diverse mode counts a company under (the engine takes the first of its sorted areas)."""
    return min((a.main_area_code for a in company.trade_areas), default="")


def is_undecided(profile: YouthProfile) -> bool:
    """No one direction yet: no trade area chosen, or areas in more than one main area. In a round's "diverse"
    mode the matcher gives such a young person companies from two or more main areas where it can."""
    return len({area.main_area_code for area in profile.trade_areas}) != 1


def engine_youth(profile: YouthProfile, periods: list[PlanningPeriod], rotation_k: int, *, curious: tuple[str, ...],
                 fixed: tuple[matching.FixedPlacement, ...] = (), excluded: tuple[str, ...] = ()) -> matching.Youth:
    """Every period of the round is offered; the engine's start rule drops those the young person cannot start in
    early enough (their earliest start against the period's first day), and its weekday rule the companies they
    share too few days with."""
    available = tuple(range(len(periods)))
    town = profile.town
    if town is None:
        raise ValueError("a young person without a town cannot be placed")  # build_instance skips them first
    return matching.Youth(
        id=youth_key(profile.id), lat=town.lat, lon=town.lon, available_periods=available, rotation_k=rotation_k,
        max_travel_km=max_travel_km(profile), trade_areas=tuple(a.key for a in profile.trade_areas),
        interests_text=profile.interests or "", curious=curious, needs_adjustments=profile.needs_adjustments,
        excluded_companies=excluded, fixed=fixed, diverse_preferred=is_undecided(profile),
        age=(utcnow().year - profile.birth_year) if profile.birth_year else None, town=town.name,
        earliest_start=profile.earliest_start, weekdays=tuple(profile.weekday_list),
        birth_year=profile.birth_year, birth_month=profile.birth_month,
    )


def curious_keys(profile_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The fair's marks as engine ids: companies as ``c<id>``, trade areas by key (what Company.trade_areas holds)."""
    marks = curious_marks_by_youth(profile_ids)
    area_ids = {a for targets in marks.values() for a in targets.trade_area_ids}
    area_keys = {area_id: key for area_id, key in db.session.execute(
        db.select(TradeArea.id, TradeArea.key).where(TradeArea.id.in_(area_ids)))} if area_ids else {}
    return {
        profile_id: tuple(sorted(company_key(c) for c in targets.company_ids))
        + tuple(sorted(area_keys[a] for a in targets.trade_area_ids if a in area_keys))
        for profile_id, targets in marks.items()
    }


def taxonomy() -> tuple[tuple[matching.TradeArea, ...], tuple[matching.MainArea, ...]]:
    areas = db.session.scalars(db.select(TradeArea).order_by(TradeArea.key)).all()
    mains = db.session.scalars(db.select(MainArea).order_by(MainArea.code)).all()
    return (tuple(matching.TradeArea(id=a.key, name=a.name_da, main_area=a.main_area_code) for a in areas),
            tuple(matching.MainArea(id=m.code, name=m.name_da) for m in mains))


def declared_capacities(period_ids: list[int]) -> dict[tuple[int, int], CompanyCapacity]:
    """(company, period) -> what the company declared with its seats: the weekdays the availability rule reads and
    the hours the young-worker rules check, loaded once for both."""
    return {(c.company_id, c.period_id): c for c in db.session.scalars(
        db.select(CompanyCapacity).where(CompanyCapacity.period_id.in_(period_ids)))}


def company_weekdays(company_id: int, periods: list[PlanningPeriod],
                     declared: dict[tuple[int, int], CompanyCapacity]) -> tuple[tuple[int, ...], ...]:
    """One tuple per period, in the round's order; () where the company declared nothing (every day)."""
    return tuple(tuple(declared[(company_id, p.id)].weekday_list) if (company_id, p.id) in declared else ()
                 for p in periods)


def company_schedules(company_id: int, periods: list[PlanningPeriod],
                      declared: dict[tuple[int, int], CompanyCapacity]) -> tuple[matching.WorkSchedule | None, ...]:
    """One schedule (days and hours) per period, in the round's order; None where none was declared."""
    return tuple(schedule_of(declared.get((company_id, p.id))) for p in periods)


def seat_table(period_ids: list[int]) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """(company, period) -> declared seats of approved companies, and -> seats already taken."""
    seats = {(c, p): s for c, p, s in db.session.execute(
        db.select(CompanyCapacity.company_id, CompanyCapacity.period_id, CompanyCapacity.seats).join(Company)
        .where(CompanyCapacity.period_id.in_(period_ids), Company.status == CompanyStatus.APPROVED))}
    taken = {(c, p): t for c, p, t in db.session.execute(
        db.select(SeatCounter.company_id, SeatCounter.period_id, SeatCounter.taken)
        .where(SeatCounter.period_id.in_(period_ids)))}
    return seats, taken


@dataclass
class RoundInput:
    instance: matching.Instance
    periods: list[PlanningPeriod]
    skipped: dict[int, str] = field(default_factory=dict)  # profile id -> app-level reason


def build_instance(round_: PlanningRound, profiles: list[YouthProfile]) -> RoundInput:
    """Approved placements in the round's periods become `fixed` (they keep their seat and count toward k);
    companies the young person already visited or that said no become `excluded_companies`."""
    periods = [rp.period for rp in round_.periods]
    period_index = {p.id: i for i, p in enumerate(periods)}
    skipped = {p.id: NO_TOWN for p in profiles if p.town is None}
    profiles = [p for p in profiles if p.town is not None]
    profile_ids = [p.id for p in profiles]
    placements = db.session.scalars(db.select(Placement).where(Placement.youth_profile_id.in_(profile_ids))).all() \
        if profile_ids else []
    fixed: dict[int, list[matching.FixedPlacement]] = defaultdict(list)
    excluded: dict[int, set[str]] = defaultdict(set)
    fixed_seats: dict[tuple[int, int], int] = defaultdict(int)
    for placement in placements:
        key = company_key(placement.company_id)
        if placement.holds_seat and placement.period_id in period_index:
            fixed[placement.youth_profile_id].append(
                matching.FixedPlacement(company_id=key, period=period_index[placement.period_id]))
            fixed_seats[(placement.company_id, placement.period_id)] += 1
        elif placement.status is not PlacementStatus.CANCELLED:
            excluded[placement.youth_profile_id].add(key)
    seats, taken = seat_table(list(period_index))
    declared = declared_capacities(list(period_index))
    company_ids = {c for c, _ in seats} | {c for c, _ in fixed_seats}
    companies = db.session.scalars(db.select(Company).where(Company.id.in_(company_ids)).order_by(Company.id)).all() \
        if company_ids else []
    engine_companies = []
    for company in companies:
        capacity = []
        for period in periods:
            mine = fixed_seats.get((company.id, period.id), 0)
            # Seats others hold (other rounds, young people outside this round) are gone; ours are passed as fixed.
            free = seats.get((company.id, period.id), 0) - (taken.get((company.id, period.id), 0) - mine)
            capacity.append(max(free, mine, 0))
        if company.town is not None:
            engine_companies.append(engine_company(
                company, tuple(capacity), company_weekdays(company.id, periods, declared),
                company_schedules(company.id, periods, declared)))
    known = {c.id for c in engine_companies}
    curious = curious_keys(profile_ids)
    youth = []
    for profile in profiles:
        kept = tuple(f for f in fixed.get(profile.id, []) if f.company_id in known)
        fixed_companies = {f.company_id for f in kept}
        youth.append(engine_youth(profile, periods, round_.rotation_k, curious=curious.get(profile.id, ()),
                                  fixed=kept,
                                  excluded=tuple(sorted(excluded.get(profile.id, set()) - fixed_companies))))
    trade_areas, main_areas = taxonomy()
    # The eligibility rules read the placement history, the last employer and staff flags: the engine gets the pairs.
    ineligible = {(youth_key(p), company_key(c)): code for (p, c), code in round_ineligible(
        profiles, [c for c in companies if company_key(c.id) in known], periods).items()}
    instance = matching.Instance(
        periods=engine_periods(periods),
        youth=tuple(youth), companies=tuple(engine_companies), trade_areas=trade_areas, main_areas=main_areas,
        meta={"round_id": round_.id, "round_name": round_.name}, availability=availability_rules(),
        young_worker_rules=young_worker_rules(), ineligible=ineligible,
    )
    return RoundInput(instance=instance, periods=periods, skipped=skipped)


def explanation_dict(explanation: matching.Explanation | None) -> dict | None:
    """Stored as JSON on the proposal item; rendered in plain Danish by the templates."""
    if explanation is None:
        return None
    return {
        "shared_terms": list(explanation.shared_terms),
        "shared_trade_areas": list(explanation.shared_trade_areas),
        "shared_main_areas": list(explanation.shared_main_areas),
        "curious_hits": list(explanation.curious_hits),
        "distance_km": round(float(explanation.distance_km), 1),
        "components": {k: round(float(v), 4) for k, v in explanation.components.items()},
    }


def rotations(plan: matching.Plan) -> dict[int, list[matching.Assignment]]:
    """New (not fixed) assignments per young person, in period order."""
    by_youth: dict[int, list[matching.Assignment]] = defaultdict(list)
    for assignment in plan.assignments:
        if not assignment.fixed:
            by_youth[parse_key(assignment.youth_id)].append(assignment)
    return {y: sorted(items, key=lambda a: a.period) for y, items in by_youth.items()}
