"""The handover note between two companies in a rotation: the outgoing company writes it, the young person approves
(their edit is what goes on) or keeps it back, and only then does the next company see it; nothing staff-only in it."""

from __future__ import annotations

import pytest

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.planning.models import PlacementStatus, Proposal
from partnerhub.planning.seam_models import HandoverNote, HandoverStatus
from partnerhub.planning.services import handover, placements, proposals
from partnerhub.planning.services.common import PlanningError
from tests.conftest import login
from tests.planning.conftest import FOCUS_MARKER, STAFF_MARKER, World, add_youth
from tests.planning.helpers import make_proposal, make_round

NOTE = {"did_well": "Mødte til tiden hver dag", "helped": "En fast makker", "watch": "Korte pauser hjælper"}


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


@pytest.fixture
def rotation(world: World) -> Proposal:
    """Ada's approved rotation over the world's three companies, each of which has said yes."""
    ada = add_youth(world, "Ada")
    proposal = make_proposal(make_round(world.periods, [ada]), ada, world.companies)
    for placement in proposals.approve(world.staff, proposal):
        placements.transition_placement(world.staff, placement, PlacementStatus.ACCEPTED)
    db.session.commit()
    return proposal


def _first_and_second(rotation: Proposal):  # noqa: ANN202
    ordered = sorted(rotation.placements, key=lambda p: p.starts_on)
    return ordered[0], ordered[1], ordered[2]


def test_the_note_goes_to_the_young_person_first_and_to_the_next_company_only_after_approval(
        client, world: World, rotation: Proposal) -> None:  # noqa: ANN001
    first, second, third = _first_and_second(rotation)
    hr_first, hr_second, hr_third = (world.hr[p.company_id] for p in (first, second, third))
    ada_user = rotation.profile.user

    _as(client, hr_first)
    offer = client.get(f"/virksomhed/tilbud/{first.id}").get_data(as_text=True)
    assert "Skriv en kort overlevering til den næste virksomhed" in offer
    empty = client.post(f"/virksomhed/tilbud/{first.id}/overlevering", data={"did_well": " ", "watch": "x"})
    assert empty.status_code == 422 and "Skriv, hvad den unge har gjort godt." in empty.get_data(as_text=True)
    assert 'x</textarea>' in empty.get_data(as_text=True)  # what was typed comes back
    written = client.post(f"/virksomhed/tilbud/{first.id}/overlevering", data=NOTE)
    assert written.status_code == 302
    page = client.get(f"/virksomhed/tilbud/{first.id}/overlevering").get_data(as_text=True)
    assert "Venter på den unge" in page and STAFF_MARKER not in page and FOCUS_MARKER not in page
    assert db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient_user_id == ada_user.id,
                                                            OutboxMessage.subject.contains("overlevering")))

    # Before the young person's answer the next company does not see it, nor does a company outside the rotation.
    _as(client, hr_second)
    assert client.get(f"/virksomhed/tilbud/{second.id}/overlevering-modtaget").status_code == 404
    assert client.get(f"/virksomhed/tilbud/{first.id}/overlevering").status_code == 404  # not its placement
    assert NOTE["did_well"] not in client.get(f"/virksomhed/tilbud/{second.id}").get_data(as_text=True)

    # The young person edits and approves: their words are what goes on.
    _as(client, ada_user)
    plan = client.get("/ung/plan").get_data(as_text=True)
    assert "har skrevet om dig til din næste praktik" in plan
    mine = client.get(f"/ung/plan/praktik/{first.id}/overlevering").get_data(as_text=True)
    assert NOTE["did_well"] in mine and "Firma 2" in mine
    approved = client.post(f"/ung/plan/praktik/{first.id}/overlevering",
                           data={**NOTE, "watch": "Jeg siger til, når jeg har brug for en pause", "approve": "1"})
    assert approved.status_code == 302
    note = db.session.scalar(db.select(HandoverNote).where(HandoverNote.placement_id == first.id))
    assert note.status is HandoverStatus.APPROVED and note.watch == NOTE["watch"]  # the company's words are kept

    _as(client, hr_second)
    incoming = client.get(f"/virksomhed/tilbud/{second.id}/overlevering-modtaget")
    body = incoming.get_data(as_text=True)
    assert incoming.status_code == 200 and "Jeg siger til, når jeg har brug for en pause" in body
    assert NOTE["watch"] not in body and STAFF_MARKER not in body and FOCUS_MARKER not in body
    assert "Læs overleveringen om Ada" in client.get(f"/virksomhed/tilbud/{second.id}").get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "handover_viewed_by_next_company",
                                                         AuditEvent.actor_id == hr_second.id))

    # The third company follows the second, not the first: the first company's note is not for it.
    _as(client, hr_third)
    assert client.get(f"/virksomhed/tilbud/{third.id}/overlevering-modtaget").status_code == 404


def test_a_declined_note_never_reaches_the_next_company(client, world: World, rotation: Proposal) -> None:  # noqa: ANN001
    first, second, _third = _first_and_second(rotation)
    note = handover.write_note(world.hr[first.company_id], first, handover.NoteText(**NOTE))
    db.session.commit()
    _as(client, rotation.profile.user)
    declined = client.post(f"/ung/plan/praktik/{first.id}/overlevering", data={"decline": "1"})
    assert declined.status_code == 302
    assert note.status is HandoverStatus.DECLINED
    _as(client, world.hr[second.company_id])
    assert client.get(f"/virksomhed/tilbud/{second.id}/overlevering-modtaget").status_code == 404
    assert handover.incoming_for_company(second.company_id) == set()


def test_another_young_person_cannot_open_the_note(client, world: World, rotation: Proposal) -> None:  # noqa: ANN001
    first, _second, _third = _first_and_second(rotation)
    handover.write_note(world.hr[first.company_id], first, handover.NoteText(**NOTE))
    db.session.commit()
    bo = add_youth(world, "Bo")
    _as(client, bo.user)
    assert client.get(f"/ung/plan/praktik/{first.id}/overlevering").status_code == 404
    assert client.post(f"/ung/plan/praktik/{first.id}/overlevering", data={**NOTE, "approve": "1"}).status_code == 404


def test_the_transition_function_refuses_illegal_moves(world: World, rotation: Proposal) -> None:
    first, _second, third = _first_and_second(rotation)
    hr = world.hr[first.company_id]
    note = handover.write_note(hr, first, handover.NoteText(**NOTE))
    with pytest.raises(PlanningError):
        handover.write_note(hr, first, handover.NoteText(**NOTE))  # one note per placement
    with pytest.raises(PlanningError):
        handover.write_note(world.hr[third.company_id], third, handover.NoteText(**NOTE))  # nobody after the last
    with pytest.raises(PermissionError):
        handover.write_note(world.hr[third.company_id], first, handover.NoteText(**NOTE))  # not their placement
    with pytest.raises(PermissionError):
        handover.youth_answer(hr, note, approve=True)  # only the young person decides
    ada = rotation.profile.user
    handover.youth_answer(ada, note, approve=True)
    with pytest.raises(PlanningError):
        handover.youth_answer(ada, note, approve=False)  # passed on cannot be taken back
    with pytest.raises(PlanningError):
        handover.transition_note(ada, note, HandoverStatus.WITH_YOUTH)
    actions = set(db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.object_id == str(first.id))))
    assert {"handover_written", "handover_answered"} <= actions


def test_a_bad_handover_form_is_never_a_500(client, world: World, rotation: Proposal) -> None:  # noqa: ANN001
    first, _second, _third = _first_and_second(rotation)
    _as(client, world.hr[first.company_id])
    long = client.post(f"/virksomhed/tilbud/{first.id}/overlevering", data={"did_well": "x" * 1001})
    assert long.status_code == 422 and "Skriv højst 1000 tegn." in long.get_data(as_text=True)
    handover.write_note(world.hr[first.company_id], first, handover.NoteText(**NOTE))
    db.session.commit()
    _as(client, rotation.profile.user)
    emptied = client.post(f"/ung/plan/praktik/{first.id}/overlevering", data={"did_well": "", "approve": "1"})
    assert emptied.status_code == 422 and "Skriv, hvad du har gjort godt." in emptied.get_data(as_text=True)
