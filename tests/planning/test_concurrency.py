"""The last seat, approved by several staff members at the same moment: one wins, nobody overbooks.

Each thread has its own app context, so its own session and database connection, exactly as two requests would.
Runs on SQLite (a file, so the connections are real) and on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
from flask import Flask

from partnerhub.extensions import db
from partnerhub.planning.models import Placement, Proposal, ProposalStatus, SeatCounter
from partnerhub.planning.services import common, proposals
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_proposal, make_round

# Each thread is a request on its own connection, so the rows must really be committed.
pytestmark = pytest.mark.committing

THREADS = 8


def _race(app: Flask, staff_id: int, proposal_ids: list[int]) -> dict[str, list]:
    barrier = threading.Barrier(len(proposal_ids))
    outcome: dict[str, list] = {"ok": [], "refused": [], "other": []}
    lock = threading.Lock()

    def approve(proposal_id: int) -> None:
        with app.app_context():
            from partnerhub.accounts.models import User

            staff = db.session.get(User, staff_id)
            proposal = db.session.get(Proposal, proposal_id)
            _ = proposal.items, proposal.profile  # loaded before the race, as a rendered page would have
            barrier.wait()
            try:
                proposals.approve(staff, proposal)
                db.session.commit()
                kind = "ok"
            except common.PlanningError:
                db.session.rollback()
                kind = "refused"
            except Exception as error:  # noqa: BLE001 - e.g. SQLite "database is locked": still no overbooking
                db.session.rollback()
                kind = "other"
                proposal_id = (proposal_id, repr(error))
            finally:
                db.session.remove()
            with lock:
                outcome[kind].append(proposal_id)

    threads = [threading.Thread(target=approve, args=(pid,)) for pid in proposal_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


def test_many_staff_approving_the_last_seat_never_overbook(app: Flask, world: World) -> None:
    company, period = world.companies[0], world.periods[0]
    profiles = [add_youth(world, f"Ung{n}") for n in range(THREADS)]
    round_ = make_round(world.periods, profiles)
    proposal_ids = [make_proposal(round_, p, [company]).id for p in profiles]
    staff_id = world.staff.id
    db.session.commit()

    outcome = _race(app, staff_id, proposal_ids)

    db.session.expire_all()
    placements = db.session.scalars(db.select(Placement).where(Placement.company_id == company.id,
                                                               Placement.period_id == period.id)).all()
    taken = db.session.scalar(db.select(SeatCounter.taken).where(SeatCounter.company_id == company.id,
                                                                 SeatCounter.period_id == period.id))
    assert len(outcome["ok"]) == 1, outcome
    assert len(outcome["refused"]) == THREADS - 1 and outcome["other"] == [], outcome  # the losers get a message
    assert len(placements) == 1 and taken == 1  # zero overbookings
    approved = db.session.scalars(db.select(Proposal).where(Proposal.status == ProposalStatus.APPROVED)).all()
    assert [p.id for p in approved] == outcome["ok"]


def test_two_staff_approving_the_same_proposal_book_its_seats_once(app: Flask, world: World) -> None:
    for capacity in world.companies[0].capacities:
        capacity.seats = 5
    profile = add_youth(world, "Ada")
    round_ = make_round(world.periods, [profile])
    proposal_id = make_proposal(round_, profile, [world.companies[0]]).id
    db.session.commit()

    outcome = _race(app, world.staff.id, [proposal_id, proposal_id])

    db.session.expire_all()
    assert len(outcome["ok"]) == 1, outcome
    assert db.session.scalar(db.select(db.func.count(Placement.id))) == 1
    assert db.session.scalar(db.select(SeatCounter.taken).where(SeatCounter.company_id == world.companies[0].id,
                                                                SeatCounter.period_id == world.periods[0].id)) == 1
