"""One fixed data set for the results tests; every expected number in them is worked out from its docstring."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from partnerhub.extensions import db
from partnerhub.planning.models import Outcome, OutcomeKind, PlacementStatus, ProposalStatus
from partnerhub.reference.models import Town
from partnerhub.reference.service import load_reference
from partnerhub.reporting.services import cost_figures
from partnerhub.reporting.services import outcomes as outcome_service
from partnerhub.youth.models import Readiness, YouthStaffRecord
from tests import factories
from tests.planning import helpers

TODAY = date(2026, 11, 22)


@pytest.fixture
def data(app, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Six young people, three companies, two periods.

    y1: A (P1) then B (P2), both completed; education on 15 March.
    y2: A (P1) completed, C (P2) active; job on 1 June.
    y3: A (P1); a new internship on 15 Feb, then education on 1 Sept.
    y4: A (P1); nothing recorded.
    y5: A (P1); B declined in P2; "unknown" recorded on 1 March.
    y6: never placed.
    """
    monkeypatch.setattr(outcome_service, "today", lambda: TODAY)
    load_reference()
    towns = list(db.session.scalars(db.select(Town).order_by(Town.name)))[:2]
    p1 = factories.PeriodFactory(name="P1", starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 30))
    p2 = factories.PeriodFactory(name="P2", starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 27))
    a, b, c = (factories.CompanyFactory(name=name) for name in ("A ApS", "B ApS", "C ApS"))
    factories.CapacityFactory(company=a, period=p1, seats=5)
    factories.CapacityFactory(company=b, period=p2, seats=2)
    factories.CapacityFactory(company=c, period=p2, seats=1)
    readiness = [Readiness.READY] * 3 + [Readiness.ACTIVITY_READY] * 2 + [None]
    youth = []
    for index, ready in enumerate(readiness):
        profile = factories.YouthProfileFactory(town_id=towns[0].id if index < 4 else towns[1].id)
        if ready:
            db.session.add(YouthStaffRecord(profile_id=profile.id, readiness=ready))
        youth.append(profile)
    db.session.commit()
    round_ = helpers.make_round([p1, p2], youth)
    plans = {0: [(a, PlacementStatus.COMPLETED), (b, PlacementStatus.COMPLETED)],
             1: [(a, PlacementStatus.COMPLETED), (c, PlacementStatus.ACTIVE)],
             2: [(a, PlacementStatus.COMPLETED)], 3: [(a, PlacementStatus.COMPLETED)],
             4: [(a, PlacementStatus.COMPLETED), (b, PlacementStatus.DECLINED)]}
    for index, plan in plans.items():
        proposal = helpers.make_proposal(round_, youth[index], [company for company, _ in plan],
                                         status=ProposalStatus.APPROVED)
        for item_index, (_company, status) in enumerate(plan):
            helpers.make_placement(proposal, item_index, status=status)
    outcomes = [(0, OutcomeKind.EDUCATION, datetime(2026, 3, 15)), (1, OutcomeKind.JOB, datetime(2026, 6, 1)),
                (2, OutcomeKind.INTERNSHIP, datetime(2026, 2, 15)), (2, OutcomeKind.EDUCATION, datetime(2026, 9, 1)),
                (4, OutcomeKind.UNKNOWN, datetime(2026, 3, 1))]
    for index, kind, at in outcomes:
        db.session.add(Outcome(youth_profile_id=youth[index].id, kind=kind, recorded_at=at))
    cost_figures.seed_cost_figures()
    db.session.commit()
    return {"youth": youth, "a": a, "b": b, "c": c, "round": round_, "towns": towns, "p1": p1, "p2": p2}


