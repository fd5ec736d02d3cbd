"""Re-plan after one period changed: only the young person's affected later periods move, the rest stays fixed, the
seats hold, staff see a preview first and the change is applied at once or not at all."""

from __future__ import annotations

import pytest

from partnerhub.companies.models import CompanyCapacity
from partnerhub.extensions import db
from partnerhub.planning.models import PlacementStatus, Proposal, SeatCounter
from partnerhub.planning.services import placements, proposals, replan
from partnerhub.planning.services.common import PlanningError
from partnerhub.planning.services.seats import book_seat
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_proposal, make_round


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


@pytest.fixture
def two_rotations(world: World) -> tuple[Proposal, Proposal]:
    """Ada: Firma 1, 2, 3; Bo: Firma 2, 3, 1; the first period accepted, the others offered. Firma 4 has a free
    seat in every period."""
    spare = factories.CompanyFactory(name="Firma 4", town=world.towns["Hedensted"], employees=20,
                                     tasks_description="Du bygger og saver træ")
    spare.trade_areas = [world.areas["byggeri-haandvaerk"]]
    for period in world.periods:
        factories.CapacityFactory(company=spare, period=period, seats=1)
    world.companies.append(spare)
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    round_ = make_round(world.periods, [ada, bo])
    first, second, third = world.companies[:3]
    rotations = []
    for profile, companies in ((ada, [first, second, third]), (bo, [second, third, first])):
        proposal = make_proposal(round_, profile, companies)
        for placement in proposals.approve(world.staff, proposal):
            if placement.period_id == world.periods[0].id:
                placements.transition_placement(world.staff, placement, PlacementStatus.ACCEPTED)
        rotations.append(proposal)
    db.session.commit()
    return rotations[0], rotations[1]


def _snapshot(proposal: Proposal) -> list[tuple]:
    return sorted((p.id, p.company_id, p.period_id, p.status) for p in proposal.placements)


def _seats_hold() -> None:
    for counter in db.session.scalars(db.select(SeatCounter)):
        seats = db.session.scalar(db.select(CompanyCapacity.seats).where(
            CompanyCapacity.company_id == counter.company_id, CompanyCapacity.period_id == counter.period_id))
        assert counter.taken <= seats


def test_a_decline_replans_only_the_later_periods_and_the_rest_stays_fixed(client, world: World,  # noqa: ANN001
                                                                           two_rotations) -> None:
    ada_rotation, bo_rotation = two_rotations
    p1, p2, p3 = world.periods
    declined = next(p for p in ada_rotation.placements if p.period_id == p2.id)
    placements.answer_offer(world.hr[declined.company_id], declined, accept=False, reason="Vi har ikke tid alligevel")
    db.session.commit()
    bo_before = _snapshot(bo_rotation)
    ada_first = next(p for p in ada_rotation.placements if p.period_id == p1.id)

    _as(client, world.staff)
    form = client.get(f"/medarbejder/planlaegning/forslag/{ada_rotation.id}/omplanlaeg")
    assert form.status_code == 200 and "Hvilken periode er ændret?" in form.get_data(as_text=True)
    shown = client.post(f"/medarbejder/planlaegning/forslag/{ada_rotation.id}/omplanlaeg",
                        data={"period": str(p2.id), "reason": "company_declined", "preview": "1"})
    body = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "Det ændres" in body and "Firma 4" in body and "Ada" in body
    assert _snapshot(bo_rotation) == bo_before  # a preview stores nothing
    result = replan.preview(world.staff, ada_rotation, p2, "company_declined")
    assert [(c.period.id, c.after.name) for c in result.changes] == [(p2.id, "Firma 4")]
    assert [p.id for p in result.open_periods] == [p2.id, p3.id]  # the changed period and the later one

    applied = client.post(f"/medarbejder/planlaegning/forslag/{ada_rotation.id}/omplanlaeg",
                          data={"period": str(p2.id), "reason": "company_declined", "apply": "1",
                                "signature": result.signature})
    assert applied.status_code == 302
    db.session.expire_all()
    assert _snapshot(bo_rotation) == bo_before  # another young person: untouched
    assert (ada_first.company_id, ada_first.status) == (world.companies[0].id, PlacementStatus.ACCEPTED)
    new = next(p for p in ada_rotation.placements if p.period_id == p2.id and p.holds_seat)
    assert new.company.name == "Firma 4" and new.status is PlacementStatus.OFFERED
    assert next(p for p in ada_rotation.placements if p.period_id == p3.id and p.holds_seat).company_id == \
        world.companies[2].id  # the later period kept its company: the engine found nothing better
    _seats_hold()


def test_illness_in_a_running_period_replans_only_the_later_ones(world: World, two_rotations) -> None:
    ada_rotation, _bo = two_rotations
    p1, p2, p3 = world.periods
    assert [p.id for p in replan.open_periods(ada_rotation, p1)] == [p2.id, p3.id]
    assert [p.id for p in replan.open_periods(ada_rotation, p3)] == []
    with pytest.raises(PlanningError, match="ingen senere perioder"):
        replan.preview(world.staff, ada_rotation, p3, "ill")


def test_apply_refuses_when_the_answer_changed_since_the_preview_and_nothing_is_kept(
        client, world: World, two_rotations) -> None:  # noqa: ANN001
    ada_rotation, _bo = two_rotations
    _p1, p2, _p3 = world.periods
    declined = next(p for p in ada_rotation.placements if p.period_id == p2.id)
    placements.answer_offer(world.hr[declined.company_id], declined, accept=False, reason="Nej")
    db.session.commit()
    result = replan.preview(world.staff, ada_rotation, p2, "company_declined")
    book_seat(world.companies[3].id, p2.id)  # someone else takes Firma 4's last seat in P2 meanwhile
    db.session.commit()
    before = _snapshot(ada_rotation)
    _as(client, world.staff)
    refused = client.post(f"/medarbejder/planlaegning/forslag/{ada_rotation.id}/omplanlaeg",
                          data={"period": str(p2.id), "reason": "company_declined", "apply": "1",
                                "signature": result.signature})
    assert refused.status_code == 422 and "Planen er ændret" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert _snapshot(ada_rotation) == before
    _seats_hold()


def test_bad_replan_input_is_never_a_500(client, world: World, two_rotations) -> None:  # noqa: ANN001
    ada_rotation, _bo = two_rotations
    _as(client, world.staff)
    for data in ({}, {"period": "999999", "reason": "ill", "preview": "1"},
                 {"period": str(world.periods[0].id), "reason": "nonsense", "preview": "1"}):
        response = client.post(f"/medarbejder/planlaegning/forslag/{ada_rotation.id}/omplanlaeg", data=data)
        assert response.status_code == 422, data
    open_one = make_proposal(ada_rotation.round, add_youth(world, "Cy"), world.companies[:1])
    response = client.post(f"/medarbejder/planlaegning/forslag/{open_one.id}/omplanlaeg",
                           data={"period": str(world.periods[0].id), "reason": "ill", "preview": "1"})
    assert response.status_code == 422 and "Kun et godkendt forløb" in response.get_data(as_text=True)
