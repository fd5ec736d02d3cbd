"""Seats per company and period: booking never overbooks, release gives a seat back. Any feature that places
a young person at a company (planning rounds today) books through here."""

from __future__ import annotations

from typing import cast

import sqlalchemy as sa

from partnerhub.companies.models import Company, CompanyCapacity, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.planning.models import SeatCounter
from partnerhub.planning.services.common import CapacityError


def _ensure_counter(company_id: int, period_id: int) -> None:
    """Insert-or-ignore, so two first bookings of the same seat never collide on the unique key."""
    table = cast(sa.Table, SeatCounter.__table__)
    values = {"company_id": company_id, "period_id": period_id, "taken": 0}
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    db.session.execute(insert(table).values(**values).on_conflict_do_nothing(
        index_elements=["company_id", "period_id"]))


def book_seat(company_id: int, period_id: int) -> None:
    """One conditional UPDATE: it only counts when a seat is still free, so the database decides who gets the last
    one. PostgreSQL re-checks the condition after a concurrent commit; SQLite runs writers one at a time."""
    _ensure_counter(company_id, period_id)
    seats = (sa.select(CompanyCapacity.seats)
             .where(CompanyCapacity.company_id == company_id, CompanyCapacity.period_id == period_id)
             .scalar_subquery())
    result = db.session.execute(
        sa.update(SeatCounter)
        .where(SeatCounter.company_id == company_id, SeatCounter.period_id == period_id, SeatCounter.taken < seats)
        .values(taken=SeatCounter.taken + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        company = db.session.get(Company, company_id)
        period = db.session.get(PlanningPeriod, period_id)
        raise CapacityError(_("%(company)s har ikke flere ledige pladser i %(period)s. En anden har lige fået den "
                              "sidste plads – vælg en anden virksomhed.",
                              company=company.name if company else "", period=period.name if period else ""))


def release_seat(company_id: int, period_id: int) -> None:
    """Gives one seat back; never below zero."""
    db.session.execute(
        sa.update(SeatCounter)
        .where(SeatCounter.company_id == company_id, SeatCounter.period_id == period_id, SeatCounter.taken > 0)
        .values(taken=SeatCounter.taken - 1)
        .execution_options(synchronize_session=False))


def seats_taken(company_id: int, period_id: int) -> int:
    return db.session.scalar(db.select(SeatCounter.taken).where(SeatCounter.company_id == company_id,
                                                                SeatCounter.period_id == period_id)) or 0


def seats_taken_by_seat(company_ids: set[int], period_ids: list[int]) -> dict[tuple[int, int], int]:
    """Seats taken for many (company, period) pairs in one query, for list pages."""
    if not company_ids:
        return {}
    rows = db.session.execute(
        db.select(SeatCounter.company_id, SeatCounter.period_id, SeatCounter.taken)
        .where(SeatCounter.period_id.in_(period_ids), SeatCounter.company_id.in_(company_ids)))
    return {(company_id, period_id): taken for company_id, period_id, taken in rows}


def free_seats(company_id: int, period_id: int) -> int:
    seats = db.session.scalar(db.select(CompanyCapacity.seats).where(CompanyCapacity.company_id == company_id,
                                                                      CompanyCapacity.period_id == period_id)) or 0
    return max(0, seats - seats_taken(company_id, period_id))
