"""Finding companies at the fair: filters, distance and the tolerant search, kept fresh by a flush listener."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Date, Select, bindparam
from sqlalchemy.orm import selectinload

from partnerhub.companies.models import (
    Company,
    CompanyNeed,
    CompanyStatus,
    InternshipPost,
    NeedKind,
    PlanningPeriod,
    company_trade_areas,
    meets_need,
)
from partnerhub.extensions import db
from partnerhub.fair import search
from partnerhub.fair.models import AreaBooth, CompanyBooth
from partnerhub.reference import service as reference_service
from partnerhub.reference.models import Education, Town, TradeArea, _english
from partnerhub.reference.service import town_distance_km
from partnerhub.timeutil import utcnow
from partnerhub.worker_cache import WorkerCache
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import travel_limit_km, travel_meaning


def can_filter_near(profile: YouthProfile | None) -> bool:
    return profile is not None and profile.town is not None and travel_limit_km(profile) is not None


@dataclass
class FairFilter:
    query: str = ""
    area_id: int | None = None
    near_me: bool = False
    needs: frozenset[NeedKind] = frozenset()  # each one must be met
    teaching: bool = False

    @property
    def active(self) -> bool:
        return bool(self.query or self.area_id or self.near_me or self.needs or self.teaching)


@dataclass(frozen=True)
class AreaName:
    """An area as a list card names it: in the page's language, like TradeArea.name."""

    name_da: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_da


@dataclass(frozen=True)
class ListedCompany:
    """A company's public facts as a list card shows them, read as plain rows: a page of 24 cards loaded as
    companies with their areas, posts, periods and needs cost more than half of a fair search's CPU."""

    id: int
    name: str
    town: Town | None
    tasks_description: str | None
    trade_areas: tuple[AreaName, ...]
    need_kinds: tuple[NeedKind, ...]
    open_seats: int

    @property
    def special_needs_suitability(self) -> list[str]:
        return [kind.label for kind in self.need_kinds]


@dataclass
class CompanyCard:
    company: Company | ListedCompany
    distance_km: float | None
    within_reach: bool | None
    open_seats: int
    score: float = 0.0
    travel_meaning: str | None = None  # the young person's limit in minutes said in km ("på cykel ca. 5 km")


def open_posts(company: Company) -> list[InternshipPost]:
    today = utcnow().date()
    return [p for p in company.posts if p.active and (p.period is None or p.period.ends_on >= today)]


def _company_documents() -> list[search.Document[int]]:
    """Every approved company's searchable text, read as plain rows (no company objects), by name.

    Only approved companies stand at the fair; a pending one is not yet a partner. An area counts with its
    Danish and English names and its educations in both languages, so the index does not depend on the
    language of the request that happened to build it."""
    area_text = {area.id: " ".join([area.name_da, area.name_en, *(f"{e.name_da} {e.name_en}" for e in area.educations)])
                 for area in db.session.scalars(db.select(TradeArea).options(selectinload(TradeArea.educations)))}
    areas: dict[int, list[str]] = {}
    for company_id, area_id in db.session.execute(db.select(company_trade_areas.c.company_id,
                                                            company_trade_areas.c.trade_area_id)):
        areas.setdefault(company_id, []).append(area_text.get(area_id, ""))
    posts: dict[int, list[str]] = {}
    for company_id, title, description in db.session.execute(
            db.select(InternshipPost.company_id, InternshipPost.title, InternshipPost.description)
            .where(InternshipPost.active).order_by(InternshipPost.id)):
        posts.setdefault(company_id, []).append(f"{title} {description}")
    rows = db.session.execute(
        db.select(Company.id, Company.name, Company.task_tags, Company.tasks_description, CompanyBooth.pitch,
                  Town.name.label("town"))
        .outerjoin(CompanyBooth, CompanyBooth.company_id == Company.id).outerjoin(Town, Town.id == Company.town_id)
        .where(Company.status == CompanyStatus.APPROVED).order_by(Company.name, Company.id))
    return [search.Document(row.id, (
        (row.name, 1.0), (row.task_tags or "", 0.95), (" ".join(areas.get(row.id, [])), 0.9),
        (f"{row.tasks_description or ''} {row.pitch or ''} {' '.join(posts.get(row.id, []))}", 0.75),
        (row.town or "", 0.7),
    )) for row in rows]


def company_cards(companies: Sequence[Company | ListedCompany], profile: YouthProfile | None) -> list[CompanyCard]:
    limit = travel_limit_km(profile)
    meaning = travel_meaning(profile)
    cards = []
    for company in companies:
        distance = town_distance_km(profile.town if profile else None, company.town)
        within = None if distance is None or limit is None else distance <= limit
        seats = company.open_seats if isinstance(company, ListedCompany) else sum(p.seats for p in open_posts(company))
        cards.append(CompanyCard(company, distance, within, seats, travel_meaning=meaning))
    return cards


@cache
def _card_facts_statement() -> Select[Any]:
    """One query for a page of cards: each company's row once per area (in the areas' order, as
    Company.trade_areas), its open seats as open_posts counts them, and a yes/no per kind of need. Built once per
    process (its values are bound parameters): building it took half as long again as running it (0.7 against
    1.3 ms for 24 cards)."""
    open_seats = (db.select(db.func.coalesce(db.func.sum(InternshipPost.seats), 0)).select_from(InternshipPost)
                  .outerjoin(PlanningPeriod, PlanningPeriod.id == InternshipPost.period_id)
                  .where(InternshipPost.company_id == Company.id, InternshipPost.active.is_(True),
                         db.or_(InternshipPost.period_id.is_(None),
                                PlanningPeriod.ends_on >= bindparam("today", type_=Date)))
                  .correlate(Company).scalar_subquery())
    needs = [db.exists().where(CompanyNeed.company_id == Company.id, CompanyNeed.kind == kind)
             .correlate(Company).label(f"need_{kind.value}") for kind in NeedKind]
    return (db.select(Company.id, Company.name, Company.tasks_description, Town, open_seats.label("open_seats"),
                      TradeArea.name_da.label("area_da"), TradeArea.name_en.label("area_en"), *needs)
            .select_from(Company).outerjoin(Town, Town.id == Company.town_id)
            .outerjoin(company_trade_areas, company_trade_areas.c.company_id == Company.id)
            .outerjoin(TradeArea, TradeArea.id == company_trade_areas.c.trade_area_id)
            .where(Company.id.in_(bindparam("ids", expanding=True)), Company.status == CompanyStatus.APPROVED)
            .order_by(Company.id, TradeArea.name_da))


def listed_company_facts(ids: Sequence[int]) -> dict[int, ListedCompany]:
    """The cards' facts of those companies that are approved now (whatever a kept list says), by id: one query of
    plain rows, read fresh on every page, so a change made in any worker shows at once (nothing here is kept)."""
    if not ids:
        return {}
    facts: dict[int, ListedCompany] = {}
    areas: dict[int, list[AreaName]] = {}
    for row in db.session.execute(_card_facts_statement(), {"ids": list(ids), "today": utcnow().date()}):
        if row.id not in facts:
            facts[row.id] = ListedCompany(
                row.id, row.name, row.Town, row.tasks_description, (),
                tuple(kind for kind in NeedKind if getattr(row, f"need_{kind.value}")), int(row.open_seats or 0))
        if row.area_da is not None:
            areas.setdefault(row.id, []).append(AreaName(row.area_da, row.area_en))
    return {company_id: replace(company, trade_areas=tuple(areas.get(company_id, ())))
            for company_id, company in facts.items()}


FAIR_PAGE_SIZE = 24  # company cards per page: a phone screen scrolls through this many without losing its way


@dataclass
class CompanyPage:
    """One page of companies at the fair, and how many there are in all."""

    cards: list[CompanyCard]
    total: int
    page: int
    pages: int


# The fair's search indexes, its counts per area and the list a search starts from are built from these models'
# public data (an open place needs a period that has not ended); see partnerhub.worker_cache.
FAIR_PUBLIC_DATA = WorkerCache("fair_search", dict.fromkeys((
    Company, InternshipPost, CompanyBooth, TradeArea, Education, Town, CompanyNeed, AreaBooth, PlanningPeriod)),
    "FAIR_SEARCH_CACHE_SECONDS")

Built = TypeVar("Built")


def searched_data_cached(key: Hashable, build: Callable[[], Built]) -> Built:
    """What `build` makes from the fair's public texts (no person's data), built once per worker process and reused
    for FAIR_SEARCH_CACHE_SECONDS. A change made in this process (a booth, a post, an approval, an area's texts)
    rebuilds it at once; other worker processes pick the change up when their copy expires."""
    return FAIR_PUBLIC_DATA.get(key, build)[1]


def company_search_index() -> search.SearchIndex[int]:
    """The tolerant search over every approved company: reading and tokenising them all takes about 0.1 s at 2,000
    companies, so it is built once per process (see `searched_data_cached`)."""
    return searched_data_cached("fair_search_index", lambda: search.SearchIndex(_company_documents()))


class Listed(NamedTuple):
    id: int
    town_id: int | None


def _distances(profile: YouthProfile | None, rows: Sequence[Listed]) -> dict[int, float]:
    """Each row's km from the young person's town, for the rows whose town is known; worked out once per town
    rather than once per company."""
    if profile is None or profile.town is None:
        return {}
    towns = {town.id: town for town in reference_service.towns()}
    by_town = {town_id: town_distance_km(profile.town, towns.get(town_id)) if town_id is not None else None
               for town_id in {row.town_id for row in rows}}
    return {row.id: km for row in rows if (km := by_town[row.town_id]) is not None}


def listed_companies(criteria: FairFilter) -> list[Listed]:
    """The approved companies the filters keep (area, needs, teaching), by name: public, and kept with the fair's
    search (see `searched_data_cached`), since every search and area page starts from it. Read it, never change it."""
    def build() -> list[Listed]:
        query = (db.select(Company.id, Company.town_id).where(Company.status == CompanyStatus.APPROVED)
                 .order_by(Company.name, Company.id))
        if criteria.area_id:
            query = query.where(Company.id.in_(db.select(company_trade_areas.c.company_id)
                                               .where(company_trade_areas.c.trade_area_id == criteria.area_id)))
        for kind in sorted(criteria.needs):
            query = query.where(meets_need(kind))
        if criteria.teaching:
            query = query.where(Company.offers_teaching)
        return [Listed(company_id, town_id) for company_id, town_id in db.session.execute(query)]

    return searched_data_cached(("fair_listed", criteria.area_id, tuple(sorted(criteria.needs)), criteria.teaching),
                                build)


def find_companies(criteria: FairFilter, profile: YouthProfile | None, page: int = 1,
                   per_page: int = FAIR_PAGE_SIZE) -> CompanyPage:
    """Filters in SQL, distance and search on plain rows, and only the page shown is loaded as companies.

    The distances are worked out only to filter or sort by them (the page's cards work out their own), and a search
    keeps the filtered ids in Python: an SQL IN list of hundreds of matches costs more than reading every id."""
    rows = listed_companies(criteria)
    ids = [row.id for row in rows]
    distance = _distances(profile, rows) if criteria.near_me else {}
    limit = travel_limit_km(profile) if criteria.near_me and can_filter_near(profile) else None
    if limit is not None:
        ids = [i for i in ids if i in distance and distance[i] <= limit]
    scores: dict[int, float] = {}
    if criteria.query:
        ranked = company_search_index().search(criteria.query, keys=set(ids))
        scores = dict(ranked)
        ids = [key for key, _score in ranked]
    elif criteria.near_me:
        ids.sort(key=lambda i: distance.get(i, 1e9))
    total = len(ids)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    shown = ids[(page - 1) * per_page: page * per_page]
    loaded = listed_company_facts(shown)
    cards = company_cards([loaded[i] for i in shown if i in loaded], profile)
    for card in cards:
        card.score = scores.get(card.company.id, 0.0)
    return CompanyPage(cards, total, page, pages)
