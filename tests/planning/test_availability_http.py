"""Issue 14: proposals respect when a young person can come, the plan shows the real days, and explanations say
what the score's scale is, with Danish decimals on Danish pages and English ones in English."""

from __future__ import annotations

import datetime as dt
import re

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.models import PlanningRound, Proposal, ProposalItem
from partnerhub.planning.services import proposals
from partnerhub.reference.models import SchedulingRule
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_round

JAN_4 = dt.date(2027, 1, 4)  # a Monday


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _january_round(world: World, profiles: list, *, k: int = 2) -> PlanningRound:  # noqa: ANN001
    """Three 4-week periods from Monday 04.01.2027, every company with a seat Mon–Fri in each."""
    periods = [factories.PeriodFactory(name=f"Vinter {n + 1}", starts_on=JAN_4 + dt.timedelta(weeks=4 * n),
                                       ends_on=JAN_4 + dt.timedelta(weeks=4 * n, days=25)) for n in range(3)]
    for company in world.companies:
        for period in periods:
            factories.CapacityFactory(company=company, period=period, seats=1)
    db.session.commit()
    return make_round(periods, profiles, k=k)


def _run(client, world: World, round_: PlanningRound) -> list[Proposal]:  # noqa: ANN001
    _as(client, world.staff)
    run = client.post(f"/medarbejder/planlaegning/{round_.id}/koer")
    assert run.status_code == 302
    assert "Færdig" in client.get(run.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    return list(db.session.scalars(db.select(Proposal).where(Proposal.round_id == round_.id)))


def test_a_round_never_proposes_a_period_the_young_person_cannot_start_in(client, world: World) -> None:  # noqa: ANN001
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    ada.earliest_start, bo.earliest_start = dt.date(2027, 1, 23), dt.date(2027, 1, 26)
    db.session.commit()
    round_ = _january_round(world, [ada, bo])
    found = _run(client, world, round_)
    assert {p.youth_profile_id for p in found} == {ada.id, bo.id}
    for proposal in found:
        starts = [item.period.starts_on for item in proposal.items]
        assert starts and JAN_4 not in starts, starts
        assert len(starts) == 2  # both later periods: they can start in the first week of each
    detail = client.get(f"/medarbejder/planlaegning/forslag/{found[0].id}").get_data(as_text=True)
    assert "kan først starte" not in detail  # no period left to warn about


def test_the_start_rule_is_an_admin_rule(client, world: World) -> None:  # noqa: ANN001
    """With 'latest start' set to 3 weeks, 23.01 fits the period of 04.01 again (19 days late)."""
    ada = add_youth(world, "Ada")
    ada.earliest_start = dt.date(2027, 1, 23)
    db.session.commit()
    round_ = _january_round(world, [ada], k=3)
    admin = factories.UserFactory(role=Role.ADMIN)
    _as(client, admin)
    saved = client.post("/admin/reference/regler/praktik_latest_start_days", data={"value": "21"})
    assert saved.status_code == 302
    assert db.session.get(SchedulingRule, "praktik_latest_start_days").value == "21"
    found = _run(client, world, round_)
    assert JAN_4 in [item.period.starts_on for item in found[0].items]


def test_weekdays_are_intersected_and_too_few_common_days_is_no_candidate(client, world: World) -> None:  # noqa: ANN001
    """Ada can Mon–Thu. Firma 1 only takes Fridays (0 common days): never proposed; the plan reads Mon–Thu."""
    ada = add_youth(world, "Ada")
    ada.weekdays = "1,2,3,4"
    db.session.commit()
    round_ = _january_round(world, [ada], k=3)
    friday_only = world.companies[0]
    for capacity in friday_only.capacities:
        capacity.weekdays = "5"
    db.session.commit()
    found = _run(client, world, round_)
    assert len(found) == 1
    companies = {item.company_id for item in found[0].items}
    assert companies and friday_only.id not in companies
    staff_page = client.get(f"/medarbejder/planlaegning/forslag/{found[0].id}").get_data(as_text=True)
    assert "Dage, som både den unge og virksomheden kan: man, tir, ons, tor." in staff_page
    item = found[0].items[0]
    choice = client.get(f"/medarbejder/planlaegning/forslag/{found[0].id}/periode/{item.period_id}")
    assert "Den unge og Firma 1 kan kun 0 fælles ugedage; matcheren kræver mindst 2." in choice.get_data(as_text=True)
    proposals.approve(world.staff, found[0])
    db.session.commit()
    _as(client, ada.user)
    plan = client.get("/ung/plan").get_data(as_text=True)
    assert "man, tir, ons, tor, 08:00–15:00" in plan
    assert "fre," not in plan and "til fredag" not in plan
    first = sorted(found[0].items, key=lambda i: i.period.starts_on)[0].period
    last_thursday = first.ends_on - dt.timedelta(days=(first.ends_on.weekday() - 3) % 7)
    assert f"Fra mandag {first.starts_on:%d.%m.%Y} til torsdag {last_thursday:%d.%m.%Y}" in plan


def _item_with_score(world: World, profile, score: float) -> Proposal:  # noqa: ANN001
    round_ = make_round(world.periods, [profile])
    proposal = Proposal(round_id=round_.id, youth_profile_id=profile.id, score=score, source="matcher")
    db.session.add(proposal)
    proposal.items.append(ProposalItem(
        company_id=world.companies[0].id, period_id=world.periods[0].id, score=score,
        explanation={"shared_terms": ["træ"], "shared_trade_areas": [], "shared_main_areas": [], "curious_hits": [],
                     "distance_km": 12.5, "components": {"text": 0.35, "trade_area": 0.25, "main_area": 0.05,
                                                         "curious_company": 0.0, "curious_area": 0.05,
                                                         "distance": 0.12}}))  # the parts add up to 0.82
    db.session.commit()
    return proposal


def test_explanations_state_the_scale_with_danish_and_english_decimals(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    proposal = _item_with_score(world, ada, 0.82)
    _as(client, world.staff)
    danish = client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
    assert "Score 0,82 på en skala fra 0 til 1" in danish
    assert "interesser og opgaver 0,35 af 0,35" in danish and "afstand 0,12 af 0,15" in danish
    assert "12,5 km fra den unges by" in danish
    assert "0.82" not in danish
    world.staff.locale = "en"
    db.session.commit()
    _as(client, world.staff)
    english = client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
    assert "Score 0.82 on a scale from 0 to 1" in english
    assert "interests and tasks 0.35 of 0.35" in english and "distance 0.12 of 0.15" in english
    assert "12.5 km from the young person's town" in english
    assert "0,82" not in english
    scores = client.get(f"/medarbejder/planlaegning/{proposal.round_id}/unge/{ada.id}/vurdering").get_data(as_text=True)
    assert "The score goes from 0 to 1" in scores and "interests and tasks 0.35" in scores
    world.staff.locale = "da"
    db.session.commit()
    _as(client, world.staff)
    scores = client.get(f"/medarbejder/planlaegning/{proposal.round_id}/unge/{ada.id}/vurdering").get_data(as_text=True)
    assert "Scoren går fra 0 til 1" in scores and "interesser og opgaver 0,35" in scores
    assert re.search(r"<td>0,\d{3}</td>", scores)  # each score in Danish decimals


def test_diverse_rounds_say_when_breadth_shaped_the_rotation(client, world: World) -> None:  # noqa: ANN001
    """A young person without one direction in a 'diverse' round: the page says the breadth rule gave the
    rotation companies from two main areas; in the plain mode it says nothing of breadth."""
    building = world.areas["byggeri-haandvaerk"]
    other = next(a for a in sorted(world.areas.values(), key=lambda a: a.key)
                 if a.main_area_code != building.main_area_code)
    world.companies[1].trade_areas = [other]
    ada = add_youth(world, "Ada", areas=(building.key, other.key))  # two main areas: no one direction yet
    db.session.commit()
    for mode, expected in (("diverse", True), ("lexicographic", False)):
        round_ = _january_round(world, [ada], k=2) if mode == "diverse" else make_round(world.periods, [ada], k=2)
        round_.mode = mode
        db.session.commit()
        found = [p for p in _run(client, world, round_) if p.is_open]
        page = client.get(f"/medarbejder/planlaegning/forslag/{found[0].id}").get_data(as_text=True)
        said = re.search(r"Bredde: .*? fra 2 hovedområder", page) is not None
        assert said is expected, page[page.find("<h2"):][:1500]
