"""`flask check`: the demo and the bench data keep the rules, and each kind of broken row is reported."""

from __future__ import annotations

from flask import Flask

from partnerhub.companies.models import CompanyCapacity
from partnerhub.demo.service import seed_demo
from partnerhub.extensions import db
from partnerhub.planning.models import Placement, PlacementStatus, Proposal, ProposalStatus


def _check(app: Flask):
    return app.test_cli_runner().invoke(args=["check"])


def test_the_demo_data_keeps_every_rule(app: Flask) -> None:
    seed_demo()
    db.session.commit()
    result = _check(app)
    assert result.exit_code == 0, result.output
    assert "Alle 7 regler holder" in result.output


def test_the_bench_data_keeps_every_rule(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["bench-data", "--youth", "90", "--companies", "30", "--rounds", "2"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(db.func.count(Placement.id))) > 0
    result = _check(app)
    assert result.exit_code == 0, result.output


def test_broken_rows_are_reported_rule_by_rule(app: Flask) -> None:
    seed_demo()
    db.session.commit()
    placement = db.session.scalars(db.select(Placement).where(Placement.status == PlacementStatus.ACCEPTED)).first()
    # Its company takes back the seats, and the same young person gets a second, unproposed placement in the period
    # that runs past the period's end.
    db.session.execute(db.update(CompanyCapacity).where(CompanyCapacity.company_id == placement.company_id,
                                                        CompanyCapacity.period_id == placement.period_id)
                       .values(seats=0))
    db.session.add(Placement(proposal_id=placement.proposal_id, youth_profile_id=placement.youth_profile_id,
                             company_id=placement.company_id, period_id=placement.period_id,
                             starts_on=placement.starts_on, ends_on=placement.ends_on.replace(year=2999),
                             status=PlacementStatus.OFFERED))
    db.session.commit()
    result = _check(app)
    assert result.exit_code == 1
    for rule in ("youth_twice_in_period", "seats_over_capacity", "placement_outside_period", "seat_counter"):
        assert rule in result.output, (rule, result.output)
    assert "brud på reglerne" in result.output

    db.session.execute(db.update(Proposal).where(Proposal.id == placement.proposal_id)
                       .values(status=ProposalStatus.REJECTED.value))
    db.session.commit()
    assert "placement_without_proposal" in _check(app).output
