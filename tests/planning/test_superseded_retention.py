"""Re-running the matcher replaces the proposals nobody approved; the retention run deletes the replaced ones that
nobody acted on once they are old, so a round does not pile up superseded runs, while every proposal the audit log
names (someone looked at it, decided on it) stays."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from partnerhub.extensions import db
from partnerhub.planning.models import Proposal, ProposalItem, ProposalStatus
from partnerhub.timeutil import utcnow
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_round


def _statuses(round_id: int) -> list[ProposalStatus]:
    return list(db.session.scalars(db.select(Proposal.status).where(Proposal.round_id == round_id)))


def test_old_untouched_superseded_proposals_are_pruned_and_viewed_ones_kept(app: Flask, client, world: World) -> None:
    round_ = make_round(world.periods, [add_youth(world, "Ada"), add_youth(world, "Bo")])
    login(client, world.staff.email)
    for _run in range(3):
        assert client.post(f"/medarbejder/planlaegning/{round_.id}/koer").status_code == 302
    statuses = _statuses(round_.id)
    assert statuses.count(ProposalStatus.SUPERSEDED) == 4 and statuses.count(ProposalStatus.PROPOSED) == 2
    superseded = db.session.scalars(db.select(Proposal).where(Proposal.round_id == round_.id,
                                                              Proposal.status == ProposalStatus.SUPERSEDED)).all()
    looked_at = superseded[0]
    assert client.get(f"/medarbejder/planlaegning/forslag/{looked_at.id}").status_code == 200
    for proposal in superseded:  # older than the rule's 30 days
        proposal.created_at = utcnow() - timedelta(days=31)
    db.session.commit()

    dry = app.test_cli_runner().invoke(args=["retention", "run", "--dry-run"])
    assert "erstattede forslag, som ingen har rørt: 3" in dry.output
    assert len(_statuses(round_.id)) == 6

    output = app.test_cli_runner().invoke(args=["retention", "run"]).output
    assert "erstattede forslag, som ingen har rørt: 3" in output
    db.session.expire_all()
    remaining = db.session.scalars(db.select(Proposal).where(Proposal.round_id == round_.id)).all()
    assert sorted(p.status for p in remaining) == sorted([ProposalStatus.PROPOSED] * 2 + [ProposalStatus.SUPERSEDED])
    assert looked_at.id in {p.id for p in remaining}
    orphans = db.select(ProposalItem).where(ProposalItem.proposal_id.not_in(db.select(Proposal.id)))
    assert db.session.scalars(orphans).all() == []


def test_recent_superseded_proposals_stay(app: Flask, client, world: World) -> None:
    round_ = make_round(world.periods, [add_youth(world, "Ada")])
    login(client, world.staff.email)
    for _run in range(2):
        assert client.post(f"/medarbejder/planlaegning/{round_.id}/koer").status_code == 302
    output = app.test_cli_runner().invoke(args=["retention", "run"]).output
    assert "erstattede forslag, som ingen har rørt: 0" in output
    assert _statuses(round_.id).count(ProposalStatus.SUPERSEDED) == 1
