"""The demo shows what happens to an under-18: companies say which tasks suit them, so the matcher proposes
them somewhere, and each has a guardian on record who will be asked for consent."""

from __future__ import annotations

from datetime import date

from partnerhub.companies.models import Company, CompanyStatus, MinorWork
from partnerhub.demo.service import DEMO_PASSWORD, DEMO_ROUND_NAME, seed_demo
from partnerhub.extensions import db
from partnerhub.planning.models import PlanningRound, Proposal
from partnerhub.planning.services import rounds
from partnerhub.youth.models import YouthProfile
from tests.conftest import login


def _minors() -> list[YouthProfile]:
    this_year = date.today().year
    return [p for p in db.session.scalars(db.select(YouthProfile)) if p.birth_year and this_year - p.birth_year < 18]


def test_demo_minors_get_proposals_and_have_a_guardian(app, client) -> None:
    from partnerhub.accounts.models import User

    seed_demo()
    db.session.commit()
    minors = _minors()
    assert len(minors) >= 10
    assert all(profile.guardian is not None and profile.guardian.email for profile in minors)
    declared = db.session.scalars(db.select(Company).where(Company.status == CompanyStatus.APPROVED,
                                                            Company.minor_work.in_([MinorWork.YOUTH,
                                                                                     MinorWork.LIGHT]))).all()
    assert len(declared) >= 20 and all(company.minor_tasks_ok for company in declared)

    staff = db.session.scalar(db.select(User).where(User.email == "medarbejder@demo.partnerhub.dk"))
    round_ = db.session.scalar(db.select(PlanningRound).where(PlanningRound.name == DEMO_ROUND_NAME))
    rounds.run_round(staff, round_)
    db.session.commit()
    proposed = set(db.session.scalars(db.select(Proposal.youth_profile_id).where(Proposal.round_id == round_.id)))
    assert len({p.id for p in minors} & proposed) >= len(minors) // 2

    # Staff see the guardian on the young person's page.
    assert login(client, staff.email, DEMO_PASSWORD).status_code == 302
    minor = minors[0]
    page = client.get(f"/medarbejder/unge/{minor.id}").get_data(as_text=True)
    assert minor.guardian.email in page
