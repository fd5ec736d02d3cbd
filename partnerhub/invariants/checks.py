"""Each check is one query for the rows that break a rule the planning service keeps; an empty result is healthy.

Only models are imported, so the check can judge data written by any path: the service, an import, the demo or a
restore."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from partnerhub.companies.models import CompanyCapacity, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.planning.models import (
    SEAT_HOLDING,
    Placement,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RoundPeriod,
    SeatCounter,
)


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str


def _seat_holding_per_seat() -> sa.Subquery:
    return (sa.select(Placement.company_id, Placement.period_id, sa.func.count(Placement.id).label("placed"))
            .where(Placement.status.in_(SEAT_HOLDING))
            .group_by(Placement.company_id, Placement.period_id).subquery())


def seats_within_capacity() -> list[Violation]:
    """Never more placements holding a seat than the company offers in that period (no capacity row: 0 seats)."""
    placed = _seat_holding_per_seat()
    rows = db.session.execute(
        sa.select(placed.c.company_id, placed.c.period_id, placed.c.placed, CompanyCapacity.seats)
        .outerjoin(CompanyCapacity, (CompanyCapacity.company_id == placed.c.company_id)
                   & (CompanyCapacity.period_id == placed.c.period_id))
        .where(placed.c.placed > sa.func.coalesce(CompanyCapacity.seats, 0)))
    return [Violation("seats_over_capacity", f"virksomhed {c} i periode {p}: {n} praktikker på {s or 0} pladser")
            for c, p, n, s in rows]


def seat_counters_agree() -> list[Violation]:
    """A seat counter is the placements that hold a seat, and never more than the capacity."""
    placed = _seat_holding_per_seat()
    rows = db.session.execute(
        sa.select(SeatCounter.company_id, SeatCounter.period_id, SeatCounter.taken,
                  sa.func.coalesce(placed.c.placed, 0), sa.func.coalesce(CompanyCapacity.seats, 0))
        .outerjoin(placed, (placed.c.company_id == SeatCounter.company_id)
                   & (placed.c.period_id == SeatCounter.period_id))
        .outerjoin(CompanyCapacity, (CompanyCapacity.company_id == SeatCounter.company_id)
                   & (CompanyCapacity.period_id == SeatCounter.period_id))
        .where((SeatCounter.taken != sa.func.coalesce(placed.c.placed, 0))
               | (SeatCounter.taken > sa.func.coalesce(CompanyCapacity.seats, 0)) | (SeatCounter.taken < 0)))
    return [Violation("seat_counter", f"virksomhed {c} i periode {p}: tæller {t}, {n} praktikker, {s} pladser")
            for c, p, t, n, s in rows]


def one_placement_per_period() -> list[Violation]:
    """No young person holds two seats in the same period."""
    rows = db.session.execute(
        sa.select(Placement.youth_profile_id, Placement.period_id, sa.func.count(Placement.id))
        .where(Placement.status.in_(SEAT_HOLDING))
        .group_by(Placement.youth_profile_id, Placement.period_id).having(sa.func.count(Placement.id) > 1))
    return [Violation("youth_twice_in_period", f"ung {y} i periode {p}: {n} praktikker") for y, p, n in rows]


def placements_follow_their_proposal() -> list[Violation]:
    """A placement comes from an approved proposal of the same young person, for a company and period it lists."""
    item = aliased(ProposalItem)
    listed = sa.exists().where(item.proposal_id == Placement.proposal_id, item.company_id == Placement.company_id,
                               item.period_id == Placement.period_id)
    rows = db.session.execute(
        sa.select(Placement.id, Proposal.id, Proposal.status, Proposal.youth_profile_id, Placement.youth_profile_id)
        .outerjoin(Proposal, Proposal.id == Placement.proposal_id)
        .where(Proposal.id.is_(None) | (Proposal.status != ProposalStatus.APPROVED)
               | (Proposal.youth_profile_id != Placement.youth_profile_id) | ~listed))
    return [Violation("placement_without_proposal",
                      f"praktik {placement}: forslag {proposal} ({status}), ung {owner} / {youth}")
            for placement, proposal, status, owner, youth in rows]


def items_in_their_round() -> list[Violation]:
    """A proposal only names periods of its own round."""
    in_round = sa.exists().where(RoundPeriod.round_id == Proposal.round_id,
                                 RoundPeriod.period_id == ProposalItem.period_id)
    rows = db.session.execute(sa.select(ProposalItem.id, Proposal.id, ProposalItem.period_id)
                              .join(Proposal, Proposal.id == ProposalItem.proposal_id).where(~in_round))
    return [Violation("item_outside_round", f"forslag {proposal}: periode {period} hører ikke til runden")
            for _item, proposal, period in rows]


def placements_within_their_period() -> list[Violation]:
    """A placement starts and ends inside its period, start before end."""
    rows = db.session.execute(
        sa.select(Placement.id, Placement.starts_on, Placement.ends_on,
                  PlanningPeriod.starts_on, PlanningPeriod.ends_on)
        .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
        .where((Placement.starts_on < PlanningPeriod.starts_on) | (Placement.ends_on > PlanningPeriod.ends_on)
               | (Placement.starts_on > Placement.ends_on)))
    return [Violation("placement_outside_period", f"praktik {pid}: {s}–{e} uden for perioden {ps}–{pe}")
            for pid, s, e, ps, pe in rows]


def capacities_not_negative() -> list[Violation]:
    rows = db.session.execute(sa.select(CompanyCapacity.company_id, CompanyCapacity.period_id, CompanyCapacity.seats)
                              .where(CompanyCapacity.seats < 0))
    return [Violation("negative_capacity", f"virksomhed {c} i periode {p}: {s} pladser") for c, p, s in rows]


CHECKS: tuple[Callable[[], list[Violation]], ...] = (
    seats_within_capacity, seat_counters_agree, one_placement_per_period, placements_follow_their_proposal,
    items_in_their_round, placements_within_their_period, capacities_not_negative,
)


def violations() -> list[Violation]:
    """Every broken rule, in the order of CHECKS."""
    return [violation for check in CHECKS for violation in check()]
