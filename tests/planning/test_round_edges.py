"""Issue 14's planning edges, through the pages: overlapping open rounds, start dates in the past, companies to
ring, a young person changing their answer, and what the seat figures count."""

from __future__ import annotations

import datetime as dt
import re

from partnerhub.extensions import db
from partnerhub.fair.models import FairEvent
from partnerhub.planning.models import (
    FollowUpKind,
    FollowUpTask,
    PlacementStatus,
    PlanningRound,
    Proposal,
    RoundStatus,
    YouthAnswer,
)
from partnerhub.planning.services import checks, placements, proposals
from partnerhub.timeutil import utcnow
from tests.conftest import login
from tests.planning.conftest import World, add_youth, this_monday
from tests.planning.helpers import make_proposal, make_round


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _next_monday() -> dt.date:
    return this_monday() + dt.timedelta(weeks=1)


def _round_form(name: str, start: dt.date, participants: list[int]) -> dict:
    return {"name": name, "starts_on": start.isoformat(), "period_count": "2", "period_weeks": "4",
            "rotation_k": "2", "carry_capacity": "y", "participants": [str(p) for p in participants]}


def _ticked(body: str, profile_id: int) -> bool:
    tag = re.search(rf'<input[^>]*name="participants"[^>]*value="{profile_id}"[^>]*>', body)
    assert tag is not None, f"no checkbox for {profile_id}"
    return "checked" in tag.group(0)


# ---- 1. "Ny runde": overlapping open rounds, past start dates, started periods --------------------------------------

def test_new_round_does_not_tick_young_people_in_another_open_round_over_the_same_days(
        client, world: World) -> None:  # noqa: ANN001
    ada, bo, cy = add_youth(world, "Ada"), add_youth(world, "Bo"), add_youth(world, "Cy")
    start = _next_monday()
    _as(client, world.staff)
    first = client.post("/medarbejder/planlaegning/ny", data=_round_form("Vinter", start, [ada.id]))
    assert first.status_code == 302
    old = make_round(world.periods[:1], [cy], name="Gammel")  # closed rounds plan nobody
    old.status = RoundStatus.CLOSED
    db.session.commit()

    page = client.get("/medarbejder/planlaegning/ny").get_data(as_text=True)
    assert not _ticked(page, ada.id) and _ticked(page, bo.id) and _ticked(page, cy.id)
    assert "1 ung er allerede med i en anden åben runde i de samme uger: Ada Efternavnsen (Vinter)." in page
    assert "De er ikke valgt." in page and "Ada Efternavnsen – er med i Vinter" in page
    assert "undtagen dem, der er med i en anden åben runde i de samme uger." in page

    both = client.post("/medarbejder/planlaegning/ny", data=_round_form("Dobbelt", start, [ada.id, bo.id]),
                       follow_redirects=True)
    body = both.get_data(as_text=True)
    assert both.status_code == 200 and "Ada Efternavnsen (Vinter)" in body  # staff ticked her anyway: warned again
    assert "Bo Efternavnsen" not in body.split("åben runde")[1].split("</")[0]


def test_the_overlap_warning_names_five_and_counts_the_rest(client, world: World) -> None:  # noqa: ANN001
    people = [add_youth(world, f"Ung{n}") for n in range(7)]
    _as(client, world.staff)
    start = _next_monday()
    assert client.post("/medarbejder/planlaegning/ny",
                       data=_round_form("Vinter", start, [p.id for p in people])).status_code == 302
    page = client.get("/medarbejder/planlaegning/ny").get_data(as_text=True)
    assert "7 unge er allerede med i en anden åben runde i de samme uger: Ung0 Efternavnsen (Vinter)" in page
    assert "Ung4 Efternavnsen (Vinter) og 2 flere." in page and "Ung5 Efternavnsen (Vinter)" not in page
    assert not any(_ticked(page, p.id) for p in people)


def test_a_round_after_the_other_ends_ticks_everyone(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    _as(client, world.staff)
    far = this_monday() + dt.timedelta(weeks=30)
    assert client.post("/medarbejder/planlaegning/ny", data=_round_form("Senere", far, [ada.id])).status_code == 302
    page = client.get("/medarbejder/planlaegning/ny").get_data(as_text=True)
    assert _ticked(page, ada.id) and "allerede med i en anden åben runde" not in page and " – er med i " not in page


def test_a_round_starting_in_the_past_is_refused_with_what_was_typed(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    _as(client, world.staff)
    last_week = this_monday() - dt.timedelta(weeks=1)
    refused = client.post("/medarbejder/planlaegning/ny", data=_round_form("Baglæns", last_week, [ada.id]))
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Første dag kan ikke ligge før i dag" in body
    assert 'value="Baglæns"' in body and f'value="{last_week.isoformat()}"' in body
    assert db.session.scalar(db.select(PlanningRound)) is None
    client.post("/sprog", data={"lang": "en"})
    english = client.post("/medarbejder/planlaegning/ny", data=_round_form("Backwards", last_week, [ada.id]))
    assert english.status_code == 422 and "The first day cannot be before today" in english.get_data(as_text=True)


def test_a_manual_placement_in_a_started_period_is_made_with_a_warning(client, world: World,  # noqa: ANN001
                                                                        monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(checks, "today", lambda: this_monday() + dt.timedelta(days=2))  # P1 began two days ago
    ada = add_youth(world, "Ada")
    round_ = make_round(world.periods, [ada])
    started = world.periods[0]
    _as(client, world.staff)
    made = client.post(f"/medarbejder/planlaegning/{round_.id}/manuel", follow_redirects=True,
                       data={"youth": str(ada.id), f"period_{started.id}": str(world.companies[0].id),
                             f"period_{world.periods[1].id}": str(world.companies[1].id)})
    body = made.get_data(as_text=True)
    assert made.status_code == 200 and "Forslaget er lavet" in body
    assert f"P1 startede {started.starts_on.strftime('%d.%m.%Y')}" in body
    assert "P2 startede" not in body


def test_a_fair_event_in_the_past_is_refused_and_a_held_one_keeps_its_day(client, world: World) -> None:  # noqa: ANN001
    area = world.areas["byggeri-haandvaerk"]
    _as(client, world.staff)
    yesterday = utcnow().date() - dt.timedelta(days=1)
    form = {"name": "Gammel messe", "held_on": yesterday.strftime("%d.%m.%Y"), "time_text": "kl. 10–14",
            "place": "Hallen", "areas": [str(area.id)]}
    refused = client.post("/medarbejder/messer/ny", data=form)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Datoen kan ikke ligge før i dag." in body and 'value="Gammel messe"' in body
    assert db.session.scalar(db.select(FairEvent)) is None
    held = FairEvent(name="Holdt", held_on=yesterday, time_text="10", place="Hal", areas=[area])
    db.session.add(held)
    db.session.commit()
    kept = client.post(f"/medarbejder/messer/{held.id}/ret", data={**form, "name": "Holdt, rettet"})
    assert kept.status_code == 302  # a fair already held can still get its text corrected
    moved = client.post(f"/medarbejder/messer/{held.id}/ret", data={
        **form, "held_on": (yesterday - dt.timedelta(days=7)).strftime("%d.%m.%Y")})
    assert moved.status_code == 422 and "Datoen kan ikke ligge før i dag." in moved.get_data(as_text=True)


# ---- 3. Approving says which companies got the offer and which must be rung -------------------------------------

def test_approval_names_the_companies_to_ring_and_the_round_lists_them(client, world: World) -> None:  # noqa: ANN001
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    no_login, with_login = world.companies[1], world.companies[0]
    world.hr[no_login.id].active = False  # its only HR user has left: nobody can log in for the company
    db.session.commit()
    round_ = make_round(world.periods, [ada, bo])
    single = make_proposal(round_, ada, [with_login, no_login])
    _as(client, world.staff)
    page = client.post(f"/medarbejder/planlaegning/forslag/{single.id}/godkend", follow_redirects=True)
    body = page.get_data(as_text=True)
    assert "Forslaget er godkendt, og den unge kan se sin plan. Tilbud sendt i PartnerHub til: Firma 1." in body
    assert ("Ring til Firma 2 (75 00 00 00): virksomheden har intet HR-login og kan ikke se tilbuddet i "
            "PartnerHub.") in body
    assert "Virksomhederne har fået et tilbud" not in body

    detail = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    listed = detail.split("Virksomheder, der skal ringes op")[1].split("</ul>")[0]
    assert "Firma 2" in listed and "Ada Efternavnsen i P2" in listed and "Firma 1" not in listed

    bulk = make_proposal(round_, bo, [no_login, world.companies[2]])
    many = client.post(f"/medarbejder/planlaegning/{round_.id}/godkend", data={"proposal_ids": [str(bulk.id)]},
                       follow_redirects=True).get_data(as_text=True)
    assert "1 forslag er godkendt. Tilbud sendt i PartnerHub til: Firma 3." in many
    assert "Ring til Firma 2 (75 00 00 00)" in many
    ring_list = many.split("Virksomheder, der skal ringes op")[1].split("</ul>")[0]
    assert "Ada Efternavnsen i P2" in ring_list and "Bo Efternavnsen i P1" in ring_list

    offer = next(p for p in db.session.get(Proposal, single.id).placements if p.company_id == no_login.id)
    offer.status = PlacementStatus.DECLINED  # answered on the phone: off the list
    db.session.commit()
    after = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    assert "Ada Efternavnsen i P2" not in after and "Bo Efternavnsen i P1" in after


def test_when_every_company_has_a_login_nobody_is_to_be_rung(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    round_ = make_round(world.periods, [ada])
    proposal = make_proposal(round_, ada, world.companies[:2])
    _as(client, world.staff)
    body = client.post(f"/medarbejder/planlaegning/forslag/{proposal.id}/godkend",
                       follow_redirects=True).get_data(as_text=True)
    assert "Tilbud sendt i PartnerHub til: Firma 1, Firma 2." in body and "Ring til" not in body
    assert "skal ringes op" not in client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)


def test_each_round_page_rings_counts_and_names_the_unplaced_of_its_own_round(client, world: World) -> None:  # noqa: ANN001
    """The overview's statements are built once per process, with the round as a bind parameter: a round id baked
    into one would show the next round's staff the first round's calls to make, young people and unplaced."""
    ada, bo, cy, dan = (add_youth(world, name) for name in ("Ada", "Bo", "Cy", "Dan"))
    no_login = world.companies[1]
    world.hr[no_login.id].active = False
    first = make_round(world.periods, [ada, cy], name="Første")
    second = make_round(world.periods, [bo, dan, add_youth(world, "Eva")], name="Anden")
    first.unplaced, second.unplaced = {str(cy.id): "capacity_taken"}, {str(dan.id): "capacity_taken"}
    db.session.commit()
    # Firma 2 has one seat a period: Ada's offer there is in P2, Bo's in P1.
    proposals.approve(world.staff, make_proposal(first, ada, [world.companies[0], no_login]))
    proposals.approve(world.staff, make_proposal(second, bo, [no_login, world.companies[2]]))
    db.session.commit()
    _as(client, world.staff)
    for round_, rung, unplaced, others, count in [
            (first, "Ada Efternavnsen i P2", "Cy", ("Bo Efternavnsen", "Dan Efternavnsen"), 2),
            (second, "Bo Efternavnsen i P1", "Dan", ("Ada Efternavnsen", "Cy Efternavnsen"), 3)] * 2:
        page = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
        to_ring = page.split("Virksomheder, der skal ringes op")[1].split("</ul>")[0]
        without = page.split("Unge uden forslag")[1]
        assert rung in to_ring and not any(other in to_ring for other in others), round_.name
        assert f"{unplaced} Efternavnsen" in without and not any(other in without for other in others), round_.name
        assert f"<dt>Unge i runden</dt><dd>{count}</dd>" in page, round_.name


# ---- 6. The young person may change their answer until a company has answered -----------------------------------

def _approved_plan(world: World, profile) -> Proposal:  # noqa: ANN001
    proposal = make_proposal(make_round(world.periods, [profile]), profile, world.companies[:2])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    return proposal


def test_a_young_person_changes_a_yes_into_a_talk_until_a_company_answers(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    proposal = _approved_plan(world, ada)
    _as(client, ada.user)
    answer_url = f"/ung/plan/{proposal.id}/svar"
    assert "Tak! Du har sagt ja til planen." in client.post(
        answer_url, data={"answer": "accepted"}, follow_redirects=True).get_data(as_text=True)
    plan = client.get("/ung/plan").get_data(as_text=True)
    assert "Du kan ændre dit svar, indtil en virksomhed har svaret." in plan and "Ændr mit svar" in plan
    assert 'value="talk"' in plan and 'value="accepted"' not in plan  # only the other answer is offered

    changed = client.post(answer_url, data={"answer": "talk", "comment": "Jeg er blevet i tvivl"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Tak. Din kontaktperson kontakter dig snart." in changed
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).youth_answer is YouthAnswer.TALK
    assert db.session.scalar(db.select(FollowUpTask).where(FollowUpTask.kind == FollowUpKind.TALK,
                                                           FollowUpTask.youth_profile_id == ada.id)) is not None
    assert client.post(answer_url, data={"answer": "accepted"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).youth_answer is YouthAnswer.ACCEPTED

    first = db.session.get(Proposal, proposal.id).placements[0]
    placements.answer_offer(world.hr[first.company_id], first, accept=True)
    db.session.commit()
    locked = client.get("/ung/plan").get_data(as_text=True)
    assert "En virksomhed har svaret på planen, så dit svar kan ikke ændres her." in locked
    assert "Ændr mit svar" not in locked
    refused = client.post(answer_url, data={"answer": "talk"}, follow_redirects=True).get_data(as_text=True)
    assert "En virksomhed har allerede svaret på planen, så du kan ikke ændre dit svar her." in refused
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).youth_answer is YouthAnswer.ACCEPTED
    client.post("/sprog", data={"lang": "en"})
    english = client.post(answer_url, data={"answer": "talk"}, follow_redirects=True).get_data(as_text=True)
    assert "A company has already answered the plan, so you cannot change your answer here." in english


def test_a_first_answer_is_still_given_after_a_company_answered(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    proposal = _approved_plan(world, ada)
    first = proposal.placements[0]
    placements.answer_offer(world.hr[first.company_id], first, accept=True)
    db.session.commit()
    _as(client, ada.user)
    assert "Send mit svar" in client.get("/ung/plan").get_data(as_text=True)
    assert client.post(f"/ung/plan/{proposal.id}/svar", data={"answer": "accepted"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).youth_answer is YouthAnswer.ACCEPTED


# ---- 7. The dashboard and the round page count the same places, and say what they count --------------------------

def test_dashboard_and_round_page_count_the_same_places_and_say_what_is_counted(
        client, world: World) -> None:  # noqa: ANN001
    from partnerhub.companies.models import CompanyStatus
    from tests import factories

    period = world.periods[0]
    for status in (CompanyStatus.PENDING, CompanyStatus.REJECTED):  # no partners: their 9 seats are not places
        factories.CapacityFactory(company=factories.CompanyFactory(status=status), period=period, seats=9)
    round_ = make_round(world.periods)
    _as(client, world.staff)
    detail = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    assert f"{period.label}: 3 godkendte virksomheder, 3 pladser" in detail
    assert "Pladser er dem, godkendte virksomheder har skrevet for perioden." in detail
    board = client.get("/medarbejder/resultater").get_data(as_text=True)
    capacity = board.split('id="section-capacity"')[1].split("</section>")[0]
    assert "Pladser hos godkendte virksomheder" in capacity and "Det er samme tal som på rundens side." in capacity
    row = re.search(rf'<th scope="row">{period.name}</th><td>[^<]*</td><td>(\d+)</td>', capacity)
    assert row is not None and row.group(1) == "3"


# ---- 2. A limit in minutes is said in km by the young person's transport, where it is typed and used -------------

def test_twenty_minutes_by_bike_reads_as_about_five_km_on_profile_fair_and_plan(
        client, world: World) -> None:  # noqa: ANN001
    from partnerhub.youth.models import Transport, TravelUnit

    ada = add_youth(world, "Ada")
    _as(client, ada.user)
    form = client.get("/ung/profil").get_data(as_text=True)
    assert ("Skriver du minutter, regner vi dem om til km: til fods 5 km i timen, på cykel 15 km i timen, "
            "med bus eller tog 25 km i timen, på knallert 30 km i timen, i bil 50 km i timen.") in form
    saved = client.post("/ung/profil", data={
        "first_name": "Ada", "last_name": "", "birth_year": str(utcnow().date().year - 20), "town": "",
        "postcode": "8722", "transport": "bike", "max_travel": "20", "max_travel_unit": "min",
        "interests": "Jeg kan lide træ", "trade_areas": [str(world.areas["byggeri-haandvaerk"].id)],
        "weekdays": ["1", "2", "3", "4", "5"], "earliest_start": "", "accommodations": "",
        "share_accommodation_details": ""})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    db.session.expire_all()
    profile = db.session.get(type(ada), ada.id)
    assert (profile.transport, profile.max_travel, profile.max_travel_unit) == (Transport.BIKE, 20, TravelUnit.MINUTES)
    assert "højst 20 minutter (på cykel ca. 5 km)" in client.get("/ung").get_data(as_text=True)
    assert "Nu: 20 minutter – på cykel ca. 5 km." in client.get("/ung/profil").get_data(as_text=True)

    fair = client.get(f"/messe/virksomhed/{world.companies[0].id}").get_data(as_text=True)
    assert "inden for din rejsetid (på cykel ca. 5 km)" in fair

    proposal = make_proposal(make_round(world.periods, [profile]), profile, world.companies[:1])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    assert "Din rejsetid: højst 20 minutter – på cykel ca. 5 km." in client.get("/ung/plan").get_data(as_text=True)
    client.post("/sprog", data={"lang": "en"})
    assert "Your travel time: at most 20 minutes – by bike about 5 km." in client.get(
        "/ung/plan").get_data(as_text=True)
    client.post("/sprog", data={"lang": "da"})

    _as(client, world.staff)
    staff_page = client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
    assert "højst 20 minutter (på cykel ca. 5 km)" in staff_page


def test_a_limit_in_km_needs_no_translating(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")  # 40 km by car
    _as(client, ada.user)
    home = client.get("/ung").get_data(as_text=True)
    assert "højst 40 km" in home and "ca. 40 km" not in home and "i bil ca." not in home
