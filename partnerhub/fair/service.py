"""Curious marks: set by a young person at the fair, read by the planning round's matcher."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def remove_mark(actor: object, profile: YouthProfile, mark: CuriousMark) -> None:
    if mark.youth_profile_id != profile.id:
        raise PermissionError("not this young person's mark")
    record(actor, "curious_mark_removed", object_type="curious_mark", object_id=mark.id,
           subject_user_id=profile.user_id)
    db.session.delete(mark)
