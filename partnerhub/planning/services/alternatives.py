"""The matcher's scores for one young person: ranked alternatives for a period, and the score split into its parts,
so staff can see why a company is proposed and choose another by hand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from partnerhub import matching
from partnerhub.accounts.models import User
from partnerhub.audit.service import record_now
from partnerhub.companies import service as companies
from partnerhub.companies.models import Company, CompanyStatus, PlanningPeriod
from partnerhub.eligibility.service import pair_errors as eligibility_errors
from partnerhub.eligibility.service import ruled_out as eligibility_ruled_out
from partnerhub.extensions import db
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning.models import PlanningRound, Proposal, ProposalItem, ProposalStatus
from partnerhub.planning.services.checks import distance_km, item_warnings, weekday_warnings
from partnerhub.planning.services.common import require_staff
from partnerhub.planning.services.seats import free_seats
from partnerhub.planning.services.young_workers import item_errors as young_worker_errors
from partnerhub.youth.models import YouthProfile

# The score's parts in words, in the order of matching.ScoreWeights (docs/matching.md, "The score").
SCORE_PARTS = (
    ("text", _l("interesser og opgaver")),
    ("trade_area", _l("fagområde")),
    ("main_area", _l("hovedområde")),
    ("curious_company", _l("nysgerrig på virksomheden")),
    ("curious_area", _l("nysgerrig på fagområdet")),
    ("distance", _l("afstand")),
)


SCORE_WEIGHTS = matching.ScoreWeights()  # the weights the app's runs use (rounds.run_round keeps the defaults)


@dataclass
class ScorePart:
    """One weighted part of a score: it lies between 0 and its weight, and the parts add up to the score (0–1)."""

    label: str
    value: float
    weight: float


def score_parts(components: dict[str, float] | None) -> list[ScorePart]:
    """The engine's weighted components with their weights, so a page can say "0,30 of 0,35"."""
    if not components:
        return []
    return [ScorePart(str(label), float(components.get(key, 0.0)), float(getattr(SCORE_WEIGHTS, key)))
            for key, label in SCORE_PARTS if key in components]


@dataclass
class Alternative:
    company: Company
    score: float | None
    distance: float | None
    free: int
    warnings: list[str]
    competing: int  # other open proposals in the round that want the same seat


@dataclass
class CandidateScore:
    company: Company
    score: float
    distance_km: float
    components: dict[str, float]

    @property
    def curious(self) -> bool:
        return self.components.get("curious_company", 0) > 0 or self.components.get("curious_area", 0) > 0


def scores_for(round_: PlanningRound, profile: YouthProfile) -> dict[int, float]:
    """Scores every company for one young person with the engine's own scoring (hard rules applied, availability
    included: a company the young person shares too few weekdays with, in every period they can start in, gets
    no score)."""
    if profile.town is None:
        return {}
    periods = [rp.period for rp in round_.periods]
    approved = db.session.scalars(db.select(Company).where(Company.status == CompanyStatus.APPROVED,
                                                           Company.town_id.is_not(None))).all()
    declared = adapter.declared_capacities([p.id for p in periods])
    engine_companies = tuple(adapter.engine_company(c, tuple(1 for _ in periods),
                                                    adapter.company_weekdays(c.id, periods, declared),
                                                    adapter.company_schedules(c.id, periods, declared))
                             for c in approved)
    curious = adapter.curious_keys([profile.id]).get(profile.id, ())
    youth = adapter.engine_youth(profile, periods, round_.rotation_k, curious=curious)
    trade_areas, main_areas = adapter.taxonomy()
    instance = matching.Instance(periods=adapter.engine_periods(periods), youth=(youth,), companies=engine_companies,
                                 trade_areas=trade_areas, main_areas=main_areas,
                                 availability=adapter.availability_rules())
    ranked = matching.score_candidates(instance, top_k=len(engine_companies) or 1).get(youth.id, [])
    return {adapter.parse_key(c.company_id): round(c.score, 4) for c in ranked}


def current_companies(proposal: Proposal) -> dict[int, int]:
    """Period id -> company id as the rotation stands: its items, or, once approved, the seats it still holds."""
    if proposal.is_approved:
        return {p.period_id: p.company_id for p in proposal.placements if p.holds_seat}
    return {item.period_id: item.company_id for item in proposal.items}


def alternatives(round_: PlanningRound, profile: YouthProfile, period: PlanningPeriod,
                 current: dict[int, int]) -> list[Alternative]:
    """Companies with a free seat in the period, best score first; companies outside the young person's hard
    rules (travel, needs) come last, with their warnings, for a manual choice."""
    scores = scores_for(round_, profile)
    used = {c for p, c in current.items() if p != period.id}
    competing: dict[int, int] = defaultdict(int)
    for company_id in db.session.scalars(
        db.select(ProposalItem.company_id).join(Proposal)
        .where(Proposal.round_id == round_.id, Proposal.status == ProposalStatus.PROPOSED,
               ProposalItem.period_id == period.id, Proposal.youth_profile_id != profile.id)):
        competing[company_id] += 1
    rows = []
    for capacity in companies.capacities_in_period(period):
        company = capacity.company
        free = free_seats(company.id, period.id)
        if free < 1 or company.id in used:
            continue
        rows.append(Alternative(company, scores.get(company.id), distance_km(profile, company), free,
                                item_warnings(profile, company, period) + weekday_warnings(profile, company, capacity)
                                + young_worker_errors(profile, company, period)
                                + eligibility_errors(profile, company, period),
                                competing.get(company.id, 0)))
    rows.sort(key=lambda a: (a.score is None, -(a.score or 0.0), a.distance or 0.0, a.company.name))
    return rows


def candidate_scores(actor: User, round_: PlanningRound, profile: YouthProfile,
                     limit: int = 20) -> list[CandidateScore]:
    """The matcher's own scoring of one young person's reachable companies, split into its parts, so staff can see
    why a company is proposed – and how a "curious" mark from the fair moves it. Viewing it is logged."""
    require_staff(actor)
    round_input = adapter.build_instance(round_, [profile])
    candidates = matching.score_candidates(round_input.instance).get(adapter.youth_key(profile.id), [])[:limit]
    ids = [adapter.parse_key(c.company_id) for c in candidates]
    by_id = {c.id: c for c in db.session.scalars(db.select(Company).where(Company.id.in_(ids)))} if ids else {}
    record_now(actor, "match_scores_viewed", object_type="planning_round", object_id=round_.id,
               subject_user_id=profile.user_id)
    return [CandidateScore(company=by_id[adapter.parse_key(c.company_id)], score=round(float(c.score), 3),
                           distance_km=round(float(c.distance_km), 1),
                           components={k: round(float(v), 3) for k, v in c.components.items()})
            for c in candidates]


def ruled_out(round_: PlanningRound, profile: YouthProfile) -> list[tuple[Company, str]]:
    """The companies with seats in the round that the eligibility rules keep from this young person, each with
    the reason in Danish: why the matcher did not propose them (staff only)."""
    period_ids = [rp.period_id for rp in round_.periods]
    seats, _taken = adapter.seat_table(period_ids)
    ids = sorted({c for c, _p in seats})
    found = db.session.scalars(db.select(Company).where(Company.id.in_(ids))).all() if ids else []
    return eligibility_ruled_out(profile, list(found), [rp.period for rp in round_.periods])
