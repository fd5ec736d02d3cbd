"""Typed, frozen value objects that go into and come out of the matching engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .availability import AvailabilityRules
from .young_workers import WorkSchedule, YoungWorkerRules

Mode = Literal["lexicographic", "diverse"]

#: Stable reason codes for a young person who got no placement (the app translates them).
REASON_NOT_AVAILABLE = "not_available"
REASON_NO_COMPANY_IN_RANGE = "no_company_in_range"
REASON_CAPACITY_TAKEN = "capacity_taken"
# Every company in range was ruled out by an eligibility rule; the detail lists their codes (eligibility.py).
REASON_NOT_ELIGIBLE = "not_eligible"
REASON_CODES = (REASON_NOT_AVAILABLE, REASON_NO_COMPANY_IN_RANGE, REASON_CAPACITY_TAKEN,
                REASON_NOT_ELIGIBLE)


@dataclass(frozen=True, slots=True)
class Period:
    """One planning period; indices run 0..P-1 so they can index capacity lists."""

    index: int
    label: str = ""
    starts_on: date | None = None  # first day; with Youth.earliest_start it drives the start rule
    ends_on: date | None = None  # with starts_on, lets the young-worker rules check each day


@dataclass(frozen=True, slots=True)
class MainArea:
    """One of the four EUD main areas, used for the diverse mode."""

    id: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class TradeArea:
    """A trade area (fagområde); its name feeds the text similarity."""

    id: str
    name: str = ""
    main_area: str = ""


@dataclass(frozen=True, slots=True)
class FixedPlacement:
    """An already-approved placement: it keeps its seat and counts toward the young person's k."""

    company_id: str
    period: int


@dataclass(frozen=True, slots=True)
class Youth:
    """A young person to place; the hard rules read travel, needs and availability from here."""

    id: str
    lat: float
    lon: float
    available_periods: tuple[int, ...]
    rotation_k: int
    max_travel_km: float
    trade_areas: tuple[str, ...] = ()
    interests_text: str = ""
    curious: tuple[str, ...] = ()
    needs_adjustments: bool = False
    diverse_preferred: bool = False
    excluded_companies: tuple[str, ...] = ()
    fixed: tuple[FixedPlacement, ...] = ()
    age: int | None = None
    town: str = ""
    earliest_start: date | None = None  # "kan først starte": periods they cannot start in early enough are out
    weekdays: tuple[int, ...] = ()  # ISO weekdays they can come (1 = Monday); empty: every day
    birth_year: int | None = None  # with the month, the young-worker rules' age on each day
    birth_month: int | None = None


@dataclass(frozen=True, slots=True)
class Company:
    """A host company; capacity[p] is how many young people it can host at once in period p."""

    id: str
    name: str
    lat: float
    lon: float
    capacity: tuple[int, ...]
    trade_areas: tuple[str, ...] = ()
    main_areas: tuple[str, ...] = ()
    description: str = ""
    suits_special_needs: bool = False
    town: str = ""
    # ISO weekdays the company takes young people, one tuple per period; empty (or an empty tuple): every day
    weekdays: tuple[tuple[int, ...], ...] = ()
    schedules: tuple[WorkSchedule | None, ...] = ()  # per period: working days and hours
    minor_work: str = ""  # young_workers.MINOR_WORK_*: what the company said about tasks for under-18s


@dataclass(frozen=True, slots=True)
class Instance:
    """A planning round; `candidates` (youth id -> [(company id, score)]) replaces our own similarity."""

    periods: tuple[Period, ...]
    youth: tuple[Youth, ...]
    companies: tuple[Company, ...]
    trade_areas: tuple[TradeArea, ...] = ()
    main_areas: tuple[MainArea, ...] = ()
    candidates: Mapping[str, tuple[tuple[str, float], ...]] | None = None
    meta: Mapping[str, object] = field(default_factory=dict)
    availability: AvailabilityRules = field(default_factory=AvailabilityRules)  # start and weekday thresholds
    young_worker_rules: YoungWorkerRules | None = None  # None: no young-worker checks (e.g. synthetic benches)
    # (youth id, company id) -> eligibility code (eligibility.py): pairs removed before scoring and planning
    ineligible: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    """Named weights of the pair score; each component lies in [0, 1], so the score lies in [0, sum]."""

    text: float = 0.35  # TF-IDF cosine of the young person's words and the company's tasks
    trade_area: float = 0.25  # rank-weighted share of the young person's trade areas the company offers
    main_area: float = 0.05  # 1 when the company is in a main area of one of the young person's trade areas
    curious_company: float = 0.15  # 1 when the young person marked this company "curious" at the fair
    curious_area: float = 0.05  # 1 when the company offers a trade area the young person marked "curious"
    distance: float = 0.15  # gentle decay 0.5 ** (km / distance_half_km), inside the hard travel limit
    distance_half_km: float = 25.0  # distance at which the distance component halves
    text_word_share: float = 0.5  # share of the text component from word stems (rest: character n-grams)


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """How to plan: the objective mode, the score weights and the sparse candidate budget."""

    mode: Mode = "lexicographic"
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    top_k: int = 40  # candidate companies kept per young person (after the hard rules)
    diverse_bonus: float = 0.25  # diverse mode: bonus per distinct main area in a diverse_preferred rotation
    explain: bool = True  # build explanations (the bench turns this off for the planner-only timing)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored, hard-rule-feasible pair; `components` are weighted and sum to `score`."""

    company_id: str
    score: float
    distance_km: float
    components: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a pair was proposed, in terms a counsellor can read out to the young person."""

    shared_terms: tuple[str, ...]
    shared_trade_areas: tuple[str, ...]
    shared_main_areas: tuple[str, ...]
    curious_hits: tuple[str, ...]
    distance_km: float
    components: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Assignment:
    """One young person in one company in one period; `fixed` marks an already-approved placement."""

    youth_id: str
    company_id: str
    period: int
    score: float
    fixed: bool = False
    explanation: Explanation | None = None
    weekdays: tuple[int, ...] = ()  # the days the young person and the company share in that period


@dataclass(frozen=True, slots=True)
class UnplacedReason:
    """Why a young person got nothing; `code` is one of REASON_CODES (for REASON_NOT_ELIGIBLE, `detail` holds the
    eligibility codes that ruled out the companies in range, comma-separated)."""

    youth_id: str
    code: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PlanStats:
    """Figures that let a reader judge the plan against its own proven bounds."""

    mode: Mode
    youth_total: int
    coverage: int  # young people with at least one placement (fixed ones included)
    max_coverage: int  # the maximum possible coverage (a max seat matching), proven
    full_rotations: int  # young people with exactly their effective k placements (see docs)
    # A proven upper bound on full_rotations over every feasible plan, whatever its ladder (docs/matching.md).
    full_rotations_upper_bound: int
    ladder: tuple[int, ...]  # rung j: young people with at least min(j, effective k) placements
    # The rungs of the relaxation's lexicographic optimum: no feasible plan has a lexicographically better
    # ladder. Rung 1 bounds coverage; a later rung bounds rung j only among plans equal on rungs 1..j-1.
    ladder_bound: tuple[int, ...]
    levels_at_bound: bool  # True: the plan reaches the relaxation's rungs, so upper_bound bounds the optimum
    capacity_used: float  # used seats / offered seats over all companies and periods
    assignments_new: int
    assignments_fixed: int
    seconds_similarity: float
    seconds_planning: float
    pairs_scored: int  # candidate pairs kept after the sparse top-K
    cpu_seconds_similarity: float = 0.0  # process CPU time (time.process_time), less sensitive to load
    cpu_seconds_planning: float = 0.0
    # the part of the planning spent on explanations (0 when PlanOptions.explain is off)
    seconds_explanations: float = 0.0
    cpu_seconds_explanations: float = 0.0


@dataclass(frozen=True, slots=True)
class Plan:
    """A rotation plan with its objective, its proven upper bound and an explanation per proposal."""

    assignments: tuple[Assignment, ...]
    unplaced: tuple[UnplacedReason, ...]
    objective: float
    upper_bound: float
    stats: PlanStats
