"""The hall: one booth per trade area, with its texts, its open places and its companies, and the area search."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, CompanyStatus, InternshipPost, PlanningPeriod, company_trade_areas
from partnerhub.extensions import db
from partnerhub.fair import search
from partnerhub.fair.models import AreaBooth
from partnerhub.reference.models import TradeArea
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


def _open_posts_query() -> Select[InternshipPost]:
    """Active posts of approved companies whose period has not ended: the places a young person can still get."""
    today = utcnow().date()
    return (
        db.select(InternshipPost)
        .join(Company, Company.id == InternshipPost.company_id)
        .outerjoin(PlanningPeriod, PlanningPeriod.id == InternshipPost.period_id)
        .where(InternshipPost.active.is_(True), Company.status == CompanyStatus.APPROVED,
               db.or_(InternshipPost.period_id.is_(None), PlanningPeriod.ends_on >= today))
    )


def open_places_by_area() -> dict[int, int]:
    counts: dict[int, int] = {}
    for post in db.session.scalars(_open_posts_query()):
        if post.trade_area_id is not None:
            counts[post.trade_area_id] = counts.get(post.trade_area_id, 0) + post.seats
    return counts


def company_count_by_area() -> dict[int, int]:
    """The hall shows counts only, so it counts in SQL instead of loading every company."""
    return dict(db.session.execute(
        db.select(company_trade_areas.c.trade_area_id, db.func.count(company_trade_areas.c.company_id))
        .join(Company, Company.id == company_trade_areas.c.company_id)
        .where(Company.status == CompanyStatus.APPROVED)
        .group_by(company_trade_areas.c.trade_area_id)).all())


def _area_document(area: TradeArea, booth: AreaBooth | None) -> search.Document[int]:
    texts = f"{booth.work_da} {booth.day_da} {booth.work_en}" if booth else ""
    return search.Document(area.id, ((f"{area.name_da} {area.name_en}", 1.0), (area.education_names, 0.9),
                                     (texts, 0.7)))


def find_areas(query: str) -> list[TradeArea]:
    areas = active_areas(with_educations=bool(query))  # an area is also found by its educations' names
    if not query:
        return areas
    booths = area_booths()
    by_id = {a.id: a for a in areas}
    return [by_id[key] for key, _score in search.search(query, [_area_document(a, booths.get(a.id)) for a in areas])]
