"""The hall: one booth per trade area, with its texts, its open places and its companies, and the area search."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import selectinload

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, CompanyStatus, InternshipPost, PlanningPeriod, company_trade_areas
from partnerhub.extensions import db
from partnerhub.fair import search
from partnerhub.fair.models import AreaBooth
from partnerhub.fair.services.companies import searched_data_cached
from partnerhub.i18n import get_locale
from partnerhub.reference.models import TradeArea, _english
from partnerhub.timeutil import utcnow

BOOTH_TEXTS_CSV = Path(__file__).parent.parent / "data" / "area_booths.csv"
AREA_TEXT_FIELDS = ("icon", "work_da", "work_en", "day_da", "day_en", "easy_da", "easy_en")


def load_area_booths() -> int:
    """Adds the shipped booth texts for areas that have none; never overwrites what an admin has edited."""
    areas = {a.key: a for a in db.session.scalars(db.select(TradeArea))}
    have = set(db.session.scalars(db.select(AreaBooth.trade_area_id)))
    created = 0
    with BOOTH_TEXTS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            area = areas.get(row["key"])
            if area is None or area.id in have:
                continue
            db.session.add(AreaBooth(trade_area_id=area.id, **{f: row[f] for f in AREA_TEXT_FIELDS}))
            created += 1
    db.session.flush()
    return created


def active_areas(*, with_educations: bool = False) -> list[TradeArea]:
    query = db.select(TradeArea).where(TradeArea.retired_at.is_(None)).order_by(TradeArea.main_area_code,
                                                                                TradeArea.name_da)
    if with_educations:
        query = query.options(selectinload(TradeArea.educations))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class HallArea:
    """A trade area as the fair's pages show it: a plain copy, so a worker can keep it between requests and threads
    (an ORM object belongs to one request's session)."""

    id: int
    name_da: str
    name_en: str
    active: bool

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_da


@dataclass(frozen=True)
class HallBooth:
    """An area's booth texts as the fair's pages show them: a plain copy of an AreaBooth (see HallArea)."""

    trade_area_id: int
    icon: str
    work_da: str
    work_en: str
    day_da: str
    day_en: str
    easy_da: str
    easy_en: str

    def text(self, field: str) -> str:
        """The Danish or English text of one field, following the person's language, as AreaBooth.text."""
        return getattr(self, f"{field}_en" if _english() else f"{field}_da")


@dataclass(frozen=True)
class Hall:
    """The fair's areas and their booths: `areas` the active ones in the hall's order, `by_id` every area (a retired
    one too, so its page can say it is gone), `booths` by area id."""

    areas: list[HallArea]
    by_id: dict[int, HallArea]
    booths: dict[int, HallBooth]


def hall() -> Hall:
    """The areas and booth texts every view of the hall, an area and a company's booth shows: public data, read
    once and kept with the fair's search (see `searched_data_cached`), since those three pages are half of a busy
    morning's requests (issue 19). An admin's edit shows at once in their own worker, in the others when the copy
    expires, as the search and the counts on the same pages do."""
    return searched_data_cached("fair_hall", _read_hall)


def _read_hall() -> Hall:
    areas: list[HallArea] = []
    booths: dict[int, HallBooth] = {}
    for area, booth in db.session.execute(
            db.select(TradeArea, AreaBooth).outerjoin(AreaBooth, AreaBooth.trade_area_id == TradeArea.id)
            .order_by(TradeArea.main_area_code, TradeArea.name_da)):
        areas.append(HallArea(area.id, area.name_da, area.name_en, area.active))
        if booth is not None:
            booths[area.id] = HallBooth(area.id, *(getattr(booth, name) for name in AREA_TEXT_FIELDS))
    return Hall([area for area in areas if area.active], {area.id: area for area in areas}, booths)


def area_booths() -> dict[int, AreaBooth]:
    return {b.trade_area_id: b for b in db.session.scalars(db.select(AreaBooth))}


def area_booth_for(area: TradeArea) -> AreaBooth | None:
    return db.session.scalar(db.select(AreaBooth).where(AreaBooth.trade_area_id == area.id))


def save_area_booth(actor: User, area: TradeArea, **fields: str) -> AreaBooth:
    unknown = set(fields) - set(AREA_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown booth fields: {sorted(unknown)}")
    booth = area_booth_for(area)
    if booth is None:
        booth = AreaBooth(trade_area_id=area.id)
        db.session.add(booth)
    for key, value in fields.items():
        setattr(booth, key, value)
    booth.updated_at = utcnow()
    db.session.flush()
    record(actor, "fair_area_booth_saved", object_type="trade_area", object_id=area.id)
    return booth


def open_places_by_area() -> dict[int, int]:
    """Seats in active posts of approved companies whose period has not ended (the places a young person can still
    get), per area: summed in SQL, since the hall and every area page show them and a fair has thousands of posts,
    and kept with the fair's search (public figures; see `searched_data_cached`). Read it, never change it."""
    return searched_data_cached("fair_open_places_by_area", _count_open_places)


def _count_open_places() -> dict[int, int]:
    today = utcnow().date()
    return {area_id: int(seats) for area_id, seats in db.session.execute(
        db.select(InternshipPost.trade_area_id, db.func.sum(InternshipPost.seats))
        .join(Company, Company.id == InternshipPost.company_id)
        .outerjoin(PlanningPeriod, PlanningPeriod.id == InternshipPost.period_id)
        .where(InternshipPost.active.is_(True), Company.status == CompanyStatus.APPROVED,
               InternshipPost.trade_area_id.is_not(None),
               db.or_(InternshipPost.period_id.is_(None), PlanningPeriod.ends_on >= today))
        .group_by(InternshipPost.trade_area_id))}


def company_count_by_area() -> dict[int, int]:
    """The hall shows counts only, so it counts in SQL instead of loading every company, and keeps them with the
    fair's search (see `searched_data_cached`). Read it, never change it."""
    return searched_data_cached("fair_company_count_by_area", _count_companies)


def _count_companies() -> dict[int, int]:
    return dict(db.session.execute(
        db.select(company_trade_areas.c.trade_area_id, db.func.count(company_trade_areas.c.company_id))
        .join(Company, Company.id == company_trade_areas.c.company_id)
        .where(Company.status == CompanyStatus.APPROVED)
        .group_by(company_trade_areas.c.trade_area_id)).all())


def _area_document(area: TradeArea, booth: AreaBooth | None) -> search.Document[int]:
    texts = f"{booth.work_da} {booth.day_da} {booth.work_en}" if booth else ""
    return search.Document(area.id, ((f"{area.name_da} {area.name_en}", 1.0), (area.education_names, 0.9),
                                     (texts, 0.7)))


def area_search_index() -> search.SearchIndex:
    """The active areas' search, found also by their educations' names: built once per process and language (an
    education's name is the page's language), not on every search, and rebuilt when an area or its texts change."""
    def build() -> search.SearchIndex:
        booths = area_booths()
        return search.SearchIndex([_area_document(area, booths.get(area.id))
                                   for area in active_areas(with_educations=True)])

    return searched_data_cached(f"fair_area_search_index_{get_locale()}", build)


def find_areas(query: str, areas: list[HallArea] | None = None) -> list[HallArea]:
    """The areas a search finds, best first (at most 50, as the plain search gives), from `areas` (the hall's active
    ones when not given)."""
    areas = hall().areas if areas is None else areas
    if not query:
        return areas
    by_id = {a.id: a for a in areas}
    return [by_id[key] for key, _score in area_search_index().search(query, limit=50) if key in by_id]
