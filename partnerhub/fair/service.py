"""Curious marks: set by a young person at the fair, read by the planning round's matcher."""

from __future__ import annotations

import csv
import io
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import segno
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session, selectinload

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, CompanyStatus, InternshipPost, PlanningPeriod, company_trade_areas
from partnerhub.extensions import db
from partnerhub.fair import search
from partnerhub.fair.models import (
    ICON_KEYS,
    SIGNUP_TRANSITIONS,
    AreaBooth,
    BoothPhoto,
    BoothSignup,
    CompanyBooth,
    CuriosityLevel,
    CuriousMark,
    FairAttendee,
    FairEvent,
    SignupState,
)
from partnerhub.permissions import Role
from partnerhub.reference import service as reference_service
from partnerhub.reference.models import Education, Town, TradeArea
from partnerhub.reference.service import town_distance_km
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import travel_limit_km


@dataclass
class CuriousTargets:
    """What one young person marked; the planning adapter turns these into the engine's `curious` list."""

    company_ids: set[int] = field(default_factory=set)
    trade_area_ids: set[int] = field(default_factory=set)


def curious_marks_by_youth(profile_ids: list[int] | None = None) -> dict[int, CuriousTargets]:
    """One query for a whole planning round, so adapting 10,000 young people is not 10,000 queries."""
    query = db.select(CuriousMark.youth_profile_id, CuriousMark.company_id, CuriousMark.trade_area_id)
    if profile_ids is not None:
        query = query.where(CuriousMark.youth_profile_id.in_(profile_ids))
    marks: dict[int, CuriousTargets] = {}
    for profile_id, company_id, trade_area_id in db.session.execute(query):
        targets = marks.setdefault(profile_id, CuriousTargets())
        if company_id is not None:
            targets.company_ids.add(company_id)
        if trade_area_id is not None:
            targets.trade_area_ids.add(trade_area_id)
    return marks


def set_mark(
    actor: object,
    profile: YouthProfile,
    *,
    company_id: int | None = None,
    trade_area_id: int | None = None,
    level: CuriosityLevel = CuriosityLevel.CURIOUS,
    reflection: str | None = None,
) -> CuriousMark:
    """Creates or updates the one mark a young person has on a company or a trade area."""
    if (company_id is None) == (trade_area_id is None):
        raise ValueError("a mark targets exactly one company or one trade area")
    mark = db.session.scalar(
        db.select(CuriousMark).where(
            CuriousMark.youth_profile_id == profile.id,
            CuriousMark.company_id == company_id,  # SQLAlchemy renders "== None" as IS NULL
            CuriousMark.trade_area_id == trade_area_id,
        )
    )
    if mark is None:
        mark = CuriousMark(youth_profile_id=profile.id, company_id=company_id, trade_area_id=trade_area_id)
        db.session.add(mark)
    mark.level = level
    mark.reflection = (reflection or "").strip() or None
    db.session.flush()
    record(actor, "curious_mark_set", object_type="curious_mark", object_id=mark.id, subject_user_id=profile.user_id,
           detail={"company_id": company_id, "trade_area_id": trade_area_id, "level": str(level)})
    return mark


def remove_mark(actor: User, profile: YouthProfile, mark: CuriousMark) -> None:
    if mark.youth_profile_id != profile.id:
        raise PermissionError("not this young person's mark")
    record(actor, "curious_mark_removed", object_type="curious_mark", object_id=mark.id,
           subject_user_id=profile.user_id)
    db.session.delete(mark)


class FairError(Exception):
    """A refusal with a translated message the view can show as it is."""


# ---- the hall: area booths ----------------------------------------------------------------------------------------

BOOTH_TEXTS_CSV = Path(__file__).parent / "data" / "area_booths.csv"
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


def _open_posts_query():  # a Select
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


def open_posts(company: Company) -> list[InternshipPost]:
    today = utcnow().date()
    return [p for p in company.posts if p.active and (p.period is None or p.period.ends_on >= today)]


def company_count_by_area() -> dict[int, int]:
    """The hall shows counts only, so it counts in SQL instead of loading every company."""
    return dict(db.session.execute(
        db.select(company_trade_areas.c.trade_area_id, db.func.count(company_trade_areas.c.company_id))
        .join(Company, Company.id == company_trade_areas.c.company_id)
        .where(Company.status == CompanyStatus.APPROVED)
        .group_by(company_trade_areas.c.trade_area_id)).all())


# ---- distance and filters -----------------------------------------------------------------------------------------

def can_filter_near(profile: YouthProfile | None) -> bool:
    return profile is not None and profile.town is not None and travel_limit_km(profile) is not None


@dataclass
class FairFilter:
    query: str = ""
    area_id: int | None = None
    near_me: bool = False
    special_needs: bool = False
    teaching: bool = False

    @property
    def active(self) -> bool:
        return bool(self.query or self.area_id or self.near_me or self.special_needs or self.teaching)


@dataclass
class CompanyCard:
    company: Company
    distance_km: float | None
    within_reach: bool | None
    open_seats: int
    score: float = 0.0


def _company_documents() -> list[search.Document]:
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


def _area_document(area: TradeArea, booth: AreaBooth | None) -> search.Document:
    texts = f"{booth.work_da} {booth.day_da} {booth.work_en}" if booth else ""
    return search.Document(area.id, ((f"{area.name_da} {area.name_en}", 1.0), (area.education_names, 0.9),
                                     (texts, 0.7)))


def company_cards(companies: list[Company], profile: YouthProfile | None) -> list[CompanyCard]:
    limit = travel_limit_km(profile)
    cards = []
    for company in companies:
        distance = town_distance_km(profile.town if profile else None, company.town)
        within = None if distance is None or limit is None else distance <= limit
        cards.append(CompanyCard(company, distance, within, sum(p.seats for p in open_posts(company))))
    return cards


FAIR_PAGE_SIZE = 24  # company cards per page: a phone screen scrolls through this many without losing its way


@dataclass
class CompanyPage:
    """One page of companies at the fair, and how many there are in all."""

    cards: list[CompanyCard]
    total: int
    page: int
    pages: int


# Bumped whenever this process writes something the company search reads; see `company_search_index`.
_search_generation = 0
_SEARCHED_MODELS = (Company, InternshipPost, CompanyBooth, TradeArea, Education, Town)


def register_listeners() -> None:
    """Called by create_app; idempotent, since the listener is on every ORM session and tests build many apps."""
    if not event.contains(Session, "after_flush", _note_searched_changes):
        event.listen(Session, "after_flush", _note_searched_changes)


def _note_searched_changes(session: Session, flush_context: object) -> None:
    global _search_generation
    if any(isinstance(obj, _SEARCHED_MODELS) for obj in (*session.new, *session.dirty, *session.deleted)):
        _search_generation += 1


def company_search_index() -> search.SearchIndex:
    """The tolerant search over every approved company, built once per worker process and reused.

    Building it means reading and tokenising every company (about 0.2 s at 2,000 companies), so it is kept for
    FAIR_SEARCH_CACHE_SECONDS. A change made in this process (a booth, a post, an approval) rebuilds it at once;
    other worker processes pick the change up when their copy expires.
    """
    app = current_app._get_current_object()
    cached = app.extensions.get("fair_search_index")
    now = time.monotonic()
    if (cached is None or cached[1] != _search_generation
            or now - cached[0] > app.config["FAIR_SEARCH_CACHE_SECONDS"]):
        cached = (now, _search_generation, search.SearchIndex(_company_documents()))
        app.extensions["fair_search_index"] = cached
    return cached[2]


def find_companies(criteria: FairFilter, profile: YouthProfile | None, page: int = 1,
                   per_page: int = FAIR_PAGE_SIZE) -> CompanyPage:
    """Filters in SQL, distance and search on plain rows, and only the page shown is loaded as companies."""
    query = (db.select(Company.id, Company.town_id).where(Company.status == CompanyStatus.APPROVED)
             .order_by(Company.name, Company.id))
    if criteria.area_id:
        query = query.where(Company.id.in_(db.select(company_trade_areas.c.company_id)
                                           .where(company_trade_areas.c.trade_area_id == criteria.area_id)))
    if criteria.special_needs:
        query = query.where(Company.suits_special_needs)
    if criteria.teaching:
        query = query.where(Company.offers_teaching)
    rows = db.session.execute(query).all()
    ids = [row.id for row in rows]
    distance: dict[int, float | None] = {}
    if profile is not None and profile.town is not None:
        towns = {town.id: town for town in reference_service.towns()}
        distance = {row.id: town_distance_km(profile.town, towns.get(row.town_id)) for row in rows}
    if criteria.near_me and can_filter_near(profile):
        limit = travel_limit_km(profile)
        ids = [i for i in ids if distance.get(i) is not None and distance[i] <= limit]
    scores: dict[int, float] = {}
    if criteria.query:
        ranked = company_search_index().search(criteria.query, keys=set(ids))
        scores = dict(ranked)
        ids = [key for key, _score in ranked]
    elif criteria.near_me:
        ids.sort(key=lambda i: distance[i] if distance.get(i) is not None else 1e9)
    total = len(ids)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    shown = ids[(page - 1) * per_page: page * per_page]
    loaded = {company.id: company for company in db.session.scalars(
        db.select(Company).where(Company.id.in_(shown))
        .options(selectinload(Company.trade_areas), selectinload(Company.town), selectinload(Company.posts)))
    } if shown else {}
    cards = company_cards([loaded[i] for i in shown], profile)
    for card in cards:
        card.score = scores.get(card.company.id, 0.0)
    return CompanyPage(cards, total, page, pages)


def find_areas(query: str) -> list[TradeArea]:
    areas = active_areas(with_educations=bool(query))  # an area is also found by its educations' names
    if not query:
        return areas
    booths = area_booths()
    by_id = {a.id: a for a in areas}
    return [by_id[key] for key, _score in search.search(query, [_area_document(a, booths.get(a.id)) for a in areas])]


# ---- a company's booth --------------------------------------------------------------------------------------------

PHOTO_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def booth_of(company: Company) -> CompanyBooth:
    """The booth, created empty the first time HR opens the editor."""
    if company.booth is None:
        company.booth = CompanyBooth(company_id=company.id)
        db.session.flush()
    return company.booth


def save_booth(actor: User, company: Company, *, pitch: str | None, tasks_description: str | None,
               icon: str | None) -> CompanyBooth:
    """What a young person would do is the company's own field, so the matcher reads the same words as the booth."""
    booth = booth_of(company)
    booth.pitch = (pitch or "").strip() or None
    booth.icon = icon if icon in ICON_KEYS else None
    booth.updated_at = utcnow()
    company.tasks_description = (tasks_description or "").strip() or None
    db.session.flush()
    record(actor, "fair_booth_saved", object_type="company", object_id=company.id)
    return booth


def _sniff_image(head: bytes) -> str | None:
    """The type from the file's own first bytes; the browser's claimed type and the file name are not trusted."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def photo_dir() -> Path:
    return Path(current_app.config["FAIR_PHOTO_DIR"])


def add_photo(actor: User, company: Company, stream: IO[bytes], *, alt_text: str) -> BoothPhoto:
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise FairError(_("Skriv, hvad billedet viser, så blinde og svagtseende også får det med."))
    booth = booth_of(company)
    if len(booth.photos) >= current_app.config["FAIR_PHOTOS_PER_BOOTH"]:
        raise FairError(_("I kan have højst %(n)d billeder. Slet et, før I lægger et nyt op.",
                          n=current_app.config["FAIR_PHOTOS_PER_BOOTH"]))
    limit = current_app.config["FAIR_PHOTO_MAX_BYTES"]
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise FairError(_("Billedet er for stort. Det må højst fylde %(mb)s MB.", mb=f"{limit / 1_000_000:g}"))
    content_type = _sniff_image(content[:16])
    if content_type is None or not content:
        raise FairError(_("Vi kan kun bruge billeder i PNG, JPEG eller WebP."))
    folder = photo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + PHOTO_TYPES[content_type]
    (folder / stored_name).write_bytes(content)
    photo = BoothPhoto(booth=booth, stored_name=stored_name, content_type=content_type, alt_text=alt_text[:200],
                       size_bytes=len(content))
    db.session.add(photo)
    db.session.flush()
    record(actor, "fair_photo_added", object_type="company", object_id=company.id, detail={"photo_id": photo.id})
    return photo


def photo_bytes(photo: BoothPhoto) -> bytes | None:
    """Read whole (photos are at most a few MB), so no open file outlives the request."""
    path = photo_dir() / photo.stored_name
    return path.read_bytes() if path.is_file() else None


def photo_of(company: Company, photo_id: int) -> BoothPhoto | None:
    """Ownership by query: another company's photo id simply is not found."""
    booth = company.booth
    return next((p for p in booth.photos if p.id == photo_id), None) if booth else None


def remove_photo(actor: User, company: Company, photo: BoothPhoto) -> None:
    if photo.booth.company_id != company.id:
        raise PermissionError("not this company's photo")
    record(actor, "fair_photo_removed", object_type="company", object_id=company.id, detail={"photo_id": photo.id})
    path = photo_dir() / photo.stored_name
    db.session.delete(photo)
    db.session.flush()
    path.unlink(missing_ok=True)


def may_see_booth(viewer: object, company: Company) -> bool:
    """Everyone sees approved booths; HR previews its own, and staff see any, before approval."""
    if company.is_approved:
        return True
    if not getattr(viewer, "is_authenticated", False):
        return False
    return viewer.role in (Role.STAFF, Role.ADMIN) or (viewer.role is Role.COMPANY and viewer.company_id == company.id)


# ---- curious marks, as the young person sees them ------------------------------------------------------------------

def marks_of(profile: YouthProfile) -> list[CuriousMark]:
    return list(db.session.scalars(
        db.select(CuriousMark).where(CuriousMark.youth_profile_id == profile.id).order_by(CuriousMark.created_at)))


def mark_for(profile: YouthProfile | None, *, company_id: int | None = None,
             trade_area_id: int | None = None) -> CuriousMark | None:
    if profile is None:
        return None
    return db.session.scalar(db.select(CuriousMark).where(
        CuriousMark.youth_profile_id == profile.id, CuriousMark.company_id == company_id,
        CuriousMark.trade_area_id == trade_area_id))


def own_mark(profile: YouthProfile, mark_id: int) -> CuriousMark | None:
    """A young person only ever finds their own marks; someone else's id is simply not there."""
    return db.session.scalar(db.select(CuriousMark).where(CuriousMark.id == mark_id,
                                                          CuriousMark.youth_profile_id == profile.id))


# ---- fair events --------------------------------------------------------------------------------------------------

def save_event(actor: User, event: FairEvent | None, *, name: str, held_on: date, time_text: str, place: str,
               quiet_hour: str | None, description: str | None, area_ids: list[int]) -> FairEvent:
    if event is None:
        event = FairEvent(created_by_id=actor.id)
        db.session.add(event)
    event.name, event.held_on, event.time_text, event.place = name, held_on, time_text, place
    event.quiet_hour, event.description = quiet_hour or None, description or None
    event.areas = list(db.session.scalars(db.select(TradeArea).where(TradeArea.id.in_(area_ids)))) if area_ids else []
    db.session.flush()
    record(actor, "fair_event_saved", object_type="fair_event", object_id=event.id)
    return event


def upcoming_events() -> list[FairEvent]:
    today = utcnow().date()
    return list(db.session.scalars(db.select(FairEvent).where(FairEvent.held_on >= today)
                                   .order_by(FairEvent.held_on)))


def all_events() -> list[FairEvent]:
    return list(db.session.scalars(db.select(FairEvent).order_by(FairEvent.held_on.desc())))


def signup_of(event: FairEvent, company: Company) -> BoothSignup | None:
    return db.session.scalar(db.select(BoothSignup).where(BoothSignup.event_id == event.id,
                                                          BoothSignup.company_id == company.id))


def sign_up_booth(actor: User, event: FairEvent, company: Company, *, booth_name: str, trade_area_id: int,
                  staff_count: int, needs: str | None) -> BoothSignup:
    """One booth per company and event; signing up again after withdrawing reopens the same signup."""
    if event.held_on < utcnow().date():
        raise FairError(_("Messen er allerede holdt."))
    if trade_area_id not in {a.id for a in event.areas}:
        raise FairError(_("Vælg et af messens fagområder."))
    signup = signup_of(event, company)
    if signup is None:
        signup = BoothSignup(event=event, company_id=company.id, state=SignupState.PENDING)
        db.session.add(signup)
    elif signup.state is SignupState.WITHDRAWN:
        change_signup_state(actor, signup, SignupState.PENDING)
    elif signup.state is SignupState.DECLINED:
        raise FairError(_("Ungeenheden har sagt nej til standen. Kontakt Ungeenheden, hvis I har spørgsmål."))
    signup.booth_name, signup.trade_area_id = booth_name, trade_area_id
    signup.staff_count, signup.needs = staff_count, (needs or "").strip() or None
    db.session.flush()
    record(actor, "fair_booth_signup_saved", object_type="fair_booth_signup", object_id=signup.id,
           detail={"event_id": event.id, "company_id": company.id})
    return signup


def change_signup_state(actor: User, signup: BoothSignup, new_state: SignupState) -> None:
    """The one place a signup's state changes; a move the workflow does not allow is refused."""
    if new_state not in SIGNUP_TRANSITIONS[signup.state]:
        raise FairError(_("Standen kan ikke gå fra %(old)s til %(new)s.", old=signup.state.label,
                          new=new_state.label))
    old = signup.state
    signup.state = new_state
    signup.state_changed_at = utcnow()
    db.session.flush()
    record(actor, "fair_booth_signup_state", object_type="fair_booth_signup", object_id=signup.id,
           detail={"from": str(old), "to": str(new_state)})


def confirmed_booths(event: FairEvent) -> list[BoothSignup]:
    """The booths that will be there, by area then name: the order of the booth list and the floor plan."""
    booths = [s for s in event.signups if s.state is SignupState.CONFIRMED]
    return sorted(booths, key=lambda s: (s.trade_area.name_da, s.booth_name.lower()))


def attendee_of(event: FairEvent, profile: YouthProfile) -> FairAttendee | None:
    return db.session.scalar(db.select(FairAttendee).where(FairAttendee.event_id == event.id,
                                                           FairAttendee.youth_profile_id == profile.id))


def register_attendee(actor: User, event: FairEvent, profile: YouthProfile) -> FairAttendee:
    if event.held_on < utcnow().date():
        raise FairError(_("Messen er allerede holdt."))
    attendee = attendee_of(event, profile)
    if attendee is None:
        attendee = FairAttendee(event=event, youth_profile_id=profile.id, registered_by_id=actor.id)
        db.session.add(attendee)
        db.session.flush()
        record(actor, "fair_attendee_registered", object_type="fair_event", object_id=event.id,
               subject_user_id=profile.user_id)
    return attendee


def unregister_attendee(actor: User, event: FairEvent, profile: YouthProfile) -> None:
    attendee = attendee_of(event, profile)
    if attendee is not None:
        record(actor, "fair_attendee_unregistered", object_type="fair_event", object_id=event.id,
               subject_user_id=profile.user_id)
        db.session.delete(attendee)
        db.session.flush()


# ---- after the fair: who was curious about what -------------------------------------------------------------------

@dataclass
class TargetCount:
    name: str
    curious: int = 0
    want_to_try: int = 0

    @property
    def total(self) -> int:
        return self.curious + self.want_to_try


@dataclass
class CuriosityOverview:
    by_area: list[TargetCount]
    by_company: list[TargetCount]
    by_youth: list[tuple[YouthProfile, list[CuriousMark]]]


def curiosity_overview(profile_ids: list[int] | None = None) -> CuriosityOverview:
    """Counts per area and company for everyone; names per young person, for staff only (the view checks)."""
    query = (db.select(CuriousMark).options(selectinload(CuriousMark.company), selectinload(CuriousMark.trade_area),
                                            selectinload(CuriousMark.profile))
             .order_by(CuriousMark.youth_profile_id, CuriousMark.created_at))
    if profile_ids is not None:
        query = query.where(CuriousMark.youth_profile_id.in_(profile_ids))
    areas: dict[int, TargetCount] = {}
    companies: dict[int, TargetCount] = {}
    youth: dict[int, tuple[YouthProfile, list[CuriousMark]]] = {}
    for mark in db.session.scalars(query):
        if mark.trade_area is not None:
            count = areas.setdefault(mark.trade_area.id, TargetCount(mark.trade_area.name))
        else:
            count = companies.setdefault(mark.company.id, TargetCount(mark.company.name))
        if mark.level is CuriosityLevel.WANT_TO_TRY:
            count.want_to_try += 1
        else:
            count.curious += 1
        youth.setdefault(mark.youth_profile_id, (mark.profile, []))[1].append(mark)

    def ranked(counts: dict[int, TargetCount]) -> list[TargetCount]:
        return sorted(counts.values(), key=lambda c: (-c.want_to_try, -c.total, c.name))

    return CuriosityOverview(ranked(areas), ranked(companies),
                             sorted(youth.values(), key=lambda pair: pair[0].display_name.lower()))


# ---- QR codes -----------------------------------------------------------------------------------------------------

def qr_svg(url: str, *, title: str | None = None) -> str:
    """A QR code as a standalone SVG document, made on the server: no CDN, and it prints sharply at any size."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=4, xmldecl=True, svgns=True, title=title, nl=False,
              dark="#000", light="#fff")
    return buffer.getvalue().decode("utf-8")
