"""Curious marks: set by a young person at the fair, read by the planning round's matcher and by staff after it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import selectinload

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.fair.models import CuriosityLevel, CuriousMark
from partnerhub.youth.models import YouthProfile


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
    actor: User | None,  # None: the demo seed
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
